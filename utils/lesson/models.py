"""Functional Keras builders for the dense autoencoders of notebooks 1 and 2.

An autoencoder is described the way the reference presentation wrote it, as the list of
layer widths from input to output, e.g. `[35, 32, 24, 16, 2, 16, 24, 32, 35]`. The middle
width is the latent space. The builder returns the autoencoder together with its encoder
and decoder, which share the same layers, so the latent space can be plotted and decoded.
"""

import keras

# The reference drew every weight and bias from N(0, 1).
STANDARD_NORMAL = {"class_name": "RandomNormal", "config": {"mean": 0.0, "stddev": 1.0}}


@keras.saving.register_keras_serializable(package="autoencoders")
def sigmoid2(z):
    """The reference presentation's activation: 1 / (1 + exp(-2z)), a sigmoid twice as steep at 0.

    Its slope is at most 1/2 (a plain sigmoid's at most 1/4). Registered, so models that use it
    serialise and clone like models with Keras' own activations.
    """
    return keras.ops.sigmoid(2.0 * z)


def initial_weights(seed):
    """The generator a model's initializers draw from, for the integer `seed` a builder is given.

    Seeded from `seed` by name (`utils.lesson.session.named_seeds`), not with `seed` itself: a training
    given the same integer for its batch order (stateless draws seeded with (seed, epoch)) then
    draws a stream of its own, not the one the initial weights came from.
    """
    from utils.lesson.session import named_seeds

    return keras.random.SeedGenerator(named_seeds(seed, ["initial weights"])["initial weights"])


def seeded(initializer, seed_generator):
    """`initializer` (a name, config or instance) drawing from `seed_generator` if it draws at random.

    Every layer seeded from one `keras.random.SeedGenerator` gets its own values, and the same
    seed gives the same model, without touching the global seed (`keras.utils.set_random_seed`).
    A clone (`keras.models.clone_model`) re-creates each layer's generator from the seed, so its
    layers would start from alike values: build a fresh model with its builder instead.
    """
    initializer = keras.initializers.get(initializer)
    config = initializer.get_config()
    if "seed" not in config:  # constant initializers (zeros, ones) draw nothing
        return initializer
    return type(initializer).from_config({**config, "seed": seed_generator})


def check_structure(sizes):
    """Validate a symmetric width list and return the index of its latent (middle) layer."""
    sizes = list(sizes)
    if len(sizes) < 3 or len(sizes) % 2 == 0:
        raise ValueError(f"structure needs an odd number (>= 3) of widths, input ... latent ... output; got {sizes}")
    if any(not isinstance(s, int) or s < 1 for s in sizes):
        raise ValueError(f"every width must be a positive integer, got {sizes}")
    if sizes != sizes[::-1]:
        raise ValueError(f"structure must mirror around the latent layer (e.g. [35, 16, 2, 16, 35]), got {sizes}")
    return len(sizes) // 2


def structure_name(sizes):
    """The label used in figures and tables, e.g. '35-16-2-16-35'."""
    return "-".join(str(s) for s in sizes)


def dense_autoencoder(
    sizes,
    *,
    seed,
    activation="sigmoid",
    latent_activation=None,
    output_activation="sigmoid",
    name=None,
    kernel_initializer="glorot_uniform",
    bias_initializer="zeros",
):
    """Build (autoencoder, encoder, decoder) for the symmetric structure `sizes`, initialised from `seed`.

    `activation` is used by every hidden layer; the latent layer uses `latent_activation`
    (default: the same as the hidden layers, as in the reference) and the output layer
    `output_activation` (sigmoid: every pixel is a probability of being on). The initializers
    are Keras' defaults unless given (the reference's are `STANDARD_NORMAL` for both); every
    layer draws its initial values from one generator seeded from `seed` (`initial_weights`).
    """
    generator = initial_weights(seed)
    init = {
        "kernel_initializer": seeded(kernel_initializer, generator),
        "bias_initializer": seeded(bias_initializer, generator),
    }
    middle = check_structure(sizes)
    latent_activation = activation if latent_activation is None else latent_activation
    name = name or structure_name(sizes)

    inputs = keras.Input((sizes[0],), name="pixels")
    h = inputs
    for i, width in enumerate(sizes[1:middle], start=1):
        h = keras.layers.Dense(width, activation=activation, name=f"encoder_{i}", **init)(h)
    z = keras.layers.Dense(sizes[middle], activation=latent_activation, name="latent", **init)(h)
    encoder = keras.Model(inputs, z, name="encoder")

    latent = keras.Input((sizes[middle],), name="z")
    h = latent
    for i, width in enumerate(sizes[middle + 1 : -1], start=1):
        h = keras.layers.Dense(width, activation=activation, name=f"decoder_{i}", **init)(h)
    outputs = keras.layers.Dense(sizes[-1], activation=output_activation, name="reconstruction", **init)(h)
    decoder = keras.Model(latent, outputs, name="decoder")

    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name=name.replace("-", "_"))
    return autoencoder, encoder, decoder
