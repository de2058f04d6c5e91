"""What a notebook says on the slides, said once, where it is measured: `figures/<notebook>/deck.json`.

A notebook creates one `Deck` and, where it saves a report figure, states the slide's one-line
takeaway in the same call, with the run's numbers (`deck.figure(fig, "latent_grid", f"...")`).
It also declares its set-up pages (architectures, hyper-parameters, definitions: `deck.text`),
its section page (`deck.section`) and its conclusions (`deck.conclusions`). Every call rewrites
the notebook's deck.json, so a run from the top leaves exactly the pages that run declared.
`utils.slides` lays these pages out as PDF and PPTX decks and writes no sentence of its own.

A figure's title is said once: it is the slide's title, and the saved PNG and PDF carry none
(a title given to `figure` or drawn as the figure's suptitle, not both). The notebook still
shows the figure under its title. The saved figure is drawn at most the size of the slide's
content area (`utils.style.MAX_WIDTH` x `MAX_HEIGHT`): larger figures are shrunk before saving,
their text staying at its size, so the deck can place every figure at scale 1 or larger and no
text is projected below the style's minimum of 12 points.
"""

import json

from utils.saving import figure_dir, save_figure
from utils.style import MAX_HEIGHT, MAX_WIDTH, SLIDE_SIZES, slide_text_width

DECK_FILE = "deck.json"
MAX_LINES = 7  # bullets on a set-up, section or conclusions page
BULLET_INDENT = 0.35  # inches the slides indent a bullet's text
SAVE_PAD = 0.1  # inches that savefig(bbox_inches="tight") adds around the drawing (matplotlib's default)


def _one_line(text, what, size, bold=False, width=MAX_WIDTH):
    """`text`, checked to be non-empty and to fit one line of `width` inches at `size` points on a slide."""
    if not isinstance(text, str) or not text.strip() or "\n" in text:
        raise ValueError(f"{what} must be one non-empty line of text, got {text!r}")
    needed = slide_text_width(text, size, bold)
    if needed > width:
        raise ValueError(f"{what} is {needed:.1f} in at {size} pt, wider than a slide line ({width:.1f} in): {text!r}")
    return text


def _bullets(lines, what):
    """The list of one-line bullets of a text page, at most MAX_LINES."""
    size, width = SLIDE_SIZES["body"], MAX_WIDTH - BULLET_INDENT
    lines = [_one_line(line, f"each line of {what}", size, width=width) for line in lines]
    if not 0 < len(lines) <= MAX_LINES:
        raise ValueError(f"{what} needs 1 to {MAX_LINES} lines, got {len(lines)}")
    return lines


def fit_to_slide(fig):
    """Shrink `fig` (keeping its aspect and its font sizes) until it saves within the slide's content area.

    Text keeps its size while the drawing shrinks, so a figure that still does not fit after many
    steps has more text than the area holds: that is an error, not a figure saved too large.
    """
    for _ in range(12):  # constrained layout moves things when the size changes: measure again
        fig.canvas.draw()
        box = fig.get_tightbbox()
        width, height = box.width + 2 * SAVE_PAD, box.height + 2 * SAVE_PAD
        scale = min(MAX_WIDTH / width, MAX_HEIGHT / height)
        if scale >= 1:
            return
        fig.set_size_inches(fig.get_size_inches() * scale * 0.98)
    raise ValueError(
        f"the figure still saves {width:.1f} x {height:.1f} in after shrinking: draw it with less text to fit the "
        f"slide's {MAX_WIDTH} x {MAX_HEIGHT} in"
    )


class Deck:
    """The slide pages one notebook declares, written to `<output root>/<notebook>/deck.json` on every call."""

    def __init__(self, notebook):
        self.notebook = notebook
        self._section = None
        self._pages = {}
        self._conclusions = []

    def figure(self, fig, name, takeaway, title=None):
        """Save `fig` as `<name>.png/.pdf` for the slides, and declare its page: title and one-line takeaway.

        The title is `title` or the figure's suptitle (exactly one of them). Returns None, so a cell
        ending with this call shows only the figure.
        """
        drawn = fig.get_suptitle()
        if bool(title) == bool(drawn):
            raise ValueError(
                f"figure {name!r}: give its title once, as the figure's suptitle or as title=, "
                f"got suptitle {drawn!r} and title {title!r}"
            )
        title = _one_line(title or drawn, f"the title of {name!r}", SLIDE_SIZES["title"], bold=True)
        takeaway = _one_line(takeaway, f"the takeaway of {name!r}", SLIDE_SIZES["takeaway"])
        suptitle = fig.suptitle(drawn) if drawn else None  # the figure's own title: the slide shows it instead
        if suptitle is not None:
            suptitle.set_visible(False)
        try:
            fit_to_slide(fig)
            save_figure(fig, self.notebook, name)
        finally:
            if suptitle is not None:
                suptitle.set_visible(True)
        if not drawn:
            fig.suptitle(title)  # shown in the notebook, not saved
        self._pages[name] = {"kind": "figure", "name": name, "title": title, "takeaway": takeaway}
        self._write()

    def text(self, name, title, lines):
        """Declare a page of text (a set-up page: architecture, hyper-parameters, definitions), in call order."""
        title = _one_line(title, f"the title of {name!r}", SLIDE_SIZES["title"], bold=True)
        self._pages[name] = {"kind": "text", "name": name, "title": title, "lines": _bullets(lines, repr(name))}
        self._write()

    def section(self, title, question, headlines):
        """Declare the notebook's section page: its title, the question it answers and its headline numbers."""
        if not question.strip():
            raise ValueError("the section page needs its question")
        self._section = {
            "title": _one_line(title, "the section title", SLIDE_SIZES["section"], bold=True),
            "question": question,
            "headlines": _bullets(headlines, "the section's headlines"),
        }
        self._write()

    def conclusions(self, lines):
        """Declare what this notebook concludes, one line each (the deck's last page gathers every notebook's)."""
        self._conclusions = _bullets(lines, "the conclusions")
        self._write()

    def _write(self):
        """Rewrite deck.json with every page declared so far."""
        deck = {"section": self._section, "pages": list(self._pages.values()), "conclusions": self._conclusions}
        (figure_dir(self.notebook) / DECK_FILE).write_text(json.dumps(deck, indent=2, ensure_ascii=False) + "\n")
