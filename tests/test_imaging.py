"""Known-answer tests for core.imaging; every fixture is drawn in code with Pillow/numpy."""

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFile

from core import imaging
from core.imaging import ImageInputError, image_to_mnist, load_image, to_mnist

SIZE = 100  # side of most test drawings, pixels
# A "1": a 10x60 px stem plus a flag at the top left (inclusive corners x0, y0, x1, y1).
# The flag makes it lopsided so its centre of mass does not sit exactly on a
# half-pixel, where a lossy codec's tiny changes could flip the whole-pixel shift.
ONE = [(45, 20, 54, 79), (30, 20, 44, 25)]


def drawing(boxes=ONE, ink=0, paper=255, size=(SIZE, SIZE)):
    """Filled rectangles of `ink` on `paper`, mode "L"."""
    img = Image.new("L", size, paper)
    for box in boxes:
        ImageDraw.Draw(img).rectangle(box, fill=ink)
    return img


def encode(img, fmt, **options):
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


def ink_extent(out, level=0.1):
    """(height, width) of the bounding box of pixels brighter than `level`."""
    rows = np.flatnonzero((out > level).any(axis=1))
    cols = np.flatnonzero((out > level).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def centre_of_mass(out):
    rows, cols = np.indices(out.shape)
    return (rows * out).sum() / out.sum(), (cols * out).sum() / out.sum()


def assert_mnist_like(out):
    assert out.dtype == np.float32 and out.shape == (28, 28)
    assert out.min() == 0.0 and out.max() == pytest.approx(1.0)
    for centre in centre_of_mass(out):  # whole-pixel shifts: within half a pixel of 14
        assert 13.5 - 1e-3 <= centre <= 14.5 + 1e-3


REFERENCE = to_mnist(drawing())  # black "1" on white paper


# --- to_mnist: the MNIST recipe -------------------------------------------


def test_polarity_does_not_matter_and_output_contract():
    white_on_black = to_mnist(drawing(ink=255, paper=0))
    assert np.abs(white_on_black - REFERENCE).max() < 1e-5
    assert_mnist_like(REFERENCE)
    assert REFERENCE[14, 14] > 0.5  # the stroke is bright
    # The background is exactly black.
    assert REFERENCE[0, 0] == REFERENCE[27, 27] == REFERENCE[14, 0] == 0.0


def test_digit_fits_a_20_pixel_box():
    height, width = ink_extent(REFERENCE)
    assert 19 <= height <= 20 and width <= 20


# 80x40 and 40x80 rectangles must come out 20x10 and 10x20 (height, width).
@pytest.mark.parametrize(
    ("box", "expected"), [((10, 30, 89, 69), (10, 20)), ((30, 10, 69, 89), (20, 10))]
)
def test_aspect_ratio_is_preserved(box, expected):
    height, width = ink_extent(to_mnist(drawing([box])))
    assert abs(height - expected[0]) <= 1 and abs(width - expected[1]) <= 1


def test_lopsided_digit_is_centred_by_mass_not_by_box():
    seven = [(20, 20, 79, 29), (70, 20, 79, 89)]  # top stroke and right-hand stem
    out = to_mnist(drawing(seven))
    assert_mnist_like(out)
    assert max(ink_extent(out)) >= 19


def test_small_off_centre_digit_in_large_image_ends_centred():
    corner_bar = [(10, 15, 17, 44)]  # 8x30 px, far from the centre of a 300x200 page
    out = to_mnist(drawing(corner_bar, size=(300, 200)))
    assert_mnist_like(out)
    assert 19 <= ink_extent(out)[0] <= 20


@pytest.mark.parametrize(("paper", "ink"), [(200, 60), (100, 0), (60, 230)])
def test_grey_paper_and_chalkboard_match_white_paper(paper, ink):
    out = to_mnist(drawing(ink=ink, paper=paper))
    assert np.abs(out - REFERENCE).max() < 1e-4


def test_array_and_image_inputs_agree():
    pixels = np.asarray(drawing())
    for variant in (pixels, pixels / 255.0, pixels.astype(np.float32), pixels > 127):
        assert np.abs(to_mnist(variant) - REFERENCE).max() < 1e-5


def test_float_mode_image_is_stretched_by_its_own_range():
    values = np.where(np.asarray(drawing()) > 0, 1000.0, -5.0).astype(np.float32)
    assert np.abs(to_mnist(Image.fromarray(values)) - REFERENCE).max() < 1e-4


@pytest.mark.parametrize(("paper", "ink"), [(255, 255), (0, 0), (128, 128), (200, 195)])
def test_blank_or_low_contrast_image_has_no_digit(paper, ink):
    with pytest.raises(ImageInputError, match="No digit found"):
        to_mnist(drawing(ink=ink, paper=paper))


def test_wrong_array_shape_is_a_programming_error():
    with pytest.raises(ValueError, match="2-D"):
        to_mnist(np.zeros((4, 4, 3), dtype=np.uint8))


# --- load_image: colour modes, orientation, formats -------------------------


def transparent(mode):
    """A black stroke on fully transparent paper whose colour is *also* black,
    so only proper compositing onto white reveals the digit."""
    if mode == "RGBA":
        img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
        for box in ONE:
            ImageDraw.Draw(img).rectangle(box, fill=(0, 0, 0, 255))
        return encode(img, "PNG")
    img = Image.new("P", (SIZE, SIZE), 0)
    img.putpalette([0, 0, 0] * 2)  # index 0 = paper, index 1 = ink, both black
    for box in ONE:
        ImageDraw.Draw(img).rectangle(box, fill=1)
    return encode(img, "GIF", transparency=0)


def sixteen_bit():
    values = np.where(np.asarray(drawing()) > 0, 65535, 0).astype(np.uint16)
    return encode(Image.fromarray(values), "PNG")


SOURCES = {
    "L": (lambda: encode(drawing(), "PNG"), "L"),
    "P": (lambda: encode(drawing().convert("P"), "PNG"), "P"),
    "1": (lambda: encode(drawing().convert("1"), "PNG"), "1"),
    "CMYK": (lambda: encode(drawing().convert("CMYK"), "JPEG", quality=95), "CMYK"),
    "I;16": (sixteen_bit, "I;16"),
    "RGBA": (lambda: transparent("RGBA"), "RGBA"),
    "P+transparency": (lambda: transparent("P"), "P"),
}


@pytest.mark.parametrize("name", SOURCES)
def test_colour_modes_decode_to_grayscale_with_ink_as_drawn(name):
    build, source_mode = SOURCES[name]
    data = build()
    assert Image.open(io.BytesIO(data)).mode == source_mode  # the fixture is honest
    gray = load_image(data)
    assert gray.mode == "L" and gray.size == (SIZE, SIZE)
    assert gray.getpixel((2, 2)) > 220  # white paper
    assert gray.getpixel((50, 50)) < 35  # dark ink
    assert np.abs(image_to_mnist(data) - REFERENCE).max() < 0.1


def test_sixteen_bit_is_scaled_not_clipped():
    # Pillow's convert("L") would clip 32896 to 255; honest scaling divides by 257.
    values = np.array([[0, 257, 32896, 65535]], dtype=np.uint16)
    gray = load_image(encode(Image.fromarray(values), "PNG"))
    assert list(np.asarray(gray)[0]) == [0, 1, 128, 255]


@pytest.mark.parametrize(("orientation", "turn"), [(6, 90), (8, -90)])
def test_exif_rotated_photo_comes_out_upright(orientation, turn):
    # A tall picture with an ink blob at the top, stored sideways as a phone does.
    upright = drawing([(10, 5, 29, 24)], size=(40, 100))
    stored = upright.rotate(turn, expand=True)
    exif = Image.Exif()
    exif[0x0112] = orientation  # EXIF Orientation: "rotate me to display"
    gray = load_image(encode(stored, "JPEG", exif=exif, quality=95))
    assert gray.size == (40, 100)
    ink_rows = np.nonzero(np.asarray(gray) < 128)[0]
    assert ink_rows.max() < 30


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "GIF"])
def test_allowed_formats_load(fmt):
    gray = load_image(encode(drawing(), fmt))
    assert gray.mode == "L" and gray.size == (SIZE, SIZE)
    assert_mnist_like(to_mnist(gray))


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animation_uses_first_frame(fmt):
    first = drawing().convert("RGB")  # the upright "1"
    second = drawing([(20, 45, 79, 54)]).convert("RGB")  # a horizontal bar
    data = encode(first, fmt, save_all=True, append_images=[second], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 2
    height, width = ink_extent(image_to_mnist(data))
    assert height > 2 * width  # the vertical bar of frame 0


NOT_IMAGES = {
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "text": b"just some text, not a picture\n",
    "random": np.random.default_rng(0).bytes(4096),
    "png-signature-only": b"\x89PNG\r\n\x1a\n" + b"garbage" * 20,
}


@pytest.mark.parametrize("name", NOT_IMAGES)
def test_non_images_are_rejected_by_content(name):
    expected = "not a recognised image.*PNG, JPEG, WebP, BMP or GIF"
    with pytest.raises(ImageInputError, match=expected):
        load_image(NOT_IMAGES[name])


@pytest.mark.parametrize("fmt", ["TIFF", "PPM"])
def test_real_image_in_unsupported_format_names_the_format(fmt):
    with pytest.raises(ImageInputError, match=f"a {fmt} image, which is not supported"):
        load_image(encode(drawing(), fmt))


# --- load_image: hostile or broken uploads ----------------------------------


def test_empty_file():
    with pytest.raises(ImageInputError, match=r"^The file is empty\.$"):
        load_image(b"")


def test_upload_over_the_byte_limit():
    with pytest.raises(ImageInputError, match="over the 10 MB upload limit"):
        load_image(bytes(imaging.MAX_UPLOAD_BYTES + 1))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file(fmt):
    noise = np.random.default_rng(1).integers(0, 256, (200, 200), dtype=np.uint8)
    data = encode(Image.fromarray(noise), fmt)  # noise: many bytes per row
    with pytest.raises(ImageInputError, match="truncated or corrupt"):
        load_image(data[: len(data) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # nobody switched the safety off


def zero_png(width, height):
    """A valid, all-black 1-bit PNG built by hand: megapixels cost only kilobytes."""

    def chunk(kind, body):
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grayscale
    rows = bytes((1 + (width + 7) // 8) * height)  # filter byte + packed bits, per row
    pixels = zlib.compress(rows, 9)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.fixture
def no_decoding(monkeypatch):
    """Make any pixel decoding fail loudly (PNG files decode via ImageFile.load)."""

    def refuse(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


@pytest.mark.parametrize(("width", "height"), [(10_000, 10_000), (4097, 1)])
def test_oversized_image_rejected_from_header(no_decoding, width, height):
    data = zero_png(width, height)
    assert len(data) < 100_000
    expected = f"{width} x {height} pixels.*4096 x 4096"
    with pytest.raises(ImageInputError, match=expected):
        load_image(data)


def test_pillow_decompression_bomb_error_is_friendly(no_decoding):
    with pytest.raises(ImageInputError, match="too large.*4096 x 4096"):
        load_image(zero_png(20_000, 10_000))  # past Pillow's own hard limit


def test_largest_allowed_side_loads():
    assert load_image(zero_png(4096, 1)).size == (4096, 1)
