"""The run store: one folder per run under `checkpoints/`, named by a hash, written atomically.

Contract:
- A run's key is `run_key(demo, config, dataset_id, recipe_version)`: 20 hex digits of a SHA-256.
  Folders are only ever named by keys that match `KEY_PATTERN`, so no user string becomes a path.
- Files per run: `config.json` (what was asked), `meta.json` (status, device, versions, timings, final
  metrics), `metrics.jsonl` (append-only; a torn last line is skipped), `weights.safetensors`,
  `optim.safetensors` + `train_state.json` (resume point, written last as the commit), and the final
  `report.json` / `report.safetensors`.
- Every JSON and safetensors write goes to a temp file in the same folder, is fsynced, then
  `os.replace`d over the target; a crash leaves either the old file or the new one, never half of one.
- Weights carry their SHA-256 in `train_state.json`; a missing, truncated or bit-flipped file makes the
  run `damaged` (treated as missing and offered for retraining), never a crash.
- A finished run's `meta.json` records `metrics_file` ({"bytes", "sha256"} of `metrics.jsonl` when it was marked
  done); a file shorter than that or whose first `bytes` bytes fail the hash makes the run `damaged` too. Done
  runs without the record (made before it existed) keep the old rule: bad lines are skipped.
The root is `$DLDEMO_CHECKPOINTS` or `./checkpoints`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors_bytes
from safetensors.torch import save as save_safetensors_bytes

KEY_PATTERN = re.compile(r"[0-9a-f]{20}")  # always used with fullmatch
TENSOR_FILE_PATTERN = re.compile(r"[a-z]+(-e[0-9]{3})?")  # "weights", "weights-e004", "optim-e004", "report"
STATUSES = ("queued", "running", "done", "stopped", "failed")


class DamagedRun(RuntimeError):
    """A run's files are missing, truncated or fail their checksum."""


def default_root() -> Path:
    return Path(os.environ.get("DLDEMO_CHECKPOINTS", "checkpoints"))


