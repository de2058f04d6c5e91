"""Whole-run compiled training of the small character autoencoders.

Per-step framework overhead, not arithmetic, dominates models this small on a 2-core CPU:
a Keras `fit` step of the 35-32-24-16-2 network spends almost all its time outside the
maths. `train_autoencoder` therefore compiles the entire training run (every epoch, every
mini-batch, the Adam updates and the per-epoch measurements) into one XLA computation;
`benchmarks/bench_font.py` measures a step both ways. That is what makes it possible to
repeat the reference's own recipe, one weight update per character for 8000 epochs, in
seconds.

The model is still an ordinary Keras functional model trained with a Keras optimizer; only
the loop around it is written out. Compiling a loop costs more than most of these trainings,
so compiled loops are cached per architecture and reused for other seeds, learning rates
and data of the same shape. Shuffling uses stateless random numbers seeded by
(seed, epoch), so a run is reproducible, and the curves are measured every epoch on the
clean characters in inference mode, so they show the weights at that epoch rather than a
running average over noisy training batches.
"""

import logging
import random
import time
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf


class _ExpectedRetracing(logging.Filter):
    """Drop TensorFlow's "triggered tf.function retracing" warning about this module's loops only.

    Each new architecture or configuration compiles a loop of its own, on purpose (see
    `_build_loop`); after five of them TensorFlow would warn about "excessive" retracing, a
    warning meant for functions that retrace by accident. The same warning about any other
    function still gets through.
    """

    def filter(self, record):
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message and "_build_loop.<locals>.run" in message)


tf.get_logger().addFilter(_ExpectedRetracing())


@dataclass
class TrainingLog:
    """Per-epoch curves of one training run on the clean characters, and its wall time.

    `loss` is the training loss on the clean characters (binary cross-entropy: the mean per
    pixel; squared error: 0.5 * the sum over the pixels, per character); `max_wrong_pixels` the
    wrong pixels of the worst character (threshold 0.5); `zero_epoch` the first epoch (1-based)
    where every pixel of every character was right, or None if that never happened. `seconds` is
    the wall time of the run, which includes tracing and XLA compilation when `compiled` is
    True (the first run of a configuration) and only the training otherwise.
    """

    loss: np.ndarray
    max_wrong_pixels: np.ndarray
    seconds: float
    compiled: bool

    @property
    def epochs(self):
        """1, 2, ... for each epoch run."""
        return np.arange(1, len(self.loss) + 1)

    def first_epoch_within(self, wrong_pixels):
        """First epoch (1-based) whose worst character had at most `wrong_pixels` wrong, or None."""
        hits = np.flatnonzero(self.max_wrong_pixels <= wrong_pixels)
        return int(hits[0]) + 1 if len(hits) else None

    @property
    def zero_epoch(self):
        """First epoch with every pixel right, or None."""
        return self.first_epoch_within(0)

    @property
    def final_max_wrong_pixels(self):
        """Wrong pixels of the worst character after the last epoch."""
        return int(self.max_wrong_pixels[-1])


def _is_int(value):
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


LOSSES = ("binary_crossentropy", "squared_error")


def _check(x, target, clean, epochs, batch_size, learning_rate, seed, loss, stop_at_wrong_pixels):
    """Validate the arguments of `train_autoencoder` with messages that say how to fix them."""
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    if stop_at_wrong_pixels is not None and (not _is_int(stop_at_wrong_pixels) or stop_at_wrong_pixels < 0):
        raise ValueError(f"stop_at_wrong_pixels must be None or an integer >= 0, got {stop_at_wrong_pixels!r}")
    if x.ndim != 2 or target.shape != x.shape:
        raise ValueError(f"inputs and targets must be 2-D and of the same shape, got {x.shape} and {target.shape}")
    if clean.ndim != 2 or clean.shape[1] != x.shape[1]:
        raise ValueError(f"clean characters must have {x.shape[1]} pixels per row, got shape {clean.shape}")
    if not _is_int(epochs) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    if not _is_int(seed) or not 0 <= seed < 2**31:
        raise ValueError(f"seed must be an integer from 0 to 2**31 - 1, got {seed!r}")
    if not _is_int(batch_size) or batch_size < 1 or len(x) % batch_size:
        raise ValueError(
            f"batch_size must be a positive divisor of the {len(x)} training samples "
            f"(every batch has the same shape in the compiled loop), got {batch_size!r}"
        )
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")


