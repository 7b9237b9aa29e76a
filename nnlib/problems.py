"""Fresh 2-2-1 problems a person can work by hand, with answer keys.

:func:`generate` draws, from a seed, a new problem of the article's
shape: inputs, weights and biases with one or two decimals, a target
and a learning rate, so that every product can be worked on paper (a
calculator is still needed for the sigmoid). Each problem carries its
full answer key from nnlib, exact and as text at a chosen number of
decimals. The same seed always gives the same problem, on any machine:
the numbers come from ``numpy.random.default_rng(seed)``.

A problem is only kept if it teaches well and checks well:

* no quantity of the backward pass is zero or too small to see at the
  chosen decimals (every delta and gradient entry is visible);
* every named mistake of :mod:`nnlib.checks` changes the answer where
  it is made, by more than the chosen decimals can hide, and no two
  mistakes give the same number there, so the checker can name each
  one (the pairs that coincide by nature, such as a flipped update and
  ``t - y`` seen from the update, stay reported together).

Limits: the network is always the article's 2-2-1 with sigmoids; a
batch of two samples is refused, because summing over two samples and
doubling (the "factor 2" mistake) are then the same number.
"""

import functools
from typing import NamedTuple

import numpy as np

from ._validate import as_rng
from .checks import (
    MISTAKES,
    RULES,
    STEP_NAMES,
    _as_example,
    _key,
    check,
)
from .example import WorkedExample
from .network import params

# Values a person can multiply by hand.
X_VALUES = (0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 1.0, 1.5, 2.0)
T_VALUES = (0.0, 0.1, 0.2, 0.8, 0.9, 1.0)
ETA_VALUES = (0.1, 0.2, 0.3)  # 0.5 and 1.0 make mistakes coincide

# Mistakes that give the same number by nature: seen from the update,
# "t - y" flips every gradient, which is what a flipped update does.
TWINS = {
    "update_sign": {"t_minus_y"},
}
MAX_DRAWS = 2000


class Problem(NamedTuple):
    """A generated problem and its answer key.

    Attributes
    ----------
    seed : int or None
        The seed it was drawn from (None when drawn from a Generator).
    digits : int
        Decimals the problem is meant to be worked to.
    example : WorkedExample
        ``x (2, N)``, ``t (1, N)``, ``eta``, ``params``; what
        :func:`nnlib.check` and :mod:`nnlib.walkthrough` take.
    key : dict
        Step name -> exact value (2-D float64 array, or float for the
        losses), computed by nnlib.
    name : str
        How feedback refers to it, such as ``"practice problem 7"``.
    """

    seed: object
    digits: int
    example: WorkedExample
    key: dict
    name: str

    @property
    def x(self):
        return self.example.x

    @property
    def t(self):
        return self.example.t

    @property
    def eta(self):
        return self.example.eta

    @property
    def params(self):
        return self.example.params

    def answers(self, digits=None):
        """The key as text, rounded to ``digits`` decimals.

        ``digits`` defaults to the problem's own. Values come as nested
        lists of str, like ``nnlib.PRINTED``: what a careful learner
        would write down.
        """
        digits = self.digits if digits is None else _digits(digits)
        return {name: _text(value, digits)
                for name, value in self.key.items()}


def _digits(digits):
    if isinstance(digits, bool) or not isinstance(digits, (int,
                                                           np.integer)):
        raise TypeError(f"digits is {digits!r}; expected a whole number "
                        "of decimals from 3 to 7")
    if not 3 <= digits <= 7:
        raise ValueError(
            f"digits is {digits}; expected 3 to 7 (fewer decimals hide "
            "the small hidden-layer gradients, more are not hand work)"
        )
    return int(digits)


def _text(value, digits):
    def one(v):
        text = f"{v:.{digits}f}"
        return text.lstrip("-") if float(text) == 0 else text

    if np.ndim(value) == 0:
        return one(float(value))
    return [[one(v) for v in row] for row in np.asarray(value)]


