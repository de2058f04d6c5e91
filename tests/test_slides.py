"""The decks are the notebooks' slideshow: pages read from cells, laid out as PDF, PPTX and reveal.js, read back.

Two small notebooks are written as their authors write them (slide types on the cells, `notes` cells
after a slide), with the outputs `show_figure` leaves in a cell (its real Markdown and metadata, after a
printed line), and their figures saved in a temporary output root (FIGURES_DIR). The decks built from
them are read back with pypdf, python-pptx and the HTML text.
"""

import base64
import io
import json
import re
import time
from itertools import combinations
from unittest.mock import patch

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402
from IPython.display import Markdown  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE  # noqa: E402
from pptx.enum.text import MSO_AUTO_SIZE  # noqa: E402
from pptx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from pptx.oxml.ns import qn  # noqa: E402
from pptx.util import Emu  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from utils.lesson.style import MIN_FONT_SIZE, SLIDE_FONT, SLIDE_SIZES  # noqa: E402
from utils.report import slides  # noqa: E402
from utils.report.saving import FIGURES, FIGURES_DIR, ROOT, show_figure  # noqa: E402
from utils.report.slides import Line  # noqa: E402
from utils.report.tables import NOTEBOOKS  # noqa: E402

FIRST, SECOND = "01_first", "02_second"
README_TITLE = next(row[2:] for row in (ROOT / "README.md").read_text().splitlines() if row.startswith("# "))


def _png():
    out = io.BytesIO()
    plt.figure(figsize=(1, 1)).savefig(out, format="png")
    return base64.b64encode(out.getvalue()).decode()


def _cell(kind, source="", outputs=None):
    """A cell of slide type `kind`: markdown, or code when it has `outputs`."""
    metadata = {"slideshow": {"slide_type": kind}}
    if outputs is None:
        return new_markdown_cell(source, metadata=metadata)
    return new_code_cell(source, metadata=metadata, outputs=outputs)


def _shown(notebook, name, size):
    """The outputs `show_figure` leaves in its cell, after a line the cell printed."""
    fig, ax = plt.subplots(figsize=size)
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel(f"label{name}")
    fig.suptitle(f"Title of {name}")
    calls = []
    with patch("IPython.display.display", lambda obj, metadata=None: calls.append((obj, metadata or {}))):
        show_figure(fig, notebook, name, f"Takeaway of {name} in {notebook}: 42.5%")
    outputs = [new_output("stream", name="stdout", text=f"printed by {name}\n")]
    for shown, metadata in calls:
        data = {"text/markdown": shown.data} if isinstance(shown, Markdown) else {"image/png": _png()}
        outputs.append(new_output("display_data", data=data, metadata=metadata))
    return outputs


def _write(folder, stem, cells):
    notebook = new_notebook(cells=cells)
    folder.mkdir(exist_ok=True)
    nbformat.write(notebook, folder / f"{stem}.ipynb")
    return folder / f"{stem}.ipynb"


