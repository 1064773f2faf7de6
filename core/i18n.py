"""Translation of the interface: English text is the key, one table per other language.

Pages and UI helpers write `t("Train")` or `t("Epoch {epoch} of {total}", epoch=3, total=8)` (core/ui/i18n.py
picks the visitor's language); config labels and help texts, demo titles and summaries are looked up the same
way. Headless figure builders (core/plots.py and friends) take a `lang` and call `t = translator(lang)` for their
axis titles and legend names. `tests/test_i18n.py` collects every such string (a scan of the source for
`t("...")` calls, plus the registry's configs and demos) and fails when one lacks a translation, so the tables
cannot fall behind. Missing entries fall back to English at run time rather than failing a page.

Error messages are raised in English with variable parts (a path, a size), so `translate_message` also matches
a message against the error templates of core/translations_zh_errors.py and fills in the parts it found.
"""

from __future__ import annotations

import functools
import re
import string

from core.translations_zh import ZH
from core.translations_zh_errors import ERRORS, RANGES

LANGUAGES = {"en": "English", "zh": "简体中文"}   # code -> name shown in the language switch
TABLES = {"zh": ZH}                              # code -> {English text: translation}; English needs none
MESSAGE_TEMPLATES = tuple(text for text in ERRORS if "{" in text)  # error messages with variable parts
RANGE_TEMPLATES = tuple(RANGES)  # a setting's valid values, the `{expected}` part of a settings message
METRIC_NAMES = {  # metric key in metrics.jsonl -> its English name (the key its translation uses)
    "train_loss": "Training loss", "val_loss": "Validation loss", "test_loss": "Test loss",
    "train_acc": "Training accuracy", "val_acc": "Validation accuracy", "test_acc": "Test accuracy",
    "test_r2": "Test R²", "val_bleu": "Validation BLEU", "test_bleu": "Test BLEU", "beam_bleu": "Test BLEU (beam)",
    "eval_return": "Return of the greedy policy", "train_return": "Return of the training episodes",
    "fid": "FID of generated images", "fid_real": "FID of real images (baseline)",
    "mean_max_prob": "Classifier's mean top probability", "max_prob_real": "Same, on real images (baseline)",
    "class_entropy": "Entropy of the generated classes (bits)",
    "g_loss": "G loss", "d_loss": "D loss", "supervised_acc": "Accuracy of the supervised baseline",
    "supervised_augmented_acc": "Accuracy of the augmented baseline", "scratch_acc": "Accuracy from scratch",
}


def language_for_locale(locale: str | None) -> str:
    """The interface language for a browser locale such as "zh-CN" or "en-US" (English unless it is Chinese)."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def translate(text: str, lang: str = "en", **fmt) -> str:
    """`text` in `lang`, with `{name}` placeholders filled from `fmt` (placeholders keep word order free)."""
    translated = TABLES.get(lang, {}).get(text, text)
    return translated.format(**fmt) if fmt else translated


def translator(lang: str):
    """`translate` bound to `lang`, named `t` where it is used so the completeness test finds its strings."""
    return functools.partial(translate, lang=lang)


def label_for_field(name: str) -> str:
    """The English label of a config field ("hidden_size" -> "hidden size"): the key its translation uses."""
    return name.replace("_", " ")


def label_for_metric(key: str) -> str:
    """The English name of a metric key ("test_acc" -> "Test accuracy"); an unnamed key is shown as it is."""
    return METRIC_NAMES.get(key, key)


@functools.lru_cache(maxsize=1024)  # one entry per message template (a fixed, finite set)
def _message_pattern(template: str) -> re.Pattern:
    """A template's placeholders as groups: "The file is {size} MB." matches "The file is 12.5 MB."."""
    parts, seen = [], set()
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
    return re.compile("".join(parts), re.DOTALL)


def _fit(message: str, templates) -> tuple[str, dict] | None:
    """The first of `templates` that `message` fits, with the variable parts it found."""
    for template in templates:
        found = _message_pattern(template).fullmatch(message)
        if found:
            return template, found.groupdict()
    return None


def translate_message(message: str, lang: str = "en") -> str:
    """An error message in `lang`: a fixed sentence by lookup, one with variable parts through the template it
    fits (the parts stay as they are, except a setting's valid values, `{expected}`, which have templates of their
    own); English when no template fits."""
    table = TABLES.get(lang)
    if not table:
        return message
    if message in table:
        return table[message]
    fit = _fit(message, MESSAGE_TEMPLATES)
    if fit is None or fit[0] not in table:
        return message
    template, parts = fit
    if "expected" in parts:
        valid = _fit(parts["expected"], RANGE_TEMPLATES)
        parts["expected"] = translate(valid[0], lang, **valid[1]) if valid else parts["expected"]
    return table[template].format(**parts)


def untranslated(texts, lang: str = "zh") -> list[str]:
    """Those of `texts` that `lang`'s table lacks, sorted (the completeness test prints them)."""
    table = TABLES[lang]
    return sorted({text for text in texts if text and text not in table})
