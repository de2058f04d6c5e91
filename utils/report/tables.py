"""Fill the README's results and figure index, docs/performance.md and docs/claims.md from the stored results.

The notebooks write `figures/<notebook>/results.json` and `claims.json`, the benchmarks write
`benchmarks/results.json` and the claims sweep `benchmarks/claims/<notebook>.json`; this module
turns them into Markdown between marker comments, so no page quotes a number by hand. `make run`
and `make bench` call `python -m utils.report.tables`. The results tables hold only what a re-run on the
same machine reproduces exactly; wall times, which vary from run to run, live in
docs/performance.md, filled from the last `make bench`.
"""

import json
import re

from utils.report.claims import OPERATORS, margin, margin_holds
from utils.report.saving import FIGURES, ROOT, read_results

README = ROOT / "README.md"
CLAIMS_DOC = ROOT / "docs" / "claims.md"
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
BENCHMARKS = ROOT / "benchmarks" / "results.json"
SWEEP = ROOT / "benchmarks" / "claims"
NOTEBOOKS = ("01_autoencoder", "02_denoising_autoencoder", "03_variational_autoencoder")


def _table(headers, rows):
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _percent(rate):
    """A rate in [0, 1] as a percentage with one decimal, the precision the notebooks print."""
    return f"{100 * rate:.1f}%"


def autoencoder_section(r):
    """Notebook 1's table: wrong pixels of the final model and the seed counts."""
    reference = f"{r['reference_seeds_within_one_pixel']} / {r['reference_seeds']}"
    worst = ", ".join(str(w) for w in r["reference_seed_max_wrong_pixels"])
    rows = [
        (
            f"reference recipe as it ran: seeds reaching at most 1 wrong pixel in {r['reference_epochs']} epochs",
            reference,
        ),
        ("reference recipe as it ran: worst character's wrong pixels at the end, per seed", worst),
        ("worst character, wrong pixels (final model)", r["max_wrong_pixels"]),
        ("wrong pixels over all 32 characters", r["total_wrong_pixels"]),
        ("seeds reaching 0 wrong pixels", f"{r['seeds_zero_pixels']} / {r['seeds']}"),
        ("seeds reaching at most 1 wrong pixel", f"{r['seeds_at_most_one_pixel']} / {r['seeds']}"),
    ]
    return "**1. Autoencoder** (the assignment: at most 1 wrong pixel)\n\n" + _table(("measure", "value"), rows)


def denoising_section(r):
    """Notebook 2's tables: exact-recovery rates per noise level of the decoders and the ceilings."""
    parts = ["**2. Denoising autoencoder**: exact-recovery rate (all 35 pixels right)"]
    decoders = ("reference", "improved", "committing", "limit")
    headers = ("reference recipe", "improved (per pixel)", "committing", "nearest-character limit", "ML ceiling")
    for key, ceiling, levels, label in (
        ("recovery_flips", "ceiling_flips", r["flips"], "flipped pixels"),
        ("recovery_sigma", "ceiling_sigma", r["sigmas"], "sigma"),
    ):
        table = r[key]
        rows = [
            (level, *(_percent(table[m][i]) for m in decoders), _percent(r[ceiling][i]))
            + ((_percent(r["bayes_flips"][i]),) if key == "recovery_flips" else ())
            for i, level in enumerate(levels)
        ]
        bayes = ("exact-k Bayes",) if key == "recovery_flips" else ()
        parts.append(_table((label, *headers, *bayes), rows))
    parts.append(
        f"{r['samples_per_level']} noisy samples per level, drawn by the noise layers with a fixed seed. "
        "ML ceiling: maximum likelihood with ties broken at random (expected rate); "
        "exact-k Bayes: the best decoder that knows k."
    )
    return "\n\n".join(parts)


