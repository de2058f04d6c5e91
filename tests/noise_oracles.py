"""NumPy versions of the two corruption models, written independently of `utils.lesson.noise`'s Keras layers.

Test oracles only: the tests compare what the layers draw with what these draw (flip rates,
flip counts, positions). The notebooks use the layers alone.
"""

import numpy as np


def gaussian_noise(x, sigma, seed):
    """Add N(0, sigma^2) to binary rows `x`, clip to [0, 1], binarize at 0.5."""
    rng = np.random.default_rng(seed)
    return (np.clip(x + sigma * rng.standard_normal(x.shape), 0, 1) >= 0.5).astype("float32")


def flip_pixels(x, k, seed):
    """Flip exactly `k` pixels of every row of `x`, positions uniform without replacement."""
    rng = np.random.default_rng(seed)
    ranks = rng.random(x.shape).argsort(axis=1).argsort(axis=1)
    return np.where(ranks < k, 1 - x, x).astype("float32")
