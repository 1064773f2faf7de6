"""Federated averaging (FedAvg, McMahan et al. 2017) over K simulated clients in one process, with a centralised twin.

One engine epoch is one communication round. The global model is the model the engine checkpoints; each round
the server samples m = max(1, round(C x K)) clients, each client copies the global weights and runs E local
epochs of minibatch SGD on its own examples (`client_update`), and the server replaces the global weights by
the average of the clients' weights, weighted by their example counts (`weighted_average`). The server applies
that average as one step of its own SGD optimizer (the engine's optimizer) on the update `average - global`:
rate 1 without momentum is FedAvg exactly; server momentum > 0 is FedAvgM (Hsu et al. 2019).
Privacy (optional, in the style of DP-FedAvg, McMahan et al. 2018): every client's update is clipped to L2
norm S, updates are averaged with equal weights (so one client moves the average by at most S/m), and
Gaussian noise of standard deviation z x S / m is added to the average. The page shows its accuracy cost;
no privacy budget (epsilon) is computed here.
`mode = "centralised"` trains the same network on the pooled data with equal compute per round: each round it
takes a random C share of all training examples for E passes (as many SGD samples as the sampled clients hold
on average), same batch size, learning rate and momentum.
Clients are split in `load_data` by core.fed_partition (iid, Dirichlet alpha or label shards; seeded).

Benchmark (`python -m core bench fedavg --data-dir ../shared/data`): mnist-10k (train on the first 8,000
MNIST test images, test on the last 2,000), 10 clients, IID, goal >= 97.5 % test accuracy after 20 rounds. The
same command then trains the non-IID twin (Dirichlet alpha, 30 rounds; `Bench.also`) and reports its final
metrics under "also": `rounds_to_target` is the first round whose global model reached 97.5 % (0 = not reached).
Goal: both in 120 s of training together (train_seconds sums them).
"""

from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core import cnn
from core.config import param
from core.datasets import DIGIT_DATASETS, digit_dataset_id, load_digit_dataset
from core.demo import Bench, Demo
from core.fed_partition import PARTITIONS, label_counts, partition
from core.vision_common import CnnData, classification_report, place_data, split_metrics
from core.vision_models import FastNet, LeNet5

TARGET_ACC = 0.975  # the accuracy goal; `rounds_to_target` counts rounds until the global model meets it
PRIVACY_FIELDS = ("clip_norm", "noise_multiplier")
SPLIT_FIELDS = ("dataset", "partition", "clients", "alpha", "shards_per_client", "seed")  # what decides the split


@dataclass(frozen=True)
class FedConfig:
    mode: str = param("federated", choices=("federated", "centralised"),
                      help="federated: FedAvg over simulated clients; centralised: the same network on the pooled "
                           "data with equal compute per round (the baseline).")
    dataset: str = param("digits", choices=DIGIT_DATASETS,
                         help="Training data shared out among the clients. digits: bundled, no download; mnist-10k: "
                              "local files; mnist: 70,000 images, downloaded on first use.")
    clients: int = param(10, lo=2, hi=100, help="Number of simulated clients K that hold the training data.")
    partition: str = param("iid", choices=PARTITIONS,
                           help="How the data is split: iid = random equal parts; dirichlet = label shares per "
                                "client drawn from Dirichlet(alpha); shards = each client gets a few label-sorted "
                                "shards (McMahan et al.).")
    alpha: float = param(0.5, lo=0.01, hi=100.0, log=True,
                         help="Dirichlet concentration, 0.01 to 100: small = each client holds few labels, large = "
                              "close to IID.")
    shards_per_client: int = param(2, lo=1, hi=10,
                                   help="Label-sorted shards per client, 1 to 10 (2 = at most two labels each).")
    client_fraction: float = param(0.5, lo=0.05, hi=1.0, step=0.05,
                                   help="Share C of clients that train in each round, 0.05 to 1 (at least one).")
    local_epochs: int = param(1, lo=1, hi=20, help="Passes E each sampled client makes over its own data per round.")
    batch_size: int = param(32, lo=4, hi=512, step=4, help="Examples per local SGD step (B).")
    lr: float = param(0.1, lo=1e-3, hi=1.0, log=True, help="Client SGD learning rate per step, constant.")
    momentum: float = param(0.9, lo=0.0, hi=0.99, step=0.01,
                            help="Client SGD momentum, 0 to 0.99; each client starts every round from zero. High "
                                 "momentum lets clients holding one or two labels drift apart: use 0 with shards.")
    server_momentum: float = param(0.0, lo=0.0, hi=0.95, step=0.05,
                                   help="Momentum of the server's step on the averaged update: 0 = plain FedAvg, "
                                        "e.g. 0.7 = FedAvgM.")
    epochs: int = param(20, lo=1, hi=200, help="Communication rounds (each is one epoch of the run).")
    arch: str = param("lenet5", choices=("lenet5", "fastnet"),
                      help="lenet5: LeCun et al. 1998, no BatchNorm; fastnet: 3 conv blocks with BatchNorm (its "
                           "running statistics are averaged like the weights).")
    width: int = param(8, lo=4, hi=64, step=4, help="fastnet's first-layer channels (doubled per block).")
    augment: bool = param(False, help="Random affine warp per image on the clients: rotate up to 10 degrees, "
                                      "scale 0.9-1.1, shift up to 2 px.")
    clip_norm: float = param(0.0, lo=0.0, hi=10.0, step=0.1,
                             help="Clip each client's update (all weights, L2) to this norm S; 0 = off. Turns on "
                                  "equal client weights.")
    noise_multiplier: float = param(0.0, lo=0.0, hi=5.0, step=0.05,
                                    help="Gaussian noise added to the averaged update, standard deviation = this x "
                                         "S / clients per round; no effect while clip_norm is 0.")
    seed: int = param(0, lo=0, hi=1_000_000, help="Random seed for the split, client sampling and initialisation.")


