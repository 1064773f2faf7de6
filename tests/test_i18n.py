"""Every interface string has a 简体中文 translation, and translation itself behaves (placeholders, fallback).

The strings are collected the way the app looks them up: the first argument of every `t("...")` call in
pages/, core/ (the UI helpers and the headless figure builders, which bind `t = translator(lang)`) and app.py (a
scan of the source), every config field's label and help text, every demo's title, summary and menu group, the
concept map's labels, the seed-claims page's texts, the metric names, the RL actions and the federated page's run
labels (looked up as values, so no scan finds them). Error messages raised in core/ are checked by sample: each
one raised here must come out in Chinese.
Run `python -m pytest tests/test_i18n.py -q` to print what is missing.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import re
import string
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from core import fedavg
from core.claims import CLAIMS
from core.concept_map import CONCEPTS
from core.config import ConfigError, field_specs, make_config
from core.datasets import DatasetUnavailable, load_digit_dataset
from core.device import pick_device
from core.i18n import (
    METRIC_NAMES,
    TABLES,
    label_for_field,
    language_for_locale,
    translate,
    translate_message,
    translator,
    untranslated,
)
from core.imaging import ImageInputError, image_to_mnist, load_image
from core.registry import DEMOS, get_demo
from core.rl_envs import TASKS
from core.tabular import CsvError, check_size, parse_csv
from core.text import TextInputError, check_text
from core.zip_dataset import ZipDatasetError, read_class_zip

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "core").rglob("*.py"))]
CHINESE = re.compile("[\u4e00-\u9fff]")


def _t_literals(path: Path) -> set[str]:
    """First arguments of t("...") calls that are string literals."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def interface_strings() -> set[str]:
    texts = set().union(*(_t_literals(path) for path in SOURCES))
    texts |= {concept.label for concept in CONCEPTS}
    texts |= {text for claim in CLAIMS for text in (claim.topic, claim.seed_says, claim.anchor)}
    texts |= set(METRIC_NAMES.values())
    texts |= {action for task in TASKS.values() for action in task.action_names}
    texts |= set(fedavg.comparison_configs(dataclasses.replace(fedavg.FedConfig(), clip_norm=1.0))) | {"this run"}
    for demo in DEMOS.values():
        texts |= {demo.title, demo.summary, demo.group}
        for spec in field_specs(demo.config_cls):
            texts |= {label_for_field(spec["name"]), spec["help"]}
    return texts


def test_the_scan_finds_the_shared_strings():
    texts = interface_strings()
    assert {"Train", "Stop", "Resume", "Home"} <= texts
    assert {"share of row", "communication round", "training episode", "training time (s)"} <= texts  # figures
    assert len(texts) > 100


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_every_interface_string_is_translated(lang):
    missing = untranslated(interface_strings(), lang)
    assert not missing, f"{len(missing)} strings lack a {lang} translation:\n" + "\n".join(map(repr, missing))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_translations_keep_their_placeholders(lang):
    wrong = {english: text for english, text in TABLES[lang].items() if _placeholders(english) != _placeholders(text)}
    assert not wrong


def test_translate_fills_placeholders_and_falls_back_to_english():
    assert translate("Epoch {epoch}/{epochs}", "en", epoch=2, epochs=5) == "Epoch 2/5"
    assert translate("a string nobody translated", "zh") == "a string nobody translated"
    assert translate("Train", "zh") == TABLES["zh"]["Train"] != "Train"
    assert translate("Train", "fr") == "Train"  # an unknown language shows English


@pytest.mark.parametrize("locale, lang", [("zh-CN", "zh"), ("zh-TW", "zh"), ("ZH", "zh"), ("en-US", "en"),
                                          ("fr-FR", "en"), (None, "en"), ("", "en")])
def test_language_follows_the_browser_locale(locale, lang):
    assert language_for_locale(locale) == lang


def test_a_translator_is_translate_in_one_language():
    assert translator("zh")("Train") == TABLES["zh"]["Train"]
    assert translator("en")("Epoch {epoch}/{epochs}", epoch=1, epochs=2) == "Epoch 1/2"


def _raised(action) -> str:
    try:
        action()
    except (ConfigError, CsvError, DatasetUnavailable, ImageInputError, TextInputError, ZipDatasetError,
            ValueError) as err:
        return str(err)
    raise AssertionError("no error was raised")


