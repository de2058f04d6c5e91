"""The whole-epoch XLA loop: it runs the model's own train_step over every image once per epoch,
repeats exactly from its seed, drives Keras' stock callbacks and returns a Keras History, as `fit`
does; it takes images of any shape, models built on first call and `validation_data` in `fit`'s
forms, trains them as `fit` does, and rejects bad input clearly."""

import csv
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.lesson.callbacks import ProgressBar
from utils.lesson.epoch_loop import EpochLoop


def images(n, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.random((n, 784)) > 0.7).astype("float32")


def blocky_images(n, seed=0):
    """`n` images of 8 x 8 x 1 pixels made of 2 x 2 blocks, each on or off: what a tiny conv net learns fast."""
    blocks = np.random.default_rng(seed).random((n, 4, 4, 1)) > 0.5
    return blocks.repeat(2, axis=1).repeat(2, axis=2).astype("float32")


def conv_layers():
    """A tiny convolutional autoencoder's layers, 8 x 8 x 1 -> 4 x 4 x 4 -> 8 x 8 x 1, none built yet."""
    return [
        keras.layers.Conv2D(4, 3, strides=2, padding="same", activation="relu"),
        keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid"),
    ]


def dense_net():
    """A built 784-8-784 dense autoencoder."""
    return keras.Sequential([keras.Input((784,)), keras.layers.Dense(8, "relu"), keras.layers.Dense(784, "sigmoid")])


class TinyAutoencoder(keras.Model):
    """A small model with its own train_step and test_step, as notebook 3's VAE has (the loop compiles them).

    `net` reconstructs the images (a subclass may create it in `build` instead); an image's loss
    sums the cross-entropy over all its pixels, whatever their shape.
    """

    def __init__(self, net=None):
        super().__init__()
        self.net = net
        self.loss_tracker = keras.metrics.Mean(name="loss")

    @property
    def metrics(self):
        return [self.loss_tracker]

    def call(self, images):
        return self.net(images)

    def loss_terms(self, images):
        pixels = keras.ops.binary_crossentropy(images, self(images))
        return keras.ops.sum(pixels, axis=tuple(range(1, pixels.ndim)))

    def train_step(self, images):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self.loss_terms(images))
        self.optimizer.apply(tape.gradient(loss, self.trainable_weights), self.trainable_weights)
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    def test_step(self, images):
        self.loss_tracker.update_state(tf.reduce_mean(self.loss_terms(images)))
        return {"loss": self.loss_tracker.result()}


class LazyAutoencoder(TinyAutoencoder):
    """A TinyAutoencoder whose layers are created in `build`, when it is first called: none exist before."""

    def build(self, input_shape):
        self.net = keras.Sequential(conv_layers())


def compiled_model(seed=0, make=lambda: TinyAutoencoder(dense_net())):
    """The model `make()` returns, its initial weights (and fit's shuffling) drawn from `seed`, compiled with Adam."""
    keras.utils.set_random_seed(seed)
    model = make()
    model.compile(optimizer=keras.optimizers.Adam(1e-2))
    return model


class CountingModel(keras.Model):
    """A model whose train_step only records which rows it was given: the loop's bookkeeping, observed."""

    def __init__(self, rows):
        super().__init__()
        self.seen = keras.Variable(np.zeros(rows, "float32"), trainable=False, name="seen")
        self.batches = keras.metrics.Sum(name="batches")
        self.images = keras.metrics.Sum(name="images")

    @property
    def metrics(self):
        return [self.batches, self.images]

    def train_step(self, batch):
        # each row of the test data holds its own index in column 0
        rows = tf.one_hot(tf.cast(batch[:, 0], tf.int32), self.seen.shape[0])
        self.seen.assign(self.seen + tf.reduce_sum(rows, axis=0))
        self.batches.update_state(1.0)
        self.images.update_state(tf.cast(tf.shape(batch)[0], tf.float32))
        return {"batches": self.batches.result(), "images": self.images.result()}

    def test_step(self, batch):
        self.images.update_state(tf.cast(tf.shape(batch)[0], tf.float32))
        return {"images": self.images.result()}


