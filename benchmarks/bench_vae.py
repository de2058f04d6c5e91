"""Time one VAE epoch through the notebook's training path against a minimal floor, in one process.

The reference configuration (784-128-64-2, Adam 1e-3, batch 64, the first 20,000 MNIST
training images) is trained by variants that see the same seeded, pre-batched batches:

- `notebook`: `utils.vae.fit_vae`, the path notebook 3 uses (`model.fit` with the custom,
  XLA-compiled `train_step`, one call per epoch through `steps_per_execution`, validation on the
  10,000 test images after each epoch);
- `fit_one_step_per_call`: the same `fit` with `steps_per_execution=1`, Keras' default;
- `floor`: no Keras `fit` machinery and no metrics: a `tf.function` loop over the epoch's batches
  calling an XLA-compiled step with the same loss and the same optimizer;
- `floor_without_xla`: the same floor with an uncompiled step, to show what XLA buys;
- `data_only`: the loop over the batches with no model, i.e. the input pipeline's share.

Variants run in interleaved rounds (the first round is warm-up) so that load from other processes
on the machine falls on all of them alike; each reports the median seconds of its training epochs.
Validation time is measured separately and is not part of the epoch figure.
Run `python benchmarks/bench_vae.py`; `run()` returns the numbers as a dict, `report()` prints them.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from utils.notebook import prepare  # noqa: E402  (must run before TensorFlow is imported)

HIDDEN = (128, 64)
BATCH_SIZE = 64
TRAIN_IMAGES = 20_000
ROUNDS = 4
EPOCHS_PER_ROUND = 3


def load_data():
    """The notebook's data: the first 20,000 training images and the 10,000 test images, as pixels."""
    from utils import mnist

    (x_train, _), (x_test, _) = mnist.load_mnist()
    return mnist.to_pixels(x_train[:TRAIN_IMAGES]), mnist.to_pixels(x_test)


def epoch_loop(step, dataset, steps):
    """A function running `step` on each of the epoch's batches inside one `tf.function` call."""
    import tensorflow as tf

    @tf.function
    def epoch(iterator):
        for _ in tf.range(steps):
            step(next(iterator))

    return lambda: epoch(iter(dataset))


def floor_step(model, optimizer, jit_compile):
    """The bare training step: same loss, same optimizer, no metrics."""
    import tensorflow as tf

    optimizer.build(model.trainable_variables)

    @tf.function(jit_compile=jit_compile)
    def step(images):
        with tf.GradientTape() as tape:
            reconstruction, kl = model.loss_terms(images, training=True)
            loss = tf.reduce_mean(reconstruction + kl)
        optimizer.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)

    return step


def fit_variant(x_train, x_test, steps_per_execution):
    """A function training `EPOCHS_PER_ROUND` epochs through `fit_vae`; returns their train/validation times."""
    from utils import vae

    model = vae.compile_vae(vae.build_vae(HIDDEN), 1e-3, steps_per_execution)

    def run_round():
        _, timer = vae.fit_vae(model, x_train, x_test, EPOCHS_PER_ROUND, BATCH_SIZE)
        return timer.train_seconds, timer.validation_seconds

    return run_round


def loop_variant(x_train, step=None):
    """A function timing `EPOCHS_PER_ROUND` epochs of `epoch_loop`; without a step, the data pipeline alone."""
    import keras
    import tensorflow as tf

    from utils import vae

    dataset = vae.make_dataset(x_train, BATCH_SIZE, shuffle_seed=0)
    if step is None:
        step = tf.function(tf.reduce_sum)
    else:
        step = floor_step(vae.build_vae(HIDDEN), keras.optimizers.Adam(1e-3), jit_compile=step == "xla")
    epoch = epoch_loop(step, dataset, vae.steps_per_epoch(len(x_train), BATCH_SIZE))

    def run_round():
        seconds = []
        for _ in range(EPOCHS_PER_ROUND):
            start = time.perf_counter()
            epoch()
            seconds.append(time.perf_counter() - start)
        return seconds, []

    return run_round


def run():
    """Time all variants in interleaved rounds; return medians, the ratio notebook / floor, and context."""
    prepare(seed=0)
    from utils import vae

    x_train, x_test = load_data()
    steps = vae.steps_per_epoch(len(x_train), BATCH_SIZE)
    variants = {
        "notebook": fit_variant(x_train, x_test, steps),
        "fit_one_step_per_call": fit_variant(x_train, x_test, 1),
        "floor": loop_variant(x_train, step="xla"),
        "floor_without_xla": loop_variant(x_train, step="plain"),
        "data_only": loop_variant(x_train),
    }
    train = {name: [] for name in variants}
    validation = {name: [] for name in variants}
    for round_number in range(ROUNDS):
        for name, run_round in variants.items():
            train_seconds, validation_seconds = run_round()
            if round_number > 0:  # round 0 traces, compiles and warms caches
                train[name] += train_seconds
                validation[name] += validation_seconds
    medians = {name: statistics.median(seconds) for name, seconds in train.items()}
    return {
        "vae_epoch_seconds": medians["notebook"],
        "floor_epoch_seconds": medians["floor"],
        "ratio": medians["notebook"] / medians["floor"],
        "vae_validation_seconds": statistics.median(validation["notebook"]),
        "median_epoch_seconds": medians,
        "epochs_timed_per_variant": (ROUNDS - 1) * EPOCHS_PER_ROUND,
        "steps_per_epoch": steps,
        "configuration": f"{vae.architecture_name(HIDDEN)}, batch {BATCH_SIZE}, {len(x_train)} images",
        "cpu_count": os.cpu_count(),
    }


def report(results):
    """Print the table of median epoch times and the ratio, from what `run()` returned."""
    print(f"VAE {results['configuration']}: median seconds per training epoch")
    timed, cpus = results["epochs_timed_per_variant"], results["cpu_count"]
    print(f"({timed} epochs per variant after one warm-up round, {cpus} CPUs)")
    for name, seconds in results["median_epoch_seconds"].items():
        print(f"  {name:24s} {seconds:7.3f} s   {seconds / results['floor_epoch_seconds']:5.2f} x floor")
    print(f"  validation (10,000 test images) per notebook epoch: {results['vae_validation_seconds']:.3f} s")
    print(f"ratio notebook / floor = {results['ratio']:.2f}")


if __name__ == "__main__":
    report(run())
