"""PPO (proximal policy optimisation with the clipped objective and GAE), written CleanRL-style: one epoch of
the reinforcement-learning demo.

One epoch = `rollouts` rounds of: run the current stochastic policy for `rollout_steps` steps in each of
`num_envs` envs; compute advantages with generalised advantage estimation,
    δ_t = r_t + γ V(s_{t+1}) (1 − done) − V(s_t),   A_t = δ_t + γ λ (1 − done) A_{t+1},
then `update_epochs` passes over the rollout in `minibatches` shuffled minibatches, each an Adam step on
    L = −E[min(ρ A, clip(ρ, 1 − ε, 1 + ε) A)] + c_v · ½ E[max((V − R)², (V_clip − R)²)] − c_e · E[H(π)],
(the max with V_clip = V_old + clip(V − V_old, ±ε) only with `clip_value`), ρ = π(a|s) / π_old(a|s), R = A + V_old
(the λ-return), advantages normalised per minibatch (CleanRL's structure and its "37 implementation details"; the
demo's default numbers are RL Baselines3 Zoo's tuned CartPole-v1 PPO: 8 envs × 32 steps, 20 passes of one full
batch, γ 0.98, λ 0.8, lr 1e-3 decaying, no entropy bonus; here it reached train_return 500 within 7-10 epochs of
5,120 steps, where with CleanRL's default numbers this code was still near 300-400 after 200k steps). One change
from CleanRL: an episode cut by the time limit (CartPole's 500 steps) is not a failure, so its last reward gets +
γ V(final state) instead of ending the return there. Every random draw (actions, shuffles) uses torch's global
generator, which the engine seeds per epoch, and the envs are reset with seeds from core.rl_envs.start_seeds when
the run starts, so a run is reproducible from its seed. Episodes carry on across epochs (cutting them would waste
steps and hide long episodes); a resumed run restarts the episodes that were in progress, since env states are not
checkpointed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.distributions import Categorical

from core.rl_envs import EpisodeCounter, ReturnWindow, start_seeds


def layer(n_in: int, n_out: int, gain: float = 2 ** 0.5) -> nn.Linear:
    """Orthogonal weights with `gain`, zero bias: CleanRL's initialisation (0.01 on the policy head makes
    the first policy nearly uniform)."""
    linear = nn.Linear(n_in, n_out)
    nn.init.orthogonal_(linear.weight, gain)
    nn.init.zeros_(linear.bias)
    return linear


class ActorCritic(nn.Module):
    """Separate tanh MLPs for the policy logits and the state value, plus the recent-episode window."""

    def __init__(self, obs_dim: int, n_actions: int, hidden: int):
        super().__init__()
        self.actor = nn.Sequential(layer(obs_dim, hidden), nn.Tanh(), layer(hidden, hidden), nn.Tanh(),
                                   layer(hidden, n_actions, gain=0.01))
        self.critic = nn.Sequential(layer(obs_dim, hidden), nn.Tanh(), layer(hidden, hidden), nn.Tanh(),
                                    layer(hidden, 1, gain=1.0))
        self.window = ReturnWindow()

    def value(self, obs: torch.Tensor) -> torch.Tensor:
        return self.critic(obs).squeeze(-1)

    def policy(self, obs: torch.Tensor) -> Categorical:
        return Categorical(logits=self.actor(obs), validate_args=False)  # checks cost more than the MLP

    def greedy(self, obs: torch.Tensor) -> torch.Tensor:
        return self.actor(obs).argmax(-1)


@dataclass
class Rollout:
    obs: torch.Tensor        # (T, N, obs_dim)
    actions: torch.Tensor    # (T, N)
    logprobs: torch.Tensor   # (T, N) log π_old(a|s)
    values: torch.Tensor     # (T, N) V_old(s)
    advantages: torch.Tensor  # (T, N)

    def flat(self) -> tuple[torch.Tensor, ...]:
        returns = self.advantages + self.values
        return (self.obs.flatten(0, 1), self.actions.flatten(), self.logprobs.flatten(), self.values.flatten(),
                self.advantages.flatten(), returns.flatten())


def gae(rewards, values, starts, next_value, next_start, gamma: float, lam: float) -> torch.Tensor:
    """Advantages by generalised advantage estimation. starts[t] = 1 where obs t began a new episode (the
    previous step ended one), so nothing is bootstrapped across that boundary."""
    advantages = torch.zeros_like(rewards)
    running = torch.zeros_like(next_value)
    for t in reversed(range(len(rewards))):
        following_value, following_start = (next_value, next_start) if t == len(rewards) - 1 \
            else (values[t + 1], starts[t + 1])
        alive = 1.0 - following_start
        delta = rewards[t] + gamma * following_value * alive - values[t]
        running = delta + gamma * lam * alive * running
        advantages[t] = running
    return advantages


class Collector:
    """The envs' current observations and episodes in progress, kept from rollout to rollout."""

    def __init__(self, envs, seed: int, epoch: int, device):
        self.envs, self.device = envs, device
        obs, _ = envs.reset(seed=start_seeds(seed, epoch, envs.num_envs))
        self.obs = torch.as_tensor(obs, dtype=torch.float32, device=device)
        self.start = torch.zeros(envs.num_envs, device=device)
        self.counter = EpisodeCounter(envs.num_envs)

    @torch.no_grad()
    def rollout(self, agent: ActorCritic, steps: int, gamma: float, lam: float) -> tuple[Rollout, list[float]]:
        """Run the stochastic policy `steps` steps in every env; the rollout and the returns of the episodes
        that ended in it."""
        obs, actions, logprobs, values, rewards, starts = [], [], [], [], [], []
        finished: list[float] = []
        for _ in range(steps):
            dist = agent.policy(self.obs)
            action = dist.sample()
            obs.append(self.obs)
            starts.append(self.start)
            actions.append(action)
            logprobs.append(dist.log_prob(action))
            values.append(agent.value(self.obs))
            next_obs, reward, terminated, truncated, info = self.envs.step(action.cpu().numpy())
            done = np.logical_or(terminated, truncated)
            finished += self.counter.add(reward, done)
            reward = torch.as_tensor(reward, dtype=torch.float32, device=self.device)
            if truncated.any():  # cut by the time limit, not failed: bootstrap from the real final state
                final = torch.as_tensor(np.stack(info["final_obs"][truncated]), dtype=torch.float32, device=self.device)
                reward[torch.as_tensor(truncated)] += gamma * agent.value(final)
            rewards.append(reward)
            self.obs = torch.as_tensor(next_obs, dtype=torch.float32, device=self.device)
            self.start = torch.as_tensor(done, dtype=torch.float32, device=self.device)
        values_t = torch.stack(values)
        advantages = gae(torch.stack(rewards), values_t, torch.stack(starts), agent.value(self.obs), self.start,
                         gamma, lam)
        return Rollout(torch.stack(obs), torch.stack(actions), torch.stack(logprobs), values_t, advantages), finished


