"""Keeps every page inside app.py's navigation, even for a deep link on a freshly started server.

Until app.py has called `st.navigation` once in a server process, Streamlit serves a URL such as /cnn the
legacy way, by running `pages/cnn.py` on its own (no page config, no grouped menu). Each page therefore
starts with `ensure_shell(url_path)`: run outside app.py, it remembers where the visitor wanted to go and
hands over to app.py, which marks the session with `mark_shell()` and opens that page with the link's query
parameters (they carry a shared link's settings, so they must survive the hand-over). `drop_bad_app_params`
removes a link's unusable `?lang=` or `?present=` value with the note a bad setting gets.
"""

from __future__ import annotations

import streamlit as st

from core.page_state import bad_app_params
from core.ui.i18n import t

SHELL_FLAG = "_in_app_shell"
DEEP_LINK = "_pending_deep_link"


def mark_shell() -> tuple[str, dict] | None:
    """Called by app.py before st.navigation; returns a deep link waiting to be opened (its url path and
    query parameters, e.g. a shared link's settings), if any."""
    st.session_state[SHELL_FLAG] = True
    return st.session_state.pop(DEEP_LINK, None)


def ensure_shell(url_path: str) -> None:
    """First line of every page script."""
    if not st.session_state.get(SHELL_FLAG):
        st.session_state[DEEP_LINK] = (url_path, st.query_params.to_dict())
        st.switch_page("app.py")


def drop_bad_app_params() -> None:
    """Called by app.py first: a bad value is removed from the address bar (so the note shows once and the
    language and presentation mode start from their defaults) and named."""
    bad = bad_app_params(st.query_params.to_dict())
    for name in bad:
        del st.query_params[name]
    if bad:
        st.warning(t("These link settings were not valid and the defaults were used instead: {names}.",
                     names=", ".join(bad)))
