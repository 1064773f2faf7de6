"""Translation demo ("seq2seq"): a GRU or LSTM encoder-decoder with Bahdanau (additive) or Luong (general)
attention, trained with a teacher-forcing ratio, decoded greedily or by beam search, scored by BLEU.

Data (`core.seq2seq_data`): `numbers` (English number words -> French number words from
`core.french_numbers`, no download; a fixed tenth of the numbers is held out for testing) or `eng-fra`
(the sentence pairs of PyTorch's seq2seq tutorial, downloaded when online).
The encoder is bidirectional (hidden/2 per direction); the decoder's first state is the encoder's final
one. BLEU is sacrebleu's corpus BLEU (0-100) on detokenised text; `test_acc` is the share of test
sentences translated exactly.

Benchmark contract (`python -m core bench seq2seq`): numbers up to 9,999, trained on 8,000 numbers, tested on
1,000 never seen; goal BLEU >= 95 (greedy decoding) with <= 120 s of training on a 2-core CPU.
"""

from __future__ import annotations

from dataclasses import dataclass

import sacrebleu
import torch
import torch.nn.functional as F
from torch import nn

from core.config import param
from core.demo import Bench, Demo
from core.seq2seq_data import (
    EOS_ID,
    SEQ2SEQ_DATASETS,
    SOS_ID,
    TranslationData,
    detokenize,
    encode_source,
    load_translation_data,
    translation_dataset_id,
)
from core.text import TextInputError, VocabBuffer, pad_batch


@dataclass(frozen=True)
class Seq2SeqConfig:
    dataset: str = param("numbers", choices=SEQ2SEQ_DATASETS,
                         help="numbers: English number words -> French (generated, no download); eng-fra: "
                              "PyTorch tutorial's short English-French sentence pairs (downloaded).")
    max_number: int = param(9999, lo=99, hi=999_999, help="numbers only: largest number (0 up to this).")
    train_pairs: int = param(8000, lo=200, hi=200_000, step=100,
                             help="Training pairs (numbers: drawn from those not held out for testing).")
    cell: str = param("gru", choices=("gru", "lstm"), help="Recurrent cell of encoder and decoder.")
    attention: str = param("bahdanau", choices=("bahdanau", "luong", "none"),
                           help="bahdanau: additive score from the previous decoder state; luong: general "
                                "(bilinear) score from the current one; none: the final encoder state only.")
    embed_dim: int = param(64, lo=8, hi=512, step=8, help="Size of each word vector.")
    hidden: int = param(128, lo=16, hi=1024, step=16, help="Decoder state size (the encoder uses half per direction).")
    dropout: float = param(0.1, lo=0.0, hi=0.8, step=0.05, help="Dropout on word vectors and decoder outputs.")
    teacher_forcing: float = param(1.0, lo=0.0, hi=1.0, step=0.05,
                                   help="Chance that the decoder is fed the true previous word in training, "
                                        "rather than its own guess.")
    beam_size: int = param(1, lo=1, hi=10, help="Beam width for the final report and your input; 1 = greedy.")
    max_len: int = param(30, lo=4, hi=80, help="Length cap in tokens for sources and translations.")
    max_vocab: int = param(6000, lo=50, hi=30000, step=50, help="Largest vocabulary per language.")
    lr: float = param(0.003, lo=1e-4, hi=0.1, log=True, help="Peak Adam learning rate (per step).")
    schedule: str = param("onecycle", choices=("onecycle", "cosine", "constant"),
                          help="Learning-rate schedule over all steps (onecycle: warm-up 25 %, then linear decay).")
    batch_size: int = param(128, lo=8, hi=1024, step=8, help="Sentence pairs per optimizer step.")
    epochs: int = param(8, lo=1, hi=200, help="Passes over the training pairs.")
    seed: int = param(0, lo=0, hi=1_000_000, help="Random seed for initialisation, shuffling and the train draw.")


