"""Process-wide resources for the app, built once per server process with st.cache_resource."""

from __future__ import annotations

import streamlit as st

from core.datasets import default_data_dir
from core.manager import RunManager
from core.store import RunStore, default_root


@st.cache_resource(max_entries=1)
def run_manager() -> RunManager:
    """One manager for every browser session: runs are shared, never duplicated."""
    return RunManager(RunStore(default_root()), default_data_dir())