@pytest.mark.parametrize("rows, batch_size, batches", [(200, 64, 4), (192, 64, 3), (5, 5, 1)])
def test_every_image_once_per_epoch_through_the_models_own_train_step(rows, batch_size, batches):
    model = CountingModel(rows)
    model.compile(optimizer=keras.optimizers.SGD())
    x = np.tile(np.arange(rows, dtype="float32")[:, None], (1, 3))
    history = EpochLoop(model, x, batch_size, seed=3).fit(2, validation_data=x[:3])
    np.testing.assert_array_equal(model.seen.numpy(), np.full(rows, 2.0))  # each image once per epoch
    assert history.history == {"batches": [batches] * 2, "images": [rows] * 2, "val_images": [3, 3]}  # metrics reset


def test_each_epoch_visits_the_images_in_an_order_drawn_from_seed_and_epoch():
    model = compiled_model()

    def order(seed, epoch):
        return EpochLoop(model, images(50), 10, seed=seed).permutation(epoch).numpy()

    assert sorted(order(0, 0)) == list(range(50))
    assert np.array_equal(order(0, 0), order(0, 0))
    assert not np.array_equal(order(0, 0), order(1, 0)) and not np.array_equal(order(0, 0), order(0, 1))


class OrderModel(keras.Model):
    """A model whose train_step writes down the first column of every row it is given, in the order given."""

    def __init__(self, rows):
        super().__init__()
        self.order = keras.Variable(np.full(rows, -1.0, "float32"), trainable=False, name="order")
        self.filled = keras.Variable(0, dtype="int32", trainable=False, name="filled")

    def train_step(self, batch):
        positions = self.filled + tf.range(tf.shape(batch)[0])
        self.order.assign(tf.tensor_scatter_nd_update(self.order, positions[:, None], batch[:, 0]))
        self.filled.assign_add(tf.shape(batch)[0])
        return {}


def test_the_compiled_epoch_visits_the_images_in_the_order_permutation_gives():
    model = OrderModel(23)
    model.compile(optimizer=keras.optimizers.SGD())
    loop = EpochLoop(model, np.tile(np.arange(23, dtype="float32")[:, None], (1, 2)), 5, seed=4)
    loop.fit(1, verbose=0)
    np.testing.assert_array_equal(model.order.numpy(), loop.permutation(0).numpy())


def test_training_repeats_exactly_and_lowers_the_loss():
    x_train, x_val = images(200, seed=1), images(70, seed=2)  # a partial last batch on purpose
    runs = []
    for _ in range(2):
        model = compiled_model()
        history = EpochLoop(model, x_train, 64, seed=0).fit(3, validation_data=x_val).history
        runs.append((history, [w.numpy() for w in model.weights]))
    (history, weights), (history_again, weights_again) = runs
    assert history == history_again
    for w, w_again in zip(weights, weights_again, strict=True):
        np.testing.assert_array_equal(w, w_again)
    assert history["loss"][-1] < history["loss"][0]
    assert set(history) == {"loss", "val_loss"}
    assert model.optimizer.iterations.numpy() == 3 * 4  # 3 epochs of 4 batches (3 full, 1 of 8 images)


def conv_autoencoder():
    """A built convolutional autoencoder for 8 x 8 x 1 images."""
    return TinyAutoencoder(keras.Sequential([keras.Input((8, 8, 1)), *conv_layers()]))


def unbuilt_conv_autoencoder():
    """The same autoencoder, its layers to be built on first call."""
    return TinyAutoencoder(keras.Sequential(conv_layers()))


def trained_both_ways(make, epochs):
    """The histories of `make()` trained on the same images by EpochLoop and by model.fit, from the same seed."""
    x_train, x_val = blocky_images(256, seed=1), blocky_images(64, seed=2)
    model = compiled_model(make=make)
    through_loop = EpochLoop(model, x_train, 32).fit(epochs, validation_data=x_val, verbose=0).history
    model = compiled_model(make=make)
    through_fit = model.fit(x_train, batch_size=32, epochs=epochs, validation_data=x_val, verbose=0).history
    return through_loop, through_fit


