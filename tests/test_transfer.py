"""Known-answer tests of the transfer-learning demo (core.transfer, core.transfer_data, core.transfer_backbones):
the 0-4 / 5-9 split, the transferred head and the scratch CNN seeing exactly the same labelled images, the source
network and its features computed once for runs that differ in N, frozen layers staying bit-identical through
training (and the last block changing when fine-tuned), the accuracy curve's head against scikit-learn, the
offline message for ImageNet weights, and the ImageNet backbones' shapes (untrained weights)."""

from __future__ import annotations

import urllib.error

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression

from core import transfer, transfer_data
from core.datasets import DatasetUnavailable, load_sklearn_digits
from core.fewshot import per_class_subset
from core.training import TrainContext
from core.transfer_backbones import backbone, backbone_input, imagenet_backbone

CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def tiny_data():
    cfg = transfer.DEMO.config(preset="tiny")
    return cfg, transfer.load_data(cfg, "unused", CPU)


def test_source_is_digits_0_to_4_and_target_5_to_9():
    cfg = transfer.DEMO.config(preset="tiny")
    source, target = transfer_data.source_and_target(cfg, "unused")
    digits = load_sklearn_digits()
    counts = np.bincount(digits.train_y.numpy(), minlength=10)
    assert np.bincount(source.train_y.numpy()).tolist() == counts[:5].tolist()
    assert np.bincount(target.train_y.numpy()).tolist() == counts[5:].tolist()
    assert target.classes == ("5", "6", "7", "8", "9")
    assert torch.equal(target.test_x, digits.test_x[digits.test_y >= 5])


def test_head_and_scratch_learn_from_the_same_labelled_images(tiny_data, monkeypatch):
    cfg, data = tiny_data
    cfg = transfer.DEMO.config({"augment": False, "batch_size": 500}, preset="tiny")  # one batch: all of them
    positions = per_class_subset(data.pool_y, cfg.labels_per_class, cfg.seed)
    assert torch.bincount(data.pool_y[positions]).tolist() == [cfg.labels_per_class] * 5
    torch.manual_seed(0)
    model = transfer.build_model(cfg)
    seen = {}

    def record(name):
        def hook(module, args):  # returns None, so the input passes unchanged
            seen.setdefault(name, args[0].clone())
        return hook

    model.scratch.register_forward_pre_hook(record("scratch"))
    model.head.register_forward_pre_hook(record("head"))
    ctx = TrainContext(CPU, cfg.seed, 1, 0, transfer.steps_per_epoch(cfg, data))
    transfer.train_epoch(model, transfer.make_optimizer(model, cfg), data, cfg, ctx)
    images = data.pool_x[positions]
    order = ctx.generator().manual_seed(cfg.seed * 100_003 + 1)  # the epoch's shuffle, as ctx.batches draws it
    shuffle = torch.randperm(len(positions), generator=order)
    stats = transfer_data.input_stats(cfg)
    assert torch.equal(seen["scratch"], backbone_input(images[shuffle], "own-cnn", 0, stats))
    assert torch.equal(seen["head"], data.source.encode(images[shuffle], "frozen", cfg))


def test_source_and_features_are_computed_once(monkeypatch):
    calls = []
    original = transfer_data.pretrain_own_cnn
    monkeypatch.setattr(transfer_data, "pretrain_own_cnn", lambda *a: calls.append(1) or original(*a))
    monkeypatch.setattr(transfer_data, "_cache", type(transfer_data._cache)())
    first = transfer.load_data(transfer.DEMO.config({"labels_per_class": 3}, preset="tiny"), "unused", CPU)
    features = first.pool_features
    second = transfer.load_data(transfer.DEMO.config({"labels_per_class": 7}, preset="tiny"), "unused", CPU)
    assert len(calls) == 1 and second.pool_features is features
    assert set(first.labelled_pos.tolist()) <= set(second.labelled_pos.tolist())  # N=3 inside N=7


