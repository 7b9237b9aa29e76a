"""The general multilayer network of article §13, with mini-batches.

Any number of layers of any width, each with its own activation
(sigmoid, tanh or relu), the half squared error, and a batch ``X`` of
shape ``(n_in, N)`` whose parameter gradients are means over the ``N``
samples (the article's 1/N). With sizes (2, 2, 1), the sigmoid and the
article's parameters, every number equals the one ``nnlib.network``
computes for the 2-2-1 example, bit for bit.

Indexing. Python counts from 0 and the article from 1. Every per-layer
tuple here (``W``, ``b``, ``z``, ``a``, ``delta``, ``dW``, ``db``) has
one entry per layer, and entry ``i`` is the article's layer ``i + 1``:
``W[0]`` is ``W1``, ``z[1]`` is ``z2``, and the output ``y`` is
``a[-1]``. The input ``x`` is not a layer; ``MLPForward`` keeps it in a
field of its own.

Shapes. ``W[i]`` is ``(n_out, n_in)`` of its layer, ``b[i]`` is the
column ``(n_out, 1)``; per-sample values such as ``z[i]`` and
``delta[i]`` have one column per sample, even for a single sample
given as a 1-D ``x``; every gradient has its parameter's shape.

Public functions check their input and raise a ``ValueError`` or
``TypeError`` naming the argument. The training loop in
``nnlib.train`` checks once and then calls the unchecked ``_forward``
and ``_backward`` below, which hold the mathematics.

Limits: the half squared error is the only loss (no softmax or
cross-entropy), the update is plain gradient descent, everything is
float64, and relu's derivative at its kink ``z = 0`` is taken as 0.
"""

import numbers
from typing import NamedTuple

import numpy as np

from ._validate import as_array, as_columns, as_rng, as_scalar
from .activations import UNCHECKED, get_activation
from .network import params as make_params


class MLP(NamedTuple):
    """The parameters of a multilayer network and its activations.

    Build one with :func:`init_mlp` (seeded random weights),
    :func:`make_mlp` (your own arrays, checked) or
    :func:`mlp_from_params` (the 2-2-1 ``Params``).

    Attributes
    ----------
    W : tuple of ndarray, entry i of shape (n[i+1], n[i])
        Weights; ``W[0]`` is the article's ``W1``.
    b : tuple of ndarray, entry i of shape (n[i+1], 1)
        Biases, as columns so they broadcast across the samples.
    activations : tuple of str
        One name per layer: "sigmoid", "tanh" or "relu".
    """

    W: tuple
    b: tuple
    activations: tuple

    @property
    def sizes(self):
        """Layer sizes ``(n_in, n_1, ..., n_out)``."""
        return (self.W[0].shape[1],) + tuple(w.shape[0] for w in self.W)


class MLPForward(NamedTuple):
    """Every value of the forward pass through an ``MLP``.

    Attributes
    ----------
    x : ndarray of shape (n_in, N)
        The input, one column per sample.
    z : tuple of ndarray, entry i of shape (n[i+1], N)
        Pre-activations ``z = W a_prev + b``; ``z[0]`` is ``z1``.
    a : tuple of ndarray, entry i of shape (n[i+1], N)
        Activations ``a = f(z)``; ``a[-1]`` is the output ``y``.
    """

    x: np.ndarray
    z: tuple
    a: tuple

    @property
    def y(self):
        """The network's output, ``a[-1]``, of shape (n_out, N)."""
        return self.a[-1]


class MLPGradients(NamedTuple):
    """The deltas and parameter gradients of the backward pass.

    Attributes
    ----------
    delta : tuple of ndarray, entry i of shape (n[i+1], N)
        ``dL/dz`` of each layer, per sample (article §13).
    dW : tuple of ndarray, entry i of the shape of ``W[i]``
        ``delta a_prev^T / N``, the mean over the batch.
    db : tuple of ndarray, entry i of the shape of ``b[i]``
        ``delta`` averaged over the samples.
    """

    delta: tuple
    dW: tuple
    db: tuple


# ---------------------------------------------------------------- building

def _check_activations(activations, n_layers):
    """One activation name per layer; a single name applies to all."""
    if isinstance(activations, str):
        activations = (activations,) * n_layers
    try:
        activations = tuple(activations)
    except TypeError:
        raise TypeError(
            f"activations is {activations!r}; expected a name such as "
            "'sigmoid' or a list with one name per layer"
        ) from None
    if len(activations) != n_layers:
        raise ValueError(
            f"activations has {len(activations)} names but the network "
            f"has {n_layers} layers; give one name per layer, or one "
            "name for all of them"
        )
    for name in activations:
        get_activation(name)  # raises for an unknown name
    return activations


