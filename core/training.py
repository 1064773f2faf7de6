"""The training engine: runs any registered demo epoch by epoch into the run store, resumably.

`train_run(store, demo, cfg, key, ...)` is the one code path used by the app's worker threads, the CLI and
the benchmarks. Each epoch: the demo's explicit `train_epoch` (model.train(), its own loop), then its
`evaluate` (no_grad), then one metrics line and a checkpoint (weights, optimizer, train_state.json last as
the commit point). A run with a checkpoint resumes after its last completed epoch; the learning-rate
schedule is a pure function of the global step and shuffling is seeded by (seed, epoch), so a resumed run
follows the same path as an uninterrupted one. Progress goes to a `Reporter`; nothing here touches
Streamlit.
"""

from __future__ import annotations

import errno
import math
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from core.config import config_to_dict
from core.demo import Demo
from core.device import autocast, configure_threads, device_label, pick_device
from core.optim_state import load_optimizer, save_optimizer
from core.store import RunStore, atomic_write_json


class StopRequested(Exception):
    """Raised inside a batch loop when the user pressed Stop; the epoch in progress is discarded."""


def lr_factor(schedule: str, step: int, total: int, warmup: float = 0.25) -> float:
    """Learning-rate multiplier at `step` of `total`: 'onecycle' (linear warm-up over `warmup` of the run,
    then linear decay to 0, as in airbench), 'cosine' (half cosine to 0) or 'constant'."""
    progress = min(step / max(total, 1), 1.0)
    if schedule == "onecycle":
        return progress / warmup if progress < warmup else (1 - progress) / (1 - warmup)
    if schedule == "cosine":
        return 0.5 * (1 + math.cos(math.pi * progress))
    return 1.0


class Reporter:
    """Receives progress; subclasses draw a CLI bar or update the run manager's live state."""

    def on_start(self, info: dict) -> None: ...
    def on_step(self, step: int, total: int, samples: int, loss: float | None) -> None: ...
    def on_epoch(self, record: dict) -> None: ...
    def stop_requested(self) -> bool:
        return False


@dataclass
class TrainContext:
    """What a demo's train_epoch needs from the engine: device, precision, batches, LR, progress."""

    device: torch.device
    seed: int
    epoch: int              # 1-based epoch being trained
    global_step: int        # optimizer steps done before this one
    total_steps: int        # optimizer steps in the whole run
    reporter: Reporter = field(default_factory=Reporter)
    log: Callable[[dict], None] | None = None  # appends a loss record to metrics.jsonl every 10 steps

    def autocast(self, cpu_bf16: bool = False):
        return autocast(self.device, cpu_bf16)

    def generator(self) -> torch.Generator:
        """CPU generator seeded by (seed, epoch): the same shuffles after a resume."""
        return torch.Generator().manual_seed(self.seed * 100_003 + self.epoch)

    def batches(self, n: int, batch_size: int):
        """Yield index tensors of a fresh random permutation of range(n), on the run's device."""
        order = torch.randperm(n, generator=self.generator()).to(self.device)
        for start in range(0, n, batch_size):
            yield order[start:start + batch_size]

    def set_lr(self, optimizer, base_lr: float, schedule: str) -> float:
        lr = base_lr * lr_factor(schedule, self.global_step, self.total_steps)
        for group in optimizer.param_groups:
            group["lr"] = lr * group.get("lr_scale", 1.0)
        return lr

    def step_done(self, samples: int, loss: torch.Tensor | None = None) -> None:
        """Call after each optimizer step. Reads the loss only every 10 steps (a GPU sync otherwise)."""
        self.global_step += 1
        value = float(loss.detach()) if loss is not None and self.global_step % 10 == 0 else None
        if value is not None and self.log is not None:
            self.log({"kind": "step", "epoch": self.epoch, "step": self.global_step, "loss": round(value, 5)})
        self.reporter.on_step(self.global_step, self.total_steps, samples, value)
        if self.reporter.stop_requested():
            raise StopRequested


def library_versions() -> dict:
    import numpy

    return {"torch": torch.__version__, "numpy": numpy.__version__, "python": platform.python_version()}


