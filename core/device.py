"""Device choice and precision plumbing, kept out of the training loops.

`pick_device("auto")` prefers CUDA, then Apple's MPS, then the CPU; an explicit choice that is not
available raises a clear error. `autocast(device)` gives bf16 autocast on CUDA and a no-op elsewhere
(on a CPU, fp16/bf16 autocast slows small models down). `configure_threads()` sizes PyTorch's intra-op
pool to the cores this process may use.
"""

from __future__ import annotations

import contextlib
import os

import torch

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


def _mps_available() -> bool:
    return bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()


def pick_device(preference: str = "auto") -> torch.device:
    if preference not in DEVICE_CHOICES:
        raise ValueError(f"Unknown device {preference!r}: expected one of {', '.join(DEVICE_CHOICES)}.")
    if preference == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if preference == "cuda" and not torch.cuda.is_available():
        raise ValueError("CUDA was requested but no CUDA GPU is available here; use --device cpu.")
    if preference == "mps" and not _mps_available():
        raise ValueError("MPS was requested but is not available here; use --device cpu.")
    return torch.device(preference)


def device_label(device: torch.device) -> str:
    """Readable device name for the UI and run metadata, e.g. 'cuda (NVIDIA H200)' or 'cpu (2 threads)'."""
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "cpu":
        return f"cpu ({torch.get_num_threads()} threads)"
    return device.type


def autocast(device: torch.device):
    """bf16 autocast on CUDA (tensor cores, no loss scaling needed); nothing elsewhere."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS / Windows
        return os.cpu_count() or 1


def configure_threads() -> int:
    """Set torch's intra-op threads to the usable cores (torch defaults can oversubscribe containers)."""
    threads = max(1, usable_cores())
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads
