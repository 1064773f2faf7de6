"""Learning from a few labels, shared by the transfer-learning and self-supervised demos.

- `per_class_subset(labels, k, seed)`: indices of k examples of every class (all of a class that has fewer),
  drawn with a seeded permutation, so two models compared on "k labels per class" see the very same images.
- `fit_logistic(features, labels, classes, l2)`: multinomial logistic regression on standardised features,
  fitted to convergence with L-BFGS (deterministic on the CPU). It minimises mean cross-entropy +
  l2/2 * ||W||^2 (bias unpenalised), which is scikit-learn's `LogisticRegression(C=1 / (l2 * n))`.
- `LinearProbe`: such a fit kept as buffers (so it travels in a run's safetensors checkpoint without being
  trained by the optimizer); `probe(features)` gives logits.
- `accuracy(logits, labels)`: share of correct arg-maxes.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def per_class_subset(labels: torch.Tensor, k: int, seed: int) -> torch.Tensor:
    """Sorted indices of up to `k` examples of each class present in `labels` (int64, on the CPU)."""
    labels = labels.cpu()
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    picked = [order[labels[order] == c][:k] for c in labels.unique().tolist()]
    return torch.cat(picked).sort().values


class LinearProbe(nn.Module):
    """logits = ((features - mean) / scale) @ weight.T + bias, with every tensor a buffer (fitted, not trained)."""

    def __init__(self, in_features: int, classes: int):
        super().__init__()
        self.register_buffer("mean", torch.zeros(in_features))
        self.register_buffer("scale", torch.ones(in_features))
        self.register_buffer("weight", torch.zeros(classes, in_features))
        self.register_buffer("bias", torch.zeros(classes))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return ((features.float() - self.mean) / self.scale) @ self.weight.T + self.bias

    @torch.no_grad()
    def set_fit(self, fit: dict) -> None:
        for name, value in fit.items():
            getattr(self, name).copy_(value)


def fit_logistic(features: torch.Tensor, labels: torch.Tensor, classes: int, l2: float,
                 max_iter: int = 200) -> dict:
    """{"mean", "scale", "weight", "bias"} of the regularised multinomial logistic regression (CPU float64
    internally; tensors returned as float32 on the features' device)."""
    device = features.device
    x = features.detach().double().cpu()
    y = labels.cpu()
    mean = x.mean(0)
    scale = x.std(0, unbiased=False).clamp_min(1e-6)  # a constant feature (e.g. a dead ReLU) stays zero
    z = (x - mean) / scale
    weight = torch.zeros(classes, z.shape[1], dtype=torch.float64, requires_grad=True)
    bias = torch.zeros(classes, dtype=torch.float64, requires_grad=True)
    solver = torch.optim.LBFGS([weight, bias], lr=1.0, max_iter=max_iter, tolerance_grad=1e-9,
                               tolerance_change=1e-12, history_size=20, line_search_fn="strong_wolfe")

    def objective():
        solver.zero_grad()
        loss = F.cross_entropy(z @ weight.T + bias, y) + 0.5 * l2 * weight.pow(2).sum()
        loss.backward()
        return loss

    with torch.enable_grad():  # evaluate() runs under no_grad; the fit needs gradients
        solver.step(objective)
    fitted = {"mean": mean, "scale": scale, "weight": weight.detach(), "bias": bias.detach()}
    return {name: value.float().to(device) for name, value in fitted.items()}


def accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    return (logits.argmax(1) == labels).float().mean().item()
