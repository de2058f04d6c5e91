"""Progress bars for trainings that a person watches, and silence for unattended runs.

A training that runs for minutes should show that it is alive: the epoch reached and the
current loss. The stored notebooks, nbval and benchmarks must hold no progress bar, so the
`make` targets set `NOTEBOOK_UNATTENDED` and every bar then stays off.
"""

import os

UNATTENDED = "NOTEBOOK_UNATTENDED"


def attended():
    """True unless the environment says nobody is watching (`NOTEBOOK_UNATTENDED` set and non-empty)."""
    return not os.environ.get(UNATTENDED)


def progress_bar(epochs, metrics, show=None):
    """A `keras.utils.Progbar` counting `epochs` and showing the current `metrics`, or None.

    `show` None means "when attended"; True or False forces it. Update the bar with
    `bar.update(epoch, [(name, value), ...])`; the bar shows each metric's latest value.
    """
    if show is None:
        show = attended()
    import keras  # here, not at the top: importing this module must not import TensorFlow (see utils.session)

    return keras.utils.Progbar(epochs, stateful_metrics=list(metrics), unit_name="epoch") if show else None
