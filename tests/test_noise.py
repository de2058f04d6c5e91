"""The corruption models: exact flip counts, uniform positions, the Gaussian flip rate, training-only layers."""

import json
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests import noise_oracles
from utils.lesson.noise import BinarizedGaussianNoise, PixelFlips, flip_probability, noisy_copies
from utils.lesson.training import train_autoencoder


def binary_rows(n=400, width=35, seed=0):
    """Random 0/1 float32 rows standing in for characters."""
    return np.random.default_rng(seed).integers(0, 2, (n, width)).astype("float32")


def changed(x, y):
    """Number of pixels that differ between `x` and `y`, per row."""
    return (np.asarray(x) != np.asarray(y)).sum(axis=1)


def flip_pixels(x, flips, seed):
    """One flipped copy of every row of `x`, drawn by `noisy_copies` (the `PixelFlips` layer)."""
    return noisy_copies(x, 1, seed, flips=flips)[0]


def gaussian_noise(x, sigma, seed):
    """One corrupted copy of every row of `x`, drawn by `noisy_copies` (the `BinarizedGaussianNoise` layer)."""
    return noisy_copies(x, 1, seed, sigma=sigma)[0]


@pytest.mark.parametrize("k", [0, 1, 6, 34, 35])
def test_flip_pixels_flips_exactly_k_per_row(k):
    x = binary_rows()
    noisy = flip_pixels(x, k, seed=1)
    assert noisy.dtype == np.float32 and set(np.unique(noisy)) <= {0.0, 1.0}
    np.testing.assert_array_equal(changed(x, noisy), k)


def test_flip_pixels_positions_are_uniform():
    x = np.zeros((20000, 35), "float32")
    rate = flip_pixels(x, 5, seed=2).mean(axis=0)
    # each position is flipped with probability 5/35; 4 standard errors of 20000 draws is about 0.01
    np.testing.assert_allclose(rate, 5 / 35, atol=0.01)


def test_flip_pixels_with_a_range_draws_k_per_row():
    counts = changed(np.zeros((3000, 35)), flip_pixels(np.zeros((3000, 35)), (2, 5), seed=3))
    assert set(np.unique(counts)) == {2, 3, 4, 5}


def test_same_seed_same_set_other_seed_other_set():
    x = binary_rows()
    np.testing.assert_array_equal(flip_pixels(x, 3, seed=73), flip_pixels(x, 3, seed=73))
    assert (flip_pixels(x, 3, seed=73) != flip_pixels(x, 3, seed=74)).any()
    np.testing.assert_array_equal(gaussian_noise(x, 0.3, seed=5), gaussian_noise(x, 0.3, seed=5))


@pytest.mark.parametrize("sigma", [0.1, 0.25, 0.4])
def test_gaussian_noise_flips_each_pixel_with_the_gaussian_tail_probability(sigma):
    x = binary_rows(n=4000)
    noisy = gaussian_noise(x, sigma, seed=4)
    assert set(np.unique(noisy)) <= {0.0, 1.0}
    expected = flip_probability(sigma)
    observed = (noisy != x).mean()
    assert abs(observed - expected) < 4 * math.sqrt(expected * (1 - expected) / x.size) + 1e-4


def test_flip_probability_is_the_gaussian_tail_beyond_one_half():
    assert flip_probability(0) == 0.0
    # sigma 0.25: 0.5 is two standard deviations, P(Z > 2) = 0.02275
    assert flip_probability(0.25) == pytest.approx(0.022750, abs=1e-6)
    assert flip_probability(np.float32(0.5)) == pytest.approx(0.158655, abs=1e-6)  # one standard deviation
    assert flip_probability(1e6) == pytest.approx(0.5, abs=1e-6)
    rates = [flip_probability(s) for s in (0.1, 0.2, 0.3, 0.4)]
    assert rates == sorted(rates) and all(0 < r < 0.5 for r in rates)
    with pytest.raises(ValueError, match="sigma .* >= 0, got -0.1"):
        flip_probability(-0.1)


def test_numpy_scalars_are_accepted_as_parameters():
    x = binary_rows()
    np.testing.assert_array_equal(gaussian_noise(x, np.float32(0.3), seed=5), gaussian_noise(x, 0.3, seed=5))
    np.testing.assert_array_equal(changed(x, flip_pixels(x, np.int64(3), seed=5)), 3)


