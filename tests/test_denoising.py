"""The denoising scores (limit decoder, exact recovery, per-character rates) and the notebook-2 figures."""

import matplotlib
import numpy as np
import pytest
from matplotlib.container import BarContainer

from utils.lesson.denoising_figures import (
    DEFINITIONS,
    difference_interval,
    gap_to_ceiling,
    level_curves,
    per_character_bars,
    per_character_heatmap,
)
from utils.lesson.font import load_font
from utils.lesson.metrics import (
    exact_recovery,
    hamming_distances,
    nearest_character,
    rate_by_character,
    wilson_interval,
)
from utils.lesson.style import DECODER_COLORS

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


def test_level_curves_draw_one_defined_line_per_decoder_in_a_fixed_order():
    levels = [0, 1, 2]
    series = {"limit": [1, 0.9, 0.8], "improved": [1, 0.85, 0.7], "ML ceiling": [1, 0.95, 0.9]}
    fig = level_curves(levels, series, "k", "recovery", percent=True)
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [100, 90, 80])  # improved, then limit, then ML ceiling
    legend = [text.get_text() for text in fig.legends[0].get_texts()]
    assert legend == [DEFINITIONS[name] for name in ("improved", "limit", "ML ceiling")]
    assert legend[1] == "limit: nearest character, a tie counts as a failure"
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "recovery (%)"


def test_level_curves_shade_each_rate_s_95_percent_interval_when_told_the_sample_count():
    series = {"limit": [1, 0.99, 0.9], "improved": [1, 0.995, 0.95]}
    fig = level_curves([0, 1, 2], series, "k", "exact recovery", percent=True, samples=1000)
    ax = fig.axes[0]
    bands = [c for c in ax.collections if c.get_paths()]
    assert len(bands) == 2
    for band, rates in zip(bands, (series["improved"], series["limit"]), strict=True):  # legend order
        low, high = wilson_interval(np.array(rates), 1000)
        vertices = band.get_paths()[0].vertices[:, 1]
        assert vertices.min() == pytest.approx(100 * low.min()) and vertices.max() == pytest.approx(100 * high.max())
    assert "shaded: 95 % interval over 1,000 samples" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_per_character_heatmap_annotates_every_character_and_level():
    values = np.arange(20, dtype=float).reshape(5, 4) / 2  # 5 characters x 4 levels
    fig = per_character_heatmap([0.1, 0.2, 0.3, 0.4], values, list("abcde"), "sigma", "wrong pixels", columns=3)
    top, bottom, colorbar = fig.axes
    assert top.get_images()[0].get_array().shape == (4, 3) and bottom.get_images()[0].get_array().shape == (4, 2)
    assert [label.get_text() for label in bottom.get_xticklabels()] == ["d", "e"]
    assert [label.get_text() for label in top.get_yticklabels()] == ["0.1", "0.2", "0.3", "0.4"]
    assert [text.get_text() for text in bottom.texts][:2] == ["6.0", "8.0"]  # 'd' and 'e' at the first level
    assert colorbar.get_ylabel() == "wrong pixels"


def test_per_character_bars_explain_a_network_above_the_limit():
    series = {"limit": [1, 1, 0.5, 0.2], "improved": [1, 1, 0.6, 0.1]}
    fig = per_character_bars(list("abcd"), series, "recovery", percent=True)
    ax = fig.axes[0]
    assert len(ax.patches) == 8 and ax.patches[0].get_facecolor() == ax.patches[3].get_facecolor()
    (note,) = ax.texts
    assert note.get_text().startswith("Above the limit on 'c'.") and "counts a tie" in note.get_text()
    below = per_character_bars(list("ab"), {"limit": [1, 0.5], "improved": [1, 0.4]}, "recovery")
    assert not below.axes[0].texts


def test_per_character_bars_carry_each_rate_s_95_percent_wilson_interval_when_told_the_sample_count():
    series = {"limit": [1, 0.9, 0.5], "improved": [0.98, 0.9, 0.6]}
    fig = per_character_bars(list("abc"), series, "recovery", percent=True, samples=256)
    ax = fig.axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer) and c.errorbar is not None]
    assert len(bars) == 2
    for container, rates in zip(bars, series.values(), strict=True):
        (segments,) = container.errorbar.lines[2]
        ends = np.array([segment[:, 1] for segment in segments.get_segments()])  # (low, high) per character
        low, high = wilson_interval(np.array(rates), 256)
        np.testing.assert_allclose(ends, 100 * np.stack([low, high], axis=1))
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[-1] == "error bars: 95 % sampling interval, 256 samples per character"
    plain = per_character_bars(list("abc"), series, "recovery").axes[0]
    assert all(c.errorbar is None for c in plain.containers if isinstance(c, BarContainer))


def test_difference_interval_is_newcombe_s_hybrid_score_interval():
    low, high = difference_interval(56 / 70, 48 / 80, 70, 80)  # Newcombe (1998), Statistics in Medicine 17, method 10
    assert (round(float(low), 4), round(float(high), 4)) == (0.0524, 0.3339)
    rates, other = np.array([1.0, 0.95, 0.5]), np.array([1.0, 0.96, 0.4])
    low, high = difference_interval(rates, other, 8192)
    assert np.all(low <= rates - other) and np.all(rates - other <= high) and np.all(low < high)
    swapped = difference_interval(other, rates, 8192)
    np.testing.assert_allclose(swapped, (-high, -low))  # the same interval, seen from the other rate


