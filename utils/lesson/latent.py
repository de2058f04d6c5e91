"""Points in a 2-D latent space, and a measure of how a latent space separates classes.

Notebook 1 (the character autoencoder) and notebook 3 (the VAE) both walk from one code to
another and decode a grid of codes; these helpers compute the points, the figure modules draw
what the decoders make of them. `nearest_centre_share` scores how well the VAE's codes
separate the digits.
"""

from statistics import NormalDist

import numpy as np

from utils.lesson.mnist import first_of_each_digit


def latent_path(start, end, steps):
    """`steps` points on the straight line from `start` to `end`, both included."""
    if steps < 2:
        raise ValueError(f"a path needs at least 2 points (start and end), got steps={steps}")
    weights = np.linspace(0.0, 1.0, steps, dtype="float32")[:, None]
    return (1.0 - weights) * np.asarray(start, "float32") + weights * np.asarray(end, "float32")


def grid_points(z1, z2):
    """Every (z_1, z_2) of a grid, row by row: one row per value of `z2`, in the order given.

    Reshaped to (len(z2), len(z1), ...), the decoded grid keeps that layout, so a figure drawing
    rows top to bottom passes `z2` falling and one drawing bottom to top passes it rising.
    """
    return np.array([(u, v) for v in z2 for u in z1], dtype="float32")


def gaussian_grid(n, low=0.05, high=0.95):
    """`n` latent coordinates at evenly spaced quantiles of N(0, 1), so the grid covers the prior evenly.

    Pair them with `grid_points` to get the grid's points.
    """
    normal = NormalDist()
    return np.array([normal.inv_cdf(q) for q in np.linspace(low, high, n)], dtype="float32")


def digit_centres(codes, labels):
    """The mean code of each digit 0..9, (10, d): the centres that `nearest_centre` measures against."""
    codes, labels = np.asarray(codes, dtype="float64"), np.asarray(labels)
    if codes.ndim != 2 or len(codes) != len(labels):
        raise ValueError(f"expected codes (n, d) and n labels, got codes {codes.shape} and {labels.shape} labels")
    first_of_each_digit(labels)  # every digit must be present
    return np.stack([codes[labels == digit].mean(axis=0) for digit in range(10)])


def nearest_centre(points, centres):
    """For each point (n, d), the digit whose centre (10, d) lies nearest it."""
    return np.argmin(((np.asarray(points)[:, None, :] - centres[None]) ** 2).sum(axis=-1), axis=1)


def nearest_centre_share(codes, labels):
    """For each digit 0..9, the share of its codes that lie nearer its own mean code than any other digit's.

    A cheap, printable measure of how well the latent space separates the digits: 1.0 means
    every code of that digit sits in its own region (as drawn by the nearest centre).
    """
    labels = np.asarray(labels)
    nearest = nearest_centre(np.asarray(codes, dtype="float64"), digit_centres(codes, labels))
    return np.array([float(np.mean(nearest[labels == digit] == digit)) for digit in range(10)])


def digit_near(points, codes, labels, count=50):
    """For each point (n, d), the digit most of its `count` nearest codes (m, d) show, by their `labels`.

    What a reader sees around a point of the latent map: the digit of the test images coded near
    it (a tie goes to the smaller digit). Unlike `nearest_centre`, it does not depend on how far
    each digit's codes spread.
    """
    points, codes, labels = np.asarray(points), np.asarray(codes), np.asarray(labels)
    if points.ndim != 2 or codes.ndim != 2 or points.shape[1] != codes.shape[1] or len(codes) != len(labels):
        raise ValueError(
            f"expected points (n, d), codes (m, d) and m labels, got {points.shape}, {codes.shape}, {labels.shape}"
        )
    if not 1 <= count <= len(codes):
        raise ValueError(f"count must be from 1 to the {len(codes)} codes, got {count}")
    nearest = np.argsort(np.square(codes[None] - points[:, None]).sum(axis=-1), axis=1)[:, :count]
    return np.array([np.bincount(labels[near], minlength=10).argmax() for near in nearest])
