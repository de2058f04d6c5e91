"""The dense autoencoder builder: structure, shared layers, bad structures."""

import keras
import numpy as np
import pytest

from utils.models import STANDARD_NORMAL, check_structure, dense_autoencoder, sigmoid2, structure_name


def test_deepest_reference_structure():
    ae, encoder, decoder = dense_autoencoder([35, 32, 24, 16, 2, 16, 24, 32, 35])
    widths = [layer.units for layer in encoder.layers[1:]] + [layer.units for layer in decoder.layers[1:]]
    assert widths == [32, 24, 16, 2, 16, 24, 32, 35]
    assert all(layer.activation.__name__ == "sigmoid" for layer in encoder.layers[1:])
    x = np.random.default_rng(0).random((4, 35)).astype("float32")
    assert np.allclose(ae.predict(x, verbose=0), decoder.predict(encoder.predict(x, verbose=0), verbose=0), atol=1e-6)


def test_latent_and_hidden_activations_are_separate():
    _, encoder, decoder = dense_autoencoder([35, 16, 2, 16, 35], activation="elu", latent_activation="linear")
    assert encoder.get_layer("encoder_1").activation.__name__ == "elu"
    assert encoder.get_layer("latent").activation.__name__ == "linear"
    assert decoder.get_layer("reconstruction").activation.__name__ == "sigmoid"


def test_smallest_structure_has_no_hidden_layer():
    ae, encoder, decoder = dense_autoencoder([35, 2, 35])
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
    keras.utils.set_random_seed(0)
    sizes = [35, 32, 24, 16, 2, 16, 24, 32, 35]
    model = dense_autoencoder(
        sizes,
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
    clone = keras.models.clone_model(model)  # the custom activation serialises (the trainer clones models)
    assert clone.get_layer("encoder").get_layer("encoder_1").activation is sigmoid2
