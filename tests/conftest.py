"""Shared fixtures for the engine, manager, CLI and app tests.

- Every test gets its own run store: `$DLDEMO_CHECKPOINTS` points at a fresh temporary folder and
  `$DLDEMO_DATA_DIR` at an empty one, so nothing reads or writes the developer's `checkpoints/` or `data/`.
  The app's process-wide `run_manager()` (an `st.cache_resource`) is cleared before and after each test so
  an AppTest builds its manager from these variables.
- `tiny_run(demo_name)` trains a demo's `tiny` preset once per session (on the CPU, so the result is
  deterministic; data from `SHARED_DATA` when present, else an empty folder, skipping a demo whose tiny
  preset then has no data) into a private store and returns a `TrainedRun`; `install_run(run, root)` copies that
  finished run into another store, so tests that only need "a done run" never train again.
- `SHARED_DATA` is the real data folder (`../shared/data`); `requires_shared_data` skips a test when it is
  absent, and the `shared_data` fixture does the same for fixture users.
- `png_bytes` draws a test digit with Pillow.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.datasets import DatasetUnavailable
from core.registry import DEMOS
from core.store import RunStore
from core.training import train_run

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HAVE_SHARED_DATA = (SHARED_DATA / "mnist" / "t10k-images-idx3-ubyte.gz").is_file()
requires_shared_data = pytest.mark.skipif(not HAVE_SHARED_DATA, reason=f"{SHARED_DATA} is not available")


@dataclass(frozen=True)
class TrainedRun:
    """A finished tiny run in a session-wide store (treat it as read-only)."""

    demo: object
    cfg: object
    key: str
    store: RunStore
    meta: dict


def png_bytes(kind: str = "one", size: int = 200) -> bytes:
    """A black-on-white test image: 'one' is a thick vertical bar (a handwritten 1), 'blank' is empty."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (size, size), 255)
    if kind == "one":
        ImageDraw.Draw(img).rectangle([size * 0.44, size * 0.15, size * 0.56, size * 0.85], fill=0)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


def install_run(run: TrainedRun, root: Path | str) -> RunStore:
    """Copy a finished run into the store at `root` (same key); returns that store."""
    target = RunStore(root)
    target.root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(run.store.path(run.key), target.path(run.key), ignore=shutil.ignore_patterns(".lock"))
    return target


@pytest.fixture(autouse=True)
def isolated_store(tmp_path_factory, monkeypatch) -> Path:
    """A fresh, empty run store and data folder per test, via the environment variables the code reads.
    They live outside the test's own `tmp_path`, which stays empty for tests that inspect it."""
    base = tmp_path_factory.mktemp("dldemo-env")
    root = base / "checkpoints"
    data = base / "data"
    data.mkdir()
    monkeypatch.setenv("DLDEMO_CHECKPOINTS", str(root))
    monkeypatch.setenv("DLDEMO_DATA_DIR", str(data))
    from core.ui.resources import run_manager

    run_manager.clear()
    yield root
    run_manager.clear()


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory) -> Callable[[str], TrainedRun]:
    """Factory: the finished tiny-preset run of a demo, trained at most once per session."""
    runs: dict[str, TrainedRun] = {}

    def get(name: str = "cnn") -> TrainedRun:
        if name not in runs:
            from core.manager import RunManager

            demo = DEMOS[name]
            cfg = demo.config(preset="tiny")
            store = RunStore(tmp_path_factory.mktemp(f"tiny-{name}"))
            data_dir = str(SHARED_DATA if HAVE_SHARED_DATA else tmp_path_factory.mktemp("no-data"))
            try:
                key = RunManager(store, data_dir).key_for(demo, cfg)
            except DatasetUnavailable as err:
                pytest.skip(f"the {name} tiny preset needs data that is not here: {err}")
            meta = train_run(store, demo, cfg, key, dataset_id=demo.dataset_id(cfg, data_dir), data_dir=data_dir,
                             device="cpu")
            assert meta["status"] == "done", meta
            runs[name] = TrainedRun(demo, cfg, key, store, meta)
        return runs[name]

    return get


@pytest.fixture
def installed_tiny(tiny_run, isolated_store) -> TrainedRun:
    """The session's finished cnn tiny run, copied into this test's `$DLDEMO_CHECKPOINTS` store."""
    run = tiny_run("cnn")
    store = install_run(run, isolated_store)
    return TrainedRun(run.demo, run.cfg, run.key, store, run.meta)


@pytest.fixture
def shared_data() -> Path:
    """The real data folder; skips the test when it is not there."""
    if not HAVE_SHARED_DATA:
        pytest.skip(f"{SHARED_DATA} is not available")
    return SHARED_DATA
