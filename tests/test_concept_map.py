"""The concept map: every concept once (the seed repeated transfer learning), a tree rooted at deep learning,
every demo node names a registered demo, and the layout centres each branch on its leaves."""

from __future__ import annotations

from collections import Counter

from core.concept_map import CONCEPTS, LINK_COLOUR, concept_map_figure, layout
from core.registry import DEMOS


def test_every_concept_appears_once_and_hangs_off_the_root():
    labels = [c.label for c in CONCEPTS]
    assert Counter(labels).most_common(1)[0][1] == 1
    assert labels.count("Transfer learning") == 1
    parents = {c.label: c.parent for c in CONCEPTS}
    for label in labels:
        hops = 0
        while parents[label] is not None:
            label, hops = parents[label], hops + 1
            assert hops < len(labels)
        assert label == "Deep learning"


def test_the_seeds_five_branches_and_every_demo_are_on_the_map():
    families = {c.label for c in CONCEPTS if c.kind == "family"}
    assert {"Transfer learning", "Generative adversarial networks", "Reinforcement learning",
            "Self-supervised learning", "Federated learning"} <= families
    on_map = {c.demo for c in CONCEPTS if c.demo}
    assert set(DEMOS) <= on_map, set(DEMOS) - on_map
    parents = {c.label: c.parent for c in CONCEPTS}
    assert parents["Variational autoencoders"] == "Deep learning"  # a generative model, not a kind of GAN


def test_each_branch_sits_in_the_middle_of_its_leaves():
    positions = layout()
    for family in (c for c in CONCEPTS if c.kind == "family"):
        ys = [positions[c.label][1] for c in CONCEPTS if c.parent == family.label]
        if ys:
            assert positions[family.label][1] == (min(ys) + max(ys)) / 2
    assert len(set(positions.values())) == len(CONCEPTS)  # no two nodes on the same spot


def test_only_available_demos_are_clickable_and_exactly_those_are_blue():
    fig = concept_map_figure({"Deep learning": "深度学习"}, {"cnn", "cnn-cifar10"})
    nodes = fig.data[1]
    assert list(nodes.text).count("深度学习") == 1
    assert [d for d in nodes.customdata if d] == ["cnn", "cnn-cifar10"]  # a family and an application
    blue = [demo for demo, colour in zip(nodes.customdata, nodes.marker.color, strict=True) if colour == LINK_COLOUR]
    assert blue == ["cnn", "cnn-cifar10"]  # the home page's caption: "click a blue node"
