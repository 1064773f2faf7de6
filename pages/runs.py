"""Runs: every cached run of every demo in one table; filter, sort, select runs to compare their curves and
settings, download or delete them, and import a run archive from another machine."""

import streamlit as st

from core.run_table import run_rows
from core.ui.i18n import t
from core.ui.resources import run_manager
from core.ui.runs_view import (
    compare,
    delete_with_confirmation,
    downloads,
    filtered_rows,
    import_form,
    runs_table,
    show_messages,
)
from core.ui.shell import ensure_shell

ensure_shell("runs")

manager = run_manager()
st.title(t("Runs"))
st.write(t("Every run trained on this server, by every demo. Select rows to overlay their curves and compare their "
           "settings, to download them or to delete them."))
show_messages()
st.button(t("Refresh"), key="runs-refresh")
rows = run_rows(manager.store, manager.stored_status)
if rows:
    selected = runs_table(filtered_rows(rows))
    if selected:
        st.header(t("Compare"))
        compare(selected, manager)
        st.header(t("Download or delete"))
        downloads(selected, manager)
        delete_with_confirmation(selected, manager)
    else:
        st.caption(t("Select one or more rows (the boxes at their left) to compare, download or delete them."))
else:
    st.info(t("No runs yet. Train a model on any demo page, or import a run below."))
st.header(t("Import a run"))
import_form(manager)