def _notebooks(root):
    """Two notebooks with their slide types set and their figures saved in the output root `root`."""
    conclusions = new_output("execute_result", data={"text/markdown": "### Conclusions\n- 0 wrong pixels"})
    first = [
        _cell("slide", "# 1. First notebook\n\nWhat it asks, with **bold**,\n`code` and [a link](https://x.org).\n\n"),
        _cell("notes", "Say what it asks: the $E$ of the lesson."),
        _cell("skip", "## Narration\n\nRead in the notebook only."),
        _cell("-", "x = 1", outputs=[new_output("stream", name="stdout", text="1\n")]),
        _cell("slide", "### Set-up\n\n1. Adam at 0.01\n   * a *detail*\n2. 1000 epochs,\n   one batch each"),
        _cell("fragment", "* and a third bullet"),
        _cell("slide", "show_figure(...)", outputs=_shown(FIRST, "wide", (11, 4))),
        _cell("notes", "The wide figure, explained."),
        _cell("subslide", "show_figure(...)", outputs=_shown(FIRST, "square", (5, 5))),
        _cell("slide", "Markdown(...)", outputs=[conclusions]),
    ]
    two_figures = _shown(SECOND, "tall", (4, 5)) + _shown(SECOND, "flat", (10, 4))  # a page each
    second = [_cell("slide", "# 2. Second\n\n- a headline"), _cell("slide", "", outputs=two_figures)]
    return [_write(root / "notebooks", FIRST, first), _write(root / "notebooks", SECOND, second)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(output root, notebooks, paths of the decks built from them), built once for the tests that only read."""
    root = tmp_path_factory.mktemp("decks")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(FIGURES_DIR, str(root))
        notebooks = _notebooks(root)
        yield root, notebooks, slides.write_decks(notebooks)
    plt.close("all")


@pytest.fixture
def pages(built):
    root, notebooks, _ = built
    return slides.read_pages(notebooks, root)


def _pages(notebooks):
    return slides.read_pages(notebooks, slides.output_root())


def test_pages_come_from_the_cells_slide_types_in_order(pages):
    assert [(page.kind, page.title) for page in pages] == [
        ("cover", README_TITLE),  # the builder writes no title of its own
        ("section", "1. First notebook"),
        ("text", "Set-up"),
        ("figure", "Title of wide"),
        ("figure", "Title of square"),  # a subslide is a slide
        ("text", "Conclusions"),  # Markdown rendered by code
        ("section", "2. Second"),
        ("figure", "Title of tall"),
        ("figure", "Title of flat"),  # a second figure of the same cell: a page of its own
    ]
    cover, section, setup, wide, square, conclusions, *_ = pages
    assert cover.lines == (Line("1. First notebook"), Line("2. Second"))
    assert section.lines == (Line("What it asks, with bold, code and a link."),)  # inline Markdown reduced
    assert setup.lines == (Line("Adam at 0.01", 0), Line("a detail", 1), Line("1000 epochs, one batch each", 0),
                           Line("and a third bullet", 0))  # fmt: skip
    assert conclusions.lines == (Line("0 wrong pixels", 0),)
    assert (wide.figure, wide.takeaway) == (f"{FIRST}/wide.pdf", f"Takeaway of wide in {FIRST}: 42.5%")
    assert wide.source == f"{FIRST}.ipynb" and wide.where == f"{FIRST}.ipynb, cell 6"
    # notes: the notes cells after a slide (LaTeX dollars dropped); otherwise the takeaway, or the page's text
    assert section.speaker_notes == "Say what it asks: the E of the lesson."
    assert wide.speaker_notes == f"The wide figure, explained.\n\n{wide.takeaway}"  # the notes end with the finding
    assert square.speaker_notes == square.takeaway and setup.speaker_notes.startswith("Set-up\nAdam at 0.01")


MARKDOWN = {  # source: kind, title, lines as (text, level)
    "### A title\nA paragraph\non two lines.\n\n- item": (
        "text",
        "A title",
        [("A paragraph on two lines.", -1), ("item", 0)],
    ),
    "Intro\n# 3. Section ##\n* one\n    * deeper\n\nafter": (
        "section",
        "3. Section",
        [("Intro", -1), ("one", 0), ("deeper", 1), ("after", -1)],
    ),
    "## `x` is **b** and *i*, [t](u)\n1) first\n10. tenth": ("text", "x is b and i, t", [("first", 0), ("tenth", 0)]),
    "## T\n## Heading\n**2 + 3 = 5** text": ("text", "T", [("Heading", -1), ("2 + 3 = 5 text", -1)]),
    "# 2. Denoising\n\nIntro": ("section", "2. Denoising", [("Intro", -1)]),  # the notebook's number stays
    "## 3. The limit\n- one": ("text", "The limit", [("one", 0)]),  # a section's number goes: pages are numbered
}


@pytest.mark.parametrize("source", MARKDOWN)
def test_markdown_becomes_a_title_bullets_at_their_level_and_plain_paragraphs(source):
    page = slides.parse_markdown(source)
    assert (page.kind, page.title, [tuple(line) for line in page.lines]) == MARKDOWN[source]


def _one(figures_dir, *cells):
    return _write(figures_dir / "notebooks", FIRST, [_cell("slide", "# 1. A notebook"), *cells])


@pytest.mark.parametrize(
    ("cell", "error", "match"),
    [
        (_cell("slide", "## Loss\n\n- $E$ falls"), ValueError, r"01_first\.ipynb, cell 1: slide text is Unicode"),
        (_cell("fragment", "the $KL$ term"), ValueError, r"cell 1: slide text is Unicode"),
        (_cell("slide", "A slide without a heading"), ValueError, r"cell 1: a slide needs a heading"),
        (_cell("slide", "plot()", outputs=[]), ValueError, r"cell 1 is marked 'slide' but shows no .*make run"),
    ],
)
def test_a_slide_cell_that_cannot_be_a_page_is_an_error_naming_the_cell(figures_dir, cell, error, match):
    with pytest.raises(error, match=match):
        _pages([_one(figures_dir, cell)])


def test_notes_before_any_slide_and_a_figure_as_a_fragment_are_errors(figures_dir):
    with pytest.raises(ValueError, match="cell 0: notes come after the slide"):
        _pages([_write(figures_dir / "notebooks", FIRST, [_cell("notes", "orphan")])])
    fragment = _cell("fragment", "", outputs=_shown(FIRST, "wide", (11, 4)))
    with pytest.raises(ValueError, match="cell 1: a fragment adds text to a text slide"):
        _pages([_one(figures_dir, fragment)])


def test_a_missing_figure_is_an_error_that_says_to_run_the_notebook_and_writes_nothing(figures_dir):
    notebooks = _notebooks(figures_dir)
    (figures_dir / FIRST / "square.pdf").unlink()
    with pytest.raises(FileNotFoundError, match=r"01_first\.ipynb, cell 8 shows figure .*square\.pdf.*make run"):
        slides.write_decks(notebooks)
    assert not list(figures_dir.glob("slides*"))


def test_too_much_text_for_a_slide_and_a_figure_larger_than_the_slide_are_errors(figures_dir):
    long = _cell("slide", "## Too long\n\n" + "\n".join(f"- bullet {i}" for i in range(20)))
    with pytest.raises(ValueError, match="cell 1: its body needs"):
        slides.write_decks([_one(figures_dir, long)])
    page = slides.Page("figure", "Too large", (), "Takeaway", "big.pdf", where="nb, cell 3")
    with pytest.raises(ValueError, match="nb, cell 3: its 13.00 x 5.00 in figure is larger than the slide's"):
        slides._figure_boxes(page, 13, 5)


def _rect(box):
    return box.left, box.top, box.left + box.width, box.top + box.height


def _disjoint(a, b):
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_no_box_overlaps_another_and_no_text_is_under_12_points(built, pages):
    layouts = [slides.layout(page, built[0], "9 / 9") for page in pages]
    for boxes in layouts:
        assert all(_disjoint(_rect(a), _rect(b)) for a, b in combinations(boxes.values(), 2)), boxes
        assert all(
            0 <= r[0] and r[2] <= slides.PAGE_W and 0 <= r[1] and r[3] <= slides.PAGE_H
            for r in map(_rect, boxes.values())
        )
        sizes = [text.get_size() for text in slides.text_layer(boxes).texts]
        assert sizes and min(sizes) >= MIN_FONT_SIZE
    assert min(SLIDE_SIZES.values()) >= MIN_FONT_SIZE


def test_a_square_figure_sits_left_of_its_takeaway_and_a_wide_one_fills_the_width(built, pages):
    root, pages = built[0], {page.title: page for page in pages}
    area = slides.WIDTH * (slides.BODY_H - slides.GAP - slides.TAKEAWAY_H)
    for title in ("Title of square", "Title of tall", "Title of wide"):
        page = pages[title]
        boxes = slides.layout(page, root, "1 / 1")
        figure, takeaway = boxes["figure"], boxes["takeaway"]
        art = PdfReader(root / page.figure).pages[0].mediabox
        assert figure.width >= float(art.width) / 72 - 1e-6  # scaled by at least 1: no figure text shrunk
        if title == "Title of wide":  # full width, the takeaway line under it
            assert figure.width * figure.height >= slides.FILL * area and takeaway.top >= figure.top + figure.height
            assert figure.width == pytest.approx(slides.WIDTH)
        else:  # would fill less than 70 % at full width: left column at the content height, takeaway on the right
            width, height = float(art.width) / 72, float(art.height) / 72
            scale = min(slides.WIDTH / width, (slides.BODY_H - slides.GAP - slides.TAKEAWAY_H) / height)
            assert scale**2 * width * height < slides.FILL * area
            assert figure.left == slides.MARGIN and figure.height == pytest.approx(slides.BODY_H)
            assert takeaway.left >= figure.left + figure.width and takeaway.lines == (Line(page.takeaway),)


def test_the_pdf_has_a_page_per_slide_with_each_figure_as_vector_art(built, pages):
    root, _, paths = built
    assert paths[:2] == [root / "slides.pdf", root / "slides.pptx"]
    reader = PdfReader(paths[0])
    assert len(reader.pages) == len(pages)
    for page, sheet in zip(pages, reader.pages, strict=True):
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == (960, 540)  # 16:9
        text = " ".join(sheet.extract_text().split())
        assert page.title in text and page.takeaway in text
        if page.figure:
            assert f"label{page.figure.split('/')[1][:-4]}" in text  # the figure's own text, kept as text
    assert "printed by" not in " ".join(sheet.extract_text() for sheet in reader.pages)


def _runs(frame):
    return [run for paragraph in frame.paragraphs for run in paragraph.runs]


def test_the_pptx_edits_like_a_deck(built, pages):
    deck = Presentation(built[2][1])
    assert (Emu(deck.slide_width).inches, Emu(deck.slide_height).inches) == pytest.approx((13.333, 7.5), abs=1e-3)
    layouts = {"cover": "Title Slide", "section": "Section Header", "text": "Title and Content", "figure": "Title Only"}
    assert len(deck.slides) == len(pages)
    theme = deck.slide_master.part.part_related_by(RT.THEME).blob  # what PowerPoint types new text in
    assert re.findall(rb'<a:(?:major|minor)Font><a:latin typeface="([^"]+)"', theme) == [SLIDE_FONT.encode()] * 2
    for number, (page, slide) in enumerate(zip(pages, deck.slides, strict=True), start=1):
        assert slide.slide_layout.name == layouts[page.kind]
        assert slide.shapes.title.text == page.title  # in the layout's title placeholder
        numbered = slide.placeholders[slides.PLACEHOLDERS["number"]].text_frame  # the layout's, a field in it
        assert numbered.text == str(number)
        assert numbered.paragraphs[0]._p.find(qn("a:fld")).get("type") == "slidenum"
        if page.source:
            assert slide.placeholders[slides.PLACEHOLDERS["footer"]].text_frame.text == page.source
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text == page.speaker_notes != ""
        frames = [shape.text_frame for shape in slide.shapes if shape.has_text_frame]
        runs = [run for frame in [*frames, slide.notes_slide.notes_text_frame] for run in _runs(frame)]
        assert {run.font.name for run in runs} == {SLIDE_FONT}  # one font family
        assert min(run.font.size.pt for frame in frames for run in _runs(frame)) >= MIN_FONT_SIZE
        rects = [(s.left, s.top, s.left + s.width, s.top + s.height) for s in slide.shapes]
        assert all(_disjoint(a, b) for a, b in combinations(rects, 2))
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == bool(page.figure)
        for picture in pictures:
            assert picture._element.nvPicPr.cNvPr.get("descr") == f"{page.title}. {page.takeaway}"  # alt text
            assert picture.image.size[0] / Emu(picture.width).inches >= slides.PPTX_PPI * 0.99
            takeaway = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text == page.takeaway)
            if page.title == "Title of square":  # beside the figure, as in the PDF
                assert takeaway.left >= picture.left + picture.width
        for frame in frames:  # spacing that follows the font size, as PowerPoint's own line spacing does
            assert all(isinstance(p.line_spacing, float) for p in frame.paragraphs if p.text)
        if page.lines:
            body = next(shape for shape in slide.placeholders if shape.placeholder_format.idx == 1)
            assert body.text_frame.auto_size == MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # text typed beyond it shrinks
            paragraphs = body.text_frame.paragraphs
            assert [p.text for p in paragraphs] == [line.text for line in page.lines]
            for paragraph, line in zip(paragraphs, page.lines, strict=True):
                assert paragraph.level == max(line.level, 0)
                plain = paragraph._p.pPr.find(qn("a:buNone")) is not None
                assert plain == (line.level < 0)  # a paragraph without bullet, bullets with one
                if page.kind == "section" and not plain:  # the Section Header layout has none of its own
                    assert paragraph._p.pPr.find(qn("a:buChar")).get("char") == slides.BULLETS[line.level][0]


def test_the_reveal_decks_are_offline_show_figures_takeaways_and_notes_not_code_or_prints(built):
    figures_dir, notebooks, paths = built
    assert paths[2:] == [figures_dir / "slides" / f"{stem}.slides.html" for stem in (FIRST, SECOND)]
    dependencies = json.loads((ROOT / "package.json").read_text())["dependencies"]
    for path in notebooks:
        html = (figures_dir / "slides" / f"{path.stem}.slides.html").read_text()
        loaded = re.findall(r"<(?:script|link)\b[^>]*?(?:src|href)=\"([^\"]+)\"", html)
        loaded += re.findall(r"\"([^\"]+\.js)\"", html)  # what require.js loads
        assert loaded and not [url for url in loaded if re.match(r"(https?:)?//", url)]
        assert not re.search(r"(?:import|from)\s*\(?\s*['\"]https?:", html)
        for url in loaded:  # in node_modules/, from a package that package.json pins
            target = (figures_dir / "slides" / url.split("?")[0]).resolve()
            assert target.is_relative_to(ROOT / "node_modules") and target.parts[len(ROOT.parts) + 1] in dependencies
        for page in slides.notebook_pages(path, figures_dir):
            assert page.takeaway in html and re.search(rf"<h[1-3]\b[^>]*>{re.escape(page.title)}", html)  # headings
            if page.figure:  # the picture as saved, without the title its heading says
                assert base64.b64encode((figures_dir / page.figure).with_suffix(".png").read_bytes()).decode() in html
                assert f'alt="{page.title}. {page.takeaway}"' in html  # what is drawn, then what it shows
        assert "jp-OutputArea-prompt { display: none; }" in html  # no prompt gutter: figures centred
        assert "printed by" not in html and "show_figure(" not in html and "x = 1" not in html
        slides_shown = re.findall(r"<section\b.*?</section>", html, re.S)
        assert slides_shown and max(section.count("<img") for section in slides_shown) <= 1  # a figure a slide
    first = (figures_dir / "slides" / f"{FIRST}.slides.html").read_text()
    assert re.search(r'<aside class="notes">.*?The wide figure, explained\.', first, re.S)
    # as on the PDF, the square figure sits left of its takeaway and the wide one above it; every slide starts on top
    sections = {
        name: next(s for s in re.findall(r"<section\b.*?</section>", first, re.S) if f"Title of {name}" in s)
        for name in ("square", "wide")
    }
    columns = re.search(
        r'<div class="beside"><img [^>]*alt="([^"]*)"[^>]*><p><strong>([^<]*)</strong></p></div>', sections["square"]
    )
    assert (
        columns
        and columns[1] == f"Title of square. {columns[2]}"
        and columns[2] == f"Takeaway of square in {FIRST}: 42.5%"
    )
    assert "beside" not in sections["wide"] and 'alt="Title of wide. Takeaway of wide' in sections["wide"]
    assert ".reveal .slides > section, .reveal .slides > section > section { top: 0 !important; }" in first
    assert "<h3" not in first and re.search(r"<h2\b[^>]*>Set-up", first)  # every slide's title at one level


def test_the_reveal_decks_stylesheets_fetch_no_web_fonts(built):
    """The theme's stylesheets import nothing from the web (reveal.js' default theme takes its fonts from Google)."""
    figures_dir, notebooks, _ = built
    if not (ROOT / "node_modules" / "reveal.js").is_dir():
        pytest.skip("node_modules/ is missing: `make slides` (npm ci) installs what the decks load; .ci/run does")
    for path in notebooks:
        html = (figures_dir / "slides" / f"{path.stem}.slides.html").read_text()
        styles = [(figures_dir / "slides" / url).resolve() for url in re.findall(r'href="([^"]+\.css)"', html)]
        assert styles and all(css.is_file() for css in styles)
        assert not [css for css in styles if re.search(r"@import url\(\s*['\"]?https?:", css.read_text())]


def test_a_rebuild_writes_identical_bytes(built):
    root, notebooks, paths = built
    first = [path.read_bytes() for path in paths]
    time.sleep(2.1)  # a later second, and the zip format's 2-second clock: a date written into a deck would show
    assert [path.read_bytes() for path in slides.write_decks(notebooks, root)] == first


# --- the committed notebooks ------------------------------------------------------------------------


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


def _unknown(text, values):
    """The numbers `text` states that are none of `values` (nor 1 - a rate), as the text shows them."""
    unknown = []
    for integer, fraction, percent in re.findall(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)", text):
        decimals = len(fraction) - 1 if fraction else 0
        candidates = values + [abs(v) for v in values] + [1 - v for v in values if 0 <= v <= 1]  # signs are text
        if not any(
            f"{100 * v if percent else v:.{decimals}f}" == integer.replace(",", "") + fraction for v in candidates
        ):
            unknown.append(integer + fraction + percent)
    return unknown


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_number_a_committed_takeaway_states_is_in_results_json(notebook):
    """A takeaway states the run's numbers: each equals a value of results.json or a constant of the code."""
    path = ROOT / "notebooks" / f"{notebook}.ipynb"
    values = _numbers(json.loads((FIGURES / notebook / "results.json").read_text()))
    code = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
    values += [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", code)]
    unknown = {page.takeaway: _unknown(page.takeaway, values) for page in slides.notebook_pages(path, FIGURES)}
    assert not {text: numbers for text, numbers in unknown.items() if numbers}


def test_speaker_notes_read_math_in_unicode_and_markdown_as_plain_text():
    notes = slides.spoken("## Why\n\nThe $-$ELBO bounds $-\\log p(x)$, with $\\sigma = 10^{-8}$ and **bold** `code`.")
    assert notes == "Why\n\nThe -ELBO bounds -log p(x), with σ = 10^-8 and bold code."


def test_the_reveal_deck_drops_a_sections_number_and_keeps_the_notebooks(figures_dir):
    path = _one(figures_dir, _cell("slide", "## 3. The limit\n\n- the nearest character"))
    html = slides.reveal_html(path, figures_dir / "slides", figures_dir)
    assert re.search(r"<h2\b[^>]*>The limit", html) and not re.search(r"<h2\b[^>]*>3\. The limit", html)
    assert re.search(r"<h1\b[^>]*>1\. A notebook", html)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_page_of_a_committed_notebook_fits_its_slide(notebook):
    """`make slides` right after a clone: each slide cell's text and figure fit their boxes (layout raises if not)."""
    pages = slides.notebook_pages(ROOT / "notebooks" / f"{notebook}.ipynb", FIGURES)
    assert pages and all(slides.layout(page, FIGURES, "1 / 1") for page in pages)
