"""AppTests of the sentiment and translation pages: each trains a small config as a background run, shows
metrics equal to the finished run's, and runs the visitor's text through the model: coloured tokens with
visitor HTML escaped, the RNN/LSTM/GRU comparison, and the attention heatmap. (Uploads: tests/test_text.py
parses them, and tests/test_sentiment.py trains with the in-page fit they use.) conftest.py gives each test
an empty run store."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.ui.resources import run_manager
from tests.test_classic_pages import _train

ROOT = Path(__file__).resolve().parents[1]


def _open(page: str, settings: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    for key, value in settings.items():
        widget = next(w for w in [*at.slider, *at.selectbox, *at.number_input, *at.toggle] if w.key == key)
        widget.set_value(value)
    return at.run()


def test_sentiment_page_trains_explains_and_escapes():
    at = _train(_open("pages/rnn.py", {"rnn.hidden": 16, "rnn.embed_dim": 16, "rnn.epochs": 2, "rnn.batch_size": 256,
                                          "rnn.lr": 0.02}))
    meta = run_manager().store.read_meta(run_manager().store.keys()[0])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Dev accuracy"] == f"{meta['final']['test_acc']:.2%}"
    assert "P(positive)" in metrics
    at.text_input(key="rnn-text").set_value("<b>not</b> [bad](http://x.y) :red[boring]").run()
    assert not at.exception
    coloured = [m.value for m in at.markdown if "script" not in m.value and r"\<" in m.value]
    assert coloured and r"\[" in coloured[0] and "<b>" not in coloured[0] and "](http" not in coloured[0]
    assert any(b.label == "Train the LSTM" for b in at.button)  # the GRU is trained; the others can be


def test_translation_page_trains_and_draws_attention():
    at = _train(_open("pages/seq2seq.py", {"seq2seq.max_number": 99, "seq2seq.train_pairs": 300,
                                           "seq2seq.hidden": 32, "seq2seq.embed_dim": 16, "seq2seq.epochs": 2,
                                           "seq2seq.beam_size": 2}))
    meta = run_manager().store.read_meta(run_manager().store.keys()[0])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Test BLEU (greedy)"] == f"{meta['final']['test_bleu']:.1f}"
    assert "Test BLEU (beam 2)" in metrics
    assert any(m.value.startswith("The rules of French numerals give: quatre-vingt-dix-neuf") for m in
               [*at.success, *at.warning])
    assert len(at.get("plotly_chart")) >= 3  # curves, BLEU per epoch, the attention heatmap
    at.text_input(key="s2s-text-ninety-nine").set_value("   ").run()
    assert [e.value for e in at.error] == ["Type some text first."]
