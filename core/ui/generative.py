"""What the GAN and VAE pages share: Plotly figures (pure, testable headless) and picture widgets.

Figures keep a constant `uirevision`, so the live fragment's redraws keep the visitor's zoom. Pictures are
uint8 arrays shown nearest-neighbour enlarged (`core.plots.upscale`), so 28x28 pixels stay crisp.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core.generative import entropy_bits, image_grid
from core.plots import COLOURS, UIREVISION, upscale
from core.ui.i18n import t

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(height=height, margin={"t": 40, "b": 40, "l": 50, "r": 10}, uirevision=UIREVISION,
                      legend={"orientation": "h", "y": -0.22}, **kwargs)
    return fig


def records(metrics: list[dict], kind: str) -> list[dict]:
    return [r for r in metrics if r.get("kind") == kind]


def gan_curves(metrics: list[dict], wasserstein: bool) -> go.Figure:
    """G and D losses (every 10 steps) and D's mean output on real and generated images, on an epoch axis."""
    steps = records(metrics, "gan")
    out = t("critic score") if wasserstein else t("probability 'real'")
    fig = make_subplots(rows=1, cols=2, subplot_titles=[t("Losses"), t("D(x) and D(G(z)): {output}", output=out)])
    per_epoch = max(r["step"] for r in steps) / max(r["epoch"] for r in steps) if steps else 1
    x = [r["step"] / per_epoch for r in steps]
    for col, names in ((1, (("g_loss", t("G loss"), "#d62728"), ("d_loss", t("D loss"), "#1f77b4"))),
                       (2, (("d_real", t("D(x), real"), "#2ca02c"), ("d_fake", t("D(G(z)), generated"), "#ff7f0e")))):
        for name, label, colour in names:
            fig.add_scatter(x=x, y=[r[name] for r in steps], name=label, line={"color": colour, "width": 1.5},
                            row=1, col=col)
    if not wasserstein:
        fig.add_hline(y=0.5, line={"color": "grey", "dash": "dot"}, row=1, col=2)
    fig.update_xaxes(title_text=t("epoch"))
    return _layout(fig, 330)


def fid_curve(metrics: list[dict]) -> go.Figure:
    """FID per epoch against the real-vs-real baseline (the floor a perfect generator would reach)."""
    epochs = records(metrics, "epoch")
    fig = go.Figure()
    fig.add_scatter(x=[r["epoch"] for r in epochs], y=[r["fid"] for r in epochs], name=t("FID of generated images"),
                    mode="lines+markers", line={"color": COLOURS["test"]})
    fig.add_scatter(x=[r["epoch"] for r in epochs], y=[r["fid_real"] for r in epochs], mode="lines",
                    name=t("real vs real (same N)"), line={"color": "grey", "dash": "dash"})
    return _layout(fig, 300, xaxis_title=t("epoch"), yaxis_title=t("FID (classifier features)"), yaxis_type="log")


def class_histogram(hist: list[int], classes: list[str]) -> go.Figure:
    counts = np.asarray(hist)
    fig = go.Figure(go.Bar(x=list(classes), y=counts, marker_color=PALETTE[0]))
    fig.add_hline(y=counts.sum() / len(counts), line={"color": "grey", "dash": "dash"},
                  annotation_text=t("uniform"))
    return _layout(fig, 300, xaxis={"type": "category", "title": t("class the classifier sees")},
                   yaxis_title=t("generated images"),
                   title=t("Entropy {entropy} bits (uniform: {uniform})", entropy=f"{entropy_bits(counts):.2f}",
                           uniform=f"{np.log2(len(counts)):.2f}"))


def elbo_curves(metrics: list[dict]) -> go.Figure:
    """Negative ELBO split into reconstruction and KL, train and test, per epoch (nats per image)."""
    epochs = records(metrics, "epoch")
    fig = make_subplots(rows=1, cols=2, subplot_titles=[t("Reconstruction −E[log p(x|z)]"), "KL(q(z|x) ‖ p(z))"])
    for col, term in ((1, "recon"), (2, "kl")):
        for split in ("train", "test"):
            fig.add_scatter(x=[r["epoch"] for r in epochs], y=[r[f"{split}_{term}"] for r in epochs], name=t(split),
                            legendgroup=split, showlegend=col == 1, mode="lines+markers",
                            line={"color": COLOURS[split]}, row=1, col=col)
    fig.update_xaxes(title_text=t("epoch"))
    fig.update_yaxes(title_text=t("nats per image"), row=1, col=1)
    return _layout(fig, 320)


def latent_scatter(mu: np.ndarray, labels: np.ndarray, classes: list[str], point=None, axes=("z₁", "z₂")):
    """Test images' latent means, one trace per class; customdata is the image's index (for selection)."""
    fig = go.Figure()
    for cls, name in enumerate(classes):
        pick = np.flatnonzero(labels == cls)
        fig.add_scattergl(x=mu[pick, 0], y=mu[pick, 1], mode="markers", name=name, customdata=pick,
                          marker={"size": 5, "color": PALETTE[cls % len(PALETTE)], "opacity": 0.75},
                          hovertemplate=f"{name} (#%{{customdata}})<extra></extra>")
    if point is not None:
        fig.add_scatter(x=[point[0]], y=[point[1]], mode="markers", name=t("your image"),
                        marker={"symbol": "star", "size": 18, "color": "#ffdd00",
                                "line": {"color": "black", "width": 1.5}})
    return _layout(fig, 480, xaxis_title=axes[0], yaxis_title=axes[1], dragmode="select")


# --- pictures ----------------------------------------------------------------------------------------------
def show_images(images_uint8, cols: int, scale: int = 3, caption: str | None = None, where=st) -> None:
    """A batch of uint8 (N, 1, 28, 28) pictures as one crisp grid."""
    where.image(upscale(image_grid(images_uint8, cols), scale), caption=caption)


def to_images(float_images) -> np.ndarray:
    """Float (N, 28, 28) or (N, 1, 28, 28) in [0, 1] -> uint8 (N, 1, 28, 28)."""
    array = np.asarray(float_images, dtype=np.float32).reshape(-1, 1, 28, 28)
    return (array.clip(0, 1) * 255).round().astype(np.uint8)
