"""Pixel-level scores for the binary characters: wrong pixels and exact recovery.

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
    return (binarize(x_hat, threshold) != x.astype("uint8")).reshape(len(x), -1).sum(axis=1)
