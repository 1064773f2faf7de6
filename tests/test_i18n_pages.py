"""Every demo page runs in 简体中文: an AppTest with `session_state["lang"] = "zh"` set before the first run opens
each registered demo's page through app.py and checks it has no exception and speaks Chinese.

Oracles: the translation table (`core.translations_zh.ZH`) for the exact title of the pages converted with the
table, and for every page the run panel's Train button (`ZH["Train"]`); headings of the converted pages must
all contain Chinese characters (an English heading there means a string escaped `t()`). Pages that other
engineers own are held to their title being Chinese. A finished cnn run (the session's tiny run) checks the
result views, the picture tabs and a prediction in Chinese. AppTest has no browser locale, so without the session
value a page stays English (tests/test_app.py and the other page tests rely on that).
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, png_bytes
from streamlit.testing.v1 import AppTest

from core.registry import DEMOS
from core.translations_zh import ZH

CHINESE = re.compile("[\u4e00-\u9fff]")
TITLES = {  # page -> its English title, for the pages whose every heading goes through t()
    "linreg": "Linear regression",
    "logreg": "Logistic regression",
    "cnn": "CNN digits",
    "cnn-cifar10": "CNN images",
    "rnn": "Sentiment with recurrent networks",
    "seq2seq": "Translation with attention",
    "gan": "GAN: a forger against a detective",
    "vae": "Variational autoencoder",
}
PAGES = [demo for demo in DEMOS.values() if (ROOT / demo.page).is_file()]


def _in_chinese(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["lang"] = "zh"
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("demo", PAGES, ids=lambda d: d.name)
def test_demo_page_renders_in_chinese(demo):
    at = _in_chinese(demo.page)
    title = at.title[0].value
    if demo.name in TITLES:
        assert title == ZH[TITLES[demo.name]]
        headings = [h.value for h in [*at.title, *at.header, *at.subheader]]
        assert ZH["Settings"] in headings
        assert all(CHINESE.search(h) for h in headings), headings
    else:
        assert CHINESE.search(title), title
    assert ZH["Train"] in [b.label for b in at.button]
    assert "Train" not in [b.label for b in at.button]


def test_finished_cnn_run_and_a_prediction_in_chinese(installed_tiny):
    """The page opens on the installed finished run: results, the picture tabs and a prediction, all in Chinese."""
    at = _in_chinese("pages/cnn.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[ZH["Test accuracy"]] == f"{installed_tiny.meta['final']['test_acc']:.2%}"
    assert ZH["Confusion matrix (test set)"] in [s.value for s in at.subheader]
    assert ZH["Retrain"] in [b.label for b in at.button]
    at.file_uploader(key="cnn-upload").upload("one.png", png_bytes("one"), "image/png")
    at.run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert {ZH["Draw"], ZH["Upload an image"], ZH["Feature maps"], ZH["Where it looked"]} <= {t.label for t in at.tabs}
    assert [m.value for m in at.markdown if m.value.startswith("### 预测：**")]


def test_the_page_list_covers_the_converted_pages():
    assert set(TITLES) <= {demo.name for demo in PAGES}
