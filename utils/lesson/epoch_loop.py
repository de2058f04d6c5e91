"""Whole training epochs of a Keras model's own `train_step`, each one XLA computation, driven like `fit`.

`model.fit` with `steps_per_execution` enters Python once per epoch, but still pulls every batch
from a `tf.data` iterator and runs the step inside TensorFlow's executor. For models as small as
notebook 3's VAE that machinery, not arithmetic, sets the epoch time. `EpochLoop` instead keeps
the training images in one tensor and compiles, per epoch, a single XLA computation: the epoch's
permutation (drawn from a stateless seed, so runs repeat), a `while` loop that calls
`model.train_step` on each batch but the last, and a last call whose returned logs (the epoch's
running metrics, as `fit` reports them) are the epoch's result. When the images do not divide
into batches, the last batch is the smaller remainder, so each image is used once per epoch, as
with `fit`. The step is the model's own code, unchanged and undecorated: edit the model's
`train_step` and the loop compiles the edited step (once, inside the epoch). Validation calls
`model.test_step` on the held-out images in one batch. `benchmarks/bench_vae.py` measures the gain.

It takes what `fit` takes for in-memory arrays without targets. The images are one array of any
shape, (images, pixels) as well as (images, height, width, channels): a batch is a slice along
the first axis, and `train_step` and `test_step` receive it alone, as `fit(x)` passes `x` when
there is no `y`. The values are read as float32. `validation_data` is `x` or, read as `fit` reads
its tuples, `(x,)`, `(x, None)` or `(x, None, None)`. A model whose layers are not built yet
(created in its own `build`, or built on first call) is built before the first epoch compiles:
called once on a symbolic batch of the images' shape, it creates its variables and computes
nothing; then the optimizer's variables are created for the model's trainable variables. A model
already built (every layer in it built, its own `build`, if any, run) is not called, so nothing
draws from its random generators before training; only its optimizer is built. What `EpochLoop` does
not take, it refuses with an error that names `model.fit` for it: targets `y` and sample weights,
for training or validation (the step trains on `x` alone), several inputs (a tuple, list or dict
of arrays) and `tf.data` datasets.

Around the compiled epoch, `fit` is Keras' own: it takes `keras.callbacks.Callback` objects
(`EarlyStopping`, `ReduceLROnPlateau`, `CSVLogger`, `TerminateOnNaN`, ...) through a
`keras.callbacks.CallbackList`, honours `model.stop_training`, and returns a
`keras.callbacks.History`, with `fit`'s argument names.
"""

import keras
import numpy as np
import tensorflow as tf

from utils.lesson.callbacks import ProgressBar
from utils.lesson.progress import attended

SHOWN = ("loss", "val_loss")  # what the progress bar shows after each epoch


def _check_images(images, name):
    """`images` as one float32 array, images along its first axis; a clear error for anything else."""
    if isinstance(images, tuple | list | dict | tf.data.Dataset):
        raise ValueError(
            f"{name} must be one array of images (images first), got a {type(images).__name__}: EpochLoop trains "
            "train_step(images) on x alone; for targets, sample weights, several inputs or a dataset use model.fit"
        )
    images = np.asarray(images, dtype="float32")
    if images.ndim == 0 or len(images) == 0:
        raise ValueError(
            f"{name} must be a non-empty array with the images along its first axis, got shape {images.shape}"
        )
    return images


