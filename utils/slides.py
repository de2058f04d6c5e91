"""The slide deck `figures/slides.pdf`, built from the saved figures and the results.json files.

`python -m utils.slides` (run by `make slides` and at the end of `make run`) lays out a 16:9 deck
with matplotlib's PdfPages alone: a title page, a section page per notebook (what it asks and its
headline numbers) and one page per report figure, the saved PNG as large as the page allows under
a sentence-case title, above a one-line takeaway. Nothing is trained or recomputed: every number
on a page is read from the notebook's results.json, so the deck says what the last `make run`
measured, and a rebuild takes seconds.

The deck is declared as data in `DECK`: a section per notebook and, for each figure, its file
name, its title and its takeaway. A title or takeaway is either a template filled with the
notebook's results (`"{seeds_zero_pixels} / {seeds}"`, `"{recovery_flips[improved][-1]:.1%}"`:
`str.format` fields, where a negative index counts from the end of a list) or a function of the
results, for wording that depends on the numbers. Renaming or adding a figure is an edit of one entry.

Like `utils.saving`, the deck reads from and writes to the output root (`$FIGURES_DIR` when set,
else `figures/`), so tests build it in a temporary folder; the PDF carries no creation date, so
rebuilding from the same files gives the same bytes.
"""

import functools
import io
import json
import re
import string
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from PIL import Image

from utils.saving import ROOT, output_root

DECK_FILE = "slides.pdf"
DECK_TITLE = "Autoencoders in Keras: characters, denoising and a VAE on MNIST"
SUBTITLE = "Three narrated notebooks; every number in these slides is read from their results.json files."
PIXELS_PER_MNIST_IMAGE = 784  # E is the -ELBO per image divided by this
REFERENCE_E = {"784-128-64-2": 0.175, "784-256-128-2": 0.170}  # what the reference presentation reported

# A text of the deck: a template filled with a notebook's results, or a function of the results.
Text = str | Callable[[dict], str]


@dataclass(frozen=True)
class Slide:
    """One figure page: the PNG `figures/<notebook>/<figure>.png`, its title and its takeaway."""

    figure: str
    title: Text
    takeaway: Text


@dataclass(frozen=True)
class Section:
    """One notebook: its section page (title, question, headline numbers) and its figure pages, in order."""

    notebook: str
    title: str
    question: Text
    headlines: tuple[Text, ...]
    slides: tuple[Slide, ...]


class _ResultsFormatter(string.Formatter):
    """`str.format` over a results dict: `{a[b][2]}` reads `results["a"]["b"][2]`, and `[-1]` a list's last item."""

    def get_field(self, field_name, args, kwargs):
        name, *keys = re.findall(r"[^\[\]]+", field_name)
        value = kwargs[name]
        for key in keys:
            value = value[int(key)] if isinstance(value, list) else value[key]
        return value, name


def fill(text, results):
    """The words of one title, question, headline or takeaway for these results."""
    return text(results) if callable(text) else _ResultsFormatter().vformat(text, (), results)


# --- wording that depends on the numbers --------------------------------------------------------


def _share(count, total, noun, outcome):
    """'every seed reached X (10 / 10)', 'no seed reached X (0 / 5)', '1 seed reached X (1 / 10)', '7 seeds ...'."""
    who = f"every {noun}" if count == total else f"no {noun}" if count == 0 else f"{count} {noun}{'s' * (count > 1)}"
    return f"{who} {outcome} ({count} / {total})"


def _seeds(lead, count, total, outcome):
    """A text: the template `lead`, then how many of the `total` seeds (results keys) reached `outcome`."""
    return lambda r: fill(lead, r) + _share(r[count], r[total], "seed", outcome)


def _architecture_errors(r):
    """The reference recipe's worst character per architecture, as it ended."""
    by_depth = sorted(r["reference_recipe_max_wrong_pixels"].items(), key=lambda item: item[0].count("-"))
    ends = ", ".join(f"{wrong} ({name})" for name, wrong in by_depth)
    return f"Wrong pixels of the worst character at the end: {ends}; the assignment asks for at most 1."


def _learning_rates(r):
    """The learning rates' final errors, lowest first."""
    (best, lowest), *others = sorted(r["learning_rate_final_loss"].items(), key=lambda item: item[1])
    rest = ", ".join(f"{name} ({loss})" for name, loss in others)
    return f"Lowest final squared error with {best} ({lowest}); then {rest}."