def test_zero_noise_is_the_identity():
    x = binary_rows()
    np.testing.assert_array_equal(gaussian_noise(x, 0, seed=0), x)
    np.testing.assert_array_equal(flip_pixels(x, 0, seed=0), x)


def test_noisy_copies_pairs_each_copy_with_its_clean_row():
    x = binary_rows(n=4)
    noisy, index = noisy_copies(x, 3, seed=0, flips=2)
    np.testing.assert_array_equal(index, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
    np.testing.assert_array_equal(changed(x[index], noisy), 2)
    noisy, index = noisy_copies(x, 2, seed=0, sigma=0.0)
    np.testing.assert_array_equal(noisy, x[index])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda x: gaussian_noise(x, -0.1, seed=0), "sigma .* >= 0, got -0.1"),
        (lambda x: gaussian_noise(x, float("nan"), seed=0), "sigma .* >= 0, got nan"),
        (lambda x: gaussian_noise(x, "0.2", seed=0), "sigma .* >= 0, got '0.2'"),
        (lambda x: flip_pixels(x, -1, seed=0), r"0 <= low <= high <= 35, got -1"),
        (lambda x: flip_pixels(x, 36, seed=0), r"0 <= low <= high <= 35, got 36"),
        (lambda x: flip_pixels(x, (4, 2), seed=0), r"0 <= low <= high <= 35, got \(4, 2\)"),
        (lambda x: flip_pixels(x, 2.5, seed=0), "integer k or a pair"),
        (lambda x: flip_pixels(x, (1, 2, 3), seed=0), "integer k or a pair"),
        (lambda x: flip_pixels(x * 0.5, 2, seed=0), "pixels must be 0 or 1"),
        (lambda x: flip_pixels(x[0], 2, seed=0), "2-D array of pixel rows"),
        (lambda x: noisy_copies(x, 2, seed=0), "exactly one noise model"),
        (lambda x: noisy_copies(x, 2, seed=0, sigma=0.1, flips=1), "exactly one noise model"),
        (lambda x: noisy_copies(x, 0, seed=0, flips=1), "copies must be a positive integer"),
        (lambda x: noisy_copies(x, 1, seed=[1, 2], flips=1), "seed must be an integer >= 0"),
    ],
)
def test_bad_parameters_raise_with_what_was_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call(binary_rows(n=5))


def test_layers_reject_bad_parameters():
    with pytest.raises(ValueError, match="sigma"):
        BinarizedGaussianNoise(-0.2)
    with pytest.raises(ValueError, match="0 <= low <= high"):
        PixelFlips(-1)
    with pytest.raises(ValueError, match=r"0 <= low <= high <= 35, got 36"):
        PixelFlips(36)(keras.Input((35,)))


@pytest.mark.parametrize(
    "layer", [PixelFlips(4, seed=0), PixelFlips((1, 6), seed=0), BinarizedGaussianNoise(0.4, seed=0)]
)
def test_layers_are_off_at_inference(layer):
    x = binary_rows()
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer(x, training=False), x)
    assert (np.asarray(layer(x, training=True)) != x).any()


def test_flip_layer_flips_exactly_k_fresh_positions_every_call():
    layer, x = PixelFlips(3, seed=1), binary_rows()
    first, second = np.asarray(layer(x, training=True)), np.asarray(layer(x, training=True))
    np.testing.assert_array_equal(changed(x, first), 3)
    np.testing.assert_array_equal(changed(x, second), 3)
    assert (first != second).any()


def test_flip_layer_positions_are_uniform_and_ranges_per_row():
    x = np.zeros((20000, 35), "float32")
    np.testing.assert_allclose(np.asarray(PixelFlips(5, seed=2)(x, training=True)).mean(axis=0), 5 / 35, atol=0.01)
    counts = changed(x, PixelFlips((0, 6), seed=3)(x, training=True))
    assert set(np.unique(counts)) == set(range(7))


