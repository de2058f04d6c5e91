"""Figures specific to the denoising notebook: scores against the noise level, per character.

Character images (original / noisy / reconstructed triplets) are drawn with the shared
primitives of `utils.plotting`; this module adds the curves and bars that read a score
against a noise level or a character. Every function returns a matplotlib Figure and
leaves saving to `utils.figures.save_figure`.
"""

import matplotlib.pyplot as plt
import numpy as np

STYLES = {
    "limit": {"color": "0.2", "linestyle": "--", "marker": ""},
    "reference": {"color": "tab:red", "marker": "o"},
    "improved": {"color": "tab:blue", "marker": "s"},
}


def _check_series(levels, series):
    """Raise unless every series is a list of numbers aligned with `levels`."""
    if not series:
        raise ValueError("give at least one series to plot, e.g. {'improved': rates}")
    for label, values in series.items():
        if np.shape(values) != (len(levels),):
            raise ValueError(f"series {label!r} has shape {np.shape(values)}: give one value per level ({len(levels)})")


def level_curves(levels, series, xlabel, ylabel, title=None, percent=False):
    """Plot one curve per named series against the noise levels, e.g. recovery rate vs flipped pixels.

    Series named 'limit', 'reference' or 'improved' get fixed styles so the three decoders
    look the same in every figure; with `percent`, values in [0, 1] are shown as percentages.
    """
    _check_series(levels, series)
    scale = 100 if percent else 1
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for label, values in series.items():
        style = STYLES.get(label, {"marker": "o"})
        ax.plot(levels, scale * np.asarray(values), label=label, **style)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    ax.set_xticks(levels)
    if len(series) > 1:
        ax.legend()
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def per_character_curves(levels, values, names, xlabel, ylabel, title=None):
    """Plot one curve per character (rows of `values`) against the noise levels, named in a legend."""
    values = np.asarray(values)
    if values.shape != (len(names), len(levels)):
        expected = (len(names), len(levels))
        raise ValueError(f"values must have shape (characters, levels) = {expected}, got {values.shape}")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    colors = plt.get_cmap("tab20")(np.linspace(0, 1, len(names)))
    markers = "os^vD"
    for i, (name, row) in enumerate(zip(names, values, strict=True)):
        ax.plot(levels, row, color=colors[i], marker=markers[i % len(markers)], markersize=3, linewidth=1, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xticks(levels)
    ax.legend(ncols=2, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def per_character_bars(names, series, ylabel, title=None, percent=False):
    """Grouped bars, one group per character and one bar per named series (e.g. the three decoders)."""
    _check_series(names, series)
    scale = 100 if percent else 1
    width = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(10, 3.6))
    x = np.arange(len(names))
    for i, (label, values) in enumerate(series.items()):
        color = STYLES.get(label, {}).get("color")
        ax.bar(x + (i - (len(series) - 1) / 2) * width, scale * np.asarray(values), width, label=label, color=color)
    ax.set_xticks(x, names)
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
