"""The reinforcement-learning page's pieces: the live episode-return chart and the episode player.

- `returns_chart(manager, key, cfg)` draws core.rl_plots.returns_figure from the run's metrics, redrawn every
  second while the run is queued or training (core.ui.classic.live), with the random policy's mean as a line.
- `episode_player(demo, cfg, key, manager)` plays one seeded episode of the latest committed policy (also
  while training) beside one of the random policy from the same start state, as Plotly animations.
"""

from __future__ import annotations

import streamlit as st

from core.rl import greedy_policy
from core.rl_envs import play_episode, random_baseline, random_policy
from core.rl_plots import episode_animation, returns_figure
from core.ui.classic import latest_model, live
from core.ui.i18n import current_language, t
from core.ui.presentation import show_chart


@st.cache_resource(max_entries=8, show_spinner=False)
def random_return(env_id: str) -> float:
    """The random policy's mean return over the seeded baseline episodes, once per task per process."""
    return random_baseline(env_id)


def returns_chart(manager, key: str, cfg) -> None:
    reference = random_return(cfg.env)

    def draw() -> None:
        metrics = manager.snapshot(key)["metrics"]
        if not any(r.get("kind") == "episodes" for r in metrics):
            st.caption(t("The return of every finished training episode appears here while the agent trains."))
            return
        show_chart(returns_figure(metrics, cfg.env, reference, current_language()), key=f"rl-returns-{key}")

    live(key, draw)


def _show_episode(cfg, act, seed: int, title: str, chart_key: str) -> None:
    episode = play_episode(cfg.env, act, seed)
    st.metric(t("Return"), f"{episode.total:g}", help=t("Sum of the rewards of this episode ({steps} steps).",
                                                         steps=len(episode.actions)))
    show_chart(episode_animation(cfg.env, episode, title, lang=current_language()), key=chart_key)


def episode_player(demo, cfg, key: str, manager, status: str) -> None:
    seed = st.number_input(t("Episode seed"), min_value=0, max_value=1_000_000, value=0, step=1, key="rl.episode_seed",
                           help=t("Sets the episode's start state; both policies start from the same one."))
    st.button(t("Play the latest policy"), key="rl.replay",
              help=t("While the agent trains, each press plays the policy saved at the end of the latest epoch."))
    model = latest_model(manager.store, demo, cfg, key) if status != "missing" else None
    left, right = st.columns(2)
    with left:
        st.subheader(t("Trained policy (greedy)"))
        if model is None:
            st.info(t("The trained policy appears here after the first epoch; press Train above."))
        else:
            epoch = (manager.store.read_train_state(key) or {}).get("epoch", 0)
            _show_episode(cfg, greedy_policy(model, cfg), int(seed), t("After epoch {epoch}", epoch=epoch),
                          "rl-episode-policy")
    with right:
        st.subheader(t("Random policy"))
        _show_episode(cfg, random_policy(cfg.env, int(seed)), int(seed), t("Uniformly random actions"),
                      "rl-episode-random")
