"""The one style: every public figure function of the four figure modules draws a slide-ready figure.

For typical inputs, at the notebooks' sizes (32 characters, 17 x 17 and 20 x 20 grids, 8,192 samples
per level, 200 epochs), each figure is drawn at most `MAX_WIDTH` inches wide and `MAX_ASPECT` times
as wide as high, fits the slide's content area (`MAX_WIDTH` x `MAX_HEIGHT`) as it is saved, every
text on it is at least `MIN_FONT_SIZE` points, subscripts included, no text lies on another, and the
titles it draws itself are in sentence case.
"""

import inspect

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.figure_checks import FONT_LIKE_CODES, overlapping_texts, too_small  # noqa: E402
from utils.lesson import autoencoder_figures, denoising_figures, glyphs, style, vae_figures  # noqa: E402
from utils.lesson.font import load_font  # noqa: E402
from utils.lesson.training import TrainingLog  # noqa: E402
from utils.report.saving import SAVE_PAD, fit_to_slide  # noqa: E402

RNG = np.random.default_rng(0)
FONT = load_font()
X, NAMES = FONT.pixels, list(FONT.names)
DIGITS = RNG.random((12, 784)).astype("float32")
LABELS = np.arange(12) % 10
Z = np.array([FONT_LIKE_CODES[name] for name in NAMES])  # a dozen codes crowd near the origin, as in notebook 1
LEVELS = [0, 1, 2, 3, 4, 5, 6]
SAMPLES = 8192  # per level, as in notebook 2
RATES = {
    "reference": np.linspace(0.47, 0.07, 7),
    "improved": 1 - np.linspace(0, 0.073, 7),
    "limit": 1 - np.linspace(0, 0.078, 7),
    "committing": 1 - np.linspace(0, 0.051, 7),
    "ML ceiling": 1 - np.linspace(0, 0.049, 7),
    "exact-k Bayes": 1 - np.linspace(0, 0.031, 7),
}
EPOCHS = np.arange(1, 201)
HISTORY = {
    "loss": list(135 + 60 * np.exp(-EPOCHS / 15)),
    "val_loss": list(147 + 40 * np.exp(-EPOCHS / 12) + EPOCHS / 15),
}
HISTORY["loss"][0], HISTORY["val_loss"][0] = 215.0, 182.0  # the first epoch: averaged while still untrained
HISTORY |= {f"{prefix}{term}": HISTORY[f"{prefix}loss"] for prefix in ("", "val_") for term in ("reconstruction", "kl")}


def log(epochs=2000):
    """A training log with a falling loss and a falling worst-character error."""
    loss = np.geomspace(7, 0.2, epochs)
    return TrainingLog(loss, np.linspace(30, 3, epochs).round(), seconds=1.0, compiled=False)


def mosaic(n=17):
    """A decoded latent grid of n x n glyphs over the codes' range, as notebook 1 builds it, a quarter of them known."""
    images = X[RNG.integers(0, 32, (n, n))]
    low, high = Z.min(axis=0), Z.max(axis=0)
    pad = 0.08 * (high - low)
    z1, z2 = (np.linspace(low[i] - pad[i], high[i] + pad[i], n) for i in (0, 1))
    return images, z1, z2, Z, RNG.random((n, n)) < 0.25


RUNS = {name: log() for name in ("sigmoid, linear latent", "tanh, linear latent", "elu, linear, batch 32, lr 1e-2")}
ARCHITECTURES = {"784-128-64-2\nE = 0.171": DIGITS[:10], "784-256-128-2\nE = 0.168": DIGITS[:10]}

