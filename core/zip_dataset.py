"""A visitor's image dataset from a zip of class folders, validated before anything is decoded.

`read_class_zip(data, limits)` reads the zip from memory (members are read with zipfile into bytes; no name
from the zip is ever used as a path) and returns `ImageData` with uint8 3x32x32 images, a seeded 80/20
train/test split per class, and the class names (folder names, sorted). Each image's class is the folder it
sits in: `cats/1.jpg`, or `pets/cats/1.jpg` when the zip holds one top folder. Hidden files and macOS
`__MACOSX/` entries are skipped. Anything else unusable raises `ZipDatasetError` with one sentence:
- names with `..`, a leading `/`, a backslash or a drive letter (path traversal), or control characters;
- more than `max_files` files, fewer than 2 or more than 20 classes, fewer than `min_per_class` per class;
- a member whose declared size exceeds `max_member_bytes`, declared sizes summing over `max_total_bytes`, or
  a compression ratio over `max_ratio` (decompression bombs); reading is also capped at the declared size
  and the running total of bytes actually read, so a lying header cannot inflate memory;
- a member that is not an image by content, or over the pixel limit (core.vision_data.decode_picture).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

import numpy as np
import torch

from core.datasets import ImageData
from core.imaging import MAX_UPLOAD_BYTES, ImageInputError
from core.vision_data import decode_picture

MAX_CLASSES = 20  # the class count is stored in the last two digits of an upload id


class ZipDatasetError(ValueError):
    """The zip cannot be used as a dataset; the message says why in one sentence."""


@dataclass(frozen=True)
class ZipLimits:
    max_zip_bytes: int = 50 * 2**20          # the upload itself (equal to the app's maxUploadSize, 50 MB)
    max_files: int = 5000                     # image files in the zip
    max_member_bytes: int = MAX_UPLOAD_BYTES  # one uncompressed image file
    max_total_bytes: int = 200 * 2**20        # all uncompressed files together
    max_ratio: float = 200.0                  # uncompressed / compressed size of one member
    min_per_class: int = 4                    # at least one test image per class after an 80/20 split


def _display(name: str) -> str:
    """A member name safe to show in a message (printable, at most 60 characters)."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in name)
    return repr(shown if len(shown) <= 60 else shown[:57] + "...")


def _class_of(name: str) -> str | None:
    """The class folder of a member, None for entries to skip; raises on unsafe names."""
    if any(not ch.isprintable() for ch in name) or "\\" in name or name.startswith("/") or \
            (len(name) > 1 and name[1] == ":"):
        raise ZipDatasetError(f"The zip contains an unsafe file name {_display(name)}; re-create it from a folder.")
    parts = [p for p in name.split("/") if p]
    if ".." in parts:
        raise ZipDatasetError(f"The zip contains an unsafe file name {_display(name)}; re-create it from a folder.")
    if name.endswith("/") or not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
        return None
    if len(parts) < 2:
        raise ZipDatasetError(f"{_display(name)} is not inside a class folder: put each class's images in a "
                              "folder named after the class.")
    return parts[-2]


def _members(archive: zipfile.ZipFile, limits: ZipLimits) -> list[tuple[zipfile.ZipInfo, str]]:
    """(member, class) pairs after the name, count and declared-size checks; nothing decompressed yet."""
    members = [(info, label) for info in archive.infolist() if (label := _class_of(info.filename)) is not None]
    if len(members) > limits.max_files:
        raise ZipDatasetError(f"The zip holds {len(members)} files; the limit is {limits.max_files}.")
    total = 0
    for info, _ in members:
        if info.file_size > limits.max_member_bytes:
            raise ZipDatasetError(f"{_display(info.filename)} unpacks to {info.file_size / 2**20:.1f} MB; the limit "
                                  f"for one image is {limits.max_member_bytes / 2**20:.0f} MB.")
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            raise ZipDatasetError(f"{_display(info.filename)} is compressed {ratio:.0f}-fold, which no real image "
                                  "is: the zip looks like a decompression bomb.")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise ZipDatasetError(f"The zip unpacks to {total / 2**20:.0f} MB; the limit is "
                              f"{limits.max_total_bytes / 2**20:.0f} MB.")
    return members


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A member's bytes, never more than its declared size or the bytes left in the budget."""
    with archive.open(info) as handle:
        blob = handle.read(min(info.file_size, budget) + 1)
    if len(blob) > info.file_size or len(blob) > budget:
        raise ZipDatasetError(f"{_display(info.filename)} holds more data than its header declares: the zip looks "
                              "like a decompression bomb.")
    return blob


def read_class_zip(data: bytes, limits: ZipLimits = ZipLimits(), seed: int = 0) -> ImageData:
    if len(data) > limits.max_zip_bytes:
        raise ZipDatasetError(f"The zip is {len(data) / 2**20:.0f} MB; the limit is "
                              f"{limits.max_zip_bytes / 2**20:.0f} MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = _members(archive, limits)
            classes = sorted({label for _, label in members})
            if not 2 <= len(classes) <= MAX_CLASSES:
                raise ZipDatasetError(f"The zip has {len(classes)} class folder(s); it needs 2 to {MAX_CLASSES}.")
            counts = {c: sum(label == c for _, label in members) for c in classes}
            thin = [c for c, n in counts.items() if n < limits.min_per_class]
            if thin:
                raise ZipDatasetError(f"Class {_display(thin[0])} has {counts[thin[0]]} image(s); every class needs "
                                      f"at least {limits.min_per_class}.")
            budget, images, labels = limits.max_total_bytes, [], []
            for info, label in members:
                blob = _read(archive, info, budget)
                budget -= len(blob)
                try:
                    images.append(decode_picture(blob, 3, 32))
                except ImageInputError as err:
                    raise ZipDatasetError(f"{_display(info.filename)}: {err}") from None
                labels.append(classes.index(label))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as err:
        # BadZipFile also covers a CRC mismatch; RuntimeError is an encrypted member.
        raise ZipDatasetError(f"The file is not a readable zip archive ({type(err).__name__}).") from None
    return _split(np.stack(images), np.array(labels), tuple(classes), seed)


def _split(images: np.ndarray, labels: np.ndarray, classes: tuple[str, ...], seed: int) -> ImageData:
    """Seeded 80/20 split within each class, so every class is in both parts."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(labels), dtype=bool)
    for k in range(len(classes)):
        members = rng.permutation(np.flatnonzero(labels == k))
        test[members[:max(1, len(members) // 5)]] = True
    x, y = torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))
    keep, hold = torch.from_numpy(~test), torch.from_numpy(test)
    return ImageData(x[keep], y[keep], x[hold], y[hold], classes, "upload:unsaved")
