"""Showing values and figures in the notebooks, deterministically.

* :func:`compare` puts a computed value above the article's printed
  number and says whether they agree to half a unit in the article's
  last digit. The result shows as two or three lines of text, none
  longer than 79 columns, the same on every run (no memory addresses,
  no timings), so nbval can compare it.
* :func:`show` displays a matplotlib figure as a PNG and nothing else,
  so no ``<Figure size ...>`` text lands in a notebook's outputs.

Nothing here prints. :func:`show` is the one function with a side
effect: it hands the picture to IPython's display machinery, and it
does nothing outside IPython.
"""

import base64
import io
from typing import NamedTuple

import numpy as np

from .example import PRINTED, printed, printed_text
from .walkthrough import format_number, format_value

_WIDTH = 79  # the longest line a notebook output may show


class Comparison(NamedTuple):
    """A computed value against the article's printed number.

    Attributes
    ----------
    name : str        the article's quantity, e.g. "delta1"
    ok : bool         every entry within half a unit of its last digit
    text : str        the lines shown in a notebook
    """

    name: str
    ok: bool
    text: str

    def __repr__(self):
        return self.text

    def _repr_pretty_(self, p, cycle):
        p.text(self.text)


def _flat_text(rows):
    """Rows of strings as ``[a, b]`` (a vector) or ``[a, b; c, d]``."""
    if len(rows) == 1 and len(rows[0]) == 1:
        return rows[0][0]
    if all(len(r) == 1 for r in rows):  # a column: shown as a list
        return "[" + ", ".join(r[0] for r in rows) + "]"
    return "[" + "; ".join(", ".join(r) for r in rows) + "]"


def _printed_rows(name):
    text = printed_text(name)
    if isinstance(text, str):
        return [[text]]
    return [list(r) for r in text]


def compare(name, value, label=None):
    """``value`` at the article's digits beside the article's number.

    Parameters
    ----------
    name : str
        A name in ``nnlib.PRINTED`` (z1, a1, ..., L_new).
    value : float or array_like
        The computed value; any shape with as many entries as the
        article prints for ``name``.
    label : str, optional
        What to call the value in the line (``name`` by default).

    Returns
    -------
    Comparison
        Shows as two lines, for example ``z1 = [0.0, 0.75]`` and
        ``article: [0.0, 0.75]  ✓ within half a unit in the last digit``
        (the verdict gets a third line when the second would pass 79
        columns).
    """
    if name not in PRINTED:
        raise KeyError(
            f"the article prints no value named {name!r}; known names: "
            f"{', '.join(PRINTED)}"
        )
    expected, atol = printed(name)
    v = np.asarray(value, dtype=np.float64)
    if v.size != np.size(expected):
        raise ValueError(
            f"value for {name} has {v.size} entries (shape {v.shape}); "
            f"the article prints {np.size(expected)} "
            f"(shape {np.shape(expected)})"
        )
    v = v.reshape(np.shape(expected))
    diff = np.abs(v - expected)
    ok = bool(np.all(diff <= atol + 1e-15))
    rows = _printed_rows(name)
    shown = format_value(name, v)  # each entry at the article's digits
    head = f"{label or name} = {_flat_text(shown)}"
    article = f"article: {_flat_text(rows)}"
    if ok:
        verdict = "✓ within half a unit in the last digit"
    else:
        units = float(np.max(diff / (2 * np.asarray(atol))))
        if units < 10:
            verdict = (f"✗ differs by {format_number(units, 1)} of a "
                       "unit in the last digit (more than half)")
        else:
            verdict = f"✗ differs by {np.max(diff):.2g}"
    # two lines, so a notebook output stays within 79 columns: the
    # computed value, then the article's number and the verdict (the
    # verdict moves to a third line when the article's number is long)
    tail = f"{article}  {verdict}"
    if len(tail) > _WIDTH:
        tail = f"{article}\n{verdict}"
    return Comparison(name, ok, f"{head}\n{tail}")


def show(figure_or_axes, dpi=100):
    """Display a matplotlib figure as a PNG only, then release it.

    Parameters
    ----------
    figure_or_axes : matplotlib Figure or Axes
    dpi : int

    Returns
    -------
    None
        (so a cell ending in ``show(...)`` adds no text output).
    """
    fig = getattr(figure_or_axes, "figure", figure_or_axes)
    if not hasattr(fig, "savefig"):
        raise TypeError(
            f"expected a matplotlib Figure or Axes, got "
            f"{type(figure_or_axes).__name__}"
        )
    buf = io.BytesIO()
    # no metadata: the PNG bytes do not carry a version or a date
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    try:
        from IPython.display import display
    except ImportError:  # outside IPython there is nowhere to show it
        return None
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    display({"image/png": png}, raw=True)
    try:
        import matplotlib.pyplot as plt

        plt.close(fig)  # no-op for figures pyplot does not manage
    except Exception:  # closing is a courtesy, never an error
        pass
    return None


