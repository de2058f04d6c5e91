"""Figures specific to the denoising notebook: scores against the noise level, per character.

Character images (original / noisy / reconstructed triplets) are drawn with the shared
primitives of `utils.lesson.glyphs`; this module adds the curves, heatmaps and bars that read a score
against a noise level or a character. The decoders keep one colour everywhere
(`utils.lesson.style.DECODER_COLORS`) and the legends define them, the limit and the ceilings above all.
Every function returns a matplotlib Figure and leaves saving to `utils.report.saving`.
"""

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from utils.lesson.metrics import wilson_interval
from utils.lesson.style import DECODER_COLORS, HEATMAP_CMAP

LINES = {
    "reference": {"linestyle": "-", "marker": "o"},
    "improved": {"linestyle": "-", "marker": "s"},
    "committing": {"linestyle": "-", "marker": "^"},
    "limit": {"linestyle": "--", "marker": "", "linewidth": 2.2},
    "ML ceiling": {"linestyle": ":", "marker": "", "linewidth": 2.6},
    "exact-k Bayes": {"linestyle": "-.", "marker": "", "linewidth": 2.2},
}
STYLES = {name: {"color": DECODER_COLORS[name], **line} for name, line in LINES.items()}
# Other series (variants of a decoder, say) in colours and markers no named decoder uses.
OTHER_STYLES = [
    {"color": color, "marker": marker, "linestyle": "--"}
    for color, marker in zip(("tab:brown", "tab:pink", "tab:olive", "tab:cyan"), "DvPX", strict=True)
]
DEFINITIONS = {
    "reference": "reference recipe",
    "improved": "improved denoiser",
    "committing": "committing denoiser",
    "limit": "limit: nearest character, a tie counts as a failure",
    "ML ceiling": "ML ceiling: nearest character, ties broken at random",
    "exact-k Bayes": "exact-k Bayes ceiling: a character exactly k pixels away",
}
TIES_NOTE = (
    "The limit counts a tie (characters equally near the input) as a failure; a network commits to one of\n"
    "the tied characters and is sometimes right, so it can beat the limit."
)


def _check_series(levels, series):
    """Raise unless every series is a list of numbers aligned with `levels`."""
    if not series:
        raise ValueError("give at least one series to plot, e.g. {'improved': rates}")
    for label, values in series.items():
        if np.shape(values) != (len(levels),):
            raise ValueError(f"series {label!r} has shape {np.shape(values)}: give one value per level ({len(levels)})")


