"""The font.h parser: the real file, and every way a damaged file must fail."""

import numpy as np
import pytest

from utils.lesson.font import FONT_H, load_font, parse_font

GOOD = FONT_H.read_text()


def test_project_font_has_32_characters_of_7x5():
    font = load_font()
    assert font.bitmaps.shape == (32, 7, 5)
    assert font.pixels.shape == (32, 35) and font.pixels.dtype == np.float32
    assert font.codes == tuple(range(0x60, 0x80))
    assert font.names[:3] == ("`", "a", "b") and font.names[-1] == "DEL"


def test_bit_4_is_the_leftmost_pixel():
    font = load_font()
    a = font.bitmaps[font.names.index("a")]
    assert a[1].tolist() == [0, 1, 1, 1, 0]  # 0x0e
    assert a[2].tolist() == [0, 0, 0, 0, 1]  # 0x01
    assert font.bitmaps[font.names.index("DEL")].all()


def test_project_copy_matches_the_course_font():
    shared = FONT_H.parent.parent.parent / "shared" / "data" / "font.h"
    if not shared.exists():
        pytest.skip("the course's shared data folder is not beside this checkout")
    assert np.array_equal(load_font(shared).bitmaps, load_font().bitmaps)


def _line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{0x00, 0x0e, 0x01, 0x0d, 0x13, 0x13, 0x0d}", "{0x00, 0x0e, 0x01, 0x0d, 0x13, 0x13}", "expected 7 hex bytes"),
        ("0x0e, 0x01, 0x0d, 0x13, 0x13, 0x0d}", "0x0e, 0x01, 0x0d, 0x13, 0x13, 0xzz}", "expected 7 hex bytes"),
        ("0x0e, 0x01, 0x0d, 0x13, 0x13, 0x0d}", "0x0e, 0x01, 0x0d, 0x13, 0x13, 0x2d}", "a row byte exceeds 5 pixels"),
        ("0x0d},   // 0x61, a", "0x0d},", "expected a row like"),
    ],
)
def test_malformed_row_names_its_line(old, new, message):
    line = _line_of(GOOD, old)
    with pytest.raises(ValueError, match=rf"font\.h line {line}: {message}"):
        parse_font(GOOD.replace(old, new), source="font.h")


def test_truncated_file_is_an_error_naming_the_last_line():
    lines = GOOD.splitlines()
    cut = "\n".join(lines[: _line_of(GOOD, "0x6f, o")])
    with pytest.raises(ValueError, match=rf"line {_line_of(GOOD, '0x6f, o')}: file ends before the closing"):
        parse_font(cut)


def test_truncated_mid_row_names_that_line():
    cut = GOOD[: GOOD.index("0x13, 0x0d}")]
    with pytest.raises(ValueError, match=rf"line {_line_of(GOOD, '0x61, a')}: expected a row like"):
        parse_font(cut)


def test_missing_rows_are_counted():
    text = "\n".join(line for line in GOOD.splitlines() if "0x7e, ~" not in line)
    with pytest.raises(ValueError, match="declares 32 characters but 31 rows follow"):
        parse_font(text)


def test_no_declaration():
    with pytest.raises(ValueError, match="no array declaration"):
        parse_font("int x = 3;\n")


def test_missing_file_says_where_the_copy_lives(tmp_path):
    with pytest.raises(FileNotFoundError, match="data/font.h"):
        load_font(tmp_path / "nope.h")


def test_rows_must_be_separated_by_commas():
    line = _line_of(GOOD, "0x61, a")
    text = GOOD.replace("0x0d},   // 0x61, a", "0x0d}    // 0x61, a")
    with pytest.raises(ValueError, match=rf"line {line}: missing ',' after the row"):
        parse_font(text)


def test_duplicate_codes_are_an_error():
    line = _line_of(GOOD, "0x62, b")
    with pytest.raises(ValueError, match=rf"line {line}: character code 0x61 appears twice"):
        parse_font(GOOD.replace("// 0x62, b", "// 0x61, b"))
