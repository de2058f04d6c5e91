"""The denoising scores (limit decoder, exact recovery, per-character rates) and the notebook-2 figures."""

import matplotlib
import numpy as np
import pytest

from utils.denoise_plots import level_curves, per_character_bars, per_character_curves
from utils.font import load_font
from utils.metrics import exact_recovery, hamming_distances, nearest_character, rate_by_character

matplotlib.use("Agg")

CHARACTERS = np.array(
    [
        [0, 0, 0, 0, 0, 0],
        [1, 1, 1, 0, 0, 0],
        [1, 1, 1, 1, 1, 1],
    ],
    dtype="float32",
)


def test_nearest_character_on_hand_made_cases():
    noisy = np.array(
        [
            [0, 0, 0, 0, 0, 0],  # exactly character 0
            [1, 0, 0, 0, 0, 0],  # one flip from 0, two from 1
            [1, 1, 1, 0, 0, 1],  # one flip from 1
            [1, 1, 1, 1, 1, 0],  # one flip from 2
            [1, 1, 0, 0, 0, 0],  # one flip from 1, two from 0: nearest is 1
        ],
        dtype="float32",
    )
    np.testing.assert_array_equal(nearest_character(noisy, CHARACTERS), [0, 0, 1, 2, 1])


def test_a_tie_is_a_failure():
    # the first two rows are one flip from both characters; the last is one from character 1 only
    characters = np.array([[0, 0, 0, 0], [1, 1, 0, 0]], dtype="float32")
    noisy = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 1, 0]], dtype="float32")
    np.testing.assert_array_equal(nearest_character(noisy, characters), [-1, -1, 1])


def test_l_and_bar_differ_in_two_pixels_so_one_flip_between_them_ties():
    font = load_font()
    ell, bar = font.names.index("l"), font.names.index("|")
    differ = np.flatnonzero(font.pixels[ell] != font.pixels[bar])
    assert len(differ) == 2
    noisy = font.pixels[[ell]].copy()
    noisy[0, differ[0]] = 1 - noisy[0, differ[0]]
    assert nearest_character(noisy, font.pixels)[0] == -1
    np.testing.assert_array_equal(nearest_character(font.pixels, font.pixels), np.arange(32))


def test_nearest_character_rejects_mismatched_widths():
    with pytest.raises(ValueError, match="same number of pixels"):
        nearest_character(np.zeros((2, 5)), CHARACTERS)


def test_hamming_distances_between_hand_made_rows():
    np.testing.assert_array_equal(hamming_distances(CHARACTERS, CHARACTERS), [[0, 3, 6], [3, 0, 3], [6, 3, 0]])
    np.testing.assert_array_equal(hamming_distances([[0.2, 0.7, 0.5, 0, 1, 1]], CHARACTERS), [[4, 3, 2]])


def test_exact_recovery_needs_every_pixel_right():
    x = CHARACTERS
    x_hat = np.array([[0.1] * 6, [0.9, 0.6, 0.5, 0.4, 0.0, 0.2], [0.9] * 5 + [0.4]])
    np.testing.assert_array_equal(exact_recovery(x, x_hat), [True, True, False])


def test_rate_by_character():
    hits = [True, False, True, True, False, False]
    index = [0, 0, 1, 1, 2, 2]
    np.testing.assert_allclose(rate_by_character(hits, index, 3), [0.5, 1.0, 0.0])
    with pytest.raises(ValueError, match="cover every character 0..3"):
        rate_by_character(hits, index, 4)
    with pytest.raises(ValueError, match="aligned"):
        rate_by_character(hits[:-1], index, 3)


def test_figures_draw_one_line_or_bar_per_value():
    levels = [0, 1, 2]
    fig = level_curves(levels, {"limit": [1, 0.9, 0.8], "improved": [1, 0.85, 0.7]}, "k", "recovery", percent=True)
    assert len(fig.axes[0].lines) == 2
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), [100, 90, 80])
    fig = per_character_curves(levels, np.zeros((4, 3)), list("abcd"), "sigma", "wrong pixels")
    assert len(fig.axes[0].lines) == 4
    fig = per_character_bars(list("abcd"), {"limit": [1, 1, 0.5, 0.2], "improved": [1, 1, 0.4, 0.1]}, "recovery")
    assert len(fig.axes[0].patches) == 8


def test_figures_reject_misaligned_values():
    with pytest.raises(ValueError, match="one value per level"):
        level_curves([0, 1, 2], {"improved": [1, 0.5]}, "k", "recovery")
    with pytest.raises(ValueError, match=r"shape \(characters, levels\)"):
        per_character_curves([0, 1], np.zeros((3, 3)), list("abc"), "sigma", "wrong pixels")
    with pytest.raises(ValueError, match="at least one series"):
        per_character_bars(list("ab"), {}, "recovery")
