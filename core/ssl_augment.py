"""SimCLR-style views of digit images, made in-tensor on whole batches (no PIL in the training loop).

`random_views(images_uint8, spec, generator)` returns float (N, 1, H, W) images in [0, 1]; calling it twice
on a batch gives the two "views" whose embeddings contrastive learning pulls together. Each view is one
`grid_sample` of one sampling grid per image, built from:
- a random resized crop: a square window covering `crop_min`..1 of the image's area (side sqrt of that),
  placed uniformly at random inside the image and stretched back to the full size;
- a rotation by up to `rotate` degrees either way, about the window's centre;
- an elastic warp: a random displacement field drawn on a coarse 4x4 lattice (so it is smooth), scaled to
  at most about `elastic` pixels and upsampled bilinearly to every pixel;
then Gaussian pixel noise of standard deviation `noise` (on the 0..1 scale), clipped back to [0, 1].
With every strength at its identity value (crop_min = 1, rotate = elastic = noise = 0) a view is the image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

LATTICE = 4  # coarse grid side of the elastic displacement field


@dataclass(frozen=True)
class AugmentSpec:
    crop_min: float = 0.5   # smallest crop area, share of the image (1 = no crop)
    rotate: float = 15.0    # largest rotation, degrees
    elastic: float = 1.5    # typical elastic displacement, pixels
    noise: float = 0.1      # pixel noise standard deviation, 0..1 scale


def view_grids(n: int, height: int, width: int, spec: AugmentSpec, generator: torch.Generator | None = None,
               device=None) -> torch.Tensor:
    """Sampling grids (n, H, W, 2) in grid_sample's [-1, 1] coordinates (x first)."""
    rand = torch.rand(n, 4, generator=generator)
    side = torch.sqrt(spec.crop_min + (1 - spec.crop_min) * rand[:, 0])       # window side, share of the image
    angle = (2 * rand[:, 1] - 1) * math.radians(spec.rotate)
    shift = (2 * rand[:, 2:] - 1) * (1 - side)[:, None]                      # keeps the window inside
    cos, sin = torch.cos(angle) * side, torch.sin(angle) * side
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, [n, 1, height, width], align_corners=False)
    if spec.elastic > 0:
        coarse = torch.randn(n, 2, LATTICE, LATTICE, generator=generator)
        field = F.interpolate(coarse, size=(height, width), mode="bilinear", align_corners=True)
        pixels_to_grid = torch.tensor([2.0 / width, 2.0 / height])          # one pixel in grid units (x, y)
        grid = grid + field.permute(0, 2, 3, 1) * spec.elastic * pixels_to_grid
    return grid.to(device)


def random_views(images_uint8: torch.Tensor, spec: AugmentSpec,
                 generator: torch.Generator | None = None) -> torch.Tensor:
    """One random view per image: float (N, C, H, W) in [0, 1]."""
    n, _, height, width = images_uint8.shape
    x = images_uint8.float() / 255.0
    grid = view_grids(n, height, width, spec, generator, x.device)
    out = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    if spec.noise > 0:
        out = out + spec.noise * torch.randn(out.shape, generator=generator).to(out.device)
    return out.clamp(0, 1)


def view_pairs(images_uint8: torch.Tensor, spec: AugmentSpec, seed: int) -> torch.Tensor:
    """For showing the augmentation: uint8 (2N, C, H, W), first views then second views of the same images."""
    generator = torch.Generator().manual_seed(seed)
    views = torch.cat([random_views(images_uint8.cpu(), spec, generator) for _ in range(2)])
    return (views * 255).round().to(torch.uint8)
