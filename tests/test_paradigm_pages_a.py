"""AppTests of the self-supervised and transfer-learning pages: before training they show the augmented views and
a Train button; with the tiny run finished they show the run's own numbers (both accuracies and the gain from
meta.json), the embedding maps, and for an uploaded digit the predictions the demo itself makes; the transfer
page answers a bad zip with one error and selects a good one, and warns before an ImageNet download."""

from __future__ import annotations

import io
import zipfile

from conftest import ROOT, install_run, png_bytes
from PIL import Image
from streamlit.testing.v1 import AppTest

from core.imaging import image_to_mnist
from core.inference import load_finished
from core.registry import get_demo
from core.transfer import picture_input


def _open(script: str, widgets: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(script).run()
    for key, value in widgets.items():
        next(w for kind in (at.slider, at.number_input, at.selectbox, at.toggle) for w in kind
             if w.key == key).set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _tiny_widgets(name: str) -> dict:
    return {f"{name}.{field}": value for field, value in get_demo(name).presets["tiny"].items() if field != "dataset"}


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_ssl_page_shows_views_before_training():
    at = _open("pages/ssl.py", {})
    assert any(b.label == "Train" for b in at.button) and not at.error
    captions = [caption for element in at.image for caption in element.captions]
    assert "Top: the images. Middle and bottom: their two views." in captions


def test_ssl_page_shows_the_finished_run(tiny_run, isolated_store):
    run = tiny_run("ssl")
    install_run(run, isolated_store)
    at = _open("pages/ssl.py", _tiny_widgets("ssl"))
    final = run.meta["final"]
    metrics = _metrics(at)
    assert metrics["Linear probe"] == f"{final['test_acc']:.1%}"
    assert metrics["Supervised baseline"] == f"{final['supervised_acc']:.1%}"
    assert metrics["Gain"] == f"{100 * (final['test_acc'] - final['supervised_acc']):+.1f} points"
    assert len(at.get("plotly_chart")) >= 3  # accuracy per epoch and the two maps
    digit = png_bytes("one")
    at.file_uploader(key="ssl-upload").upload("one.png", digit, "image/png").run()
    assert not at.exception and not at.error
    probs = run.demo.predict(load_finished(run.store, run.key, run.demo, run.cfg), image_to_mnist(digit)[None], run.cfg)
    best = int(probs["probe"][0].argmax())
    assert f"**Contrastive encoder + linear probe**: {best} ({probs['probe'][0][best]:.0%})" in [m.value for m in
                                                                                                   at.markdown]


def test_transfer_page_shows_the_finished_run(tiny_run, isolated_store):
    run = tiny_run("transfer")
    install_run(run, isolated_store)
    at = _open("pages/transfer.py", _tiny_widgets("transfer"))
    final = run.meta["final"]
    metrics = _metrics(at)
    assert metrics["Transferred (frozen)"] == f"{final['test_acc']:.1%}"
    assert metrics["CNN from scratch"] == f"{final['scratch_acc']:.1%}"
    assert any("Source: own CNN pretrained on" in c.value for c in at.caption)
    digit = png_bytes("one")
    at.file_uploader(key="transfer-upload").upload("one.png", digit, "image/png").run()
    assert not at.exception and not at.error
    model = load_finished(run.store, run.key, run.demo, run.cfg)
    probs = run.demo.predict(model, picture_input(digit, run.cfg)[None], run.cfg)["transfer"][0]
    best = int(probs.argmax())
    assert f"**Transferred (frozen)**: {'56789'[best]} ({probs[best]:.0%})" in [m.value for m in at.markdown]


def _zip(per_class: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, colour in (("red", (255, 0, 0)), ("blue", (0, 0, 255))):
            for i in range(per_class):
                image = io.BytesIO()
                Image.new("RGB", (16, 16), colour).save(image, format="PNG")
                archive.writestr(f"{name}/{i}.png", image.getvalue())
    return buffer.getvalue()


def test_transfer_zip_upload_and_imagenet_notice():
    at = _open("pages/transfer.py", {})
    at.sidebar.file_uploader(key="transfer-zip").upload("bad.zip", _zip(2), "application/zip").run()
    assert [e.value for e in at.error] == ["Class 'blue' has 2 image(s); every class needs at least 4."]
    at.sidebar.file_uploader(key="transfer-zip").upload("good.zip", _zip(5), "application/zip").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="transfer.dataset").value == "upload"
    at.selectbox(key="transfer.backbone").set_value("resnet18").run()
    assert any("ImageNet weights of resnet18" in i.value for i in at.info)
