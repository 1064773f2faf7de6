"""Tests for core.run_table and core.run_curves: the rows of a store holding finished tiny runs of two demos, a stopped
run, a damaged run, a run of an unregistered demo and unreadable ones (oracles: the runs' own meta.json and the
demos' config defaults, worked by hand); the config diff and the overlaid curves of several runs."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from conftest import install_run

from core.run_curves import curve_metrics, overlay_curves
from core.run_table import config_diff, key_settings, run_rows
from core.store import RunStore

UNKNOWN, DAMAGED, UNREADABLE, STOPPED, ODD_META = "f" * 20, "d" * 20, "e" * 20, "c" * 20, "b" * 20


def copy_run(store: RunStore, key: str, new_key: str, **record_changes) -> None:
    shutil.copytree(store.path(key), store.path(new_key))
    record = store.read_config(new_key)
    store.create(new_key, {**record, **record_changes, "key": new_key})


@pytest.fixture
def store(tiny_run, tmp_path) -> RunStore:
    """linreg and logreg tiny runs, plus an unknown-demo copy, a damaged copy, a stopped one and two unreadable ones."""
    linreg, logreg = tiny_run("linreg"), tiny_run("logreg")
    target = install_run(linreg, tmp_path)
    install_run(logreg, tmp_path)
    copy_run(target, linreg.key, UNKNOWN, demo="fid-classifier")
    copy_run(target, linreg.key, DAMAGED)
    weights = target.path(DAMAGED) / f"{target.read_train_state(DAMAGED)['weights_file']}.safetensors"
    weights.write_bytes(weights.read_bytes()[:-8])  # truncated
    copy_run(target, logreg.key, STOPPED)
    target.update_meta(STOPPED, status="stopped", final={}, train_seconds=None, finished=None)
    copy_run(target, linreg.key, ODD_META)
    (target.path(ODD_META) / "meta.json").write_text("[1, 2]")  # valid JSON, but not a record
    target.path(UNREADABLE).mkdir()
    (target.path(UNREADABLE) / "config.json").write_text("{not json")
    return target


def test_rows_describe_every_run(tiny_run, store):
    linreg, logreg = tiny_run("linreg"), tiny_run("logreg")
    rows = {r["key"]: r for r in run_rows(store)}
    assert set(rows) == {linreg.key, logreg.key, UNKNOWN, DAMAGED, UNREADABLE, STOPPED, ODD_META}
    done = rows[linreg.key]
    assert (done["demo"], done["title"], done["status"], done["metric"]) == ("linreg", "Linear regression", "done",
                                                                             "test_r2")
    assert done["value"] == linreg.meta["final"]["test_r2"]
    assert done["train_seconds"] == linreg.meta["train_seconds"] and done["device"] == linreg.meta["device"]
    assert done["date"] == dt.datetime.fromtimestamp(linreg.meta["finished"])
    # The tiny preset minus the fields it leaves at their defaults (dataset "line", solver "gd"), in config order.
    assert done["settings"] == "n_samples=100, iters_per_epoch=20, epochs=3"
    assert rows[logreg.key]["settings"] == "n_samples=200, degree=2, epochs=3"
    assert rows[logreg.key]["value"] == logreg.meta["final"]["test_acc"]
    assert rows[DAMAGED]["status"] == "damaged" and rows[DAMAGED]["value"] is None
    assert rows[STOPPED]["status"] == "stopped" and rows[STOPPED]["value"] is None
    assert rows[STOPPED]["train_seconds"] == logreg.store.read_train_state(logreg.key)["train_seconds"]
    unknown = rows[UNKNOWN]
    assert (unknown["title"], unknown["metric"], unknown["known"]) == ("fid-classifier", None, False)
    # The whole config (no defaults to compare with): all 15 linreg fields, in config.json's (sorted) order.
    assert unknown["settings"].startswith("auto_lr=False, batch_size=32, dataset=line, degree=1, epochs=3, ")
    assert unknown["settings"].count("=") == len(linreg.store.read_config(linreg.key)["config"]) == 15
    assert (rows[ODD_META]["status"], rows[ODD_META]["date"]) == ("damaged", None)
    assert (rows[UNREADABLE]["status"], rows[UNREADABLE]["demo"], rows[UNREADABLE]["date"]) == ("damaged", "?", None)


def test_rows_are_newest_first_and_status_can_come_from_the_manager(store):
    rows = run_rows(store, status_of=lambda key: "running")
    dates = [r["date"] for r in rows if r["date"] is not None]
    assert dates == sorted(dates, reverse=True) and {r["key"] for r in rows[-2:]} == {UNREADABLE, ODD_META}
    assert {r["status"] for r in rows} == {"running", "damaged"}  # an unreadable record stays damaged


def test_key_settings_against_defaults():
    assert key_settings("linreg", {"dataset": "line", "epochs": 3, "solver": "gd"}) == {"epochs": 3}
    assert key_settings("gone-demo", {"a": 1}) == {"a": 1}


def test_config_diff_lists_only_what_differs():
    records = {"A": {"demo": "cnn", "dataset_id": "d1", "config": {"lr": 0.1, "epochs": 2, "width": 8}},
               "B": {"demo": "cnn", "dataset_id": "d1", "config": {"lr": 0.05, "epochs": 2, "width": 8}},
               "C": {"demo": "vae", "dataset_id": "d2", "config": {"lr": 0.1, "epochs": 2, "hidden": 64}}}
    assert config_diff(records) == [
        {"setting": "demo", "A": "cnn", "B": "cnn", "C": "vae"},
        {"setting": "dataset id", "A": "d1", "B": "d1", "C": "d2"},
        {"setting": "lr", "A": "0.1", "B": "0.05", "C": "0.1"},
        {"setting": "width", "A": "8", "B": "8", "C": "—"},
        {"setting": "hidden", "A": "—", "B": "—", "C": "64"}]
    assert config_diff({"A": records["A"], "A again": json.loads(json.dumps(records["A"]))}) == []


def test_overlay_draws_one_line_per_run():
    runs = {"one": [{"kind": "epoch", "epoch": 1, "train_seconds": 0.5, "test_acc": 0.5, "train_loss": 1.0},
                    {"kind": "step", "epoch": 1, "step": 10, "loss": 2.0},
                    {"kind": "epoch", "epoch": 2, "train_seconds": 1.0, "test_acc": 0.75, "train_loss": 0.5}],
            "two": [{"kind": "epoch", "epoch": 1, "train_seconds": 2.0, "train_loss": 0.8}]}
    assert curve_metrics(runs) == ["test_acc", "train_loss"]
    fig = overlay_curves(runs, "train_loss", x="train_seconds")
    assert [(t.name, list(t.x), list(t.y)) for t in fig.data] == [("one", [0.5, 1.0], [1.0, 0.5]),
                                                                  ("two", [2.0], [0.8])]
    accuracy = overlay_curves(runs, "test_acc")
    assert [t.name for t in accuracy.data] == ["one"] and accuracy.layout.yaxis.tickformat == ".1%"
    with pytest.raises(ValueError, match="x must be one of"):
        overlay_curves(runs, "test_acc", x="step")
