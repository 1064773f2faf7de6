"""CNN digit classifier demo: config, models, data, train step, evaluation, report, inference.

Benchmark contract (`python -m core bench cnn --data-dir ../shared/data`): mnist-10k (train on the first
8,000 MNIST test images, test on the last 2,000), goal >= 98.5 % test accuracy with <= 10 s of training
on a 2-core CPU. The recipe follows the anchors: images stay in memory as uint8 tensors, augmentation is
one batched affine warp, a one-cycle learning rate, label smoothing, and a network sized by FLOPs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.config import param
from core.datasets import DIGIT_CLASSES, DIGIT_DATASETS, digit_dataset_id, load_digit_dataset
from core.demo import Bench, Demo
from core.imaging import image_to_mnist
from core.vision_common import (
    CnnData,
    batched_logits,
    classification_epoch,
    classification_report,
    place_data,
    split_metrics,
    top_labels,
)
from core.vision_models import FastNet, LeNet5, SeedCNN

ARCHITECTURES = ("fastnet", "seed", "lenet5")
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # pixel statistics of MNIST's training set (0..1 scale)
TRAIN_IMAGES = {"digits": 1437, "mnist-10k": 8000, "mnist": 60000}  # per epoch, without early stopping


@dataclass(frozen=True)
class CnnConfig:
    dataset: str = param("digits", choices=DIGIT_DATASETS,
                         help="Training data. digits: bundled, no download; mnist-10k: local files; "
                              "mnist: 70,000 images, downloaded on first use.")
    arch: str = param("fastnet", choices=ARCHITECTURES,
                      help="fastnet: 3 conv blocks with BatchNorm; seed: the seed article's one-conv CNN "
                           "(flatten size corrected); lenet5: LeCun et al. 1998.")
    width: int = param(16, lo=4, hi=128, step=4,
                       help="Channels of the first conv layer (fastnet doubles it per block; seed uses it "
                            "as its only conv width). Cost grows with its square.")
    dropout: float = param(0.0, lo=0.0, hi=0.8, step=0.05, help="Dropout before the classifier, 0 to 0.8.")
    optimizer: str = param("sgd", choices=("sgd", "adam"),
                           help="sgd: Nesterov momentum 0.9; adam: Adam with default betas.")
    lr: float = param(0.2, lo=1e-4, hi=2.0, log=True,
                      help="Peak learning rate (per step, before the schedule). Adam wants ~0.001-0.01.")
    schedule: str = param("onecycle", choices=("onecycle", "cosine", "constant"),
                          help="Learning-rate schedule over all steps: onecycle = linear warm-up to the "
                               "peak over 25 %, then linear decay to zero.")
    batch_size: int = param(128, lo=8, hi=2048, step=8, help="Images per optimizer step.")
    epochs: int = param(8, lo=1, hi=60, help="Passes over the training images.")
    weight_decay: float = param(5e-4, lo=0.0, hi=0.01, step=1e-4, help="L2 penalty (decoupled for adam).")
    label_smoothing: float = param(0.1, lo=0.0, hi=0.4, step=0.05,
                                   help="Share of the target probability spread over the other classes.")
    augment: bool = param(True, help="Random affine warp per image: rotate up to 10 degrees, scale "
                                     "0.9-1.1, shift up to 2 px.")
    early_stopping: int = param(0, lo=0, hi=10, help="Stop after this many epochs without a better "
                                                     "validation accuracy (10 % of the training images are "
                                                     "held out when > 0); 0 = off.")
    seed: int = param(0, lo=0, hi=1_000_000, help="Random seed for initialisation and shuffling.")


# --- models (defined in core.vision_models) ---------------------------------------------------
def build_model(cfg: CnnConfig) -> nn.Module:
    if cfg.arch == "seed":
        return SeedCNN(cfg.width, cfg.dropout)
    if cfg.arch == "lenet5":
        return LeNet5(cfg.dropout, size=28, pad_value=-MNIST_MEAN / MNIST_STD)
    return FastNet(cfg.width, cfg.dropout)


def make_optimizer(model: nn.Module, cfg: CnnConfig) -> torch.optim.Optimizer:
    if cfg.optimizer == "adam":
        return torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    return torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=0.9, nesterov=True,
                           weight_decay=cfg.weight_decay)


# --- data --------------------------------------------------------------------------------------------
def dataset_id(cfg: CnnConfig, data_dir: str) -> str:
    return digit_dataset_id(cfg.dataset, data_dir)


def load_data(cfg: CnnConfig, data_dir: str, device) -> CnnData:
    return place_data(load_digit_dataset(cfg.dataset, data_dir), cfg.early_stopping, cfg.seed, device)


def normalise(batch_uint8: torch.Tensor) -> torch.Tensor:
    return (batch_uint8.float() / 255.0 - MNIST_MEAN) / MNIST_STD


def random_affine(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """One batched warp: rotation +-10 degrees, scale 0.9-1.1, shift +-2 px (of 28), bilinear."""
    n = x.shape[0]
    rand = torch.rand(n, 4, generator=generator).to(x.device)
    angle = (rand[:, 0] - 0.5) * (2 * np.pi * 10 / 360)
    scale = 0.9 + 0.2 * rand[:, 1]
    shift = (rand[:, 2:] - 0.5) * (2 * 2 / 14)  # grid units: 2 px of a 28 px image is 2/14
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


# --- training and evaluation -----------------------------------------------------------------------------
def steps_per_epoch(cfg: CnnConfig, data: CnnData) -> int:
    return -(-len(data.train_y) // cfg.batch_size)


def train_epoch(model, optimizer, data: CnnData, cfg: CnnConfig, ctx) -> dict:
    def prepare(images_uint8: torch.Tensor) -> torch.Tensor:
        x = normalise(images_uint8)
        return random_affine(x) if cfg.augment else x

    return classification_epoch(model, model, optimizer, data, cfg, ctx, prepare)


def logits_of(model, images_uint8: torch.Tensor, cfg: CnnConfig) -> torch.Tensor:
    return batched_logits(model, images_uint8, normalise)


def evaluate(model, data: CnnData, cfg: CnnConfig, ctx) -> dict:
    return split_metrics(lambda images: logits_of(model, images, cfg), data)


def report(model, data: CnnData, cfg: CnnConfig, ctx) -> tuple[dict, dict]:
    """Final artefacts: confusion matrix and the most confident mistakes."""
    probs = logits_of(model, data.test_x, cfg).softmax(1)
    return classification_report(probs, data.test_y, data.test_x, data.images.classes)


# --- inference -------------------------------------------------------------------------------------------
@torch.no_grad()
def predict(model, images: np.ndarray, cfg: CnnConfig) -> np.ndarray:
    """images: float (N, 28, 28) in [0, 1], white digit on black (see core.imaging.to_mnist);
    returns class probabilities (N, 10)."""
    device = next(model.parameters()).device
    batch = torch.as_tensor(np.asarray(images, dtype=np.float32)).reshape(-1, 1, 28, 28)
    batch = (batch * 255).round().clamp(0, 255).to(torch.uint8).to(device)
    return logits_of(model, batch, cfg).softmax(1).cpu().numpy()


def predict_bytes(model, data: bytes, cfg: CnnConfig, top: int = 3) -> dict:
    """An image file's bytes -> {"label": "7", "top": [["7", 0.98], ...]} (ImageInputError if unusable)."""
    return top_labels(predict(model, image_to_mnist(data)[None], cfg)[0], DIGIT_CLASSES, top)


DEMO = Demo(
    name="cnn", title="CNN digits", group="Vision", page="pages/cnn.py",
    summary="Train a convolutional network on handwritten digits, then test it on your own drawing or photo.",
    config_cls=CnnConfig, recipe_version=1, monitor="test_acc", stop_metric="val_acc",
    dataset_id=dataset_id, load_data=load_data, build_model=build_model, make_optimizer=make_optimizer,
    steps_per_epoch=steps_per_epoch, train_epoch=train_epoch, evaluate=evaluate, report=report,
    predict=predict, predict_bytes=predict_bytes,
    presets={"tiny": {"dataset": "digits", "width": 8, "epochs": 2, "batch_size": 64},
             "bench": {"dataset": "mnist-10k", "width": 12, "epochs": 4}},
    bench=Bench(preset="bench", metric="test_acc", target=0.985, max_train_seconds=10.0),
)
