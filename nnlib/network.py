"""The article's 2-2-1 network, one equation per function (article §3-§10).

Conventions, as in the article:

* columns are samples: ``x`` is ``(n_in,)`` or ``(n_in, 1)`` for one
  sample, ``X`` is ``(n_in, N)`` for a batch of ``N``;
* ``W1`` is ``(n_hidden, n_in)``, ``W2`` is ``(n_out, n_hidden)``;
* ``y`` is the network's output and ``t`` the target (other books call
  the label ``y``);
* a gradient such as ``dW1`` is dL/dW1 and has the shape of ``W1``.

Nothing here keeps state, prints, or changes its inputs: every function
takes plain arrays and returns new ones. The sizes are read from the
parameters, so a 3-4-2 network works too; the article's is 2-2-1. Only
the sigmoid is used, as in the article; ``nnlib.mlp`` has the others.
"""

from typing import NamedTuple

import numpy as np

from ._validate import (
    as_array,
    as_columns,
    as_scalar,
    check_finite_result,
    check_shape,
)
from .activations import sigmoid, sigmoid_prime_from_a
from .losses import loss


class Params(NamedTuple):
    """The four parameters of a one-hidden-layer network.

    Attributes
    ----------
    W1 : ndarray of shape (n_hidden, n_in)
    b1 : ndarray of shape (n_hidden,) or (n_hidden, 1)
    W2 : ndarray of shape (n_out, n_hidden)
    b2 : ndarray of shape (n_out,) or (n_out, 1), or a scalar if n_out is 1

    Build with :func:`params` to have the shapes checked and the values
    copied to float64.
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray


def params(W1, b1, W2, b2):
    """Return checked float64 copies of the four parameters as ``Params``.

    Raises ``ValueError`` naming the parameter whose shape does not fit
    the others, and ``TypeError`` for values that are not numbers.
    """
    W1 = as_array("W1", W1)
    W2 = as_array("W2", W2)
    if W1.ndim != 2:
        raise ValueError(
            f"W1 has shape {W1.shape}; expected (n_hidden, n_in), "
            "one row per hidden neuron"
        )
    if W2.ndim != 2:
        raise ValueError(
            f"W2 has shape {W2.shape}; expected (n_out, n_hidden), one row "
            "per output neuron (the article's W2 is [[0.3, -0.2]], (1, 2))"
        )
    n_hidden = W1.shape[0]
    n_out = W2.shape[0]
    if W2.shape[1] != n_hidden:
        raise ValueError(
            f"W2 has shape {W2.shape} but W1 has {n_hidden} rows; W2 needs "
            f"one column per hidden neuron: ({n_out}, {n_hidden})"
        )
    b1 = _bias("b1", b1, n_hidden)
    b2 = _bias("b2", b2, n_out)
    return Params(W1, b1, W2, b2)


def _bias(name, b, n):
    """Check a bias: ``(n,)`` or ``(n, 1)``, or a scalar when n is 1."""
    b = as_array(name, b)
    if b.shape not in {(n,), (n, 1)} and not (b.ndim == 0 and n == 1):
        raise ValueError(
            f"{name} has shape {b.shape}; expected ({n},) or ({n}, 1), "
            "one entry per neuron of its layer"
        )
    return b


def _checked(p):
    """Accept a ``Params`` (or any 4-tuple) and check it."""
    if not isinstance(p, tuple) or len(p) != 4:
        raise TypeError(
            f"params is a {type(p).__name__}; expected "
            "nnlib.Params(W1, b1, W2, b2)"
        )
    return params(*p)


def _column(b):
    """A bias as a column ``(n, 1)``, so it broadcasts across samples."""
    return b.reshape(-1, 1)


class Forward(NamedTuple):
    """Every value of the forward pass (article §5).

    Shapes follow ``x``: for ``x`` of shape ``(n_in,)`` the values are
    1-D, for ``(n_in, 1)`` or a batch ``(n_in, N)`` they are columns.

    Attributes
    ----------
    z1 : ndarray of shape (n_hidden, N)   hidden pre-activation, step 1
    a1 : ndarray of shape (n_hidden, N)   hidden activation, step 2
    z2 : ndarray of shape (n_out, N)      output pre-activation, step 3
    y : ndarray of shape (n_out, N)       network output, step 4
    """

    z1: np.ndarray
    a1: np.ndarray
    z2: np.ndarray
    y: np.ndarray


def hidden_preactivation(W1, x, b1):
    """Step 1: ``z1 = W1 x + b1``.  (n_hidden, n_in) @ (n_in, N)."""
    return W1 @ x + _column(b1)


def output_preactivation(W2, a1, b2):
    """Step 3: ``z2 = W2 a1 + b2``.  (n_out, n_hidden) @ (n_hidden, N)."""
    return W2 @ a1 + _column(b2)


def forward(params, x):
    """The forward pass, steps 1 to 4 of article §5.

    Parameters
    ----------
    params : Params
        ``W1 (n_hidden, n_in)``, ``b1``, ``W2 (n_out, n_hidden)``, ``b2``.
    x : array_like of shape (n_in,), (n_in, 1) or (n_in, N)
        One sample, or a batch with one column per sample.

    Returns
    -------
    Forward
        ``z1``, ``a1``, ``z2``, ``y``, shaped like ``x`` (see Forward).
    """
    p = _checked(params)
    X, ndim = as_columns("x", x, p.W1.shape[1])

    # huge but finite inputs can overflow a product; say so plainly
    # instead of letting numpy warn and a later step see an infinity
    with np.errstate(over="ignore", invalid="ignore"):
        z1 = hidden_preactivation(p.W1, X, p.b1)
        check_finite_result("z1", z1, "x, W1 and b1")
        a1 = sigmoid(z1)
        z2 = output_preactivation(p.W2, a1, p.b2)
        check_finite_result("z2", z2, "W2 and b2")
    y = sigmoid(z2)

    return Forward(*(_like_input(v, ndim) for v in (z1, a1, z2, y)))


def _like_input(v, ndim):
    """Give a 1-D sample 1-D results, and columns to everything else."""
    return v[:, 0] if ndim == 1 else v


def predict(params, x):
    """The network's output ``y`` for ``x`` (see :func:`forward`)."""
    return forward(params, x).y


