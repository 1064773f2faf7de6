"""Logistic regression demo: config, data, model, solvers (GD, SGD, Newton), evaluation, ROC, inference.

The model is h_θ(x) = σ(θᵀz), z the standardised polynomial features and a 1 (core.tabular.LinearModel).
Every solver minimises the cross-entropy, with its minus sign, plus an L2 term that spares the intercept:
    J(θ) = −(1/m) Σ_i [y_i log h_i + (1 − y_i) log(1 − h_i)] + λ/2 ‖w‖²,   ∇J = (1/m) Zᵀ(h − y) + λw.
There is no closed form: ∇J = 0 reads Σ_i (σ(θᵀz_i) − y_i) z_i = −mλw, nonlinear in θ (σ sits inside the
sum), so J is minimised iteratively: 'gd' (full batch, `iters_per_epoch` steps per epoch), 'sgd' (one
shuffled pass per epoch) or 'newton' (θ ← θ − H⁻¹∇J with H = (1/m) Zᵀ diag(h(1 − h)) Z + λE, one damped
step per epoch). Each epoch records train/test cross-entropy and accuracy and the test ROC AUC; with λ > 0
(a unique minimiser) also scikit-learn's test accuracy for the same objective and the gap to it.

Benchmark (`python -m core bench logreg`): scikit-learn's breast-cancer set, a fixed stratified 80/20 split,
λ = 1/(C·m) with C = 1. scikit-learn's LogisticRegression(C) minimises C·Σ logloss + ½‖w‖², which is
C·m times J, so both fit the same model. Metric: acc_gap = |test_acc − sklearn_test_acc| ≤ 0.01.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

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
)

DATASETS = ("moons", "circles", "blobs", "xor", "breast_cancer")
INPUTS = {"moons": 2, "circles": 2, "blobs": 2, "xor": 2, "breast_cancer": 30}
SOLVERS = ("gd", "sgd", "newton")
BREAST_CANCER_TRAIN = 455   # rows in the benchmark's training split (80 % of 569, stratified)
SKLEARN_C = 1.0             # scikit-learn's default inverse regularisation strength


@dataclass(frozen=True)
class LogregConfig:
    dataset: str = param("moons", choices=DATASETS,
                         help="moons, circles, blobs, xor: two classes of 2-D points; breast_cancer: "
                              "scikit-learn's 569 tumours, 30 features (malignant vs benign).")
    n_samples: int = param(300, lo=20, hi=20_000,
                           help="Training points of the 2-D sets (the test set adds a quarter as many); ignored "
                                "by breast_cancer.")
    noise: float = param(0.2, lo=0.0, hi=1.0, step=0.05,
                         help="Standard deviation of the Gaussian noise on the 2-D points (moons, circles, xor); "
                              "blobs: cluster spread 0.5 + 2·noise. Ignored by breast_cancer.")
    degree: int = param(3, lo=1, hi=8, help="Polynomial features: every product of up to this many inputs. 1 "
                                            "gives a straight boundary; moons and circles need 2-3.")
    l2: float = param(0.001, lo=0.0, hi=1.0, step=0.0001,
                      help="λ in J = cross-entropy + λ/2·‖w‖² (standardised features, intercept not "
                           "penalised). λ = 1/(C·m) is scikit-learn's C; 0 lets the weights grow forever on "
                           "separable data.")
    solver: str = param("gd", choices=SOLVERS, help="gd: batch gradient descent; sgd: minibatch stochastic "
                                                    "gradient descent; newton: Newton's method (one step per "
                                                    "epoch, converges in a handful).")
    lr: float = param(1.0, lo=1e-4, hi=50.0, log=True,
                      help="Step size α in θ ← θ − α·∇J for gd/sgd. Stable below 2/L (L, the loss's largest "
                           "curvature, is shown on the page).")
    auto_lr: bool = param(False, help="Use α = 1/L, computed from the training data, instead of lr.")
    momentum: float = param(0.0, lo=0.0, hi=0.99, step=0.01,
                            help="Heavy-ball momentum β for gd/sgd: v ← βv + ∇J, θ ← θ − αv; 0 = plain descent.")
    batch_size: int = param(32, lo=1, hi=4096, help="Examples per sgd step.")
    iters_per_epoch: int = param(20, lo=1, hi=1000, help="gd steps per epoch (the boundary redraws once per "
                                                         "epoch). sgd: an epoch is one pass; newton: one step.")
    epochs: int = param(30, lo=1, hi=500, help="Epochs to train.")
    schedule: str = param("constant", choices=("constant", "cosine"),
                          help="Step size over the run: constant, or a cosine decay to 0.")
    seed: int = param(0, lo=0, hi=1_000_000, help="Random seed for the generated points, the split and sgd's "
                                                  "shuffling.")


# --- data ------------------------------------------------------------------------------------------------
def class_names(cfg: LogregConfig) -> list[str]:
    return ["malignant", "benign"] if cfg.dataset == "breast_cancer" else ["0", "1"]


def dataset_id(cfg: LogregConfig, data_dir: str) -> str:
    rows = BREAST_CANCER_TRAIN if cfg.dataset == "breast_cancer" else cfg.n_samples
    check_size(INPUTS[cfg.dataset], cfg.degree, rows)  # a ConfigError before any run is created
    return "sklearn-breast-cancer-569x30-split80-seed0" if cfg.dataset == "breast_cancer" else "generated-v1"


def make_points(cfg: LogregConfig) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """All points (train and test) with 0/1 labels, and the input names."""
    if cfg.dataset == "breast_cancer":
        from sklearn.datasets import load_breast_cancer

        bunch = load_breast_cancer()
        return bunch.data, bunch.target.astype(np.float64), list(bunch.feature_names)
    from sklearn import datasets

    n = cfg.n_samples + max(cfg.n_samples // 4, 2)
    if cfg.dataset == "moons":
        x, y = datasets.make_moons(n, noise=cfg.noise, random_state=cfg.seed)
    elif cfg.dataset == "circles":
        x, y = datasets.make_circles(n, noise=cfg.noise, factor=0.5, random_state=cfg.seed)
    elif cfg.dataset == "blobs":
        x, y = datasets.make_blobs(n, centers=[[-1.0, -1.0], [1.0, 1.0]], cluster_std=0.5 + 2 * cfg.noise,
                                   random_state=cfg.seed)
    else:  # xor: the label is the sign of x1·x2, then the points are jittered
        rng = np.random.default_rng(cfg.seed)
        x = rng.uniform(-1, 1, (n, 2))
        y = (x[:, 0] * x[:, 1] > 0).astype(int)
        x = x + cfg.noise * rng.standard_normal((n, 2))
    return x, y.astype(np.float64), ["x1", "x2"]


def sklearn_reference(data: TabularData, l2: float) -> dict:
    """scikit-learn's fit of the same objective on the same standardised features (an oracle for θ and
    accuracy). Only for λ > 0: without it separable data have no minimiser."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    def standardised(x):
        return ((x - data.shift) / data.scale).cpu().numpy()

    y = data.y_train.cpu().numpy()
    clf = LogisticRegression(C=1.0 / (l2 * len(y)), tol=1e-10, max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(standardised(data.x_train), y)
    return {"sklearn_theta": np.concatenate([clf.coef_[0], clf.intercept_]),
            "sklearn_test_acc": float(clf.score(standardised(data.x_test), data.y_test.cpu().numpy()))}


def load_data(cfg: LogregConfig, data_dir: str, device) -> TabularData:
    source = dataset_id(cfg, data_dir)
    x, y, names = make_points(cfg)
    test_size = 0.2 if cfg.dataset == "breast_cancer" else len(y) - cfg.n_samples
    train, test = split_indices(len(y), test_size, labels=y)  # stratified, fixed seed
    data = build_data(x[train], y[train], x[test], y[test], degree=cfg.degree, input_names=names,
                      dataset_id=source, device=device)
    data.lipschitz = curvature_bound(data, True, 0.25, cfg.l2)  # σ' ≤ 1/4 bounds the Hessian
    if cfg.l2 > 0:
        data.reference = sklearn_reference(data, cfg.l2)
    return data


# --- model and objective --------------------------------------------------------------------------------------
def build_model(cfg: LogregConfig) -> LinearModel:
    return LinearModel(n_polynomial_features(INPUTS[cfg.dataset], cfg.degree))


def make_optimizer(model: LinearModel, cfg: LogregConfig) -> torch.optim.Optimizer:
    # The L2 term is part of `objective` (weight_decay would also shrink the intercept).
    return torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)


