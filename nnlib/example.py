"""The article's worked example and every number it prints.

``ARTICLE`` holds the inputs of article §4. ``PRINTED`` holds each value
the article prints in §5, §8, §9 and §10 exactly as printed, as text, so
the number of digits it was printed to is not lost: a printed value is
trusted to half a unit in its last digit (see :func:`printed`).

The article is loose in three places, which the notebooks say plainly:
its "MSE" is the half squared error of one sample; its §10 values were
worked from rounded numbers (four-digit ``a1_new``), so their last digit
can move; and its §5 line ``1/2 (0.5285 - 1)^2 = 0.11115`` does not hold
as written: the rounded y = 0.5285 gives 0.111156..., which rounds to
0.11116, while the exact y = 0.5285101... gives 0.111151..., the
printed 0.11115.
"""

from decimal import Decimal
from typing import NamedTuple

import numpy as np

from .network import Params, params


class WorkedExample(NamedTuple):
    """Inputs of one worked problem.

    Attributes
    ----------
    x : ndarray of shape (n_in, 1)
    t : ndarray of shape (n_out, 1)
    eta : float
    params : Params
    """

    x: np.ndarray
    t: np.ndarray
    eta: float
    params: Params


ARTICLE = WorkedExample(
    x=np.array([[1.0], [0.5]]),
    t=np.array([[1.0]]),
    eta=0.1,
    params=params(
        W1=[[0.2, -0.4], [0.7, 0.1]],
        b1=[[0.0], [0.0]],
        W2=[[0.3, -0.2]],
        b2=[[0.1]],
    ),
)
for _a in (ARTICLE.x, ARTICLE.t, *ARTICLE.params):
    _a.flags.writeable = False  # a shared constant: nobody edits it


# name -> (article section, value as printed); nested lists keep shapes
PRINTED = {
    # §5 forward pass
    "z1": ("5", [["0.0"], ["0.75"]]),
    "a1": ("5", [["0.5"], ["0.6791787"]]),
    "z2": ("5", [["0.1141643"]]),
    "y": ("5", [["0.5285101"]]),
    "y_boxed": ("5", [["0.5285"]]),
    "L": ("5", "0.11115"),
    # §8 backpropagation
    "dL_dy": ("8", [["-0.4714899"]]),
    "dy_dz2": ("8", [["0.2491872"]]),
    "delta2": ("8", [["-0.1174892"]]),
    "dW2": ("8", [["-0.0587446", "-0.0797962"]]),
    "db2": ("8", [["-0.1174892"]]),
    "dL_da1": ("8", [["-0.0352468"], ["0.0234978"]]),
    "da1_dz1": ("8", [["0.25"], ["0.217895"]]),
    "delta1": ("8", [["-0.0088117"], ["0.0051201"]]),
    "dW1": ("8", [["-0.0088117", "-0.0044058"],
                  ["0.0051201", "0.0025600"]]),
    "db1": ("8", [["-0.0088117"], ["0.0051201"]]),
    # §9 update
    "W2_new": ("9", [["0.3058745", "-0.1920204"]]),
    "b2_new": ("9", [["0.1117489"]]),
    "W1_new": ("9", [["0.2008812", "-0.3995594"],
                     ["0.6994880", "0.0997440"]]),
    "b1_new": ("9", [["0.0008812"], ["-0.0005120"]]),
    # §10 new forward pass
    "z1_new": ("10", [["0.00198"], ["0.74885"]]),
    "a1_new": ("10", [["0.5005"], ["0.6789"]]),
    "z2_new": ("10", [["0.13447"]]),
    "y_new": ("10", [["0.53357"]]),
    "L_new": ("10", "0.10878"),
}


def half_unit(text):
    """Half a unit in the last digit of a printed decimal.

    >>> half_unit("0.6791787")
    5e-08
    >>> half_unit("0.0")
    0.05
    """
    exponent = Decimal(text.strip()).as_tuple().exponent
    return 0.5 * 10.0 ** exponent


def printed(name):
    """The article's printed value of ``name`` and its tolerance.

    Returns
    -------
    value : ndarray (or float for a scalar such as ``L``)
        The printed number(s), as float64.
    atol : ndarray of the same shape (or float)
        Half a unit in each entry's last printed digit.
    """
    try:
        _, text = PRINTED[name]
    except KeyError:
        raise KeyError(
            f"the article prints no value named {name!r}; known names: "
            f"{', '.join(PRINTED)}"
        ) from None
    if isinstance(text, str):
        return float(text), half_unit(text)
    value = np.vectorize(float)(np.array(text, dtype=object))
    atol = np.vectorize(half_unit)(np.array(text, dtype=object))
    return value.astype(np.float64), atol.astype(np.float64)


def printed_text(name):
    """The article's value of ``name`` exactly as printed (str or lists)."""
    printed(name)  # same error for an unknown name
    return PRINTED[name][1]


def decimals(text):
    """How many digits a printed decimal has after its point."""
    return max(0, -Decimal(text.strip()).as_tuple().exponent)
