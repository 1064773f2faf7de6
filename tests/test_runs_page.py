"""AppTests of the Runs page on a store holding finished tiny runs of two demos, a damaged run and a run of a demo
this app does not register: the table (oracle: the runs' meta.json), the status filter, the comparison of two
selected runs (one curve each, from their metrics.jsonl; the settings that differ, from their config.json),
delete with confirmation, importing a downloaded archive and refusing a pickle."""

from __future__ import annotations

import io
import json

import pytest
import torch
from conftest import ROOT, install_run
from streamlit.testing.v1 import AppTest
from test_run_archive import make_zip, unzip

from core.run_archive import export_run
from core.store import RunStore
from core.ui.shell import SHELL_FLAG

UNKNOWN, DAMAGED = "f" * 20, "d" * 20


@pytest.fixture
def store(tiny_run, isolated_store) -> RunStore:
    """The app's store: linreg and logreg tiny runs, an unknown-demo copy and a damaged copy of the linreg run."""
    linreg = tiny_run("linreg")
    target = install_run(linreg, isolated_store)
    install_run(tiny_run("logreg"), isolated_store)
    for key, demo in ((UNKNOWN, "fid-classifier"), (DAMAGED, "linreg")):
        target.path(key).mkdir()
        for path in target.path(linreg.key).iterdir():
            (target.path(key) / path.name).write_bytes(path.read_bytes())
        target.create(key, {**target.read_config(linreg.key), "demo": demo, "key": key})
    (target.path(DAMAGED) / "train_state.json").write_text("{}")  # no checksum: the weights cannot be verified
    return target


def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "runs.py"), default_timeout=60)
    at.session_state[SHELL_FLAG] = True  # as if app.py's navigation had opened the page
    return at.run()


def table(at: AppTest):
    return next(d for d in at.dataframe if d.key == "runs-table").value


def select(at: AppTest, frame, keys: list[str]) -> AppTest:
    positions = [int(i) for i in frame.index[frame["key"].isin(keys)]]
    at.session_state["runs-table"] = {"selection": {"rows": positions, "columns": [], "cells": []}}
    return at.run()


def test_table_lists_every_run_with_its_status_and_metric(tiny_run, store):
    at = page()
    assert not at.exception and not at.error
    frame = table(at)
    linreg, logreg = tiny_run("linreg"), tiny_run("logreg")
    assert set(frame["key"]) == {linreg.key, logreg.key, UNKNOWN, DAMAGED}
    by_key = frame.set_index("key")
    assert by_key.loc[linreg.key, "status"] == "done" and by_key.loc[DAMAGED, "status"] == "damaged"
    assert by_key.loc[linreg.key, "value"] == pytest.approx(linreg.meta["final"]["test_r2"])
    assert by_key.loc[logreg.key, "metric"] == "Test accuracy"  # the metric's name, not its key
    assert by_key.loc[UNKNOWN, "title"] == "fid-classifier (no page in this app)"
    at.multiselect(key="runs-status").set_value(["damaged"]).run()
    assert list(table(at)["key"]) == [DAMAGED]


def test_selected_runs_are_compared(tiny_run, store):
    linreg, logreg = tiny_run("linreg"), tiny_run("logreg")
    at = page()
    at = select(at, table(at), [linreg.key, logreg.key])
    assert not at.exception
    at.selectbox(key="runs-metric").set_value("train_loss").run()
    spec = json.loads(next(e for e in at.get("plotly_chart")).proto.spec)
    expected = {f"{run.demo.title} · {run.key[:8]}": [r["train_loss"] for r in run.store.read_metrics(run.key)
                                                     if r["kind"] == "epoch"] for run in (linreg, logreg)}
    assert {trace["name"]: trace["y"] for trace in spec["data"]} == expected
    diff = next(d for d in at.dataframe if d.key != "runs-table").value  # the one other table: the settings diff
    assert {"demo", "n_samples", "degree"} <= set(diff.index)
    assert diff.loc["demo"].to_dict() == {f"{run.demo.title} · {run.key[:8]}": run.demo.name
                                          for run in (linreg, logreg)}
    assert len(at.get("download_button")) == 2


def test_delete_asks_first_and_removes_only_the_confirmed_run(store):
    at = page()
    at = select(at, table(at), [DAMAGED])
    at.button(key="runs-delete").click().run()
    assert store.exists(DAMAGED) and DAMAGED in at.warning[0].value
    at.button(key="runs-delete-no").click().run()
    assert store.exists(DAMAGED) and not at.warning
    at = select(at, table(at), [DAMAGED])
    at.button(key="runs-delete").click().run()
    at.button(key="runs-delete-yes").click().run()
    assert not at.exception and not store.exists(DAMAGED) and len(store.keys()) == 3
    assert DAMAGED not in set(table(at)["key"]) and at.success[0].value == "Deleted 1 run(s)."


def test_import_adds_a_downloaded_run_and_refuses_a_pickle(tiny_run, isolated_store):
    run = tiny_run("linreg")
    archive = export_run(run.store, run.key)
    at = page()
    assert not at.exception and at.info  # an empty store says how to get runs
    at.file_uploader(key="runs-import-file").upload("run.zip", archive, "application/zip").run()
    at.button(key="runs-import").click().run()
    assert not at.exception and not at.error
    assert RunStore(isolated_store).status(run.key) == "done" and list(table(at)["key"]) == [run.key]
    assert at.success[0].value == f"Imported run {run.key} of linreg."

    buffer = io.BytesIO()
    torch.save({"w": torch.zeros(2)}, buffer)
    evil = make_zip({**unzip(archive), "weights.safetensors": buffer.getvalue()})
    at.file_uploader(key="runs-import-file").upload("evil.zip", evil, "application/zip").run()
    at.checkbox(key="runs-import-replace").check().run()
    at.button(key="runs-import").click().run()
    assert not at.exception and len(at.error) == 1 and "never loads pickles" in at.error[0].value
    assert RunStore(isolated_store).status(run.key) == "done"
