"""Entry point: `streamlit run app.py`. Navigation over the pages that exist, grouped by topic; the language
and presentation-mode switches every page shares."""

from pathlib import Path

import streamlit as st

from core.device import configure_threads
from core.registry import DEMOS
from core.ui.i18n import language_switch, t
from core.ui.presentation import presentation_switch
from core.ui.shell import drop_bad_app_params, mark_shell

st.set_page_config(page_title="Deep learning, live", page_icon="🧠", layout="wide")
configure_threads()
drop_bad_app_params()

GROUP_ORDER = ["Classic ML", "Vision", "Sequences", "Generative", "Learning paradigms", "Runs"]
home = st.Page("pages/home.py", title=t("Home"), icon=":material/home:", default=True)
pages: dict[str, list] = {"": [home]}
by_url = {"home": home}
for demo in sorted(DEMOS.values(), key=lambda d: GROUP_ORDER.index(d.group)):
    if not Path(demo.page).is_file():  # a demo registered before its page is written
        continue
    by_url[demo.name] = st.Page(demo.page, title=t(demo.title), url_path=demo.name)
    pages.setdefault(t(demo.group), []).append(by_url[demo.name])
for url, title, icon in (("runs", "Runs", ":material/history:"),
                         ("claims", "Seed article vs measured", ":material/fact_check:")):
    if Path(f"pages/{url}.py").is_file():
        by_url[url] = st.Page(f"pages/{url}.py", title=t(title), icon=icon, url_path=url)
        pages.setdefault(t("Runs"), []).append(by_url[url])
deep_link = mark_shell()
navigation = st.navigation(pages)
if deep_link and deep_link[0] in by_url and by_url[deep_link[0]] is not navigation:
    st.switch_page(by_url[deep_link[0]], query_params=deep_link[1])
with st.sidebar.container():  # one block: the page's own sidebar elements follow it, never replace it
    language_switch()
    presentation_switch(t("Presentation mode"))
navigation.run()
