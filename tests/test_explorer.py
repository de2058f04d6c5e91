"""The latent explorer without a browser: its sliders, its redraws, the unattended path, bad calls."""

import matplotlib

matplotlib.use("Agg")
import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils.lesson import explorer  # noqa: E402
from utils.lesson.progress import UNATTENDED  # noqa: E402


class Recorder:
    """A `draw` that remembers each z it was given and returns a new one-axis figure."""

    def __init__(self):
        self.calls = []

    def __call__(self, z):
        self.calls.append(z)
        fig, ax = plt.subplots()
        ax.set_title(f"{z[0]:.1f}, {z[1]:.1f}")
        return fig


@pytest.fixture
def shown(monkeypatch):
    """Attended session in a kernel JupyterLab started; collects what the explorer displays instead of sending it."""
    monkeypatch.delenv(UNATTENDED, raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "/notebooks/03_variational_autoencoder.ipynb")
    displayed = []
    monkeypatch.setattr(explorer, "display", displayed.append)
    return displayed


def test_builds_two_sliders_over_the_ranges_and_draws_the_start(shown):
    draw = Recorder()
    widget = explorer.latent_explorer(draw, ranges=((-2, 4), (0, 1)), step=0.05)
    z1, z2, out = widget.children
    assert isinstance(widget, widgets.VBox) and isinstance(out, widgets.Output)
    assert "widget-interact" in widget._dom_classes  # the browser test finds the explorer by this class
    assert (z1.description, z1.min, z1.max, z1.step, z1.value) == ("z1", -2.0, 4.0, 0.05, 1.0)
    assert (z2.description, z2.min, z2.max, z2.value) == ("z2", 0.0, 1.0, 0.5)
    assert not z1.continuous_update and not z2.continuous_update
    assert len(draw.calls) == 1 and draw.calls[0].dtype == np.float32
    np.testing.assert_array_equal(draw.calls[0], [1.0, 0.5])
    assert shown == [widget] and out.msg_id == ""  # nothing displayed but the explorer; no output captured
    ((figure,),) = [out.outputs]  # the start's figure is the Output widget's state
    assert figure["output_type"] == "display_data" and figure["data"]["text/plain"].startswith("<Figure")


def test_the_default_step_is_a_hundredth_of_the_narrower_range(shown):
    widget = explorer.latent_explorer(Recorder(), ranges=((-40, 60), (-5, 5)))
    assert [slider.step for slider in widget.children[:2]] == [0.1, 0.1]


def test_moving_a_slider_redraws_at_the_new_point_and_closes_the_old_figure(shown):
    draw = Recorder()
    widget = explorer.latent_explorer(draw, start=(0.5, -1.0))
    widget.children[0].value = 2.0
    np.testing.assert_array_equal(draw.calls[-1], np.float32([2.0, -1.0]))
    assert len(draw.calls) == 2 and not plt.get_fignums()
    assert len(widget.children[2].outputs) == 1  # replaced, not appended


def test_unattended_prints_one_line_and_returns_none(monkeypatch, capsys):
    monkeypatch.setenv(UNATTENDED, "1")
    draw = Recorder()
    assert explorer.latent_explorer(draw) is None
    assert capsys.readouterr().out == explorer.SKIPPED + "\n" and not draw.calls


def test_a_kernel_no_jupyter_server_started_prints_one_line_and_returns_none(monkeypatch, capsys):
    monkeypatch.delenv(UNATTENDED, raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)  # as under jupyter nbconvert --execute or papermill
    draw = Recorder()
    assert explorer.latent_explorer(draw) is None
    assert capsys.readouterr().out == explorer.NO_FRONTEND + "\n" and not draw.calls


def test_a_draw_that_returns_no_figure_is_reported_in_the_output(shown):
    ((error,),) = [explorer.latent_explorer(lambda z: None).children[2].outputs]
    assert error["name"] == "stderr" and "must return a matplotlib Figure, got NoneType" in error["text"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(draw="not callable"), "draw must be a callable"),
        (dict(ranges=(-3, 3)), r"z1 range must be a pair of numbers \(low, high\), got -3"),
        (dict(ranges=((-3, 3),)), "ranges must hold two"),
        (dict(ranges=((3, -3), (-3, 3))), r"z1 range must be finite with low < high"),
        (dict(ranges=((-3, 3), (0, float("nan")))), r"z2 range must be finite"),
        (dict(ranges=((-3, 3), ("a", 1))), r"z2 range must be a pair of numbers"),
        (dict(step=0), "step must be a positive number"),
        (dict(step="fine"), "step must be a positive number"),
        (dict(step=10), "wider than the z1 range"),
        (dict(start=(0, 5)), r"start z2 = 5.0 lies outside its range \(-3.0, 3.0\)"),
        (dict(start=(0, 0, 0)), r"start must be a point \(z1, z2\)"),
    ],
)
def test_bad_arguments_are_clear_errors_even_unattended(monkeypatch, kwargs, message):
    monkeypatch.setenv(UNATTENDED, "1")
    kwargs = {"draw": Recorder(), **kwargs}
    with pytest.raises((TypeError, ValueError), match=message):
        explorer.latent_explorer(**kwargs)
