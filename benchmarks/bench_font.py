"""Time the font autoencoder's final recipe, and the compiled trainer against a plain Keras `fit`.

- `ae_zero_pixel_seconds`: wall time for notebook 1's final recipe (35-32-24-16-2-16-24-32-35,
  ELU, linear latent, Adam 0.01, full batch) to reach 0 wrong pixels on all 32 characters,
  starting cold (the compiled-loop cache emptied, so tracing and XLA compilation are included),
  median over seeds 0-4, each a fresh model as in the notebook;
- `ae_zero_pixel_warm_seconds`: the same with the compiled loop reused, as for the notebook's
  second and later seeds;
- `ae_final_train_seconds`: the notebook's final model, 1000 epochs, cold, median over the seeds;
- step costs of the reference recipe (batch size 1, sigmoid): `utils.lesson.training.train_autoencoder`
  (the whole run in one XLA computation) against Keras `model.fit` with `steps_per_execution`
  covering an epoch, measured in the same process after warm-up.
Run `python benchmarks/bench_font.py`; `run()` returns the numbers as a dict.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from utils.lesson.progress import UNATTENDED  # noqa: E402
from utils.lesson.session import prepare  # noqa: E402  (must run before TensorFlow is imported)

os.environ[UNATTENDED] = "1"  # timed as `make run` trains: unattended, without progress bars

DEEPEST = [35, 32, 24, 16, 2, 16, 24, 32, 35]
FINAL = dict(activation="elu", latent_activation="linear")
SEEDS = range(5)


def final_recipe_seconds(x, stop_at_zero, epochs, cold):
    """Median wall seconds (and the epochs run) of the final recipe over `SEEDS`.

    `cold` empties the compiled-loop cache before every run, so each pays for its compilation.
    """
    from utils.lesson.models import dense_autoencoder
    from utils.lesson.training import clear_compiled_loops, train_autoencoder

    seconds, epochs_run = [], []
    for seed in SEEDS:
        if cold:
            clear_compiled_loops()
        model = dense_autoencoder(DEEPEST, seed=seed, **FINAL)[0]
        log = train_autoencoder(
            model,
            x,
            epochs=epochs,
            batch_size=32,
            learning_rate=0.01,
            seed=seed,
            stop_at_wrong_pixels=0 if stop_at_zero else None,
        )
        if stop_at_zero and log.zero_epoch is None:
            raise RuntimeError(f"seed {seed}: the final recipe did not reach 0 wrong pixels in {epochs} epochs")
        seconds.append(log.seconds)
        epochs_run.append(len(log.loss))
    return statistics.median(seconds), epochs_run


def compiled_step_seconds(x, epochs=2000):
    """Seconds per weight update of the reference recipe in the compiled trainer (compile excluded).

    A first run compiles the trainer (one per architecture serves every epoch count); then two
    runs of different lengths on fresh models, whose difference cancels the per-run overhead.
    """
    from utils.lesson.models import dense_autoencoder
    from utils.lesson.training import train_autoencoder

    def wall(n):
        model = dense_autoencoder(DEEPEST, seed=0)[0]
        return train_autoencoder(model, x, epochs=n, batch_size=1, learning_rate=0.000985).seconds

    wall(epochs // 10)
    short, long = wall(epochs // 10), wall(epochs)
    return (long - short) / ((epochs - epochs // 10) * len(x))


def keras_fit_step_seconds(x, epochs=100):
    """Seconds per weight update of the same recipe through `model.fit` (one call per epoch of 32 steps)."""
    import keras
    import tensorflow as tf

    from utils.lesson.models import dense_autoencoder

    model = dense_autoencoder(DEEPEST, seed=0)[0]
    model.compile(keras.optimizers.Adam(0.000985), "binary_crossentropy", steps_per_execution=len(x))
    data = tf.data.Dataset.from_tensor_slices((x, x)).shuffle(len(x), seed=0).batch(1).cache()
    model.fit(data, epochs=5, verbose=0, shuffle=False)
    start = time.perf_counter()
    model.fit(data, epochs=epochs, verbose=0, shuffle=False)
    return (time.perf_counter() - start) / (epochs * len(x))


def run():
    """Measure everything in one process and return the numbers."""
    from utils.lesson.font import load_font

    x = load_font().pixels
    zero_seconds, zero_epochs = final_recipe_seconds(x, stop_at_zero=True, epochs=2000, cold=True)
    zero_warm_seconds, _ = final_recipe_seconds(x, stop_at_zero=True, epochs=2000, cold=False)
    final_seconds, _ = final_recipe_seconds(x, stop_at_zero=False, epochs=1000, cold=True)
    compiled = compiled_step_seconds(x)
    fit = keras_fit_step_seconds(x)
    return {
        "ae_zero_pixel_seconds": round(zero_seconds, 3),
        "ae_zero_pixel_warm_seconds": round(zero_warm_seconds, 3),
        "ae_zero_pixel_epochs": zero_epochs,
        "ae_final_train_seconds": round(final_seconds, 3),
        "ae_compiled_step_microseconds": round(compiled * 1e6, 1),
        "ae_keras_fit_step_microseconds": round(fit * 1e6, 1),
        "ae_fit_over_compiled": round(fit / compiled, 1),
    }


def report(results):
    """Print the font autoencoder's numbers as a short table."""
    r = results
    print("font autoencoder (medians over 5 seeds)")
    print(f"  final recipe until 0 wrong pixels, compile included: {r['ae_zero_pixel_seconds']:.2f} s")
    print(f"    the same, compiled loop reused:                    {r['ae_zero_pixel_warm_seconds']:.3f} s")
    print(f"    epochs needed per seed: {r['ae_zero_pixel_epochs']}")
    print(f"  final model, 1000 epochs, compile included:          {r['ae_final_train_seconds']:.2f} s")
    print(
        f"  one update of the reference recipe (batch 1): compiled trainer {r['ae_compiled_step_microseconds']} us,"
        f" Keras fit {r['ae_keras_fit_step_microseconds']} us ({r['ae_fit_over_compiled']}x)"
    )


if __name__ == "__main__":
    prepare(seed=0)
    report(run())
