"""Training time of a vision-demo config on random pixels the size of the real dataset: the time half of a
benchmark on a machine that cannot download CIFAR-10 or Fashion-MNIST. Accuracy on noise means nothing and is
not printed.

Usage:
    python tools/time_synthetic.py [--preset fashion] [--set FIELD=VALUE ...] [--epochs 1] [--device auto]

Builds the cnn-cifar10 demo's config (its defaults, or a preset, plus --set overrides), replaces the data with
uniform random uint8 images of the dataset's shape and size (CIFAR-10: 50,000 + 10,000 of 3x32x32;
Fashion-MNIST: 60,000 + 10,000 of 1x28x28) and trains `--epochs` epochs through the same engine as the app
(`core.training.train_run`, a throw-away run store). Prints one JSON line: seconds per epoch (training only,
as the benchmarks count it) and that figure times the config's epochs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core import cnn_cifar10  # noqa: E402
from core.datasets import ImageData  # noqa: E402
from core.store import RunStore  # noqa: E402
from core.training import train_run  # noqa: E402
from core.vision_common import place_data  # noqa: E402

SIZES = {"cifar10": (50_000, 10_000, 3, 32), "fashion-mnist": (60_000, 10_000, 1, 28)}


def synthetic_images(dataset: str, seed: int = 0) -> ImageData:
    train_n, test_n, channels, side = SIZES[dataset]
    gen = torch.Generator().manual_seed(seed)

    def pixels(n: int) -> torch.Tensor:
        return torch.randint(0, 256, (n, channels, side, side), dtype=torch.uint8, generator=gen)

    return ImageData(pixels(train_n), torch.randint(0, 10, (train_n,), generator=gen), pixels(test_n),
                     torch.randint(0, 10, (test_n,), generator=gen), tuple(str(i) for i in range(10)),
                     f"synthetic-{dataset}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=None, help="a cnn-cifar10 preset (e.g. fashion); default: the defaults")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help="override a setting")
    parser.add_argument("--epochs", type=int, default=1, help="epochs to time (default 1)")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()

    demo = cnn_cifar10.DEMO
    cfg = demo.config(dict(item.split("=", 1) for item in args.set), preset=args.preset)
    if cfg.dataset not in SIZES:
        parser.error(f"dataset {cfg.dataset!r} has no synthetic stand-in; choose one of {sorted(SIZES)}")
    timed = dataclasses.replace(cfg, epochs=args.epochs, early_stopping=0)
    fake = dataclasses.replace(
        demo, load_data=lambda c, data_dir, device: place_data(synthetic_images(c.dataset, c.seed), 0, c.seed, device))
    with tempfile.TemporaryDirectory() as root:
        final = train_run(RunStore(Path(root)), fake, timed, "0" * 20, dataset_id=f"synthetic-{cfg.dataset}",
                          data_dir=root, device=args.device)
    per_epoch = final["train_seconds"] / args.epochs
    print(json.dumps({"dataset": cfg.dataset, "arch": cfg.arch, "width": cfg.width, "batch_size": cfg.batch_size,
                      "device": str(final.get("device", args.device)), "threads": torch.get_num_threads(),
                      "epochs_timed": args.epochs, "seconds_per_epoch": round(per_epoch, 2),
                      "config_epochs": cfg.epochs, "estimated_train_seconds": round(per_epoch * cfg.epochs, 1)}))


if __name__ == "__main__":
    main()
