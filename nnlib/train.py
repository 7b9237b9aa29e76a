"""Mini-batch gradient descent for ``nnlib.mlp`` networks.

:func:`fit` shuffles the training samples with its own seeded
generator every epoch, cuts them into mini-batches, and takes one
gradient-descent step per batch (article §9 and §13). It records the
loss over the whole training set before the first epoch and after each
one. With ``progress=True`` a tqdm bar shows the epochs and the current
loss; otherwise nothing is shown: the library prints nothing.

Input is checked once, up front, and the network copied; the loop then
calls the unchecked ``nnlib.mlp._forward`` and ``_backward`` and
updates that copy in place, so a step costs only its arithmetic. The
network passed in is never modified.

Limits: plain gradient descent with a fixed learning rate (no momentum,
no schedule, no early stopping) and the half squared error.
"""

import numbers
from typing import NamedTuple

import numpy as np

from ._validate import as_rng, as_scalar
from .mlp import (
    _backward,
    _checked,
    _forward,
    _inputs,
    _loss,
    _targets,
    _update_in_place,
)


class TrainResult(NamedTuple):
    """What :func:`fit` returns.

    Attributes
    ----------
    net : MLP
        The trained network (the one passed in is left as it was).
    loss : ndarray of shape (epochs + 1,)
        Loss on the whole training set: ``loss[0]`` before training,
        ``loss[k]`` after epoch ``k``.
    """

    net: object
    loss: np.ndarray


def _count(name, value, low, high=None):
    """A whole number in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} is {value!r}; expected a whole number"
        )
    if value < low or (high is not None and value > high):
        limit = f"at least {low}" if high is None else (
            f"between {low} and {high}")
        raise ValueError(f"{name} is {value}; expected {limit}")
    return int(value)


def fit(net, x, t, eta, epochs, batch_size=None, seed=0, progress=False):
    """Train with mini-batch gradient descent.

    Parameters
    ----------
    net : MLP
        Starting network, for example from :func:`nnlib.mlp.init_mlp`.
    x : array_like of shape (n_in, N)
        Training inputs, one column per sample.
    t : array_like of shape (n_out, N)
        Targets, one column per sample.
    eta : float
        Learning rate, above 0.
    epochs : int
        Passes over the training set (0 returns the network unchanged).
    batch_size : int, optional
        Samples per step; None (the default) uses all ``N`` in one
        batch, unshuffled: plain batch gradient descent.
    seed : int or numpy.random.Generator
        Seeds the shuffling; the same seed gives the same run.
    progress : bool
        Show a tqdm progress bar over the epochs.

    Returns
    -------
    TrainResult
        The trained network and the loss history.
    """
    net = _checked(net)
    X = _inputs(net, x)
    N = X.shape[1]
    T = _targets(net, t, N)
    eta = as_scalar("eta", eta, positive=True)
    epochs = _count("epochs", epochs, 0)
    batch_size = N if batch_size is None else _count(
        "batch_size", batch_size, 1, N)
    rng = as_rng(seed)

    # a diverging run is reported once, clearly, below; numpy's own
    # overflow warnings on the way there would only add noise
    with np.errstate(over="ignore", invalid="ignore"):
        return _descend(net, X, T, eta, epochs, batch_size, rng, progress)


def _descend(net, X, T, eta, epochs, batch_size, rng, progress):
    """The training loop of :func:`fit`, on checked inputs."""
    N = X.shape[1]
    history = np.empty(epochs + 1)
    fwd = _forward(net, X)
    history[0] = _loss(fwd.y, T)
    bar = _progress_bar(epochs, progress)
    for epoch in range(1, epochs + 1):
        if batch_size == N:
            # one step on the whole set: the forward pass that measured
            # the loss is the one this step needs
            _update_in_place(net, _backward(net, fwd, T), eta)
        else:
            order = rng.permutation(N)
            for cols in np.split(order, range(batch_size, N, batch_size)):
                Xb, Tb = X[:, cols], T[:, cols]
                grads = _backward(net, _forward(net, Xb), Tb)
                _update_in_place(net, grads, eta)
        fwd = _forward(net, X)
        history[epoch] = _loss(fwd.y, T)
        if not np.isfinite(history[epoch]):
            if bar is not None:
                bar.close()
            raise FloatingPointError(
                f"training diverged at epoch {epoch}: the loss became "
                f"{history[epoch]} (it was {history[epoch - 1]:.6g} the "
                f"epoch before); lower eta (it is {eta:g})"
            )
        if bar is not None:
            bar.set_postfix(loss=f"{history[epoch]:.6f}", refresh=False)
            bar.update()
    if bar is not None:
        bar.close()
    return TrainResult(net, history)


def _progress_bar(epochs, progress):
    """A tqdm bar over the epochs, or None when progress is off."""
    if not progress:
        return None
    from tqdm.auto import tqdm  # a notebook widget in Jupyter, else text

    return tqdm(total=epochs, desc="epochs", unit="epoch")


def accuracy(net, x, labels):
    """Share of samples whose largest output is the right class.

    Parameters
    ----------
    net : MLP
    x : array_like of shape (n_in, N)
    labels : array_like of int, shape (N,)
        Class of each sample, 0 to n_out - 1.

    Returns
    -------
    float
        In [0, 1].
    """
    net = _checked(net)
    X = _inputs(net, x)
    labels = np.asarray(labels)
    if labels.shape != (X.shape[1],):
        raise ValueError(
            f"labels has shape {labels.shape}; expected ({X.shape[1]},), "
            "one class per column of x"
        )
    n_out = net.W[-1].shape[0]
    if labels.dtype.kind not in "iu" or (
            labels.size and not 0 <= labels.min() <= labels.max() < n_out):
        raise ValueError(
            f"labels must be whole-number classes 0 to {n_out - 1}, one "
            f"per output row (got dtype {labels.dtype}, values "
            f"{labels.min() if labels.size else '-'} to "
            f"{labels.max() if labels.size else '-'})"
        )
    predicted = np.argmax(_forward(net, X).y, axis=0)
    return float(np.mean(predicted == labels))
