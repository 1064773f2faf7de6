"""Faults the app must survive (issue #9, part 2): a killed trainer, damaged files, a full disk, GPU OOM.

- SIGKILL: a real `python -m core train cnn --tiny` subprocess is killed in the middle of epoch 2; every file
  it left parses, its epoch-1 checkpoint passes its checksum, a fresh manager sees the run as `stopped`, and
  running the same command again resumes and ends with weights bit-identical to an uninterrupted run
  (the engine promises this: shuffles and augmentation are seeded by (seed, epoch)).
- Damaged files under a finished run, seen through the CNN page (AppTest): weights, train_state.json or
  metrics.jsonl (checked against the length and SHA-256 meta.json recorded at "done") damaged -> the damaged
  warning and a Retrain button; report.json damaged -> the page still draws, no exception.
- A full disk (writes fail with ENOSPC after writing half their bytes) while epoch 2 is saved: the run is
  failed with a sentence about the disk, the epoch-1 checkpoint is intact, nothing half-written or left
  behind; after the disk frees up the same request resumes to the uninterrupted run's weights.
- CUDA out of memory inside train_epoch: the CNN page says the run failed and suggests a smaller batch.
Oracles: the session's uninterrupted tiny run, checksums in train_state.json, the page's widgets.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import torch
from browser_support import save_figures
from conftest import ROOT
from test_app import _cnn_page_tiny, _labels

from core import manager as manager_mod
from core.registry import DEMOS
from core.store import RunStore

TIMEOUT = 120  # seconds for any one training in these tests
# `python -m core ...` with every optimizer step slowed by 50 ms, so the kill lands inside epoch 2.
THROTTLED_CLI = """
import runpy, time
import core.training as engine
step_done = engine.TrainContext.step_done
def slow_step_done(self, samples, loss=None):
    time.sleep(0.05)
    step_done(self, samples, loss)
