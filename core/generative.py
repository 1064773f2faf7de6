"""What the GAN and VAE demos share: image datasets, the feature classifier, FID, class histograms, grids, GIFs.

- `load_image_dataset(name, data_dir)`: the digit sets of `core.datasets` plus Fashion-MNIST (torchvision,
  downloaded into the data directory when online; offline a one-sentence `DatasetUnavailable`).
- The feature classifier is the CNN demo's FastNet (width 16; 8 on the small `digits` set) trained on the same
  dataset's training split, run by the engine as its own cached run ("fid-classifier" in the run store, never a
  registered demo page), so it trains once per dataset and machine (about 10 s on mnist-10k with 2 cores; kept in
  memory afterwards). Its 64 pooled features (the penultimate layer; 32 for digits) replace Inception's for the
  Fréchet distance: Inception weights cannot be downloaded everywhere, and a digit classifier sees what matters
  in digits.
- `frechet_distance`: ‖μ₁ − μ₂‖² + tr(C₁ + C₂ − 2 (C₁^½ C₂ C₁^½)^½), with symmetric eigen-decompositions
  (float64, negative round-off eigenvalues clipped), so it is exact for identical inputs and never complex.
- `QualityReference` holds the real test features' statistics and the real-vs-real baseline: the FID of N
  training images against the test set, with the same N as the generated samples (FID is biased by N, so
  only equal-N numbers compare), and the classifier's mean max-probability on those real images. `quality(...)`
  scores generated images against it: FID, mean max-probability and the entropy (bits) of the predicted-class
  histogram (mode collapse shows as low entropy).
"""

from __future__ import annotations

import copy
import dataclasses
import io
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from core import cnn
from core.config import param
from core.datasets import (
    DIGIT_CLASSES,
    DIGIT_DATASETS,
    DatasetUnavailable,
    ImageData,
    digit_dataset_id,
    load_digit_dataset,
)
from core.inference import load_finished
from core.store import RunStore, default_root, run_key

IMAGE_DATASETS = DIGIT_DATASETS + ("fashion-mnist",)
FASHION_CLASSES = ("T-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot")
QUALITY_SAMPLES = 2000  # generated images scored per evaluation (= the mnist-10k test split)


# --- datasets -----------------------------------------------------------------------------------------------
def image_dataset_id(name: str, data_dir: str) -> str:
    return "fashion-mnist:torchvision-60k-10k" if name == "fashion-mnist" else digit_dataset_id(name, data_dir)


def load_image_dataset(name: str, data_dir: str) -> ImageData:
    if name != "fashion-mnist":
        return load_digit_dataset(name, data_dir)
    from torchvision.datasets import FashionMNIST

    root = Path(data_dir)
    try:
        train, test = (FashionMNIST(root, train=split, download=True) for split in (True, False))
    except Exception as err:  # torchvision raises URLError/RuntimeError/OSError when offline
        raise DatasetUnavailable(
            f"Fashion-MNIST could not be downloaded into {root} ({type(err).__name__}); this machine seems to be "
            "offline. Choose 'digits' (bundled, no download) or 'mnist-10k' (local IDX files).") from None
    return ImageData(train.data.unsqueeze(1).clone(), train.targets.clone(), test.data.unsqueeze(1).clone(),
                     test.targets.clone(), FASHION_CLASSES, image_dataset_id(name, data_dir))


def class_names(name: str) -> tuple[str, ...]:
    return FASHION_CLASSES if name == "fashion-mnist" else DIGIT_CLASSES


# --- the feature classifier: the CNN demo, widened to Fashion-MNIST, run by the engine as its own run --------
@dataclass(frozen=True)
class FeatureNetConfig(cnn.CnnConfig):
    dataset: str = param("mnist-10k", choices=IMAGE_DATASETS, help="Dataset the classifier learns.")


# (width, epochs) per dataset: seconds of CPU training each, enough for about 98 % test accuracy on the digit sets.
FEATURE_RECIPES = {"digits": (8, 8), "mnist-10k": (16, 4), "mnist": (16, 2), "fashion-mnist": (16, 2)}