@pytest.mark.parametrize(
    "make, built",
    [(conv_autoencoder, True), (unbuilt_conv_autoencoder, False), (LazyAutoencoder, False)],
    ids=["built", "layers built on first call", "layers created in build"],
)
def test_a_conv_autoencoder_on_image_arrays_trains_as_through_fit(make, built):
    assert bool(compiled_model(make=make).trainable_variables) == built  # the unbuilt ones have no variables yet
    through_loop, through_fit = trained_both_ways(make, epochs=4)
    assert set(through_loop) == set(through_fit) == {"loss", "val_loss"}
    # Only the order of the batches differs (measured: the epochs' losses within 0.2 %); 2 % is far from
    # an untrained model's, since the loss falls by more than a quarter in these 4 epochs.
    assert through_fit["loss"][-1] < 0.75 * through_fit["loss"][0]
    for key in through_fit:
        np.testing.assert_allclose(through_loop[key], through_fit[key], rtol=0.02)


def test_a_built_model_is_not_called_before_training_and_an_unbuilt_one_only_symbolically():
    inputs = []

    class Recording(TinyAutoencoder):
        def call(self, images):
            inputs.append(images)
            return super().call(images)

    EpochLoop(compiled_model(make=lambda: Recording(dense_net())), images(8), 4)
    assert inputs == []  # nothing computed, so no random draw moves (notebook 3's VAE samples in its call)
    model = compiled_model(make=lambda: Recording(keras.Sequential(conv_layers())))
    EpochLoop(model, blocky_images(8), 4)
    assert inputs and all(tf.is_symbolic_tensor(x) or isinstance(x, keras.KerasTensor) for x in inputs)
    assert model.optimizer.built and model.trainable_variables  # built, then the optimizer for its variables


def test_validation_data_as_x_or_in_fits_forms_without_y_gives_the_same_history():
    x_train, x_val = images(96, seed=1), images(20, seed=2)
    histories = []
    for validation_data in (x_val, (x_val,), (x_val, None, None)):
        loop = EpochLoop(compiled_model(), x_train, 32)
        histories.append(loop.fit(2, validation_data=validation_data, verbose=0).history)
    assert all(history == histories[0] for history in histories)
    # what was scored is x_val: test_step on it alone gives the last val_loss again
    assert loop._logs(loop._validate, tf.constant(x_val))["loss"] == histories[0]["val_loss"][-1]


def test_targets_or_sample_weights_in_validation_data_are_a_clear_error():
    model = compiled_model()
    loop = EpochLoop(model, images(8), 4)
    x = images(4, seed=1)
    for validation_data in ((x, x), [x, x], (x, None, np.ones(4)), (x, x, np.ones(4))):
        with pytest.raises(ValueError, match=r"holds targets y .* pass validation_data=x or \(x,\).* use model\.fit"):
            loop.fit(1, validation_data=validation_data, verbose=0)
    with pytest.raises(
        ValueError, match=r"x, \(x,\), \(x, y\) or \(x, y, sample_weight\), as for fit; got a sequence of 4"
    ):
        loop.fit(1, validation_data=(x, None, None, None), verbose=0)
    with pytest.raises(ValueError, match=r"training images' shape \(784,\) .* got \(28, 28\)"):
        loop.fit(1, validation_data=x.reshape(4, 28, 28), verbose=0)
    with pytest.raises(ValueError, match="validation_data must be one array of images .* got a dict"):
        loop.fit(1, validation_data={"images": x}, verbose=0)
    assert loop.epochs_run == 0 and model.optimizer.iterations.numpy() == 0  # refused before training


class ScriptedModel(keras.Model):
    """One batch per epoch; epoch e logs `losses[e]` as its loss and leaves its weight `w` at e + 1.

    The losses are scripted, so what a callback does with them is known in advance, and `w`
    shows which epoch's weights the model holds. The loop compiles its `train_step`, which also
    reports the learning rate it reads from the optimizer.
    """

    def __init__(self, losses):
        super().__init__()
        self.losses_script = tf.constant(losses, tf.float32)
        self.w = keras.Variable(0.0, trainable=False, name="w")

    def train_step(self, images):
        self.w.assign_add(1.0)
        loss = tf.gather(self.losses_script, tf.cast(self.w, tf.int32) - 1)
        return {"loss": loss, "learning_rate_used": tf.identity(self.optimizer.learning_rate)}

    def test_step(self, images):
        return {"loss": tf.gather(self.losses_script, tf.cast(self.w, tf.int32) - 1)}