def irrelevant_fields(cfg: FedConfig) -> tuple[str, ...]:
    """Fields that cannot change this config's result (the page names them; `canonical` resets them)."""
    names = [] if cfg.arch == "fastnet" else ["width"]
    if cfg.mode == "centralised":
        names += ["clients", "partition", "alpha", "shards_per_client", "server_momentum", *PRIVACY_FIELDS]
    if cfg.partition != "dirichlet":
        names.append("alpha")
    if cfg.partition != "shards":
        names.append("shards_per_client")
    if cfg.clip_norm == 0:
        names.append("noise_multiplier")
    return tuple(dict.fromkeys(names))


def canonical(cfg: FedConfig) -> FedConfig:
    """The same run with irrelevant fields at their defaults, so equal runs share one run key."""
    return dataclasses.replace(cfg, **{name: getattr(FedConfig, name) for name in irrelevant_fields(cfg)})


def comparison_configs(cfg: FedConfig) -> dict[str, FedConfig]:
    """The runs the page overlays on this one: centralised, federated IID, federated non-IID (this split, or
    Dirichlet alpha 0.5 when this one is IID) and, when privacy is on, the same run without it."""
    federated = dataclasses.replace(cfg, mode="federated")
    runs = {"centralised": dataclasses.replace(cfg, mode="centralised"),
            "federated, IID": dataclasses.replace(federated, partition="iid"),
            "federated, non-IID": federated if cfg.partition != "iid"
            else dataclasses.replace(federated, partition="dirichlet")}
    if cfg.clip_norm > 0:
        runs["without clipping or noise"] = dataclasses.replace(cfg, clip_norm=0.0, noise_multiplier=0.0)
    return {label: canonical(run) for label, run in runs.items()}


# --- model ---------------------------------------------------------------------------------------------------
class GlobalModel(nn.Module):
    """The server's state: the network every client trains (`net`) and `target_round`, the first round whose
    global model reached TARGET_ACC on the test set (0 = not yet). It is a buffer so checkpoints carry it and a
    resumed run still knows it; training never reads it."""

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net
        self.register_buffer("target_round", torch.zeros((), dtype=torch.int64))

    def forward(self, x):
        return self.net(x)


def build_model(cfg: FedConfig) -> GlobalModel:
    if cfg.arch == "lenet5":
        return GlobalModel(LeNet5(0.0, size=28, pad_value=-cnn.MNIST_MEAN / cnn.MNIST_STD))
    return GlobalModel(FastNet(cfg.width, 0.0))


def make_optimizer(model: GlobalModel, cfg: FedConfig) -> torch.optim.Optimizer:
    """Centralised: the SGD that trains the model. Federated: the server's SGD on the averaged update."""
    if cfg.mode == "centralised":
        return torch.optim.SGD(model.net.parameters(), lr=cfg.lr, momentum=cfg.momentum)
    return torch.optim.SGD(model.net.parameters(), lr=1.0, momentum=cfg.server_momentum)


# --- data ----------------------------------------------------------------------------------------------------
@dataclass
class FedData(CnnData):
    parts: list[torch.Tensor]      # per client: indices into train_x / train_y, on the run's device
    label_counts: np.ndarray       # int64 (clients, classes)


def dataset_id(cfg: FedConfig, data_dir: str) -> str:
    return digit_dataset_id(cfg.dataset, data_dir)


