"""utils.deck: a notebook states each slide where it saves the figure; titles said once, text on one line."""

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from utils import style  # noqa: E402
from utils.deck import DECK_FILE, SAVE_PAD, Deck, fit_to_slide  # noqa: E402

NOTEBOOK = "01_autoencoder"


@pytest.fixture
def deck(figures_dir):
    """A Deck saving into a temporary output root."""
    return Deck(NOTEBOOK)


def _declared(tmp_path):
    return json.loads((tmp_path / NOTEBOOK / DECK_FILE).read_text())


def _figure(title=None, size=(6, 4)):
    fig, ax = plt.subplots(figsize=size)
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("epoch")
    if title:
        fig.suptitle(title)
    return fig


def test_a_figure_page_is_saved_with_its_takeaway_and_its_title_said_once(deck, tmp_path):
    fig = _figure("Loss per epoch")
    assert deck.figure(fig, "loss", "The loss falls from 0.7 to 0.1") is None
    assert _declared(tmp_path)["pages"] == [
        {"kind": "figure", "name": "loss", "title": "Loss per epoch", "takeaway": "The loss falls from 0.7 to 0.1"}
    ]
    saved = PdfReader(tmp_path / NOTEBOOK / "loss.pdf").pages[0].extract_text()
    assert "epoch" in saved and "Loss per epoch" not in saved  # the slide's title is not drawn twice
    assert (tmp_path / NOTEBOOK / "loss.png").exists()
    assert fig.get_suptitle() == "Loss per epoch" and fig._suptitle.get_visible()  # the notebook still shows it


def test_a_title_given_to_an_untitled_figure_is_shown_in_the_notebook_but_not_saved(deck, tmp_path):
    fig = _figure()
    deck.figure(fig, "explorer", "Sliders move z", title="Latent explorer")
    assert fig.get_suptitle() == "Latent explorer"
    assert "Latent explorer" not in PdfReader(tmp_path / NOTEBOOK / "explorer.pdf").pages[0].extract_text()


@pytest.mark.parametrize(("suptitle", "title"), [("Drawn", "Given"), (None, None)])
def test_a_figure_needs_exactly_one_title(deck, suptitle, title):
    with pytest.raises(ValueError, match="give its title once"):
        deck.figure(_figure(suptitle), "twice", "A takeaway", title=title)


@pytest.mark.parametrize("takeaway", ["", "two\nlines", "a takeaway far too long for one line " * 4])
def test_a_takeaway_is_one_line_that_fits_the_slide(deck, takeaway):
    with pytest.raises(ValueError, match="takeaway of 'long'"):
        deck.figure(_figure("Title"), "long", takeaway)


def test_a_figure_larger_than_the_slide_is_shrunk_with_its_text_kept_at_size(deck, tmp_path):
    fig = _figure("Wide", size=(20, 9))
    label_size = fig.axes[0].xaxis.label.get_size()
    deck.figure(fig, "wide", "Shrunk to fit")
    page = PdfReader(tmp_path / NOTEBOOK / "wide.pdf").pages[0].mediabox
    assert float(page.width) / 72 <= style.MAX_WIDTH and float(page.height) / 72 <= style.MAX_HEIGHT
    assert fig.get_size_inches()[0] < 20 and fig.axes[0].xaxis.label.get_size() == label_size


def test_fit_to_slide_leaves_a_small_figure_alone():
    fig = _figure(size=(4, 3))
    fit_to_slide(fig)
    assert tuple(fig.get_size_inches()) == (4, 3)
    box = fig.get_tightbbox()
    assert box.width + 2 * SAVE_PAD <= style.MAX_WIDTH


def test_pages_keep_the_order_they_were_declared_in_and_a_redeclared_page_its_place(deck, tmp_path):
    deck.text("setup", "Set-up", ["Adam at 0.01", "1000 epochs"])
    deck.figure(_figure("A figure"), "fig", "First version")
    deck.text("setup", "Set-up", ["Adam at 0.003"])
    deck.section("1. A notebook", "What it asks, in a sentence or two.", ["A headline: 3 of 3"])
    deck.conclusions(["What it found"])
    declared = _declared(tmp_path)
    assert [page["name"] for page in declared["pages"]] == ["setup", "fig"]
    assert declared["pages"][0]["lines"] == ["Adam at 0.003"]
    assert declared["section"] == {
        "title": "1. A notebook",
        "question": "What it asks, in a sentence or two.",
        "headlines": ["A headline: 3 of 3"],
    }
    assert declared["conclusions"] == ["What it found"]


def test_a_new_deck_starts_empty_so_a_run_leaves_only_its_own_pages(deck, tmp_path):
    deck.figure(_figure("Old"), "old", "From an earlier run")
    Deck(NOTEBOOK).conclusions(["A new run"])
    assert _declared(tmp_path)["pages"] == []


@pytest.mark.parametrize("lines", [[], [f"line {i}" for i in range(8)], ["fine", "far too long a bullet " * 5]])
def test_a_text_page_holds_one_to_seven_one_line_bullets(deck, lines):
    with pytest.raises(ValueError, match="'setup'"):
        deck.text("setup", "Set-up", lines)