# One typical call per public figure function: the notebooks' own shapes and sizes.
FIGURE_CALLS = {
    "glyphs.glyph_grid": lambda: glyphs.glyph_grid(X, NAMES, ncols=8, title="The 32 characters of font.h"),
    "glyphs.glyph_rows": lambda: glyphs.glyph_rows(
        [X[:10], X[10:20], X[20:30], X[:10]],
        ["original", "noisy", "reference", "improved"],
        [f"'{name}', k={k}" for name in "az" for k in range(2, 7)],
        title="Original, noisy and denoised for k = 2 … 6",
    ),
    "autoencoder_figures.training_curves": lambda: autoencoder_figures.training_curves(RUNS, "One change at a time"),
    "autoencoder_figures.latent_scatter": lambda: autoencoder_figures.latent_scatter(Z, NAMES),
    "autoencoder_figures.latent_path_figure": lambda: autoencoder_figures.latent_path_figure(
        Z, NAMES, np.linspace(Z[1], Z[2], 9), np.linspace(X[1], X[2], 9), "a", "b"
    ),
    "autoencoder_figures.latent_mosaic": lambda: autoencoder_figures.latent_mosaic(*mosaic()),
    "autoencoder_figures.explorer_view": lambda: autoencoder_figures.explorer_view([0.5, -1.0], X[1], Z, NAMES, "a"),
    "denoising_figures.level_curves": lambda: denoising_figures.level_curves(
        LEVELS, RATES, "flipped pixels k", "exact recovery", "Exact recovery vs flipped pixels", True, SAMPLES
    ),
    "denoising_figures.gap_to_ceiling": lambda: denoising_figures.gap_to_ceiling(
        LEVELS, RATES, "flipped pixels k", "exact recovery", SAMPLES, title="Exact recovery: the gap to the ML ceiling"
    ),
    "denoising_figures.per_character_heatmap": lambda: denoising_figures.per_character_heatmap(
        LEVELS, RNG.random((32, 7)) * 6, NAMES, "noise σ", "average wrong pixels", "Reference recipe, per character"
    ),
    "denoising_figures.per_character_bars": lambda: denoising_figures.per_character_bars(
        NAMES,
        {name: RNG.random(32) for name in ("reference", "improved", "limit")},
        "exact recovery at k = 6",
        "Exact recovery per character, 6 flipped pixels",
        percent=True,
        samples=256,
    ),
    "vae_figures.sample_grid": lambda: vae_figures.sample_grid(np.tile(DIGITS, (4, 1)), np.tile(LABELS, 4)),
    "vae_figures.loss_curves": lambda: vae_figures.loss_curves(
        {"784-128-64-2": HISTORY, "784-256-128-2": HISTORY}, "Loss per epoch", "train (20,000)", "test (10,000)"
    ),
    "vae_figures.generations": lambda: vae_figures.generations(
        {"784-128-64-2": DIGITS[:10], "784-256-128-2": DIGITS[:10]},
        RNG.normal(size=(10, 2)),
        "Decoded from z ~ N(0, I)",
    ),
    "vae_figures.latent_maps": lambda: vae_figures.latent_maps(
        {"784-128-64-2": RNG.normal(size=(1000, 2)), "784-256-128-2": RNG.normal(size=(1000, 2))},
        RNG.integers(0, 10, 1000),
        "Codes z_mean of the test images",
    ),
    "vae_figures.manifolds": lambda: vae_figures.manifolds(
        {"784-128-64-2": RNG.random((400, 784)), "784-256-128-2": RNG.random((400, 784))},
        np.linspace(-1.6, 1.6, 20),
        "The digit manifolds",
    ),
    "vae_figures.comparison_rows": lambda: vae_figures.comparison_rows(DIGITS[:10], ARCHITECTURES, range(10)),
    "vae_figures.interpolation": lambda: vae_figures.interpolation(DIGITS, "784-128-64-2 (E = 0.171): from 3 to 7"),
    "vae_figures.explorer_view": lambda: vae_figures.explorer_view(
        np.array([0.5, -1.0]), DIGITS[0], RNG.normal(size=(500, 2)), RNG.integers(0, 10, 500)
    ),
    "vae_figures.overfitting": lambda: vae_figures.overfitting(
        {"784-128-64-2": HISTORY, "784-256-128-2": HISTORY}, {"784-128-64-2": (146.0, 145.2, 146.8)}
    ),
    "vae_figures.early_stopping_run": lambda: vae_figures.early_stopping_run(
        HISTORY | {"learning_rate": [1e-3] * (len(HISTORY["loss"]) - 2) + [5e-4] * 2},
        len(HISTORY["loss"]) - 1,
        "All the training data: −ELBO and learning rate per epoch",
    ),
    "vae_figures.paired_differences": lambda: vae_figures.paired_differences(
        {
            "784-256-128-2 − 784-128-64-2\ntest −ELBO, 10,000 images": (-0.4, -0.9, 0.1),
            "784-256-128-2 − 784-128-64-2\nIW bound, first 2,000 images": (0.5, -0.2, 1.2),
            "all data − 20,000 images, 784-128-64-2\ntest −ELBO": (-6.6, -7.0, -6.2),
            "all data − 20,000 images, 784-128-64-2\nIW bound": (-4.0, -4.6, -3.4),
        },
        "Test scores compared, image by image",
    ),
}
# Public functions of the figure modules that draw on a given axes or format numbers: no figure of their own.
NOT_FIGURES = {
    "glyphs.draw_glyph",
    "autoencoder_figures.format_learning_rate",
    "autoencoder_figures.place_labels",
    "denoising_figures.difference_interval",
}


def sentence_case(title):
    """True when `title` starts with a capital, a number, a symbol or a one-letter variable ("z = ...")."""
    first = title.split()[0]
    return not first[0].isalpha() or first[0].isupper() or len(first) == 1


def test_every_public_figure_function_has_a_typical_call():
    public = {
        f"{module.__name__.split('.')[-1]}.{name}"
        for module in (glyphs, autoencoder_figures, denoising_figures, vae_figures)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }
    missing = public - NOT_FIGURES - set(FIGURE_CALLS)
    assert not missing, f"add a typical call for {sorted(missing)} to FIGURE_CALLS in tests/test_style.py"


