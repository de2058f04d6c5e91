"""Progress bars for trainings that a person watches, and silence for unattended runs.

A training that runs for seconds or minutes should show that it is alive: which run it is, the
epoch reached and the current values. The bars are tqdm's (`tqdm.auto`: a widget in JupyterLab,
text in a terminal), one labelled bar per run. A bar ends where its run ended: a run that stops
early completes its bar at the epoch it stopped, and says so, instead of leaving it unfinished.
Counts show as integers, losses with four significant digits; no time left is estimated, because
the first update of a compiled loop includes its compilation.

The stored notebooks, nbval and benchmarks must hold no progress bar, so the `make` targets that
keep outputs set `NOTEBOOK_UNATTENDED`, and every bar then stays off. A kernel that no Jupyter
server started (`jupyter nbconvert --execute` or papermill typed by hand, with no variable set) has
nobody watching its widgets either: there the bars are off too, instead of widget views stored in
the executed notebook. A Jupyter server sets `JPY_SESSION_NAME` for its kernels; a script in a
terminal gets text bars.
"""

import numbers
import os
import sys

UNATTENDED = "NOTEBOOK_UNATTENDED"
BAR_FORMAT = "{desc}{bar} {n_fmt}/{total_fmt} epochs{postfix}"


def attended():
    """True unless the environment says nobody is watching.

    Nobody watches when `NOTEBOOK_UNATTENDED` is set and non-empty, or in a Jupyter kernel that no
    Jupyter server started (no `JPY_SESSION_NAME`: nbconvert or papermill from a command line).
    """
    if os.environ.get(UNATTENDED):
        return False
    return bool(os.environ.get("JPY_SESSION_NAME")) or not _in_kernel()


def _in_kernel():
    """True inside a Jupyter (IPython) kernel, whatever started it."""
    shell = sys.modules.get("IPython")
    ip = shell.get_ipython() if shell else None
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def progress_bar(epochs, label, show=None):
    """A bar labelled `label` counting `epochs`, or None when nobody watches.

    `show` None means "when attended"; True or False forces it. Move it with `advance` and end it
    with `finish`.
    """
    if show is None:
        show = attended()
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=epochs, desc=label, bar_format=BAR_FORMAT, leave=True)


def _shown(value):
    """A value as the bar shows it: integers (counts) as integers, other numbers to four significant digits."""
    return int(value) if isinstance(value, numbers.Integral) else f"{float(value):.4g}"


def advance(bar, epoch, values):
    """Move `bar` (or nothing, if None) to `epoch` and show the latest `values`, a dict of name -> number.

    Pass counts as Python or NumPy integers to show them as integers.
    """
    if bar is None:
        return
    bar.set_postfix({name: _shown(value) for name, value in values.items()}, refresh=False)
    bar.update(epoch - bar.n)


def finish(bar, epoch):
    """End `bar` (or nothing, if None) at `epoch`, the last epoch its run trained.

    A run that stopped before its planned epochs completes its bar at `epoch` and says where it
    stopped, so the bar reads as finished, not as interrupted.
    """
    if bar is None:
        return
    if epoch < bar.total:
        postfix = bar.postfix
        bar.set_description(f"{bar.desc}, stopped at epoch {epoch} of {bar.total}", refresh=False)
        bar.reset(total=epoch)
        bar.set_postfix_str(postfix or "", refresh=False)
        bar.update(epoch)
    bar.close()
