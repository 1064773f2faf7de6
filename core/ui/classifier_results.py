"""The results section of the image-classifier pages: headline metrics, confusion matrix, confident mistakes,
and the prediction for the visitor's picture (probability bars beside what the model saw)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.plots import confusion_matrix, probability_bars, upscale
from core.store import DamagedRun
from core.ui.i18n import current_language, error_text, t
from core.ui.presentation import show_chart


def _as_picture(image: np.ndarray, factor: int) -> np.ndarray:
    """uint8 (C, H, W) -> an enlarged (H, W) or (H, W, 3) array st.image can show."""
    big = np.stack([upscale(plane, factor) for plane in image])
    return big[0] if big.shape[0] == 1 else big.transpose(1, 2, 0)


def show_results(snap: dict, store, key: str, zoom: int = 2) -> None:
    final = snap["meta"].get("final", {})
    cols = st.columns(4)
    cols[0].metric(t("Test accuracy"), f"{final.get('test_acc', 0):.2%}")
    cols[1].metric(t("Test loss"), f"{final.get('test_loss', 0):.3f}")
    cols[2].metric(t("Training time"), f"{snap['meta'].get('train_seconds', 0):.1f} s")
    cols[3].metric(t("Epochs"), f"{snap['meta'].get('epochs_done', 0)}")
    try:
        summary, tensors = store.read_report(key)
    except DamagedRun as err:
        st.warning(t("The run's report could not be read ({error}).", error=error_text(err)))
        return
    if not summary:
        return
    classes = summary["classes"]
    matrix_col, gallery_col = st.columns([3, 2])
    with matrix_col:
        st.subheader(t("Confusion matrix (test set)"))
        show_chart(confusion_matrix(summary["confusion"], classes, current_language()), key=f"cm-{key}")
    with gallery_col:
        st.subheader(t("Most confident mistakes"))
        images = tensors.get("mistake_images")
        if images is None or not summary["mistakes"]:
            st.write(t("No test image was misclassified."))
        else:
            captions = [t("true {true} → {predicted} ({confidence})", true=classes[m["true"]],
                          predicted=classes[m["pred"]], confidence=f"{m['prob']:.0%}") for m in summary["mistakes"]]
            st.image([_as_picture(img.numpy(), zoom) for img in images[:24]], caption=captions[:24], width=64)


def show_prediction(probs: np.ndarray, classes, seen: np.ndarray, caption: str, key: str) -> int:
    """Draw the prediction for one picture; `seen` is the model's input as uint8 (C, H, W). Returns the class."""
    seen_col, probs_col = st.columns([1, 2])
    seen_col.image(_as_picture(seen, max(1, 168 // seen.shape[-1])), caption=caption)
    best = int(np.argmax(probs))
    probs_col.markdown("### " + t("Prediction: **{label}** ({probability})", label=classes[best],
                                   probability=f"{probs[best]:.1%}"))
    show_chart(probability_bars(probs, list(classes)), key=key, where=probs_col)
    return best