def train_run(store: RunStore, demo: Demo, cfg, key: str, *, dataset_id: str, data_dir: str,
              device: str = "auto", reporter: Reporter | None = None) -> dict:
    """Train (or resume) run `key` to completion or until stopped; returns its final meta record.
    Raises on data or training errors after marking the run failed."""
    reporter = reporter or Reporter()
    configure_threads()
    dev = pick_device("cpu" if demo.cpu_only else device)
    if not store.exists(key):
        store.create(key, {"demo": demo.name, "config": config_to_dict(cfg), "dataset_id": dataset_id,
                           "recipe_version": demo.recipe_version, "key": key})
    store.update_meta(key, status="running", device=device_label(dev), versions=library_versions(),
                      started=time.time(), error=None, epochs_total=cfg.epochs,
                      created=(store.read_meta(key) or {}).get("created", time.time()))
    try:
        data = demo.load_data(cfg, data_dir, dev)
        torch.manual_seed(cfg.seed)
        model = demo.build_model(cfg).to(dev)
        optimizer = demo.make_optimizer(model, cfg)
        state = _restore(store, key, model, optimizer)
        steps_per_epoch = demo.steps_per_epoch(cfg, data)
        ctx = TrainContext(dev, cfg.seed, state["epoch"], state["epoch"] * steps_per_epoch,
                           cfg.epochs * steps_per_epoch, reporter,
                           lambda rec: store.append_metric(key, rec, durable=False))
        reporter.on_start({"epoch": state["epoch"], "epochs": cfg.epochs, "device": device_label(dev),
                           "step": ctx.global_step, "total_steps": ctx.total_steps})
        last_epoch = state["epoch"] if state["stopped_early"] else cfg.epochs
        for epoch in range(state["epoch"] + 1, last_epoch + 1):
            ctx.epoch = epoch
            torch.manual_seed(cfg.seed * 100_003 + epoch)  # dropout/augmentation repeat after a resume
            t0 = time.perf_counter()
            train_metrics = demo.train_epoch(model, optimizer, data, cfg, ctx)
            if dev.type == "cuda":
                torch.cuda.synchronize()
            epoch_seconds = time.perf_counter() - t0
            state["train_seconds"] += epoch_seconds
            record = {"kind": "epoch", "epoch": epoch, "train_seconds": round(state["train_seconds"], 3),
                      "epoch_seconds": round(epoch_seconds, 3), **train_metrics,
                      **demo.evaluate(model, data, cfg, ctx)}
            store.append_metric(key, record)
            reporter.on_epoch(record)
            _early_stopping(cfg, record.get(demo.stop_metric), state)
            state["epoch"], state["global_step"] = epoch, ctx.global_step
            _checkpoint(store, key, model, optimizer, state)
            if state["stopped_early"]:
                break
        return _finish(store, key, demo, cfg, model, data, ctx, state["train_seconds"])
    except StopRequested:
        return store.update_meta(key, status="stopped", stopped=time.time())
    except Exception as err:
        store.update_meta(key, status="failed", error=friendly_error(err), finished=time.time())
        raise


def _restore(store: RunStore, key: str, model, optimizer) -> dict:
    """Load the last committed checkpoint into model and optimizer; the resume state (epoch 0 if none)."""
    state = store.read_train_state(key)
    if state is None:
        if store.read_metrics(key):  # stopped inside epoch 1: forget its partial step records
            store.append_metric(key, {"kind": "resume", "epoch": 0})
        return {"epoch": 0, "train_seconds": 0.0, "best": None, "bad_epochs": 0, "stopped_early": False}
    model.load_state_dict(store.load_weights(key))
    load_optimizer(optimizer, store, key, state)
    store.append_metric(key, {"kind": "resume", "epoch": state["epoch"]})
    return {"epoch": state["epoch"], "train_seconds": state["train_seconds"], "best": state.get("best"),
            "bad_epochs": state.get("bad_epochs", 0), "stopped_early": state.get("stopped_early", False)}


def _checkpoint(store: RunStore, key: str, model, optimizer, state: dict) -> None:
    # Per-epoch file names: the previous checkpoint stays valid until train_state.json names the new one.
    weights_file = f"weights-e{state['epoch']:03d}"
    sha = store.save_tensors(key, weights_file, model.state_dict())
    optim_record = save_optimizer(optimizer, store, key, name=f"optim-e{state['epoch']:03d}")
    store.commit_checkpoint(key, {**state, "weights_file": weights_file, "weights_sha256": sha, **optim_record})


def _finish(store: RunStore, key: str, demo: Demo, cfg, model, data, ctx, train_seconds: float) -> dict:
    """Write the demo's final report and mark the run done with its last epoch's metrics."""
    extra_json, extra_tensors = demo.report(model, data, cfg, ctx)
    if extra_tensors:
        extra_json["tensors_sha256"] = store.save_tensors(key, "report", extra_tensors)
    atomic_write_json(store.path(key) / "report.json", extra_json)
    epochs = [r for r in store.read_metrics(key) if r.get("kind") == "epoch"]
    last = epochs[-1] if epochs else {"epoch": 0}
    final = {k: v for k, v in last.items() if isinstance(v, (int, float)) and k != "epoch"}
    # Recorded after the report, the last step that could log: nothing appends to a done run's metrics.
    return store.update_meta(key, status="done", finished=time.time(), train_seconds=train_seconds,
                             epochs_done=last["epoch"], final=final, metrics_file=store.metrics_record(key))


def _early_stopping(cfg, value: float | None, state: dict) -> None:
    """Patience on a held-out validation metric (higher is better); patience 0 turns it off."""
    patience = getattr(cfg, "early_stopping", 0)
    if value is None or patience <= 0:
        return
    if state["best"] is None or value > state["best"]:
        state["best"], state["bad_epochs"] = value, 0
    else:
        state["bad_epochs"] += 1
        state["stopped_early"] = state["bad_epochs"] >= patience


def friendly_error(err: Exception) -> str:
    """One sentence for the UI; CUDA out-of-memory and a full disk get advice."""
    if isinstance(err, torch.cuda.OutOfMemoryError) or "out of memory" in str(err).lower():
        return "The GPU ran out of memory. Try a smaller batch size or a narrower model."
    if isinstance(err, OSError) and err.errno == errno.ENOSPC:
        return ("The disk is full, so the checkpoint could not be saved; the last saved epoch is kept. Free some "
                "space and try again.")
    return str(err) or type(err).__name__
