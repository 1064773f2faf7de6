"""The visitor's interface language and `t()`, the one call pages use for every label, help text and message;
`error_text(err)` for an error's message, `metric_label(key)` for a metric's name.

The language lives in `st.session_state["lang"]`; it starts from the browser's locale (`st.context.locale`) and
the switch in the sidebar (`language_switch`, drawn by app.py) changes it.
"""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES, label_for_field, label_for_metric, language_for_locale, translate, translate_message

LANG_KEY = "lang"
WIDGET_KEY = "lang-switch"


def current_language() -> str:
    """The session's language code, set on first use."""
    if LANG_KEY not in st.session_state:  # a link's ?lang=zh, else the browser's locale
        asked = st.query_params.get("lang")
        st.session_state[LANG_KEY] = asked if asked in LANGUAGES else language_for_locale(st.context.locale)
    return st.session_state[LANG_KEY]


def t(text: str, **fmt) -> str:
    """`text` in the visitor's language, placeholders filled from `fmt`: t("Epoch {n}", n=3)."""
    return translate(text, current_language(), **fmt)


def field_label(name: str) -> str:
    """A config field's widget label in the visitor's language."""
    return t(label_for_field(name))


def metric_label(key: str) -> str:
    """A metric's name ("test_acc" -> "Test accuracy") in the visitor's language."""
    return t(label_for_metric(key))


def error_text(err: BaseException | str) -> str:
    """An error's message in the visitor's language where the tables know it, else as raised (English)."""
    return translate_message(str(err), current_language())


def language_switch() -> None:
    """The language selector (drawn once per run by app.py, inside its sidebar block). The choice lives in a
    plain session key, not the widget's: Streamlit drops a widget's state after any run that did not draw it."""
    codes = list(LANGUAGES)
    st.radio("Language / 语言", codes, index=codes.index(current_language()), format_func=LANGUAGES.get,
             key=WIDGET_KEY, horizontal=True, on_change=_language_chosen)


def _language_chosen() -> None:
    st.session_state[LANG_KEY] = st.session_state[WIDGET_KEY]
