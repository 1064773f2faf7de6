"""Known-answer tests of the self-supervised demo (core.ssl, core.ssl_augment) and the few-label tools
(core.fewshot): NT-Xent against a loop-by-loop numpy oracle, identity and crop geometry of the views, the noise
level, K-per-class subsets, the probe against scikit-learn's LogisticRegression, the probe and both supervised
baselines (plain and augmented) seeing exactly the same labelled images, and a finished run's stored probe
reproducing its accuracy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression

from core import ssl
from core.fewshot import LinearProbe, fit_logistic, per_class_subset
from core.inference import load_finished
from core.ssl_augment import AugmentSpec, random_views, view_grids, view_pairs
from core.training import TrainContext

IDENTITY = AugmentSpec(crop_min=1.0, rotate=0.0, elastic=0.0, noise=0.0)


def _nt_xent_numpy(z1: np.ndarray, z2: np.ndarray, tau: float) -> float:
    z = np.concatenate([z1, z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    n, losses = len(z1), []
    for i in range(2 * n):
        partner = (i + n) % (2 * n)
        others = [np.exp(z[i] @ z[k] / tau) for k in range(2 * n) if k != i]
        losses.append(-np.log(np.exp(z[i] @ z[partner] / tau) / sum(others)))
    return float(np.mean(losses))


def test_nt_xent_matches_the_definition():
    rng = np.random.default_rng(0)
    z1, z2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    got = ssl.nt_xent(torch.tensor(z1), torch.tensor(z2), 0.5).item()
    assert got == pytest.approx(_nt_xent_numpy(z1, z2, 0.5), rel=1e-5)
    # Identical views far apart from each other: the partner dominates, the loss tends to 0.
    eye = torch.eye(4) * 10
    assert ssl.nt_xent(eye, eye, 0.05).item() < 1e-6


def test_identity_views_are_the_image():
    images = torch.randint(0, 256, (6, 1, 28, 28), dtype=torch.uint8)
    views = random_views(images, IDENTITY, torch.Generator().manual_seed(1))
    np.testing.assert_allclose(views.numpy(), images.float().numpy() / 255, atol=1e-5)


def test_crop_window_stays_inside_and_has_the_sampled_area():
    spec = AugmentSpec(crop_min=0.25, rotate=0.0, elastic=0.0, noise=0.0)
    grid = view_grids(200, 28, 28, spec, torch.Generator().manual_seed(2))
    assert grid.abs().max() <= 1.0 + 1e-6
    # Pixel centres span 2 * (1 - 1/W) grid units at full size; a window of side s spans s times that.
    side = (grid[..., 0].amax((1, 2)) - grid[..., 0].amin((1, 2))) / (2 * (1 - 1 / 28))
    assert side.min() >= 0.5 - 1e-5 and side.max() <= 1 + 1e-5  # area 0.25..1 -> side 0.5..1
    assert side.min() < 0.6 and side.max() > 0.95                 # and the range is actually used


def test_noise_has_the_requested_standard_deviation():
    grey = torch.full((50, 1, 28, 28), 128, dtype=torch.uint8)
    views = random_views(grey, AugmentSpec(1.0, 0.0, 0.0, 0.1), torch.Generator().manual_seed(3))
    assert float((views - 128 / 255).std()) == pytest.approx(0.1, rel=0.03)


def test_view_pairs_are_two_different_views_of_each_image():
    images = torch.randint(0, 256, (4, 1, 28, 28), dtype=torch.uint8)
    pairs = view_pairs(images, AugmentSpec(), seed=0)
    assert pairs.shape == (8, 1, 28, 28) and pairs.dtype == torch.uint8
    assert not torch.equal(pairs[:4], pairs[4:])
    assert torch.equal(pairs, view_pairs(images, AugmentSpec(), seed=0))  # seeded: the page redraws the same


def test_per_class_subset_takes_k_of_each_class_and_nests():
    labels = torch.tensor([0] * 30 + [1] * 3 + [2] * 20)[torch.randperm(53, generator=torch.Generator().manual_seed(0))]
    picked = per_class_subset(labels, 5, seed=7)
    assert torch.bincount(labels[picked]).tolist() == [5, 3, 5]  # class 1 has only 3
    assert torch.equal(picked, per_class_subset(labels, 5, seed=7))
    assert set(per_class_subset(labels, 2, seed=7).tolist()) <= set(picked.tolist())  # N=2 inside N=5


def test_probe_matches_scikit_learn_logistic_regression():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4)) * [1, 3, 0.5, 2] + [0, 5, 1, -1]
    y = rng.integers(0, 3, 60)
    x[:, 0] += y  # some signal
    l2 = 0.05
    fit = fit_logistic(torch.tensor(x, dtype=torch.float32), torch.tensor(y), 3, l2)
    z = (x - x.mean(0)) / x.std(0)
    reference = LogisticRegression(C=1 / (l2 * len(y)), tol=1e-10, max_iter=10_000).fit(z, y)
    np.testing.assert_allclose(fit["weight"].numpy(), reference.coef_, atol=2e-3)
    np.testing.assert_allclose(fit["bias"].numpy(), reference.intercept_, atol=2e-3)
    probe = LinearProbe(4, 3)
    probe.set_fit(fit)
    logits = probe(torch.tensor(x, dtype=torch.float32)).numpy()
    assert (logits.argmax(1) == reference.predict(z)).all()


def test_probe_and_both_baselines_learn_from_the_same_labelled_images(monkeypatch):
    cfg = ssl.DEMO.config(preset="tiny")
    data = ssl.load_data(cfg, "unused", torch.device("cpu"))
    expected = per_class_subset(data.images.train_y, cfg.labels_per_class, cfg.seed)
    assert torch.equal(data.labelled_idx, expected)
    assert torch.bincount(data.images.train_y[expected]).tolist() == [cfg.labels_per_class] * 10
    torch.manual_seed(0)
    model = ssl.build_model(cfg)
    seen = {}

    def first_batch(name):
        def hook(module, args):  # returns None, so the input passes unchanged
            seen.setdefault(name, args[0].clone())
        return hook

    def recording_fit(features, labels, *rest):
        seen["probe"] = (features, labels)
        return fit(features, labels, *rest)

    def recording_views(images, spec, *rest):
        seen.setdefault("views", []).append(images.clone())
        return random_views(images, spec, *rest)

    fit = ssl.fit_logistic
    model.supervised.register_forward_pre_hook(first_batch("plain"))
    model.supervised_augmented.register_forward_pre_hook(first_batch("augmented"))
    monkeypatch.setattr(ssl, "fit_logistic", recording_fit)
    monkeypatch.setattr(ssl, "random_views", recording_views)
    ctx = TrainContext(torch.device("cpu"), cfg.seed, 1, 0, ssl.steps_per_epoch(cfg, data))
    ssl.train_epoch(model, ssl.make_optimizer(model, cfg), data, cfg, ctx)
    labelled = data.images.train_x[expected]
    assert torch.equal(seen["plain"], ssl.normalise(labelled))  # the plain baseline: the images as they are
    # The augmented baseline: a contrastive-style view of those same images (the third view of step 1).
    assert torch.equal(seen["views"][2], labelled)
    assert seen["augmented"].shape == seen["plain"].shape and not torch.equal(seen["augmented"], seen["plain"])
    # The probe is fitted inside the (timed) epoch on the frozen encoder's embeddings of the same images.
    features, labels = seen["probe"]
    assert torch.equal(labels, data.images.train_y[expected])
    assert torch.equal(features, ssl.embed(model.encoder, labelled))


def test_finished_run_stores_the_probe_that_scored_it(tiny_run):
    run = tiny_run("ssl")
    model = load_finished(run.store, run.key, run.demo, run.cfg)
    data = ssl.load_data(run.cfg, "unused", torch.device("cpu"))
    probs = ssl.predict(model, data.test_x[:, 0].numpy() / 255.0, run.cfg)
    final = run.meta["final"]
    for name, metric in (("probe", "test_acc"), ("supervised", "supervised_acc"),
                         ("supervised_augmented", "supervised_augmented_acc")):
        assert float((probs[name].argmax(1) == data.test_y.numpy()).mean()) == pytest.approx(final[metric], abs=1e-6)
    assert final["probe_gain"] == pytest.approx(final["test_acc"] - final["supervised_acc"], abs=1e-9)
    assert final["probe_gain_augmented"] == pytest.approx(final["test_acc"] - final["supervised_augmented_acc"],
                                                          abs=1e-9)
    summary, tensors = run.store.read_report(run.key)
    assert summary["labelled"] == 10 * run.cfg.labels_per_class
    assert torch.equal(tensors["labelled_index"], data.labelled_idx)
    assert tensors["ssl_features"].shape == (len(tensors["test_labels"]), 4 * run.cfg.width)


def test_pca_projection_is_the_leading_principal_components():
    rng = np.random.default_rng(1)
    features = rng.normal(size=(100, 6)) * [5, 1, 1, 1, 1, 0.1]
    plane = ssl.project_2d(features, "pca")
    z = (features - features.mean(0)) / features.std(0)
    top = np.linalg.svd(z, full_matrices=False)[2][:2]
    np.testing.assert_allclose(np.abs(plane), np.abs(z @ top.T), atol=1e-8)
