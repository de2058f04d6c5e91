"""The two corruption models of the denoising autoencoder, over binary pixel rows.

- Gaussian: add noise of standard deviation `sigma`, clip to [0, 1], binarize at 0.5. Each
  pixel then flips independently, with probability P(N(0, sigma^2) > 0.5) (`flip_probability`).
- Flips: exactly `k` pixels of every row flipped, positions drawn uniformly without replacement.

Each model is written once, as a Keras layer that corrupts only while training, like
`keras.layers.GaussianNoise`: placed in front of an autoencoder it gives every batch fresh noise
and passes inputs through unchanged at inference. `noisy_copies` calls the same layers with a
fixed seed to draw the evaluation sets, so a notebook scores every network on the same noisy
samples. (The tests keep NumPy versions of both models as oracles.)

The layers run inside the XLA-compiled training loop of `utils.lesson.training` (TensorFlow backend),
so they avoid stateful random ops and shuffles, and they are written for speed there: they draw
with TensorFlow's stateless Philox generator explicitly rather than through `keras.random`
(which lets TensorFlow choose the algorithm), and they rank the pixels of each row by pairwise
comparisons (35 x 35 per row, one batched comparison) rather than by two argsorts. Both were
clearly faster in a side-by-side timing inside one compiled loop on this 2-core CPU when the
module was written; the repository keeps no benchmark of that, so no ratio is quoted here.
"""

import math

import keras
import numpy as np
import tensorflow as tf


def check_sigma(sigma):
    """Return `sigma` as a float, or raise if it is not a finite, non-negative number."""
    number = isinstance(sigma, int | float | np.integer | np.floating) and not isinstance(sigma, bool)
    if not number or not np.isfinite(sigma) or sigma < 0:
        raise ValueError(f"sigma is the standard deviation of the added noise: use a number >= 0, got {sigma!r}")
    return float(sigma)


def flip_probability(sigma):
    """Probability that the Gaussian model flips a given pixel: P(N(0, sigma^2) > 0.5).

    A pixel at 0 turns on when the noise exceeds +0.5, a pixel at 1 turns off when it is
    below -0.5; both have this probability, independently for every pixel. 0 for sigma 0.
    """
    sigma = check_sigma(sigma)
    return 0.0 if sigma == 0 else 0.5 * math.erfc(0.5 / (sigma * math.sqrt(2)))


def check_flips(flips, pixels=None):
    """Return the inclusive range (low, high) of flipped pixels per row described by `flips`.

    `flips` is a count k, or a pair (low, high) for a count drawn uniformly per row. Counts
    must be integers from 0 to `pixels` (the row width), since a pixel is flipped at most once.
    """
    pair = flips if isinstance(flips, list | tuple) else (flips, flips)
    limit = "the row width" if pixels is None else pixels
    if len(pair) != 2 or not all(isinstance(k, int | np.integer) and not isinstance(k, bool) for k in pair):
        raise ValueError(f"flips must be an integer k or a pair (low, high) of integers, got {flips!r}")
    low, high = (int(k) for k in pair)
    if not 0 <= low <= high or (pixels is not None and high > pixels):
        raise ValueError(f"flipped pixels per row must satisfy 0 <= low <= high <= {limit}, got {flips!r}")
    return low, high


def _check_rows(x):
    """Return `x` as a 2-D float32 array of 0/1 pixels, or raise saying what is wrong."""
    x = np.asarray(x, dtype="float32")
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D array of pixel rows (samples, pixels), got shape {x.shape}")
    if not np.isin(x, (0, 1)).all():
        raise ValueError("pixels must be 0 or 1: binarize the characters before adding noise")
    return x


def noisy_copies(x, copies, seed, *, sigma=None, flips=None):
    """Draw `copies` corrupted versions of every row of `x`: (noisy rows, index of their clean row).

    Give exactly one of `sigma` (Gaussian model) or `flips` (exact flips). The draw is the
    training layer's own (`BinarizedGaussianNoise` or `PixelFlips`, called in training mode),
    seeded by the integer `seed`, so an evaluation set is fixed by its seed and corrupted exactly
    as the training batches are. The copies of row i are consecutive, so `index` is
    [0]*copies + [1]*copies + ...; use it to pair a noisy row with its clean character and to
    break scores down per character.
    """
    if (sigma is None) == (flips is None):
        raise ValueError("give exactly one noise model: sigma=... (Gaussian) or flips=... (exact flips)")
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
        raise ValueError(f"copies must be a positive integer, got {copies!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0 (it seeds the noise layer), got {seed!r}")
    index = np.repeat(np.arange(len(x)), copies)
    clean = _check_rows(np.asarray(x)[index])
    if flips is not None:
        check_flips(flips, clean.shape[1])  # the error then names the row width
    layer = BinarizedGaussianNoise(sigma, seed=int(seed)) if flips is None else PixelFlips(flips, seed=int(seed))
    return np.asarray(layer(clean, training=True)), index


