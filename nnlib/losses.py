"""The article's loss: half the squared error (article §3 and §5).

The article calls it "MSE". For one sample with one output it is
``L = 1/2 (y - t)**2``: half a squared error, not a mean of anything.
With several outputs we add the halves over outputs; with a batch of
``N`` samples (one per column) we take the mean over samples, the 1/N
of article §13.
"""

import numpy as np

from ._validate import as_array


def _pair(y, t):
    """Return ``y`` and ``t`` as 2-D (n_out, N) arrays of equal shape."""
    y = as_array("y", y)
    t = as_array("t", t)
    y2 = y.reshape(1, 1) if y.ndim == 0 else y
    y2 = y2.reshape(-1, 1) if y2.ndim == 1 else y2
    # a scalar or 1-D target follows the output's layout when it can
    t2 = t.reshape(1, 1) if t.ndim == 0 else t
    t2 = t2.reshape(-1, 1) if t2.ndim == 1 else t2
    if y2.ndim != 2 or t2.ndim != 2 or y2.shape != t2.shape:
        raise ValueError(
            f"y has shape {y.shape} but t has shape {t.shape}; the target "
            "needs one entry per output and sample: give t the shape of y "
            "(for a batch, (n_out, N) with one column per sample)"
        )
    return y2, t2


def loss(y, t):
    """Half squared error; for a batch, its mean over samples.

    Parameters
    ----------
    y : array_like of shape (n_out,), (n_out, 1) or (n_out, N), or scalar
        Network outputs, one column per sample.
    t : array_like of the same shape as ``y`` (a scalar when n_out is 1)
        Targets.

    Returns
    -------
    float
        ``mean over columns of sum over rows of 1/2 (y - t)**2``.
    """
    y2, t2 = _pair(y, t)
    per_sample = 0.5 * np.sum((y2 - t2) ** 2, axis=0)  # (N,)
    return float(np.mean(per_sample))


def loss_prime(y, t):
    """Derivative of one sample's loss with respect to its output: y - t.

    Parameters
    ----------
    y, t : array_like of the same shape (see :func:`loss`)

    Returns
    -------
    ndarray of the shape of ``y``
        Per sample, not divided by N: the batch mean is applied once, to
        the parameter gradients (article §13).
    """
    y2, t2 = _pair(y, t)
    return (y2 - t2).reshape(np.shape(y))
