"""Digit datasets held in memory as tensors: `mnist`, `mnist-10k` and `digits`.

- `mnist`: the 60k/10k MNIST sets through torchvision, downloaded into the data directory when missing.
  Offline, `DatasetUnavailable` says so in one sentence and names the alternatives.
- `mnist-10k`: the 10,000 MNIST test images read from IDX files in `<data dir>/mnist/`; the first 8,000
  train, the last 2,000 test (the project's offline benchmark split, see ../shared/README.md).
- `digits`: scikit-learn's bundled 1,797 8x8 digits, upscaled MNIST-style (fitted into 20x20, centred in
  28x28, 0..255); fixed 80/20 split; needs no download.
Every loader returns `ImageData` with uint8 tensors (N, 1, 28, 28), int64 labels, and an id for the run key.
The data directory is `--data-dir`, else `$DLDEMO_DATA_DIR`, else `./data`.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

DIGIT_DATASETS = ("digits", "mnist-10k", "mnist")
DIGIT_CLASSES = tuple(str(d) for d in range(10))
MNIST_10K_FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


class DatasetUnavailable(RuntimeError):
    """The dataset cannot be loaded here (offline, files missing); the message says what to do."""


@dataclass
class ImageData:
    train_x: torch.Tensor   # uint8 (N, C, H, W), 0..255
    train_y: torch.Tensor   # int64 (N,)
    test_x: torch.Tensor
    test_y: torch.Tensor
    classes: tuple[str, ...]
    dataset_id: str


def default_data_dir() -> str:
    return os.environ.get("DLDEMO_DATA_DIR", "data")


def read_idx(path: Path) -> np.ndarray:
    """Parse a (gzipped) IDX file: magic (0, 0, dtype 0x08 = uint8, ndim), big-endian sizes, data."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DatasetUnavailable(f"{path.name} is not an unsigned-byte IDX file.")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise DatasetUnavailable(f"{path.name} is truncated: expected {np.prod(dims)} values, "
                                 f"found {body.size}.")
    return body.reshape(dims)


def _file_digest(paths) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _mnist_10k_paths(data_dir: str) -> list[Path]:
    folder = Path(data_dir) / "mnist"
    paths = [folder / name for name in MNIST_10K_FILES]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise DatasetUnavailable(
            f"mnist-10k needs {', '.join(missing)} in {folder}. Point --data-dir (or DLDEMO_DATA_DIR) at a "
            "folder holding mnist/, or choose the 'digits' dataset, which needs no download.")
    return paths


def digit_dataset_id(name: str, data_dir: str) -> str:
    """Identity of a dataset's content for the run key (file checksums where files are involved)."""
    if name == "mnist-10k":
        return f"mnist-10k:{_file_digest(_mnist_10k_paths(data_dir))}"
    if name == "mnist":
        return "mnist:torchvision-60k-10k"
    if name == "digits":
        return "digits:sklearn-1797-split80-seed0"
    raise DatasetUnavailable(f"Unknown dataset {name!r}; choose one of {', '.join(DIGIT_DATASETS)}.")


def load_mnist_10k(data_dir: str) -> ImageData:
    images_path, labels_path = _mnist_10k_paths(data_dir)
    images = torch.from_numpy(read_idx(images_path).copy()).unsqueeze(1)
    labels = torch.from_numpy(read_idx(labels_path).astype(np.int64))
    return ImageData(images[:8000], labels[:8000], images[8000:], labels[8000:], DIGIT_CLASSES,
                     digit_dataset_id("mnist-10k", data_dir))


def load_mnist(data_dir: str) -> ImageData:
    """Full MNIST via torchvision (downloads ~11 MB on first use)."""
    from torchvision.datasets import MNIST

    root = Path(data_dir)
    try:
        train = MNIST(root, train=True, download=True)
        test = MNIST(root, train=False, download=True)
    except Exception as err:  # torchvision raises URLError/RuntimeError/OSError when offline
        raise DatasetUnavailable(
            f"MNIST could not be downloaded into {root} ({type(err).__name__}); this machine seems to be "
            "offline. Choose 'digits' (bundled, no download) or 'mnist-10k' (local IDX files).") from None
    return ImageData(train.data.unsqueeze(1).clone(), train.targets.clone(), test.data.unsqueeze(1).clone(),
                     test.targets.clone(), DIGIT_CLASSES, digit_dataset_id("mnist", data_dir))


def mnist_available(data_dir: str) -> bool:
    """True when full MNIST is already on disk (so choosing it costs no download)."""
    raw = Path(data_dir) / "MNIST" / "raw"
    return (raw / "train-images-idx3-ubyte").is_file() or (raw / "train-images-idx3-ubyte.gz").is_file()


def default_digit_dataset(data_dir: str) -> str:
    """Full MNIST when it is already on disk (no download to wait for), else the bundled digits."""
    return "mnist" if mnist_available(data_dir) else "digits"


def load_sklearn_digits() -> ImageData:
    """sklearn's 8x8 digits (values 0..16) made MNIST-like: 8x8 -> 20x20 bilinear, padded to 28x28."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    small = torch.from_numpy(bunch.images.astype(np.float32) / 16.0).unsqueeze(1)
    big = torch.nn.functional.interpolate(small, size=(20, 20), mode="bilinear", align_corners=False)
    images = torch.nn.functional.pad(big, (4, 4, 4, 4))
    images = (images.clamp(0, 1) * 255).round().to(torch.uint8)
    labels = torch.from_numpy(bunch.target.astype(np.int64))
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
    cut = int(0.8 * len(labels))
    train_idx, test_idx = order[:cut], order[cut:]
    return ImageData(images[train_idx], labels[train_idx], images[test_idx], labels[test_idx],
                     DIGIT_CLASSES, digit_dataset_id("digits", ""))


def load_digit_dataset(name: str, data_dir: str) -> ImageData:
    if name == "mnist-10k":
        return load_mnist_10k(data_dir)
    if name == "mnist":
        return load_mnist(data_dir)
    if name == "digits":
        return load_sklearn_digits()
    raise DatasetUnavailable(f"Unknown dataset {name!r}; choose one of {', '.join(DIGIT_DATASETS)}.")
