"""Tests for the command line (`python -m core`): list, train, predict and bench.

Most commands run in-process through `core.cli.main([...])` with stdout/stderr captured; one test runs the
real `python -m core train cnn --tiny` twice in a subprocess (trained, then cached). Oracles: the config
field specs for `list`, the manager's run key for `train`, the demo's own `predict_bytes` on the same
model for `predict`, and the documented exit codes (2 for bad input, 1 when a file cannot be predicted).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, png_bytes

from core import cli
from core.cli import main
from core.config import describe_range, field_specs
from core.datasets import DatasetUnavailable
from core.inference import load_finished
from core.manager import RunManager
from core.registry import DEMOS
from core.store import RunStore

CNN_FIELDS = [spec["name"] for spec in field_specs(DEMOS["cnn"].config_cls)]


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# --- list --------------------------------------------------------------------------------------------
def _sections(out: str) -> dict[str, list[str]]:
    """`list` output split into each demo's block (its header line starts at column 0)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in out.splitlines():
        if line and not line.startswith(" "):
            current = sections.setdefault(line.split(":")[0], [line])
        elif current is not None:
            current.append(line)
    return sections


def test_list_shows_every_demo_and_field_with_its_range(capsys):
    assert main(["list"]) == 0
    sections = _sections(capsys.readouterr().out)
    assert list(sections) == list(DEMOS)
    for demo in DEMOS.values():
        header, *rest = sections[demo.name]
        assert header == f"{demo.name}: {demo.title} - {demo.summary}"
        assert rest[0] == f"  presets: {', '.join(demo.presets)}"
        for spec in field_specs(demo.config_cls):
            row = [line for line in rest if line.split()[:1] == [spec["name"]]]
            assert len(row) == 1, spec["name"]
            assert describe_range(spec) in row[0] and f"default {spec['default']}" in row[0]
    cnn = sections["cnn"]
    assert "1 to 60" in next(line for line in cnn if line.split()[:1] == ["epochs"])
    assert "one of: digits, mnist-10k, mnist" in next(line for line in cnn if line.split()[:1] == ["dataset"])


