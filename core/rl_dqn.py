"""DQN (deep Q-learning with a replay buffer and a target network), written CleanRL-style: one epoch of
the reinforcement-learning demo.

The agent acts ε-greedily on Q(s, ·), with ε falling linearly from `eps_start` to `eps_end` over the first
`exploration` share of the run's environment steps. Every transition goes into a replay buffer; every
`train_freq` vector steps one Adam step on a random minibatch minimises
    the mean squared TD error  (Q(s, a) − [r + γ (1 − terminated) max_a' Q_target(s', a')])²,
and every `target_every` vector steps the target network moves towards Q: θ' ← τ θ + (1 − τ) θ'. A step
cut by the time limit (truncated, not terminated) still bootstraps from its real final state.
Before the first update the buffer is filled with `learning_starts` uniformly random steps (their episodes
are not counted as training episodes). The buffer, the target network and the episode window are module
buffers, checkpointed with the weights, and every random draw uses torch's global generator (seeded by
the engine per epoch). As in core.rl_ppo, episodes carry on across epochs and a resumed run restarts the
episodes that were in progress.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.rl_envs import EpisodeCounter, ReturnWindow, start_seeds


class ReplayBuffer(nn.Module):
    """A ring buffer of transitions (s, a, r, s', terminated) held as tensors."""

    def __init__(self, capacity: int, obs_dim: int):
        super().__init__()
        self.register_buffer("obs", torch.zeros(capacity, obs_dim))
        self.register_buffer("next_obs", torch.zeros(capacity, obs_dim))
        self.register_buffer("actions", torch.zeros(capacity, dtype=torch.int64))
        self.register_buffer("rewards", torch.zeros(capacity))
        self.register_buffer("terminated", torch.zeros(capacity))
        self.register_buffer("size", torch.zeros((), dtype=torch.int64))
        self.register_buffer("position", torch.zeros((), dtype=torch.int64))

    def add(self, obs, actions, rewards, next_obs, terminated) -> None:
        """Store one transition per env (the oldest are overwritten once the buffer is full)."""
        capacity = len(self.actions)
        at = (int(self.position) + torch.arange(len(actions), device=self.obs.device)) % capacity
        self.obs[at], self.next_obs[at], self.actions[at] = obs, next_obs, actions
        self.rewards[at], self.terminated[at] = rewards, terminated
        self.position.fill_(int(at[-1] + 1) % capacity)
        self.size.fill_(min(int(self.size) + len(actions), capacity))

    def sample(self, batch_size: int) -> tuple[torch.Tensor, ...]:
        pick = torch.randint(int(self.size), (batch_size,), device=self.obs.device)
        return self.obs[pick], self.actions[pick], self.rewards[pick], self.next_obs[pick], self.terminated[pick]


class QAgent(nn.Module):
    """Q-network, its target copy, the replay buffer and the recent-episode window."""

    def __init__(self, obs_dim: int, n_actions: int, hidden: int, buffer_size: int):
        super().__init__()
        self.q = nn.Sequential(nn.Linear(obs_dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                               nn.Linear(hidden, n_actions))
        self.target = copy.deepcopy(self.q).requires_grad_(False)
        self.replay = ReplayBuffer(buffer_size, obs_dim)
        self.window = ReturnWindow()

    def greedy(self, obs: torch.Tensor) -> torch.Tensor:
        return self.q(obs).argmax(-1)


def epsilon(cfg, vector_step: int, total_vector_steps: int) -> float:
    progress = min(vector_step / max(cfg.exploration * total_vector_steps, 1), 1.0)
    return cfg.eps_start + progress * (cfg.eps_end - cfg.eps_start)


def vector_steps_per_epoch(cfg) -> int:
    return cfg.rollouts * cfg.rollout_steps


def steps_per_epoch(cfg) -> int:
    return vector_steps_per_epoch(cfg) // cfg.train_freq


def floats(array, device) -> torch.Tensor:
    return torch.as_tensor(array, dtype=torch.float32, device=device)


class Explorer:
    """Steps the envs with ε-greedy actions and stores every transition in the agent's replay buffer."""

    def __init__(self, envs, seed: int, epoch: int, device):
        self.envs, self.device = envs, device
        obs, _ = envs.reset(seed=start_seeds(seed, epoch, envs.num_envs))
        self.obs = floats(obs, device)
        self.counter = EpisodeCounter(envs.num_envs)

    @torch.no_grad()
    def step(self, agent: QAgent, eps: float) -> list[float]:
        """One vector step; returns the returns of the episodes that ended."""
        n = self.envs.num_envs
        explore = torch.rand(n, device=self.device) < eps
        random_actions = torch.randint(self.envs.single_action_space.n, (n,), device=self.device)
        actions = torch.where(explore, random_actions, agent.greedy(self.obs))
        next_obs, reward, terminated, truncated, info = self.envs.step(actions.cpu().numpy())
        done = np.logical_or(terminated, truncated)
        real_next = next_obs.copy()
        if done.any():  # SAME_STEP autoreset: next_obs is already the new episode's start for those envs
            real_next[done] = np.stack(info["final_obs"][done])
        agent.replay.add(self.obs, actions, floats(reward, self.device), floats(real_next, self.device),
                         floats(terminated, self.device))
        self.obs = floats(next_obs, self.device)
        return self.counter.add(reward, done)


def td_loss(agent: QAgent, batch: tuple[torch.Tensor, ...], gamma: float) -> torch.Tensor:
    obs, actions, rewards, next_obs, terminated = batch
    with torch.no_grad():
        target = rewards + gamma * (1 - terminated) * agent.target(next_obs).max(-1).values
    return F.mse_loss(agent.q(obs).gather(1, actions[:, None]).squeeze(1), target)


@torch.no_grad()
def update_target(agent: QAgent, tau: float) -> None:
    for target, online in zip(agent.target.parameters(), agent.q.parameters(), strict=True):
        target.lerp_(online, tau)


def train_epoch(agent: QAgent, optimizer, data, cfg, ctx, log_episodes) -> dict:
    if int(agent.replay.size) == 0:  # the run's very first steps: fill the buffer at random
        warm_up = Explorer(data.envs, cfg.seed, 0, ctx.device)
        while int(agent.replay.size) < min(cfg.learning_starts, len(agent.replay.actions)):
            warm_up.step(agent, eps=1.0)
    if data.stepper is None:  # the run's first epoch in this process: start the episodes
        data.stepper = Explorer(data.envs, cfg.seed, ctx.epoch, ctx.device)
    explorer = data.stepper
    per_epoch = vector_steps_per_epoch(cfg)
    total = per_epoch * cfg.epochs
    loss_sum, updates, finished = 0.0, 0, []
    for t in range(per_epoch):
        vector_step = (ctx.epoch - 1) * per_epoch + t
        finished += explorer.step(agent, epsilon(cfg, vector_step, total))
        if (t + 1) % cfg.rollout_steps == 0:
            agent.window.add(finished)
            log_episodes(finished)
            finished = []
        if (t + 1) % cfg.train_freq == 0:
            agent.train()
            ctx.set_lr(optimizer, cfg.lr, cfg.schedule)
            loss = td_loss(agent, agent.replay.sample(cfg.batch_size), cfg.gamma)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            ctx.step_done(cfg.batch_size, loss)
            loss_sum += float(loss.detach())
            updates += 1
        if (vector_step + 1) % cfg.target_every == 0:
            update_target(agent, cfg.tau)
    return {"train_loss": loss_sum / max(updates, 1), "epsilon": epsilon(cfg, ctx.epoch * per_epoch, total)}
