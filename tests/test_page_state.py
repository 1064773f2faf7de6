"""Shareable links and the run a page opens on (core/page_state.py), headless and through the app:
a config written to query parameters and read back is the same config (so the same run key); bad values are
dropped one by one, named, and the rest still apply (the app-wide `lang` and `present` too); a page opens on its
finished run."""

from __future__ import annotations

import pytest
from conftest import ROOT, install_run
from streamlit.testing.v1 import AppTest

from core.config import config_to_dict
from core.page_state import bad_app_params, opening_settings, query_from_config, settings_from_query
from core.registry import DEMOS
from core.store import RunStore

CNN = DEMOS["cnn"]


@pytest.mark.parametrize("demo_name", sorted(DEMOS))
def test_every_demo_round_trips_through_the_query_string(demo_name):
    demo = DEMOS[demo_name]
    preset_cfg = demo.config(preset="tiny")
    query = query_from_config(preset_cfg)
    assert all(isinstance(value, str) for value in query.values())
    values, ignored = settings_from_query(demo.config_cls, query)
    assert ignored == []
    assert demo.config(values) == preset_cfg


def test_only_changed_fields_and_the_seed_are_written():
    assert query_from_config(CNN.config()) == {"seed": "0"}
    assert query_from_config(CNN.config({"epochs": 3, "augment": False})) == {"epochs": "3", "augment": "false",
                                                                             "seed": "0"}
    assert "dataset" not in query_from_config(CNN.config({"dataset": "mnist"}), hidden=("dataset",))


@pytest.mark.parametrize("params, expected, ignored", [
    ({"epochs": "3", "lr": "banana"}, {"epochs": 3}, ["lr"]),
    ({"epochs": "999"}, {}, ["epochs"]),                              # out of range (1..60)
    ({"width": "12.5"}, {}, ["width"]),                               # not an integer
    ({"arch": "transformer", "augment": "no"}, {"augment": False}, ["arch"]),
    ({"lr": "nan", "seed": "7"}, {"seed": 7}, ["lr"]),
    ({"../../etc/passwd": "1", "dropout": "0.5"}, {"dropout": 0.5}, ["../../etc/passwd"]),
])
def test_bad_link_values_are_dropped_and_named(params, expected, ignored):
    assert settings_from_query(CNN.config_cls, params) == (expected, ignored)


def test_hidden_fields_never_come_from_a_link():
    assert settings_from_query(CNN.config_cls, {"dataset": "mnist"}, hidden=("dataset",)) == ({}, ["dataset"])


def test_a_page_opens_on_the_default_run_else_the_latest_finished(tiny_run, tmp_path):
    store = RunStore(tmp_path / "empty")
    assert opening_settings(store, CNN) is None
    run = tiny_run("cnn")
    store = install_run(run, tmp_path / "store")
    assert opening_settings(store, CNN) == config_to_dict(run.cfg)
    assert opening_settings(store, DEMOS["vae"]) is None           # another demo's run is not a candidate
    assert opening_settings(store, CNN, {"dataset": "mnist"}) is None  # a hidden value that differs


def _app(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/cnn.py")
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_link_sets_the_widgets_and_the_page_writes_its_settings_back():
    at = _app({"epochs": "3", "width": "8", "seed": "5"})
    assert at.slider(key="cnn.epochs").value == 3
    assert at.number_input(key="cnn.seed").value == 5
    assert not at.warning
    at.slider(key="cnn.epochs").set_value(4).run()
    assert at.query_params["epochs"] == "4" and at.query_params["width"] == "8"


def test_a_bad_link_shows_one_note_and_keeps_the_good_values():
    at = _app({"epochs": "500", "width": "8"})
    assert at.slider(key="cnn.width").value == 8
    assert at.slider(key="cnn.epochs").value == CNN.config().epochs
    assert [w.value for w in at.warning] == [
        "These link settings were not valid and the defaults were used instead: epochs."]


def test_bad_app_wide_values_are_named():
    assert bad_app_params({"lang": "zh", "present": "1", "epochs": "500"}) == []  # settings are not checked here
    assert bad_app_params({"lang": "klingon", "present": "maybe"}) == ["lang", "present"]
    assert bad_app_params({"present": "0"}) == []


def test_a_bad_language_or_presentation_value_gets_the_same_note():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"], at.query_params["present"] = "klingon", "maybe"
    at.run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [
        "These link settings were not valid and the defaults were used instead: lang, present."]
    assert at.session_state["lang"] == "en" and at.session_state["present"] is False
    assert "lang" not in at.query_params and "present" not in at.query_params  # dropped: the note shows once
    at.run()
    assert not at.warning


def test_the_cnn_page_opens_on_its_finished_run(tiny_run, isolated_store):
    run = tiny_run("cnn")
    install_run(run, isolated_store)
    at = _app({})
    assert at.slider(key="cnn.epochs").value == run.cfg.epochs
    assert at.slider(key="cnn.width").value == run.cfg.width
    assert any(b.label == "Retrain" for b in at.button)  # the finished run is on screen, not a Train button
