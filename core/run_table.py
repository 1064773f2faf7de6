"""The Runs page's data: one row per run in a store, and what tells several runs' settings apart.

- `run_rows(store, status_of=None)` -> one dict per run folder, newest first: key, demo, title, settings (the
  config fields that differ from the demo's defaults, "name=value, ..."), status (`status_of(key)`, default
  `store.status`, which reports a finished run with bad weights as damaged), metric (the demo's headline metric,
  `Demo.monitor`) and value (its final value from meta.json, None until the run is done), train_seconds (time
  inside train_epoch), device, date (when the run finished, else started, else was created; None if unknown).
  Runs of demos this app does not register (the GAN's internal "fid-classifier" runs, a demo removed since) keep
  their whole config as settings and have no metric; a run whose config.json is unreadable is "damaged". Nothing
  on disk makes it raise.
- `key_settings(demo_name, config)`: the fields of `config` that differ from the registered demo's defaults, in the
  config class's field order (config.json is stored with sorted keys).
- `config_diff(records)`: for {label: config record}, the rows (setting, then one column per label) of the
  settings whose values differ (as text; "—" where a run lacks the setting), the demo and the dataset id first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from core.config import field_specs
from core.registry import DEMOS
from core.store import RunStore

DAMAGED = "damaged"
MISSING = "—"  # a setting a run does not have (another demo, or an older version of it)


def format_value(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def key_settings(demo_name: str, config: dict) -> dict:
    """Fields that differ from the demo's defaults (all of them for a demo this app does not register)."""
    demo = DEMOS.get(demo_name)
    if demo is None:
        return dict(config)
    defaults = {spec["name"]: spec["default"] for spec in field_specs(demo.config_cls)}
    ordered = [name for name in defaults if name in config] + [name for name in config if name not in defaults]
    return {name: config[name] for name in ordered if name not in defaults or defaults[name] != config[name]}


def _date(meta: dict) -> dt.datetime | None:
    stamp = next((meta[k] for k in ("finished", "started", "created") if isinstance(meta.get(k), int | float)), None)
    return dt.datetime.fromtimestamp(stamp) if stamp is not None else None


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def run_row(store: RunStore, key: str, status_of: Callable[[str], str]) -> dict:
    """The table row of one run (see the module contract)."""
    record = store.read_config(key)
    meta = store.read_meta(key) or {}
    if not isinstance(record, dict) or not isinstance(record.get("config"), dict):
        record, status = {"demo": "?", "config": {}}, DAMAGED
    else:
        status = status_of(key)
    name = str(record.get("demo", "?"))
    demo = DEMOS.get(name)
    final = meta.get("final") if isinstance(meta.get("final"), dict) else {}
    state = store.read_train_state(key) or {}
    seconds = _number(meta.get("train_seconds"))
    if seconds is None:
        seconds = _number(state.get("train_seconds"))  # a stopped run: time up to its last checkpoint
    settings = key_settings(name, record["config"])
    return {"key": key, "demo": name, "title": demo.title if demo else name,
            "settings": ", ".join(f"{k}={format_value(v)}" for k, v in settings.items()),
            "status": status, "metric": demo.monitor if demo else None,
            "value": _number(final.get(demo.monitor)) if demo and status == "done" else None,
            "train_seconds": seconds, "device": str(meta.get("device") or ""), "date": _date(meta),
            "known": demo is not None}


def run_rows(store: RunStore, status_of: Callable[[str], str] | None = None) -> list[dict]:
    """Every run in the store, newest first (runs without a date last)."""
    rows = [run_row(store, key, status_of or store.status) for key in store.keys()]
    return sorted(rows, key=lambda r: (r["date"] is not None, r["date"] or dt.datetime.min), reverse=True)


def config_diff(records: dict[str, dict]) -> list[dict]:
    """Rows {"setting": name, <label>: value, ...} for the settings that differ among the labelled runs."""
    getters = {"demo": lambda r: r.get("demo"), "dataset id": lambda r: r.get("dataset_id")}
    for name in dict.fromkeys(name for record in records.values() for name in (record.get("config") or {})):
        getters.setdefault(name, lambda r, name=name: (r.get("config") or {}).get(name))
    rows = []
    for setting, get in getters.items():
        row = {label: get(record) for label, record in records.items()}
        if len({repr(v) for v in row.values()}) > 1:  # repr: 1 and 1.0 or True differ as settings
            rows.append({"setting": setting, **{label: MISSING if v is None else format_value(v)
                                                for label, v in row.items()}})
    return rows
