"""Saving report figures and key numbers under `figures/<notebook-stem>/`.

Every figure is written twice with a stable name: PNG for the notebook and the README,
PDF for slides. The PDF carries no creation date, so re-running a notebook rewrites
identical files and the repository diff shows only real changes.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "figures"


def figure_dir(notebook):
    """Return (and create) the folder of one notebook's figures, e.g. `01_autoencoder`."""
    if not notebook or "/" in notebook or "\\" in notebook:
        raise ValueError(f"notebook must be a bare notebook stem like '01_autoencoder', got {notebook!r}")
    folder = FIGURES / notebook
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
    """Write the notebook's key numbers to `figures/<notebook>/results.json` (sorted keys)."""
    path = figure_dir(notebook) / "results.json"
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return str(path.relative_to(ROOT))


def read_results(notebook):
    """Read back what `write_results` stored (the README tables and tests use this)."""
    path = FIGURES / notebook / "results.json"
    if not path.exists():
        raise FileNotFoundError(f"{path.relative_to(ROOT)} is missing: run the notebook first (make run)")
    return json.loads(path.read_text())