def scripted(losses, learning_rate=0.1):
    model = ScriptedModel(losses)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate))
    return model, EpochLoop(model, images(4), batch_size=4)


def test_fit_returns_a_keras_history_and_epochs_count_on():
    model, loop = scripted([3.0, 2.0, 1.0])
    first = loop.fit(2, verbose=0)
    assert isinstance(first, keras.callbacks.History) and first is model.history
    assert first.epoch == [0, 1] and first.history["loss"] == [3.0, 2.0]
    second = loop.fit(1, verbose=0)
    assert second.epoch == [2] and second.history["loss"] == [1.0]


def test_early_stopping_stops_and_restores_the_best_weights():
    model, loop = scripted([5.0, 4.0, 3.0, 3.5, 3.6, 1.0, 1.0])
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2, restore_best_weights=True)
    history = loop.fit(7, callbacks=[stop], verbose=0)
    assert history.epoch == [0, 1, 2, 3, 4]  # two epochs without improvement after the best (epoch 2)
    assert stop.stopped_epoch == 4 and model.w.numpy() == 3.0  # the weights after epoch 2
    assert len(loop.fit(2, verbose=0).epoch) == 2  # the next fit starts afresh (stop_training reset)


def test_early_stopping_on_validation_loss_of_a_real_model():
    model = compiled_model()
    loop = EpochLoop(model, images(64, seed=1), 32, seed=0)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)
    history = loop.fit(60, validation_data=images(16, seed=2), callbacks=[stop], verbose=0)
    best = int(np.argmin(history.history["val_loss"]))
    assert len(history.epoch) < 60 and len(history.epoch) == best + 2
    restored = loop._logs(loop._validate, tf.constant(images(16, seed=2)))["loss"]
    assert math.isclose(restored, history.history["val_loss"][best], rel_tol=1e-5)


def test_notebook_3s_pair_halves_the_rate_twice_then_stops_and_restores_the_best_epoch():
    model, loop = scripted([5.0, 4.0, 3.0] + [3.5] * 30)
    halve = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=8, min_delta=0)
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=20, restore_best_weights=True)
    history = loop.fit(33, callbacks=[halve, stop], verbose=0)
    # best at epoch 2; halved after 8 and 16 epochs without improvement; stopped after 20, weights of epoch 2
    assert history.epoch == list(range(23)) and stop.best_epoch == 2 and model.w.numpy() == 3.0
    expected = [0.1] * 11 + [0.05] * 8 + [0.025] * 4
    np.testing.assert_allclose(history.history["learning_rate_used"], expected, rtol=1e-6)


def test_reduce_lr_on_plateau_changes_the_rate_the_compiled_step_uses():
    model, loop = scripted([5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0])
    reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, min_delta=0)
    history = loop.fit(7, callbacks=[reduce], verbose=0).history
    # no improvement after epoch 1: the rate halves after epochs 3 and 5, and the next epochs train with it
    expected = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025]
    np.testing.assert_allclose(history["learning_rate_used"], expected, rtol=1e-6)
    np.testing.assert_allclose(history["learning_rate"], expected, rtol=1e-6)  # what the callback logs


def test_terminate_on_nan_stops_at_the_first_nan(capsys):
    model, loop = scripted([2.0, 1.0, float("nan"), 0.5])
    history = loop.fit(4, callbacks=[keras.callbacks.TerminateOnNaN()], verbose=0)
    assert history.epoch == [0, 1, 2] and math.isnan(history.history["loss"][-1])


def test_csv_logger_writes_every_epoch(tmp_path):
    model, loop = scripted([3.0, 2.0, 1.0])
    path = tmp_path / "log.csv"
    history = loop.fit(3, validation_data=images(2), callbacks=[keras.callbacks.CSVLogger(str(path))], verbose=0)
    rows = list(csv.DictReader(path.open()))
    assert [int(r["epoch"]) for r in rows] == history.epoch
    assert [float(r["loss"]) for r in rows] == history.history["loss"] == [3.0, 2.0, 1.0]
    assert [float(r["val_loss"]) for r in rows] == history.history["val_loss"]


