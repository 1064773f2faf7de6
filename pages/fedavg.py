"""Federated learning: split the digits among simulated clients, watch FedAvg's global accuracy round by round
against centralised, IID and non-IID runs, see what clipping plus noise costs, then try the global model."""

import json

import numpy as np
import streamlit as st

from core import fedavg
from core.datasets import DIGIT_CLASSES, DatasetUnavailable, default_data_dir, default_digit_dataset, load_digit_dataset
from core.fed_partition import label_counts
from core.fed_plots import accuracy_by_round_figure, accuracy_curve, label_distribution_figure
from core.manager import ACTIVE
from core.registry import get_demo
from core.ui import classic
from core.ui.classifier_results import show_results
from core.ui.config_form import settings_and_key
from core.ui.digit_prediction import digit_prediction
from core.ui.i18n import current_language, error_text, field_label, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("fedavg")

demo = get_demo("fedavg")
manager = run_manager()
st.title(t("Federated learning"))
st.write(t("Hospitals, phones or banks each hold some of the digits and never send them anywhere. Each round "
           "the server sends the global model to some clients, each trains it on its own data for a few local "
           "epochs, and the server averages what comes back, weighted by how many examples each client holds "
           "(FedAvg, McMahan et al. 2017)."))

cfg, _ = settings_and_key(demo, manager, {"dataset": default_digit_dataset(default_data_dir())})
ignored = fedavg.irrelevant_fields(cfg)
cfg = fedavg.canonical(cfg)  # fields that cannot change the result take their defaults: one run key per result
key = manager.key_for(demo, cfg)
if ignored:
    st.sidebar.caption(t("Not used with these settings: {names}.", names=", ".join(field_label(n) for n in ignored)))


@st.cache_resource(max_entries=16, show_spinner=False)
def split_counts(split_json: str, _cfg, data_dir: str) -> np.ndarray:
    """Examples per label per client for one split (the labels and the split only, no training)."""
    labels = load_digit_dataset(_cfg.dataset, data_dir).train_y
    return label_counts(labels, fedavg.client_parts(_cfg, labels), len(DIGIT_CLASSES))


st.header(t("How the data is split"))
if cfg.mode == "centralised":
    st.caption(t("Centralised training pools every example on one machine; there are no clients to show. Each "
                 "round it trains on a random share of the pool equal to the client fraction, for the same number "
                 "of local epochs, so a round costs as much as a federated one."))
else:
    split_fields = {name: getattr(cfg, name) for name in fedavg.SPLIT_FIELDS}
    try:
        counts = split_counts(json.dumps(split_fields, sort_keys=True), cfg, manager.data_dir)
    except (DatasetUnavailable, ValueError) as err:
        st.error(error_text(err))
        st.stop()
    show_chart(label_distribution_figure(counts, DIGIT_CLASSES, current_language()), key="fedavg-labels")
    sizes = counts.sum(1)
    st.caption(t("{k} clients hold {low} to {high} examples each; {m} of them train in each round. Bars dominated "
                 "by one or two colours are clients that have seen only a few digits.", k=len(sizes),
                 low=int(sizes.min()), high=int(sizes.max()), m=fedavg.clients_per_round(cfg)))

snap = run_panel(demo, cfg, key, manager)

st.header(t("Global accuracy per round"))
st.write(t("The same network and settings, trained centralised on pooled data, federated on an IID split and "
           "federated on a non-IID split. Runs appear here once they have been trained (or while they train)."))
comparisons = fedavg.comparison_configs(cfg)
comparison_keys = {label: manager.key_for(demo, other) for label, other in comparisons.items()}
missing = [label for label, other_key in comparison_keys.items()
           if other_key != key and manager.snapshot(other_key)["status"] in ("missing", "stopped", "failed")]
if missing:
    columns = st.columns(len(missing))
    for column, label in zip(columns, missing, strict=True):
        if column.button(t("Train: {run}", run=t(label)), key=f"fedavg-compare-{label}"):
            manager.request(demo, comparisons[label])
            st.rerun()


def accuracy_rows() -> list[dict]:
    """This run and every comparison run that has records: label, key and snapshot."""
    rows = [{"label": "this run", "key": key, "snap": manager.snapshot(key)}]
    for label, other_key in comparison_keys.items():
        if other_key != key:
            rows.append({"label": label, "key": other_key, "snap": manager.snapshot(other_key)})
    return [row for row in rows if accuracy_curve(row["snap"]["metrics"])]


def draw_accuracy() -> None:
    rows = accuracy_rows()
    if not rows:
        st.caption(t("No round has finished yet."))
        return
    curves = {row["label"]: accuracy_curve(row["snap"]["metrics"]) for row in rows}
    show_chart(accuracy_by_round_figure(curves, fedavg.TARGET_ACC, cfg.epochs, current_language()),
               key="fedavg-rounds")
    table = []
    for row in rows:
        last = [r for r in row["snap"]["metrics"] if r.get("kind") == "epoch"][-1]
        reached = last.get("rounds_to_target", 0)
        table.append({t("run"): t(row["label"]), t("status"): t(row["snap"]["status"]),
                      t("rounds done"): last["epoch"], t("test accuracy"): f"{last['test_acc']:.2%}",
                      t("rounds to {target}", target=f"{fedavg.TARGET_ACC:.1%}"):
                          str(reached) if reached else t("not reached"),
                      t("training seconds"): round(last["train_seconds"], 1)})
    st.dataframe(table, hide_index=True, key="fedavg-rounds-table")


watched = next((k for k in [key, *comparison_keys.values()] if manager.snapshot(k)["status"] in ACTIVE), key)
classic.live(watched, draw_accuracy)

st.header(t("Privacy: clipping and noise"))
if cfg.mode == "centralised":
    st.caption(t("Clipping and noise apply to client updates; switch mode to federated to use them."))
elif cfg.clip_norm == 0:
    st.caption(t("Off. Set a clip norm (and a noise multiplier) in the sidebar: every client's update is then "
                 "clipped to that length, clients count equally, and Gaussian noise is added to their average, so "
                 "no single client can move the model far. The cost shows here as lost accuracy."))
else:
    noise_std = cfg.noise_multiplier * cfg.clip_norm / fedavg.clients_per_round(cfg)
    st.write(t("Each update is clipped to L2 norm {clip}; the average of {m} updates gets Gaussian noise with "
               "standard deviation {std} per weight. With only {m} clients per round, noise that hides one client "
               "is large next to the update itself; real deployments average thousands of clients per round. No "
               "privacy budget (epsilon) is computed here.",
               clip=f"{cfg.clip_norm:g}", m=fedavg.clients_per_round(cfg), std=f"{noise_std:.4g}"))
    plain = manager.snapshot(comparison_keys["without clipping or noise"])
    if snap["status"] == "done" and plain["status"] == "done":
        private_acc, plain_acc = snap["meta"]["final"]["test_acc"], plain["meta"]["final"]["test_acc"]
        cols = st.columns(3)
        cols[0].metric(t("Without clipping or noise"), f"{plain_acc:.2%}")
        cols[1].metric(t("With them"), f"{private_acc:.2%}")
        cols[2].metric(t("Accuracy cost"), f"{plain_acc - private_acc:+.2%}",
                       help=t("Test accuracy after the last round: without minus with clipping and noise."))
    else:
        st.caption(t("The accuracy cost appears when this run and the run without clipping or noise are both done."))

if snap["status"] != "done":
    st.stop()
st.header(t("The global model after the last round"))
show_results(snap, manager.store, key)

st.header(t("Try the global model"))
digit_prediction(demo, cfg, key, manager.store, "fedavg")