def run_key(demo: str, config: dict, dataset_id: str, recipe_version: int) -> str:
    """Stable hash of everything that determines a run's result."""
    payload = json.dumps({"demo": demo, "config": config, "dataset_id": dataset_id,
                          "recipe_version": recipe_version}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a fsynced temp file in the same folder and os.replace."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_json(path: Path, obj) -> None:
    atomic_write_bytes(path, json.dumps(obj, indent=1, sort_keys=True).encode())


def read_json(path: Path) -> dict | None:
    """The JSON object in `path`, or None when the file is missing, not valid JSON or not an object (every
    record of the store is an object, so anything else is damage)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def tensors_to_bytes(tensors: dict[str, torch.Tensor]) -> bytes:
    # clone() breaks storage sharing (tied weights), which safetensors refuses to serialise.
    return save_safetensors_bytes({k: v.detach().cpu().clone().contiguous() for k, v in tensors.items()})


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def metrics_record_of(data: bytes) -> dict:
    return {"bytes": len(data), "sha256": sha256_bytes(data)}


class RunStore:
    """File layout and atomic I/O for runs; knows nothing about training or Streamlit."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else default_root()
        self._verified: set[tuple] = set()  # weights versions whose checksum already passed

    def path(self, key: str) -> Path:
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            raise ValueError(f"Not a run key: {key!r}")
        return self.root / key

    def create(self, key: str, config_record: dict) -> Path:
        folder = self.path(key)
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_json(folder / "config.json", config_record)
        return folder

    def exists(self, key: str) -> bool:
        return (self.path(key) / "config.json").is_file()

    def clear(self, key: str) -> None:
        """Delete a run (used for 'retrain' of a damaged run and for the Runs page)."""
        shutil.rmtree(self.path(key), ignore_errors=True)

    def keys(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if KEY_PATTERN.fullmatch(p.name) and p.is_dir())

    def status(self, key: str) -> str:
        """missing | queued | running | done | stopped | failed | damaged, as recorded on disk.
        A 'done' run whose weights fail to load or to match their checksum, or whose metrics.jsonl no longer
        matches its `metrics_file` record, is 'damaged', and so is a run whose meta.json is there but is not a
        JSON object."""
        if not self.exists(key):
            return "missing"
        meta = self.read_meta(key)
        if meta is None:  # absent: the process died before its first record; present but unreadable: damage
            return "damaged" if (self.path(key) / "meta.json").exists() else "stopped"
        status = meta.get("status", "stopped")
        if status == "done" and not (self._weights_verified(key) and self._metrics_verified(key, meta)):
            return "damaged"
        return status

    def _weights_verified(self, key: str) -> bool:
        """Checksum and parse the weights once per file version (pages poll status every second)."""
        state = self.read_train_state(key) or {}
        try:
            stat = self._tensor_path(key, state.get("weights_file", "weights")).stat()
        except (OSError, DamagedRun):
            return False
        version = (key, stat.st_mtime_ns, stat.st_size, state.get("weights_sha256"))
        if version in self._verified:
            return True
        try:
            self.load_weights(key)
        except DamagedRun:
            return False
        self._verified.add(version)
        return True

    def _metrics_verified(self, key: str, meta: dict) -> bool:
        """metrics.jsonl still holds the bytes the done record vouches for; checked once per file version."""
        record = meta.get("metrics_file")
        if record is None:
            return True
        if not isinstance(record, dict) or not isinstance(record.get("bytes"), int):
            return False
        path = self.path(key) / "metrics.jsonl"
        try:
            stat = path.stat()
        except FileNotFoundError:
            return record["bytes"] == 0  # metrics_record counts no file as an empty one
        except OSError:
            return False
        version = ("metrics", key, stat.st_mtime_ns, stat.st_size, record["bytes"], record.get("sha256"))
        if version in self._verified:
            return True
        try:
            data = path.read_bytes()
        except OSError:
            return False
        # The prefix, not the whole file: the log is append-only, so what was there at "done" must still be.
        if len(data) < record["bytes"] or sha256_bytes(data[:record["bytes"]]) != record.get("sha256"):
            return False
        self._verified.add(version)
        return True

    # --- JSON records -------------------------------------------------------------------------
    def read_config(self, key: str) -> dict | None:
        return read_json(self.path(key) / "config.json")

    def read_meta(self, key: str) -> dict | None:
        return read_json(self.path(key) / "meta.json")

    def write_meta(self, key: str, meta: dict) -> None:
        atomic_write_json(self.path(key) / "meta.json", meta)

    def update_meta(self, key: str, **changes) -> dict:
        meta = self.read_meta(key) or {}
        meta.update(changes)
        self.write_meta(key, meta)
        return meta

    def read_train_state(self, key: str) -> dict | None:
        return read_json(self.path(key) / "train_state.json")

    # --- metrics ------------------------------------------------------------------------------
    def append_metric(self, key: str, record: dict, durable: bool = True) -> None:
        """Append one JSON line and fsync: earlier lines are never rewritten. After a torn last line
        (a crash mid-write) the record starts on a fresh line, so only the torn one is lost."""
        path = self.path(key) / "metrics.jsonl"
        with open(path, "a+b") as handle:
            torn = False
            if handle.seek(0, os.SEEK_END) > 0:
                handle.seek(-1, os.SEEK_END)
                torn = handle.read(1) != b"\n"
            handle.write((("\n" if torn else "") + json.dumps(record) + "\n").encode())
            handle.flush()
            if durable:  # per-step loss points skip the fsync: losing the last few to a crash costs nothing
                os.fsync(handle.fileno())

    def metrics_record(self, key: str) -> dict:
        """Length and SHA-256 of metrics.jsonl as it is now: the `metrics_file` record of a run being marked done."""
        try:
            data = (self.path(key) / "metrics.jsonl").read_bytes()
        except FileNotFoundError:
            data = b""
        return metrics_record_of(data)

    def read_metrics(self, key: str) -> list[dict]:
        """All complete records. Torn or garbled lines are skipped; a `resume` marker at epoch E drops
        the records of epochs after E written before it (work lost when the run was interrupted)."""
        try:
            lines = (self.path(key) / "metrics.jsonl").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        records: list[dict] = []
        for line in lines.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            if record.get("kind") == "resume":
                records = [r for r in records if r.get("epoch", 0) <= record.get("epoch", 0)]
            records.append(record)
        return records

    def _tensor_path(self, key: str, name: str) -> Path:
        # Names come from code or from train_state.json on disk; either way never a free-form path.
        if not isinstance(name, str) or not TENSOR_FILE_PATTERN.fullmatch(name):
            raise DamagedRun(f"Invalid tensor file name {name!r}.")
        return self.path(key) / f"{name}.safetensors"

    # --- tensors ------------------------------------------------------------------------------
    def save_tensors(self, key: str, name: str, tensors: dict[str, torch.Tensor]) -> str:
        """Atomically write `name`.safetensors; returns its SHA-256 for the integrity record."""
        data = tensors_to_bytes(tensors)
        atomic_write_bytes(self._tensor_path(key, name), data)
        return sha256_bytes(data)

    def load_tensors(self, key: str, name: str, sha256: str | None = None) -> dict[str, torch.Tensor]:
        """Load `name`.safetensors; raise DamagedRun if missing, unreadable or not matching `sha256`."""
        path = self._tensor_path(key, name)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise DamagedRun(f"{name}.safetensors is missing ({err.strerror}).") from None
        if sha256 is not None and sha256_bytes(data) != sha256:
            raise DamagedRun(f"{name}.safetensors does not match its checksum (corrupted).")
        try:
            return load_safetensors_bytes(data)
        except (SafetensorError, ValueError, RuntimeError) as err:
            raise DamagedRun(f"{name}.safetensors is unreadable: {err}") from None

    def load_weights(self, key: str) -> dict[str, torch.Tensor]:
        """The model weights named by train_state.json, checksum verified (DamagedRun otherwise)."""
        state = self.read_train_state(key)
        if not isinstance(state, dict) or not state.get("weights_sha256"):
            raise DamagedRun("train_state.json is missing or unreadable.")
        return self.load_tensors(key, state.get("weights_file", "weights"), state["weights_sha256"])

    def commit_checkpoint(self, key: str, state: dict) -> None:
        """Write train_state.json (the commit point: it names the epoch's files and their checksums), then
        delete checkpoint files it no longer names. Files of a crashed, uncommitted epoch are ignored."""
        atomic_write_json(self.path(key) / "train_state.json", state)
        keep = {f"{state.get('weights_file')}.safetensors", f"{state.get('optim_file')}.safetensors"}
        for path in self.path(key).glob("*-e[0-9][0-9][0-9].safetensors"):
            if path.name not in keep:
                path.unlink(missing_ok=True)

    def read_report(self, key: str) -> tuple[dict, dict[str, torch.Tensor]]:
        """The final report (JSON and tensors) of a finished run; DamagedRun when unreadable."""
        summary = read_json(self.path(key) / "report.json")
        if not isinstance(summary, dict):
            raise DamagedRun("report.json is missing or unreadable.")
        sha = summary.get("tensors_sha256")
        return summary, (self.load_tensors(key, "report", sha) if sha else {})

    # --- locking across processes (app + CLI on the same cache) ---------------------------------
    @contextlib.contextmanager
    def training_lock(self, key: str):
        """Hold an exclusive, non-blocking lock on the run; raise BlockingIOError if another process
        is training it. The lock dies with the process, so a killed trainer never blocks a resume."""
        import fcntl

        folder = self.path(key)
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
