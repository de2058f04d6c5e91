"""Wall time of each notebook executed top to bottom, as `make run` executes it.

Each notebook runs in a fresh kernel from the `notebooks/` folder; neither the executed copy nor
what the notebook saves is kept: `FIGURES_DIR` points the kernel at a temporary folder, so the
benchmark leaves the tracked figures and results as they are. `NOTEBOOK_UNATTENDED` tells them
that nobody is watching, as `make run` does.
Run `python benchmarks/bench_notebooks.py`; `run()` returns seconds per notebook and in total.
"""

import os
import tempfile
import time
from pathlib import Path
from unittest import mock

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run():
    """Execute every notebook once and return {"<stem>": seconds, ..., "total": seconds}."""
    seconds = {}
    unattended = {"NOTEBOOK_UNATTENDED": "1"}
    with tempfile.TemporaryDirectory() as out, mock.patch.dict(os.environ, {"FIGURES_DIR": out, **unattended}):
        for path in sorted(NOTEBOOKS.glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook, timeout=1800, kernel_name="python3", resources={"metadata": {"path": NOTEBOOKS}}
            )
            start = time.perf_counter()
            client.execute()
            seconds[path.stem] = round(time.perf_counter() - start, 1)
    seconds["total"] = round(sum(seconds.values()), 1)
    return seconds


def report(seconds):
    """Print the wall time of every notebook."""
    print("notebooks, executed top to bottom (fresh kernel each)")
    for name, value in seconds.items():
        print(f"  {name:>32}: {value:6.1f} s")


if __name__ == "__main__":
    report(run())
