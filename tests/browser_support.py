"""Test artefacts of the reliability tests, and a real `streamlit run app.py` server for the browser tests.

- `ARTIFACTS` (tests/artifacts/, git-ignored) receives screenshots and `reliability.json`.
- `save_figures(section, figures)` merges one test's measured numbers into `reliability.json` under `section`
  (the README's Reliability section quotes them; nothing there is typed by hand).
- `StreamlitServer(env)` starts `python -m streamlit run app.py` headless on a free localhost port and waits
  for `/_stcore/health`; `stop()` ends that one process (never anything else).
- `chromium_path()` is Debian's Chromium if installed; Playwright must never download a browser.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
FIGURES = ARTIFACTS / "reliability.json"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def save_figures(section: str, figures: dict) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        everything = json.loads(FIGURES.read_text())
    except (OSError, ValueError):
        everything = {}
    everything[section] = {**everything.get(section, {}), **figures}
    temp = FIGURES.with_name(f".{FIGURES.name}.{os.getpid()}.tmp")  # other test runs may read it meanwhile
    temp.write_text(json.dumps(everything, indent=1, sort_keys=True) + "\n")
    os.replace(temp, FIGURES)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` in a child process, on its own port, with the given environment."""

    def __init__(self, env: dict, startup_seconds: float = 60.0):
        started = time.perf_counter()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (ARTIFACTS / "streamlit-server.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_healthy(startup_seconds)
        self.startup_seconds = time.perf_counter() - started  # until /_stcore/health answered

    def _wait_healthy(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy within {seconds:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
