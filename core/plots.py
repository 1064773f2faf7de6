"""Plotly figures for runs and predictions (no Streamlit here, so they are testable headless).

Every figure has a constant `uirevision`, so a chart redrawn by a polling fragment keeps the visitor's
zoom and legend choices. Figures with text take the interface language `lang` ("en", "zh") for their labels.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.i18n import translator

UIREVISION = "keep"
COLOURS = {"train": "#1f77b4", "test": "#d62728", "val": "#2ca02c", "step": "rgba(31,119,180,0.35)"}


SECOND_PANEL = (("acc", ".0%"), ("r2", ".2f"))  # (metric, tick format): the first one any record reports wins


def learning_curves(metrics: list[dict], epochs_total: int | None = None, lang: str = "en") -> go.Figure:
    """Loss (per-step and per-epoch, train vs test) and, beside it, accuracy or R² (train vs test) against
    epochs; a demo that reports neither gets the loss panel alone."""
    t = translator(lang)
    titles = {"loss": t("Loss"), "acc": t("Accuracy"), "r2": "R²"}
    splits = {"train": t("train"), "test": t("test"), "val": t("val")}
    steps = [r for r in metrics if r.get("kind") == "step"]
    epochs = [r for r in metrics if r.get("kind") == "epoch"]
    second = next((panel for panel in SECOND_PANEL
                   if any(f"{split}_{panel[0]}" in r for r in epochs for split in ("train", "test", "val"))), None)
    panels = [("loss", None)] + ([second] if second else [])
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[titles[metric] for metric, _ in panels])
    if steps and epochs:
        # Place step records on the epoch axis: step s of epoch e lies between e-1 and e.
        per_epoch = max(r["step"] for r in steps) / max(r["epoch"] for r in steps)
        fig.add_trace(go.Scatter(x=[r["step"] / per_epoch for r in steps], y=[r["loss"] for r in steps],
                                 name=t("train (per batch)"), line={"color": COLOURS["step"], "width": 1}),
                      row=1, col=1)
    for split in ("train", "test", "val"):
        shown = False  # one legend entry per split: its colour means the same in both panels
        for col, (metric, _) in enumerate(panels, start=1):
            name = f"{split}_{metric}"
            points = [(r["epoch"], r[name]) for r in epochs if name in r]
            if points:
                xs, ys = zip(*points, strict=True)
                fig.add_trace(go.Scatter(x=xs, y=ys, name=splits[split], legendgroup=split, showlegend=not shown,
                                         mode="lines+markers", line={"color": COLOURS[split]}), row=1, col=col)
                shown = True
    fig.update_xaxes(title_text=t("epoch"), range=[0, epochs_total] if epochs_total else None)
    if second:
        fig.update_yaxes(tickformat=second[1], row=1, col=2)
    fig.update_layout(height=340, margin={"t": 40, "b": 40, "l": 40, "r": 10}, uirevision=UIREVISION,
                      legend={"orientation": "h", "y": -0.25})
    return fig


def confusion_matrix(confusion: list[list[int]], classes: list[str], lang: str = "en") -> go.Figure:
    t = translator(lang)
    counts = np.asarray(confusion)
    row_share = counts / np.maximum(counts.sum(1, keepdims=True), 1)
    fig = go.Figure(go.Heatmap(z=row_share, x=classes, y=classes, text=counts, texttemplate="%{text}",
                               colorscale="Blues", zmin=0, zmax=1, colorbar={"title": t("share of row")},
                               hovertemplate=t("true %{y}, predicted %{x}: %{text}") + "<extra></extra>"))
    fig.update_layout(xaxis={"title": t("predicted"), "type": "category"},
                      yaxis={"title": t("true"), "type": "category", "autorange": "reversed"}, height=420,
                      margin={"t": 20, "b": 40, "l": 40, "r": 10}, uirevision=UIREVISION)
    return fig


def probability_bars(probs: np.ndarray, classes: list[str]) -> go.Figure:
    probs = np.asarray(probs, dtype=float)
    best = int(probs.argmax())
    colours = ["#d62728" if i == best else "#9ecae1" for i in range(len(probs))]
    fig = go.Figure(go.Bar(x=list(classes), y=probs, marker_color=colours, text=[f"{p:.0%}" for p in probs],
                           textposition="outside"))
    fig.update_layout(yaxis={"range": [0, 1.1], "tickformat": ".0%"}, xaxis={"type": "category"}, height=300,
                      margin={"t": 20, "b": 30, "l": 40, "r": 10}, uirevision=UIREVISION)
    return fig


def upscale(image: np.ndarray, factor: int = 4) -> np.ndarray:
    """Nearest-neighbour enlargement so a 28x28 input is visible pixel by pixel."""
    return np.kron(np.asarray(image), np.ones((factor, factor), dtype=np.asarray(image).dtype))
