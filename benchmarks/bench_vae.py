"""How close notebook 3's VAE training comes to the machine's arithmetic rate, measured in one process.

The reference configuration (784-128-64-2, Adam 1e-3, batch 64, the first 20,000 MNIST training
images; 26.2 GFLOP per epoch, counting 6 FLOPs per parameter and image for the forward and
backward passes) is trained by three paths, each timed per training epoch (no validation):

The model is notebook 3's own code: the cells tagged `vae-model`, run by `benchmarks/notebook_code.py`.

- `notebook`: `utils.epoch_loop.EpochLoop`, the path notebook 3 uses: each epoch is one XLA
  computation that calls the model's own `train_step` (loss terms, metrics, Adam) for every batch;
- `floor`: `EpochLoop` around a bare step (the notebook's loss terms and Adam, no metrics): the
  least an epoch of this model costs through the same loop;
- `fit` (the path before `EpochLoop`): `model.fit` on a cached, pre-batched, shuffled `tf.data`
  pipeline with the same XLA-compiled `train_step` and `steps_per_execution` = one epoch.

Alongside: TensorFlow's float32 matmul rate on a large square product, the machine's reference
arithmetic rate. Variants run in interleaved rounds (the first round is warm-up) so that load from
other processes falls on all of them alike; each reports the median of its epochs. Targets (issue
on VAE speed): notebook within 1.2x of the floor, and at least 80 % of the matmul rate.
Run `python benchmarks/bench_vae.py`; `run()` returns the numbers as a dict, `report()` prints them.
"""

import functools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from utils.progress import UNATTENDED  # noqa: E402
from utils.session import prepare  # noqa: E402  (must run before TensorFlow is imported)

os.environ[UNATTENDED] = "1"  # timed as `make run` trains: unattended, without progress bars

HIDDEN = (128, 64)
BATCH_SIZE = 64
TRAIN_IMAGES = 20_000
ROUNDS = 4
EPOCHS_PER_ROUND = 3
MATMUL_SIZE = 2048


def load_data():
    """The notebook's training data: the first 20,000 training images, as pixels."""
    from utils import mnist

    (x_train, _), _ = mnist.load_mnist()
    return mnist.to_pixels(x_train[:TRAIN_IMAGES])


def new_model(model_class=None):
    """A freshly built and compiled VAE of the reference configuration, from notebook 3's own cells.

    `model_class`, if given, replaces the notebook's `VAE` class (a subclass of it, for the floor).
    """
    import keras

    code = notebook_model()
    keras.utils.set_random_seed(0)
    model = (model_class or code["VAE"])(code["build_encoder"](HIDDEN, 0), code["build_decoder"](HIDDEN[::-1]))
    model.compile(optimizer=keras.optimizers.Adam(1e-3))
    return model


@functools.cache
def notebook_model():
    """The namespace of notebook 3's model cells (tag `vae-model`): `VAE`, `build_vae`, the builders, the losses.

    Run once per process, so every variant, and the floor's subclass, builds on the same `VAE` class.
    """
    from benchmarks.notebook_code import tagged_code

    return tagged_code("03_variational_autoencoder", "vae-model")


def timed_epochs(train_one_epoch):
    """A round: `EPOCHS_PER_ROUND` calls of `train_one_epoch`, returning their wall times."""

    def run_round():
        seconds = []
        for _ in range(EPOCHS_PER_ROUND):
            start = time.perf_counter()
            train_one_epoch()
            seconds.append(time.perf_counter() - start)
        return seconds

    return run_round


def notebook_variant(x_train):
    """Epochs of `EpochLoop`, as notebook 3 trains (validation left out of the timing)."""
    from utils.epoch_loop import EpochLoop

    loop = EpochLoop(new_model(), x_train, BATCH_SIZE)
    return timed_epochs(lambda: loop.fit(1))


def floor_variant(x_train):
    """`EpochLoop` around a bare step: the notebook's forward pass, gradients and Adam, no metrics."""
    import tensorflow as tf

    from utils.epoch_loop import EpochLoop

    class BareStep(notebook_model()["VAE"]):
        @tf.function(jit_compile=True)
        def train_step(self, images):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.add(*self.loss_terms(images, training=True)))
            self.optimizer.apply(tape.gradient(loss, self.trainable_weights), self.trainable_weights)
            return {"loss": loss}

    loop = EpochLoop(new_model(BareStep), x_train, BATCH_SIZE)
    return timed_epochs(lambda: loop.fit(1))


