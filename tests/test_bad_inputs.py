"""Bad inputs through the app itself (issue #9, part 1): every upload widget gets hostile and odd files, each
answered with one clear message (or, for odd-but-valid files, a result), and the same browser session keeps
working afterwards.

The parsers' unit tests (test_imaging, test_vision_data, test_tabular, test_text) pin the exact rules; here
the question is what a visitor sees. One AppTest session per page lives for the whole module (`session`), so
each case runs in a session that has already swallowed every earlier case. All fixtures are built in code.
Oracles: for images the page's prediction equals the demo's own pipeline on the same bytes; for errors, the
message names the problem (the parsers' wording), and there is exactly one error and no traceback.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from browser_support import save_figures
from conftest import ROOT
from PIL import Image, ImageDraw
from streamlit.testing.v1 import AppTest
from test_app import _cnn_page_tiny
from test_imaging import zero_png
from test_vision_data import _zip

from core.datasets import DIGIT_DATASETS
from core.imaging import MAX_UPLOAD_BYTES, image_to_mnist
from core.inference import load_finished

FIGURES: dict[str, str] = {}  # case -> what the visitor got; written to tests/artifacts/reliability.json
_SESSIONS: dict[str, AppTest] = {}


# --- fixtures built in code --------------------------------------------------------------------------
def _encode(img: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _digit_one(size: int = 120, turned: bool = False) -> Image.Image:
    """A dark "1" on light paper; `turned` draws it lying down (for an EXIF rotation to stand it up)."""
    img = Image.new("L", (size, size), 250)
    box = [size * 0.15, size * 0.44, size * 0.85, size * 0.56] if turned else \
        [size * 0.44, size * 0.15, size * 0.56, size * 0.85]
    ImageDraw.Draw(img).rectangle(box, fill=10)
    return img


def _exif_rotated() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the viewer turns the stored pixels 90 degrees clockwise
    return _encode(_digit_one(turned=True).convert("RGB"), "JPEG", exif=exif.tobytes())


def _truncated_jpeg() -> bytes:
    noise = np.random.default_rng(0).integers(0, 256, (160, 160), dtype=np.uint8)
    data = _encode(Image.fromarray(noise), "JPEG")
    return data[: len(data) // 2]


IMAGES = {  # case -> (bytes, None for "gets a prediction" or the phrase the error must contain)
    "grayscale-png": (lambda: _encode(_digit_one(), "PNG"), None),
    "not-an-image": (lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj", "not a recognised image"),
    "palette-gif": (lambda: _encode(_digit_one().convert("P"), "GIF"), None),
    "empty-file": (lambda: b"", "The file is empty."),
    "rgba-png": (lambda: _encode(_digit_one().convert("RGBA"), "PNG"), None),
    "truncated-jpeg": (_truncated_jpeg, "truncated or corrupt"),
    "cmyk-jpeg": (lambda: _encode(_digit_one().convert("CMYK"), "JPEG"), None),
    "decompression-bomb-10000x10000-png": (lambda: zero_png(10_000, 10_000), "10000 x 10000 pixels"),
    "16-bit-png": (lambda: _encode(Image.fromarray(np.asarray(_digit_one(), np.uint16) * 257), "PNG"), None),
    "over-10-MB": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(MAX_UPLOAD_BYTES), "upload limit"),
    "exif-rotated-jpeg": (_exif_rotated, None),
}


def _good_zip() -> bytes:
    colours = {"reds": (220, 30, 30), "blues": (30, 30, 220)}
    return _zip({f"{name}/{i}.png": _encode(Image.new("RGB", (32, 32), colour), "PNG")
                 for name, colour in colours.items() for i in range(5)})


ZIPS = {
    "traversal-name": (lambda: _zip({"cats/1.png": b"x", "../../etc/evil.png": b"x"}), "unsafe file name"),
    "zip-bomb": (lambda: _zip({"cats/bomb.png": bytes(9 * 2**20), "dogs/1.png": b"x"}), "-fold"),
    "too-many-files": (lambda: _zip({f"c{i % 2}/{i}.png": b"" for i in range(5001)}, zipfile.ZIP_STORED),
                       "5001 files"),
    "not-a-zip": (lambda: b"PK\x03\x04 but nothing else", "not a readable zip"),
    "good-zip": (_good_zip, None),
}

CSVS = {
    "nan-and-inf": (b"x,y\n1,2\n2,nan\ninf,3\n4,5\n5,7\n", None),
    "text-columns": (b"name,city\nann,paris\nbob,rome\n", "numeric column"),
    "a-million-rows": (b"x,y\n" + b"1,2\n" * 1_000_000, "more than 200,000 rows"),
    "not-utf-8": ("x,y\n1,2\ncaf\xe9,3\n".encode("latin-1"), "not UTF-8"),
    "empty-csv": (b"", "The file is empty."),
    "ragged-rows": (b"x,y\n1,2,3\n4\n", "Line 2 has 3 fields"),
    "binary": (bytes(range(256)) * 4, "not UTF-8"),
    "good-csv": (b"x,y\n" + b"".join(f"{i},{2 * i + 1}\n".encode() for i in range(30)), None),
}

LABELLED_CSVS = {
    "not-utf-8-text": ("text,label\ncaf\xe9 ok,pos\n".encode("latin-1"), "not UTF-8"),
    "no-label-column": (b"sentence\nfine film\n", "label column"),
    "utf-16": ("text,label\nfine,pos\n".encode("utf-16"), "UTF-16"),
    "huge-text-cell": (b"text,label\n" + b"".join(b"%s,%s\n" % (b"word " * 20_000, lab)
                                                  for lab in (b"pos", b"neg") * 5), None),
}


# --- sessions ----------------------------------------------------------------------------------------
def _session(page: str) -> AppTest:
    """The module's one AppTest for `page` (built on first use). Every test gets a fresh run store, and the
    session's next rerun builds its run manager on that store, so the finished tiny run must be there."""
    if page not in _SESSIONS:
        if page == "cnn":
            _SESSIONS[page] = _cnn_page_tiny()
        else:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.run()
            at.switch_page(f"pages/{page}.py")
            at.run()
            assert not at.exception, at.exception
            _SESSIONS[page] = at
    return _SESSIONS[page]