def loss_of(params, x, t):
    """The loss ``L`` of the network on ``x`` against target ``t``.

    For a batch, the mean over samples (article §13).
    """
    y = forward(params, x).y
    return loss(y, _target(t, y))


def _target(t, y):
    """Check ``t`` against the output ``y`` and return it as columns."""
    n_out = y.shape[0]
    T, _ = as_columns("t", t, n_out)
    Y = y.reshape(n_out, -1)
    if T.shape != Y.shape:
        raise ValueError(
            f"t has shape {np.shape(t)} but the output y has shape "
            f"{y.shape}; give one target per output and sample, "
            f"shape ({n_out}, {Y.shape[1]})"
        )
    return T


class Gradients(NamedTuple):
    """Every quantity of the backward pass (article §8, steps 1 to 6).

    Per-sample quantities have one column per sample (1-D for a 1-D
    ``x``); parameter gradients have their parameter's shape and are
    means over the batch (article §13).

    Attributes
    ----------
    dL_dy : (n_out, N)       step 1, ``y - t``
    dy_dz2 : (n_out, N)      step 2, ``y (1 - y)``
    delta2 : (n_out, N)      step 3, ``dL_dy * dy_dz2``
    dW2 : shape of W2        step 4, ``delta2 a1^T / N``
    db2 : shape of b2        step 4, ``delta2`` averaged over samples
    dL_da1 : (n_hidden, N)   step 5, ``W2^T delta2``
    da1_dz1 : (n_hidden, N)  step 5, ``a1 (1 - a1)``
    delta1 : (n_hidden, N)   step 5, ``dL_da1 * da1_dz1``
    dW1 : shape of W1        step 6, ``delta1 x^T / N``
    db1 : shape of b1        step 6, ``delta1`` averaged over samples
    """

    dL_dy: np.ndarray
    dy_dz2: np.ndarray
    delta2: np.ndarray
    dW2: np.ndarray
    db2: np.ndarray
    dL_da1: np.ndarray
    da1_dz1: np.ndarray
    delta1: np.ndarray
    dW1: np.ndarray
    db1: np.ndarray


