"""Tests for core.manager.RunManager: cache hits, shared runs, the concurrency limit, stop/resume,
recovery of runs whose process died, and run keys that never become paths outside the store.

`core.manager.train_run` is wrapped by spies that count (and, for the queue test, hold) calls while
delegating to the real engine, so every assertion is about what actually trained.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from core import manager as manager_mod
from core.config import ConfigError
from core.registry import DEMOS
from core.store import KEY_PATTERN, RunStore, run_key
from core.training import Reporter, train_run

DEMO = DEMOS["cnn"]
TIMEOUT = 120


def _manager(tmp_path, **kwargs) -> manager_mod.RunManager:
    return manager_mod.RunManager(RunStore(tmp_path / "store"), str(tmp_path / "data"), device="cpu", **kwargs)


class _Spy:
    """Counts train_run calls per key and delegates to the real engine."""

    def __init__(self):
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, store, demo, cfg, key, **kwargs):
        with self.lock:
            self.calls.append(key)
        return train_run(store, demo, cfg, key, **kwargs)


def _epochs(store: RunStore, key: str) -> list[int]:
    return [r["epoch"] for r in store.read_metrics(key) if r["kind"] == "epoch"]


def _raw_records(store: RunStore, key: str) -> list[dict]:
    """Every record in metrics.jsonl as written (read_metrics would apply the resume rule)."""
    lines = (store.path(key) / "metrics.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_cache_hit_does_not_retrain(installed_tiny, tmp_path, monkeypatch):
    run = installed_tiny
    metrics = (run.store.path(run.key) / "metrics.jsonl").read_bytes()

    def must_not_train(*args, **kwargs):
        raise AssertionError("a finished run was trained again")

    monkeypatch.setattr(manager_mod, "train_run", must_not_train)
    manager = manager_mod.RunManager(run.store, str(tmp_path / "data"))
    threads_before = threading.active_count()
    assert manager.request(run.demo, run.cfg) == run.key
    assert manager.request(run.demo, run.cfg, resume=True) == run.key
    assert threading.active_count() == threads_before
    assert not [t for t in threading.enumerate() if t.name.startswith("train-")]
    assert manager.wait(run.key, timeout=5) == "done"
    snap = manager.snapshot(run.key)
    assert snap["status"] == "done" and snap["epoch"] == snap["epochs"] == run.cfg.epochs
    assert (run.store.path(run.key) / "metrics.jsonl").read_bytes() == metrics


def test_simultaneous_requests_share_one_run(tmp_path, monkeypatch):
    spy = _Spy()
    monkeypatch.setattr(manager_mod, "train_run", spy)
    manager = _manager(tmp_path)
    cfg = DEMO.config({"epochs": 1}, preset="tiny")
    barrier, keys = threading.Barrier(8), []

    def ask():
        barrier.wait()
        keys.append(manager.request(DEMO, cfg))

    askers = [threading.Thread(target=ask) for _ in range(8)]
    for t in askers:
        t.start()
    for t in askers:
        t.join(TIMEOUT)
    assert len(keys) == 8 and set(keys) == {manager.key_for(DEMO, cfg)}
    assert manager.wait(keys[0], timeout=TIMEOUT) == "done"
    assert spy.calls == [keys[0]]
    assert _epochs(manager.store, keys[0]) == [1]


def test_max_concurrent_queues_the_second_run(tmp_path, monkeypatch):
    release, entered, order = threading.Event(), threading.Event(), []
    first_cfg = DEMO.config({"epochs": 1, "seed": 1}, preset="tiny")
    second_cfg = DEMO.config({"epochs": 1, "seed": 2}, preset="tiny")

    def gated(store, demo, cfg, key, **kwargs):
        order.append(("start", cfg.seed))
        if cfg.seed == 1:
            entered.set()
            assert release.wait(TIMEOUT)
        meta = train_run(store, demo, cfg, key, **kwargs)
        order.append(("end", cfg.seed))
        return meta

    monkeypatch.setattr(manager_mod, "train_run", gated)
    manager = _manager(tmp_path, max_concurrent=1)
    first = manager.request(DEMO, first_cfg)
    assert entered.wait(TIMEOUT)  # the first run holds the only slot
    second = manager.request(DEMO, second_cfg)
    assert first != second
    time.sleep(0.3)  # give the second worker every chance to (wrongly) start
    assert manager.snapshot(second)["status"] == "queued"
    assert order == [("start", 1)]
    release.set()
    assert manager.wait(first, TIMEOUT) == "done"
    assert manager.wait(second, TIMEOUT) == "done"
    assert order == [("start", 1), ("end", 1), ("start", 2), ("end", 2)]


def test_stop_then_resume_continues_from_saved_epoch(tmp_path, monkeypatch):
    at_epoch_1, proceed = threading.Event(), threading.Event()

    class Gate(manager_mod._LiveReporter):
        """Holds the worker right after epoch 1 is recorded until the test has pressed Stop."""

        def on_epoch(self, record):
            super().on_epoch(record)
            if record["epoch"] == 1 and not proceed.is_set():
                at_epoch_1.set()
                proceed.wait(TIMEOUT)

    monkeypatch.setattr(manager_mod, "_LiveReporter", Gate)
    manager = _manager(tmp_path)
    cfg = DEMO.config(preset="tiny")
    key = manager.request(DEMO, cfg)
    assert at_epoch_1.wait(TIMEOUT)
    manager.stop(key)
    proceed.set()
    assert manager.wait(key, TIMEOUT) == "stopped"
    snap = manager.snapshot(key)
    assert snap["status"] == "stopped" and snap["epoch"] == 1
    assert manager.store.read_train_state(key)["epoch"] == 1
    assert _epochs(manager.store, key) == [1]

    assert manager.request(DEMO, cfg) == key
    assert manager.wait(key, TIMEOUT) == "done"
    kinds = [(r["kind"], r["epoch"]) for r in _raw_records(manager.store, key)
             if r["kind"] != "step"]
    assert kinds == [("epoch", 1), ("resume", 1), ("epoch", 2)]
    assert manager.store.read_meta(key)["epochs_done"] == cfg.epochs
    assert manager.snapshot(key)["status"] == "done"


class _StopAfterEpoch1(Reporter):
    def __init__(self):
        self.epoch = 0

    def on_epoch(self, record):
        self.epoch = record["epoch"]

    def stop_requested(self):
        return self.epoch >= 1


def test_run_of_a_killed_process_shows_stopped_and_resumes(tmp_path):
    manager = _manager(tmp_path)
    cfg = DEMO.config(preset="tiny")
    key = manager.key_for(DEMO, cfg)
    # Another process trained epoch 1, then died: its checkpoint is committed, its meta still says running.
    train_run(manager.store, DEMO, cfg, key, dataset_id=DEMO.dataset_id(cfg, manager.data_dir),
              data_dir=manager.data_dir, device="cpu", reporter=_StopAfterEpoch1())
    manager.store.update_meta(key, status="running")
    assert manager.store.status(key) == "running"

    fresh = _manager(tmp_path)  # a new server process: nothing alive
    assert fresh.stored_status(key) == "stopped"
    assert fresh.snapshot(key)["status"] == "stopped"
    assert fresh.request(DEMO, cfg) == key
    assert fresh.wait(key, TIMEOUT) == "done"
    assert {"kind": "resume", "epoch": 1} in fresh.store.read_metrics(key)
    assert _epochs(fresh.store, key) == [1, 2]
    assert fresh.store.read_meta(key)["epochs_done"] == cfg.epochs


@pytest.mark.parametrize("evil", ["../../evil", "/etc/passwd", "..\\..\\evil", "a/../../b\n"])
def test_path_like_values_cannot_escape_the_store(tmp_path, evil):
    key = run_key(evil, {"dataset": evil, "arch": evil}, evil, 1)
    assert KEY_PATTERN.fullmatch(key)
    root = tmp_path / "a" / "b" / "store"
    store = RunStore(root)
    store.create(key, {"demo": evil, "config": {"dataset": evil}})
    store.append_metric(key, {"kind": "note", "text": evil})
    store.save_tensors(key, "weights", {})
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written and all(p.startswith(f"a/b/store/{key}/") for p in written), written
    for bad in (evil, f"{key}/../..", key + "\n"):
        with pytest.raises(ValueError):
            store.path(bad)
    with pytest.raises(ConfigError, match="one of: digits"):
        DEMO.config({"dataset": evil})