class Feedback(NamedTuple):
    """The verdict on a learner's "your turn" answer.

    Attributes
    ----------
    name : str
    status : str      "not tried", "correct" or "wrong"
    text : str        what is shown: the verdict and what to look at
    """

    name: str
    status: str
    text: str

    def __repr__(self):
        return self.text

    def _repr_pretty_(self, p, cycle):
        p.text(self.text)


def your_turn(name, answer, expected, places=3):
    """Check a learner's value against the reference, kindly.

    Parameters
    ----------
    name : str
        What the value is, e.g. "z1".
    answer : None, float or array_like
        The learner's value; ``None`` means not tried yet.
    expected : float or array_like
        The reference value (from nnlib).
    places : int
        Decimals the answer must match: an entry is right when it is
        within half a unit in that decimal (so hand-rounded work to
        ``places`` decimals passes).

    Returns
    -------
    Feedback
        Shows as one line; says what went wrong when it can tell
        (wrong shape, flipped sign, transposed, rounded too early).
    """
    if answer is None:
        return Feedback(name, "not tried",
                        f"{name}: not tried yet.\nReplace None with your "
                        "value and run this cell again.")
    exp = np.asarray(expected, dtype=np.float64)
    try:
        ans = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return Feedback(name, "wrong",
                        f"{name}: could not read {answer!r} as numbers; "
                        "give a number or a list of numbers.")
    tol = 0.5 * 10.0 ** (-places) + 1e-12
    if ans.size != exp.size:
        return Feedback(
            name, "wrong",
            f"{name}: ✗ you gave {ans.size} number(s), shape "
            f"{ans.shape}; expected {exp.size}, shape {exp.shape}.")
    if ans.shape != exp.shape and ans.ndim == exp.ndim == 2 \
            and ans.shape == exp.shape[::-1] and exp.shape[0] > 1 \
            and exp.shape[1] > 1:
        hint = "; it looks transposed" if np.allclose(
            ans.T, exp, atol=tol, rtol=0) else ""
        return Feedback(
            name, "wrong",
            f"{name}: ✗ shape {ans.shape}, expected {exp.shape}{hint}.")
    ans = ans.reshape(exp.shape)
    diff = np.abs(ans - exp)
    if np.all(diff <= tol):
        return Feedback(name, "correct",
                        f"{name}: ✓ correct to {places} decimals.")
    if np.all(np.abs(ans + exp) <= tol):
        hint = "the sign is flipped everywhere: check y - t versus t - y"
    elif np.all(np.abs(ans - exp.T.reshape(exp.shape)) <= tol):
        hint = "the entries are in the wrong order (transposed?)"
    elif np.all(diff <= 10 * tol):
        hint = "close: check for a value rounded too early"
    else:
        hint = "go back over this step's equation"
    where = int(np.argmax(diff.ravel()))
    return Feedback(
        name, "wrong",
        f"{name}: ✗ entry {where + 1} is off by "
        f"{format_number(float(diff.ravel()[where]), places + 1)}; {hint}.")


def check_step(name, answer, problem=None):
    """Check a learner's value for one of the article's steps.

    A thin front for :func:`nnlib.check` (the step-by-step checker):
    ``None`` means not tried yet; any other value is judged at the
    decimals the learner wrote, and a wrong value gets the checker's
    feedback (the mistake it looks like, and a hint) without revealing
    the expected number.

    Parameters
    ----------
    name : str
        A step name from ``nnlib.STEP_NAMES`` ("z1", "delta2", ...).
    answer : None, float, array_like or str
    problem : WorkedExample or Problem, optional
        The article's example by default.

    Returns
    -------
    Feedback
    """
    from .checks import STEP_NAMES, check

    if name not in STEP_NAMES:
        raise ValueError(
            f"{name!r} is not a step of the worked example; expected one "
            f"of {', '.join(STEP_NAMES)}"
        )
    if answer is None:
        return Feedback(name, "not tried",
                        f"{name}: not tried yet.\nReplace None with your "
                        "value and run this cell again.")
    report = check({name: answer}, problem, expect=[name])
    status = "correct" if report.ok else "wrong"
    return Feedback(name, status, report.feedback(reveal=False).strip())
