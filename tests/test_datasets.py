"""Digit datasets against known answers: the IDX parser, sklearn digits made MNIST-like, the mnist-10k split,
and the offline message for full MNIST."""

from __future__ import annotations

import gzip
import urllib.error

import numpy as np
import pytest
import torch
from conftest import SHARED_DATA, requires_shared_data

from core import datasets
from core.datasets import DatasetUnavailable, load_sklearn_digits, read_idx


def write_idx(path, array: np.ndarray, *, truncate: int = 0) -> None:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    body = array.astype(np.uint8).tobytes()
    with gzip.open(path, "wb") as handle:
        handle.write(header + body[: len(body) - truncate])


def test_read_idx_round_trip(tmp_path):
    array = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "x.gz", array)
    assert np.array_equal(read_idx(tmp_path / "x.gz"), array)


def test_read_idx_rejects_truncated_and_wrong_type(tmp_path):
    write_idx(tmp_path / "short.gz", np.zeros((4, 5), dtype=np.uint8), truncate=3)
    with pytest.raises(DatasetUnavailable, match="truncated"):
        read_idx(tmp_path / "short.gz")
    with gzip.open(tmp_path / "float.gz", "wb") as handle:
        handle.write(bytes([0, 0, 0x0D, 1]) + (4).to_bytes(4, "big") + b"\0" * 16)
    with pytest.raises(DatasetUnavailable, match="unsigned-byte"):
        read_idx(tmp_path / "float.gz")


def test_sklearn_digits_are_mnist_shaped():
    from sklearn.datasets import load_digits

    data = load_sklearn_digits()
    assert data.train_x.shape == (1437, 1, 28, 28) and data.test_x.shape == (360, 1, 28, 28)
    assert data.train_x.dtype == torch.uint8 and int(data.train_x.max()) == 255
    # The digit lies in the central 20x20 box (MNIST's layout): the 4-pixel frame is empty.
    frame = data.train_x.clone()
    frame[:, :, 4:24, 4:24] = 0
    assert int(frame.max()) == 0
    # Labels are sklearn's, only reordered: same class counts.
    counts = torch.bincount(torch.cat([data.train_y, data.test_y]), minlength=10)
    assert counts.tolist() == np.bincount(load_digits().target, minlength=10).tolist()
    assert data.dataset_id == datasets.digit_dataset_id("digits", "")


def test_full_mnist_offline_gives_one_clear_message(monkeypatch, tmp_path):
    import torchvision.datasets

    def offline(*args, **kwargs):
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(torchvision.datasets, "MNIST", offline)
    with pytest.raises(DatasetUnavailable) as info:
        datasets.load_digit_dataset("mnist", str(tmp_path))
    message = str(info.value)
    assert "offline" in message and "'digits'" in message and "'mnist-10k'" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__  # no chained traceback shown
    assert not datasets.mnist_available(str(tmp_path))


def test_mnist_10k_missing_names_the_alternative(tmp_path):
    with pytest.raises(DatasetUnavailable, match="'digits'"):
        datasets.digit_dataset_id("mnist-10k", str(tmp_path))


@requires_shared_data
def test_mnist_10k_split_is_first_8000_then_last_2000():
    data = datasets.load_mnist_10k(str(SHARED_DATA))
    assert data.train_x.shape == (8000, 1, 28, 28) and data.test_x.shape == (2000, 1, 28, 28)
    # Known answers from the MNIST test set: its first label is 7, its last is 6.
    assert int(data.train_y[0]) == 7 and int(data.test_y[-1]) == 6
    assert data.dataset_id == datasets.digit_dataset_id("mnist-10k", str(SHARED_DATA))
