"""The "try it on your own digit" section of a digit-classifier page: draw, upload or photograph a digit, convert
it the MNIST way, and show the finished run's prediction beside what the model saw.

`digit_prediction(demo, cfg, key, store, widget_key)` draws the picture input and returns the predicted class
index, or None while there is no picture or when it is unusable (then one st.error says why). The demo's
`predict(model, images (N, 28, 28) in [0, 1], cfg)` must return class probabilities (N, 10).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.datasets import DIGIT_CLASSES
from core.imaging import ImageInputError, image_to_mnist
from core.inference import NoFinishedRun, load_finished
from core.ui.classifier_results import show_prediction
from core.ui.drawing import picture_input
from core.ui.i18n import error_text, t


def digit_prediction(demo, cfg, key: str, store, widget_key: str) -> tuple[int, np.ndarray] | None:
    """(predicted class, the 28x28 uint8 digit the model saw) for the visitor's picture, or None."""
    st.caption(t("Draw a digit, or give a dark digit on light paper or a light one on dark. It is converted the way "
                 "MNIST digits were made: grayscale, cropped to the digit, fitted into 20x20 pixels and centred by "
                 "mass in 28x28."))
    picture = picture_input(widget_key)
    if picture is None:
        return None
    try:
        digit = image_to_mnist(picture)
        model = load_finished(store, key, demo, cfg)
    except (ImageInputError, NoFinishedRun) as err:
        st.error(error_text(err))
        return None
    pixels = (digit * 255).round().astype(np.uint8)[None]  # (1, 28, 28), as the training images
    probs = demo.predict(model, digit[None], cfg)[0]
    best = show_prediction(probs, DIGIT_CLASSES, pixels, t("What the model sees (28x28)"), f"{widget_key}-probs")
    return best, pixels
