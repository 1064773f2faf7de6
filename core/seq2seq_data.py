"""Sentence pairs for the translation demo, tokenised and encoded: `numbers` (generated) and `eng-fra`.

- `numbers`: n -> (english(n), french(n)) for 0 <= n <= max_number (`core.french_numbers`). A fixed tenth of
  the numbers (at most 1,000, seed 0, the same for every training seed) is the test set; `train_pairs`
  training numbers are drawn from the rest (all of them when fewer). Number words are split at hyphens
  ("quatre - vingt - un"), so the model composes them.
- `eng-fra`: the English-French pairs of PyTorch's "NLP from scratch" seq2seq tutorial (`eng-fra.txt` in
  its data.zip), downloaded into `<data dir>/eng-fra/` when missing; filtered as the tutorial does (at most
  10 words, English starting "i am", "he is", ...); 10 % held out (seed 0).
Target vocabularies reserve <pad> 0, <unk> 1, <sos> 2, <eos> 3. `detokenize` undoes the tokeniser's splits
at hyphens and apostrophes, so BLEU compares ordinary text.
"""

from __future__ import annotations

import io
import random
import re
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.datasets import DatasetUnavailable
from core.french_numbers import english, french
from core.text import Vocab, check_text, tokenize

SEQ2SEQ_DATASETS = ("numbers", "eng-fra")
SOS, EOS = "<sos>", "<eos>"
SOS_ID, EOS_ID = 2, 3
TUTORIAL_URL = "https://download.pytorch.org/tutorial/data.zip"
TUTORIAL_MAX_WORDS = 10
TUTORIAL_PREFIXES = ("i am ", "i m ", "he is", "he s ", "she is", "she s ", "you are", "you re ", "we are", "we re ",
                     "they are", "they re ")


@dataclass
class TranslationData:
    src_vocab: Vocab
    tgt_vocab: Vocab
    train_src: list[list[int]]
    train_tgt: list[list[int]]
    test_src: list[list[int]]
    test_tgt: list[list[int]]
    test_text: list[str]      # source sentences as given
    test_ref: list[str]       # reference translations, detokenised
    dataset_id: str


def detokenize(tokens: list[str]) -> str:
    return re.sub(r" ?- ?", "-", re.sub(r" (?=n't|')", "", " ".join(tokens)))


def encode_source(vocab: Vocab, text: str, max_len: int) -> tuple[list[str], list[int]]:
    tokens = tokenize(check_text(text))[:max_len]
    return tokens, vocab.encode(tokens)


# --- the two sources ------------------------------------------------------------------------------------
def number_pairs(max_number: int, train_pairs: int, seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    numbers = list(range(max_number + 1))
    random.Random(0).shuffle(numbers)
    n_test = min(1000, len(numbers) // 10)
    test, rest = numbers[:n_test], numbers[n_test:]
    train = random.Random(seed).sample(rest, min(train_pairs, len(rest)))
    return [(english(n), french(n)) for n in train], [(english(n), french(n)) for n in test]


def _tutorial_file(data_dir: str) -> Path:
    path = Path(data_dir) / "eng-fra" / "eng-fra.txt"
    if path.is_file():
        return path
    try:
        with urllib.request.urlopen(TUTORIAL_URL, timeout=20) as response:
            archive = zipfile.ZipFile(io.BytesIO(response.read()))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(archive.read("data/eng-fra.txt"))
    except Exception as err:  # offline, moved or changed archive: not available here
        raise DatasetUnavailable(
            f"The English-French pairs are not in {path.parent} and could not be downloaded ({type(err).__name__}); "
            "this machine seems to be offline. Choose 'numbers' (generated, no download).") from None
    return path


def tutorial_pairs(data_dir: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    pairs = []
    for line in _tutorial_file(data_dir).read_text(encoding="utf-8").splitlines():
        eng, _, fra = line.partition("\t")
        simple = " ".join(re.findall(r"[a-z]+", eng.lower()))  # the tutorial's normalised form, for its filter
        if fra and simple.startswith(TUTORIAL_PREFIXES) and len(eng.split()) < TUTORIAL_MAX_WORDS \
                and len(fra.split()) < TUTORIAL_MAX_WORDS:
            pairs.append((eng, fra))
    random.Random(0).shuffle(pairs)
    cut = len(pairs) // 10
    return pairs[cut:], pairs[:cut]


def translation_dataset_id(cfg, data_dir: str) -> str:
    if cfg.dataset == "numbers":
        return f"numbers:v1-max{cfg.max_number}-train{cfg.train_pairs}-seed{cfg.seed}"
    if cfg.dataset == "eng-fra":
        return f"eng-fra:pytorch-tutorial-{_tutorial_file(data_dir).stat().st_size}-train{cfg.train_pairs}"
    raise DatasetUnavailable(f"Unknown dataset {cfg.dataset!r}; choose one of {', '.join(SEQ2SEQ_DATASETS)}.")


def load_translation_data(cfg, data_dir: str) -> TranslationData:
    if cfg.dataset == "numbers":
        train, test = number_pairs(cfg.max_number, cfg.train_pairs, cfg.seed)
    else:
        train, test = tutorial_pairs(data_dir)
        train = train[:cfg.train_pairs]
    src_train = [tokenize(s)[:cfg.max_len] for s, _ in train]
    tgt_train = [tokenize(t)[:cfg.max_len - 1] for _, t in train]
    src_vocab = Vocab.build(src_train, cfg.max_vocab)
    tgt_vocab = Vocab.build(tgt_train, cfg.max_vocab, specials=(SOS, EOS))
    test_tgt = [tokenize(t)[:cfg.max_len - 1] for _, t in test]
    return TranslationData(src_vocab, tgt_vocab, [src_vocab.encode(t) for t in src_train],
                           [tgt_vocab.encode(t) for t in tgt_train],
                           [src_vocab.encode(tokenize(s), cfg.max_len) for s, _ in test],
                           [tgt_vocab.encode(t) for t in test_tgt], [s for s, _ in test],
                           [detokenize(t) for t in test_tgt], translation_dataset_id(cfg, data_dir))
