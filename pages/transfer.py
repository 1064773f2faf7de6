"""Transfer learning: a pretrained network (a CNN pretrained here on digits 0-4, or ImageNet's ResNet-18 /
MobileNetV3 when online) as a frozen feature extractor or fine-tuned in its last block, on digits 5-9 or your own
zip of class folders, against a CNN trained from scratch on the same N labels; accuracy against N; your picture."""

import streamlit as st

from core.datasets import DatasetUnavailable, default_data_dir, default_digit_dataset
from core.imaging import ImageInputError
from core.plots import confusion_matrix
from core.registry import get_demo
from core.transfer import picture_input
from core.transfer_backbones import imagenet_weights_on_disk
from core.ui import classic
from core.ui.config_form import config_form
from core.ui.drawing import picture_input as picture_widget
from core.ui.generative import show_images
from core.ui.i18n import current_language, error_text, t
from core.ui.paradigms import comparison_figure, finished, labels_curve_figure, side_by_side, zip_upload
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("transfer")

demo = get_demo("transfer")
manager = run_manager()
data_dir = default_data_dir()
st.title(t("Transfer learning"))
st.write(t("A network that already learned one task has features that help with the next. Here a network "
           "pretrained on a source task is reused for a target task with only N labelled images per class, and "
           "compared with the same small CNN trained from scratch on those N images. Offline, the source is a CNN "
           "pretrained here on the digits 0-4 and the target is the digits 5-9."))

with st.sidebar:
    zip_upload(demo, "transfer")
    st.header(t("Settings"))
    initial = st.session_state.get("transfer-initial", {"dataset": default_digit_dataset(data_dir)})
    cfg = config_form(demo, initial, hidden=("upload_id",))
if cfg is None:
    st.stop()
try:
    key = manager.key_for(demo, cfg)
except DatasetUnavailable as err:
    st.error(error_text(err))
    st.stop()
if cfg.backbone != "own-cnn" and not imagenet_weights_on_disk(cfg.backbone, data_dir):
    st.info(t("Training first downloads the ImageNet weights of {name} into the data folder. Without internet the run "
              "fails with a message; the backbone own-cnn works offline.", name=cfg.backbone))
NAMES = {"transfer": t("Transferred ({mode})", mode=cfg.mode), "scratch": t("CNN from scratch")}

snap = run_panel(demo, cfg, key, manager)


def live_view() -> None:
    metrics = manager.snapshot(key)["metrics"]
    if any(r.get("kind") == "epoch" for r in metrics):
        show_chart(comparison_figure(metrics, ("test_acc", NAMES["transfer"]), ("scratch_acc", NAMES["scratch"])),
                   key=f"transfer-compare-{key}")


classic.live(key, live_view)
if snap["status"] != "done":
    st.stop()

summary, tensors, model = finished(demo, cfg, key, manager, snap, ("test_acc", NAMES["transfer"]),
                                   ("scratch_acc", NAMES["scratch"]))
classes = summary["classes"]
source_line = t("Source: {source}.", source=summary["source"])
if summary.get("source_acc") is not None:
    source_line += " " + t("It scores {acc} on its own test images; pretraining took {seconds} s (once per server, "
                           "not counted in the training time above).", acc=f"{summary['source_acc']:.1%}",
                           seconds=f"{summary['pretrain_seconds']:.1f}")
st.caption(source_line)

if "curve" in summary:
    st.header(t("Accuracy against the number of labels"))
    st.caption(t("For each N, a logistic-regression head on the frozen features and a CNN from scratch are trained "
                 "on the same N labelled images per class (the same epochs as this run). Transfer matters most when "
                 "labels are few."))
    show_chart(labels_curve_figure(summary["curve"], t("Transferred (frozen features)"), NAMES["scratch"]),
               key=f"transfer-curve-{key}")

matrix_col, labelled_col = st.columns([3, 2])
with matrix_col:
    st.subheader(t("Confusion matrix of the transferred model (test set)"))
    show_chart(confusion_matrix(summary["confusion"], classes, current_language()), key=f"transfer-cm-{key}")
with labelled_col:
    st.subheader(t("The {count} labelled images", count=summary["labelled"]))
    order = tensors["labelled_labels"].argsort(stable=True)
    images = tensors["labelled_images"][order]
    if images.shape[1] == 1:
        show_images(images.numpy(), cols=min(cfg.labels_per_class, 10), scale=2)
    else:
        st.image([img.permute(1, 2, 0).numpy() for img in images[:60]], width=48)

st.header(t("Try it on your own picture"))
picture = picture_widget("transfer", draw=cfg.dataset != "upload")
if picture is not None:
    try:
        pixels = picture_input(picture, cfg)
    except ImageInputError as err:
        st.error(error_text(err))
    else:
        probs = {name: p[0] for name, p in demo.predict(model, pixels[None], cfg).items()}
        side_by_side(probs, NAMES, classes, pixels, "transfer-probs")
