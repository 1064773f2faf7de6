"""Tests for core.optim_state: an optimizer saved to safetensors + JSON and loaded into a fresh one must
continue bit-for-bit like the original; a state that does not fit the optimizer is a DamagedRun."""

import hashlib
import json

import pytest
import torch
from torch import nn

from core.optim_state import load_optimizer, save_optimizer
from core.store import DamagedRun, RunStore

KEY = "00000000000000000abc"

OPTIMIZERS = {
    "sgd-nesterov": (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3),
                     ["momentum_buffer"]),
    "adamw": (lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.8, 0.95), weight_decay=0.05),
              ["exp_avg", "exp_avg_sq", "step"]),
    "adam-amsgrad": (lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True),
                     ["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"]),
}


@pytest.fixture
def store(tmp_path):
    s = RunStore(tmp_path)
    s.create(KEY, {})
    return s


def batches(n, start=0):
    """Deterministic (x, y) pairs; batch i is the same whichever model asks for it."""
    for i in range(start, start + n):
        gen = torch.Generator().manual_seed(i)
        yield torch.randn(8, 4, generator=gen), torch.randn(8, 3, generator=gen)


def train(model, optimizer, n, start=0):
    for x, y in batches(n, start):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


def clone_model(model):
    twin = nn.Linear(4, 3)
    twin.load_state_dict(model.state_dict())
    return twin


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_resumed_optimizer_continues_exactly(store, name):
    make, slots = OPTIMIZERS[name]
    torch.manual_seed(0)
    model = nn.Linear(4, 3)
    optimizer = make(model.parameters())
    train(model, optimizer, 3)

    record = save_optimizer(optimizer, store, KEY)
    record = json.loads(json.dumps(record))  # as train_state.json stores it
    saved = store.load_tensors(KEY, "optim", record["optim_sha256"])
    assert sorted(saved) == sorted(f"{pid}.{slot}" for pid in (0, 1) for slot in slots)

    resumed_model = clone_model(model)
    fresh_model = clone_model(model)
    resumed = make(resumed_model.parameters())
    load_optimizer(resumed, store, KEY, record)
    fresh = make(fresh_model.parameters())  # same weights, no optimizer state: the control

    train(model, optimizer, 2, start=3)
    train(resumed_model, resumed, 2, start=3)
    train(fresh_model, fresh, 2, start=3)
    for original, restored, control in zip(model.parameters(), resumed_model.parameters(),
                                           fresh_model.parameters(), strict=True):
        assert torch.equal(original, restored)
        assert not torch.equal(original, control)  # so the state really mattered
    assert resumed.param_groups[0]["lr"] == optimizer.param_groups[0]["lr"]


def test_json_part_is_plain_json(store):
    model = nn.Linear(4, 3)
    optimizer = OPTIMIZERS["adamw"][0](model.parameters())
    train(model, optimizer, 1)
    record = save_optimizer(optimizer, store, KEY)
    assert json.loads(json.dumps(record)) == record  # no tuples, tensors or other non-JSON values
    assert record["optim_groups"][0]["betas"] == [0.8, 0.95]
    assert record["optim_groups"][0]["params"] == [0, 1]
    raw = (store.path(KEY) / "optim.safetensors").read_bytes()
    assert record["optim_sha256"] == hashlib.sha256(raw).hexdigest()


def test_state_saved_before_any_step_round_trips(store):
    model = nn.Linear(4, 3)
    optimizer = OPTIMIZERS["sgd-nesterov"][0](model.parameters())
    record = save_optimizer(optimizer, store, KEY)
    assert record["optim_scalars"] == {}
    twin = clone_model(model)
    resumed = OPTIMIZERS["sgd-nesterov"][0](twin.parameters())
    load_optimizer(resumed, store, KEY, record)
    train(model, optimizer, 2)
    train(twin, resumed, 2)
    assert all(torch.equal(a, b) for a, b in zip(model.parameters(), twin.parameters(), strict=True))


@pytest.mark.parametrize("other", [
    lambda: nn.Linear(4, 3, bias=False),                          # 1 parameter instead of 2
    lambda: nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 3)),      # 4 parameters instead of 2
])
def test_mismatching_optimizer_is_damaged(store, other):
    model = nn.Linear(4, 3)
    optimizer = OPTIMIZERS["sgd-nesterov"][0](model.parameters())
    train(model, optimizer, 1)
    record = save_optimizer(optimizer, store, KEY)
    target = OPTIMIZERS["sgd-nesterov"][0](other().parameters())
    with pytest.raises(DamagedRun, match="does not match the model"):
        load_optimizer(target, store, KEY, record)


def test_missing_or_altered_optimizer_file_is_damaged(store):
    model = nn.Linear(4, 3)
    optimizer = OPTIMIZERS["adamw"][0](model.parameters())
    train(model, optimizer, 1)
    record = save_optimizer(optimizer, store, KEY)
    fresh = OPTIMIZERS["adamw"][0](clone_model(model).parameters())
    save_optimizer(fresh, store, KEY)  # overwritten by another (empty) state: checksum no longer fits
    with pytest.raises(DamagedRun, match="checksum"):
        load_optimizer(fresh, store, KEY, record)
    (store.path(KEY) / "optim.safetensors").unlink()
    with pytest.raises(DamagedRun, match="missing"):
        load_optimizer(fresh, store, KEY, record)