def _recovery(noise, decoders=("reference", "improved", "limit", "committing")):
    """A text: the decoders' and the ceilings' exact-recovery rates at the highest level of `noise`."""

    def text(r):
        labels = {"limit": "nearest-character limit"}
        rates = [(labels.get(d, d), r[f"recovery_{noise}"][d][-1]) for d in decoders]
        rates.append(("ML ceiling", r[f"ceiling_{noise}"][-1]))
        if noise == "flips":
            rates.append(("exact-k Bayes", r["bayes_flips"][-1]))
        level = f"k = {r['flips'][-1]}" if noise == "flips" else f"σ = {r['sigmas'][-1]}"
        return f"At {level}: " + ", ".join(f"{label} {rate:.1%}" for label, rate in rates) + "."

    return text


def _triplet_rates(ks):
    """A text for the triplets drawn at `ks` flipped pixels: both decoders' rates there, over all samples."""

    def text(r):
        at = [r["flips"].index(k) for k in ks]
        rates = {d: ", ".join(f"{r['recovery_flips'][d][i]:.1%}" for i in at) for d in ("reference", "improved")}
        return (
            f"Over all {r['samples_per_level']:,} samples per level, exact recovery at k = "
            f"{', '.join(str(k) for k in ks)}: reference {rates['reference']}; improved {rates['improved']}."
        )

    return text


def _failures(r):
    """The improved denoiser's and the limit's failure rates at the highest k."""
    improved, limit = r["recovery_flips"]["improved"][-1], r["recovery_flips"]["limit"][-1]
    return (
        f"At k = {r['flips'][-1]} the improved denoiser fails on {1 - improved:.1%} of the samples, the "
        f"nearest-character limit on {1 - limit:.1%}: most inputs that defeat the network defeat the limit too."
    )


def _vae(name, template):
    """A text about one VAE architecture: `template` filled with its results, its `name` and the reference's E."""
    return lambda r: fill(template, {"name": name, "reference_e": REFERENCE_E[name], **r["architectures"][name]})


def _architecture_slides(name):
    """The reference's five figures of one VAE architecture, each titled with its E on the training images."""
    e = " (E = {E_train:.4f})"
    return (
        Slide(
            f"{name}_loss_curves",
            _vae(name, "{name}: loss per epoch" + e),
            _vae(
                name,
                "After {epochs} epochs: test −ELBO {test_neg_elbo:.1f} nats per image = reconstruction "
                "{test_reconstruction:.1f} + KL {test_kl:.2f}; E = {E_train:.4f} on the training images, "
                "the reference's {reference_e:.3f}.",
            ),
        ),
        Slide(
            f"{name}_reconstructions",
            _vae(name, "{name}: test digits, decoded" + e),
            _vae(
                name,
                "Blurred, the price of a 2-number code: the reconstruction term is {test_reconstruction:.1f} "
                "nats per test image.",
            ),
        ),
        Slide(
            f"{name}_generations",
            _vae(name, "{name}: decoded from z ~ N(0, I)" + e),
            _vae(
                name,
                "Draws from the prior, decoded: the KL term ({test_kl:.2f} nats per test image) keeps the codes "
                "near that prior, so its draws decode to digit-like images.",
            ),
        ),
        Slide(
            f"{name}_latent_space",
            _vae(name, "{name}: mean codes of the test images" + e),
            "The codes gather around the origin, as the KL term asks; the 1s stand apart from the other digits.",
        ),
        Slide(
            f"{name}_manifold",
            _vae(name, "{name}: the digit manifold" + e),
            "The decoder's output over a grid of Gaussian quantiles of z: the latent map drawn as images.",
        ),
    )


def _comparison(r):
    """Both VAE architectures' test −ELBO, E and parameter counts side by side."""
    return "; ".join(
        f"{name}: test −ELBO {a['test_neg_elbo']:.1f} nats, E = {a['E_train']:.4f}, {a['params']:,} parameters"
        for name, a in r["architectures"].items()
    )