CNN_CFG = DEMOS["cnn"].config_cls
COMMON_ERRORS = {  # what a visitor commonly meets, raised by the code that raises it
    "empty picture": lambda: load_image(b""),
    "not a picture": lambda: load_image(b"GIF89a but not really"),
    "setting out of range": lambda: make_config(CNN_CFG, {"epochs": 10_000}),
    "bad setting value": lambda: make_config(CNN_CFG, {"epochs": "many"}),
    "unknown dataset": lambda: load_digit_dataset("no-such-set", "/nonexistent"),
    "mnist-10k files missing": lambda: load_digit_dataset("mnist-10k", "/nonexistent"),
    "too many features": lambda: check_size(50, 9, 100),
    "no text": lambda: check_text("   "),
    "empty CSV": lambda: parse_csv(b""),
    "one-column CSV": lambda: parse_csv(b"a\n1\n2\n"),
}


@pytest.mark.parametrize("case", sorted(COMMON_ERRORS))
def test_common_error_messages_are_translated(case):
    message = _raised(COMMON_ERRORS[case])
    translated = translate_message(message, "zh")
    assert CHINESE.search(translated), (message, translated)
    assert translate_message(message, "en") == message


def test_a_message_template_keeps_the_variable_parts():
    message = "The image is 9000 x 20 pixels, which is larger than the 4096 x 4096 pixel limit. Please upload a " \
              "smaller image."
    assert translate_message(message, "zh") == TABLES["zh"][
        "The image is {width} x {height} pixels, which is larger than the {side} x {side} pixel limit. Please "
        "upload a smaller image."].format(width="9000", height="20", side="4096")
    assert translate_message("The image is 9000 x 20 pixels, which is larger than the 4096 x 1 pixel limit. "
                             "Please upload a smaller image.", "zh").startswith("The image")  # sides must agree
    assert translate_message("An error nobody listed.", "zh") == "An error nobody listed."


def test_a_settings_message_translates_its_valid_range_too():
    zh = TABLES["zh"]
    assert translate_message("epochs=500 is out of range: expected 1 to 60.", "zh") == zh[
        "{name}={value} is out of range: expected {expected}."].format(
        name="epochs", value="500", expected=zh["{lo} to {hi}"].format(lo="1", hi="60"))


def _blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (28, 28), 255).save(buffer, format="PNG")
    return buffer.getvalue()


def _loose_file_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cat.png", b"not read: the name is refused first")
    return buffer.getvalue()


RARER_ERRORS = {  # rarer messages, raised by the code that raises them: (action, parts the translation keeps)
    "blank picture": (lambda: image_to_mnist(_blank_png()), []),
    "text columns in a CSV": (lambda: parse_csv(b"name,colour\nx,red\ny,blue\n"), ["2", "0", "'x'", "'red'"]),
    "decimal commas in a CSV": (lambda: parse_csv(b"a;b\n1,5;2,5\n3,5;4,5\n"), ["'1,5'", "'2,5'"]),
    "ragged CSV": (lambda: parse_csv(b"a,b\n1,2,3\n"), ["2", "3", "','"]),
    "unknown setting": (lambda: make_config(CNN_CFG, {"no_such_knob": 1}), ["'no_such_knob'", "epochs"]),
    "unknown preset": (lambda: DEMOS["cnn"].config(preset="no-such-preset"), ["cnn", "'no-such-preset'"]),
    "unknown demo": (lambda: get_demo("no-such-demo"), ["no-such-demo", "cnn"]),
    "unknown device": (lambda: pick_device("tpu"), ["'tpu'", "auto, cpu, cuda, mps"]),
    "file outside a class folder": (lambda: read_class_zip(_loose_file_zip()), ["cat.png"]),
}


@pytest.mark.parametrize("case", sorted(RARER_ERRORS))
def test_rarer_error_messages_are_translated_with_their_variable_parts(case):
    action, parts = RARER_ERRORS[case]
    message = _raised(action)
    translated = translate_message(message, "zh")
    assert CHINESE.search(translated), (message, translated)
    for part in parts:
        assert part in message and part in translated, (part, message, translated)
