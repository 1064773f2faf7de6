"""Linear regression demo: config, data, model, solvers (normal equation, GD, SGD), evaluation, inference.

Every solver minimises, in the model's standardised units (see core.tabular.LinearModel),
    J(θ) = 1/(2m) Σ_i (θᵀz_i − y_i)² + λ/2 ‖w‖²        (z_i: standardised features and a 1; b is not penalised)
- 'normal': one exact solve with least squares (lstsq on Z, never inv(ZᵀZ): see `solve_least_squares`);
- 'gd': full-batch gradient descent, `iters_per_epoch` steps per epoch; 'sgd': one shuffled pass per epoch.
Each epoch records train/test loss (the squared-error half of J), test R² and RMSE, and `rel_err`: the
distance of θ (data units, intercept first) to numpy.linalg.lstsq's minimiser of the same objective,
‖θ − θ*‖/‖θ*‖, whenever that minimiser is unique. Two-parameter models also record the path of θ, for the
loss-surface animation.

Benchmark (`python -m core bench linreg`): 10,000 x 20 correlated Gaussian features; the closed form (timed
in load_data) and gradient descent with step 1/L (the run) must both agree with numpy.linalg.lstsq to 1e-6
relative. Metric: max_rel_err; `closed_form_seconds` and the run's `train_seconds` are the two times.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch

from core.config import param
from core.demo import Bench, Demo
from core.tabular import (
    CsvError,
    LinearModel,
    TabularData,
    build_data,
    check_size,
    curvature_bound,
    descend_epoch,
    l2_penalty,
    n_polynomial_features,
    parse_csv,
    polynomial_features,
    split_indices,
    standardiser,
)

DATASETS = ("line", "polynomial", "outliers", "diabetes", "correlated", "seed")
INPUTS = {"line": 1, "polynomial": 1, "outliers": 1, "diabetes": 10, "correlated": 20, "seed": 2}
SOLVERS = ("normal", "gd", "sgd")
SEED_X = [[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]]  # the seed article's worked example (no intercept column)
SEED_Y = [3.0, 5.0, 7.0]
SEED_THETA = [0.30, 1.40]                       # what the article printed; least squares gives [1, 1]
PATH_POINTS = 25                                # θ points recorded per epoch for the surface animation


@dataclass(frozen=True)
class LinregConfig:
    dataset: str = param("line", choices=DATASETS,
                         help="line: y = 2 + 1.5x + noise; polynomial: a cubic plus noise; outliers: the line "
                              "with 5 % of training points pushed far up; diabetes: scikit-learn's 442 patients, "
                              "10 features; correlated: 20 correlated Gaussian features (the benchmark); seed: "
                              "the seed article's 3-point example.")
    n_samples: int = param(200, lo=10, hi=100_000,
                           help="Training examples of the generated sets (the test set adds a quarter as many); "
                                "ignored by diabetes and seed.")
    noise: float = param(1.0, lo=0.0, hi=5.0, step=0.1,
                         help="Standard deviation of the Gaussian noise added to y in the generated sets (units "
                              "of y), 0 to 5.")
    degree: int = param(1, lo=1, hi=12, help="Polynomial features: every product of up to this many inputs "
                                             "(1 = plain linear regression); at most 1,000 features.")
    intercept: bool = param(True, help="Fit an intercept b (never penalised). The seed example has none: its θ "
                                       "has two entries.")
    l2: float = param(0.0, lo=0.0, hi=10.0, step=0.001,
                      help="Ridge strength λ in J = 1/(2m)·Σ error² + λ/2·‖w‖², on the weights of the "
                           "standardised features; 0 = ordinary least squares.")
    solver: str = param("gd", choices=SOLVERS, help="normal: the exact least-squares solution in one step "
                                                    "(lstsq); gd: batch gradient descent; sgd: minibatch "
                                                    "stochastic gradient descent.")
    lr: float = param(0.05, lo=1e-4, hi=2.5, log=True,
                      help="Step size α in θ ← θ − α·∇J. Stable below 2/L (L, the loss's curvature, is shown "
                           "on the page; about 1 for one standardised input); above it GD diverges.")
    auto_lr: bool = param(False, help="Use α = 1/L, computed from the training data, instead of lr.")
    momentum: float = param(0.0, lo=0.0, hi=0.99, step=0.01,
                            help="Heavy-ball momentum β for gd/sgd: v ← βv + ∇J, θ ← θ − αv; 0 = plain descent.")
    batch_size: int = param(32, lo=1, hi=4096, help="Examples per sgd step.")
    iters_per_epoch: int = param(5, lo=1, hi=1000, help="gd steps per epoch (the charts update once per epoch). "
                                                         "sgd: an epoch is one pass over the data.")
    epochs: int = param(30, lo=1, hi=500, help="Epochs to train; the normal equation needs one.")
    schedule: str = param("constant", choices=("constant", "cosine"),
                          help="Step size over the run: constant, or a cosine decay to 0 (lets sgd settle "
                               "instead of jittering around the minimum).")
    seed: int = param(0, lo=0, hi=1_000_000, help="Random seed for the generated data, the train/test split "
                                                  "and sgd's shuffling.")


# --- data ------------------------------------------------------------------------------------------------
def dataset_id(cfg: LinregConfig, data_dir: str) -> str:
    rows = {"diabetes": 353, "seed": 3}.get(cfg.dataset, cfg.n_samples)
    check_size(INPUTS[cfg.dataset], cfg.degree, rows)  # a ConfigError before any run is created
    return {"diabetes": "sklearn-diabetes-442x10", "seed": "seed-article-3x2"}.get(cfg.dataset, "generated-v1")


def make_dataset(cfg: LinregConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(x_train, y_train, x_test, y_test, input names) in raw units."""
    if cfg.dataset == "seed":  # three points: nothing to hold out, so the test set is the training set
        x, y = np.array(SEED_X), np.array(SEED_Y)
        return x, y, x, y, ["x1", "x2"]
    if cfg.dataset == "diabetes":
        from sklearn.datasets import load_diabetes

        bunch = load_diabetes()
        train, test = split_indices(len(bunch.target), 0.2)
        return bunch.data[train], bunch.target[train], bunch.data[test], bunch.target[test], list(bunch.feature_names)
    rng = np.random.default_rng(cfg.seed)
    n = cfg.n_samples + max(cfg.n_samples // 4, 2)  # the first n_samples train, the rest test
    if cfg.dataset == "correlated":
        # AR(1) correlation 0.6 between neighbouring features (condition number about 15 after standardising),
        # then a different scale and offset per feature, so standardising visibly matters.
        z = rng.standard_normal((n, 20))
        for j in range(1, 20):
            z[:, j] = 0.6 * z[:, j - 1] + 0.8 * z[:, j]
        x = z * 10.0 ** rng.uniform(-1, 1, 20) + rng.uniform(-5, 5, 20)
        y = 3.0 + x @ rng.standard_normal(20) + cfg.noise * rng.standard_normal(n)
        names = [f"x{j + 1}" for j in range(20)]
    else:
        x = rng.uniform(-3, 3, (n, 1))
        clean = 0.5 * x[:, 0] ** 3 - 2 * x[:, 0] + 1 if cfg.dataset == "polynomial" else 2 + 1.5 * x[:, 0]
        y = clean + cfg.noise * rng.standard_normal(n)
        if cfg.dataset == "outliers":  # training points only: the test set shows what the outliers cost
            hit = rng.random(cfg.n_samples) < 0.05
            y[:cfg.n_samples][hit] += 15 + 5 * np.abs(rng.standard_normal(hit.sum()))
        names = ["x"]
    return x[:cfg.n_samples], y[:cfg.n_samples], x[cfg.n_samples:], y[cfg.n_samples:], names


def lstsq_oracle(x: np.ndarray, y: np.ndarray, l2: float, intercept: bool) -> np.ndarray | None:
    """θ* = [b, w] (data units) minimising J, by numpy.linalg.lstsq on the raw design: independent of the
    torch code. The penalty λ/2·‖w·scale‖² becomes √(λm)·diag(scale) rows. None when θ* is not unique."""
    m, p = x.shape
    a = np.hstack([np.ones((m, 1)), x]) if intercept else x
    if l2 > 0:
        scale = standardiser(x, intercept)[1]
        rows = np.hstack([np.zeros((p, 1)), np.diag(scale)]) if intercept else np.diag(scale)
        a, y = np.vstack([a, math.sqrt(l2 * m) * rows]), np.concatenate([y, np.zeros(p)])
    elif np.linalg.matrix_rank(a) < a.shape[1]:
        return None
    return np.linalg.lstsq(a, y, rcond=None)[0]


def theta_raw(model: LinearModel) -> np.ndarray:
    b, w = model.raw_coefficients()
    return np.concatenate([[b], w]) if model.intercept else w


def rel_err(theta: np.ndarray, star: np.ndarray) -> float:
    return float(np.linalg.norm(theta - star) / max(np.linalg.norm(star), 1e-300))


def prepare(cfg: LinregConfig, raw_train, y_train, raw_test, y_test, names: list[str], source: str,
            device="cpu") -> TabularData:
    """Features, standardisation, L, the numpy oracle and the timed closed form (also used for uploads)."""
    data = build_data(raw_train, y_train, raw_test, y_test, degree=cfg.degree, input_names=names,
                      dataset_id=source, center=cfg.intercept, device=device)
    data.lipschitz = curvature_bound(data, cfg.intercept, 1.0, cfg.l2)  # Hessian of J: ZᵀZ/m + λE
    star = lstsq_oracle(data.x_train.cpu().numpy(), data.y_train.cpu().numpy(), cfg.l2, cfg.intercept)
    model = build_model(cfg, data.x_train.shape[1])
    model.set_standardiser(data.shift.cpu(), data.scale.cpu())
    start = time.perf_counter()
    solve_least_squares(model, data.x_train.cpu(), data.y_train.cpu(), cfg.l2)
    data.reference = {"closed_form_seconds": time.perf_counter() - start}
    if star is not None:
        data.reference.update(theta_star=star, closed_form_rel_err=rel_err(theta_raw(model), star))
    return data


def load_data(cfg: LinregConfig, data_dir: str, device) -> TabularData:
    return prepare(cfg, *make_dataset(cfg), source=dataset_id(cfg, data_dir), device=device)


# --- model and objective --------------------------------------------------------------------------------------
def build_model(cfg: LinregConfig, n_features: int | None = None) -> LinearModel:
    return LinearModel(n_features or n_polynomial_features(INPUTS[cfg.dataset], cfg.degree), cfg.intercept)


def make_optimizer(model: LinearModel, cfg: LinregConfig) -> torch.optim.Optimizer:
    # The L2 term is part of `objective` (weight_decay would also shrink the intercept).
    return torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)


