"""Notebook 1's figures: what each one draws, checked on its axes and artists."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import autoencoder_figures  # noqa: E402
from utils.training import TrainingLog  # noqa: E402

GLYPHS = np.random.default_rng(0).integers(0, 2, (10, 35)).astype("float32")


def test_training_curves_one_line_per_run_in_both_panels_told_apart_by_style_and_markers():
    log = TrainingLog(np.geomspace(7, 0.2, 80), np.arange(80)[::-1] // 10, seconds=0.1, compiled=False)
    fig = autoencoder_figures.training_curves({"lr = 1e-5": log, "lr = 1e-1": log}, "Learning rates")
    loss, wrong = fig.axes
    assert [ax.get_title() for ax in fig.axes] == ["Loss", "Wrong pixels of the worst character"]
    assert loss.get_yscale() == "log" and len(loss.get_lines()) == 2 and len(wrong.get_lines()) == 3  # + 1 pixel
    np.testing.assert_array_equal(wrong.get_lines()[0].get_ydata(), log.max_wrong_pixels)
    first, second = loss.get_lines()
    assert first.get_linestyle() != second.get_linestyle() and first.get_marker() != second.get_marker()
    assert first.get_markevery() != second.get_markevery()  # markers at different epochs
    assert [text.get_text() for text in fig.legends[0].get_texts()] == ["lr = 1e-5", "lr = 1e-1", "1 wrong pixel"]


def test_learning_rates_share_one_format():
    rates = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 0.000985, 0.003]
    labels = [autoencoder_figures.format_learning_rate(rate) for rate in rates]
    assert labels == ["1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "9.85e-4", "3e-3"]
    assert [float(label) for label in labels] == rates


def test_latent_mosaic_frames_the_known_glyphs_and_says_so():
    images = np.zeros((2, 3, 35), dtype="float32")
    known = np.array([[True, False, True], [False, False, True]])
    z = np.array([[0.0, 0.0], [1.0, 1.0]])
    fig = autoencoder_figures.latent_mosaic(images, np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0]), z, known)
    ax = fig.axes[0]
    assert len(ax.get_images()) == 6 and len(ax.patches) == 3
    framed = sorted((round(p.get_x() + p.get_width() / 2), round(p.get_y() + p.get_height() / 2)) for p in ax.patches)
    assert framed == [(0, 0), (2, 0), (2, 1)]  # (z1, z2) of the known cells
    assert not ax.texts  # no names over the glyphs: the codes are points
    np.testing.assert_array_equal(ax.collections[0].get_offsets(), z)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "decodes to a character of the font",
        "code of one of the 2 characters",
    ]
    assert fig._suptitle.get_text() == "Decoded latent grid: 3 of 6 cells are font characters"


def test_latent_path_figure_numbers_the_decoded_glyphs_from_start_to_end():
    z = np.array([[0.0, 0.0], [4.0, 2.0]])
    path = np.linspace(z[0], z[1], 5)
    fig = autoencoder_figures.latent_path_figure(z, ["a", "b"], path, np.zeros((5, 35)), "a", "b")
    assert fig._suptitle.get_text() == "Straight path from 'a' to 'b' in the latent space"
    assert [ax.get_title() for ax in fig.axes[1:]] == ["0 = 'a'", "1", "2", "3", "4 = 'b'"]
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_xydata(), path)
    titled = autoencoder_figures.latent_path_figure(z, ["a", "b"], path, np.zeros((5, 35)), "a", "b", "From a to b")
    assert titled._suptitle.get_text() == "From a to b"


def _explorer_view(**changes):
    args = dict(z=[0.5, -1.0], glyph=GLYPHS[0], codes=np.array([[0.0, 0.0], [1.0, 2.0]]), names=["a", "b"])
    return autoencoder_figures.explorer_view(**{**args, **changes})


def test_explorer_view_marks_z_among_the_codes_and_draws_the_glyph():
    fig = _explorer_view(known_name="b")
    latent, glyph = fig.axes
    assert [t.get_text() for t in latent.texts] == ["a", "b"]
    star = next(line for line in latent.get_lines() if line.get_marker() == "*")
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (0.5, -1.0)
    np.testing.assert_array_equal(glyph.get_images()[0].get_array(), GLYPHS[0].reshape(7, 5))
    assert fig._suptitle.get_text() == "z = (0.50, -1.00) decodes to the font's 'b'"
    own_texts = [fig._suptitle, latent.title, glyph.title, latent.xaxis.label]
    assert min(text.get_fontsize() for text in own_texts) >= 12


def test_explorer_view_calls_a_glyph_outside_the_font_new():
    assert _explorer_view()._suptitle.get_text().endswith("decodes to a new glyph, not in the font")


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(z=[1.0, 2.0, 3.0]), "z must be one latent point"),
        (dict(codes=np.zeros((3, 2))), r"codes must be \(n, 2\) with one name each"),
        (dict(codes=np.zeros((2, 3))), r"codes must be \(n, 2\)"),
        (dict(glyph=np.zeros(34)), "glyph must hold 7x5 pixels"),
        (dict(known_name="q"), "known_name 'q' is not one of the characters' names"),
    ],
)
def test_explorer_view_rejects_bad_input(changes, message):
    with pytest.raises(ValueError, match=message):
        _explorer_view(**changes)
