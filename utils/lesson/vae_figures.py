"""Every figure of notebook 3 (the variational autoencoder). Each function returns its Figure.

The functions take arrays (pixels in [0, 1], latent coordinates, labels, Keras history dicts),
not models, so they stay quick to test and free of TensorFlow; the notebook computes the arrays.
Digits are drawn by `utils.lesson.glyphs` at 28x28, the same way notebooks 1 and 2 draw their 7x5
characters: rows of digits as labelled grids, never as one long strip. The key number of a VAE
figure, its E, goes into the title the notebook passes.
"""

import matplotlib.pyplot as plt
import numpy as np

from utils.lesson.glyphs import draw_glyph, glyph_grid, glyph_rows
from utils.lesson.mnist import IMAGE_SHAPE
from utils.lesson.style import DIGIT_CMAP, GLYPH_CMAP, SQUARE, latent_axis_labels

SIDE = IMAGE_SHAPE[0]
MANIFOLD_TICKS = 5  # labelled grid values per axis of the manifold (one more for an even grid, to stay symmetric)
TERMS = (("loss", "Total: $-$ELBO"), ("reconstruction", "Reconstruction cross-entropy"), ("kl", "KL to N(0, I)"))


def sample_grid(images, labels, n_rows=4, n_cols=10, title=None):
    """The first `n_rows * n_cols` images, titled with their labels."""
    n = n_rows * n_cols
    title = title or f"The first {n} training images and their labels"
    titles = [str(label) for label in labels[:n]]
    return glyph_grid(images[:n], titles, ncols=n_cols, size=1.0, title=title, shape=IMAGE_SHAPE)


def vae_loss_curves(history, title, train_label="train", test_label="test"):
    """Train and validation curves of the total loss, the reconstruction and the KL term, per epoch.

    `train_label` and `test_label` name the two curves in the legend (say how many images each holds).
    """
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.6))
    epochs = np.arange(1, len(history["loss"]) + 1)
    for ax, (key, label) in zip(axes, TERMS, strict=True):
        ax.plot(epochs, history[key], label=train_label)
        ax.plot(epochs, history[f"val_{key}"], label=test_label)
        ax.set_xlabel("epoch")
        ax.set_ylabel("nats per image")
        ax.set_title(label)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    fig.suptitle(title)
    return fig


def reconstructions(originals, decoded, labels, title):
    """Each original digit above its reconstruction (decoded from z_mean), two blocks of five digits."""
    titles = [f"digit {d}" for d in labels]
    return glyph_rows([originals, decoded], ["original", "decoded"], titles, 1.3, IMAGE_SHAPE, title, max_cols=5)


def generations(decoded, z, title):
    """Digits decoded from z ~ N(0, I) in a grid of five columns, each titled with its latent point."""
    titles = [f"({a:.2f}, {b:.2f})" for a, b in z]
    return glyph_grid(decoded, titles, ncols=5, size=1.6, title=title, shape=IMAGE_SHAPE)


def digit_latent_map(z_mean, labels, title, ax=None):
    """The test images' z_mean coloured by digit (the one digit colour map), with a colour bar.

    Drawn on `ax` (a panel of a larger figure, `title` its panel title) or on a figure of its own,
    about square (`title` the figure's title).
    """
    own = ax is None
    fig = plt.figure(figsize=(SQUARE + 0.6, SQUARE)) if own else ax.figure
    ax = fig.add_subplot() if own else ax
    points = ax.scatter(z_mean[:, 0], z_mean[:, 1], c=labels, cmap=DIGIT_CMAP, vmin=-0.5, vmax=9.5, s=2, alpha=0.6)
    fig.colorbar(points, ax=ax, ticks=range(10), label="digit")
    latent_axis_labels(ax)
    if own:
        fig.suptitle(title)
    else:
        ax.set_title(title)
    return fig