def _feature_data(cfg: FeatureNetConfig, data_dir: str, device) -> cnn.CnnData:
    images = load_image_dataset(cfg.dataset, data_dir)
    return cnn.CnnData(images, images.train_x.to(device), images.train_y.to(device), None, None,
                       images.test_x.to(device), images.test_y.to(device))


FEATURE_DEMO = dataclasses.replace(
    cnn.DEMO, name="fid-classifier", title="FID feature classifier", config_cls=FeatureNetConfig,
    dataset_id=lambda cfg, data_dir: image_dataset_id(cfg.dataset, data_dir), load_data=_feature_data,
    presets={}, bench=None)
_feature_lock = threading.Lock()
_feature_nets: dict[str, torch.nn.Module] = {}  # run key -> trained classifier: a key names its content exactly


def feature_config(dataset: str) -> FeatureNetConfig:
    """No label smoothing: the classifier's confidence is a yardstick here, and smoothing trains it to be unsure
    (with the CNN demo's 0.1, real mnist-10k test digits scored a mean max-probability of only 0.898)."""
    width, epochs = FEATURE_RECIPES[dataset]
    return FEATURE_DEMO.config({"dataset": dataset, "width": width, "epochs": epochs, "label_smoothing": 0.0})


def feature_net(dataset: str, data_dir: str, device: torch.device, wait_s: float = 300) -> torch.nn.Module:
    """The dataset's feature classifier (eval mode, on `device`): the cached run, trained first if missing."""
    from core.training import train_run

    store, cfg = RunStore(default_root()), feature_config(dataset)
    dataset_id = FEATURE_DEMO.dataset_id(cfg, data_dir)
    key = run_key(FEATURE_DEMO.name, dataclasses.asdict(cfg), dataset_id, FEATURE_DEMO.recipe_version)
    deadline = time.monotonic() + wait_s
    with _feature_lock:  # one trainer per process; the file lock below covers other processes (the CLI)
        if key in _feature_nets:
            return copy.deepcopy(_feature_nets[key]).to(device).eval()
        while store.status(key) != "done":
            try:
                with store.training_lock(key):
                    if store.status(key) != "done":
                        store.clear(key)  # a half-trained classifier is cheaper to redo than to resume
                        train_run(store, FEATURE_DEMO, cfg, key, dataset_id=dataset_id, data_dir=data_dir,
                                  device=device.type)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatasetUnavailable("Another process has been training the FID classifier for "
                                             f"{wait_s:.0f} s; try again when it finishes.") from None
                time.sleep(1.0)
        _feature_nets[key] = load_finished(store, key, FEATURE_DEMO, cfg)
    return copy.deepcopy(_feature_nets[key]).to(device).eval()


