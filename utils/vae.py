"""The variational autoencoder of notebook 3: layers, builders, the model class and its helpers.

A functional encoder maps 784 pixels through ReLU layers to the mean and log-variance of a
2-D Gaussian and draws z from it (the `Sampling` layer, seeded); a functional decoder maps z
back through the mirrored layers to 784 sigmoid pixels. `VAE` wraps the two and trains with
its own `train_step`: a TensorFlow `GradientTape` over the negative ELBO, i.e. the binary
cross-entropy summed over the pixels plus the KL divergence to N(0, I), averaged over the batch.

Speed: these models are tiny, so per-step framework overhead, not arithmetic, sets the epoch
time. `train_step`/`test_step` are compiled by XLA, which fuses the many small ops of a step
(layers, loss, Adam updates, metrics) into a few kernels, and notebook 3 trains through
`utils.epoch_loop.EpochLoop`, which runs a whole epoch of `train_step` calls as one XLA computation.
Keras' own switch, `compile(jit_compile=True)`, is refused while TensorFlow's op determinism is
on (a blanket rule, because some GPU ops lack deterministic XLA kernels), so the two steps carry
`tf.function(jit_compile=True)` themselves. The dense ops used here are deterministic on the
CPU; the unit tests and the notebook's re-run under nbval check that results repeat exactly.
"""

from statistics import NormalDist

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

from utils.mnist import PIXELS

LATENT_DIM = 2
PACKAGE = "vae"


@keras.saving.register_keras_serializable(package=PACKAGE)
class Sampling(layers.Layer):
    """Draw z = mean + exp(log_var / 2) * eps, eps ~ N(0, I), from a seeded generator.

    The generator's state is a variable of the layer, so a run is reproducible from its seed
    and the draws continue where they stopped after saving and loading.
    """

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def architecture_name(hidden, latent_dim=LATENT_DIM):
    """The layer widths as the reference wrote them, e.g. (128, 64) -> '784-128-64-2'."""
    return "-".join(str(n) for n in (PIXELS, *hidden, latent_dim))


def dense_stack(x, units, prefix):
    """ReLU Dense layers of the given widths, named `<prefix>_1`, `<prefix>_2`, ..."""
    for i, width in enumerate(units, start=1):
        x = layers.Dense(width, activation="relu", name=f"{prefix}_{i}")(x)
    return x


def build_encoder(hidden, latent_dim=LATENT_DIM, seed=0):
    """Functional encoder 784 -> hidden -> (z_mean, z_log_var, z), z drawn by `Sampling`."""
    images = keras.Input((PIXELS,), name="image")
    h = dense_stack(images, hidden, "encoder_dense")
    z_mean = layers.Dense(latent_dim, name="z_mean")(h)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(h)
    z = Sampling(seed=seed, name="z")([z_mean, z_log_var])
    return keras.Model(images, [z_mean, z_log_var, z], name="encoder")


def build_decoder(hidden, latent_dim=LATENT_DIM):
    """Functional decoder z -> hidden -> 784 sigmoid pixels (pass the encoder's widths reversed)."""
    z = keras.Input((latent_dim,), name="z")
    h = dense_stack(z, hidden, "decoder_dense")
    pixels = layers.Dense(PIXELS, activation="sigmoid", name="pixels")(h)
    return keras.Model(z, pixels, name="decoder")


def build_vae(hidden, latent_dim=LATENT_DIM, seed=0):
    """The VAE with encoder 784 -> hidden -> latent and the mirrored decoder, e.g. hidden=(128, 64)."""
    hidden = tuple(int(n) for n in hidden)
    if not hidden or min(hidden) < 1:
        raise ValueError(f"hidden must list at least one positive layer width, got {hidden}")
    encoder = build_encoder(hidden, latent_dim, seed)
    decoder = build_decoder(hidden[::-1], latent_dim)
    return VAE(encoder, decoder, name=f"vae_{architecture_name(hidden, latent_dim).replace('-', '_')}")


def kl_divergence(z_mean, z_log_var):
    """KL(N(mean, exp(log_var)) || N(0, I)) per image, summed over the latent dimensions."""
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


def reconstruction_loss(images, decoded):
    """Binary cross-entropy per image, summed over its pixels (nats)."""
    return ops.sum(ops.binary_crossentropy(images, decoded), axis=-1)