def _overfitting(r):
    """The gap between test and training −ELBO of each architecture at the end of training."""
    gaps = ", ".join(
        f"about {a['test_neg_elbo'] - PIXELS_PER_MNIST_IMAGE * a['E_train']:.0f} nats for {name}"
        for name, a in r["architectures"].items()
    )
    return f"Test −ELBO minus training −ELBO after the last epoch: {gaps}."


# --- the deck: one entry per page, in notebook order ---------------------------------------------

DECK = (
    Section(
        "01_autoencoder",
        "1. An autoencoder for 32 pixel characters",
        "Can a dense autoencoder squeeze each of the 32 binary 7 × 5 characters of font.h through a 2-D code and "
        "bring it back with at most 1 wrong pixel? First the reference presentation's recipe as its code ran, then "
        "a recipe that reaches 0 wrong pixels, then the latent space it learns and the new glyphs it decodes.",
        (
            _seeds(
                "Reference recipe as it ran: ",
                "reference_seeds_within_one_pixel",
                "reference_seeds",
                "reached at most 1 wrong pixel",
            ),
            _seeds(
                "Final recipe ({recipe[activation]} hidden units, {recipe[latent_activation]} latent layer, batches "
                "of {recipe[batch_size]}, {recipe[optimizer]} at {recipe[learning_rate]}): ",
                "seeds_zero_pixels",
                "seeds",
                "reached 0 wrong pixels",
            ),
            "Decoded latent plane: {latent_grid[known]} of {latent_grid[cells]} grid cells are characters of the "
            "font, the others new glyphs ({latent_grid[new_distinct]} distinct)",
        ),
        (
            Slide(
                "characters",
                "The 32 characters of font.h",
                "Each character is {structure[0]} binary pixels (7 × 5); all 32 must come back through a 2-D code.",
            ),
            Slide("architectures", "Reference recipe as it ran: four architectures", _architecture_errors),
            Slide("learning_rates", "Reference recipe: five learning rates", _learning_rates),
            Slide(
                "recipe_ablation",
                "One change at a time: what reaches 0 wrong pixels",
                "With sigmoid hidden units the worst character never reached 0 wrong pixels; with tanh, ReLU or ELU "
                "it did, ELU fastest. The final recipe's model got there at epoch {zero_epoch}.",
            ),
            Slide(
                "final_reconstructions",
                "Final model: reconstructions and wrong pixels",
                _seeds(
                    "Worst character: {max_wrong_pixels} wrong pixels, {total_wrong_pixels} over all 32; over "
                    "{seeds} seeds, ",
                    "seeds_zero_pixels",
                    "seeds",
                    "reached 0 wrong pixels",
                ),
            ),
            Slide(
                "latent_space",
                "Latent space of the final model",
                "One point per character; neighbours are not always look-alikes, yet the decoder tells them apart: "
                "{total_wrong_pixels} wrong pixels over all 32.",
            ),
            Slide(
                "midpoint_a_b",
                "Halfway between 'a' and 'b'",
                "The reference's new letter: the decoder's output at the point halfway between the codes of 'a' "
                "and 'b'.",
            ),
            Slide(
                "path_a_b",
                "A straight path from 'a' to 'b'",
                "Decoded along the line between the two codes, the glyph turns from one character into the other "
                "through blends that belong to neither.",
            ),
            Slide(
                "latent_grid",
                "The decoded latent plane",
                "Of the {latent_grid[cells]} grid cells, {latent_grid[known]} decode to one of the 32 characters; the "
                "others are new glyphs, {latent_grid[new_distinct]} of them distinct.",
            ),
            Slide(
                "latent_explorer",
                "Make your own letter: the live explorer",
                "In JupyterLab two sliders pick any point of the plane and the decoder draws its glyph; here the "
                "midpoint of 'a' and 'b'. {latent_grid[new_distinct]} distinct new glyphs wait on the grid alone.",
            ),
        ),
    ),
    Section(
        "02_denoising_autoencoder",
        "2. A denoising autoencoder",
        "Can an autoencoder bring a corrupted character back exactly, all 35 pixels right? Two noise models "
        "(Gaussian then binarized, with standard deviation σ; exactly k flipped pixels), {samples_per_level:,} noisy "
        "samples per level, scored against the nearest-character limit and the true ceilings no decoder can beat.",
        (
            "Reference recipe ({reference_structure}): {recovery_flips[reference][0]:.1%} exact on clean characters, "
            "{recovery_flips[reference][-1]:.1%} at k = {flips[-1]}",
            _recovery("flips", ("improved", "limit", "committing")),
            _recovery("sigma", ("improved", "limit", "committing")),
            lambda r: (
                f"Undo one change of the improved denoiser and k = {r['flips'][-1]} drops to: "
                + ", ".join(f"{name} {rates[-1]:.1%}" for name, rates in r["variant_recovery_flips"].items())
            ),
        ),
        (
            Slide(
                "reference_wrong_pixels_vs_sigma",
                "Reference recipe: wrong pixels after denoising",
                "{reference_average_wrong_pixels[0]:.2f} wrong pixels per character on average at σ = {sigmas[0]}, "
                "rising to {reference_average_wrong_pixels[-1]:.2f} at σ = {sigmas[-1]}.",
            ),
            Slide(
                "reference_wrong_pixels_per_character",
                "Reference recipe, per character",
                "The average hides very different characters; some fail even without noise: the reference returns "
                "only {recovery_flips[reference][0]:.1%} of clean characters exactly.",
            ),
            Slide(
                "reference_triplets_sigma",
                "Reference recipe: original, noisy, reconstructed",
                "Over all {samples_per_level:,} samples per level it recovers {recovery_sigma[reference][0]:.1%} "
                "exactly at σ = {sigmas[0]} and {recovery_sigma[reference][-1]:.1%} at σ = {sigmas[-1]}.",
            ),
            Slide(
                "closest_pairs",
                "The closest pairs of characters",
                "Pairs this close cap every decoder: at k = {flips[-1]} even the maximum-likelihood ceiling recovers "
                "{ceiling_flips[-1]:.1%}.",
            ),
            Slide("recovery_vs_flips", "Failures against flipped pixels, on a log scale", _recovery("flips")),
            Slide("recovery_vs_sigma", "Failures against Gaussian noise, on a log scale", _recovery("sigma")),
            Slide(
                "recovery_per_character",
                "Exact recovery per character at k = {flips[-1]}",
                "The weakest characters include 'l' and '|', 2 pixels apart. Over all characters: improved "
                "{recovery_flips[improved][-1]:.1%}, limit {recovery_flips[limit][-1]:.1%}.",
            ),
            Slide("improved_hardest_cases", "Where the improved denoiser fails at k = {flips[-1]}", _failures),
            Slide(
                "triplets_flips",
                "Original, noisy, reference and improved, k = 2 to 6",
                _triplet_rates(ks=(2, 3, 4, 5, 6)),
            ),
        ),
    ),
    Section(
        "03_variational_autoencoder",
        "3. A variational autoencoder on MNIST",
        "A VAE with a 2-D latent space, as the reference presentation built it: two architectures, the first "
        "{train_images:,} MNIST training images, batches of {batch_size}, Adam at {learning_rate}, scored by E, the "
        "−ELBO per pixel. Then interpolation, a latent explorer, over-fitting, "
        "an importance-weighted bound on log p(x) and a model trained on all the training images.",
        (
            *(
                _vae(
                    name,
                    "{name}: E = {E_train:.4f} on the training images (reference {reference_e:.3f}); test −ELBO "
                    "{test_neg_elbo:.1f} nats, importance-weighted bound {iwae_nll:.1f}",
                )
                for name in REFERENCE_E
            ),
            "All the training images, {full_data[validation_images]:,} of them held out for validation, early "
            "stopping: test −ELBO {full_data[test_neg_elbo]:.1f} nats, IW bound {full_data[iwae_nll]:.1f}, "
            "{full_data[epochs_trained]} epochs (best {full_data[best_epoch]})",
        ),
        (
            Slide(
                "samples",
                "MNIST: a few training digits",
                "{train_images:,} training and {test_images:,} test images; handwriting varies a lot within a digit.",
            ),
            *_architecture_slides("784-128-64-2"),
            *_architecture_slides("784-256-128-2"),
            Slide("comparison_reconstructions", "Both architectures, the same test digits", _comparison),
            Slide(
                "interpolation",
                "From a 3 to a 7 through the latent space",
                "Decoded along a straight line between two test codes: a sequence of digit-like shapes, not a "
                "cross-fade of pixels.",
            ),
            Slide(
                "latent_explorer",
                "Latent explorer: a chosen z and its image",
                "The static view of the notebook's interactive explorer: the sliders move z among the "
                "{test_images:,} test codes, and the right panel decodes it.",
            ),
            Slide("overfitting", "Over-fitting: the gap between test and training loss", _overfitting),
        ),
    ),
)

