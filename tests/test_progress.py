"""Progress bars show where a person watches, and nowhere else: not in stored or command-line-executed notebooks."""

import json
import os
import subprocess
import sys

import nbformat
import pytest

from utils.lesson import progress
from utils.lesson.progress import UNATTENDED


@pytest.mark.parametrize(
    ("unattended", "in_kernel", "session", "expected"),
    [
        ("1", False, None, False),  # make run, make test, benchmarks
        ("1", True, "nb.ipynb", False),  # the variable wins even under a Jupyter server
        (None, True, "nb.ipynb", True),  # JupyterLab: a server started the kernel
        (None, True, None, False),  # nbconvert or papermill typed by hand: nobody sees the widgets
        (None, False, None, True),  # a script in a terminal: text bars
    ],
)
def test_attended_only_where_someone_watches(monkeypatch, unattended, in_kernel, session, expected):
    for name, value in ((UNATTENDED, unattended), ("JPY_SESSION_NAME", session)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(progress, "_in_kernel", lambda: in_kernel)
    assert progress.attended() is expected
    assert (progress.progress_bar(3, "run") is not None) is expected


def test_a_notebook_executed_by_hand_stores_no_bar_and_no_widget_state(tmp_path):
    """`jupyter nbconvert --to notebook --execute`, typed with no variable set, stores neither widgets nor bars."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = (
        f"import sys\nsys.path.insert(0, {root!r})\nfrom utils.lesson.progress import advance, finish, progress_bar\n"
    )
    code += "bar = progress_bar(3, 'run')\nadvance(bar, 2, {'loss': 0.5})\nfinish(bar, 3)\nprint(bar is None)"
    path = tmp_path / "bar.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    env = {k: v for k, v in os.environ.items() if k not in (UNATTENDED, "JPY_SESSION_NAME")}
    command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace", str(path)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    stored = json.loads(path.read_text())
    outputs = stored["cells"][0]["outputs"]
    assert "widgets" not in stored["metadata"]
    assert ["".join(o.get("text", "")) for o in outputs] == ["True\n"], outputs