def manifold(decoded, grid, title):
    """The decoded grid over the latent space (rows: z_2 from high to low, columns: z_1), one square image.

    `MANIFOLD_TICKS` grid values per axis are labelled, unrotated, at the cells they name (one more
    for a grid of even size, whose middle is no cell, so the ticks sit symmetrically).
    """
    n = len(grid)
    canvas = np.reshape(decoded, (n, n, SIDE, SIDE)).transpose(0, 2, 1, 3).reshape(n * SIDE, n * SIDE)
    fig, ax = plt.subplots(figsize=(SQUARE, SQUARE))
    extent = (-0.5, n - 0.5, n - 0.5, -0.5)
    ax.imshow(canvas, cmap=GLYPH_CMAP, vmin=0, vmax=1, extent=extent)
    count = MANIFOLD_TICKS + (n % 2 == 0)
    ticks = np.unique(np.linspace(0, n - 1, min(count, n)).round().astype(int))
    ax.set_xticks(ticks, [f"{grid[i]:.1f}".replace("-", "−") for i in ticks])
    ax.set_yticks(ticks, [f"{grid[::-1][i]:.1f}".replace("-", "−") for i in ticks])
    latent_axis_labels(ax, " (Gaussian quantiles)")
    ax.grid(False)
    fig.suptitle(title)
    return fig


def comparison_rows(originals, decoded_by_name, labels, title="Reconstructions side by side"):
    """Originals above each architecture's reconstructions, one digit per column, a labelled grid.

    `decoded_by_name` maps a row label (the architecture, with its E on a second line if wanted)
    to its reconstructions.
    """
    rows = [originals, *decoded_by_name.values()]
    names = ["original", *decoded_by_name]
    titles = [f"digit {d}" for d in labels]
    return glyph_rows(rows, names, titles, size=1.0, shape=IMAGE_SHAPE, title=title)


def interpolation(decoded, title, ncols=6):
    """The digits decoded along a straight line in latent space, numbered in order in a grid of `ncols` columns."""
    last = len(decoded)
    titles = [f"{i}" + {1: " (start)", last: " (end)"}.get(i, "") for i in range(1, last + 1)]
    return glyph_grid(decoded, titles, ncols=ncols, size=1.5, title=title, shape=IMAGE_SHAPE)


def explorer_view(z, decoded, z_mean, labels, title=None):
    """The latent explorer's picture: where z lies among the test codes, and the digit it decodes to."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, SQUARE), gridspec_kw={"width_ratios": [1.6, 1]})
    digit_latent_map(z_mean, labels, "Test codes and the chosen z", ax=left)
    left.plot(*z, marker="*", markersize=18, color="black", mec="white", mew=1.2)
    draw_glyph(right, decoded, f"Decoded at z = ({z[0]:.2f}, {z[1]:.2f})", shape=IMAGE_SHAPE)
    if title:
        fig.suptitle(title)
    return fig


def overfitting(histories, title=None):
    """Test minus train negative ELBO per epoch, one line per architecture: the over-fitting gap.

    `histories` maps a name to a Keras history dict with equally long `loss` and `val_loss`
    lists (at least one epoch). The first epoch's loss, averaged while the network is still
    untrained, is far above the rest, and its gap far from the later ones; with two epochs or more
    both panels therefore start at the second epoch (the x axis says so), and their y axes hold
    every value drawn.
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
    first = 2 if min(len(h["loss"]) for h in histories.values()) >= 2 else 1  # the first epoch drawn
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6))
    for name, history in histories.items():
        epochs = np.arange(1, len(history["loss"]) + 1)[first - 1 :]
        loss, val_loss = np.asarray(history["loss"])[first - 1 :], np.asarray(history["val_loss"])[first - 1 :]
        (line,) = left.plot(epochs, loss, "-", label=f"{name} train")
        left.plot(epochs, val_loss, "--", color=line.get_color(), label=f"{name} test")
        right.plot(epochs, val_loss - loss, label=name)
    last = max(len(h["loss"]) for h in histories.values())
    left.set_title("$-$ELBO per epoch")
    right.set_title("Gap: test minus train")
    for ax in (left, right):
        ax.set_xlabel("epoch" if first == 1 else "epoch (the first left out)")
        ax.set_xlim(first, max(last, first + 1))
        ax.set_ylabel("nats per image")
        ax.legend()
    if title:
        fig.suptitle(title)
    return fig
