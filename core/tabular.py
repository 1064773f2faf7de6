"""What the classic-ML demos (core.linreg, core.logreg) share: tabular data, features, the linear model,
CSV uploads, the gradient-descent epoch and an in-memory training loop.

Contract:
- `TabularData` holds float64 tensors of polynomial features (raw units) and targets, split into train and
  test, plus the raw inputs for plots and the training set's standardisation (`shift`, `scale`).
  `polynomial_features` matches scikit-learn's `PolynomialFeatures(include_bias=False)` column for column.
- `LinearModel` computes w·(x − shift)/scale + b. The standardisation lives in buffers, so a saved state
  dict predicts from raw features alone; `theta()` is [w, b] in standardised units, `raw_coefficients()`
  gives (b, w) in the data's units.
- `parse_csv(bytes)` turns an upload into a numeric `Table`, and `select_columns` into (X, y); both raise
  `CsvError` whose message says what is wrong in one sentence. Uploads are parsed in memory, never written.
- `descend_epoch` is the explicit (minibatch) gradient-descent loop of both demos; `fit_in_memory` runs a
  demo's own train_epoch/evaluate without the run store (uploads, the seed comparison, tests).
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from dataclasses import dataclass, field
from itertools import combinations_with_replacement

import numpy as np
import torch
from torch import nn

from core.config import ConfigError
from core.training import Reporter, TrainContext

MAX_FEATURES = 1000          # polynomial features per model (the Newton/normal-equation matrices are p x p)
MAX_CELLS = 20_000_000       # training rows x features held in memory (160 MB of float64)
MAX_BYTES = 10 * 2**20       # CSV uploads (the app-wide cap in .streamlit/config.toml is 50 MB, for zips)
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "?"}  # cells read as missing values
DELIMITERS = ",;\t|"


# --- features ----------------------------------------------------------------------------------------
def polynomial_terms(n_inputs: int, degree: int) -> list[tuple[int, ...]]:
    """Monomials of degree 1..degree as tuples of input indices, in scikit-learn's order."""
    return [t for d in range(1, degree + 1) for t in combinations_with_replacement(range(n_inputs), d)]


def n_polynomial_features(n_inputs: int, degree: int) -> int:
    return math.comb(n_inputs + degree, degree) - 1


def check_size(n_inputs: int, degree: int, n_rows: int) -> int:
    """Number of features, or a ConfigError when the expansion would not fit the caps above."""
    p = n_polynomial_features(n_inputs, degree)
    if p > MAX_FEATURES:
        raise ConfigError(f"Degree {degree} on {n_inputs} inputs gives {p:,} features; the limit is "
                          f"{MAX_FEATURES:,}. Lower the degree.")
    if p * n_rows > MAX_CELLS:
        raise ConfigError(f"{n_rows:,} rows x {p:,} features is more than {MAX_CELLS:,} numbers; lower the "
                          "degree or the number of samples.")
    return p


def polynomial_features(x: np.ndarray, degree: int) -> np.ndarray:
    """(n, d) -> (n, p): every product of 1..degree inputs (x1, x2, x1^2, x1*x2, x2^2, ...)."""
    x = np.asarray(x, dtype=np.float64)
    return np.stack([np.prod(x[:, list(t)], axis=1) for t in polynomial_terms(x.shape[1], degree)], axis=1)


def polynomial_names(names: list[str], degree: int) -> list[str]:
    def name(term):
        return "*".join(f"{names[i]}^{term.count(i)}" if term.count(i) > 1 else names[i] for i in sorted(set(term)))
    return [name(t) for t in polynomial_terms(len(names), degree)]


def standardiser(x: np.ndarray, center: bool) -> tuple[np.ndarray, np.ndarray]:
    """(shift, scale): mean and standard deviation per column; without an intercept the columns are not
    centred (centring would smuggle an intercept in) and scale is the root mean square. Constant columns
    keep scale 1."""
    shift = x.mean(0) if center else np.zeros(x.shape[1])
    scale = np.sqrt(((x - shift) ** 2).mean(0))
    scale[scale <= 1e-12 * np.maximum(1.0, np.abs(shift))] = 1.0
    return shift, scale


