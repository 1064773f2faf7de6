"""Tests for core.store: run keys, key-only paths, atomic writes, the metrics log, safetensors
integrity checks, JSON records and the cross-process training lock. Everything lives in tmp_path."""

import hashlib
import json
import os
import struct
import subprocess
import sys

import pytest
import torch

from core import store as store_mod
from core.store import DamagedRun, RunStore, atomic_write_bytes, read_json, run_key

KEY = "0123456789abcdef0123"
ARGS = ("cnn", {"epochs": 2, "lr": 0.1}, "digits-v1", 1)


@pytest.fixture
def store(tmp_path):
    s = RunStore(tmp_path / "runs")
    s.create(KEY, {"demo": "cnn"})
    return s


# --- run keys and paths ----------------------------------------------------------------------------
def test_run_key_is_stable_and_key_shaped():
    # Pinned: changing the hash recipe would silently orphan every cached run.
    assert run_key(*ARGS) == "615f84284e937b65aa29"
    assert store_mod.KEY_PATTERN.match(run_key(*ARGS))


@pytest.mark.parametrize("changed", [
    ("gan", *ARGS[1:]), (ARGS[0], {"epochs": 3, "lr": 0.1}, *ARGS[2:]), (ARGS[0], {"epochs": 2}, *ARGS[2:]),
    (*ARGS[:2], "digits-v2", ARGS[3]), (*ARGS[:3], 2),
])
def test_run_key_changes_with_every_input(changed):
    assert run_key(*changed) != run_key(*ARGS)


def test_run_key_ignores_dict_order():
    assert run_key("cnn", {"lr": 0.1, "epochs": 2}, "digits-v1", 1) == run_key(*ARGS)


@pytest.mark.parametrize("bad", ["../x", "abc", "", "0123456789abcdef012/", "0123456789ABCDEF0123",
                                 "0123456789abcdef01234", None, 12345])
def test_path_rejects_non_keys(tmp_path, bad):
    with pytest.raises(ValueError, match="Not a run key"):
        RunStore(tmp_path).path(bad)


def test_path_and_keys_reject_trailing_newline(tmp_path):
    # Regression: a '^...$' pattern with .match() let "KEY\n" through ('$' matches before a final newline).
    with pytest.raises(ValueError, match="Not a run key"):
        RunStore(tmp_path).path(KEY + "\n")
    (tmp_path / (KEY + "\n")).mkdir()
    assert RunStore(tmp_path).keys() == []


def test_path_like_config_value_stays_under_root(tmp_path):
    root = tmp_path / "a" / "b" / "runs"
    evil = "../../../../tmp/evil"
    outside_before = os.path.exists("/tmp/evil")
    s = RunStore(root)
    key = run_key("cnn", {"dataset": evil}, evil, 1)
    folder = s.create(key, {"config": {"dataset": evil}})
    assert folder.resolve().parent == root.resolve()
    created = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert created == {"a", "a/b", "a/b/runs", f"a/b/runs/{key}", f"a/b/runs/{key}/config.json"}
    assert os.path.exists("/tmp/evil") == outside_before
    assert s.read_config(key) == {"config": {"dataset": evil}}


# --- atomic writes ---------------------------------------------------------------------------------
def test_atomic_write_replaces_content_without_leftovers(tmp_path):
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


