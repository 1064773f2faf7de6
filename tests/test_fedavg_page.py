"""AppTests of the federated-learning page: the split summary against core.fed_partition, the comparison runs it
offers, a finished run's round table and prediction against the run's own records and the demo's predict,
the privacy section, and one clear error for noise without clipping."""

from __future__ import annotations

import pytest
from conftest import ROOT, install_run, png_bytes
from streamlit.testing.v1 import AppTest

from core import fedavg
from core.fed_partition import iid_partition
from core.imaging import image_to_mnist
from core.inference import load_finished


def _page(widgets: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/fedavg.py")
    at.run()
    for key, value in widgets.items():
        widget = next(w for kind in (at.slider, at.number_input, at.selectbox, at.toggle) for w in kind if w.key == key)
        widget.set_value(value)
    at.run()
    assert not at.exception, at.exception
    return at


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


def test_split_summary_and_comparison_buttons_before_training():
    at = _page({})
    assert at.selectbox(key="fedavg.dataset").value == "digits"  # no MNIST in the test's data folder
    sizes = [len(p) for p in iid_partition(1437, 10, seed=0)]
    assert (min(sizes), max(sizes)) == (143, 144)  # 1,437 = 7 x 144 + 3 x 143
    summary = "10 clients hold 143 to 144 examples each; 5 of them train in each round."
    assert any(c.value.startswith(summary) for c in at.caption)
    # This run is the IID one, so the page offers the other two comparisons.
    assert {"Train: centralised", "Train: federated, non-IID"} <= set(_buttons(at))
    assert "Train: federated, IID" not in _buttons(at)
    assert not at.error


def test_centralised_mode_hides_the_clients():
    at = _page({"fedavg.mode": "centralised"})
    assert any("no clients to show" in c.value for c in at.caption)
    unused = "Not used with these settings: width, clients, partition"
    assert any(c.value.startswith(unused) for c in at.sidebar.caption)


def test_noise_without_clipping_is_named_as_unused():
    at = _page({"fedavg.noise_multiplier": 0.5})
    assert not at.error
    assert any("noise multiplier" in c.value for c in at.sidebar.caption if c.value.startswith("Not used"))


def test_privacy_section_states_the_noise_scale():
    at = _page({"fedavg.clip_norm": 0.5, "fedavg.noise_multiplier": 0.2})
    expected = ("Each update is clipped to L2 norm 0.5; the average of 5 updates gets Gaussian noise with standard "
                "deviation 0.02 per weight.")  # 0.2 x 0.5 / 5
    assert any(m.value.startswith(expected) for m in at.markdown)
    assert "Train: without clipping or noise" in _buttons(at)


@pytest.fixture
def installed_fedavg(tiny_run, isolated_store):
    run = tiny_run("fedavg")
    install_run(run, isolated_store)
    return run


def test_finished_run_is_tabled_and_predicts_like_the_demo(installed_fedavg):
    run = installed_fedavg
    at = _page({f"fedavg.{name}": value for name, value in fedavg.DEMO.presets["tiny"].items()})
    table = at.dataframe[0].value
    mine = table[table["run"] == "this run"].iloc[0]
    assert mine["test accuracy"] == f"{run.meta['final']['test_acc']:.2%}"
    assert mine["rounds done"] == run.cfg.epochs
    at.file_uploader(key="fedavg-upload").upload("one.png", png_bytes("one"), "image/png").run()
    assert not at.exception and not at.error
    model = load_finished(run.store, run.key, run.demo, run.cfg)
    probs = run.demo.predict(model, image_to_mnist(png_bytes("one"))[None], run.cfg)[0]
    best = int(probs.argmax())
    expected = f"### Prediction: **{best}** ({probs[best]:.1%})"
    assert [m.value for m in at.markdown if "Prediction:" in m.value] == [expected]
