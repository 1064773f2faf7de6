"""Colour and clothing image datasets held in memory as uint8 tensors, plus picture decoding for them.

- `cifar10`: 50k/10k 3x32x32 photos in 10 classes; `fashion-mnist`: 60k/10k 1x28x28 clothing images in
  10 classes. Both through torchvision, downloaded into the data directory on first use; offline,
  `DatasetUnavailable` says so in one sentence and names the alternatives.
- `shapes`: 3,000/600 procedurally drawn 3x32x32 images of six shapes in random colours, positions and
  sizes (seeded, no download): the offline stand-in used by the tiny preset and the tests.
- `upload`: a visitor's zip of class folders (validated in core.zip_dataset), stored as
  `<data dir>/uploads/upload-<id>.safetensors`. The id is a number: a content hash times 100 plus the number
  of classes (so a model can be rebuilt from the config alone); nothing from the zip ever becomes a path.
`decode_picture(bytes, channels, size)` turns an uploaded picture into a dataset-style uint8 (C, size, size)
array: the format is judged by content (core.imaging's formats and side limit), the pixel count is checked
from the header before decoding, and the picture is centre-cropped to a square and resized.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps

from core.datasets import DatasetUnavailable, ImageData
from core.imaging import ALLOWED_FORMATS, MAX_SIDE, MAX_UPLOAD_BYTES, ImageInputError

CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
FASHION_CLASSES = ("T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                   "ankle boot")
SHAPES_CLASSES = ("circle", "square", "triangle", "cross", "ring", "stripes")
VISION_DATASETS = ("cifar10", "fashion-mnist", "shapes", "upload")
# dataset -> (channels, side in pixels); uploads are stored as 3x32x32 like CIFAR-10.
INPUT_SHAPE = {"cifar10": (3, 32), "fashion-mnist": (1, 28), "shapes": (3, 32), "upload": (3, 32)}
# Per-channel pixel mean and std on the 0..1 scale (CIFAR-10 and Fashion-MNIST training sets; a neutral
# 0.5 / 0.25 for data whose statistics are not known in advance).
PIXEL_STATS = {"cifar10": ((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
               "fashion-mnist": ((0.2860,), (0.3530,)), "shapes": ((0.5,) * 3, (0.25,) * 3),
               "upload": ((0.5,) * 3, (0.25,) * 3)}
TRAIN_IMAGES = {"cifar10": 50_000, "fashion-mnist": 60_000, "shapes": 3000}  # per epoch; uploads vary
MAX_PIXELS = 16_000_000  # per decoded picture (a 4000x4000 photo); checked from the header
UPLOAD_ID_MAX = 2**31 - 1


def decode_picture(data: bytes, channels: int, size: int) -> np.ndarray:
    """Picture bytes -> uint8 (channels, size, size), centre-cropped square (ImageInputError if unusable)."""
    if not data:
        raise ImageInputError("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageInputError(f"The file is over the {MAX_UPLOAD_BYTES // 2**20} MB limit for one picture.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))  # header only
            with img:
                if img.format not in ALLOWED_FORMATS:
                    raise ImageInputError(f"This is a {img.format or 'unknown'} file, not a PNG, JPEG, WebP, "
                                          "BMP or GIF image.")
                width, height = img.size
                if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                    raise ImageInputError(f"The picture is {width} x {height} pixels; the limit is {MAX_SIDE} "
                                          f"per side and {MAX_PIXELS / 1e6:.0f} megapixels.")
                img.seek(0)
                img.load()
                rgb = _flatten_alpha(ImageOps.exif_transpose(img))
    except ImageInputError:
        raise
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError, EOFError, ... on bad files
        raise ImageInputError("This file is not a readable PNG, JPEG, WebP, BMP or GIF image.") from None
    fitted = ImageOps.fit(rgb, (size, size), Image.Resampling.LANCZOS)
    pixels = np.asarray(fitted.convert("L") if channels == 1 else fitted, dtype=np.uint8)
    return pixels[None] if channels == 1 else pixels.transpose(2, 0, 1).copy()


def _flatten_alpha(img: Image.Image) -> Image.Image:
    """RGB with transparent areas shown as white paper, as a browser shows them."""
    if img.has_transparency_data:
        paper = Image.new("RGBA", img.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, img.convert("RGBA")).convert("RGB")
    return img.convert("RGB")


def fashion_style(gray: np.ndarray) -> np.ndarray:
    """Fashion-MNIST shows a light garment on black: invert a picture whose border (the backdrop) is light."""
    border = np.concatenate([gray[0, 0], gray[0, -1], gray[0, :, 0], gray[0, :, -1]])
    return 255 - gray if np.median(border) > 127 else gray


# --- built-in datasets -------------------------------------------------------------------------------------
def load_torchvision(name: str, data_dir: str) -> ImageData:
    """CIFAR-10 (~170 MB) or Fashion-MNIST (~30 MB) via torchvision, downloaded on first use."""
    from torchvision import datasets

    cls, classes = {"cifar10": (datasets.CIFAR10, CIFAR10_CLASSES),
                    "fashion-mnist": (datasets.FashionMNIST, FASHION_CLASSES)}[name]
    root = Path(data_dir)
    try:
        train, test = cls(root, train=True, download=True), cls(root, train=False, download=True)
    except Exception as err:  # URLError / RuntimeError / OSError when offline or the files are damaged
        raise DatasetUnavailable(
            f"{name} could not be downloaded into {root} ({type(err).__name__}); this machine seems to be "
            "offline. Choose 'shapes' (drawn on the fly, no download) or upload a zip of class folders.") from None

    def tensors(split):
        x = torch.as_tensor(np.asarray(split.data))
        x = x.permute(0, 3, 1, 2) if x.ndim == 4 else x.unsqueeze(1)  # CIFAR is stored NHWC
        return x.contiguous(), torch.as_tensor(np.asarray(split.targets), dtype=torch.int64)

    return ImageData(*tensors(train), *tensors(test), classes, vision_dataset_id(name, 0, data_dir))


def cifar10_on_disk(data_dir: str) -> bool:
    """True when CIFAR-10 is already downloaded (so choosing it costs no download)."""
    return (Path(data_dir) / "cifar-10-batches-py" / "data_batch_1").is_file()


def make_shapes(n_train: int = 3000, n_test: int = 600, seed: int = 0) -> ImageData:
    """Six shapes (circle, square, triangle, cross, ring, stripes) in random colours on noisy backgrounds."""
    rng = np.random.default_rng(seed)
    n = n_train + n_test
    labels = np.arange(n) % len(SHAPES_CLASSES)
    rng.shuffle(labels)
    centre = rng.uniform(11, 21, (n, 2, 1, 1))
    radius = rng.uniform(6, 11, (n, 1, 1))
    rows, cols = np.mgrid[0:32, 0:32]
    dy, dx = rows[None] - centre[:, 0], cols[None] - centre[:, 1]
    dist, box = np.hypot(dx, dy), np.maximum(np.abs(dx), np.abs(dy))
    masks = np.stack([
        dist < radius,
        box < 0.8 * radius,
        (np.abs(dy) < 0.8 * radius) & (np.abs(dx) < (dy + 0.8 * radius) * 0.6),
        ((np.abs(dx) < 0.3 * radius) | (np.abs(dy) < 0.3 * radius)) & (box < radius),
        (dist < radius) & (dist > 0.55 * radius),
        (box < radius) & (np.floor((dy + radius) / (radius / 2.5)) % 2 == 0),
    ])[labels, np.arange(n)]
    foreground, background = rng.uniform(0, 255, (2, n, 3, 1, 1))
    background = np.where(np.abs(foreground - background) < 60, 255 - foreground, background)
    images = np.where(masks[:, None], foreground, background) + rng.normal(0, 12, (n, 3, 32, 32))
    x = torch.from_numpy(np.clip(images, 0, 255).round().astype(np.uint8))
    y = torch.from_numpy(labels.astype(np.int64))
    return ImageData(x[:n_train], y[:n_train], x[n_train:], y[n_train:], SHAPES_CLASSES,
                     vision_dataset_id("shapes", 0, ""))


# --- uploaded datasets -------------------------------------------------------------------------------------
def _upload_path(upload_id: int, data_dir: str) -> Path:
    if not 1 <= upload_id <= UPLOAD_ID_MAX:
        raise DatasetUnavailable("No dataset has been uploaded: upload a zip of class folders first.")
    return Path(data_dir) / "uploads" / f"upload-{int(upload_id):010d}.safetensors"


def upload_classes(upload_id: int) -> int:
    """Number of classes of an uploaded dataset, read from its id (0 when no upload is chosen)."""
    return upload_id % 100


def save_upload(data: ImageData, data_dir: str) -> int:
    """Store a validated upload; returns its id (from the content hash, so the same zip gets the same id)."""
    from safetensors.torch import save_file

    digest = hashlib.sha256()
    for tensor in (data.train_x, data.train_y, data.test_x, data.test_y):
        digest.update(tensor.contiguous().numpy().tobytes())
    digest.update(json.dumps(data.classes).encode())
    upload_id = (int(digest.hexdigest()[:8], 16) % (UPLOAD_ID_MAX // 100) + 1) * 100 + len(data.classes)
    path = _upload_path(upload_id, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {"train_x": data.train_x, "train_y": data.train_y, "test_x": data.test_x, "test_y": data.test_y}
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(path),
              metadata={"classes": json.dumps(data.classes)})
    return upload_id


def load_upload(upload_id: int, data_dir: str) -> ImageData:
    from safetensors import safe_open

    path = _upload_path(upload_id, data_dir)
    if not path.is_file():
        raise DatasetUnavailable(f"Uploaded dataset {upload_id} is not on this server (uploads live in "
                                 f"{path.parent}); upload the zip again.")
    with safe_open(str(path), framework="pt") as handle:
        tensors = {name: handle.get_tensor(name) for name in handle.keys()}  # noqa: SIM118 (not a dict)
        classes = tuple(json.loads(handle.metadata()["classes"]))
    return ImageData(tensors["train_x"], tensors["train_y"], tensors["test_x"], tensors["test_y"], classes,
                     vision_dataset_id("upload", upload_id, data_dir))


def vision_dataset_id(name: str, upload_id: int, data_dir: str) -> str:
    """Identity of a dataset's content for the run key."""
    if name == "upload":
        return f"upload:{upload_id}"
    if name == "shapes":
        return "shapes:procedural-3000-600-seed0"
    if name in ("cifar10", "fashion-mnist"):
        return f"{name}:torchvision-train-test"
    raise DatasetUnavailable(f"Unknown dataset {name!r}; choose one of {', '.join(VISION_DATASETS)}.")


def load_vision_dataset(name: str, data_dir: str, upload_id: int = 0) -> ImageData:
    if name == "upload":
        return load_upload(upload_id, data_dir)
    if name == "shapes":
        return make_shapes()
    if name in ("cifar10", "fashion-mnist"):
        return load_torchvision(name, data_dir)
    raise DatasetUnavailable(f"Unknown dataset {name!r}; choose one of {', '.join(VISION_DATASETS)}.")
