"""The number-word generators against known answers (French grammar references: the Académie française's rules
for "vingt" and "cent", "et" only before un/onze after vingt..soixante) and the seq2seq task built from them."""

from __future__ import annotations

import pytest

from core.french_numbers import LARGEST, english, french
from core.seq2seq_data import detokenize, number_pairs

FRENCH = {
    0: "zéro", 1: "un", 10: "dix", 16: "seize", 17: "dix-sept", 19: "dix-neuf", 20: "vingt", 21: "vingt et un",
    22: "vingt-deux", 31: "trente et un", 61: "soixante et un", 70: "soixante-dix", 71: "soixante et onze",
    72: "soixante-douze", 79: "soixante-dix-neuf", 80: "quatre-vingts", 81: "quatre-vingt-un",
    90: "quatre-vingt-dix", 91: "quatre-vingt-onze", 99: "quatre-vingt-dix-neuf", 100: "cent", 101: "cent un",
    180: "cent quatre-vingts", 200: "deux cents", 201: "deux cent un", 321: "trois cent vingt et un",
    480: "quatre cent quatre-vingts", 1000: "mille", 1001: "mille un", 2000: "deux mille",
    21_000: "vingt et un mille", 80_000: "quatre-vingt mille", 200_000: "deux cent mille",
    101_000: "cent un mille", 200_200: "deux cent mille deux cents",
    999_999: "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf",
}
ENGLISH = {
    0: "zero", 13: "thirteen", 21: "twenty-one", 100: "one hundred", 101: "one hundred and one",
    321: "three hundred and twenty-one", 1000: "one thousand", 1001: "one thousand and one",
    1100: "one thousand one hundred", 21_021: "twenty-one thousand and twenty-one",
    999_999: "nine hundred and ninety-nine thousand nine hundred and ninety-nine",
}


@pytest.mark.parametrize("n, words", FRENCH.items())
def test_french_known_answers(n, words):
    assert french(n) == words


@pytest.mark.parametrize("n, words", ENGLISH.items())
def test_english_known_answers(n, words):
    assert english(n) == words


def test_rules_hold_over_the_whole_range():
    for n in range(0, LARGEST + 1, 7):
        words = french(n)
        assert not words.startswith("un mille")  # 1000 is "mille" (but 101,000 is "cent un mille")
        assert "cents mille" not in words and "vingts mille" not in words  # no plural s before mille
        assert not words.startswith("un cent")
    with pytest.raises(ValueError):
        french(LARGEST + 1)
    with pytest.raises(ValueError):
        english(-1)


def test_number_task_holds_out_the_same_numbers_for_every_seed():
    train0, test0 = number_pairs(9999, 8000, seed=0)
    train1, test1 = number_pairs(9999, 8000, seed=1)
    assert test0 == test1 and len(test0) == 1000 and len(train0) == 8000
    assert not {e for e, _ in train0} & {e for e, _ in test0}
    assert set(train0) != set(train1)
    assert detokenize(["quatre", "-", "vingt", "-", "un", "mille"]) == "quatre-vingt-un mille"
    assert detokenize(["i", "'m", "sure", "it", "does", "n't"]) == "i'm sure it doesn't"
