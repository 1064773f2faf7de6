"""Known-answer tests for core.generative: the Fréchet distance against closed forms and scipy, class entropy,
the picture grid and the animated GIF, and the feature classifier trained as its own cached run."""

from __future__ import annotations

import io

import numpy as np
import pytest
import scipy.linalg
import torch
from PIL import Image

from core import generative
from core.generative import entropy_bits, frechet_distance, gaussian_stats, image_grid


def _random_cov(rng, d: int) -> np.ndarray:
    a = rng.normal(size=(d, d))
    return a @ a.T + 0.1 * np.eye(d)


def test_identical_gaussians_are_at_distance_zero():
    rng = np.random.default_rng(0)
    mu, cov = rng.normal(size=16), _random_cov(rng, 16)
    assert frechet_distance(mu, cov, mu, cov) == pytest.approx(0.0, abs=1e-8)


def test_a_mean_shift_costs_its_squared_length():
    rng = np.random.default_rng(1)
    mu, cov, shift = rng.normal(size=8), _random_cov(rng, 8), np.array([3.0, -4.0, 0, 0, 0, 0, 0, 0])
    assert frechet_distance(mu, cov, mu + shift, cov) == pytest.approx(25.0, rel=1e-9)


def test_diagonal_covariances_match_the_closed_form():
    # For diagonal C1, C2: tr(C1 + C2 − 2(C1 C2)^½) = Σ (σ1 − σ2)², so FID = ‖Δμ‖² + Σ (σ1 − σ2)².
    s1, s2 = np.array([1.0, 2.0, 0.5]), np.array([3.0, 1.0, 0.5])
    mu1, mu2 = np.zeros(3), np.array([1.0, 0.0, 2.0])
    expected = 5.0 + ((s1 - s2) ** 2).sum()
    assert frechet_distance(mu1, np.diag(s1 ** 2), mu2, np.diag(s2 ** 2)) == pytest.approx(expected, rel=1e-12)
    # Rotating both covariances by the same orthogonal matrix changes nothing.
    q = np.linalg.qr(np.random.default_rng(2).normal(size=(3, 3)))[0]
    rotated = frechet_distance(mu1 @ q.T, q @ np.diag(s1 ** 2) @ q.T, mu2 @ q.T, q @ np.diag(s2 ** 2) @ q.T)
    assert rotated == pytest.approx(expected, rel=1e-9)


def test_general_covariances_match_scipy_sqrtm():
    rng = np.random.default_rng(3)
    mu1, mu2, c1, c2 = rng.normal(size=10), rng.normal(size=10), _random_cov(rng, 10), _random_cov(rng, 10)
    cross = scipy.linalg.sqrtm(c1 @ c2).real
    expected = ((mu1 - mu2) ** 2).sum() + np.trace(c1 + c2 - 2 * cross)
    assert frechet_distance(mu1, c1, mu2, c2) == pytest.approx(expected, rel=1e-8)


def test_singular_covariances_stay_real_and_non_negative():
    rank_one = np.outer([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert frechet_distance(np.zeros(3), rank_one, np.zeros(3), rank_one) == pytest.approx(0.0, abs=1e-7)
    assert frechet_distance(np.zeros(3), np.zeros((3, 3)), np.ones(3), np.zeros((3, 3))) == pytest.approx(3.0)


def test_gaussian_stats_match_numpy():
    x = np.random.default_rng(4).normal(size=(50, 4))
    mu, cov = gaussian_stats(x)
    np.testing.assert_allclose(mu, x.mean(0))
    np.testing.assert_allclose(cov, np.cov(x.T))


def test_entropy_in_bits():
    assert entropy_bits([5] * 10) == pytest.approx(np.log2(10))
    assert entropy_bits([7, 0, 0]) == 0.0 and str(entropy_bits([7, 0])) == "0.0"
    assert entropy_bits([1, 1, 2]) == pytest.approx(1.5)


def test_image_grid_places_images_in_row_order():
    images = np.stack([np.full((1, 2, 2), 10 * (i + 1), dtype=np.uint8) for i in range(3)])
    grid = image_grid(images, cols=2, pad=1)
    assert grid.shape == (7, 7)
    assert grid[1, 1] == 10 and grid[1, 4] == 20 and grid[4, 1] == 30 and grid[4, 4] == 0 and grid[0, 0] == 0


def test_animated_gif_holds_every_frame():
    frames = [np.full((4, 4), v, dtype=np.uint8) for v in (0, 128, 255)]
    gif = Image.open(io.BytesIO(generative.animated_gif(frames, scale=2)))
    assert gif.n_frames == 3 and gif.size == (8, 8)
    gif.seek(2)
    assert np.asarray(gif.convert("L")).min() == 255


def test_feature_classifier_is_a_cached_run_whose_real_baseline_is_small():
    images = generative.load_image_dataset("digits", "")
    reference = generative.quality_reference(images, "", "digits", torch.device("cpu"))
    assert generative.feature_net("digits", "", torch.device("cpu")) is not reference.net  # a private copy
    feats, probs = generative.features_and_probs(reference.net, images.test_x)
    accuracy = float((probs.argmax(1) == images.test_y.numpy()).mean())
    assert feats.shape == (len(images.test_y), 32) and accuracy > 0.9
    real = generative.quality(reference, images.train_x[:reference.samples])
    assert real["fid"] < 0.25 * generative.quality(reference, images.train_x[:reference.samples] // 4)["fid"]
    assert real["class_entropy"] > 3.2 and sum(real["class_hist"]) == reference.samples