# --- layout --------------------------------------------------------------------------------------

PAGE_SIZE = (40 / 3, 7.5)  # inches: 960 x 540 points, 16:9
MARGIN = 0.5  # inches, on every side
SIZES = {"cover": 34, "section": 32, "title": 24, "body": 20, "takeaway": 18, "footer": 12}  # points
LINE_SPACING = 1.25  # of the font size
FONT = "DejaVu Sans"  # matplotlib's own font: the same on every machine
INK, MUTED, ACCENT = "#1a1a1a", "#666666", "#1f77b4"
# Saved pages keep their 16:9 size whatever the session's style (the figures' style crops to the ink),
# and carry their text as TrueType, so it can be selected and searched.
SAVE_STYLE = {"savefig.bbox": "standard", "savefig.facecolor": "white", "pdf.fonttype": 42}


@functools.cache
def _width(word, size, weight):
    """The width of `word` in points, set in the page's font at `size` points."""
    font = FontProperties(family=FONT, size=size, weight=weight)
    return TextToPath().get_text_width_height_descent(word, font, ismath=False)[0]


def _lines(text, size, width, weight="normal"):
    """`text` wrapped between words into lines no wider than `width` inches, measured in the page's font."""
    lines, used, space = [], 0.0, _width(" ", size, weight)
    for word in text.split():
        if lines and used + space + _width(word, size, weight) <= width * 72:
            lines[-1] += " " + word
            used += space + _width(word, size, weight)
        else:
            lines.append(word)
            used = _width(word, size, weight)
    return lines