# --- data ----------------------------------------------------------------------------------------------
@dataclass
class TabularData:
    x_train: torch.Tensor      # (m, p) float64 polynomial features in raw units (the model standardises)
    y_train: torch.Tensor      # (m,) float64 targets (linreg) or 0./1. labels (logreg)
    x_test: torch.Tensor
    y_test: torch.Tensor
    raw_train: np.ndarray      # (m, d) inputs before the expansion, for plots and predict-a-point
    raw_test: np.ndarray
    input_names: list[str]
    feature_names: list[str]
    shift: torch.Tensor        # the training set's standardisation (see `standardiser`)
    scale: torch.Tensor
    dataset_id: str
    lipschitz: float = 0.0     # L: largest curvature of the objective; gradient steps below 2/L are stable
    reference: dict = field(default_factory=dict)  # the demo's oracle results (numpy / scikit-learn)


def split_indices(n: int, test_share: float, labels: np.ndarray | None = None, seed: int = 0):
    """Fixed random (stratified when `labels` is given) train/test index split."""
    from sklearn.model_selection import train_test_split

    return train_test_split(np.arange(n), test_size=test_share, random_state=seed, stratify=labels)


def build_data(raw_train, y_train, raw_test, y_test, *, degree: int, input_names: list[str], dataset_id: str,
               center: bool = True, device="cpu") -> TabularData:
    raw_train, raw_test = np.asarray(raw_train, np.float64), np.asarray(raw_test, np.float64)
    check_size(raw_train.shape[1], degree, len(raw_train))
    x_train, x_test = polynomial_features(raw_train, degree), polynomial_features(raw_test, degree)
    shift, scale = standardiser(x_train, center)

    def tensor(a):
        return torch.as_tensor(np.asarray(a, np.float64)).to(device)

    return TabularData(tensor(x_train), tensor(y_train), tensor(x_test), tensor(y_test), raw_train, raw_test,
                       list(input_names), polynomial_names(list(input_names), degree), tensor(shift),
                       tensor(scale), dataset_id)


# --- the model -----------------------------------------------------------------------------------------
class LinearModel(nn.Module):
    """score(x) = w · (x − shift) / scale + b in float64, starting from θ = 0."""

    def __init__(self, n_features: int, intercept: bool = True):
        super().__init__()
        self.linear = nn.Linear(n_features, 1, bias=intercept, dtype=torch.float64)
        nn.init.zeros_(self.linear.weight)
        if intercept:
            nn.init.zeros_(self.linear.bias)
        self.register_buffer("shift", torch.zeros(n_features, dtype=torch.float64))
        self.register_buffer("scale", torch.ones(n_features, dtype=torch.float64))

    @property
    def intercept(self) -> bool:
        return self.linear.bias is not None

    def set_standardiser(self, shift: torch.Tensor, scale: torch.Tensor) -> None:
        with torch.no_grad():
            self.shift.copy_(shift)
            self.scale.copy_(scale)

    def design(self, x: torch.Tensor) -> torch.Tensor:
        """Z = [(x − shift)/scale, 1]: the standardised design matrix, intercept column last."""
        z = (x - self.shift) / self.scale
        return torch.cat([z, torch.ones_like(z[:, :1])], 1) if self.intercept else z

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear((x - self.shift) / self.scale).squeeze(-1)

    def theta(self) -> torch.Tensor:
        """[w, b] (standardised units), matching the columns of `design`."""
        parts = [self.linear.weight.detach()[0]] + ([self.linear.bias.detach()] if self.intercept else [])
        return torch.cat(parts)

    def set_theta(self, theta: torch.Tensor) -> None:
        with torch.no_grad():
            p = self.linear.weight.shape[1]
            self.linear.weight.copy_(theta[:p].reshape(1, p))
            if self.intercept:
                self.linear.bias.copy_(theta[p:])

    def penalty_mask(self) -> torch.Tensor:
        """1 for weights, 0 for the intercept: L2 never shrinks the intercept."""
        mask = torch.ones(len(self.theta()), dtype=torch.float64, device=self.shift.device)
        if self.intercept:
            mask[-1] = 0.0
        return mask

    def raw_coefficients(self) -> tuple[float, np.ndarray]:
        """(b, w) in the data's units: w_raw = w / scale, b_raw = b − Σ w_raw · shift."""
        w = (self.linear.weight.detach()[0] / self.scale).cpu().numpy()
        b = float(self.linear.bias.detach()[0]) if self.intercept else 0.0
        return b - float(w @ self.shift.cpu().numpy()), w


def l2_penalty(model: LinearModel, l2: float) -> torch.Tensor:
    return 0.5 * l2 * (model.linear.weight ** 2).sum()


