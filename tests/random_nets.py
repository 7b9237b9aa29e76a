"""Seeded random networks and batches for the general-network tests."""

import numpy as np

from nnlib import mlp


def net_and_batch(sizes, act, N, seed):
    """A network of ``sizes`` with activation(s) ``act``, a batch X of N
    columns and targets T in (0, 1), all from ``seed``."""
    rng = np.random.default_rng(seed)
    net = mlp.init_mlp(sizes, act, seed=seed)
    # nonzero biases keep relu inputs off the kink at exactly 0
    b = [rng.normal(0, 0.5, (n, 1)) for n in sizes[1:]]
    net = mlp.make_mlp(list(net.W), b, act)
    X = rng.normal(size=(sizes[0], N))
    T = rng.uniform(size=(sizes[-1], N))
    return net, X, T
