"""VAE: train live, watch the ELBO split into reconstruction and KL, walk the latent space, encode your own digit."""

import numpy as np
import streamlit as st
import torch

from core import vae
from core.datasets import default_data_dir, default_digit_dataset
from core.imaging import ImageInputError, image_to_mnist
from core.inference import NoFinishedRun, load_finished
from core.plots import upscale
from core.registry import get_demo
from core.store import DamagedRun
from core.ui import classic
from core.ui.config_form import settings_and_key
from core.ui.generative import elbo_curves, latent_scatter, records, show_images, to_images
from core.ui.i18n import error_text, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("vae")

demo = get_demo("vae")
manager = run_manager()
st.title(t("Variational autoencoder"))
st.write(t("The encoder squeezes each image into a small Gaussian cloud in latent space; the decoder turns any "
           "point back into an image. Training maximises the ELBO = reconstruction log-likelihood − KL to the prior "
           "N(0, I). With a 2-D latent space you can see, and walk, the whole space."))

cfg, key = settings_and_key(demo, manager, {"dataset": default_digit_dataset(default_data_dir())})
snap = run_panel(demo, cfg, key, manager)


def live_view() -> None:
    """The ELBO's two terms per epoch, and test reconstructions from the latest committed weights."""
    now = manager.snapshot(key)
    if not records(now["metrics"], "epoch"):
        st.caption(t("The ELBO split and the reconstructions appear when the first epoch is done."))
        return
    show_chart(elbo_curves(now["metrics"]), key=f"vae-elbo-{key}")
    model = classic.latest_model(manager.store, demo, cfg, key)
    if model is not None:
        originals = classic.cached_data(demo, cfg).test_x[:16]
        recon = vae.decode(model, vae.encode_means(model, originals))
        show_images(np.concatenate([originals.numpy(), to_images(recon)]), cols=16, scale=2,
                    caption=t("Top: test images. Bottom: decoded from their latent means."))


classic.live(key, live_view)
if snap["status"] != "done":
    st.stop()

final = snap["meta"].get("final", {})
cols = st.columns(3)
cols[0].metric(t("Test −ELBO"), t("{value} nats", value=f"{final['test_loss']:.1f}"),
               help=t("Negative ELBO per test image (β = 1), an upper bound on −log p(x). Lower is better."))
cols[1].metric(t("Reconstruction"), t("{value} nats", value=f"{final['test_recon']:.1f}"),
               help=t("−E_q[log p(x|z)]: BCE summed over pixels."))
cols[2].metric(t("KL to the prior"), t("{value} nats", value=f"{final['test_kl']:.1f}"),
               help=t("KL(q(z|x) ‖ N(0, I)): the price of the code."))

try:
    summary, tensors = manager.store.read_report(key)
    model = load_finished(manager.store, key, demo, cfg)
except (DamagedRun, NoFinishedRun) as err:
    st.error(error_text(err))
    st.stop()
classes = summary["classes"]
mu, labels, images = tensors["test_mu"].numpy(), tensors["test_labels"].numpy(), tensors["test_images"]
if cfg.latent_dim == 2:
    plane, axes = mu, ("z₁", "z₂")
    to_latent = None
else:  # a 2-D picture of a bigger space: the two principal directions of the test means
    centre = mu.mean(0)
    directions = np.linalg.svd(mu - centre, full_matrices=False)[2][:2]
    plane, axes = (mu - centre) @ directions.T, (t("principal direction 1"), t("principal direction 2"))
    to_latent = (centre, directions)

st.header(t("The latent space"))
upload = st.file_uploader(t("Encode your own digit (PNG, JPEG, WebP, BMP or GIF)"),
                          type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key="vae-upload")
point = None
if upload is not None:
    try:
        digit = image_to_mnist(upload.getvalue())
    except ImageInputError as err:
        st.error(error_text(err))
    else:
        out = demo.predict(model, digit[None], cfg)
        z = out["mu"][0]
        point = z if to_latent is None else (z - to_latent[0]) @ to_latent[1].T
        up_cols = st.columns(3)
        up_cols[0].image(upscale((digit * 255).astype(np.uint8), 4), caption=t("Your digit, MNIST-style"))
        up_cols[1].image(upscale((out["recon"][0] * 255).astype(np.uint8), 4), caption=t("Its reconstruction"))
        up_cols[2].metric(t("−ELBO of your digit"), t("{value} nats", value=f"{out['neg_elbo'][0]:.1f}"),
                          help=t("Test images average {average}; much higher means unlike the data.",
                                 average=f"{final['test_loss']:.1f}"))
scatter_col, pick_col = st.columns([3, 1])
with scatter_col:
    event = show_chart(latent_scatter(plane, labels, classes, point, axes), key="vae-scatter",
                       on_select="rerun", selection_mode=("points", "box", "lasso"))
    if to_latent is None:
        st.caption(t("Latent means of {count} test images. Click a point, or drag a box, to see its images.",
                     count=f"{len(labels):,}"))
    else:
        st.caption(t("Latent means of {count} test images (projected). Click a point, or drag a box, to see its "
                     "images.", count=f"{len(labels):,}"))
with pick_col:
    picked = [p["customdata"] for p in (event.selection.points if event else []) if "customdata" in p]
    if picked:
        chosen = images[np.asarray(picked[:16], dtype=np.int64)]
        recon = vae.decode(model, torch.as_tensor(mu[np.asarray(picked[:16])]))
        show_images(np.concatenate([chosen.numpy(), to_images(recon)]), cols=len(chosen), scale=2,
                    caption=t("{count} selected: originals above, reconstructions below", count=len(picked)))
    else:
        st.caption(t("Nothing selected yet."))

manifold_col, interp_col = st.columns(2)
with manifold_col:
    st.subheader(t("The latent manifold"))
    size = st.slider(t("Grid size"), 5, 20, 12, key="vae-grid")
    span = st.slider(t("Range (standard deviations of the prior)"), 1.0, 4.0, 2.0, step=0.5, key="vae-span")
    ticks = np.linspace(-span, span, size)
    grid = np.array([[x, y] for y in ticks[::-1] for x in ticks], dtype=np.float32)
    if to_latent is not None:  # walk the principal plane, scaled by the spread of the means along it
        spread = plane.std(0)
        grid = to_latent[0] + (grid * spread) @ to_latent[1]
    show_images(to_images(vae.decode(model, torch.as_tensor(grid, dtype=torch.float32))), cols=size, scale=1,
                caption=t("Decoded points on an even grid") if to_latent is None
                else t("Decoded points on an even grid in the principal plane"))
with interp_col:
    st.subheader(t("Interpolate between two test images"))
    first = st.number_input(t("First test image #"), 0, len(labels) - 1, 0, key="vae-a")
    second = st.number_input(t("Second test image #"), 0, len(labels) - 1, 1, key="vae-b")
    steps = st.slider(t("Steps"), 3, 12, 8, key="vae-steps")
    weights = np.linspace(0, 1, steps, dtype=np.float32)[:, None]
    path = (1 - weights) * mu[first] + weights * mu[second]
    show_images(to_images(vae.decode(model, torch.as_tensor(path))), cols=steps, scale=2,
                caption=t("From a {first} to a {second}, decoded along a line", first=classes[labels[first]],
                          second=classes[labels[second]]))