def curvature_bound(data: TabularData, intercept: bool, factor: float, l2: float) -> float:
    """L = factor · λ_max(ZᵀZ/m) + λ for the standardised training design Z: the Hessian of both demos'
    objectives is at most this (factor 1 for squared error, 1/4 for cross-entropy, as σ' ≤ 1/4)."""
    model = LinearModel(data.x_train.shape[1], intercept)
    model.set_standardiser(data.shift.cpu(), data.scale.cpu())
    z = model.design(data.x_train.cpu())
    return factor * float(torch.linalg.eigvalsh(z.T @ z / len(z)).max()) + l2


# --- training --------------------------------------------------------------------------------------------
class Diverged(ValueError):
    """The loss blew up (infinite, or a million times its value at θ = 0): the step size is too large."""


def descend_epoch(model: LinearModel, optimizer, data: TabularData, cfg, ctx, objective, lr: float,
                  on_step=None) -> None:
    """One epoch of gradient descent on objective(model, x, y, l2): cfg.iters_per_epoch full-batch steps
    ('gd') or one shuffled pass over minibatches of cfg.batch_size ('sgd'). on_step(i) runs after step i."""
    model.train()
    x, y = data.x_train, data.y_train
    batches = ctx.batches(len(y), cfg.batch_size) if cfg.solver == "sgd" else [None] * cfg.iters_per_epoch
    for i, idx in enumerate(batches):
        xb, yb = (x, y) if idx is None else (x[idx], y[idx])
        ctx.set_lr(optimizer, lr, cfg.schedule)
        loss = objective(model, xb, yb, cfg.l2)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if on_step is not None:
            on_step(i)
        ctx.step_done(len(yb), loss)
    with torch.no_grad():
        start = LinearModel(x.shape[1], model.intercept).to(x.device)
        start.set_standardiser(model.shift, model.scale)
        loss, at_zero = float(objective(model, x, y, cfg.l2)), float(objective(start, x, y, cfg.l2))
    # Below 2/L every gd step lowers J, so J(θ) ≤ J(0); a million times J(0) means the steps overshoot.
    if not math.isfinite(loss) or loss > 1e6 * at_zero + 1e-12:
        raise Diverged(f"Gradient descent diverged in epoch {ctx.epoch}: the loss grew to {loss:.3g}, from "
                       f"{at_zero:.3g} at θ = 0. Use a learning rate below 2/L = {2 / data.lipschitz:.3g} "
                       f"(L = {data.lipschitz:.3g} is the loss's curvature), or tick 'auto lr' for 1/L.")


def fit_in_memory(demo, cfg, data: TabularData, model: nn.Module | None = None,
                  reporter: Reporter | None = None) -> tuple[nn.Module, list[dict]]:
    """Train with the demo's own functions on the CPU, without a run store: (model, metric records)."""
    reporter = reporter or Reporter()
    torch.manual_seed(cfg.seed)
    model = model if model is not None else demo.build_model(cfg)
    optimizer = demo.make_optimizer(model, cfg)
    steps = demo.steps_per_epoch(cfg, data)
    records: list[dict] = []
    ctx = TrainContext(torch.device("cpu"), cfg.seed, 0, 0, cfg.epochs * steps, reporter, records.append)
    reporter.on_start({"epoch": 0, "epochs": cfg.epochs, "device": "cpu", "step": 0, "total_steps": ctx.total_steps})
    train_seconds = 0.0
    for epoch in range(1, cfg.epochs + 1):
        ctx.epoch = epoch
        start = time.perf_counter()
        train_metrics = demo.train_epoch(model, optimizer, data, cfg, ctx)
        train_seconds += time.perf_counter() - start
        record = {"kind": "epoch", "epoch": epoch, "train_seconds": train_seconds, **train_metrics,
                  **demo.evaluate(model, data, cfg, ctx)}
        records.append(record)
        reporter.on_epoch(record)
    return model, records


# --- CSV uploads -------------------------------------------------------------------------------------------
class CsvError(ValueError):
    """An upload that cannot be used; the message is for the visitor."""


@dataclass
class Table:
    names: list[str]        # numeric columns, in file order
    values: np.ndarray      # float64 (rows, columns); NaN where a cell was missing
    skipped: list[str]      # non-numeric columns with an example, e.g. "city (text such as 'Paris')"
    delimiter: str


