"""Moving finished runs between machines as zip archives, and deleting runs: the Runs page's file operations.

Contract:
- `export_run(store, key)` -> zip bytes of a finished, verified run (same run, same bytes): `config.json` (the
  store's record: demo, config, dataset_id, recipe_version, key), `meta.json`, `metrics.jsonl`, `metrics.csv`
  (the per-epoch records), `weights.safetensors`, `train_state.json` (epoch, timings and the weights' SHA-256;
  no optimizer state: a finished run never resumes) and `report.json` / `report.safetensors` when it has them.
- `import_run(manager, data, overwrite=False)` validates such an archive from bytes and stores it; it returns an
  `Imported` record or raises `ArchiveError` with one user-facing sentence. Checks, in order: size caps (the
  archive, each entry, their sum, read with a bound so a lying header cannot inflate), at most one entry per name
  of a fixed allow-list, no folders (entry names are looked up in that list, never used as paths); the config
  rebuilt with the named registered demo's validation (`make_config`); the key recomputed with `run_key` from that
  config, the archive's dataset id and the demo's current recipe version (it must equal the recorded key); the
  dataset id recomputed on this machine must equal the archive's (when the data is unavailable here the run is
  stored under the archive's id, which is exactly what it was trained on, and the result says so); the run must
  be recorded as done; weights parsed with safetensors only (a pickle or torch.save file is rejected by name)
  and loaded into `demo.build_model(cfg)` with strict=True; the report's tensors must match their checksum.
  Only then is the run written (into a hidden staging folder renamed into place, so a half-imported run is never
  visible) with status done and a `metrics_file` record of the metrics.jsonl it writes (the archive's own record
  described the exporting store's file, which export rebuilds from its records, so export drops it). A run with
  the same key is replaced only with `overwrite=True`.
- `delete_run(manager, key)` removes a run, refusing one that is queued or training (here or in another process).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors_bytes

from core.config import ConfigError, config_to_dict, make_config
from core.datasets import DatasetUnavailable
from core.manager import ACTIVE, RunManager
from core.registry import DEMOS
from core.store import (
    DamagedRun,
    RunStore,
    atomic_write_bytes,
    metrics_record_of,
    run_key,
    sha256_bytes,
    tensors_to_bytes,
)

MiB = 1 << 20
# Allowed entry name -> its size cap (bytes, uncompressed) and the store file it becomes (None: derived, not kept).
ENTRIES = {
    "config.json": (1 * MiB, "config.json"),
    "meta.json": (1 * MiB, "meta.json"),
    "train_state.json": (1 * MiB, "train_state.json"),
    "metrics.jsonl": (64 * MiB, "metrics.jsonl"),
    "metrics.csv": (64 * MiB, None),
    "report.json": (16 * MiB, "report.json"),
    "weights.safetensors": (512 * MiB, "weights.safetensors"),
    "report.safetensors": (256 * MiB, "report.safetensors"),
}
REQUIRED = ("config.json", "meta.json", "weights.safetensors")
MAX_ARCHIVE_BYTES = 50 * MiB    # the uploaded zip itself: Streamlit's maxUploadSize refuses anything larger
MAX_UNPACKED_BYTES = 768 * MiB  # all entries together, uncompressed
PICKLE_SUFFIXES = (".pt", ".pth", ".pkl", ".pickle", ".bin", ".ckpt")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed entry dates: the same run always exports the same bytes
META_FIELDS = {"device": str, "created": float, "started": float, "finished": float, "train_seconds": float,
               "epochs_done": int, "epochs_total": int, "versions": dict, "final": dict}
STATE_FIELDS = {"epoch": int, "train_seconds": float, "best": float, "bad_epochs": int, "stopped_early": bool}


class ArchiveError(ValueError):
    """An archive cannot be exported or imported; the message is one sentence for the visitor."""


class RunBusy(RuntimeError):
    """The run is queued or training, so it cannot be deleted or replaced now."""


@dataclass(frozen=True)
class Imported:
    key: str
    demo: str
    replaced: bool          # an existing run with this key was overwritten
    data_available: bool    # False: this machine cannot load the run's dataset (stored under the archive's id)


# --- export -----------------------------------------------------------------------------------------------
def export_run(store: RunStore, key: str) -> bytes:
    """The zip archive of a finished run (see the module contract); ArchiveError for any other run."""
    status = store.status(key)
    if status != "done":
        raise ArchiveError(f"Only finished runs can be downloaded; run {key} is {status}.")
    try:
        weights = tensors_to_bytes(store.load_weights(key))
        report, report_tensors = store.read_report(key)
    except DamagedRun as err:
        raise ArchiveError(f"Run {key} cannot be exported: {err}") from None
    state = store.read_train_state(key) or {}
    meta = {k: v for k, v in (store.read_meta(key) or {}).items() if k != "metrics_file"}
    files = {"config.json": _json_bytes(store.read_config(key)), "meta.json": _json_bytes(meta),
             "weights.safetensors": weights,
             "train_state.json": _json_bytes({**{k: state[k] for k in STATE_FIELDS if k in state},
                                              "weights_sha256": sha256_bytes(weights)})}
    records = store.read_metrics(key)
    files["metrics.jsonl"] = "".join(json.dumps(r) + "\n" for r in records).encode()
    files["metrics.csv"] = epochs_csv(records)
    if report_tensors:
        files["report.safetensors"] = tensors_to_bytes(report_tensors)
        report = {**report, "tensors_sha256": sha256_bytes(files["report.safetensors"])}
    files["report.json"] = _json_bytes(report)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def archive_name(store: RunStore, key: str) -> str:
    """Download file name: '<demo>-<key>.zip'."""
    return f"{(store.read_config(key) or {}).get('demo', 'run')}-{key}.zip"


def epochs_csv(records: list[dict]) -> bytes:
    """The per-epoch records as CSV: one row per epoch, a column per metric (first-seen order)."""
    epochs = [r for r in records if r.get("kind") == "epoch"]
    columns = list(dict.fromkeys(k for r in epochs for k in r if k != "kind"))
    text = io.StringIO()
    writer = csv.DictWriter(text, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: v for k, v in r.items() if k != "kind"} for r in epochs)
    return text.getvalue().encode()


def _json_bytes(obj) -> bytes:
    return json.dumps(obj, indent=1, sort_keys=True).encode()


# --- import -----------------------------------------------------------------------------------------------
def import_run(manager: RunManager, data: bytes, overwrite: bool = False) -> Imported:
    """Validate an archive and store its run (see the module contract)."""
    files = read_entries(data)
    record = _json_dict(files, "config.json")
    demo = DEMOS.get(record.get("demo"))
    if demo is None:
        raise ArchiveError(f"The archive's run is of demo {record.get('demo')!r}, which this app does not have "
                           f"(it has: {', '.join(DEMOS)}).")
    if record.get("recipe_version") != demo.recipe_version:
        raise ArchiveError(f"The archive was trained with version {record.get('recipe_version')!r} of the "
                           f"{demo.name} recipe; this app uses version {demo.recipe_version}, so it would not match.")
    try:
        cfg = make_config(demo.config_cls, record.get("config") if isinstance(record.get("config"), dict) else {})
    except ConfigError as err:
        raise ArchiveError(f"The archive's settings are not valid for {demo.name}: {err}") from None
    dataset_id = record.get("dataset_id")
    if not isinstance(dataset_id, str):
        raise ArchiveError("The archive's config.json does not name the dataset the run was trained on.")
    key = run_key(demo.name, config_to_dict(cfg), dataset_id, demo.recipe_version)
    if record.get("key") != key:
        raise ArchiveError("The archive's settings do not reproduce its run key, so it was edited or made by "
                           "another version of this app.")
    data_available = _check_dataset(demo, cfg, dataset_id, manager.data_dir)
    store = manager.store
    if store.exists(key) and not overwrite:
        raise ArchiveError(f"Run {key} is already here (status {manager.stored_status(key)}); choose to replace it "
                           "to import this archive over it.")
    meta = _imported_meta(_json_dict(files, "meta.json"))
    weights, state = _checked_weights(files, demo, cfg, meta)
    report = _checked_report(files)
    metrics = _clean_metrics(files.get("metrics.jsonl", b""))
    replaced = _install(manager, key, {
        "config.json": _json_bytes({"demo": demo.name, "config": config_to_dict(cfg), "dataset_id": dataset_id,
                                    "recipe_version": demo.recipe_version, "key": key}),
        "meta.json": _json_bytes({**meta, "metrics_file": metrics_record_of(metrics)}),
        "train_state.json": _json_bytes(state), "weights.safetensors": weights, "metrics.jsonl": metrics,
        **report}, overwrite)
    return Imported(key, demo.name, replaced, data_available)


def read_entries(data: bytes) -> dict[str, bytes]:
    """The archive's entries by allowed name, within the size caps; ArchiveError for anything else."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveError(f"The archive is {len(data) / MiB:.0f} MiB; the limit is {MAX_ARCHIVE_BYTES // MiB} MiB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > len(ENTRIES):
            raise ArchiveError(f"The archive holds {len(infos)} entries; a run archive has at most {len(ENTRIES)}.")
        files: dict[str, bytes] = {}
        for info in infos:
            _check_entry_name(info.filename, files)
            cap = ENTRIES[info.filename][0]
            if info.file_size > cap:
                raise ArchiveError(f"{info.filename} is larger than its {cap // MiB} MiB limit.")
            with archive.open(info) as handle:
                content = handle.read(cap + 1)  # bounded: a header that under-states the size cannot inflate
            if len(content) > cap:
                raise ArchiveError(f"{info.filename} is larger than its {cap // MiB} MiB limit.")
            files[info.filename] = content
            if sum(len(v) for v in files.values()) > MAX_UNPACKED_BYTES:
                raise ArchiveError(f"The archive unpacks to more than {MAX_UNPACKED_BYTES // MiB} MiB.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as err:
        raise ArchiveError(f"The file is not a readable zip archive ({err}).") from None
    missing = [name for name in REQUIRED if name not in files]
    if missing:
        raise ArchiveError(f"The archive lacks {', '.join(missing)}; download runs from the Runs page to get one.")
    return files


def _check_entry_name(name: str, seen: dict) -> None:
    if name.lower().endswith(PICKLE_SUFFIXES):
        raise ArchiveError(f"{name} looks like a pickle/torch.save file; this app only loads safetensors weights.")
    if "/" in name or "\\" in name:
        raise ArchiveError(f"The archive holds the folder entry {name!r}; a run archive is flat (no folders).")
    if name not in ENTRIES:
        raise ArchiveError(f"The archive holds {name!r}, which is not part of a run archive "
                           f"(allowed: {', '.join(ENTRIES)}).")
    if name in seen:
        raise ArchiveError(f"The archive holds {name} twice.")


def _json_dict(files: dict[str, bytes], name: str) -> dict:
    try:
        value = json.loads(files[name])
    except (ValueError, UnicodeDecodeError):
        raise ArchiveError(f"{name} in the archive is not valid JSON.") from None
    if not isinstance(value, dict):
        raise ArchiveError(f"{name} in the archive is not a JSON object.")
    return value


def _check_dataset(demo, cfg, dataset_id: str, data_dir: str) -> bool:
    """True when this machine has the run's dataset; ArchiveError when it has different data under that name."""
    try:
        local = demo.dataset_id(cfg, data_dir)
    except DatasetUnavailable:
        return False
    except ConfigError as err:
        raise ArchiveError(f"The archive's settings are not valid for {demo.name}: {err}") from None
    if local != dataset_id:
        raise ArchiveError(f"The run was trained on dataset {dataset_id!r}, but this machine's data is {local!r}; "
                           "importing it would show results for data it never saw.")
    return True


def _imported_meta(meta: dict) -> dict:
    """The archive's meta reduced to known, well-typed fields, marked done and imported."""
    if meta.get("status") != "done":
        raise ArchiveError(f"Only finished runs can be imported; this one is {meta.get('status')!r}.")
    kept = {name: meta[name] for name, kind in META_FIELDS.items() if _is_type(meta.get(name), kind)}
    kept["final"] = {k: v for k, v in kept.get("final", {}).items() if _is_type(v, float)}
    return {**kept, "status": "done", "error": None, "imported": time.time()}


def _is_type(value, kind: type) -> bool:
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _safetensors(files: dict[str, bytes], name: str) -> dict[str, torch.Tensor]:
    data = files[name]
    if data[:1] == b"\x80" or data[:2] == b"PK":  # pickle protocol 2+ / torch.save's zip container
        raise ArchiveError(f"{name} is a pickle/torch.save file, not safetensors; this app never loads pickles.")
    try:
        return load_safetensors_bytes(data)
    except (SafetensorError, ValueError, RuntimeError) as err:
        raise ArchiveError(f"{name} is not a valid safetensors file ({err}).") from None


def _checked_weights(files: dict[str, bytes], demo, cfg, meta: dict) -> tuple[bytes, dict]:
    """The weights' bytes, verified against their recorded checksum and the demo's model; the new train_state."""
    tensors = _safetensors(files, "weights.safetensors")
    state = _json_dict(files, "train_state.json") if "train_state.json" in files else {}
    sha = sha256_bytes(files["weights.safetensors"])
    if state.get("weights_sha256") not in (None, sha):
        raise ArchiveError("weights.safetensors does not match the checksum in train_state.json (corrupted).")
    try:
        demo.build_model(cfg).load_state_dict(tensors, strict=True)
    except RuntimeError as err:
        first = str(err).strip().splitlines()[-1].strip()
        raise ArchiveError(f"The weights do not fit the {demo.name} model these settings build ({first}).") from None
    kept = {name: state[name] for name, kind in STATE_FIELDS.items() if _is_type(state.get(name), kind)}
    kept.setdefault("epoch", meta.get("epochs_done", 0))
    kept.setdefault("train_seconds", meta.get("train_seconds", 0.0))
    return files["weights.safetensors"], {**kept, "weights_file": "weights", "weights_sha256": sha}


def _checked_report(files: dict[str, bytes]) -> dict[str, bytes]:
    """The report entries to store: report.json (a JSON object) and its tensors, checksum verified."""
    if "report.json" not in files:
        if "report.safetensors" in files:
            raise ArchiveError("The archive has report.safetensors without the report.json that vouches for it.")
        return {}
    report = _json_dict(files, "report.json")
    expected = report.get("tensors_sha256")
    if expected is None:
        return {"report.json": files["report.json"]}
    if "report.safetensors" not in files or sha256_bytes(files["report.safetensors"]) != expected:
        raise ArchiveError("report.safetensors is missing or does not match the checksum in report.json.")
    _safetensors(files, "report.safetensors")
    return {"report.json": files["report.json"], "report.safetensors": files["report.safetensors"]}


def _clean_metrics(data: bytes) -> bytes:
    """metrics.jsonl with only its complete JSON-object lines (as the store reads it)."""
    kept = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            kept.append(json.dumps(record) + "\n")
    return "".join(kept).encode()


def _install(manager: RunManager, key: str, files: dict[str, bytes], overwrite: bool) -> bool:
    """Write the files into a hidden staging folder, then rename it into place; True when a run was replaced."""
    store = manager.store
    store.root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=store.root))  # never a key, so never listed as a run
    try:
        for name, content in files.items():
            atomic_write_bytes(staging / ENTRIES[name][1], content)
        replaced = store.exists(key)
        if replaced and not overwrite:
            raise ArchiveError(f"Run {key} appeared while importing; choose to replace it to import over it.")
        if replaced:
            try:
                delete_run(manager, key)
            except RunBusy as err:
                raise ArchiveError(str(err)) from None
        else:
            store.clear(key)  # a folder without a run record (e.g. a lone lock file) would block the rename
        try:
            os.rename(staging, store.path(key))
        except OSError as err:
            raise ArchiveError(f"Run {key} could not be stored ({err.strerror}); try again.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return replaced


# --- delete -----------------------------------------------------------------------------------------------
def delete_run(manager: RunManager, key: str) -> None:
    """Remove a run's folder; RunBusy when it is queued or training here or in another process."""
    status = manager.snapshot(key)["status"]
    if status in ACTIVE:
        raise RunBusy(f"Run {key} is {status}; stop it before deleting it.")
    try:
        with manager.store.training_lock(key):
            manager.store.clear(key)
        manager.forget(key)
    except BlockingIOError:
        raise RunBusy(f"Another process (the CLI?) is training run {key}; delete it when that finishes.") from None
