"""Inside the network, for the image-classifier pages: model costs before training, and for the visitor's
current input the feature maps of every conv layer, the first layer's filters and a Grad-CAM / saliency
overlay (Plotly image grids; computations in core.network_probe).

`model_costs(model, shape, classes, train_images, batch_size)` shows parameters, FLOPs per image and an
epoch-time estimate on this server's device (timed once per settings, kept in the session).
`inside_the_network(model, x, picture, target, label, key)` draws the three views in tabs.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st
import torch

from core.device import pick_device
from core.network_probe import feature_maps, first_filters, grad_cam, saliency
from core.plots import UIREVISION
from core.ui.i18n import t
from core.ui.presentation import show_chart
from core.vision_models import estimate_epoch_seconds, flops_per_image, parameter_count

MAX_TILES = 16  # channels shown per layer: enough to see the variety, few enough to stay readable


def mosaic(maps: np.ndarray, columns: int = 8) -> np.ndarray:
    """(k, h, w) -> one 2-D array of tiles in `columns` columns, separated by 1-pixel NaN gaps."""
    k, h, w = maps.shape
    rows = -(-k // columns)
    out = np.full((rows * (h + 1) - 1, min(k, columns) * (w + 1) - 1), np.nan)
    for i in range(k):
        r, c = divmod(i, columns)
        out[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w] = maps[i]
    return out


def _unit_range(a: np.ndarray) -> np.ndarray:
    """Scale each tile to 0..1 on its own, so weak channels stay visible."""
    low = np.nanmin(a, axis=(-2, -1), keepdims=True)
    span = np.nanmax(a, axis=(-2, -1), keepdims=True) - low
    return (a - low) / np.where(span > 0, span, 1)


def grid_figure(maps: np.ndarray, title: str, height: int = 220) -> go.Figure:
    tiles = mosaic(_unit_range(maps[:MAX_TILES]))
    fig = go.Figure(go.Heatmap(z=tiles, colorscale="Viridis", showscale=False, hoverinfo="skip"))
    fig.update_yaxes(autorange="reversed", scaleanchor="x", visible=False)
    fig.update_xaxes(visible=False)
    fig.update_layout(title=title, height=height, margin={"l": 0, "r": 0, "t": 30, "b": 0}, uirevision=UIREVISION)
    return fig


def filters_figure(weights: np.ndarray) -> go.Figure:
    """First-layer filters: colour tiles when the input is RGB, one grey tile per input channel otherwise."""
    out, c_in, k, _ = weights.shape
    if c_in == 3:
        tiles = _unit_range(weights.transpose(1, 0, 2, 3))  # scale per colour plane over all filters
        rgb = np.stack([mosaic(tiles[ch]) for ch in range(3)], -1)
        fig = go.Figure(go.Image(z=np.nan_to_num(rgb, nan=1.0) * 255, hoverinfo="skip"))
        fig.update_layout(title=t("{count} first-layer filters ({size}x{size}, RGB)", count=out, size=k))
    else:
        fig = grid_figure(weights.reshape(out * c_in, k, k),
                          t("{count} first-layer filters ({size}x{size})", count=out, size=k))
    fig.update_layout(height=260, margin={"l": 0, "r": 0, "t": 30, "b": 0}, uirevision=UIREVISION)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def overlay_figure(picture: np.ndarray, heat: np.ndarray, title: str) -> go.Figure:
    """The input picture (uint8 C x H x W) with a half-transparent heat map over it."""
    rgb = np.repeat(picture, 3, 0) if picture.shape[0] == 1 else picture
    fig = go.Figure(go.Image(z=rgb.transpose(1, 2, 0), hoverinfo="skip"))
    fig.add_trace(go.Heatmap(z=heat, colorscale="Jet", opacity=0.45, showscale=False, hoverinfo="skip"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_layout(title=title, height=300, margin={"l": 0, "r": 0, "t": 30, "b": 0}, uirevision=UIREVISION)
    return fig


def model_costs(model: torch.nn.Module, shape: tuple[int, int, int], classes: int, train_images: int,
                batch_size: int) -> None:
    device = pick_device("auto")
    cache_key = ("epoch-estimate", type(model).__name__, parameter_count(model), shape, batch_size, train_images,
                 device.type)
    if cache_key not in st.session_state:
        try:
            st.session_state[cache_key] = estimate_epoch_seconds(model, shape, classes, train_images, batch_size,
                                                                 device)
        except RuntimeError:  # e.g. the GPU is busy and out of memory: no estimate rather than a traceback
            st.session_state[cache_key] = None
    seconds = st.session_state[cache_key]
    cols = st.columns(3)
    cols[0].metric(t("Parameters"), f"{parameter_count(model):,}")
    cols[1].metric(t("FLOPs per image"), f"{flops_per_image(model, shape) / 1e6:,.1f} M",
                   help=t("2 x multiply-adds of the conv and linear layers for one forward pass."))
    cols[2].metric(t("Estimated epoch ({device})", device=device.type),
                   t("n/a") if seconds is None else f"{seconds:,.1f} s",
                   help=t("{images} images; timed from a few real training steps on this server, which other "
                          "visitors may share.", images=f"{train_images:,}"))


def inside_the_network(model: torch.nn.Module, x: torch.Tensor, picture: np.ndarray, target: int, label: str,
                       key: str) -> None:
    """x: the normalised model input (1, C, H, W); picture: what the visitor gave, uint8 (C, H, W)."""
    maps_tab, filters_tab, cam_tab = st.tabs([t("Feature maps"), t("First-layer filters"), t("Where it looked")])
    with maps_tab:
        st.caption(t("The output of every conv layer for this input (first {count} channels; bright = strong "
                     "response, each channel scaled on its own).", count=MAX_TILES))
        for i, (name, maps) in enumerate(feature_maps(model, x)):
            title = t("{layer}: {channels} channels, {height}x{width}", layer=name, channels=maps.shape[0],
                      height=maps.shape[1], width=maps.shape[2])
            show_chart(grid_figure(maps, title), key=f"{key}-maps-{i}")
    with filters_tab:
        show_chart(filters_figure(first_filters(model)), key=f"{key}-filters")
    with cam_tab:
        left, right = st.columns(2)
        show_chart(overlay_figure(picture, grad_cam(model, x, target), t("Grad-CAM for '{label}'", label=label)),
                   key=f"{key}-cam", where=left)
        show_chart(overlay_figure(picture, saliency(model, x, target), t("Saliency for '{label}'", label=label)),
                   key=f"{key}-saliency", where=right)
        st.caption(t("Grad-CAM: the last conv layer's channels weighted by how much they raise the predicted "
                     "class. Saliency: how strongly each pixel's change would move that class's score."))
