"""How a federated demo splits one labelled training set among K simulated clients, seeded and deterministic.

- `iid`: a seeded shuffle cut into K near-equal parts (sizes differ by at most one), so every client sees
  roughly the global label mix.
- `dirichlet` (Hsu, Qi & Brown 2019): for each class, its examples are divided among the clients in shares
  drawn from Dirichlet(alpha, ..., alpha). Small alpha (0.1) gives each client a few dominant labels and
  unequal sizes; large alpha (100) approaches IID. Draws repeat (same seeded stream) until every client
  holds at least `min_size` examples, so no client is empty.
- `shards` (McMahan et al. 2017): sort the examples by label, cut them into K x s equal shards and deal s
  random shards to each client, so each client holds at most s labels (2 in the paper's pathological case).
Every function takes the labels as an int64 tensor and returns one sorted int64 index tensor per client;
together the parts are a partition of range(N) (every example exactly once). `label_counts` gives the
K x classes matrix the page draws as a stacked bar chart.
"""

from __future__ import annotations

import numpy as np
import torch

PARTITIONS = ("iid", "dirichlet", "shards")
MAX_DIRICHLET_DRAWS = 1000  # a tiny alpha with many clients can need many redraws to give everyone min_size


def iid_partition(n: int, clients: int, seed: int) -> list[torch.Tensor]:
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return [part.sort().values for part in torch.tensor_split(order, clients)]


def dirichlet_partition(labels: torch.Tensor, clients: int, alpha: float, seed: int,
                        min_size: int = 10) -> list[torch.Tensor]:
    """Per-class Dirichlet(alpha) shares; raises ValueError when no draw gives every client `min_size`."""
    rng = np.random.default_rng(seed)
    y = labels.cpu().numpy()
    by_class = [rng.permutation(np.flatnonzero(y == c)) for c in np.unique(y)]
    for _ in range(MAX_DIRICHLET_DRAWS):
        parts: list[list[np.ndarray]] = [[] for _ in range(clients)]
        for members in by_class:
            shares = rng.dirichlet(np.full(clients, alpha))
            cuts = (np.cumsum(shares)[:-1] * len(members)).round().astype(int)
            for client, piece in enumerate(np.split(members, cuts)):
                parts[client].append(piece)
        sizes = [sum(len(piece) for piece in pieces) for pieces in parts]
        if min(sizes) >= min_size:
            return [torch.from_numpy(np.sort(np.concatenate(pieces))).long() for pieces in parts]
    raise ValueError(f"A Dirichlet split with alpha={alpha:g} over {clients} clients left some client with fewer "
                     f"than {min_size} examples in {MAX_DIRICHLET_DRAWS} draws; raise alpha or use fewer clients.")


def shard_partition(labels: torch.Tensor, clients: int, shards_per_client: int, seed: int) -> list[torch.Tensor]:
    """Label-sorted shards dealt at random; the last shard takes the remainder when N does not divide."""
    generator = torch.Generator().manual_seed(seed)
    # A stable sort with a random tie order: examples of one label are shuffled, labels stay contiguous.
    shuffled = torch.randperm(len(labels), generator=generator)
    by_label = shuffled[labels.cpu()[shuffled].argsort(stable=True)]
    shards = torch.tensor_split(by_label, clients * shards_per_client)
    deal = torch.randperm(len(shards), generator=generator).view(clients, shards_per_client)
    return [torch.cat([shards[s] for s in row.tolist()]).sort().values for row in deal]


def partition(labels: torch.Tensor, scheme: str, clients: int, seed: int, alpha: float = 0.5,
              shards_per_client: int = 2) -> list[torch.Tensor]:
    """Dispatch on `scheme` (one of PARTITIONS)."""
    if scheme == "iid":
        return iid_partition(len(labels), clients, seed)
    if scheme == "dirichlet":
        return dirichlet_partition(labels, clients, alpha, seed)
    if scheme == "shards":
        return shard_partition(labels, clients, shards_per_client, seed)
    raise ValueError(f"Unknown partition {scheme!r}; choose one of {', '.join(PARTITIONS)}.")


def label_counts(labels: torch.Tensor, parts: list[torch.Tensor], classes: int) -> np.ndarray:
    """int64 (clients, classes): how many examples of each label every client holds."""
    y = labels.cpu()
    return np.stack([torch.bincount(y[part], minlength=classes).numpy() for part in parts])
