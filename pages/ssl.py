"""Self-supervised learning: see the augmented views, pretrain contrastively on unlabelled digits, then compare a
linear probe with K labels per class against a CNN trained on the same K labels; a 2-D map of both embeddings;
classify your own digit with both."""

import numpy as np
import streamlit as st

from core import ssl
from core.datasets import DIGIT_CLASSES, DatasetUnavailable, default_data_dir, default_digit_dataset
from core.imaging import ImageInputError, image_to_mnist
from core.registry import get_demo
from core.ssl_augment import view_pairs
from core.ui import classic
from core.ui.config_form import settings_and_key
from core.ui.drawing import picture_input
from core.ui.generative import latent_scatter, show_images
from core.ui.i18n import error_text, t
from core.ui.paradigms import comparison_figure, finished, side_by_side
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("ssl")

demo = get_demo("ssl")
manager = run_manager()
st.title(t("Self-supervised learning"))
st.write(t("Labels are expensive, images are cheap. Contrastive learning (SimCLR) trains an encoder on unlabelled "
           "images alone: two random views of the same image must map to nearby embeddings, views of different "
           "images to distant ones. Then a linear classifier (a probe) on the frozen embeddings learns from only "
           "K labelled images per class. The baseline is the same network trained on those K labels alone."))

cfg, key = settings_and_key(demo, manager, {"dataset": default_digit_dataset(default_data_dir())})
NAMES = {"probe": t("Contrastive encoder + linear probe"), "supervised": t("Supervised on the labels only"),
         "supervised_augmented": t("Supervised on the labels, augmented views")}

st.header(t("Two views of each image"))
st.caption(t("Each column is one training image and two random views of it: a random resized crop, a rotation, an "
             "elastic warp and pixel noise (the sidebar sets their strength). The encoder is trained to recognise "
             "that the two views in a column belong together."))
try:
    data = classic.cached_data(demo, cfg)
except DatasetUnavailable as err:
    st.error(error_text(err))
    st.stop()
if st.button(t("New random views"), key="ssl-new-views"):
    st.session_state["ssl-view-seed"] = st.session_state.get("ssl-view-seed", 0) + 1
originals = data.train_x[:12].cpu()
views = view_pairs(originals, ssl.augment_spec(cfg), st.session_state.get("ssl-view-seed", 0))
show_images(np.concatenate([originals.numpy(), views.numpy()]), cols=12, scale=3,
            caption=t("Top: the images. Middle and bottom: their two views."))

snap = run_panel(demo, cfg, key, manager)


def live_view() -> None:
    metrics = manager.snapshot(key)["metrics"]
    if any(r.get("kind") == "epoch" for r in metrics):
        figure = comparison_figure(metrics, ("test_acc", NAMES["probe"]), ("supervised_acc", NAMES["supervised"]),
                                   ("supervised_augmented_acc", NAMES["supervised_augmented"]))
        show_chart(figure, key=f"ssl-compare-{key}")
    else:
        st.caption(t("Both models' test accuracy appears here after each epoch."))


classic.live(key, live_view)
if snap["status"] != "done":
    st.stop()

summary, tensors, model = finished(demo, cfg, key, manager, snap, ("test_acc", t("Linear probe")),
                                   ("supervised_acc", t("Supervised baseline")))
augmented = snap["meta"].get("final", {}).get("supervised_augmented_acc")
if augmented is not None:  # runs of recipe 2 on: the baseline that also sees the contrastive views
    st.caption(t("A second baseline, trained on the same labelled images seen through the contrastive "
                 "augmentations, reached {accuracy}; the gain above is against the plain baseline.",
                 accuracy=f"{augmented:.1%}"))

st.subheader(t("The {count} labelled images both models learned from", count=summary["labelled"]))
order = tensors["labelled_labels"].argsort(stable=True)
show_images(tensors["labelled_images"][order].numpy(), cols=min(cfg.labels_per_class, 20) if cfg.labels_per_class > 1
            else 10, scale=2)

st.header(t("Where the test images land"))
st.caption(t("Each dot is a test image, placed by its embedding and coloured by its true digit (which neither encoder "
             "saw for these images). Left: the contrastive encoder, trained without labels. Right: the encoder of the "
             "supervised baseline. Classes that form separate clusters are easy for a linear classifier."))
method = st.radio(t("Projection"), ["pca", "tsne"], horizontal=True, key="ssl-projection",
                  format_func={"pca": t("PCA (linear)"), "tsne": t("t-SNE (neighbourhoods, a few seconds)")}.get)
labels = tensors["test_labels"].numpy()
left, right = st.columns(2)
maps = ((left, "ssl_features", NAMES["probe"]), (right, "supervised_features", NAMES["supervised"]))
for column, name, title in maps:
    memo = f"ssl-map-{key}-{name}-{method}"  # per session: recomputing t-SNE on every rerun would be slow
    if memo not in st.session_state:
        with st.spinner(t("Projecting the embeddings...")):
            st.session_state[memo] = ssl.project_2d(tensors[name].numpy(), method, cfg.seed)
    column.markdown(f"**{title}**")
    show_chart(latent_scatter(st.session_state[memo], labels, list(summary["classes"]), axes=("1", "2")),
               key=f"ssl-map-{name}", where=column)

st.header(t("Try it on your own digit"))
picture = picture_input("ssl")
if picture is not None:
    try:
        digit = image_to_mnist(picture)
    except ImageInputError as err:
        st.error(error_text(err))
    else:
        probs = {name: p[0] for name, p in demo.predict(model, digit[None], cfg).items()}
        side_by_side(probs, NAMES, DIGIT_CLASSES, (digit * 255).round().astype(np.uint8)[None], "ssl-probs")