@keras.saving.register_keras_serializable(package=PACKAGE)
class VAE(keras.Model):
    """Encoder + decoder trained on the negative ELBO by a custom `train_step`.

    Metrics, each a mean over the images seen in the epoch: `loss` (the negative ELBO, nats per
    image), `reconstruction`, `kl`, and `E` = loss / 784, the reference's loss per pixel.
    """

    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction")
        self.kl_tracker = keras.metrics.Mean(name="kl")
        self.build()

    def build(self, input_shape=None):
        """Nothing to create: encoder and decoder arrive built. Marking the model built lets
        saving store it whole and loading restore the optimizer's state with the weights."""
        self.built = True

    @property
    def metrics(self):
        return [self.loss_tracker, self.reconstruction_tracker, self.kl_tracker]

    def call(self, images, training=False):
        """Reconstruct images through a sampled z (the path the loss sees)."""
        return self.decoder(self.encoder(images, training=training)[2], training=training)

    def loss_terms(self, images, training=False):
        """Per-image reconstruction cross-entropy and KL divergence, both in nats."""
        z_mean, z_log_var, z = self.encoder(images, training=training)
        decoded = self.decoder(z, training=training)
        return reconstruction_loss(images, decoded), kl_divergence(z_mean, z_log_var)

    @tf.function(jit_compile=True)
    def train_step(self, images):
        """One Adam step on the batch's mean negative ELBO; returns the epoch's running metrics."""
        with tf.GradientTape() as tape:
            reconstruction, kl = self.loss_terms(images, training=True)
            loss = ops.mean(reconstruction + kl)
        gradients = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply(gradients, self.trainable_weights)
        return self._track(reconstruction, kl)

    @tf.function(jit_compile=True)
    def test_step(self, images):
        """Add the batch's terms to the running metrics, without training."""
        return self._track(*self.loss_terms(images))

    def _track(self, reconstruction, kl):
        """Add the batch's per-image terms to the epoch means and return the logs (with E)."""
        self.loss_tracker.update_state(reconstruction + kl)
        self.reconstruction_tracker.update_state(reconstruction)
        self.kl_tracker.update_state(kl)
        logs = {metric.name: metric.result() for metric in self.metrics}
        logs["E"] = logs["loss"] / PIXELS
        return logs

    def get_config(self):
        return {
            **super().get_config(),
            "encoder": keras.saving.serialize_keras_object(self.encoder),
            "decoder": keras.saving.serialize_keras_object(self.decoder),
        }

    @classmethod
    def from_config(cls, config):
        encoder = keras.saving.deserialize_keras_object(config.pop("encoder"))
        decoder = keras.saving.deserialize_keras_object(config.pop("decoder"))
        return cls(encoder, decoder, **config)


def evaluate_vae(model, images, batch_size=2_000):
    """Mean negative ELBO and its terms over `images` (one z sample each), plus E = loss / 784.

    The model's own `loss_terms`, run eagerly over batches of `batch_size`: nothing is traced, so
    evaluating several models in one session compiles nothing and warns about no retracing (as
    `model.evaluate` and a compiled `test_step` would), and the model's metrics are left alone.
    """
    images = np.asarray(images, dtype="float32")
    if images.ndim != 2 or len(images) == 0:
        raise ValueError(f"images must be a non-empty 2-D array (images, pixels), got shape {images.shape}")
    terms = [model.loss_terms(images[start : start + batch_size]) for start in range(0, len(images), batch_size)]
    reconstruction = float(np.mean(np.concatenate([np.asarray(r) for r, _ in terms])))
    kl = float(np.mean(np.concatenate([np.asarray(k) for _, k in terms])))
    loss = reconstruction + kl
    return {"loss": loss, "reconstruction": reconstruction, "kl": kl, "E": loss / PIXELS}


def count_parameters(model):
    """Number of trainable parameters (encoder and decoder)."""
    return int(sum(np.prod(weight.shape) for weight in model.trainable_weights))


def encode_mean(model, images):
    """The latent means z_mean of `images` (the code used for pictures, without sampling noise)."""
    return keras.ops.convert_to_numpy(model.encoder(np.asarray(images, dtype="float32"))[0])


def decode(model, z):
    """Pixels decoded from latent points `z`, as a NumPy array (n, 784)."""
    return keras.ops.convert_to_numpy(model.decoder(np.asarray(z, dtype="float32")))


def gaussian_grid(n, low=0.05, high=0.95):
    """`n` latent coordinates at evenly spaced quantiles of N(0, 1), so the grid covers the prior evenly.

    Pair them with `utils.latent.grid_points` to get the grid's points.
    """
    normal = NormalDist()
    return np.array([normal.inv_cdf(q) for q in np.linspace(low, high, n)], dtype="float32")


def first_of_each_digit(labels):
    """Index of the first image of each digit 0..9 in `labels`."""
    labels = np.asarray(labels)
    missing = sorted(set(range(10)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"no image of digit(s) {missing} among the {len(labels)} labels")
    return np.array([int(np.flatnonzero(labels == digit)[0]) for digit in range(10)])


def nearest_centre_share(codes, labels):
    """For each digit 0..9, the share of its codes that lie nearer its own mean code than any other digit's.

    A cheap, printable measure of how well the latent space separates the digits: 1.0 means
    every code of that digit sits in its own region (as drawn by the nearest centre).
    """
    codes, labels = np.asarray(codes, dtype="float64"), np.asarray(labels)
    if codes.ndim != 2 or len(codes) != len(labels):
        raise ValueError(f"expected codes (n, d) and n labels, got codes {codes.shape} and {labels.shape} labels")
    first_of_each_digit(labels)  # every digit must be present
    centres = np.stack([codes[labels == digit].mean(axis=0) for digit in range(10)])
    nearest = np.argmin(((codes[:, None, :] - centres[None]) ** 2).sum(axis=-1), axis=1)
    return np.array([float(np.mean(nearest[labels == digit] == digit)) for digit in range(10)])
