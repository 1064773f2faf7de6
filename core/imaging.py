"""Turn an uploaded picture of a handwritten digit into an MNIST-style input.

Contract
--------
* ``load_image(data)`` takes the raw bytes of an upload and returns an upright,
  8-bit grayscale (mode ``"L"``) Pillow image whose ink and background are as
  drawn, or raises ``ImageInputError`` with a sentence a website visitor can act
  on. The format is judged from the file's content, never its name, and the
  pixel dimensions are checked from the header before any pixels are decoded.
* ``to_mnist(gray)`` takes such an image (or a 2-D array) and returns a float32
  28x28 array in [0, 1], white digit (1.0) on black (0.0), prepared the way the
  MNIST digits were: polarity fixed, background removed, cropped to the ink,
  fitted into a 20x20 box keeping the aspect ratio, then shifted by whole pixels
  so the intensity centre of mass sits at (14, 14).
* ``image_to_mnist(data)`` is the two steps together.

Only numpy and Pillow are imported, so this module stays cheap to import and
test without streamlit or torch. It relies on Pillow's default
``ImageFile.LOAD_TRUNCATED_IMAGES = False`` (and never changes it), which is
what makes a cut-off upload fail loudly instead of decoding half-grey.
"""

from __future__ import annotations

import io
import struct
import warnings

import numpy as np
from PIL import Image, ImageOps

__all__ = [
    "ALLOWED_FORMATS",
    "MAX_SIDE",
    "MAX_UPLOAD_BYTES",
    "ImageInputError",
    "image_to_mnist",
    "load_image",
    "to_mnist",
]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # bytes (10 MiB)
MAX_SIDE = 4096  # pixels per side; larger is rejected before decoding
# Pillow's detected format names. MPO is the multi-picture JPEG some cameras write.
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "BMP", "GIF", "MPO"}

_ACCEPTED_TYPES = "PNG, JPEG, WebP, BMP or GIF"  # for messages; MPO is "JPEG" to users

# MNIST geometry, in pixels.
_CANVAS = 28  # output side
_BOX = 20  # the digit's longer side after resizing
_CENTRE = 14.0  # target centre of mass (row and column, pixel-index coordinates)

# Intensities below are on the 0..255 scale.
_MIN_CONTRAST = 10.0  # weakest ink, above the background, that still counts as a digit
_CROP_FRACTION = 0.2  # pixels brighter than this share of the peak ink set the crop

# What Pillow's parsers raise on malformed or cut-off data, depending on the
# format plugin; to a visitor they all mean "this file cannot be read".
_PILLOW_READ_ERRORS = (
    OSError,  # includes UnidentifiedImageError
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    struct.error,
)

_NO_DIGIT = "No digit found: the image is blank or has no contrast."


class ImageInputError(ValueError):
    """Raised with a clear, user-facing message for any unusable image."""


def load_image(data: bytes) -> Image.Image:
    """Validate and decode uploaded bytes into an 8-bit grayscale ("L") image, ink/background untouched."""
    if not data:
        raise ImageInputError("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageInputError(
            f"The file is {len(data) / 2**20:.1f} MB, which is over the "
            f"{MAX_UPLOAD_BYTES / 2**20:.3g} MB upload limit. Please upload a smaller image."
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns above ~89 megapixels; MAX_SIDE below is far stricter
            # and gives the visitor a clearer message, so the warning is noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))  # reads the header only
    except Image.DecompressionBombError:
        raise ImageInputError(
            f"The image is too large to process safely. The limit is {MAX_SIDE} x {MAX_SIDE} pixels."
        ) from None
    except _PILLOW_READ_ERRORS:
        raise ImageInputError(
            f"This file is not a recognised image. Please upload a {_ACCEPTED_TYPES} image."
        ) from None

    with img:
        if img.format not in ALLOWED_FORMATS:
            raise ImageInputError(
                f"This file is a {img.format or 'unknown'} image, which is not supported. "
                f"Please upload a {_ACCEPTED_TYPES} image."
            )
        width, height = img.size  # from the header: nothing decoded yet
        if width > MAX_SIDE or height > MAX_SIDE:
            raise ImageInputError(
                f"The image is {width} x {height} pixels, which is larger than the "
                f"{MAX_SIDE} x {MAX_SIDE} pixel limit. Please upload a smaller image."
            )
        try:
            img.seek(0)  # animated GIF/WebP: the first frame is the picture
            img.load()
            # Phone photos store pixels sideways plus an EXIF "Orientation" tag.
            upright = ImageOps.exif_transpose(img)  # always a detached copy
        except _PILLOW_READ_ERRORS:
            raise ImageInputError(
                "The image file is truncated or corrupt, so it cannot be read. "
                "Please save or export it again and re-upload it."
            ) from None
    return _to_grayscale(upright)


def to_mnist(gray: Image.Image | np.ndarray) -> np.ndarray:
    """Return a float32 28x28 array in [0, 1], white digit (1.0) on black (0.0), made the way MNIST digits were made."""
    ink = _ink_on_black(_as_pixels(gray))
    canvas = _centre_by_mass(_fit_box(_crop_to_ink(ink)))
    return (canvas / canvas.max()).astype(np.float32)


def image_to_mnist(data: bytes) -> np.ndarray:
    """Decode uploaded bytes with ``load_image`` and prepare them with ``to_mnist``."""
    return to_mnist(load_image(data))


def _to_grayscale(img: Image.Image) -> Image.Image:
    """Convert any decoded mode to "L" without changing what is ink and what is paper."""
    mode = img.mode
    try:
        if mode.startswith("I;16") or mode == "I":
            return _wide_ints_to_l(np.asarray(img))
        if mode == "F":
            return _stretch_to_l(np.asarray(img, dtype=np.float64))
        if img.has_transparency_data:
            # Transparent areas are "no ink": show them as white paper, as a browser would.
            paper = Image.new("RGBA", img.size, (255, 255, 255, 255))
            return Image.alpha_composite(paper, img.convert("RGBA")).convert("L")
        return img.convert("L")  # RGB, CMYK, P, 1, YCbCr, ... via Pillow's luma
    except ValueError:
        raise ImageInputError(
            f"The image uses the {mode} colour mode, which is not supported. "
            "Please save it as an ordinary RGB or grayscale image."
        ) from None


def _wide_ints_to_l(values: np.ndarray) -> Image.Image:
    # Pillow's own convert("L") clips 16-bit samples at 255 instead of scaling
    # them, which turns almost every real 16-bit photo pure white.
    values = values.astype(np.float64)
    if values.min() < 0 or values.max() > 65535:
        # Not a plain 16-bit sample range: stretch what is there instead.
        return _stretch_to_l(values)
    # Full scale of the container: 8-bit data stored wide, or true 16-bit.
    full_scale = 255.0 if values.max() <= 255 else 65535.0
    return Image.fromarray(np.rint(values * (255.0 / full_scale)).astype(np.uint8))


def _stretch_to_l(values: np.ndarray) -> Image.Image:
    # Float images have no fixed range, so map their own min..max onto 0..255.
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)
    low, high = float(values.min()), float(values.max())
    span = high - low
    scaled = (values - low) * (255.0 / span) if span > 0 else np.zeros_like(values)
    return Image.fromarray(np.rint(scaled).astype(np.uint8))


