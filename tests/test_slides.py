"""The slide deck: built from a temporary figures folder, one page per declared figure, numbers from results.json.

The folder holds the committed results.json files with every float scaled and a few counts changed (so a
number typed into the deck instead of read would show), and a tiny PNG per slide whose width is unique,
so each page can be matched with the figure it must show.
"""

import json
import re

import matplotlib.image
import numpy as np
import pytest

from utils import slides
from utils.saving import FIGURES, FIGURES_DIR

FIGURE_PAGES = [(section, slide) for section in slides.DECK for slide in section.slides]


def _scaled(value):
    """`value` with every float multiplied by 0.9 (counts, levels and names kept)."""
    if isinstance(value, dict):
        return {key: _scaled(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_scaled(inner) for inner in value]
    return value * 0.9 if isinstance(value, float) else value


def _results():
    """Results unlike the committed ones: floats scaled, some counts changed, another learning rate lowest."""
    results = {
        s.notebook: _scaled(json.loads((FIGURES / s.notebook / "results.json").read_text())) for s in slides.DECK
    }
    autoencoder = results["01_autoencoder"]
    autoencoder.update(seeds_zero_pixels=7, max_wrong_pixels=2, total_wrong_pixels=3, zero_epoch=321)
    autoencoder["latent_grid"].update(known=70, new_distinct=150)
    autoencoder["learning_rate_final_loss"]["lr = 1e-1"] = 0.05
    return results


@pytest.fixture
def figures(tmp_path, monkeypatch):
    """A figures folder named by FIGURES_DIR, as `make run` leaves it; returns the results written there."""
    monkeypatch.setenv(FIGURES_DIR, str(tmp_path))
    results = _results()
    for notebook, values in results.items():
        (tmp_path / notebook).mkdir()
        (tmp_path / notebook / "results.json").write_text(json.dumps(values))
    for width, (section, slide) in enumerate(FIGURE_PAGES, start=2):
        matplotlib.image.imsave(tmp_path / section.notebook / f"{slide.figure}.png", np.ones((3, width, 3)))
    return results


def _text(page):
    """Every word written on a page, in one line."""
    return " ".join(" ".join(text.get_text() for text in page.texts).split())


def test_one_title_page_a_section_page_per_notebook_and_a_page_per_figure_all_16_9(figures, tmp_path):
    path = slides.write_deck()
    assert path == tmp_path / "slides.pdf"
    deck = path.read_bytes()
    assert len(re.findall(rb"/Type /Page\b", deck)) == slides.page_count() == 1 + len(slides.DECK) + len(FIGURE_PAGES)
    assert set(re.findall(rb"/MediaBox \[ 0 0 (\S+) (\S+) \]", deck)) == {(b"960", b"540")}


def test_every_figure_is_shown_on_its_own_page_under_a_title_and_a_takeaway(figures):
    pages = list(slides.pages())
    labels = [page.get_label() for page in pages]
    expected = ["title"]
    for section in slides.DECK:
        expected += [section.notebook] + [f"{section.notebook}/{slide.figure}" for slide in section.slides]
    assert labels == expected
    figure_pages = [page for page in pages if "/" in page.get_label()]
    for width, page in enumerate(figure_pages, start=2):
        (image,) = page.axes[0].images
        assert image.get_array().shape[:2] == (3, width), page.get_label()
        assert len(page.texts) == 4, page.get_label()  # title, takeaway, source, page number
    assert min(text.get_fontsize() for page in pages for text in page.texts) >= 12


def _seeds(r):
    return [
        f"no seed reached at most 1 wrong pixel (0 / {r['reference_seeds']})",
        "7 seeds reached 0 wrong pixels (7 / 10)",
    ]


# For some pages, what they must say, computed here from the results the fixture wrote.
EXPECTED = {
    "01_autoencoder": lambda r: [*_seeds(r), "70 of 289 grid cells", "(150 distinct)"],
    "01_autoencoder/architectures": lambda r: [
        f"{wrong} ({name})" for name, wrong in r["reference_recipe_max_wrong_pixels"].items()
    ],
    "01_autoencoder/learning_rates": lambda r: ["Lowest final squared error with lr = 1e-1 (0.05)"],
    "01_autoencoder/recipe_ablation": lambda r: ["epoch 321"],
    "01_autoencoder/final_reconstructions": lambda r: ["2 wrong pixels, 3 over all 32", _seeds(r)[1]],
    "01_autoencoder/latent_grid": lambda r: ["Of the 289 grid cells, 70 decode", "150 of them distinct"],
    "02_denoising_autoencoder": lambda r: [
        f"{name} {rates[-1]:.1%}" for name, rates in r["variant_recovery_flips"].items()
    ],
    "02_denoising_autoencoder/recovery_vs_flips": lambda r: [
        f"At k = {r['flips'][-1]}:",
        *(f"{r['recovery_flips'][d][-1]:.1%}" for d in ("reference", "improved", "limit", "committing")),
        f"ML ceiling {r['ceiling_flips'][-1]:.1%}",
        f"exact-k Bayes {r['bayes_flips'][-1]:.1%}",
    ],
    "02_denoising_autoencoder/recovery_vs_sigma": lambda r: [
        f"At σ = {r['sigmas'][-1]}:",
        *(f"{r['recovery_sigma'][d][-1]:.1%}" for d in ("reference", "improved", "limit", "committing")),
        f"ML ceiling {r['ceiling_sigma'][-1]:.1%}",
    ],
    "02_denoising_autoencoder/improved_hardest_cases": lambda r: [
        f"fails on {1 - r['recovery_flips']['improved'][-1]:.1%}",
        f"limit on {1 - r['recovery_flips']['limit'][-1]:.1%}",
    ],
    "02_denoising_autoencoder/triplets_flips": lambda r: [
        ", ".join(f"{r['recovery_flips'][d][r['flips'].index(k)]:.1%}" for k in (2, 3, 4, 5, 6))
        for d in ("reference", "improved")
    ],
    "03_variational_autoencoder": lambda r: [
        f"{r['full_data']['test_neg_elbo']:.1f} nats, IW bound {r['full_data']['iwae_nll']:.1f}",
        *(f"{name}: E = {a['E_train']:.4f}" for name, a in r["architectures"].items()),
    ],
    "03_variational_autoencoder/overfitting": lambda r: [
        f"about {a['test_neg_elbo'] - 784 * a['E_train']:.0f} nats for {name}" for name, a in r["architectures"].items()
    ],
    "03_variational_autoencoder/comparison_reconstructions": lambda r: [
        f"{a['params']:,} parameters" for a in r["architectures"].values()
    ],
}
for _name in slides.REFERENCE_E:
    EXPECTED[f"03_variational_autoencoder/{_name}_loss_curves"] = lambda r, name=_name: [
        "{test_neg_elbo:.1f} nats per image = reconstruction {test_reconstruction:.1f} + KL {test_kl:.2f}".format(
            **r["architectures"][name]
        )
    ]


def test_the_numbers_on_the_pages_are_those_of_results_json(figures):
    pages = {page.get_label(): page for page in slides.pages()}
    for label, expected in EXPECTED.items():
        text = _text(pages[label])
        for phrase in expected(figures[label.split("/")[0]]):
            assert phrase in text, f"{label}: {phrase!r} not in {text!r}"
    for name, architecture in figures["03_variational_autoencoder"]["architectures"].items():
        e = f"(E = {architecture['E_train']:.4f})"
        titled = [label for label, page in pages.items() if name in label and e in _text(page)]
        assert len(titled) == 5, f"every figure page of {name} has E in its title"


def test_a_rebuild_writes_identical_bytes(figures):
    first = slides.write_deck().read_bytes()
    assert slides.write_deck().read_bytes() == first
    assert b"CreationDate" not in first


@pytest.mark.parametrize("missing", ["02_denoising_autoencoder/results.json", "01_autoencoder/latent_grid.png"])
def test_a_missing_file_is_an_error_that_says_to_run_the_notebooks(figures, tmp_path, missing):
    (tmp_path / missing).unlink()
    with pytest.raises(FileNotFoundError, match=rf"{re.escape(missing)}\. Run `make run` first"):
        slides.write_deck()
    assert not (tmp_path / "slides.pdf").exists()


def test_results_lacking_a_number_is_an_error_that_names_the_slide(figures, tmp_path):
    path = tmp_path / "01_autoencoder" / "results.json"
    results = json.loads(path.read_text())
    del results["zero_epoch"]
    path.write_text(json.dumps(results))
    with pytest.raises(LookupError, match="01_autoencoder/results.json lacks what the slide of recipe_ablation reads"):
        slides.write_deck()
    assert not (tmp_path / "slides.pdf").exists()


def test_templates_read_nested_results_and_count_from_the_end():
    assert slides.fill("{a[b][-1]:.1%} of {a[b][0]}, {n:,}", {"a": {"b": [1, 0.5]}, "n": 8192}) == "50.0% of 1, 8,192"


@pytest.mark.parametrize(
    ("count", "wording"),
    [(10, "every seed reached it (10 / 10)"), (0, "no seed reached it (0 / 10)"), (1, "1 seed reached it (1 / 10)")],
)
def test_seed_counts_are_worded_by_what_they_say(count, wording):
    assert slides._share(count, 10, "seed", "reached it") == wording


def test_the_deck_shows_every_committed_figure():
    """A figure a notebook saves gets a slide: the deck declares exactly the PNGs under figures/."""
    for section in slides.DECK:
        committed = {path.stem for path in (FIGURES / section.notebook).glob("*.png")}
        assert {slide.figure for slide in section.slides} == committed, section.notebook


def test_make_run_ends_with_the_deck_and_the_readme_links_it():
    makefile = (FIGURES.parent / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert run.rstrip().endswith("$(BIN)/python -m utils.report\n\t$(BIN)/python -m utils.slides")
    assert "\nslides: $(BIN)/.installed\n\t$(BIN)/python -m utils.slides\n" in makefile
    assert "](figures/slides.pdf)" in (FIGURES.parent / "README.md").read_text()
