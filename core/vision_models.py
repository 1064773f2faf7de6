"""Image-classifier architectures and what they cost: parameters, FLOPs per image, estimated epoch time.

Every model takes a normalised float batch (N, C, H, W) and returns logits (N, classes):
- `FastNet`: 3 conv-BN-ReLU-pool blocks (w, 2w, 4w channels), global max pool, linear (the digits bench net).
- `SeedCNN`: the seed article's one-conv CNN; the flatten size is computed from the input size (one 2x2
  pooling of a 32x32 input leaves width x 16 x 16, not the article's 32x8x8).
- `LeNet5`: LeCun et al. 1998 on a 32x32 input; smaller inputs are padded to 32 with `pad_value`.
- `SmallResNet`: a stem conv and three basic residual blocks (w, 2w, 4w channels, strides 1, 2, 2).
- `AirbenchNet`: in the style of Keller Jordan's airbench94 for CIFAR-10: a frozen 2x2 patch-whitening conv
  initialised from the data, three conv-pool-BN-GELU blocks (w, 4w, 4w), global max pool, linear / 9.
`flops_per_image(model, shape)` counts 2 x multiply-accumulates of Conv2d and Linear layers (BatchNorm,
activations and pooling are left out; they are a few per cent). `estimate_epoch_seconds` times a few real
forward/backward/SGD steps on the device and scales to one epoch (an estimate, shown before training).
"""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch import nn


class BatchNorm2d(nn.BatchNorm2d):
    """nn.BatchNorm2d that normalises bf16 CPU inputs in float32. Under CPU bf16 autocast the stock layer's running
    statistics went wrong: a ResNet on an MNIST stand-in kept 77-82 % training accuracy but fell to 42-64 % at test
    time (float32: 77-86 %); with float32 statistics it reached 84-85 %. Same parameters and state_dict keys."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.bfloat16 and x.device.type == "cpu":
            x = x.float()
        return super().forward(x)


def conv_block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), BatchNorm2d(c_out),
                         nn.ReLU(inplace=True), nn.MaxPool2d(2))


class FastNet(nn.Module):
    """[conv-BN-ReLU-pool] x3 (w, 2w, 4w channels) -> global max pool -> linear."""

    def __init__(self, width: int, dropout: float, in_channels: int = 1, classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(conv_block(in_channels, width), conv_block(width, 2 * width),
                                      conv_block(2 * width, 4 * width))
        self.head = nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Dropout(dropout),
                                  nn.Linear(4 * width, classes))

    def forward(self, x):
        return self.head(self.features(x))


class SeedCNN(nn.Module):
    """conv(3x3, width) -> ReLU -> maxpool 2 -> flatten (width x H/2 x W/2) -> fc 128 -> fc classes."""

    def __init__(self, width: int, dropout: float, in_channels: int = 1, size: int = 28, classes: int = 10):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, width, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flat_features = width * (size // 2) * (size // 2)
        self.fc1 = nn.Linear(self.flat_features, 128)
        self.drop = nn.Dropout(dropout)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv(x))).flatten(1)
        return self.fc2(self.drop(F.relu(self.fc1(x))))


class LeNet5(nn.Module):
    """32x32 -> conv6@5 (28) -> avgpool (14) -> conv16@5 (10) -> avgpool (5) -> 120 -> 84 -> classes."""

    def __init__(self, dropout: float, in_channels: int = 1, size: int = 32, classes: int = 10,
                 pad_value: float = 0.0):
        super().__init__()
        if size > 32:
            raise ValueError(f"LeNet-5 takes inputs up to 32x32, not {size}x{size}.")
        margin = 32 - size
        # Pad with the normalised background so a padded digit looks like one drawn on a larger sheet.
        self.pad = nn.ConstantPad2d((margin // 2, margin - margin // 2) * 2, pad_value)
        self.features = nn.Sequential(nn.Conv2d(in_channels, 6, 5), nn.ReLU(), nn.AvgPool2d(2),
                                      nn.Conv2d(6, 16, 5), nn.ReLU(), nn.AvgPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
                                        nn.Dropout(dropout), nn.Linear(120, 84), nn.ReLU(),
                                        nn.Linear(84, classes))

    def forward(self, x):
        return self.classifier(self.features(self.pad(x)))


class BasicBlock(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN plus a shortcut (1x1 conv + BN when the shape changes), then ReLU."""

    def __init__(self, c_in: int, c_out: int, stride: int):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), BatchNorm2d(c_out),
                                  nn.ReLU(inplace=True), nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False),
                                  BatchNorm2d(c_out))
        self.shortcut = nn.Identity() if stride == 1 and c_in == c_out else nn.Sequential(
            nn.Conv2d(c_in, c_out, 1, stride, bias=False), BatchNorm2d(c_out))

    def forward(self, x):
        return F.relu(self.body(x) + self.shortcut(x))


