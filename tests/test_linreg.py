"""Tests for core.linreg against numpy and scikit-learn: the seed article's example, the normal equation
(ordinary, ridge, no intercept, polynomial), gradient descent converging to it, the gradient formula, the
loss surface, the benchmark recipe, divergence, inference, and a run through the real engine."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from core import linreg
from core.store import RunStore
from core.tabular import Diverged, LinearModel, fit_in_memory
from core.training import train_run

DEMO = linreg.DEMO
CPU = torch.device("cpu")


def _fit(overrides: dict, preset: str | None = None):
    cfg = DEMO.config(overrides, preset=preset)
    data = DEMO.load_data(cfg, "unused", CPU)
    model, records = fit_in_memory(DEMO, cfg, data)
    return cfg, data, model, [r for r in records if r["kind"] == "epoch"]


def test_seed_example_is_one_one():
    seed = linreg.seed_example()
    np.testing.assert_allclose(seed["theta"], [1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(seed["pred"], linreg.SEED_Y, rtol=1e-12)
    assert seed["sse"] < 1e-20
    assert seed["seed_theta"] == [0.30, 1.40] and seed["seed_sse"] == pytest.approx(0.30)
    np.testing.assert_allclose(seed["seed_pred"], [3.1, 4.8, 6.5])
    assert seed["inv_with_intercept"].startswith("inv raised LinAlgError") or seed["cond_with_intercept"] > 1e15
    oracle = np.linalg.lstsq(np.array(linreg.SEED_X), np.array(linreg.SEED_Y), rcond=None)[0]
    np.testing.assert_allclose(seed["theta"], oracle, rtol=1e-12)


def test_seed_dataset_run_without_intercept_gives_one_one():
    _, _, model, epochs = _fit({"dataset": "seed", "intercept": False, "solver": "normal", "epochs": 1})
    np.testing.assert_allclose(model.raw_coefficients()[1], [1.0, 1.0], rtol=1e-10)
    assert model.raw_coefficients()[0] == 0.0
    assert epochs[-1]["rel_err"] < 1e-12 and epochs[-1]["test_r2"] == pytest.approx(1.0)


def test_normal_equation_matches_sklearn_linear_regression():
    cfg, data, model, epochs = _fit({"dataset": "diabetes", "solver": "normal", "epochs": 1})
    oracle = LinearRegression().fit(data.x_train.numpy(), data.y_train.numpy())
    b, w = model.raw_coefficients()
    np.testing.assert_allclose(w, oracle.coef_, rtol=1e-8)
    assert b == pytest.approx(oracle.intercept_, rel=1e-8)
    assert epochs[-1]["rel_err"] < 1e-10 and epochs[-1]["closed_form_rel_err"] < 1e-10
    bunch = load_diabetes()  # the split is 80/20 of the 442 patients, disjoint
    assert len(data.y_train) + len(data.y_test) == len(bunch.target) and len(data.y_test) == 89


def test_ridge_matches_sklearn_on_standardised_features():
    l2 = 0.05
    cfg, data, model, _ = _fit({"dataset": "diabetes", "solver": "normal", "epochs": 1, "l2": l2, "degree": 2})
    x = data.x_train.numpy()
    # J = 1/(2m)·‖r‖² + λ/2·‖w‖² is Ridge's ‖r‖² + α‖w‖² divided by 2m, with α = λm.
    oracle = Ridge(alpha=l2 * len(x), tol=1e-12).fit(StandardScaler().fit_transform(x), data.y_train.numpy())
    np.testing.assert_allclose(model.linear.weight.detach()[0].numpy(), oracle.coef_, rtol=1e-8, atol=1e-8)
    assert float(model.linear.bias.detach()) == pytest.approx(oracle.intercept_, rel=1e-10)
    np.testing.assert_allclose(linreg.theta_raw(model), data.reference["theta_star"], rtol=1e-8)


def test_no_intercept_and_polynomial_match_sklearn():
    _, data, model, _ = _fit({"dataset": "line", "solver": "normal", "epochs": 1, "intercept": False})
    oracle = LinearRegression(fit_intercept=False).fit(data.x_train.numpy(), data.y_train.numpy())
    np.testing.assert_allclose(model.raw_coefficients()[1], oracle.coef_, rtol=1e-10)
    cfg, data, model, _ = _fit({"dataset": "polynomial", "solver": "normal", "epochs": 1, "degree": 3})
    pipe = make_pipeline(PolynomialFeatures(3, include_bias=False), LinearRegression())
    pipe.fit(data.raw_train, data.y_train.numpy())
    np.testing.assert_allclose(DEMO.predict(model, data.raw_test, cfg), pipe.predict(data.raw_test), rtol=1e-8)


def test_gradient_descent_converges_to_lstsq():
    # 'correlated' has 20 features of very different scales: standardising plus α = 1/L still converges.
    _, data, model, epochs = _fit({"dataset": "correlated", "n_samples": 500, "solver": "gd", "auto_lr": True,
                                   "iters_per_epoch": 200, "epochs": 4})
    oracle = LinearRegression().fit(data.x_train.numpy(), data.y_train.numpy())
    b, w = model.raw_coefficients()
    np.testing.assert_allclose(w, oracle.coef_, rtol=1e-5)
    assert b == pytest.approx(oracle.intercept_, rel=1e-5)
    errors = [r["rel_err"] for r in epochs]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 1e-8


def test_momentum_and_sgd_reach_the_optimum():
    _, _, _, momentum = _fit({"dataset": "line", "momentum": 0.9, "lr": 0.1, "iters_per_epoch": 50, "epochs": 8})
    assert momentum[-1]["rel_err"] < 1e-6
    _, data, _, sgd = _fit({"dataset": "line", "solver": "sgd", "lr": 0.1, "epochs": 60, "schedule": "cosine"})
    best = 0.5 * np.mean((data.x_train.numpy()[:, 0] * data.reference["theta_star"][1]
                          + data.reference["theta_star"][0] - data.y_train.numpy()) ** 2)
    assert sgd[-1]["rel_err"] < 0.01 and sgd[-1]["train_loss"] < best * 1.001  # decayed steps settle


def test_gradient_formula_matches_autograd():
    cfg = DEMO.config({"dataset": "polynomial", "degree": 3, "l2": 0.3})
    data = DEMO.load_data(cfg, "unused", CPU)
    model = DEMO.build_model(cfg)
    model.set_standardiser(data.shift, data.scale)
    model.set_theta(torch.as_tensor(np.random.default_rng(0).normal(size=4)))
    linreg.objective(model, data.x_train, data.y_train, cfg.l2).backward()
    z, theta = model.design(data.x_train), model.theta()
    expected = z.T @ (z @ theta - data.y_train) / len(z) + cfg.l2 * model.penalty_mask() * theta
    got = torch.cat([model.linear.weight.grad[0], model.linear.bias.grad])
    torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)


def test_loss_surface_quadratic_equals_the_objective():
    cfg = DEMO.config({"dataset": "outliers", "l2": 0.2})
    data = DEMO.load_data(cfg, "unused", CPU)
    q, c, d = linreg.loss_quadratic(data, cfg)
    model = DEMO.build_model(cfg)
    model.set_standardiser(data.shift, data.scale)
    for b, w in [(0.0, 0.0), (1.5, -2.0), (2.0, 1.5)]:
        # θ in data units -> standardised: w_s = w·scale, b_s = b + w·shift
        model.set_theta(torch.tensor([w * float(data.scale[0]), b + w * float(data.shift[0])], dtype=torch.float64))
        theta = np.array([b, w])
        with torch.no_grad():
            expected = float(linreg.objective(model, data.x_train, data.y_train, cfg.l2))
        assert 0.5 * theta @ q @ theta - c @ theta + d == pytest.approx(expected, rel=1e-10)


def test_benchmark_recipe_meets_its_target():
    cfg, data, model, epochs = _fit({}, preset="bench")
    assert data.x_train.shape == (10_000, 20)
    oracle = np.linalg.lstsq(np.hstack([np.ones((10_000, 1)), data.x_train.numpy()]), data.y_train.numpy(),
                             rcond=None)[0]
    assert np.linalg.norm(linreg.theta_raw(model) - oracle) / np.linalg.norm(oracle) < 1e-6
    assert epochs[-1]["max_rel_err"] < DEMO.bench.target
    assert epochs[-1]["closed_form_seconds"] > 0


def test_too_large_a_step_diverges_with_advice():
    cfg = DEMO.config({"dataset": "line", "lr": 2.5})
    with pytest.raises(Diverged, match=r"learning rate below 2/L = 2\b"):
        fit_in_memory(DEMO, cfg, DEMO.load_data(cfg, "unused", CPU))


def test_engine_run_records_path_and_predicts(tmp_path):
    cfg = DEMO.config(preset="tiny")
    store = RunStore(tmp_path)
    key = "0" * 20
    meta = train_run(store, DEMO, cfg, key, dataset_id=DEMO.dataset_id(cfg, "x"), data_dir="x", device="cpu")
    assert meta["status"] == "done" and meta["final"]["rel_err"] < meta["final"]["test_r2"]
    epochs = [r for r in store.read_metrics(key) if r["kind"] == "epoch"]
    assert [len(r["path"]) for r in epochs] == [cfg.iters_per_epoch] * cfg.epochs
    assert [r["rel_err"] for r in epochs] == sorted((r["rel_err"] for r in epochs), reverse=True)
    model = DEMO.build_model(cfg)
    model.load_state_dict(store.load_weights(key))  # the standardisation travels in the weights file
    b, w = model.raw_coefficients()
    assert epochs[-1]["path"][-1] == pytest.approx([b, w[0]], rel=1e-12)
    out = DEMO.predict_bytes(model, b"x\n0\n2\n", cfg)
    assert out["predictions"] == pytest.approx([b, b + 2 * w[0]], rel=1e-12)
    summary, _ = store.read_report(key)
    assert summary["weights"] == pytest.approx(list(w)) and summary["theta_star"] is not None


def test_dataset_sizes_and_feature_cap():
    from core.config import ConfigError

    assert DEMO.dataset_id(DEMO.config({"dataset": "diabetes", "degree": 3}), "x") == "sklearn-diabetes-442x10"
    with pytest.raises(ConfigError, match="limit is 1,000"):
        DEMO.dataset_id(DEMO.config({"dataset": "correlated", "degree": 3}), "x")
    x_train, y_train, x_test, y_test, names = linreg.make_dataset(DEMO.config({"n_samples": 40}))
    assert x_train.shape == (40, 1) and x_test.shape == (10, 1) and names == ["x"]
    assert isinstance(DEMO.build_model(DEMO.config({"dataset": "diabetes", "degree": 2})), LinearModel)