def _upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=key).upload(name, data, "application/octet-stream")
    at.run()
    assert not at.exception, at.exception
    return at


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _expect(at: AppTest, case: str, expected: str | None) -> None:
    """One error naming the problem, or none at all."""
    errors = _errors(at)
    if expected is None:
        assert not errors, (case, errors)
        FIGURES[case] = "accepted"
    else:
        assert len(errors) == 1 and expected in errors[0], (case, errors)
        assert "\n" not in errors[0].strip() and "Traceback" not in errors[0]
        FIGURES[case] = errors[0]


@pytest.fixture(scope="module", autouse=True)
def _write_figures():
    yield
    save_figures("bad_inputs", {"cases": len(FIGURES), "answers": dict(sorted(FIGURES.items()))})


# --- tests -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", IMAGES)
def test_digit_upload(case, installed_tiny):
    make, expected = IMAGES[case]
    data = make()
    at = _upload(_session("cnn"), "cnn-upload", f"{case}.png", data)  # a .png name: the content decides
    _expect(at, case, expected)
    predictions = [m.value for m in at.markdown if "Prediction" in m.value]
    if expected is not None:
        assert not predictions
        return
    run = installed_tiny
    probs = run.demo.predict(load_finished(run.store, run.key, run.demo, run.cfg), image_to_mnist(data)[None],
                             run.cfg)[0]
    best = int(probs.argmax())
    assert len(predictions) == 1 and f"**{best}**" in predictions[0] and f"{probs[best]:.1%}" in predictions[0]


@pytest.mark.parametrize("case", ZIPS)
def test_class_zip_upload(case):
    make, expected = ZIPS[case]
    at = _upload(_session("cnn_cifar10"), "cnn-cifar10-zip", f"{case}.zip", make())
    _expect(at, case, expected)
    dataset = at.selectbox(key="cnn-cifar10.dataset").value
    assert dataset == ("upload" if expected is None else "shapes")  # a rejected zip changes nothing


@pytest.mark.parametrize("case", CSVS)
def test_csv_upload(case):
    data, expected = CSVS[case]
    at = _session("linreg")
    if at.radio(key="linreg-source").value != "Upload a CSV":
        at.radio(key="linreg-source").set_value("Upload a CSV").run()
    _upload(at, "linreg-upload", f"{case}.csv", data)
    _expect(at, case, expected)
    if expected is None:
        assert at.dataframe, "the accepted table is shown"


@pytest.mark.parametrize("case", LABELLED_CSVS)
def test_labelled_text_upload(case):
    data, expected = LABELLED_CSVS[case]
    _expect(_upload(_session("rnn"), "rnn-upload", f"{case}.csv", data), case, expected)


BAD_QUERIES = {"epochs": "-5", "lr": "abc", "dataset": "../../etc/passwd", "width": "9" * 400,
               "lang": "<script>alert(1)</script>", "page": "\x00"}


@pytest.mark.parametrize("page", ["home", "cnn", "linreg"])
def test_bad_query_parameters_are_ignored_or_explained(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(BAD_QUERIES)
    at.run()
    if page != "home":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, at.exception
    assert len(_errors(at)) <= 1
    warnings = [w.value for w in at.warning]
    if page == "cnn":  # the settings fall back to valid values, and the visitor is told which were dropped
        assert at.slider(key="cnn.epochs").value >= 1
        assert at.selectbox(key="cnn.dataset").value in DIGIT_DATASETS
        assert len(warnings) == 1 and all(name in warnings[0] for name in ("epochs", "lr", "dataset", "width"))
    FIGURES[f"query-{page}"] = (_errors(at) or warnings or ["ignored"])[0]