@torch.no_grad()
def features_and_probs(net, images_uint8: torch.Tensor, batch_size: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """Penultimate features (N, 4 x width, float64) and class probabilities (N, C) of uint8 (N, 1, 28, 28) images."""
    device = next(net.parameters()).device
    feats, probs = [], []
    for start in range(0, len(images_uint8), batch_size):
        x = cnn.normalise(images_uint8[start:start + batch_size].to(device))
        pooled = net.features(x).amax((2, 3))  # FastNet's global max pool: the input of its linear layer
        feats.append(pooled.double().cpu())
        probs.append(net.head[-1](pooled).float().softmax(1).cpu())
    return torch.cat(feats).numpy(), torch.cat(probs).numpy()


# --- Fréchet distance and class statistics ------------------------------------------------------------------
def gaussian_stats(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(features, dtype=np.float64)
    return x.mean(0), np.cov(x, rowvar=False)


def _psd_sqrt(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def frechet_distance(mu1, cov1, mu2, cov2) -> float:
    """Squared 2-Wasserstein distance between N(mu1, cov1) and N(mu2, cov2). tr((C1 C2)^½) is computed as
    the trace of the PSD square root of C1^½ C2 C1^½, which has the same eigenvalues and stays symmetric."""
    mu1, mu2 = np.asarray(mu1, dtype=np.float64), np.asarray(mu2, dtype=np.float64)
    cov1, cov2 = np.atleast_2d(np.asarray(cov1, dtype=np.float64)), np.atleast_2d(np.asarray(cov2, dtype=np.float64))
    root1 = _psd_sqrt(cov1)
    cross = np.linalg.eigvalsh(root1 @ cov2 @ root1)
    trace_sqrt = np.sqrt(np.clip(cross, 0, None)).sum()
    value = float(((mu1 - mu2) ** 2).sum() + np.trace(cov1) + np.trace(cov2) - 2 * trace_sqrt)
    return max(value, 0.0)


def entropy_bits(counts) -> float:
    p = np.asarray(counts, dtype=np.float64)
    p = p[p > 0] / p.sum()
    return float(-(p * np.log2(p)).sum()) + 0.0  # + 0.0 turns the -0.0 of a single class into 0.0


@dataclass
class QualityReference:
    net: torch.nn.Module
    mu: np.ndarray       # mean of the test images' features
    cov: np.ndarray
    samples: int         # N: generated images per score (the real baseline uses the same N)
    fid_real: float      # FID of N training images against the test set: the floor a perfect generator reaches
    max_prob_real: float  # the classifier's mean max-probability on those N real images: the confidence to match


def quality_reference(images: ImageData, data_dir: str, dataset: str, device, seed: int = 0) -> QualityReference:
    net = feature_net(dataset, data_dir, device)
    mu, cov = gaussian_stats(features_and_probs(net, images.test_x)[0])
    samples = min(QUALITY_SAMPLES, len(images.test_y), len(images.train_y))
    pick = torch.randperm(len(images.train_y), generator=torch.Generator().manual_seed(seed))[:samples]
    real_feats, real_probs = features_and_probs(net, images.train_x[pick])
    return QualityReference(net, mu, cov, samples, frechet_distance(*gaussian_stats(real_feats), mu, cov),
                            float(real_probs.max(1).mean()))


def quality(reference: QualityReference, images_uint8: torch.Tensor) -> dict:
    """FID against the test set, its real baseline, mean max-probability, class histogram and its entropy."""
    feats, probs = features_and_probs(reference.net, images_uint8)
    histogram = np.bincount(probs.argmax(1), minlength=probs.shape[1])
    return {"fid": frechet_distance(*gaussian_stats(feats), reference.mu, reference.cov),
            "fid_real": reference.fid_real, "mean_max_prob": float(probs.max(1).mean()),
            "max_prob_real": reference.max_prob_real,
            "class_entropy": entropy_bits(histogram), "class_hist": histogram.tolist()}


# --- pictures -----------------------------------------------------------------------------------------------
def to_uint8(images: torch.Tensor, low: float = 0.0) -> torch.Tensor:
    """Float images in [low, 1] (low = -1 for tanh outputs) -> uint8 0..255."""
    return ((images.float() - low) / (1 - low) * 255).round().clamp(0, 255).to(torch.uint8)


def image_grid(images: torch.Tensor | np.ndarray, cols: int, pad: int = 2) -> np.ndarray:
    """uint8 (N, 1, H, W) -> one uint8 (rows*(H+pad)+pad, cols*(W+pad)+pad) picture, images in row order."""
    images = np.asarray(images)[:, 0]
    n, h, w = images.shape
    rows = -(-n // cols)
    grid = np.zeros((rows * (h + pad) + pad, cols * (w + pad) + pad), dtype=np.uint8)
    for i, image in enumerate(images):
        r, c = divmod(i, cols)
        grid[pad + r * (h + pad): pad + r * (h + pad) + h, pad + c * (w + pad): pad + c * (w + pad) + w] = image
    return grid


def animated_gif(frames: list[np.ndarray], frame_ms: int = 400, scale: int = 2) -> bytes:
    """Grayscale uint8 frames -> an animated GIF (looping, nearest-neighbour enlarged by `scale`)."""
    from PIL import Image

    pictures = [Image.fromarray(np.kron(f, np.ones((scale, scale), dtype=np.uint8))) for f in frames]
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:], duration=frame_ms, loop=0)
    return buffer.getvalue()
