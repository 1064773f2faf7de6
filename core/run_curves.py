"""Several runs' learning curves in one Plotly figure, for the Runs page's comparison (no Streamlit here).

- `curve_metrics(metrics_by_run)`: the numeric per-epoch metrics any of the runs logged (train_loss, test_acc, ...;
  bookkeeping such as epoch and timings left out), in first-seen order.
- `overlay_curves(metrics_by_run, metric, x)`: one line per run (label -> its metrics.jsonl records) of `metric`
  against `x`: "epoch" or "train_seconds" (cumulative seconds inside train_epoch, so runs of different speed
  compare by cost). A run that never logged the metric gets no line. Accuracies are drawn as percentages;
  every line is named in the legend, even a single one. Axis titles are in the interface language `lang`.
"""

from __future__ import annotations

import plotly.graph_objects as go

from core.i18n import label_for_metric, translator
from core.plots import UIREVISION

BOOKKEEPING = ("epoch", "train_seconds", "epoch_seconds")
X_AXES = ("epoch", "train_seconds")


def _epochs(records: list[dict]) -> list[dict]:
    return [r for r in records if r.get("kind") == "epoch"]


def curve_metrics(metrics_by_run: dict[str, list[dict]]) -> list[str]:
    names = (name for records in metrics_by_run.values() for r in _epochs(records) for name, value in r.items()
             if name not in BOOKKEEPING and isinstance(value, int | float) and not isinstance(value, bool))
    return list(dict.fromkeys(names))


def overlay_curves(metrics_by_run: dict[str, list[dict]], metric: str, x: str = "epoch",
                   lang: str = "en") -> go.Figure:
    t = translator(lang)
    if x not in X_AXES:
        raise ValueError(f"x must be one of {', '.join(X_AXES)}, not {x!r}.")
    fig = go.Figure()
    for label, records in metrics_by_run.items():
        points = [(r[x], r[metric]) for r in _epochs(records) if metric in r and x in r]
        if points:
            xs, ys = zip(*points, strict=True)
            fig.add_trace(go.Scatter(x=xs, y=ys, name=label, mode="lines+markers", showlegend=True))  # even alone
    x_title = {"epoch": t("epoch"), "train_seconds": t("training time (s)")}[x]
    fig.update_layout(xaxis_title=x_title, yaxis_title=t(label_for_metric(metric)), height=380, uirevision=UIREVISION,
                      margin={"t": 20, "b": 40, "l": 50, "r": 10}, legend={"orientation": "h", "y": -0.2})
    if metric.endswith("_acc"):
        fig.update_yaxes(tickformat=".1%")
    return fig
