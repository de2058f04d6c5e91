"""Compiled training of the small character autoencoders on Keras' stateless API.

Per-step framework overhead, not arithmetic, dominates models this small on a 2-core CPU:
a Keras `fit` step of the 35-32-24-16-2-16-24-32-35 network spends almost all its time
outside the maths. `train_autoencoder` therefore compiles many epochs at a time (every
mini-batch, the Adam updates and the per-epoch measurements) into one XLA computation;
`benchmarks/bench_font.py` measures a step both ways. That is what makes it possible to
repeat the reference's own recipe, one weight update per character for 8000 epochs, in
seconds.

The model is an ordinary Keras functional model; only the loop around it is written out, in
Keras 3's stateless style: `model.stateless_call` and Adam's update (`adam_step`, the
arithmetic of `keras.optimizers.Adam`) take the variables' values as inputs and return the
new ones, so the compiled function holds no state. One compiled function per architecture
(and loss, shuffling, batch size) therefore serves every model of that architecture, every
seed, learning rate, Adam epsilon and epoch count, without compiling again. Shuffling uses
stateless random numbers seeded by (seed, epoch), so a run is reproducible, and the curves
are measured every epoch on the clean characters in inference mode, so they show the weights
at that epoch rather than a running average over noisy training batches.

The epochs run in chunks of at most `CHUNK_EPOCHS`, always the same way whether or not a
progress bar is shown (`utils.lesson.progress`), so a watched run and an unattended one give the
same numbers.
"""

import functools
import json
import time
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from utils.lesson.progress import advance, finish, progress_bar

LOSSES = ("binary_crossentropy", "squared_error")
CHUNK_EPOCHS = 100


