"""What the linear and logistic regression pages share: Plotly figures, live model views, data caching,
a settings subset, progress for in-page fits and the "Seed article vs this app" box.

- Figures are pure Plotly (testable headless) with a constant `uirevision`, so polling redraws keep zoom.
- `cached_data(demo, cfg)` loads a built-in dataset once per config per process with st.cache_resource
  (no pickling; pages treat the result as read-only). Uploads never go through it.
- `latest_model` rebuilds a run's last committed weights (checksum-verified) while it trains; `live(key,
  draw)` calls `draw()` now and, while the run is queued or training, every second in a fragment.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import streamlit as st
import torch

from core.config import config_to_dict, field_specs
from core.manager import ACTIVE
from core.plots import COLOURS, UIREVISION
from core.store import DamagedRun, RunStore
from core.training import Reporter
from core.ui.config_form import widget
from core.ui.i18n import t
from core.ui.resources import run_manager

POLL_SECONDS = 1.0
MAX_POINTS = 4000  # points drawn per scatter trace: browsers slow down beyond a few thousand
CLASS_COLOURS = ("#1f77b4", "#d62728")


def _layout(fig: go.Figure, height: int = 400, **kwargs) -> go.Figure:
    fig.update_layout(height=height, margin={"t": 30, "b": 40, "l": 50, "r": 10}, uirevision=UIREVISION,
                      legend={"orientation": "h", "y": -0.18}, **kwargs)
    return fig


# --- figures -----------------------------------------------------------------------------------------------
def fit_figure(x_train, y_train, x_test, y_test, curve_x=None, curve_y=None, x_name: str = "x") -> go.Figure:
    """1-D data (train dots, test crosses) and the model's curve."""
    fig = go.Figure()
    fig.add_scatter(x=x_train[:MAX_POINTS], y=y_train[:MAX_POINTS], mode="markers", name=t("train"),
                    marker={"color": COLOURS["train"], "size": 6, "opacity": 0.6})
    fig.add_scatter(x=x_test[:MAX_POINTS], y=y_test[:MAX_POINTS], mode="markers", name=t("test"),
                    marker={"color": COLOURS["test"], "size": 7, "symbol": "x", "opacity": 0.7})
    if curve_x is not None:
        fig.add_scatter(x=curve_x, y=curve_y, mode="lines", name=t("model"), line={"color": "black", "width": 3})
    return _layout(fig, xaxis_title=x_name, yaxis_title="y")


def parity_figure(y_train, p_train, y_test, p_test) -> go.Figure:
    """Predicted against actual: a perfect model puts every point on the diagonal."""
    fig = go.Figure()
    for name, y, p in (("train", y_train, p_train), ("test", y_test, p_test)):
        fig.add_scatter(x=y[:MAX_POINTS], y=p[:MAX_POINTS], mode="markers", name=t(name),
                        marker={"color": COLOURS[name], "size": 6, "opacity": 0.6})
    ends = [float(np.min([y_train.min(), y_test.min()])), float(np.max([y_train.max(), y_test.max()]))]
    fig.add_scatter(x=ends, y=ends, mode="lines", name=t("prediction = actual"), line={"color": "grey", "dash": "dash"})
    return _layout(fig, xaxis_title=t("actual y"), yaxis_title=t("predicted y"))


def residual_figure(p_train, r_train, p_test, r_test) -> go.Figure:
    """Residual (actual − predicted) against the prediction: structure here is what the model missed."""
    fig = go.Figure()
    for name, p, r in (("train", p_train, r_train), ("test", p_test, r_test)):
        fig.add_scatter(x=p[:MAX_POINTS], y=r[:MAX_POINTS], mode="markers", name=t(name),
                        marker={"color": COLOURS[name], "size": 6, "opacity": 0.6})
    fig.add_hline(y=0, line={"color": "grey", "dash": "dash"})
    return _layout(fig, 320, xaxis_title=t("predicted y"), yaxis_title=t("residual (actual − predicted)"))


