"""The Runs page's sections: the filterable, sortable table of every run with row selection; the comparison of the
selected runs (overlaid curves with a metric picker, config diff); download and delete (with confirmation); import.

Selections are row positions in the table as drawn (`st.dataframe(on_select="rerun")`, key "runs-table"); the
confirmation of a delete names the run keys chosen when Delete was pressed and is withdrawn when the selection
changes, so it never deletes runs the visitor did not confirm. Outcomes of actions that rerun the page are shown
once at its top (`show_messages`).
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from core.manager import RunManager
from core.registry import DEMOS
from core.run_archive import ArchiveError, RunBusy, archive_name, delete_run, export_run, import_run
from core.run_curves import X_AXES, curve_metrics, overlay_curves
from core.run_table import config_diff
from core.ui.i18n import current_language, error_text, metric_label, t
from core.ui.presentation import show_chart

TABLE_KEY, CONFIRM_KEY, MESSAGES_KEY = "runs-table", "runs-confirm-delete", "runs-messages"
STATUSES = ("done", "running", "queued", "stopped", "failed", "damaged", "missing")
SORT_FIELDS = ("date", "value", "train_seconds", "demo", "status")


def status_label(status: str) -> str:
    labels = {"done": t("done"), "running": t("running"), "queued": t("queued"), "stopped": t("stopped"),
              "failed": t("failed"), "damaged": t("damaged"), "missing": t("missing")}
    return labels.get(status, status)


def _sort_label(field: str) -> str:
    return {"date": t("Date"), "value": t("Final metric"), "train_seconds": t("Training time"), "demo": t("Demo"),
            "status": t("Status")}[field]


def _tell(kind: str, text: str) -> None:
    """Queue a message for the next run of the page (the action reruns it)."""
    st.session_state.setdefault(MESSAGES_KEY, []).append((kind, text))


def show_messages() -> None:
    for kind, text in st.session_state.pop(MESSAGES_KEY, []):
        (st.success if kind == "success" else st.error)(text)


def filtered_rows(rows: list[dict]) -> list[dict]:
    """Filter (demo, status) and sort widgets; the rows they keep, in their order (unknown values last)."""
    demo_col, status_col, sort_col, order_col = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
    demo_names = list(dict.fromkeys([*DEMOS, *(r["demo"] for r in rows), *st.session_state.get("runs-demo", [])]))
    demos = demo_col.multiselect(t("Demo"), demo_names, key="runs-demo", placeholder=t("All demos"),
                                 format_func=lambda name: t(DEMOS[name].title) if name in DEMOS else name)
    statuses = status_col.multiselect(t("Status"), STATUSES, format_func=status_label, key="runs-status",
                                      placeholder=t("All statuses"))
    field = sort_col.selectbox(t("Sort by"), SORT_FIELDS, format_func=_sort_label, key="runs-sort")
    descending = order_col.toggle(t("Descending"), value=True, key="runs-descending")
    kept = [r for r in rows if (not demos or r["demo"] in demos) and (not statuses or r["status"] in statuses)]
    known = sorted((r for r in kept if r[field] is not None), key=lambda r: r[field], reverse=descending)
    return known + [r for r in kept if r[field] is None]


def _title(row: dict) -> str:
    """The run's demo title in the visitor's language (a run of a demo this app lacks keeps its raw name)."""
    return t(row["title"]) if row["known"] else t("{name} (no page in this app)", name=row["title"])


def runs_table(rows: list[dict]) -> list[dict]:
    """The table of `rows`; returns the rows the visitor selected."""
    frame = pd.DataFrame({
        "title": [_title(r) for r in rows],
        "settings": [r["settings"] for r in rows], "status": [status_label(r["status"]) for r in rows],
        "metric": [metric_label(r["metric"]) if r["metric"] else "" for r in rows], "value": [r["value"] for r in rows],
        "train_seconds": [r["train_seconds"] for r in rows], "device": [r["device"] for r in rows],
        "date": pd.to_datetime([r["date"] for r in rows]), "key": [r["key"] for r in rows]})
    columns = {
        "title": st.column_config.TextColumn(t("Demo")), "settings": st.column_config.TextColumn(
            t("Key settings"), help=t("The settings that differ from the demo's defaults.")),
        "status": st.column_config.TextColumn(t("Status")), "metric": st.column_config.TextColumn(t("Metric")),
        "value": st.column_config.NumberColumn(t("Final value"), format="%.4g"),
        "train_seconds": st.column_config.NumberColumn(t("Training time (s)"), format="%.1f"),
        "device": st.column_config.TextColumn(t("Device")),
        "date": st.column_config.DatetimeColumn(t("Date"), format="YYYY-MM-DD HH:mm"),
        "key": st.column_config.TextColumn(t("Run key"))}
    event = st.dataframe(frame, key=TABLE_KEY, on_select="rerun", selection_mode="multi-row", hide_index=True,
                         column_config=columns, width="stretch")
    return [rows[i] for i in event.selection.rows if 0 <= i < len(rows)]


def _label(row: dict) -> str:
    return f"{_title(row)} · {row['key'][:8]}"


def compare(selected: list[dict], manager: RunManager) -> None:
    """Overlaid curves of the selected runs (metric and x-axis pickers) and, for two or more, their config diff."""
    store = manager.store
    metrics = {_label(r): store.read_metrics(r["key"]) for r in selected}
    names = curve_metrics(metrics)
    if not names:
        st.caption(t("The selected runs have not logged any per-epoch metrics yet."))
    else:
        if st.session_state.get("runs-metric") not in names:
            st.session_state["runs-metric"] = selected[0]["metric"] if selected[0]["metric"] in names else names[0]
        metric_col, axis_col = st.columns([2, 3])
        metric = metric_col.selectbox(t("Metric"), names, key="runs-metric", format_func=metric_label)
        x = axis_col.radio(t("Against"), list(X_AXES), key="runs-x", horizontal=True,
                           format_func=lambda name: {"epoch": t("epoch"), "train_seconds": t("training time")}[name])
        show_chart(overlay_curves(metrics, metric, x, current_language()), key="runs-overlay")
    if len(selected) < 2:
        return
    diff = config_diff({_label(r): store.read_config(r["key"]) or {} for r in selected})
    st.markdown(t("**Settings that differ**"))
    if diff:
        st.dataframe(pd.DataFrame(diff).set_index("setting"), key="runs-diff", width="stretch")
    else:
        st.caption(t("The selected runs have the same settings."))


def downloads(selected: list[dict], manager: RunManager) -> None:
    """One download button per selected finished run (the archive is built when the button is pressed)."""
    for row in selected:
        name_col, button_col = st.columns([4, 1], vertical_alignment="center")
        name_col.markdown(f"**{_title(row)}** `{row['key']}` · {status_label(row['status'])}")
        if row["status"] == "done":
            button_col.download_button(t("Download"), functools.partial(export_run, manager.store, row["key"]),
                                       file_name=archive_name(manager.store, row["key"]), mime="application/zip",
                                       key=f"download-{row['key']}", on_click="ignore")
        else:
            button_col.caption(t("Only finished runs can be downloaded."))


def delete_with_confirmation(selected: list[dict], manager: RunManager) -> None:
    if st.button(t("Delete the selected runs"), key="runs-delete"):
        st.session_state[CONFIRM_KEY] = [r["key"] for r in selected]
    pending = st.session_state.get(CONFIRM_KEY)
    if pending and set(pending) != {r["key"] for r in selected}:
        st.session_state.pop(CONFIRM_KEY)  # the selection changed: that question no longer stands
        return
    if not pending:
        return
    st.warning(t("Delete {count} run(s) for good: {keys}? Their weights, curves and reports are removed from this "
                 "server.", count=len(pending), keys=", ".join(pending)))
    yes_col, no_col = st.columns(2)
    yes_col.button(t("Yes, delete"), type="primary", key="runs-delete-yes", on_click=_delete, args=(manager, pending))
    no_col.button(t("Cancel"), key="runs-delete-no", on_click=_end_confirmation, args=(False,))


def _delete(manager: RunManager, keys: list[str]) -> None:
    """Callback of the confirmation: runs before the page, so the table it draws no longer has the runs."""
    deleted = 0
    for key in keys:
        try:
            delete_run(manager, key)
            deleted += 1
        except RunBusy as err:
            _tell("error", error_text(err))
    if deleted:
        _tell("success", t("Deleted {count} run(s).", count=deleted))
    _end_confirmation(clear_selection=True)


def _end_confirmation(clear_selection: bool) -> None:
    st.session_state.pop(CONFIRM_KEY, None)
    if clear_selection:  # row positions would now point at other runs (allowed here: callbacks run before widgets)
        st.session_state[TABLE_KEY] = {"selection": {"rows": [], "columns": [], "cells": []}}


def import_form(manager: RunManager) -> None:
    """Uploader for a run archive, the replace option, and the import button."""
    st.caption(t("A zip downloaded from this page, here or on another machine: settings, curves, report and "
                 "safetensors weights. Everything is checked before it is stored; pickle files are refused."))
    upload = st.file_uploader(t("Run archive (.zip)"), type=["zip"], key="runs-import-file")
    replace = st.checkbox(t("Replace a run with the same settings if there is one"), key="runs-import-replace")
    if upload is None or not st.button(t("Import"), type="primary", key="runs-import"):
        return
    try:
        result = import_run(manager, upload.getvalue(), overwrite=replace)
    except ArchiveError as err:
        st.error(error_text(err))
        return
    text = t("Imported run {key} of {demo}.", key=result.key, demo=result.demo)
    if not result.data_available:
        text += " " + t("Its dataset is not on this server, so its demo page will use it once that data is here.")
    _tell("success", text)
    st.rerun()
