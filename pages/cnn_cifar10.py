"""CNN images: CIFAR-10, Fashion-MNIST, procedurally drawn shapes or the visitor's own zip of class folders;
model cost before training, background training with live curves, results, a picture of your own, and what
the network computes for it."""

import streamlit as st
import torch

from core.cnn_cifar10 import class_names, input_spec, normalise, picture_input
from core.datasets import DatasetUnavailable, default_data_dir
from core.imaging import ImageInputError
from core.inference import NoFinishedRun, load_finished
from core.registry import get_demo
from core.ui.classifier_results import show_prediction, show_results
from core.ui.config_form import config_form
from core.ui.drawing import picture_input as picture_widget
from core.ui.i18n import error_text, t
from core.ui.network_views import inside_the_network, model_costs
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell
from core.vision_data import TRAIN_IMAGES, cifar10_on_disk, load_upload, save_upload
from core.zip_dataset import ZipDatasetError, read_class_zip

ensure_shell("cnn-cifar10")

demo = get_demo("cnn-cifar10")
manager = run_manager()
data_dir = default_data_dir()
st.title(t("CNN images"))
st.write(t("Train a convolutional network on colour photos (CIFAR-10), clothing (Fashion-MNIST), drawn shapes, or "
           "your own pictures, then show it a picture and see which parts of it the network looked at."))

with st.sidebar:
    st.header(t("Your own dataset"))
    archive = st.file_uploader(t("A zip with one folder of images per class (2-20 classes, up to 5,000 images)"),
                               type=["zip"], key="cnn-cifar10-zip")
    if archive is not None and st.session_state.get("cnn-cifar10-zip-id") != archive.file_id:
        try:
            upload_id = save_upload(read_class_zip(archive.getvalue()), data_dir)
        except ZipDatasetError as err:
            st.error(error_text(err))
        else:
            st.session_state["cnn-cifar10-zip-id"] = archive.file_id
            for field in ("dataset", "upload_id"):  # re-create these widgets with the upload's values
                st.session_state.pop(f"{demo.name}.{field}", None)
            st.session_state["cnn-cifar10-initial"] = {"dataset": "upload", "upload_id": upload_id}
    st.header(t("Settings"))
    initial = st.session_state.get("cnn-cifar10-initial", {"dataset": "cifar10" if cifar10_on_disk(data_dir)
                                                           else "shapes"})
    cfg = config_form(demo, initial, hidden=("upload_id",))
if cfg is None:
    st.stop()
try:
    key = manager.key_for(demo, cfg)
    classes = class_names(cfg, data_dir)
    train_images = TRAIN_IMAGES.get(cfg.dataset) or len(load_upload(cfg.upload_id, data_dir).train_y)
except DatasetUnavailable as err:
    st.error(error_text(err))
    st.stop()

channels, side, _ = input_spec(cfg)
with st.expander(t("Model size and cost"), expanded=True):
    model_costs(demo.build_model(cfg), (channels, side, side), len(classes), train_images, cfg.batch_size)
snap = run_panel(demo, cfg, key, manager)
if snap["status"] != "done":
    st.stop()
show_results(snap, manager.store, key)

st.header(t("Try it on your own picture"))
if channels == 1:
    st.caption(t("The picture is centre-cropped to a square and shrunk to {side}x{side} pixels, grayscale, light "
                 "object on black, like Fashion-MNIST.", side=side))
else:
    st.caption(t("The picture is centre-cropped to a square and shrunk to {side}x{side} pixels, like the training "
                 "images.", side=side))
picture = picture_widget("cnn-cifar10", draw=False)
if picture is not None:
    try:
        pixels = picture_input(picture, cfg)
        model = load_finished(manager.store, key, demo, cfg)
    except (ImageInputError, NoFinishedRun) as err:
        st.error(error_text(err))
    else:
        probs = demo.predict(model, pixels[None], cfg)[0]
        best = show_prediction(probs, classes, pixels, t("What the model sees ({side}x{side})", side=side),
                               "cnn-cifar10-probs")
        st.subheader(t("Inside the network"))
        inside_the_network(model, normalise(torch.from_numpy(pixels)[None], cfg), pixels, best, classes[best],
                           "cnn-cifar10")
