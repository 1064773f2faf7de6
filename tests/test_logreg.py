"""Tests for core.logreg against scikit-learn and autograd: Newton's and gradient descent's solutions vs
LogisticRegression on the same objective, the gradient and Hessian formulas, the cross-entropy vs log_loss,
ROC/AUC vs sklearn.metrics, the benchmark recipe, the seed article's mistakes, splits and inference."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score, roc_curve

from core import logreg
from core.store import RunStore
from core.tabular import fit_in_memory
from core.training import train_run

DEMO = logreg.DEMO
CPU = torch.device("cpu")


def _fit(overrides: dict, preset: str | None = None):
    cfg = DEMO.config(overrides, preset=preset)
    data = DEMO.load_data(cfg, "unused", CPU)
    model, records = fit_in_memory(DEMO, cfg, data)
    return cfg, data, model, [r for r in records if r["kind"] == "epoch"]


def _sklearn(data, l2: float) -> LogisticRegression:
    z = ((data.x_train - data.shift) / data.scale).numpy()
    return LogisticRegression(C=1 / (l2 * len(z)), tol=1e-12, max_iter=10_000).fit(z, data.y_train.numpy())


@pytest.mark.parametrize("overrides", [
    {"dataset": "moons", "degree": 2, "l2": 0.01},
    {"dataset": "xor", "degree": 2, "l2": 0.001, "noise": 0.1},
    {"dataset": "breast_cancer", "degree": 1, "l2": 0.01},
])
def test_newton_matches_sklearn_logistic_regression(overrides):
    cfg, data, model, epochs = _fit({**overrides, "solver": "newton", "epochs": 12})
    oracle = _sklearn(data, cfg.l2)
    expected = np.concatenate([oracle.coef_[0], oracle.intercept_])
    np.testing.assert_allclose(model.theta().numpy(), expected, rtol=1e-4, atol=1e-6)
    losses = [r["train_loss"] for r in epochs]
    assert losses[-1] < losses[0]
    assert epochs[-1]["acc_gap"] <= 0.01


def test_gradient_descent_approaches_the_same_optimum():
    cfg, data, model, epochs = _fit({"dataset": "blobs", "degree": 1, "l2": 0.01, "auto_lr": True,
                                     "momentum": 0.9, "iters_per_epoch": 100, "epochs": 5})
    oracle = _sklearn(data, cfg.l2)
    np.testing.assert_allclose(model.theta().numpy(), np.concatenate([oracle.coef_[0], oracle.intercept_]),
                               rtol=1e-4, atol=1e-5)
    assert epochs[-1]["test_acc"] == pytest.approx(epochs[-1]["sklearn_test_acc"], abs=1e-12)


def test_gradient_and_hessian_formulas_match_autograd():
    cfg = DEMO.config({"dataset": "circles", "degree": 2, "l2": 0.05})
    data = DEMO.load_data(cfg, "unused", CPU)
    model = DEMO.build_model(cfg)
    model.set_standardiser(data.shift, data.scale)
    theta0 = torch.as_tensor(np.random.default_rng(0).normal(size=6))
    z, y, mask = model.design(data.x_train), data.y_train, model.penalty_mask()

    def j(theta):
        model.set_theta(theta.detach())
        scores = z @ theta
        return logreg.cross_entropy(scores, y) + 0.5 * cfg.l2 * ((mask * theta) ** 2).sum()

    h = torch.sigmoid(z @ theta0)
    grad = z.T @ (h - y) / len(y) + cfg.l2 * mask * theta0
    hess = (z.T * (h * (1 - h))) @ z / len(y) + cfg.l2 * torch.diag(mask)
    torch.testing.assert_close(torch.autograd.functional.jacobian(j, theta0), grad, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(torch.autograd.functional.hessian(j, theta0), hess, rtol=1e-10, atol=1e-12)
    model.set_theta(theta0)  # and the model's objective is that same J
    with torch.no_grad():
        assert float(logreg.objective(model, data.x_train, y, cfg.l2)) == pytest.approx(float(j(theta0)), rel=1e-12)


def test_cross_entropy_is_sklearn_log_loss_and_the_seed_cost_its_negative():
    rng = np.random.default_rng(3)
    scores, y = rng.normal(0, 3, 200), (rng.random(200) < 0.4).astype(float)
    ours = float(logreg.cross_entropy(torch.as_tensor(scores), torch.as_tensor(y)))
    assert ours == pytest.approx(log_loss(y, 1 / (1 + np.exp(-scores))), rel=1e-10)
    assert float(logreg.seed_cost(torch.as_tensor(scores), torch.as_tensor(y))) == pytest.approx(-ours, rel=1e-12)


def test_roc_and_auc_match_sklearn_with_ties():
    rng = np.random.default_rng(4)
    y = (rng.random(300) < 0.3).astype(float)
    scores = np.round(rng.normal(size=300) + y, 1)  # rounding makes many ties
    fpr, tpr = logreg.roc_curve(y, scores)
    expected_fpr, expected_tpr, _ = roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(fpr, expected_fpr, atol=1e-12)
    np.testing.assert_allclose(tpr, expected_tpr, atol=1e-12)
    assert logreg.roc_auc(y, scores) == pytest.approx(roc_auc_score(y, scores), rel=1e-12)
    assert np.isnan(logreg.roc_auc(np.ones(5), np.arange(5.0)))


def test_benchmark_recipe_meets_its_target():
    cfg, data, model, epochs = _fit({}, preset="bench")
    assert (len(data.y_train), len(data.y_test)) == (logreg.BREAST_CANCER_TRAIN, 114)
    assert cfg.l2 == pytest.approx(1 / (logreg.SKLEARN_C * len(data.y_train)))
    # the same split, standardisation and objective as LogisticRegression(C=1)
    z_test = ((data.x_test - data.shift) / data.scale).numpy()
    sklearn_acc = _sklearn(data, cfg.l2).score(z_test, data.y_test.numpy())
    assert epochs[-1]["sklearn_test_acc"] == pytest.approx(sklearn_acc)
    assert abs(epochs[-1]["test_acc"] - sklearn_acc) <= DEMO.bench.target
    assert epochs[-1]["test_acc"] > 0.95


def test_split_is_stratified_and_sizes_follow_n_samples():
    cfg = DEMO.config({"dataset": "breast_cancer", "degree": 1})
    data = DEMO.load_data(cfg, "unused", CPU)
    assert data.y_train.mean().item() == pytest.approx(data.y_test.mean().item(), abs=0.01)
    for name in ("moons", "circles", "blobs", "xor"):
        data = DEMO.load_data(DEMO.config({"dataset": name, "n_samples": 100, "degree": 1}), "unused", CPU)
        assert data.raw_train.shape == (100, 2) and data.raw_test.shape == (25, 2)
        assert set(np.unique(data.y_train.numpy())) == {0.0, 1.0}
        assert abs(data.y_train.mean().item() - data.y_test.mean().item()) < 0.05


def test_seed_article_mistakes_measured():
    cfg = DEMO.config({"dataset": "moons", "degree": 3})
    numbers = logreg.seed_comparison(DEMO.load_data(cfg, "unused", CPU), cfg.l2)
    assert numbers["seed_cost"]["acc"] < 0.5 and numbers["seed_cost"]["cost"] < 0  # it learns labels backwards
    assert numbers["logistic"]["acc"] > 0.85
    assert numbers["logistic"]["acc"] > numbers["normal_equation"]["acc"]
    assert numbers["logistic"]["loss"] < numbers["normal_equation"]["loss"] < numbers["seed_cost"]["loss"]


def test_engine_run_report_and_predictions(tmp_path):
    cfg = DEMO.config(preset="tiny")
    store, key = RunStore(tmp_path), "1" * 20
    meta = train_run(store, DEMO, cfg, key, dataset_id=DEMO.dataset_id(cfg, "x"), data_dir="x", device="cpu")
    assert meta["status"] == "done" and 0.5 < meta["final"]["test_acc"] <= 1
    model = DEMO.build_model(cfg)
    model.load_state_dict(store.load_weights(key))
    data = DEMO.load_data(cfg, "x", CPU)
    probs = DEMO.predict(model, data.raw_test, cfg)
    truth = data.y_test.numpy().astype(int)
    summary, _ = store.read_report(key)
    confusion = np.zeros((2, 2), dtype=int)
    np.add.at(confusion, (truth, (probs >= 0.5).astype(int)), 1)
    assert summary["confusion"] == confusion.tolist()
    assert np.mean((probs >= 0.5) == truth) == pytest.approx(meta["final"]["test_acc"])
    assert summary["auc"] == pytest.approx(roc_auc_score(truth, probs), rel=1e-9)
    out = DEMO.predict_bytes(model, b"x1,x2\n0.5,0.25\n-1,1\n", cfg)
    assert out["probabilities"] == pytest.approx(DEMO.predict(model, [[0.5, 0.25], [-1, 1]], cfg), abs=1e-6)
    assert out["label"] == ("1" if out["probabilities"][0] >= 0.5 else "0")
