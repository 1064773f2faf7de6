"""A picture from the visitor: a drawing canvas (streamlit-drawable-canvas) beside upload and camera tabs.

`picture_input(key, draw=True)` returns the image file's bytes, or None while there is nothing yet. The
canvas reruns the page on every stroke (`update_streamlit=True`), so a prediction drawn from its PNG
updates as the visitor draws. If the component cannot be imported or registered (not installed, or a
Streamlit version it does not support), the page says so in a caption and offers upload and camera only.
"""

from __future__ import annotations

import streamlit as st

from core.ui.i18n import t

CANVAS_PIXELS = 280  # drawing area side; ten screen pixels per MNIST pixel


def load_canvas():
    """The component's st_canvas function, or None when it is unavailable here."""
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception:  # ImportError, or StreamlitAPIException when the component cannot be registered
        return None
    return st_canvas


def _drawing(st_canvas, key: str) -> bytes | None:
    result = st_canvas(stroke_width=22, stroke_color="#000000", background_color="#ffffff", height=CANVAS_PIXELS,
                       width=CANVAS_PIXELS, drawing_mode="freedraw", return_image_data=True, update_streamlit=True,
                       key=key)
    if not (result.json_data or {}).get("objects"):
        return None  # an empty canvas is not a digit
    return result.image_bytes


def picture_input(key: str, draw: bool = True, upload_label: str | None = None):
    """`upload_label` is already in the visitor's language (default: the accepted formats and size)."""
    st_canvas = load_canvas() if draw else None
    labels = {"draw": t("Draw"), "upload": t("Upload an image"), "camera": t("Camera")}
    names = (["draw"] if st_canvas else []) + ["upload", "camera"]
    if draw and st_canvas is None:
        st.caption(t("The drawing canvas is not available on this server; upload a picture or use the camera."))
    tabs = dict(zip(names, st.tabs([labels[name] for name in names]), strict=True))
    drawn = None
    if st_canvas:
        with tabs["draw"]:
            drawn = _drawing(st_canvas, f"{key}-canvas")
    with tabs["upload"]:
        upload = st.file_uploader(upload_label or t("PNG, JPEG, WebP, BMP or GIF, up to 10 MB"),
                                  type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key=f"{key}-upload")
    with tabs["camera"]:
        photo = st.camera_input(t("Take a picture"), key=f"{key}-camera")
    source = upload or photo
    return source.getvalue() if source is not None else drawn
