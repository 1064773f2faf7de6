"""Translation of the interface: English text is the key, one table per other language.

Pages and UI helpers write `t("Train")` or `t("Epoch {epoch} of {total}", epoch=3, total=8)` (core/ui/i18n.py
picks the visitor's language); config labels and help texts, demo titles and summaries are looked up the same
way. `tests/test_i18n.py` collects every such string (a scan of the source for `t("...")` calls, plus the
registry's configs and demos) and fails when one lacks a translation, so the tables cannot fall behind.
Missing entries fall back to English at run time rather than failing a page.
"""

from __future__ import annotations

from core.translations_zh import ZH

LANGUAGES = {"en": "English", "zh": "简体中文"}   # code -> name shown in the language switch
TABLES = {"zh": ZH}                              # code -> {English text: translation}; English needs none


def language_for_locale(locale: str | None) -> str:
    """The interface language for a browser locale such as "zh-CN" or "en-US" (English unless it is Chinese)."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def translate(text: str, lang: str = "en", **fmt) -> str:
    """`text` in `lang`, with `{name}` placeholders filled from `fmt` (placeholders keep word order free)."""
    translated = TABLES.get(lang, {}).get(text, text)
    return translated.format(**fmt) if fmt else translated


def label_for_field(name: str) -> str:
    """The English label of a config field ("hidden_size" -> "hidden size"): the key its translation uses."""
    return name.replace("_", " ")


def untranslated(texts, lang: str = "zh") -> list[str]:
    """Those of `texts` that `lang`'s table lacks, sorted (the completeness test prints them)."""
    table = TABLES[lang]
    return sorted({text for text in texts if text and text not in table})