def generate(seed, digits=4, n_samples=1):
    """A fresh, well-posed 2-2-1 problem with its answer key.

    Parameters
    ----------
    seed : int >= 0, or numpy.random.Generator
        The same int always gives the same problem.
    digits : int, 3 to 7
        Decimals the learner works to; the problem is chosen so that
        every gradient and every named mistake shows at this precision.
    n_samples : int, 1 or at least 3
        Samples in the batch (columns of ``x``).

    Returns
    -------
    Problem
    """
    digits = _digits(digits)
    rng, seed = _rng(seed)
    n_samples = _n_samples(n_samples)
    if seed is None:
        return _generate(rng, None, digits, n_samples)
    problem = _cached(seed, digits, n_samples)
    return problem._replace(key=dict(problem.key))  # arrays: read-only


@functools.lru_cache(maxsize=256)
def _cached(seed, digits, n_samples):
    return _generate(np.random.default_rng(seed), seed, digits, n_samples)


def _n_samples(n_samples):
    if isinstance(n_samples, bool) or not isinstance(
        n_samples, (int, np.integer)
    ) or n_samples < 1 or n_samples == 2:
        raise ValueError(
            f"n_samples is {n_samples!r}; expected 1, or 3 or more (with "
            "two samples, summing over the batch and the factor-2 "
            "mistake give the same number, so neither could be named)"
        )
    return int(n_samples)


def _generate(rng, seed, digits, n_samples):
    for _ in range(MAX_DRAWS):
        example = _draw(rng, n_samples)
        if well_posed(example, digits):
            break
    else:  # pragma: no cover - never seen for digits 3 to 7
        raise RuntimeError(f"no well-posed problem in {MAX_DRAWS} draws")
    name = (f"practice problem {seed}" if seed is not None
            else "a practice problem")
    key = _key(_as_example(example)[0])  # read-only arrays
    return Problem(seed, digits, example, key, name)


def _rng(seed):
    rng = as_rng(seed)
    return rng, (None if rng is seed else int(seed))


def _signed(rng, values, shape):
    picked = rng.choice(values, size=shape)
    signs = rng.choice((-1.0, 1.0), size=shape)
    return np.round(picked * signs, 2)


def _tenths(rng, low, high, shape):
    """Nonzero multiples of 0.1 with |v| in [low, high]."""
    values = np.arange(round(low * 10), round(high * 10) + 1) / 10
    return _signed(rng, values, shape)


def _draw(rng, n):
    x = _signed(rng, X_VALUES, (2, n))
    p = params(
        W1=_tenths(rng, 0.1, 0.9, (2, 2)),
        b1=_tenths(rng, 0.1, 0.5, (2, 1)),
        W2=_tenths(rng, 0.2, 1.5, (1, 2)),
        b2=_tenths(rng, 0.1, 0.5, (1, 1)),
    )
    t = rng.choice(T_VALUES, size=(1, n))
    eta = float(rng.choice(ETA_VALUES))
    for a in (x, t, *p):
        a.flags.writeable = False
    return WorkedExample(x=x, t=t, eta=eta, params=p)


def well_posed(example, digits=4):
    """Whether every gradient and every named mistake shows at ``digits``.

    See the module docstring for the conditions. ``example`` is any
    WorkedExample; :func:`generate` keeps only problems that pass.
    """
    env, _, _ = _as_example(example)
    key = _key(env)
    unit = 10.0 ** -digits
    y, t = key["y"], env["t"]
    if np.min(np.abs(y - t)) < 0.1:
        return False  # too close to the target to learn much
    for name in ("delta2", "dW2", "db2", "delta1", "dW1", "db1"):
        if np.min(np.abs(key[name])) < 3 * unit:
            return False
    exact = dict(env, **key)
    for step, mistake, rule in RULES:
        try:
            wrong = rule(exact)
        except ValueError:
            continue
        if wrong is None:
            continue
        wrong = np.asarray(wrong, dtype=np.float64)
        if wrong.shape == np.shape(key[step]) and np.max(
            np.abs(wrong - key[step])
        ) < 3 * unit:
            return False
        # as a machine result to the problem's precision, and as text
        for value, atol in ((wrong, unit / 2),
                            (_text(wrong, digits), None)):
            named = check({step: value}, example, atol=atol)[step]
            keys = named.mistake_keys
            if (mistake not in keys
                    or set(keys) - {mistake} - TWINS.get(mistake, set())):
                return False
    return True


__all__ = ["MISTAKES", "Problem", "STEP_NAMES", "X_VALUES", "generate",
           "well_posed"]