def vae_section(r):
    """Notebook 3's tables: E and the test ELBO terms per architecture, then the full-data model."""
    iwae = f"IW bound (K = {r['iwae_samples']}, first {r['iwae_images']:,} test)"
    rows = [
        (
            name,
            f"{a['E_train']:.4f}",
            f"{a['test_neg_elbo']:.1f}",
            f"{a['iwae_nll']:.1f}",
            f"{a['test_reconstruction']:.1f}",
            f"{a['test_kl']:.2f}",
            f"{a['params']:,}",
            a["epochs"],
        )
        for name, a in r["architectures"].items()
    ]
    headers = ("architecture", "E (train)", "-ELBO test", iwae, "reconstruction", "KL", "params", "epochs")
    full = r["full_data"]
    reference = ", ".join(f"{e:.3f} ({name})" for name, e in r["reference_E"].items())
    full_row = [
        (
            f"784-128-64-2, {full['train_images']:,} images, {full['validation_images']:,} for validation",
            f"{full['test_neg_elbo']:.1f}",
            f"{full['iwae_nll']:.1f}",
            f"{full['epochs_trained']} (best: {full['best_epoch']})",
        )
    ]
    return "\n\n".join(
        [
            f"**3. Variational autoencoder** (reference E: {reference}; {r['train_images']:,} training images, "
            f"{r['epochs']} epochs)",
            _table(headers, rows),
            "With all the training data, a validation split and early stopping:",
            _table(("model", "-ELBO test", iwae, "epochs"), full_row),
        ]
    )


def results_section():
    """The three notebooks' tables, from their results.json files."""
    sections = (autoencoder_section, denoising_section, vae_section)
    return "\n\n".join(section(read_results(name)) for name, section in zip(NOTEBOOKS, sections, strict=True))


def figure_index():
    """One line per notebook linking every PNG it saved (each has a PDF twin, which the PDF deck places)."""
    lines = []
    for name in NOTEBOOKS:
        pngs = sorted((FIGURES / name).glob("*.png"))
        links = ", ".join(f"[{p.stem}](figures/{name}/{p.name})" for p in pngs)
        lines.append(f"- `figures/{name}/` (PNG + PDF): {links}")
    return "\n".join(lines)


def performance_section():
    """The timing table, from the last `make bench` (benchmarks/results.json)."""
    if not BENCHMARKS.exists():
        raise FileNotFoundError("benchmarks/results.json is missing: run `make bench` first")
    b = json.loads(BENCHMARKS.read_text())
    rows = [
        (
            "VAE epoch, notebook path (`EpochLoop`; 784-128-64-2, batch 64, 20,000 images)",
            f"{b['vae_epoch_seconds']:.3f} s",
        ),
        (
            "VAE epoch, its matrix products only (the floor of any path, batch 64), same run",
            f"{b['vae_gemm_floor_seconds']:.3f} s",
        ),
        ("products / notebook epoch", f"{b['vae_gemm_fraction']:.0%}"),
        *((f"notebook epoch, of which {part}", f"{seconds:.3f} s") for part, seconds in b["vae_breakdown_seconds"]),
        ("VAE epoch through `model.fit`, same run", f"{b['vae_fit_epoch_seconds']:.3f} s"),
        ("ratio `model.fit` / notebook path", f"{b['vae_fit_over_notebook']:.2f}"),
        (
            "GFLOP/s: products only, notebook path (TensorFlow's 2048 x 2048 float32 product, for context)",
            f"{b['vae_gemm_gflop'] / b['vae_gemm_floor_seconds']:.1f}, "
            f"{b['vae_epoch_gflop'] / b['vae_epoch_seconds']:.1f} ({b['matmul_gflops']:.1f})",
        ),
        ("font autoencoder, final recipe to 0 wrong pixels, compile included", f"{b['ae_zero_pixel_seconds']:.2f} s"),
        ("the same, compiled loop reused (later seeds)", f"{b['ae_zero_pixel_warm_seconds']:.3f} s"),
        ("font autoencoder, one update: Keras `fit` / compiled trainer", f"{b['ae_fit_over_compiled']}x"),
    ]
    notebooks = dict(b.get("notebook_seconds", {}))
    total = notebooks.pop("total", None)
    rows += [(f"notebook `{name}` top to bottom", f"{seconds:.0f} s") for name, seconds in notebooks.items()]
    if total is not None:
        rows.append(("all three notebooks, top to bottom", f"{total:.0f} s"))
    rows.append(("CPU cores", b["cpu_count"]))
    return _table(("measure (make bench)", "value"), rows)


