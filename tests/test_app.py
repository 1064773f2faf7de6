"""Tests for the Streamlit app through streamlit.testing.v1.AppTest: the home page, and the CNN page's
train -> live progress -> results -> try-your-own-digit flow.

The conftest's autouse fixture gives each test an empty run store and clears the cached `run_manager()`,
so every AppTest builds its manager on that store. Oracles: the demo registry for the home cards, the
run's meta.json for the shown test accuracy, the widget-derived run key for the Train button, and the
demo's own prediction for an uploaded digit.
"""

from __future__ import annotations

import time

import pytest
from conftest import ROOT, png_bytes
from streamlit.testing.v1 import AppTest

from core.imaging import image_to_mnist
from core.inference import load_finished
from core.manager import RunManager
from core.registry import DEMOS
from core.store import RunStore

TINY_WIDGETS = {"cnn.epochs": 2, "cnn.width": 8, "cnn.batch_size": 64}


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _cnn_page_tiny() -> AppTest:
    """The CNN page with the sidebar set to the tiny preset (the same config, so the same run key)."""
    at = _app()
    at.switch_page("pages/cnn.py")
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="cnn.dataset").value == "digits"  # no MNIST in the (empty) data dir
    at.slider(key="cnn.epochs").set_value(TINY_WIDGETS["cnn.epochs"])
    at.slider(key="cnn.width").set_value(TINY_WIDGETS["cnn.width"])
    at.number_input(key="cnn.batch_size").set_value(TINY_WIDGETS["cnn.batch_size"])
    at.run()
    assert not at.exception, at.exception
    return at


def _labels(widgets) -> list[str]:
    return [w.label for w in widgets]


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_home_shows_a_card_per_demo():
    at = _app()
    shown = [demo for demo in DEMOS.values() if (ROOT / demo.page).is_file()]
    titles = [m.value for m in at.markdown]
    for demo in shown:
        assert f"**{demo.title}**" in titles
        assert any(demo.summary in m.value for m in at.markdown)
    assert [c.value for c in at.caption].count("No finished run yet.") == len(shown)


def test_home_shows_the_best_cached_result(installed_tiny):
    at = _app()
    expected = f"{installed_tiny.meta['final']['test_acc']:.2%}"
    assert _metric(at, "Best cached result (Test accuracy)") == expected  # the name, not the key


def test_cnn_page_trains_and_shows_results(isolated_store):
    at = _cnn_page_tiny()
    demo = DEMOS["cnn"]
    key = RunManager(RunStore(isolated_store), "unused").key_for(demo, demo.config(preset="tiny"))
    assert "Test accuracy" not in [m.label for m in at.metric]
    at.button(key=f"train-{key}").click().run()
    assert not at.exception, at.exception
    deadline = time.monotonic() + 60
    while "Stop" in _labels(at.button) or "Train" in _labels(at.button):
        assert time.monotonic() < deadline, "training did not finish within 60 s"
        time.sleep(0.5)
        at.run()
        assert not at.exception, at.exception
    meta = RunStore(isolated_store).read_meta(key)
    assert meta["status"] == "done"
    assert not at.error, [e.value for e in at.error]
    assert _metric(at, "Test accuracy") == f"{meta['final']['test_acc']:.2%}"
    assert _metric(at, "Epochs") == "2"
    assert "Retrain" in _labels(at.button)
    assert "Confusion matrix (test set)" in [s.value for s in at.subheader]


def test_uploaded_digit_gets_a_prediction(installed_tiny):
    at = _cnn_page_tiny()
    run = installed_tiny
    assert _metric(at, "Test accuracy") == f"{run.meta['final']['test_acc']:.2%}"
    image = png_bytes("one")
    at.file_uploader(key="cnn-upload").upload("one.png", image, "image/png")
    at.run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    probs = run.demo.predict(load_finished(run.store, run.key, run.demo, run.cfg), image_to_mnist(image)[None],
                             run.cfg)[0]
    best = int(probs.argmax())
    predictions = [m.value for m in at.markdown if "Prediction:" in m.value]
    assert predictions == [f"### Prediction: **{best}** ({probs[best]:.1%})"]


@pytest.mark.parametrize("content", [b"not an image", b"\x89PNG\r\n\x1a\n garbage after a PNG signature"])
def test_bad_upload_shows_a_clear_error(installed_tiny, content):
    at = _cnn_page_tiny()
    at.file_uploader(key="cnn-upload").upload("x.png", content, "image/png")
    at.run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "not a recognised image" in errors[0]
    assert not [m.value for m in at.markdown if "Prediction:" in m.value]
