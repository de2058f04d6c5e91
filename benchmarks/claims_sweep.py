"""Measure every notebook claim over several seeds on two simulated machines: the margins behind the thresholds.

Each run executes one notebook with papermill (another `SEED`), under one simulated machine, with
`NOTEBOOK_CLAIMS=record`: the claims (utils/report/claims.py) are recorded instead of asserted, so a
claim that fails for one seed still yields its value and the run goes on. Sanity checks stay on.
Everything a run saves goes to a temporary folder; only the recorded claims are kept, in
`benchmarks/claims/<notebook>.json`, one entry per (machine, seed), rewritten after every run so
that an interrupted sweep keeps what it measured. `python -m utils.report.tables` turns them into the
claims table of `docs/claims.md`, with each threshold's margin.

Usage: python benchmarks/claims_sweep.py [--notebooks STEM ...] [--seeds N ...] [--jobs N]
(defaults: every notebook, its seeds (SEEDS, or NOTEBOOK_SEEDS where fewer), one run at a time).
It takes hours on two cores: it is not part of `make bench`.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The notebooks, and the folder the report reads the sweep from (utils.report.tables imports no TensorFlow).
from utils.report.tables import NOTEBOOKS, SWEEP  # noqa: E402

SEEDS = (0, 3, 7, 13, 24)
# Notebook 3 costs about 20 CPU-minutes a run on two cores (two 200-epoch VAEs, the full-data model,
# importance-weighted bounds): its sweep measured the first three seeds only.
NOTEBOOK_SEEDS = {"03_variational_autoencoder": SEEDS[:3]}
# Two machines unlike each other and unlike the one that stored the outputs (AVX-512, 2 threads):
# XLA's CPU code for another instruction set, and another intra-op thread count.
MACHINES = {
    "AVX2, 1 thread": {"XLA_FLAGS": "--xla_cpu_max_isa=AVX2", "TF_NUM_INTRAOP_THREADS": "1"},
    "AVX, 8 threads": {"XLA_FLAGS": "--xla_cpu_max_isa=AVX", "TF_NUM_INTRAOP_THREADS": "8"},
}


def run_once(notebook, seed, machine):
    """Execute `notebook` with `seed` on `machine`; return its recorded claims, or the error that stopped it."""
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, **MACHINES[machine], "NOTEBOOK_UNATTENDED": "1", "FIGURES_DIR": out}
        env["NOTEBOOK_CLAIMS"] = "record"
        command = [sys.executable, "-m", "papermill", str(ROOT / "notebooks" / f"{notebook}.ipynb")]
        command += [f"{out}/executed.ipynb", "-p", "SEED", str(seed), "--cwd", str(ROOT / "notebooks")]
        command += ["-k", "python3", "--no-progress-bar", "--log-level", "WARNING", "--execution-timeout", "1800"]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        claims_file = Path(out) / notebook / "claims.json"
        if done.returncode != 0 or not claims_file.exists():
            return {"error": (done.stderr or done.stdout)[-2000:]}
        return {"claims": json.loads(claims_file.read_text())}


def load(notebook):
    """The runs recorded so far for one notebook: {"runs": [{"machine", "seed", "claims" | "error"}, ...]}."""
    path = SWEEP / f"{notebook}.json"
    return json.loads(path.read_text()) if path.exists() else {"runs": []}


def store(notebook, run):
    """Add (or replace) one run in `benchmarks/claims/<notebook>.json`."""
    recorded = load(notebook)
    runs = [r for r in recorded["runs"] if (r["machine"], r["seed"]) != (run["machine"], run["seed"])]
    runs.append(run)
    runs.sort(key=lambda r: (r["machine"], r["seed"]))
    SWEEP.mkdir(exist_ok=True)
    (SWEEP / f"{notebook}.json").write_text(json.dumps({"runs": runs}, indent=1, sort_keys=True) + "\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", nargs="+", default=NOTEBOOKS, choices=NOTEBOOKS)
    parser.add_argument("--seeds", nargs="+", type=int, help="default: the notebook's seeds")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time")
    args = parser.parse_args(argv)
    tasks = [
        (nb, seed, machine)
        for nb in args.notebooks
        for seed in (args.seeds or NOTEBOOK_SEEDS.get(nb, SEEDS))
        for machine in MACHINES
    ]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_once, *task): task for task in tasks}
        for future in concurrent.futures.as_completed(futures):
            notebook, seed, machine = futures[future]
            outcome = future.result()
            store(notebook, {"machine": machine, "seed": seed, **outcome})
            status = "error" if "error" in outcome else f"{len(outcome['claims'])} claims"
            print(f"{notebook} seed {seed} on {machine}: {status}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
