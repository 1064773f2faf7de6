"""Pieces shared by the image-classifier demos (core.cnn, core.cnn_cifar10), so neither keeps a copy.

- `place_data(images, early_stopping, seed, device)`: the uint8 tensors on the run's device, with 10 % of
  the training images held out (seeded) for early stopping when it is on, so the test set stays untouched.
- `classification_epoch(model, net, optimizer, data, cfg, ctx, prepare)`: one explicit training epoch
  (cross-entropy with label smoothing, the run's LR schedule); `net` is `model` or its compiled twin.
- `batched_logits(model, images, prepare)`: eval-mode float logits over uint8 images in chunks.
- `split_metrics(logits_of, data)`: test loss and accuracy (and validation accuracy when held out).
- `classification_report(probs, truth, images, classes)`: confusion matrix and the most confident mistakes.
- `top_labels(probs, classes, top)`: the {"label", "top"} record of `Demo.predict_bytes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.datasets import ImageData


@dataclass
class CnnData:
    images: ImageData
    train_x: torch.Tensor   # uint8 on the run's device
    train_y: torch.Tensor
    val_x: torch.Tensor | None
    val_y: torch.Tensor | None
    test_x: torch.Tensor
    test_y: torch.Tensor


def place_data(images: ImageData, early_stopping: int, seed: int, device) -> CnnData:
    train_x, train_y = images.train_x, images.train_y
    val_x = val_y = None
    if early_stopping > 0:
        order = torch.randperm(len(train_y), generator=torch.Generator().manual_seed(seed))
        cut = len(train_y) // 10
        val_x, val_y = train_x[order[:cut]].to(device), train_y[order[:cut]].to(device)
        train_x, train_y = train_x[order[cut:]], train_y[order[cut:]]
    return CnnData(images, train_x.to(device), train_y.to(device), val_x, val_y,
                   images.test_x.to(device), images.test_y.to(device))


def classification_epoch(model, net, optimizer, data: CnnData, cfg, ctx,
                         prepare: Callable[[torch.Tensor], torch.Tensor], cpu_bf16: bool = False) -> dict:
    """Train one epoch; `prepare` turns a uint8 batch into the (normalised, augmented) network input; `cpu_bf16`
    asks for bf16 autocast on a native-bf16 CPU too (see core.device.autocast).
    Uses cfg.batch_size, cfg.lr, cfg.schedule and cfg.label_smoothing."""
    model.train()
    total_loss = torch.zeros((), device=ctx.device)
    correct = torch.zeros((), device=ctx.device)
    for idx in ctx.batches(len(data.train_y), cfg.batch_size):
        x, y = prepare(data.train_x[idx]), data.train_y[idx]
        ctx.set_lr(optimizer, cfg.lr, cfg.schedule)
        with ctx.autocast(cpu_bf16):
            logits = net(x)
            loss = F.cross_entropy(logits, y, label_smoothing=cfg.label_smoothing)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        total_loss += loss.detach() * len(y)  # summed on the device: no GPU sync per step
        correct += (logits.argmax(1) == y).sum()
        ctx.step_done(len(y), loss)
    n = len(data.train_y)
    return {"train_loss": float(total_loss) / n, "train_acc": float(correct) / n}


@torch.no_grad()
def batched_logits(model, images_uint8: torch.Tensor, prepare: Callable[[torch.Tensor], torch.Tensor],
                   batch_size: int = 1000) -> torch.Tensor:
    model.eval()
    chunks = [model(prepare(images_uint8[i:i + batch_size])).float() for i in range(0, len(images_uint8), batch_size)]
    return torch.cat(chunks)


def split_metrics(logits_of: Callable[[torch.Tensor], torch.Tensor], data: CnnData) -> dict:
    """`logits_of(uint8 images)` -> logits; returns test_loss, test_acc and, with a validation split, val_acc."""
    logits = logits_of(data.test_x)
    result = {"test_loss": torch.nn.functional.cross_entropy(logits, data.test_y).item(),
              "test_acc": (logits.argmax(1) == data.test_y).float().mean().item()}
    if data.val_x is not None:
        result["val_acc"] = (logits_of(data.val_x).argmax(1) == data.val_y).float().mean().item()
    return result


def classification_report(probs: torch.Tensor, truth: torch.Tensor, images: torch.Tensor, classes: tuple[str, ...],
                          max_mistakes: int = 40) -> tuple[dict, dict]:
    """(summary, tensors): confusion matrix (rows = true class) and the most confident mistakes."""
    probs, truth = probs.cpu(), truth.cpu()
    pred, k = probs.argmax(1), len(classes)
    confusion = torch.bincount(truth * k + pred, minlength=k * k).reshape(k, k)
    wrong = (pred != truth).nonzero().flatten()
    wrong = wrong[probs[wrong, pred[wrong]].argsort(descending=True)][:max_mistakes]
    summary = {"classes": list(classes), "confusion": confusion.tolist(),
               "mistakes": [{"true": int(truth[i]), "pred": int(pred[i]), "prob": round(float(probs[i, pred[i]]), 4)}
                            for i in wrong]}
    return summary, {"mistake_images": images[wrong.to(images.device)].cpu()}


def top_labels(probs: np.ndarray, classes: tuple[str, ...], top: int = 3) -> dict:
    order = np.argsort(probs)[::-1][:top]
    return {"label": classes[order[0]], "top": [[classes[i], round(float(probs[i]), 4)] for i in order]}
