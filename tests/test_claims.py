"""The seed-claims page: live recomputations against hand calculations, the best cached run picked by the
claim's own direction and settings, and an AppTest of the page with and without runs."""

from __future__ import annotations

from conftest import ROOT, install_run
from streamlit.testing.v1 import AppTest

from core.claims import CLAIMS, measured, recomputed
from core.store import RunStore

CLAIM = {claim.key: claim for claim in CLAIMS}


def test_the_worked_examples_are_recomputed():
    linreg = recomputed(CLAIM["linreg"])
    assert linreg["theta"] == [1.0, 1.0] and linreg["sse"] < 1e-20
    # The printed θ = [0.30, 1.40] predicts 3.1, 4.8, 6.5 for 3, 5, 7: squared errors 0.01 + 0.04 + 0.25.
    assert abs(linreg["seed_sse"] - 0.30) < 1e-12
    flatten = recomputed(CLAIM["cnn_flatten"])
    assert flatten == {"shape": [32, 16, 16], "features": 32 * 16 * 16, "fc1_inputs": 8192}
    assert recomputed(CLAIM["gan"]) is None


def _fake_run(store: RunStore, key: str, demo: str, config: dict, final: dict, status: str = "done") -> None:
    store.create(key, {"demo": demo, "config": config})
    store.write_meta(key, {"status": status, "final": final})


def test_the_best_run_follows_the_claims_direction_and_settings(tmp_path):
    store = RunStore(tmp_path)
    _fake_run(store, "a" * 20, "gan", {}, {"fid": 9.0, "fid_real": 0.4, "mean_max_prob": 0.5})
    _fake_run(store, "b" * 20, "gan", {}, {"fid": 4.0, "fid_real": 0.4, "mean_max_prob": 0.7})
    _fake_run(store, "c" * 20, "gan", {}, {"fid": 1.0}, status="stopped")          # not finished: ignored
    _fake_run(store, "d" * 20, "cnn-cifar10", {"dataset": "shapes"}, {"test_acc": 0.99})  # wrong dataset
    _fake_run(store, "e" * 20, "cnn-cifar10", {"dataset": "cifar10"}, {"test_acc": 0.71})
    _fake_run(store, "f" * 20, "cnn-cifar10", {"dataset": "cifar10"}, {"test_acc": 0.83})
    gan = measured(store, CLAIM["gan"])
    assert gan["key"] == "b" * 20 and gan["values"] == {"fid": 4.0, "fid_real": 0.4, "mean_max_prob": 0.7}
    assert measured(store, CLAIM["cifar10"])["values"] == {"test_acc": 0.83}
    assert measured(store, CLAIM["translation"]) is None


def _claims_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/claims.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_page_shows_every_claim_and_the_cached_bleu(tiny_run, isolated_store):
    at = _claims_page()
    assert [s.value for s in at.subheader] == [claim.topic for claim in CLAIMS]
    assert len(at.info) == 3  # CIFAR-10, translation, GAN: no runs yet
    run = tiny_run("seq2seq")
    install_run(run, isolated_store)
    at = _claims_page()
    assert len(at.info) == 2
    assert [m.value for m in at.metric if m.label == "Test BLEU"] == [f"{run.meta['final']['test_bleu']:.1f}"]
