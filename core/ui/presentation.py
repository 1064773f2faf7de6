"""Presentation mode: for a talk or a kiosk. Controls hidden, charts enlarged, a dark look.

Turned on by the sidebar switch or a link with `?present=1` (so a presenter can bookmark it). Streamlit has no
per-session theme API (the config's theme is server-wide), so the dark look is a fixed style sheet of our own
(never user text) plus Plotly's dark template on every chart drawn through `show_chart`.
"""

from __future__ import annotations

import streamlit as st

PRESENT_KEY = "present"
WIDGET_KEY = "present-switch"
CHART_HEIGHT_PRESENTING = 560   # px: readable from the back of a room
DARK_BACKGROUND = "#0e1117"
DARK_STYLE = """
<style>
.stApp, [data-testid="stHeader"] { background-color: #0e1117; color: #fafafa; }
[data-testid="stSidebar"] { background-color: #1a1c24; }
.stApp h1, .stApp h2, .stApp h3, .stApp h4, .stApp p, .stApp li, .stApp label, .stApp span,
[data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stCaptionContainer"] { color: #fafafa; }
.stApp h1 { font-size: 3rem; }
.stApp p, .stApp li { font-size: 1.2rem; }
[data-testid="stVerticalBlockBorderWrapper"] { border-color: #3a3d4a; }
</style>
"""


def presenting() -> bool:
    """Whether this session is in presentation mode (first read from the link's `present` parameter)."""
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get(PRESENT_KEY) in ("1", "true")
    return bool(st.session_state[PRESENT_KEY])


def presentation_switch(label: str) -> None:
    """The toggle (app.py draws it in its sidebar block); keeps `?present=1` in the address bar while on. The
    mode lives in a plain session key (a widget's own state is dropped after a run that did not draw it)."""
    st.toggle(label, value=presenting(), key=WIDGET_KEY, on_change=_switched)
    if presenting():
        st.query_params[PRESENT_KEY] = "1"
        st.html(DARK_STYLE)
    elif PRESENT_KEY in st.query_params:
        del st.query_params[PRESENT_KEY]


def _switched() -> None:
    st.session_state[PRESENT_KEY] = st.session_state[WIDGET_KEY]


def show_chart(fig, *, key: str, where=None, **kwargs):
    """`st.plotly_chart` for every chart of the app: enlarged and dark while presenting. Returns its event."""
    where = where or st
    width = kwargs.pop("width", "stretch")
    if presenting():
        fig.update_layout(template="plotly_dark", paper_bgcolor=DARK_BACKGROUND, plot_bgcolor=DARK_BACKGROUND,
                          height=max(fig.layout.height or 0, CHART_HEIGHT_PRESENTING), font={"size": 16})
        return where.plotly_chart(fig, key=key, theme=None, width=width, **kwargs)
    return where.plotly_chart(fig, key=key, width=width, **kwargs)