@dataclass
class _CompiledLoop:
    """A compiled training run bound to a private copy of one architecture, and its optimizer."""

    model: keras.Model
    optimizer: keras.optimizers.Optimizer
    run: tf.types.experimental.PolymorphicFunction


# Compiled loops by (architecture, data shapes, epochs, batch size, loss, shuffling, Adam's epsilon,
# whether the training-set error is measured for a stop rule). Tracing and
# XLA-compiling a loop costs far more than most of these trainings (benchmarks/bench_font.py
# times both); with the cache, retraining the same architecture (other seeds, learning rates
# or noisy data) compiles nothing.
_LOOPS = {}


def clear_compiled_loops():
    """Forget every cached loop, so the next training compiles again (benchmarks time this)."""
    _LOOPS.clear()


def _compiled_loop(model, shapes, epochs, batch_size, loss, shuffle, epsilon, measure_error):
    """(loop, new): the cached loop for this configuration, built around a clone of `model` on first use."""
    key = (model.to_json(), shapes, epochs, batch_size, loss, shuffle, epsilon, measure_error)
    new = key not in _LOOPS
    if new:
        # Cloning draws initializer seeds from Python's `random`; keep the caller's random
        # state as it was, so what is built next does not depend on whether this was cached.
        state = random.getstate()
        clone = keras.models.clone_model(model)
        random.setstate(state)
        _LOOPS[key] = _build_loop(clone, epochs, batch_size, loss, shuffle, epsilon, measure_error)
    return _LOOPS[key], new


def _squared_error(target, output):
    """0.5 * the sum of squared pixel errors per row, averaged over the rows (the reference's E per character)."""
    return 0.5 * tf.reduce_mean(tf.reduce_sum(tf.square(target - output), axis=-1))


def _build_loop(model, epochs, batch_size, loss, shuffle, epsilon, measure_error):
    """Write out the whole training run of `model` as one XLA-compiled function.

    With `measure_error`, every epoch also runs the whole training set in inference mode for the
    `stop_at_error` rule; without it that pass is left out of the loop (the error reads as +inf).
    """
    optimizer = keras.optimizers.Adam(epsilon=epsilon)
    optimizer.build(model.trainable_variables)
    loss_fn = keras.losses.BinaryCrossentropy() if loss == "binary_crossentropy" else _squared_error

    def train_step(x, target, batch):
        with tf.GradientTape() as tape:
            value = loss_fn(tf.gather(target, batch), model(tf.gather(x, batch), training=True))
        optimizer.apply(tape.gradient(value, model.trainable_variables), model.trainable_variables)

    def run_epoch(x, target, clean, seed, epoch):
        n = tf.shape(x)[0]
        if shuffle:
            order = tf.argsort(tf.random.stateless_uniform([n], seed=tf.stack([seed, epoch])))
        else:  # the samples in their given order, every epoch
            order = tf.range(n)
        batches = tf.reshape(order, [-1, batch_size])

        def body(i):
            train_step(x, target, batches[i])
            return (i + 1,)

        tf.while_loop(lambda i: i < tf.shape(batches)[0], body, (tf.constant(0),))
        x_hat = model(clean, training=False)
        wrong = tf.reduce_sum(tf.cast((x_hat >= 0.5) != (clean >= 0.5), tf.int32), axis=1)
        if measure_error:
            training_error = tf.cast(n, tf.float32) * _squared_error(target, model(x, training=False))
        else:
            training_error = tf.constant(np.inf, tf.float32)
        return loss_fn(clean, x_hat), tf.reduce_max(wrong), training_error

    @tf.function(jit_compile=True)
    def run(x, target, clean, seed, stop_wrong, stop_error):
        losses = tf.TensorArray(tf.float32, size=epochs)
        worst = tf.TensorArray(tf.int32, size=epochs)

        def cond(epoch, last_worst, last_error, losses, worst):
            stopped = ((stop_wrong >= 0) & (last_worst >= 0) & (last_worst <= stop_wrong)) | (last_error <= stop_error)
            return (epoch < epochs) & ~stopped

        def body(epoch, last_worst, last_error, losses, worst):
            loss, wrong, error = run_epoch(x, target, clean, seed, epoch)
            return epoch + 1, wrong, error, losses.write(epoch, loss), worst.write(epoch, wrong)

        start = (tf.constant(0), tf.constant(-1), tf.constant(np.inf, tf.float32), losses, worst)
        done, _, _, losses, worst = tf.while_loop(cond, body, start)
        return done, losses.stack(), worst.stack()

    return _CompiledLoop(model, optimizer, run)


