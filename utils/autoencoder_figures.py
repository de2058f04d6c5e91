"""Figures of notebook 1 (the character autoencoder): training curves and the 2-D latent space.

Every function returns a matplotlib Figure and leaves saving to `utils.deck`;
glyphs are drawn by `utils.glyphs`, fonts and colours come from `utils.style`.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects

from utils.glyphs import GLYPH_SHAPE, draw_glyph
from utils.style import GLYPH_CMAP, LABEL_COLOR, MAX_HEIGHT, plain_log_yscale

BCE_LABEL = "binary cross-entropy per pixel"
SQUARED_ERROR_LABEL = "squared error per character, ½Σ(y − o)²"
HALO = [patheffects.withStroke(linewidth=3, foreground="white")]  # keeps a label readable over black pixels
KNOWN_FRAME = "tab:blue"
MARKERS = "os^vDP"
MARKS_PER_LINE = 8


def format_learning_rate(learning_rate):
    """A learning rate as '1e-3', '3e-3' or '9.85e-4': the one format of every label, legend and table."""
    return np.format_float_scientific(learning_rate, trim="-", exp_digits=1)


def training_curves(logs, title=None, loss_label=BCE_LABEL):
    """Loss and worst-character wrong pixels vs epoch, side by side, one line per run.

    `logs` maps a label (structure, learning rate, ...) to a `utils.training.TrainingLog`;
    `loss_label` names the loss the runs were trained with. A run keeps its colour, line style
    and marker in both panels; the markers sit at different epochs for each run, so runs whose
    curves coincide stay apart. One legend below names them.
    """
    fig, (ax_loss, ax_wrong) = plt.subplots(1, 2, figsize=(12, 4.6 + 0.3 * len(logs) / 3))
    for i, (label, log) in enumerate(logs.items()):
        every = max(len(log.epochs) // MARKS_PER_LINE, 1)
        marks = {"marker": MARKERS[i % len(MARKERS)], "markevery": (i * every // len(logs), every), "ms": 7}
        ax_loss.plot(log.epochs, log.loss, label=label, **marks)
        ax_wrong.plot(log.epochs, log.max_wrong_pixels, **marks)
    ax_loss.set(xlabel="epoch", ylabel=loss_label, title="Loss")
    plain_log_yscale(ax_loss)
    ax_wrong.set(xlabel="epoch", ylabel="wrong pixels", title="Wrong pixels of the worst character")
    one_pixel = ax_wrong.axhline(1, color="0.3", ls=":", lw=1.2, label="1 wrong pixel")
    ax_wrong.set_ylim(bottom=-0.6)  # 0 wrong pixels drawn above the axis line, where it can be seen
    handles = [*ax_loss.get_lines(), one_pixel]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3))
    if title:
        fig.suptitle(title)
    return fig


def _code_points(ax, z, color=LABEL_COLOR):
    """Scatter the latent codes `z` as small points; return them."""
    return ax.scatter(z[:, 0], z[:, 1], s=16, color=color, edgecolors="white", linewidths=0.5, zorder=3)


def _label_points(ax, z, names, color=LABEL_COLOR):
    """Scatter the latent codes `z`, write each character's name beside its point on a white halo; return the points.

    The axes get a margin around the points, so a name written above and right of the highest or
    rightmost point stays inside them.
    """
    points = _code_points(ax, z, color)
    for (x, y), name in zip(z, names, strict=True):
        ax.annotate(name, (x, y), xytext=(3, 3), textcoords="offset points", color=color, zorder=4, path_effects=HALO)
    ax.margins(0.08)
    return points


def latent_scatter(z, names, title="Latent space"):
    """The encoded characters as labelled points in the 2-D latent space."""
    fig, ax = plt.subplots(figsize=(7, 6))
    _label_points(ax, np.asarray(z), names)
    ax.set(xlabel="$z_1$", ylabel="$z_2$")
    fig.suptitle(title)
    return fig


def latent_path_figure(z, names, path_z, path_images, start, end, title=None):
    """A straight latent path between two characters: where it runs, and what it decodes to.

    The path's points are drawn among the characters' codes, and the glyphs decoded at them below,
    numbered from 0 at `start` to the last at `end`; `title` defaults to naming the two characters.
    """
    z = np.asarray(z)
    fig = plt.figure(figsize=(10, 7.5))
    grid = fig.add_gridspec(2, len(path_images), height_ratios=[4, 1])
    ax = fig.add_subplot(grid[0, :])
    _label_points(ax, z, names, color="0.45")
    ax.plot(path_z[:, 0], path_z[:, 1], "-o", color="C0", ms=5, zorder=5, label="path, decoded below")
    ax.legend()
    ax.set(xlabel="$z_1$", ylabel="$z_2$")
    fig.suptitle(title or f"Straight path from '{start}' to '{end}' in the latent space")
    last = len(path_images) - 1
    for i, image in enumerate(path_images):
        name = {0: f" = '{start}'", last: f" = '{end}'"}.get(i, "")
        draw_glyph(fig.add_subplot(grid[1, i]), image, f"{i}{name}")
    return fig


def latent_mosaic(images, z1, z2, z, is_known, title=None):
    """Decoded glyphs on a regular latent grid, drawn where they live, with the characters' codes on top.

    `images` is (len(z2), len(z1), 35), row i decoded at z2[i]; `is_known` marks the cells whose
    binarized glyph is one of the font's characters. Those are the fewer, so they are the ones
    framed; every unframed cell is a new glyph. The characters' codes are drawn as points, unnamed:
    the glyphs around them show which character each is, and names would cover the glyphs where
    the codes crowd (`latent_scatter` names them). A legend says what frames and points mean, and
    the default title counts the known cells.
    """
    n2, n1 = len(z2), len(z1)
    dz1, dz2 = (z1[1] - z1[0]), (z2[1] - z2[0])
    row = min(0.55, (MAX_HEIGHT - 0.8) / n2)  # inches per grid row, the slide's height; a column is 1.25 times narrower
    fig, ax = plt.subplots(figsize=(n1 * row / 1.25 + 5.0, n2 * row + 0.8))  # the legend on the right
    for i in range(n2):
        for j in range(n1):
            cx, cy = z1[j], z2[i]
            box = [cx - 0.4 * dz1, cx + 0.4 * dz1, cy - 0.43 * dz2, cy + 0.43 * dz2]
            ax.imshow(images[i, j].reshape(GLYPH_SHAPE), cmap=GLYPH_CMAP, vmin=0, vmax=1, extent=box, zorder=1)
            if is_known[i, j]:
                corner, width, height = (box[0], box[2]), box[1] - box[0], box[3] - box[2]
                ax.add_patch(plt.Rectangle(corner, width, height, fill=False, ec=KNOWN_FRAME, lw=2, zorder=2))
    points = _code_points(ax, np.asarray(z))
    ax.set(xlim=(z1[0] - dz1 / 2, z1[-1] + dz1 / 2), ylim=(z2[0] - dz2 / 2, z2[-1] + dz2 / 2))
    ax.set(xlabel="$z_1$", ylabel="$z_2$")
    ax.set_aspect("auto")
    ax.grid(False)
    frame = plt.Rectangle((0, 0), 1, 1, fill=False, ec=KNOWN_FRAME, lw=2, label="decodes to a character of the font")
    points.set_label(f"code of one of the {len(z)} characters")
    fig.legend(handles=[frame, points], loc="outside right upper")
    known = int(np.sum(is_known))
    fig.suptitle(title or f"Decoded latent grid: {known} of {n1 * n2} cells are font characters")
    return fig


def explorer_view(z, glyph, codes, names, known_name=None):
    """Notebook 1's latent explorer: the characters' codes with a star at `z`, and the glyph decoded there.

    `glyph` is the decoder's 35 pixels at `z`; `codes` (n, 2) and `names` (n) are the characters'
    latent codes and names. `known_name` is the character whose binarized pixels the glyph
    matches, or None when the binarized glyph is in no character of the font: the title says
    which, so a reader sees at once whether this z generates a new letter.
    """
    z = np.asarray(z, dtype=float)
    codes = np.asarray(codes, dtype=float)
    glyph = np.asarray(glyph)
    if z.shape != (2,):
        raise ValueError(f"z must be one latent point (z1, z2), got shape {z.shape}")
    if codes.ndim != 2 or codes.shape[1] != 2 or len(codes) != len(names):
        raise ValueError(f"codes must be (n, 2) with one name each, got shape {codes.shape} and {len(names)} names")
    if glyph.size != GLYPH_SHAPE[0] * GLYPH_SHAPE[1]:
        raise ValueError(f"glyph must hold {GLYPH_SHAPE[0]}x{GLYPH_SHAPE[1]} pixels, got shape {glyph.shape}")
    if known_name is not None and known_name not in names:
        raise ValueError(f"known_name {known_name!r} is not one of the characters' names")
    fig, (ax_map, ax_glyph) = plt.subplots(1, 2, figsize=(10, 5), gridspec_kw={"width_ratios": [1.8, 1]})
    _label_points(ax_map, codes, names, color="0.45")
    ax_map.plot(*z, marker="*", markersize=20, color="C3", zorder=5)
    ax_map.set(xlabel="$z_1$", ylabel="$z_2$", title=f"Codes of the {len(codes)} characters; star: z")
    draw_glyph(ax_glyph, glyph)
    ax_glyph.set_title("Decoded glyph")
    verdict = f"the font's '{known_name}'" if known_name is not None else "a new glyph, not in the font"
    fig.suptitle(f"z = ({z[0]:.2f}, {z[1]:.2f}) decodes to {verdict}")
    return fig
