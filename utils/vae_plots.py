"""Every figure of notebook 3 (the variational autoencoder). Each function returns its Figure.

The functions take arrays (pixels in [0, 1], latent coordinates, labels, Keras history dicts),
not models, so they stay quick to test and free of TensorFlow; `utils.vae` computes the arrays.
Single digits are drawn by `utils.plotting.draw_glyph` at 28x28, the same way notebooks 1 and 2
draw their 7x5 characters.
"""

import matplotlib.pyplot as plt
import numpy as np

from utils.mnist import IMAGE_SHAPE
from utils.plotting import draw_glyph, glyph_rows

SIDE = IMAGE_SHAPE[0]
TERMS = (("loss", "total: $-$ELBO"), ("reconstruction", "reconstruction cross-entropy"), ("kl", "KL to N(0, I)"))


def sample_grid(images, labels, n_rows=4, n_cols=10):
    """The first `n_rows * n_cols` images, titled with their labels."""
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(n_cols, 1.15 * n_rows))
    for ax, pixels, label in zip(axes.flat, images, labels, strict=False):
        draw_glyph(ax, pixels, str(label), shape=IMAGE_SHAPE)
    fig.suptitle(f"The first {n_rows * n_cols} training images and their labels")
    return fig


def vae_loss_curves(history, title):
    """Train and validation curves of the total loss, the reconstruction and the KL term, per epoch."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
    epochs = np.arange(1, len(history["loss"]) + 1)
    for ax, (key, label) in zip(axes, TERMS, strict=True):
        ax.plot(epochs, history[key], label="train (20,000 images)")
        ax.plot(epochs, history[f"val_{key}"], label="test (10,000 images)")
        ax.set_xlabel("epoch")
        ax.set_ylabel("nats per image")
        ax.set_title(label)
    axes[0].legend()
    fig.suptitle(title, y=1.04)
    return fig


def reconstructions(originals, decoded, labels, title):
    """One original per digit above its reconstruction (decoded from z_mean)."""
    titles = [f"digit {d}" for d in labels]
    return glyph_rows([originals, decoded], ["original", "decoded"], titles, size=1.0, shape=IMAGE_SHAPE, title=title)


def generations(decoded, z, title):
    """Digits decoded from z ~ N(0, I), each titled with its latent coordinates."""
    titles = [f"({a:.2f}, {b:.2f})" for a, b in z]
    return glyph_rows([decoded], ["z ~ N(0, I)"], titles, size=1.3, shape=IMAGE_SHAPE, title=title)


def digit_latent_map(z_mean, labels, title, ax=None):
    """The test images' z_mean coloured by digit, with a colour bar."""
    fig = ax.figure if ax is not None else plt.figure(figsize=(6.4, 5.4))
    ax = ax if ax is not None else fig.add_subplot()
    points = ax.scatter(z_mean[:, 0], z_mean[:, 1], c=labels, cmap="tab10", vmin=-0.5, vmax=9.5, s=2, alpha=0.6)
    fig.colorbar(points, ax=ax, ticks=range(10), label="digit")
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.set_title(title)
    return fig


def manifold(decoded, grid, title):
    """The decoded grid over the latent space (rows: z_2 from high to low, columns: z_1), one image."""
    n = len(grid)
    canvas = np.reshape(decoded, (n, n, SIDE, SIDE)).transpose(0, 2, 1, 3).reshape(n * SIDE, n * SIDE)
    fig, ax = plt.subplots(figsize=(7, 7))
    extent = (-0.5, n - 0.5, n - 0.5, -0.5)
    ax.imshow(canvas, vmin=0, vmax=1, extent=extent)
    ticks = np.arange(n)
    ax.set_xticks(ticks, [f"{v:.1f}" for v in grid], rotation=90, fontsize=7)
    ax.set_yticks(ticks, [f"{v:.1f}" for v in grid[::-1]], fontsize=7)
    ax.set_xlabel("$z_1$ (Gaussian quantiles)")
    ax.set_ylabel("$z_2$ (Gaussian quantiles)")
    ax.grid(False)
    ax.set_title(title)
    return fig


def comparison_rows(originals, decoded_by_name, labels):
    """Originals above each architecture's reconstructions, one digit per column."""
    rows = [originals, *decoded_by_name.values()]
    names = ["original", *decoded_by_name]
    titles = [f"digit {d}" for d in labels]
    return glyph_rows(rows, names, titles, size=1.0, shape=IMAGE_SHAPE, title="Reconstructions side by side")


def interpolation(decoded, title):
    """The digits decoded along a straight line in latent space, first to last."""
    titles = ["start", *[""] * (len(decoded) - 2), "end"]
    return glyph_rows([decoded], [""], titles, size=1.0, shape=IMAGE_SHAPE, title=title)


def explorer_view(z, decoded, z_mean, labels):
    """The latent explorer's picture: where z lies among the test codes, and the digit it decodes to."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4), gridspec_kw={"width_ratios": [1.6, 1]})
    digit_latent_map(z_mean, labels, "test codes and the chosen z", ax=left)
    left.plot(*z, marker="*", markersize=16, color="black")
    draw_glyph(right, decoded, f"decoded at z = ({z[0]:.2f}, {z[1]:.2f})", shape=IMAGE_SHAPE)
    return fig


def overfitting(histories):
    """Test minus train negative ELBO per epoch, one line per architecture: the over-fitting gap.

    `histories` maps a name to a Keras history dict with equally long `loss` and `val_loss`
    lists (at least one epoch). The first epoch's loss, averaged while the network is still
    untrained, is far above the rest; with two epochs or more the left panel's y-axis is
    therefore cut at the second epoch's value.
    """
    if not histories:
        raise ValueError("overfitting needs at least one history")
    for name, history in histories.items():
        missing = {"loss", "val_loss"} - set(history)
        if missing:
            raise ValueError(f"history {name!r} lacks {sorted(missing)}: train with validation data")
        if not 0 < len(history["loss"]) == len(history["val_loss"]):
            lengths = len(history["loss"]), len(history["val_loss"])
            raise ValueError(f"history {name!r} needs equally long, non-empty loss and val_loss, got {lengths}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.6))
    for name, history in histories.items():
        epochs = np.arange(1, len(history["loss"]) + 1)
        (line,) = left.plot(epochs, history["loss"], label=f"{name} train")
        left.plot(epochs, history["val_loss"], "--", color=line.get_color(), label=f"{name} test")
        right.plot(epochs, np.subtract(history["val_loss"], history["loss"]), label=name)
    if min(len(h["loss"]) for h in histories.values()) >= 2:
        left.set_ylim(top=min(max(h["val_loss"][1], h["loss"][1]) for h in histories.values()))
    left.set_title("$-$ELBO per epoch")
    right.set_title("gap: test minus train")
    for ax in (left, right):
        ax.set_xlabel("epoch")
        ax.set_ylabel("nats per image")
        ax.legend()
    return fig