def client_parts(cfg: FedConfig, labels: torch.Tensor) -> list[torch.Tensor]:
    """Each client's training indices (core.fed_partition; depends only on the labels and SPLIT_FIELDS)."""
    return partition(labels.cpu(), cfg.partition, cfg.clients, cfg.seed, cfg.alpha, cfg.shards_per_client)


def load_data(cfg: FedConfig, data_dir: str, device) -> FedData:
    pooled = place_data(load_digit_dataset(cfg.dataset, data_dir), 0, cfg.seed, device)
    parts = client_parts(cfg, pooled.train_y)
    counts = label_counts(pooled.train_y, parts, len(pooled.images.classes))
    fields = {f.name: getattr(pooled, f.name) for f in dataclasses.fields(CnnData)}
    return FedData(**fields, parts=[p.to(device) for p in parts], label_counts=counts)


def clients_per_round(cfg: FedConfig) -> int:
    return max(1, round(cfg.client_fraction * cfg.clients))


def centralised_share(cfg: FedConfig, data: FedData) -> int:
    """Examples the centralised twin draws per round: a C share of the pool, like the sampled clients on average."""
    return max(1, round(cfg.client_fraction * len(data.train_y)))


# --- training: one round ---------------------------------------------------------------------------------------
def steps_per_epoch(cfg: FedConfig, data: FedData) -> int:
    """SGD steps per round: exact when centralised; for FedAvg the average over which clients get sampled."""
    if cfg.mode == "centralised":
        return cfg.local_epochs * math.ceil(centralised_share(cfg, data) / cfg.batch_size)
    mean_client_steps = np.mean([math.ceil(len(p) / cfg.batch_size) for p in data.parts])
    return max(1, round(cfg.local_epochs * clients_per_round(cfg) * mean_client_steps))


def prepare(images_uint8: torch.Tensor, cfg: FedConfig) -> torch.Tensor:
    x = cnn.normalise(images_uint8)
    return cnn.random_affine(x) if cfg.augment else x


