"""Repository checks: pins agree, notebooks are stored clean, the README matches the results."""

import json
import re
from pathlib import Path

import pytest

from utils import report

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _pins(lines):
    return dict(re.match(r"^\s*-?\s*([A-Za-z0-9_.-]+)==(\S+)\s*$", line).groups() for line in lines if "==" in line)


def test_environment_yml_repeats_the_requirements_pins():
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = _pins((ROOT / "environment.yml").read_text().splitlines())
    assert requirements and environment == requirements
    assert "python=3.11" in (ROOT / "environment.yml").read_text()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / "README.md").read_text()
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in commands if line and not line.startswith("#")]
    assert commands[-1] == "make test"


def test_all_three_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == list(report.NOTEBOOKS)


def _code_cells(path):
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _texts(cell):
    for output in cell.get("outputs", []):
        if "text" in output:
            yield output.get("name", ""), "".join(output["text"])
        for key, value in output.get("data", {}).items():
            if key.startswith("text/"):
                yield key, "".join(value)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_stored_after_a_clean_top_to_bottom_run(path):
    cells = _code_cells(path)
    counts = [c["execution_count"] for c in cells]
    assert None not in counts, "every code cell must have been run (make run)"
    assert counts == list(range(1, len(cells) + 1)), "cells must have been run once, in order, in a fresh kernel"
    assert "prepare(seed=" in "".join(cells[0]["source"]), "the first code cell fixes seeds via utils.notebook.prepare"
    for cell in cells:
        assert not any(o["output_type"] == "error" for o in cell.get("outputs", [])), "a stored output holds an error"
        for name, text in _texts(cell):
            assert name != "stderr", f"stderr output stored: {text[:200]!r}"
            assert not re.search(r"/(root|home|tmp|work|Users)/", text), f"local path in output: {text[:200]!r}"
            assert "Traceback" not in text and "Warning" not in text and "\r" not in text, text[:200]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_has_png_and_pdf_and_results(path):
    folder = ROOT / "figures" / path.stem
    pngs = {p.stem for p in folder.glob("*.png")}
    assert pngs and pngs == {p.stem for p in folder.glob("*.pdf")}
    assert (folder / "results.json").exists()


@pytest.mark.parametrize("name", report.SECTIONS)
def test_readme_generated_sections_are_up_to_date(name):
    readme = (ROOT / "README.md").read_text()
    expected = report.generated(name, report.SECTIONS[name]())
    assert expected in readme, f"README section {name!r} is stale: run `python -m utils.report`"