def fit_variant(x_train):
    """`model.fit` on a seeded, cached, pre-batched pipeline, one call per epoch (the path before)."""
    import tensorflow as tf

    model = new_model()
    steps = -(-len(x_train) // BATCH_SIZE)
    model.compile(optimizer=model.optimizer, steps_per_execution=steps)
    dataset = tf.data.Dataset.from_tensor_slices(x_train).cache().shuffle(len(x_train), seed=0)
    dataset = dataset.batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)
    return timed_epochs(lambda: model.fit(dataset, epochs=1, shuffle=False, verbose=0))


def matmul_gflops(size=MATMUL_SIZE, repeats=10):
    """TensorFlow's float32 matmul rate, GFLOP/s: median over `repeats` products of two size x size matrices."""
    import tensorflow as tf

    a = tf.random.stateless_uniform([size, size], seed=[1, 2])
    b = tf.random.stateless_uniform([size, size], seed=[3, 4])
    # the operands are arguments, not captured constants, so nothing can be folded at trace time;
    # the sum makes .numpy() wait for the whole product while copying back a single number
    product = tf.function(lambda a, b: tf.reduce_sum(tf.matmul(a, b)))
    product(a, b).numpy()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        product(a, b).numpy()
        seconds.append(time.perf_counter() - start)
    return 2 * size**3 / statistics.median(seconds) / 1e9


def parameters():
    """Trainable parameters of the reference configuration."""
    return int(sum(w.numpy().size for w in new_model().trainable_variables))


def run():
    """Time all variants in interleaved rounds and the matmul rate; return medians, rates and ratios."""
    prepare(seed=0)
    x_train = load_data()
    variants = {"notebook": notebook_variant(x_train), "floor": floor_variant(x_train), "fit": fit_variant(x_train)}
    epochs = {name: [] for name in variants}
    matmul = []
    for round_number in range(ROUNDS):
        matmul.append(matmul_gflops())
        for name, run_round in variants.items():
            seconds = run_round()
            if round_number > 0:  # round 0 traces, compiles and warms caches
                epochs[name] += seconds
    medians = {name: statistics.median(seconds) for name, seconds in epochs.items()}
    gflop = 6 * parameters() * len(x_train) / 1e9
    matmul_rate = statistics.median(matmul[1:])
    return {
        "matmul_gflops": matmul_rate,
        "vae_epoch_gflop": gflop,
        "vae_epoch_seconds": medians["notebook"],
        "vae_floor_epoch_seconds": medians["floor"],
        "vae_fit_epoch_seconds": medians["fit"],
        "vae_matmul_fraction": gflop / medians["notebook"] / matmul_rate,
        "vae_notebook_over_floor": medians["notebook"] / medians["floor"],
        "vae_fit_over_notebook": medians["fit"] / medians["notebook"],
        "epochs_timed_per_variant": (ROUNDS - 1) * EPOCHS_PER_ROUND,
        "configuration": f"784-{HIDDEN[0]}-{HIDDEN[1]}-2, batch {BATCH_SIZE}, {len(x_train)} images",
        "cpu_count": os.cpu_count(),
    }


def report(results):
    """Print the median epoch times, the rates and the targets, from what `run()` returned."""
    print(f"VAE {results['configuration']}: median seconds per training epoch")
    timed, cpus = results["epochs_timed_per_variant"], results["cpu_count"]
    print(f"({timed} epochs per variant after one warm-up round, {cpus} CPUs)")
    floor = results["vae_floor_epoch_seconds"]
    paths = {"notebook (EpochLoop)": "vae_epoch_seconds", "floor": "vae_floor_epoch_seconds"}
    paths["fit (the path before)"] = "vae_fit_epoch_seconds"
    for name, key in paths.items():
        print(f"  {name:24s} {results[key]:7.3f} s   {results[key] / floor:5.2f} x floor")
    rate = results["vae_epoch_gflop"] / results["vae_epoch_seconds"]
    print(f"notebook path: {rate:.1f} GFLOP/s of {results['vae_epoch_gflop']:.1f} GFLOP per epoch")
    print(f"matmul {MATMUL_SIZE}x{MATMUL_SIZE}, float32: {results['matmul_gflops']:.1f} GFLOP/s")
    print(f"notebook / floor = {results['vae_notebook_over_floor']:.2f} (target <= 1.2)")
    print(f"fraction of the matmul rate = {results['vae_matmul_fraction']:.0%} (target >= 80 %)")


if __name__ == "__main__":
    report(run())
