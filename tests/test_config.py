"""Known-answer tests for core.config: coercion of CLI strings, range/choice checks, override parsing,
round trips, and the declaration rules every registered demo config must follow."""

import dataclasses
import math

import pytest

from core.cnn import ARCHITECTURES, CnnConfig
from core.config import (
    ConfigError,
    coerce,
    config_from_dict,
    config_to_dict,
    describe_range,
    field_specs,
    make_config,
    parse_overrides,
    validate,
)
from core.datasets import DIGIT_DATASETS
from core.registry import DEMOS, get_demo

SPECS = {s["name"]: s for s in field_specs(CnnConfig)}


# --- defaults and immutability ---------------------------------------------------------------------
def test_make_config_defaults_equal_dataclass_defaults():
    cfg = make_config(CnnConfig)
    assert cfg == CnnConfig()
    for f in dataclasses.fields(CnnConfig):
        assert getattr(cfg, f.name) == f.default
    assert (cfg.epochs, cfg.lr, cfg.arch, cfg.augment) == (8, 0.2, "fastnet", True)


def test_config_is_frozen():
    cfg = make_config(CnnConfig)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.epochs = 3
    assert cfg.epochs == 8


# --- coercion of CLI strings -----------------------------------------------------------------------
@pytest.mark.parametrize("name, raw, expected", [
    ("epochs", "3", 3), ("epochs", " 12 ", 12), ("epochs", 4.0, 4),
    ("dropout", "0.5", 0.5), ("lr", "1e-3", 0.001),
    ("augment", "true", True), ("augment", "off", False), ("augment", "YES", True), ("augment", "0", False),
    ("arch", "seed", "seed"),
])
def test_coerce_accepts(name, raw, expected):
    value = coerce(SPECS[name], raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("name, raw, range_text", [
    ("epochs", "1.5", "1 to 60"), ("epochs", 2.5, "1 to 60"), ("epochs", "three", "1 to 60"),
    ("epochs", "", "1 to 60"),
    ("dropout", "nan", "0 to 0.8"), ("dropout", "inf", "0 to 0.8"), ("lr", "-inf", "0.0001 to 2"),
    ("lr", "fast", "0.0001 to 2"),
    ("augment", "maybe", "true or false"),
])
def test_coerce_rejects_with_range(name, raw, range_text):
    with pytest.raises(ConfigError) as err:
        coerce(SPECS[name], raw)
    assert name in str(err.value)
    assert range_text in str(err.value)


# --- range, choice and name checks -----------------------------------------------------------------
@pytest.mark.parametrize("overrides, range_text", [
    ({"epochs": 0}, "1 to 60"), ({"epochs": 61}, "1 to 60"), ({"epochs": "61"}, "1 to 60"),
    ({"lr": 5}, "0.0001 to 2"), ({"lr": "0.00001"}, "0.0001 to 2"),
    ({"dropout": 0.9}, "0 to 0.8"), ({"seed": -1}, "0 to 1000000"),
])
def test_out_of_range_names_range(overrides, range_text):
    with pytest.raises(ConfigError, match="out of range") as err:
        make_config(CnnConfig, overrides)
    assert range_text in str(err.value)


def test_range_bounds_are_inclusive():
    cfg = make_config(CnnConfig, {"epochs": 1, "dropout": 0.8, "lr": 2})
    assert (cfg.epochs, cfg.dropout, cfg.lr) == (1, 0.8, 2.0)
    assert make_config(CnnConfig, {"epochs": "60"}).epochs == 60


@pytest.mark.parametrize("name, value, choices", [
    ("dataset", "../../etc/passwd", DIGIT_DATASETS), ("arch", "resnet", ARCHITECTURES),
])
def test_bad_choice_lists_choices(name, value, choices):
    with pytest.raises(ConfigError) as err:
        make_config(CnnConfig, {name: value})
    assert str(err.value).endswith("one of: " + ", ".join(choices) + ".")


def test_unknown_field_lists_valid_settings():
    with pytest.raises(ConfigError, match="Unknown setting 'epoch'") as err:
        make_config(CnnConfig, {"epoch": 3})
    assert "Valid settings: " + ", ".join(SPECS) in str(err.value)


def test_wrong_type_is_rejected():
    with pytest.raises(ConfigError, match="augment=None is not valid: expected true or false"):
        config_from_dict(CnnConfig, {**config_to_dict(CnnConfig()), "augment": None})
    with pytest.raises(ConfigError, match="epochs='8' has the wrong type: expected 1 to 60"):
        validate(CnnConfig(epochs="8"))
    validate(CnnConfig(lr=1))  # an int is fine where a float is expected


# --- override parsing ------------------------------------------------------------------------------
def test_parse_overrides_splits_on_first_equals():
    assert parse_overrides(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    assert parse_overrides([" lr = 0.1 ", "lr=0.2", "empty="]) == {"lr": "0.2", "empty": ""}
    assert parse_overrides([]) == {}


@pytest.mark.parametrize("pair", ["novalue", "=3", " =3"])
def test_parse_overrides_rejects_malformed(pair):
    with pytest.raises(ConfigError, match="FIELD=VALUE"):
        parse_overrides([pair])


def test_cli_pipeline_end_to_end():
    cfg = make_config(CnnConfig, parse_overrides(["epochs=3", "augment=off", "lr=0.05", "arch=lenet5"]))
    assert (cfg.epochs, cfg.augment, cfg.lr, cfg.arch) == (3, False, 0.05, "lenet5")


# --- round trip and range descriptions -------------------------------------------------------------
def test_dict_round_trip():
    cfg = make_config(CnnConfig, {"epochs": "5", "dropout": "0.25", "augment": "no", "arch": "seed"})
    data = config_to_dict(cfg)
    assert list(data) == list(SPECS)  # field order kept
    assert data["epochs"] == 5 and data["augment"] is False
    assert config_from_dict(CnnConfig, data) == cfg


@pytest.mark.parametrize("name, text", [
    ("epochs", "1 to 60"), ("lr", "0.0001 to 2"), ("dropout", "0 to 0.8"), ("seed", "0 to 1000000"),
    ("augment", "true or false"), ("arch", "one of: fastnet, seed, lenet5"),
    ("dataset", "one of: digits, mnist-10k, mnist"),
])
def test_describe_range(name, text):
    assert describe_range(SPECS[name]) == text


def test_describe_range_without_bounds():
    assert describe_range({"type": int, "lo": None, "hi": None}) == "a int"
    assert describe_range({"type": float, "lo": 0.0, "hi": None}) == "a float"


# --- declaration rules for every registered demo ---------------------------------------------------
@pytest.mark.parametrize("demo", list(DEMOS.values()), ids=list(DEMOS))
def test_demo_config_declarations_are_consistent(demo):
    cls = demo.config_cls
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
    make_config(cls)  # the defaults themselves validate
    for spec in field_specs(cls):
        where = f"{demo.name}.{spec['name']}"
        assert isinstance(spec.get("help"), str) and spec["help"].strip(), f"{where}: no help text"
        if spec.get("choices"):
            assert spec["default"] in spec["choices"], f"{where}: default not among choices"
        elif spec["type"] in (int, float):
            lo, hi = spec["lo"], spec["hi"]
            assert lo is not None and hi is not None, f"{where}: numeric field without a range"
            assert math.isfinite(lo) and math.isfinite(hi) and lo < hi, f"{where}: bad range"
            assert lo <= spec["default"] <= hi, f"{where}: default outside {lo}..{hi}"
        else:
            assert spec["type"] is bool, f"{where}: unsupported field type {spec['type']}"


@pytest.mark.parametrize("demo", list(DEMOS.values()), ids=list(DEMOS))
def test_demo_presets_validate(demo):
    assert "tiny" in demo.presets
    for name, values in demo.presets.items():
        cfg = demo.config(preset=name)
        assert all(getattr(cfg, k) == v for k, v in values.items()), name


# --- presets ---------------------------------------------------------------------------------------
def test_tiny_preset_applies_and_overrides_win():
    demo = get_demo("cnn")
    tiny = demo.config(preset="tiny")
    assert tiny == CnnConfig(dataset="digits", width=8, epochs=2, batch_size=64)
    assert demo.config({"epochs": "5"}, preset="tiny") == CnnConfig(width=8, epochs=5, batch_size=64)


def test_unknown_preset_lists_presets():
    with pytest.raises(ConfigError, match="no preset 'huge'; presets: tiny, bench"):
        get_demo("cnn").config(preset="huge")
    with pytest.raises(ConfigError, match="Unknown demo 'no-such-demo'. Available: ") as info:
        get_demo("no-such-demo")
    assert all(name in str(info.value) for name in DEMOS)
