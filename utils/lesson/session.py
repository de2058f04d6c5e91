"""One call that puts a notebook (or a benchmark) into its reproducible starting state.

TensorFlow writes a oneDNN notice and an absl warning to stderr when it is first imported,
even with `TF_CPP_MIN_LOG_LEVEL=3`; those lines would break nbval and litter the stored
notebooks. Both environment variables below must therefore be set before TensorFlow is
imported, which is why this module imports Keras only inside `prepare`.

With TensorFlow 2.21 one line survives them: the CUDA stub's "Could not find cuda drivers"
notice, written by C++ code straight to file descriptor 2 (which Jupyter kernels forward into
the notebook) before TensorFlow's own logging is configured. `prepare` therefore points
descriptor 2 at /dev/null for the duration of the import only; Python exceptions raised by
the import are unaffected and still reach the notebook.
"""

import contextlib
import os
import sys

QUIET_TENSORFLOW = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


@contextlib.contextmanager
def _native_stderr_silenced():
    """Send everything written to file descriptor 2 to /dev/null inside the block."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def named_seeds(seed, names):
    """One seed per name, all derived from `seed`: {name: integer from 0 to 2**31 - 1}.

    A notebook names the random choices it makes (a model's initial weights, a noise layer's
    draws, a set of noisy copies) and takes their seeds from here, in one place, instead of
    offsetting its `SEED` by hand. NumPy's `SeedSequence` spreads them apart: seeds that differ by
    one give unrelated streams. A name's seed depends on `seed` and its position in `names`.
    """
    import numpy as np

    names = list(names)
    if len(set(names)) != len(names):
        raise ValueError(f"seed names must be distinct, got {names}")
    states = np.random.SeedSequence(seed).generate_state(len(names))
    return {name: int(state >> 1) for name, state in zip(names, states, strict=True)}


def prepare(seed=0):
    """Silence TensorFlow, seed Python/NumPy/TensorFlow, make ops deterministic, set the plot style.

    Returns the `keras` module so a notebook can start with `keras = prepare(seed)`.
    """
    os.environ.update(QUIET_TENSORFLOW)
    with _native_stderr_silenced():
        import keras
        import tensorflow as tf
    from utils.lesson.style import apply_style

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    apply_style()
    return keras
