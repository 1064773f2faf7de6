"""Tests for core.run_archive: export -> import round trip of real tiny runs (oracles: the original run's weights,
metrics, report and predictions), and every rejection of a bad archive (a pickle in place of the weights, folders and
traversal, unknown entries, size caps, edited settings, other data, weights of another model, failed checksums),
none of which may leave anything in the store; replacing only when asked; deleting refuses runs in training."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile

import numpy as np
import pytest
import torch

from core import run_archive
from core.datasets import DatasetUnavailable
from core.inference import load_finished
from core.manager import RunManager
from core.registry import DEMOS
from core.run_archive import ArchiveError, RunBusy, delete_run, epochs_csv, export_run, import_run
from core.store import RunStore, run_key, sha256_bytes, tensors_to_bytes


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def edit_config(files: dict[str, bytes], rekey: bool = True, **changes) -> dict[str, bytes]:
    """The archive with config.json changed (and its key recomputed, as a consistent archive would have)."""
    record = json.loads(files["config.json"])
    record.update({k: v for k, v in changes.items() if k != "config"})
    record["config"].update(changes.get("config", {}))
    if rekey:
        record["key"] = run_key(record["demo"], record["config"], record["dataset_id"], record["recipe_version"])
    return {**files, "config.json": json.dumps(record).encode()}


@pytest.fixture(scope="module")
def linreg_archive(tiny_run) -> bytes:
    run = tiny_run("linreg")
    return export_run(run.store, run.key)


@pytest.fixture
def manager(tmp_path) -> RunManager:
    return RunManager(RunStore(tmp_path / "runs"), str(tmp_path))


def test_round_trip_rebuilds_the_same_run(tiny_run, linreg_archive, manager):
    run = tiny_run("linreg")
    assert set(unzip(linreg_archive)) >= {"config.json", "meta.json", "metrics.jsonl", "metrics.csv",
                                          "weights.safetensors", "train_state.json", "report.json"}
    assert export_run(run.store, run.key) == linreg_archive  # deterministic bytes
    result = import_run(manager, linreg_archive)
    store = manager.store
    assert (result.key, result.demo, result.replaced, result.data_available) == (run.key, "linreg", False, True)
    assert store.status(run.key) == "done" and manager.snapshot(run.key)["status"] == "done"
    assert store.read_config(run.key) == run.store.read_config(run.key)
    original, imported = run.store.load_weights(run.key), store.load_weights(run.key)
    assert original.keys() == imported.keys() and all(torch.equal(original[k], imported[k]) for k in original)
    assert store.read_metrics(run.key) == run.store.read_metrics(run.key)
    assert store.read_report(run.key) == run.store.read_report(run.key)
    assert store.read_meta(run.key)["final"] == run.meta["final"]
    # The exporter's metrics record described its own file; the import records the file it wrote.
    assert "metrics_file" not in json.loads(unzip(linreg_archive)["meta.json"])
    assert store.read_meta(run.key)["metrics_file"] == store.metrics_record(run.key)
    inputs = np.linspace(-2, 2, 7)[:, None]
    expected = run.demo.predict(load_finished(run.store, run.key, run.demo, run.cfg), inputs, run.cfg)
    np.testing.assert_array_equal(run.demo.predict(load_finished(store, run.key, run.demo, run.cfg), inputs, run.cfg),
                                  expected)
    assert manager.request(run.demo, run.cfg) == run.key and manager.snapshot(run.key)["status"] == "done"


def test_metrics_csv_has_one_row_per_epoch(tiny_run, linreg_archive):
    epochs = [r for r in tiny_run("linreg").store.read_metrics(tiny_run("linreg").key) if r["kind"] == "epoch"]
    rows = list(csv.DictReader(io.StringIO(unzip(linreg_archive)["metrics.csv"].decode())))
    assert [int(r["epoch"]) for r in rows] == [r["epoch"] for r in epochs]
    assert [float(r["test_loss"]) for r in rows] == [r["test_loss"] for r in epochs]
    assert epochs_csv([{"kind": "step", "loss": 1.0}, {"kind": "epoch", "epoch": 1, "a": 2}]) == b"epoch,a\n1,2\n"


def test_only_finished_runs_are_exported(tmp_path):
    store = RunStore(tmp_path)
    store.create("0123456789abcdef0123", {"demo": "linreg", "config": {}})
    store.write_meta("0123456789abcdef0123", {"status": "stopped"})
    with pytest.raises(ArchiveError, match="Only finished runs"):
        export_run(store, "0123456789abcdef0123")


def _torch_save_bytes(tensors: dict) -> bytes:
    buffer = io.BytesIO()
    torch.save(tensors, buffer)
    return buffer.getvalue()


def _pickled_weights(files: dict[str, bytes]) -> dict[str, bytes]:
    import pickle

    return {**files, "weights.safetensors": pickle.dumps({"w": [1.0, 2.0]})}


@pytest.mark.parametrize(("tamper", "message"), [
    (lambda f: {**f, "weights.safetensors": _torch_save_bytes({"w": torch.zeros(2)})}, "pickle/torch.save"),
    (_pickled_weights, "pickle/torch.save"),
    (lambda f: {**{k: v for k, v in f.items() if k != "weights.safetensors"}, "weights.pt": b"x"}, "pickle"),
    (lambda f: {**f, "../config.json": f["config.json"]}, "no folders"),
    (lambda f: {**f, "run/weights.safetensors": b"x"}, "no folders"),
    (lambda f: {**f, "notes.txt": b"hi"}, "not part of a run archive"),
    (lambda f: {k: v for k, v in f.items() if k != "weights.safetensors"}, "lacks weights.safetensors"),
    (lambda f: {**f, "weights.safetensors": b"\x08\x00\x00\x00\x00\x00\x00\x00{garbage"}, "not a valid safetensors"),
    (lambda f: edit_config(f, demo="no-such-demo"), "does not have"),
    (lambda f: edit_config(f, recipe_version=99), "version 99"),
    (lambda f: edit_config(f, config={"epochs": 0}), "not valid for linreg"),
    (lambda f: edit_config(f, rekey=False, config={"epochs": 4}), "do not reproduce its run key"),
    (lambda f: {**f, "meta.json": json.dumps({"status": "stopped"}).encode()}, "Only finished runs"),
    (lambda f: {**f, "config.json": b"[1, 2]"}, "not a JSON object"),
    (lambda f: {**f, "train_state.json": json.dumps({"weights_sha256": "0" * 64}).encode()}, "checksum"),
    (lambda f: {**f, "report.json": json.dumps({"tensors_sha256": "0" * 64}).encode()}, "report.safetensors"),
])
def test_bad_archives_are_rejected_and_store_nothing(linreg_archive, manager, tamper, message):
    with pytest.raises(ArchiveError, match=message):
        import_run(manager, make_zip(tamper(unzip(linreg_archive))))
    assert not manager.store.root.exists() or not any(manager.store.root.iterdir())


def test_weights_of_another_model_are_rejected(tiny_run, linreg_archive, manager):
    other = tiny_run("logreg")
    foreign = tensors_to_bytes(other.store.load_weights(other.key))
    files = {**unzip(linreg_archive), "weights.safetensors": foreign}
    files.pop("train_state.json")
    with pytest.raises(ArchiveError, match="do not fit the linreg model"):
        import_run(manager, make_zip(files))


@pytest.mark.parametrize(("data", "message"), [
    (b"not a zip at all", "not a readable zip"),
    (make_zip({f"f{i}.json": b"{}" for i in range(len(run_archive.ENTRIES) + 1)}), "at most"),
    (make_zip({"config.json": b"{}", "config.json ": b"{}"}), "not part of a run archive"),
])
def test_malformed_zips_are_rejected(manager, data, message):
    with pytest.raises(ArchiveError, match=message):
        import_run(manager, data)


def test_size_caps(linreg_archive, manager, monkeypatch):
    monkeypatch.setattr(run_archive, "MAX_ARCHIVE_BYTES", len(linreg_archive) - 1)
    with pytest.raises(ArchiveError, match="the limit is"):
        import_run(manager, linreg_archive)
    monkeypatch.undo()
    monkeypatch.setitem(run_archive.ENTRIES, "metrics.jsonl", (100, "metrics.jsonl"))
    with pytest.raises(ArchiveError, match="metrics.jsonl is larger than"):
        import_run(manager, linreg_archive)
    monkeypatch.undo()
    monkeypatch.setattr(run_archive, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ArchiveError, match="unpacks to more than"):
        import_run(manager, linreg_archive)


def test_report_tensors_travel_with_their_checksum(linreg_archive, manager):
    tensors = tensors_to_bytes({"grid": torch.arange(6.0).reshape(2, 3)})
    files = {**unzip(linreg_archive), "report.safetensors": tensors,
             "report.json": json.dumps({"auc": 0.5, "tensors_sha256": sha256_bytes(tensors)}).encode()}
    key = import_run(manager, make_zip(files)).key
    summary, loaded = manager.store.read_report(key)
    assert summary["auc"] == 0.5 and torch.equal(loaded["grid"], torch.arange(6.0).reshape(2, 3))


def test_dataset_must_match_or_be_unavailable(linreg_archive, manager, monkeypatch):
    demo = DEMOS["linreg"]
    monkeypatch.setitem(DEMOS, "linreg", dataclasses.replace(demo, dataset_id=lambda cfg, data_dir: "other-data"))
    with pytest.raises(ArchiveError, match="this machine's data is 'other-data'"):
        import_run(manager, linreg_archive)

    def unavailable(cfg, data_dir):
        raise DatasetUnavailable("offline")

    monkeypatch.setitem(DEMOS, "linreg", dataclasses.replace(demo, dataset_id=unavailable))
    result = import_run(manager, linreg_archive)
    assert not result.data_available
    assert result.key == json.loads(unzip(linreg_archive)["config.json"])["key"]  # the key of what it was trained on
    assert manager.store.status(result.key) == "done"


def test_existing_run_is_replaced_only_when_asked(linreg_archive, manager):
    key = import_run(manager, linreg_archive).key
    manager.store.update_meta(key, device="marker")
    with pytest.raises(ArchiveError, match="already here"):
        import_run(manager, linreg_archive)
    assert manager.store.read_meta(key)["device"] == "marker"
    assert import_run(manager, linreg_archive, overwrite=True).replaced
    assert manager.store.read_meta(key)["device"] != "marker" and manager.store.status(key) == "done"
    assert [p.name for p in manager.store.root.iterdir()] == [key]  # no staging folder left behind


def test_delete_refuses_runs_in_training(linreg_archive, manager, monkeypatch):
    key = import_run(manager, linreg_archive).key
    with manager.store.training_lock(key), pytest.raises(RunBusy, match="Another process"):
        delete_run(manager, key)
    monkeypatch.setattr(manager, "snapshot", lambda k: {"status": "running"})
    with pytest.raises(RunBusy, match="stop it"):
        delete_run(manager, key)
    with pytest.raises(ArchiveError, match="stop it"):
        import_run(manager, linreg_archive, overwrite=True)
    monkeypatch.undo()
    assert manager.store.status(key) == "done"
    delete_run(manager, key)
    assert manager.store.status(key) == "missing" and manager.store.keys() == []


def test_a_deleted_failed_run_stops_showing_its_failure(manager):
    from core.manager import LiveRun

    key = "ab" * 10
    manager.store.create(key, {"demo": "linreg", "config": {}})
    manager._live[key] = LiveRun(key=key, demo="linreg", epochs=1, status="failed", error="boom")
    assert manager.snapshot(key)["status"] == "failed"
    delete_run(manager, key)
    assert manager.snapshot(key)["status"] == "missing"
