"""The README generator: tables from results, and loud failure on a README without markers."""

import json

import pytest

from utils.report import tables


def test_markdown_table():
    assert tables._table(("a", "b"), [(1, 2)]) == "| a | b |\n|---|---|\n| 1 | 2 |"


def test_update_rewrites_only_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("intro\n" + tables.generated("x", "old") + "\noutro\n")
    tables.update_page(readme, {"x": lambda: "new | table"})
    assert readme.read_text() == "intro\n" + tables.generated("x", "new | table") + "\noutro\n"


def test_missing_markers_are_an_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("no markers here\n")
    with pytest.raises(ValueError, match="lacks the markers of the generated section 'x'"):
        tables.update_page(readme, {"x": lambda: "table"})


def test_autoencoder_section_reads_the_required_keys():
    text = tables.autoencoder_section(
        {
            "max_wrong_pixels": 0,
            "total_wrong_pixels": 0,
            "seeds": 10,
            "seeds_zero_pixels": 9,
            "seeds_at_most_one_pixel": 10,
            "reference_seeds": 5,
            "reference_seeds_within_one_pixel": 0,
            "reference_seed_max_wrong_pixels": [3, 2, 3, 2, 4],
            "reference_epochs": 7000,
        }
    )
    assert "| seeds reaching 0 wrong pixels | 9 / 10 |" in text
    assert "| reference recipe as it ran: seeds reaching at most 1 wrong pixel in 7000 epochs | 0 / 5 |" in text
    assert "per seed | 3, 2, 3, 2, 4 |" in text


def test_denoising_section_formats_each_rate_once():
    results = {
        "flips": [0, 3],
        "sigmas": [0.1],
        "recovery_flips": {
            "reference": [1.0, 0.5],
            "improved": [1.0, 0.98],
            "committing": [1.0, 0.99],
            "limit": [1.0, 8081 / 8192],
        },
        "recovery_sigma": {"reference": [0.9], "improved": [1.0], "committing": [1.0], "limit": [1.0]},
        "ceiling_flips": [1.0, 0.9927],
        "ceiling_sigma": [1.0],
        "bayes_flips": [1.0, 0.9938],
        "samples_per_level": 8192,
    }
    text = tables.denoising_section(results)
    assert "| 3 | 50.0% | 98.0% | 99.0% | 98.6% | 99.3% | 99.4% |" in text  # 0.98645..., not a pre-rounded 0.9865
    assert "| 0.1 | 90.0% | 100.0% | 100.0% | 100.0% | 100.0% |" in text
    assert "exact-k Bayes" in text.split("| sigma |")[0] and "exact-k Bayes |" not in text.split("| sigma |")[1]


def test_vae_section_lists_every_architecture():
    arch = {"E_train": 0.1712, "test_neg_elbo": 147.43, "test_reconstruction": 140.4, "test_kl": 7.03}
    arch |= {"iwae_nll": 142.71, "params": 218644, "epochs": 200}
    full = {"train_images": 55000, "validation_images": 5000, "test_neg_elbo": 139.62, "iwae_nll": 136.04}
    full |= {"epochs_trained": 153, "best_epoch": 133}
    results = {"architectures": {"784-128-64-2": arch}, "iwae_samples": 500, "iwae_images": 2000, "full_data": full}
    results |= {"reference_E": {"784-128-64-2": 0.175}, "train_images": 20000, "epochs": 200}
    text = tables.vae_section(results)
    assert "(reference E: 0.175 (784-128-64-2); 20,000 training images, 200 epochs)" in text
    assert "| 784-128-64-2 | 0.1712 | 147.4 | 142.7 | 140.4 | 7.03 | 218,644 | 200 |" in text
    assert "IW bound (K = 500, first 2,000 test)" in text
    assert "| 784-128-64-2, 55,000 images, 5,000 for validation | 139.6 | 136.0 | 153 (best: 133) |" in text


def test_sections_name_a_missing_key():
    with pytest.raises(KeyError, match="reference_seeds_within_one_pixel"):
        tables.autoencoder_section({"max_wrong_pixels": 0, "total_wrong_pixels": 0, "seeds": 10})


