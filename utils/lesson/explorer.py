"""A live explorer of a 2-D latent space: two sliders choose z, a figure shows what it decodes to.

Notebook 1 (the font's latent plane) and notebook 3 (the VAE's latent space) both let a reader
pick a latent point and see the decoder's answer. The notebook supplies `draw(z)`, which makes
the figure; `latent_explorer` wires two ipywidgets sliders to it and redraws when a slider is
released. Widgets need a live frontend and someone watching: in unattended runs (`make run` and
`make test` set `NOTEBOOK_UNATTENDED`), and in kernels no Jupyter server started
(`jupyter nbconvert --execute`, papermill: no `JPY_SESSION_NAME`), the explorer is skipped with
one printed line, and the notebook's static view of one z follows instead.

The figure is put into the Output widget as its `outputs` state, never captured with
`with output:` (as `interactive` does). Captured output makes nbclient, which has no frontend,
imitate the Output widget and send the output back to the kernel on the shell socket while it
waits there for the cell's execute_reply; that synchronous send can use up the socket's
edge-triggered wake-up, the reply is then never read and the headless run hangs for good.
"""

import math
import os
import traceback

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.core.formatters import format_display_data
from IPython.display import display
from matplotlib.figure import Figure

from utils.lesson.progress import attended

AXES = ("z1", "z2")
SKIPPED = "Unattended run: the live explorer is skipped; the static view follows."
NO_FRONTEND = "No Jupyter frontend (JPY_SESSION_NAME unset): the live explorer is skipped; the static view follows."


def live_frontend():
    """True if a Jupyter server (JupyterLab, Notebook 7) started this kernel for an open notebook.

    jupyter_server sets `JPY_SESSION_NAME` (the notebook's path) in the environment of the kernels
    it starts for a session; nbclient, and so `jupyter nbconvert --execute` and papermill, do not.
    """
    return bool(os.environ.get("JPY_SESSION_NAME"))


def _check_range(axis, bounds):
    """(low, high) as floats, or a ValueError naming the axis."""
    try:
        low, high = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"{axis} range must be a pair of numbers (low, high), got {bounds!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"{axis} range must be finite with low < high, got ({low}, {high})")
    return low, high


def latent_explorer(draw, ranges=((-3.0, 3.0), (-3.0, 3.0)), step=None, start=None):
    """Show sliders for z1 and z2 above the figure `draw(z)` returns; return the widget, or None when skipped.

    `draw` takes z, a float32 array of shape (2,), and returns a matplotlib Figure; it is drawn
    for `start` (default: the middle of `ranges`) and again whenever a slider is released
    (`continuous_update=False`: one decoding per choice, not one per pixel dragged). `ranges`
    holds (low, high) for z1 and for z2; `step` is the slider resolution (default: a hundredth
    of the narrower range, so any latent scale gets usable sliders). The explorer is
    displayed here, so assign the returned `ipywidgets.VBox` (its children: the z1 and z2
    sliders, then the Output widget) rather than ending the cell with it, which would show it twice.
    A `draw` that fails shows its traceback in the Output widget instead of a figure.
    Arguments are checked even in unattended runs, so `make run` catches a wrong call.
    """
    if not callable(draw):
        raise TypeError(f"draw must be a callable taking z (shape (2,)) and returning a Figure, got {draw!r}")
    try:
        z1_range, z2_range = ranges
    except (TypeError, ValueError):
        raise ValueError(f"ranges must hold two (low, high) pairs, one for z1 and one for z2, got {ranges!r}") from None
    bounds = [_check_range("z1", z1_range), _check_range("z2", z2_range)]
    if step is None:
        step = min(high - low for low, high in bounds) / 100
    try:
        step = float(step)
    except (TypeError, ValueError):
        raise ValueError(f"step must be a positive number, got {step!r}") from None
    if not (math.isfinite(step) and step > 0):
        raise ValueError(f"step must be a positive number, got {step}")
    for axis, (low, high) in zip(AXES, bounds, strict=True):
        if step > high - low:
            raise ValueError(f"step {step} is wider than the {axis} range ({low}, {high})")
    if start is None:
        start = [(low + high) / 2 for low, high in bounds]
    start = np.asarray(start, dtype=float)
    if start.shape != (2,):
        raise ValueError(f"start must be a point (z1, z2), got shape {start.shape}")
    for axis, value, (low, high) in zip(AXES, start, bounds, strict=True):
        if not low <= value <= high:
            raise ValueError(f"start {axis} = {value} lies outside its range ({low}, {high})")

    if not attended():
        print(SKIPPED)
        return None
    if not live_frontend():
        print(NO_FRONTEND)
        return None

    sliders = [
        widgets.FloatSlider(value=value, min=low, max=high, step=step, description=axis, continuous_update=False)
        for axis, value, (low, high) in zip(AXES, start, bounds, strict=True)
    ]
    output = widgets.Output()

    def redraw(change=None):
        """Draw z from the sliders into `output` by setting its state, as a display_data output (or the error)."""
        fig = None
        try:
            fig = draw(np.array([slider.value for slider in sliders], dtype="float32"))
            if not isinstance(fig, Figure):
                raise TypeError(f"draw(z) must return a matplotlib Figure, got {type(fig).__name__}")
            data, metadata = format_display_data(fig)
            shown = {"output_type": "display_data", "data": data, "metadata": metadata}
        except Exception:
            shown = {"output_type": "stream", "name": "stderr", "text": traceback.format_exc()}
        finally:
            if isinstance(fig, Figure):
                plt.close(fig)
        output.outputs = (shown,)

    for slider in sliders:
        slider.observe(redraw, names="value")
    redraw()
    explorer = widgets.VBox([*sliders, output], _dom_classes=("widget-interact",))
    display(explorer)
    return explorer
