"""Linear regression: the normal equation, gradient descent and SGD on built-in data or an uploaded CSV."""

import dataclasses
import json

import numpy as np
import streamlit as st
import torch

from core import linreg
from core.config import ConfigError, config_to_dict, make_config
from core.plots import learning_curves
from core.registry import get_demo
from core.tabular import CsvError, Diverged, fit_in_memory, parse_csv, select_columns, split_indices
from core.ui import classic
from core.ui.config_form import config_form
from core.ui.i18n import current_language, error_text, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("linreg")

UPLOAD_FIELDS = ["degree", "intercept", "l2", "solver", "lr", "auto_lr", "momentum", "batch_size", "iters_per_epoch",
                 "epochs", "schedule"]
MAX_UPLOAD_STEPS = 20_000  # in-page fits run in the visitor's script; bigger ones belong to the CLI

demo = get_demo("linreg")
manager = run_manager()
st.title(t("Linear regression"))
st.write(t("Fit y ≈ θᵀx by least squares. The **normal equation** solves it in one step; **gradient descent** "
           "walks downhill on the loss surface; **SGD** does the same with noisy minibatch steps. Pick data in the "
           "sidebar (or upload a CSV), press **Train**, and watch θ approach the exact answer."))


def one_solve(cfg):
    """The normal equation is one exact solve: more epochs would repeat it, so they are fixed to 1."""
    return dataclasses.replace(cfg, epochs=1) if cfg.solver == "normal" else cfg


def show_fit(cfg, data, model, records) -> None:
    """The data with the fitted curve (or predicted vs actual), and for two parameters the loss surface."""
    left, right = st.columns(2)
    with left:
        if data.raw_train.shape[1] == 1:
            grid = np.linspace(min(data.raw_train.min(), data.raw_test.min()),
                               max(data.raw_train.max(), data.raw_test.max()), 300)
            curve = demo.predict(model, grid[:, None], cfg) if model is not None else None
            fig = classic.fit_figure(data.raw_train[:, 0], data.y_train.numpy(), data.raw_test[:, 0],
                                     data.y_test.numpy(), grid if model is not None else None, curve,
                                     data.input_names[0])
        elif model is not None:
            with torch.no_grad():
                fig = classic.parity_figure(data.y_train.numpy(), model(data.x_train).numpy(), data.y_test.numpy(),
                                            model(data.x_test).numpy())
        else:
            fig = None
            st.caption(t("The predicted-vs-actual chart appears after the first epoch."))
        if fig is not None:
            show_chart(fig, key="linreg-fit")
    path = [p for r in classic.epoch_records(records) for p in r.get("path", [])]
    if data.x_train.shape[1] + cfg.intercept == 2:
        names = ((t("intercept b"), t("slope w ({feature})", feature=data.feature_names[0])) if cfg.intercept
                 else tuple(data.feature_names))
        q, c, d = linreg.loss_quadratic(data, cfg)
        with right:
            show_chart(classic.loss_surface_figure(q, c, d, [[0.0, 0.0], *path], names), key="linreg-surface")
            st.caption(t("The loss J over the two parameters (data units) and the path of θ from θ = 0; the star is "
                         "numpy's least-squares θ*."))


def show_results(cfg, data, model, final: dict, train_seconds: float) -> None:
    cols = st.columns(4)
    cols[0].metric(t("Test R²"), f"{final.get('test_r2', float('nan')):.4f}")
    cols[1].metric(t("Test RMSE"), f"{final.get('test_rmse', float('nan')):.4g}")
    cols[2].metric("‖θ − θ*‖ / ‖θ*‖", f"{final['rel_err']:.2e}" if "rel_err" in final else t("θ* not unique"),
                   help=t("Distance to numpy.linalg.lstsq's minimiser of the same objective."))
    cols[3].metric(t("Time: closed form / {solver}", solver=cfg.solver),
                   f"{data.reference['closed_form_seconds'] * 1000:.1f} ms / {train_seconds:.2f} s",
                   help=t("One lstsq solve, timed when the data were prepared, against this run's training time."))
    b, w = model.raw_coefficients()
    star = data.reference.get("theta_star")
    rows = ([t("intercept")] if cfg.intercept else []) + data.feature_names
    ours = ([b] if cfg.intercept else []) + w.tolist()
    table = {t("parameter"): rows[:200], t("this fit"): ours[:200]}
    if star is not None:
        table[t("numpy lstsq θ*")] = star.tolist()[:200]
    coef_col, resid_col = st.columns([2, 3])
    coef_col.dataframe(table, hide_index=True)
    with torch.no_grad():
        p_train, p_test = model(data.x_train).numpy(), model(data.x_test).numpy()
    show_chart(classic.residual_figure(p_train, data.y_train.numpy() - p_train, p_test, data.y_test.numpy() - p_test),
               key="linreg-residuals", where=resid_col)