def test_gap_to_ceiling_draws_each_decoder_s_gap_in_points_with_its_band_around_the_ceiling_at_zero():
    levels = [0, 1, 2]
    series = {
        "reference": [0.5, 0.4, 0.3],
        "improved": [1.0, 0.99, 0.95],
        "committing": [1.0, 0.995, 0.965],
        "limit": [1.0, 0.985, 0.94],
        "ML ceiling": [1.0, 0.996, 0.97],
        "exact-k Bayes": [1.0, 0.997, 0.98],
    }
    fig = gap_to_ceiling(levels, series, "k", "exact recovery", samples=8192, title="Gaps")
    rates, gaps = fig.axes[:2]
    assert rates.get_yscale() == gaps.get_yscale() == "linear" and fig.get_suptitle() == "Gaps"
    assert len(rates.get_lines()) == 6  # the reference recipe too
    np.testing.assert_allclose(rates.get_lines()[0].get_ydata(), [50, 40, 30])
    zero, *curves = gaps.get_lines()
    assert tuple(zero.get_ydata()) == (0, 0) and zero.get_color() == "tab:orange"  # the ceiling itself, at 0
    assert len(curves) == 4  # improved, committing, limit, exact-k Bayes: no reference, no ceiling
    np.testing.assert_allclose(curves[0].get_ydata(), 100 * (np.array(series["improved"]) - series["ML ceiling"]))
    bands = [c for c in gaps.collections if c.get_paths()]
    low, high = difference_interval(series["improved"], series["ML ceiling"], 8192)
    vertices = bands[0].get_paths()[0].vertices[:, 1]
    assert vertices.min() == pytest.approx(100 * low.min()) and vertices.max() == pytest.approx(100 * high.max())
    assert gaps.get_ylabel() == "exact recovery minus the ML ceiling\n(percentage points)"
    legend = [text.get_text() for text in fig.legends[0].get_texts()]
    assert legend[:6] == [DEFINITIONS[name] for name in series]
    assert legend[6:] == ["shaded: each curve's 95 % sampling interval, 8,192 samples a level"]


def test_gap_to_ceiling_measures_variants_from_any_named_series():
    series = {"improved": [1.0, 0.95], "limit": [1.0, 0.94], "fixed copies": [1.0, 0.6]}
    fig = gap_to_ceiling([0, 1], series, "k", "exact recovery", samples=1000, ceiling="improved")
    gaps = fig.axes[1]
    zero, *curves = gaps.get_lines()
    assert tuple(zero.get_ydata()) == (0, 0) and zero.get_color() == DECODER_COLORS["improved"]
    np.testing.assert_allclose(curves[-1].get_ydata(), [0, -35])  # the variant, 35 points below
    assert gaps.get_title() == "Gap to the improved denoiser"
    assert gaps.get_ylabel() == "exact recovery minus the improved denoiser\n(percentage points)"


def test_gap_to_ceiling_needs_the_ceiling_and_a_decoder():
    with pytest.raises(ValueError, match="holds no 'ML ceiling'"):
        gap_to_ceiling([0, 1], {"improved": [1, 0.9]}, "k", "recovery", samples=100)
    with pytest.raises(ValueError, match="at least one decoder besides"):
        gap_to_ceiling([0, 1], {"reference": [1, 0.5], "ML ceiling": [1, 0.9]}, "k", "recovery", samples=100)
    with pytest.raises(ValueError, match="one value per level"):
        gap_to_ceiling([0, 1], {"improved": [1], "ML ceiling": [1, 0.9]}, "k", "recovery", samples=100)


def test_figures_reject_misaligned_values():
    with pytest.raises(ValueError, match="one value per level"):
        level_curves([0, 1, 2], {"improved": [1, 0.5]}, "k", "recovery")
    with pytest.raises(ValueError, match=r"shape \(characters, levels\)"):
        per_character_heatmap([0, 1], np.zeros((3, 3)), list("abc"), "sigma", "wrong pixels")
    with pytest.raises(ValueError, match="at least one series"):
        per_character_bars(list("ab"), {}, "recovery")


def test_per_character_bars_call_a_rise_above_the_limit_inside_the_sampling_noise_noise():
    series = {"limit": [0.5, 0.5, 0.2], "improved": [0.55, 0.9, 0.1]}  # 'a' +5 points, 'b' +40 points
    fig = per_character_bars(list("abc"), series, "recovery", percent=True, samples=256)
    (note,) = fig.axes[0].texts
    text = " ".join(note.get_text().split())  # as read, whatever the line breaks
    assert text.startswith("Improved beyond sampling noise (95 % interval): above on 'b', below on 'c'.")
    lines = note.get_text().splitlines()  # 'a' rises 5 points above the limit: noise, not named
    assert lines[0] == "Improved beyond sampling noise (95 % interval): above on 'b', below on 'c'."
    assert lines[1] == "With 3 characters, about 0.2 lie beyond by chance alone at 95 %."
