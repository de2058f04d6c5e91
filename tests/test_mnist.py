"""The MNIST loader accepts a good Keras-layout file and rejects bad ones with clear messages."""

import struct
import zipfile
import zlib

import numpy as np
import pytest

from utils.lesson import mnist


def fake_arrays(n_train=12, n_test=5):
    """Small arrays in the Keras MNIST layout, labels cycling through 0..9."""
    rng = np.random.default_rng(0)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": (np.arange(n_test) % 10).astype(np.uint8),
    }


def write_npz(tmp_path, **changes):
    """Write fake arrays with some entries replaced (None removes the key); return the path."""
    arrays = {**fake_arrays(), **changes}
    path = tmp_path / "mnist.npz"
    np.savez(path, **{key: value for key, value in arrays.items() if value is not None})
    return path


def test_good_file_through_the_environment_variable(tmp_path, monkeypatch):
    path = write_npz(tmp_path)
    monkeypatch.setenv(mnist.ENV_VAR, str(path))
    (x_train, y_train), (x_test, y_test) = mnist.load_mnist()
    expected = fake_arrays()
    np.testing.assert_array_equal(x_train, expected["x_train"])
    np.testing.assert_array_equal(y_test, expected["y_test"])
    assert x_test.shape == (5, 28, 28) and y_train.shape == (12,)


def test_to_pixels_flattens_to_float32_in_unit_interval():
    pixels = mnist.to_pixels(fake_arrays()["x_train"])
    assert pixels.shape == (12, 784) and pixels.dtype == np.float32
    assert pixels.min() >= 0.0 and pixels.max() <= 1.0
    np.testing.assert_allclose(pixels[0, :28] * 255, fake_arrays()["x_train"][0, 0])
    with pytest.raises(ValueError, match="uint8 images of shape"):
        mnist.to_pixels(np.zeros((3, 784), dtype=np.uint8))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"y_test": None}, r"missing arrays \['y_test'\]"),
        ({"x_train": np.zeros((12, 28, 27), np.uint8)}, r"x_train must have shape \(N, 28, 28\)"),
        ({"x_test": np.zeros((5, 784), np.uint8)}, "x_test must be a 3-D array"),
        ({"x_train": np.zeros((12, 28, 28), np.float32)}, "x_train must have dtype uint8, got float32"),
        ({"y_train": np.full(12, 10, np.uint8)}, "y_train must hold digits 0..9, found label 10"),
        ({"y_test": np.zeros(4, np.uint8)}, "x_test has 5 images but y_test has 4 labels"),
        ({"x_test": np.zeros((0, 28, 28), np.uint8), "y_test": np.zeros(0, np.uint8)}, "x_test is empty"),
    ],
)
def test_malformed_file_is_rejected_with_what_and_how(tmp_path, changes, message):
    path = write_npz(tmp_path, **changes)
    with pytest.raises(mnist.MnistError, match=message) as error:
        mnist.read_npz(path)
    assert "MNIST_NPZ=" in str(error.value)


def test_missing_file_names_the_problem(tmp_path):
    with pytest.raises(mnist.MnistError, match="no such file") as error:
        mnist.read_npz(tmp_path / "absent.npz")
    assert "MNIST_NPZ=" in str(error.value)


@pytest.mark.parametrize("content", [b"not a zip archive at all", b"PK\x03\x04" + b"\x00" * 40])
def test_corrupt_file_is_rejected(tmp_path, content):
    path = tmp_path / "mnist.npz"
    path.write_bytes(content)
    with pytest.raises(mnist.MnistError, match="not a readable .npz archive"):
        mnist.read_npz(path)


def test_truncated_archive_is_rejected(tmp_path):
    path = write_npz(tmp_path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(mnist.MnistError, match="not a readable .npz archive"):
        mnist.read_npz(path)


def flip_byte_in_member(path, member, offset):
    """Invert one byte of `member`'s stored (compressed) data inside the zip archive at `path`."""
    with zipfile.ZipFile(path) as archive:
        header = archive.getinfo(member).header_offset
    data = bytearray(path.read_bytes())
    name_length, extra_length = struct.unpack("<HH", data[header + 26 : header + 30])
    data[header + 30 + name_length + extra_length + offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("member", "offset", "cause"),
    [
        ("x_train.npy", 1, zlib.error),  # the deflate stream itself is broken
        ("y_train.npy", 1, zipfile.BadZipFile),  # it inflates, to bytes that fail the CRC check
    ],
)
def test_corrupt_member_of_a_compressed_archive_is_rejected(tmp_path, member, offset, cause):
    path = tmp_path / "mnist.npz"
    np.savez_compressed(path, **fake_arrays())
    flip_byte_in_member(path, member, offset)
    with pytest.raises(mnist.MnistError, match="not a readable .npz archive") as error:
        mnist.read_npz(path)
    assert isinstance(error.value.__cause__, cause)
    assert "MNIST_NPZ=" in str(error.value)


def test_single_npy_array_is_rejected(tmp_path):
    path = tmp_path / "mnist.npy"
    np.save(path, fake_arrays()["x_train"])
    with pytest.raises(mnist.MnistError, match="single .npy array"):
        mnist.read_npz(path)


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_environment_variable_is_an_error_not_a_download(monkeypatch, value):
    keras = pytest.importorskip("keras")

    def must_not_download():
        raise AssertionError("an empty MNIST_NPZ must not start a download")

    monkeypatch.setenv(mnist.ENV_VAR, value)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", must_not_download)
    with pytest.raises(mnist.MnistError, match="MNIST_NPZ is set but empty.*unset it to download, or name a file"):
        mnist.load_mnist()


def test_failed_download_is_an_error_not_a_fallback(monkeypatch):
    keras = pytest.importorskip("keras")

    def offline():
        raise OSError("network is unreachable")

    monkeypatch.delenv(mnist.ENV_VAR, raising=False)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(mnist.MnistError, match="download failed.*network is unreachable") as error:
        mnist.load_mnist()
    assert "MNIST_NPZ=" in str(error.value)


def test_first_of_each_digit_and_its_error():
    labels = np.array([3, 1, 0, 2, 5, 4, 7, 6, 9, 8, 0, 3])
    first = mnist.first_of_each_digit(labels)
    assert first.tolist() == [2, 1, 3, 0, 5, 4, 7, 6, 9, 8]
    assert labels[first].tolist() == list(range(10))
    with pytest.raises(ValueError, match=r"no image of digit\(s\) \[4, 9\] among the 8 labels"):
        mnist.first_of_each_digit([0, 1, 2, 3, 5, 6, 7, 8])


def test_nearest_image_digit_reads_each_image_by_the_closest_reference():
    rng = np.random.default_rng(0)
    references = rng.random((30, 784)).astype("float32")
    labels = np.arange(30) % 10
    noisy = references[[4, 17, 29]] + 0.01 * rng.standard_normal((3, 784))  # near references 4, 17 and 29
    np.testing.assert_array_equal(mnist.nearest_image_digit(noisy, references, labels, chunk=2), [4, 7, 9])
    brute = labels[np.argmin(((noisy[:, None] - references[None]) ** 2).sum(-1), axis=1)]
    np.testing.assert_array_equal(mnist.nearest_image_digit(noisy, references, labels), brute)
    with pytest.raises(ValueError, match="one label per reference"):
        mnist.nearest_image_digit(noisy, references, labels[:-1])
    with pytest.raises(ValueError, match=r"images \(n, d\)"):
        mnist.nearest_image_digit(noisy[:, :100], references, labels)
