"""The one look of every figure in the collection: matplotlib settings and shared colours.

`utils.lesson.session.prepare` applies the settings at the top of every notebook (and the tests apply
them too), so every figure module draws with the same fonts, grid, layout and colours without
repeating them. The figures are made for slides as much as for the notebooks: every text is at
least `MIN_FONT_SIZE` points at the saved size, and a saved figure is at most `MAX_WIDTH` x
`MAX_HEIGHT` inches, the content area of a 16:9 slide under its title and above its takeaway
(`utils.report.saving.fit_to_slide` shrinks a larger one before saving), so the deck places it at scale 1 or larger.
Titles are written in sentence case ("Exact recovery vs flipped pixels").
Mathtext draws a subscript at `SCRIPT_SHRINK` of its text's size, so the latent axes' labels
"$z_1$" and "$z_2$" are set at `LATENT_LABEL_SIZE`, where their subscripts reach the minimum too
(`latent_axis_labels`; `smallest_font_size` measures any text this way).
"""

import re

import matplotlib
from matplotlib import cycler, ticker
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

MIN_FONT_SIZE = 12
MAX_WIDTH = 12.3  # inches: a 16:9 slide is 13.33 x 7.5 in; this is its content area
MAX_HEIGHT = 5.5
MAX_ASPECT = 3.0  # saved width / height
SQUARE = 5.3  # inches: a square figure beside its text, as high as the content area once saved with its padding
SCRIPT_SHRINK = 0.7  # mathtext draws a sub- or superscript at this share of its text's size
LATENT_LABEL_SIZE = 18  # points: the subscript of "$z_1$" then projects at 12.6 pt

GLYPH_CMAP = "gray_r"  # pixels in [0, 1]: 0 white, 1 black ink
DIGIT_CMAP = "tab10"  # the one qualitative map for the ten MNIST digits
HEATMAP_CMAP = "YlOrRd"  # counts and rates per cell, low to high
LABEL_COLOR = "tab:red"  # character names written on latent-space plots

# Every figure that names a decoder draws it in the same colour.
DECODER_COLORS = {
    "reference": "tab:red",  # the reference recipe
    "improved": "tab:blue",  # the improved (pixel-wise) denoiser
    "committing": "tab:green",  # the committing denoiser
    "limit": "0.15",  # nearest character, ties count as failures
    "ML ceiling": "tab:orange",  # maximum likelihood, ties broken at random
    "exact-k Bayes": "tab:purple",  # the Bayes decoder that knows the number of flips k
}

# Runs in one plot differ in colour *and* line style, so lines that coincide stay distinguishable.
LINE_CYCLE = cycler(color=matplotlib.colormaps["tab10"].colors[:6]) + cycler(
    linestyle=["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2))]
)

PLOT_STYLE = {
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": MIN_FONT_SIZE,
    "ytick.labelsize": MIN_FONT_SIZE,
    "legend.fontsize": MIN_FONT_SIZE,
    "legend.title_fontsize": 13,
    "figure.titlesize": 15,
    "figure.labelsize": 13,
    "axes.prop_cycle": LINE_CYCLE,
    "lines.linewidth": 1.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "image.cmap": GLYPH_CMAP,
}


def apply_style():
    """Set matplotlib's defaults to the collection's style."""
    matplotlib.rcParams.update(PLOT_STYLE)


def plain_log_yscale(ax):
    """Put the y axis of `ax` on a log scale labelled in plain numbers (0.2, 0.5, 1, 2, 5, 10).

    Ticks sit at 1, 2 and 5 times the powers of ten, so even a range of less than a decade gets
    labels, and a slide reads "0.5" at a glance where matplotlib's default would write 5×10⁻¹.
    """
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1, 2, 5)))
    ax.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:g}"))
    ax.yaxis.set_minor_formatter(ticker.NullFormatter())


def smallest_font_size(text):
    """The size in points of the smallest part of a matplotlib Text as drawn: its subscripts count.

    Mathtext (between unescaped dollar signs) draws each level of sub- or superscript at
    `SCRIPT_SHRINK` of the level above it, so "$z_1$" at 13 pt has a part at 9.1 pt.
    """
    size = text.get_fontsize()
    if text.get_usetex():
        raise ValueError("usetex text is not measured: the collection draws its text with mathtext")
    segments = re.split(r"(?<!\\)\$", text.get_text())
    depth = max((_script_depth(math) for math in segments[1::2] if len(segments) % 2), default=0)
    return size * SCRIPT_SHRINK**depth


def _script_depth(math):
    """The deepest nesting of sub- and superscripts in one mathtext expression ("z_1" -> 1, "e^{x_i}" -> 2)."""
    deepest, levels, pending = 0, [0], False  # levels: the script level of each open brace group
    for i, char in enumerate(math):
        escaped = i > 0 and math[i - 1] == "\\"
        if char in "_^" and not escaped:
            pending = True
            deepest = max(deepest, levels[-1] + 1)
        elif char == "{" and not escaped:
            levels.append(levels[-1] + 1 if pending else levels[-1])
            pending = False
        elif char == "}" and not escaped and len(levels) > 1:
            levels.pop()
        elif not char.isspace():
            pending = False  # a one-character script: back at the level of its base after it
    return deepest


def latent_axis_labels(ax, note=""):
    """Label the axes of a 2-D latent plot "$z_1$" and "$z_2$" (plus `note`), large enough that the subscripts are read.

    At `LATENT_LABEL_SIZE` points the subscript is drawn at `SCRIPT_SHRINK` of that, at least `MIN_FONT_SIZE`.
    """
    ax.set_xlabel(f"$z_1${note}", fontsize=LATENT_LABEL_SIZE)
    ax.set_ylabel(f"$z_2${note}", fontsize=LATENT_LABEL_SIZE)


# The slides (utils.report.slides) set their own text in matplotlib's font, the same on every machine, at these
# sizes in points; `utils.report.saving.one_line` checks that each title and takeaway fits one line.
SLIDE_FONT = "DejaVu Sans"
SLIDE_SIZES = {"cover": 40, "section": 32, "title": 22, "body": 20, "takeaway": 18, "footer": 12}


def slide_text_width(text, size, bold=False):
    """The width in inches of `text` set on one line in the slides' font at `size` points."""
    font = FontProperties(family=SLIDE_FONT, size=size, weight="bold" if bold else "normal")
    return TextToPath().get_text_width_height_descent(text, font, ismath=False)[0] / 72
