"""Whole training epochs of a Keras model's own `train_step`, each one XLA computation.

`model.fit` with `steps_per_execution` enters Python once per epoch, but still pulls every batch
from a `tf.data` iterator and runs the step inside TensorFlow's executor. For models as small as
notebook 3's VAE that machinery, not arithmetic, sets the epoch time. `EpochLoop` instead keeps
the training images in one tensor and compiles, per epoch, a single XLA computation: the epoch's
permutation (drawn from a stateless seed, so runs repeat), a `while` loop that calls
`model.train_step` on each batch but the last, and a last call whose returned logs (the epoch's
running metrics, as `fit` reports them) are the epoch's result. When the images do not divide
into batches, the last batch is the smaller remainder, so each image is used once per epoch, as
with `fit`. The step is the model's own code, unchanged: edit the model's `train_step` and the
loop runs the edited step. Validation calls `model.test_step` on the held-out images in one
batch. `benchmarks/bench_vae.py` measures the gain.
"""

import numpy as np
import tensorflow as tf

from utils.progress import advance, finish, progress_bar

SHOWN = ("loss", "val_loss")  # what a progress bar shows after each epoch


def _check_images(images, name):
    images = np.asarray(images, dtype="float32")
    if images.ndim != 2 or len(images) == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (images, pixels), got shape {images.shape}")
    return images


class EpochLoop:
    """Train `model` (compiled, with a custom `train_step(batch)`) an epoch per compiled call.

    `train_images` stay on the device as one tensor; `batch_size` must not exceed their number.
    `fit(epochs)` returns a history dict like `model.fit`'s: one list per entry of the logs that
    `train_step` returns, and `val_<entry>` from `test_step` on `validation_images` (one batch)
    after every epoch. Metrics are reset before each epoch and before each validation.
    """

    def __init__(self, model, train_images, batch_size, validation_images=None, seed=0):
        train_images = _check_images(train_images, "train_images")
        if not isinstance(batch_size, int) or not 1 <= batch_size <= len(train_images):
            raise ValueError(f"batch_size must be an integer from 1 to {len(train_images)}, got {batch_size!r}")
        if getattr(model, "optimizer", None) is None:
            raise ValueError("compile the model with an optimizer before training it (model.compile(optimizer=...))")
        self.model, self.batch_size, self.seed = model, batch_size, int(seed)
        self.images = tf.constant(train_images)
        self.validation = (
            None if validation_images is None else tf.constant(_check_images(validation_images, "validation_images"))
        )
        # batches before the last one: all full ones when a remainder is left, else all but one
        self.loop_batches = len(train_images) // batch_size - (len(train_images) % batch_size == 0)
        model.optimizer.build(model.trainable_variables)
        self._epoch = tf.function(self._train_epoch, jit_compile=True)
        self._validate = tf.function(model.test_step, jit_compile=True)
        self.epochs_run = 0

    def permutation(self, epoch):
        """The order in which epoch `epoch` (0-based) visits the training images, drawn from (seed, epoch)."""
        seed = tf.stack([tf.constant(self.seed, tf.int32), tf.cast(epoch, tf.int32)])
        return tf.argsort(tf.random.stateless_uniform([self.images.shape[0]], seed=seed))

    def _train_epoch(self, epoch):
        """One epoch: the seeded permutation, a `while` loop over the batches, the last batch's logs."""
        size = self.batch_size
        order = self.permutation(epoch)

        def step(i):
            # a slice of static size (XLA needs static shapes) of the permutation, then its images
            self.model.train_step(tf.gather(self.images, tf.slice(order, [i * size], [size])))
            return (i + 1,)

        tf.while_loop(lambda i: i < self.loop_batches, step, (tf.constant(0),))
        return self.model.train_step(tf.gather(self.images, order[self.loop_batches * size :]))

    def fit(self, epochs, callback=None, progress=None, label="training"):
        """Train `epochs` more epochs; return {metric: [per-epoch values]} including `val_` metrics.

        `callback(epoch, logs)`, if given, is called after every epoch (for example for timing).
        `progress` shows a bar named `label` with the epoch and the current losses (None: when a
        person watches, see `utils.progress`).
        """
        history = {}
        bar = progress_bar(epochs, label, progress)
        for done in range(1, epochs + 1):
            for metric in self.model.metrics:
                metric.reset_state()
            logs = self._epoch(tf.constant(self.epochs_run, dtype=tf.int32))
            logs = {name: float(value) for name, value in logs.items()}
            if self.validation is not None:
                for metric in self.model.metrics:
                    metric.reset_state()
                validation = self._validate(self.validation)
                logs.update({f"val_{name}": float(value) for name, value in validation.items()})
            self.epochs_run += 1
            for name, value in logs.items():
                history.setdefault(name, []).append(value)
            advance(bar, done, {name: logs[name] for name in SHOWN if name in logs})
            if callback is not None:
                callback(self.epochs_run, logs)
        finish(bar, epochs)
        return history
