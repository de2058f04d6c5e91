"""Figures of the character autoencoders (notebooks 1 and 2 draw with these).

Every function returns a matplotlib Figure and leaves saving to `utils.figures.save_figure`.
Characters are drawn as 7x5 pixel images, black on white, values in [0, 1].
"""

import matplotlib.pyplot as plt
import numpy as np

GLYPH_SHAPE = (7, 5)


def draw_glyph(ax, pixels, title=None, shape=GLYPH_SHAPE):
    """Draw one character (35 values in [0, 1]) on `ax` without ticks."""
    ax.imshow(np.asarray(pixels).reshape(shape), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.8")
    if title is not None:
        ax.set_title(title, fontsize=9)


def glyph_grid(images, titles=None, ncols=8, size=0.9, suptitle=None):
    """Draw many characters in a grid, each titled (e.g. with its name or its wrong pixels)."""
    images = np.asarray(images)
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * size * 1.5), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i < len(images):
            draw_glyph(ax, images[i], None if titles is None else titles[i])
        else:
            ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def glyph_rows(rows, row_labels, col_titles=None, size=0.9, shape=GLYPH_SHAPE, title=None):
    """Draw aligned rows of images, e.g. original / noisy / reconstructed, one row each.

    Rows are labelled on the left and the first row carries the column titles. `shape` is the
    image's (rows, columns): 7x5 characters by default, (28, 28) for MNIST digits.
    """
    ncols = len(rows[0])
    height = len(rows) * size * shape[0] / shape[1]
    fig, axes = plt.subplots(len(rows), ncols, figsize=(ncols * size + 1, height), squeeze=False)
    for r, (row, label) in enumerate(zip(rows, row_labels, strict=True)):
        for c, ax in enumerate(axes[r]):
            draw_glyph(ax, row[c], None if col_titles is None or r else col_titles[c], shape=shape)
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


BCE_LABEL = "binary cross-entropy per pixel"
SQUARED_ERROR_LABEL = "squared error per character, ½Σ(y − o)²"


def training_curves(logs, title=None, loss_label=BCE_LABEL):
    """Loss and worst-character wrong pixels vs epoch, side by side, one line per run.

    `logs` maps a label (structure, learning rate, ...) to a `utils.training.TrainingLog`;
    `loss_label` names the loss the runs were trained with.
    """
    fig, (ax_loss, ax_wrong) = plt.subplots(1, 2, figsize=(11, 3.8))
    for label, log in logs.items():
        ax_loss.plot(log.epochs, log.loss, label=label, lw=1.2)
        ax_wrong.plot(log.epochs, log.max_wrong_pixels, label=label, lw=1.2)
    ax_loss.set(xlabel="epoch", ylabel=loss_label, yscale="log", title="loss")
    ax_wrong.set(xlabel="epoch", ylabel="wrong pixels", title="wrong pixels of the worst character")
    ax_wrong.axhline(1, color="0.4", ls=":", lw=1)
    ax_wrong.set_ylim(bottom=0)
    ax_wrong.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def loss_curves(logs, title=None, loss_label=BCE_LABEL):
    """Loss vs epoch for several runs on one axis (the learning-rate study)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, log in logs.items():
        ax.plot(log.epochs, log.loss, label=label, lw=1.2)
    ax.set(xlabel="epoch", ylabel=loss_label, yscale="log", title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _label_points(ax, z, names, color="C3"):
    """Scatter the latent codes `z` and write each character's name beside its point."""
    ax.scatter(z[:, 0], z[:, 1], s=12, color=color, zorder=3)
    for (x, y), name in zip(z, names, strict=True):
        ax.annotate(name, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=9, color=color, zorder=4)


def latent_scatter(z, names, title="latent space"):
    """The encoded characters as labelled points in the 2-D latent space."""
    fig, ax = plt.subplots(figsize=(6, 5.5))
    _label_points(ax, np.asarray(z), names)
    ax.set(xlabel="$z_1$", ylabel="$z_2$", title=title)
    fig.tight_layout()
    return fig


def latent_path_figure(z, names, path_z, path_images, start, end):
    """A straight latent path between two characters: where it runs, and what it decodes to."""
    z = np.asarray(z)
    fig = plt.figure(figsize=(9, 7))
    grid = fig.add_gridspec(2, len(path_images), height_ratios=[5, 1])
    ax = fig.add_subplot(grid[0, :])
    _label_points(ax, z, names, color="0.5")
    ax.plot(path_z[:, 0], path_z[:, 1], "-o", color="C0", ms=4, zorder=5)
    for i, (x, y) in enumerate(path_z):
        ax.annotate(str(i), (x, y), xytext=(-8, -10), textcoords="offset points", fontsize=8, color="C0")
    ax.set(xlabel="$z_1$", ylabel="$z_2$", title=f"straight path from '{start}' to '{end}' in the latent space")
    for i, image in enumerate(path_images):
        draw_glyph(fig.add_subplot(grid[1, i]), image, str(i))
    fig.tight_layout()
    return fig


def latent_mosaic(images, z1, z2, z, names, is_known):
    """Decoded glyphs on a regular latent grid, drawn where they live, with the characters on top.

    `images` is (len(z2), len(z1), 35), row i decoded at z2[i]; cells whose binarized glyph is
    one of the 32 characters (`is_known`) are plain, every other cell is a new glyph and is
    framed in orange.
    """
    rows, cols = GLYPH_SHAPE
    n2, n1 = len(z2), len(z1)
    dz1, dz2 = (z1[1] - z1[0]), (z2[1] - z2[0])
    fig, ax = plt.subplots(figsize=(10, 10 * (n2 * rows) / (n1 * cols) * 0.75))
    for i in range(n2):
        for j in range(n1):
            cx, cy = z1[j], z2[i]
            box = [cx - 0.42 * dz1, cx + 0.42 * dz1, cy - 0.45 * dz2, cy + 0.45 * dz2]
            ax.imshow(images[i, j].reshape(GLYPH_SHAPE), cmap="gray_r", vmin=0, vmax=1, extent=box, zorder=1)
            if not is_known[i, j]:
                ax.add_patch(
                    plt.Rectangle((box[0], box[2]), box[1] - box[0], box[3] - box[2], fill=False, ec="C1", lw=1.5)
                )
    _label_points(ax, np.asarray(z), names)
    ax.set(xlim=(z1[0] - dz1 / 2, z1[-1] + dz1 / 2), ylim=(z2[0] - dz2 / 2, z2[-1] + dz2 / 2))
    ax.set(xlabel="$z_1$", ylabel="$z_2$", title="decoded latent grid: orange frames are glyphs not in the font")
    ax.set_aspect("auto")
    ax.grid(False)
    fig.tight_layout()
    return fig
