"""The decks: laid out from what the notebooks declared, read back from both files.

A temporary output root gets, for each notebook, pages declared through `utils.deck` as a notebook
declares them (a section, a set-up page, figures with unique labels, conclusions); the decks built
from it are read back with pypdf and python-pptx. The committed decks are read back too: their
pages are those the notebooks declared, every figure is on its page, no text is below 12 points,
and every number on a page is a number of the notebook's results.json.
"""

import json
import re
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.util import Emu  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from utils import slides  # noqa: E402
from utils.deck import DECK_FILE, Deck  # noqa: E402
from utils.report import NOTEBOOKS  # noqa: E402
from utils.saving import FIGURES  # noqa: E402
from utils.style import MIN_FONT_SIZE  # noqa: E402


def _declare(notebook, figures=(("wide", (11, 4)), ("small", (4, 3)))):
    """Declare a notebook's pages as a notebook does: set-up, figures labelled '<notebook> <name>', section."""
    deck = Deck(notebook)
    deck.text("setup", f"Set-up of {notebook}", ["Adam at 0.01", "1000 epochs"])
    for name, size in figures:
        fig, ax = plt.subplots(figsize=size)
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel(f"label{notebook[:2]}{name}")
        fig.suptitle(f"Figure {name} of {notebook}")
        deck.figure(fig, name, f"Takeaway of {name} in {notebook}: 42.5%")
        plt.close(fig)
    deck.section(f"Section {notebook}", f"The question of {notebook}, long enough to wrap. " * 3, ["A headline"])
    deck.conclusions([f"Conclusion of {notebook}"])


@pytest.fixture
def root(figures_dir):
    """An output root named by FIGURES_DIR holding what the three notebooks declared."""
    for notebook in NOTEBOOKS:
        _declare(notebook)
    return figures_dir


