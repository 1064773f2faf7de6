"""The networks a transfer run starts from, each split into a frozen trunk and a last block that can be tuned.

- `own-cnn`: the CNN demo's conv blocks: trunk = blocks 1-2 (w, 2w channels), last block = block 3 (4w) and
  a global max pool; the weights come from pretraining on a source task (core.transfer).
- `resnet18`, `mobilenet_v3_small`: torchvision's ImageNet classifiers without their classification layers:
  ResNet-18's trunk ends after layer3 and its last block is layer4 + average pool (512 features);
  MobileNetV3-Small's last block is its last inverted-residual block and final 1x1 conv + pool (576).
  `imagenet_backbone(name, data_dir)` downloads the ImageNet weights into `<data dir>/weights/` (torchvision's
  weights enums, checked by hash); offline it raises DatasetUnavailable naming the offline alternative.
`backbone(name, width, in_channels)` builds the same split untrained (what build_model needs to load a
checkpoint). `backbone_input(images_uint8, name, size, stats)` makes a uint8 batch the backbone's input:
normalised with the dataset's statistics for own-cnn; for ImageNet nets 3 channels, resized to `size` pixels,
normalised with ImageNet's statistics.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from core.datasets import DatasetUnavailable
from core.vision_models import conv_block

BACKBONES = ("own-cnn", "resnet18", "mobilenet_v3_small")
IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)  # torchvision's preprocessing
WEIGHT_FILES = {"resnet18": "resnet18-f37072fd.pth", "mobilenet_v3_small": "mobilenet_v3_small-047dcff4.pth"}


def _torchvision_model(name: str):
    from torchvision import models

    return {"resnet18": models.resnet18, "mobilenet_v3_small": models.mobilenet_v3_small}[name](weights=None)


def _split(name: str, model: nn.Module) -> tuple[nn.Sequential, nn.Sequential, int]:
    if name == "resnet18":
        trunk = nn.Sequential(model.conv1, model.bn1, model.relu, model.maxpool, model.layer1, model.layer2,
                              model.layer3)
        return trunk, nn.Sequential(model.layer4, model.avgpool, nn.Flatten()), 512
    features = model.features  # mobilenet_v3_small: 13 stages, the last two are tuned
    return features[:11], nn.Sequential(features[11:], model.avgpool, nn.Flatten()), 576


def backbone(name: str, width: int, in_channels: int) -> tuple[nn.Sequential, nn.Sequential, int]:
    """(trunk, last block, feature size), untrained."""
    if name == "own-cnn":
        trunk = nn.Sequential(conv_block(in_channels, width), conv_block(width, 2 * width))
        return trunk, nn.Sequential(conv_block(2 * width, 4 * width), nn.AdaptiveMaxPool2d(1), nn.Flatten()), 4 * width
    return _split(name, _torchvision_model(name))


def imagenet_weights_on_disk(name: str, data_dir: str) -> bool:
    return (Path(data_dir) / "weights" / WEIGHT_FILES[name]).is_file()


def imagenet_backbone(name: str, data_dir: str) -> tuple[nn.Sequential, nn.Sequential, int]:
    """(trunk, last block, feature size) with ImageNet weights, downloaded on first use."""
    from torchvision import models

    weights = {"resnet18": models.ResNet18_Weights, "mobilenet_v3_small": models.MobileNet_V3_Small_Weights}[name]
    model = _torchvision_model(name)
    try:
        state = weights.IMAGENET1K_V1.get_state_dict(progress=False, model_dir=str(Path(data_dir) / "weights"),
                                                     check_hash=True)
    except Exception as err:  # URLError / OSError offline, RuntimeError on a damaged download
        raise DatasetUnavailable(
            f"The ImageNet weights of {name} could not be downloaded into {Path(data_dir) / 'weights'} "
            f"({type(err).__name__}); this machine seems to be offline. Choose the backbone 'own-cnn' (a CNN "
            "pretrained here, e.g. on digits 0-4 and transferred to 5-9), which needs no download.") from None
    model.load_state_dict(state)
    return _split(name, model)


def backbone_input(images_uint8: torch.Tensor, name: str, size: int, stats: tuple) -> torch.Tensor:
    """uint8 (N, C, H, W) -> the float input of backbone `name` (see the module docstring)."""
    x = images_uint8.float() / 255.0
    if name == "own-cnn":
        mean, std = stats
    else:
        if x.shape[1] == 1:
            x = x.expand(-1, 3, -1, -1)
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=False)
        mean, std = IMAGENET_MEAN, IMAGENET_STD
    mean = torch.tensor(mean, device=x.device).view(1, -1, 1, 1)
    std = torch.tensor(std, device=x.device).view(1, -1, 1, 1)
    return (x - mean) / std
