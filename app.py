"""Entry point: `streamlit run app.py`. Navigation over the pages that exist, grouped by topic."""

import streamlit as st

from core.device import configure_threads
from core.registry import DEMOS

st.set_page_config(page_title="Deep learning, live", page_icon=":material/neurology:", layout="wide")
configure_threads()

GROUP_ORDER = ["Classic ML", "Vision", "Sequences", "Generative", "Learning paradigms", "Runs"]
pages: dict[str, list] = {"": [st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)]}
for demo in sorted(DEMOS.values(), key=lambda d: GROUP_ORDER.index(d.group)):
    pages.setdefault(demo.group, []).append(st.Page(demo.page, title=demo.title, url_path=demo.name))
st.navigation(pages).run()
