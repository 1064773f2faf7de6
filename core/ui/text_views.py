"""Views shared by the sentiment and translation pages: coloured tokens, contribution bars, attention maps.

Visitor text never reaches the page as HTML: tokens are shown through Markdown with every ASCII punctuation
character backslash-escaped (so `<b>`, `[x](y)` or `:red[...]` typed by a visitor stay literal text) inside
Streamlit's `:green-background[...]`-style colour directives, and Plotly axes label positions by number
with the token as tick text (the tokeniser emits single symbols, so no tag can form in one label).
"""

from __future__ import annotations

import re
import string

import plotly.graph_objects as go
import streamlit as st

from core.plots import UIREVISION
from core.ui.i18n import t
from core.ui.presentation import show_chart

STRONG, WEAK = 0.10, 0.02   # |change in P(positive)| for a background colour / a coloured word
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def escape_markdown(text: str) -> str:
    """Backslash before every ASCII punctuation character: CommonMark then shows each one literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def coloured_tokens(tokens: list[str], contributions: list[float], known: list[bool] | None = None) -> str:
    """Markdown: tokens that push towards positive in green, towards negative in red, strong ones with a
    background; unknown words (<unk> to the model) in grey italics."""
    parts = []
    for i, (token, value) in enumerate(zip(tokens, contributions, strict=True)):
        text = escape_markdown(token)
        if known is not None and not known[i]:
            parts.append(f":gray[_{text}_]")
        elif abs(value) >= STRONG:
            parts.append(f":{'green' if value > 0 else 'red'}-background[{text}]")
        elif abs(value) >= WEAK:
            parts.append(f":{'green' if value > 0 else 'red'}[{text}]")
        else:
            parts.append(text)
    return " ".join(parts)


def contribution_figure(tokens: list[str], contributions: list[float]) -> go.Figure:
    positions = list(range(len(tokens)))
    fig = go.Figure(go.Bar(x=positions, y=contributions, marker_color=["#2ca02c" if c > 0 else "#d62728"
                                                                       for c in contributions],
                           customdata=tokens, hovertemplate="%{customdata}: %{y:+.3f}<extra></extra>"))
    fig.update_layout(height=280, margin={"t": 10, "b": 40, "l": 50, "r": 10}, uirevision=UIREVISION,
                      xaxis={"tickvals": positions, "ticktext": tokens, "tickangle": -45},
                      yaxis={"title": "Δ P(positive)", "zeroline": True})
    return fig


def attention_figure(source: list[str], output: list[str], weights: list[list[float]]) -> go.Figure:
    """Rows: words written; columns: source words; colour: attention weight (each row sums to 1)."""
    cols, rows = list(range(len(source))), list(range(len(output)))
    fig = go.Figure(go.Heatmap(z=weights, x=cols, y=rows, colorscale="Blues", zmin=0, zmax=1,
                               colorbar={"title": t("weight")},
                               hovertemplate=t("output %{y}, source %{x}: %{z:.2f}") + "<extra></extra>"))
    fig.update_layout(height=max(260, 28 * len(output) + 120), margin={"t": 10, "b": 60, "l": 60, "r": 10},
                      uirevision=UIREVISION,
                      xaxis={"tickvals": cols, "ticktext": source, "tickangle": -45, "title": t("source")},
                      yaxis={"tickvals": rows, "ticktext": output, "autorange": "reversed", "title": t("output")})
    return fig


def line_figure(xs: list, series: dict[str, list], y_title: str) -> go.Figure:
    fig = go.Figure([go.Scatter(x=xs, y=ys, name=name, mode="lines+markers") for name, ys in series.items()])
    fig.update_layout(height=300, margin={"t": 10, "b": 40, "l": 50, "r": 10}, uirevision=UIREVISION,
                      xaxis_title=t("epoch"), yaxis_title=y_title, legend={"orientation": "h", "y": -0.25})
    return fig


def show_sentiment(result: dict, classes: tuple[str, str], key: str) -> None:
    """P(class 1), the coloured sentence and, below, each token's contribution as a bar."""
    p = result["prob"]
    st.metric(f"P({classes[1]})", f"{p:.1%}", help=t("Verdict: {label}", label=classes[int(p >= 0.5)]))
    st.markdown(coloured_tokens(result["tokens"], result["contributions"], result["known"]))
    show_chart(contribution_figure(result["tokens"], result["contributions"]), key=key)
