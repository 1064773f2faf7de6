"""Typed, range-checked demo configs: one frozen dataclass per demo drives its widgets, CLI and run key.

A field is declared with `param(...)`, which stores its range, step, choices and help text in the
dataclass field's metadata. From that one declaration:
- the page builds a slider / select box / checkbox (`core.ui.widgets`),
- the CLI parses `--set FIELD=VALUE` (`parse_overrides`) and rejects unknown fields or values outside
  the range with a message naming the valid range,
- the run store hashes `config_to_dict(cfg)` into the run key.
Validation happens in `validate`, called by `make_config`; the training engine only sees valid configs.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any


class ConfigError(ValueError):
    """A config value is unknown, of the wrong type or outside its range (message is user-facing)."""


def param(default: Any, *, help: str, lo: float | None = None, hi: float | None = None,
          step: float | None = None, choices: tuple | None = None, log: bool = False):
    """Declare a config field: `lo`..`hi` inclusive range (numbers), `choices` (strings), `log` scale."""
    meta = {"help": help, "lo": lo, "hi": hi, "step": step, "choices": choices, "log": log}
    return dataclasses.field(default=default, metadata=meta)


def field_specs(cfg_cls) -> list[dict]:
    """One dict per field: name, type, default, help, lo, hi, step, choices, log."""
    specs = []
    for f in dataclasses.fields(cfg_cls):
        spec = {"name": f.name, "type": _field_type(f), "default": f.default}
        spec.update(f.metadata)
        specs.append(spec)
    return specs


def _field_type(f: dataclasses.Field) -> type:
    # Annotations are strings under `from __future__ import annotations`; the default tells the type.
    return type(f.default)


def describe_range(spec: dict) -> str:
    """Human-readable valid values, e.g. '1 to 50' or 'one of: a, b'."""
    if spec.get("choices"):
        return "one of: " + ", ".join(str(c) for c in spec["choices"])
    if spec["type"] is bool:
        return "true or false"
    if spec.get("lo") is not None and spec.get("hi") is not None:
        if spec["type"] is int:
            return f"{int(spec['lo'])} to {int(spec['hi'])}"
        return f"{spec['lo']:g} to {spec['hi']:g}"
    return f"a {spec['type'].__name__}"


def coerce(spec: dict, value: Any) -> Any:
    """Convert a raw value (a CLI string, a JSON number, a widget value) to the field's type."""
    kind = spec["type"]
    name = spec["name"]
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if kind in (int, float) and isinstance(value, bool):
            raise ValueError(value)  # True is an int to Python, never a valid number of epochs
        if kind is int:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(str(value).strip()) if isinstance(value, str) else int(value)
        if kind is float:
            result = float(value)
            if not math.isfinite(result):
                raise ValueError(value)
            return result
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name}={value!r} is not valid: expected {describe_range(spec)}.") from None


def check_value(spec: dict, value: Any) -> None:
    """Raise ConfigError naming the valid range when `value` is out of range."""
    name = spec["name"]
    if spec.get("choices") and value not in spec["choices"]:
        raise ConfigError(f"{name}={value!r} is not valid: expected {describe_range(spec)}.")
    lo, hi = spec.get("lo"), spec.get("hi")
    if spec["type"] in (int, float) and lo is not None and hi is not None and not lo <= value <= hi:
        raise ConfigError(f"{name}={value!r} is out of range: expected {describe_range(spec)}.")


def validate(cfg) -> None:
    """Check every field of a config instance; raise ConfigError on the first bad one."""
    for spec in field_specs(type(cfg)):
        value = getattr(cfg, spec["name"])
        if type(value) is not spec["type"] and not (spec["type"] is float and type(value) is int):
            raise ConfigError(f"{spec['name']}={value!r} has the wrong type: expected "
                              f"{describe_range(spec)}.")
        check_value(spec, value)


def make_config(cfg_cls, overrides: dict | None = None):
    """Build and validate a config from defaults plus overrides (unknown names are rejected)."""
    specs = {s["name"]: s for s in field_specs(cfg_cls)}
    values = {}
    for name, raw in (overrides or {}).items():
        if name not in specs:
            raise ConfigError(f"Unknown setting {name!r}. Valid settings: {', '.join(specs)}.")
        values[name] = coerce(specs[name], raw)
    cfg = cfg_cls(**values)
    validate(cfg)
    return cfg


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """Turn ['lr=0.1', 'epochs=3'] into {'lr': '0.1', 'epochs': '3'}; later pairs win."""
    result = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--set expects FIELD=VALUE, got {pair!r}.")
        result[name.strip()] = value.strip()
    return result


def config_to_dict(cfg) -> dict:
    """Plain JSON-able dict of a config (field order kept)."""
    return dataclasses.asdict(cfg)


def config_from_dict(cfg_cls, data: dict):
    """Rebuild a config saved with config_to_dict; unknown or invalid values raise ConfigError."""
    return make_config(cfg_cls, data)
