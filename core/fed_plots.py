"""Plotly figures of the federated-learning page (no Streamlit here, so they are testable headless).

- `label_distribution_figure(counts, classes)`: one stacked bar per client, one colour per label, so a skewed
  split shows as clients dominated by one or two colours.
- `accuracy_by_round_figure(curves, target, rounds)`: global test accuracy against the communication round for
  several runs (this one, centralised, IID, non-IID, without privacy), with the target as a dashed line.
- `accuracy_curve(metrics)`: the (round, test accuracy) points of a run's metric records.
Every figure has the constant `uirevision`, so a polling redraw keeps the visitor's zoom and legend clicks, and
takes the interface language `lang` ("en", "zh") for its labels.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

from core.i18n import translator
from core.plots import UIREVISION

LINE_STYLES = {"this run": {"width": 4}, "centralised": {"dash": "dot"}}  # others: plain lines


def label_distribution_figure(counts: np.ndarray, classes: list[str] | tuple[str, ...], lang: str = "en") -> go.Figure:
    """counts: int (clients, classes) -> stacked bars of examples per label for each client."""
    t = translator(lang)
    counts = np.asarray(counts)
    clients = [str(k + 1) for k in range(counts.shape[0])]
    palette = qualitative.Plotly + qualitative.D3  # ten or more distinct colours
    fig = go.Figure()
    for c, name in enumerate(classes):
        fig.add_bar(x=clients, y=counts[:, c], name=str(name), marker_color=palette[c % len(palette)],
                    hovertemplate=t("client %{x}, label %{fullData.name}: %{y} examples") + "<extra></extra>")
    fig.update_layout(barmode="stack", height=340, margin={"t": 20, "b": 40, "l": 50, "r": 10},
                      xaxis={"title": t("client"), "type": "category"},
                      yaxis={"title": t("training examples")}, legend={"title": t("label")}, uirevision=UIREVISION)
    return fig


def accuracy_curve(metrics: list[dict]) -> list[tuple[int, float]]:
    """(round, test accuracy) for each finished round in a run's metric records (a resume repeats none)."""
    by_round = {r["epoch"]: r["test_acc"] for r in metrics if r.get("kind") == "epoch" and "test_acc" in r}
    return sorted(by_round.items())


def accuracy_by_round_figure(curves: dict[str, list[tuple[int, float]]], target: float,
                             rounds: int | None = None, lang: str = "en") -> go.Figure:
    """One line per run, `curves` keyed by the English run labels of core.fedavg (translated here); the y axis
    starts at the lowest accuracy shown (at most 50 %) so late rounds stay legible."""
    t = translator(lang)
    fig = go.Figure()
    shown = [acc for points in curves.values() for _, acc in points]
    for label, points in curves.items():
        if points:
            xs, ys = zip(*points, strict=True)
            fig.add_scatter(x=xs, y=ys, mode="lines+markers", name=t(label), line=LINE_STYLES.get(label, {}),
                            hovertemplate=t("%{fullData.name}, round %{x}: %{y:.2%}") + "<extra></extra>")
    fig.add_hline(y=target, line={"color": "grey", "dash": "dash"},
                  annotation_text=t("target {accuracy}", accuracy=f"{target:.1%}"), annotation_position="bottom right")
    low = min([0.5, *shown])
    fig.update_layout(height=380, margin={"t": 20, "b": 40, "l": 50, "r": 10}, uirevision=UIREVISION,
                      xaxis={"title": t("communication round"), "range": [0, rounds] if rounds else None,
                             "dtick": max(1, round((rounds or 10) / 10))},  # whole rounds only
                      yaxis={"title": t("global test accuracy"), "tickformat": ".0%", "range": [low, 1.0]},
                      legend={"orientation": "h", "y": -0.2})
    return fig
