"""Loading finished runs for inference: rebuild the model from its config, load safetensors weights.

`load_finished(store, key, demo, cfg)` returns the model in eval mode on the CPU (inference on one image
is faster there than a GPU round trip) and keeps the last few in an LRU cache (process-wide, bounded).
A run that is not finished, or whose weights are damaged, raises `NoFinishedRun` with a message saying
how to train it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import torch

from core.demo import Demo
from core.store import DamagedRun, RunStore

CACHE_ENTRIES = 8  # models kept in memory; each CNN is well under 1 MB
_cache: OrderedDict[tuple, torch.nn.Module] = OrderedDict()
_cache_lock = threading.Lock()


class NoFinishedRun(LookupError):
    """No usable finished run for this demo and config."""


def load_finished(store: RunStore, key: str, demo: Demo, cfg) -> torch.nn.Module:
    # The weights' checksum is part of the cache key: a retrained run never serves the old model.
    cache_key = (str(store.root.resolve()), key, (store.read_train_state(key) or {}).get("weights_sha256"))
    with _cache_lock:
        if cache_key in _cache:
            _cache.move_to_end(cache_key)
            return _cache[cache_key]
    meta = store.read_meta(key) if store.exists(key) else None
    if meta is None or meta.get("status") != "done":
        raise NoFinishedRun(f"There is no finished {demo.name} run for this config. Train it first, e.g. "
                            f"`python -m core train {demo.name}` with the same --set values.")
    try:
        weights = store.load_weights(key)
        model = demo.build_model(cfg)
        model.load_state_dict(weights)
    except (DamagedRun, RuntimeError) as err:
        raise NoFinishedRun(f"The finished run {key} is damaged ({err}); retrain it.") from None
    model.eval()
    with _cache_lock:
        _cache[cache_key] = model
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return model