class SmallResNet(nn.Module):
    """stem conv3x3 (w) -> blocks (w, stride 1), (2w, stride 2), (4w, stride 2) -> avg pool -> linear."""

    def __init__(self, width: int, dropout: float, in_channels: int = 3, classes: int = 10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(in_channels, width, 3, padding=1, bias=False), BatchNorm2d(width),
                                  nn.ReLU(inplace=True))
        self.blocks = nn.Sequential(BasicBlock(width, width, 1), BasicBlock(width, 2 * width, 2),
                                    BasicBlock(2 * width, 4 * width, 2))
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout),
                                  nn.Linear(4 * width, classes))

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)))


def airbench_block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.MaxPool2d(2),
                         BatchNorm2d(c_out, momentum=0.4), nn.GELU(),
                         nn.Conv2d(c_out, c_out, 3, padding=1, bias=False), BatchNorm2d(c_out, momentum=0.4),
                         nn.GELU())


class AirbenchNet(nn.Module):
    """2x2 whitening conv (2 x 4C channels, frozen after `init_whitening`) -> GELU -> blocks (w, 4w, 4w)
    -> global max pool -> linear without bias, logits scaled by 1/9 (airbench's output temperature)."""

    def __init__(self, width: int, dropout: float, in_channels: int = 3, classes: int = 10):
        super().__init__()
        whiten_out = 2 * in_channels * 4  # each patch eigenvector and its negative
        self.whiten = nn.Conv2d(in_channels, whiten_out, 2)
        self.blocks = nn.Sequential(airbench_block(whiten_out, width), airbench_block(width, 4 * width),
                                    airbench_block(4 * width, 4 * width))
        self.head = nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Dropout(dropout),
                                  nn.Linear(4 * width, classes, bias=False))

    def forward(self, x):
        return self.head(self.blocks(F.gelu(self.whiten(x)))) / 9

    @torch.no_grad()
    def init_whitening(self, images: torch.Tensor, eps: float = 5e-4) -> None:
        """Set the 2x2 conv to the ZCA-like basis of the images' 2x2 patches and freeze it: filter k is
        eigenvector k divided by sqrt(eigenvalue + eps), so its outputs have unit variance on the data."""
        c = images.shape[1]
        patches = images.float().unfold(2, 2, 1).unfold(3, 2, 1)          # N, C, H-1, W-1, 2, 2
        patches = patches.permute(0, 2, 3, 1, 4, 5).reshape(-1, c * 4)    # one row per patch
        patches = patches - patches.mean(0)
        cov = patches.T @ patches / len(patches)
        eigenvalues, eigenvectors = torch.linalg.eigh(cov.double())
        filters = (eigenvectors.T / torch.sqrt(eigenvalues[:, None] + eps)).float().reshape(-1, c, 2, 2)
        self.whiten.weight.copy_(torch.cat([filters, -filters]).to(self.whiten.weight.device))
        self.whiten.bias.zero_()
        self.whiten.weight.requires_grad_(False)


def parameter_count(model: nn.Module) -> int:
    """Learnable scalars (frozen whitening filters included: they are weights the checkpoint stores)."""
    return sum(p.numel() for p in model.parameters())


def flops_per_image(model: nn.Module, input_shape: tuple[int, int, int]) -> int:
    """2 x multiply-accumulates of every Conv2d and Linear for one image of shape (C, H, W)."""
    macs = 0

    def count(module, inputs, output):
        nonlocal macs
        if isinstance(module, nn.Conv2d):
            per_output = module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
            macs += output[0].numel() * per_output
        elif isinstance(module, nn.Linear):
            macs += module.in_features * module.out_features

    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    was_training = model.training
    try:
        model.eval()
        device = next(model.parameters()).device
        with torch.no_grad():
            model(torch.zeros(1, *input_shape, device=device))
    finally:
        for hook in hooks:
            hook.remove()
        model.train(was_training)
    return 2 * macs


def estimate_epoch_seconds(model: nn.Module, input_shape: tuple[int, int, int], classes: int, train_images: int,
                           batch_size: int, device: torch.device, timed_steps: int = 2) -> float:
    """Seconds for one epoch, from `timed_steps` real SGD steps (after one warm-up) on random data.
    Works on a copy, so the model's weights and BatchNorm statistics stay untouched."""
    import copy

    probe = copy.deepcopy(model).to(device).train()
    optimizer = torch.optim.SGD([p for p in probe.parameters() if p.requires_grad], lr=1e-6)
    x = torch.randn(batch_size, *input_shape, device=device)
    y = torch.randint(0, classes, (batch_size,), device=device)

    def step():
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(probe(x), y).backward()
        optimizer.step()

    step()  # warm-up: allocator, kernel selection
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(timed_steps):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    per_step = (time.perf_counter() - start) / timed_steps
    return per_step * -(-train_images // batch_size)