def first_changed_copies(x, rows, copies, seed, *, sigma=None, flips=None, max_draws=100):
    """For each row index in `rows`, the first of its noisy copies that differs from it: an array (len(rows), pixels).

    A corruption can leave a row unchanged (sigma 0.2 leaves a 7x5 character intact about 80 % of
    the time), so a fixed number of copies may hold no changed one. This draws
    `noisy_copies(x, copies, seed + attempt, ...)` for attempt 0, 1, ... until every requested row has
    a changed copy, taking each row's from the first draw that has one; the first draw alone
    decides whenever it can. `max_draws` draws without a change (noise that never changes a row,
    such as sigma 0 or k = 0) is a ValueError.
    """
    rows = [int(r) for r in rows]
    found = {}
    for attempt in range(max_draws):
        noisy, index = noisy_copies(x, copies, seed + attempt, sigma=sigma, flips=flips)
        changed = (noisy != np.asarray(x, dtype=noisy.dtype)[index]).any(axis=1)
        for row in rows:
            hits = np.flatnonzero((index == row) & changed)
            if row not in found and len(hits):
                found[row] = noisy[hits[0]]
        if len(found) == len(set(rows)):
            return np.stack([found[row] for row in rows])
    missing = sorted(set(rows) - set(found))
    raise ValueError(f"rows {missing} stayed unchanged in {max_draws} draws of {copies} copies: use more noise")


def _next_seed(seed_generator):
    """Draw the next seed of a Keras SeedGenerator as the int32 pair of TensorFlow's stateless ops."""
    return tf.cast(tf.math.floormod(seed_generator.next(), tf.int32.max - 1), tf.int32)


def _ranks(draws):
    """Rank (0 = smallest) of every entry within its row, ties broken by position: a permutation per row."""
    width = draws.shape[-1]
    earlier = tf.range(width)[None, :] < tf.range(width)[:, None]
    left, right = draws[:, None, :], draws[:, :, None]
    smaller = (left < right) | ((left == right) & earlier)
    return tf.reduce_sum(tf.cast(smaller, tf.int32), axis=-1)


@keras.saving.register_keras_serializable(package="denoising")
class BinarizedGaussianNoise(keras.layers.Layer):
    """In training, add N(0, sigma^2) to every pixel, clip to [0, 1] and binarize at 0.5.

    At inference the inputs pass through unchanged, so the same model denoises a fixed
    evaluation set. `sigma` 0 makes the layer an identity.
    """

    def __init__(self, sigma, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.sigma = check_sigma(sigma)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if not training or self.sigma == 0:
            return inputs
        noise = tf.random.stateless_normal(
            tf.shape(inputs), _next_seed(self.seed_generator), stddev=self.sigma, dtype=inputs.dtype, alg="philox"
        )
        return tf.cast(tf.clip_by_value(inputs + noise, 0.0, 1.0) >= 0.5, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "sigma": self.sigma, "seed": self.seed}


@keras.saving.register_keras_serializable(package="denoising")
class PixelFlips(keras.layers.Layer):
    """In training, flip exactly k pixels of every row, positions uniform without replacement.

    `flips` is k, or a pair (low, high) to draw k uniformly per row, which mixes noise levels
    within every batch. The k positions are those holding the k smallest of independent
    uniform draws, a uniform subset that XLA can compile. At inference the inputs pass
    through unchanged.
    """

    def __init__(self, flips, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = check_flips(flips)
        self.flips = flips
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        check_flips(self.flips, input_shape[-1])

    def call(self, inputs, training=False):
        if not training or self.high == 0:
            return inputs
        rows, seed = [tf.shape(inputs)[0], 1], _next_seed(self.seed_generator)
        k = tf.random.stateless_uniform(rows, seed, self.low, self.high + 1, dtype=tf.int32, alg="philox")
        draws = tf.random.stateless_uniform(tf.shape(inputs), _next_seed(self.seed_generator), alg="philox")
        return tf.where(_ranks(draws) < k, 1.0 - inputs, inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        flips = list(self.flips) if isinstance(self.flips, list | tuple) else self.flips
        return {**super().get_config(), "flips": flips, "seed": self.seed}
