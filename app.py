"""Entry point: `streamlit run app.py`. Navigation over the pages that exist, grouped by topic."""

import streamlit as st

from core.device import configure_threads
from core.registry import DEMOS
from core.ui.shell import mark_shell

st.set_page_config(page_title="Deep learning, live", page_icon="🧠", layout="wide")
configure_threads()

GROUP_ORDER = ["Classic ML", "Vision", "Sequences", "Generative", "Learning paradigms", "Runs"]
home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
pages: dict[str, list] = {"": [home]}
by_url = {"home": home}
for demo in sorted(DEMOS.values(), key=lambda d: GROUP_ORDER.index(d.group)):
    by_url[demo.name] = st.Page(demo.page, title=demo.title, url_path=demo.name)
    pages.setdefault(demo.group, []).append(by_url[demo.name])
deep_link = mark_shell()
navigation = st.navigation(pages)
if deep_link in by_url and by_url[deep_link] is not navigation:
    st.switch_page(by_url[deep_link])
navigation.run()
