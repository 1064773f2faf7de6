"""The seed article's claims beside what this app measures, with published anchors for context (no Streamlit).

Each claim names the demo (and the settings, e.g. the dataset) whose cached runs can answer it; `measured`
finds the best finished run in the store. Two claims about the seed's worked examples are recomputed live
instead (they take milliseconds): its linear-regression θ and its CNN's flatten size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from core.linreg import seed_example
from core.vision_models import SeedCNN


@dataclass(frozen=True)
class Claim:
    key: str
    topic: str                    # short heading
    seed_says: str                # the claim as the seed article makes it
    anchor: str                   # published figures that put it in context
    demo: str | None = None       # demo whose cached runs measure it
    metrics: tuple[str, ...] = ()  # final metrics shown, the first one ranks the runs
    where: dict = field(default_factory=dict)  # config values a run must have to count (e.g. the dataset)
    lower_is_better: bool = False


CLAIMS = (
    Claim("cifar10", "CNN on CIFAR-10", "A CNN reaches 98.3 % test accuracy on CIFAR-10.",
          "From-scratch speed records: airbench94 94.01 % in 3.29 s and airbench96 96.05 % in about 40 s on an "
          "A100 (Keller Jordan, 2024). Figures near 98 % come from networks pretrained on far larger datasets.",
          demo="cnn-cifar10", metrics=("test_acc",), where={"dataset": "cifar10"}),
    Claim("translation", "RNN translation", "An RNN translates English to French with 94.6 % BLEU.",
          "An LSTM encoder-decoder on WMT'14 English-French scored 34.8 BLEU (Sutskever et al., 2014); BLEU is "
          "0-100, not a percentage of correct sentences. This app's offline task (number words) is far easier "
          "than open-domain text, so a high BLEU there says nothing about news translation.",
          demo="seq2seq", metrics=("test_bleu",)),
    Claim("gan", "GAN digits", "GAN-generated digits are indistinguishable from real ones.",
          "Indistinguishable would mean FID near the real-vs-real baseline and a classifier as confident on "
          "generated digits as on real ones, with all ten classes produced.",
          demo="gan", metrics=("fid", "fid_real", "mean_max_prob", "class_entropy"), lower_is_better=True),
    Claim("linreg", "Normal equation", "On its 3-point example the normal equation gives θ = [0.30, 1.40].",
          "Least squares on x = [[1,2],[2,3],[3,4]], y = [3,5,7] has the exact solution θ = [1, 1] "
          "(zero error); the printed θ misses every point."),
    Claim("cnn_flatten", "The seed's CNN", "After one 2x2 pooling, a 32x32 input flattens to 32x8x8 features.",
          "Each 2x2 max-pooling halves the height and width once: 32x32 -> 16x16, so 32 channels give "
          "32x16x16 = 8,192 features (8x8 would need two poolings)."),
)


def measured(store, claim: Claim) -> dict | None:
    """The best finished run answering `claim`: {"key", "values": {metric: value}, "config"}, or None."""
    best = None
    for key in store.keys():
        record = store.read_config(key) or {}
        config = record.get("config") or {}
        if record.get("demo") != claim.demo or any(config.get(k) != v for k, v in claim.where.items()):
            continue
        meta = store.read_meta(key) or {}
        final = meta.get("final") or {}
        value = final.get(claim.metrics[0])
        if meta.get("status") != "done" or not isinstance(value, (int, float)):
            continue
        if best is None or (value < best["values"][claim.metrics[0]] if claim.lower_is_better
                            else value > best["values"][claim.metrics[0]]):
            best = {"key": key, "config": config,
                    "values": {m: final[m] for m in claim.metrics if isinstance(final.get(m), (int, float))}}
    return best


def recomputed(claim: Claim) -> dict | None:
    """Live answers for the worked-example claims; None for claims measured by runs."""
    if claim.key == "linreg":
        example = seed_example()
        return {"theta": [round(v, 6) for v in example["theta"]], "sse": example["sse"],
                "seed_sse": example["seed_sse"]}
    if claim.key == "cnn_flatten":
        model = SeedCNN(width=32, dropout=0.0, in_channels=3, size=32)
        with torch.no_grad():
            features = model.pool(torch.relu(model.conv(torch.zeros(1, 3, 32, 32))))
        return {"shape": list(features.shape[1:]), "features": int(features[0].numel()),
                "fc1_inputs": model.fc1.in_features}
    return None
