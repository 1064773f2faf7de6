"""Tests for the VAE demo: the ELBO's terms against closed forms (KL of Gaussians, BCE at logit 0 = 784 ln 2),
whole-pixel shift augmentation, the mean-image start of the decoder, and the tiny run's honest test ELBO."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from conftest import png_bytes

from core import vae
from core.inference import load_finished


class _FixedEncoder(torch.nn.Module):
    """encode -> the given μ and log σ² for every image; decode -> logit 0 for every pixel."""

    def __init__(self, mu, logvar):
        super().__init__()
        self.mu, self.logvar = torch.tensor([mu]), torch.tensor([logvar])

    def encode(self, x):
        return self.mu.expand(len(x), -1), self.logvar.expand(len(x), -1)

    def decode(self, z):
        return torch.zeros(len(z), 1, 28, 28)


def test_elbo_terms_match_closed_forms():
    model = _FixedEncoder([1.0, 2.0, 0.0], [0.0, 0.0, math.log(4.0)])
    recon, kl = vae.elbo_terms(model, torch.rand(3, 1, 28, 28), samples=2)
    assert kl.tolist() == pytest.approx([0.5 * (1 + 4) + 0.5 * (4 - 1 - math.log(4))] * 3)
    assert recon.tolist() == pytest.approx([784 * math.log(2)] * 3, rel=1e-6)


def test_random_shift_moves_whole_pixels():
    torch.manual_seed(0)
    x = torch.zeros(50, 1, 28, 28)
    x[:, 0, 14, 14] = 1.0
    y = vae.random_shift(x, 2)
    assert torch.equal(y.sum((1, 2, 3)), torch.ones(50))  # the bright pixel survives, unblurred
    rows, cols = y[:, 0].nonzero()[:, 1], y[:, 0].nonzero()[:, 2]
    assert (rows - 14).abs().max() <= 2 and (cols - 14).abs().max() <= 2 and len(set(rows.tolist())) > 1


def test_decoder_starts_from_the_mean_image():
    model = vae.build_model(vae.DEMO.config())
    images = torch.randint(0, 256, (20, 1, 28, 28), dtype=torch.uint8)
    vae.init_pixel_bias(model, images)
    expected = (images.float() / 255).mean(0).clamp(1e-3, 1 - 1e-3)
    torch.testing.assert_close(model.pixel_bias.sigmoid()[0], expected)


def test_tiny_run_reports_an_honest_elbo(tiny_run):
    run = tiny_run("vae")
    epochs = [r for r in run.store.read_metrics(run.key) if r["kind"] == "epoch"]
    for record in epochs:
        assert record["test_loss"] == pytest.approx(record["test_recon"] + record["test_kl"])
        assert record["test_kl"] > 0 and record["test_recon"] > 0
    assert epochs[-1]["test_loss"] < epochs[0]["test_loss"]
    model = load_finished(run.store, run.key, run.demo, run.cfg)
    data = run.demo.load_data(run.cfg, "", torch.device("cpu"))
    recon, kl = vae.test_elbo(model, data.test_x, run.cfg)
    assert recon + kl == pytest.approx(run.meta["final"]["test_loss"], rel=1e-5)  # the reloaded model agrees
    summary, tensors = run.store.read_report(run.key)
    assert tensors["test_mu"].shape == (summary["shown"], run.cfg.latent_dim)
    out = run.demo.predict(model, data.test_x[:5, 0].numpy() / 255.0, run.cfg)
    np.testing.assert_allclose(out["mu"], tensors["test_mu"][:5].numpy(), atol=1e-5)
    assert out["recon"].shape == (5, 28, 28) and out["recon"].min() >= 0 and out["recon"].max() <= 1
    result = run.demo.predict_bytes(model, png_bytes("one"), run.cfg)
    assert len(result["latent_mean"]) == run.cfg.latent_dim and result["neg_elbo_nats"] > 0
