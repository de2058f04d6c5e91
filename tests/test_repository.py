"""Repository checks: pins agree, notebooks are stored clean, the README matches the results."""

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from statistics import NormalDist

import pytest

from utils.report import tables

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _pins(lines):
    return dict(re.match(r"^\s*-?\s*([A-Za-z0-9_.-]+)==(\S+)\s*$", line).groups() for line in lines if "==" in line)


def test_environment_yml_repeats_the_requirements_pins():
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = _pins((ROOT / "environment.yml").read_text().splitlines())
    assert requirements and environment == requirements
    assert "python=3.11" in (ROOT / "environment.yml").read_text()


RECORDER = """#!{python}
import json, os, sys
with open({log!r}, "a") as log:
    log.write(json.dumps({{"name": {name!r}, "argv": sys.argv[1:], "env": dict(os.environ)}}) + "\\n")
"""


def _recorders(folder, names):
    """Executables `names` in `folder` that only record how they were called; returns a reader of the calls."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.jsonl"
    for name in names:
        (folder / name).write_text(RECORDER.format(python=sys.executable, log=str(log), name=name))
        (folder / name).chmod(0o755)
    return lambda: [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


# what the targets must set themselves, not inherit: removed from the environment `make` runs in
SET_BY_THE_TARGETS = ("NOTEBOOK_UNATTENDED", "XLA_FLAGS", "TF_NUM_INTRAOP_THREADS", "FIGURES_DIR", "JPY_SESSION_NAME")


def _make(target, tmp_path, caller=None, **variables):
    """Run `make target` with a VENV whose python, papermill and jupyter record their calls instead of running.

    The environment is this one without what the targets must set themselves, plus `caller`.
    """
    calls = _recorders(tmp_path / "venv" / "bin", ["python", "papermill", "jupyter"])
    (tmp_path / "venv" / "bin" / ".installed").touch()  # newer than requirements.txt: nothing to install
    arguments = [f"{name}={value}" for name, value in {"VENV": tmp_path / "venv", **variables}.items()]
    env = {name: value for name, value in os.environ.items() if name not in SET_BY_THE_TARGETS} | (caller or {})
    subprocess.run(["make", "-s", target, *arguments], cwd=ROOT, env=env, check=True, capture_output=True)
    return calls()


def test_ci_installs_the_browser_then_runs_the_readme_test_command_on_another_machine_browser_and_robust(tmp_path):
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make robust" in readme
    stubs = tmp_path / "bin"
    calls = _recorders(stubs, ["make", "apt-get", "sudo", "git"])
    for tool in ("bash", "env", "dirname"):  # the only real commands on the PATH: no chromium, no chromedriver
        (stubs / tool).symlink_to(shutil.which(tool))
    env = {"PATH": str(stubs), "MNIST_NPZ": str(ROOT / "README.md"), "HOME": str(tmp_path)}  # any existing file
    subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, check=True, capture_output=True)
    # apt-get's arguments: it runs directly as root, through sudo otherwise
    apt = [c["argv"] for c in calls() if c["name"] == "apt-get"]
    apt += [c["argv"][c["argv"].index("apt-get") + 1 :] for c in calls() if c["name"] == "sudo"]
    assert apt[-1][-3:] == ["-y", "chromium", "chromium-driver"] and apt[0] == ["update"]
    makes = [c for c in calls() if c["name"] == "make"]
    # what the decks load first (npm ci, so the deck tests read the stylesheets), then the README's test command
    assert [c["argv"] for c in makes] == [["node_modules/.package-lock.json"], ["test"], ["browser"], ["robust"]]
    assert makes[1]["env"]["XLA_FLAGS"] == "--xla_cpu_max_isa=AVX" and makes[1]["env"]["TF_NUM_INTRAOP_THREADS"] == "8"
    assert [c["argv"] for c in calls() if c["name"] == "git"] == [["status", "--porcelain"]]


def test_robust_seed_is_one_the_claims_sweep_did_not_measure(tmp_path):
    from benchmarks.claims_sweep import SEEDS

    papermill = [c for c in _make("robust", tmp_path) if c["name"] == "papermill"]
    seeds = {int(c["argv"][c["argv"].index("SEED") + 1]) for c in papermill}
    assert len(seeds) == 1 and seeds.isdisjoint(SEEDS)


def test_robust_runs_each_notebook_as_a_person_would_on_another_machine_into_a_temporary_folder(tmp_path):
    calls = _make("robust", tmp_path, caller={"NOTEBOOK_UNATTENDED": "1"}, ROBUST_SEED=11)  # as a caller may have it
    papermill = [c for c in calls if c["name"] == "papermill"]
    checks = [c for c in calls if c["name"] == "python"]
    assert [Path(c["argv"][0]).stem for c in papermill] == list(tables.NOTEBOOKS)
    for run, check in zip(papermill, checks, strict=True):
        notebook, executed, env = Path(run["argv"][0]), Path(run["argv"][1]), run["env"]
        assert run["argv"][run["argv"].index("-p") + 1 : run["argv"].index("-p") + 3] == ["SEED", "11"]
        assert env["XLA_FLAGS"] == "--xla_cpu_max_isa=AVX" and env["TF_NUM_INTRAOP_THREADS"] == "8"
        # bars on, explorers built (a Jupyter session name), and everything saved outside the repository
        assert "NOTEBOOK_UNATTENDED" not in env and env["JPY_SESSION_NAME"] == notebook.name
        assert executed.parent == Path(env["FIGURES_DIR"]) and ROOT not in executed.parents
        assert check["argv"] == ["tests/robust_outputs.py", str(executed)]


@pytest.mark.parametrize("target", ["run", "nbval"])
def test_the_targets_that_keep_outputs_run_unattended(target, tmp_path):
    runs = [c for c in _make(target, tmp_path) if c["name"] in ("jupyter", "python") and "utils." not in str(c["argv"])]
    assert runs and all(c["env"]["NOTEBOOK_UNATTENDED"] == "1" for c in runs)  # no bars, no widget state stored
    if target == "nbval":  # whatever the notebooks save goes to a temporary folder
        assert ROOT not in Path(runs[0]["env"]["FIGURES_DIR"]).parents


def test_all_three_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == list(tables.NOTEBOOKS)


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


# A warning or a framework log line, in any case: "WARNING:tensorflow:...", "UserWarning: ...",
# absl/glog lines such as "W0000 00:00:1700000000.123 ...", oneDNN and CUDA notices.
FRAMEWORK_NOISE = re.compile(
    r"warn|deprecat|^[IWEF]\d{4} \d\d:\d\d:\d\d|oneDNN|cuda|tensorflow/|absl|Traceback",
    re.IGNORECASE | re.MULTILINE,
)


@pytest.mark.parametrize(
    "text",
    [
        "WARNING:tensorflow:5 out of the last 5 calls to <function f> triggered tf.function retracing.",
        "/x/keras/src/layer.py:12: UserWarning: something",
        "W0000 00:00:1764391234.123456   1234 cuda_executor.cc:1228] could not find cuda drivers",
        "I tensorflow/core/util/port.cc:153] oneDNN custom operations are on.",
    ],
)
def test_framework_noise_pattern_catches_warnings_and_log_lines(text):
    assert FRAMEWORK_NOISE.search(text)


def test_framework_noise_pattern_passes_ordinary_output():
    assert not FRAMEWORK_NOISE.search("k = 6: limit  92.2 %   ties  6.0 %\n784-128-64-2: E_train = 0.171")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_stored_after_a_clean_top_to_bottom_run(path):
    cells = _code_cells(path)
    counts = [c["execution_count"] for c in cells]
    assert None not in counts, "every code cell must have been run (make run)"
    assert counts == list(range(1, len(cells) + 1)), "cells must have been run once, in order, in a fresh kernel"
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert tagged == cells[:1] and re.fullmatch(r"SEED = \d+", "".join(cells[0]["source"]).strip()), (
        "the first code cell, tagged `parameters` (papermill), holds only the seed"
    )
    assert "prepare(seed=SEED)" in "".join(cells[1]["source"]), (
        "the next cell fixes seeds via utils.lesson.session.prepare"
    )
    assert "widgets" not in json.loads(path.read_text())["metadata"], "widget state stored: strip metadata.widgets"
    for cell in cells:
        assert not any(o["output_type"] == "error" for o in cell.get("outputs", [])), "a stored output holds an error"
        for name, text in _texts(cell):
            assert name != "stderr", f"stderr output stored: {text[:200]!r}"
            assert not re.search(r"/(root|home|tmp|work|Users)/", text), f"local path in output: {text[:200]!r}"
            assert "\r" not in text, f"progress bar in output: {text[:200]!r}"
            noise = FRAMEWORK_NOISE.search(text)
            assert not noise, f"warning or framework log line stored: {text[max(0, noise.start() - 80) :][:300]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_asserts_a_printed_string(path):
    """Claims, not digits: an assert never compares a formatted number with a string."""
    for cell in _code_cells(path):
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith("assert"):
                assert not re.search(r"f\"\{[^}]*:\.\d+f\}\"\s*==|==\s*\[?\"\d+\.\d+\"", line), line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_has_png_and_pdf_and_results(path):
    folder = ROOT / "figures" / path.stem
    pngs = {p.stem for p in folder.glob("*.png")}
    assert pngs and pngs == {p.stem for p in folder.glob("*.pdf")}
    assert (folder / "results.json").exists()


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_results_hold_no_wall_clock_times(path):
    """A re-run on the same machine must rewrite identical results; timings belong in benchmarks/."""
    results = json.loads((ROOT / "figures" / path.stem / "results.json").read_text())
    timed = [key for key in _keys(results) if re.search(r"second|time|duration", key)]
    assert not timed, f"wall-clock entries in results.json: {timed}"


@pytest.mark.parametrize(
    ("page", "name"), [(page, name) for page, sections in tables.PAGES.items() for name in sections], ids=str
)
def test_generated_sections_are_up_to_date(page, name):
    expected = tables.generated(name, tables.PAGES[page][name]())
    assert expected in page.read_text(), f"{page.name}: section {name!r} is stale: run `python -m utils.report.tables`"


def test_notebook_3_builds_its_model_in_its_own_cells_which_run_on_their_own():
    """The VAE is lesson code in notebook 3 (no inspect, no utils.vae); bench_vae.py runs its tagged cells."""
    import keras

    from benchmarks.notebook_code import tagged_code

    code = tagged_code("03_variational_autoencoder", "vae-model")
    steps = (code["VAE"].train_step, code["VAE"].test_step)  # the steps are the notebook's own code
    assert issubclass(code["VAE"], keras.Model) and all("<03_variational" in f.__code__.co_filename for f in steps)
    model = code["build_vae"]((8, 4), seed=0)
    assert isinstance(model, code["VAE"]) and model.encoder.output[2].shape == (None, 2)
    with pytest.raises(ValueError, match="no code cell tagged 'no-such-tag'"):
        tagged_code("03_variational_autoencoder", "no-such-tag")


@pytest.mark.parametrize("notebook", tables.NOTEBOOKS)
def test_every_claim_was_measured_by_the_sweep_and_keeps_the_house_margin(notebook):
    """Each claim of the stored run: measured over 5 seeds on 2 machines; an asserted one keeps 2 x the spread."""
    from benchmarks.claims_sweep import MACHINES, NOTEBOOK_SEEDS, SEEDS

    rows, runs = tables.claim_rows(notebook)
    assert rows, "the stored run made no claim: run the notebook (make run)"
    assert not [run for run in runs if "error" in run], "a sweep run stopped with an error"
    measured = {(run["machine"], run["seed"]) for run in runs}
    assert measured >= {(machine, seed) for machine in MACHINES for seed in NOTEBOOK_SEEDS.get(notebook, SEEDS)}
    for row in rows:
        assert len(row["values"]) == len(runs), f"claim {row['name']!r} was not measured by every sweep run"
        if row["asserted"]:  # observations are recorded, not asserted: no margin to keep
            assert row["rule"], f"claim {row['name']!r}: {row['measured']} breaks margin >= 2 x spread"


def test_the_readme_reads_in_five_minutes_and_links_every_doc():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 140
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{doc.name})" in readme, f"the README does not link {doc.name}"
    assert "make slides" in readme and "not tracked" in readme  # the decks are build outputs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_slides_are_the_notebooks_slideshow(path):
    """Every cell says what it is on the slides; at least 8 slides; no deck calls left in the lesson."""
    cells = json.loads(path.read_text())["cells"]
    kinds = [cell["metadata"].get("slideshow", {}).get("slide_type") for cell in cells]
    assert None not in kinds, f"cells without slideshow.slide_type: {[i for i, k in enumerate(kinds) if k is None]}"
    assert set(kinds) <= {"slide", "subslide", "fragment", "skip", "notes", "-"}
    assert kinds.count("slide") >= 8
    assert kinds[0] == "slide", "the title cell opens the notebook's slides"
    assert not [c for c in cells if c["cell_type"] == "code" and "deck." in "".join(c["source"])]


def test_the_decks_are_not_tracked():
    tracked = subprocess.run(["git", "ls-files", "figures"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in tracked if f.startswith("figures/slides") or f.endswith("deck.json")]


# A decimal, a percentage or a thousands-separated count in prose: the numbers a run could produce.
PROSE_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?\s?%|\d{1,3}(?:,\d{3})+|\d+\.\d+)")
CODE_NUMBER = re.compile(r"\d[\d_]*(?:\.\d+)?")


def _prose_constants():
    """Numbers prose may state besides those set in the notebook's code: constants of the data and the tools."""
    from utils.lesson.metrics import mean_interval
    from utils.lesson.noise import flip_probability

    z = inspect.signature(mean_interval).parameters["z"].default
    return {
        f"{100 * (2 * NormalDist().cdf(z) - 1):.0f}",  # the confidence of every sampling interval: 95 %
        "0.9",  # Adam's default first-moment decay (the reference's optimiser is described with it)
        "0.999",  # Adam's default second-moment decay
        "60000",  # MNIST's training images
        f"{35 * flip_probability(0.4):.1f}",  # pixels sigma 0.4 flips on average, 35 x P(N(0, 0.16) > 0.5)
    }


def _bare(number):
    return number.replace(",", "").replace("_", "").replace(" ", "").rstrip("%")


SECTION_NUMBER = re.compile(r"^#+ \d+\. |\bsections? \d+", re.M)  # '## 4. Title', 'section 4'


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_states_no_number_a_run_produces(path):
    """Said once, where measured: prose quotes only constants (of the code, the data or the tools)."""
    cells = json.loads(path.read_text())["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    allowed = {_bare(n) for n in CODE_NUMBER.findall(code)} | _prose_constants()
    for cell in cells:
        if cell["cell_type"] == "markdown":
            prose = SECTION_NUMBER.sub("", "".join(cell["source"]))  # section numbers are no run's numbers
            typed = [n for n in PROSE_NUMBER.findall(prose) if _bare(n) not in allowed]
            assert not typed, f"cell {cell['id']} states {typed}: render run numbers with code, or point at the output"


def test_the_prose_number_check_catches_run_numbers():
    found = PROSE_NUMBER.findall("E = 0.1677, 55.1 % at k = 2, over 10,000 updates; k = 6 and 2-D")
    assert found == ["0.1677", "55.1 %", "10,000"]