def test_bad_fit_arguments_are_clear_errors():
    _, loop = scripted([1.0])
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        loop.fit(0)
    with pytest.raises(ValueError, match='verbose must be 0, 1 or "auto"'):
        loop.fit(1, verbose=2)
    with pytest.raises(ValueError, match=r"validation_data must be a non-empty array .* got shape \(0, 784\)"):
        loop.fit(1, validation_data=np.zeros((0, 784)))


def test_bad_input_is_a_clear_error():
    model = compiled_model()
    for batch_size in (0, 11, 2.0):
        with pytest.raises(ValueError, match="batch_size must be an integer from 1 to 10, got"):
            EpochLoop(model, images(10), batch_size)
    with pytest.raises(ValueError, match=r"train_images must be a non-empty array .* got shape \(0, 8, 8, 1\)"):
        EpochLoop(model, np.zeros((0, 8, 8, 1)), 5)
    with pytest.raises(ValueError, match=r"train_images must be a non-empty array .* got shape \(\)"):
        EpochLoop(model, 1.0, 1)
    with pytest.raises(ValueError, match="train_images must be one array of images .* got a tuple.* use model.fit"):
        EpochLoop(model, (images(10), images(10)), 5)  # (x, y): fit's pairs, which the loop does not train on
    with pytest.raises(ValueError, match="compile the model"):
        EpochLoop(TinyAutoencoder(dense_net()), images(10), 5)


@pytest.mark.filterwarnings("ignore:.*unbuilt state:UserWarning")  # Keras' own warnings as the build fails
def test_a_model_that_cannot_be_built_on_the_images_is_a_clear_error():
    model = compiled_model(make=unbuilt_conv_autoencoder)
    with pytest.raises(ValueError, match=r"calling it on a symbolic batch of shape \(None, 784\) .* failed"):
        EpochLoop(model, images(10), 5)  # flat images for a convolutional model


def last_bar_line(capsys):
    return capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]  # tqdm writes to stderr


def test_progress_bar_shows_the_epoch_and_losses(capsys):
    loop = EpochLoop(compiled_model(), images(32), batch_size=16)
    loop.fit(2, validation_data=images(8), verbose=0)
    assert capsys.readouterr() == ("", "")
    loop.fit(2, validation_data=images(8), verbose=1, label="vae")
    last = last_bar_line(capsys)
    assert last.startswith("vae") and "2/2 epochs" in last and "loss=" in last and "val_loss=" in last


def test_progress_bar_callback_ends_where_early_stopping_ended(capsys):
    _, loop = scripted([3.0, 2.0, 2.5, 2.5, 1.0])
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2)
    loop.fit(5, callbacks=[stop, ProgressBar("scripted", show=True)], verbose=0)
    last = last_bar_line(capsys)
    assert last.startswith("scripted, stopped at epoch 4 of 5") and "4/4 epochs" in last


def test_progress_bar_callback_works_with_keras_fit_and_counts_this_runs_epochs(capsys):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    data = np.ones((8, 3)), np.ones((8, 1))
    model.fit(*data, epochs=3, verbose=0, callbacks=[ProgressBar("fit", show=True)])
    last = last_bar_line(capsys)
    assert last.startswith("fit") and "3/3 epochs" in last and "loss=" in last
    model.fit(*data, initial_epoch=3, epochs=5, verbose=0, callbacks=[ProgressBar("more", show=True)])
    last = last_bar_line(capsys)
    assert last.startswith("more") and "2/2 epochs" in last and "stopped" not in last


def test_a_continued_fit_counts_on_as_keras_does(capsys):
    model, loop = scripted([3.0, 2.0, 1.0])
    loop.fit(2, verbose=0)
    logger = keras.callbacks.LambdaCallback()
    loop.fit(1, callbacks=[logger], verbose=1, label="more")
    assert logger.params["epochs"] == 3  # as fit(initial_epoch=2, epochs=3)
    assert "1/1 epochs" in last_bar_line(capsys)
