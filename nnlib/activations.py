"""Activation functions and their derivatives (article §3 and §13).

Every derivative says in its name what it takes:

* ``*_prime_from_z(z)`` takes the pre-activation ``z``;
* ``*_prime_from_a(a)`` takes the activation ``a = f(z)``.

They give the same number only when each gets its own argument. Passing
``a`` where ``z`` belongs (or the other way round) is one of the classic
mistakes of article §14, so the two are separate functions on purpose.

All functions take arrays of any shape and return new float64 arrays.
"""

import numpy as np

from ._validate import as_array


def sigmoid(z):
    """Logistic sigmoid, ``1 / (1 + exp(-z))``, elementwise.

    Parameters
    ----------
    z : array_like of any shape
        Pre-activations.

    Returns
    -------
    ndarray of the same shape
        Values in [0, 1]. No overflow warning for any finite ``z``:
        ``exp`` is only ever taken of ``-|z|`` and ``min(z, 0)``, which
        cannot overflow. The ends are exact: ``sigmoid(40.0) == 1.0`` in
        float64 and ``sigmoid(-800.0) == 0.0``.
    """
    return _sigmoid(as_array("z", z))


def _sigmoid(z):
    """The sigmoid of a float64 array, without input checks.

    ``1 / (1 + e)`` where ``z >= 0`` and ``e / (1 + e)`` elsewhere, with
    ``e = exp(-|z|)`` in (0, 1]. The numerator ``exp(min(z, 0))`` is
    exactly 1 where ``z >= 0`` and exactly ``e`` elsewhere, so no
    per-entry branch is needed (``np.where`` over mixed signs is several
    times slower on large batches). The general network's training loop
    calls this directly on arrays it made itself.
    """
    numerator = np.exp(np.minimum(z, 0.0))
    e = np.exp(-np.abs(z))
    return numerator / (1.0 + e)


def sigmoid_prime_from_z(z):
    """Derivative of the sigmoid at ``z``: ``sigmoid(z) * (1 - sigmoid(z))``.

    Parameters
    ----------
    z : array_like of any shape
        Pre-activations (not activations).
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def sigmoid_prime_from_a(a):
    """Derivative of the sigmoid given its output ``a = sigmoid(z)``.

    This is the article's ``y (1 - y)`` and ``a1 (1 - a1)``: it reuses the
    activation computed on the forward pass.

    Parameters
    ----------
    a : array_like of any shape
        Activations, each in [0, 1] (not pre-activations).
    """
    a = as_array("a", a)
    if np.any((a < 0) | (a > 1)):
        raise ValueError(
            "a has values outside [0, 1], so it is not a sigmoid output; "
            "did you mean sigmoid_prime_from_z(z)?"
        )
    return a * (1.0 - a)


def tanh(z):
    """Hyperbolic tangent, elementwise; values in [-1, 1]."""
    return np.tanh(as_array("z", z))


def tanh_prime_from_z(z):
    """Derivative of tanh at ``z``: ``1 - tanh(z)**2``."""
    return 1.0 - np.tanh(as_array("z", z)) ** 2


def tanh_prime_from_a(a):
    """Derivative of tanh given its output ``a = tanh(z)``: ``1 - a**2``."""
    a = as_array("a", a)
    if np.any(np.abs(a) > 1):
        raise ValueError(
            "a has values outside [-1, 1], so it is not a tanh output; "
            "did you mean tanh_prime_from_z(z)?"
        )
    return 1.0 - a**2


def relu(z):
    """Rectified linear unit, ``max(z, 0)``, elementwise."""
    return np.maximum(as_array("z", z), 0.0)


def relu_prime_from_z(z):
    """Derivative of relu at ``z``: 1 where ``z > 0``, else 0.

    At ``z == 0`` relu has a kink and no derivative; like most libraries
    we use 0 there. A finite-difference check that lands on the kink
    disagrees with this, which is why ``nnlib``'s gradient check warns
    about it.
    """
    return (as_array("z", z) > 0).astype(np.float64)


def relu_prime_from_a(a):
    """Derivative of relu given its output ``a = relu(z)``: 1 where a > 0."""
    a = as_array("a", a)
    if np.any(a < 0):
        raise ValueError(
            "a has negative values, so it is not a relu output; "
            "did you mean relu_prime_from_z(z)?"
        )
    return (a > 0).astype(np.float64)


# name -> (f, f' from a) without input checks, for arrays nnlib made
# itself: the general network's hot path (the checked functions above
# are these plus as_array, so the two give the same floats)
UNCHECKED = {
    "sigmoid": (_sigmoid, lambda a: a * (1.0 - a)),
    "tanh": (np.tanh, lambda a: 1.0 - a**2),
    "relu": (lambda z: np.maximum(z, 0.0),
             lambda a: (a > 0).astype(np.float64)),
}

# name -> (f, f' from z, f' from a); the general network looks them up here
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime_from_z, sigmoid_prime_from_a),
    "tanh": (tanh, tanh_prime_from_z, tanh_prime_from_a),
    "relu": (relu, relu_prime_from_z, relu_prime_from_a),
}


def get_activation(name):
    """Return ``(f, f_prime_from_z, f_prime_from_a)`` for ``name``."""
    if name not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {name!r}; only "
            f"{', '.join(map(repr, ACTIVATIONS))} are supported"
        )
    return ACTIVATIONS[name]
