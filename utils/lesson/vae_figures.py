"""Every figure of notebook 3 (the variational autoencoder). Each function returns its Figure.

The functions take arrays (pixels in [0, 1], latent coordinates, labels, Keras history dicts),
not models, so they stay quick to test and free of TensorFlow; the notebook computes the arrays.
Digits are drawn by `utils.lesson.glyphs` at 28x28, the same way notebooks 1 and 2 draw their 7x5
characters: rows of digits as labelled grids, never as one long strip. The key number of a VAE
figure, its E, goes into the title the notebook passes.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

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


def loss_curves(histories, title, train_label="train", test_label="test"):
    """Train and test curves of the total loss, the reconstruction and the KL term per epoch, for each architecture.

    `histories` maps an architecture's name to its Keras history dict; one colour per architecture, train
    solid and test dashed. `train_label` and `test_label` name the two data sets in the legend (say how
    many images each holds).
    """
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.8))
    for name, history in histories.items():
        epochs = np.arange(1, len(history["loss"]) + 1)
        color = None  # the first panel picks the architecture's colour, the others follow it
        for ax, (key, _) in zip(axes, TERMS, strict=True):
            (line,) = ax.plot(epochs, history[key], "-", color=color, label=f"{name}, {train_label}")
            color = line.get_color()
            ax.plot(epochs, history[f"val_{key}"], "--", color=color, label=f"{name}, {test_label}")
    for ax, (_, label) in zip(axes, TERMS, strict=True):
        ax.set(xlabel="epoch", ylabel="nats per image", title=label)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    fig.suptitle(title)
    return fig


def generations(decoded_by_name, z, title):
    """The digits each architecture's decoder draws from the same codes z ~ N(0, I): one row per architecture,
    one column per code (titled with it), in blocks of five columns."""
    titles = [f"({a:.2f}, {b:.2f})".replace("-", "−") for a, b in z]  # true minus signs, as on the axes
    rows, names = list(decoded_by_name.values()), list(decoded_by_name)
    return glyph_rows(rows, names, titles, size=1.0, shape=IMAGE_SHAPE, title=title, max_cols=5)


def _scatter_digits(ax, z_mean, labels):
    """The codes `z_mean` on `ax`, coloured by digit with the one digit colour map; returns the scatter."""
    points = ax.scatter(z_mean[:, 0], z_mean[:, 1], c=labels, cmap=DIGIT_CMAP, vmin=-0.5, vmax=9.5, s=2, alpha=0.6)
    latent_axis_labels(ax)
    return points


def latent_maps(codes_by_name, labels, title):
    """Each architecture's z_mean of the same images, side by side, coloured by digit, one colour bar for both."""
    fig, axes = plt.subplots(1, len(codes_by_name), figsize=(12, SQUARE), squeeze=False)
    for ax, (name, codes) in zip(axes[0], codes_by_name.items(), strict=True):
        points = _scatter_digits(ax, codes, labels)
        ax.set_title(name)
    fig.colorbar(points, ax=axes[0], ticks=range(10), label="digit")
    fig.suptitle(title)
    return fig


def manifolds(decoded_by_name, grid, title):
    """Each architecture's decoded grid over the latent space (rows: z_2 from high to low, columns: z_1), side by
    side, each a square image.

    `MANIFOLD_TICKS` grid values per axis are labelled, unrotated, at the cells they name (one more
    for a grid of even size, whose middle is no cell, so the ticks sit symmetrically).
    """
    n = len(grid)
    fig, axes = plt.subplots(1, len(decoded_by_name), figsize=(11, SQUARE), squeeze=False)
    count = MANIFOLD_TICKS + (n % 2 == 0)
    ticks = np.unique(np.linspace(0, n - 1, min(count, n)).round().astype(int))
    for ax, (name, decoded) in zip(axes[0], decoded_by_name.items(), strict=True):
        canvas = np.reshape(decoded, (n, n, SIDE, SIDE)).transpose(0, 2, 1, 3).reshape(n * SIDE, n * SIDE)
        ax.imshow(canvas, cmap=GLYPH_CMAP, vmin=0, vmax=1, extent=(-0.5, n - 0.5, n - 0.5, -0.5))
        ax.set_xticks(ticks, [f"{grid[i]:.1f}".replace("-", "\N{MINUS SIGN}") for i in ticks])
        ax.set_yticks(ticks, [f"{grid[::-1][i]:.1f}".replace("-", "\N{MINUS SIGN}") for i in ticks])
        latent_axis_labels(ax, " (Gaussian quantiles)")
        ax.grid(False)
        ax.set_title(name)
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
    fig.colorbar(_scatter_digits(left, z_mean, labels), ax=left, ticks=range(10), label="digit")
    left.set_title("Test codes and the chosen z")
    left.plot(*z, marker="*", markersize=18, color="black", mec="white", mew=1.2)
    draw_glyph(right, decoded, f"Decoded at z = ({z[0]:.2f}, {z[1]:.2f})", shape=IMAGE_SHAPE)
    if title:
        fig.suptitle(title)
    return fig


