"""The seed article's concept map, corrected, as data and as a clickable Plotly graph (no Streamlit here).

The seed draws deep learning branching into transfer learning, GANs, reinforcement, self-supervised and
federated learning, each leading to its applications, and repeats the transfer-learning node. Here every
concept appears once (a test checks it); the foundations the app also teaches (regression, CNNs, sequence
models, VAEs) hang off the same root. A node that has a demo carries the demo's registry name, so a click opens
its page (pages/home.py); applications are leaves without a page.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from core.plots import UIREVISION


@dataclass(frozen=True)
class Concept:
    label: str            # shown on the node (English; the page translates it)
    parent: str | None    # label of the node it branches from; None for the root
    demo: str | None      # registry name of the demo that teaches it, if any
    kind: str             # "root", "family" (a model family or paradigm) or "application"


CONCEPTS = (
    Concept("Deep learning", None, None, "root"),
    # Foundations the curriculum starts from
    Concept("Linear regression", "Deep learning", "linreg", "family"),
    Concept("Logistic regression", "Deep learning", "logreg", "family"),
    Concept("Convolutional networks", "Deep learning", "cnn", "family"),
    Concept("Recurrent networks (RNN, LSTM, GRU)", "Deep learning", "rnn", "family"),
    Concept("Variational autoencoders", "Deep learning", "vae", "family"),  # a generative model, but no GAN
    # The seed's five branches (transfer learning once)
    Concept("Transfer learning", "Deep learning", "transfer", "family"),
    Concept("Generative adversarial networks", "Deep learning", "gan", "family"),
    Concept("Reinforcement learning", "Deep learning", "rl", "family"),
    Concept("Self-supervised learning", "Deep learning", "ssl", "family"),
    Concept("Federated learning", "Deep learning", "fedavg", "family"),
    # Applications and follow-ons
    Concept("House prices, trends", "Linear regression", None, "application"),
    Concept("Spam and diagnosis (yes/no)", "Logistic regression", None, "application"),
    Concept("Image classification (CIFAR-10)", "Convolutional networks", "cnn-cifar10", "application"),
    Concept("Sequence-to-sequence translation", "Recurrent networks (RNN, LSTM, GRU)", "seq2seq", "application"),
    Concept("Sentiment analysis", "Recurrent networks (RNN, LSTM, GRU)", "rnn", "application"),
    Concept("Medical imaging with few labels", "Transfer learning", None, "application"),
    Concept("Image synthesis, data augmentation", "Generative adversarial networks", None, "application"),
    Concept("Games and robot control", "Reinforcement learning", None, "application"),
    Concept("Pretraining without labels", "Self-supervised learning", None, "application"),
    Concept("Phone keyboards, hospitals: private data", "Federated learning", None, "application"),
)
COLUMN = {"root": 0.0, "family": 1.0, "application": 2.0}
COLOUR = {"root": "#111827", "family": "#6b7280", "application": "#10b981"}  # nodes that open no page
LINK_COLOUR = "#2563eb"  # every node that opens a demo, and no other: the home page says "click a blue node"


def layout(concepts=CONCEPTS) -> dict[str, tuple[float, float]]:
    """(x, y) per label: one column per kind; each family sits at the middle of its applications."""
    positions: dict[str, tuple[float, float]] = {}
    families = [c for c in concepts if c.kind == "family"]
    row = 0.0
    for family in families:
        children = [c for c in concepts if c.parent == family.label]
        ys = [row + i for i in range(max(len(children), 1))]
        for child, y in zip(children, ys, strict=False):
            positions[child.label] = (COLUMN["application"], -y)
        positions[family.label] = (COLUMN["family"], -(ys[0] + ys[-1]) / 2)
        row = ys[-1] + 1.0
    roots = [c for c in concepts if c.kind == "root"]
    for root in roots:
        positions[root.label] = (COLUMN["root"], -(row - 1) / 2)
    return positions


def concept_map_figure(labels: dict[str, str], available: set[str], concepts=CONCEPTS) -> go.Figure:
    """The graph: edges as lines, nodes as markers with their (translated) `labels`. Nodes whose demo is in
    `available` are drawn solid in LINK_COLOUR and carry the demo name as customdata (the page opens it on
    click); the others are drawn faint in their kind's colour."""
    positions = layout(concepts)
    edge_x, edge_y = [], []
    for concept in concepts:
        if concept.parent:
            (x0, y0), (x1, y1) = positions[concept.parent], positions[concept.label]
            edge_x += [x0, x1, None]
            edge_y += [y0, y1, None]
    fig = go.Figure(go.Scatter(x=edge_x, y=edge_y, mode="lines", line={"color": "#9ca3af", "width": 1},
                               hoverinfo="skip", showlegend=False))
    nodes = list(concepts)
    clickable = [c.demo in available for c in nodes]
    colours = [LINK_COLOUR if ok else COLOUR[c.kind] for c, ok in zip(nodes, clickable, strict=True)]
    fig.add_trace(go.Scatter(
        x=[positions[c.label][0] for c in nodes], y=[positions[c.label][1] for c in nodes],
        mode="markers+text", text=[labels.get(c.label, c.label) for c in nodes], textposition="middle right",
        customdata=[c.demo if ok else "" for c, ok in zip(nodes, clickable, strict=True)],
        marker={"size": [22 if c.kind == "root" else 16 for c in nodes], "color": colours,
                "opacity": [1.0 if ok or c.kind == "root" else 0.35 for c, ok in zip(nodes, clickable, strict=True)],
                "line": {"width": 2, "color": "white"}},
        hovertemplate="%{text}<extra></extra>", showlegend=False))
    fig.update_xaxes(visible=False, range=[-0.1, 3.2])
    fig.update_yaxes(visible=False)
    fig.update_layout(height=620, margin={"l": 10, "r": 10, "t": 10, "b": 10}, uirevision=UIREVISION,
                      clickmode="event+select", dragmode=False)
    return fig
