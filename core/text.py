"""Text plumbing shared by the sequence demos (core.sentiment, core.seq2seq): cleaning, tokenising,
vocabularies, a vocabulary stored inside a model's weights, padded batches and length buckets.

Contract:
- `clean_text` drops control and zero-width characters (NUL included), applies NFKC and lower-cases;
  `tokenize` splits words and punctuation the way SST-2 was tokenised ("doesn't" -> "does n't",
  "film's" -> "film 's"); any string is accepted, and at most `MAX_CHARS` characters are read, so a
  100,000-character paste costs no more than 20,000.
- `check_text` is the visitor-facing gate: empty, whitespace-only (zero-width included) or over-long text
  raises `TextInputError` with one sentence to show.
- `Vocab`: index 0 is `<pad>`, 1 is `<unk>` (unknown words), then any extra specials, then words by falling
  frequency (ties alphabetical), capped at `max_size`; `encode` truncates to `max_len` tokens.
- `VocabBuffer` keeps a vocabulary in a model's state dict as UTF-8 bytes, so a checkpoint alone can encode
  new text (`build_model` knows only the config; the words come from the data on the first epoch).
- `pad_batch` turns id lists into a (batch, longest) tensor plus lengths; `length_batches` yields index
  batches of similar length (shuffled within and across buckets, seeded), so little compute goes to padding.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import torch
from torch import nn

PAD, UNK = "<pad>", "<unk>"
MAX_CHARS = 20_000          # characters read by the tokeniser; the rest is ignored
MAX_INPUT_CHARS = 2_000     # what a visitor may type on a page
# Words (with SST's "n't" clitic split off first), clitics such as 's, or any other single symbol (emoji too).
TOKEN_PATTERN = re.compile(r"\w+(?=n't\b)|n't\b|'\w+|\w+|[^\w\s]")
INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}  # control, format (zero-width, bidi marks), surrogate, private, unassigned


class TextInputError(ValueError):
    """Typed or uploaded text that cannot be used; the message is for the visitor."""


def clean_text(text: str) -> str:
    """NFKC, lower case, curly apostrophes straightened, invisible characters removed (tabs/newlines kept)."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower().replace("\u2019", "'")
    return "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in INVISIBLE)


def tokenize(text: str) -> list[str]:
    return TOKEN_PATTERN.findall(clean_text(text))


def check_text(text: str | None, max_chars: int = MAX_INPUT_CHARS) -> str:
    """The text itself when usable; otherwise TextInputError saying why."""
    if text is None or not text.strip():
        raise TextInputError("Type some text first.")
    if len(text) > max_chars:
        raise TextInputError(f"The text has {len(text):,} characters; the limit is {max_chars:,}.")
    if not tokenize(text):
        raise TextInputError("The text has no visible words or symbols (only spaces or invisible characters).")
    return text


class Vocab:
    """Token <-> id maps; unknown tokens map to `<unk>` (id 1)."""

    def __init__(self, itos: list[str]):
        self.itos = list(itos)
        self.stoi = {token: i for i, token in enumerate(self.itos)}

    @classmethod
    def build(cls, token_lists: Iterable[list[str]], max_size: int, min_freq: int = 1,
              specials: tuple[str, ...] = ()) -> Vocab:
        counts = Counter(token for tokens in token_lists for token in tokens)
        head = [PAD, UNK, *specials]
        words = sorted((t for t, n in counts.items() if n >= min_freq and t not in head), key=lambda t: (-counts[t], t))
        return cls(head + words[:max(0, max_size - len(head))])

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, tokens: list[str], max_len: int | None = None) -> list[int]:
        ids = [self.stoi.get(token, 1) for token in tokens]
        return ids[:max_len] if max_len is not None else ids

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.itos[i] if 0 <= i < len(self.itos) else UNK for i in ids]


class VocabBuffer(nn.Module):
    """A vocabulary as a uint8 buffer in the state dict ("\\n"-joined UTF-8); it resizes on load."""

    def __init__(self):
        super().__init__()
        self.register_buffer("utf8", torch.zeros(0, dtype=torch.uint8))
        self._vocab: tuple[int, Vocab] | None = None

    def set(self, vocab: Vocab) -> None:
        raw = "\n".join(vocab.itos).encode("utf-8")
        self.utf8 = torch.frombuffer(bytearray(raw), dtype=torch.uint8).to(self.utf8.device)

    def vocab(self) -> Vocab:
        version = self.utf8.data_ptr() + self.utf8.numel()
        if self._vocab is None or self._vocab[0] != version:
            text = bytes(self.utf8.cpu().numpy()).decode("utf-8")
            self._vocab = (version, Vocab(text.split("\n") if text else []))
        return self._vocab[1]

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        if prefix + "utf8" in state_dict:  # take the checkpoint's length before the copy checks shapes
            self.utf8 = torch.zeros_like(state_dict[prefix + "utf8"], device=self.utf8.device)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)


def pad_batch(sequences: list[list[int]], device=None, min_len: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """(ids (batch, longest) padded with 0, lengths (batch,)); empty sequences become one <unk>."""
    sequences = [s if s else [1] for s in sequences]
    longest = max(min_len, max(len(s) for s in sequences))
    out = torch.zeros(len(sequences), longest, dtype=torch.long)
    for row, seq in enumerate(sequences):
        out[row, :len(seq)] = torch.as_tensor(seq, dtype=torch.long)
    lengths = torch.as_tensor([len(s) for s in sequences], dtype=torch.long)
    return (out.to(device), lengths) if device is not None else (out, lengths)


def length_batches(lengths: torch.Tensor, batch_size: int, generator: torch.Generator) -> list[torch.Tensor]:
    """Index batches of similar lengths: sort by length with random tie order, cut into batches, shuffle
    the batches. Every index appears exactly once."""
    lengths = torch.as_tensor(lengths, dtype=torch.float64)
    jitter = torch.rand(len(lengths), generator=generator, dtype=torch.float64)
    order = torch.argsort(lengths + jitter)  # jitter < 1 shuffles equal lengths only
    batches = list(torch.split(order, batch_size))
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]
