"""AppTests of the reinforcement-learning page: before any run it shows the random policy's episode and a Train
button; on a finished run (the session's tiny run, installed in the test's store, which the page opens on) it
shows the return chart and both episodes, whose returns match episodes replayed here with the same seed."""

from __future__ import annotations

from conftest import ROOT, install_run
from streamlit.testing.v1 import AppTest

from core.rl import greedy_policy
from core.rl_envs import play_episode, random_policy


def _open() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/rl.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _returns(at: AppTest) -> list[float]:
    return [float(m.value) for m in at.metric if m.label == "Return"]


def test_page_without_a_run_offers_training_and_plays_the_random_policy():
    at = _open()
    assert at.title[0].value == "Reinforcement learning"
    assert any(b.label == "Train" for b in at.button)
    assert any("after the first epoch" in i.value for i in at.info)
    cfg_env = at.selectbox(key="rl.env").value
    expected = play_episode(cfg_env, random_policy(cfg_env, 0), 0).total
    assert _returns(at) == [expected]
    assert len(at.get("plotly_chart")) == 1  # the random episode; no return curve before training


def test_page_on_a_finished_run_shows_returns_and_both_episodes(tiny_run, isolated_store):
    run = tiny_run("rl")
    install_run(run, isolated_store)
    at = _open()
    assert at.selectbox(key="rl.env").value == run.cfg.env  # opened on the finished run's settings
    assert any(b.label == "Retrain" for b in at.button)
    model = run.demo.build_model(run.cfg)
    model.load_state_dict(run.store.load_weights(run.key))
    model.eval()

    def expected(seed: int) -> list[float]:
        return [play_episode(run.cfg.env, greedy_policy(model, run.cfg), seed).total,
                play_episode(run.cfg.env, random_policy(run.cfg.env, seed), seed).total]

    assert _returns(at) == expected(0)
    assert len(at.get("plotly_chart")) == 4  # loss curves, returns, two episodes
    at.number_input(key="rl.episode_seed").set_value(5).run()
    assert not at.exception
    assert _returns(at) == expected(5)
