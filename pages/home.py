"""Home: the concept map (click a node to open its demo) and a card per demo with its best cached result."""

from pathlib import Path

import streamlit as st

from core.concept_map import CONCEPTS, concept_map_figure
from core.registry import DEMOS
from core.ui.i18n import metric_label, t
from core.ui.presentation import show_chart
from core.ui.resources import run_manager
from core.ui.shell import ensure_shell

ensure_shell("home")

st.title(t("Deep learning, live"))
st.write(t("Real PyTorch on real data, in your browser. Pick a model, tune its settings, start a training run and "
           "watch the metrics arrive live; then feed the trained model your own input. Finished runs are cached, "
           "so a second visitor asking for the same settings gets the result instantly."))

available = {name: demo for name, demo in DEMOS.items() if Path(demo.page).is_file()}

st.subheader(t("The map"))
st.caption(t("Deep learning and the ideas that branch from it. Click a blue node to open its demo."))
labels = {concept.label: t(concept.label) for concept in CONCEPTS}
event = show_chart(concept_map_figure(labels, set(available)), key="concept-map", on_select="rerun",
                   selection_mode="points", config={"displayModeBar": False})
chosen = [point.get("customdata") for point in (event.selection.points if event else [])]
if chosen and chosen[0] in available:
    st.switch_page(available[chosen[0]].page)

store = run_manager().store
best: dict[str, float] = {}
for key in store.keys():
    demo = DEMOS.get((store.read_config(key) or {}).get("demo"))
    meta = store.read_meta(key) or {}
    value = (meta.get("final") or {}).get(demo.monitor) if demo else None
    if meta.get("status") == "done" and isinstance(value, (int, float)):
        better = min if demo.monitor_lower_is_better else max
        best[demo.name] = better(best.get(demo.name, value), value)

st.subheader(t("The demos"))
columns = st.columns(3)
for i, demo in enumerate(available.values()):
    with columns[i % 3].container(border=True):
        st.markdown(f"**{t(demo.title)}**")
        st.write(t(demo.summary))
        if demo.name in best:
            value = f"{best[demo.name]:.2%}" if demo.monitor.endswith("_acc") else f"{best[demo.name]:.4g}"
            st.metric(t("Best cached result ({metric})", metric=metric_label(demo.monitor)), value)
        else:
            st.caption(t("No finished run yet."))
        st.page_link(demo.page, label=t("Open"), icon=":material/arrow_forward:")