@pytest.mark.parametrize("fail_in", ["replace", "fsync"])
def test_atomic_write_failure_keeps_old_file(tmp_path, monkeypatch, fail_in):
    target = tmp_path / "f.json"
    target.write_bytes(b"original")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(store_mod.os, fail_in, boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(target, b"replacement")
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(tmp_path / "new.json", b"first")
    monkeypatch.undo()
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no .tmp and no half-made new.json


# --- metrics log -----------------------------------------------------------------------------------
def append_raw(s, text):
    with open(s.path(KEY) / "metrics.jsonl", "a", encoding="utf-8") as handle:
        handle.write(text)


def test_metrics_round_trip_in_order(store):
    records = [{"kind": "epoch", "epoch": i, "loss": 1 / i} for i in (1, 2, 3)]
    for rec in records:
        store.append_metric(KEY, rec)
    assert store.read_metrics(KEY) == records
    assert RunStore(store.root).read_metrics("f" * 20) == []  # no run, no metrics


def test_metrics_skip_torn_and_garbage_lines(store):
    store.append_metric(KEY, {"epoch": 1})
    append_raw(store, "\x00garbage{\n[1, 2]\n")
    store.append_metric(KEY, {"epoch": 2})
    append_raw(store, '{"epoch": 3, "lo')  # torn last line, no newline
    assert store.read_metrics(KEY) == [{"epoch": 1}, {"epoch": 2}]


def test_resume_marker_drops_lost_epochs(store):
    for rec in ({"kind": "epoch", "epoch": 1}, {"kind": "step", "epoch": 2}, {"kind": "epoch", "epoch": 2},
                {"kind": "step", "epoch": 3}, {"note": "no epoch"}):
        store.append_metric(KEY, rec)
    store.append_metric(KEY, {"kind": "resume", "epoch": 2})
    store.append_metric(KEY, {"kind": "step", "epoch": 3, "step": 99})
    assert store.read_metrics(KEY) == [
        {"kind": "epoch", "epoch": 1}, {"kind": "step", "epoch": 2}, {"kind": "epoch", "epoch": 2},
        {"note": "no epoch"}, {"kind": "resume", "epoch": 2}, {"kind": "step", "epoch": 3, "step": 99}]


def test_record_appended_after_torn_line_survives(store):
    # Regression: appending straight after a torn line glued the resume marker onto it, losing the marker
    # and keeping the interrupted epoch's stale step records.
    store.append_metric(KEY, {"kind": "step", "epoch": 2, "step": 10})
    append_raw(store, '{"kind": "step", "epoch": 2, "st')  # killed mid-write in epoch 2
    store.append_metric(KEY, {"kind": "resume", "epoch": 1})
    assert store.read_metrics(KEY) == [{"kind": "resume", "epoch": 1}]


# --- tensors ---------------------------------------------------------------------------------------
def test_tensors_round_trip_with_shared_storage(store):
    shared = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    tensors = {"embed.weight": shared, "head.weight": shared, "transposed": shared.t(),
               "counts": torch.tensor([1, -2], dtype=torch.int64), "flag": torch.tensor(True),
               "half": torch.linspace(0, 1, 5, dtype=torch.bfloat16)}
    sha = store.save_tensors(KEY, "weights", tensors)
    raw = (store.path(KEY) / "weights.safetensors").read_bytes()
    assert sha == hashlib.sha256(raw).hexdigest()
    (header_len,) = struct.unpack("<Q", raw[:8])  # safetensors layout, not a pickle
    assert raw[8:9] == b"{" and json.loads(raw[8:8 + header_len])["counts"]["dtype"] == "I64"
    loaded = store.load_tensors(KEY, "weights", sha)
    assert loaded.keys() == tensors.keys()
    for name, tensor in tensors.items():
        assert loaded[name].dtype == tensor.dtype and torch.equal(loaded[name], tensor), name


@pytest.fixture
def saved(store):
    sha = store.save_tensors(KEY, "weights", {"w": torch.arange(64, dtype=torch.float32)})
    return store, store.path(KEY) / "weights.safetensors", sha


@pytest.mark.parametrize("cut", [0.5, 0.9, 4 / 1000, 0.0])
def test_truncated_tensors_are_damaged(saved, cut):
    s, path, _ = saved
    raw = path.read_bytes()
    path.write_bytes(raw[:int(len(raw) * cut)])
    with pytest.raises(DamagedRun, match="weights.safetensors is unreadable"):
        s.load_tensors(KEY, "weights")


def test_bit_flip_is_caught_by_checksum(saved):
    s, path, sha = saved
    raw = bytearray(path.read_bytes())
    (header_len,) = struct.unpack("<Q", raw[:8])
    raw[8 + header_len + 5] ^= 0x40
    path.write_bytes(bytes(raw))
    assert not torch.equal(s.load_tensors(KEY, "weights")["w"], torch.arange(64.0))  # parses fine...
    with pytest.raises(DamagedRun, match="checksum"):  # ...so only the checksum can catch it
        s.load_tensors(KEY, "weights", sha)


def test_missing_tensors_are_damaged(store):
    with pytest.raises(DamagedRun, match="optim.safetensors is missing"):
        store.load_tensors(KEY, "optim", "0" * 64)


def test_status_reports_damaged_weights(store):
    assert RunStore(store.root).status("f" * 20) == "missing"
    assert store.status(KEY) == "stopped"  # no meta yet
    store.update_meta(KEY, status="done")
    assert store.status(KEY) == "damaged"  # done, but no weights / train_state.json
    sha = store.save_tensors(KEY, "weights", {"w": torch.ones(16)})
    store_mod.atomic_write_json(store.path(KEY) / "train_state.json", {"weights_sha256": sha})
    assert store.status(KEY) == "done"
    path = store.path(KEY) / "weights.safetensors"
    path.write_bytes(path.read_bytes()[:-4])  # truncated after a successful check
    assert store.status(KEY) == "damaged"


def test_status_checks_metrics_against_the_done_record(store):
    sha = store.save_tensors(KEY, "weights", {"w": torch.ones(16)})
    store_mod.atomic_write_json(store.path(KEY) / "train_state.json", {"weights_sha256": sha})
    for epoch in (1, 2):
        store.append_metric(KEY, {"kind": "epoch", "epoch": epoch, "loss": 0.5})
    path = store.path(KEY) / "metrics.jsonl"
    whole = path.read_bytes()
    store.update_meta(KEY, status="done")
    path.write_bytes(whole[:-3])
    assert store.status(KEY) == "done"  # no record (a run from before it): bad lines are only skipped
    store.update_meta(KEY, metrics_file=store_mod.metrics_record_of(whole))
    assert store.status(KEY) == "damaged"  # truncated
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 0x01
    path.write_bytes(bytes(flipped))
    assert store.status(KEY) == "damaged"  # same length, one bit off
    path.write_bytes(whole)
    assert store.status(KEY) == "done"
    path.unlink()
    assert store.status(KEY) == "damaged"  # the log is gone
    store.update_meta(KEY, metrics_file={"bytes": "12"})
    assert store.status(KEY) == "damaged"  # a record that is not one is damage too


# --- JSON records, listing, clearing ---------------------------------------------------------------
def test_read_json(tmp_path):
    (tmp_path / "ok.json").write_text('{"a": [1, 2]}')
    (tmp_path / "torn.json").write_text('{"a": [1,')
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    assert read_json(tmp_path / "ok.json") == {"a": [1, 2]}
    for name in ("missing.json", "torn.json", "binary.json", "."):
        assert read_json(tmp_path / name) is None, name


def test_update_meta_merges(store):
    assert store.read_meta(KEY) is None
    assert store.update_meta(KEY, status="queued") == {"status": "queued"}
    store.write_meta(KEY, {"status": "running", "device": "cpu"})
    assert store.update_meta(KEY, status="done", final={"acc": 0.99}) == {
        "status": "done", "device": "cpu", "final": {"acc": 0.99}}
    assert store.read_meta(KEY) == {"status": "done", "device": "cpu", "final": {"acc": 0.99}}


def test_keys_lists_only_run_folders(store):
    other = "f" * 20
    store.create(other, {})
    (store.root / "notakey").mkdir()
    (store.root / ("a" * 20)).write_text("a file, not a run")
    (store.root / "0123456789ABCDEF0123").mkdir()
    assert store.keys() == [KEY, other]
    assert store.exists(KEY) and store.read_config(KEY) == {"demo": "cnn"}
    store.clear(KEY)
    assert not store.exists(KEY) and store.keys() == [other]
    assert RunStore(store.root / "nowhere").keys() == []


# --- training lock across processes ----------------------------------------------------------------
# The child takes a plain flock on the same file (fast: no torch import); flock is per open file
# description, so only another process (or another open()) sees the parent's lock.
CHILD = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("busy", flush=True)
    sys.exit()
print("locked", flush=True)
if sys.argv[2] == "hold":
    sys.stdin.read()
"""


def child(lock_path, mode="try"):
    return subprocess.Popen([sys.executable, "-c", CHILD, str(lock_path), mode], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


def test_training_lock_excludes_other_processes(store):
    lock_path = store.path(KEY) / ".lock"
    with store.training_lock(KEY):
        assert child(lock_path).communicate(timeout=10)[0] == "busy\n"
    assert child(lock_path).communicate(timeout=10)[0] == "locked\n"


def test_training_lock_busy_then_freed_when_holder_dies(store):
    holder = child(store.path(KEY) / ".lock", "hold")
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(BlockingIOError):
            with store.training_lock(KEY):
                pytest.fail("lock acquired while another process holds it")
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with store.training_lock(KEY):  # a killed trainer never blocks a resume
        assert child(store.path(KEY) / ".lock").communicate(timeout=10)[0] == "busy\n"


@pytest.mark.parametrize("record", ["[1, 2]", "\"done\"", "42", "null"])
def test_json_records_that_are_not_objects_count_as_damage(tmp_path, record):
    store = RunStore(tmp_path)
    key = "0123456789abcdef0123"
    store.create(key, {"demo": "cnn"})
    (store.path(key) / "meta.json").write_text(record)
    (store.path(key) / "train_state.json").write_text(record)
    assert store.read_meta(key) is None and store.read_train_state(key) is None
    assert store.status(key) == "damaged"  # offered for retraining, never a crash
    (store.path(key) / "meta.json").unlink()
    assert store.status(key) == "stopped"  # no meta at all: the trainer died before its first record
