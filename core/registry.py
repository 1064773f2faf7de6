"""The demo registry: every demo module, in menu order; `get_demo(name)` looks one up.

A new demo is a new module in `core/` that defines `DEMO = core.demo.Demo(...)`, plus one line here.
"""

from __future__ import annotations

import importlib

from core.config import ConfigError
from core.demo import Demo

_MODULES = [  # menu order (grouped like the navigation); one module per line
    "core.linreg",
    "core.logreg",
    "core.cnn",
    "core.cnn_cifar10",
    "core.sentiment",
    "core.seq2seq",
    "core.gan",
    "core.vae",
    "core.transfer",
    "core.ssl",
    "core.rl",
    "core.fedavg",
]


def _load() -> dict[str, Demo]:
    demos = {}
    for module_name in _MODULES:
        demo = importlib.import_module(module_name).DEMO
        demos[demo.name] = demo
    return demos


DEMOS: dict[str, Demo] = _load()


def get_demo(name: str) -> Demo:
    try:
        return DEMOS[name]
    except KeyError:
        raise ConfigError(f"Unknown demo {name!r}. Available: {', '.join(DEMOS)}.") from None
