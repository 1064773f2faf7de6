"""AppTests of the linear and logistic regression pages: they render without exceptions, show the seed
comparison, train their default config as a background run and show results that agree with the finished
model; the linear regression page's CSV upload shows a clear error for bad files and fits a good one."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.inference import load_finished
from core.registry import get_demo
from core.ui.resources import run_manager

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    """The app's process-wide manager, rebuilt on an empty store for each test."""
    monkeypatch.setenv("DLDEMO_CHECKPOINTS", str(tmp_path / "checkpoints"))
    monkeypatch.setenv("DLDEMO_DATA_DIR", str(tmp_path / "data"))
    run_manager.clear()
    yield
    run_manager.clear()


def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _train(at: AppTest, timeout: float = 60) -> AppTest:
    """Click Train, then rerun the page until the finished run's Retrain button appears."""
    next(b for b in at.button if b.label == "Train").click().run()
    deadline = time.monotonic() + timeout
    while not any(b.label == "Retrain" for b in at.button):
        assert time.monotonic() < deadline, "training did not finish"
        assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
        time.sleep(0.3)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_linreg_page_trains_and_shows_the_fit():
    at = _open("pages/linreg.py")
    assert at.title[0].value == "Linear regression"
    assert "[1.000000, 1.000000]" in _text(at) and "[0.30, 1.40]" in _text(at)  # the seed box, computed live
    assert any(r"\theta = (X^\top X)^{-1}X^\top y" in x.value for x in at.latex)
    metrics = _metrics(_train(at))
    assert float(metrics["Test R²"]) > 0.7
    assert float(metrics["‖θ − θ*‖ / ‖θ*‖"]) < 1e-2  # 150 gradient steps from θ = 0 towards numpy's θ*


def test_logreg_page_trains_and_predicts_a_point():
    at = _open("pages/logreg.py")
    assert at.title[0].value == "Logistic regression"
    assert "gradient steps on the article's cost" in _text(at)
    at = _train(at)
    metrics = _metrics(at)
    assert float(metrics["Test accuracy"].rstrip("%")) > 85 and float(metrics["Test ROC AUC"]) > 0.9
    demo = get_demo("logreg")
    cfg = demo.config()
    model = load_finished(run_manager().store, run_manager().key_for(demo, cfg), demo, cfg)
    at.number_input(key="logreg-x1").set_value(1.5)
    at.number_input(key="logreg-x2").set_value(-0.4)
    at.run()
    p = float(demo.predict(model, np.array([[1.5, -0.4]]), cfg)[0])
    assert _metrics(at)["P(1)"] == f"{p:.1%}"
    assert f"Predicted class: **{int(p >= 0.5)}**" in _text(at)


@pytest.mark.parametrize("content, message", [
    (b"", "The file is empty."),
    (b"a,b\n1,\xff\n", "not UTF-8 text"),
    (b"x y\n1 2\n", "Only one column was found"),
])
def test_linreg_upload_rejects_a_bad_csv_clearly(content, message):
    at = _open("pages/linreg.py")
    at.radio(key="linreg-source").set_value("Upload a CSV").run()
    at.file_uploader(key="linreg-upload").set_value(("bad.csv", content, "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1 and message in at.error[0].value
    assert at.error[0].value.startswith("This file cannot be used:")


def test_linreg_upload_fits_a_good_csv():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=60), rng.normal(size=60)
    rows = "\n".join(f"{x:.6f},{z:.6f},city,{2 + 3 * x - z:.6f}" for x, z in zip(a, b, strict=True))
    at = _open("pages/linreg.py")
    at.radio(key="linreg-source").set_value("Upload a CSV").run()
    at.file_uploader(key="linreg-upload").set_value(("data.csv", f"a,b,c,y\n{rows}\n".encode(), "text/csv")).run()
    assert not at.exception and not at.error
    assert at.multiselect(key="linreg-features").value == ["a", "b"]
    at.selectbox(key="linreg-upload.solver").set_value("normal").run()
    assert float(_metrics(at)["Test R²"]) > 0.999999  # y = 2 + 3a − b exactly (6 decimals)
    at.selectbox(key="linreg-upload.solver").set_value("gd").run()
    next(b for b in at.button if b.label == "Fit").click().run()
    assert not at.exception and not at.error
    assert float(_metrics(at)["Test R²"]) > 0.99


def test_loss_surface_figure_animates_the_descent():
    import json

    import plotly.io as pio

    from core.ui import classic

    q, c, d = np.array([[1.0, 0.2], [0.2, 2.0]]), np.array([1.0, 2.0]), 3.0
    star = np.linalg.solve(q, c)
    path = [[0.0, 0.0], [0.3, 0.5], [0.5, 0.8], [0.6, 0.9]]
    fig = classic.loss_surface_figure(q, c, d, path, ("b", "w"))
    assert (fig.data[2].x[0], fig.data[2].y[0]) == pytest.approx(tuple(star))
    z = np.asarray(fig.data[0].z)
    assert z.min() >= 0 and z.min() < 0.1  # √(J − J*) is 0 at θ*, which lies inside the grid
    frames = json.loads(pio.to_json(fig))["frames"]
    # plain lists in the frames: numpy arrays (sent as typed arrays) made the contour vanish during playback
    assert [f["data"][0]["x"] for f in frames] == [[0.0], [0.0, 0.3], [0.0, 0.3, 0.5], [0.0, 0.3, 0.5, 0.6]]
    assert fig.layout.updatemenus[0].buttons[0].method == "animate"


def test_boundary_figure_draws_probabilities_and_points():
    from core.ui import classic

    points = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 1.0]])
    gx, gy, grid = classic.boundary_grid(points, size=20)
    assert grid.shape == (400, 2) and gx.min() < 0 and gy.max() > 2
    probs = 1 / (1 + np.exp(-(grid[:, 0] - 1)))
    fig = classic.boundary_figure(gx, gy, probs, points, np.array([0, 1, 1.0]), points[:1], np.array([0.0]),
                                  ["0", "1"], point=(1.0, 1.0))
    assert np.asarray(fig.data[0].z).shape == (20, 20) and fig.data[1].contours.start == 0.5
    assert fig.data[-1].name == "your point" and fig.data[-1].x == (1.0,)
