"""GAN: train the seed's MLP GAN, a DCGAN or a WGAN-GP live; watch the fixed-noise grid learn; score it honestly."""

import numpy as np
import streamlit as st
import torch

from core.datasets import default_data_dir, default_digit_dataset
from core.generative import animated_gif, class_names, image_grid
from core.inference import NoFinishedRun, load_finished
from core.plots import upscale
from core.registry import get_demo
from core.ui import classic
from core.ui.config_form import settings_and_key
from core.ui.generative import class_histogram, fid_curve, gan_curves, records, show_images, to_images
from core.ui.i18n import error_text, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("gan")

demo = get_demo("gan")
manager = run_manager()
st.title(t("GAN: a forger against a detective"))
st.write(t("The generator G turns random noise z into images; the discriminator D learns to tell them from real "
           "ones, and G learns from D's mistakes. Press **Train** and watch the grid below, drawn every epoch from "
           "the same 64 noise vectors."))
st.info(t("The seed article built this MLP GAN (G: 100→256→512→784, D: 784→512→256→1) but fed the noise vector "
          "straight into D and never trained either network; its 'indistinguishable' digits had no measure. Here D "
          "sees real images and G(z), both train, and quality is a number: FID on a digit classifier's features, "
          "next to the FID of real images against real images."))

cfg, key = settings_and_key(demo, manager, {"dataset": default_digit_dataset(default_data_dir())})

st.caption(t("The first run on a dataset also trains the small classifier the quality scores use (about 10 s); "
             "it is cached and shared by every later run."))
snap = run_panel(demo, cfg, key, manager)


def live_view() -> None:
    """Losses, D's outputs, the latest fixed-noise grid and FID, from the run's latest records and weights."""
    now = manager.snapshot(key)
    if records(now["metrics"], "gan"):
        show_chart(gan_curves(now["metrics"], cfg.loss == "wgan-gp"), key=f"gan-curves-{key}")
    epochs = records(now["metrics"], "epoch")
    if not epochs:
        st.caption(t("The fixed-noise grid and the quality scores appear when the first epoch is done."))
        return
    model = classic.latest_model(manager.store, demo, cfg, key)
    grid_col, fid_col = st.columns([2, 3])
    if model is not None:
        done = min(len(epochs), cfg.epochs)
        grid_col.image(upscale(image_grid(model.history[done - 1, :, None].numpy(), 8), 2),
                       caption=t("Fixed noise after epoch {epoch}", epoch=done))
    show_chart(fid_curve(now["metrics"]), key=f"gan-fid-{key}", where=fid_col)


classic.live(key, live_view)
if snap["status"] != "done":
    st.stop()

final = snap["meta"].get("final", {})
classes = list(class_names(cfg.dataset))
cols = st.columns(4)
cols[0].metric(t("FID (classifier features)"), f"{final['fid']:.2f}",
               help=t("Fréchet distance between Gaussians fitted to the classifier's 64 penultimate features of the "
                      "generated and the real test images. Lower is better."))
cols[1].metric(t("Real vs real baseline"), f"{final['fid_real']:.2f}",
               help=t("The same FID for real training images against the test set, with the same number of "
                      "images: what a perfect generator would score."))
real_confidence = final.get("max_prob_real")  # runs from before recipe 2 lack it
cols[2].metric(t("Mean max-probability"), f"{final['mean_max_prob']:.1%}",
               delta=None if real_confidence is None else t("real images: {value}", value=f"{real_confidence:.1%}"),
               delta_color="off",
               help=t("How sure the classifier is about the generated images, on average (goal ≥ 90 %)."))
cols[3].metric(t("Class entropy"), t("{value} bits", value=f"{final['class_entropy']:.2f}"),
               help=t("Entropy of the predicted-class histogram (uniform over {classes} classes: {uniform} bits; "
                      "mode collapse drives it down; goal ≥ 3.1).", classes=len(classes),
                      uniform=f"{np.log2(len(classes)):.2f}"))

model = load_finished(manager.store, key, demo, cfg)
hist_col, history_col = st.columns(2)
with hist_col:
    st.subheader(t("Which classes does G draw?"))
    summary, _ = manager.store.read_report(key)
    show_chart(class_histogram(summary["class_hist"], classes), key=f"gan-hist-{key}")
    st.caption(t("{count} generated images, classified by the same classifier. A GAN that collapses onto a few "
                 "modes draws some classes rarely or never.", count=f"{summary['samples']:,}"))
with history_col:
    st.subheader(t("Back through training"))
    epochs_done = snap["meta"].get("epochs_done", cfg.epochs)
    frames = [image_grid(model.history[e, :, None].numpy(), 8) for e in range(epochs_done)]
    shown = st.slider(t("Epoch"), 1, epochs_done, epochs_done, key="gan-epoch") if epochs_done > 1 else 1
    st.image(upscale(frames[shown - 1], 2), caption=t("The same 64 noise vectors after epoch {epoch}", epoch=shown))
    st.download_button(t("Download the animation (GIF)"), animated_gif(frames), file_name="gan-training.gif",
                       mime="image/gif", key="gan-gif")

st.header(t("Play with the latent space"))
interp_col, generate_col = st.columns(2)
with interp_col:
    st.subheader(t("Interpolate between two seeds"))
    seed_a = st.number_input(t("Seed A"), 0, 1_000_000, 1, key="gan-seed-a")
    seed_b = st.number_input(t("Seed B"), 0, 1_000_000, 2, key="gan-seed-b")
    steps = st.slider(t("Steps"), 3, 12, 8, key="gan-steps")
    z_a, z_b = (torch.randn(cfg.latent_dim, generator=torch.Generator().manual_seed(int(s))) for s in (seed_a, seed_b))
    path = torch.stack([(1 - w) * z_a + w * z_b for w in torch.linspace(0, 1, steps)])
    show_images(to_images(demo.predict(model, path.numpy(), cfg)), cols=steps, scale=2,
                caption=t("Straight line from z(A) to z(B)"))
with generate_col:
    st.subheader(t("Generate"))
    count = st.slider(t("How many"), 1, 64, 16, key="gan-count")
    seed = st.number_input(t("Noise seed"), 0, 1_000_000, 0, key="gan-seed")
    noise = torch.randn(count, cfg.latent_dim, generator=torch.Generator().manual_seed(int(seed)))
    show_images(to_images(demo.predict(model, noise.numpy(), cfg)), cols=8, scale=2)

st.header(t("Ask the discriminator"))
upload = st.file_uploader(t("An image of a digit (PNG, JPEG, WebP, BMP or GIF)"),
                          type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key="gan-upload")
if upload is not None:
    try:
        verdict = demo.predict_bytes(model, upload.getvalue(), cfg)
    except (ValueError, NoFinishedRun) as err:  # ImageInputError is a ValueError
        st.error(error_text(err))
    else:
        names = {"real": t("real"), "generated": t("generated")}  # D's two answers (core.gan says them in English)
        said = t("D says: **{verdict}**", verdict=names.get(verdict["label"], verdict["label"]))
        st.markdown(said + " " + ", ".join(f"{names.get(name, name)} {p:.1%}" for name, p in verdict["top"])
                    if cfg.loss == "bce" else said + " " + t("(higher = more real)."))