def built_in() -> None:
    with st.sidebar:
        st.header(t("Settings"))
        cfg = config_form(demo)
    if cfg is None:
        return
    cfg = one_solve(cfg)
    try:
        key = manager.key_for(demo, cfg)
        data = classic.cached_data(demo, cfg)
    except ConfigError as err:
        st.error(error_text(err))
        return
    st.caption(t("Curvature L = λ_max(ZᵀZ/m) + λ = {curvature}: gradient descent converges for step sizes below "
                 "2/L = {limit}; 'auto lr' uses 1/L = {auto}.", curvature=f"{data.lipschitz:.4g}",
                 limit=f"{2 / data.lipschitz:.4g}", auto=f"{1 / data.lipschitz:.4g}"))
    snap = run_panel(demo, cfg, key, manager)

    def draw() -> None:
        show_fit(cfg, data, classic.latest_model(manager.store, demo, cfg, key), manager.snapshot(key)["metrics"])

    classic.live(key, draw)
    if snap["status"] == "done":
        model = classic.latest_model(manager.store, demo, cfg, key)
        if model is None:
            st.warning(t("The run's weights could not be read (missing or failing their checksum); retrain it."))
            return
        show_results(cfg, data, model, snap["meta"].get("final", {}), snap["meta"].get("train_seconds", 0.0))


def parsed_upload(upload):
    """The parsed table, kept in this session's memory for the current file only (never on disk)."""
    cached = st.session_state.get("linreg-table")
    if cached is None or cached[0] != upload.file_id:
        st.session_state["linreg-table"] = (upload.file_id, parse_csv(upload.getvalue()))
    return st.session_state["linreg-table"][1]


def uploaded() -> None:
    upload = st.file_uploader(t("A CSV file: UTF-8, comma, semicolon or tab separated, header row optional; up to "
                                "10 MB and 200,000 rows. It stays in memory and is never saved."),
                              type=["csv", "tsv", "txt"], key="linreg-upload")
    if upload is None:
        st.info(t("Upload a CSV, then choose the target column and the feature columns."))
        return
    try:
        table = parsed_upload(upload)
    except CsvError as err:
        st.error(t("This file cannot be used: {error}", error=error_text(err)))
        return
    if table.skipped:
        st.caption(t("Left out (not numeric): {columns}", columns=", ".join(table.skipped)))
    st.dataframe({name: table.values[:5, j] for j, name in enumerate(table.names)}, hide_index=True)
    target = st.selectbox(t("Target column (y)"), table.names, index=len(table.names) - 1, key="linreg-target")
    others = [n for n in table.names if n != target]
    features = st.multiselect(t("Feature columns (x)"), others, default=others[:10], key="linreg-features")
    with st.sidebar:
        st.header(t("Settings"))
        values = classic.settings(demo, UPLOAD_FIELDS, "linreg-upload")
    try:
        cfg = one_solve(make_config(linreg.LinregConfig, values))
        x, y, note = select_columns(table, target, features)
        if note:
            st.warning(note)
        train, test = split_indices(len(y), 0.2) if len(y) >= 20 else (np.arange(len(y)),) * 2
        data = linreg.prepare(cfg, x[train], y[train], x[test], y[test], features, source="upload")
    except (ConfigError, CsvError) as err:
        st.error(error_text(err))
        return
    if len(y) < 20:
        st.caption(t("Fewer than 20 rows: no test split, the test figures are on the training rows."))
    steps = demo.steps_per_epoch(cfg, data) * cfg.epochs
    if steps > MAX_UPLOAD_STEPS:
        st.error(t("These settings take {steps} steps; in the page the limit is {limit}. Lower the epochs or raise "
                   "the batch size, or use the normal equation.", steps=f"{steps:,}", limit=f"{MAX_UPLOAD_STEPS:,}"))
        return
    signature = json.dumps([upload.file_id, target, features, config_to_dict(cfg)])
    result = st.session_state.get("linreg-fit")
    if cfg.solver == "normal" or st.button(t("Fit"), type="primary", key="linreg-fit-button"):
        bar = st.progress(0.0, text=t("fitting"))
        try:
            model, records = fit_in_memory(demo, cfg, data, linreg.build_model(cfg, data.x_train.shape[1]),
                                           classic.ProgressReporter(bar))
        except Diverged as err:
            st.error(error_text(err))
            return
        bar.empty()
        result = (signature, model, records)
        st.session_state["linreg-fit"] = result
    if result is None or result[0] != signature:
        st.caption(t("Press Fit to run gradient descent on these columns."))
        return
    _, model, records = result
    show_chart(learning_curves(records, cfg.epochs, current_language()), key="linreg-upload-curves")
    show_fit(cfg, data, model, records)
    final = {k: v for k, v in classic.epoch_records(records)[-1].items() if isinstance(v, (int, float))}
    show_results(cfg, data, model, final, final["train_seconds"])


