"""The notebooks' slideshow as decks: `slides.pdf`, `slides.pptx` and `slides/<notebook>.slides.html`.

Cells say what they are on the slides with Jupyter's `slideshow.slide_type`, as nbconvert and RISE read
it: `slide` (or `subslide`) starts a page, `fragment` adds text to it, `notes` cells are its speaker notes,
`skip` and `-` cells stay out of the PDF and PPTX. A markdown slide is a text page (a `# N. Title` one:
the notebook's section page); a code slide is a figure page per figure `utils.report.saving.show_figure`
showed (title, takeaway and saved PDF from that output) and a text page per other Markdown output. The
cover's title is the README's first heading: this module writes no sentence of its own.

`python -m utils.report.slides` (`make slides`, end of `make run`) writes under the output root
(`$FIGURES_DIR` when set, else `figures/`), undated, so the same notebooks give the same bytes: the PDF
(text set with matplotlib, each figure's own PDF merged as vector art scaled by at least 1, so no figure
text is projected below 12 pt), the PPTX to edit (python-pptx: title placeholders, levelled bullets, one
font, alt text, speaker notes) and a reveal.js deck per notebook (nbconvert), whose scripts come from
`node_modules/` (package.json, `npm ci`) so that it opens offline.
"""

import base64
import copy
import html
import io
import os
import re
import zipfile
from collections import namedtuple
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib
import nbformat
import pypdfium2
from jinja2 import DictLoader
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from nbconvert import SlidesExporter
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Inches, Pt
from pylatexenc.latex2text import LatexNodes2Text
from pypdf import PdfReader, PdfWriter, Transformation

from utils.lesson.style import SLIDE_FONT as FONT
from utils.lesson.style import SLIDE_SIZES as SIZES
from utils.lesson.style import slide_text_width
from utils.report.saving import ROOT, SLIDE_FIGURE, output_root
from utils.report.tables import NOTEBOOKS