def overfitting(histories, test_intervals=None, title=None):
    """The over-fitting gap: test minus train negative ELBO per epoch, one line per architecture.

    `histories` maps a name to a Keras history dict with equally long `loss` and `val_loss`
    lists (at least one epoch); the loss curves themselves are `loss_curves`' figure. The first
    epoch's loss, averaged while the network is still untrained, is far above the rest, and its gap
    far from the later ones; with two epochs or more the plot therefore starts at the second epoch
    (the x axis says so), and its y axis holds every value drawn. `test_intervals` maps a name to
    the (mean, low, high) of its final test score (`utils.lesson.metrics.mean_interval`): the last
    epoch's gap then gets that interval as an error bar, the sampling noise of the test images
    (each architecture is one training run: the bar says nothing of another seed).
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
    unknown = set(test_intervals or {}) - set(histories)
    if unknown:
        raise ValueError(f"test_intervals names {sorted(unknown)}, which histories lack: give one per history")
    first = 2 if min(len(h["loss"]) for h in histories.values()) >= 2 else 1  # the first epoch drawn
    fig, ax = plt.subplots(figsize=(12, 4.6))
    lines = {}  # every line first: an error bar would take the next style of the axes' cycle
    for name, history in histories.items():
        epochs = np.arange(1, len(history["loss"]) + 1)[first - 1 :]
        gap = np.asarray(history["val_loss"])[first - 1 :] - np.asarray(history["loss"])[first - 1 :]
        (lines[name],) = ax.plot(epochs, gap, label=name)
    for name, (mean, low, high) in (test_intervals or {}).items():
        x, y = lines[name].get_xdata()[-1], lines[name].get_ydata()[-1]
        ax.errorbar(x, y, [[mean - low], [high - mean]], color=lines[name].get_color(), capsize=5, lw=2)
    ax.set_title("Gap: test minus train $-$ELBO")
    ax.set(xlabel="epoch" if first == 1 else "epoch (the first left out)", ylabel="test minus train (nats per image)")
    last = max(len(h["loss"]) for h in histories.values())
    ax.set_xlim(first, max(last, first + 1) + 0.02 * last)  # room for the last epoch's error bar
    handles = ax.get_legend_handles_labels()[0]
    if test_intervals:
        bar = "bar: the last test score's 95 % interval (test images' sampling; one training run each)"
        handles.append(Line2D([], [], color="0.3", marker="|", ms=12, ls="", label=bar))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    if title:
        fig.suptitle(title)
    return fig


def early_stopping_run(history, best_epoch, title=None):
    """One run trained with a validation split: its -ELBO per epoch (left) and its learning rate (right).

    `history` is a Keras history dict with `loss`, `val_loss` and `learning_rate` (what
    ReduceLROnPlateau logs each epoch); `best_epoch` (1-based) is the epoch EarlyStopping restored,
    marked in both panels. The rate is drawn as a share of the first epoch's, on a log-2 axis, so
    each halving is one step down ("1/4": halved twice). The first epoch is left out of the loss
    panel, as in `overfitting`.
    """
    missing = {"loss", "val_loss", "learning_rate"} - set(history)
    if missing:
        raise ValueError(f"the history lacks {sorted(missing)}: train with validation data and ReduceLROnPlateau")
    epochs = np.arange(1, len(history["loss"]) + 1)
    if not 1 <= best_epoch <= len(epochs):
        raise ValueError(f"best_epoch {best_epoch} is outside the history's epochs 1..{len(epochs)}")
    first = 2 if len(epochs) >= 2 else 1
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6))
    shown = slice(first - 1, None)
    left.plot(epochs[shown], np.asarray(history["loss"])[shown], "-", label="train")
    left.plot(epochs[shown], np.asarray(history["val_loss"])[shown], "--", label="validation")
    left.set(title="$-$ELBO per epoch", ylabel="nats per image")
    rates = np.asarray(history["learning_rate"], dtype=float)
    right.step(epochs, rates / rates[0], where="post", color="0.3")
    halvings = int(np.ceil(np.log2(rates[0] / rates.min()) - 1e-9))
    right.set_yscale("log", base=2)
    right.set_yticks([2.0**-k for k in range(halvings + 1)], ["1"] + [f"1/{2**k}" for k in range(1, halvings + 1)])
    right.minorticks_off()
    right.set(title="Learning rate", ylabel=f"learning rate (× {rates[0]:g})")
    for ax in (left, right):
        ax.axvline(best_epoch, color="0.3", ls=":", lw=1.2, label=f"best epoch ({best_epoch}), weights restored")
        ax.set_xlabel("epoch" if first == 1 else "epoch (the first left out)")
        ax.set_xlim(first, max(len(epochs), first + 1))
    left.legend()
    if title:
        fig.suptitle(title)
    return fig


def paired_differences(rows, title=None):
    """Differences between two models' mean scores on the same images, each with its 95 % interval.

    `rows` maps a label (what minus what, on which images) to (difference, low, high) in nats, as
    `utils.lesson.metrics.mean_interval` returns them. A dot-and-whisker row per comparison, the
    first on top, around a line at 0: an interval that crosses it is within sampling noise.
    """
    if not rows:
        raise ValueError("paired_differences needs at least one row")
    labels = list(rows)
    values = np.array([rows[label] for label in labels], dtype=float)
    y = -np.arange(len(labels))
    fig, ax = plt.subplots(figsize=(12, len(labels) + 1.4))
    ax.errorbar(
        values[:, 0], y, xerr=[values[:, 0] - values[:, 1], values[:, 2] - values[:, 0]], fmt="o", ms=8, capsize=6
    )
    ax.axvline(0, color="0.3", ls=":", lw=1.2)
    ax.set_yticks(y, labels)
    ax.set_ylim(y[-1] - 0.6, 0.6)
    ax.set_xlabel("difference in nats per image (below 0: the first is better); bars: 95 % interval")
    if title:
        fig.suptitle(title)
    return fig