def ppo_loss(agent: ActorCritic, batch: tuple[torch.Tensor, ...], cfg) -> tuple[torch.Tensor, dict]:
    obs, actions, old_logprobs, old_values, advantages, returns = batch
    dist = agent.policy(obs)
    ratio = (dist.log_prob(actions) - old_logprobs).exp()
    advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
    policy_loss = -torch.min(ratio * advantages, ratio.clamp(1 - cfg.clip, 1 + cfg.clip) * advantages).mean()
    values = agent.value(obs)
    value_loss = (values - returns) ** 2
    if cfg.clip_value:
        clipped = old_values + (values - old_values).clamp(-cfg.clip, cfg.clip)
        value_loss = torch.max(value_loss, (clipped - returns) ** 2)
    value_loss = 0.5 * value_loss.mean()
    entropy = dist.entropy().mean()
    loss = policy_loss + cfg.vf_coef * value_loss - cfg.ent_coef * entropy
    return loss, {"policy_loss": policy_loss.detach(), "value_loss": value_loss.detach(), "entropy": entropy.detach()}


def steps_per_epoch(cfg) -> int:
    return cfg.rollouts * cfg.update_epochs * cfg.minibatches


def train_epoch(agent: ActorCritic, optimizer, data, cfg, ctx, log_episodes) -> dict:
    if data.stepper is None:  # the run's first epoch in this process: start the episodes
        data.stepper = Collector(data.envs, cfg.seed, ctx.epoch, ctx.device)
    collector = data.stepper
    sums = {"train_loss": 0.0, "policy_loss": 0.0, "value_loss": 0.0, "entropy": 0.0}
    updates = 0
    for _ in range(cfg.rollouts):
        agent.eval()
        rollout, finished = collector.rollout(agent, cfg.rollout_steps, cfg.gamma, cfg.gae_lambda)
        agent.window.add(finished)
        log_episodes(finished)
        agent.train()
        data = rollout.flat()
        size = len(data[0]) // cfg.minibatches
        for _ in range(cfg.update_epochs):
            order = torch.randperm(len(data[0]), device=ctx.device)
            for start in range(0, size * cfg.minibatches, size):
                pick = order[start:start + size]
                ctx.set_lr(optimizer, cfg.lr, cfg.schedule)
                loss, parts = ppo_loss(agent, tuple(t[pick] for t in data), cfg)
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(agent.parameters(), cfg.max_grad_norm)
                optimizer.step()
                ctx.step_done(size, loss)
                sums["train_loss"] += float(loss.detach())
                for name, value in parts.items():
                    sums[name] += float(value)
                updates += 1
    return {name: total / updates for name, total in sums.items()}
