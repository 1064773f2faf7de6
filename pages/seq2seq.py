"""Translation: an encoder-decoder with attention; BLEU on held-out sentences and the attention map of yours."""

import streamlit as st

from core.french_numbers import LARGEST, english, french
from core.inference import NoFinishedRun, load_finished
from core.registry import get_demo
from core.store import DamagedRun
from core.text import TextInputError
from core.ui.config_form import settings_and_key
from core.ui.i18n import error_text, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell
from core.ui.text_views import attention_figure, line_figure

ensure_shell("seq2seq")

demo = get_demo("seq2seq")
manager = run_manager()
st.title(t("Translation with attention"))
st.write(t("The encoder reads the English sentence into one state per word; the decoder writes the French one word "
           "at a time, and at every word **attention** weighs the encoder's states to decide where to look. Without "
           "it (attention = none) the whole sentence must squeeze through one vector. The offline task turns English "
           "number words into French ones, whose rules (soixante et onze, quatre-vingts, deux cents) the model must "
           "discover from examples; it is tested on numbers it never saw."))

cfg, key = settings_and_key(demo, manager)

snap = run_panel(demo, cfg, key, manager)
if snap["status"] != "done":
    st.stop()

final = snap["meta"].get("final", {})
try:
    summary, _ = manager.store.read_report(key)
except DamagedRun as err:
    st.warning(t("The run's report could not be read ({error}).", error=error_text(err)))
    summary = {}
cols = st.columns(4)
cols[0].metric(t("Test BLEU (greedy)"), f"{final.get('test_bleu', 0):.1f}", help=t("sacrebleu corpus BLEU, 0-100."))
cols[1].metric(t("Exact translations"), f"{final.get('test_acc', 0):.1%}")
if summary:
    cols[2].metric(t("Test BLEU (beam {size})", size=summary["beam_size"]), f"{summary['beam_bleu']:.1f}")
cols[3].metric(t("Training time"), f"{snap['meta'].get('train_seconds', 0):.1f} s")
epochs = [r for r in snap["metrics"] if r.get("kind") == "epoch"]
curve_col, table_col = st.columns(2)
with curve_col:
    st.subheader(t("BLEU on the test sentences"))
    show_chart(line_figure([r["epoch"] for r in epochs], {t("greedy BLEU"): [r["test_bleu"] for r in epochs]}, "BLEU"),
               key=f"s2s-bleu-{key}")
with table_col:
    st.subheader(t("Test translations (mistakes first)"))
    if summary:
        st.dataframe(summary["examples"], hide_index=True)

st.header(t("Translate your own"))
default = "i am very tired ."
if cfg.dataset == "numbers":
    largest = min(cfg.max_number, LARGEST)
    number = st.number_input(t("Pick a number (its English words fill the box below)"), 0, largest, min(321, largest),
                             key="s2s-number")
    default = english(int(number))
text = st.text_input(t("English"), default, max_chars=500, key=f"s2s-text-{default}")
try:
    model = load_finished(manager.store, key, demo, cfg)
    result = demo.predict(model, text, cfg)
except (TextInputError, NoFinishedRun) as err:
    st.error(error_text(err))
    st.stop()
st.markdown("**" + t("Translation") + "**")
st.code(result["translation"] or t("(empty)"), language=None)
if cfg.dataset == "numbers" and text == default:
    correct = french(int(number))
    rule = t("The rules of French numerals give: {french}", french=correct)
    (st.success if result["translation"] == correct else st.warning)(rule)
if result["unknown"]:
    st.caption(t("{count} word(s) were never seen in training and read as <unk>.", count=len(result["unknown"])))
if cfg.attention == "none":
    st.info(t("This model has no attention, so there is no attention map: the decoder sees only the encoder's final "
              "state. Choose bahdanau or luong to see where it looks."))
else:
    st.subheader(t("Where the decoder looked"))
    st.caption(t("Row: the word being written; column: the English word; darker = more attention. Each row sums "
                 "to 1."))
    show_chart(attention_figure(result["source"], result["tokens"], result["attention"]), key="s2s-attention")
