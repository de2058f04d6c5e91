"""Scores and their sampling intervals: wrong pixels and exact recovery of the binary characters,
the intervals of a rate and of a difference of means (notebook 3's paired comparisons).

A reconstructed pixel counts as on when the network's output is at least 0.5, the
threshold the assignment uses.
"""

import numpy as np


def binarize(x_hat, threshold=0.5):
    """Turn output probabilities into 0/1 pixels."""
    return (np.asarray(x_hat) >= threshold).astype("uint8")


def wrong_pixels(x, x_hat, threshold=0.5):
    """Number of wrong pixels per character (rows of `x`), after thresholding `x_hat`."""
    x = np.asarray(x)
    x_hat = np.asarray(x_hat)
    if x.shape != x_hat.shape:
        raise ValueError(f"targets and reconstructions differ in shape: {x.shape} vs {x_hat.shape}")
    if not np.isin(x, (0, 1)).all():
        raise ValueError("targets must be 0/1 pixels: binarize them before counting wrong pixels")
    return (binarize(x_hat, threshold) != x.astype("uint8")).reshape(len(x), -1).sum(axis=1)


def exact_recovery(x, x_hat, threshold=0.5):
    """True for every row of `x_hat` whose pixels are all right after thresholding (a denoiser's hit)."""
    return wrong_pixels(x, x_hat, threshold) == 0


def hamming_distances(a, b):
    """Number of differing pixels between every row of `a` and every row of `b`, after thresholding."""
    a, b = binarize(a), binarize(b)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"both sets of rows must be 2-D with the same number of pixels, got {a.shape} and {b.shape}")
    return (a[:, None, :] != b[None, :, :]).sum(axis=2)


def nearest_character(noisy, characters):
    """Index of the character nearest to each noisy row in Hamming distance, or -1 where two or more tie.

    This is the limit decoder of the denoising notebook, as the assignment defines it: the
    nearest character, with a tie returned as -1 so that it counts as a failure. When every
    pixel flips independently with the same probability below 1/2 (Gaussian noise, then
    binarized), the nearest character is the most likely one (maximum likelihood). It is not
    a strict upper bound on other decoders' scores: a decoder that commits to one of the tied
    characters is sometimes right where this one scores a failure, and for exactly k flips the
    exact maximum-likelihood decoder would consider only characters at distance exactly k.
    """
    distance = hamming_distances(noisy, characters)
    nearest = distance.argmin(axis=1)
    ties = (distance == distance.min(axis=1, keepdims=True)).sum(axis=1) > 1
    return np.where(ties, -1, nearest)


def rate_by_character(hits, index, count):
    """Fraction of hits per character: `hits[i]` is a success for the sample of character `index[i]`.

    Returns `count` rates; raises if some character has no sample, whose rate would be undefined.
    """
    hits, index = np.asarray(hits, dtype=bool), np.asarray(index)
    if hits.shape != index.shape:
        raise ValueError(f"hits and index must be aligned 1-D arrays, got shapes {hits.shape} and {index.shape}")
    samples = np.bincount(index, minlength=count)
    if len(samples) != count or samples.min() == 0:
        raise ValueError(f"index must cover every character 0..{count - 1} at least once")
    return np.bincount(index, weights=hits, minlength=count) / samples


def wilson_interval(rate, samples, z=1.96):
    """The Wilson score interval (95 % by default) of a rate measured as a share of `samples` draws.

    Returns (low, high) arrays shaped like `rate`: where two decoders' intervals overlap, the
    difference between their rates on these samples is within sampling noise. Unlike the normal
    approximation the interval stays inside [0, 1] and is not empty at a rate of 0 or 1.
    """
    rate = np.asarray(rate, dtype=float)
    if samples < 1 or np.any((rate < 0) | (rate > 1)):
        raise ValueError(f"need rates in [0, 1] and at least one sample, got samples={samples}")
    shrink = 1 + z**2 / samples
    centre = (rate + z**2 / (2 * samples)) / shrink
    half = z / shrink * np.sqrt(rate * (1 - rate) / samples + z**2 / (4 * samples**2))
    return centre - half, centre + half


def mean_interval(values, z=1.96):
    """The mean of per-item `values` and its 95 % interval (normal approximation): (mean, low, high).

    For a paired comparison pass per-item differences, such as two models' losses on the same
    images: the images' own spread cancels, so the interval is far narrower than either mean's.
    An interval holding 0 means the difference is within sampling noise.
    """
    values = np.asarray(values, dtype=float).ravel()
    if len(values) < 2 or not np.all(np.isfinite(values)):
        bad = int(np.sum(~np.isfinite(values)))
        raise ValueError(f"need at least two finite values, got {len(values)} values, {bad} of them not finite")
    mean = float(values.mean())
    half = z * float(values.std(ddof=1)) / np.sqrt(len(values))
    return mean, mean - half, mean + half
