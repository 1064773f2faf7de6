"""The shared Plotly figures against hand-computed expectations (they are what visitors read)."""

from __future__ import annotations

import numpy as np

from core.plots import UIREVISION, confusion_matrix, learning_curves, probability_bars, upscale
from core.translations_zh import ZH


def records(second: str | None) -> list[dict]:
    out = []
    for epoch in (1, 2):
        out += [{"kind": "step", "epoch": epoch, "step": 10 * (2 * epoch - 1) + s, "loss": 1.0 / epoch}
                for s in (0, 10)]
        epoch_record = {"kind": "epoch", "epoch": epoch, "train_loss": 1.0 / epoch, "test_loss": 1.2 / epoch}
        if second:
            epoch_record |= {f"train_{second}": 0.5 + 0.2 * epoch, f"test_{second}": 0.4 + 0.2 * epoch}
        out.append(epoch_record)
    return out


def titles(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_accuracy_panel_in_percent_with_one_legend_entry_per_split():
    fig = learning_curves(records("acc"), epochs_total=2)
    assert titles(fig) == ["Loss", "Accuracy"] and fig.layout.yaxis2.tickformat == ".0%"
    assert sorted(t.name for t in fig.data if t.showlegend is not False) == ["test", "train", "train (per batch)"]
    accuracy = [t for t in fig.data if t.xaxis == "x2" and t.name == "test"][0]
    assert list(accuracy.x) == [1, 2] and np.allclose(accuracy.y, [0.6, 0.8])
    assert fig.layout.uirevision == UIREVISION and list(fig.layout.xaxis.range) == [0, 2]


def test_step_losses_are_placed_on_the_epoch_axis():
    batches = learning_curves(records("acc")).data[0]
    # 40 steps over 2 epochs: step 30 is 1.5 epochs in.
    assert batches.name == "train (per batch)" and list(batches.x) == [0.5, 1.0, 1.5, 2.0]


def test_regression_gets_an_r2_panel_and_other_demos_loss_only():
    assert titles(learning_curves(records("r2"))) == ["Loss", "R²"]
    assert titles(learning_curves(records(None))) == ["Loss"]


def test_figures_speak_the_language_they_are_given():
    fig = learning_curves(records("acc"), lang="zh")
    assert titles(fig) == [ZH["Loss"], ZH["Accuracy"]] and fig.layout.xaxis.title.text == ZH["epoch"]
    assert {t.name for t in fig.data} == {ZH["train"], ZH["test"], ZH["train (per batch)"]}
    matrix = confusion_matrix([[1]], ["a"], lang="zh")
    assert (matrix.layout.xaxis.title.text, matrix.layout.yaxis.title.text) == (ZH["predicted"], ZH["true"])


def test_confusion_matrix_colours_by_row_share_and_labels_counts():
    fig = confusion_matrix([[3, 1], [0, 4]], ["cat", "dog"])
    heat = fig.data[0]
    assert np.allclose(heat.z, [[0.75, 0.25], [0.0, 1.0]]) and np.array_equal(heat.text, [[3, 1], [0, 4]])
    assert fig.layout.xaxis.type == "category"


def test_probability_bars_highlight_the_winner_and_upscale_is_nearest_neighbour():
    fig = probability_bars(np.array([0.1, 0.7, 0.2]), ["a", "b", "c"])
    colours = fig.data[0].marker.color
    assert colours[1] != colours[0] == colours[2] and list(fig.data[0].text) == ["10%", "70%", "20%"]
    assert np.array_equal(upscale(np.array([[1, 2]]), 2), [[1, 1, 2, 2], [1, 1, 2, 2]])