def cross_entropy(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """−(1/m) Σ [y log σ(s) + (1 − y) log(1 − σ(s))], computed from the scores s without overflow."""
    return F.binary_cross_entropy_with_logits(scores, y)


def objective(model: LinearModel, x: torch.Tensor, y: torch.Tensor, l2: float) -> torch.Tensor:
    return cross_entropy(model(x), y) + l2_penalty(model, l2)


def seed_cost(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The seed article's cost: the cross-entropy without its minus sign. It is ≤ 0 and unbounded below,
    so minimising it drives h towards the wrong label."""
    return -cross_entropy(scores, y)


@torch.no_grad()
def newton_step(model: LinearModel, x: torch.Tensor, y: torch.Tensor, l2: float) -> float:
    """θ ← θ − t·H⁻¹∇J, halving t from 1 until J falls enough (Armijo), since a full step can overshoot far
    from the optimum. lstsq copes with a singular H (separable data, λ = 0). Returns t."""
    z, theta, mask = model.design(x), model.theta(), model.penalty_mask()
    h = torch.sigmoid(z @ theta)
    grad = z.T @ (h - y) / len(y) + l2 * mask * theta
    hess = (z.T * (h * (1 - h))) @ z / len(y) + l2 * torch.diag(mask)
    step = torch.linalg.lstsq(hess.cpu(), grad.cpu()[:, None], driver="gelsd").solution[:, 0].to(theta.device)
    start, slope, t = float(objective(model, x, y, l2)), float(grad @ step), 1.0
    while t > 1e-10:
        model.set_theta(theta - t * step)
        if float(objective(model, x, y, l2)) <= start - 1e-4 * t * slope:
            return t
        t /= 2
    model.set_theta(theta)  # no decrease along the Newton direction: at the optimum to machine precision
    return 0.0


# --- training and evaluation ------------------------------------------------------------------------------
def steps_per_epoch(cfg: LogregConfig, data: TabularData) -> int:
    if cfg.solver == "sgd":
        return -(-len(data.y_train) // cfg.batch_size)
    return cfg.iters_per_epoch if cfg.solver == "gd" else 1


def train_epoch(model: LinearModel, optimizer, data: TabularData, cfg: LogregConfig, ctx) -> dict:
    model.set_standardiser(data.shift, data.scale)  # the same values every epoch; saved with the weights
    lr = 1.0 / data.lipschitz if cfg.auto_lr else cfg.lr
    if cfg.solver == "newton":
        with torch.no_grad():
            loss = objective(model, data.x_train, data.y_train, cfg.l2)
        newton_step(model, data.x_train, data.y_train, cfg.l2)
        ctx.step_done(len(data.y_train), loss)
    else:
        descend_epoch(model, optimizer, data, cfg, ctx, objective, lr)
    with torch.no_grad():
        scores = model(data.x_train)
        result = {"train_loss": float(cross_entropy(scores, data.y_train)),
                  "train_acc": float(((scores > 0) == (data.y_train > 0.5)).double().mean())}
    return result if cfg.solver == "newton" else {**result, "lr": lr}


def roc_curve(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false-positive rate, true-positive rate) at every distinct threshold, from (0, 0) to (1, 1); tied
    scores form one point, so the trapezoid area counts ties as half, like the Mann-Whitney U statistic."""
    order = np.argsort(-np.asarray(scores), kind="mergesort")
    y, scores = np.asarray(y)[order] > 0.5, np.asarray(scores)[order]
    last = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]  # last index of each group of ties
    tps = np.cumsum(y)[last]
    fps = last + 1 - tps
    return np.r_[0.0, fps] / max(fps[-1], 1), np.r_[0.0, tps] / max(tps[-1], 1)


def roc_auc(y: np.ndarray, scores: np.ndarray) -> float:
    if len(np.unique(np.asarray(y) > 0.5)) < 2:
        return float("nan")  # one class only: no ranking to measure
    fpr, tpr = roc_curve(y, scores)
    return float(np.trapezoid(tpr, fpr))


@torch.no_grad()
def evaluate(model: LinearModel, data: TabularData, cfg: LogregConfig, ctx) -> dict:
    model.eval()
    scores = model(data.x_test)
    acc = float(((scores > 0) == (data.y_test > 0.5)).double().mean())
    result = {"test_loss": float(cross_entropy(scores, data.y_test)), "test_acc": acc,
              "test_auc": roc_auc(data.y_test.cpu().numpy(), scores.cpu().numpy())}
    if "sklearn_test_acc" in data.reference:
        result["sklearn_test_acc"] = data.reference["sklearn_test_acc"]
        result["acc_gap"] = abs(acc - data.reference["sklearn_test_acc"])
    return result


def report(model: LinearModel, data: TabularData, cfg: LogregConfig, ctx, max_points: int = 400) -> tuple[dict, dict]:
    """Confusion matrix (rows: true class, columns: predicted) and the ROC curve of the test set."""
    with torch.no_grad():
        scores = model(data.x_test).cpu().numpy()
    truth, pred = data.y_test.cpu().numpy().astype(int), (scores > 0).astype(int)
    confusion = np.zeros((2, 2), dtype=int)
    np.add.at(confusion, (truth, pred), 1)
    fpr, tpr = roc_curve(truth, scores)
    keep = np.unique(np.linspace(0, len(fpr) - 1, min(len(fpr), max_points)).round().astype(int))
    return {"classes": class_names(cfg), "confusion": confusion.tolist(), "auc": roc_auc(truth, scores),
            "roc_fpr": fpr[keep].tolist(), "roc_tpr": tpr[keep].tolist()}, {}


# --- inference -----------------------------------------------------------------------------------------------
@torch.no_grad()
def predict(model: LinearModel, inputs: np.ndarray, cfg: LogregConfig) -> np.ndarray:
    """inputs: raw (N, d) before the polynomial expansion; returns P(class 1) for each row (N,)."""
    model.eval()
    x = torch.as_tensor(polynomial_features(np.atleast_2d(np.asarray(inputs, np.float64)), cfg.degree))
    return torch.sigmoid(model(x.to(model.shift.device))).cpu().numpy()


def predict_bytes(model: LinearModel, data: bytes, cfg: LogregConfig) -> dict:
    """A CSV of input rows (d columns, header optional) -> {"label", "top"} for the first row, and
    "probabilities" (of class 1) for every row."""
    table = parse_csv(data, min_columns=1)
    d = INPUTS[cfg.dataset]
    if table.values.shape[1] != d or table.skipped or not np.isfinite(table.values).all():
        raise CsvError(f"Expected {d} numeric column(s) per row with no missing values (the inputs of the "
                       f"{cfg.dataset} set); got columns {', '.join(table.names + table.skipped)}.")
    probs = predict(model, table.values, cfg)
    names = class_names(cfg)
    top = sorted([[names[1], round(float(probs[0]), 4)], [names[0], round(1 - float(probs[0]), 4)]],
                 key=lambda item: -item[1])
    return {"label": top[0][0], "top": top, "probabilities": [round(float(p), 6) for p in probs]}


def seed_comparison(data: TabularData, l2: float, steps: int = 200) -> dict:
    """The seed article's two mistakes measured on `data` (test accuracy, test cross-entropy), beside
    logistic regression fitted by Newton's method: (1) the normal equation on the 0/1 labels, read through
    σ as the article did (and, kinder, as a line thresholded at 0.5); (2) its minus-less cost minimised by
    `steps` gradient steps from θ = 0."""
    from core.linreg import solve_least_squares

    def fresh() -> LinearModel:
        model = LinearModel(data.x_train.shape[1])
        model.set_standardiser(data.shift, data.scale)
        return model

    def scored(model: LinearModel, threshold: float = 0.0) -> dict:
        with torch.no_grad():
            s = model(data.x_test)
        return {"acc": float(((s > threshold) == (data.y_test > 0.5)).double().mean()),
                "loss": float(cross_entropy(s, data.y_test))}

    normal = fresh()
    solve_least_squares(normal, data.x_train, data.y_train, 0.0)
    flipped = fresh()
    optimizer = torch.optim.SGD(flipped.parameters(), lr=1.0)
    for _ in range(steps):
        cost = seed_cost(flipped(data.x_train), data.y_train)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    logistic = fresh()
    for _ in range(30):
        if newton_step(logistic, data.x_train, data.y_train, max(l2, 1e-8)) == 0.0:
            break
    return {"normal_equation": scored(normal), "normal_equation_at_half": scored(normal, 0.5),
            "seed_cost": {**scored(flipped), "cost": float(cost.detach())}, "logistic": scored(logistic),
            "steps": steps}


DEMO = Demo(
    name="logreg", title="Logistic regression", group="Classic ML", page="pages/logreg.py",
    summary="Separate two classes with a linear model on polynomial features: gradient descent, SGD and Newton, "
            "live decision boundary, ROC curve.",
    config_cls=LogregConfig, recipe_version=1, monitor="test_acc",
    stop_metric="",  # no early stopping: the objective is convex and every solver just converges
    dataset_id=dataset_id, load_data=load_data, build_model=build_model, make_optimizer=make_optimizer,
    steps_per_epoch=steps_per_epoch, train_epoch=train_epoch, evaluate=evaluate, report=report,
    predict=predict, predict_bytes=predict_bytes,
    presets={"tiny": {"dataset": "moons", "n_samples": 200, "degree": 2, "solver": "gd", "epochs": 3},
             "bench": {"dataset": "breast_cancer", "degree": 1, "solver": "newton", "epochs": 15,
                       "l2": 1.0 / (SKLEARN_C * BREAST_CANCER_TRAIN)}},
    bench=Bench(preset="bench", metric="acc_gap", target=0.01, max_train_seconds=5.0, lower_is_better=True),
    cpu_only=True,
)
