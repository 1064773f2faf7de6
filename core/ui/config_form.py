"""Widgets built from a demo's config dataclass: one widget per field, its range and help from `param`."""

from __future__ import annotations

import streamlit as st

from core.config import ConfigError, field_specs, make_config
from core.datasets import DatasetUnavailable


def widget(spec: dict, key: str, initial):
    """One widget for one config field: select box, toggle, slider or number input."""
    label, help_text = spec["name"].replace("_", " "), spec["help"]
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


def config_form(demo, initial: dict | None = None, hidden: tuple[str, ...] = ()):
    """Draw the settings widgets (keys "<demo>.<field>", so values survive reruns) and return a validated
    config, or None after showing the error. `hidden` fields get no widget: the page sets them through
    `initial` (e.g. the id of an uploaded dataset)."""
    values = {}
    for spec in field_specs(demo.config_cls):
        start = (initial or {}).get(spec["name"], spec["default"])
        if spec["name"] in hidden:
            values[spec["name"]] = start
        else:
            values[spec["name"]] = widget(spec, f"{demo.name}.{spec['name']}", start)
    try:
        return make_config(demo.config_cls, values)
    except ConfigError as err:
        st.error(str(err))
        return None


def settings_and_key(demo, manager, initial: dict | None = None, hidden: tuple[str, ...] = ()) -> tuple:
    """The sidebar's settings and their run key; stops the page with one clear error when the settings or the
    dataset are unusable (e.g. offline, files missing)."""
    with st.sidebar:
        st.header("Settings")
        cfg = config_form(demo, initial, hidden)
    if cfg is None:
        st.stop()
    try:
        return cfg, manager.key_for(demo, cfg)
    except DatasetUnavailable as err:
        st.error(str(err))
        st.stop()

