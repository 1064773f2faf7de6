"""core.fedavg and core.fed_partition against known answers.

Oracles: FedAvg's weighted average against hand-computed numbers; one whole federated round of full-batch
softmax regression against a numpy computation of each client's gradient step and their example-weighted mean;
clipping against a 3-4-5 triangle; the server step at rate 1 lands exactly on the average; partitions against
their definitions (a partition of range(N), sizes, labels per shard client, Dirichlet skew against alpha,
label counts against numpy); a stopped and resumed run ends with the uninterrupted run's weights; the recorded
`rounds_to_target` against the run's own accuracy history.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from torch import nn

from core import fedavg
from core.datasets import DIGIT_CLASSES, ImageData
from core.fed_partition import dirichlet_partition, iid_partition, label_counts, partition, shard_partition
from core.fed_plots import accuracy_curve
from core.store import RunStore
from core.training import Reporter, TrainContext, train_run


# --- aggregation ---------------------------------------------------------------------------------------------
def test_weighted_average_matches_a_hand_computed_case():
    a = {"w": torch.tensor([1.0, 2.0]), "b": torch.tensor([3.0])}
    b = {"w": torch.tensor([5.0, 6.0]), "b": torch.tensor([-1.0])}
    c = {"w": torch.tensor([0.0, 0.0]), "b": torch.tensor([8.0])}
    # Weights 100, 300, 0 examples: shares 1/4, 3/4, 0. w = [1/4 + 15/4, 2/4 + 18/4] = [4, 5]; b = 3/4 - 3/4 = 0.
    average = fedavg.weighted_average([a, b, c], [100, 300, 0])
    assert average["w"].tolist() == [4.0, 5.0]
    assert average["b"].tolist() == [0.0]
    # Equal weights: the plain mean, w = [2, 8/3], b = 10/3.
    equal = fedavg.weighted_average([a, b, c], [1, 1, 1])
    assert equal["w"].tolist() == pytest.approx([2.0, 8 / 3])
    assert equal["b"].tolist() == pytest.approx([10 / 3])


def test_clip_update_scales_long_updates_to_the_norm():
    long = {"a": torch.tensor([3.0]), "b": torch.tensor([[4.0]])}  # one vector (3, 4): norm 5
    clipped = fedavg.clip_update(long, 1.0)
    assert clipped["a"].item() == pytest.approx(0.6) and clipped["b"].item() == pytest.approx(0.8)
    short = fedavg.clip_update(long, 10.0)
    assert short["a"].item() == 3.0 and short["b"].item() == 4.0


def _softmax_regression() -> fedavg.GlobalModel:
    torch.manual_seed(0)
    return fedavg.GlobalModel(nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10)))


def _fed_data(sizes: list[int], seed: int = 0) -> fedavg.FedData:
    g = torch.Generator().manual_seed(seed)
    n = sum(sizes)
    x = torch.randint(0, 256, (n, 1, 28, 28), generator=g, dtype=torch.uint8)
    y = torch.randint(0, 10, (n,), generator=g)
    parts = list(torch.arange(n).split(sizes))
    images = ImageData(x, y, x[:8], y[:8], DIGIT_CLASSES, "synthetic")
    return fedavg.FedData(images, x, y, None, None, x[:8], y[:8], parts, label_counts(y, parts, 10))


def _context(epoch: int = 1) -> TrainContext:
    return TrainContext(torch.device("cpu"), seed=0, epoch=epoch, global_step=0, total_steps=100)


def test_one_round_equals_numpy_fedavg_of_full_batch_gradient_steps():
    sizes, lr = [5, 10, 15], 0.5
    data, model = _fed_data(sizes), _softmax_regression()
    cfg = fedavg.FedConfig(clients=3, client_fraction=1.0, batch_size=512, local_epochs=1, lr=lr,
                           momentum=0.0)  # every client takes one full-batch step
    linear = model.net[1]
    w0, b0 = linear.weight.detach().double().numpy(), linear.bias.detach().double().numpy()
    expected_w, expected_b = np.zeros_like(w0), np.zeros_like(b0)
    for part in data.parts:
        x = (data.train_x[part].double().numpy().reshape(len(part), -1) / 255 - 0.1307) / 0.3081
        onehot = np.eye(10)[data.train_y[part].numpy()]
        logits = x @ w0.T + b0
        probs = np.exp(logits - logits.max(1, keepdims=True))
        probs /= probs.sum(1, keepdims=True)
        residual = (probs - onehot) / len(part)  # gradient of the mean cross-entropy w.r.t. the logits
        share = len(part) / sum(sizes)
        expected_w += share * (w0 - lr * residual.T @ x)
        expected_b += share * (b0 - lr * residual.sum(0))
    server = fedavg.make_optimizer(model, cfg)
    fedavg.train_epoch(model, server, data, cfg, _context())
    np.testing.assert_allclose(linear.weight.detach().double().numpy(), expected_w, atol=2e-5)
    np.testing.assert_allclose(linear.bias.detach().double().numpy(), expected_b, atol=2e-6)


def test_server_step_at_rate_one_lands_on_the_average():
    model = _softmax_regression()
    server = fedavg.make_optimizer(model, fedavg.FedConfig())
    before = {k: v.clone() for k, v in model.net.state_dict().items()}
    update = {k: torch.full_like(v, 0.25) for k, v in before.items()}
    fedavg.apply_update(model, server, update)
    for name, value in model.net.state_dict().items():
        torch.testing.assert_close(value, before[name] + 0.25, rtol=0, atol=1e-6)


# --- partitions ------------------------------------------------------------------------------------------------
def _is_partition(parts: list[torch.Tensor], n: int) -> bool:
    return sorted(torch.cat(parts).tolist()) == list(range(n))


def test_iid_partition_is_an_even_seeded_split():
    parts = iid_partition(103, 10, seed=1)
    assert _is_partition(parts, 103)
    assert sorted(len(p) for p in parts) == [10] * 7 + [11] * 3
    assert all(torch.equal(a, b) for a, b in zip(parts, iid_partition(103, 10, seed=1), strict=True))
    assert not all(torch.equal(a, b) for a, b in zip(parts, iid_partition(103, 10, seed=2), strict=True))


def test_shards_give_each_client_at_most_its_shard_count_of_labels():
    labels = torch.arange(10).repeat_interleave(20)[torch.randperm(200, generator=torch.Generator().manual_seed(0))]
    parts = shard_partition(labels, clients=5, shards_per_client=2, seed=3)  # 10 shards of 20 = one label each
    assert _is_partition(parts, 200)
    assert [len(p) for p in parts] == [40] * 5
    assert all(len(labels[p].unique()) <= 2 for p in parts)
    assert sorted(labels[torch.cat(parts)].tolist()) == sorted(labels.tolist())


def test_dirichlet_skew_follows_alpha():
    labels = torch.arange(10).repeat(300)  # 3,000 examples, 300 per label
    global_share = np.full(10, 0.1)

    def mean_distance(alpha: float) -> float:
        parts = dirichlet_partition(labels, 10, alpha, seed=0)
        assert _is_partition(parts, 3000) and min(len(p) for p in parts) >= 10
        shares = label_counts(labels, parts, 10) / np.array([[len(p)] for p in parts])
        return float(np.abs(shares - global_share).sum(1).mean() / 2)  # total-variation distance per client

    # E|share - 1/K| shrinks like 1/sqrt(alpha): near IID at alpha 1000, a few labels each at alpha 0.05.
    assert mean_distance(1000.0) < 0.05
    assert mean_distance(0.05) > 0.6


def test_dirichlet_without_room_for_every_client_says_why():
    with pytest.raises(ValueError, match="fewer than 10 examples"):
        dirichlet_partition(torch.arange(10).repeat(5), 10, 1.0, seed=0)


def test_label_counts_match_numpy():
    labels = torch.randint(0, 10, (500,), generator=torch.Generator().manual_seed(4))
    parts = partition(labels, "dirichlet", 7, seed=4, alpha=0.3)
    expected = np.stack([np.bincount(labels.numpy()[p.numpy()], minlength=10) for p in parts])
    np.testing.assert_array_equal(label_counts(labels, parts, 10), expected)


# --- configs the page compares ----------------------------------------------------------------------------------
def test_noise_without_clipping_changes_nothing():
    """Noise is scaled to the clipping norm, so without clipping it is off and the field is reset."""
    data = _fed_data([10, 10])
    cfg = fedavg.FedConfig(clients=2, noise_multiplier=1.0)
    assert "noise_multiplier" in fedavg.irrelevant_fields(cfg)
    assert fedavg.canonical(cfg).noise_multiplier == 0.0
    finals = []
    for run_cfg in (cfg, fedavg.canonical(cfg)):
        model = _softmax_regression()
        fedavg.train_epoch(model, fedavg.make_optimizer(model, run_cfg), data, run_cfg, _context())
        finals.append(model.net.state_dict())
    for name, value in finals[0].items():
        torch.testing.assert_close(finals[1][name], value, rtol=0, atol=0)


def test_comparisons_reset_what_cannot_matter():
    cfg = fedavg.FedConfig(partition="shards", alpha=0.1, clip_norm=1.0, noise_multiplier=0.5, lr=0.2)
    runs = fedavg.comparison_configs(cfg)
    assert list(runs) == ["centralised", "federated, IID", "federated, non-IID", "without clipping or noise"]
    defaults = fedavg.FedConfig()
    assert runs["centralised"] == dataclasses.replace(defaults, mode="centralised", lr=0.2)
    assert runs["federated, IID"] == dataclasses.replace(cfg, partition="iid", alpha=defaults.alpha)
    assert runs["federated, non-IID"] == dataclasses.replace(cfg, alpha=defaults.alpha)  # shards: alpha unused
    assert runs["without clipping or noise"] == dataclasses.replace(cfg, alpha=defaults.alpha, clip_norm=0.0,
                                                                    noise_multiplier=0.0)
    assert fedavg.comparison_configs(defaults)["federated, non-IID"].partition == "dirichlet"


def test_centralised_steps_per_round_are_exact():
    data = _fed_data([30, 30, 40])
    cfg = fedavg.FedConfig(mode="centralised", client_fraction=0.5, local_epochs=3, batch_size=16)
    assert fedavg.steps_per_epoch(cfg, data) == 3 * 4  # 50 examples in batches of 16: 4 steps, 3 passes
    ctx = _context()
    model = _softmax_regression()
    fedavg.train_epoch(model, fedavg.make_optimizer(model, cfg), data, cfg, ctx)
    assert ctx.global_step == 12


def test_target_round_is_the_first_round_at_the_target():
    data = _fed_data([10, 10])
    data.test_y = torch.zeros_like(data.test_y)
    net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))
    with torch.no_grad():  # always predicts class 0: accuracy 1 on an all-zero test set
        net[1].weight.zero_()
        net[1].bias.copy_(torch.arange(10, 0, -1).float())
    model, cfg = fedavg.GlobalModel(net), fedavg.FedConfig()
    assert fedavg.evaluate(model, data, cfg, _context(epoch=4))["rounds_to_target"] == 4
    assert fedavg.evaluate(model, data, cfg, _context(epoch=5))["rounds_to_target"] == 4


# --- whole runs ------------------------------------------------------------------------------------------------
def test_tiny_run_records_the_split_and_its_target_round(tiny_run):
    run = tiny_run("fedavg")
    summary, _ = run.store.read_report(run.key)
    labels = fedavg.load_data(run.cfg, "unused", torch.device("cpu")).train_y
    expected = label_counts(labels, fedavg.client_parts(run.cfg, labels), 10)
    assert summary["label_counts"] == expected.tolist()
    curve = accuracy_curve(run.store.read_metrics(run.key))
    first = next((r for r, acc in curve if acc >= fedavg.TARGET_ACC), 0)
    assert run.meta["final"]["rounds_to_target"] == summary["rounds_to_target"] == first


class _StopAfterRound(Reporter):
    def __init__(self):
        self.done = 0

    def on_epoch(self, record: dict) -> None:
        self.done = record["epoch"]

    def stop_requested(self) -> bool:
        return self.done >= 1


def test_resume_after_stop_matches_uninterrupted_run(tmp_path):
    """Server momentum, client sampling and noise all continue where they stopped."""
    demo = fedavg.DEMO
    cfg = demo.config({"clients": 10, "client_fraction": 0.2, "epochs": 2, "server_momentum": 0.5,
                       "clip_norm": 1.0, "noise_multiplier": 0.05}, preset="tiny")
    finals = []
    for name, reporter in (("straight", None), ("resumed", _StopAfterRound())):
        store, key = RunStore(tmp_path / name), "0" * 20
        first = train_run(store, demo, cfg, key, dataset_id="digits", data_dir="unused", device="cpu",
                          reporter=reporter)
        if reporter is not None:
            assert first["status"] == "stopped"
            train_run(store, demo, cfg, key, dataset_id="digits", data_dir="unused", device="cpu")
        finals.append(store.load_weights(key))
    for name, value in finals[0].items():
        torch.testing.assert_close(finals[1][name], value, rtol=0, atol=0)
