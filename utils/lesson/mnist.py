"""MNIST for the dense models: the standard Keras download, or a local file named by `MNIST_NPZ`.

Where the network is available `keras.datasets.mnist.load_data()` downloads and caches the
data as usual. Where it is not, `MNIST_NPZ=/path/to/mnist.npz` names a file in the Keras
layout (`x_train`, `y_train`, `x_test`, `y_test`). Either way the arrays are checked (keys,
shapes, dtypes, label range, matching lengths) before anything trains on them; whatever is
wrong is a `MnistError` that says what and how to supply good data. There is no silent
fallback: a bad file, or `MNIST_NPZ` set to an empty value, never turns into a download, and a
failed download never into other data.
"""

import lzma
import os
import zipfile
import zlib
from pathlib import Path

import numpy as np

ENV_VAR = "MNIST_NPZ"
KEYS = ("x_train", "y_train", "x_test", "y_test")
IMAGE_SHAPE = (28, 28)
PIXELS = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]  # 784, the dense models' input width
# What reading a damaged archive can raise: a bad zip directory or CRC (BadZipFile), a damaged
# compressed member (zlib.error for deflate, as np.savez_compressed writes; LZMAError or OSError
# for the rarer lzma and bzip2 members), an unsupported compression (NotImplementedError), a
# truncated file (EOFError) or a malformed .npy header (ValueError).
READ_ERRORS = (OSError, ValueError, EOFError, NotImplementedError, zipfile.BadZipFile, zlib.error, lzma.LZMAError)
HOW_TO_SUPPLY = (
    f"Supply MNIST in the Keras layout ({', '.join(KEYS)}; images (N, 28, 28) uint8, labels (N,) uint8 0..9): "
    f"set {ENV_VAR}=/absolute/path/to/mnist.npz, or unset {ENV_VAR} on a machine with internet access "
    "so keras.datasets.mnist.load_data() can download it."
)


class MnistError(RuntimeError):
    """MNIST could not be loaded: missing, corrupt or malformed file, or a failed download."""


def _error(source, problem):
    """A MnistError naming the source, the problem and how to supply good data."""
    return MnistError(f"MNIST from {source}: {problem}. {HOW_TO_SUPPLY}")


def check_split(images, labels, split, source):
    """Check one split: images (N, 28, 28) uint8, labels (N,) uint8 in 0..9, N > 0."""
    for name, array, ndim in ((f"x_{split}", images, 3), (f"y_{split}", labels, 1)):
        if not isinstance(array, np.ndarray) or array.ndim != ndim:
            raise _error(source, f"{name} must be a {ndim}-D array, got shape {getattr(array, 'shape', type(array))}")
        if array.dtype != np.uint8:
            raise _error(source, f"{name} must have dtype uint8, got {array.dtype}")
    if images.shape[1:] != IMAGE_SHAPE:
        raise _error(source, f"x_{split} must have shape (N, 28, 28), got {images.shape}")
    if len(images) == 0:
        raise _error(source, f"x_{split} is empty")
    if len(images) != len(labels):
        raise _error(source, f"x_{split} has {len(images)} images but y_{split} has {len(labels)} labels")
    if labels.max() > 9:
        raise _error(source, f"y_{split} must hold digits 0..9, found label {int(labels.max())}")


def read_npz(path):
    """Read and check a Keras-layout npz file; return ((x_train, y_train), (x_test, y_test))."""
    path = Path(path)
    source = f"file {path}"
    if not path.is_file():
        where = path if path.is_absolute() else f"{path.resolve()} (relative paths start at the current directory)"
        raise _error(source, f"no such file: {where}")
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise _error(source, "the file is a single .npy array, not an .npz archive")
        with archive:
            missing = [key for key in KEYS if key not in archive.files]
            if missing:
                raise _error(source, f"missing arrays {missing}; the archive holds {sorted(archive.files)}")
            arrays = {key: archive[key] for key in KEYS}
    except MnistError:
        raise
    except READ_ERRORS as error:
        raise _error(source, f"the file is not a readable .npz archive ({type(error).__name__}: {error})") from error
    return _checked(arrays, source)


def _checked(arrays, source):
    """Check both splits and return them in the Keras tuple layout."""
    for split in ("train", "test"):
        check_split(arrays[f"x_{split}"], arrays[f"y_{split}"], split, source)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def download():
    """The standard `keras.datasets.mnist.load_data()` (download and cache), checked like a file."""
    import keras

    source = "keras.datasets.mnist.load_data()"
    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as error:  # any download or cache failure becomes one clear message
        raise _error(source, f"the download failed ({type(error).__name__}: {error})") from error
    return _checked({"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}, source)


def load_mnist():
    """Load MNIST from the file `MNIST_NPZ` names when it is set, else through the standard Keras download.

    Set but empty (or only whitespace) is an error, not a quiet download: it usually means a
    path that failed to expand, e.g. `MNIST_NPZ=$UNSET_VARIABLE`.
    """
    value = os.environ.get(ENV_VAR)
    if value is None:
        return download()
    if not value.strip():
        raise _error(
            f"environment variable {ENV_VAR}",
            f"{ENV_VAR} is set but empty ({value!r}); unset it to download, or name a file",
        )
    return read_npz(value.strip())


def to_pixels(images):
    """uint8 images (N, 28, 28) -> float32 rows (N, 784) in [0, 1], the dense models' input."""
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.shape[1:] != IMAGE_SHAPE:
        raise ValueError(f"expected uint8 images of shape (N, 28, 28), got {images.dtype} {images.shape}")
    return images.reshape(len(images), PIXELS).astype("float32") / 255.0


def first_of_each_digit(labels):
    """Index of the first image of each digit 0..9 in `labels`."""
    labels = np.asarray(labels)
    missing = sorted(set(range(10)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"no image of digit(s) {missing} among the {len(labels)} labels")
    return np.array([int(np.flatnonzero(labels == digit)[0]) for digit in range(10)])


def nearest_image_digit(images, references, labels, chunk=256):
    """For each image (n, 784), the label of the reference image (m, 784) nearest it in pixels (Euclidean).

    What a decoded image looks like, told by the digit it is closest to among real ones (the
    training images, which no decoded test image is): a one-nearest-neighbour reading of the
    picture, unlike a code's place on the latent map, which says where the encoder put it.
    """
    images, references = np.asarray(images, dtype="float32"), np.asarray(references, dtype="float32")
    labels = np.asarray(labels)
    if images.ndim != 2 or references.ndim != 2 or images.shape[1] != references.shape[1]:
        raise ValueError(f"expected images (n, d) and references (m, d), got {images.shape} and {references.shape}")
    if len(references) != len(labels) or not len(references):
        raise ValueError(f"expected one label per reference image, got {len(labels)} for {len(references)}")
    squared = (references**2).sum(axis=1)  # |a - b|² = |a|² - 2 a·b + |b|², and |a|² is the same for every b
    parts = np.array_split(images, max(1, -(-len(images) // chunk)))  # a few MB of distances at a time
    return labels[np.concatenate([np.argmin(squared - 2 * part @ references.T, axis=1) for part in parts])]
