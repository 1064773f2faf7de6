"""Sentiment: train an RNN, LSTM, GRU or bag of embeddings, inspect its mistakes, read your own sentence
with per-word contributions, compare the three recurrent cells on it, or train on an uploaded CSV."""

import dataclasses
import json

import streamlit as st

from core import sentiment
from core.config import config_to_dict
from core.datasets import DatasetUnavailable, default_data_dir
from core.inference import NoFinishedRun, load_finished
from core.plots import confusion_matrix, learning_curves
from core.registry import get_demo
from core.store import DamagedRun
from core.tabular import CsvError, fit_in_memory
from core.text import TextInputError
from core.text_data import parse_labelled_csv, sst2_available
from core.ui import classic
from core.ui.config_form import config_form
from core.ui.i18n import current_language, error_text, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell
from core.ui.text_views import show_sentiment

ensure_shell("rnn")

demo = get_demo("rnn")
manager = run_manager()
CELLS = ("rnn", "lstm", "gru")
EXAMPLE = "the acting was not bad , but the plot was boring"
st.title(t("Sentiment with recurrent networks"))
st.write(t("A recurrent network reads a sentence word by word and keeps a running summary in its hidden state; "
           "LSTM and GRU add gates that decide what to keep, so a word early on (\"not\") can still matter at the "
           "end. The bag of embeddings averages word vectors and cannot see order at all. Train one, then type a "
           "sentence and see which words swing the verdict."))

with st.sidebar:
    st.header(t("Settings"))
    cfg = config_form(demo, {"dataset": "sst2" if sst2_available(default_data_dir()) else "word-order"})
if cfg is None:
    st.stop()


def results(key: str, meta: dict) -> None:
    final = meta.get("final", {})
    cols = st.columns(4)
    cols[0].metric(t("Dev accuracy"), f"{final.get('test_acc', 0):.2%}")
    cols[1].metric(t("Dev loss"), f"{final.get('test_loss', 0):.3f}")
    cols[2].metric(t("Training time"), f"{meta.get('train_seconds', 0):.1f} s")
    cols[3].metric(t("Epochs"), f"{meta.get('epochs_done', 0)}")
    try:
        summary, _ = manager.store.read_report(key)
    except DamagedRun as err:
        st.warning(t("The run's report could not be read ({error}).", error=error_text(err)))
        return
    matrix_col, mistakes_col = st.columns([2, 3])
    matrix_col.subheader(t("Confusion matrix (dev set)"))
    show_chart(confusion_matrix(summary["confusion"], summary["classes"], current_language()), key=f"rnn-cm-{key}",
               where=matrix_col)
    mistakes_col.subheader(t("Most confident mistakes"))
    columns = (t("sentence"), t("true"), t("predicted"), t("confidence"))
    mistakes_col.dataframe([dict(zip(columns, (m["text"], m["true"], m["pred"], f"{m['prob']:.0%}"), strict=True))
                            for m in summary["mistakes"]], hide_index=True)


def try_sentence(text: str, run_cfg, key: str, widget_key: str) -> None:
    try:
        model = load_finished(manager.store, key, demo, run_cfg)
        show_sentiment(demo.predict(model, text, run_cfg), (t("negative"), t("positive")), widget_key)
    except (TextInputError, NoFinishedRun) as err:
        st.error(error_text(err))


def compare_cells(text: str) -> None:
    """The same sentence through RNN, LSTM and GRU trained with the sidebar's other settings."""
    for column, cell in zip(st.columns(3), CELLS, strict=True):
        variant = dataclasses.replace(cfg, model=cell)
        variant_key = manager.key_for(demo, variant)
        status = manager.snapshot(variant_key)["status"]
        with column:
            st.subheader(cell.upper())
            if status == "done":
                try_sentence(text, variant, variant_key, f"rnn-compare-{cell}")
            elif status in ("queued", "running"):
                st.info(t("Training... (reopen this section to refresh)"))
            elif st.button(t("Train the {model}", model=cell.upper()), key=f"rnn-train-{cell}"):
                manager.request(demo, variant)
                st.rerun()


def uploaded() -> None:
    upload = st.file_uploader(t("A CSV with a header row: a text column (text, sentence, review or content) and a "
                                "label column with two values (label, sentiment, class or target); UTF-8, up to "
                                "10 MB."), type=["csv", "tsv", "txt"], key="rnn-upload")
    if upload is None:
        return
    try:
        texts = parse_labelled_csv(upload.getvalue())
    except CsvError as err:
        st.error(error_text(err))
        return
    st.caption(t("{train} training and {held_out} held-out texts; classes {first} (0) and {second} (1). Trained "
                 "here with the sidebar settings.", train=f"{len(texts.train_text):,}",
                 held_out=f"{len(texts.dev_text):,}", first=repr(texts.classes[0]), second=repr(texts.classes[1])))
    signature = json.dumps([upload.file_id, config_to_dict(cfg)])
    fitted = st.session_state.get("rnn-upload-fit")
    if (fitted is None or fitted[0] != signature) and st.button(t("Train on this file"), key="rnn-upload-train"):
        data = sentiment.prepare(cfg, texts)
        model, records = fit_in_memory(demo, cfg, data, reporter=classic.ProgressReporter(st.progress(0.0)))
        st.session_state["rnn-upload-fit"] = fitted = (signature, model, records, demo.report(model, data, cfg, None))
    if fitted is None or fitted[0] != signature:
        return
    _, model, records, (summary, _) = fitted
    st.metric(t("Held-out accuracy"), f"{classic.epoch_records(records)[-1]['test_acc']:.2%}")
    show_chart(learning_curves(records, cfg.epochs, current_language()), key="rnn-upload-curves")
    show_chart(confusion_matrix(summary["confusion"], summary["classes"], current_language()), key="rnn-upload-cm")
    text = st.text_input(t("Try a sentence on this model"), key="rnn-upload-text")
    if text:
        try:
            show_sentiment(demo.predict(model, text, cfg), texts.classes, "rnn-upload-tokens")
        except TextInputError as err:
            st.error(error_text(err))


def builtin() -> None:
    try:
        key = manager.key_for(demo, cfg)
    except DatasetUnavailable as err:
        st.error(error_text(err))
        return
    snap = run_panel(demo, cfg, key, manager)
    if snap["status"] != "done":
        return
    results(key, snap["meta"])
    st.header(t("Try your own sentence"))
    st.caption(t("Each word's contribution is how much P(positive) drops when the word is deleted: green words push "
                 "towards positive, red towards negative, grey italics are unknown to the model (<unk>)."))
    text = st.text_input(t("A sentence"), EXAMPLE, max_chars=2000, key="rnn-text")
    try_sentence(text, cfg, key, "rnn-tokens")
    st.header(t("RNN vs LSTM vs GRU on the same sentence"))
    st.caption(t("The three cells with every other setting as in the sidebar; each is its own cached run."))
    compare_cells(text)


builtin_tab, upload_tab = st.tabs([t("Built-in data"), t("Upload a CSV")])
with builtin_tab:
    builtin()
with upload_tab:
    uploaded()