# --- train: bad settings -----------------------------------------------------------------------------
@pytest.mark.parametrize(("setting", "expected"), [
    ("epochs=0", ["epochs", "1 to 60"]),
    ("epochs=61", ["epochs", "1 to 60"]),
    ("nosuch=1", ["Unknown setting 'nosuch'", *CNN_FIELDS]),
    ("dataset=../../etc", ["dataset", "digits, mnist-10k, mnist"]),
    ("epochs", ["FIELD=VALUE"]),
])
def test_train_rejects_bad_settings(setting, expected, capsys, isolated_store):
    assert main(["train", "cnn", "--tiny", "--set", setting]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")
    for text in expected:
        assert text in captured.err
    assert not isolated_store.exists()  # nothing was created for a rejected config


def test_train_twice_in_a_subprocess_is_cached_the_second_time(isolated_store):
    env = {**os.environ, "DLDEMO_CHECKPOINTS": str(isolated_store), "PYTHONPATH": str(ROOT)}
    results = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "core", "train", "cnn", "--tiny"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr
        result = json.loads(_lines(proc.stdout)[-1])
        assert {"demo", "run", "status", "seconds"} <= result.keys()
        results.append(result)
    trained, cached = results
    demo = DEMOS["cnn"]
    key = RunManager(RunStore(isolated_store), os.environ["DLDEMO_DATA_DIR"]).key_for(demo, demo.config(preset="tiny"))
    assert trained["demo"] == cached["demo"] == "cnn"
    assert trained["run"] == cached["run"] == key
    assert trained["status"] == "trained" and cached["status"] == "cached"
    assert cached["seconds"] == 0.0 and trained["seconds"] > 0
    assert cached["test_acc"] == trained["test_acc"] == RunStore(isolated_store).read_meta(key)["final"]["test_acc"]
    assert RunStore(isolated_store).keys() == [key]


# --- predict -----------------------------------------------------------------------------------------
@pytest.fixture
def digit_png(tmp_path):
    path = tmp_path / "one.png"
    path.write_bytes(png_bytes("one"))
    return path


def test_predict_without_a_finished_run(digit_png, capsys):
    assert main(["predict", "cnn", "--tiny", str(digit_png)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no finished cnn run" in captured.err and "Train it first" in captured.err


def test_predict_a_png_after_training(installed_tiny, digit_png, capsys):
    assert main(["predict", "cnn", "--tiny", str(digit_png)]) == 0
    lines = _lines(capsys.readouterr().out)
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["file"] == str(digit_png)
    top = result["top"]
    assert len(top) == 3 and result["label"] == top[0][0]
    probs = [p for _, p in top]
    assert probs == sorted(probs, reverse=True) and all(0 <= p <= 1 for p in probs)
    assert sum(probs) <= 1 + 1.5e-4  # each is rounded to 4 decimals
    assert len({label for label, _ in top}) == 3
    run = installed_tiny
    model = load_finished(run.store, run.key, run.demo, run.cfg)
    assert {k: v for k, v in result.items() if k != "file"} == \
        json.loads(json.dumps(run.demo.predict_bytes(model, digit_png.read_bytes(), run.cfg)))


def test_predict_reports_unusable_files_and_exits_1(installed_tiny, digit_png, tmp_path, capsys):
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"not an image")
    missing = tmp_path / "missing.png"
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", "cnn", "--tiny", str(digit_png), str(bad), str(missing)])
    assert exit_info.value.code == 1
    good, not_image, absent = (json.loads(line) for line in _lines(capsys.readouterr().out))
    assert good["file"] == str(digit_png) and "label" in good and "error" not in good
    assert not_image["file"] == str(bad) and "not a recognised image" in not_image["error"]
    assert absent["file"] == str(missing) and absent["error"] == "No such file or directory"


# --- bench -------------------------------------------------------------------------------------------
def test_bench_unknown_demo_is_rejected(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "nosuch"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'nosuch'" in capsys.readouterr().err


def test_bench_without_its_dataset_names_the_alternative(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["bench", "cnn", "--data-dir", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "mnist-10k needs" in err and "'digits'" in err


# --- prewarm -----------------------------------------------------------------------------------------
def test_prewarm_trains_then_finds_everything_cached(isolated_store, tmp_path, capsys):
    empty = tmp_path / "no-data"
    empty.mkdir()
    args = ["prewarm", "cnn", "linreg", "--tiny", "--data-dir", str(empty)]
    assert main(args) == 0
    first = [json.loads(line) for line in _lines(capsys.readouterr().out)]
    assert [r.get("demo") for r in first[:2]] == ["cnn", "linreg"]
    assert first[-1]["prewarm"] == {"cnn": "trained", "linreg": "trained"} and first[-1]["failed"] == []
    store = RunStore(isolated_store)
    assert sorted(store.read_config(key)["demo"] for key in store.keys()) == ["cnn", "linreg"]
    assert main(args) == 0
    assert json.loads(_lines(capsys.readouterr().out)[-1])["prewarm"] == {"cnn": "cached", "linreg": "cached"}


def test_prewarm_skips_a_demo_without_its_data_and_rejects_unknown_names(monkeypatch, capsys):
    def offline(demo, *args, **kwargs):
        raise DatasetUnavailable(f"{demo.name}: offline (test)")

    monkeypatch.setattr(cli, "train_once", offline)
    assert main(["prewarm", "vae", "--tiny"]) == 0
    lines = [json.loads(line) for line in _lines(capsys.readouterr().out)]
    assert lines[0] == {"demo": "vae", "status": "skipped", "reason": "vae: offline (test)"}
    assert lines[-1]["prewarm"] == {"vae": "skipped"}
    assert main(["prewarm", "nosuch"]) == 2
    assert "Unknown demo(s): nosuch" in capsys.readouterr().err


def test_bench_trains_the_companion_settings_and_counts_their_time(monkeypatch, capsys):
    demo = DEMOS["linreg"]
    bench = dataclasses.replace(demo.bench, also=({"epochs": 5},), max_train_seconds=4.0)
    monkeypatch.setitem(DEMOS, "linreg", dataclasses.replace(demo, bench=bench))
    calls = []

    def fake_train(demo, cfg, *args, **kwargs):
        calls.append(cfg)
        seconds = 1.5 if len(calls) == 1 else 2.25
        return {"demo": demo.name, "run": "x", "status": "trained", "seconds": seconds, "device": "cpu",
                "train_seconds": seconds, bench.metric: 1e-9 * len(calls)}

    monkeypatch.setattr(cli, "train_once", fake_train)
    assert main(["bench", "linreg"]) == 0
    result = json.loads(_lines(capsys.readouterr().out)[-1])
    assert [cfg.epochs for cfg in calls] == [demo.config(preset=bench.preset).epochs, 5]
    assert result["train_seconds"] == 3.75 and result["met"] is True
    assert result["value"] == 1e-9  # the headline stays the main recipe's
    assert result["also"] == [{"overrides": {"epochs": 5}, "final": {"train_seconds": 2.25, bench.metric: 2e-9}}]