@pytest.mark.parametrize("name", sorted(FIGURE_CALLS))
def test_figure_fits_a_slide_with_readable_text_and_sentence_case_titles(name):
    fig = FIGURE_CALLS[name]()
    width, height = fig.get_size_inches()
    assert width <= style.MAX_WIDTH and width / height <= style.MAX_ASPECT, (width, height)
    fit_to_slide(fig)  # what show_figure does before saving
    saved = fig.get_tightbbox()  # what savefig(bbox="tight") keeps, in inches, without its padding
    assert saved.width + 2 * SAVE_PAD <= style.MAX_WIDTH and saved.height + 2 * SAVE_PAD <= style.MAX_HEIGHT, saved
    assert saved.width / saved.height <= style.MAX_ASPECT, saved.bounds
    small = too_small(fig)  # every part of every text drawn, subscripts at 0.7 of their text's size
    assert not small, f"text below {style.MIN_FONT_SIZE} pt: {small}"
    assert not overlapping_texts(fig), overlapping_texts(fig)
    titles = [fig._suptitle] + [ax.title for ax in fig.axes if len(ax.get_xticks())]  # not the images' captions
    drawn = [title.get_text() for title in titles if title is not None and title.get_text()]
    assert drawn, "every figure has a title"
    assert all(sentence_case(text) for text in drawn), drawn


@pytest.mark.parametrize("name", ["autoencoder_figures.latent_scatter", "autoencoder_figures.latent_mosaic"])
def test_square_figures_fill_the_slide_height_beside_their_text(name):
    fig = FIGURE_CALLS[name]()
    fig.get_suptitle() and fig._suptitle.set_visible(False)  # as show_figure saves it: the slide's title says it
    fit_to_slide(fig)
    saved = fig.get_tightbbox()
    assert saved.height + 2 * SAVE_PAD > 0.95 * style.MAX_HEIGHT, saved.bounds
    assert 0.85 < saved.width / saved.height < 1.2, saved.bounds


def test_smallest_font_size_counts_sub_and_superscripts_at_seven_tenths():
    fig, ax = plt.subplots()
    sizes = {
        "plain": ("z1", 13, 13),
        "subscript": ("$z_1$", 13, 9.1),
        "large enough": ("$z_1$", style.LATENT_LABEL_SIZE, 0.7 * style.LATENT_LABEL_SIZE),
        "nested": ("$e^{x_i}$ nats", 20, 9.8),
        "escaped": (r"5 \$ and $x$", 13, 13),
        "log tick": (r"$\mathdefault{10^{-1}}$", 12, 8.4),
    }
    for what, (text, size, smallest) in sizes.items():
        assert style.smallest_font_size(ax.text(0, 0, text, fontsize=size)) == pytest.approx(smallest), what
    assert style.LATENT_LABEL_SIZE * style.SCRIPT_SHRINK >= style.MIN_FONT_SIZE


def test_the_checks_see_a_small_subscript_and_texts_on_texts():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlabel("$z_1$")  # 13 pt: its subscript is drawn at 9.1 pt
    ax.text(0.5, 0.5, "one label")
    ax.text(0.52, 0.5, "another label")
    assert too_small(fig) == {"$z_1$": pytest.approx(9.1)}
    assert ("one label", "another label") in overlapping_texts(fig)


def test_style_sets_every_font_size_to_at_least_12_points():
    sizes = {key: value for key, value in style.PLOT_STYLE.items() if key.endswith(("size", "fontsize"))}
    assert {"font.size", "xtick.labelsize", "ytick.labelsize", "legend.fontsize", "axes.titlesize"} <= set(sizes)
    assert min(sizes.values()) >= style.MIN_FONT_SIZE
    assert matplotlib.rcParams["font.size"] >= style.MIN_FONT_SIZE  # conftest applied the style


def test_decoders_and_digits_have_one_colour_each():
    assert set(style.DECODER_COLORS) == {"reference", "improved", "committing", "limit", "ML ceiling", "exact-k Bayes"}
    assert len(set(style.DECODER_COLORS.values())) == len(style.DECODER_COLORS)
    assert set(denoising_figures.STYLES) == set(style.DECODER_COLORS)
    assert all(denoising_figures.STYLES[name]["color"] == color for name, color in style.DECODER_COLORS.items())
    latent_maps = FIGURE_CALLS["vae_figures.latent_maps"]()
    assert {ax.collections[0].get_cmap().name for ax in latent_maps.axes[:2]} == {style.DIGIT_CMAP}


def test_runs_in_one_plot_differ_in_colour_and_line_style():
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    assert matplotlib.rcParams["axes.prop_cycle"] == style.LINE_CYCLE
    assert len(set(cycle["color"])) == len({str(dashes) for dashes in cycle["linestyle"]}) == len(cycle["color"])


def test_plain_log_yscale_labels_ticks_as_plain_numbers():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0.02, 30])
    style.plain_log_yscale(ax)
    fig.canvas.draw()
    labels = [label.get_text() for label in ax.get_yticklabels() if 0.02 <= label.get_position()[1] <= 30]
    assert ax.get_yscale() == "log" and {"0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20"} <= set(labels)
