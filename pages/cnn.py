"""CNN digits: tune, see the model's cost, train in the background, watch live curves, inspect errors, then draw
or upload a digit, see the prediction change as you draw, and look inside the network."""

import numpy as np
import streamlit as st
import torch

from core.cnn import TRAIN_IMAGES, normalise
from core.datasets import DIGIT_CLASSES, default_data_dir, default_digit_dataset
from core.imaging import ImageInputError, image_to_mnist
from core.inference import NoFinishedRun, load_finished
from core.registry import get_demo
from core.ui.classifier_results import show_prediction, show_results
from core.ui.config_form import settings_and_key
from core.ui.drawing import picture_input
from core.ui.i18n import error_text, t
from core.ui.network_views import inside_the_network, model_costs
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("cnn")

demo = get_demo("cnn")
manager = run_manager()
st.title(t("CNN digits"))
st.write(t("A convolutional network learns handwritten digits. Tune it in the sidebar, press **Train**, watch it "
           "learn, then draw a digit and watch the prediction change as you draw."))

cfg, key = settings_and_key(demo, manager, {"dataset": default_digit_dataset(default_data_dir())})

with st.expander(t("Model size and cost"), expanded=True):
    model_costs(demo.build_model(cfg), (1, 28, 28), len(DIGIT_CLASSES), TRAIN_IMAGES[cfg.dataset], cfg.batch_size)
snap = run_panel(demo, cfg, key, manager)
if snap["status"] != "done":
    st.stop()
show_results(snap, manager.store, key)

st.header(t("Try it on your own digit"))
st.caption(t("Draw a digit, or give a dark digit on light paper or a light one on dark. It is converted the way "
             "MNIST digits were made: grayscale, cropped to the digit, fitted into 20x20 pixels and centred by mass "
             "in 28x28."))
picture = picture_input("cnn")
if picture is not None:
    try:
        digit = image_to_mnist(picture)
        model = load_finished(manager.store, key, demo, cfg)
    except (ImageInputError, NoFinishedRun) as err:
        st.error(error_text(err))
    else:
        pixels = (digit * 255).round().astype(np.uint8)[None]  # (1, 28, 28), as the training images
        probs = demo.predict(model, digit[None], cfg)[0]
        best = show_prediction(probs, DIGIT_CLASSES, pixels, t("What the model sees (28x28)"), "cnn-probs")
        st.subheader(t("Inside the network"))
        inside_the_network(model, normalise(torch.from_numpy(pixels)[None]), pixels, best, DIGIT_CLASSES[best], "cnn")