def sgd_passes(net: nn.Module, optimizer, x, y, cfg: FedConfig, ctx, generator, totals: torch.Tensor) -> None:
    """E shuffled passes of minibatch SGD over (x, y); adds (summed loss, correct, examples) into `totals`."""
    net.train()
    for _ in range(cfg.local_epochs):
        order = torch.randperm(len(y), generator=generator).to(ctx.device)
        for start in range(0, len(y), cfg.batch_size):
            idx = order[start:start + cfg.batch_size]
            with ctx.autocast():
                logits = net(prepare(x[idx], cfg))
                loss = F.cross_entropy(logits, y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            totals[0] += loss.detach().float() * len(idx)
            totals[1] += (logits.argmax(1) == y[idx]).sum()
            totals[2] += len(idx)
            ctx.step_done(len(idx), loss)


def client_update(net: nn.Module, global_state: dict, x, y, cfg: FedConfig, ctx, generator,
                  totals: torch.Tensor) -> dict[str, torch.Tensor]:
    """One client's round: start from the global weights, train locally, return (new - global) per float entry."""
    net.load_state_dict(global_state)
    optimizer = torch.optim.SGD(net.parameters(), lr=cfg.lr, momentum=cfg.momentum)  # fresh: no state leaves
    sgd_passes(net, optimizer, x, y, cfg, ctx, generator, totals)
    return {name: value.detach() - global_state[name] for name, value in net.state_dict().items()
            if value.is_floating_point()}


def weighted_average(updates: list[dict[str, torch.Tensor]], weights: list[float]) -> dict[str, torch.Tensor]:
    """FedAvg's aggregate: sum_k w_k * update_k per entry, with the weights normalised to sum to 1."""
    total = float(sum(weights))
    return {name: sum((w / total) * update[name] for w, update in zip(weights, updates, strict=True))
            for name in updates[0]}


def clip_update(update: dict[str, torch.Tensor], max_norm: float) -> dict[str, torch.Tensor]:
    """Scale the whole update (all entries as one vector) down to L2 norm `max_norm` when it is longer."""
    norm = torch.sqrt(sum((value.double() ** 2).sum() for value in update.values()))
    scale = min(1.0, max_norm / max(float(norm), 1e-12))
    return {name: value * scale for name, value in update.items()}


def apply_update(model: GlobalModel, server_optimizer, update: dict[str, torch.Tensor]) -> None:
    """Parameters: one server SGD step with gradient -update (rate 1: global + update). Float buffers
    (BatchNorm statistics) take the update directly; integer buffers keep the server's value."""
    params = dict(model.net.named_parameters())
    server_optimizer.zero_grad(set_to_none=True)
    for name, param_tensor in params.items():
        param_tensor.grad = -update[name]
    server_optimizer.step()
    with torch.no_grad():
        for name, buffer in model.net.named_buffers():
            if name in update:
                buffer += update[name]


def federated_round(model: GlobalModel, server_optimizer, data: FedData, cfg: FedConfig, ctx, generator,
                    totals: torch.Tensor) -> None:
    chosen = torch.randperm(cfg.clients, generator=generator)[:clients_per_round(cfg)].sort().values.tolist()
    global_state = {name: value.detach().clone() for name, value in model.net.state_dict().items()}
    client_net = copy.deepcopy(model.net)
    updates, weights = [], []
    for client in chosen:
        part = data.parts[client]
        update = client_update(client_net, global_state, data.train_x[part], data.train_y[part], cfg, ctx,
                               generator, totals)
        updates.append(clip_update(update, cfg.clip_norm) if cfg.clip_norm > 0 else update)
        weights.append(1.0 if cfg.clip_norm > 0 else float(len(part)))  # clipped: equal weights bound each client
    average = weighted_average(updates, weights)
    std = cfg.noise_multiplier * cfg.clip_norm / len(chosen)  # 0 without clipping: nothing to scale the noise to
    if std > 0:
        average = {name: value + std * torch.randn(value.shape, generator=generator).to(value.device)
                   for name, value in average.items()}
    apply_update(model, server_optimizer, average)


def train_epoch(model: GlobalModel, optimizer, data: FedData, cfg: FedConfig, ctx) -> dict:
    generator = ctx.generator()  # seeded by (seed, round): a resumed run samples and shuffles alike
    totals = torch.zeros(3, device=ctx.device)  # summed loss, correct predictions, examples
    if cfg.mode == "centralised":
        share = torch.randperm(len(data.train_y), generator=generator)[:centralised_share(cfg, data)]
        share = share.to(ctx.device)
        sgd_passes(model.net, optimizer, data.train_x[share], data.train_y[share], cfg, ctx, generator, totals)
    else:
        federated_round(model, optimizer, data, cfg, ctx, generator, totals)
    # Sampled clients hold more or fewer steps than the average; keep the progress count on the nominal grid.
    ctx.global_step = ctx.epoch * steps_per_epoch(cfg, data)
    loss_sum, correct, seen = totals.tolist()
    return {"train_loss": loss_sum / seen, "train_acc": correct / seen}


# --- evaluation and report -------------------------------------------------------------------------------------
def evaluate(model: GlobalModel, data: FedData, cfg: FedConfig, ctx) -> dict:
    """Global test loss and accuracy; `rounds_to_target` is the first round at TARGET_ACC (0 = not yet)."""
    metrics = split_metrics(lambda images: cnn.logits_of(model, images, cfg), data)
    if int(model.target_round) == 0 and metrics["test_acc"] >= TARGET_ACC:
        model.target_round.fill_(ctx.epoch)
    return {**metrics, "rounds_to_target": int(model.target_round)}


def report(model: GlobalModel, data: FedData, cfg: FedConfig, ctx) -> tuple[dict, dict]:
    """Confusion matrix and confident mistakes of the global model, plus each client's label counts."""
    probs = cnn.logits_of(model, data.test_x, cfg).softmax(1)
    summary, tensors = classification_report(probs, data.test_y, data.test_x, data.images.classes)
    summary.update(label_counts=data.label_counts.tolist(), clients_per_round=clients_per_round(cfg),
                   target_acc=TARGET_ACC, rounds_to_target=int(model.target_round))
    return summary, tensors


DEMO = Demo(
    name="fedavg", title="Federated learning", group="Learning paradigms", page="pages/fedavg.py",
    summary="Train one digit classifier across simulated clients that never share their data (FedAvg), "
            "with IID or skewed splits, against centralised training.",
    config_cls=FedConfig, recipe_version=1, monitor="test_acc", stop_metric="val_acc",
    dataset_id=dataset_id, load_data=load_data, build_model=build_model, make_optimizer=make_optimizer,
    steps_per_epoch=steps_per_epoch, train_epoch=train_epoch, evaluate=evaluate, report=report,
    predict=cnn.predict, predict_bytes=cnn.predict_bytes,
    presets={"tiny": {"dataset": "digits", "clients": 4, "epochs": 2},
             "bench": {"dataset": "mnist-10k", "clients": 10, "epochs": 20}},
    bench=Bench(preset="bench", metric="test_acc", target=TARGET_ACC, max_train_seconds=120.0,
                also=({"partition": "dirichlet", "epochs": 30},)),
)
