"""A live explorer of a 2-D latent space: two sliders choose z, a figure shows what it decodes to.

Notebook 1 (the font's latent plane) and notebook 3 (the VAE's latent space) both let a reader
pick a latent point and see the decoder's answer. The notebook supplies `draw(z)`, which makes
the figure; `latent_explorer` wires two ipywidgets sliders to it and redraws when a slider is
released. Widgets need a live kernel and someone watching: in unattended runs (`make run`,
`make test`, `make robust` set `NOTEBOOK_UNATTENDED`) the explorer is skipped with one printed
line, because headless runs of a widget cell hung now and then, and the notebook's static view
of one z follows instead.
"""

import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.figure import Figure

from utils.progress import attended

AXES = ("z1", "z2")
SKIPPED = "Unattended run: the live explorer is skipped; the static view follows."


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
    """Show sliders for z1 and z2 above the figure `draw(z)` returns; return the widget, or None unattended.

    `draw` takes z, a float32 array of shape (2,), and returns a matplotlib Figure; it is drawn
    for `start` (default: the middle of `ranges`) and again whenever a slider is released
    (`continuous_update=False`: one decoding per choice, not one per pixel dragged). `ranges`
    holds (low, high) for z1 and for z2; `step` is the slider resolution (default: a hundredth
    of the narrower range, so any latent scale gets usable sliders). The explorer is
    displayed here, so assign the returned `ipywidgets.interactive` (its children: the z1 and
    z2 sliders, then the output) rather than ending the cell with it, which would show it twice.
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

    def show(z1, z2):
        fig = draw(np.array([z1, z2], dtype="float32"))
        if not isinstance(fig, Figure):
            raise TypeError(f"draw(z) must return a matplotlib Figure, got {type(fig).__name__}")
        display(fig)
        plt.close(fig)

    sliders = {
        axis: widgets.FloatSlider(value=value, min=low, max=high, step=step, description=axis, continuous_update=False)
        for axis, value, (low, high) in zip(AXES, start, bounds, strict=True)
    }
    explorer = widgets.interactive(show, **sliders)
    display(explorer)
    return explorer
