"""The visitor's interface language and `t()`, the one call pages use for every label, help text and message.

The language lives in `st.session_state["lang"]`; it starts from the browser's locale (`st.context.locale`) and
the switch in the sidebar (`language_switch`, drawn by app.py) changes it.
"""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES, label_for_field, language_for_locale, translate

LANG_KEY = "lang"


def current_language() -> str:
    """The session's language code, set from the browser locale on first use."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = language_for_locale(st.context.locale)
    return st.session_state[LANG_KEY]


def t(text: str, **fmt) -> str:
    """`text` in the visitor's language, placeholders filled from `fmt`: t("Epoch {n}", n=3)."""
    return translate(text, current_language(), **fmt)


def field_label(name: str) -> str:
    """A config field's widget label in the visitor's language."""
    return t(label_for_field(name))


def language_switch() -> None:
    """The language selector (drawn once per run by app.py, in the sidebar)."""
    current_language()
    st.sidebar.radio("Language / 语言", list(LANGUAGES), format_func=LANGUAGES.get, key=LANG_KEY, horizontal=True)
