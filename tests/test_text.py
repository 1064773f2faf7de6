"""Known-answer tests for core.text (tokeniser, text checks, vocabulary, batching), the sentiment CSV parser and
the Markdown escaping that keeps visitor text from becoming HTML or links."""

from __future__ import annotations

import time

import pytest
import torch
from safetensors.torch import load, save

from core.tabular import CsvError
from core.text import (
    MAX_CHARS,
    TextInputError,
    Vocab,
    VocabBuffer,
    check_text,
    length_batches,
    pad_batch,
    tokenize,
)
from core.text_data import parse_labelled_csv
from core.ui.text_views import coloured_tokens, escape_markdown


@pytest.mark.parametrize("text, tokens", [
    ("", []),
    ("   \t\n  ", []),
    ("Doesn't work, the film's BAD!", ["does", "n't", "work", ",", "the", "film", "'s", "bad", "!"]),
    ("it can’t be", ["it", "ca", "n't", "be"]),                          # curly apostrophe
    ("great 😀👍 film", ["great", "😀", "👍", "film"]),                    # each emoji is a token
    ("שלום עולם مرحبا", ["שלום", "עולם", "مرحبا"]),                       # right-to-left words kept whole
    ("gr\u200beat\u200d \u2067film\u2069", ["great", "film"]),           # zero-width and bidi marks vanish
    ("a\x00b c", ["ab", "c"]),                                           # NUL removed
    ("<script>alert(1)</script>", ["<", "script", ">", "alert", "(", "1", ")", "<", "/", "script", ">"]),
    ("ＦＵＬＬ width", ["full", "width"]),                                 # NFKC
])
def test_tokenize_known_answers(text, tokens):
    assert tokenize(text) == tokens


def test_tokenize_reads_at_most_max_chars_of_a_huge_text():
    huge = "word " * 20_000  # 100,000 characters
    start = time.perf_counter()
    tokens = tokenize(huge)
    assert time.perf_counter() - start < 2.0
    assert len(huge) == 100_000 and len(tokens) == MAX_CHARS // 5


@pytest.mark.parametrize("text, message", [
    (None, "Type some text"), ("", "Type some text"), ("  \n\t ", "Type some text"),
    ("\u200b\u200c\u200d", "no visible words"), ("x" * 2001, "2,001 characters; the limit is 2,000"),
])
def test_check_text_rejects_with_one_sentence(text, message):
    with pytest.raises(TextInputError, match=message):
        check_text(text)


def test_check_text_accepts_emoji_only():
    assert check_text("🙂") == "🙂"


def test_vocab_order_caps_and_unknowns():
    vocab = Vocab.build([["b", "a", "b"], ["c", "b", "a"], ["d"]], max_size=5, specials=("<sos>",))
    assert vocab.itos == ["<pad>", "<unk>", "<sos>", "b", "a"]  # by frequency, then alphabetical; capped at 5
    assert vocab.encode(["a", "zzz", "b", "c"]) == [4, 1, 3, 1]
    assert vocab.encode(["a", "b", "a"], max_len=2) == [4, 3]
    assert vocab.decode([3, 4, 99]) == ["b", "a", "<unk>"]
    assert Vocab.build([["x", "y", "x"]], 100, min_freq=2).itos == ["<pad>", "<unk>", "x"]
    assert Vocab.build([], 100).encode(["anything"]) == [1]


def test_vocab_buffer_travels_in_a_state_dict():
    source = VocabBuffer()
    source.set(Vocab(["<pad>", "<unk>", "été", "😀", "n't"]))
    restored = VocabBuffer()
    restored.load_state_dict(load(save(source.state_dict())))  # through safetensors bytes, as the run store does
    assert restored.vocab().itos == ["<pad>", "<unk>", "été", "😀", "n't"]
    assert VocabBuffer().vocab().itos == []


def test_pad_batch_and_length_batches():
    ids, lengths = pad_batch([[5, 6, 7], [], [8]])
    assert ids.tolist() == [[5, 6, 7], [1, 0, 0], [8, 0, 0]] and lengths.tolist() == [3, 1, 1]
    lengths = torch.randint(1, 50, (1000,), generator=torch.Generator().manual_seed(1))
    batches = length_batches(lengths, 32, torch.Generator().manual_seed(0))
    assert sorted(torch.cat(batches).tolist()) == list(range(1000))
    spread = [int(lengths[b].max() - lengths[b].min()) for b in batches]
    assert max(spread) <= 2  # 1000 lengths in 49 values: a batch of 32 spans at most 2 neighbouring lengths
    again = length_batches(lengths, 32, torch.Generator().manual_seed(0))
    assert all(torch.equal(a, b) for a, b in zip(batches, again, strict=True))


def test_markdown_escaping_keeps_visitor_text_literal():
    assert escape_markdown("<b>") == r"\<b\>"
    assert escape_markdown("[x](http://e.com)") == r"\[x\]\(http\:\/\/e\.com\)"
    assert escape_markdown(":red[hi]") == r"\:red\[hi\]"
    line = coloured_tokens(["great", "<", "dull", "meh", "zzz"], [0.3, 0.0, -0.05, 0.001, 0.5],
                           [True, True, True, True, False])
    assert line == r":green-background[great] \< :red[dull] meh :gray[_zzz_]"


CSV_OK = ("text,label\n" + "".join(f"good film {i},pos\n" for i in range(10))
          + "".join(f"\"bad, dull film {i}\",neg\n" for i in range(10))).encode()


def test_parse_labelled_csv_splits_by_class():
    texts = parse_labelled_csv(CSV_OK)
    assert texts.classes == ("neg", "pos")
    assert len(texts.train_text) == 16 and len(texts.dev_text) == 4 and sorted(texts.dev_y) == [0, 0, 1, 1]
    assert all(("good" in t) == (y == 1) for t, y in zip(texts.train_text, texts.train_y, strict=True))
    assert "bad, dull film 3" in texts.train_text + texts.dev_text  # quoted comma kept


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"review;stars\nfine;1\n", "name a text column"),
    (b"text,label\n" + b"".join(b"t%d,%d\n" % (i, i % 3) for i in range(30)), "exactly two different values"),
    (b"text,label\n" + b"a,1\n" * 20 + b"b,0\n" * 2, "at least 5 rows"),
    (b"text,label\nx\x00,1\n", "NUL"),
])
def test_parse_labelled_csv_errors(data, message):
    with pytest.raises(CsvError, match=message):
        parse_labelled_csv(data)
