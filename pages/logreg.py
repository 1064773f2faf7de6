"""Logistic regression: gradient descent, SGD or Newton's method, a live decision boundary, ROC and predictions."""

import json

import numpy as np
import streamlit as st

from core import logreg
from core.config import ConfigError, config_to_dict
from core.plots import confusion_matrix
from core.registry import get_demo
from core.store import DamagedRun
from core.ui import classic
from core.ui.config_form import config_form
from core.ui.i18n import current_language, error_text, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("logreg")

demo = get_demo("logreg")
manager = run_manager()
st.title(t("Logistic regression"))
st.write(t("Two classes, one linear score θᵀx squashed by the sigmoid into a probability. Polynomial features bend "
           "the boundary; L2 keeps the weights finite. Press **Train** and watch the boundary move epoch by epoch."))


@st.cache_resource(max_entries=8, show_spinner=False)
def seed_numbers(config_json: str, _data, l2: float) -> dict:
    return logreg.seed_comparison(_data, l2)


def boundary(cfg, data, key: str, point) -> None:
    """Decision boundary over the 2-D inputs (or, for more inputs, the predicted probabilities)."""
    model = classic.latest_model(manager.store, demo, cfg, key)
    classes = logreg.class_names(cfg)
    if data.raw_train.shape[1] == 2:
        gx, gy, grid = classic.boundary_grid(np.vstack([data.raw_train, data.raw_test]))
        probs = demo.predict(model, grid, cfg) if model is not None else None
        show_chart(classic.boundary_figure(gx, gy, probs, data.raw_train, data.y_train.numpy(), data.raw_test,
                                           data.y_test.numpy(), classes, point), key="logreg-boundary")
        if model is None:
            st.caption(t("The decision boundary (P = 0.5) appears when the first epoch is done."))
    elif model is not None:
        probs = demo.predict(model, data.raw_test, cfg)
        show_chart(classic.probability_figure(probs, data.y_test.numpy(), classes), key="logreg-probs")
        st.caption(t("{inputs} inputs have no 2-D picture: the predicted probabilities of the test set, by true "
                     "class. A good model pushes the two colours to opposite ends.", inputs=data.raw_train.shape[1]))
    else:
        st.caption(t("The predicted probabilities appear when the first epoch is done."))


def predict_point(cfg, data, model):
    """Number inputs for a point (2-D sets) or a test example (breast cancer); returns the 2-D point."""
    classes = logreg.class_names(cfg)
    if data.raw_train.shape[1] == 2:
        lo, hi = data.raw_train.min(0), data.raw_train.max(0)
        x1 = st.number_input("x1", value=float(round((lo[0] + hi[0]) / 2, 2)), step=0.1, format="%.3f", key="logreg-x1")
        x2 = st.number_input("x2", value=float(round((lo[1] + hi[1]) / 2, 2)), step=0.1, format="%.3f", key="logreg-x2")
        point, truth = (x1, x2), None
    else:
        index = st.number_input(t("Test example #"), 0, len(data.raw_test) - 1, 0, key="logreg-example")
        point, truth = data.raw_test[index], classes[int(data.y_test[index] > 0.5)]
    p = float(demo.predict(model, np.asarray(point)[None], cfg)[0])
    st.metric(f"P({classes[1]})", f"{p:.1%}")
    st.markdown(t("Predicted class: **{label}**", label=classes[int(p >= 0.5)])
                + (" " + t("(true class: {label})", label=truth) if truth else ""))
    return point if truth is None else None


def results(key: str, final: dict) -> None:
    cols = st.columns(4)
    cols[0].metric(t("Test accuracy"), f"{final.get('test_acc', 0):.2%}")
    cols[1].metric(t("Test ROC AUC"), f"{final.get('test_auc', float('nan')):.4f}")
    cols[2].metric(t("Test cross-entropy"), f"{final.get('test_loss', float('nan')):.4f}")
    if "sklearn_test_acc" in final:
        cols[3].metric(t("scikit-learn, same objective"), f"{final['sklearn_test_acc']:.2%}",
                       delta=t("gap {gap}", gap=f"{final['acc_gap']:.2%}"), delta_color="off", delta_arrow="off",
                       help=t("LogisticRegression(C = 1/(λm)) on the same standardised features and split."))
    else:
        cols[3].caption(t("With λ = 0 there is no unique optimum on separable data, so no scikit-learn comparison."))
    try:
        summary, _ = manager.store.read_report(key)
    except DamagedRun as err:
        st.warning(t("The run's report could not be read ({error}).", error=error_text(err)))
        return
    roc_col, cm_col = st.columns(2)
    roc_col.subheader(t("ROC curve (test set)"))
    show_chart(classic.roc_figure(summary["roc_fpr"], summary["roc_tpr"], summary["auc"]), key="logreg-roc",
               where=roc_col)
    cm_col.subheader(t("Confusion matrix (test set)"))
    show_chart(confusion_matrix(summary["confusion"], summary["classes"], current_language()), key="logreg-cm",
               where=cm_col)


with st.sidebar:
    st.header(t("Settings"))
    cfg = config_form(demo)
data = None
if cfg is not None:
    try:
        key = manager.key_for(demo, cfg)
        data = classic.cached_data(demo, cfg)
    except ConfigError as err:
        st.error(error_text(err))
