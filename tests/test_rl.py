"""Tests for the reinforcement-learning demo (core.rl, rl_ppo, rl_dqn, rl_envs, rl_plots).

Oracles: closed forms of GAE at λ = 0 (one-step TD errors) and λ = 1 (Monte Carlo returns); numpy for the
return window, running mean and replay ring buffer; the TD target written out by hand; gymnasium's own
Acrobot goal test for the drawn free end; bit-identical episodes, trajectories and weights for equal seeds.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
import torch

from core import rl, rl_dqn, rl_ppo
from core.rl_envs import EpisodeCounter, ReturnWindow, make_envs, play_episode, random_baseline, random_policy
from core.rl_plots import acrobot_points, cartpole_traces, episode_animation, episode_returns, running_mean
from core.store import RunStore
from core.tabular import CsvError
from core.training import Reporter, train_run

DEMO = rl.DEMO


# --- advantages and losses -------------------------------------------------------------------------------------
def _rollout_tensors():
    rewards = torch.tensor([[1.0], [0.5], [2.0], [1.0]])
    values = torch.tensor([[0.3], [0.2], [0.7], [0.1]])
    starts = torch.tensor([[0.0], [0.0], [1.0], [0.0]])  # a new episode begins at t = 2
    return rewards, values, starts, torch.tensor([0.4]), torch.tensor([0.0])


def test_gae_with_lambda_zero_is_the_one_step_td_error():
    rewards, values, starts, next_value, next_start = _rollout_tensors()
    gamma = 0.9
    got = rl_ppo.gae(rewards, values, starts, next_value, next_start, gamma, 0.0)[:, 0]
    # δ_t = r_t + γ V(s_{t+1}) (1 − start_{t+1}) − V(s_t); step 1 ends the first episode: no bootstrap.
    expected = [1.0 + 0.9 * 0.2 - 0.3, 0.5 - 0.2, 2.0 + 0.9 * 0.1 - 0.7, 1.0 + 0.9 * 0.4 - 0.1]
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6)


def test_gae_with_lambda_one_is_the_monte_carlo_return_minus_the_value():
    rewards, values, starts, next_value, next_start = _rollout_tensors()
    gamma = 0.9
    got = rl_ppo.gae(rewards, values, starts, next_value, next_start, gamma, 1.0)[:, 0]
    first_episode = [1.0 + 0.9 * 0.5, 0.5]                 # ends after t = 1
    second_episode = [2.0 + 0.9 * 1.0 + 0.81 * 0.4, 1.0 + 0.9 * 0.4]  # bootstrapped from V(next) = 0.4
    np.testing.assert_allclose(got.numpy(), np.array(first_episode + second_episode) - values[:, 0].numpy(),
                               rtol=1e-6)


def test_td_loss_matches_the_hand_written_target():
    agent = rl_dqn.QAgent(obs_dim=2, n_actions=2, hidden=8, buffer_size=1000)
    obs, next_obs = torch.randn(5, 2), torch.randn(5, 2)
    actions, rewards = torch.tensor([0, 1, 1, 0, 1]), torch.tensor([1.0, 0.0, 1.0, 1.0, -1.0])
    terminated = torch.tensor([0.0, 1.0, 0.0, 0.0, 1.0])
    with torch.no_grad():
        q = agent.q(obs).numpy()[np.arange(5), actions.numpy()]
        best_next = agent.target(next_obs).numpy().max(1)
    target = rewards.numpy() + 0.9 * (1 - terminated.numpy()) * best_next
    got = rl_dqn.td_loss(agent, (obs, actions, rewards, next_obs, terminated), 0.9)
    assert float(got.detach()) == pytest.approx(np.mean((q - target) ** 2), rel=1e-5)


def test_replay_buffer_is_a_ring_and_epsilon_falls_linearly():
    buffer = rl_dqn.ReplayBuffer(capacity=5, obs_dim=1)
    for start in range(0, 12, 3):  # 12 transitions, 3 per vector step, into 5 slots
        ids = torch.arange(start, start + 3, dtype=torch.float32)
        buffer.add(ids[:, None], ids.long(), ids, ids[:, None], torch.zeros(3))
    ring = np.zeros(5)
    for i in range(12):
        ring[i % 5] = i
    np.testing.assert_array_equal(buffer.rewards.numpy(), ring)
    assert int(buffer.size) == 5 and int(buffer.position) == 12 % 5
    cfg = DEMO.config({"eps_start": 1.0, "eps_end": 0.1, "exploration": 0.5})
    assert [rl_dqn.epsilon(cfg, s, 100) for s in (0, 25, 50, 90)] == pytest.approx([1.0, 0.55, 0.1, 0.1])


# --- episodes ------------------------------------------------------------------------------------------------------
def test_return_window_and_episode_counter_against_numpy():
    values = list(np.random.default_rng(0).normal(size=33))
    window = ReturnWindow(20)
    assert np.isnan(window.mean())
    window.add(values[:7])
    assert window.mean() == pytest.approx(np.mean(values[:7]))
    window.add(values[7:])
    assert window.mean() == pytest.approx(np.mean(values[-20:])) and int(window.count) == 33
    counter = EpisodeCounter(2)
    assert counter.add(np.array([1.0, 2.0]), np.array([False, True])) == [2.0]
    assert counter.add(np.array([1.0, 3.0]), np.array([True, True])) == [2.0, 3.0]


def test_seeded_episodes_are_reproducible():
    first = play_episode("CartPole-v1", random_policy("CartPole-v1", 7), seed=7)
    again = play_episode("CartPole-v1", random_policy("CartPole-v1", 7), seed=7)
    other = play_episode("CartPole-v1", random_policy("CartPole-v1", 8), seed=8)
    np.testing.assert_array_equal(first.states, again.states)
    np.testing.assert_array_equal(first.actions, again.actions)
    assert first.total == again.total == len(first.actions)  # CartPole pays +1 per step
    assert not np.array_equal(first.states[0], other.states[0])
    assert random_baseline("CartPole-v1", 5) == random_baseline("CartPole-v1", 5) < 60  # random fails fast


def test_vector_env_resets_a_finished_copy_in_the_same_step():
    envs = make_envs("CartPole-v1", 2)
    envs.reset(seed=[0, 1])
    for _ in range(200):
        obs, _, terminated, truncated, info = envs.step(np.zeros(2, dtype=int))  # always push left: falls fast
        if terminated.any():
            assert np.abs(obs[terminated][:, 2]).max() < 0.05  # already the next episode's upright start
            assert np.abs(np.stack(info["final_obs"][terminated])[:, 2]).max() > 0.2  # the pole had fallen
            return
    pytest.fail("no episode ended")


# --- drawing ---------------------------------------------------------------------------------------------------------
def test_acrobot_free_end_matches_gymnasiums_goal_test():
    env = gym.make("Acrobot-v1").unwrapped
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    for _ in range(200):
        env.state = np.r_[rng.uniform(-np.pi, np.pi, 2), 0.0, 0.0]
        _, ys = acrobot_points(env._get_ob())
        assert (ys[2] > 1.0) == bool(env._terminal())
    xs, ys = acrobot_points(np.array([1.0, 0.0, 1.0, 0.0, 0.0, 0.0]))  # θ1 = θ2 = 0: hanging straight down
    np.testing.assert_allclose([xs, ys], [[0, 0, 0], [0, -1, -2]], atol=1e-12)


def test_cartpole_drawing_and_animation_frames():
    cart, pole = cartpole_traces(np.array([1.0, 0.0, np.pi / 2, 0.0]))  # pole lying flat to the right
    assert np.mean(cart["x"][:4]) == pytest.approx(1.0)
    assert pole["x"][1] - pole["x"][0] == pytest.approx(1.0) and pole["y"][1] == pytest.approx(pole["y"][0])
    episode = play_episode("CartPole-v1", random_policy("CartPole-v1", 3), seed=3)
    fig = episode_animation("CartPole-v1", episode, "random", max_frames=10)
    assert 2 <= len(fig.frames) <= 10 and fig.frames[0].name == "0" and fig.frames[-1].name == str(len(episode.actions))
    last_cart = fig.frames[-1].data[0]
    assert np.mean(last_cart.x[:4]) == pytest.approx(episode.states[-1][0])


def test_episode_returns_drop_a_discarded_epoch_and_running_mean_matches_numpy():
    metrics = [{"kind": "episodes", "epoch": 1, "returns": [1.0, 2.0]},
               {"kind": "episodes", "epoch": 2, "returns": [9.0]},  # epoch 2 stopped before it ended
               {"kind": "resume", "epoch": 1}, {"kind": "episodes", "epoch": 2, "returns": [3.0]}]
    assert episode_returns(metrics) == [1.0, 2.0, 3.0]
    values = list(np.arange(30.0) ** 2)
    expected = [np.mean(values[max(0, i - 19):i + 1]) for i in range(30)]
    np.testing.assert_allclose(running_mean(values), expected)


# --- training ---------------------------------------------------------------------------------------------------------
class StopAfterEpoch(Reporter):
    def __init__(self):
        self.recorded = 0

    def on_epoch(self, record: dict) -> None:
        self.recorded = record["epoch"]

    def stop_requested(self) -> bool:
        return self.recorded >= 1


def _episodes(store, key) -> list[float]:
    return episode_returns(store.read_metrics(key))


def _train(store, cfg, key, reporter=None) -> dict:
    return train_run(store, DEMO, cfg, key, dataset_id=DEMO.dataset_id(cfg, ""), data_dir="", device="cpu",
                     reporter=reporter)


def test_same_seed_gives_identical_returns_and_weights(tiny_run, tmp_path):
    straight = tiny_run("rl")
    store = RunStore(tmp_path / "again")
    assert _train(store, straight.cfg, straight.key)["status"] == "done"
    assert _episodes(store, straight.key) == _episodes(straight.store, straight.key) != []
    again, reference = store.load_weights(straight.key), straight.store.load_weights(straight.key)
    assert all(torch.equal(again[name], tensor) for name, tensor in reference.items())


def test_resumed_run_keeps_its_first_epoch_and_episode_count(tiny_run, tmp_path):
    straight = tiny_run("rl")
    store = RunStore(tmp_path / "resumed")
    assert _train(store, straight.cfg, straight.key, StopAfterEpoch())["status"] == "stopped"
    meta = _train(store, straight.cfg, straight.key)
    assert meta["status"] == "done" and meta["epochs_done"] == 2
    records = store.read_metrics(straight.key)
    first = [r["returns"] for r in records if r["kind"] == "episodes" and r["epoch"] == 1]
    assert first == [r["returns"] for r in straight.store.read_metrics(straight.key)
                     if r["kind"] == "episodes" and r["epoch"] == 1]
    epochs = [r for r in records if r["kind"] == "epoch"]
    # The episode window is checkpointed: the count carries on from epoch 1 (in-progress episodes restart).
    assert epochs[1]["episodes_total"] == epochs[0]["episodes_total"] + epochs[1]["episodes"]


def test_tiny_run_critic_learns_and_greedy_episodes_repeat(tiny_run):
    run = tiny_run("rl")
    final = run.meta["final"]
    epochs = [r for r in run.store.read_metrics(run.key) if r["kind"] == "epoch"]
    assert epochs[-1]["value_loss"] < 0.9 * epochs[0]["value_loss"]  # Acrobot's −1 per step: the critic catches up
    assert final["random_return"] == pytest.approx(random_baseline("Acrobot-v1"))
    model = run.demo.build_model(run.cfg)
    model.load_state_dict(run.store.load_weights(run.key))
    model.eval()
    one = play_episode(run.cfg.env, rl.greedy_policy(model, run.cfg), seed=11)
    two = play_episode(run.cfg.env, rl.greedy_policy(model, run.cfg), seed=11)
    np.testing.assert_array_equal(one.states, two.states)
    summary, _ = run.store.read_report(run.key)
    assert np.mean(summary["eval_returns"]) == pytest.approx(final["eval_return"])


def test_dqn_trains_and_fills_its_replay_buffer(tmp_path):
    cfg = DEMO.config({"algorithm": "dqn", "env": "CartPole-v1", "epochs": 2, "rollouts": 2, "rollout_steps": 64,
                       "num_envs": 2, "learning_starts": 200, "eval_episodes": 1})
    store = RunStore(tmp_path)
    from core.manager import RunManager
    key = RunManager(store, "").key_for(DEMO, cfg)
    meta = train_run(store, DEMO, cfg, key, dataset_id=DEMO.dataset_id(cfg, ""), data_dir="", device="cpu")
    assert meta["status"] == "done" and meta["final"]["episodes_total"] > 0
    weights = store.load_weights(key)
    assert int(weights["replay.size"]) == 200 + 2 * 2 * 2 * 64  # warm-up, then epochs × rollouts × steps × envs
    updates = [r for r in store.read_metrics(key) if r["kind"] == "step"]
    assert updates[-1]["step"] == 2 * (2 * 64 // cfg.train_freq) // 10 * 10


def test_predict_bytes_names_actions_and_rejects_bad_rows(tiny_run):
    run = tiny_run("rl")
    model = run.demo.build_model(run.cfg)
    model.load_state_dict(run.store.load_weights(run.key))
    states = np.random.default_rng(0).normal(size=(4, 6))
    csv = "\n".join(",".join(f"{v:.6f}" for v in row) for row in states).encode()
    result = DEMO.predict_bytes(model, csv, run.cfg)
    names = rl.TASKS[run.cfg.env].action_names
    assert result["actions"] == [names[a] for a in DEMO.predict(model, np.round(states, 6), run.cfg)]
    assert result["label"] == result["actions"][0] and sum(count for _, count in result["top"]) == 4
    with pytest.raises(CsvError, match="6 numeric columns"):
        DEMO.predict_bytes(model, b"1,2,3\n", run.cfg)
