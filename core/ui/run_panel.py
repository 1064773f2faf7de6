"""The run panel every demo page shows: status, Train / Stop / Resume / Retrain, live progress, curves.

The page computes its config; this panel asks the shared run manager for that config's run. While the
run is queued or training, a fragment polls the manager every second (the training thread itself never
touches Streamlit) and redraws the progress bar and Plotly curves; when the run ends it reruns the page
so the page can show its results.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from core.manager import ACTIVE, RunManager
from core.plots import learning_curves
from core.ui.i18n import current_language, error_text, t
from core.ui.presentation import presenting, show_chart
from core.ui.resources import run_manager

POLL_SECONDS = 1.0


def _format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return t("estimating...")
    if seconds < 10:
        return f"{seconds:.1f} s"
    seconds = int(round(seconds))
    if seconds >= 60:
        return t("{minutes} min {seconds} s", minutes=seconds // 60, seconds=f"{seconds % 60:02d}")
    return f"{seconds} s"


def _progress(snap: dict) -> None:
    total = max(snap.get("total_steps") or 0, 1)
    fraction = min((snap.get("step") or 0) / total, 1.0)
    if snap["status"] == "queued":
        st.progress(0.0, text=t("Queued: another run is training; this one starts when it finishes."))
        return
    if not snap.get("total_steps"):
        st.progress(0.0, text=t("Loading the data and building the model..."))
        return
    rate = snap.get("samples_per_s")
    speed = t("{rate} samples/s", rate=f"{rate:,.0f}") if rate else t("measuring speed")
    st.progress(fraction, text=t("Epoch {epoch}/{epochs} · {percent} · {speed} · ETA {eta} · {device}",
                                 epoch=snap.get("epoch", 0), epochs=snap.get("epochs", 0), percent=f"{fraction:.0%}",
                                 speed=speed, eta=_format_seconds(snap.get("eta_s")),
                                 device=snap.get("device") or t("starting")))


def curves(snap: dict) -> None:
    if any(r.get("kind") in ("epoch", "step") for r in snap["metrics"]):
        show_chart(learning_curves(snap["metrics"], snap.get("epochs") or None, current_language()),
                   key=f"curves-{snap['key']}")


@st.fragment(run_every=POLL_SECONDS)
def _live(key: str) -> None:
    snap = run_manager().snapshot(key)
    if snap["status"] not in ACTIVE:
        st.rerun()  # the whole page: results replace the live view
    _progress(snap)
    curves(snap)


def _finished_caption(meta: dict) -> str:
    when = dt.datetime.fromtimestamp(meta.get("finished", 0)).strftime("%Y-%m-%d %H:%M")
    return t("Cached run, trained {when} on {device} in {duration} of training. Reopening it never retrains.",
             when=when, device=meta.get("device", "?"), duration=_format_seconds(meta.get("train_seconds")))


def run_panel(demo, cfg, key: str, manager: RunManager | None = None) -> dict:
    """Draw controls and progress for the run of (demo, cfg); return the manager's snapshot."""
    manager = manager or run_manager()
    snap = manager.snapshot(key)
    status = snap["status"]
    left, middle, right = st.columns([1, 1, 3])
    if status == "missing" and left.button(t("Train"), type="primary", key=f"train-{key}"):
        manager.request(demo, cfg)
        st.rerun()
    if status in ACTIVE and left.button(t("Stop"), key=f"stop-{key}"):
        manager.stop(key)
        st.toast(t("Stopping after the current batch; the last finished epoch is kept."))
    if status == "stopped":
        if left.button(t("Resume"), type="primary", key=f"resume-{key}"):
            manager.request(demo, cfg, resume=True)
            st.rerun()
        right.info(t("Stopped after epoch {epoch} of {epochs}; Resume continues from there.",
                     epoch=snap.get("epoch") or 0, epochs=snap.get("epochs") or cfg.epochs))
    if status in ("failed", "damaged", "stopped") or (status == "done" and not presenting()):
        label = {"failed": t("Try again"), "damaged": t("Retrain"), "stopped": t("Start over"),
                 "done": t("Retrain")}[status]
        column = middle if status == "stopped" else left
        if column.button(label, key=f"retrain-{key}", type="secondary" if status in ("done", "stopped") else "primary"):
            manager.request(demo, cfg, retrain=True)
            st.rerun()
    if status == "failed":
        st.error(t("Training failed: {error}", error=error_text(snap.get("error") or t("unknown error"))))
    elif status == "damaged":
        st.warning(t("This run's saved files are damaged (truncated or failing their checksum), so it is treated "
                     "as missing. Retrain it to rebuild them."))
    elif status == "done":
        right.caption(_finished_caption(snap["meta"]))
    elif status == "missing":
        right.caption(t("No run with these settings yet. Train starts one in the background; you can leave this "
                        "page and come back, and other visitors asking for the same settings share it."))
    if status in ACTIVE:
        _live(key)
    else:
        curves(snap)
    return snap