def _copy_state(source, destination):
    """Copy every variable (weights and noise-layer seed states) between two same-architecture models."""
    for src, dst in zip(source.variables, destination.variables, strict=True):
        dst.assign(src)


def train_autoencoder(
    model,
    x,
    *,
    epochs,
    batch_size,
    learning_rate,
    target=None,
    clean=None,
    seed=0,
    loss="binary_crossentropy",
    shuffle=True,
    epsilon=1e-7,
    stop_at_wrong_pixels=None,
    stop_at_error=None,
):
    """Train `model` to map `x` to `target` (default: `x`) with Adam (`epsilon`) and `loss`.

    `loss` is "binary_crossentropy" (mean per pixel) or "squared_error" (0.5 * the sum over the
    pixels, per sample, as the reference presentation trained). Every epoch visits the samples
    once in batches of `batch_size`: in a fresh random order, or with `shuffle=False` in the
    given order. The curves are measured on `clean` (default: `target`). Training ends early
    after the first epoch at which no clean character has more than `stop_at_wrong_pixels`
    wrong pixels, or at which the squared error summed over the training set (inference mode)
    is at most `stop_at_error`. Noise layers are called with training=True while training.

    The run happens in a cached compiled loop on a private copy of the architecture: `model`'s
    state is copied in, a fresh Adam optimizer state is set up, and the trained state is copied
    back, so the result is the same as training `model` itself, without compiling again.
    """
    x = np.asarray(x, dtype="float32")
    target = x if target is None else np.asarray(target, dtype="float32")
    clean = target if clean is None else np.asarray(clean, dtype="float32")
    _check(x, target, clean, epochs, batch_size, learning_rate, seed, loss, stop_at_wrong_pixels)

    shapes = (x.shape, clean.shape)
    loop, compiled = _compiled_loop(
        model, shapes, epochs, batch_size, loss, bool(shuffle), epsilon, measure_error=stop_at_error is not None
    )
    _copy_state(model, loop.model)
    for variable in loop.optimizer.variables:
        variable.assign(tf.zeros(variable.shape, variable.dtype))
    loop.optimizer.learning_rate = learning_rate

    stop_wrong = tf.constant(-1 if stop_at_wrong_pixels is None else int(stop_at_wrong_pixels))
    stop_error = tf.constant(-np.inf if stop_at_error is None else float(stop_at_error), tf.float32)
    start = time.perf_counter()
    done, losses, worst = loop.run(
        tf.constant(x), tf.constant(target), tf.constant(clean), tf.constant(int(seed)), stop_wrong, stop_error
    )
    seconds = time.perf_counter() - start
    _copy_state(loop.model, model)
    done = int(done)
    return TrainingLog(losses.numpy()[:done], worst.numpy()[:done], seconds, compiled)
