"""AppTests of the two CNN pages: model costs before training, the drawing canvas (a stand-in component whose
drawing is a known PNG; the prediction must equal the demo's own), the fallback to upload/camera when the
canvas component cannot be imported, the inside-the-network views, the CNN images page's picture prediction,
and its zip upload (a valid zip selects the new dataset; a bad one shows one error)."""

from __future__ import annotations

import io
import sys
import zipfile
from types import SimpleNamespace

import pytest
from conftest import ROOT, install_run, png_bytes
from PIL import Image
from streamlit.testing.v1 import AppTest

from core.imaging import image_to_mnist
from core.inference import load_finished
from core.ui import drawing
from core.vision_models import parameter_count


def _page(script: str, widgets: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(script)
    at.run()
    for key, value in widgets.items():
        widget = next(w for kind in (at.slider, at.number_input, at.selectbox, at.toggle)
                      for w in kind if w.key == key)
        widget.set_value(value)
    at.run()
    assert not at.exception, at.exception
    return at


CNN_TINY = {"cnn.epochs": 2, "cnn.width": 8, "cnn.batch_size": 64}
CIFAR_TINY = {"cnn-cifar10.arch": "seed", "cnn-cifar10.width": 8, "cnn-cifar10.epochs": 2,
              "cnn-cifar10.batch_size": 128, "cnn-cifar10.tta": False}


def _predictions(at) -> list[str]:
    return [m.value for m in at.markdown if "Prediction:" in m.value]


def test_canvas_drawing_is_classified_and_the_network_is_shown(installed_tiny, monkeypatch):
    drawn = png_bytes("one")
    strokes = SimpleNamespace(json_data={"objects": [{"type": "path"}]}, image_bytes=drawn)
    monkeypatch.setattr(drawing, "load_canvas", lambda: lambda **kwargs: strokes)
    at = _page("pages/cnn.py", CNN_TINY)
    run = installed_tiny
    probs = run.demo.predict(load_finished(run.store, run.key, run.demo, run.cfg), image_to_mnist(drawn)[None],
                             run.cfg)[0]
    best = int(probs.argmax())
    assert _predictions(at) == [f"### Prediction: **{best}** ({probs[best]:.1%})"]
    assert [t.label for t in at.tabs][:3] == ["Draw", "Upload an image", "Camera"]
    assert {"Feature maps", "First-layer filters", "Where it looked"} <= {t.label for t in at.tabs}
    model = run.demo.build_model(run.cfg)
    assert next(m.value for m in at.metric if m.label == "Parameters") == f"{parameter_count(model):,}"


def test_empty_canvas_predicts_nothing(installed_tiny, monkeypatch):
    empty = SimpleNamespace(json_data={"objects": []}, image_bytes=png_bytes("blank"))
    monkeypatch.setattr(drawing, "load_canvas", lambda: lambda **kwargs: empty)
    at = _page("pages/cnn.py", CNN_TINY)
    assert not _predictions(at) and not at.error


def test_canvas_import_failure_falls_back_to_upload_and_camera(installed_tiny, monkeypatch):
    monkeypatch.setitem(sys.modules, "streamlit_drawable_canvas", None)  # `import` now raises ImportError
    at = _page("pages/cnn.py", CNN_TINY)
    assert "Draw" not in [t.label for t in at.tabs]
    assert any("drawing canvas is not available" in c.value for c in at.caption)
    at.file_uploader(key="cnn-upload").upload("one.png", png_bytes("one"), "image/png").run()
    assert not at.exception and len(_predictions(at)) == 1


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_images_page_predicts_a_picture_like_the_demo(tiny_run, isolated_store):
    run = tiny_run("cnn-cifar10")
    install_run(run, isolated_store)
    at = _page("pages/cnn_cifar10.py", CIFAR_TINY)
    assert at.selectbox(key="cnn-cifar10.dataset").value == "shapes"  # no CIFAR-10 on disk here
    assert not at.error, [e.value for e in at.error]
    photo = _photo()
    at.file_uploader(key="cnn-cifar10-upload").upload("photo.jpg", photo, "image/jpeg").run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    expected = run.demo.predict_bytes(load_finished(run.store, run.key, run.demo, run.cfg), photo, run.cfg)
    assert _predictions(at) == [f"### Prediction: **{expected['label']}** ({expected['top'][0][1]:.1%})"]
    assert "Draw" not in [t.label for t in at.tabs]
    assert sum(1 for c in at.get("plotly_chart")) >= 4  # confusion, probabilities, feature maps, filters, CAM


def _zip(per_class: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, colour in (("red", (255, 0, 0)), ("green", (0, 255, 0)), ("blue", (0, 0, 255))):
            for i in range(per_class):
                image = io.BytesIO()
                Image.new("RGB", (16, 16), colour).save(image, format="PNG")
                archive.writestr(f"colours/{name}/{i}.png", image.getvalue())
    return buffer.getvalue()


@pytest.mark.parametrize("per_class, ok", [(5, True), (2, False)])
def test_zip_upload_selects_the_new_dataset_or_says_why_not(per_class, ok):
    at = _page("pages/cnn_cifar10.py", {})
    at.sidebar.file_uploader(key="cnn-cifar10-zip").upload("colours.zip", _zip(per_class), "application/zip").run()
    assert not at.exception, at.exception
    if ok:
        assert at.selectbox(key="cnn-cifar10.dataset").value == "upload"
        assert at.session_state["cnn-cifar10-initial"]["upload_id"] % 100 == 3  # hidden field: no widget
        assert not at.error, [e.value for e in at.error]
    else:
        assert [e.value for e in at.error] == ["Class 'blue' has 2 image(s); every class needs at least 4."]
        assert at.selectbox(key="cnn-cifar10.dataset").value == "shapes"