with st.sidebar:
    sources = {"Built-in datasets": t("Built-in datasets"), "Upload a CSV": t("Upload a CSV")}
    source = st.radio(t("Data"), list(sources), format_func=sources.get, key="linreg-source", horizontal=True)
if source == "Built-in datasets":
    built_in()
else:
    uploaded()

with st.expander(t("The math: least squares, the normal equation and gradient descent"), expanded=False):
    st.markdown(t("With m examples as rows of X (a column of 1s for the intercept) and targets y, least squares "
                  "minimises"))
    st.latex(r"J(\theta) = \frac{1}{2m}\sum_{i=1}^{m}\left(\theta^\top x_i - y_i\right)^2"
             r" = \frac{1}{2m}\lVert X\theta - y\rVert^2")
    st.markdown(t("Its gradient is zero at the minimum, which gives the **normal equation**:"))
    st.latex(r"\nabla J = \frac{1}{m}X^\top(X\theta - y) = 0 \;\Longrightarrow\; X^\top X\,\theta = X^\top y"
             r" \;\Longrightarrow\; \theta = (X^\top X)^{-1}X^\top y")
    st.markdown(t("The app never forms that inverse. It calls `torch.linalg.lstsq`, which factorises X itself "
                  "(SVD): forming XᵀX squares the condition number, κ(XᵀX) = κ(X)², so half the significant digits "
                  "are lost, and when columns are collinear XᵀX is singular, where `inv` fails or returns garbage "
                  "while lstsq returns the minimum-norm solution. Ridge adds λ/2·‖w‖² (features standardised, "
                  "intercept free):"))
    st.latex(r"\theta = \left(X^\top X + \lambda m E\right)^{-1}X^\top y"
             r"\quad\text{computed as lstsq of}\quad \begin{bmatrix}X\\ \sqrt{\lambda m}\,E\end{bmatrix}\theta"
             r" \approx \begin{bmatrix}y\\ 0\end{bmatrix}")
    st.markdown(t("**Gradient descent** takes steps against the gradient; SGD uses a random minibatch B instead "
                  "of all m rows:"))
    st.latex(r"\theta \leftarrow \theta - \alpha\,\frac{1}{m}X^\top(X\theta - y)"
             r"\qquad\text{converges for}\; 0 < \alpha < \frac{2}{L},"
             r"\; L = \lambda_{\max}\!\left(\tfrac{1}{m}X^\top X\right)")
    st.markdown(t("Features are standardised first (mean 0, standard deviation 1): that makes L about 1 and the "
                  "bowl round, so one step size suits every direction. θ is reported back in the data's units."))

def vector(values, digits: int) -> str:
    return "[" + ", ".join(f"{v:.{digits}f}" for v in values) + "]"


seed = linreg.seed_example()
classic.seed_box([
    (t("Worked example"), "X = [[1, 2], [2, 3], [3, 4]], y = [3, 5, 7]", t("the same data, no intercept column")),
    ("θ", vector(seed["seed_theta"], 2), vector(seed["theta"], 6) + " (lstsq)"),
    ("Xθ", vector(seed["seed_pred"], 2), vector(seed["pred"], 6)),
    (t("Σ residual²"), f"{seed['seed_sse']:.2f}",
     t("{sse}: zero up to rounding (y = x₁ + x₂ exactly)", sse=f"{seed['sse']:.1e}")),
    (t("How"), "θ = (XᵀX)⁻¹Xᵀy", t("lstsq on X (κ(XᵀX) = {condition}). With an intercept column XᵀX is singular "
                                  "(κ = {singular}): {inverse}; lstsq still fits.",
                                  condition=f"{seed['cond_xtx']:.0f}", singular=f"{seed['cond_with_intercept']:.1e}",
                                  inverse=seed["inv_with_intercept"])),
], t("The article's formula is right but its printed θ is not the least-squares solution: θ = [1, 1] fits all three "
     "points exactly, while [0.30, 1.40] leaves a squared error of 0.30."))
