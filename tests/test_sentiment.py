"""The sentiment demo: the word-order set defeats a bag of words (scikit-learn oracle) but not a GRU; packed
sequences make a sentence's output independent of the padding around it; occlusion contributions equal a
hand recomputation; the SST-2 loader reads the shared files once per process."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from core import sentiment, text_data
from core.registry import get_demo
from core.text import TextInputError, pad_batch
from tests.conftest import SHARED_DATA

SST2 = SHARED_DATA / "sst2"
demo = get_demo("rnn")


def test_word_order_set_needs_word_order():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    data = text_data.word_order_dataset()
    assert len(data.train_text) == 4000 and len(data.dev_text) == 1000
    assert not set(data.train_text) & set(data.dev_text)
    labels = dict(zip(data.train_text + data.dev_text, data.train_y + data.dev_y, strict=True))
    assert labels.get("the film was good but boring", 0) == 0 and labels.get("the film was boring but good", 1) == 1
    vectoriser = CountVectorizer(token_pattern=r"\S+")
    bag = LogisticRegression(max_iter=2000).fit(vectoriser.fit_transform(data.train_text), data.train_y)
    bag_acc = bag.score(vectoriser.transform(data.dev_text), data.dev_y)
    assert bag_acc < 0.85  # the same words in another order mean the opposite


@pytest.mark.parametrize("model", ["gru", "lstm", "rnn", "boe"])
@pytest.mark.parametrize("pooling", ["max", "last", "mean"])
def test_output_does_not_depend_on_padding(model, pooling):
    cfg = demo.config({"model": model, "pooling": pooling, "dropout": 0.0}, preset="tiny")
    torch.manual_seed(0)
    net = sentiment.build_model(cfg).eval()
    sentences = [[5, 6, 7, 8, 9, 10, 11], [12, 13], [14, 15, 16, 17]]
    batch, lengths = pad_batch(sentences)
    with torch.no_grad():
        together = net(batch, lengths)
        alone = torch.cat([net(*pad_batch([s])) for s in sentences])
    torch.testing.assert_close(together, alone, atol=1e-5, rtol=1e-5)


def test_tiny_run_report_and_occlusion(tiny_run):
    run = tiny_run("rnn")
    model = run.demo.build_model(run.cfg)
    model.load_state_dict(run.store.load_weights(run.key))
    model.eval()
    data = run.demo.load_data(run.cfg, "unused", "cpu")
    assert model.vocab.vocab().itos == data.vocab.itos  # the checkpoint carries its vocabulary
    summary, _ = run.store.read_report(run.key)
    pred = sentiment.logits_of(model, data.dev_ids, data.dev_len).argmax(1)
    confusion = np.zeros((2, 2), dtype=int)
    np.add.at(confusion, (data.dev_y.numpy(), pred.numpy()), 1)
    assert confusion.tolist() == summary["confusion"]
    assert run.meta["final"]["test_acc"] == pytest.approx(np.trace(confusion) / confusion.sum(), abs=1e-6)

    result = run.demo.predict(model, "The plot was NOT dull 🙂", run.cfg)
    assert result["tokens"] == ["the", "plot", "was", "not", "dull", "🙂"] and result["known"][-1] is False
    ids = model.vocab.vocab().encode(result["tokens"])
    with torch.no_grad():
        def p_positive(seq):
            return float(model(*pad_batch([seq])).softmax(1)[0, 1])
        full = p_positive(ids)
        expected = [full - p_positive(ids[:i] + ids[i + 1:]) for i in range(len(ids))]
    assert result["prob"] == pytest.approx(full, abs=1e-6)
    assert result["contributions"] == pytest.approx(expected, abs=1e-4)
    with pytest.raises(TextInputError):
        run.demo.predict(model, "\u200b", run.cfg)
    assert run.demo.predict_bytes(model, b"good", run.cfg)["label"] in ("positive", "negative")


def test_gru_beats_the_bag_of_embeddings_on_word_order():
    from core.tabular import fit_in_memory

    accuracy = {}
    for model in ("gru", "boe"):
        cfg = demo.config({"model": model, "epochs": 4, "embed_dim": 32, "hidden": 32, "lr": 0.02,
                                  "batch_size": 128}, preset="tiny")
        data = sentiment.prepare(cfg, text_data.word_order_dataset())
        accuracy[model] = fit_in_memory(demo, cfg, data)[1][-1]["test_acc"]
    assert accuracy["gru"] > 0.9 and accuracy["boe"] < 0.85, accuracy


@pytest.mark.skipif(not (SST2 / "train.tsv").is_file(), reason=f"{SST2} is not available")
def test_sst2_reads_the_shared_files_once():
    first = text_data.load_sentiment_dataset("sst2", str(SHARED_DATA))
    assert len(first.train_text) == 67_349 and len(first.dev_text) == 872
    assert sum(first.train_y) == 37_569 and sum(first.dev_y) == 444  # positives, counted with awk
    assert first.dev_text[0] == "one long string of cliches ."
    second = text_data.load_sentiment_dataset("sst2", str(SHARED_DATA))
    assert second.train_text is first.train_text  # the process-wide cache, not a second parse
    cfg = dataclasses.replace(demo.config(preset="tiny"), dataset="sst2")
    assert demo.dataset_id(cfg, str(SHARED_DATA)).startswith("sst2:")


def test_missing_sst2_names_the_alternatives(tmp_path, monkeypatch):
    monkeypatch.setattr(text_data, "SST2_URL", "http://127.0.0.1:9/unreachable.zip")
    with pytest.raises(text_data.DatasetUnavailable, match="word-order"):
        text_data.load_sentiment_dataset("sst2", str(tmp_path))
