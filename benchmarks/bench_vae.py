"""How close notebook 3's VAE training comes to the least its arithmetic costs, measured in one process.

The reference configuration (784-128-64-2, Adam 1e-3, batch 64, the first 20,000 MNIST training
images; 26.2 GFLOP per epoch, counting 6 FLOPs per parameter and image for the forward and
backward passes) is timed per training epoch (no validation) along these paths, from the least
work to the most:

- `products`: only the epoch's own matrix products at batch 64: for each of the 313 batches, the
  forward product and the backward products (weight gradients, and input gradients beyond the
  first layer) of every layer, in one XLA `while` loop, with a tiny weight update so that nothing
  can be hoisted out of the loop. A training path can hardly take less than this, on this machine,
  at this batch size (the 6 FLOPs per parameter above count the first layer's input gradient too);
- `bare step, SGD`: `EpochLoop` around the notebook's forward pass, loss and gradients, with a
  plain SGD update and no metrics: adds the element-wise work (activations, sampling, the loss, the
  batch gather) to the products;
- `bare step, Adam`: the same with Adam, the notebook's optimizer: adds Adam's update;
- `notebook`: `utils.lesson.epoch_loop.EpochLoop` around the model's own `train_step`, the path notebook 3
  uses: adds the metrics and the logs;
- `fit`: `model.fit(x_train, batch_size=64)`, called and compiled as notebook 3's section 4 calls
  it (Keras' defaults: one step per call into TensorFlow's executor, shuffled batches, and no XLA,
  which Keras leaves off while TensorFlow's deterministic ops are on).

The model is notebook 3's own code: the cells tagged `vae-model`, run by `benchmarks/notebook_code.py`.
Alongside, TensorFlow's float32 rate on a 2048 x 2048 product, for context only: products of 64 rows
run at another rate than large square ones, above it on some CPUs and far below it on others, so
the yardstick is `products`, this epoch's own. Variants run in interleaved rounds (the first round is
warm-up) so that load from other processes falls on all of them alike; each reports the median of
its epochs. Run `python benchmarks/bench_vae.py`; `run()` returns the numbers as a dict, `report()`
prints them.
"""

import functools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from utils.lesson.progress import UNATTENDED  # noqa: E402
from utils.lesson.session import prepare  # noqa: E402  (must run before TensorFlow is imported)

os.environ[UNATTENDED] = "1"  # timed as `make run` trains: unattended, without progress bars

HIDDEN = (128, 64)
BATCH_SIZE = 64
TRAIN_IMAGES = 20_000
ROUNDS = 4
EPOCHS_PER_ROUND = 3
MATMUL_SIZE = 2048


def load_data():
    """The notebook's training data: the first 20,000 training images, as pixels."""
    from utils.lesson import mnist

    (x_train, _), _ = mnist.load_mnist()
    return mnist.to_pixels(x_train[:TRAIN_IMAGES])


def new_model(model_class=None, optimizer="adam"):
    """A freshly built and compiled VAE of the reference configuration, from notebook 3's own cells.

    `model_class`, if given, replaces the notebook's `VAE` class around the same encoder and decoder
    (a subclass of it, for the bare steps); `optimizer` is "adam" (the notebook's) or "sgd".
    """
    import keras

    model = notebook_model()["build_vae"](HIDDEN, seed=0)
    if model_class is not None:
        model = model_class(model.encoder, model.decoder)
    optimizers = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD}
    model.compile(optimizer=optimizers[optimizer](1e-3))
    return model


@functools.cache
def notebook_model():
    """The namespace of notebook 3's model cells (tag `vae-model`): `VAE`, `build_vae`, the builders, the losses.

    Run once per process, so every variant, and the bare steps' subclass, builds on the same `VAE` class.
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
    from utils.lesson.epoch_loop import EpochLoop

    loop = EpochLoop(new_model(), x_train, BATCH_SIZE)
    return timed_epochs(lambda: loop.fit(1, verbose=0))


def bare_variant(x_train, optimizer):
    """`EpochLoop` around a bare step: the notebook's forward pass, loss and gradients, `optimizer`, no metrics."""
    import tensorflow as tf

    from utils.lesson.epoch_loop import EpochLoop

    class BareStep(notebook_model()["VAE"]):
        def train_step(self, images):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.add(*self.loss_terms(images, training=True)))
            self.optimizer.apply(tape.gradient(loss, self.trainable_weights), self.trainable_weights)
            return {"loss": loss}

    loop = EpochLoop(new_model(BareStep, optimizer), x_train, BATCH_SIZE)
    return timed_epochs(lambda: loop.fit(1, verbose=0))


def dense_kernels():
    """The weight matrices of a fresh model of the reference configuration, input layer first."""
    return [w for w in new_model().trainable_variables if len(w.shape) == 2]