@dataclass
class TrainingLog:
    """Per-epoch curves of one training run on the clean characters, and its wall time.

    `loss` is the training loss on the clean characters (binary cross-entropy: the mean per
    pixel; squared error: 0.5 * the sum over the pixels, per character); `max_wrong_pixels` the
    wrong pixels of the worst character (threshold 0.5). `seconds` is the wall time of the run,
    which includes tracing and XLA compilation when `compiled` is True (the first run of an
    architecture and configuration) and only the training otherwise.
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


def _squared_error(target, output):
    """0.5 * the sum of squared pixel errors per row, averaged over the rows (the reference's E per character)."""
    return 0.5 * tf.reduce_mean(tf.reduce_sum(tf.square(target - output), axis=-1))


BETA_1, BETA_2 = 0.9, 0.999  # Keras' Adam defaults


def adam_step(weights, adam_state, gradients, learning_rate, epsilon):
    """One step of Keras' Adam (`keras.optimizers.Adam.update_step`) as a pure function of values.

    `adam_state` is (step count, first moments, second moments); returns the new weights and
    the new state. Keras' own `optimizer.stateless_apply` would do this, but the TensorFlow
    backend refuses it ("not supported with the TensorFlow backend"), so the update is written
    out here; tests/test_training.py checks it against `keras.optimizers.Adam` step by step.
    """
    step, first, second = adam_state
    t = tf.cast(step + 1, tf.float32)
    alpha = learning_rate * tf.sqrt(1 - BETA_2**t) / (1 - BETA_1**t)
    first = [m + (g - m) * (1 - BETA_1) for m, g in zip(first, gradients, strict=True)]
    second = [v + (tf.square(g) - v) * (1 - BETA_2) for v, g in zip(second, gradients, strict=True)]
    weights = [w - m * alpha / (tf.sqrt(v) + epsilon) for w, m, v in zip(weights, first, second, strict=True)]
    return weights, (step + 1, first, second)


def initial_adam_state(weights):
    """Adam's state before its first step: step count 0 and both moments at zero."""
    zeros = [tf.zeros_like(w) for w in weights]
    return tf.constant(0), zeros, list(zeros)


class _Trainer:
    """The compiled training of one architecture and configuration, for any model of that architecture.

    `model` only describes the computation: `run` receives the values of the variables (the
    model's weights, its noise layers' seed states, Adam's state) and returns the new ones, and
    never reads or writes the variables of `model` itself. `run` is a `functools.partial`, not a
    closure: TensorFlow counts the traces of all closures of one Python function together and
    would warn about "frequent retracing" once a notebook has compiled five architectures, each
    of which traces once, on purpose.
    """

    def __init__(self, model, batch_size, loss, shuffle, measure_error, chunk):
        self.model, self.chunk = model, chunk
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.measure_error = measure_error
        self.loss_fn = keras.losses.BinaryCrossentropy() if loss == "binary_crossentropy" else _squared_error
        self.run = tf.function(functools.partial(_Trainer._epochs, self), jit_compile=True)

    def _step(self, state, x, target, batch, learning_rate, epsilon):
        """One Adam step on the samples `batch`; returns the new (trainable, non-trainable, Adam) values."""
        trainable, non_trainable, adam = state
        with tf.GradientTape() as tape:
            tape.watch(trainable)
            output, non_trainable = self.model.stateless_call(
                trainable, non_trainable, tf.gather(x, batch), training=True
            )
            value = self.loss_fn(tf.gather(target, batch), output)
        gradients = tape.gradient(value, trainable)
        trainable, adam = adam_step(trainable, adam, gradients, learning_rate, epsilon)
        return trainable, list(non_trainable), adam

    def _epoch(self, state, x, target, clean, seed, epoch, adam):
        """One epoch of steps, then its measurements on the clean characters (inference mode)."""
        n = tf.shape(x)[0]
        if self.shuffle:
            order = tf.argsort(tf.random.stateless_uniform([n], seed=tf.stack([seed, epoch])))
        else:  # the samples in their given order, every epoch
            order = tf.range(n)
        batches = tf.reshape(order, [-1, self.batch_size])
        _, state = tf.while_loop(
            lambda i, state: i < tf.shape(batches)[0],
            lambda i, state: (i + 1, self._step(state, x, target, batches[i], *adam)),
            (tf.constant(0), state),
        )
        trainable, non_trainable, _ = state
        x_hat, _ = self.model.stateless_call(trainable, non_trainable, clean, training=False)
        wrong = tf.reduce_sum(tf.cast((x_hat >= 0.5) != (clean >= 0.5), tf.int32), axis=1)
        if self.measure_error:  # the squared error summed over the training set, for `stop_at_error`
            output, _ = self.model.stateless_call(trainable, non_trainable, x, training=False)
            error = tf.cast(n, tf.float32) * _squared_error(target, output)
        else:
            error = tf.constant(np.inf, tf.float32)
        return state, self.loss_fn(clean, x_hat), tf.reduce_max(wrong), error

    def _epochs(self, state, x, target, clean, seed, adam, first, stop, stop_wrong, stop_error):
        """Epochs `first`, `first` + 1, ... before `stop`, ending after the first that meets a stop rule.

        `adam` is (learning rate, epsilon). Returns the new state, the number of epochs run,
        their losses, their worst characters' wrong pixels and whether a stop rule was met.
        """
        # a size known when compiling: one that depended on `first` or `stop` would make XLA
        # compile the function again for every chunk
        losses = tf.TensorArray(tf.float32, size=self.chunk)
        worst = tf.TensorArray(tf.int32, size=self.chunk)

        def met(wrong, error):
            return ((stop_wrong >= 0) & (wrong >= 0) & (wrong <= stop_wrong)) | (error <= stop_error)

        def body(epoch, state, wrong, error, losses, worst):
            state, loss, wrong, error = self._epoch(state, x, target, clean, seed, epoch, adam)
            return epoch + 1, state, wrong, error, losses.write(epoch - first, loss), worst.write(epoch - first, wrong)

        start = (first, state, tf.constant(-1), tf.constant(np.inf, tf.float32), losses, worst)
        epoch, state, wrong, error, losses, worst = tf.while_loop(
            lambda epoch, state, wrong, error, *_: (epoch < stop) & ~met(wrong, error), body, start
        )
        return state, epoch - first, losses.stack(), worst.stack(), met(wrong, error)


# Trainers by (architecture, batch size, loss, shuffling, whether the training-set error is
# measured for a stop rule, epochs per chunk). Tracing and XLA-compiling costs far more than most of these
# trainings (benchmarks/bench_font.py times both); a cached trainer compiles nothing for other
# models of the same architecture, seeds, learning rates or epoch counts.
_TRAINERS = {}


def clear_compiled_loops():
    """Forget every compiled trainer, so the next training compiles again (benchmarks time this)."""
    _TRAINERS.clear()


def _architecture(config):
    """A model's config without its initializers and seeds: what the compiled trainer depends on.

    Initializers only decide a model's first weights, and a noise layer's seed only its generator's
    first state; the trainer takes both as inputs (values of the model's variables), so models
    that differ only in them share a trainer.
    """
    if isinstance(config, dict):
        kept = {key: value for key, value in config.items() if not key.endswith("_initializer") and key != "seed"}
        return {key: _architecture(value) for key, value in kept.items()}
    if isinstance(config, list):
        return [_architecture(value) for value in config]
    return config


def _trainer(model, batch_size, loss, shuffle, measure_error):
    """(trainer, new): the cached trainer of this configuration, built around `model` on first use."""
    architecture = json.dumps(_architecture(model.get_config()), sort_keys=True, default=repr)
    key = (architecture, batch_size, loss, shuffle, measure_error, CHUNK_EPOCHS)
    new = key not in _TRAINERS
    if new:
        _TRAINERS[key] = _Trainer(model, batch_size, loss, shuffle, measure_error, CHUNK_EPOCHS)
    return _TRAINERS[key], new


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
    progress=None,
    label="training",
):
    """Train `model` to map `x` to `target` (default: `x`) with Adam (`epsilon`) and `loss`.

    `loss` is "binary_crossentropy" (mean per pixel) or "squared_error" (0.5 * the sum over the
    pixels, per sample, as the reference presentation trained). Every epoch visits the samples
    once in batches of `batch_size`: in a fresh random order, or with `shuffle=False` in the
    given order. The curves are measured on `clean` (default: `target`). Training ends early
    after the first epoch at which no clean character has more than `stop_at_wrong_pixels`
    wrong pixels, or at which the squared error summed over the training set (inference mode)
    is at most `stop_at_error`. Noise layers are called with training=True while training.

    `model`'s variables (weights and noise-layer seed states) are read once, trained as values,
    and assigned back at the end; Adam starts afresh. `progress` shows a bar named `label` with
    the epoch, the loss and the worst character's wrong pixels (None: when a person watches, see
    `utils.lesson.progress`); it ends at the epoch where training ended.
    """
    x = np.asarray(x, dtype="float32")
    target = x if target is None else np.asarray(target, dtype="float32")
    clean = target if clean is None else np.asarray(clean, dtype="float32")
    _check(x, target, clean, epochs, batch_size, learning_rate, seed, loss, stop_at_wrong_pixels)

    trainer, compiled = _trainer(model, batch_size, loss, bool(shuffle), stop_at_error is not None)
    trainable = [tf.convert_to_tensor(v) for v in model.trainable_variables]
    state = (trainable, [tf.convert_to_tensor(v) for v in model.non_trainable_variables], initial_adam_state(trainable))
    adam = (tf.constant(learning_rate, tf.float32), tf.constant(epsilon, tf.float32))
    data = [tf.constant(a) for a in (x, target, clean)] + [tf.constant(int(seed)), adam]
    stops = (
        tf.constant(-1 if stop_at_wrong_pixels is None else int(stop_at_wrong_pixels)),
        tf.constant(-np.inf if stop_at_error is None else float(stop_at_error), tf.float32),
    )
    bar = progress_bar(epochs, label, progress)
    losses, worst = [], []
    start = time.perf_counter()
    for first in range(0, epochs, trainer.chunk):
        stop = tf.constant(min(first + trainer.chunk, epochs))
        state, done, chunk_losses, chunk_worst, met = trainer.run(state, *data, tf.constant(first), stop, *stops)
        losses.append(chunk_losses.numpy()[: int(done)])
        worst.append(chunk_worst.numpy()[: int(done)])
        advance(bar, first + int(done), {"loss": losses[-1][-1], "worst wrong pixels": worst[-1][-1]})
        if bool(met):
            break
    seconds = time.perf_counter() - start
    finish(bar, sum(map(len, losses)))
    trainable, non_trainable, _ = state
    for variable, value in zip(
        model.trainable_variables + model.non_trainable_variables, trainable + non_trainable, strict=True
    ):
        variable.assign(value)
    return TrainingLog(np.concatenate(losses), np.concatenate(worst), seconds, compiled)
