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
from core.ui.resources import run_manager

POLL_SECONDS = 1.0


def _format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "estimating..."
    if seconds < 10:
        return f"{seconds:.1f} s"
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def _progress(snap: dict) -> None:
    total = max(snap.get("total_steps") or 0, 1)
    fraction = min((snap.get("step") or 0) / total, 1.0)
    if snap["status"] == "queued":
        st.progress(0.0, text="Queued: another run is training; this one starts when it finishes.")
        return
    if not snap.get("total_steps"):
        st.progress(0.0, text="Loading the data and building the model...")
        return
    rate = snap.get("samples_per_s")
    speed = f"{rate:,.0f} samples/s" if rate else "measuring speed"
    st.progress(fraction, text=f"Epoch {snap.get('epoch', 0)}/{snap.get('epochs', 0)} · {fraction:.0%} · {speed} · "
                               f"ETA {_format_seconds(snap.get('eta_s'))} · {snap.get('device') or 'starting'}")


def curves(snap: dict) -> None:
    if any(r.get("kind") in ("epoch", "step") for r in snap["metrics"]):
        st.plotly_chart(learning_curves(snap["metrics"], snap.get("epochs") or None), key=f"curves-{snap['key']}",
                        width="stretch")


@st.fragment(run_every=POLL_SECONDS)
def _live(key: str) -> None:
    snap = run_manager().snapshot(key)
    if snap["status"] not in ACTIVE:
        st.rerun()  # the whole page: results replace the live view
    _progress(snap)
    curves(snap)


def _finished_caption(meta: dict) -> str:
    when = dt.datetime.fromtimestamp(meta.get("finished", 0)).strftime("%Y-%m-%d %H:%M")
    return (f"Cached run, trained {when} on {meta.get('device', '?')} in "
            f"{_format_seconds(meta.get('train_seconds'))} of training. Reopening it never retrains.")


def run_panel(demo, cfg, key: str, manager: RunManager | None = None) -> dict:
    """Draw controls and progress for the run of (demo, cfg); return the manager's snapshot."""
    manager = manager or run_manager()
    snap = manager.snapshot(key)
    status = snap["status"]
    left, middle, right = st.columns([1, 1, 3])
    if status == "missing" and left.button("Train", type="primary", key=f"train-{key}"):
        manager.request(demo, cfg)
        st.rerun()
    if status in ACTIVE and left.button("Stop", key=f"stop-{key}"):
        manager.stop(key)
        st.toast("Stopping after the current batch; the last finished epoch is kept.")
    if status == "stopped":
        if left.button("Resume", type="primary", key=f"resume-{key}"):
            manager.request(demo, cfg, resume=True)
            st.rerun()
        right.info(f"Stopped after epoch {snap.get('epoch') or 0} of {snap.get('epochs') or cfg.epochs}; "
                   "Resume continues from there.")
    if status in ("failed", "damaged", "stopped", "done"):
        label = {"failed": "Try again", "damaged": "Retrain", "stopped": "Start over", "done": "Retrain"}[status]
        column = middle if status == "stopped" else left
        if column.button(label, key=f"retrain-{key}", type="secondary" if status in ("done", "stopped") else "primary"):
            manager.request(demo, cfg, retrain=True)
            st.rerun()
    if status == "failed":
        st.error(f"Training failed: {snap.get('error') or 'unknown error'}")
    elif status == "damaged":
        st.warning("This run's saved files are damaged (truncated or failing their checksum), so it is treated "
                   "as missing. Retrain it to rebuild them.")
    elif status == "done":
        right.caption(_finished_caption(snap["meta"]))
    elif status == "missing":
        right.caption("No run with these settings yet. Train starts one in the background; you can leave this "
                      "page and come back, and other visitors asking for the same settings share it.")
    if status in ACTIVE:
        _live(key)
    else:
        curves(snap)
    return snap
