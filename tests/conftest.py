"""Test session set-up: the same reproducible, quiet TensorFlow state the notebooks start from.

`prepare` must run before TensorFlow is first imported (it silences TensorFlow's start-up
logging) and it turns on deterministic ops, which several tests rely on to compare runs.
pytest imports this file before any test module. The fixtures shared by several test files
live here, one per purpose.
"""

import os

import pytest

from utils.lesson.progress import UNATTENDED
from utils.lesson.session import prepare

os.environ[UNATTENDED] = "1"  # tests watch no progress bars (tests that want one ask for it)

prepare(seed=0)


@pytest.fixture(autouse=True)
def close_figures():
    """Close what each test drew (the tests run on matplotlib's non-interactive default backend)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def figures_dir(tmp_path, monkeypatch):
    """A temporary output root: everything notebooks and helpers save goes there (`FIGURES_DIR`)."""
    from utils.report.saving import FIGURES_DIR

    monkeypatch.setenv(FIGURES_DIR, str(tmp_path))
    return tmp_path
