"""The slide decks `figures/slides.pdf` and `figures/slides.pptx`, laid out from what the notebooks saved.

`python -m utils.slides` (run by `make slides` and at the end of `make run`) reads each notebook's
`deck.json` (written by `utils.deck` where the notebook measures: section page, set-up pages,
figure pages with their one-line takeaways, conclusions) and lays the pages out on 16:9 slides:
a cover, then per notebook its section page and its pages in the order the notebook declared
them, then one conclusions page gathering every notebook's conclusions. This module writes no
sentence of its own; nothing is trained or recomputed, so a rebuild takes seconds.

- **PDF**: each page's text is set with matplotlib, and each figure is placed as vector art (its
  saved PDF, merged with pypdf), scaled to fill the content area. The notebooks save no figure
  larger than that area (`utils.deck.fit_to_slide`), so the scale is at least 1 and no text of a
  figure is projected smaller than it was drawn (at least 12 points).
- **PPTX** (python-pptx): the same pages, titles, takeaways and bullets as editable text boxes, and
  each figure as a picture rendered from its PDF (pypdfium2) at `PPTX_PPI` pixels per inch as placed.

Like `utils.saving`, the decks read from and write to the output root (`$FIGURES_DIR` when set,
else `figures/`), so tests build them in a temporary folder. Neither deck carries a date, so
rebuilding from the same files gives the same bytes.
"""

import io
import json
import zipfile
from dataclasses import dataclass

import matplotlib
import pypdfium2
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt
from pypdf import PdfReader, PdfWriter, Transformation

from utils.deck import BULLET_INDENT, DECK_FILE
from utils.report import NOTEBOOKS
from utils.saving import ROOT, output_root
from utils.style import SLIDE_FONT as FONT
from utils.style import SLIDE_SIZES as SIZES
from utils.style import slide_text_width

PDF_FILE, PPTX_FILE = "slides.pdf", "slides.pptx"
DECK_TITLE = "Autoencoders in Keras"  # the cover's title; every other word comes from the notebooks
PAGE_SIZE = (40 / 3, 7.5)  # inches: 960 x 540 points, 16:9
MARGIN = 0.5  # inches, left and right
TOP = 0.35  # inches above the title
LINE_SPACING = 1.2  # of the font size
GAP = 0.12  # inches between the title, the figure and the takeaway
FOOTER_Y = 0.22  # inches: baseline band of the footer
TAKEAWAY_Y = 0.5  # inches: bottom of the takeaway line
INK, MUTED, ACCENT = "#1a1a1a", "#666666", "#1f77b4"
PPTX_PPI = 220  # pixels per inch of a figure's picture as placed on the PPTX slide
# Saved pages keep their 16:9 size whatever the session's style, and carry text as TrueType (searchable).
SAVE_STYLE = {"savefig.bbox": "standard", "savefig.facecolor": "white", "pdf.fonttype": 42}


@dataclass(frozen=True)
class Page:
    """One slide: its kind ('cover', 'section', 'text', 'figure', 'conclusions'), title, texts and source."""

    kind: str
    title: str
    lines: tuple[str, ...] = ()
    takeaway: str = ""
    figure: str = ""  # the figure's PDF, relative to the output root
    source: str = ""  # what the footer names


def _line_height(size):
    return size * LINE_SPACING / 72


def content_box():
    """(left, bottom, width, height) in inches: where a figure page places its figure."""
    top = PAGE_SIZE[1] - TOP - _line_height(SIZES["title"]) - GAP
    bottom = TAKEAWAY_Y + _line_height(SIZES["takeaway"]) + GAP
    return MARGIN, bottom, PAGE_SIZE[0] - 2 * MARGIN, top - bottom


def read_pages(root=None):
    """The deck's pages, from each notebook's deck.json under `root` (default: the output root).

    A missing deck.json or figure, or a notebook that declared no section page, is an error that
    names every missing piece, raised before anything is drawn.
    """
    root = output_root() if root is None else root
    missing, decks = [], {}
    for notebook in NOTEBOOKS:
        path = root / notebook / DECK_FILE
        if not path.exists():
            missing.append(str(path.relative_to(root)))
            continue
        decks[notebook] = json.loads(path.read_text())
        if decks[notebook]["section"] is None:
            missing.append(f"{notebook}'s section page (deck.section)")
        for page in decks[notebook]["pages"]:
            figure = root / notebook / f"{page['name']}.pdf"
            if page["kind"] == "figure" and not figure.exists():
                missing.append(str(figure.relative_to(root)))
    if missing:
        raise FileNotFoundError(
            f"the decks need what is missing from {root}: {', '.join(missing)}. Run `make run` first: it executes "
            "the notebooks, which save their figures and deck.json there."
        )
    sections = [decks[n]["section"] for n in NOTEBOOKS]
    pages = [Page("cover", DECK_TITLE, tuple(s["title"] for s in sections), source="figures/*/deck.json")]
    for notebook, section in zip(NOTEBOOKS, sections, strict=True):
        source = f"notebooks/{notebook}.ipynb"
        pages.append(Page("section", section["title"], (section["question"], *section["headlines"]), source=source))
        for page in decks[notebook]["pages"]:
            if page["kind"] == "figure":
                figure = f"{notebook}/{page['name']}.pdf"
                pages.append(Page("figure", page["title"], (), page["takeaway"], figure, f"figures/{figure}"))
            else:
                pages.append(Page("text", page["title"], tuple(page["lines"]), source=source))
    conclusions = tuple(line for n in NOTEBOOKS for line in decks[n]["conclusions"])
    pages.append(Page("conclusions", "Conclusions", conclusions, source="figures/*/deck.json"))
    return pages


