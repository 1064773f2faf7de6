"""Numbers 0 to 999,999 written out in English (British, with "and") and in French, from the rules of each
language, for the translation demo's offline task ("three hundred and twenty-one" -> "trois cent vingt et un").

French rules implemented (traditional spelling, as in France and the Académie's pre-1990 usage):
- 17-19 are dix-sept, dix-huit, dix-neuf; tens join units with a hyphen (vingt-deux) except 1, which takes
  "et" (vingt et un, trente et un, ..., soixante et un, soixante et onze);
- 70-79 count on from soixante (soixante-dix, soixante et onze, soixante-douze, ...), 80-99 from
  quatre-vingt (quatre-vingt-un, quatre-vingt-onze: no "et");
- "vingt" in 80 and "cent" take a plural s when multiplied and last (quatre-vingts, deux cents), and lose
  it when another number or "mille" follows (quatre-vingt-un, deux cent un, deux cent mille);
- "mille" is invariable and has no "un" before it (mille, deux mille); "cent" alone is "cent", not "un cent".
"""

from __future__ import annotations

FR_UNITS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
            "treize", "quatorze", "quinze", "seize")
FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
           "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
EN_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
LARGEST = 999_999


def _check(n: int) -> None:
    if not 0 <= n <= LARGEST:
        raise ValueError(f"{n} is outside 0..{LARGEST:,}.")


# --- French --------------------------------------------------------------------------------------------
def _fr_below_100(n: int, last: bool) -> str:
    if n <= 16:
        return FR_UNITS[n]
    if n < 20:
        return "dix-" + FR_UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante + 10..19, quatre-vingt + 10..19
        base, rest = ("soixante", n - 60) if tens == 7 else ("quatre-vingt", n - 80)
        return "soixante et onze" if n == 71 else f"{base}-{_fr_below_100(rest, last)}"
    if tens == 8:
        return ("quatre-vingts" if last else "quatre-vingt") if unit == 0 else "quatre-vingt-" + FR_UNITS[unit]
    if unit == 0:
        return FR_TENS[tens]
    return f"{FR_TENS[tens]} et un" if unit == 1 else f"{FR_TENS[tens]}-{FR_UNITS[unit]}"


def _fr_below_1000(n: int, last: bool) -> str:
    """1..999; `last` is False when "mille" follows (no plural s on cent or quatre-vingt then)."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        plural = "s" if rest == 0 and last and hundreds > 1 else ""
        parts.append("cent" if hundreds == 1 else f"{FR_UNITS[hundreds]} cent{plural}")
    if rest:
        parts.append(_fr_below_100(rest, last))
    return " ".join(parts)


def french(n: int) -> str:
    _check(n)
    if n == 0:
        return "zéro"
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append("mille" if thousands == 1 else _fr_below_1000(thousands, last=False) + " mille")
    if rest:
        parts.append(_fr_below_1000(rest, last=True))
    return " ".join(parts)


# --- English -------------------------------------------------------------------------------------------
def _en_below_100(n: int) -> str:
    if n < 20:
        return EN_ONES[n]
    tens, unit = divmod(n, 10)
    return EN_TENS[tens] + (f"-{EN_ONES[unit]}" if unit else "")


def _en_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _en_below_100(rest)
    head = f"{EN_ONES[hundreds]} hundred"
    return f"{head} and {_en_below_100(rest)}" if rest else head


def english(n: int) -> str:
    _check(n)
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _en_below_1000(rest)
    head = f"{_en_below_1000(thousands)} thousand"
    if not rest:
        return head
    return f"{head} and {_en_below_100(rest)}" if rest < 100 else f"{head} {_en_below_1000(rest)}"