def _block(fig, y, text, size, x=MARGIN, va="top", **style):
    """Write `text` wrapped at (x, y) inches, top-aligned (or bottom-aligned); return its height in inches."""
    lines = _lines(text, size, PAGE_SIZE[0] - MARGIN - x, style.get("weight", "normal"))
    width, height = PAGE_SIZE
    fig.text(x / width, y / height, "\n".join(lines), size=size, va=va, linespacing=LINE_SPACING, family=FONT, **style)
    return len(lines) * size * LINE_SPACING / 72


def _page(label, number, total, source=""):
    """An empty 16:9 page with its footer: the source of what it shows, and its number."""
    fig = Figure(figsize=PAGE_SIZE, facecolor="white", layout="none", label=label)
    y = MARGIN / 2 / PAGE_SIZE[1]
    footer = dict(size=SIZES["footer"], color=MUTED, family=FONT)
    fig.text(MARGIN / PAGE_SIZE[0], y, source, **footer)
    fig.text(1 - MARGIN / PAGE_SIZE[0], y, f"{number} / {total}", ha="right", **footer)
    return fig


def _cover(total):
    """The title page: what the collection is and where the deck's numbers come from."""
    fig = _page("title", 1, total, "built by `make slides` from figures/*/*.png and figures/*/results.json")
    y = PAGE_SIZE[1] * 0.72
    y -= _block(fig, y, DECK_TITLE, SIZES["cover"], weight="bold", color=INK) + 0.25
    y -= _block(fig, y, SUBTITLE, SIZES["body"], color=MUTED) + 0.5
    for section in DECK:
        y -= _block(fig, y, section.title, SIZES["body"], color=INK) + 0.1
    return fig


def _section_page(section, results, number, total):
    """A notebook's page: its question and its headline numbers."""
    fig = _page(section.notebook, number, total, f"notebooks/{section.notebook}.ipynb")
    y = PAGE_SIZE[1] - MARGIN
    y -= _block(fig, y, section.title, SIZES["section"], weight="bold", color=ACCENT) + 0.35
    y -= _block(fig, y, fill(section.question, results), SIZES["body"], color=INK) + 0.35
    for headline in section.headlines:
        fig.text(MARGIN / PAGE_SIZE[0], y / PAGE_SIZE[1], "•", size=SIZES["body"], va="top", color=ACCENT, family=FONT)
        y -= _block(fig, y, fill(headline, results), SIZES["body"], x=MARGIN + 0.35, color=INK) + 0.15
    return fig


