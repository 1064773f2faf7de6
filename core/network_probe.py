"""What a trained image classifier computes for one input: feature maps, first-layer filters, Grad-CAM, saliency.

All functions take a model and one normalised input (1, C, H, W) on the model's device, leave the model's
weights and mode as they found them, and return CPU numpy arrays:
- `feature_maps(model, x)`: [(layer name, (channels, h, w) activations)] for every Conv2d, via forward hooks.
- `first_filters(model)`: the first Conv2d's weights (out, in, k, k).
- `grad_cam(model, x, target)`: (H, W) in [0, 1]: the last Conv2d's activations weighted by the spatial mean
  of the target logit's gradient (Selvaraju et al. 2017), ReLU, upsampled bilinearly to the input size.
- `saliency(model, x, target)`: (H, W) in [0, 1]: max over channels of |d logit / d input| (Simonyan 2014).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def _convs(model: nn.Module) -> list[tuple[str, nn.Conv2d]]:
    return [(name, m) for name, m in model.named_modules() if isinstance(m, nn.Conv2d)]


class _EvalMode:
    """Run in eval mode (BatchNorm uses its running statistics) and restore the previous mode afterwards."""

    def __init__(self, model: nn.Module):
        self.model, self.was_training = model, model.training

    def __enter__(self):
        self.model.eval()

    def __exit__(self, *exc):
        self.model.train(self.was_training)


def feature_maps(model: nn.Module, x: torch.Tensor) -> list[tuple[str, np.ndarray]]:
    captured: list[tuple[str, torch.Tensor]] = []
    hooks = [m.register_forward_hook(lambda mod, inp, out, name=name: captured.append((name, out.detach())))
             for name, m in _convs(model)]
    try:
        with _EvalMode(model), torch.no_grad():
            model(x)
    finally:
        for hook in hooks:
            hook.remove()
    return [(name, out[0].float().cpu().numpy()) for name, out in captured]


def first_filters(model: nn.Module) -> np.ndarray:
    return _convs(model)[0][1].weight.detach().float().cpu().numpy()


def _unit(values: torch.Tensor) -> np.ndarray:
    values = values - values.min()
    peak = values.max()
    return (values / peak if peak > 0 else values).cpu().numpy()


def grad_cam(model: nn.Module, x: torch.Tensor, target: int) -> np.ndarray:
    layer = _convs(model)[-1][1]
    store: dict[str, torch.Tensor] = {}

    def keep(module, inputs, output):
        store["activation"] = output

    hook = layer.register_forward_hook(keep)
    try:
        with _EvalMode(model), torch.enable_grad():
            logit = model(x)[0, target]
            activation = store["activation"]
            gradient, = torch.autograd.grad(logit, activation)
    finally:
        hook.remove()
    weights = gradient[0].mean(dim=(1, 2), keepdim=True)          # one weight per channel
    cam = F.relu((weights * activation[0].detach()).sum(0))[None, None]
    cam = F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[0, 0]
    return _unit(cam)


def saliency(model: nn.Module, x: torch.Tensor, target: int) -> np.ndarray:
    probe = x.detach().clone().requires_grad_(True)
    with _EvalMode(model), torch.enable_grad():
        gradient, = torch.autograd.grad(model(probe)[0, target], probe)
    return _unit(gradient[0].abs().amax(0))
