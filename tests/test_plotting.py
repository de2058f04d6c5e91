"""The character figures: what each one draws, checked on its axes and artists."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import plotting  # noqa: E402
from utils.training import TrainingLog  # noqa: E402

GLYPHS = np.random.default_rng(0).integers(0, 2, (10, 35)).astype("float32")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_glyph_grid_draws_each_character_once_and_hides_spare_cells():
    fig = plotting.glyph_grid(GLYPHS, [str(i) for i in range(10)], ncols=4)
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert len(fig.axes) == 12 and len(shown) == 10
    assert shown[3].get_title() == "3" and shown[3].get_images()[0].get_array().shape == (7, 5)


def test_glyph_rows_labels_rows_and_titles_the_first():
    fig = plotting.glyph_rows([GLYPHS[:3], GLYPHS[3:6]], ["original", "noisy"], col_titles=["a", "b", "c"])
    axes = np.array(fig.axes).reshape(2, 3)
    assert axes[0, 1].get_title() == "b" and axes[1, 1].get_title() == ""
    assert axes[1, 0].get_ylabel() == "noisy"
    with pytest.raises(ValueError):
        plotting.glyph_rows([GLYPHS[:3]], ["one", "two"])


def test_training_curves_one_line_per_run_in_both_panels():
    log = TrainingLog(np.array([0.5, 0.2, 0.1]), np.array([4, 1, 0]), seconds=0.1, compiled=False)
    fig = plotting.training_curves({"a": log, "b": log})
    loss, wrong = fig.axes
    assert len(loss.get_lines()) == 2 and loss.get_yscale() == "log"
    assert wrong.get_lines()[0].get_ydata().tolist() == [4, 1, 0]


def test_latent_mosaic_frames_only_the_new_glyphs():
    images = np.zeros((2, 3, 35), dtype="float32")
    known = np.array([[True, False, True], [False, False, True]])
    z = np.array([[0.0, 0.0], [1.0, 1.0]])
    fig = plotting.latent_mosaic(images, np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0]), z, ["a", "b"], known)
    ax = fig.axes[0]
    assert len(ax.get_images()) == 6 and len(ax.patches) == 3
    assert [t.get_text() for t in ax.texts] == ["a", "b"]


def test_glyph_rows_draws_digits_at_their_own_shape_with_a_title():
    digits = np.zeros((2, 784), dtype="float32")
    fig = plotting.glyph_rows([digits], ["z"], ["0", "1"], size=1.0, shape=(28, 28), title="two digits")
    assert fig.axes[0].get_images()[0].get_array().shape == (28, 28)
    assert fig._suptitle.get_text() == "two digits"