def loss_surface_figure(q: np.ndarray, c: np.ndarray, d: float, path: list, names: tuple[str, str],
                        max_frames: int = 60) -> go.Figure:
    """Contours of J(θ) = ½θᵀQθ − cᵀθ + d over two parameters, the optimum θ*, and the descent path with a
    Play button. The colour is √(J − J*), so the quadratic bowl's contours come out evenly spaced."""
    star = np.linalg.lstsq(q, c, rcond=None)[0]
    pts = np.asarray(path, dtype=float).reshape(-1, 2)
    lo, hi = np.minimum(pts.min(0), star), np.maximum(pts.max(0), star)
    pad = 0.2 * (hi - lo) + 0.5
    a, b = np.linspace(lo[0] - pad[0], hi[0] + pad[0], 90), np.linspace(lo[1] - pad[1], hi[1] + pad[1], 90)
    A, B = np.meshgrid(a, b)
    J = 0.5 * (q[0, 0] * A ** 2 + 2 * q[0, 1] * A * B + q[1, 1] * B ** 2) - c[0] * A - c[1] * B + d
    j_star = 0.5 * star @ q @ star - c @ star + d
    fig = go.Figure([
        go.Contour(x=a, y=b, z=np.sqrt(np.maximum(J - j_star, 0)), colorscale="Viridis", ncontours=25,
                   colorbar={"title": "√(J − J*)"}, hovertemplate=f"{names[0]} %{{x:.3g}}, {names[1]} %{{y:.3g}}"
                                                                 "<extra></extra>"),
        go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="lines+markers", name=t("descent path"),
                   line={"color": "white", "width": 2},
                   marker={"size": 5, "color": "white", "line": {"color": "black", "width": 1}}),
        go.Scatter(x=[star[0]], y=[star[1]], mode="markers", name="θ* (lstsq)",
                   marker={"symbol": "star", "size": 14, "color": "#ff7f0e", "line": {"color": "black", "width": 1}}),
    ])
    ends = np.unique(np.linspace(1, len(pts), min(len(pts), max_frames)).round().astype(int))
    # Frames as plain lists: with numpy arrays (sent as typed arrays) the contour vanishes while it plays.
    fig.frames = [go.Frame(data=[go.Scatter(x=pts[:k, 0].tolist(), y=pts[:k, 1].tolist())], traces=[1], name=str(k))
                  for k in ends]
    play = {"frame": {"duration": 80, "redraw": False}, "transition": {"duration": 0}, "fromcurrent": False}
    return _layout(fig, 420, xaxis_title=names[0], yaxis_title=names[1], updatemenus=[{
        "type": "buttons", "x": 0.0, "y": 1.12, "xanchor": "left", "direction": "left",
        "buttons": [{"label": t("▶ Play the descent"), "method": "animate", "args": [None, play]}]}])


