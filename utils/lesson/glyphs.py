"""Pixel images drawn as pictures: one glyph, a grid of glyphs, aligned rows of glyphs.

All three notebooks draw their images with these: the 7x5 characters of notebooks 1 and 2 and
the 28x28 MNIST digits of notebook 3 (pass `shape`). Pixels in [0, 1], black ink on white.
Grids are sized for a slide: an image is `size` inches wide unless the grid would then be wider
than `utils.lesson.style.MAX_WIDTH` or higher than `MAX_HEIGHT` (the figure's own title aside: the deck
shows it as the slide's title), a cell is as wide as its title needs, and long rows wrap into
blocks (`max_cols`) instead of running off as a strip. Every figure function returns a matplotlib
Figure and leaves saving to `utils.report.saving`.
"""

import matplotlib.pyplot as plt
import numpy as np

from utils.lesson.style import GLYPH_CMAP, MAX_HEIGHT, MAX_WIDTH

GLYPH_SHAPE = (7, 5)
TITLE_HEIGHT = 0.3  # inches above an image for one line of title
ROW_GAP = 0.1  # inches between two rows of images
SUPTITLE_HEIGHT = 0.5  # inches for the figure title
CHARACTER_WIDTH = 0.11  # inches per character of a title or row label at the style's font sizes


def draw_glyph(ax, pixels, title=None, shape=GLYPH_SHAPE):
    """Draw one image (pixels in [0, 1], `shape` rows x columns) on `ax`, framed, without ticks."""
    ax.imshow(np.asarray(pixels).reshape(shape), cmap=GLYPH_CMAP, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.8")
    if title is not None:
        ax.set_title(title)


def _text_size(texts):
    """(Inches of the widest line, most lines) among `texts`: the room a title or label needs; (0, 0) for none."""
    lines = [str(text).split("\n") for text in texts if text]
    widest = max((len(line) for text in lines for line in text), default=0)
    return CHARACTER_WIDTH * widest, max(map(len, lines), default=0)


def _image_axes(nrows, ncols, size, shape, title, titles, titled_rows, row_labels=()):
    """A figure of `nrows` x `ncols` image cells sized for a slide, with its axes as a 2-D array.

    An image is `size` inches wide, but smaller when the grid and the `row_labels` would not fit
    `MAX_WIDTH` x `MAX_HEIGHT`; it is as high as the image's shape asks. A cell is as wide as its
    widest title needs (the image centred in it), and `titled_rows` of the rows get room for the
    `titles` above their images.
    """
    title_width, title_lines = _text_size(titles or [])
    label_width = _text_size(row_labels)[0] + 0.2 if row_labels else 0.0
    room = (MAX_WIDTH - label_width) / ncols
    titles_height = titled_rows * title_lines * TITLE_HEIGHT
    aspect = shape[0] / shape[1]
    image = min(size, room, (MAX_HEIGHT - titles_height - nrows * ROW_GAP) / (nrows * aspect))
    width = min(max(image, title_width + 0.1), room)
    height = nrows * (image * aspect + ROW_GAP) + titles_height
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(label_width + ncols * width, height + (SUPTITLE_HEIGHT if title else 0)), squeeze=False
    )
    if title:
        fig.suptitle(title)
    return fig, axes


def glyph_grid(images, titles=None, ncols=8, size=0.9, title=None, shape=GLYPH_SHAPE):
    """Draw many images in a grid, row by row, each titled (e.g. with its name or its wrong pixels).

    `title` is the figure's title; `shape` is (28, 28) for MNIST digits.
    """
    images = np.asarray(images)
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    fig, axes = _image_axes(nrows, ncols, size, shape, title, titles, nrows)
    for i, ax in enumerate(axes.flat):
        if i < len(images):
            draw_glyph(ax, images[i], None if titles is None else titles[i], shape=shape)
        else:
            ax.axis("off")
    return fig


def glyph_rows(rows, row_labels, col_titles=None, size=0.9, shape=GLYPH_SHAPE, title=None, max_cols=10):
    """Draw aligned rows of images, e.g. original / noisy / reconstructed, as a labelled grid.

    Rows are labelled on the left and the first row carries the column titles. More than
    `max_cols` columns wrap into blocks of equal width stacked top to bottom, each with its own
    labels and column titles, so ten digits become two blocks of five instead of one long strip.
    `shape` is the image's (rows, columns): 7x5 characters by default, (28, 28) for MNIST digits.
    """
    if len(rows) != len(row_labels):
        raise ValueError(f"give one label per row: {len(rows)} rows, {len(row_labels)} labels")
    ncols = len(rows[0])
    if any(len(row) != ncols for row in rows) or (col_titles is not None and len(col_titles) != ncols):
        raise ValueError("every row, and the column titles, must have the same number of images")
    blocks = -(-ncols // max_cols)
    per_block = -(-ncols // blocks)
    fig, axes = _image_axes(blocks * len(rows), per_block, size, shape, title, col_titles, blocks, row_labels)
    for b in range(blocks):
        for r, (row, label) in enumerate(zip(rows, row_labels, strict=True)):
            line = axes[b * len(rows) + r]
            for c, ax in enumerate(line):
                column = b * per_block + c
                if column >= ncols:
                    ax.axis("off")
                    continue
                draw_glyph(ax, row[column], None if col_titles is None or r else col_titles[column], shape=shape)
            line[0].set_ylabel(label, rotation=0, ha="right", va="center")
    return fig
