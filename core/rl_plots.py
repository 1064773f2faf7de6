"""Plotly figures of the reinforcement-learning demo (no Streamlit, testable headless).

- `episode_animation(env_id, episode)`: the episode drawn from its state vectors alone (no renderer or
  display): CartPole's cart and pole, Acrobot's two links and goal line, with Play/Pause and a step slider.
  Frames are subsampled to at most `max_frames`, their duration scaled so the clip plays at about real time.
- `returns_figure(metrics)`: each training episode's return, its 20-episode running mean, the greedy
  evaluation after each epoch, the random policy's mean and the "solved" level, against episodes.
- `episode_returns(metrics)` reads the episode records, dropping those of an epoch a stop discarded.
The figures take the interface language `lang` ("en", "zh") for their labels.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.i18n import translator
from core.plots import COLOURS, UIREVISION
from core.rl_envs import TASKS, Episode

CART_HALF_WIDTH, CART_HEIGHT = 0.25, 0.15   # drawing sizes, in CartPole's metres
POLE_LENGTH = 1.0                           # CartPole-v1's pole: half-length 0.5 m
TRACK_LIMIT = 2.4                           # the episode ends when the cart passes ±2.4 m
SECONDS_PER_STEP = {"CartPole-v1": 0.02, "Acrobot-v1": 0.2}  # the tasks' integration time steps
WINDOW = 20                                  # episodes in the running mean (the benchmark's window)


# --- drawing one state --------------------------------------------------------------------------------------
def cartpole_traces(state: np.ndarray) -> list[dict]:
    """Cart outline and pole (a line from the pivot, tilted by θ from vertical, positive to the right)."""
    x, theta = float(state[0]), float(state[2])
    cart_x = [x - CART_HALF_WIDTH, x + CART_HALF_WIDTH, x + CART_HALF_WIDTH, x - CART_HALF_WIDTH, x - CART_HALF_WIDTH]
    cart_y = [0.0, 0.0, CART_HEIGHT, CART_HEIGHT, 0.0]
    tip = (x + POLE_LENGTH * np.sin(theta), CART_HEIGHT + POLE_LENGTH * np.cos(theta))
    return [{"x": cart_x, "y": cart_y}, {"x": [x, float(tip[0])], "y": [CART_HEIGHT, float(tip[1])]}]


def acrobot_points(state: np.ndarray) -> tuple[list[float], list[float]]:
    """Pivot, middle joint and free end of Acrobot (links 1 m; θ1 = 0 hangs down) from its observation
    [cos θ1, sin θ1, cos θ2, sin θ2, θ1', θ2']."""
    theta1 = np.arctan2(state[1], state[0])
    theta2 = np.arctan2(state[3], state[2])
    joint = (np.sin(theta1), -np.cos(theta1))
    end = (joint[0] + np.sin(theta1 + theta2), joint[1] - np.cos(theta1 + theta2))
    return [0.0, float(joint[0]), float(end[0])], [0.0, float(joint[1]), float(end[1])]


def acrobot_traces(state: np.ndarray) -> list[dict]:
    xs, ys = acrobot_points(state)
    return [{"x": xs, "y": ys}, {"x": xs[1:], "y": ys[1:]}]


def state_traces(env_id: str, state: np.ndarray) -> list[dict]:
    return cartpole_traces(state) if env_id == "CartPole-v1" else acrobot_traces(state)


def _static_scene(fig: go.Figure, env_id: str, t) -> None:
    if env_id == "CartPole-v1":
        fig.add_scatter(x=[-TRACK_LIMIT, TRACK_LIMIT], y=[0, 0], mode="lines", name=t("track (ends at ±2.4 m)"),
                        line={"color": "grey", "width": 2}, hoverinfo="skip")
        fig.update_xaxes(range=[-TRACK_LIMIT - 0.3, TRACK_LIMIT + 0.3])
        fig.update_yaxes(range=[-0.3, 1.4])
    else:
        fig.add_scatter(x=[-2.2, 2.2], y=[1, 1], mode="lines", name=t("goal: free end above this line"),
                        line={"color": "green", "dash": "dash"}, hoverinfo="skip")
        fig.update_xaxes(range=[-2.3, 2.3])
        fig.update_yaxes(range=[-2.3, 2.3])


def _moving_traces(fig: go.Figure, env_id: str, state: np.ndarray, t) -> None:
    first, second = state_traces(env_id, state)
    if env_id == "CartPole-v1":
        fig.add_scatter(**first, mode="lines", fill="toself", name=t("cart"), line={"color": "#1f77b4"})
        fig.add_scatter(**second, mode="lines", name=t("pole"), line={"color": "#ff7f0e", "width": 8})
    else:
        fig.add_scatter(**first, mode="lines+markers", name=t("links"), line={"color": "#1f77b4", "width": 8},
                        marker={"size": 12, "color": "black"})
        fig.add_scatter(**second, mode="markers", name=t("joint and free end"), marker={"size": 14, "color": "#ff7f0e"})


# --- an episode as an animation ------------------------------------------------------------------------------------
def frame_steps(n_states: int, max_frames: int) -> np.ndarray:
    """Indices of the states shown: evenly spread, always the first and the last."""
    return np.unique(np.linspace(0, n_states - 1, min(n_states, max_frames)).round().astype(int))


def episode_animation(env_id: str, episode: Episode, title: str, max_frames: int = 200,
                      lang: str = "en") -> go.Figure:
    t = translator(lang)
    task = TASKS[env_id]
    steps = frame_steps(len(episode.states), max_frames)
    cumulative = np.r_[0.0, np.cumsum(episode.rewards)]
    fig = go.Figure()
    _static_scene(fig, env_id, t)
    _moving_traces(fig, env_id, episode.states[0], t)
    moving = [len(fig.data) - 2, len(fig.data) - 1]

    def caption(k: int) -> str:
        action = t(task.action_names[episode.actions[k - 1]]) if k else t("start")
        return t("step {step} of {total} · return so far {total_return} · last action: {action}", step=k,
                 total=len(episode.actions), total_return=f"{cumulative[k]:g}", action=action)

    fig.frames = [go.Frame(data=[go.Scatter(**trace) for trace in state_traces(env_id, episode.states[k])],
                           traces=moving, name=str(k),
                           layout={"title": {"text": f"{title}<br><sub>{caption(k)}</sub>"}}) for k in steps]
    frame_ms = 1000 * SECONDS_PER_STEP[env_id] * len(episode.states) / len(steps)
    play = {"frame": {"duration": frame_ms, "redraw": True}, "transition": {"duration": 0}, "fromcurrent": True}
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
    fig.update_layout(
        title={"text": f"{title}<br><sub>{caption(0)}</sub>"}, height=480, uirevision=UIREVISION, showlegend=True,
        margin={"t": 70, "b": 90, "l": 10, "r": 10}, legend={"orientation": "h", "y": -0.28, "yanchor": "top"},
        xaxis={"showticklabels": False, "zeroline": False, "showgrid": False},
        yaxis={"showticklabels": False, "zeroline": False, "showgrid": False, "scaleanchor": "x"},
        updatemenus=[{"type": "buttons", "direction": "left", "x": 0.0, "y": 0.0, "xanchor": "left", "yanchor": "top",
                      "pad": {"t": 40}, "buttons": [
                          {"label": t("▶ Play"), "method": "animate", "args": [None, play]},
                          {"label": t("❚❚ Pause"), "method": "animate", "args": [[None], pause]}]}],
        # Tick labels hidden (hundreds of steps would overlap); the current step is shown above the slider.
        sliders=[{"steps": [{"label": str(k), "method": "animate", "args": [[str(k)], pause]} for k in steps],
                  "x": 0.3, "len": 0.7, "y": 0.0, "yanchor": "top", "ticklen": 0, "minorticklen": 0,
                  "font": {"color": "rgba(0,0,0,0)"},
                  "currentvalue": {"prefix": t("step") + " ", "font": {"color": "#444"}}}],
    )
    return fig


# --- returns over training ---------------------------------------------------------------------------------------
def episode_returns(metrics: list[dict]) -> list[float]:
    """Training episodes' returns in order. Episodes logged in an epoch that a stop discarded (records after
    which a {"kind": "resume", "epoch": e} restarts from epoch e) are dropped, as the engine drops its steps."""
    logged: list[tuple[int, list[float]]] = []
    for record in metrics:
        if record.get("kind") == "episodes":
            logged.append((record["epoch"], record["returns"]))
        elif record.get("kind") == "resume":
            logged = [(epoch, returns) for epoch, returns in logged if epoch <= record["epoch"]]
    return [value for _, returns in logged for value in returns]


def running_mean(values: list[float], window: int = WINDOW) -> np.ndarray:
    """Mean of the last `window` values at each position (fewer at the start)."""
    sums = np.cumsum(np.r_[0.0, values])
    ends = np.arange(1, len(values) + 1)
    starts = np.maximum(ends - window, 0)
    return (sums[ends] - sums[starts]) / (ends - starts)


def returns_figure(metrics: list[dict], env_id: str, random_return: float | None = None,
                   lang: str = "en") -> go.Figure:
    t = translator(lang)
    returns = episode_returns(metrics)
    episodes = np.arange(1, len(returns) + 1)
    fig = go.Figure()
    fig.add_scatter(x=episodes, y=returns, mode="markers", name=t("training episode (exploring policy)"),
                    marker={"color": COLOURS["step"], "size": 4})
    fig.add_scatter(x=episodes, y=running_mean(returns), mode="lines",
                    name=t("mean of the last {count} episodes", count=WINDOW),
                    line={"color": COLOURS["train"], "width": 3})
    evals = [r for r in metrics if r.get("kind") == "epoch" and "eval_return" in r]
    if evals:
        fig.add_scatter(x=[r["episodes_total"] for r in evals], y=[r["eval_return"] for r in evals],
                        mode="lines+markers", name=t("greedy policy after each epoch"), line={"color": COLOURS["test"]})
    if random_return is not None:
        fig.add_hline(y=random_return, line={"color": "grey", "dash": "dash"},
                      annotation_text=t("random policy {value}", value=f"{random_return:g}"),
                      annotation_position="bottom right")
    fig.add_hline(y=TASKS[env_id].solved_at, line={"color": COLOURS["val"], "dash": "dot"},
                  annotation_text=t("solved {value}", value=f"{TASKS[env_id].solved_at:g}"),
                  annotation_position="top left")
    fig.update_layout(height=380, uirevision=UIREVISION, margin={"t": 30, "b": 40, "l": 50, "r": 10},
                      xaxis_title=t("training episode"), yaxis_title=t("return"),
                      legend={"orientation": "h", "y": -0.2})
    return fig