def weight_gradient(delta, a_prev):
    """``delta a_prev^T / N``: (n_out, N) @ (N, n_in) -> (n_out, n_in)."""
    return delta @ a_prev.T / delta.shape[1]


def bias_gradient(delta, b):
    """``delta`` averaged over samples, shaped like the bias ``b``."""
    return np.mean(delta, axis=1).reshape(b.shape)


def backward(params, x, t):
    """Backpropagation for one sample or a batch (article §8 and §13).

    Parameters
    ----------
    params : Params
    x : array_like of shape (n_in,), (n_in, 1) or (n_in, N)
    t : array_like of shape (n_out,), (n_out, 1) or (n_out, N)
        Targets, one column per sample; a scalar when there is one
        output and one sample.

    Returns
    -------
    Gradients
        Every quantity the article names in §8, in its order.
    """
    p = _checked(params)
    X, ndim = as_columns("x", x, p.W1.shape[1])
    fwd = forward(p, X)
    T = _target(t, fwd.y)

    # output layer: steps 1 to 4 (the values are bounded: |y - t| is
    # finite and sigmoid's slope is at most 1/4; a huge W2 is the one
    # way a product below can overflow, caught at the end)
    dL_dy = fwd.y - T
    dy_dz2 = sigmoid_prime_from_a(fwd.y)
    delta2 = dL_dy * dy_dz2
    dW2 = weight_gradient(delta2, fwd.a1)  # (n_out, N) @ (N, n_hidden)
    db2 = bias_gradient(delta2, p.b2)

    # hidden layer: steps 5 and 6
    with np.errstate(over="ignore", invalid="ignore"):
        dL_da1 = p.W2.T @ delta2  # (n_hidden, n_out) @ (n_out, N)
        da1_dz1 = sigmoid_prime_from_a(fwd.a1)
        delta1 = dL_da1 * da1_dz1
        dW1 = weight_gradient(delta1, X)  # (n_hidden, N) @ (N, n_in)
        check_finite_result("dW1", dW1, "x and W2")
    db1 = bias_gradient(delta1, p.b1)

    per_sample = {
        "dL_dy": dL_dy, "dy_dz2": dy_dz2, "delta2": delta2,
        "dL_da1": dL_da1, "da1_dz1": da1_dz1, "delta1": delta1,
    }
    per_sample = {k: _like_input(v, ndim) for k, v in per_sample.items()}
    return Gradients(dW2=dW2, db2=db2, dW1=dW1, db1=db1, **per_sample)


def update(params, grads, eta):
    """One gradient-descent step (article §9): ``theta - eta * dtheta``.

    Parameters
    ----------
    params : Params
    grads : Gradients, or anything with ``dW1``, ``db1``, ``dW2``, ``db2``
        Each of its parameter's shape.
    eta : float
        Learning rate, above 0.

    Returns
    -------
    Params
        New arrays; ``params`` is left as it was.
    """
    p = _checked(params)
    eta = as_scalar("eta", eta, positive=True)
    new = []
    for name, theta in zip(Params._fields, p, strict=True):
        g_name = "d" + name
        if not hasattr(grads, g_name):
            raise TypeError(
                f"grads has no {g_name}; expected the Gradients that "
                "nnlib.backward returns"
            )
        g = as_array(g_name, getattr(grads, g_name))
        check_shape(
            g_name, g, theta.shape,
            f", the shape of {name}: a gradient has its parameter's shape",
        )
        new.append(theta - eta * g)
    return Params(*new)