def _validation_images(validation_data, image_shape):
    """The images of `validation_data`, given as `fit` takes it: x, (x,), (x, y) or (x, y, sample_weight).

    The model trains on x alone, so its `test_step` takes x alone too: a `y` or a sample weight
    other than None would be silently dropped or misread as images, so it is an error instead.
    """
    if isinstance(validation_data, list):
        validation_data = tuple(validation_data)  # as fit reads a list
    if not isinstance(validation_data, tuple):
        validation_data = (validation_data,)
    if not 1 <= len(validation_data) <= 3:
        raise ValueError(
            f"validation_data must be x, (x,), (x, y) or (x, y, sample_weight), as for fit; "
            f"got a sequence of {len(validation_data)}"
        )
    x, *rest = validation_data
    if any(part is not None for part in rest):
        raise ValueError(
            "validation_data holds targets y or sample weights, but the model trains on images alone "
            "(train_step(images)) and test_step gets what train_step gets: pass validation_data=x or (x,). "
            "To train and validate on (x, y) pairs or with sample weights, use model.fit"
        )
    images = _check_images(x, "validation_data")
    if images.shape[1:] != image_shape:
        raise ValueError(
            f"validation_data's images must have the training images' shape {image_shape} "
            f"(test_step is compiled for what train_step gets), got {images.shape[1:]}"
        )
    return images


def _unbuilt(model):
    """Whether `model` still has variables to create: a layer in it not built, or its own `build` not run.

    A subclassed model without a `build` of its own stays `built=False` even when every layer in
    it is built (notebook 3's VAE is one); it has nothing to create, so it is not called.
    """
    layers = model._flatten_layers(include_self=False)  # every nested layer, as fit's own check walks them
    own_build = type(model).build is not keras.Model.build
    return any(not layer.built for layer in layers) or (own_build and not model.built)


def _build(model, image_shape):
    """Create the variables of an unbuilt `model`: call it once on a symbolic batch of `image_shape` images.

    `fit` builds a model the same way (Keras' `Trainer._symbolic_build`) or, on TensorFlow without
    a distribution strategy, while tracing its first step. The compiled epoch cannot do the latter:
    no variable can be created inside its `while` loop, so the model is built before it compiles.
    """
    try:
        model(keras.KerasTensor((None, *image_shape), dtype="float32"))
    except Exception as error:
        raise ValueError(
            f"model {model.name!r} is not built yet, and calling it on a symbolic batch of shape "
            f"{(None, *image_shape)} to build it, as model.fit does, failed: {error}. Build it before EpochLoop, "
            "e.g. by calling it on a batch of the training images"
        ) from error


