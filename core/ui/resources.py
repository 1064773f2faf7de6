"""Process-wide resources for the app, built once per server process with st.cache_resource."""

from __future__ import annotations

import importlib
import threading

import streamlit as st

from core.datasets import default_data_dir
from core.manager import RunManager
from core.store import RunStore, default_root

# Heavy imports a first training run would otherwise pay inside its worker (scikit-learn pulls in pandas and
# pyarrow for the bundled digits: tens of seconds on a loaded 2-core server), loaded in the background instead.
WARM_IMPORTS = ("sklearn.datasets",)


def _warm_imports() -> None:
    for module in WARM_IMPORTS:
        importlib.import_module(module)


@st.cache_resource(max_entries=1)
def run_manager() -> RunManager:
    """One manager for every browser session: runs are shared, never duplicated."""
    threading.Thread(target=_warm_imports, name="warm-imports", daemon=True).start()
    return RunManager(RunStore(default_root()), default_data_dir())
