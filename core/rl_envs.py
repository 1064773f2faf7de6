"""The reinforcement-learning demo's environments: what each task is, seeded vector envs, whole episodes.

Contract:
- `TASKS` describes the supported gymnasium classic-control tasks (discrete actions, state vectors only:
  render_mode=None, so no display or pygame is needed; core.rl_plots draws frames from the states).
- `make_envs(task, n)` is a SyncVectorEnv of n copies that resets a finished copy in the same `step` call
  (SAME_STEP autoreset, the semantics CleanRL's loops assume): every step's action counts.
- `EpisodeCounter` turns per-step rewards of a vector env into finished-episode returns.
- `ReturnWindow` keeps the returns of the last `size` episodes as module buffers, so they are saved with an
  agent's weights and a resumed run reports the same "mean of the last 20 episodes".
- `play_episode(task, act, seed)` runs one episode of a policy `act(obs) -> action` and returns its states,
  actions and return; the same seed and policy give the same trajectory. `random_baseline` is the mean
  return of the uniformly random policy over seeded episodes (the page's reference line).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gymnasium as gym
import numpy as np
import torch
from torch import nn


@dataclass(frozen=True)
class Task:
    env_id: str
    obs_dim: int
    n_actions: int
    action_names: tuple[str, ...]
    solved_at: float        # return the gymnasium leaderboard calls "solved"


TASKS = {
    "CartPole-v1": Task("CartPole-v1", 4, 2, ("push left", "push right"), 475.0),
    "Acrobot-v1": Task("Acrobot-v1", 6, 3, ("torque −1", "no torque", "torque +1"), -100.0),
}
EVAL_SEED = 1_000_003  # seeds of greedy evaluation and baseline episodes start here, apart from training's


def make_envs(env_id: str, n: int) -> gym.vector.SyncVectorEnv:
    return gym.vector.SyncVectorEnv([lambda: gym.make(env_id) for _ in range(n)],
                                    autoreset_mode=gym.vector.AutoresetMode.SAME_STEP)


def start_seeds(seed: int, epoch: int, n: int) -> list[int]:
    """Reset seeds of the n envs when a run starts (or resumes) at `epoch`. Later episodes follow from the
    envs' own generators, so a whole run is reproducible from its seed."""
    base = (seed * 100_003 + epoch) * 1_000
    return [base + i for i in range(n)]


class EpisodeCounter:
    """Running return of each env copy; `add` reports the returns of the episodes that just ended."""

    def __init__(self, n: int):
        self.running = np.zeros(n)

    def add(self, rewards: np.ndarray, done: np.ndarray) -> list[float]:
        self.running += rewards
        finished = self.running[done].tolist()
        self.running[done] = 0.0
        return finished


class ReturnWindow(nn.Module):
    """The last `size` episode returns and the episode count, as buffers (checkpointed with the agent)."""

    def __init__(self, size: int = 20):
        super().__init__()
        self.register_buffer("returns", torch.zeros(size, dtype=torch.float64))
        self.register_buffer("count", torch.zeros((), dtype=torch.int64))

    def add(self, returns: list[float]) -> None:
        for value in returns:
            self.returns[int(self.count) % len(self.returns)] = value
            self.count += 1

    def mean(self) -> float:
        """Mean of the last `size` returns (fewer at the start); NaN before any episode ended."""
        filled = min(int(self.count), len(self.returns))
        return float(self.returns[:filled].mean()) if filled else float("nan")


@dataclass
class Episode:
    states: np.ndarray      # (T + 1, obs_dim): the start state and the state after each action
    actions: np.ndarray     # (T,)
    rewards: np.ndarray     # (T,)

    @property
    def total(self) -> float:
        return float(self.rewards.sum())


def play_episode(env_id: str, act: Callable[[np.ndarray], int], seed: int) -> Episode:
    env = gym.make(env_id)
    obs, _ = env.reset(seed=seed)
    states, actions, rewards = [obs], [], []
    done = False
    while not done:
        action = int(act(obs))
        obs, reward, terminated, truncated, _ = env.step(action)
        states.append(obs)
        actions.append(action)
        rewards.append(reward)
        done = terminated or truncated
    env.close()
    return Episode(np.asarray(states, dtype=np.float64), np.asarray(actions), np.asarray(rewards, dtype=np.float64))


def random_policy(env_id: str, seed: int) -> Callable[[np.ndarray], int]:
    """Uniformly random actions from a generator seeded by `seed` (reproducible, unlike action_space.sample)."""
    rng = np.random.default_rng(seed)
    n = TASKS[env_id].n_actions
    return lambda obs: int(rng.integers(n))


def random_baseline(env_id: str, episodes: int = 20) -> float:
    """Mean return of the random policy over `episodes` seeded episodes."""
    return float(np.mean([play_episode(env_id, random_policy(env_id, EVAL_SEED + i), EVAL_SEED + i).total
                          for i in range(episodes)]))
