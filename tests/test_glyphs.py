"""Glyph grids and aligned rows: black-on-white images, labelled grids that wrap instead of strips."""

import numpy as np
import pytest

from utils.lesson import glyphs
from utils.lesson.font import load_font
from utils.lesson.style import GLYPH_CMAP, MAX_WIDTH

GLYPHS = load_font().pixels[:10]


def test_glyph_grid_draws_each_character_once_and_hides_spare_cells():
    fig = glyphs.glyph_grid(GLYPHS, [str(i) for i in range(10)], ncols=4, title="Ten characters")
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert len(fig.axes) == 12 and len(shown) == 10
    assert shown[3].get_title() == "3" and shown[3].get_images()[0].get_array().shape == (7, 5)
    assert fig._suptitle.get_text() == "Ten characters"


def test_glyphs_are_black_ink_on_white():
    fig = glyphs.glyph_grid(GLYPHS[:1])
    image = fig.axes[0].get_images()[0]
    assert image.get_cmap().name == GLYPH_CMAP == "gray_r" and image.get_clim() == (0, 1)


def test_glyph_grid_never_has_more_columns_than_images():
    fig = glyphs.glyph_grid(GLYPHS[:3], ["a", "midpoint", "b"], ncols=8, size=1.3, title="Halfway from a to b")
    assert len(fig.axes) == 3


def test_glyph_rows_labels_rows_and_titles_the_first():
    fig = glyphs.glyph_rows([GLYPHS[:3], GLYPHS[3:6]], ["original", "noisy"], col_titles=["a", "b", "c"])
    axes = np.array(fig.axes).reshape(2, 3)
    assert axes[0, 1].get_title() == "b" and axes[1, 1].get_title() == ""
    assert axes[1, 0].get_ylabel() == "noisy"


def test_glyph_rows_wraps_long_rows_into_labelled_blocks():
    digits = np.random.default_rng(1).random((10, 784))
    titles = [f"digit {d}" for d in range(10)]
    fig = glyphs.glyph_rows([digits, digits], ["original", "decoded"], titles, shape=(28, 28), max_cols=5)
    axes = np.array(fig.axes).reshape(4, 5)  # two blocks of (original, decoded) x 5 digits
    assert [ax.get_ylabel() for ax in axes[:, 0]] == ["original", "decoded", "original", "decoded"]
    assert [ax.get_title() for ax in axes[2]] == titles[5:] and axes[3, 2].get_title() == ""
    np.testing.assert_array_equal(axes[3, 4].get_images()[0].get_array(), digits[9].reshape(28, 28))
    assert axes[0, 0].get_images()[0].get_array().shape == (28, 28)


def test_glyph_rows_hides_the_cells_left_over_in_the_last_block():
    rows = [GLYPHS[:7], GLYPHS[3:10]]
    fig = glyphs.glyph_rows(rows, ["one", "two"], [str(i) for i in range(7)], max_cols=4)
    axes = np.array(fig.axes).reshape(4, 4)
    assert [bool(ax.get_images()) for ax in axes[3]] == [True, True, True, False]


def test_cells_are_wide_enough_for_their_titles_within_the_slide_width():
    narrow = glyphs.glyph_rows([GLYPHS[:2]], ["x"], ["a", "b"], size=0.5)
    wide = glyphs.glyph_rows([GLYPHS[:2]], ["x"], ["'l'\nnearest: tie", "b"], size=0.5)
    assert wide.get_size_inches()[0] > narrow.get_size_inches()[0] + 1
    many = glyphs.glyph_rows([np.tile(GLYPHS, (3, 1))], ["a long row label"], max_cols=30)
    assert many.get_size_inches()[0] == pytest.approx(MAX_WIDTH)


def test_glyph_rows_rejects_misaligned_rows_labels_and_titles():
    with pytest.raises(ValueError, match="one label per row"):
        glyphs.glyph_rows([GLYPHS[:3]], ["one", "two"])
    with pytest.raises(ValueError, match="same number of images"):
        glyphs.glyph_rows([GLYPHS[:3], GLYPHS[:2]], ["one", "two"])
    with pytest.raises(ValueError, match="same number of images"):
        glyphs.glyph_rows([GLYPHS[:3]], ["one"], ["a", "b"])