def _decode(data: bytes) -> str:
    if not data.strip():
        raise CsvError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise CsvError(f"The file is {len(data) / 2**20:.1f} MB; the limit is {MAX_BYTES / 2**20:.0f} MB.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data:
        raise CsvError("This is not UTF-8 text (it contains NUL bytes: a binary or UTF-16 file). "
                       "Save it as 'CSV UTF-8'.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CsvError(f"The file is not UTF-8 text (byte 0x{data[err.start]:02x} at position {err.start}). "
                       "Save it as 'CSV UTF-8'.") from None


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def parse_csv(data: bytes, min_columns: int = 2) -> Table:
    """Parse an uploaded CSV (comma, semicolon, tab or | separated; header row optional) with at least
    `min_columns` numeric columns (a regression needs a target and a feature)."""
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first.count)
    rows, line_numbers = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
                line_numbers.append(reader.line_num)
            if len(rows) > MAX_ROWS + 1:
                raise CsvError(f"The file has more than {MAX_ROWS:,} rows; upload a sample of it.")
    except csv.Error as err:
        raise CsvError(f"Line {reader.line_num} is not valid CSV ({err}).") from None
    width = len(rows[0])
    if width < min_columns:
        raise CsvError("Only one column was found (looked for comma, semicolon, tab and | separators); a "
                       "regression needs a target column and at least one feature column.")
    if width > MAX_COLUMNS:
        raise CsvError(f"The file has {width} columns; the limit is {MAX_COLUMNS}.")
    header = not all(_is_number(c) for c in rows[0])
    names = _column_names(rows[0] if header else [], width)
    body, body_lines = (rows[1:], line_numbers[1:]) if header else (rows, line_numbers)
    if not body:
        raise CsvError("The file has a header but no data rows.")
    if len(body) > MAX_ROWS:
        raise CsvError(f"The file has more than {MAX_ROWS:,} rows; upload a sample of it.")
    for row, line in zip(body, body_lines, strict=True):
        if len(row) != width:
            raise CsvError(f"Line {line} has {len(row)} fields but the first row has {width}; every row must "
                           f"have the same columns, separated by {delimiter!r}.")
    kept, columns, skipped = [], [], []
    for j, name in enumerate(names):
        cells = [row[j] for row in body]
        present = [c for c in cells if c.lower() not in MISSING]
        bad = next((c for c in present if not _is_number(c)), None)
        if bad is not None or not present:
            skipped.append(f"{name} (text such as {bad[:30]!r})" if bad is not None else f"{name} (empty)")
            continue
        kept.append(name)
        columns.append(np.array([float(c) if c.lower() not in MISSING else np.nan for c in cells]))
    if len(kept) < min_columns:
        hint = (" Numbers with decimal commas ('1,5') are not read as numbers: use decimal points."
                if any(re.search(r"'-?\d+,\d+'", s) for s in skipped) else "")
        raise CsvError(f"At least {min_columns} numeric column(s) are needed; found {len(kept)}"
                       + (f". Not numeric: {', '.join(skipped)}." if skipped else ".") + hint)
    return Table(kept, np.stack(columns, axis=1), skipped, delimiter)


def _column_names(header: list[str], width: int) -> list[str]:
    names, seen = [], set()
    for j in range(width):
        name = (header[j] if j < len(header) else "") or f"column {j + 1}"
        base, k = name, 2
        while name in seen:
            name, k = f"{base} ({k})", k + 1
        seen.add(name)
        names.append(name)
    return names


def select_columns(table: Table, target: str, features: list[str]) -> tuple[np.ndarray, np.ndarray, str]:
    """(X, y, note): the chosen columns, rows with a missing or infinite value in them dropped."""
    if target not in table.names or not features or any(f not in table.names for f in features):
        raise CsvError("Choose a target column and at least one feature column from the numeric columns.")
    if target in features:
        raise CsvError(f"{target!r} cannot be both the target and a feature.")
    values = table.values[:, [table.names.index(c) for c in [*features, target]]]
    finite = np.isfinite(values).all(1)
    if not finite.any():
        raise CsvError("No row has a finite number in every chosen column (missing, NaN or infinite values).")
    note = "" if finite.all() else (f"Dropped {int((~finite).sum()):,} of {len(values):,} rows with a missing, "
                                    "NaN or infinite value in the chosen columns.")
    values = values[finite]
    if len(values) < len(features) + 2:
        raise CsvError(f"Only {len(values)} usable rows for {len(features)} features: a fit with an intercept "
                       f"needs at least {len(features) + 2} rows.")
    return values[:, :-1], values[:, -1], note