if data is not None:
    st.caption(t("Curvature bound L = λ_max(ZᵀZ/m)/4 + λ = {curvature}: gradient descent is safe for step sizes "
                 "below 2/L = {limit}; 'auto lr' uses 1/L = {auto}. {features} features, {train} training and "
                 "{test} test examples.", curvature=f"{data.lipschitz:.4g}", limit=f"{2 / data.lipschitz:.4g}",
                 auto=f"{1 / data.lipschitz:.4g}", features=data.x_train.shape[1], train=len(data.y_train),
                 test=len(data.y_test)))
    snap = run_panel(demo, cfg, key, manager)
    model = classic.latest_model(manager.store, demo, cfg, key) if snap["status"] == "done" else None
    point = None
    if model is not None:
        plot_col, predict_col = st.columns([3, 1])
        with predict_col:
            st.subheader(t("Predict"))
            point = predict_point(cfg, data, model)
    else:
        plot_col = st.container()
    with plot_col:
        classic.live(key, lambda: boundary(cfg, data, key, point))
    if model is not None:
        results(key, snap["meta"].get("final", {}))

with st.expander(t("The math: cross-entropy, its gradient, and why there is no closed form"), expanded=False):
    st.latex(r"h_\theta(x) = \sigma(\theta^\top x) = \frac{1}{1 + e^{-\theta^\top x}}")
    st.markdown(t("The cost is the **negative** log-likelihood (the minus sign makes it ≥ 0 and minimisable), "
                  "plus L2 on the weights (not on the intercept):"))
    st.latex(r"J(\theta) = -\frac{1}{m}\sum_{i=1}^{m}\Big[y_i \log h_\theta(x_i) + (1 - y_i)\log\big(1 - "
             r"h_\theta(x_i)\big)\Big] + \frac{\lambda}{2}\lVert w\rVert^2")
    st.markdown(t("Because σ′ = σ(1 − σ), the gradient has the same shape as least squares':"))
    st.latex(r"\nabla J(\theta) = \frac{1}{m}X^\top\big(h_\theta(X) - y\big) + \lambda w")
    st.markdown(t("**Why no closed form.** Setting the gradient to zero gives"))
    st.latex(r"\sum_{i=1}^{m}\big(\sigma(\theta^\top x_i) - y_i\big)\,x_i = -m\lambda w")
    st.markdown(t("θ sits inside the sigmoid inside the sum, so this is a nonlinear system with no algebraic "
                  "solution (and with λ = 0 on separable data no finite minimiser exists at all). J is convex, so "
                  "iterating downhill finds its minimum: gradient descent θ ← θ − α∇J, or Newton's method, which uses "
                  "the curvature and converges in a handful of steps:"))
    st.latex(r"H = \frac{1}{m}X^\top \operatorname{diag}\big(h(1-h)\big)X + \lambda E,\qquad "
             r"\theta \leftarrow \theta - H^{-1}\nabla J(\theta)")
    st.markdown(t("The ROC curve plots the true-positive rate against the false-positive rate as the threshold on "
                  "P(class 1) sweeps from 1 to 0; its area (AUC) is the chance that a random positive scores above "
                  "a random negative."))

seed_data, seed_cfg = (data, cfg) if data is not None else (classic.cached_data(demo, demo.config()), demo.config())
numbers = seed_numbers(json.dumps(config_to_dict(seed_cfg), sort_keys=True), seed_data, seed_cfg.l2)
ne, ne_half = numbers["normal_equation"], numbers["normal_equation_at_half"]
flipped, good = numbers["seed_cost"], numbers["logistic"]
classic.seed_box([
    (t("Cost"), r"$J = \frac{1}{m}\sum [y\log h + (1-y)\log(1-h)]$ " + t("(no minus sign)"),
     r"$J = -\frac{1}{m}\sum [y\log h + (1-y)\log(1-h)]$"),
    (t("Minimising it"),
     t("{steps} gradient steps on the article's cost: test accuracy **{accuracy}**, cost {cost} and still falling "
       "(it is unbounded below)", steps=numbers["steps"], accuracy=f"{flipped['acc']:.0%}",
       cost=f"{flipped['cost']:.3g}"),
     t("Newton's method on the correct cost: test accuracy **{accuracy}**, cross-entropy {loss}",
       accuracy=f"{good['acc']:.0%}", loss=f"{good['loss']:.3f}")),
    (t("Solver"),
     t("the normal equation on the 0/1 labels, read through σ: test accuracy **{accuracy}**, cross-entropy {loss} "
       "(as a line cut at 0.5: {cut_accuracy})", accuracy=f"{ne['acc']:.0%}", loss=f"{ne['loss']:.3f}",
       cut_accuracy=f"{ne_half['acc']:.0%}"),
     t("iterative minimisation (gd, sgd, newton): the logistic θ has no closed form")),
], t("Without its minus sign the cost rewards confident wrong answers, so minimising it learns the labels backwards. "
     "The normal equation fits a straight line to 0/1 labels: that is least squares, not logistic regression. "
     "Numbers computed on the {dataset} data with the current degree.", dataset=seed_cfg.dataset))