def epoch_batches(images):
    """Batches of `BATCH_SIZE` in an epoch of `images` images, the last one possibly smaller."""
    return -(-images // BATCH_SIZE)


def products_variant(x_train):
    """The epoch's own matrix products at batch 64, in one XLA `while` loop: the floor of any training path.

    For every batch and every dense layer (inputs x: batch x n, weights w: n x m, output gradient
    g: batch x m): the forward product x w, the input gradient g w^T (except for the first layer,
    whose input is the images) and the weight gradient x^T g.
    The operands are sliced per batch from random tensors as big as the epoch's, and each weight
    moves by its gradient (an update of n x m numbers), so every product depends on the loop.
    """
    import tensorflow as tf

    kernels = dense_kernels()
    batches = epoch_batches(len(x_train))
    rows = batches * BATCH_SIZE
    inputs = [tf.random.stateless_uniform([rows, w.shape[0]], seed=[i, 0]) for i, w in enumerate(kernels)]
    gradients = [tf.random.stateless_uniform([rows, w.shape[1]], seed=[i, 1]) for i, w in enumerate(kernels)]
    weights = [tf.convert_to_tensor(w) for w in kernels]

    @tf.function(jit_compile=True)
    def epoch(inputs, gradients, weights):
        def body(i, weights, total):
            moved = []
            for layer, (x, g, w) in enumerate(zip(inputs, gradients, weights, strict=True)):
                x = tf.slice(x, [i * BATCH_SIZE, 0], [BATCH_SIZE, x.shape[1]])
                g = tf.slice(g, [i * BATCH_SIZE, 0], [BATCH_SIZE, g.shape[1]])
                total += tf.reduce_sum(tf.matmul(x, w))
                if layer > 0:  # the images need no gradient: the first layer has no input gradient to compute
                    total += tf.reduce_sum(tf.matmul(g, w, transpose_b=True))
                moved.append(w - 1e-9 * tf.matmul(x, g, transpose_a=True))
            return i + 1, moved, total

        return tf.while_loop(lambda i, *_: i < batches, body, (tf.constant(0), weights, tf.constant(0.0)))[2]

    return timed_epochs(lambda: epoch(inputs, gradients, weights).numpy())


def fit_variant(x_train):
    """Epochs of `model.fit`, called as notebook 3 calls it (one call per epoch)."""
    model = new_model()
    return timed_epochs(lambda: model.fit(x_train, batch_size=BATCH_SIZE, epochs=1, verbose=0))


def products_gflop(images):
    """The FLOPs of `products_variant` for `images` images, in GFLOP: 2 per multiply-add of each product."""
    shapes = [w.shape for w in dense_kernels()]
    # forward and weight gradient for every layer, input gradient for all but the first
    products = sum(3 * n * m for n, m in shapes) - shapes[0][0] * shapes[0][1]
    return 2 * BATCH_SIZE * epoch_batches(images) * products / 1e9


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
    variants = {
        "products": products_variant(x_train),
        "bare SGD": bare_variant(x_train, "sgd"),
        "bare Adam": bare_variant(x_train, "adam"),
        "notebook": notebook_variant(x_train),
        "fit": fit_variant(x_train),
    }
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
    results = {
        "matmul_gflops": matmul_rate,
        "vae_epoch_gflop": gflop,
        "vae_epoch_seconds": medians["notebook"],
        "vae_gemm_floor_seconds": medians["products"],
        "vae_gemm_gflop": products_gflop(len(x_train)),
        "vae_gemm_fraction": medians["products"] / medians["notebook"],
        "vae_bare_sgd_epoch_seconds": medians["bare SGD"],
        "vae_bare_adam_epoch_seconds": medians["bare Adam"],
        "vae_fit_epoch_seconds": medians["fit"],
        "vae_fit_over_notebook": medians["fit"] / medians["notebook"],
        "epochs_timed_per_variant": (ROUNDS - 1) * EPOCHS_PER_ROUND,
        "configuration": f"784-{HIDDEN[0]}-{HIDDEN[1]}-2, batch {BATCH_SIZE}, {len(x_train)} images",
        "cpu_count": os.cpu_count(),
    }
    # a list of [part, seconds] pairs: results.json sorts its keys, and the parts read in this order
    return results | {"vae_breakdown_seconds": [[part, seconds] for part, seconds in breakdown(results).items()]}


def breakdown(results):
    """Where a notebook epoch's time goes, in seconds, from the nested paths of one run (see the module docstring)."""
    return {
        "matrix products": results["vae_gemm_floor_seconds"],
        "element-wise work (activations, sampling, loss, batch gather)": results["vae_bare_sgd_epoch_seconds"]
        - results["vae_gemm_floor_seconds"],
        "Adam's update (over SGD's)": results["vae_bare_adam_epoch_seconds"] - results["vae_bare_sgd_epoch_seconds"],
        "metrics and logs": results["vae_epoch_seconds"] - results["vae_bare_adam_epoch_seconds"],
    }


def report(results):
    """Print the median epoch times, the rates and where the time goes, from what `run()` returned."""
    print(f"VAE {results['configuration']}: median seconds per training epoch")
    timed, cpus = results["epochs_timed_per_variant"], results["cpu_count"]
    print(f"({timed} epochs per variant after one warm-up round, {cpus} CPUs)")
    products, gflop = results["vae_gemm_floor_seconds"], results["vae_epoch_gflop"]
    products_rate = results["vae_gemm_gflop"] / products
    paths = {"matrix products only": "vae_gemm_floor_seconds", "bare step, SGD": "vae_bare_sgd_epoch_seconds"}
    paths |= {"bare step, Adam": "vae_bare_adam_epoch_seconds", "notebook (EpochLoop)": "vae_epoch_seconds"}
    paths["model.fit"] = "vae_fit_epoch_seconds"
    for name, key in paths.items():
        print(f"  {name:24s} {results[key]:7.3f} s   {results[key] / products:5.2f} x products")
    print(f"products: {products_rate:.1f} GFLOP/s; notebook path: {gflop / results['vae_epoch_seconds']:.1f} GFLOP/s")
    print(f"matmul {MATMUL_SIZE}x{MATMUL_SIZE}, float32 (context): {results['matmul_gflops']:.1f} GFLOP/s")
    print(f"products / notebook epoch = {results['vae_gemm_fraction']:.0%}; the notebook epoch's time:")
    for part, seconds in breakdown(results).items():
        print(f"  {part:62s} {seconds:7.3f} s  {seconds / results['vae_epoch_seconds']:5.0%}")
    print(f"model.fit / notebook = {results['vae_fit_over_notebook']:.2f}")


if __name__ == "__main__":
    report(run())