engine.TrainContext.step_done = slow_step_done
runpy.run_module("core", run_name="__main__")
"""


def _cli_env(store_root) -> dict:
    return {**os.environ, "DLDEMO_CHECKPOINTS": str(store_root), "PYTHONPATH": str(ROOT)}


def _run_files_are_whole(store: RunStore, key: str) -> list[str]:
    """Names in the run folder; asserts every JSON parses and no temp file is left."""
    folder = store.path(key)
    names = sorted(p.name for p in folder.iterdir())
    for name in names:
        assert not name.endswith(".tmp"), f"half-written temp file left: {name}"
        if name.endswith(".json"):
            assert isinstance(json.loads((folder / name).read_text()), dict), name
    assert store.read_metrics(key), "metrics.jsonl unreadable"
    return names


def _assert_same_weights(store: RunStore, reference) -> None:
    resumed, expected = store.load_weights(reference.key), reference.store.load_weights(reference.key)
    assert resumed.keys() == expected.keys()
    assert all(torch.equal(resumed[name], expected[name]) for name in expected)


# --- SIGKILL mid-training ----------------------------------------------------------------------------
def _training_epoch_2(store: RunStore, key: str) -> bool:
    return store.exists(key) and any(r["kind"] == "step" and r["epoch"] == 2 for r in store.read_metrics(key))


def test_sigkill_mid_epoch_then_resume_is_bit_identical(tiny_run, isolated_store):
    reference = tiny_run("cnn")
    store, key = RunStore(isolated_store), reference.key
    args = ["train", "cnn", "--tiny", "--device", "cpu", "--data-dir", os.environ["DLDEMO_DATA_DIR"]]
    trainer = subprocess.Popen([sys.executable, "-c", THROTTLED_CLI, *args], cwd=ROOT, env=_cli_env(isolated_store),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + TIMEOUT
    try:
        while not _training_epoch_2(store, key):
            assert trainer.poll() is None, "the trainer ended before it could be killed"
            assert time.monotonic() < deadline, "epoch 2 never started"
            time.sleep(0.02)
        trainer.send_signal(signal.SIGKILL)
    finally:
        trainer.kill()
        trainer.wait(10)
    assert trainer.returncode == -signal.SIGKILL

    files_after_kill = _run_files_are_whole(store, key)
    assert store.read_meta(key)["status"] == "running"  # the process died without a word
    assert store.read_train_state(key)["epoch"] == 1
    assert store.load_weights(key)  # the committed epoch-1 checkpoint passes its checksum
    fresh = manager_mod.RunManager(store, os.environ["DLDEMO_DATA_DIR"], device="cpu")
    assert fresh.snapshot(key)["status"] == "stopped"

    resumed = subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, env=_cli_env(isolated_store),
                             capture_output=True, text=True, timeout=TIMEOUT)
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert result["run"] == key and result["status"] == "trained"
    assert {"kind": "resume", "epoch": 1} in store.read_metrics(key)
    assert [r["epoch"] for r in store.read_metrics(key) if r["kind"] == "epoch"] == [1, 2]
    _assert_same_weights(store, reference)
    assert result["test_acc"] == reference.meta["final"]["test_acc"]
    _run_files_are_whole(store, key)
    save_figures("faults", {"sigkill_resumed_bit_identical": True, "files_checked_after_kill": len(files_after_kill)})


# --- damaged files, seen on the page -----------------------------------------------------------------
def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_bit(path):
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 4] ^= 0x01
    path.write_bytes(bytes(data))


def _weights(store, key):
    return store.path(key) / f"{store.read_train_state(key)['weights_file']}.safetensors"


DAMAGE = {  # case -> (which file, how, is the run then damaged?)
    "weights-bit-flip": (_weights, _flip_bit, True),
    "weights-truncated": (_weights, _truncate, True),
    "train-state-truncated": (lambda s, k: s.path(k) / "train_state.json", _truncate, True),
    "report-truncated": (lambda s, k: s.path(k) / "report.json", _truncate, False),
    "metrics-bit-flip": (lambda s, k: s.path(k) / "metrics.jsonl", _flip_bit, True),
    "metrics-truncated": (lambda s, k: s.path(k) / "metrics.jsonl", _truncate, True),
}


@pytest.mark.parametrize("case", DAMAGE)
def test_damaged_run_on_the_page(case, installed_tiny):
    which, damage, is_damaged = DAMAGE[case]
    run = installed_tiny
    damage(which(run.store, run.key))
    at = _cnn_page_tiny()  # asserts no exception
    warnings = " ".join(w.value for w in at.warning)
    if is_damaged:
        assert "damaged" in warnings and "Retrain" in _labels(at.button)
        assert not [m for m in at.metric if m.label == "Test accuracy"]  # no results from broken files
    else:
        assert "Retrain" in _labels(at.button)
        assert [m.value for m in at.metric if m.label == "Test accuracy"] == [
            f"{run.meta['final']['test_acc']:.2%}"]
    if case == "report-truncated":
        assert "report could not be read" in warnings
    save_figures("faults", {f"damaged_{case}": "damaged, retrain offered" if is_damaged else "page still works"})


# --- disk full ---------------------------------------------------------------------------------------
class DiskFull:
    """While `armed`, files opened for writing by the store accept half of what they are given, then fail
    with ENOSPC (a disk that filled up mid-write)."""

    def __init__(self, monkeypatch):
        self.armed, self.failures = False, 0
        real_fdopen, real_open = os.fdopen, open

        def wrap(handle):
            if not self.armed:
                return handle
            write = handle.write

            def half_then_fail(data):
                write(data[: len(data) // 2])
                self.failures += 1
                raise OSError(errno.ENOSPC, "No space left on device")

            handle.write = half_then_fail
            return handle

        monkeypatch.setattr(os, "fdopen", lambda *a, **k: wrap(real_fdopen(*a, **k)))
        monkeypatch.setattr("core.store.open", lambda *a, **k: wrap(real_open(*a, **k)), raising=False)


def test_disk_full_while_saving_marks_failed_and_keeps_the_last_epoch(tiny_run, isolated_store, monkeypatch):
    reference = tiny_run("cnn")
    disk = DiskFull(monkeypatch)
    filled = []

    class FillDiskAfterEpoch2(manager_mod._LiveReporter):
        def on_epoch(self, record):
            super().on_epoch(record)
            if record["epoch"] == 2 and not filled:  # the first epoch-2 checkpoint is the write that fails
                disk.armed = True
                filled.append(record["epoch"])

    monkeypatch.setattr(manager_mod, "_LiveReporter", FillDiskAfterEpoch2)
    manager = manager_mod.RunManager(RunStore(isolated_store), os.environ["DLDEMO_DATA_DIR"], device="cpu")
    key = manager.request(reference.demo, reference.cfg)
    assert manager.wait(key, TIMEOUT) == "failed"
    disk.armed = False
    snap = manager.snapshot(key)
    assert disk.failures >= 1
    assert "disk is full" in snap["error"] and "Errno" not in snap["error"]

    names = _run_files_are_whole(manager.store, key)
    assert manager.store.read_train_state(key)["epoch"] == 1
    assert manager.store.load_weights(key)  # epoch 1, checksum verified
    assert not [n for n in names if n.endswith("-e002.safetensors")], names

    assert manager.request(reference.demo, reference.cfg) == key  # space again: resume
    assert manager.wait(key, TIMEOUT) == "done", manager.snapshot(key)["error"]
    _assert_same_weights(manager.store, reference)
    save_figures("faults", {"disk_full_write_failures": disk.failures, "disk_full_resumed_bit_identical": True})


# --- CUDA out of memory ------------------------------------------------------------------------------
def test_out_of_memory_suggests_a_smaller_batch(monkeypatch):
    def out_of_memory(*args, **kwargs):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setitem(DEMOS, "cnn", dataclasses.replace(DEMOS["cnn"], train_epoch=out_of_memory))
    at = _cnn_page_tiny()
    train = next(b for b in at.button if b.label == "Train")
    train.click().run()
    deadline = time.monotonic() + TIMEOUT
    while not at.error:
        assert time.monotonic() < deadline, "no error shown"
        time.sleep(0.3)
        at.run()
    assert not at.exception, at.exception
    (message,) = [e.value for e in at.error]
    assert message.startswith("Training failed:") and "smaller batch size" in message
    assert "Try again" in _labels(at.button)
    save_figures("faults", {"out_of_memory_message": message})
