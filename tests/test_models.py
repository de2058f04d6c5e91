"""The dense autoencoder builder: structure, shared layers, bad structures."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.lesson.models import (
    STANDARD_NORMAL,
    check_structure,
    dense_autoencoder,
    initial_weights,
    sigmoid2,
    structure_name,
)


def test_deepest_reference_structure():
    ae, encoder, decoder = dense_autoencoder([35, 32, 24, 16, 2, 16, 24, 32, 35], seed=0)
    widths = [layer.units for layer in encoder.layers[1:]] + [layer.units for layer in decoder.layers[1:]]
    assert widths == [32, 24, 16, 2, 16, 24, 32, 35]
    assert all(layer.activation.__name__ == "sigmoid" for layer in encoder.layers[1:])
    x = np.random.default_rng(0).random((4, 35)).astype("float32")
    assert np.allclose(ae.predict(x, verbose=0), decoder.predict(encoder.predict(x, verbose=0), verbose=0), atol=1e-6)


def test_latent_and_hidden_activations_are_separate():
    _, encoder, decoder = dense_autoencoder([35, 16, 2, 16, 35], seed=0, activation="elu", latent_activation="linear")
    assert encoder.get_layer("encoder_1").activation.__name__ == "elu"
    assert encoder.get_layer("latent").activation.__name__ == "linear"
    assert decoder.get_layer("reconstruction").activation.__name__ == "sigmoid"


def test_smallest_structure_has_no_hidden_layer():
    ae, encoder, decoder = dense_autoencoder([35, 2, 35], seed=0)
    assert encoder.output.shape[-1] == 2 and len(encoder.layers) == 2 and len(decoder.layers) == 2
    assert ae.count_params() == 35 * 2 + 2 + 2 * 35 + 35


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ([35, 2], "odd number"),
        ([35], "odd number"),
        ([35, 0, 35], "positive integer"),
        ([35, 16, 2, 8, 35], "mirror"),
    ],
)
def test_bad_structures_are_rejected(sizes, message):
    with pytest.raises(ValueError, match=message):
        check_structure(sizes)


def test_structure_name():
    assert structure_name([35, 16, 2, 16, 35]) == "35-16-2-16-35"


def test_reference_style_model_has_independent_standard_normal_weights_and_steep_sigmoids():
    sizes = [35, 32, 24, 16, 2, 16, 24, 32, 35]
    model = dense_autoencoder(
        sizes,
        seed=0,
        activation=sigmoid2,
        output_activation=sigmoid2,
        kernel_initializer=STANDARD_NORMAL,
        bias_initializer=STANDARD_NORMAL,
    )[0]
    weights = np.concatenate([w.ravel() for w in model.get_weights()])
    assert abs(weights.mean()) < 0.05 and abs(weights.std() - 1) < 0.05  # N(0, 1), weights and biases
    kernels = [w for w in model.get_weights() if w.ndim == 2]
    assert not np.allclose(kernels[0][:16, :16], kernels[1][:16, :16])  # every layer draws its own values
    z = np.array([-1.0, 0.0, 0.5], dtype="float32")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(sigmoid2(z)), 1 / (1 + np.exp(-2 * z)), rtol=1e-6)
    clone = keras.models.clone_model(model)  # the custom activation serialises (models save and clone)
    assert clone.get_layer("encoder").get_layer("encoder_1").activation is sigmoid2


def weights_of(seed, **options):
    return dense_autoencoder([35, 16, 2, 16, 35], seed=seed, **options)[0].get_weights()


@pytest.mark.parametrize("initializer", ["glorot_uniform", STANDARD_NORMAL])
def test_the_seed_alone_decides_the_initial_weights(initializer):
    options = {"kernel_initializer": initializer, "bias_initializer": initializer}
    keras.utils.set_random_seed(1)
    first = weights_of(3, **options)
    keras.utils.set_random_seed(2)  # another global seed: the same model
    assert all(np.array_equal(a, b) for a, b in zip(first, weights_of(3, **options), strict=True))
    assert not np.array_equal(first[0], weights_of(4, **options)[0])


def test_building_leaves_numpy_and_tensorflow_random_streams_alone():
    keras.utils.set_random_seed(5)
    expected = np.random.random(), tf.random.uniform([3]).numpy()
    keras.utils.set_random_seed(5)
    weights_of(0)
    drawn = np.random.random(), tf.random.uniform([3]).numpy()
    assert drawn[0] == expected[0] and np.array_equal(drawn[1], expected[1])


def test_zero_biases_stay_zero_when_seeded():
    _, biases = weights_of(0)[:2]
    assert not biases.any()


def test_initial_weights_draw_another_stream_than_the_seed_itself():
    # a training's batch order draws stateless numbers seeded with (seed, epoch): the weights must not
    state = keras.ops.convert_to_numpy(initial_weights(5).state)
    assert state[0] != 5
    assert np.array_equal(state, keras.ops.convert_to_numpy(initial_weights(5).state))
