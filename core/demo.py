"""What every demo module provides to the engine, the CLI and the pages: the `Demo` record.

A demo is one module in `core/` that reads top to bottom (config, data, model, train step, evaluation,
report, inference) and ends by building `DEMO = Demo(...)`. The engine (`core.training`) only calls the
functions named here. `core.registry` lists the demo modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.config import ConfigError, make_config


@dataclass(frozen=True)
class Bench:
    """A demo's benchmark recipe: which preset, which metric, what goal (the issue's target)."""

    preset: str          # name of the preset in Demo.presets the benchmark trains
    metric: str          # key of the final metrics the benchmark reports
    target: float        # goal for `metric` (>= unless `lower_is_better`)
    max_train_seconds: float  # goal for training time, seconds
    lower_is_better: bool = False
    # Further settings trained after the main recipe (overrides on top of the preset), reported beside it and
    # counted in the time goal: e.g. the non-IID twin of an IID federated run.
    also: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Demo:
    name: str                  # registry id used by the CLI and the run key ("cnn")
    title: str                 # menu / card title
    summary: str               # one sentence for the home page card
    group: str                 # navigation group ("Vision", ...)
    page: str                  # page script path, relative to the repo root
    config_cls: type           # frozen dataclass built with core.config.param
    recipe_version: int        # bump when training code changes results: old cached runs stop matching
    monitor: str               # headline final metric, e.g. "test_acc"
    stop_metric: str           # metric early stopping watches (a validation split, never the test set)
    dataset_id: Callable[[Any, str], str]            # (cfg, data_dir) -> id string for the run key
    load_data: Callable[[Any, str, Any], Any]        # (cfg, data_dir, device) -> in-memory data
    build_model: Callable[[Any], Any]                # (cfg) -> nn.Module, from the config alone
    make_optimizer: Callable[[Any, Any], Any]        # (model, cfg) -> torch optimizer
    steps_per_epoch: Callable[[Any, Any], int]       # (cfg, data) -> optimizer steps per epoch
    train_epoch: Callable[..., dict]                 # (model, opt, data, cfg, ctx) -> train metrics
    evaluate: Callable[..., dict]                    # (model, data, cfg, ctx) -> eval metrics
    report: Callable[..., tuple]                     # (model, data, cfg, ctx) -> (json dict, tensors)
    predict: Callable[..., Any]                      # (model, inputs, cfg) -> demo-specific output
    predict_bytes: Callable[..., dict]               # (model, file bytes, cfg) -> {"label", "top"}
    presets: dict[str, dict] = field(default_factory=dict)  # "tiny" is required
    cpu_only: bool = False     # float64 or tiny per-step work: a GPU (or MPS, which lacks float64) never helps
    bench: Bench | None = None

    @property
    def monitor_lower_is_better(self) -> bool:
        """Whether a smaller headline metric is better (losses, FID), for ranking runs."""
        return self.monitor.endswith("_loss") or self.monitor in ("fid", "max_rel_err")

    def config(self, overrides: dict | None = None, preset: str | None = None):
        """Validated config: defaults, then a preset, then explicit overrides."""
        values: dict = {}
        if preset is not None:
            if preset not in self.presets:
                raise ConfigError(f"{self.name} has no preset {preset!r}; presets: "
                                  f"{', '.join(self.presets)}.")
            values.update(self.presets[preset])
        values.update(overrides or {})
        return make_config(self.config_cls, values)
