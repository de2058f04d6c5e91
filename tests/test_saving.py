"""Figure and results saving: stable names, both formats, reproducible bytes."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from utils import saving  # noqa: E402


@pytest.fixture
def tmp_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(saving, "FIGURES", tmp_path / "figures")
    monkeypatch.setattr(saving, "ROOT", tmp_path)
    monkeypatch.delenv(saving.FIGURES_DIR, raising=False)
    return tmp_path


def test_png_and_pdf_written_and_reproducible(tmp_figures):
    def draw():
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        assert saving.save_figure(fig, "01_autoencoder", "curve") is None  # a cell ending in it shows no text
        plt.close(fig)
        return [(tmp_figures / "figures" / "01_autoencoder" / f"curve.{ext}").read_bytes() for ext in ("png", "pdf")]

    first = draw()
    assert first[0].startswith(b"\x89PNG") and first[1].startswith(b"%PDF")
    assert draw() == first  # no timestamps: re-running rewrites identical files


def test_results_round_trip(tmp_figures):
    saving.write_results("01_autoencoder", {"b": 1, "a": [1, 2]})
    assert saving.read_results("01_autoencoder") == {"a": [1, 2], "b": 1}


@pytest.mark.parametrize("name", ["", "a/b", "x y"])
def test_bad_figure_names(tmp_figures, name):
    fig = plt.figure()
    with pytest.raises(ValueError, match="figure name"):
        saving.save_figure(fig, "01_autoencoder", name)
    plt.close(fig)


def test_bad_notebook_name(tmp_figures):
    with pytest.raises(ValueError, match="bare notebook stem"):
        saving.figure_dir("../elsewhere")


def test_missing_results_say_how_to_make_them(tmp_figures):
    with pytest.raises(FileNotFoundError, match="make run"):
        saving.read_results("01_autoencoder")


def test_figures_dir_redirects_everything_a_notebook_saves(tmp_figures, monkeypatch):
    elsewhere = tmp_figures / "elsewhere"
    monkeypatch.setenv(saving.FIGURES_DIR, str(elsewhere))
    fig = plt.figure()
    saving.save_figure(fig, "02_denoising_autoencoder", "curve")
    plt.close(fig)
    assert saving.write_results("02_denoising_autoencoder", {"a": 1}) == "02_denoising_autoencoder/results.json"
    saved = {p.name for p in (elsewhere / "02_denoising_autoencoder").iterdir()}
    assert saved == {"curve.png", "curve.pdf", "results.json"}
    assert not (tmp_figures / "figures").exists()  # nothing written into the tracked folder


def test_empty_figures_dir_is_an_error(tmp_figures, monkeypatch):
    monkeypatch.setenv(saving.FIGURES_DIR, " ")
    with pytest.raises(ValueError, match="FIGURES_DIR is set but empty"):
        saving.figure_dir("01_autoencoder")