def test_performance_section_totals_the_notebooks(tmp_path, monkeypatch):
    bench = tmp_path / "results.json"
    numbers = {"vae_epoch_seconds": 0.3, "vae_gemm_floor_seconds": 0.2, "vae_gemm_fraction": 2 / 3}
    numbers["vae_gemm_gflop"] = 22.4
    numbers |= {
        "vae_fit_epoch_seconds": 0.8,
        "vae_fit_over_notebook": 8 / 3,
        "vae_epoch_gflop": 26.2,
        "matmul_gflops": 97.0,
        "vae_breakdown_seconds": [["matrix products", 0.2], ["Adam's update (over SGD's)", 0.06]],
    }
    numbers["cpu_count"] = 2
    numbers |= {"ae_zero_pixel_seconds": 1.8, "ae_zero_pixel_warm_seconds": 0.023, "ae_fit_over_compiled": 35.2}
    numbers["notebook_seconds"] = {"01_autoencoder": 55.0, "total": 296.1}
    bench.write_text(json.dumps(numbers))
    monkeypatch.setattr(tables, "BENCHMARKS", bench)
    text = tables.performance_section()
    assert "| notebook `01_autoencoder` top to bottom | 55 s |" in text
    assert "| all three notebooks, top to bottom | 296 s |" in text
    assert "notebook `total`" not in text
    assert "| products / notebook epoch | 67% |" in text and "| ratio `model.fit` / notebook path | 2.67 |" in text
    assert "| notebook epoch, of which Adam's update (over SGD's) | 0.060 s |" in text
    assert "| 112.0, 87.3 (97.0) |" in text  # GFLOP/s of the products, of the notebook path, of a large product


def test_claims_table_measures_each_stored_claim_over_the_sweep(tmp_path, monkeypatch):
    figures, sweep = tmp_path / "figures", tmp_path / "claims"
    claim = {"statement": "E below 0.175", "op": "<", "threshold": 0.175}
    for notebook in tables.NOTEBOOKS:
        (figures / notebook).mkdir(parents=True)
        (figures / notebook / "claims.json").write_text(json.dumps({"E": {**claim, "value": 0.1714}}))
    sweep.mkdir()
    runs = [{"machine": "m", "seed": s, "claims": {"E": {**claim, "value": v}}} for s, v in ((0, 0.160), (3, 0.164))]
    runs.append({"machine": "m", "seed": 7, "error": "Traceback ..."})
    (sweep / "01_autoencoder.json").write_text(json.dumps({"runs": runs}))
    monkeypatch.setattr(tables, "FIGURES", figures)
    monkeypatch.setattr(tables, "SWEEP", sweep)
    rows, measured = tables.claim_rows("01_autoencoder")
    assert len(measured) == 3 and rows[0]["values"] == [0.160, 0.164]
    assert rows[0]["rule"]  # margin 0.011 >= 2 x spread 0.004
    text = tables.claims_section()
    assert "**01_autoencoder**: 2 runs (seeds 0, 3, 7; m), 1 stopped by an error" in text
    assert "| E below 0.175 (< 0.175) | 0.16 to 0.164 | 0.1714 | 0.004 | 0.011 | yes |" in text
    assert "| E below 0.175 (< 0.175) | - | 0.1714 | - | - | **no** |" in text  # notebooks 2 and 3: no sweep


def test_observations_are_listed_with_the_runs_they_held_in(tmp_path, monkeypatch):
    figures, sweep = tmp_path / "figures", tmp_path / "claims"
    seen = {"statement": "sigmoid never reaches 0", "op": ">", "threshold": 0, "asserted": False}
    for notebook in tables.NOTEBOOKS:
        (figures / notebook).mkdir(parents=True)
        (figures / notebook / "claims.json").write_text(json.dumps({"sigmoid": {**seen, "value": 8}}))
    sweep.mkdir()
    runs = [{"machine": "m", "seed": s, "claims": {"sigmoid": {**seen, "value": v}}} for s, v in ((0, 6), (3, 0))]
    (sweep / "01_autoencoder.json").write_text(json.dumps({"runs": runs}))
    monkeypatch.setattr(tables, "FIGURES", figures)
    monkeypatch.setattr(tables, "SWEEP", sweep)
    assert "| sigmoid never reaches 0 (> 0) | 0 to 6 | 8 | 1 of 2 |" in tables.claims_section()