def _figure_page(section, slide, results, image, number, total):
    """A figure's page: title, the figure as large as fits with its aspect ratio, and the takeaway."""
    source = f"figures/{section.notebook}/{slide.figure}.png"
    fig = _page(f"{section.notebook}/{slide.figure}", number, total, source)
    width, height = PAGE_SIZE
    top = height - MARGIN * 0.8
    top -= _block(fig, top, fill(slide.title, results), SIZES["title"], weight="bold", color=INK) + 0.2
    bottom = MARGIN * 1.1
    bottom += _block(fig, bottom, fill(slide.takeaway, results), SIZES["takeaway"], va="bottom", color=INK) + 0.2
    box_width, box_height = width - 2 * MARGIN, top - bottom
    scale = min(box_width / image.shape[1], box_height / image.shape[0])
    w, h = image.shape[1] * scale, image.shape[0] * scale
    ax = fig.add_axes(((width - w) / 2 / width, (bottom + (box_height - h) / 2) / height, w / width, h / height))
    ax.imshow(image, interpolation="none", aspect="auto")
    ax.set_axis_off()
    return fig


def _required_files(root):
    """Every file the deck reads: each notebook's results.json and each declared figure's PNG."""
    for section in DECK:
        yield root / section.notebook / "results.json"
        for slide in section.slides:
            yield root / section.notebook / f"{slide.figure}.png"


def _read_image(path):
    """A saved PNG as an RGB array on white (the saved figures are opaque; any transparency shows as white)."""
    with Image.open(path) as image:
        rgba = image.convert("RGBA")
    return np.asarray(Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB"))


def pages(root=None):
    """Yield the deck's pages as matplotlib figures, labelled 'title', '<notebook>' or '<notebook>/<figure>'.

    Reads `root` (default: the output root, `$FIGURES_DIR` or `figures/`); a missing results.json
    or figure is a FileNotFoundError naming every missing file, raised before any page is drawn.
    """
    root = output_root() if root is None else root
    missing = [path for path in _required_files(root) if not path.exists()]
    if missing:
        names = ", ".join(str(path.relative_to(root)) for path in missing)
        raise FileNotFoundError(
            f"the deck needs files missing from {root}: {names}. Run `make run` first: it executes the notebooks, "
            "which save their figures and results.json there."
        )
    total = page_count()
    yield _cover(total)
    number = 1
    for section in DECK:
        results = json.loads((root / section.notebook / "results.json").read_text())
        number += 1
        yield _drawn(section, "its section page", _section_page, section, results, number, total)
        for slide in section.slides:
            number += 1
            image = _read_image(root / section.notebook / f"{slide.figure}.png")
            yield _drawn(section, slide.figure, _figure_page, section, slide, results, image, number, total)


def page_count():
    """How many pages the deck has: the title page, a section page per notebook and a page per figure."""
    return 1 + sum(1 + len(section.slides) for section in DECK)


def _drawn(section, what, draw, *args):
    """`draw(*args)`; a result its texts need but results.json lacks is an error saying which and where."""
    try:
        return draw(*args)
    except (KeyError, IndexError, ValueError) as error:
        raise LookupError(
            f"{section.notebook}/results.json lacks what the slide of {what} reads ({type(error).__name__}: "
            f"{error}): run `make run` to rewrite it, or update the deck in utils/slides.py"
        ) from error


def write_deck(root=None):
    """Write the deck to `<root>/slides.pdf` (root: the output root by default) and return its path.

    The pages are drawn in memory and the file written at the end, so an error leaves no half-written deck.
    """
    root = output_root() if root is None else root
    deck = io.BytesIO()
    metadata = {"Title": DECK_TITLE, "CreationDate": None, "Creator": None, "Producer": None}
    with matplotlib.rc_context(SAVE_STYLE), PdfPages(deck, metadata=metadata) as pdf:
        for page in pages(root):
            pdf.savefig(page)
    path = root / DECK_FILE
    path.write_bytes(deck.getvalue())
    return path


if __name__ == "__main__":
    deck = write_deck()
    shown = deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck
    print(f"{shown}: {page_count()} pages")
