"""`python -m core list | train | bench | predict`: the app's engine and run cache from a terminal.

- `list`: every demo and its config fields with defaults and valid ranges.
- `train DEMO [--tiny | --preset NAME] [--set FIELD=VALUE]... [--data-dir DIR] [--device D] [--retrain]`:
  trains into the same cache the app reads (a progress bar on stderr). A finished run is a cache hit; a
  stopped or interrupted one resumes. Last stdout line: {"demo", "run", "status", "seconds", ...metrics}.
- `bench DEMO [--repeat N]`: the demo's benchmark recipe, trained in a throw-away store so it is always
  measured. Last stdout line: {"demo", "dataset", "metric", "value", "target", "train_seconds", "device"}.
  A recipe with companion settings (`Bench.also`, e.g. federated learning's non-IID twin) trains them too,
  reports their final metrics under "also", and counts their training time in train_seconds.
- `predict DEMO [--set ...] FILE...`: one JSON line per file from the finished run of that config.
- `prewarm [DEMO...] [--tiny] [--data-dir DIR] [--device D]`: trains every demo's default config (or the named
  ones) into the app's cache ahead of a talk, one after another, with an overall and a per-run progress bar.
  A demo whose data is unavailable is skipped with the reason. One JSON line per demo, then a summary line.
Errors (bad settings, missing data, no finished run) print one sentence on stderr and exit with 2.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from core.config import ConfigError, config_to_dict, describe_range, field_specs, parse_overrides
from core.datasets import DatasetUnavailable, default_data_dir
from core.device import DEVICE_CHOICES, pick_device
from core.inference import NoFinishedRun, load_finished
from core.registry import DEMOS, get_demo
from core.store import RunStore, default_root, run_key
from core.training import Reporter, train_run


class _BarReporter(Reporter):
    """tqdm progress bar over optimizer steps, with the latest test metric as a postfix."""

    def __init__(self, title: str, monitor: str):
        self.title, self.monitor, self.bar = title, monitor, None

    def on_start(self, info: dict) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=info["total_steps"], initial=info["step"], desc=self.title, unit="step",
                        file=sys.stderr, dynamic_ncols=True)

    def on_step(self, step, total, samples, loss) -> None:
        self.bar.update(step - self.bar.n)
        if loss is not None:
            self.bar.set_postfix(loss=f"{loss:.3f}", refresh=False)

    def on_epoch(self, record: dict) -> None:
        self.bar.write(f"epoch {record['epoch']}: " + ", ".join(
            f"{k}={v:.4f}" for k, v in record.items() if k.startswith(("train_", "test_", "val_"))
            and k != "train_seconds"), sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _config(args, demo):
    preset = "tiny" if getattr(args, "tiny", False) else getattr(args, "preset", None)
    return demo.config(parse_overrides(args.set or []), preset=preset)


def _key(demo, cfg, data_dir: str) -> tuple[str, str]:
    dataset_id = demo.dataset_id(cfg, data_dir)
    return run_key(demo.name, config_to_dict(cfg), dataset_id, demo.recipe_version), dataset_id


def cmd_list(args) -> dict | None:
    for demo in DEMOS.values():
        print(f"{demo.name}: {demo.title} - {demo.summary}")
        print(f"  presets: {', '.join(demo.presets)}")
        for spec in field_specs(demo.config_cls):
            print(f"  {spec['name']:<16} default {spec['default']!s:<10} {describe_range(spec):<32} {spec['help']}")
    return None


def train_once(demo, cfg, data_dir: str, device: str, store: RunStore, retrain: bool = False) -> dict:
    """Train or fetch one run; returns the CLI's result record."""
    pick_device(device)  # an unavailable device fails here, before a cached run could be cleared
    key, dataset_id = _key(demo, cfg, data_dir)
    status = store.status(key)
    if status == "done" and not retrain:
        meta = store.read_meta(key)
        return {"demo": demo.name, "run": key, "status": "cached", "seconds": 0.0, "device": meta.get("device"),
                **meta.get("final", {})}
    if status == "damaged" or retrain:
        print(f"Run {key} is {'damaged' if status == 'damaged' else 'being retrained'}: starting afresh.",
              file=sys.stderr)
        store.clear(key)
    reporter = _BarReporter(f"{demo.name} {key[:8]}", demo.monitor)
    start = time.perf_counter()
    try:
        with store.training_lock(key):
            meta = train_run(store, demo, cfg, key, dataset_id=dataset_id, data_dir=data_dir, device=device,
                             reporter=reporter)
    finally:
        reporter.close()
    return {"demo": demo.name, "run": key, "status": "trained" if meta["status"] == "done" else meta["status"],
            "seconds": round(time.perf_counter() - start, 3), "device": meta.get("device"),
            "train_seconds": round(meta.get("train_seconds", 0.0), 3), **meta.get("final", {})}


def cmd_train(args) -> dict:
    demo = get_demo(args.demo)
    return train_once(demo, _config(args, demo), args.data_dir, args.device, RunStore(default_root()), args.retrain)


