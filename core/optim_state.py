"""Optimizer state to safetensors + JSON and back, so resuming never unpickles anything.

`optimizer.state_dict()` mixes tensors (momentum buffers, Adam moments, step counters) with plain
numbers and hyperparameters. Tensors go to `optim.safetensors` under names "<param id>.<slot>"; the rest
(param_groups and non-tensor slots) goes into the JSON record that `train_state.json` embeds.
"""

from __future__ import annotations

import torch

from core.store import DamagedRun, RunStore


def save_optimizer(optimizer: torch.optim.Optimizer, store: RunStore, key: str, name: str = "optim") -> dict:
    """Write the optimizer's tensors; return the JSON part (plus the tensors' checksum)."""
    state_dict = optimizer.state_dict()
    tensors, scalars = {}, {}
    for param_id, slots in state_dict["state"].items():
        for slot, value in slots.items():
            if isinstance(value, torch.Tensor):
                tensors[f"{param_id}.{slot}"] = value
            else:
                scalars.setdefault(str(param_id), {})[slot] = value
    groups = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in group.items()}
              for group in state_dict["param_groups"]]
    sha = store.save_tensors(key, name, tensors)
    return {"optim_file": name, "optim_sha256": sha, "optim_groups": groups, "optim_scalars": scalars}


def load_optimizer(optimizer: torch.optim.Optimizer, store: RunStore, key: str, record: dict) -> None:
    """Restore what save_optimizer wrote; raise DamagedRun if the files do not fit the optimizer."""
    tensors = store.load_tensors(key, record.get("optim_file", "optim"), record["optim_sha256"])
    state: dict[int, dict] = {}
    for name, value in tensors.items():
        param_id, _, slot = name.partition(".")
        state.setdefault(int(param_id), {})[slot] = value
    for param_id, slots in record.get("optim_scalars", {}).items():
        state.setdefault(int(param_id), {}).update(slots)
    groups = []
    for group in record["optim_groups"]:
        restored = dict(group)
        if isinstance(restored.get("betas"), list):
            restored["betas"] = tuple(restored["betas"])
        groups.append(restored)
    try:
        optimizer.load_state_dict({"state": state, "param_groups": groups})
    except (ValueError, KeyError) as err:
        raise DamagedRun(f"The saved optimizer state does not match the model: {err}") from None
