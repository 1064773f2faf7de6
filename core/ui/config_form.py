"""Widgets built from a demo's config dataclass (one per field, range and help from `param`), kept in the URL.

The settings a page starts from come from core/page_state.py: a shared link's query parameters, else the
finished run to open on, else the defaults. After every run of the script the current settings are written
back to `st.query_params`, so the address bar always holds a link that reproduces this run.
"""

from __future__ import annotations

import streamlit as st

from core.config import ConfigError, field_specs, make_config
from core.datasets import DatasetUnavailable
from core.page_state import APP_PARAMS, opening_settings, query_from_config, settings_from_query
from core.ui.i18n import error_text, field_label, t
from core.ui.presentation import presenting


def widget(spec: dict, key: str, initial):
    """One widget for one config field: select box, toggle, slider or number input."""
    label, help_text = field_label(spec["name"]), t(spec["help"])
    if spec.get("choices"):
        choices = list(spec["choices"])
        return st.selectbox(label, choices, index=choices.index(initial), key=key, help=help_text)
    if spec["type"] is bool:
        return st.toggle(label, value=initial, key=key, help=help_text)
    lo, hi, step = spec["lo"], spec["hi"], spec.get("step")
    if spec["type"] is int:
        if hi - lo <= 200:
            return st.slider(label, int(lo), int(hi), int(initial), step=int(step or 1), key=key, help=help_text)
        return st.number_input(label, int(lo), int(hi), int(initial), step=int(step or 1), key=key, help=help_text)
    if spec.get("log"):
        return st.number_input(label, float(lo), float(hi), float(initial), format="%.4g", key=key,
                               help=help_text, step=float(initial) / 2)
    return st.slider(label, float(lo), float(hi), float(initial), step=float(step or (hi - lo) / 100),
                     key=key, help=help_text, format="%.4g")


def _starting_values(demo, initial: dict | None, hidden: tuple[str, ...]) -> dict:
    """Defaults < the page's `initial` < the run to open on < a shared link's parameters. Hidden fields (an
    upload's id) always come from `initial`. A link applies when it is new (not the one this form last wrote)
    or when the widgets are being created (e.g. leaving presentation mode: the address bar holds the settings);
    without one, the run to open on applies when the widgets are being created."""
    from core.ui.resources import run_manager  # late: tests import this module without a manager

    start = dict(initial or {})
    params = {name: st.query_params[name] for name in st.query_params if name not in APP_PARAMS}
    has_widgets = any(key.startswith(f"{demo.name}.") for key in st.session_state)
    if params and (params != st.session_state.get(_written_key(demo)) or not has_widgets):
        from_link, ignored = settings_from_query(demo.config_cls, params, hidden)
        if ignored:
            st.warning(t("These link settings were not valid and the defaults were used instead: {names}.",
                         names=", ".join(ignored)))
        for name in from_link:  # the link wins over widget values left from earlier in this session
            st.session_state.pop(f"{demo.name}.{name}", None)
        return {**start, **from_link}
    if has_widgets:
        return start
    opening = opening_settings(run_manager().store, demo, {name: start[name] for name in hidden if name in start})
    return {**start, **(opening or {})}


def _written_key(demo) -> str:
    return f"_link_written.{demo.name}"


def config_form(demo, initial: dict | None = None, hidden: tuple[str, ...] = ()):
    """Draw the settings widgets (keys "<demo>.<field>", so values survive reruns) and return a validated
    config, or None after showing the error. `hidden` fields get no widget: the page sets them through
    `initial` (e.g. the id of an uploaded dataset). In presentation mode no widget is drawn at all."""
    start = _starting_values(demo, initial, hidden)
    values = {}
    for spec in field_specs(demo.config_cls):
        value = start.get(spec["name"], spec["default"])
        key = f"{demo.name}.{spec['name']}"
        if spec["name"] in hidden:
            values[spec["name"]] = value
        elif presenting():
            values[spec["name"]] = st.session_state.get(key, value)
        else:
            values[spec["name"]] = widget(spec, key, value)
    try:
        cfg = make_config(demo.config_cls, values)
    except ConfigError as err:
        st.error(error_text(err))
        return None
    query = query_from_config(cfg, hidden)
    st.session_state[_written_key(demo)] = query
    app_params = {name: st.query_params[name] for name in APP_PARAMS if name in st.query_params}
    st.query_params.from_dict({**query, **app_params})
    return cfg


def settings_and_key(demo, manager, initial: dict | None = None, hidden: tuple[str, ...] = ()) -> tuple:
    """The sidebar's settings and their run key; stops the page with one clear error when the settings or the
    dataset are unusable (e.g. offline, files missing)."""
    with st.sidebar:
        if not presenting():
            st.header(t("Settings"))
        cfg = config_form(demo, initial, hidden)
    if cfg is None:
        st.stop()
    try:
        return cfg, manager.key_for(demo, cfg)
    except DatasetUnavailable as err:
        st.error(error_text(err))
        st.stop()