# --- PDF -----------------------------------------------------------------------------------------


def wrap(text, size, width, bold=False):
    """`text` wrapped between words into lines no wider than `width` inches, measured in the page's font."""
    lines = []
    for word in text.split():
        if lines and slide_text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _block(fig, y, text, size, x=MARGIN, color=INK, bold=False):
    """Write `text` wrapped, its top at height y (inches); return the height it took."""
    lines = wrap(text, size, PAGE_SIZE[0] - MARGIN - x, bold)
    style = dict(size=size, va="top", family=FONT, linespacing=LINE_SPACING, color=color)
    fig.text(x / PAGE_SIZE[0], y / PAGE_SIZE[1], "\n".join(lines), weight="bold" if bold else "normal", **style)
    return len(lines) * _line_height(size)


def _bullets(fig, y, lines, size):
    """Write `lines` as bullets from height y down; return the height they took."""
    start = y
    for line in lines:
        fig.text(MARGIN / PAGE_SIZE[0], y / PAGE_SIZE[1], "•", size=size, va="top", color=ACCENT, family=FONT)
        y -= _block(fig, y, line, size, x=MARGIN + BULLET_INDENT) + 0.15
    return start - y


def _text_layer(page, number, total):
    """One page's text (and nothing else) as a matplotlib figure of the page's size."""
    fig = Figure(figsize=PAGE_SIZE, facecolor="white", layout="none")
    footer = dict(size=SIZES["footer"], color=MUTED, family=FONT)
    fig.text(MARGIN / PAGE_SIZE[0], FOOTER_Y / PAGE_SIZE[1], page.source, **footer)
    fig.text(1 - MARGIN / PAGE_SIZE[0], FOOTER_Y / PAGE_SIZE[1], f"{number} / {total}", ha="right", **footer)
    y = PAGE_SIZE[1] - TOP
    if page.kind == "cover":
        y = PAGE_SIZE[1] * 0.7
        y -= _block(fig, y, page.title, SIZES["cover"], bold=True) + 0.4
        _bullets(fig, y, page.lines, SIZES["body"])
    elif page.kind == "section":
        y -= _block(fig, y, page.title, SIZES["section"], bold=True, color=ACCENT) + 0.3
        question, *headlines = page.lines
        y -= _block(fig, y, question, SIZES["body"]) + 0.3
        _bullets(fig, y, headlines, SIZES["body"])
    else:
        y -= _block(fig, y, page.title, SIZES["title"], bold=True) + 0.3
        _bullets(fig, y, page.lines, SIZES["body"])
        if page.takeaway:
            bottom = TAKEAWAY_Y + _line_height(SIZES["takeaway"])
            _block(fig, bottom, page.takeaway, SIZES["takeaway"])
    return fig


def placement(width, height):
    """(scale, left, bottom) in inches placing a figure of `width` x `height` inches to fill the content area.

    A figure larger than the area would have its text shrunk below the size it was drawn at: that
    is an error (re-run the notebook, whose `deck.figure` saves it at most the area's size).
    """
    left, bottom, box_width, box_height = content_box()
    scale = min(box_width / width, box_height / height)
    if scale < 0.99:
        raise ValueError(
            f"a {width:.2f} x {height:.2f} in figure does not fit the slide's {box_width:.2f} x {box_height:.2f} in "
            "content area: re-run its notebook (make run), which saves figures at most that size"
        )
    return scale, left + (box_width - width * scale) / 2, bottom + (box_height - height * scale) / 2


def _figure_size(figure_page):
    """A PDF page's width and height in inches."""
    box = figure_page.mediabox
    return float(box.width) / 72, float(box.height) / 72


