"""The process-wide run manager: background training threads shared by every browser session.

Contract:
- `request(demo, cfg)` returns the run key at once. A finished run is a cache hit (nothing trains); a run
  already queued or running in this process is shared (one thread per key however many sessions ask);
  otherwise a worker thread is started. At most `max_concurrent` runs train at a time (default 1 on a
  CPU, `$DLDEMO_MAX_CONCURRENT` to change); the rest wait, queued in request order.
- `stop(key)` asks the worker to stop after the current batch; the run keeps its last epoch checkpoint
  and `request(..., resume=True)` (or `resume(key)`) continues from it.
- `snapshot(key)` is a plain dict for the UI (status, progress, ETA, samples/s, device, metrics).
- Worker threads never call Streamlit; pages poll `snapshot` from a fragment.
Statuses: queued, running, done, stopped, failed, damaged (files unreadable), missing (never trained).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

from core.config import config_to_dict
from core.demo import Demo
from core.store import RunStore, run_key
from core.training import Reporter, friendly_error, train_run

ACTIVE = ("queued", "running")
MAX_FINISHED_KEPT = 64  # finished runs whose live record (final error message, speed) stays in memory


@dataclass
class LiveRun:
    """In-memory progress of one run; written by its worker, read by any session (under `lock`)."""

    key: str
    demo: str
    status: str = "queued"
    step: int = 0
    total_steps: int = 0
    epoch: int = 0
    epochs: int = 0
    device: str = ""
    samples: int = 0
    started: float = 0.0
    first_step: int = 0
    last_loss: float | None = None
    error: str | None = None
    stop_event: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None


class _LiveReporter(Reporter):
    def __init__(self, live: LiveRun):
        self.live = live

    def on_start(self, info: dict) -> None:
        with self.live.lock:
            self.live.status = "running"
            self.live.epoch, self.live.epochs = info["epoch"], info["epochs"]
            self.live.step = self.live.first_step = info["step"]
            self.live.total_steps, self.live.device = info["total_steps"], info["device"]
            self.live.started, self.live.samples = time.perf_counter(), 0

    def on_step(self, step: int, total: int, samples: int, loss: float | None) -> None:
        with self.live.lock:
            self.live.step, self.live.samples = step, self.live.samples + samples
            if loss is not None:
                self.live.last_loss = loss

    def on_epoch(self, record: dict) -> None:
        with self.live.lock:
            self.live.epoch = record["epoch"]

    def stop_requested(self) -> bool:
        return self.live.stop_event.is_set()


def default_max_concurrent() -> int:
    return max(1, int(os.environ.get("DLDEMO_MAX_CONCURRENT", "1")))


class RunManager:
    def __init__(self, store: RunStore, data_dir: str, device: str = "auto", max_concurrent: int | None = None):
        self.store, self.data_dir, self.device = store, data_dir, device
        self._slots = threading.Semaphore(max_concurrent or default_max_concurrent())
        self._lock = threading.Lock()
        self._live: dict[str, LiveRun] = {}

    # --- asking for runs ---------------------------------------------------------------------------
    def key_for(self, demo: Demo, cfg) -> str:
        return run_key(demo.name, config_to_dict(cfg), demo.dataset_id(cfg, self.data_dir), demo.recipe_version)

    def request(self, demo: Demo, cfg, *, resume: bool = True, retrain: bool = False) -> str:
        """Key of the run for (demo, cfg): cached, shared, resumed or newly started (see module doc)."""
        dataset_id = demo.dataset_id(cfg, self.data_dir)
        key = run_key(demo.name, config_to_dict(cfg), dataset_id, demo.recipe_version)
        with self._lock:
            live = self._live.get(key)
            if live is not None and live.status in ACTIVE:
                return key
            status = self.stored_status(key)
            if status == "done" and not retrain:
                return key
            if retrain or status == "damaged" or not resume:
                self.store.clear(key)
            live = LiveRun(key=key, demo=demo.name, epochs=cfg.epochs)
            self._live[key] = live
            self._forget_finished()
            live.thread = threading.Thread(target=self._work, args=(live, demo, cfg, dataset_id),
                                           name=f"train-{demo.name}-{key[:6]}", daemon=True)
            live.thread.start()
        return key

    def _forget_finished(self, keep: int = MAX_FINISHED_KEPT) -> None:
        """Bound memory: finished runs live on disk, so old in-memory records can go (oldest first)."""
        finished = [k for k, live in self._live.items() if live.status not in ACTIVE]
        for key in finished[:max(0, len(finished) - keep)]:
            del self._live[key]

    def forget(self, key: str) -> None:
        """Drop the in-memory record of a finished run (after its folder was deleted), so its last status and
        error stop showing; an active run is kept."""
        with self._lock:
            live = self._live.get(key)
            if live is not None and live.status not in ACTIVE:
                del self._live[key]

    def resume(self, demo: Demo, cfg) -> str:
        return self.request(demo, cfg, resume=True)

    def stop(self, key: str) -> None:
        live = self._live.get(key)
        if live is not None:
            live.stop_event.set()

    def wait(self, key: str, timeout: float | None = None) -> str:
        """Block until the run's worker ends (tests and the CLI); returns the final status."""
        live = self._live.get(key)
        if live is not None and live.thread is not None:
            live.thread.join(timeout)
        return self.snapshot(key)["status"]

    # --- the worker --------------------------------------------------------------------------------
    def _work(self, live: LiveRun, demo: Demo, cfg, dataset_id: str) -> None:
        with self._slots:
            if live.stop_event.is_set():
                live.status = "stopped"
                return
            with live.lock:
                live.status = "running"  # preparing data and model until the reporter's on_start
            try:
                with self.store.training_lock(live.key):
                    meta = train_run(self.store, demo, cfg, live.key, dataset_id=dataset_id,
                                     data_dir=self.data_dir, device=self.device, reporter=_LiveReporter(live))
                live.status = meta["status"]
            except BlockingIOError:
                live.status, live.error = "failed", "Another process (the CLI?) is training this run right now."
            except Exception as err:  # noqa: BLE001 - any training error is shown to the user, not raised
                meta = self.store.read_meta(live.key) or {}  # no error there when the disk refused that write too
                live.status, live.error = "failed", meta.get("error") or friendly_error(err)

    # --- reading state -----------------------------------------------------------------------------
    def stored_status(self, key: str) -> str:
        """The store's status, except that a run recorded as active but not alive here is 'stopped'
        (its process died; it resumes from its last checkpoint)."""
        status = self.store.status(key)
        if status in ACTIVE and self._live.get(key) is None:
            return "stopped"
        return status

    def snapshot(self, key: str) -> dict:
        """Everything a page needs to draw a run, as plain data."""
        live = self._live.get(key)
        meta = self.store.read_meta(key) or {}
        snap = {"key": key, "meta": meta, "metrics": self.store.read_metrics(key) if self.store.exists(key) else []}
        if live is not None and (live.status in ACTIVE or live.status in ("failed", "stopped")):
            with live.lock:
                elapsed = time.perf_counter() - live.started if live.started else 0.0
                done_steps = live.step - live.first_step
                rate = done_steps / elapsed if elapsed > 0 and done_steps > 0 else None
                snap.update(status=live.status, step=live.step, total_steps=live.total_steps,
                            epoch=live.epoch, epochs=live.epochs, device=live.device, error=live.error,
                            samples_per_s=live.samples / elapsed if rate else None, last_loss=live.last_loss,
                            eta_s=(live.total_steps - live.step) / rate if rate else None)
            if live.status not in ACTIVE:
                snap["status"] = self.stored_status(key) if live.status != "failed" else "failed"
            return snap
        status = self.stored_status(key)
        snap.update(status=status, error=meta.get("error"), epoch=meta.get("epochs_done", 0),
                    epochs=meta.get("epochs_total", 0), device=meta.get("device", ""))
        return snap