PDF_FILE, PPTX_FILE, HTML_DIR = "slides.pdf", "slides.pptx", "slides"
PAGE_W, PAGE_H = 40 / 3, 7.5  # inches: 16:9
MARGIN, WIDTH = 0.5, 40 / 3 - 1.0  # inches: left and right margin, content width
TITLE_TOP, TITLE_H, BODY_TOP = 0.3, 0.5, 0.9  # inches from the top: one title line, then the content area
FOOTER_TOP, FOOTER_H = 7.1, 0.3
BODY_H = FOOTER_TOP - 0.1 - BODY_TOP  # the content area's height, takeaway included
GAP, TAKEAWAY_H, COLUMN_GAP = 0.1, 0.4, 0.4  # inches: figure to takeaway line, that line, figure to right column
FILL = 0.7  # a figure filling less of the content area at full width goes left of its takeaway
LINE_SPACING, PARAGRAPH_GAP = 1.2, 0.4  # of the font size; of a line
FONT_LINE = 1.164  # DejaVu Sans' line height (ascent + descent) in ems: PowerPoint's single spacing for it
BULLETS = (("•", 0.0, 0.375), ("–", 0.5, 0.8125))  # per level: glyph, its indent, the text's indent (PPTX master's)
INK, MUTED, ACCENT = "#1a1a1a", "#666666", "#1f77b4"
PPTX_PPI = 220  # pixels per inch of a figure's picture as placed on the PPTX slide
# The default PPTX template's Title Slide, Section Header, Title and Content and Title Only layouts
LAYOUTS = {"cover": 0, "section": 2, "text": 1, "figure": 5}
PLACEHOLDERS = {"footer": 11, "number": 12}  # the layouts' footer and slide-number placeholders, by idx
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # any fixed GUID: the field's id, the same each build
SAVE_STYLE = {"savefig.bbox": "standard", "savefig.facecolor": "white", "pdf.fonttype": 42}  # 16:9, searchable text
# The reveal decks' own style: the slides' one font, headings as written and left-aligned without their anchor
# links, text slides' paragraphs and bullets at 18 pt as projected (24 px of 720), a readable slide number, inline
# code without wide padding, no prompt gutter, a figure centred at its size as saved (150 dpi PNGs
# at 96 px an inch: at least that), no larger than its slide leaves it and its takeaway right under it, or left of
# its takeaway where it sits beside it; every slide starts at the top.
REVEAL_CSS = """
.reveal .slides, .reveal .slides h1, .reveal .slides h2, .reveal .slides h3 { font-family: "DejaVu Sans", sans-serif; }
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3 { text-transform: none; text-align: left; }
.reveal .anchor-link { display: none; }
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt, .reveal .jp-OutputArea-prompt { display: none; }
.reveal .jp-OutputArea-child, .reveal .jp-RenderedImage { display: block; width: 100%; text-align: center; }
.reveal .jp-RenderedImage img {
  display: block; width: auto; height: auto; max-width: 100%; max-height: 545px; margin: 0 auto;
}
.reveal .jp-RenderedMarkdown h2 { margin: 0 0 0.3em; }
.reveal .jp-RenderedMarkdown code { padding: 0 0.1em; }
.reveal .slides > section, .reveal .slides > section > section { top: 0 !important; }
.reveal .jp-MarkdownCell p, .reveal .jp-RenderedMarkdown li { font-size: 24px; line-height: 1.35; }
.reveal .slide-number { font-size: 16px; }
.reveal .beside { display: flex; align-items: center; gap: 40px; }
.reveal .beside img { height: 560px; width: auto; max-width: 60%; margin: 0; }
.reveal .beside p { flex: 1; text-align: left; }
"""
# The reveal template with that style, without the one script these decks never use (mermaid diagrams, from a CDN).
OFFLINE_TEMPLATE = "{%- extends 'index.html.j2' -%}\n{% block html_head_js_mermaidjs %}{% endblock %}\n"
OFFLINE_TEMPLATE += f"{{% block html_head_css %}}<style>{REVEAL_CSS}</style>{{% endblock %}}\n"
# A picture with its alt text (the takeaway, as in the PPTX), which the stock template leaves out.
OFFLINE_TEMPLATE += """{% block data_png scoped %}<div class="jp-RenderedImage jp-OutputArea-output">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
alt="{{ output.metadata.get('alt', '') | escape_html }}"></div>{% endblock data_png %}
"""
REVEAL = dict(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)  # code hidden
REVEAL |= dict(reveal_width="1280", reveal_height="720", reveal_theme="white")  # 16:9; a theme with local fonts
REVEAL |= dict(reveal_number="c/t")  # slide numbers: this one / all
VENDORED = {  # everything else the template loads, from node_modules/ (pinned in package.json)
    "reveal_url_prefix": "reveal.js",
    "require_js_url": "requirejs/require.js",
    "jquery_url": "jquery/dist/jquery.min.js",
    "mathjax_url": "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}


# One paragraph of a slide: its text and its bullet level (-1: a plain paragraph; 0, 1: bullets).
Line = namedtuple("Line", "text level", defaults=(-1,))


@dataclass(frozen=True)
class Page:
    """One slide: its kind ('cover', 'section', 'text' or 'figure'), its texts, figure and notes."""

    kind: str
    title: str
    lines: tuple[Line, ...] = ()
    takeaway: str = ""
    figure: str = ""  # the figure's PDF, relative to the output root
    notes: str = ""  # its notes cells' markdown
    source: str = ""  # the notebook the footer names
    where: str = ""  # the cell it comes from, for errors

    @property
    def speaker_notes(self):
        """Its notes cells' text then its takeaway (what the run shows, so notes that point at it say it too), else
        its own text: every slide has notes."""
        spoken = "\n\n".join(part for part in (self.notes, self.takeaway) if part)
        return spoken or "\n".join([self.title, *(line.text for line in self.lines)])

    @property
    def alt_text(self):
        """A figure's alt text (`alt_text`)."""
        return alt_text(self.title, self.takeaway)


def alt_text(title, takeaway):
    """A figure's alt text on every deck: its title, which says what is drawn, then its takeaway, what it shows."""
    return f"{title}. {takeaway}"


# --- the pages, from the notebooks' cells --------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})\s+(.*?)[\s#]*$")
ITEM = re.compile(r"^( *)(?:[-*+]|\d+[.)])\s+(.*)$")
INLINE = [(r"(`+)\s?(.+?)\s?\1", r"\2"), (r"\[([^\]]*)\]\([^)]*\)", r"\1"), (r"\*\*(.+?)\*\*", r"\1")]
INLINE += [(r"\*(.+?)\*", r"\1")]  # code spans first, bold before italics
SECTION_HEADING = re.compile(r"^(#{2,6}\s+)\d+\.\s+", re.M)  # '## 4. Title': the heading without its number
SLIDE_TITLE = re.compile(r"\A#{2,6}\s+")  # a slide's title heading below a section's: level 2 on the reveal decks
MATH, TEX = re.compile(r"\$([^$]+)\$"), LatexNodes2Text(math_mode="text", strict_latex_spaces="based-on-source")


def plain(text):
    """`text` with its inline Markdown reduced to what a slide shows: **b**, *i*, `code`, [text](url) -> text."""
    for pattern, kept in INLINE:
        text = re.sub(pattern, kept, text)
    return " ".join(text.split())


def spoken(source):
    """A notes cell's Markdown as speaker notes: its $math$ in Unicode (pylatexenc), its paragraphs plain text."""
    text = MATH.sub(lambda math: TEX.latex_to_text(math[1]), source)
    return "\n\n".join(plain(part.lstrip("#").strip()) for part in text.split("\n\n")).strip()


def parse_markdown(source):
    """The text page of Markdown `source`: its first heading as title (a `# ` heading: a section page; a deeper one
    without its section number), then
    its list items as bullets (second level when indented by two spaces or more) and its paragraphs."""
    title, depth, rows, open_row = "", 0, [], False
    source = SECTION_HEADING.sub(r"\1", source)  # a section's number is the notebook's: the deck numbers its pages
    for row in source.splitlines():
        heading, item = HEADING.match(row), ITEM.match(row)
        if heading and not title:
            title, depth, open_row = heading[2], len(heading[1]), False
        elif item:
            rows.append([1 if len(item[1]) >= 2 else 0, item[2]])
            open_row = True
        elif row.strip() and open_row:  # a paragraph's or a list item's next line
            rows[-1][1] += " " + row.strip()
        elif row.strip():
            rows.append([-1, heading[2] if heading else row.strip()])
            open_row = not heading
        else:
            open_row = False
    lines = tuple(Line(plain(text), level) for level, text in rows)
    return Page("section" if depth == 1 else "text", plain(title), lines)


def _shown(cell, where, folder):
    """The pages a slide cell shows: its markdown, or each figure and Markdown output of its code."""
    if cell.cell_type == "markdown":
        yield parse_markdown(cell.source)
        return
    for output in cell.get("outputs", []):
        figure = output.get("metadata", {}).get(SLIDE_FIGURE)
        if figure:
            pdf = folder / f"{figure['name']}.pdf"
            if not pdf.exists():
                raise FileNotFoundError(f"{where} shows figure {pdf}, which is missing: run the notebook (make run)")
            yield Page("figure", figure["title"], (), figure["takeaway"], f"{folder.name}/{pdf.name}")
        elif output.output_type in ("display_data", "execute_result") and "text/markdown" in output.data:
            yield parse_markdown(output.data["text/markdown"])


def notebook_pages(path, root):
    """The slides of the notebook at `path`, in cell order; its figures' PDFs are under `root`/<notebook>/."""
    pages = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        kind, where = cell.metadata.get("slideshow", {}).get("slide_type", "-"), f"{path.name}, cell {index}"
        if kind == "notes":
            if not pages:
                raise ValueError(f"{where}: notes come after the slide they explain, and no slide comes before")
            notes = "\n\n".join(filter(None, [pages[-1].notes, spoken(cell.source)]))
            pages[-1] = replace(pages[-1], notes=notes)
            continue
        if kind not in ("slide", "subslide", "fragment"):
            continue
        shown = list(_shown(cell, where, root / path.stem))
        if not shown:
            raise ValueError(f"{where} is marked {kind!r} but shows no Markdown or figure: run the notebook (make run)")
        if any("$" in text for page in shown for text in (page.title, page.takeaway, *(s.text for s in page.lines))):
            raise ValueError(f"{where}: slide text is Unicode, not LaTeX: write it without '$'")
        if kind == "fragment":
            if not pages or pages[-1].kind == "figure" or any(page.figure for page in shown):
                raise ValueError(f"{where}: a fragment adds text to a text slide; mark a figure's cell 'slide'")
            added = tuple(line for page in shown for line in ((Line(page.title),) if page.title else ()) + page.lines)
            pages[-1] = replace(pages[-1], lines=pages[-1].lines + added)
            continue
        for page in shown:
            if not page.title:
                raise ValueError(f"{where}: a slide needs a heading (#, ## or ###) as its title")
            pages.append(replace(page, source=path.name, where=where))
    return pages


def read_pages(notebooks, root):
    """The cover (the README's first heading, the notebooks' section titles), then every notebook's slides."""
    pages = [page for path in notebooks for page in notebook_pages(Path(path), root)]
    title = next(row[2:].strip() for row in (ROOT / "README.md").read_text().splitlines() if row.startswith("# "))
    return [Page("cover", title, tuple(Line(p.title) for p in pages if p.kind == "section"), where="README.md"), *pages]


# --- where everything goes on a page ---------------------------------------------------------------


# A rectangle of a page in inches from its top left, and the Lines set in it (none: the figure's box), their
# size in points, weight, colour and alignment (right: aligned right).
Box = namedtuple("Box", "left top width height lines size bold color right", defaults=((), 0, False, INK, False))


def wrap(text, size, width, bold=False):
    """`text` wrapped between words into lines no wider than `width` inches, measured in the slides' font."""
    rows = []
    for word in text.split():
        if rows and slide_text_width(f"{rows[-1]} {word}", size, bold) <= width:
            rows[-1] += f" {word}"
        else:
            rows.append(word)
    return rows


def flow(lines, size, width, bold=False):
    """Set `lines` in a box `width` inches wide: ([(x, y, text, is_bullet_glyph)], height) in inches from its top
    left. A bullet's glyph hangs left of its text, whose wrapped lines align with its first (a hanging indent)."""
    step, placed, y = size * LINE_SPACING / 72, [], 0.0
    for line in lines:
        indent = 0.0
        if line.level >= 0:
            glyph, at, indent = BULLETS[line.level]
            placed.append((at, y, glyph, True))
        for row in wrap(line.text, size, width - indent, bold):
            placed.append((indent, y, row, False))
            y += step
        y += step * PARAGRAPH_GAP
    return placed, max(0.0, y - step * PARAGRAPH_GAP)


AREA = BODY_H - GAP - TAKEAWAY_H  # the height left to a full-width figure: a gap and the takeaway line under it


def figure_inches(path):
    """The (width, height) in inches of the saved figure whose PDF is at `path`: what every deck lays out."""
    art = PdfReader(path).pages[0].mediabox
    return float(art.width) / 72, float(art.height) / 72


def beside(width, height):
    """Whether a `width` x `height` inch figure sits left of its takeaway (on every deck): at full width it would
    fill under FILL of the content area, as a square figure does on a 16:9 slide."""
    scale = min(WIDTH / width, AREA / height)
    return scale**2 * width * height < FILL * WIDTH * AREA and width / height < WIDTH / AREA


def _figure_boxes(page, width, height):
    """The figure and takeaway boxes of a figure page showing a `width` x `height` inch figure."""
    scale = min(WIDTH / width, AREA / height)
    if scale < 0.99:  # its text would be shrunk below the size it was drawn at
        size = f"{width:.2f} x {height:.2f} in figure is larger than the slide's {WIDTH:.2f} x {AREA:.2f} in"
        raise ValueError(f"{page.where}: its {size} content area: re-run the notebook (make run)")
    takeaway = ((Line(page.takeaway),), SIZES["takeaway"], False, INK)
    if not beside(width, height):
        width, height = width * scale, height * scale
        top = BODY_TOP + (BODY_H - height - GAP - TAKEAWAY_H) / 2
        figure = Box(MARGIN + (WIDTH - width) / 2, top, width, height)
        return {"figure": figure, "takeaway": Box(MARGIN, top + height + GAP, WIDTH, TAKEAWAY_H, *takeaway)}
    width = width * BODY_H / height  # two columns: the figure fills the content height, the takeaway its right
    left = MARGIN + width + COLUMN_GAP
    needed = flow(takeaway[0], SIZES["takeaway"], PAGE_W - MARGIN - left)[1] + GAP
    column = Box(left, BODY_TOP + (BODY_H - needed) / 2, PAGE_W - MARGIN - left, needed, *takeaway)
    return {"figure": Box(MARGIN, BODY_TOP, width, BODY_H), "takeaway": column}


def layout(page, root, number):
    """Every box of `page`, name -> Box, none overlapping another; text too long for its box is a ValueError."""
    top = {"cover": 1.8, "section": 1.0}.get(page.kind, TITLE_TOP)
    height = {"cover": 1.6, "section": 1.3}.get(page.kind, TITLE_H)  # two lines at 40 and 32 pt, one at 22 pt
    title = (Line(page.title),), SIZES.get(page.kind, SIZES["title"]), True, ACCENT if page.kind == "section" else INK
    boxes = {"title": Box(MARGIN, top, WIDTH, height, *title)}
    if page.figure:
        boxes |= _figure_boxes(page, *figure_inches(root / page.figure))
    elif page.lines:
        top += height + (0.2 if page.kind in ("cover", "section") else GAP)
        boxes["body"] = Box(MARGIN, top, WIDTH, FOOTER_TOP - GAP - top, page.lines, SIZES["body"])
    footer = (SIZES["footer"], False, MUTED)
    if page.source:
        boxes["footer"] = Box(MARGIN, FOOTER_TOP, WIDTH * 0.7, FOOTER_H, (Line(page.source),), *footer)
    boxes["number"] = Box(MARGIN + WIDTH * 0.75, FOOTER_TOP, WIDTH / 4, FOOTER_H, (Line(number),), *footer, True)
    for name, box in boxes.items():
        needed = flow(box.lines, box.size, box.width, box.bold)[1]
        if needed > box.height + 1e-6:
            raise ValueError(f"{page.where}: its {name} needs {needed:.2f} in, the slide has {box.height:.2f} in")
    return boxes


# --- PDF -----------------------------------------------------------------------------------------


def text_layer(boxes):
    """A page's text (and nothing else) as a matplotlib figure of the page's size."""
    fig = Figure(figsize=(PAGE_W, PAGE_H), facecolor="white", layout="none")
    for box in boxes.values():
        for x, y, text, glyph in flow(box.lines, box.size, box.width, box.bold)[0]:
            x, baseline = box.left + (box.width if box.right else x), box.top + y + box.size / 72  # 1 em down
            style = dict(ha="right" if box.right else "left", va="baseline", size=box.size, family=FONT)
            color, weight = (ACCENT, "normal") if glyph else (box.color, "bold" if box.bold else "normal")
            fig.text(x / PAGE_W, 1 - baseline / PAGE_H, text, color=color, weight=weight, **style)
    return fig


def pdf_bytes(pages, layouts, root):
    """The PDF deck: each page's text layer (placed by `layouts`), with its figure's own PDF merged in as vector art."""
    layers = io.BytesIO()
    undated = {"CreationDate": None, "Creator": None, "Producer": None}
    with matplotlib.rc_context(SAVE_STYLE), PdfPages(layers, metadata=undated) as pdf:
        for boxes in layouts:
            pdf.savefig(text_layer(boxes))
    writer = PdfWriter(clone_from=PdfReader(layers))
    for page, boxes, sheet in zip(pages, layouts, writer.pages, strict=True):
        if page.figure:
            art, box = PdfReader(root / page.figure).pages[0], boxes["figure"]
            x0, y0 = (float(v) for v in art.mediabox.lower_left)
            move = Transformation().translate(-x0, -y0).scale(box.width * 72 / float(art.mediabox.width))
            sheet.merge_transformed_page(art, move.translate(box.left * 72, (PAGE_H - box.top - box.height) * 72))
    writer.add_metadata({"/Title": pages[0].title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- PPTX ----------------------------------------------------------------------------------------


def _font(run, size=None, bold=False, color=INK):
    run.font.name, run.font.bold, run.font.color.rgb = FONT, bold, RGBColor.from_string(color.lstrip("#"))
    if size:
        run.font.size = Pt(size)
    run._r.get_or_add_rPr().set("cap", "none")  # the Section Header layout sets its title in capitals


def _fill(frame, box, own_bullets, shrink=False):
    """Write `box`'s lines into a text frame, one paragraph each: plain ones without bullet or indent, bullets at
    their level with the master's glyphs and hanging indents (set here for a layout without: `own_bullets`).
    Spacing is relative to the font size, so it follows a size changed in PowerPoint; with `shrink`, PowerPoint
    shrinks text typed beyond the box to fit it (the pages as built fit: `layout` checks)."""
    frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.TOP
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE if shrink else MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for i, line in enumerate(box.lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.level, paragraph.alignment = max(line.level, 0), PP_ALIGN.RIGHT if box.right else PP_ALIGN.LEFT
        paragraph.line_spacing = LINE_SPACING / FONT_LINE  # of PowerPoint's single line, the font's own height
        paragraph.space_before = Pt(box.size * LINE_SPACING * PARAGRAPH_GAP if i else 0)
        if line.level < 0 or own_bullets:
            glyph, at, indent = BULLETS[line.level] if line.level >= 0 else ("", 0, 0)
            properties = paragraph._p.get_or_add_pPr()
            properties.set("marL", str(Inches(indent)))
            properties.set("indent", str(Inches(at - indent)))  # negative: the glyph hangs left of the text
            properties.append(OxmlElement("a:buChar" if glyph else "a:buNone"))
            if glyph:
                properties[-1].set("char", glyph)
        if line.level >= 0:  # the bullet glyph in the accent colour, as on the PDF's pages
            colour = OxmlElement("a:buClr")
            colour.append(OxmlElement("a:srgbClr"))
            colour[0].set("val", ACCENT.lstrip("#").upper())
            properties = paragraph._p.get_or_add_pPr()
            glyphs = [child for child in properties if child.tag.endswith(("}buChar", "}buNone"))]
            (glyphs[0].addprevious if glyphs else properties.append)(colour)  # the schema's order: colour, glyph
        run = paragraph.add_run()
        run.text = line.text
        _font(run, box.size, box.bold, box.color)


def _slide_number(paragraph):
    """Make the paragraph's text ("n / total" on the PDF's page) PowerPoint's slide-number field alone, which stays
    right when slides are added, moved or removed (PowerPoint has no field for the total)."""
    run = paragraph.runs[0]
    field = OxmlElement("a:fld")
    field.set("id", SLIDE_NUMBER_FIELD)
    field.set("type", "slidenum")
    field.append(copy.deepcopy(run._r.get_or_add_rPr()))
    text = OxmlElement("a:t")
    text.text = run.text.split(" ", 1)[0]
    field.append(text)
    run._r.addprevious(field)
    paragraph._p.remove(run._r)


def _png(path, width):
    """The PDF at `path` rendered as a PNG of PPTX_PPI pixels per inch when placed `width` inches wide."""
    page, out = pypdfium2.PdfDocument(str(path))[0], io.BytesIO()
    page.render(scale=PPTX_PPI * width / page.get_width()).to_pil().save(out, format="PNG")  # scale: pixels per point
    return out


def pptx_bytes(pages, layouts, root):
    """The PPTX deck: the same pages (placed by `layouts`) on the default template's layouts, repositioned for 16:9:
    titles, bodies, footers and slide numbers in the layout's placeholders, the number a slide-number field."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(PAGE_W), Inches(PAGE_H)
    deck.core_properties.title = pages[0].title  # its other properties, dates included, are the template's
    theme = deck.slide_master.part.part_related_by(RT.THEME)  # new text typed in PowerPoint: the same font
    theme._blob = re.sub(rb'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*', rb"\g<1>" + FONT.encode(), theme.blob)
    for page, boxes in zip(pages, layouts, strict=True):
        template = deck.slide_layouts[LAYOUTS[page.kind]]
        slide = deck.slides.add_slide(template)
        for name in [name for name in PLACEHOLDERS if name in boxes]:  # python-pptx leaves these out of a new slide;
            # in a fixed order (a set's order changes with the hash seed, and with it the bytes of the deck)
            slide.shapes.clone_placeholder(template.placeholders.get(idx=PLACEHOLDERS[name]))
        body = [shape for shape in slide.placeholders if shape.placeholder_format.idx == 1]
        for name, box in boxes.items():
            place = [Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)]
            if name == "figure":
                picture = slide.shapes.add_picture(_png(root / page.figure, box.width), *place)
                picture._element.nvPicPr.cNvPr.set("descr", page.alt_text)
                continue
            placeholder = slide.shapes.title if name == "title" else body.pop() if name == "body" else None
            if name in PLACEHOLDERS:
                placeholder = slide.placeholders[PLACEHOLDERS[name]]
            shape = placeholder or slide.shapes.add_textbox(*place)
            shape.left, shape.top, shape.width, shape.height = place
            _fill(shape.text_frame, box, own_bullets=page.kind == "section", shrink=name in ("body", "takeaway"))
            if name == "number":
                _slide_number(shape.text_frame.paragraphs[0])
        for unused in body:  # a text page with a title only
            unused._element.getparent().remove(unused._element)
        notes = slide.notes_slide.notes_text_frame
        notes.text = page.speaker_notes
        for run in (run for paragraph in notes.paragraphs for run in paragraph.runs):
            _font(run)
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


# --- reveal.js -----------------------------------------------------------------------------------


def _titled(outputs, figures):
    """`outputs` with each slide figure's title as a heading above its picture (the takeaway's metadata names it),
    the picture as saved in the folder `figures` (without its title, which the heading now says), its alt text its
    title and takeaway, as in the PPTX; a figure that sits `beside` its takeaway on the PDF does so here too, in two
    columns."""
    titled = []
    for output in outputs:
        figure = output.get("metadata", {}).get(SLIDE_FIGURE)
        if figure:
            picture = max(i for i, shown in enumerate(titled) if "image/png" in shown.get("data", {}))
            saved = base64.b64encode((figures / f"{figure['name']}.png").read_bytes()).decode()
            alt = alt_text(figure["title"], figure["takeaway"])
            if beside(*figure_inches(figures / f"{figure['name']}.pdf")):
                takeaway = html.escape(figure["takeaway"])
                columns = f'<div class="beside"><img src="data:image/png;base64,{saved}" alt="{html.escape(alt)}">'
                columns += f"<p><strong>{takeaway}</strong></p></div>"
                shown = {SLIDE_FIGURE: figure}  # the figure's end, where a cell of several figures is cut
                titled[picture] = nbformat.v4.new_output("display_data", data={"text/html": columns}, metadata=shown)
                output = None  # the takeaway is in the right-hand column
            else:
                shown = {"alt": alt}
                titled[picture] = nbformat.v4.new_output("display_data", data={"image/png": saved}, metadata=shown)
            heading = nbformat.v4.new_output("display_data", data={"text/markdown": f"## {figure['title']}"})
            titled.insert(picture, heading)
        if output is not None:
            titled.append(output)
    return titled


def _one_figure_each(cell):
    """A code cell that shows several figures, as one cell per figure (each its own slide, as in the PDF)."""
    ends = [i + 1 for i, out in enumerate(cell.outputs) if SLIDE_FIGURE in out.get("metadata", {})]
    if len(ends) < 2:
        return [cell]
    parts = []
    for start, end in zip([0, *ends[:-1]], [*ends[:-1], len(cell.outputs)], strict=True):
        part = nbformat.from_dict(dict(cell, outputs=cell.outputs[start:end]))
        part.id = f"{cell.id}-{len(parts)}"
        if parts:
            part.metadata = dict(cell.metadata, slideshow={"slide_type": "slide"})
        parts.append(part)
    return parts


def reveal_html(path, folder, root):
    """The reveal.js deck of the notebook at `path`, as HTML to save in `folder`: nbconvert's, from the same slide
    types, with code hidden, code cells' display outputs (figures under their titles, as saved under the output
    root `root`; takeaways; Markdown) but not their prints, and reveal.js, require.js, jQuery and MathJax from
    node_modules/, by a path relative to `folder`."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.pop("widgets", None)  # no widget state: the template would fetch a widget renderer
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            shown = [out for out in cell.outputs if out.output_type in ("display_data", "execute_result")]
            for out in shown:  # a rendered page (conclusions) titled like every other slide
                if "text/markdown" in out.get("data", {}):
                    out.data["text/markdown"] = SLIDE_TITLE.sub("## ", out.data["text/markdown"], count=1)
            cell.outputs = _titled(shown, root / path.stem)
            cells += _one_figure_each(cell)
        else:  # a section's number is the notebook's, not the deck's (as on the PDF's pages)
            cell.source = SECTION_HEADING.sub(r"\1", cell.source)
            if cell.metadata.get("slideshow", {}).get("slide_type") == "slide":  # every slide's title one size
                cell.source = SLIDE_TITLE.sub("## ", cell.source, count=1)
            cells.append(cell)
    notebook.cells = cells
    modules = Path(os.path.relpath(ROOT / "node_modules", folder)).as_posix()
    vendored = {trait: f"{modules}/{file}" for trait, file in VENDORED.items()}
    loader = DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})
    exporter = SlidesExporter(template_file="offline.html.j2", extra_loaders=[loader], **REVEAL, **vendored)
    return exporter.from_notebook_node(notebook, resources={"metadata": {"name": path.stem}})[0]


def write_decks(notebooks=None, root=None):
    """Write the PDF, the PPTX and the reveal.js decks of `notebooks` (default: the three) under `root` (default:
    the output root), and return their paths."""
    root = output_root() if root is None else root
    paths = [Path(p) for p in notebooks] if notebooks else [ROOT / "notebooks" / f"{n}.ipynb" for n in NOTEBOOKS]
    pages = read_pages(paths, root)
    layouts = [layout(page, root, f"{n} / {len(pages)}") for n, page in enumerate(pages, start=1)]
    files = {root / PDF_FILE: pdf_bytes(pages, layouts, root), root / PPTX_FILE: pptx_bytes(pages, layouts, root)}
    for path in paths:
        files[root / HTML_DIR / f"{path.stem}.slides.html"] = reveal_html(path, root / HTML_DIR, root).encode()
    (root / HTML_DIR).mkdir(parents=True, exist_ok=True)
    for file, data in files.items():
        file.write_bytes(data)
    return list(files)


if __name__ == "__main__":
    for written in write_decks():
        print(written.relative_to(ROOT) if written.is_relative_to(ROOT) else written)
