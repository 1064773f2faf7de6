"""Tests for the GAN demo: the seed's layer sizes used the right way round, DCGAN shapes, the losses' known
values (BCE at logit 0 is ln 2 whatever the smoothed target; a linear critic's gradient penalty is (‖w‖ − 1)²),
and the tiny run: quality scores recorded per epoch, the per-epoch grids kept in the checkpoint, inference."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from conftest import png_bytes
from torch import nn

from core import gan
from core.inference import load_finished


def _linear_sizes(module: nn.Module) -> list[tuple[int, int]]:
    return [(m.in_features, m.out_features) for m in module.modules() if isinstance(m, nn.Linear)]


def test_seed_mlp_gan_has_the_articles_shapes_and_d_judges_images():
    model = gan.build_model(gan.DEMO.config())
    assert _linear_sizes(model.generator) == [(100, 256), (256, 512), (512, 784)]
    assert _linear_sizes(model.discriminator) == [(784, 512), (512, 256), (256, 1)]
    images = model.generator(torch.randn(5, 100))
    assert images.shape == (5, 1, 28, 28) and images.abs().max() <= 1
    assert model.discriminator(images).shape == (5, 1)  # D sees images, never the noise vector
    with pytest.raises(RuntimeError):
        model.discriminator(torch.randn(5, 100))


def test_dcgan_shapes_and_the_fixed_noise_follow_the_config():
    cfg = gan.DEMO.config({"arch": "dcgan", "latent_dim": 16, "width": 8, "epochs": 4})
    model = gan.build_model(cfg)
    model.eval()
    assert model.generator(torch.randn(3, 16)).shape == (3, 1, 28, 28)
    assert model.discriminator(torch.zeros(3, 1, 28, 28)).shape == (3, 1)
    assert model.history.shape == (4, gan.GRID, 28, 28) and model.history.dtype == torch.uint8
    assert torch.equal(model.fixed_noise, gan.build_model(cfg).fixed_noise)  # rebuilt from the config alone


def test_generator_average_follows_its_formula_and_draws_the_samples():
    cfg = gan.DEMO.config({"arch": "dcgan", "latent_dim": 8, "width": 8, "epochs": 1, "g_ema": 0.9})
    model = gan.build_model(cfg)
    before = [p.clone() for p in model.generator_ema.parameters()]
    with torch.no_grad():
        for p in model.generator.parameters():
            p.add_(1.0)
        model.generator[2].running_mean.fill_(0.25)
    gan.update_ema(model, 0.9)
    for average, old, current in zip(model.generator_ema.parameters(), before, model.generator.parameters(),
                                     strict=True):
        torch.testing.assert_close(average, 0.9 * old + 0.1 * current)
    assert torch.equal(model.generator_ema[2].running_mean, model.generator[2].running_mean)  # copied, not averaged
    assert not any(p.requires_grad for p in model.generator_ema.parameters())  # the optimizer never moves it
    z = torch.randn(4, 8)
    model.eval()
    expected = gan.to_uint8(model.generator_ema(z), low=-1.0)
    assert torch.equal(gan.sample_uint8(model, z), expected)
    assert not hasattr(gan.build_model(gan.DEMO.config()), "generator_ema")  # g_ema = 0: no average


class _ConstantD(nn.Module):
    def forward(self, x):
        return torch.zeros(len(x), 1)


@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_bce_loss_at_logit_zero_is_two_ln2(smoothing):
    cfg = gan.DEMO.config({"label_smoothing": smoothing})
    model = gan.build_model(cfg)
    model.discriminator = _ConstantD()
    loss, d_real, d_fake = gan.discriminator_loss(model, torch.zeros(4, 1, 28, 28), torch.zeros(4, 1, 28, 28), cfg)
    assert loss.item() == pytest.approx(2 * math.log(2)) and d_real.item() == d_fake.item() == 0.5
    assert gan.generator_loss(model, torch.zeros(4, 1, 28, 28), cfg).item() == pytest.approx(math.log(2))


def test_gradient_penalty_of_a_linear_critic():
    critic = nn.Sequential(nn.Flatten(), nn.Linear(784, 1))
    w_norm = critic[1].weight.norm().item()
    penalty = gan._gradient_penalty(critic, torch.rand(6, 1, 28, 28), torch.rand(6, 1, 28, 28))
    assert penalty.item() == pytest.approx((w_norm - 1) ** 2, rel=1e-5)


def test_tiny_run_records_quality_and_keeps_every_epochs_grid(tiny_run):
    run = tiny_run("gan")
    epochs = [r for r in run.store.read_metrics(run.key) if r["kind"] == "epoch"]
    assert len(epochs) == run.cfg.epochs
    for record in epochs:
        assert record["fid"] >= 0 and record["fid_real"] >= 0 and 0 < record["mean_max_prob"] <= 1
        assert record["quality_goal"] == pytest.approx(min(record["mean_max_prob"] / 0.9,
                                                           record["class_entropy"] / 3.1))
    assert epochs[-1]["fid"] > 10 * epochs[-1]["fid_real"]  # 12 steps of G are far from real digits
    live = [r for r in run.store.read_metrics(run.key) if r["kind"] == "gan"]
    assert live and {"g_loss", "d_loss", "d_real", "d_fake"} <= live[0].keys()
    model = load_finished(run.store, run.key, run.demo, run.cfg)
    assert all(model.history[e].float().std() > 0 for e in range(run.cfg.epochs))
    last = gan.sample_uint8(model, model.fixed_noise)[:, 0]
    assert torch.equal(model.history[-1], last)  # the last grid is what G draws from the fixed noise now
    summary, _ = run.store.read_report(run.key)
    assert sum(summary["class_hist"]) == summary["samples"] and summary["fid"] == pytest.approx(epochs[-1]["fid"])
    images = run.demo.predict(model, np.zeros((2, run.cfg.latent_dim)), run.cfg)
    assert images.shape == (2, 28, 28) and images.min() >= 0 and images.max() <= 1 and np.allclose(images[0], images[1])
    verdict = run.demo.predict_bytes(model, png_bytes("one"), run.cfg)
    assert verdict["label"] in ("real", "generated") and sum(p for _, p in verdict["top"]) == pytest.approx(1, abs=1e-3)
