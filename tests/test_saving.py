"""Figure and results saving: stable names, both formats, reproducible bytes; show_figure and its slide metadata."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from utils.lesson import style  # noqa: E402
from utils.report import saving  # noqa: E402


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


# --- show_figure: the figure, its takeaway under it, and the files the slides place ----------------


def _figure(title="Loss per epoch", size=(6, 4)):
    fig, ax = plt.subplots(figsize=size)
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("epoch")
    if title:
        fig.suptitle(title)
    return fig


@pytest.fixture
def shown(figures_dir, monkeypatch):
    """What show_figure displays, as (object, metadata) pairs, with the output root in a temporary folder."""
    calls = []
    monkeypatch.setattr("IPython.display.display", lambda obj, metadata=None: calls.append((obj, metadata)))
    return calls


def test_show_figure_shows_the_figure_then_its_takeaway_with_the_slide_metadata(shown, figures_dir):
    from IPython.display import Markdown

    fig = _figure()
    assert saving.show_figure(fig, "01_autoencoder", "loss", "The loss falls from 0.7 to 0.1") is None
    (first, first_metadata), (second, metadata) = shown
    assert first is fig and first_metadata is None  # the figure, under its title
    assert isinstance(second, Markdown) and second.data == "**The loss falls from 0.7 to 0.1**"
    slide = {"name": "loss", "title": "Loss per epoch", "takeaway": "The loss falls from 0.7 to 0.1"}
    assert metadata == {saving.SLIDE_FIGURE: slide}  # what utils.report.slides reads from the stored output
    assert fig.get_suptitle() == "Loss per epoch" and fig._suptitle.get_visible()  # the notebook shows the title
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend does not show it a second time
    saved = PdfReader(figures_dir / "01_autoencoder" / "loss.pdf").pages[0].extract_text()
    assert "epoch" in saved and "Loss per epoch" not in saved  # the slide's title is not drawn twice
    assert (figures_dir / "01_autoencoder" / "loss.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("takeaway", ["", "two\nlines", "a takeaway far too long for one line " * 4])
def test_a_takeaway_is_one_line_that_fits_the_slide(shown, takeaway):
    with pytest.raises(ValueError, match="the takeaway of figure 'long'"):
        saving.show_figure(_figure(), "01_autoencoder", "long", takeaway)
    assert not shown


def test_a_figure_needs_its_title_as_suptitle(shown):
    with pytest.raises(ValueError, match=r"the title \(suptitle\) of figure 'untitled'"):
        saving.show_figure(_figure(title=None), "01_autoencoder", "untitled", "A takeaway")


def test_a_figure_larger_than_the_slide_is_saved_shrunk_with_its_text_kept_at_size(shown, figures_dir):
    fig = _figure("Wide", size=(20, 9))
    label_size = fig.axes[0].xaxis.label.get_size()
    saving.show_figure(fig, "01_autoencoder", "wide", "Shrunk to fit")
    page = PdfReader(figures_dir / "01_autoencoder" / "wide.pdf").pages[0].mediabox
    assert float(page.width) / 72 <= style.MAX_WIDTH and float(page.height) / 72 <= style.MAX_HEIGHT
    assert fig.get_size_inches()[0] < 20 and fig.axes[0].xaxis.label.get_size() == label_size


def test_fit_to_slide_leaves_a_small_figure_alone():
    fig = _figure(size=(4, 3))
    saving.fit_to_slide(fig)
    assert tuple(fig.get_size_inches()) == (4, 3)
    box = fig.get_tightbbox()
    assert box.width + 2 * saving.SAVE_PAD <= style.MAX_WIDTH


def test_fit_to_slide_refuses_a_figure_whose_text_alone_is_larger_than_the_slide():
    fig = plt.figure(figsize=(4, 3))
    fig.text(0, 0, "a label far wider than any slide " * 3, size=30)
    with pytest.raises(ValueError, match="draw it with less text"):
        saving.fit_to_slide(fig)