def _pdf_pages(path):
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def _pptx_slides(path):
    """Each slide's texts (one per paragraph) and its pictures."""
    deck = Presentation(path)
    result = []
    for slide in deck.slides:
        texts = [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        result.append((texts, pictures))
    return deck, result


def test_both_decks_have_the_declared_pages_in_order(root):
    pdf, pptx = slides.write_decks()
    assert (pdf, pptx) == (root / "slides.pdf", root / "slides.pptx")
    pages = slides.read_pages()
    kinds = [page.kind for page in pages]
    assert kinds == ["cover"] + ["section", "text", "figure", "figure"] * 3 + ["conclusions"]
    pdf_text = _pdf_pages(pdf)
    _, pptx_slides = _pptx_slides(pptx)
    assert len(pdf_text) == len(pptx_slides) == len(pages)
    for page, text, (texts, pictures) in zip(pages, pdf_text, pptx_slides, strict=True):
        for phrase in (page.title, page.takeaway, *page.lines):
            assert " ".join(phrase.split()) in text, (phrase, text)
            assert phrase in " ".join(texts) or phrase.replace("•", "") in " ".join(texts)
        assert len(pictures) == (page.kind == "figure")
    assert [line for page in pages if page.kind == "conclusions" for line in page.lines] == [
        f"Conclusion of {notebook}" for notebook in NOTEBOOKS
    ]


def test_each_figure_is_on_its_page_as_vector_art_filling_the_content_area(root):
    pdf, _ = slides.write_decks()
    pages = slides.read_pages()
    for page, text in zip(pages, _pdf_pages(pdf), strict=True):
        if page.kind == "figure":
            notebook, name = page.figure.removesuffix(".pdf").split("/")
            assert f"label{notebook[:2]}{name}" in text.replace(" ", "")  # the figure's own text, as text
            art = PdfReader(root / page.figure).pages[0].mediabox
            scale, *_ = slides.placement(float(art.width) / 72, float(art.height) / 72)
            assert scale >= 1  # no figure text is shrunk
            _, _, width, height = slides.content_box()
            assert max(float(art.width) * scale / 72 / width, float(art.height) * scale / 72 / height) > 0.99


def test_the_pptx_is_editable_text_at_12_points_or_more_and_sharp_pictures(root):
    _, path = slides.write_decks()
    deck, _ = _pptx_slides(path)
    assert (Emu(deck.slide_width).inches, round(Emu(deck.slide_height).inches, 2)) == pytest.approx((13.333, 7.5), 1e-3)
    sizes = [
        run.font.size.pt
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert sizes and min(sizes) >= MIN_FONT_SIZE
    for slide in deck.slides:
        for picture in (s for s in slide.shapes if s.shape_type == 13):
            pixels = picture.image.size[0]
            assert pixels / Emu(picture.width).inches >= slides.PPTX_PPI * 0.99


def test_a_rebuild_writes_identical_bytes(root):
    pdf, pptx = slides.write_decks()
    first = pdf.read_bytes(), pptx.read_bytes()
    time.sleep(2.1)  # a later second, and the zip format's 2-second clock: a date written into a deck would show
    slides.write_decks()
    assert (pdf.read_bytes(), pptx.read_bytes()) == first


def test_a_missing_figure_or_deck_is_an_error_that_says_to_run_the_notebooks(root):
    (root / "01_autoencoder" / "small.pdf").unlink()
    (root / "03_variational_autoencoder" / DECK_FILE).unlink()
    with pytest.raises(FileNotFoundError, match=r"01_autoencoder/small\.pdf, 03_variational_autoencoder/deck\.json"):
        slides.write_decks()
    assert not (root / "slides.pdf").exists() and not (root / "slides.pptx").exists()


def test_a_figure_too_large_for_the_slide_is_refused_not_shrunk(root):
    with pytest.raises(ValueError, match="does not fit the slide's"):
        slides.placement(13, 5)


# --- the committed decks --------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)")


def _numbers(value):
    """Every number held in a results.json value, its keys included (architecture names like 784-128-64-2)."""
    if isinstance(value, dict):
        return [n for key, inner in value.items() for n in (*_numbers(key), *_numbers(inner))]
    if isinstance(value, list):
        return [n for inner in value for n in _numbers(inner)]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [float(value)]
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", str(value))]


def _shown(value, decimals, percent):
    """How a page shows `value` with `decimals` decimals (as a percentage, when `percent`)."""
    return f"{100 * value if percent else value:.{decimals}f}"


def _stated(text, values):
    """The numbers in `text` that are none of `values` (nor 1 - a rate), as the page shows them."""
    unknown = []
    for integer, fraction, percent in NUMBER.findall(text):
        token = integer.replace(",", "") + fraction
        decimals = len(fraction) - 1 if fraction else 0
        candidates = values + [1 - v for v in values if 0 <= v <= 1]
        if not any(_shown(v, decimals, bool(percent)) == token for v in candidates):
            unknown.append(token + percent)
    return unknown


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_number_a_committed_page_states_is_in_results_json(notebook):
    """Takeaways, headlines and conclusions state the run's numbers: each one equals a value of results.json.

    A number may also be a constant of the notebook's code (the 2000 epochs of 'by epoch 2000'); set-up
    pages, which state the notebook's settings, are not checked here.
    """
    declared = json.loads((FIGURES / notebook / DECK_FILE).read_text())
    values = _numbers(json.loads((FIGURES / notebook / "results.json").read_text()))
    cells = json.loads((FIGURES.parent / "notebooks" / f"{notebook}.ipynb").read_text())["cells"]
    code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    stated = [page["takeaway"] for page in declared["pages"] if page["kind"] == "figure"]
    stated += declared["section"]["headlines"] + declared["conclusions"]
    constants = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", code)]
    unknown = {text: _stated(text, values + constants) for text in stated}
    assert not {text: numbers for text, numbers in unknown.items() if numbers}


def test_the_committed_decks_show_every_declared_page_and_no_figure_beside_them():
    pages = slides.read_pages(FIGURES)
    figures = {page.figure.removesuffix(".pdf") for page in pages if page.figure}
    saved = {f"{path.parent.name}/{path.stem}" for notebook in NOTEBOOKS for path in (FIGURES / notebook).glob("*.pdf")}
    assert figures == saved  # every saved figure is on a slide
    pdf_text = _pdf_pages(FIGURES / "slides.pdf")
    _, pptx_slides = _pptx_slides(FIGURES / "slides.pptx")
    assert len(pdf_text) == len(pptx_slides) == len(pages)
    for page, text, (texts, pictures) in zip(pages, pdf_text, pptx_slides, strict=True):
        assert " ".join(page.title.split()) in text and page.title in texts
        assert " ".join(page.takeaway.split()) in text
        assert len(pictures) == bool(page.figure)
