"""Points in a 2-D latent space to decode: straight paths and regular grids.

Notebook 1 (the character autoencoder) and notebook 3 (the VAE) both walk from one code to
another and decode a grid of codes; these helpers compute the points, the plotting modules
draw what the decoders make of them.
"""

import numpy as np


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