def half_mse(pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return 0.5 * ((pred - y) ** 2).mean()


def objective(model: LinearModel, x: torch.Tensor, y: torch.Tensor, l2: float) -> torch.Tensor:
    """J(θ) = 1/(2m) Σ (ŷ − y)² + λ/2 ‖w‖²; its gradient is (1/m) Zᵀ(Zθ − y) + λw."""
    return half_mse(model(x), y) + l2_penalty(model, l2)


def solve_least_squares(model: LinearModel, x: torch.Tensor, y: torch.Tensor, l2: float) -> None:
    """Set θ to the exact minimiser of J in one solve. Ridge is least squares on an augmented system:
    ‖Zθ − y‖² + λm‖w‖² = ‖[Z; √(λm)E]θ − [y; 0]‖². lstsq factorises Z itself (SVD, driver gelsd) instead of
    inverting ZᵀZ: forming ZᵀZ squares the condition number (κ(ZᵀZ) = κ(Z)², so half the digits go), and
    with collinear columns ZᵀZ is singular, where inv fails or returns garbage while lstsq returns the
    minimum-norm minimiser."""
    z, target = model.design(x).cpu(), y.cpu()
    if l2 > 0:
        rows = math.sqrt(l2 * len(target)) * torch.diag(model.penalty_mask().cpu())
        z, target = torch.cat([z, rows]), torch.cat([target, torch.zeros(len(rows), dtype=target.dtype)])
    theta = torch.linalg.lstsq(z, target[:, None], driver="gelsd").solution[:, 0]
    model.set_theta(theta.to(model.shift.device))


# --- training and evaluation ------------------------------------------------------------------------------
def steps_per_epoch(cfg: LinregConfig, data: TabularData) -> int:
    if cfg.solver == "sgd":
        return -(-len(data.y_train) // cfg.batch_size)
    return cfg.iters_per_epoch if cfg.solver == "gd" else 1


def train_epoch(model: LinearModel, optimizer, data: TabularData, cfg: LinregConfig, ctx) -> dict:
    model.set_standardiser(data.shift, data.scale)  # the same values every epoch; saved with the weights
    two_params = len(model.theta()) == 2
    path: list[list[float]] = []
    lr = 1.0 / data.lipschitz if cfg.auto_lr else cfg.lr
    if cfg.solver == "normal":
        with torch.no_grad():
            loss = objective(model, data.x_train, data.y_train, cfg.l2)
        solve_least_squares(model, data.x_train, data.y_train, cfg.l2)
        ctx.step_done(len(data.y_train), loss)
        path.append(theta_raw(model).tolist())
    else:
        total = steps_per_epoch(cfg, data)
        every = max(1, total // PATH_POINTS)

        def record(i: int) -> None:
            if two_params and ((i + 1) % every == 0 or i == total - 1):
                path.append(theta_raw(model).tolist())

        descend_epoch(model, optimizer, data, cfg, ctx, objective, lr, on_step=record)
    with torch.no_grad():
        result = {"train_loss": float(half_mse(model(data.x_train), data.y_train))}
    if cfg.solver != "normal":
        result["lr"] = lr
    return {**result, "path": path} if two_params else result


def r_squared(pred: torch.Tensor, y: torch.Tensor) -> float:
    total = float(((y - y.mean()) ** 2).sum())
    return 1.0 - float(((y - pred) ** 2).sum()) / total if total > 0 else 0.0


@torch.no_grad()
def evaluate(model: LinearModel, data: TabularData, cfg: LinregConfig, ctx) -> dict:
    model.eval()
    pred = model(data.x_test)
    result = {"test_loss": float(half_mse(pred, data.y_test)), "test_r2": r_squared(pred, data.y_test),
              "test_rmse": float(((pred - data.y_test) ** 2).mean().sqrt()),
              "closed_form_seconds": data.reference["closed_form_seconds"]}
    if "theta_star" in data.reference:
        result["rel_err"] = rel_err(theta_raw(model), data.reference["theta_star"])
        result["closed_form_rel_err"] = data.reference["closed_form_rel_err"]
        result["max_rel_err"] = max(result["rel_err"], result["closed_form_rel_err"])
    return result


def loss_quadratic(data: TabularData, cfg: LinregConfig) -> tuple[np.ndarray, np.ndarray, float]:
    """J as ½θᵀQθ − cᵀθ + d over θ in data units (the loss-surface contours): Q = AᵀA/m + λ·diag(scale²)
    for the raw design A (with a 1s column if there is an intercept), c = Aᵀy/m, d = ‖y‖²/(2m)."""
    x, y = data.x_train.cpu().numpy(), data.y_train.cpu().numpy()
    a = np.hstack([np.ones((len(y), 1)), x]) if cfg.intercept else x
    scale = data.scale.cpu().numpy()
    penalty = np.r_[0.0, scale] if cfg.intercept else scale
    return a.T @ a / len(y) + cfg.l2 * np.diag(penalty ** 2), a.T @ y / len(y), float(y @ y) / (2 * len(y))


def report(model: LinearModel, data: TabularData, cfg: LinregConfig, ctx) -> tuple[dict, dict]:
    """The fitted coefficients in data units next to numpy's θ*."""
    b, w = model.raw_coefficients()
    star = data.reference.get("theta_star")
    return {"intercept": b if cfg.intercept else None, "features": data.feature_names, "weights": w.tolist(),
            "theta_star": None if star is None else star.tolist(), "lipschitz": data.lipschitz}, {}


# --- inference -----------------------------------------------------------------------------------------------
@torch.no_grad()
def predict(model: LinearModel, inputs: np.ndarray, cfg: LinregConfig) -> np.ndarray:
    """inputs: raw (N, d) before the polynomial expansion; returns predictions (N,)."""
    model.eval()
    x = torch.as_tensor(polynomial_features(np.atleast_2d(np.asarray(inputs, np.float64)), cfg.degree))
    return model(x.to(model.shift.device)).cpu().numpy()


def predict_bytes(model: LinearModel, data: bytes, cfg: LinregConfig) -> dict:
    """A CSV of input rows (d columns, header optional) -> {"label": first prediction, "top", "predictions"}."""
    table = parse_csv(data, min_columns=1)
    d = INPUTS[cfg.dataset]
    if table.values.shape[1] != d or table.skipped or not np.isfinite(table.values).all():
        raise CsvError(f"Expected {d} numeric column(s) per row with no missing values (the inputs of the "
                       f"{cfg.dataset} set); got columns {', '.join(table.names + table.skipped)}.")
    pred = predict(model, table.values, cfg)
    return {"label": f"{pred[0]:.6g}", "top": [[f"row {i + 1}", round(float(v), 6)] for i, v in enumerate(pred[:5])],
            "predictions": [float(v) for v in pred]}


def seed_example() -> dict:
    """The seed article's worked example recomputed live: its printed θ vs least squares, and inv's fate
    once an intercept column makes XᵀX singular."""
    x, y = np.array(SEED_X), np.array(SEED_Y)
    model = LinearModel(2, intercept=False)  # identity standardisation: θ is in the article's units
    solve_least_squares(model, torch.as_tensor(x), torch.as_tensor(y), 0.0)
    theta, seed = theta_raw(model), np.array(SEED_THETA)
    with_ones = np.hstack([np.ones((3, 1)), x])
    try:
        inv_theta = np.linalg.inv(with_ones.T @ with_ones) @ with_ones.T @ y
        inv_outcome = f"inv returned θ = {np.round(inv_theta, 3).tolist()}"
    except np.linalg.LinAlgError as err:
        inv_outcome = f"inv raised LinAlgError: {err}"
    return {"seed_theta": seed.tolist(), "seed_pred": (x @ seed).tolist(),
            "seed_sse": float(((x @ seed - y) ** 2).sum()),
            "theta": theta.tolist(), "pred": (x @ theta).tolist(), "sse": float(((x @ theta - y) ** 2).sum()),
            "cond_xtx": float(np.linalg.cond(x.T @ x)),
            "cond_with_intercept": float(np.linalg.cond(with_ones.T @ with_ones)), "inv_with_intercept": inv_outcome}


DEMO = Demo(
    name="linreg", title="Linear regression", group="Classic ML", page="pages/linreg.py",
    summary="Fit a line, a polynomial or your own CSV: the normal equation, gradient descent and SGD, step by step.",
    config_cls=LinregConfig, recipe_version=1, monitor="test_r2",
    stop_metric="",  # no early stopping: the objective is convex and every solver just converges
    dataset_id=dataset_id, load_data=load_data, build_model=build_model, make_optimizer=make_optimizer,
    steps_per_epoch=steps_per_epoch, train_epoch=train_epoch, evaluate=evaluate, report=report,
    predict=predict, predict_bytes=predict_bytes,
    presets={"tiny": {"dataset": "line", "n_samples": 100, "solver": "gd", "epochs": 3, "iters_per_epoch": 20},
             "bench": {"dataset": "correlated", "n_samples": 10_000, "noise": 1.0, "solver": "gd", "auto_lr": True,
                       "iters_per_epoch": 100, "epochs": 6}},
    bench=Bench(preset="bench", metric="max_rel_err", target=1e-6, max_train_seconds=5.0, lower_is_better=True),
    cpu_only=True,
)
