"""The translation demo: BLEU against a hand computation, decoding oracles (beam 1 = greedy, a sentence alone =
the same sentence in a padded batch, attention rows are distributions) on the session's tiny run, and every
cell/attention combination trains a step."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from core.seq2seq import beam_search, bleu, greedy
from core.seq2seq_data import SOS_ID
from core.text import TextInputError, pad_batch


def test_bleu_matches_a_hand_computation():
    # Hypothesis vs reference, both 6 words (no brevity penalty): n-gram precisions 5/6, 3/5, 2/4, 1/3.
    expected = 100 * math.exp((math.log(5 / 6) + math.log(3 / 5) + math.log(2 / 4) + math.log(1 / 3)) / 4)
    assert bleu(["the cat sat on the mat"], ["the cat sat on a mat"]) == pytest.approx(expected, abs=1e-6)
    # Corpus BLEU multiplies 1- to 4-gram precisions: three words have no 4-gram, so even a perfect copy scores 0.
    assert bleu(["deux cent un"], ["deux cent un"]) == 0.0
    assert bleu(["deux cent un", "quatre-vingt-un mille"], ["deux cent un", "quatre-vingt-un mille"]) == 0.0
    assert bleu(["trois cent vingt et un"], ["trois cent vingt et un"]) == pytest.approx(100.0)


@pytest.fixture(scope="module")
def trained(tiny_run):
    run = tiny_run("seq2seq")
    model = run.demo.build_model(run.cfg)
    model.load_state_dict(run.store.load_weights(run.key))
    return run, model.eval()


def test_tiny_run_reports_bleu_and_examples(trained):
    run, _ = trained
    final = run.meta["final"]
    assert 0.0 <= final["test_bleu"] <= 100.0 and 0.0 <= final["test_acc"] <= 1.0
    summary, _ = run.store.read_report(run.key)
    assert summary["test_sentences"] == 10 and len(summary["examples"]) == 10  # 100 numbers, a tenth held out


def test_beam_of_one_is_greedy_and_batching_changes_nothing(trained):
    run, model = trained
    data = run.demo.load_data(run.cfg, "unused", "cpu")
    src, src_len = pad_batch(data.test_src, "cpu")
    batch_out, batch_attn = greedy(model, src, src_len, run.cfg.max_len)
    for i, ids in enumerate(data.test_src):
        alone_out, _ = greedy(model, *pad_batch([ids], "cpu"), run.cfg.max_len)
        assert alone_out[0] == batch_out[i]
        assert beam_search(model, ids, 1, run.cfg.max_len)[0] == batch_out[i]
    weights = batch_attn[:, 0, :]
    assert torch.allclose(weights.sum(1), torch.ones(len(weights)), atol=1e-5)
    assert float(weights[src_len == 1][:, 1:].abs().sum()) == 0.0  # padding gets no attention


def test_beam_search_is_deterministic_and_emits_only_words(trained):
    run, model = trained
    data = run.demo.load_data(run.cfg, "unused", "cpu")
    for ids in data.test_src[:5]:
        out, attention = beam_search(model, ids, 4, run.cfg.max_len)
        assert out == beam_search(model, ids, 4, run.cfg.max_len)[0]
        assert all(i > 3 or i == 1 for i in out)  # no <pad>, <sos> or <eos> inside a translation
        assert attention.shape[1] == len(ids)


def test_predict_returns_an_attention_matrix_and_rejects_empty_text(trained):
    run, model = trained
    result = run.demo.predict(model, "Forty-two 😀", run.cfg)
    assert result["source"] == ["forty", "-", "two", "😀"] and result["unknown"] == ["😀"]
    attention = torch.tensor(result["attention"])
    assert attention.shape[1] == 4 and torch.allclose(attention.sum(1), torch.ones(len(attention)), atol=1e-5)
    with pytest.raises(TextInputError):
        run.demo.predict(model, " \u200b ", run.cfg)


@pytest.mark.parametrize("cell", ["gru", "lstm"])
@pytest.mark.parametrize("attention", ["bahdanau", "luong", "none"])
def test_every_variant_learns_a_batch(cell, attention):
    from core.registry import get_demo

    demo = get_demo("seq2seq")
    cfg = demo.config({"cell": cell, "attention": attention, "teacher_forcing": 0.5}, preset="tiny")
    data = demo.load_data(cfg, "unused", "cpu")
    torch.manual_seed(0)
    model = demo.build_model(cfg)
    model.src_vocab.set(data.src_vocab)
    model.tgt_vocab.set(data.tgt_vocab)
    src, src_len = pad_batch(data.train_src[:16])
    tgt, _ = pad_batch([[SOS_ID, *t, 3] for t in data.train_tgt[:16]])
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for _ in range(15):
        loss = F.cross_entropy(model(src, src_len, tgt[:, :-1], 1.0).flatten(0, 1), tgt[:, 1:].flatten(),
                               ignore_index=0)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.7 * losses[0]
