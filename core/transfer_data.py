"""Data of the transfer-learning demo: the target task, the source network, and the frozen features, cached.

- Target: digits 5-9 (labels 0-4 after subtracting 5) of a digit dataset, or the visitor's uploaded zip
  (3x32x32). Test images are capped at `MAX_TEST`.
- Source (`SourceNetwork`): for `own-cnn`, a CNN (trunk, last block, linear layer) pretrained here with AdamW,
  a one-cycle schedule and random affine augmentation on digits 0-4 of the same dataset (or on the drawn shapes
  for an upload), scored on the source's test images; for the ImageNet backbones, torchvision's weights.
- Labelled images: a pool of `max(curve N)` per class (core.fewshot.per_class_subset); the run's N per class are
  `per_class_subset(pool labels, N, seed)`, the very subsets the accuracy-against-N curve uses.
- Features: the frozen network's pooled features (mode frozen) or its trunk's outputs (mode finetune) of the
  pool and the test images, computed on first use and kept with the source network. The last `CACHE_ENTRIES`
  sources stay in memory (keyed by everything they depend on), so a second run with another N or mode neither
  pretrains nor extracts features again.
- Timing: `TransferData.source` is built on first use. For own-cnn that is the first training epoch, so
  pretraining (and feature extraction) is inside the engine's `train_seconds` of a run that pretrains - every
  benchmark, which runs in a fresh process - and absent from a run that found its source in the cache.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from core.cnn import MNIST_MEAN, MNIST_STD, random_affine
from core.datasets import DIGIT_CLASSES, ImageData, load_digit_dataset
from core.fewshot import accuracy, per_class_subset
from core.training import lr_factor
from core.transfer_backbones import backbone, backbone_input, imagenet_backbone
from core.vision_data import PIXEL_STATS, load_upload, make_shapes, upload_classes

MAX_TEST = 2000        # target test images scored per epoch
CACHE_ENTRIES = 2      # source networks (with their features) kept in memory
PRETRAIN_BATCH = 128   # source images per pretraining step
PRETRAIN_LR = 0.003    # peak AdamW learning rate of pretraining
_cache: OrderedDict[tuple, SourceNetwork] = OrderedDict()
_cache_lock = threading.Lock()


def target_shape(cfg) -> tuple[int, int]:
    """(channels, side) of the target images."""
    return (3, 32) if cfg.dataset == "upload" else (1, 28)


def target_classes(cfg) -> tuple[str, ...]:
    """Class names for digit targets; upload classes are numbered until the data is read (names in the data)."""
    if cfg.dataset == "upload":
        return tuple(str(i) for i in range(max(2, upload_classes(cfg.upload_id))))
    return DIGIT_CLASSES[5:]


def input_stats(cfg) -> tuple:
    """Per-channel (mean, std) on the 0..1 scale of the target images (scratch CNN and own-cnn input)."""
    return PIXEL_STATS["upload"] if cfg.dataset == "upload" else ((MNIST_MEAN,), (MNIST_STD,))


def _digit_split(images: ImageData, keep, shift: int, classes: tuple[str, ...]) -> ImageData:
    train, test = keep(images.train_y), keep(images.test_y)
    return ImageData(images.train_x[train], images.train_y[train] - shift, images.test_x[test],
                     images.test_y[test] - shift, classes, images.dataset_id)


def source_and_target(cfg, data_dir: str) -> tuple[ImageData, ImageData]:
    if cfg.dataset == "upload":
        return make_shapes(), load_upload(cfg.upload_id, data_dir)
    images = load_digit_dataset(cfg.dataset, data_dir)
    return (_digit_split(images, lambda y: y < 5, 0, DIGIT_CLASSES[:5]),
            _digit_split(images, lambda y: y >= 5, 5, DIGIT_CLASSES[5:]))


@dataclass
class SourceNetwork:
    trunk: nn.Module
    last: nn.Module
    description: str
    accuracy: float | None       # on the source task's test images (None for ImageNet weights)
    seconds: float               # pretraining wall time (0 for downloaded weights)
    features: dict = field(default_factory=dict)  # (mode, "pool" | "test") -> cached tensor

    @property
    def trunk_state(self) -> dict:
        return self.trunk.state_dict()

    @property
    def last_state(self) -> dict:
        return self.last.state_dict()

    @torch.no_grad()
    def encode(self, images_uint8: torch.Tensor, mode: str, cfg, batch: int = 250) -> torch.Tensor:
        """Trunk outputs (finetune) or pooled features (frozen) of uint8 images, eval mode, in chunks."""
        self.trunk.eval()
        self.last.eval()
        out = []
        for i in range(0, len(images_uint8), batch):
            x = self.trunk(backbone_input(images_uint8[i:i + batch], cfg.backbone, cfg.image_size, input_stats(cfg)))
            out.append(x if mode == "finetune" else self.last(x))
        return torch.cat(out).float()


def pretrain_own_cnn(source: ImageData, cfg, device: torch.device) -> SourceNetwork:
    """Train trunk + last block + a linear layer on the source task; the linear layer is then dropped. Runs on
    its own copy of the global random state: a run that pretrains draws the same augmentations afterwards as a
    run that found the source network in the cache."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(cfg.seed)
        return _pretrain(source, cfg, device)


