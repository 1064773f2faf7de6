"""Load (issue #9, part 3): many sessions on one server process.

- 20 concurrent sessions (threads released together by a barrier) ask the app's process-wide run manager
  (`core.ui.resources.run_manager`, the object every page uses) for the same tiny CNN run, wait for it, load
  the finished model and classify their own digit: one training, one key, and every session's probabilities
  equal those computed serially afterwards, bit for bit.
- The training queue: 20 sessions asking for 4 different runs with `max_concurrent=2` never have more than 2
  trainings at once, and each run trains exactly once (training is a stand-in that only sleeps, so the test
  measures the manager, not the model).
- Memory stays bounded: every Streamlit cache declares `max_entries` or `ttl` and no `lru_cache` is unbounded
  (a code scan, itself tested on a hostile snippet), and the manager's in-memory records of finished runs stay
  at their cap however many runs are asked for.
Figures go to tests/artifacts/reliability.json ("load").
"""

from __future__ import annotations

import ast
import threading
import time

import numpy as np
from browser_support import save_figures
from conftest import png_bytes
from test_security import parse, source_files

from core import inference
from core import manager as manager_mod
from core.imaging import image_to_mnist
from core.registry import DEMOS
from core.training import train_run
from core.ui.resources import run_manager

SESSIONS = 20
TIMEOUT = 180
DEMO = DEMOS["cnn"]


def _digit(session: int) -> np.ndarray:
    """Each session's own upload: the same stroke drawn at a different size."""
    return image_to_mnist(png_bytes("one", size=100 + 7 * session))


def _together(count: int, work) -> list:
    """Run work(i) in `count` threads released at the same moment; results in session order."""
    barrier, results, errors = threading.Barrier(count), [None] * count, []

    def session(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as err:  # noqa: BLE001 - re-raised in the test thread below
            errors.append(err)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not errors, errors
    return results


def test_twenty_sessions_share_one_run_and_agree_with_serial_inference(monkeypatch):
    calls, lock = [], threading.Lock()

    def counted(*args, **kwargs):
        with lock:
            calls.append(args[3])
        return train_run(*args, **kwargs)

    monkeypatch.setattr(manager_mod, "train_run", counted)
    cfg = DEMO.config({"epochs": 1}, preset="tiny")
    manager = run_manager()
    manager.device = "cpu"
    inference._cache.clear()

    def visit(i: int):
        key = manager.request(DEMO, cfg)
        status = manager.wait(key, TIMEOUT)
        model = inference.load_finished(manager.store, key, DEMO, cfg)
        return key, status, DEMO.predict(model, _digit(i)[None], cfg)[0]

    start = time.perf_counter()
    results = _together(SESSIONS, visit)
    seconds = time.perf_counter() - start
    keys = {key for key, _, _ in results}
    assert len(keys) == 1 and calls == list(keys)  # one run, trained once
    assert {status for _, status, _ in results} == {"done"}
    model = inference.load_finished(manager.store, calls[0], DEMO, cfg)
    for i, (_, _, probs) in enumerate(results):
        serial = DEMO.predict(model, _digit(i)[None], cfg)[0]
        assert np.array_equal(np.asarray(probs), np.asarray(serial)), i
    assert run_manager() is manager  # still the one process-wide manager
    save_figures("load", {"sessions": SESSIONS, "trainings_for_20_identical_requests": len(calls),
                          "predictions_equal_to_serial": SESSIONS, "seconds_including_training": round(seconds, 1)})


def test_queue_holds_at_most_max_concurrent_trainings(tmp_path, monkeypatch):
    active, peak, trained, lock = [0], [0], [], threading.Lock()

    def stand_in(store, demo, cfg, key, **kwargs):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            trained.append(key)
        time.sleep(0.2)  # seconds of "training" so that the sessions overlap
        with lock:
            active[0] -= 1
        return {"status": "done"}

    monkeypatch.setattr(manager_mod, "train_run", stand_in)
    manager = manager_mod.RunManager(manager_mod.RunStore(tmp_path / "store"), str(tmp_path), device="cpu",
                                     max_concurrent=2)
    configs = [DEMO.config({"seed": seed}, preset="tiny") for seed in range(4)]
    keys = _together(SESSIONS, lambda i: manager.request(DEMO, configs[i % 4]))
    for key in set(keys):
        manager.wait(key, TIMEOUT)
    assert active[0] == 0 and peak[0] == 2 and sorted(trained) == sorted(set(keys)) and len(trained) == 4
    save_figures("load", {"queue_sessions": SESSIONS, "queue_distinct_runs": 4, "queue_max_concurrent": 2,
                          "queue_peak_trainings": peak[0]})


# --- memory bounds -----------------------------------------------------------------------------------
CACHES = ("cache_resource", "cache_data")


def unbounded_caches(tree: ast.Module) -> list[int]:
    """Lines of cache decorators without a size or time bound."""
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            keywords = {k.arg: k.value for k in call.keywords} if call else {}
            if name in CACHES and not ({"max_entries", "ttl"} & keywords.keys()):
                bad.append(decorator.lineno)
            elif name == "cache":
                bad.append(decorator.lineno)  # functools.cache never evicts
            elif name == "lru_cache" and isinstance(keywords.get("maxsize"), ast.Constant) \
                    and keywords["maxsize"].value is None:
                bad.append(decorator.lineno)
    return bad


HOSTILE = '''
import functools, streamlit as st
@st.cache_resource
def a(): ...
@st.cache_data(show_spinner=False)
def b(): ...
@st.cache_data(ttl=60)
def c(): ...
@st.cache_resource(max_entries=4)
def d(): ...
@functools.lru_cache(maxsize=None)
def e(): ...
@functools.lru_cache
def f(): ...
@functools.cache
def g(): ...
'''


def test_cache_scanner_flags_unbounded_caches():
    assert unbounded_caches(ast.parse(HOSTILE)) == [3, 5, 11, 15]


def test_every_cache_is_bounded():
    bad = {str(f): lines for f in source_files() if (lines := unbounded_caches(parse(f)))}
    assert not bad, f"caches without max_entries/ttl/maxsize: {bad}"


def test_finished_run_records_stay_at_their_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(manager_mod, "train_run", lambda *args, **kwargs: {"status": "done"})
    manager = manager_mod.RunManager(manager_mod.RunStore(tmp_path / "store"), str(tmp_path), device="cpu",
                                     max_concurrent=4)
    runs = 3 * manager_mod.MAX_FINISHED_KEPT
    for seed in range(runs):
        key = manager.request(DEMO, DEMO.config({"seed": seed}, preset="tiny"))
        manager.wait(key, TIMEOUT)
    assert len(manager._live) <= manager_mod.MAX_FINISHED_KEPT + 1

    save_figures("load", {"runs_requested_for_memory_check": runs, "live_records_kept": len(manager._live)})