def cmd_bench(args) -> dict:
    demo = get_demo(args.demo)
    if demo.bench is None:
        raise ConfigError(f"{demo.name} has no benchmark.")
    bench = demo.bench
    runs, also = [], []
    for repeat in range(args.repeat):
        overrides = parse_overrides(args.set or [])
        overrides.setdefault("seed", str(repeat))
        cfg = demo.config(overrides, preset=bench.preset)
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            result = train_once(demo, cfg, args.data_dir, args.device, RunStore(folder))
            extra = [train_once(demo, demo.config({**overrides, **more}, preset=bench.preset), args.data_dir,
                                args.device, RunStore(folder)) for more in bench.also]
        runs.append({"seed": cfg.seed, "value": result[bench.metric], "train_seconds": result["train_seconds"]
                     + sum(r["train_seconds"] for r in extra), "seconds": result["seconds"]})
        also.append([{"overrides": more, "final": _final(r)} for more, r in zip(bench.also, extra, strict=True)])
        print(json.dumps(runs[-1]), file=sys.stderr)
    value = statistics.median(r["value"] for r in runs)
    seconds = statistics.median(r["train_seconds"] for r in runs)
    return {"demo": demo.name, "dataset": cfg.dataset if hasattr(cfg, "dataset") else demo.name,
            "metric": bench.metric, "value": float(f"{value:.6g}"), "target": bench.target,
            "train_seconds": round(seconds, 3), "max_train_seconds": bench.max_train_seconds,
            "device": result.get("device"), "repeats": len(runs), "runs": runs, "final": _final(result),
            **({"also": also[-1]} if bench.also else {}),
            "met": (value <= bench.target if bench.lower_is_better else value >= bench.target)
            and seconds <= bench.max_train_seconds}


def _final(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("demo", "run", "status", "seconds", "device")}


def cmd_prewarm(args) -> dict:
    from tqdm import tqdm

    names = args.demos or list(DEMOS)
    unknown = [name for name in names if name not in DEMOS]
    if unknown:
        raise ConfigError(f"Unknown demo(s): {', '.join(unknown)}. Demos: {', '.join(DEMOS)}.")
    store, outcome = RunStore(default_root()), {}
    start = time.perf_counter()
    for name in tqdm(names, desc="prewarm", unit="demo", file=sys.stderr, position=1):
        demo = get_demo(name)
        try:
            result = train_once(demo, demo.config(preset="tiny" if args.tiny else None), args.data_dir,
                                args.device, store)
        except DatasetUnavailable as err:
            result = {"demo": name, "status": "skipped", "reason": str(err)}
        outcome[name] = result["status"]
        print(json.dumps(result))
    failed = [name for name, status in outcome.items() if status not in ("trained", "cached", "skipped")]
    summary = {"prewarm": outcome, "seconds": round(time.perf_counter() - start, 1), "failed": failed}
    if failed:
        print(json.dumps(summary))
        raise SystemExit(1)
    return summary


def cmd_predict(args) -> None:
    demo = get_demo(args.demo)
    cfg = _config(args, demo)
    store = RunStore(default_root())
    key, _ = _key(demo, cfg, args.data_dir)
    model = load_finished(store, key, demo, cfg)
    failures = 0
    for name in args.files:
        try:
            data = Path(name).read_bytes()
            print(json.dumps({"file": name, **demo.predict_bytes(model, data, cfg)}))
        except (OSError, ValueError) as err:  # ImageInputError and CSV errors are ValueErrors
            failures += 1
            print(json.dumps({"file": name, "error": getattr(err, "strerror", None) or str(err)}))
    if failures:
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="demos and their settings")
    for name in ("train", "bench", "predict"):
        cmd = sub.add_parser(name)
        cmd.add_argument("demo", choices=sorted(DEMOS))
        cmd.add_argument("--set", action="append", metavar="FIELD=VALUE", help="override a setting")
        cmd.add_argument("--data-dir", default=default_data_dir(), help="datasets folder (default %(default)s)")
        cmd.add_argument("--device", default="auto", choices=DEVICE_CHOICES)
        if name != "bench":
            cmd.add_argument("--tiny", action="store_true", help="the seconds-long preset used by the tests")
            cmd.add_argument("--preset", help="a named preset (see `list`)")
    sub.choices["train"].add_argument("--retrain", action="store_true", help="ignore a cached run")
    sub.choices["bench"].add_argument("--repeat", type=int, default=1, help="runs with seeds 0..N-1; medians")
    sub.choices["predict"].add_argument("files", nargs="+", metavar="FILE")
    prewarm = sub.add_parser("prewarm", help="train every demo's default config into the cache before a talk")
    prewarm.add_argument("demos", nargs="*", metavar="DEMO", help="only these demos (default: all)")
    prewarm.add_argument("--tiny", action="store_true", help="the seconds-long presets instead of the defaults")
    prewarm.add_argument("--data-dir", default=default_data_dir(), help="datasets folder (default %(default)s)")
    prewarm.add_argument("--device", default="auto", choices=DEVICE_CHOICES)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {"list": cmd_list, "train": cmd_train, "bench": cmd_bench, "predict": cmd_predict,
               "prewarm": cmd_prewarm}[args.command]
    try:
        result = handler(args)
    except (ConfigError, DatasetUnavailable, NoFinishedRun, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BlockingIOError:
        print("error: another process is training this run right now; try again when it finishes.",
              file=sys.stderr)
        return 2
    if result is not None:
        print(json.dumps(result))
    return 0
