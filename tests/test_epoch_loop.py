"""The whole-epoch XLA loop: it runs the model's own train_step over every image once per epoch,
repeats exactly from its seed, reports fit-style histories, and rejects bad input clearly."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.epoch_loop import EpochLoop


def images(n, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.random((n, 784)) > 0.7).astype("float32")


class TinyAutoencoder(keras.Model):
    """A small model with its own XLA-compiled train_step and test_step, as notebook 3's VAE has."""

    def __init__(self):
        super().__init__()
        self.net = keras.Sequential(
            [keras.Input((784,)), keras.layers.Dense(8, "relu"), keras.layers.Dense(784, "sigmoid")]
        )
        self.loss_tracker = keras.metrics.Mean(name="loss")

    @property
    def metrics(self):
        return [self.loss_tracker]

    def loss_terms(self, images):
        return tf.reduce_sum(keras.ops.binary_crossentropy(images, self.net(images)), axis=-1)

    @tf.function(jit_compile=True)
    def train_step(self, images):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self.loss_terms(images))
        self.optimizer.apply(tape.gradient(loss, self.trainable_weights), self.trainable_weights)
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    @tf.function(jit_compile=True)
    def test_step(self, images):
        self.loss_tracker.update_state(tf.reduce_mean(self.loss_terms(images)))
        return {"loss": self.loss_tracker.result()}


def compiled_model(seed=0):
    keras.utils.set_random_seed(seed)
    model = TinyAutoencoder()
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
    history = EpochLoop(model, x, batch_size, validation_images=x[:3], seed=3).fit(2)
    np.testing.assert_array_equal(model.seen.numpy(), np.full(rows, 2.0))  # each image once per epoch
    assert history == {"batches": [batches] * 2, "images": [rows] * 2, "val_images": [3, 3]}  # metrics reset


def test_each_epoch_visits_the_images_in_an_order_drawn_from_seed_and_epoch():
    model = compiled_model()

    def order(seed, epoch):
        return EpochLoop(model, images(50), 10, seed=seed).permutation(epoch).numpy()

    assert sorted(order(0, 0)) == list(range(50))
    assert np.array_equal(order(0, 0), order(0, 0))
    assert not np.array_equal(order(0, 0), order(1, 0)) and not np.array_equal(order(0, 0), order(0, 1))


def test_training_repeats_exactly_and_lowers_the_loss():
    x_train, x_val = images(200, seed=1), images(70, seed=2)  # a partial last batch on purpose
    runs = []
    for _ in range(2):
        model = compiled_model()
        history = EpochLoop(model, x_train, 64, validation_images=x_val, seed=0).fit(3)
        runs.append((history, [w.numpy() for w in model.weights]))
    (history, weights), (history_again, weights_again) = runs
    assert history == history_again
    for w, w_again in zip(weights, weights_again, strict=True):
        np.testing.assert_array_equal(w, w_again)
    assert history["loss"][-1] < history["loss"][0]
    assert set(history) == {"loss", "val_loss"}
    assert model.optimizer.iterations.numpy() == 3 * 4  # 3 epochs of 4 batches (3 full, 1 of 8 images)


def test_callback_sees_every_epoch_and_fit_continues():
    model = compiled_model()
    loop = EpochLoop(model, images(64), 32, seed=0)
    calls = []
    loop.fit(2, callback=lambda epoch, logs: calls.append((epoch, sorted(logs))))
    loop.fit(1, callback=lambda epoch, logs: calls.append((epoch, sorted(logs))))
    assert [epoch for epoch, _ in calls] == [1, 2, 3]
    assert calls[0][1] == ["loss"]


def test_bad_input_is_a_clear_error():
    model = compiled_model()
    with pytest.raises(ValueError, match="batch_size must be an integer from 1 to 10"):
        EpochLoop(model, images(10), 11)
    with pytest.raises(ValueError, match=r"train_images must be a non-empty 2-D array .* got shape \(10, 28, 28\)"):
        EpochLoop(model, images(10).reshape(10, 28, 28), 5)
    with pytest.raises(ValueError, match=r"validation_images must be a non-empty 2-D array"):
        EpochLoop(model, images(10), 5, validation_images=np.zeros((0, 784)))
    with pytest.raises(ValueError, match="compile the model"):
        EpochLoop(TinyAutoencoder(), images(10), 5)


def test_progress_bar_shows_the_epoch_and_losses(capsys):
    loop = EpochLoop(compiled_model(), images(32), batch_size=16, validation_images=images(8))
    loop.fit(2, progress=False)
    assert capsys.readouterr() == ("", "")
    loop.fit(2, progress=True, label="vae")
    last = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]  # tqdm writes to stderr
    assert last.startswith("vae") and "2/2 epochs" in last and "loss=" in last and "val_loss=" in last
