"""Input checks shared by every public function of nnlib.

Each check either returns a fresh float64 array (so the caller's array is
never mutated and integers are never truncated) or raises an error that
names the argument, what was given and what was expected.
"""

import numbers

import numpy as np


def as_array(name, value):
    """Return ``value`` as a new finite float64 array.

    Raises
    ------
    TypeError
        If ``value`` is not numeric (strings, objects, booleans, None).
    ValueError
        If ``value`` holds NaN or an infinity.
    """
    if value is None:
        raise TypeError(f"{name} is None; expected numbers")
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name} is the text {value!r}; expected numbers, "
            "for example 0.5 or np.array([[1.0], [0.5]])"
        )
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError):  # ragged nested lists end up here
        raise TypeError(
            f"{name} is not a rectangular array of numbers; check that "
            "every row has the same length"
        ) from None
    if raw.dtype == object:
        raw = _objects_as_floats(name, value, raw)
    if raw.dtype.kind == "b" or not (
        raw.dtype.kind in "iuf" or raw.size == 0
    ):
        raise TypeError(
            f"{name} has dtype {raw.dtype}; expected real numbers "
            "(int or float)"
        )
    arr = np.array(raw, dtype=np.float64, copy=True)
    if not np.all(np.isfinite(arr)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        if np.isnan(arr[where]):
            bad, why = "NaN", ("a NaN usually comes from an earlier step "
                               "that divided 0 by 0 or took inf - inf")
        else:
            bad, why = "an infinite value", (
                "an infinity usually comes from an earlier step that "
                "overflowed: scale the inputs or weights down")
        raise ValueError(
            f"{name} contains {bad} at index {where}; every entry must be "
            f"a finite number ({why})"
        )
    return arr


def _objects_as_floats(name, value, raw):
    """Read Python numbers numpy kept as objects (Fraction, Decimal,
    integers beyond int64) as float64, or say why they cannot be."""
    try:
        return np.array(value, dtype=np.float64)
    except OverflowError:
        raise ValueError(
            f"{name} holds a number too large for float64 (above about "
            "1.8e308); scale it down"
        ) from None
    except (TypeError, ValueError):
        if raw.ndim == 0:
            raise TypeError(
                f"{name} is {value!r} ({type(value).__name__}); expected "
                "a real number"
            ) from None
        raise TypeError(
            f"{name} is not a rectangular array of numbers; check that "
            "every row has the same length and every entry is a number"
        ) from None


def check_finite_result(name, arr, inputs):
    """Raise if a computed array overflowed, naming what to scale down."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(
            f"{name} overflowed to infinity or NaN: {inputs} are too "
            "large for float64 (products above about 1.8e308); scale "
            "them down"
        )


def as_scalar(name, value, *, positive=False):
    """Return ``value`` as a Python float, checked finite (and > 0)."""
    if isinstance(value, bool) or not isinstance(
        value, (numbers.Real, np.ndarray, np.generic)
    ):
        raise TypeError(
            f"{name} is {value!r} ({type(value).__name__}); "
            "expected a real number such as 0.1"
        )
    arr = as_array(name, value)
    if arr.size != 1:
        raise ValueError(
            f"{name} has shape {arr.shape}; expected a single number"
        )
    out = float(arr.reshape(()))
    if positive and not out > 0:
        raise ValueError(
            f"{name} is {out}; expected a positive number (gradient "
            "descent steps against the gradient with a rate above 0)"
        )
    return out


def as_columns(name, value, rows):
    """Return ``value`` as a 2-D array with ``rows`` rows, and its ndim.

    A single sample may come as ``(rows,)`` or ``(rows, 1)``; a batch as
    ``(rows, N)`` with one column per sample. A 0-d value is accepted
    when ``rows`` is 1 (a scalar target such as ``t = 1.0``).
    """
    arr = as_array(name, value)
    ndim = arr.ndim
    if ndim == 0 and rows == 1:
        arr = arr.reshape(1, 1)
    elif ndim == 1 and arr.shape[0] == rows:
        arr = arr.reshape(rows, 1)
    if arr.ndim != 2 or arr.shape[0] != rows or arr.shape[1] == 0:
        raise ValueError(
            f"{name} has shape {np.shape(value)}; expected ({rows},) or "
            f"({rows}, 1) for one sample, or ({rows}, N) for a batch "
            "with one column per sample"
        )
    return arr, ndim


def check_shape(name, arr, shape, hint=""):
    """Raise ValueError unless ``arr.shape == shape``."""
    if arr.shape != shape:
        raise ValueError(
            f"{name} has shape {arr.shape}; expected {shape}{hint}"
        )


def as_rng(seed):
    """A numpy Generator from ``seed``: a whole number >= 0 or a Generator.

    The same whole number always gives the same stream of numbers.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed is {seed!r} ({type(seed).__name__}); expected a whole "
            "number such as 0, or a numpy.random.Generator"
        )
    if seed < 0:
        raise ValueError(f"seed is {seed}; expected a whole number >= 0")
    return np.random.default_rng(int(seed))