def test_layers_agree_with_the_numpy_oracles():
    x = binary_rows(n=4000)
    layer, oracle = gaussian_noise(x, 0.3, seed=4), noise_oracles.gaussian_noise(x, 0.3, seed=4)
    p = flip_probability(0.3)
    tolerance = 4 * math.sqrt(2 * p * (1 - p) / x.size)  # two independent rates, 4 standard errors
    assert abs((layer != x).mean() - (oracle != x).mean()) < tolerance
    layer, oracle = flip_pixels(x, 5, seed=4), noise_oracles.flip_pixels(x, 5, seed=4)
    np.testing.assert_array_equal(changed(x, layer), changed(x, oracle))  # exactly 5 in both
    np.testing.assert_allclose((layer != x).mean(axis=0), (oracle != x).mean(axis=0), atol=0.03)  # same positions


def test_layers_draw_fresh_noise_inside_an_xla_compiled_loop():
    flips, gauss = PixelFlips((2, 2), seed=5), BinarizedGaussianNoise(0.3, seed=6)
    x = tf.constant(binary_rows(n=64))

    @tf.function(jit_compile=True)
    def three_draws():
        def body(i, flipped, noisy):
            return i + 1, flipped.write(i, flips(x, training=True)), noisy.write(i, gauss(x, training=True))

        arrays = (tf.TensorArray(tf.float32, size=3), tf.TensorArray(tf.float32, size=3))
        _, flipped, noisy = tf.while_loop(lambda i, *_: i < 3, body, (tf.constant(0), *arrays))
        return flipped.stack(), noisy.stack()

    flipped, noisy = (np.asarray(t) for t in three_draws())
    for draw in flipped:
        np.testing.assert_array_equal(changed(x, draw), 2)
    assert (flipped[0] != flipped[1]).any() and (noisy[0] != noisy[1]).any()


def test_layers_rebuild_from_their_config():
    inputs = keras.Input((35,))
    noisy = BinarizedGaussianNoise(0.2, seed=1)(PixelFlips((0, 8), seed=2)(inputs))
    model = keras.Model(inputs, keras.layers.Dense(35, activation="sigmoid")(noisy))
    config = keras.saving.serialize_keras_object(model)
    rebuilt = keras.saving.deserialize_keras_object(json.loads(json.dumps(config)))
    flips, gauss = rebuilt.layers[1:3]
    assert isinstance(flips, PixelFlips) and (flips.low, flips.high, flips.seed) == (0, 8, 2)
    assert isinstance(gauss, BinarizedGaussianNoise) and (gauss.sigma, gauss.seed) == (0.2, 1)


def test_flip_layer_draws_fresh_noise_for_every_batch_of_the_training_loop():
    inputs = keras.Input((35,))
    flips = PixelFlips((0, 6), seed=7)
    model = keras.Model(inputs, keras.layers.Dense(35, activation="sigmoid")(flips(inputs)))
    start = np.asarray(flips.seed_generator.state)
    log = train_autoencoder(model, binary_rows(n=32), epochs=3, batch_size=8, learning_rate=0.01)
    assert len(log.loss) == 3 and np.isfinite(log.loss).all()
    # two seeds (flip count, positions) per batch: 3 epochs x 4 batches
    np.testing.assert_array_equal(np.asarray(flips.seed_generator.state) - start, [0, 2 * 3 * 4])


def test_first_changed_copies_reaches_every_seed():
    """Every seed the notebook can be given yields a changed copy of each shown character (notebook 2, sigma 0.2)."""
    from utils.lesson.font import load_font
    from utils.lesson.noise import first_changed_copies

    x = load_font().pixels
    rows = [0, 1, 2, 25]
    for seed in range(200):
        noisy = first_changed_copies(x, rows, 20, seed=100 * (seed + 7) + 2, sigma=0.2)
        assert noisy.shape == (4, 35) and (noisy != x[rows]).any(axis=1).all()


def test_first_changed_copies_takes_the_first_draw_when_it_can():
    from utils.lesson.noise import first_changed_copies

    x = binary_rows(4)
    noisy, index = noisy_copies(x, 3, seed=5, flips=2)
    assert np.array_equal(first_changed_copies(x, [2, 0], 3, seed=5, flips=2), noisy[[6, 0]])


def test_first_changed_copies_of_noise_that_changes_nothing_is_an_error():
    from utils.lesson.noise import first_changed_copies

    with pytest.raises(ValueError, match=r"rows \[1\] stayed unchanged in 3 draws"):
        first_changed_copies(binary_rows(2), [1], 2, seed=0, sigma=0.0, max_draws=3)
