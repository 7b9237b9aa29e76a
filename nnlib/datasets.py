"""Small data sets for training demonstrations, in the column layout.

* :func:`xor`: the four points of exclusive or, the classic problem a
  single neuron cannot solve and a 2-2-1 network can.
* :func:`digits`: scikit-learn's bundled 8x8 handwritten digits (1797
  images, read from the installed package, never downloaded), split
  into a training and a test set with a seeded shuffle.

Every array follows nnlib's convention: one column per sample, so
inputs are ``(n_in, N)`` and one-hot targets ``(n_classes, N)``.
"""

import functools
from typing import NamedTuple

import numpy as np

from ._validate import as_rng, as_scalar


def xor():
    """The exclusive-or problem.

    Returns
    -------
    x : ndarray of shape (2, 4)
        The inputs (0, 0), (0, 1), (1, 0), (1, 1) as columns.
    t : ndarray of shape (1, 4)
        Targets 0, 1, 1, 0.
    """
    x = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    t = np.array([[0.0, 1.0, 1.0, 0.0]])
    return x, t


def one_hot(labels, n_classes):
    """Targets with a 1 in the row of each sample's class.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
    n_classes : int

    Returns
    -------
    ndarray of shape (n_classes, N)
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(
            f"labels has shape {labels.shape} and dtype {labels.dtype}; "
            "expected a 1-D array of whole-number class labels"
        )
    if labels.size and not 0 <= labels.min() <= labels.max() < n_classes:
        raise ValueError(
            f"labels run from {labels.min()} to {labels.max()}; expected "
            f"classes 0 to {n_classes - 1}"
        )
    t = np.zeros((n_classes, labels.size))
    t[labels, np.arange(labels.size)] = 1.0
    return t


class Digits(NamedTuple):
    """The digits, split; inputs are pixel intensities scaled to [0, 1].

    Attributes
    ----------
    x_train : ndarray of shape (64, N_train)
    t_train : ndarray of shape (10, N_train)     one-hot targets
    labels_train : ndarray of int, shape (N_train,)
    x_test : ndarray of shape (64, N_test)
    t_test : ndarray of shape (10, N_test)
    labels_test : ndarray of int, shape (N_test,)
    """

    x_train: np.ndarray
    t_train: np.ndarray
    labels_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    labels_test: np.ndarray


@functools.lru_cache(maxsize=1)
def _load_digits():
    """All 1797 images as read-only columns scaled to [0, 1], and labels.

    Read once per process: scikit-learn parses a bundled CSV each time.
    """
    from sklearn.datasets import load_digits  # bundled: no download

    images, labels = load_digits(return_X_y=True)  # rows are samples
    x = images.T / 16.0  # pixel values run from 0 to 16
    x.flags.writeable = False
    labels.flags.writeable = False
    return x, labels


def digits(test_fraction=0.25, seed=0):
    """scikit-learn's 8x8 digits as columns, split into train and test.

    Parameters
    ----------
    test_fraction : float
        Share of the 1797 images held out for testing, in (0, 1).
    seed : int or numpy.random.Generator
        Seeds the shuffle before the split.

    Returns
    -------
    Digits
    """
    test_fraction = as_scalar("test_fraction", test_fraction)
    if not 0 < test_fraction < 1:
        raise ValueError(
            f"test_fraction is {test_fraction}; expected a share "
            "strictly between 0 and 1, such as 0.25"
        )
    x, labels = _load_digits()
    order = as_rng(seed).permutation(labels.size)
    n_test = int(round(test_fraction * labels.size))
    test, train = order[:n_test], order[n_test:]
    return Digits(
        x[:, train], one_hot(labels[train], 10), labels[train],
        x[:, test], one_hot(labels[test], 10), labels[test],
    )