def _as_pixels(gray: Image.Image | np.ndarray) -> np.ndarray:
    """Return a 2-D float64 array on the 0..255 scale."""
    if isinstance(gray, Image.Image):
        img = gray if gray.mode == "L" else _to_grayscale(gray)
        return np.asarray(img, dtype=np.float64)
    arr = np.asarray(gray)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(
            f"to_mnist expects a 2-D grayscale array, got shape {arr.shape}."
        )
    if arr.dtype == bool:
        return arr * 255.0
    values = arr.astype(np.float64)
    if not np.isfinite(values).all():
        raise ValueError("to_mnist got NaN or infinite pixel values.")
    if np.issubdtype(arr.dtype, np.floating) and values.max() <= 1.0:
        values = values * 255.0  # floats in [0, 1]
    if values.min() < 0 or values.max() > 255:
        raise ValueError("to_mnist expects pixel values in [0, 1] or [0, 255].")
    return values


def _ink_on_black(pixels: np.ndarray) -> np.ndarray:
    """Make the ink bright on a zero background (0..255 scale) or raise if there is none."""
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    background = float(np.median(border))  # the paper: what the frame mostly shows
    # The digit is whichever extreme lies further from the paper. A plain
    # "paper > 127" test would wipe out black ink on dark-grey paper.
    darker = background - pixels.min()
    brighter = pixels.max() - background
    if darker > brighter or (darker == brighter and background > 127):
        pixels = 255.0 - pixels
        background = 255.0 - background
    # Subtracting the paper level turns grey paper black, as in MNIST.
    ink = np.clip(pixels - background, 0.0, None)
    if ink.max() < _MIN_CONTRAST:
        raise ImageInputError(_NO_DIGIT)
    return ink


def _crop_to_ink(ink: np.ndarray) -> np.ndarray:
    mask = ink > _CROP_FRACTION * ink.max()  # ignores faint noise and paper texture
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _fit_box(crop: np.ndarray) -> np.ndarray:
    """Resize so the longer side is _BOX pixels, keeping the aspect ratio."""
    height, width = crop.shape
    scale = _BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))  # (w, h)
    # Resample in 32-bit float ("F") so anti-aliased edges are not quantised.
    as_float = Image.fromarray(crop.astype(np.float32))
    resized = as_float.resize(size, Image.Resampling.LANCZOS)
    # Lanczos overshoots a little beside sharp edges; negative ink means nothing.
    return np.clip(np.asarray(resized, dtype=np.float64), 0.0, None)


def _centre_by_mass(patch: np.ndarray) -> np.ndarray:
    """Paste the patch on a black 28x28 canvas with its centre of mass at (14, 14)."""
    total = patch.sum()
    if total <= 0:
        raise ImageInputError(_NO_DIGIT)
    rows, cols = np.indices(patch.shape)
    centre_row = (rows * patch).sum() / total
    centre_col = (cols * patch).sum() / total
    height, width = patch.shape
    # MNIST shifted by whole pixels; rounding the shift leaves the centroid
    # within half a pixel of the centre unless clamping keeps the digit on canvas.
    top = _whole_pixel_shift(_CENTRE - centre_row, _CANVAS - height)
    left = _whole_pixel_shift(_CENTRE - centre_col, _CANVAS - width)
    canvas = np.zeros((_CANVAS, _CANVAS), dtype=np.float64)
    canvas[top : top + height, left : left + width] = patch
    return canvas


def _whole_pixel_shift(ideal: float, largest: int) -> int:
    # floor(x + 0.5) rounds halves the same way every time, unlike round().
    return int(min(max(np.floor(ideal + 0.5), 0), largest))
