"""CNN digits: tune, train in the background, watch live curves, inspect errors, try your own image."""

import numpy as np
import streamlit as st

from core.datasets import DIGIT_CLASSES, DatasetUnavailable, default_data_dir, mnist_available
from core.imaging import ImageInputError, image_to_mnist
from core.inference import NoFinishedRun, load_finished
from core.plots import confusion_matrix, probability_bars, upscale
from core.registry import get_demo
from core.store import DamagedRun
from core.ui.config_form import config_form
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("cnn")

demo = get_demo("cnn")
manager = run_manager()
st.title("CNN digits")
st.write("A convolutional network learns handwritten digits. Tune it in the sidebar, press **Train**, watch it "
         "learn, then give it your own digit.")

with st.sidebar:
    st.header("Settings")
    cfg = config_form(demo, {"dataset": "mnist" if mnist_available(default_data_dir()) else "digits"})
if cfg is None:
    st.stop()
try:
    key = manager.key_for(demo, cfg)
except DatasetUnavailable as err:
    st.error(str(err))
    st.stop()

snap = run_panel(demo, cfg, key, manager)
if snap["status"] != "done":
    st.stop()

final = snap["meta"].get("final", {})
cols = st.columns(4)
cols[0].metric("Test accuracy", f"{final.get('test_acc', 0):.2%}")
cols[1].metric("Test loss", f"{final.get('test_loss', 0):.3f}")
cols[2].metric("Training time", f"{snap['meta'].get('train_seconds', 0):.1f} s")
cols[3].metric("Epochs", f"{snap['meta'].get('epochs_done', 0)}")

try:
    summary, tensors = manager.store.read_report(key)
except DamagedRun as err:
    st.warning(f"The run's report could not be read ({err}).")
    summary, tensors = None, {}
if summary:
    matrix_col, gallery_col = st.columns([3, 2])
    with matrix_col:
        st.subheader("Confusion matrix (test set)")
        st.plotly_chart(confusion_matrix(summary["confusion"], summary["classes"]), key=f"cm-{key}")
    with gallery_col:
        st.subheader("Most confident mistakes")
        images = tensors.get("mistake_images")
        if images is None or not summary["mistakes"]:
            st.write("No test image was misclassified.")
        else:
            captions = [f"true {m['true']} → {m['pred']} ({m['prob']:.0%})" for m in summary["mistakes"]]
            st.image([upscale(img[0].numpy(), 2) for img in images[:24]], caption=captions[:24], width=64)

st.header("Try it on your own digit")
st.caption("A dark digit on light paper or a light one on dark. It is converted the way MNIST digits were made: "
           "grayscale, cropped to the digit, fitted into 20x20 pixels and centred by mass in 28x28.")
upload_tab, camera_tab = st.tabs(["Upload an image", "Camera"])
with upload_tab:
    upload = st.file_uploader("PNG, JPEG, WebP, BMP or GIF, up to 10 MB",
                              type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key="cnn-upload")
with camera_tab:
    photo = st.camera_input("Hold a digit up to the camera", key="cnn-camera")
source = upload or photo
if source is not None:
    try:
        digit = image_to_mnist(source.getvalue())
        model = load_finished(manager.store, key, demo, cfg)
    except ImageInputError as err:
        st.error(str(err))
    except NoFinishedRun as err:
        st.error(str(err))
    else:
        probs = demo.predict(model, digit[None], cfg)[0]
        seen_col, probs_col = st.columns([1, 2])
        seen_col.image((upscale(digit, 6) * 255).astype(np.uint8), caption="What the model sees (28x28)")
        best = int(probs.argmax())
        probs_col.markdown(f"### Prediction: **{DIGIT_CLASSES[best]}** ({probs[best]:.1%})")
        probs_col.plotly_chart(probability_bars(probs, list(DIGIT_CLASSES)), key="cnn-probs")
