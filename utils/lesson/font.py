"""The 32 binary characters of the course's `font.h`, parsed from the C source as written.

Each character is 7 rows of 5 pixels; each row is one byte whose bit 4 (0x10) is the
leftmost pixel. A row line looks like `{0x00, 0x0e, 0x01, 0x0d, 0x13, 0x13, 0x0d},  // 0x61, a`;
the trailing comment gives the character code and its name. Anything else inside the
array is an error that names the offending line, so a damaged file never trains silently.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FONT_H = Path(__file__).resolve().parents[2] / "data" / "font.h"

_DECLARATION = re.compile(r"^\s*(?:int\s+const|const\s+int)\s+(\w+)\s*\[\s*(\d+)\s*\]\s*\[\s*(\d+)\s*\]\s*=\s*\{\s*$")
_ROW = re.compile(r"^\s*\{([^{}]*)\}\s*(,?)\s*//\s*(0x[0-9a-fA-F]+)\s*,\s*(\S+)\s*$")
_HEX = re.compile(r"^0x[0-9a-fA-F]{1,2}$")
_END = re.compile(r"^\s*\}\s*;\s*$")


@dataclass(frozen=True)
class Font:
    """Bitmaps (n, rows, cols) of 0/1, with each character's code and printable name."""

    bitmaps: np.ndarray
    codes: tuple
    names: tuple

    @property
    def pixels(self):
        """The characters as float32 rows of rows*cols pixels, the autoencoders' input."""
        return self.bitmaps.reshape(len(self.bitmaps), -1).astype("float32")

    @property
    def shape(self):
        """(rows, cols) of one character."""
        return self.bitmaps.shape[1:]


def parse_font(text, source="font.h", width=5):
    """Parse the C array in `text`; raise ValueError naming the line for anything malformed."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _DECLARATION.match(line)), None)
    if start is None:
        raise ValueError(f"{source}: no array declaration like 'int const Font3[32][7] = {{' found")
    count, height = (int(g) for g in _DECLARATION.match(lines[start]).groups()[1:])
    bitmaps, codes, names = [], [], []
    comma_pending = None  # line number of a row that needs a comma before the next row
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        if _END.match(line):
            break
        if comma_pending:
            raise ValueError(f"{source} line {comma_pending}: missing ',' after the row (another row follows)")
        match = _ROW.match(line)
        if match is None:
            raise ValueError(
                f"{source} line {number}: expected a row like '{{0x04, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00}},"
                f"  // 0x60, a', got {stripped!r}"
            )
        values = [v.strip() for v in match.group(1).split(",")]
        if len(values) != height or not all(_HEX.match(v) for v in values):
            got = match.group(1).strip()
            raise ValueError(f"{source} line {number}: expected {height} hex bytes like 0x1f, got {got!r}")
        rows = [int(v, 16) for v in values]
        if max(rows) >= 1 << width:
            limit = (1 << width) - 1
            raise ValueError(f"{source} line {number}: a row byte exceeds {width} pixels (max 0x{limit:02x})")
        bits = [[(row >> (width - 1 - col)) & 1 for col in range(width)] for row in rows]
        code = int(match.group(3), 16)
        if code in codes:
            raise ValueError(f"{source} line {number}: character code 0x{code:02x} appears twice")
        bitmaps.append(bits)
        codes.append(code)
        names.append(match.group(4))
        comma_pending = None if match.group(2) else number
    else:
        raise ValueError(f"{source} line {len(lines)}: file ends before the closing '}};' of the array (truncated?)")
    if len(bitmaps) != count:
        raise ValueError(
            f"{source} line {start + 1}: the array declares {count} characters but {len(bitmaps)} rows follow"
        )
    return Font(np.array(bitmaps, dtype=np.uint8), tuple(codes), tuple(names))


def load_font(path=FONT_H):
    """Read and parse a font.h file (by default the project's `data/font.h`)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"font file {path} not found: the project keeps its copy in data/font.h")
    return parse_font(path.read_text(), source=path.name)