def _in_legend_order(series):
    """The (name, values) pairs with the named decoders first, networks before yardsticks, then the rest."""
    order = list(DEFINITIONS)
    return sorted(series.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def _styles(series):
    """The style of each series: the named decoders' own, the others' from `OTHER_STYLES` in order."""
    unnamed = [label for label in series if label not in STYLES]
    if len(unnamed) > len(OTHER_STYLES):
        raise ValueError(f"at most {len(OTHER_STYLES)} series besides the named decoders, got {unnamed}")
    others = dict(zip(unnamed, OTHER_STYLES, strict=False))
    return {label: STYLES.get(label) or others[label] for label in series}


def level_curves(levels, series, xlabel, ylabel, title=None, percent=False, samples=None):
    """Plot one curve per named series against the noise levels, e.g. wrong pixels vs the noise level σ.

    Named decoders ('reference', 'improved', 'committing', 'limit', 'ML ceiling', 'exact-k Bayes')
    get fixed styles and a legend entry that defines them. With `percent`, values in [0, 1] are
    shown as percentages. With `samples`, the number of samples each rate was measured on, every
    curve gets a shaded band, its 95 % Wilson interval: curves whose bands overlap differ by no more
    than sampling noise. One series gets a smaller canvas.
    To compare decoders that lie near each other, draw their gaps to one of them: `gap_to_ceiling`.
    """
    _check_series(levels, series)
    scale = 100 if percent else 1
    styles = _styles(series)
    fig, ax = plt.subplots(figsize=(12, 5.3) if len(series) > 1 else (8, 5))
    for label, values in _in_legend_order(series):
        values, style = np.asarray(values, dtype=float), styles[label]
        if samples is not None:
            low, high = wilson_interval(np.clip(values, 0, 1), samples)
            ax.fill_between(levels, scale * low, scale * high, color=style["color"], alpha=0.15, lw=0)
        ax.plot(levels, scale * values, label=DEFINITIONS.get(label, label), **style)
    ax.set_xlabel(xlabel)
    ax.set_xticks(levels)
    ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    handles = ax.get_legend_handles_labels()[0]
    if samples is not None:
        handles.append(Patch(color="0.5", alpha=0.3, lw=0, label=f"shaded: 95 % interval over {samples:,} samples"))
    if len(handles) > 1:
        fig.legend(handles=handles, loc="outside lower center", ncols=2)
    if title:
        fig.suptitle(title)
    return fig


def difference_interval(rate, other, samples, other_samples=None, z=1.96):
    """The 95 % interval of `rate - other`, rates measured on `samples` (and `other_samples`) draws: Newcombe's.

    Newcombe's hybrid score interval combines the two rates' Wilson intervals
    (`utils.lesson.metrics.wilson_interval`): the difference minus the root sum of squares of the
    distances to the lower bound of `rate` and the upper bound of `other`, and the converse for
    the upper end. `other_samples` defaults to `samples`. The two rates are treated as
    independent; measured on the same samples, which share their hard cases, they vary together,
    so the interval is, if anything, too wide. Returns (low, high) arrays shaped like the rates.
    """
    rate, other = np.asarray(rate, dtype=float), np.asarray(other, dtype=float)
    low1, high1 = wilson_interval(np.clip(rate, 0, 1), samples, z)
    low2, high2 = wilson_interval(np.clip(other, 0, 1), samples if other_samples is None else other_samples, z)
    difference = rate - other
    return difference - np.hypot(rate - low1, high2 - other), difference + np.hypot(high1 - rate, other - low2)


def gap_to_ceiling(levels, series, xlabel, ylabel, samples, ceiling="ML ceiling", title=None):
    """Rates against the noise levels (left) and each decoder's gap to a ceiling (right), both with sampling bands.

    `series` maps a decoder's name to its rates in [0, 1], one per level, as `level_curves` takes
    them, and holds the `ceiling` (by default the maximum-likelihood ceiling; any series the others are
    measured from, such as 'improved' for its variants). Left: every series in
    percent on a linear axis, with its 95 % Wilson interval over `samples` draws per level. Right:
    each decoder's rate minus the ceiling's, in percentage points, on a linear axis around the
    ceiling itself, drawn at 0 in its own style; the reference recipe, tens of points below, stays
    in the left panel only. The band around a gap is the 95 % interval of the difference
    (`difference_interval`): where it holds 0, the decoder and the ceiling differ by no more than
    sampling noise.
    """
    _check_series(levels, series)
    if ceiling not in series:
        raise ValueError(f"series holds no {ceiling!r} to measure the gaps from, only {sorted(series)}")
    gaps = {label: values for label, values in series.items() if label not in (ceiling, "reference")}
    if not gaps:
        raise ValueError(f"give at least one decoder besides {ceiling!r} and 'reference' to draw a gap for")
    styles = _styles(series)
    fig, (ax_rate, ax_gap) = plt.subplots(1, 2, figsize=(12, 5.3))
    for label, values in _in_legend_order(series):
        values, style = np.asarray(values, dtype=float), styles[label]
        low, high = wilson_interval(np.clip(values, 0, 1), samples)
        ax_rate.fill_between(levels, 100 * low, 100 * high, color=style["color"], alpha=0.15, lw=0)
        ax_rate.plot(levels, 100 * values, label=DEFINITIONS.get(label, label), **style)
    top, name = np.asarray(series[ceiling], dtype=float), DEFINITIONS.get(ceiling, ceiling).split(":")[0]
    ceiling_line = {key: value for key, value in styles[ceiling].items() if key != "marker"}
    ax_gap.axhline(0, **ceiling_line)
    for label, values in _in_legend_order(gaps):
        values, style = np.asarray(values, dtype=float), styles[label]
        low, high = difference_interval(values, top, samples)
        ax_gap.fill_between(levels, 100 * low, 100 * high, color=style["color"], alpha=0.15, lw=0)
        ax_gap.plot(levels, 100 * (values - top), **style)
    ax_rate.set(xlabel=xlabel, ylabel=f"{ylabel} (%)", ylim=(0, 101), title=f"{ylabel[0].upper()}{ylabel[1:]}")
    ax_gap.set(xlabel=xlabel, ylabel=f"{ylabel} minus the {name}\n(percentage points)", title=f"Gap to the {name}")
    for ax in (ax_rate, ax_gap):
        ax.set_xticks(levels)
    handles = ax_rate.get_legend_handles_labels()[0]
    note = f"shaded: each curve's 95 % sampling interval, {samples:,} samples a level"
    handles.append(Patch(color="0.5", alpha=0.3, lw=0, label=note))
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    if title:
        fig.suptitle(title)
    return fig


def per_character_heatmap(levels, values, names, level_label, value_label, title=None, columns=16):
    """A heatmap of one value per character (columns) and noise level (rows), each cell annotated.

    `values` has one row per character and one column per level. The characters are split
    into panels of `columns`, stacked, so the numbers stay readable; one colour bar serves all.
    """
    values = np.asarray(values, dtype=float)
    if values.shape != (len(names), len(levels)):
        expected = (len(names), len(levels))
        raise ValueError(f"values must have shape (characters, levels) = {expected}, got {values.shape}")
    panels = -(-len(names) // columns)
    fig, axes = plt.subplots(panels, 1, figsize=(12, 0.4 * len(levels) * panels + 1.6), squeeze=False)
    norm = plt.Normalize(0, values.max() or 1)
    for p, ax in enumerate(axes[:, 0]):
        chunk = slice(p * columns, (p + 1) * columns)
        block = values[chunk].T
        image = ax.imshow(block, cmap=HEATMAP_CMAP, norm=norm, aspect="auto")
        for (row, col), value in np.ndenumerate(block):
            dark = norm(value) > 0.6
            ax.text(col, row, f"{value:.1f}", ha="center", va="center", color="white" if dark else "black")
        ax.set_xticks(range(block.shape[1]), names[chunk])
        ax.set_yticks(range(len(levels)), [f"{level:g}" for level in levels])
        ax.set_ylabel(level_label)
        ax.tick_params(length=0)
        ax.grid(False)
        ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=axes[:, 0], label=value_label, shrink=0.9)
    if title:
        fig.suptitle(title)
    return fig


def per_character_bars(names, series, ylabel, title=None, percent=False, samples=None):
    """Grouped bars, one group per character and one bar per named series (e.g. the three decoders).

    With `samples`, the number of samples each character's rates were measured on, each bar gets
    an error bar, the 95 % Wilson interval of its rate: two bars whose intervals overlap differ by
    no more than sampling noise; the legend says so. With a 'limit' series and another series
    above it on some character, a note under the axes explains why that is no bug; with `samples`
    it names only the characters where a network lies above or below the limit beyond sampling
    noise, and how many would by chance alone (5 % of the characters, with 95 % intervals).
    """
    _check_series(names, series)
    scale = 100 if percent else 1
    width = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(12, 5.3))
    x = np.arange(len(names))
    highest = 0.0
    error_style = {"elinewidth": 1.2, "ecolor": "0.6", "capsize": 0}  # grey: seen on black bars too
    for i, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        offset = (i - (len(series) - 1) / 2) * width
        color = DECODER_COLORS.get(label)
        errors = None
        if samples is not None:
            low, high = wilson_interval(np.clip(values, 0, 1), samples)
            errors = scale * np.stack([values - low, high - values])
            highest = max(highest, np.max(high))
        highest = max(highest, np.max(values))
        ax.bar(
            x + offset,
            scale * values,
            width,
            label=DEFINITIONS.get(label, label),
            color=color,
            yerr=errors,
            error_kw=error_style,
        )
    ax.set_xticks(x, names)
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    ax.set_ylim(0, 1.03 * scale * (highest or 1))
    if percent:
        ax.set_yticks(range(0, 101, 20))
    handles = ax.get_legend_handles_labels()[0]
    if samples is not None:
        handles.append(
            Line2D(
                [],
                [],
                color=error_style["ecolor"],
                marker="|",
                ms=12,
                ls="",
                label=f"error bars: 95 % sampling interval, {samples:,} samples per character",
            )
        )
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=min(len(handles), 2))
    if "limit" in series:
        limit = np.asarray(series["limit"])
        others = [np.asarray(v) for label, v in series.items() if label != "limit"]
        above = [i for i in range(len(names)) if any(v[i] > limit[i] for v in others)]
        if above:
            listed = ", ".join(repr(names[i]) for i in above)
            if samples is None:
                note = textwrap.fill(f"Above the limit on {listed}.", 110)
            else:  # a difference inside the sampling noise is called noise
                parts = []  # only what lies beyond sampling noise: most rises above the limit are noise
                for label, rates in series.items():  # each network that beats the limit somewhere
                    if label == "limit" or not any(np.asarray(rates) > limit):
                        continue
                    low, high = difference_interval(rates, limit, samples)
                    higher = ", ".join(repr(n) for n, clear in zip(names, low > 0, strict=True) if clear) or "none"
                    lower = ", ".join(repr(n) for n, clear in zip(names, high < 0, strict=True) if clear) or "none"
                    beyond = f"beyond sampling noise (95 % interval): above on {higher}, below on {lower}"
                    parts.append(f"{label[:1].upper()}{label[1:]} {beyond}")
                note = ";\n".join(textwrap.fill(part, 110) for part in parts) + "."  # a line each, none orphaned
                chance = 0.05 * len(names)  # each character's interval misses its true difference 5 % of the time
                note += f"\nWith {len(names)} characters, about {chance:.1f} lie beyond by chance alone at 95 %."
            note = f"{note}\n{TIES_NOTE}"
            ax.annotate(
                note,
                (0, 0),
                xycoords="axes fraction",
                xytext=(0, -36),
                textcoords="offset points",
                va="top",
                color="0.2",
            )
    if title:
        fig.suptitle(title)
    return fig
