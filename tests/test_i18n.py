"""Every interface string has a 简体中文 translation, and translation itself behaves (placeholders, fallback).

The strings are collected the way the app looks them up: the first argument of every `t("...")` call in
pages/, core/ui/ and app.py (a scan of the source), every config field's label and help text, and every demo's
title, summary and menu group, the concept map's labels and the seed-claims page's texts.
Run `python -m pytest tests/test_i18n.py -q` to print what is missing.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from core.claims import CLAIMS
from core.concept_map import CONCEPTS
from core.config import field_specs
from core.i18n import TABLES, label_for_field, language_for_locale, translate, untranslated
from core.registry import DEMOS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "core" / "ui").glob("*.py"))]


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
    for demo in DEMOS.values():
        texts |= {demo.title, demo.summary, demo.group}
        for spec in field_specs(demo.config_cls):
            texts |= {label_for_field(spec["name"]), spec["help"]}
    return texts


def test_the_scan_finds_the_shared_strings():
    texts = interface_strings()
    assert {"Train", "Stop", "Resume", "Home"} <= texts
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
