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


def glyph_rows(rows, row_labels, col_titles=None, size=0.9):
    """Draw aligned rows of characters, e.g. original / noisy / reconstructed, one row each."""
    ncols = len(rows[0])
    fig, axes = plt.subplots(len(rows), ncols, figsize=(ncols * size + 1, len(rows) * size * 1.4), squeeze=False)
    for r, (row, label) in enumerate(zip(rows, row_labels, strict=True)):
        for c, ax in enumerate(axes[r]):
            draw_glyph(ax, row[c], None if col_titles is None or r else col_titles[c])
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center")
    fig.tight_layout()
    return fig