def _check_sizes(sizes):
    """Layer sizes: a sequence of at least two positive integers."""
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise TypeError(
            f"sizes is {sizes!r}; expected a sequence of layer sizes "
            "such as (2, 2, 1)"
        ) from None
    if len(sizes) < 2:
        raise ValueError(
            f"sizes is {sizes}; expected at least two sizes, the "
            "input's and the output's, such as (2, 2, 1)"
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(
                f"sizes[{i}] is {n!r}; expected a whole number of neurons"
            )
        if n < 1:
            raise ValueError(
                f"sizes[{i}] is {n}; every layer needs at least one neuron"
            )
    return tuple(int(n) for n in sizes)


def init_scale(activation, n_in, n_out):
    """Standard deviation of a layer's initial weights.

    He's ``sqrt(2 / n_in)`` for relu, which zeroes half its inputs;
    Glorot's ``sqrt(2 / (n_in + n_out))`` for sigmoid and tanh, which
    keeps the spread of ``z`` about the same from layer to layer.
    """
    get_activation(activation)
    if activation == "relu":
        return np.sqrt(2.0 / n_in)
    return np.sqrt(2.0 / (n_in + n_out))


def init_mlp(sizes, activations="sigmoid", seed=0):
    """A network with seeded random weights and zero biases.

    Parameters
    ----------
    sizes : sequence of int
        ``(n_in, n_1, ..., n_out)``, at least two entries.
    activations : str or sequence of str
        One name for every layer, or one per layer (``len(sizes) - 1``).
    seed : int or numpy.random.Generator
        The same seed gives the same weights.

    Returns
    -------
    MLP
        ``W[i]`` drawn from a normal distribution with the spread of
        :func:`init_scale`; ``b[i]`` zero.
    """
    sizes = _check_sizes(sizes)
    activations = _check_activations(activations, len(sizes) - 1)
    rng = as_rng(seed)
    W, b = [], []
    layers = zip(sizes[:-1], sizes[1:], activations, strict=True)
    for n_in, n_out, name in layers:
        scale = init_scale(name, n_in, n_out)
        W.append(rng.normal(0.0, scale, size=(n_out, n_in)))
        b.append(np.zeros((n_out, 1)))
    return MLP(tuple(W), tuple(b), activations)


def make_mlp(W, b, activations="sigmoid"):
    """A network from your own arrays, checked and copied to float64.

    Parameters
    ----------
    W : sequence of array_like, entry i of shape (n[i+1], n[i])
        Weights, first layer first; consecutive shapes must chain:
        ``W[i]`` has one column per row of ``W[i-1]``.
    b : sequence of array_like, entry i of shape (n[i+1],) or (n[i+1], 1)
        Biases, one per layer; stored as columns.
    activations : str or sequence of str
        One name for every layer, or one per layer.

    Returns
    -------
    MLP
    """
    if isinstance(W, np.ndarray) or not isinstance(W, (list, tuple)):
        raise TypeError(
            f"W is a {type(W).__name__}; expected a list with one weight "
            "matrix per layer, such as [W1, W2]"
        )
    if not isinstance(b, (list, tuple)) or len(b) != len(W):
        got = len(b) if isinstance(b, (list, tuple)) else type(b).__name__
        raise ValueError(
            f"b is {got}; expected a list of {len(W)} biases, one per "
            "layer, to go with the weights"
        )
    if not W:
        raise ValueError("W is empty; expected at least one layer")
    Ws, bs = [], []
    for i, (Wi, bi) in enumerate(zip(W, b, strict=True)):
        Wi = as_array(f"W[{i}]", Wi)
        if Wi.ndim != 2:
            raise ValueError(
                f"W[{i}] has shape {Wi.shape}; expected a matrix "
                "(n_out, n_in), one row per neuron of its layer"
            )
        if i > 0 and Wi.shape[1] != Ws[-1].shape[0]:
            n_prev = Ws[-1].shape[0]
            raise ValueError(
                f"layer sizes do not chain: W[{i}] has shape {Wi.shape} "
                f"but W[{i - 1}] has {n_prev} rows; W[{i}] needs one "
                f"column per neuron of the layer before it: "
                f"({Wi.shape[0]}, {n_prev})"
            )
        n = Wi.shape[0]
        bi = as_array(f"b[{i}]", bi)
        if bi.shape not in {(n,), (n, 1)}:
            raise ValueError(
                f"b[{i}] has shape {bi.shape}; expected ({n},) or "
                f"({n}, 1), one entry per row of W[{i}]"
            )
        Ws.append(Wi)
        bs.append(bi.reshape(n, 1))
    activations = _check_activations(activations, len(Ws))
    return MLP(tuple(Ws), tuple(bs), activations)


def mlp_from_params(params):
    """The 2-2-1 ``nnlib.Params`` as a sigmoid ``MLP`` (same numbers).

    Parameters
    ----------
    params : Params
        ``W1 (n_hidden, n_in)``, ``b1``, ``W2 (n_out, n_hidden)``, ``b2``.

    Returns
    -------
    MLP
        Two sigmoid layers; the biases become columns.
    """
    if not isinstance(params, tuple) or len(params) != 4:
        raise TypeError(
            f"params is a {type(params).__name__}; expected "
            "nnlib.Params(W1, b1, W2, b2)"
        )
    p = make_params(*params)  # the 2-2-1 checks and messages
    b = [p.b1.reshape(-1, 1), p.b2.reshape(-1, 1)]
    return make_mlp([p.W1, p.W2], b, "sigmoid")


def _checked(net):
    """Accept an ``MLP`` (or a 3-tuple W, b, activations) and check it."""
    if not isinstance(net, tuple) or len(net) != 3:
        raise TypeError(
            f"net is a {type(net).__name__}; expected an nnlib MLP "
            "(from init_mlp or make_mlp)"
        )
    return make_mlp(list(net[0]), list(net[1]), net[2])


def _inputs(net, x):
    """Check ``x`` against the network: ``(n_in, N)`` columns."""
    return as_columns("x", x, net.W[0].shape[1])[0]


def _targets(net, t, N):
    """Check ``t`` against the network's output and the batch size."""
    n_out = net.W[-1].shape[0]
    T, _ = as_columns("t", t, n_out)
    if T.shape != (n_out, N):
        raise ValueError(
            f"t has shape {np.shape(t)} but x has {N} sample(s); give "
            f"one target column per sample: shape ({n_out}, {N})"
        )
    return T


# ------------------------------------------------------- the mathematics

def _forward(net, X):
    """Forward pass without input checks (article §5, §13)."""
    z, a = [], []
    a_prev = X
    for W, b, name in zip(net.W, net.b, net.activations, strict=True):
        f = UNCHECKED[name][0]
        z_i = W @ a_prev  # (n_out, n_in) @ (n_in, N) -> (n_out, N)
        z_i += b  # (n_out, 1) added to every column
        z.append(z_i)
        a.append(f(z_i))
        a_prev = a[-1]
    return MLPForward(X, tuple(z), tuple(a))


def _loss(y, T):
    """``nnlib.losses.loss`` without its input checks (same floats)."""
    per_sample = 0.5 * np.sum((y - T) ** 2, axis=0)  # (N,)
    return float(np.sum(per_sample) / T.shape[1])  # the mean, the 1/N


def _backward(net, fwd, T):
    """Backward pass without input checks (article §8 and §13)."""
    n_layers = len(net.W)
    N = T.shape[1]
    delta = [None] * n_layers

    # output layer: dL/dy = y - t times f'(z) from y, as in §8 steps 1-3
    f_prime = UNCHECKED[net.activations[-1]][1]
    delta[-1] = (fwd.y - T) * f_prime(fwd.y)

    # hidden layers, last to first: delta = (W_next^T delta_next) * f'(z)
    for i in range(n_layers - 2, -1, -1):
        f_prime = UNCHECKED[net.activations[i]][1]
        dL_da = net.W[i + 1].T @ delta[i + 1]  # (n_i, n_next) @ (n_next, N)
        dL_da *= f_prime(fwd.a[i])  # in place: large batches, fewer copies
        delta[i] = dL_da

    # parameter gradients: sums over the batch divided by N (the 1/N)
    dW, db = [], []
    for i in range(n_layers):
        a_prev = fwd.x if i == 0 else fwd.a[i - 1]
        dW_i = delta[i] @ a_prev.T  # (n_i, N) @ (N, n_prev), summed over N
        dW_i /= N
        dW.append(dW_i)
        db.append(np.sum(delta[i], axis=1, keepdims=True) / N)
    return MLPGradients(tuple(delta), tuple(dW), tuple(db))


def _update(net, grads, eta):
    """Gradient-descent step without input checks (article §9)."""
    W = tuple(W - eta * dW for W, dW in zip(net.W, grads.dW, strict=True))
    b = tuple(b - eta * db for b, db in zip(net.b, grads.db, strict=True))
    return MLP(W, b, net.activations)


def _update_in_place(net, grads, eta):
    """``_update`` writing into ``net``'s arrays and consuming ``grads``.

    Only for arrays the caller owns (``nnlib.train.fit`` steps its own
    copy): it saves allocating a new network at every step, which
    matters for large layers. The floats are those of ``_update``.
    """
    pairs = zip(net.W + net.b, grads.dW + grads.db, strict=True)
    for theta, d_theta in pairs:
        d_theta *= eta
        theta -= d_theta
    return net


# ------------------------------------------------------ checked, public

def forward(net, x):
    """Forward pass: every layer's ``z`` and ``a``.

    Parameters
    ----------
    net : MLP
    x : array_like of shape (n_in,), (n_in, 1) or (n_in, N)
        One sample, or a batch with one column per sample.

    Returns
    -------
    MLPForward
        ``x``, ``z`` and ``a`` as columns ``(n, N)``; ``y`` is ``a[-1]``.
    """
    net = _checked(net)
    return _forward(net, _inputs(net, x))


def predict(net, x):
    """The output ``y`` of shape (n_out, N) for ``x`` (see :func:`forward`)."""
    return forward(net, x).y


def loss_of(net, x, t):
    """Half squared error of the network on ``x``; a mean over samples.

    Parameters
    ----------
    net : MLP
    x : array_like of shape (n_in,), (n_in, 1) or (n_in, N)
    t : array_like of shape (n_out,), (n_out, 1) or (n_out, N)

    Returns
    -------
    float
    """
    net = _checked(net)
    X = _inputs(net, x)
    T = _targets(net, t, X.shape[1])
    return _loss(_forward(net, X).y, T)


def backward(net, x, t):
    """Backpropagation over a batch: every delta and gradient.

    Parameters
    ----------
    net : MLP
    x : array_like of shape (n_in,), (n_in, 1) or (n_in, N)
        Inputs, one column per sample.
    t : array_like of shape (n_out,), (n_out, 1) or (n_out, N)
        Targets, one column per sample (a scalar for one output and
        one sample).

    Returns
    -------
    MLPGradients
        ``delta[i]`` per sample; ``dW[i]`` and ``db[i]`` the batch means,
        each of its parameter's shape.
    """
    net = _checked(net)
    X = _inputs(net, x)
    T = _targets(net, t, X.shape[1])
    return _backward(net, _forward(net, X), T)


def update(net, grads, eta):
    """One gradient-descent step: ``W - eta dW`` and ``b - eta db``.

    Parameters
    ----------
    net : MLP
    grads : MLPGradients
        From :func:`backward` for this network.
    eta : float
        Learning rate, above 0.

    Returns
    -------
    MLP
        A new network; ``net`` is left as it was.
    """
    net = _checked(net)
    eta = as_scalar("eta", eta, positive=True)
    if not (hasattr(grads, "dW") and hasattr(grads, "db")):
        raise TypeError(
            f"grads is a {type(grads).__name__}; expected the "
            "MLPGradients that nnlib.mlp.backward returns"
        )
    checked = {}
    for kind, params, gs in (("W", net.W, grads.dW), ("b", net.b, grads.db)):
        if len(gs) != len(params):
            raise ValueError(
                f"grads.d{kind} has {len(gs)} entries but the network has "
                f"{len(params)} layers; were they computed for another "
                "network?"
            )
        checked[kind] = tuple(
            _gradient(f"grads.d{kind}[{i}]", g, p, f"{kind}[{i}]")
            for i, (p, g) in enumerate(zip(params, gs, strict=True))
        )
    return _update(net, MLPGradients(None, checked["W"], checked["b"]), eta)


def _gradient(name, g, param, param_name):
    """Check that a gradient has the shape of its parameter."""
    g = as_array(name, g)
    if g.shape != param.shape:
        raise ValueError(
            f"{name} has shape {g.shape}; expected {param.shape}, the "
            f"shape of {param_name}: a gradient has its parameter's shape"
        )
    return g