def pdf_bytes(pages, root):
    """The PDF deck: each page's text layer, with the figure's own PDF merged in as vector art."""
    layers = io.BytesIO()
    undated = {"CreationDate": None, "Creator": None, "Producer": None}  # the same pages give the same bytes
    with matplotlib.rc_context(SAVE_STYLE), PdfPages(layers, metadata=undated) as pdf:
        for number, page in enumerate(pages, start=1):
            pdf.savefig(_text_layer(page, number, len(pages)))
    writer = PdfWriter(clone_from=PdfReader(layers))
    for page, sheet in zip(pages, writer.pages, strict=True):
        if page.figure:
            art = PdfReader(root / page.figure).pages[0]
            scale, left, bottom = placement(*_figure_size(art))
            origin = art.mediabox.lower_left
            move = Transformation().translate(-float(origin[0]), -float(origin[1])).scale(scale)
            sheet.merge_transformed_page(art, move.translate(left * 72, bottom * 72))
    writer.add_metadata({"/Title": DECK_TITLE})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- PPTX ----------------------------------------------------------------------------------------


def _rgb(color):
    return RGBColor.from_string(color.lstrip("#"))


def _textbox(slide, left, top, width, height, lines, size, color=INK, bold=False, bullet=False):
    """An editable text box of `lines` (one paragraph each) at `size` points."""
    frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"• {line}" if bullet else line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _rgb(color)
        paragraph.space_after = Pt(size * 0.5)
    return frame


def _picture(path):
    """The figure's PDF placed to fill the content area: (PNG bytes, left, top, width, height), in inches.

    The PNG is rendered at PPTX_PPI pixels per inch of the placed size.
    """
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        width, height = page.get_width() / 72, page.get_height() / 72  # PDF points to inches
        scale, left, bottom = placement(width, height)
        image = page.render(scale=PPTX_PPI * scale / 72).to_pil()  # pixels per PDF point
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out, left, PAGE_SIZE[1] - bottom - height * scale, width * scale, height * scale


def pptx_bytes(pages, root):
    """The PPTX deck: the same pages, every text editable, every figure a high-resolution picture."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(PAGE_SIZE[0]), Inches(PAGE_SIZE[1])
    blank = deck.slide_layouts[6]
    width = PAGE_SIZE[0] - 2 * MARGIN
    for number, page in enumerate(pages, start=1):
        slide = deck.slides.add_slide(blank)
        footer = PAGE_SIZE[1] - FOOTER_Y - 0.3
        _textbox(slide, MARGIN, footer, width * 0.8, 0.3, [page.source], SIZES["footer"], MUTED)
        numbering = [f"{number} / {len(pages)}"]
        _textbox(slide, MARGIN + width * 0.8, footer, width * 0.2, 0.3, numbering, SIZES["footer"], MUTED)
        slide.shapes[-1].text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
        if page.kind == "cover":
            _textbox(slide, MARGIN, 1.6, width, 1.0, [page.title], SIZES["cover"], bold=True)
            _textbox(slide, MARGIN, 3.0, width, 3.0, page.lines, SIZES["body"], bullet=True)
            continue
        size, color = (SIZES["section"], ACCENT) if page.kind == "section" else (SIZES["title"], INK)
        _textbox(slide, MARGIN, TOP - 0.05, width, 0.6, [page.title], size, color, bold=True)
        if page.kind == "section":
            question, *headlines = page.lines
            _textbox(slide, MARGIN, 1.2, width, 1.6, [question], SIZES["body"])
            _textbox(slide, MARGIN, 3.0, width, 3.5, headlines, SIZES["body"], bullet=True)
        elif page.figure:
            picture, *box = _picture(root / page.figure)
            slide.shapes.add_picture(picture, *(Inches(inches) for inches in box))
            top = PAGE_SIZE[1] - TAKEAWAY_Y - _line_height(SIZES["takeaway"]) - 0.1
            _textbox(slide, MARGIN, top, width, 0.45, [page.takeaway], SIZES["takeaway"])
        else:
            _textbox(slide, MARGIN, 1.1, width, 5.5, page.lines, SIZES["body"], bullet=True)
    saved = io.BytesIO()
    deck.save(saved)
    return _undated_zip(saved.getvalue())


def _undated_zip(data):
    """The zip archive `data` (a PPTX) with every member dated 1980-01-01, so the same pages give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0)), source.read(member))
    return out.getvalue()


def write_decks(root=None):
    """Write `<root>/slides.pdf` and `<root>/slides.pptx` (root: the output root) and return their paths.

    Both decks are built in memory and written at the end, so an error leaves no half-written file.
    """
    root = output_root() if root is None else root
    pages = read_pages(root)
    pdf, pptx = pdf_bytes(pages, root), pptx_bytes(pages, root)
    (root / PDF_FILE).write_bytes(pdf)
    (root / PPTX_FILE).write_bytes(pptx)
    return root / PDF_FILE, root / PPTX_FILE


if __name__ == "__main__":
    count = len(read_pages())
    for path in write_decks():
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {count} pages")
