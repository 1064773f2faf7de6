"""AppTests of the GAN and VAE pages: each trains its tiny config from the sidebar as a background run, then
shows results that agree with the finished run (metrics from meta.json, the GIF of every epoch's grid, the
VAE's scores for an uploaded digit from the demo's own predict) and answers a bad upload with one error."""

from __future__ import annotations

import io
import time

import pytest
from conftest import ROOT, png_bytes
from PIL import Image
from streamlit.testing.v1 import AppTest

from core.imaging import image_to_mnist
from core.inference import load_finished
from core.registry import get_demo
from core.ui.resources import run_manager


def _set(at: AppTest, values: dict) -> AppTest:
    for key, value in values.items():
        widget = next(w for w in [*at.slider, *at.number_input, *at.selectbox] if w.key == key)
        widget.set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _train(at: AppTest, timeout: float = 240) -> AppTest:
    next(b for b in at.button if b.label == "Train").click().run()
    deadline = time.monotonic() + timeout
    while not any(b.label == "Retrain" for b in at.button):
        assert time.monotonic() < deadline, "training did not finish"
        assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
        time.sleep(0.5)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _open(path: str, demo_name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    tiny = get_demo(demo_name).presets["tiny"]
    return _set(at, {f"{demo_name}.{name}": value for name, value in tiny.items() if name != "dataset"})


def test_gan_page_trains_scores_and_plays_back():
    at = _train(_open("pages/gan.py", "gan"))
    demo, manager = get_demo("gan"), run_manager()
    cfg = demo.config(preset="tiny")
    key = manager.key_for(demo, cfg)
    final = manager.store.read_meta(key)["final"]
    metrics = _metrics(at)
    assert metrics["FID (classifier features)"] == f"{final['fid']:.2f}"
    assert metrics["Real vs real baseline"] == f"{final['fid_real']:.2f}"
    assert metrics["Class entropy"] == f"{final['class_entropy']:.2f} bits"
    assert any(b.label == "Download the animation (GIF)" for b in at.get("download_button"))
    assert Image.open(io.BytesIO(_gif_bytes(demo, cfg, key))).n_frames == cfg.epochs
    _set(at, {"gan-count": 5, "gan-seed-a": 3})
    assert not at.error


def _gif_bytes(demo, cfg, key) -> bytes:
    from core.generative import animated_gif, image_grid

    model = load_finished(run_manager().store, key, demo, cfg)
    return animated_gif([image_grid(model.history[e, :, None].numpy(), 8) for e in range(cfg.epochs)])


def test_vae_page_trains_and_encodes_an_upload():
    at = _train(_open("pages/vae.py", "vae"))
    demo, manager = get_demo("vae"), run_manager()
    cfg = demo.config(preset="tiny")
    key = manager.key_for(demo, cfg)
    final = manager.store.read_meta(key)["final"]
    assert _metrics(at)["Test −ELBO"] == f"{final['test_loss']:.1f} nats"
    assert at.get("plotly_chart")  # ELBO split, latent scatter
    at.file_uploader(key="vae-upload").set_value(("one.png", png_bytes("one"), "image/png")).run()
    assert not at.exception and not at.error
    expected = demo.predict(load_finished(manager.store, key, demo, cfg), image_to_mnist(png_bytes("one"))[None], cfg)
    assert _metrics(at)["−ELBO of your digit"] == f"{expected['neg_elbo'][0]:.1f} nats"
    at.file_uploader(key="vae-upload").set_value(("bad.png", b"not an image", "image/png")).run()
    assert not at.exception and len(at.error) == 1


@pytest.mark.parametrize("path", ["pages/gan.py", "pages/vae.py"])
def test_pages_offer_training_before_any_run(path):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(path).run()
    assert not at.exception and any(b.label == "Train" for b in at.button)
