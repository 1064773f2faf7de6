"""Seed article vs measured: each of the seed's claims, what this app measured (cached runs or a live
recomputation), and the published anchors that put it in context."""

import streamlit as st

from core.claims import CLAIMS, measured, recomputed
from core.registry import DEMOS
from core.ui.i18n import metric_label, t
from core.ui.resources import run_manager
from core.ui.shell import ensure_shell

ensure_shell("claims")

st.title(t("Seed article vs measured"))
st.write(t("The article this app grew from makes strong claims. Here each one stands beside what this app measured "
           "on this server, from the runs in its cache or recomputed live, and beside published results."))

store = run_manager().store
METRIC_FORMAT = {"test_acc": "{:.2%}", "mean_max_prob": "{:.2f}", "class_entropy": "{:.2f}",
                 "test_bleu": "{:.1f}", "fid": "{:.2f}", "fid_real": "{:.2f}"}

for claim in CLAIMS:
    with st.container(border=True):
        st.subheader(t(claim.topic))
        seed_col, measured_col = st.columns(2)
        seed_col.markdown(f"**{t('The seed article says')}**")
        seed_col.write(t(claim.seed_says))
        measured_col.markdown(f"**{t('Measured here')}**")
        live = recomputed(claim)
        if live is not None and claim.key == "linreg":
            measured_col.write(t("Least squares gives θ = {theta} with squared error {sse:.1e}; the printed θ has "
                                 "squared error {seed_sse:.2f}.", **live))
        elif live is not None:
            measured_col.write(t("A 3x32x32 input gives {shape} = {features} features after the pooling; the "
                                 "first linear layer takes {fc1_inputs}.",
                                 shape="x".join(map(str, live["shape"])), features=f"{live['features']:,}",
                                 fc1_inputs=f"{live['fc1_inputs']:,}"))
        else:
            best = measured(store, claim)
            demo = DEMOS.get(claim.demo)
            if best is None:
                conditions = ", ".join(f"{name} = {value}" for name, value in claim.where.items())
                measured_col.info(t("No finished run yet. Train one on the {title} page{conditions} and its result "
                                    "appears here.", title=t(demo.title) if demo else claim.demo,
                                    conditions=f" ({conditions})" if conditions else ""))
            else:
                metrics = measured_col.columns(len(best["values"]))
                for column, (name, value) in zip(metrics, best["values"].items(), strict=True):
                    column.metric(metric_label(name), METRIC_FORMAT.get(name, "{:.4g}").format(value))
                measured_col.caption(t("Best of the cached runs: run {key}.", key=best["key"]))
            if demo is not None:
                measured_col.page_link(demo.page, label=t("Open {title}", title=t(demo.title)),
                                       icon=":material/arrow_forward:")
        st.caption(t(claim.anchor))