def _number(value):
    """A measured value, short: integers as integers, others to 4 significant digits."""
    if value is None:
        return "none"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4g}"


def claim_rows(notebook):
    """One row per claim the stored run made, measured over the sweep's runs.

    The statement, operator and threshold come from the stored run (`figures/<notebook>/claims.json`,
    today's notebook); the values from every run of `benchmarks/claims/<notebook>.json`.
    Returns (rows, runs): rows of dicts with the claim, its values and its margin.
    """
    stored = json.loads((FIGURES / notebook / "claims.json").read_text())
    sweep = SWEEP / f"{notebook}.json"
    runs = json.loads(sweep.read_text())["runs"] if sweep.exists() else []
    finished = [run for run in runs if "claims" in run]
    rows = []
    for name, claim in stored.items():
        values = [run["claims"][name]["value"] for run in finished if name in run["claims"]]
        measured = margin(claim["op"], claim["threshold"], values) if values else None
        holds = bool(values) and margin_holds(claim["op"], claim["threshold"], values)
        rows.append({"name": name, "asserted": True, **claim, "values": values, "measured": measured, "rule": holds})
    return rows, runs


def _span(values):
    """The measured range of a claim's values, or in how many runs it measured nothing."""
    if not values:
        return "-"
    if None in values:
        return f"none in {values.count(None)} runs"
    return f"{_number(min(values))} to {_number(max(values))}"


def claims_section():
    """The claims table of docs/claims.md: each claim with its margin over the sweep, then the observations."""
    parts = []
    for notebook in NOTEBOOKS:
        rows, runs = claim_rows(notebook)
        failed = [run for run in runs if "error" in run]
        seeds = sorted({run["seed"] for run in runs})
        machines = sorted({run["machine"] for run in runs})
        parts.append(
            f"**{notebook}**: {len(runs) - len(failed)} runs (seeds {', '.join(map(str, seeds))}; "
            f"{'; '.join(machines)})" + (f", {len(failed)} stopped by an error" if failed else "")
        )
        claims, observations = [], []
        for r in rows:
            m, values = r["measured"], r["values"]
            span = _span(values)
            statement = f"{r['statement']} ({r['op']} {_number(r['threshold'])})"
            if r["asserted"]:
                spread, distance = ("-", "-") if m is None else (_number(m["spread"]), _number(m["margin"]))
                verdict = "yes" if r["rule"] else "**no**"
                claims.append((statement, span, _number(r["value"]), spread, distance, verdict))
            else:
                held = sum(v is not None and OPERATORS[r["op"]](v, r["threshold"]) for v in values)
                observations.append((statement, span, _number(r["value"]), f"{held} of {len(values)}"))
        headers = ("claim (asserted)", "measured (sweep)", "stored run", "spread", "margin", "margin >= 2 x spread")
        parts.append(_table(headers, claims))
        if observations:
            headers = ("observed, not asserted (margin too thin)", "measured (sweep)", "stored run", "held in runs")
            parts.append(_table(headers, observations))
    return "\n\n".join(parts)


SECTIONS = {"results": results_section, "figures": figure_index}
# Every page with generated sections, and how each section is rendered.
PAGES = {
    README: SECTIONS,
    PERFORMANCE_DOC: {"performance": performance_section},
    CLAIMS_DOC: {"claims": claims_section},
}


def generated(name, text):
    """The block of text that `update_page` writes for section `name`."""
    return f"<!-- BEGIN generated: {name} -->\n{text}\n<!-- END generated: {name} -->"


def update_page(path=README, sections=SECTIONS):
    """Rewrite every generated section of a page (README.md, a docs/ page) in place; a missing marker is an error."""
    text = path.read_text()
    for name, render in sections.items():
        pattern = re.compile(rf"<!-- BEGIN generated: {name} -->.*?<!-- END generated: {name} -->", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"{path.name} lacks the markers of the generated section {name!r}")
        block = generated(name, render())
        text = pattern.sub(lambda _, block=block: block, text)
    path.write_text(text)


if __name__ == "__main__":
    for page, sections in PAGES.items():
        update_page(page, sections)
    print("README.md: results and figure index; docs/performance.md: timings; docs/claims.md: claims")