# --- model -------------------------------------------------------------------------------------------
class Seq2Seq(nn.Module):
    """encode(src, lengths) -> memory; step(token, state, feed, ...) -> next-word logits. Output rows past
    the target vocabulary's size are never computed."""

    def __init__(self, cfg: Seq2SeqConfig):
        super().__init__()
        self.lstm, self.attention, self.hidden = cfg.cell == "lstm", cfg.attention, cfg.hidden
        self.src_vocab, self.tgt_vocab = VocabBuffer(), VocabBuffer()
        self.src_embed = nn.Embedding(cfg.max_vocab, cfg.embed_dim, padding_idx=0)
        self.tgt_embed = nn.Embedding(cfg.max_vocab, cfg.embed_dim, padding_idx=0)
        rnn, cell = (nn.LSTM, nn.LSTMCell) if self.lstm else (nn.GRU, nn.GRUCell)
        self.encoder = rnn(cfg.embed_dim, cfg.hidden // 2, batch_first=True, bidirectional=True)
        feed = cfg.hidden if cfg.attention != "none" else 0  # context (Bahdanau) or last output (Luong)
        self.decoder = cell(cfg.embed_dim + feed, cfg.hidden)
        self.key = nn.Linear(cfg.hidden, cfg.hidden, bias=False)
        self.query = nn.Linear(cfg.hidden, cfg.hidden, bias=False)   # Bahdanau only
        self.score = nn.Linear(cfg.hidden, 1, bias=False)            # Bahdanau only
        self.combine = nn.Linear(2 * cfg.hidden, cfg.hidden)
        self.out = nn.Linear(cfg.hidden, cfg.max_vocab)
        self.drop = nn.Dropout(cfg.dropout)

    def encode(self, src: torch.Tensor, lengths: torch.Tensor):
        """-> (memory (B, S, H), keys (B, S, H), mask (B, S), initial decoder state)."""
        packed = nn.utils.rnn.pack_padded_sequence(self.drop(self.src_embed(src)), lengths.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        out, final = self.encoder(packed)
        memory, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        join = lambda h: torch.cat([h[0], h[1]], dim=1)  # noqa: E731 - forward and backward final states
        state = (join(final[0]), join(final[1])) if self.lstm else join(final)
        mask = torch.arange(src.shape[1], device=src.device)[None] < lengths.to(src.device)[:, None]
        return memory, self.key(memory), mask, state

    def initial_feed(self, batch: int, device) -> torch.Tensor:
        return torch.zeros(batch, self.hidden if self.attention != "none" else 0, device=device)

    def attend(self, h: torch.Tensor, memory, keys, mask) -> tuple[torch.Tensor, torch.Tensor]:
        if self.attention == "bahdanau":
            scores = self.score(torch.tanh(keys + self.query(h)[:, None])).squeeze(-1)
        else:
            scores = (keys * h[:, None]).sum(-1)
        weights = scores.masked_fill(~mask, float("-inf")).softmax(-1)
        return (weights[:, :, None] * memory).sum(1), weights

    def step(self, token, state, feed, memory, keys, mask):
        """One decoder step -> (logits (B, V), state, feed, attention weights (B, S) or None)."""
        h_prev = state[0] if self.lstm else state
        weights = None
        if self.attention == "bahdanau":
            feed, weights = self.attend(h_prev, memory, keys, mask)
        state = self.decoder(torch.cat([self.drop(self.tgt_embed(token)), feed], 1), state)
        h = state[0] if self.lstm else state
        if self.attention == "luong":
            context, weights = self.attend(h, memory, keys, mask)
            out = feed = torch.tanh(self.combine(torch.cat([h, context], 1)))
        elif self.attention == "bahdanau":
            out = torch.tanh(self.combine(torch.cat([h, feed], 1)))
        else:
            out = h
        n = max(len(self.tgt_vocab.vocab()), EOS_ID + 1)
        return F.linear(self.drop(out), self.out.weight[:n], self.out.bias[:n]), state, feed, weights

    def forward(self, src, src_len, tgt_in, teacher_forcing: float = 1.0) -> torch.Tensor:
        """Logits (B, T, V) for target inputs tgt_in (<sos> w1 w2 ...); each step is fed the true previous
        word with probability `teacher_forcing`, else the model's own best guess."""
        memory, keys, mask, state = self.encode(src, src_len)
        feed, token, steps = self.initial_feed(len(src), src.device), tgt_in[:, 0], []
        for t in range(tgt_in.shape[1]):
            logits, state, feed, _ = self.step(token, state, feed, memory, keys, mask)
            steps.append(logits)
            if t + 1 < tgt_in.shape[1]:
                gold = tgt_in[:, t + 1]
                token = gold if teacher_forcing >= 1 else torch.where(
                    torch.rand(len(gold), device=gold.device) < teacher_forcing, gold, logits.argmax(1))
        return torch.stack(steps, 1)


def build_model(cfg: Seq2SeqConfig) -> nn.Module:
    return Seq2Seq(cfg)


def make_optimizer(model: nn.Module, cfg: Seq2SeqConfig) -> torch.optim.Optimizer:
    return torch.optim.Adam(model.parameters(), lr=cfg.lr)


def dataset_id(cfg: Seq2SeqConfig, data_dir: str) -> str:
    return translation_dataset_id(cfg, data_dir)


def load_data(cfg: Seq2SeqConfig, data_dir: str, device) -> TranslationData:
    return load_translation_data(cfg, data_dir)


# --- training ------------------------------------------------------------------------------------------
def steps_per_epoch(cfg: Seq2SeqConfig, data: TranslationData) -> int:
    return -(-len(data.train_src) // cfg.batch_size)


def _pairs(data: TranslationData, split: str, idx: list[int], device):
    src = getattr(data, f"{split}_src")
    tgt = getattr(data, f"{split}_tgt")
    src_ids, src_len = pad_batch([src[i] for i in idx], device)
    tgt_ids, _ = pad_batch([[SOS_ID, *tgt[i], EOS_ID] for i in idx], device)
    return src_ids, src_len, tgt_ids[:, :-1], tgt_ids[:, 1:]  # decoder input and the words it must predict


def train_epoch(model, optimizer, data: TranslationData, cfg: Seq2SeqConfig, ctx) -> dict:
    if len(model.tgt_vocab.utf8) == 0:  # the model keeps the vocabularies it was trained with
        model.src_vocab.set(data.src_vocab)
        model.tgt_vocab.set(data.tgt_vocab)
    model.train()
    total, words = 0.0, 0
    for idx in ctx.batches(len(data.train_src), cfg.batch_size):
        src, src_len, tgt_in, tgt_out = _pairs(data, "train", idx.tolist(), ctx.device)
        ctx.set_lr(optimizer, cfg.lr, cfg.schedule)
        logits = model(src, src_len, tgt_in, cfg.teacher_forcing)
        loss = F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=0)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # recurrent gradients can spike
        optimizer.step()
        n = int((tgt_out != 0).sum())
        total, words = total + float(loss.detach()) * n, words + n
        ctx.step_done(len(idx), loss)
    return {"train_loss": total / max(words, 1)}


# --- decoding and evaluation -----------------------------------------------------------------------------
@torch.no_grad()
def greedy(model, src: torch.Tensor, src_len: torch.Tensor, max_len: int):
    """Batched greedy decoding -> (token id lists without <eos>, attention (B, T, S))."""
    model.eval()
    memory, keys, mask, state = model.encode(src, src_len)
    token = torch.full((len(src),), SOS_ID, dtype=torch.long, device=src.device)
    feed, out, attn = model.initial_feed(len(src), src.device), [], []
    done = torch.zeros(len(src), dtype=torch.bool, device=src.device)
    for _ in range(max_len):
        logits, state, feed, weights = model.step(token, state, feed, memory, keys, mask)
        token = logits.argmax(1)
        out.append(token)
        attn.append(weights if weights is not None else torch.zeros_like(mask, dtype=torch.float))
        done |= token == EOS_ID
        if bool(done.all()):
            break
    ids = torch.stack(out, 1).tolist()
    return [row[:row.index(EOS_ID)] if EOS_ID in row else row for row in ids], torch.stack(attn, 1)


@torch.no_grad()
def beam_search(model, src_ids: list[int], beam: int, max_len: int):
    """Beam search for one sentence -> (best token ids without <eos>, attention (T, S)). Finished
    hypotheses are ranked by mean log-probability per word, so short ones get no unfair advantage."""
    model.eval()
    device = model.out.weight.device
    src, src_len = pad_batch([src_ids], device)
    memory, keys, mask, state = model.encode(src, src_len)
    live = [(0.0, [SOS_ID], [])]  # (log-prob, tokens, attention rows)
    finished = []
    feed = model.initial_feed(1, device)
    for _ in range(max_len):  # state and feed hold one row per live hypothesis
        k = len(live)
        tokens = torch.tensor([hyp[1][-1] for hyp in live], device=device)
        logits, new_state, new_feed, weights = model.step(tokens, state, feed, memory.expand(k, -1, -1),
                                                          keys.expand(k, -1, -1), mask.expand(k, -1))
        logp = logits.float().log_softmax(1)
        scores = torch.tensor([hyp[0] for hyp in live], device=device)[:, None] + logp
        top = scores.flatten().topk(min(beam, scores.numel()))
        candidates = []
        for score, flat in zip(top.values.tolist(), top.indices.tolist(), strict=True):
            row, word = divmod(flat, logp.shape[1])
            rows = live[row][2] + [weights[row].tolist() if weights is not None else [0.0] * src.shape[1]]
            if word == EOS_ID:
                finished.append((score / len(live[row][1]), live[row][1][1:], rows))
            else:
                candidates.append((score, live[row][1] + [word], rows, row))
        if not candidates or len(finished) >= beam:
            break
        keep = torch.tensor([c[3] for c in candidates], device=device)
        live = [c[:3] for c in candidates]
        state = tuple(s[keep] for s in new_state) if model.lstm else new_state[keep]
        feed = new_feed[keep]
    finished += [(score / len(tokens), tokens[1:], rows) for score, tokens, rows in live]
    _, best, rows = max(finished, key=lambda f: f[0])
    return best, torch.tensor(rows[:len(best) + 1])


def translate_split(model, data: TranslationData, cfg: Seq2SeqConfig, beam: int = 1,
                    batch_size: int = 500) -> list[str]:
    device = model.out.weight.device
    if beam > 1:
        ids = [beam_search(model, s, beam, cfg.max_len)[0] for s in data.test_src]
    else:
        ids = []
        for start in range(0, len(data.test_src), batch_size):
            src, src_len = pad_batch(data.test_src[start:start + batch_size], device)
            ids += greedy(model, src, src_len, cfg.max_len)[0]
    return [detokenize(data.tgt_vocab.decode(row)) for row in ids]


def bleu(hypotheses: list[str], references: list[str]) -> float:
    return float(sacrebleu.corpus_bleu(hypotheses, [references]).score)


def evaluate(model, data: TranslationData, cfg: Seq2SeqConfig, ctx) -> dict:
    model.eval()
    with torch.no_grad():
        src, src_len, tgt_in, tgt_out = _pairs(data, "test", list(range(len(data.test_src))), ctx.device)
        logits = model(src, src_len, tgt_in)
        loss = F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=0)
    hyps = translate_split(model, data, cfg)
    return {"test_loss": float(loss), "test_bleu": bleu(hyps, data.test_ref),
            "test_acc": sum(h == r for h, r in zip(hyps, data.test_ref, strict=True)) / len(hyps)}


def report(model, data: TranslationData, cfg: Seq2SeqConfig, ctx, examples: int = 12) -> tuple[dict, dict]:
    """Test BLEU with the configured beam, and sample translations (the wrong ones first)."""
    hyps = translate_split(model, data, cfg, cfg.beam_size)
    pairs = [{"source": s, "reference": r, "output": h} for s, r, h in zip(data.test_text, data.test_ref, hyps,
                                                                        strict=True)]
    wrong = [p for p in pairs if p["output"] != p["reference"]]
    return {"beam_size": cfg.beam_size, "beam_bleu": bleu(hyps, data.test_ref),
            "beam_exact": 1 - len(wrong) / len(pairs), "test_sentences": len(pairs),
            "examples": (wrong + [p for p in pairs if p not in wrong])[:examples]}, {}


# --- inference -------------------------------------------------------------------------------------------
def predict(model, text: str, cfg: Seq2SeqConfig) -> dict:
    """One sentence -> {"source" tokens, "tokens" (output), "translation", "attention" (T x S lists)}."""
    src_tokens, src_ids = encode_source(model.src_vocab.vocab(), text, cfg.max_len)
    out, attn = beam_search(model, src_ids, cfg.beam_size, cfg.max_len)
    tokens = model.tgt_vocab.vocab().decode(out)
    return {"source": src_tokens, "unknown": [t for t, i in zip(src_tokens, src_ids, strict=True) if i == 1],
            "tokens": tokens + ["<eos>"], "translation": detokenize(tokens), "attention": attn.tolist()}


def predict_bytes(model, data: bytes, cfg: Seq2SeqConfig) -> dict:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TextInputError("The file is not UTF-8 text.") from None
    translation = predict(model, text, cfg)["translation"]
    return {"label": translation, "top": [[translation, 1.0]]}


DEMO = Demo(
    name="seq2seq", title="Translation (seq2seq + attention)", group="Sequences", page="pages/seq2seq.py",
    summary="An encoder-decoder with attention learns to translate; see where it looks for each word it writes.",
    config_cls=Seq2SeqConfig, recipe_version=1, monitor="test_bleu", stop_metric="val_bleu",
    dataset_id=dataset_id, load_data=load_data, build_model=build_model, make_optimizer=make_optimizer,
    steps_per_epoch=steps_per_epoch, train_epoch=train_epoch, evaluate=evaluate, report=report,
    predict=predict, predict_bytes=predict_bytes,
    presets={"tiny": {"max_number": 99, "train_pairs": 300, "embed_dim": 16, "hidden": 32, "epochs": 2,
                      "batch_size": 32, "lr": 0.01, "max_vocab": 100},
             "bench": {"max_number": 9999, "train_pairs": 8000, "max_vocab": 100, "epochs": 6}},
    bench=Bench(preset="bench", metric="test_bleu", target=95.0, max_train_seconds=120.0),
)
