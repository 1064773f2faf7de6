"""What the transfer-learning and self-supervised pages share: a model that learns from few labels set against a
CNN trained on those labels alone.

- `comparison_figure(metrics, ours, *baselines)`: each model's test accuracy per epoch (Plotly, constant uirevision).
- `labels_curve_figure(curve)`: test accuracy against labels per class (log axis) for both models.
- `headline(final, ours, baseline, seconds)`: the metrics row: both accuracies, the gain in points, training time.
- `finished(demo, cfg, key, manager, snap, ours, baseline)`: the headline of a done run, then its report and model
  (or one error and a stop when its files cannot be read).
- `side_by_side(probs, names, classes, seen, key)`: the two models' predictions for the visitor's picture.
- `zip_upload(demo, prefix)`: the sidebar's zip-of-class-folders uploader (validated by core.zip_dataset); a good
  zip is stored and `st.session_state[prefix + "-initial"]` selects it for the settings form.
Every text on screen, axis titles included, goes through `t`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core.datasets import default_data_dir
from core.inference import NoFinishedRun, load_finished
from core.plots import COLOURS, UIREVISION, probability_bars
from core.store import DamagedRun
from core.ui.classifier_results import _as_picture
from core.ui.i18n import error_text, t
from core.ui.presentation import show_chart
from core.vision_data import save_upload
from core.zip_dataset import ZipDatasetError, read_class_zip

BASELINE_COLOUR = "#7f7f7f"
SECOND_BASELINE_COLOUR = "#ff7f0e"


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(height=height, margin={"t": 30, "b": 40, "l": 50, "r": 10}, uirevision=UIREVISION,
                      legend={"orientation": "h", "y": -0.25}, yaxis_tickformat=".0%", **kwargs)
    return fig


def comparison_figure(metrics: list[dict], ours: tuple[str, str], *baselines: tuple[str, str]) -> go.Figure:
    """`ours` and each of (at most two) `baselines`: (metric name, legend name); one point per finished epoch."""
    epochs = [r for r in metrics if r.get("kind") == "epoch"]
    fig = go.Figure()
    colours = (COLOURS["test"], BASELINE_COLOUR, SECOND_BASELINE_COLOUR)
    for (name, label), colour in zip((ours, *baselines), colours, strict=False):
        fig.add_scatter(x=[r["epoch"] for r in epochs], y=[r.get(name) for r in epochs], name=label,
                        mode="lines+markers", line={"color": colour})
    return _layout(fig, 320, xaxis_title=t("epoch"), yaxis_title=t("test accuracy"))


def labels_curve_figure(curve: dict, ours: str, baseline: str) -> go.Figure:
    fig = go.Figure()
    x = curve["labels_per_class"]
    for name, label, colour in (("transfer_acc", ours, COLOURS["test"]), ("scratch_acc", baseline, BASELINE_COLOUR)):
        fig.add_scatter(x=x, y=curve[name], name=label, mode="lines+markers", line={"color": colour, "width": 3})
    return _layout(fig, 360, xaxis={"type": "log", "title": t("labelled images per class (N)"), "tickvals": x},
                   yaxis_title=t("test accuracy"))


def headline(final: dict, ours: tuple[str, str], baseline: tuple[str, str], seconds: float) -> None:
    """A row of metrics; `ours` / `baseline` are (metric name, label)."""
    cols = st.columns(4)
    ours_acc, base_acc = final.get(ours[0], 0.0), final.get(baseline[0], 0.0)
    cols[0].metric(ours[1], f"{ours_acc:.1%}")
    cols[1].metric(baseline[1], f"{base_acc:.1%}")
    cols[2].metric(t("Gain"), t("{points} points", points=f"{100 * (ours_acc - base_acc):+.1f}"))
    cols[3].metric(t("Training time"), f"{seconds:.1f} s")


def finished(demo, cfg, key: str, manager, snap: dict, ours: tuple[str, str], baseline: tuple[str, str]) -> tuple:
    """(report summary, report tensors, model) of a done run, after its headline metrics."""
    headline(snap["meta"].get("final", {}), ours, baseline, snap["meta"].get("train_seconds", 0.0))
    try:
        summary, tensors = manager.store.read_report(key)
        model = load_finished(manager.store, key, demo, cfg)
    except (DamagedRun, NoFinishedRun) as err:
        st.error(error_text(err))
        st.stop()
    return summary, tensors, model


def side_by_side(probs: dict[str, np.ndarray], names: dict[str, str], classes, seen: np.ndarray, key: str) -> None:
    """What the models saw (uint8 (C, H, W)) and each model's class probabilities."""
    columns = st.columns([1] + [2] * len(probs))
    columns[0].image(_as_picture(seen, max(1, 140 // seen.shape[-1])), caption=t("What the models see"))
    for column, (model, p) in zip(columns[1:], probs.items(), strict=True):
        best = int(np.argmax(p))
        column.markdown(f"**{names[model]}**: {classes[best]} ({p[best]:.0%})")
        show_chart(probability_bars(p, list(classes)), key=f"{key}-{model}", where=column)


def zip_upload(demo, prefix: str) -> None:
    st.header(t("Your own dataset"))
    archive = st.file_uploader(t("A zip with one folder of images per class (2-20 classes, up to 5,000 images)"),
                               type=["zip"], key=f"{prefix}-zip")
    if archive is None or st.session_state.get(f"{prefix}-zip-id") == archive.file_id:
        return
    try:
        upload_id = save_upload(read_class_zip(archive.getvalue()), default_data_dir())
    except ZipDatasetError as err:
        st.error(error_text(err))
        return
    st.session_state[f"{prefix}-zip-id"] = archive.file_id
    for name in ("dataset", "upload_id"):  # re-create these widgets with the upload's values
        st.session_state.pop(f"{demo.name}.{name}", None)
    st.session_state[f"{prefix}-initial"] = {"dataset": "upload", "upload_id": upload_id}
