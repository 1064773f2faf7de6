"""The app in a real browser (issue #9, part 5): Playwright driving Debian's Chromium against
`streamlit run app.py` on localhost. Marked `browser` (deselect with `-m "not browser"`); skipped with the
reason when playwright or Chromium is missing. Playwright never downloads a browser here: it launches
/usr/bin/chromium through `executable_path`.

- Every page (home, each registered demo with a page, runs/claims when they exist) opens without Streamlit's
  exception box (`stException`); a screenshot of each goes to tests/artifacts/browser/.
- CNN page, tiny settings by deep link with another seed and batch 8 (a run nobody trained; the curve needs 10
  steps, 80 images, even on a crowded machine): Train, and the live Plotly learning curve appears.
- CNN page on the tiny run installed in the server's store: uploading a digit shows "Prediction: **k**" where
  k is what the demo predicts for those bytes in this process.
- The language switch turns the CNN page's title into its Chinese translation.
The server runs on a free port with its own run store ($DLDEMO_CHECKPOINTS) and an empty data folder.
"""

from __future__ import annotations

import os
import time

import pytest
from browser_support import ARTIFACTS, CHROMIUM_FLAGS, StreamlitServer, chromium_path, save_figures
from conftest import ROOT, install_run, png_bytes

from core.i18n import translate
from core.imaging import image_to_mnist
from core.inference import load_finished
from core.registry import DEMOS

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if chromium_path() is None:
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

SHOTS = ARTIFACTS / "browser"
PAGE_SECONDS = 60  # the longest a page may take to finish its first run on a busy 2-core machine
TINY = "epochs=2&width=8&batch_size=64&dataset=digits"


def _page_urls() -> list[str]:
    demos = [d.name for d in DEMOS.values() if (ROOT / d.page).is_file()]
    extras = [name for name in ("runs", "claims") if (ROOT / "pages" / f"{name}.py").is_file()]
    return ["", *demos, *extras]


@pytest.fixture(scope="module")
def server(tiny_run, tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    (base / "data").mkdir()
    install_run(tiny_run("cnn"), base / "checkpoints")
    env = {**os.environ, "DLDEMO_CHECKPOINTS": str(base / "checkpoints"), "DLDEMO_DATA_DIR": str(base / "data")}
    SHOTS.mkdir(parents=True, exist_ok=True)
    app = StreamlitServer(env)
    yield app
    app.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    yield tab
    context.close()


def _open(page, server, url: str):
    """Go to the page and wait until Streamlit has drawn it and finished running the script."""
    page.goto(f"{server.url}/{url}", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=PAGE_SECONDS * 1000)
    _settle(page)


def _settle(page, seconds: float = PAGE_SECONDS) -> None:
    """Wait until the 'Running...' indicator has been gone for a moment (the script finished)."""
    deadline, quiet_since = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 0.8:
            return
        page.wait_for_timeout(200)


def _exceptions(page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def test_every_page_opens_without_an_exception(page, server):
    opened = []
    for url in _page_urls():
        _open(page, server, url)
        page.screenshot(path=str(SHOTS / f"{url or 'home'}.png"), full_page=True)
        assert not _exceptions(page), (url, _exceptions(page))
        opened.append(url or "home")
    save_figures("browser", {"pages_opened_without_exception": len(opened), "pages": opened,
                             "server_startup_seconds": round(server.startup_seconds, 1)})


def test_training_shows_the_live_chart(page, server):
    _open(page, server, "")  # the session starts at home, so the deep link below goes through app.py
    _open(page, server, "cnn?epochs=2&width=8&batch_size=8&dataset=digits&seed=7")  # 10 steps: 80 images
    assert "seed=7" in page.url, f"the link's settings were replaced: {page.url}"
    charts = page.locator('[data-testid="stPlotlyChart"]').filter(visible=True)
    assert not charts.count()  # nothing trained with these settings yet, so no curves
    page.get_by_role("button", name="Train", exact=True).click()
    clicked = time.perf_counter()
    try:
        charts.first.wait_for(timeout=2 * PAGE_SECONDS * 1000)
    finally:
        page.screenshot(path=str(SHOTS / "cnn-training.png"), full_page=True)
    seconds = time.perf_counter() - clicked
    assert not _exceptions(page), _exceptions(page)
    stop = page.get_by_role("button", name="Stop", exact=True)
    if stop.count():
        stop.first.click()  # leave the server idle for the next test
    save_figures("browser", {"live_chart_seconds_after_train": round(seconds, 1)})


def test_uploaded_digit_gets_the_models_prediction(page, server, tiny_run):
    run = tiny_run("cnn")
    _open(page, server, f"cnn?{TINY}")
    image = png_bytes("one")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
        files=[{"name": "one.png", "mimeType": "image/png", "buffer": image}])
    prediction = page.locator('[data-testid="stMarkdown"]', has_text="Prediction:").first
    prediction.wait_for(timeout=PAGE_SECONDS * 1000)
    probs = run.demo.predict(load_finished(run.store, run.key, run.demo, run.cfg), image_to_mnist(image)[None],
                             run.cfg)[0]
    best = int(probs.argmax())
    assert f"Prediction: {best} ({probs[best]:.1%})" in prediction.inner_text()
    page.screenshot(path=str(SHOTS / "cnn-prediction.png"), full_page=True)
    assert not _exceptions(page)
    save_figures("browser", {"upload_prediction_matches_model": True})


def test_language_switch_translates_the_page(page, server):
    _open(page, server, f"cnn?{TINY}")
    chinese = page.locator('[data-testid="stSidebar"] label', has_text="简体中文")
    assert chinese.count(), "the language switch (English / 简体中文) is missing from the sidebar (app.py draws it)"
    title = translate(DEMOS["cnn"].title, "zh")
    assert title != DEMOS["cnn"].title, "the CNN title has no Chinese translation yet"
    chinese.first.click()
    page.locator('[data-testid="stMain"] h1', has_text=title).wait_for(timeout=PAGE_SECONDS * 1000)
    page.screenshot(path=str(SHOTS / "cnn-chinese.png"), full_page=True)
    assert not _exceptions(page)
    save_figures("browser", {"language_switch": "English -> 简体中文"})