@pytest.mark.parametrize("mode", ["frozen", "finetune"])
def test_frozen_parts_stay_and_trained_parts_move(mode, tiny_data):
    _, data = tiny_data
    cfg = transfer.DEMO.config({"mode": mode}, preset="tiny")
    model = transfer.build_model(cfg)
    optimizer = transfer.make_optimizer(model, cfg)
    head_before = model.head.weight.detach().clone()
    for epoch in (1, 2):
        ctx = TrainContext(CPU, cfg.seed, epoch, (epoch - 1) * 5, 10)
        transfer.train_epoch(model, optimizer, data, cfg, ctx)
    for name, value in data.source.trunk_state.items():
        assert torch.equal(model.trunk.state_dict()[name], value), name
    last_same = all(torch.equal(model.last.state_dict()[n], v) for n, v in data.source.last_state.items())
    assert last_same == (mode == "frozen")
    assert not torch.equal(model.head.weight, head_before)


def test_finished_tiny_run_scores_what_it_reports(tiny_run):
    run = tiny_run("transfer")
    from core.inference import load_finished

    model = load_finished(run.store, run.key, run.demo, run.cfg)
    data = transfer.load_data(run.cfg, "unused", CPU)
    probs = transfer.predict(model, data.test_x.numpy(), run.cfg)
    final = run.meta["final"]
    assert float((probs["transfer"].argmax(1) == data.test_y.numpy()).mean()) == pytest.approx(final["test_acc"])
    assert float((probs["scratch"].argmax(1) == data.test_y.numpy()).mean()) == pytest.approx(final["scratch_acc"])
    summary, _ = run.store.read_report(run.key)
    assert summary["labelled"] == 5 * run.cfg.labels_per_class and summary["classes"] == list("56789")


def test_accuracy_curve_head_matches_scikit_learn(tiny_data, monkeypatch):
    cfg, data = tiny_data
    monkeypatch.setattr(transfer, "CURVE_LABELS", (2, 5))
    monkeypatch.setattr(transfer, "scratch_fit", lambda x, y, classes, cfg: torch.nn.Linear(1, classes))
    monkeypatch.setattr(transfer, "scratch_logits", lambda net, x, cfg: torch.zeros(len(x), 5))
    curve = transfer.accuracy_curve(data, cfg)
    assert curve["labels_per_class"] == [2, 5]
    test = data.test_cache("frozen").numpy()
    for n, acc in zip(curve["labels_per_class"], curve["transfer_acc"], strict=True):
        pick = per_class_subset(data.pool_y, n, cfg.seed)
        x, y = data.pool_features[pick].numpy().astype(np.float64), data.pool_y[pick].numpy()
        mean, std = x.mean(0), np.maximum(x.std(0), 1e-6)
        reference = LogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit((x - mean) / std, y)
        expected = float((reference.predict((test - mean) / std) == data.test_y.numpy()).mean())
        assert acc == pytest.approx(expected, abs=2 / len(test))  # at most a tie or two may flip


def test_imagenet_weights_offline_name_the_offline_backbone(monkeypatch, tmp_path):
    from torchvision.models import ResNet18_Weights

    def offline(self, *args, **kwargs):
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(type(ResNet18_Weights.IMAGENET1K_V1), "get_state_dict", offline)
    with pytest.raises(DatasetUnavailable, match="own-cnn") as err:
        imagenet_backbone("resnet18", str(tmp_path))
    assert "offline" in str(err.value)


@pytest.mark.parametrize("name, features", [("resnet18", 512), ("mobilenet_v3_small", 576)])
def test_imagenet_backbones_split_into_trunk_and_last_block(name, features):
    trunk, last, size = backbone(name, 16, 1)
    digits = torch.randint(0, 256, (2, 1, 28, 28), dtype=torch.uint8)
    x = backbone_input(digits, name, 64, ())
    assert x.shape == (2, 3, 64, 64)
    np.testing.assert_allclose(x[0, 1, 0, 0].item(), (digits[0, 0, 0, 0].item() / 255 - 0.456) / 0.224, atol=0.05)
    trunk.eval()
    last.eval()
    with torch.no_grad():
        assert size == features and last(trunk(x)).shape == (2, features)
