"""Showing and saving report figures, and the key numbers, under `figures/<notebook-stem>/`.

A notebook shows each report figure with one call, `show_figure(fig, name, takeaway)`: the figure,
then its one-line takeaway (with the run's numbers) rendered under it as Markdown, where the reader
sees it. The figure is written twice with a stable name: PNG for the notebook and the README, PDF
for slides. The PDF carries no creation date, so re-running a notebook rewrites identical files and
the repository diff shows only real changes. The takeaway's output also carries the figure's name
and title in its metadata (`SLIDE_FIGURE`), which is how `utils.report.slides` finds the figure of a
slide cell: the deck is built from the notebook's own cells and outputs.

A figure's title is said once: it is the slide's title, and the saved PNG and PDF carry none (the
notebook still shows it). The saved figure is drawn at most the size of the slide's content area
(`utils.lesson.style.MAX_WIDTH` x `MAX_HEIGHT`): larger figures are shrunk before saving, their text
staying at its size, so the deck places every figure at scale 1 or larger and no text is projected
below the style's minimum of 12 points.

Tests and `make robust` execute the notebooks without touching tracked files: they set the
environment variable `FIGURES_DIR` to a temporary folder, and everything a notebook saves
goes there instead of the repository's `figures/`.
"""

import json
import os
from pathlib import Path

from utils.lesson.style import MAX_HEIGHT, MAX_WIDTH, SLIDE_SIZES, slide_text_width

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "figures"
FIGURES_DIR = "FIGURES_DIR"
SLIDE_FIGURE = "slide_figure"  # the metadata key of a takeaway's output: {"name": ..., "title": ..., "takeaway": ...}
SAVE_PAD = 0.1  # inches that savefig(bbox_inches="tight") adds around the drawing (matplotlib's default)


def output_root():
    """The folder notebooks save into: `$FIGURES_DIR` when set, else the repository's `figures/`."""
    override = os.environ.get(FIGURES_DIR)
    if override is None:
        return FIGURES
    if not override.strip():
        raise ValueError(f"{FIGURES_DIR} is set but empty: unset it to save into figures/, or name a folder")
    return Path(override).resolve()


def figure_dir(notebook):
    """Return (and create) the folder of one notebook's figures, e.g. `01_autoencoder`."""
    if not notebook or "/" in notebook or "\\" in notebook:
        raise ValueError(f"notebook must be a bare notebook stem like '01_autoencoder', got {notebook!r}")
    folder = output_root() / notebook
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_figure(fig, notebook, name):
    """Write `fig` as `<name>.png` and `<name>.pdf` in the notebook's figure folder.

    Returns None on purpose: a notebook cell ending in `save_figure(...)` then shows only the
    figure. (A trailing `;` is no substitute: nbval runs cells without IPython history, and
    IPython reads the `;` from that history.)
    """
    if not name or not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"figure name must be letters, digits, '-' or '_', got {name!r}")
    folder = figure_dir(notebook)
    png, pdf = folder / f"{name}.png", folder / f"{name}.pdf"
    fig.savefig(png, metadata={"Software": None})
    fig.savefig(pdf, metadata={"CreationDate": None, "Producer": None, "Creator": None})


def one_line(text, what, size, bold=False, width=MAX_WIDTH):
    """`text`, checked to be non-empty and to fit one line of `width` inches at `size` points on a slide."""
    if not isinstance(text, str) or not text.strip() or "\n" in text:
        raise ValueError(f"{what} must be one non-empty line of text, got {text!r}")
    needed = slide_text_width(text, size, bold)
    if needed > width:
        raise ValueError(f"{what} is {needed:.1f} in at {size} pt, wider than a slide line ({width:.1f} in): {text!r}")
    return text


def fit_to_slide(fig):
    """Shrink `fig` (keeping its aspect and its font sizes) until it saves within the slide's content area.

    Text keeps its size while the drawing shrinks, so a figure that still does not fit after many
    steps has more text than the area holds: that is an error, not a figure saved too large.
    """
    for _ in range(12):  # constrained layout moves things when the size changes: measure again
        fig.canvas.draw()
        box = fig.get_tightbbox()
        width, height = box.width + 2 * SAVE_PAD, box.height + 2 * SAVE_PAD
        scale = min(MAX_WIDTH / width, MAX_HEIGHT / height)
        if scale >= 1:
            return
        fig.set_size_inches(fig.get_size_inches() * scale * 0.98)
    raise ValueError(
        f"the figure still saves {width:.1f} x {height:.1f} in after shrinking: draw it with less text to fit the "
        f"slide's {MAX_WIDTH} x {MAX_HEIGHT} in"
    )


def show_figure(fig, notebook, name, takeaway):
    """Show `fig` with its one-line `takeaway` rendered under it, and save it as `<name>.png/.pdf`.

    The figure's suptitle is its title: shown in the notebook, left out of the saved files (the
    slide's title says it). Returns None, so a cell ending with this call shows the figure and the
    takeaway once each.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    title = one_line(fig.get_suptitle(), f"the title (suptitle) of figure {name!r}", SLIDE_SIZES["title"], bold=True)
    takeaway = one_line(takeaway, f"the takeaway of figure {name!r}", SLIDE_SIZES["takeaway"])
    suptitle = fig.suptitle(title)
    suptitle.set_visible(False)
    try:
        fit_to_slide(fig)
        save_figure(fig, notebook, name)
    finally:
        suptitle.set_visible(True)
    display(fig)
    plt.close(fig)  # shown once: the inline backend would show an open figure again at the cell's end
    display(Markdown(f"**{takeaway}**"), metadata={SLIDE_FIGURE: {"name": name, "title": title, "takeaway": takeaway}})


def write_results(notebook, results):
    """Write the notebook's key numbers to `<output root>/<notebook>/results.json` (sorted keys).

    Returns the path relative to the output root (`01_autoencoder/results.json`), the same on
    every machine, so the notebook's printed output does not depend on where it runs.
    """
    path = figure_dir(notebook) / "results.json"
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return f"{path.parent.name}/{path.name}"


def read_results(notebook):
    """Read back the committed `figures/<notebook>/results.json` (the README tables and tests use this)."""
    path = FIGURES / notebook / "results.json"
    if not path.exists():
        raise FileNotFoundError(f"{path.relative_to(ROOT)} is missing: run the notebook first (make run)")
    return json.loads(path.read_text())