class EpochLoop:
    """Train `model` (compiled, with a custom `train_step(batch)`) an epoch per compiled call.

    `train_images` (an array, images along its first axis, of any shape after it) stay on the
    device as one tensor; `batch_size` must not exceed their number; `seed` draws each epoch's
    order. An unbuilt model is built here (see the module's docstring). `fit` trains like
    `model.fit` (see there). Metrics are reset before each epoch and before each validation.
    """

    def __init__(self, model, train_images, batch_size, seed=0):
        train_images = _check_images(train_images, "train_images")
        if not isinstance(batch_size, int) or not 1 <= batch_size <= len(train_images):
            raise ValueError(f"batch_size must be an integer from 1 to {len(train_images)}, got {batch_size!r}")
        if getattr(model, "optimizer", None) is None:
            raise ValueError("compile the model with an optimizer before training it (model.compile(optimizer=...))")
        self.model, self.batch_size, self.seed = model, batch_size, int(seed)
        self.images = tf.constant(train_images)
        # batches before the last one: all full ones when a remainder is left, else all but one
        self.loop_batches = len(train_images) // batch_size - (len(train_images) % batch_size == 0)
        if _unbuilt(model):
            _build(model, train_images.shape[1:])
        model.optimizer.build(model.trainable_variables)
        self._epoch = tf.function(self._train_epoch, jit_compile=True)
        self._permutation = tf.function(self._draw_permutation, jit_compile=True)
        self._validate = tf.function(model.test_step, jit_compile=True)
        self.epochs_run = 0

    def permutation(self, epoch):
        """The order in which epoch `epoch` (0-based) visits the training images, drawn from (seed, epoch).

        Drawn by the same XLA computation as inside the compiled epoch: an eager draw from the
        same seed may differ, as XLA picks its own random-number algorithm.
        """
        return self._permutation(tf.constant(epoch, dtype=tf.int32))

    def _draw_permutation(self, epoch):
        seed = tf.stack([tf.constant(self.seed, tf.int32), tf.cast(epoch, tf.int32)])
        return tf.argsort(tf.random.stateless_uniform([self.images.shape[0]], seed=seed))

    def _train_epoch(self, epoch):
        """One epoch: the seeded permutation, a `while` loop over the batches, the last batch's logs."""
        size = self.batch_size
        order = self._draw_permutation(epoch)

        def step(i):
            # a slice of static size (XLA needs static shapes) of the permutation, then its images
            self.model.train_step(tf.gather(self.images, tf.slice(order, [i * size], [size])))
            return (i + 1,)

        tf.while_loop(lambda i: i < self.loop_batches, step, (tf.constant(0),))
        return self.model.train_step(tf.gather(self.images, order[self.loop_batches * size :]))

    def fit(self, epochs, validation_data=None, callbacks=None, verbose="auto", label=None):
        """Train up to `epochs` more epochs, as `model.fit` would; return the `keras.callbacks.History`.

        The history holds one list per entry of the logs that `train_step` returns and, with
        `validation_data` (held-out images of the training images' shape, as x, (x,), (x, None)
        or (x, None, None); scored in one batch by `test_step` after every epoch), one per
        `val_<entry>`. `callbacks` (Keras callbacks) see every epoch's logs, and any of
        them may end training early by setting `model.stop_training`; batch-level hooks are
        called once per epoch with its last logs, as `fit` calls them with `steps_per_execution`
        equal to the epoch's steps. Epochs count on across calls, as with `fit(initial_epoch=...)`.
        `verbose`: 0 silent, 1 a progress bar named `label` (default: the model's name) showing
        the losses, "auto" a bar when a person watches (`utils.lesson.progress`).
        """
        if not isinstance(epochs, int) or epochs < 1:
            raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
        if verbose not in (0, 1, "auto"):
            raise ValueError(f'verbose must be 0, 1 or "auto", got {verbose!r}')
        validation = None
        if validation_data is not None:
            validation = tf.constant(_validation_images(validation_data, tuple(self.images.shape[1:])))
        callbacks = list(callbacks or [])
        verbose = int(attended()) if verbose == "auto" else verbose
        if verbose:
            callbacks.append(ProgressBar(label or self.model.name, SHOWN, show=True))
        steps, first = self.loop_batches + 1, self.epochs_run
        # as in fit(initial_epoch=first, epochs=first + epochs): `epochs` counts up to the last epoch
        callbacks = keras.callbacks.CallbackList(
            callbacks, add_history=True, model=self.model, epochs=first + epochs, steps=steps, verbose=verbose
        )
        self.model.stop_training = False
        callbacks.on_train_begin()
        logs = {}
        for epoch in range(first, first + epochs):
            callbacks.on_epoch_begin(epoch)
            # the whole epoch is one step of execution, as in `fit` with steps_per_execution = steps
            callbacks.on_train_batch_begin(0)
            logs = self._logs(self._epoch, tf.constant(epoch, dtype=tf.int32))
            callbacks.on_train_batch_end(steps - 1, logs)
            logs = dict(logs)  # the epoch's own logs: batch hooks may still be reading the step's
            if validation is not None:
                callbacks.on_test_begin()
                callbacks.on_test_batch_begin(0)
                scores = self._logs(self._validate, validation)
                callbacks.on_test_batch_end(0, scores)
                callbacks.on_test_end(scores)
                logs.update({f"val_{name}": value for name, value in scores.items()})
            self.epochs_run += 1
            callbacks.on_epoch_end(epoch, logs)
            if self.model.stop_training:
                break
        callbacks.on_train_end(logs)
        return self.model.history

    def _logs(self, compiled, argument):
        """`compiled(argument)` (the epoch or `test_step`) from fresh metrics; its logs as Python floats."""
        for metric in self.model.metrics:
            metric.reset_state()
        return {name: float(value) for name, value in compiled(argument).items()}
