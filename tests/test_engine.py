"""Tests for the training engine (core.training) with the real demos on their `tiny` preset.

Oracles: the training loss falls; a checkpoint reloaded through core.inference reproduces the trained
model's probabilities bit for bit and the test metrics/confusion matrix the engine recorded; a run stopped
after epoch 1 and resumed ends with exactly the weights of an uninterrupted run; damaged weights are
detected by checksum and retrained; learning-rate schedules hit their closed-form values.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from core import inference
from core.datasets import DatasetUnavailable, load_sklearn_digits
from core.inference import NoFinishedRun, load_finished
from core.manager import RunManager
from core.registry import DEMOS
from core.store import RunStore
from core.training import Reporter, lr_factor, train_run


class StopAfterEpoch(Reporter):
    """Asks to stop as soon as `epoch` has been recorded (the engine raises inside the next batch)."""

    def __init__(self, epoch: int = 1):
        self.epoch, self.recorded = epoch, 0

    def on_epoch(self, record: dict) -> None:
        self.recorded = record["epoch"]

    def stop_requested(self) -> bool:
        return self.recorded >= self.epoch


def _train(store, demo, cfg, key, reporter=None, data_dir="unused-data-dir"):
    return train_run(store, demo, cfg, key, dataset_id=demo.dataset_id(cfg, data_dir), data_dir=data_dir,
                     device="cpu", reporter=reporter)


def _weights_path(store: RunStore, key: str):
    """The weights file the committed checkpoint (train_state.json) names."""
    return store.path(key) / f"{store.read_train_state(key).get('weights_file', 'weights')}.safetensors"


def _checkpoint_files(store: RunStore, key: str) -> list[str]:
    return sorted(p.name for p in store.path(key).glob("*-e[0-9][0-9][0-9].safetensors"))


def _digit_batch(n: int = 16) -> np.ndarray:
    """A fixed batch of held-out digits as float (N, 28, 28) in [0, 1]."""
    return load_sklearn_digits().test_x[:n, 0].numpy().astype(np.float32) / 255.0


# --- training ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("demo", list(DEMOS.values()), ids=lambda d: d.name)
def test_tiny_preset_trains_and_loss_falls(demo, tiny_run):
    run = tiny_run(demo.name)
    assert run.cfg.epochs >= 2
    assert run.meta["status"] == "done" and run.meta["epochs_done"] == run.cfg.epochs
    records = run.store.read_metrics(run.key)
    epochs = [r for r in records if r["kind"] == "epoch"]
    assert [r["epoch"] for r in epochs] == list(range(1, run.cfg.epochs + 1))
    assert epochs[-1]["train_loss"] < epochs[0]["train_loss"]
    steps = [r for r in records if r["kind"] == "step"]
    if len(steps) >= 2:
        assert steps[-1]["loss"] < steps[0]["loss"]
    assert run.store.status(run.key) == "done"
    # The record covers the whole log: no demo (GAN and RL log their own lines) writes to it after "done".
    assert run.meta["metrics_file"] == run.store.metrics_record(run.key)


def test_metrics_file_is_strict_jsonl(tiny_run):
    run = tiny_run("cnn")
    lines = (run.store.path(run.key) / "metrics.jsonl").read_text().splitlines()
    assert all(line.strip() for line in lines), "blank line in metrics.jsonl"
    assert [json.loads(line) for line in lines] == run.store.read_metrics(run.key)


def test_checkpoint_round_trip_gives_identical_predictions(tiny_run, monkeypatch):
    run = tiny_run("cnn")
    demo, cfg = run.demo, run.cfg
    monkeypatch.setattr(inference, "_cache", type(inference._cache)())  # a fresh process-level cache
    loaded = load_finished(run.store, run.key, demo, cfg)
    assert not loaded.training and load_finished(run.store, run.key, demo, cfg) is loaded  # cached

    rebuilt = demo.build_model(cfg)
    rebuilt.load_state_dict(load_file(_weights_path(run.store, run.key)))
    rebuilt.eval()
    batch = _digit_batch()
    expected, got = demo.predict(rebuilt, batch, cfg), demo.predict(loaded, batch, cfg)
    assert got.shape == (len(batch), 10) and np.array_equal(got, expected)
    np.testing.assert_allclose(got.sum(1), 1.0, rtol=1e-5)

    # The engine evaluated the model in memory; the reloaded one must reproduce its numbers exactly.
    data = load_sklearn_digits()
    probs = demo.predict(loaded, data.test_x[:, 0].numpy() / 255.0, cfg)
    pred, truth = probs.argmax(1), data.test_y.numpy()
    summary, _ = run.store.read_report(run.key)
    confusion = np.zeros((10, 10), dtype=int)
    np.add.at(confusion, (truth, pred), 1)
    assert confusion.tolist() == summary["confusion"]
    assert float(np.mean(pred == truth)) == pytest.approx(run.meta["final"]["test_acc"], abs=1e-6)


def test_resume_after_stop_matches_uninterrupted_run(tiny_run, tmp_path):
    straight = tiny_run("cnn")
    store = RunStore(tmp_path / "resumed")
    meta = _train(store, straight.demo, straight.cfg, straight.key, reporter=StopAfterEpoch(1))
    assert meta["status"] == "stopped"
    assert store.read_train_state(straight.key)["epoch"] == 1
    assert [r["epoch"] for r in store.read_metrics(straight.key) if r["kind"] == "epoch"] == [1]
    assert _checkpoint_files(store, straight.key) == ["optim-e001.safetensors", "weights-e001.safetensors"]

    meta = _train(store, straight.demo, straight.cfg, straight.key)
    assert meta["status"] == "done" and meta["epochs_done"] == straight.cfg.epochs
    records = store.read_metrics(straight.key)
    assert {"kind": "resume", "epoch": 1} in records
    assert [r["epoch"] for r in records if r["kind"] == "epoch"] == [1, 2]
    assert meta["metrics_file"] == store.metrics_record(straight.key)  # recorded after the resumed epochs
    assert _checkpoint_files(store, straight.key) == ["optim-e002.safetensors", "weights-e002.safetensors"]

    # Shuffles and augmentation are seeded by (seed, epoch), so the resumed run is bit-identical.
    resumed = store.load_weights(straight.key)
    reference = straight.store.load_weights(straight.key)
    assert resumed.keys() == reference.keys()
    for name, tensor in reference.items():
        assert torch.equal(resumed[name], tensor), name
    assert meta["final"]["test_acc"] == straight.meta["final"]["test_acc"]
    assert meta["final"]["train_loss"] == straight.meta["final"]["train_loss"]


class StopAtStep(Reporter):
    """Asks to stop once `step` optimizer steps are done: inside epoch 1, before any checkpoint."""

    def __init__(self, step: int):
        self.step, self.done = step, 0

    def on_step(self, step, total, samples, loss) -> None:
        self.done = step

    def stop_requested(self) -> bool:
        return self.done >= self.step


def test_restart_after_stop_in_first_epoch_has_no_duplicate_steps(tiny_run, tmp_path):
    straight = tiny_run("cnn")
    store = RunStore(tmp_path / "restarted")
    meta = _train(store, straight.demo, straight.cfg, straight.key, reporter=StopAtStep(15))
    assert meta["status"] == "stopped" and store.read_train_state(straight.key) is None
    assert _train(store, straight.demo, straight.cfg, straight.key)["status"] == "done"
    steps = [r["step"] for r in store.read_metrics(straight.key) if r["kind"] == "step"]
    reference = [r["step"] for r in straight.store.read_metrics(straight.key) if r["kind"] == "step"]
    assert steps == reference


# --- damaged files -----------------------------------------------------------------------------------
def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip_bit(path):
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 4] ^= 0x01  # inside the tensor payload: the header still parses
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _flip_bit], ids=["truncated", "bit-flip"])
def test_damaged_weights_are_detected(damage, installed_tiny):
    run = installed_tiny
    assert run.store.status(run.key) == "done"
    damage(_weights_path(run.store, run.key))
    assert run.store.status(run.key) == "damaged"
    inference._cache.clear()
    with pytest.raises(NoFinishedRun, match="damaged"):
        load_finished(run.store, run.key, run.demo, run.cfg)


def test_manager_retrains_a_damaged_run(installed_tiny, tiny_run, tmp_path):
    run, original = installed_tiny, tiny_run("cnn")
    _flip_bit(_weights_path(run.store, run.key))
    manager = RunManager(run.store, str(tmp_path / "data"), device="cpu")
    assert manager.snapshot(run.key)["status"] == "damaged"
    assert manager.request(run.demo, run.cfg) == run.key
    assert manager.wait(run.key, timeout=120) == "done"
    assert run.store.status(run.key) == "done"
    records = run.store.read_metrics(run.key)
    assert not any(r["kind"] == "resume" for r in records)  # started afresh, not resumed from bad files
    assert [r["epoch"] for r in records if r["kind"] == "epoch"] == [1, 2]
    # Same config, same seed, same device: the retrained weights are the original ones.
    assert run.store.read_train_state(run.key)["weights_sha256"] == \
        original.store.read_train_state(run.key)["weights_sha256"]
    assert run.store.read_meta(run.key)["final"]["test_acc"] == run.meta["final"]["test_acc"]


# --- data errors -------------------------------------------------------------------------------------
def test_unavailable_dataset_names_the_alternative(tmp_path):
    demo = DEMOS["cnn"]
    cfg = demo.config({"dataset": "mnist-10k"}, preset="tiny")
    empty = tmp_path / "empty"
    empty.mkdir()
    manager = RunManager(RunStore(tmp_path / "store"), str(empty))
    with pytest.raises(DatasetUnavailable, match="'digits'") as err:
        manager.key_for(demo, cfg)
    assert "t10k-images-idx3-ubyte.gz" in str(err.value)
    assert not (tmp_path / "store").exists()


def test_shared_mnist_10k_split_and_key(shared_data):
    demo = DEMOS["cnn"]
    cfg = demo.config({"dataset": "mnist-10k"}, preset="tiny")
    dataset_id = demo.dataset_id(cfg, str(shared_data))
    assert dataset_id.startswith("mnist-10k:") and len(dataset_id) == len("mnist-10k:") + 12
    data = demo.load_data(cfg, str(shared_data), torch.device("cpu"))
    assert data.train_x.shape == (8000, 1, 28, 28) and data.test_x.shape == (2000, 1, 28, 28)
    assert data.train_x.dtype == torch.uint8 and set(data.test_y.unique().tolist()) == set(range(10))
    digits_key = RunManager(RunStore("unused"), str(shared_data)).key_for(demo, demo.config(preset="tiny"))
    assert RunManager(RunStore("unused"), str(shared_data)).key_for(demo, cfg) != digits_key


# --- learning-rate schedules -------------------------------------------------------------------------
def test_onecycle_schedule_exact_values():
    total = 100
    assert lr_factor("onecycle", 0, total) == 0.0
    assert lr_factor("onecycle", 25, total) == 1.0
    assert lr_factor("onecycle", total, total) == 0.0
    assert lr_factor("onecycle", 2 * total, total) == 0.0  # clamped past the end
    for step in range(0, 25):
        assert lr_factor("onecycle", step, total) == pytest.approx(step / 25, abs=1e-12)
    for step in range(25, total + 1):
        assert lr_factor("onecycle", step, total) == pytest.approx((total - step) / 75, abs=1e-12)
    assert lr_factor("onecycle", 0, 0) == 0.0  # an empty run does not divide by zero


def test_cosine_and_constant_schedules():
    total = 64
    assert lr_factor("cosine", 0, total) == 1.0
    assert lr_factor("cosine", total // 2, total) == pytest.approx(0.5, abs=1e-12)
    assert lr_factor("cosine", total, total) == pytest.approx(0.0, abs=1e-12)
    for step in range(total + 1):
        expected = 0.5 * (1 + math.cos(math.pi * step / total))
        assert lr_factor("cosine", step, total) == pytest.approx(expected, abs=1e-12)
    values = [lr_factor("cosine", s, total) for s in range(total + 1)]
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))
    assert {lr_factor("constant", s, total) for s in (0, 1, total // 2, total)} == {1.0}
