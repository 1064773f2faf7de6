"""Presentation mode: a `?present=1` link (or the sidebar switch) hides the settings, keeps the page's run, and
survives reruns; turning it off brings the widgets back with the same settings. Every chart is drawn through
show_chart, where the mode enlarges it and makes it dark.

AppTest's element tree drops the entrypoint's sidebar widgets once a page draws into the sidebar (a real browser
shows both; tests/test_browser.py checks that), so the switch is driven through its session-state key here."""

from __future__ import annotations

from conftest import ROOT, install_run
from streamlit.testing.v1 import AppTest


def _cnn_page(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/cnn.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_presentation_link_hides_the_settings_and_opens_the_finished_run(tiny_run, isolated_store):
    run = tiny_run("cnn")
    install_run(run, isolated_store)
    at = _cnn_page({"present": "1"})
    assert at.session_state["present"] is True
    assert [s.key for s in at.slider if s.key.startswith("cnn.")] == []  # no settings widgets
    assert "Settings" not in [h.value for h in at.sidebar.header]
    assert "Retrain" not in [b.label for b in at.button]  # nothing that would start a long run mid-talk
    assert any(m.label == "Test accuracy" for m in at.metric)  # the finished run's results are on screen
    assert at.query_params["present"] == "1"


def test_switching_presentation_off_brings_back_the_same_settings(tiny_run, isolated_store):
    install_run(tiny_run("cnn"), isolated_store)
    at = _cnn_page({"present": "1", "epochs": "3"})
    at.session_state["present"] = False
    at.run()
    assert not at.exception, at.exception
    assert at.slider(key="cnn.epochs").value == 3
    assert "Settings" in [h.value for h in at.sidebar.header]


def test_every_chart_is_drawn_through_show_chart():
    """show_chart is where presentation mode enlarges a chart and makes it dark; a direct st.plotly_chart skips it."""
    sources = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "core").rglob("*.py")]
    direct = [f"{path.relative_to(ROOT)}:{number}" for path in sources if path.name != "presentation.py"
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
              if ".plotly_chart(" in line]
    assert not direct, direct
