"""Reinforcement learning: pick a task and an algorithm, train in the background, watch the episode returns climb
past the random policy's, and play an episode of the latest policy beside a random one."""

import streamlit as st

from core.registry import get_demo
from core.rl_envs import TASKS
from core.ui.config_form import settings_and_key
from core.ui.i18n import t
from core.ui.resources import run_manager
from core.ui.rl_views import episode_player, random_return, returns_chart
from core.ui.run_panel import run_panel
from core.ui.shell import ensure_shell

ensure_shell("rl")

demo = get_demo("rl")
manager = run_manager()
st.title(t("Reinforcement learning"))
st.write(t("An agent learns by trial and error: it acts, the environment answers with a reward, and the agent "
           "shifts towards actions that led to more reward. Choose a task and PPO or DQN in the sidebar, press "
           "Train below, and watch the return of each episode climb."))

cfg, key = settings_and_key(demo, manager)
goal = {"CartPole-v1": t("Keep the pole upright by pushing the cart left or right: +1 per step, at most 500."),
        "Acrobot-v1": t("Swing the free end of a two-link pendulum above the line by torquing the middle joint: −1 "
                        "per step until it gets there, at most 500 steps.")}[cfg.env]
st.info(goal + " " + t("A random policy scores {random:g} on average; {solved:g} counts as solved.",
                       random=random_return(cfg.env), solved=TASKS[cfg.env].solved_at))

with st.expander(t("How PPO and DQN learn")):
    st.markdown(t("**PPO** (proximal policy optimisation) runs its current stochastic policy for a rollout, scores "
                  "each action by how much better it turned out than the critic expected (the advantage), then "
                  "takes a few gradient steps that make good actions likelier, clipped so the policy changes only "
                  "a little per rollout."))
    st.markdown(t("**DQN** (deep Q-learning) learns Q(s, a), the return expected after action a in state s, from "
                  "a replay buffer of past steps, towards r + γ·max Q_target(s′, ·); it acts greedily on Q except "
                  "for a share ε of random actions that shrinks during training."))

snap = run_panel(demo, cfg, key, manager)

st.header(t("Episode returns"))
returns_chart(manager, key, cfg)

st.header(t("Play an episode"))
st.caption(t("The episode is simulated now and drawn from the environment's state vector; press ▶ Play."))
episode_player(demo, cfg, key, manager, snap["status"])
