"""Peak memory of the app server while a visitor trains the default CNN (the Community Cloud budget check).

Usage:
    python tools/measure_rss.py [--query "dataset=mnist-10k"] [--data-dir ../shared/data] [--timeout 600]

Starts `streamlit run app.py` on a free port with a fresh, empty run store, opens the CNN page in the system
Chromium (never a downloaded browser), clicks Train, and samples the server's resident memory every 0.25 s
until the run's meta.json says it finished. Prints one JSON line: idle RSS after the page loaded, peak RSS
(the kernel's high-water mark, VmHWM, so no spike between samples is missed), and the run's training time.
Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tools.screenshot import CHROMIUM_ARGS  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak so far) of a process, in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def _wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not become healthy")


def _finished_run(store: Path) -> dict | None:
    for meta in store.glob("*/meta.json"):
        record = json.loads(meta.read_text())
        if record.get("status") in ("done", "failed"):
            return record
    return None


def measure(query: str, data_dir: str | None, timeout: float) -> dict:
    port, store = _free_port(), Path(tempfile.mkdtemp(prefix="rss-store-"))
    env = {**os.environ, "DLDEMO_CHECKPOINTS": str(store)}
    if data_dir:
        env["DLDEMO_DATA_DIR"] = str(Path(data_dir).resolve())
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_healthy(port)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
            page.wait_for_timeout(3000)
            page.goto(f"http://127.0.0.1:{port}/cnn" + (f"?{query}" if query else ""), wait_until="domcontentloaded")
            page.get_by_role("button", name="Train", exact=True).click(timeout=60_000)
            idle = _memory_mb(server.pid)["VmRSS"]
            deadline, record = time.monotonic() + timeout, None
            while record is None and time.monotonic() < deadline:
                time.sleep(0.25)
                record = _finished_run(store)
            browser.close()
        memory = _memory_mb(server.pid)
        if record is None:
            raise RuntimeError(f"the run did not finish within {timeout:.0f} s")
        return {"query": query or "(defaults)", "status": record["status"], "idle_rss_mb": round(idle),
                "peak_rss_mb": round(memory["VmHWM"]), "final_rss_mb": round(memory["VmRSS"]),
                "train_seconds": round(record.get("train_seconds", 0), 1),
                "test_acc": (record.get("final") or {}).get("test_acc")}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--query", default="", help="settings for the CNN page as a query string")
    parser.add_argument("--data-dir", help="datasets folder for the server (DLDEMO_DATA_DIR)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the run")
    args = parser.parse_args()
    print(json.dumps(measure(args.query, args.data_dir, args.timeout)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