def _pretrain(source: ImageData, cfg, device: torch.device) -> SourceNetwork:
    start = time.perf_counter()
    trunk, last, features = backbone("own-cnn", cfg.width, source.train_x.shape[1])
    net = nn.Sequential(trunk, last, nn.Linear(features, len(source.classes))).to(device).train()
    optimizer = torch.optim.AdamW(net.parameters(), lr=PRETRAIN_LR, weight_decay=5e-4)
    x, y, stats = source.train_x.to(device), source.train_y.to(device), input_stats(cfg)
    generator = torch.Generator().manual_seed(cfg.seed)
    per_epoch = -(-len(y) // PRETRAIN_BATCH)
    total = cfg.pretrain_epochs * per_epoch
    for step in range(total):
        if step % per_epoch == 0:
            order = torch.randperm(len(y), generator=generator).to(device)
        idx = order[(step % per_epoch) * PRETRAIN_BATCH:(step % per_epoch + 1) * PRETRAIN_BATCH]
        for group in optimizer.param_groups:
            group["lr"] = PRETRAIN_LR * lr_factor("onecycle", step, total)
        loss = F.cross_entropy(net(random_affine(backbone_input(x[idx], "own-cnn", 0, stats))), y[idx],
                               label_smoothing=0.1)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    net.eval()
    with torch.no_grad():
        test_x = source.test_x.to(device)
        logits = torch.cat([net(backbone_input(test_x[i:i + 1000], "own-cnn", 0, stats))
                            for i in range(0, len(test_x), 1000)])
    names = ", ".join(source.classes)
    return SourceNetwork(trunk, last, f"own CNN pretrained on {len(source.train_y):,} images of classes {names}",
                         accuracy(logits, source.test_y.to(device)), time.perf_counter() - start)


def source_network(cfg, source: ImageData, data_dir: str, device: torch.device) -> SourceNetwork:
    if cfg.backbone == "own-cnn":
        return pretrain_own_cnn(source, cfg, device)
    trunk, last, _ = imagenet_backbone(cfg.backbone, data_dir)
    return SourceNetwork(trunk.to(device), last.to(device), f"{cfg.backbone} with ImageNet-1k weights (torchvision)",
                         None, 0.0)


@dataclass
class TransferData:
    classes: tuple[str, ...]
    load_source: Callable[[], SourceNetwork]  # the source network, from the cache or built (pretrained) now
    cfg: object                   # the run's config (backbone, image size, statistics for encoding)
    pool_x: torch.Tensor          # uint8 labelled-image pool on the device; pool_y its labels
    pool_y: torch.Tensor
    labelled_pos: torch.Tensor    # positions in the pool of the run's N per class
    test_x: torch.Tensor
    test_y: torch.Tensor
    _source: SourceNetwork | None = field(default=None, repr=False)

    @property
    def source(self) -> SourceNetwork:
        """Built on first use, which for own-cnn is the first training epoch: pretraining is timed with it."""
        if self._source is None:
            self._source = self.load_source()
        return self._source

    @property
    def labelled_x(self) -> torch.Tensor:
        return self.pool_x[self.labelled_pos]

    @property
    def labelled_y(self) -> torch.Tensor:
        return self.pool_y[self.labelled_pos]

    def _cached(self, mode: str, split: str) -> torch.Tensor:
        key = (mode, split)
        if key not in self.source.features:
            images = self.pool_x if split == "pool" else self.test_x
            self.source.features[key] = self.source.encode(images, mode, self.cfg)
        return self.source.features[key]

    @property
    def pool_features(self) -> torch.Tensor:
        return self._cached("frozen", "pool")

    def labelled_cache(self, mode: str) -> torch.Tensor:
        return self._cached(mode, "pool")[self.labelled_pos]

    def test_cache(self, mode: str) -> torch.Tensor:
        return self._cached(mode, "test")


def cached_source(key: tuple, build: Callable[[], SourceNetwork]) -> SourceNetwork:
    """The source network stored under `key`, built (outside the lock: pretraining takes seconds) if absent."""
    with _cache_lock:
        source = _cache.get(key)
        if source is not None:
            _cache.move_to_end(key)
            return source
    source = build()
    with _cache_lock:
        _cache[key] = source
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return source


def load_transfer_data(cfg, data_dir: str, device: torch.device, curve_labels: tuple[int, ...]) -> TransferData:
    """The target data; the source network is loaded lazily (own-cnn) or now (ImageNet weights: a missing download
    fails here, before training)."""
    source_images, target = source_and_target(cfg, data_dir)
    own = cfg.backbone == "own-cnn"
    key = (target.dataset_id, cfg.backbone, cfg.seed, str(device),
           (cfg.width, cfg.pretrain_epochs) if own else cfg.image_size)
    pool = per_class_subset(target.train_y, max(max(curve_labels), cfg.labels_per_class), cfg.seed)
    pool_y = target.train_y[pool]
    data = TransferData(target.classes, lambda: cached_source(key, lambda: source_network(cfg, source_images,
                                                                                          data_dir, device)),
                        cfg, target.train_x[pool].to(device), pool_y.to(device),
                        per_class_subset(pool_y, cfg.labels_per_class, cfg.seed).to(device),
                        target.test_x[:MAX_TEST].to(device), target.test_y[:MAX_TEST].to(device))
    if not own:
        data.source  # noqa: B018 - downloads (or raises DatasetUnavailable) before training starts
    return data
