"""Saving report figures and key numbers under `figures/<notebook-stem>/`.

Every figure is written twice with a stable name: PNG for the notebook and the README,
PDF for slides. The PDF carries no creation date, so re-running a notebook rewrites
identical files and the repository diff shows only real changes.

Tests and `make robust` execute the notebooks without touching tracked files: they set the
environment variable `FIGURES_DIR` to a temporary folder, and everything a notebook saves
goes there instead of the repository's `figures/`.
"""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "figures"
FIGURES_DIR = "FIGURES_DIR"


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
