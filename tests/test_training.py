"""The compiled trainer: it learns, it is reproducible, it stops, it rejects bad arguments."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.lesson import training
from utils.lesson.font import load_font
from utils.lesson.metrics import wrong_pixels
from utils.lesson.models import dense_autoencoder
from utils.lesson.training import adam_step, clear_compiled_loops, initial_adam_state, train_autoencoder

X = load_font().pixels


def _model(seed=0, sizes=(35, 32, 24, 16, 2, 16, 24, 32, 35)):
    return dense_autoencoder(list(sizes), seed=seed, activation="elu", latent_activation="linear")[0]


def _small(seed=0):
    return _model(seed, sizes=(35, 2, 35))


def test_recipe_learns_every_pixel_and_stops_at_zero():
    model = _model()
    log = train_autoencoder(model, X, epochs=2000, batch_size=32, learning_rate=0.01, stop_at_wrong_pixels=0)
    assert log.zero_epoch is not None and len(log.loss) == log.zero_epoch
    assert log.final_max_wrong_pixels == 0
    assert wrong_pixels(X, model.predict(X, verbose=0)).max() == 0  # the log describes the real weights
    assert log.loss[-1] < log.loss[0]


def test_squared_error_in_font_order_stops_at_the_first_epoch_within_the_tolerance():
    runs = []
    for seed in (1, 2):  # without shuffling the seed changes nothing once the weights are the same
        log = train_autoencoder(
            _small(0),
            X,
            epochs=300,
            batch_size=1,
            learning_rate=0.01,
            seed=seed,
            loss="squared_error",
            shuffle=False,
            epsilon=1e-8,
            stop_at_wrong_pixels=15,
        )
        runs.append(log)
    first, second = runs
    assert np.array_equal(first.loss, second.loss)
    stop = first.first_epoch_within(15)
    assert stop is not None and len(first.loss) == stop and first.max_wrong_pixels[-1] <= 15
    assert np.all(first.max_wrong_pixels[:-1] > 15)
    # the curve is the squared error per character: 0.5 * sum over 35 pixels, never above 17.5
    assert 0 < first.loss[-1] < first.loss[0] <= 17.5


def test_stop_at_error_ends_when_the_training_set_error_is_small_enough():
    model = _model()
    log = train_autoencoder(
        model, X, epochs=2000, batch_size=32, learning_rate=0.01, loss="squared_error", stop_at_error=60.0
    )
    error = 0.5 * np.sum((X - model.predict(X, verbose=0)) ** 2)  # the training set is the 32 clean characters
    assert len(log.loss) < 2000 and error <= 60.0
    assert 32 * log.loss[-2] > 60.0  # the epoch before had not reached it (the curve is per character)


def test_same_seed_same_curves_other_seed_other_curves():
    runs = [train_autoencoder(_small(s), X, epochs=20, batch_size=8, learning_rate=0.003, seed=s) for s in (1, 1, 2)]
    assert np.array_equal(runs[0].loss, runs[1].loss)
    assert not np.array_equal(runs[0].loss, runs[2].loss)
    assert len(runs[0].loss) == 20 and runs[0].epochs.tolist() == list(range(1, 21))


def test_denoising_targets_and_curves_on_the_clean_characters():
    noisy = X.copy()
    noisy[:, 0] = 1 - noisy[:, 0]
    model = _small()
    log = train_autoencoder(
        model, np.concatenate([X, noisy]), target=np.concatenate([X, X]), epochs=30, batch_size=16, learning_rate=0.01
    )
    assert len(log.loss) == 30
    assert log.final_max_wrong_pixels == wrong_pixels(X, model.predict(X, verbose=0)).max()


def test_no_retracing_warning_over_many_architectures(caplog):
    for width in range(2, 9):  # each architecture compiles a trainer of its own, once
        train_autoencoder(_model(0, (35, width, 2, width, 35)), X, epochs=2, batch_size=32, learning_rate=0.01)
    assert "retracing" not in caplog.text.lower()


def test_one_trainer_serves_every_seed_epoch_count_learning_rate_and_epsilon():
    train_autoencoder(_small(), X, epochs=3, batch_size=32, learning_rate=0.01)
    for epochs, learning_rate, epsilon in ((7, 0.01, 1e-7), (250, 0.003, 1e-8)):
        log = train_autoencoder(
            _small(seed=epochs), X, epochs=epochs, batch_size=32, learning_rate=learning_rate, epsilon=epsilon
        )
        assert not log.compiled and len(log.loss) == epochs


def test_chunks_of_epochs_do_not_change_the_numbers(monkeypatch):
    def run():
        model = _small(5)
        log = train_autoencoder(model, X, epochs=40, batch_size=8, learning_rate=0.01, seed=5, stop_at_wrong_pixels=0)
        return log, model.get_weights()

    whole, whole_weights = run()
    monkeypatch.setattr(training, "CHUNK_EPOCHS", 7)  # 40 epochs in 6 calls instead of 1
    chunked, chunked_weights = run()
    assert np.array_equal(whole.loss, chunked.loss) and np.array_equal(whole.max_wrong_pixels, chunked.max_wrong_pixels)
    assert all(np.array_equal(a, b) for a, b in zip(whole_weights, chunked_weights, strict=True))


def test_a_stop_rule_met_at_the_end_of_a_chunk_ends_the_run(monkeypatch):
    reference = train_autoencoder(_model(), X, epochs=2000, batch_size=32, learning_rate=0.01, stop_at_wrong_pixels=0)
    monkeypatch.setattr(training, "CHUNK_EPOCHS", reference.zero_epoch)  # the rule is met on a chunk's last epoch
    log = train_autoencoder(_model(), X, epochs=2000, batch_size=32, learning_rate=0.01, stop_at_wrong_pixels=0)
    assert len(log.loss) == reference.zero_epoch


def test_progress_bar_shows_epochs_and_loss_without_changing_the_numbers(capsys):
    quiet = train_autoencoder(_small(), X, epochs=5, batch_size=32, learning_rate=0.01, progress=False)
    assert capsys.readouterr() == ("", "")
    shown = train_autoencoder(_small(), X, epochs=5, batch_size=32, learning_rate=0.01, progress=True, label="tiny")
    last = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]  # tqdm writes to stderr
    assert last.startswith("tiny") and "5/5 epochs" in last and "loss=" in last
    assert f"worst wrong pixels={shown.final_max_wrong_pixels}" in last  # a count, shown as an integer
    assert np.array_equal(quiet.loss, shown.loss)


def test_an_early_stop_completes_its_bar_where_the_run_stopped(capsys):
    log = train_autoencoder(
        _model(), X, epochs=2000, batch_size=32, learning_rate=0.01, stop_at_wrong_pixels=0, progress=True, label="run"
    )
    last = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    stopped = len(log.loss)
    assert stopped < 2000
    assert last.startswith(f"run, stopped at epoch {stopped} of 2000") and f"{stopped}/{stopped} epochs" in last
    assert "worst wrong pixels=0" in last


def test_adam_step_matches_keras_adam():
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(3, 2)).astype("float32"), rng.normal(size=2).astype("float32")]
    variables = [keras.Variable(w) for w in weights]
    optimizer = keras.optimizers.Adam(learning_rate=0.05, epsilon=1e-8)
    values, state = [tf.constant(w) for w in weights], initial_adam_state(weights)
    for _ in range(5):
        gradients = [rng.normal(size=w.shape).astype("float32") for w in weights]
        optimizer.apply([tf.constant(g) for g in gradients], variables)
        values, state = adam_step(values, state, [tf.constant(g) for g in gradients], 0.05, 1e-8)
    for variable, value in zip(variables, values, strict=True):
        np.testing.assert_allclose(variable.numpy(), value.numpy(), rtol=1e-6, atol=1e-7)


def test_one_dimensional_input_is_an_error():
    with pytest.raises(ValueError, match="must be 2-D"):
        train_autoencoder(_small(), X[0], epochs=1, batch_size=1, learning_rate=0.01)


def test_numpy_integer_seed_is_accepted():
    log = train_autoencoder(_small(), X, epochs=2, batch_size=32, learning_rate=0.01, seed=np.int64(4))
    assert len(log.loss) == 2


def test_cached_loop_trains_each_model_as_if_alone():
    clear_compiled_loops()

    def fresh_run(seed, learning_rate):
        model = _small(seed)
        return model, train_autoencoder(model, X, epochs=15, batch_size=4, learning_rate=learning_rate, seed=seed)

    first, first_log = fresh_run(3, 0.01)
    weights = [w.copy() for w in first.get_weights()]
    second, second_log = fresh_run(3, 0.01)  # same architecture and shapes: the compiled loop is reused
    assert first_log.compiled and not second_log.compiled
    assert np.array_equal(first_log.loss, second_log.loss)
    assert all(np.array_equal(a, b) for a, b in zip(second.get_weights(), weights, strict=True))
    _, slower = fresh_run(3, 0.001)  # the learning rate reaches the reused loop
    assert not np.array_equal(slower.loss, first_log.loss)
    assert all(np.array_equal(a, b) for a, b in zip(first.get_weights(), weights, strict=True))  # untouched


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 0, "batch_size": 32, "learning_rate": 0.01}, "epochs must be a positive integer"),
        ({"epochs": 10, "batch_size": 5, "learning_rate": 0.01}, "positive divisor of the 32"),
        ({"epochs": 10, "batch_size": 32, "learning_rate": 0.0}, "learning_rate must be positive"),
        ({"epochs": 10, "batch_size": 32, "learning_rate": 0.01, "target": X[:, :34]}, "same shape"),
        ({"epochs": 10, "batch_size": 32, "learning_rate": 0.01, "clean": X[:, :34]}, "35 pixels per row"),
        ({"epochs": 2.5, "batch_size": 32, "learning_rate": 0.01}, "epochs must be a positive integer"),
        ({"epochs": True, "batch_size": 32, "learning_rate": 0.01}, "epochs must be a positive integer"),
        ({"epochs": 10, "batch_size": 32, "learning_rate": 0.01, "seed": -1}, "seed must be an integer"),
        ({"epochs": 10, "batch_size": 32, "learning_rate": 0.01, "seed": 1.5}, "seed must be an integer"),
        ({"epochs": 10, "batch_size": 32, "learning_rate": 0.01, "loss": "mse"}, "loss must be one of"),
        ({"epochs": 10, "batch_size": 32, "learning_rate": 0.01, "stop_at_wrong_pixels": -1}, "stop_at_wrong_pixels"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_autoencoder(_small(), X, **kwargs)


def test_compiling_leaves_the_random_state_alone():
    import random

    def state_after_training():
        keras.utils.set_random_seed(11)
        train_autoencoder(_small(11), X, epochs=3, batch_size=32, learning_rate=0.01)
        return random.random(), np.random.random()

    clear_compiled_loops()
    cold = state_after_training()
    warm = state_after_training()  # the loop is cached now
    assert cold == warm