def boundary_grid(points: np.ndarray, size: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(gx, gy, grid points (size², 2)) covering the points with a 10 % margin."""
    lo, hi = points.min(0), points.max(0)
    pad = 0.1 * (hi - lo) + 1e-6
    gx, gy = np.linspace(lo[0] - pad[0], hi[0] + pad[0], size), np.linspace(lo[1] - pad[1], hi[1] + pad[1], size)
    xx, yy = np.meshgrid(gx, gy)
    return gx, gy, np.column_stack([xx.ravel(), yy.ravel()])


def boundary_figure(gx, gy, probs, x_train, y_train, x_test, y_test, classes, point=None) -> go.Figure:
    """P(class 1) as a heatmap with the 0.5 contour (the decision boundary), and the points."""
    fig = go.Figure()
    if probs is not None:
        z = np.asarray(probs).reshape(len(gy), len(gx))
        fig.add_heatmap(x=gx, y=gy, z=z, zmin=0, zmax=1, colorscale="RdBu_r", opacity=0.55,
                        colorbar={"title": f"P({classes[1]})"}, hovertemplate="P = %{z:.2f}<extra></extra>")
        fig.add_contour(x=gx, y=gy, z=z, contours={"start": 0.5, "end": 0.5, "size": 1, "coloring": "none"},
                        line={"color": "black", "width": 2}, showscale=False, hoverinfo="skip", name="P = 0.5")
    for split, x, y, symbol in (("train", x_train, y_train, "circle"), ("test", x_test, y_test, "x")):
        for cls in (0, 1):
            pick = (y > 0.5) == bool(cls)
            marker = {"color": CLASS_COLOURS[cls], "symbol": symbol, "size": 6,
                      "line": {"width": 0.5, "color": "white"}}
            fig.add_scatter(x=x[pick, 0][:MAX_POINTS], y=x[pick, 1][:MAX_POINTS], mode="markers",
                            name=f"{t(split)}: {classes[cls]}", marker=marker)
    if point is not None:
        fig.add_scatter(x=[point[0]], y=[point[1]], mode="markers", name=t("your point"),
                        marker={"symbol": "star", "size": 18, "color": "#ffdd00",
                                "line": {"color": "black", "width": 1.5}})
    return _layout(fig, 480, xaxis_title="x1", yaxis_title="x2")


def probability_figure(probs, labels, classes) -> go.Figure:
    """Histogram of P(class 1) per true class, for data with more than two inputs (no 2-D picture)."""
    fig = go.Figure()
    for cls in (0, 1):
        fig.add_histogram(x=np.asarray(probs)[np.asarray(labels) == cls], name=t("true {label}", label=classes[cls]),
                          opacity=0.7,
                          xbins={"start": 0, "end": 1, "size": 0.05}, marker_color=CLASS_COLOURS[cls])
    fig.add_vline(x=0.5, line={"color": "black", "dash": "dash"})
    return _layout(fig, 360, barmode="overlay", xaxis_title=t("predicted P({label})", label=classes[1]),
                   yaxis_title=t("test examples"))


def roc_figure(fpr, tpr, auc: float) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=fpr, y=tpr, mode="lines", name=t("model (AUC {auc})", auc=f"{auc:.3f}"),
                    line={"color": COLOURS["test"], "width": 3})
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name=t("chance (AUC 0.5)"),
                    line={"color": "grey", "dash": "dash"})
    return _layout(fig, 380, xaxis_title=t("false-positive rate"), yaxis_title=t("true-positive rate"),
                   xaxis_range=[0, 1], yaxis_range=[0, 1.02])


# --- runs and data -----------------------------------------------------------------------------------------
@st.cache_resource(max_entries=16, show_spinner=False)  # the caller shows a spinner in the visitor's language
def _load(demo_name: str, config_json: str, _demo, _cfg, data_dir: str):
    return _demo.load_data(_cfg, data_dir, torch.device("cpu"))


def cached_data(demo, cfg):
    """A built-in dataset for the page (plots, L, oracles), once per config per process."""
    manager = run_manager()
    with st.spinner(t("Preparing the data...")):
        return _load(demo.name, json.dumps(config_to_dict(cfg), sort_keys=True), demo, cfg, manager.data_dir)


def latest_model(store: RunStore, demo, cfg, key: str):
    """The run's last committed weights as an eval-mode model, or None before its first epoch ends."""
    for _ in range(2):  # a new epoch can replace the files between reading train_state.json and the weights
        try:
            weights = store.load_weights(key)
        except DamagedRun:
            continue
        model = demo.build_model(cfg)
        model.load_state_dict(weights)
        return model.eval()
    return None


def live(key: str, draw: Callable[[], None]) -> None:
    """draw() now; while the run is queued or training, again every second (a fragment reruns only it)."""
    if run_manager().snapshot(key)["status"] in ACTIVE:
        _live(key, draw)
    else:
        draw()


@st.fragment(run_every=POLL_SECONDS)
def _live(key: str, draw: Callable[[], None]) -> None:
    draw()


def epoch_records(metrics: list[dict]) -> list[dict]:
    return [r for r in metrics if r.get("kind") == "epoch"]


# --- widgets -------------------------------------------------------------------------------------------------
def settings(demo, names: list[str], prefix: str) -> dict:
    """Widgets for some of a demo's config fields (same ranges and help as the sidebar form)."""
    specs = {s["name"]: s for s in field_specs(demo.config_cls)}
    return {name: widget(specs[name], f"{prefix}.{name}", specs[name]["default"]) for name in names}


class ProgressReporter(Reporter):
    """Drives an st.progress bar from an in-page fit (at most ~100 redraws)."""

    def __init__(self, bar):
        self.bar, self.every = bar, 1

    def on_start(self, info: dict) -> None:
        self.every = max(1, info["total_steps"] // 100)

    def on_step(self, step: int, total: int, samples: int, loss: float | None) -> None:
        if step % self.every == 0 or step == total:
            self.bar.progress(min(step / max(total, 1), 1.0), text=t("step {step} of {total}", step=f"{step:,}",
                                                                             total=f"{total:,}"))


def seed_box(rows: list[tuple[str, str, str]], verdict: str) -> None:
    """The seed article's claims beside this app's, computed live: rows of (what, seed, this app)."""
    with st.container(border=True):
        st.subheader(t("Seed article vs this app"))
        head = st.columns([2, 3, 3])
        head[1].markdown("**" + t("The seed article") + "**")
        head[2].markdown("**" + t("This app (computed now)") + "**")
        for what, seed, ours in rows:
            cols = st.columns([2, 3, 3])
            cols[0].markdown(what)
            cols[1].markdown(seed)
            cols[2].markdown(ours)
        st.info(verdict)
