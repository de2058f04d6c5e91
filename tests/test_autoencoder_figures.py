"""Notebook 1's figures: what each one draws, checked on its axes and artists."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.figure_checks import FONT_LIKE_CODES, crowded_codes, label_collisions  # noqa: E402
from utils.lesson import autoencoder_figures  # noqa: E402
from utils.lesson.style import LATENT_LABEL_SIZE, MIN_FONT_SIZE, smallest_font_size  # noqa: E402
from utils.lesson.training import TrainingLog  # noqa: E402
from utils.report.saving import fit_to_slide  # noqa: E402

GLYPHS = np.random.default_rng(0).integers(0, 2, (10, 35)).astype("float32")
NAMES = list(FONT_LIKE_CODES)
CODES = np.array(list(FONT_LIKE_CODES.values()))


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
    assert [text.get_text() for text in fig.legends[0].get_texts()] == [
        "lr = 1e-5",
        "lr = 1e-1",
        "target: 1 wrong pixel",
    ]
    assert wrong.get_lines()[-1].get_ydata()[0] == 1
    zero = autoencoder_figures.training_curves({"elu": log}, "Ablation", target=0)
    assert zero.axes[1].get_lines()[-1].get_ydata()[0] == 0
    assert zero.legends[0].get_texts()[-1].get_text() == "target: 0 wrong pixels"


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
    assert not ax.texts  # no names over the glyphs: the codes are rings
    np.testing.assert_array_equal(ax.collections[-1].get_offsets(), z)
    assert ax.get_legend() is None  # the cells get the height; the title says what the frames are
    assert fig._suptitle.get_text() == "Decoded latent grid: 3 of 6 cells (framed) are font characters"


def test_latent_mosaic_is_square_with_square_cells_and_codes_seen_on_any_pixel():
    n = 17
    images = np.random.default_rng(1).integers(0, 2, (n, n, 35)).astype("float32")
    z1, z2 = np.linspace(-30, 65, n), np.linspace(-45, 105, n)  # unequal ranges, as the codes give them
    fig = autoencoder_figures.latent_mosaic(images, z1, z2, CODES, np.zeros((n, n), bool))
    assert tuple(fig.get_size_inches()) == (autoencoder_figures.MOSAIC,) * 2
    fig.get_suptitle() and fig._suptitle.set_visible(False)  # as saved for the slide, whose title says it
    fit_to_slide(fig)
    assert tuple(fig.get_size_inches()) == (autoencoder_figures.MOSAIC,) * 2  # drawn at the size it is saved
    fig.canvas.draw()
    ax = fig.axes[0]
    box = ax.get_window_extent()
    assert box.width == pytest.approx(box.height, rel=0.01)  # square cells: 17 columns as wide as 17 rows are high
    assert box.height / fig.dpi / n > 0.25  # inches per cell, on a slide at scale 1
    glyph = ax.get_images()[0].get_extent()  # (left, right, bottom, top) in data units
    width, height = (glyph[1] - glyph[0]) / (z1[1] - z1[0]), (glyph[3] - glyph[2]) / (z2[1] - z2[0])
    assert width / 5 == pytest.approx(height / 7)  # square pixels in square cells
    (codes,) = ax.collections
    pixel = (glyph[3] - glyph[2]) / 7 * box.height / (z2[-1] - z2[0] + z2[1] - z2[0]) * 72 / fig.dpi  # points
    assert np.sqrt(codes.get_sizes()[0]) <= 1.5 * pixel  # a dot covers about one glyph pixel, not the glyph
    assert codes.get_edgecolor()[0].tolist() == [1, 1, 1, 1]  # a white edge: seen on black pixels


def test_latent_path_figure_numbers_the_decoded_glyphs_from_start_to_end():
    z = np.array([[0.0, 0.0], [4.0, 2.0]])
    path = np.linspace(z[0], z[1], 5)
    fig = autoencoder_figures.latent_path_figure(z, ["a", "b"], path, np.zeros((5, 35)), "a", "b")
    assert fig._suptitle.get_text() == "Straight path from 'a' to 'b' in the latent space"
    assert [ax.get_title() for ax in fig.axes[1:]] == ["0 = 'a'", "1", "2", "3", "4 = 'b'"]
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_xydata(), path)
    titled = autoencoder_figures.latent_path_figure(z, ["a", "b"], path, np.zeros((5, 35)), "a", "b", "From a to b")
    assert titled._suptitle.get_text() == "From a to b"


def _labelled_figures(z, names):
    """The three labelled latent plots of notebook 1 for codes `z`: scatter, path between two codes, explorer."""
    glyphs = np.random.default_rng(2).random((9, 35))
    start, end = names.index("a"), names.index("b")
    return {
        "latent_scatter": autoencoder_figures.latent_scatter(z, names),
        "latent_path_figure": autoencoder_figures.latent_path_figure(
            z, names, np.linspace(z[start], z[end], 9), glyphs, "a", "b"
        ),
        "explorer_view": autoencoder_figures.explorer_view(z.mean(axis=0), glyphs[0], z, names),
    }


@pytest.mark.parametrize("codes", ["font-like", "crowded"])
def test_names_cover_no_name_and_no_data_at_any_size(codes):
    z, names = (CODES, NAMES) if codes == "font-like" else crowded_codes(seed=3)
    if codes == "crowded":  # a dozen codes within 4 units of the origin, the rest over +-60
        assert np.sum(np.hypot(*z.T) < 4) == 12 and len(z) == 32
    for name, fig in _labelled_figures(z, names).items():
        ax = fig.axes[0]
        assert [text.get_text() for text in ax.texts] == names, name
        assert not label_collisions(ax), (name, label_collisions(ax))  # as shown in the notebook
        fit_to_slide(fig)
        fig.set_dpi(150)  # as saved
        assert not label_collisions(ax), (name, label_collisions(ax))


def test_a_name_moved_away_from_its_code_gets_a_leader_and_crowds_fan_out():
    fig = autoencoder_figures.latent_scatter(*crowded_codes(seed=3))
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    crowd = [text for text in ax.texts[:12]]
    assert sum(text.arrow_patch.get_visible() for text in crowd) >= 6  # most of the crowd's names need leaders
    for text in ax.texts:
        offset = np.hypot(*text.xyann)  # points from the code to the name's centre
        size = text.get_window_extent(renderer).height * 72 / fig.dpi
        if offset > 2 * size:
            assert text.arrow_patch.get_visible(), text.get_text()
        if not text.arrow_patch.get_visible():
            assert offset < 2 * size, text.get_text()
    alone = ax.texts[-1]  # a code far from the others: its name right beside it, no leader
    assert not alone.arrow_patch.get_visible()


def test_place_labels_takes_the_first_free_place_right_of_a_lone_code():
    fig = autoencoder_figures.latent_scatter(np.array([[0.0, 0.0], [10.0, 10.0]]), ["a", "b"])
    fig.canvas.draw()
    (dx, dy), (_, _) = (text.xyann for text in fig.axes[0].texts)
    assert dx > 0 and dy == 0


def test_latent_axes_labels_keep_their_subscripts_readable():
    for fig in _labelled_figures(CODES, NAMES).values():
        ax = fig.axes[0]
        assert (ax.xaxis.label.get_text(), ax.yaxis.label.get_text()) == ("$z_1$", "$z_2$")
        assert ax.xaxis.label.get_fontsize() == LATENT_LABEL_SIZE
        assert smallest_font_size(ax.xaxis.label) >= MIN_FONT_SIZE


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
