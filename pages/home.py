"""Home: what the app is, and a card per available demo with its best cached result."""

import streamlit as st

from core.registry import DEMOS
from core.ui.resources import run_manager
from core.ui.shell import ensure_shell

ensure_shell("home")

st.title("Deep learning, live")
st.write("Real PyTorch on real data, in your browser. Pick a model, tune its settings, start a training run and "
         "watch the metrics arrive live; then feed the trained model your own input. Finished runs are cached, "
         "so a second visitor asking for the same settings gets the result instantly.")

store = run_manager().store
best: dict[str, float] = {}
for key in store.keys():
    demo = DEMOS.get((store.read_config(key) or {}).get("demo"))
    meta = store.read_meta(key) or {}
    value = (meta.get("final") or {}).get(demo.monitor) if demo else None
    if meta.get("status") == "done" and isinstance(value, (int, float)):
        best[demo.name] = max(best.get(demo.name, value), value)

columns = st.columns(3)
for i, demo in enumerate(DEMOS.values()):
    with columns[i % 3].container(border=True):
        st.subheader(demo.title)
        st.write(demo.summary)
        if demo.name in best:
            label = demo.monitor.replace("_acc", " accuracy").replace("_", " ")
            value = f"{best[demo.name]:.2%}" if demo.monitor.endswith("_acc") else f"{best[demo.name]:.4g}"
            st.metric(f"Best cached {label}", value)
        else:
            st.caption("No finished run yet.")
        st.page_link(demo.page, label=f"Open {demo.title}", icon=":material/arrow_forward:")
