"""Step-by-step feedback on a learner's numbers for one training step.

:func:`check` takes the values a learner computed for the steps of the
article (``z1``, ``a1``, ... ``dW1``, ``W1_new``, ... ``L_new``) and says,
step by step in the article's order, which are right, which are wrong
and, when a wrong number is what a classic mistake produces, which
mistake it is, with a hint that teaches the fix.

How a step is judged
--------------------
* Error carried forward: each step is recomputed from the learner's own
  earlier values (the ones given; nnlib's for the others), so one slip
  is counted once. A step that is right from the learner's numbers but
  differs from the key only because of an earlier slip is marked right
  and says which slip it inherits (``StepResult.slips``).
* Tolerance: half a unit in the last digit the learner wrote ("0.5285"
  and ``0.5285`` both mean four decimals; a float is read by its
  shortest repr, so ``0.3`` means one decimal). A value is written to
  one precision: ``[0.5, 0.6792]`` is read as ``[0.5000, 0.6792]``.
  Numbers with ten or more decimals are taken as machine results and
  compared with a relative tolerance of 1e-6. ``atol=`` states one
  tolerance instead; graders that check computed results should.
* Rounded work: a step worked from the learner's own rounded values is
  right if it is within what that rounding carries into it (first
  order). A value worked from nnlib's upstream values rounded to a few
  decimals, or (for the article) from the article's printed values, is
  accepted too and the report says so. The article's own loss is the
  example: the exact y gives its ``L = 0.11115``, while its rounded
  ``y = 0.5285`` gives 0.11116, accepted as worked from the printed y.
* Named mistakes (see :data:`MISTAKES`): a wrong value is compared with
  what each known mistake gives at that step, or at an earlier step the
  learner did not write down, carried through to this one. When two
  mistakes give the same number, both are reported.

Limits
------
Only the article's network (sigmoid hidden and output layers, half
squared error) is modelled. A mistake can only be seen where it changes
the number: the article's ``b1`` is 0, so leaving ``b1`` out of ``z1``
is invisible there (leaving out ``b2`` is not); summing instead of
averaging over a batch is invisible with one sample; and with a batch
of two, "summed over the batch" and "factor 2" give the same gradients.
Two mistakes made together are not named.

>>> import nnlib
>>> r = nnlib.check({"z1": [0.0, 0.75], "a1": [0.5, 0.6792]})
>>> r.ok, r.first_wrong
(True, None)
"""

import difflib
import functools
import numbers
import textwrap
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import numpy as np

from .activations import sigmoid, sigmoid_prime_from_z
from .example import ARTICLE, printed
from .losses import loss
from .network import (
    Params,
    backward,
    bias_gradient,
    forward,
    hidden_preactivation,
    output_preactivation,
    params,
    update,
    weight_gradient,
)

# The article's order: §5 forward, §8 backward, §9 update, §10 again.
STEP_NAMES = (
    "z1", "a1", "z2", "y", "L",
    "dL_dy", "dy_dz2", "delta2", "dW2", "db2",
    "dL_da1", "da1_dz1", "delta1", "dW1", "db1",
    "W2_new", "b2_new", "W1_new", "b1_new",
    "z1_new", "a1_new", "z2_new", "y_new", "L_new",
)

INPUT_NAMES = ("x", "t", "eta", "W1", "b1", "W2", "b2")

# Each step's equation, in plain text for feedback (article §5-§10).
STEP_EQUATIONS = {
    "z1": "z1 = W1 x + b1",
    "a1": "a1 = sigma(z1), entry by entry",
    "z2": "z2 = W2 a1 + b2",
    "y": "y = sigma(z2)",
    "L": "L = 1/2 (y - t)^2 (the mean over samples for a batch)",
    "dL_dy": "dL/dy = y - t",
    "dy_dz2": "dy/dz2 = y (1 - y)",
    "delta2": "delta2 = dL/dy * dy/dz2",
    "dW2": "dW2 = delta2 a1^T (divided by N for a batch)",
    "db2": "db2 = delta2 (its mean over samples for a batch)",
    "dL_da1": "dL/da1 = W2^T delta2",
    "da1_dz1": "da1/dz1 = a1 (1 - a1), entry by entry",
    "delta1": "delta1 = dL/da1 * da1/dz1, entry by entry",
    "dW1": "dW1 = delta1 x^T (divided by N for a batch)",
    "db1": "db1 = delta1 (its mean over samples for a batch)",
    "W2_new": "W2_new = W2 - eta dW2",
    "b2_new": "b2_new = b2 - eta db2",
    "W1_new": "W1_new = W1 - eta dW1",
    "b1_new": "b1_new = b1 - eta db1",
    "z1_new": "z1_new = W1_new x + b1_new",
    "a1_new": "a1_new = sigma(z1_new)",
    "z2_new": "z2_new = W2_new a1_new + b2_new",
    "y_new": "y_new = sigma(z2_new)",
    "L_new": "L_new = 1/2 (y_new - t)^2",
}

# Numbers with this many decimals or more come from a computer, not a
# hand: they are compared with a relative tolerance instead.
MACHINE_DECIMALS = 10
MACHINE_RTOL = 1e-6
MACHINE_ATOL = 1e-9

# Upstream values rounded to these decimals are tried as "hand work",
# only down to one decimal fewer than the answer itself was written to.
ROUNDINGS = (3, 4, 5, 6, 7)


class Mistake(NamedTuple):
    """A classic mistake: a short title and a hint that teaches the fix.

    Attributes
    ----------
    key : str       identifier, such as ``"t_minus_y"``
    title : str     what went wrong, in a few words
    hint : str      how to get it right, and why
    """

    key: str
    title: str
    hint: str


def _m(key, title, hint):
    return key, Mistake(key, title, hint)


MISTAKES = dict([
    _m("update_sign", "the update's sign is flipped",
       "Gradient descent steps against the gradient: new = old - eta * "
       "gradient. Adding the step moves uphill, and the loss grows."),
    _m("eta_forgotten", "the learning rate is left out of the update",
       "The step is the gradient scaled by the learning rate: new = "
       "old - eta * gradient, not old - gradient."),
    _m("sigmoid_prime_of_a",
       "the sigmoid's derivative is applied to the activation, not to z",
       "sigma'(z) = sigma(z)(1 - sigma(z)) takes the pre-activation z. "
       "Because a = sigma(z), the same number is a(1 - a); putting a "
       "into sigma' applies the sigmoid twice."),
    _m("a_one_minus_a_of_z", "a(1 - a) is applied to z",
       "The shortcut a(1 - a) needs the activation a = sigma(z), not "
       "the pre-activation: use a(1 - a), or sigma(z)(1 - sigma(z))."),
    _m("output_derivative_forgotten",
       "the output sigmoid's derivative is left out of delta2",
       "delta2 is dL/dz2, so the chain rule goes through the output "
       "sigmoid: delta2 = (y - t) * y(1 - y), not y - t alone."),
    _m("hidden_derivative_forgotten",
       "the hidden sigmoid's derivative is left out of delta1",
       "W2^T delta2 is dL/da1, the gradient at the hidden activations. "
       "To reach z1 multiply it entry by entry by a1(1 - a1): delta1 = "
       "(W2^T delta2) * a1(1 - a1)."),
    _m("W2_not_transposed", "W2 is not transposed",
       "Going backward, the error flows through W2 the other way round: "
       "dL/da1 = W2^T delta2, a column with one entry per hidden "
       "neuron. Without the transpose it comes out as a row, and numpy "
       "then broadcasts row times column into a matrix."),
    _m("outer_product_swapped",
       "the outer product is the wrong way round",
       "A weight gradient has its weight's shape: dW = delta (input)^T, "
       "delta on the left. Entry (i, j) pairs neuron i's delta with "
       "input j; input times delta^T gives the transpose."),
    _m("a1_for_x", "a1 is used where x belongs",
       "Each layer's weight gradient uses that layer's own input: "
       "dW1 = delta1 x^T, because layer 1 sees x."),
    _m("x_for_a1", "x is used where a1 belongs",
       "Each layer's weight gradient uses that layer's own input: "
       "dW2 = delta2 a1^T, because layer 2 sees a1, not x."),
    _m("bias_left_out", "the bias is left out",
       "A neuron adds its bias after the weighted sum: z = W x + b. "
       "(When a bias is 0, as b1 in the article, leaving it out changes "
       "nothing and cannot be seen.)"),
    _m("bias_not_updated", "the bias is not updated",
       "Biases learn too: b_new = b - eta * db, where db is the layer's "
       "delta (averaged over a batch)."),
    _m("t_minus_y", "t - y is used instead of y - t",
       "L = 1/2 (y - t)^2 gives dL/dy = y - t. With t - y every gradient "
       "after it flips sign, and the update then climbs the loss."),
    _m("factor_two", "a factor 2 from dropping the one half",
       "The 1/2 in L = 1/2 (y - t)^2 is there so that the 2 from the "
       "square cancels: L keeps its 1/2, and dL/dy = y - t, no 2."),
    _m("batch_sum", "summed over the batch instead of averaged",
       "Over a batch of N samples the loss and the gradients are means: "
       "divide the sums by N (dW = delta X^T / N, db = mean of delta)."),
    _m("old_parameters",
       "the old parameters are used in the new forward pass",
       "The new forward pass runs on the updated W_new and b_new; with "
       "the old ones it only repeats the first pass."),
    _m("transposed", "rows and columns are swapped",
       "Columns are samples: z1, a1, delta1 and db1 are columns with "
       "one entry per hidden neuron, and a gradient has the shape of "
       "its parameter."),
])


# ---------------------------------------------------------------- formulas
# Each step as a function of an environment ``e`` (inputs and earlier
# steps, all 2-D columns; ``L`` is a float), with the steps it reads.

def _a_one_minus_a(a):
    # not nnlib's sigmoid_prime_from_a: that one refuses values outside
    # [0, 1], and a learner's wrong a1 or y may well be outside
    return a * (1.0 - a)


FORMULAS = {
    "z1": (("x",), lambda e: hidden_preactivation(e["W1"], e["x"],
                                                  e["b1"])),
    "a1": (("z1",), lambda e: sigmoid(e["z1"])),
    "z2": (("a1",), lambda e: output_preactivation(e["W2"], e["a1"],
                                                   e["b2"])),
    "y": (("z2",), lambda e: sigmoid(e["z2"])),
    "L": (("y",), lambda e: loss(e["y"], e["t"])),
    "dL_dy": (("y",), lambda e: e["y"] - e["t"]),
    "dy_dz2": (("y",), lambda e: _a_one_minus_a(e["y"])),
    "delta2": (("dL_dy", "dy_dz2"), lambda e: e["dL_dy"] * e["dy_dz2"]),
    "dW2": (("delta2", "a1"),
            lambda e: weight_gradient(e["delta2"], e["a1"])),
    "db2": (("delta2",), lambda e: bias_gradient(e["delta2"], e["b2"])),
    "dL_da1": (("delta2",), lambda e: e["W2"].T @ e["delta2"]),
    "da1_dz1": (("a1",), lambda e: _a_one_minus_a(e["a1"])),
    "delta1": (("dL_da1", "da1_dz1"),
               lambda e: e["dL_da1"] * e["da1_dz1"]),
    "dW1": (("delta1",), lambda e: weight_gradient(e["delta1"], e["x"])),
    "db1": (("delta1",), lambda e: bias_gradient(e["delta1"], e["b1"])),
    "W2_new": (("dW2",), lambda e: e["W2"] - e["eta"] * e["dW2"]),
    "b2_new": (("db2",), lambda e: e["b2"] - e["eta"] * e["db2"]),
    "W1_new": (("dW1",), lambda e: e["W1"] - e["eta"] * e["dW1"]),
    "b1_new": (("db1",), lambda e: e["b1"] - e["eta"] * e["db1"]),
    "z1_new": (("W1_new", "b1_new"),
               lambda e: hidden_preactivation(e["W1_new"], e["x"],
                                              e["b1_new"])),
    "a1_new": (("z1_new",), lambda e: sigmoid(e["z1_new"])),
    "z2_new": (("W2_new", "a1_new", "b2_new"),
               lambda e: output_preactivation(e["W2_new"], e["a1_new"],
                                              e["b2_new"])),
    "y_new": (("z2_new",), lambda e: sigmoid(e["z2_new"])),
    "L_new": (("y_new",), lambda e: loss(e["y_new"], e["t"])),
}
# "x" is an input, not a step: it is never rounded or replaced
for _name in FORMULAS:
    _deps, _f = FORMULAS[_name]
    FORMULAS[_name] = (tuple(d for d in _deps if d in STEP_NAMES), _f)

# step -> the later steps that read it, directly or not
DOWNSTREAM = {name: set() for name in STEP_NAMES}
for _name in reversed(STEP_NAMES):
    for _dep in FORMULAS[_name][0]:
        DOWNSTREAM[_dep] |= {_name} | DOWNSTREAM[_name]


def _n(e):
    return e["x"].shape[1]


def _sum_grad(delta, a_prev):
    return delta @ a_prev.T  # (n_out, N) @ (N, n_in), no 1/N


def _broadcast_delta1(e):
    # numpy: row (1, n_hidden) times column (n_hidden, 1) -> a matrix
    if _n(e) != 1:
        return None
    return (e["W2"] * e["delta2"]) * e["da1_dz1"]


def _only_batch(f):
    return lambda e: f(e) if _n(e) > 1 else None


# (step, mistake key, function of the environment -> wrong value or None)
RULES = [
    ("z1", "bias_left_out", lambda e: e["W1"] @ e["x"]),
    ("z2", "bias_left_out", lambda e: e["W2"] @ e["a1"]),
    ("L", "factor_two", lambda e: 2.0 * loss(e["y"], e["t"])),
    ("L", "batch_sum",
     _only_batch(lambda e: _n(e) * loss(e["y"], e["t"]))),
    ("dL_dy", "t_minus_y", lambda e: e["t"] - e["y"]),
    ("dL_dy", "factor_two", lambda e: 2.0 * (e["y"] - e["t"])),
    ("dy_dz2", "sigmoid_prime_of_a",
     lambda e: sigmoid_prime_from_z(e["y"])),
    ("dy_dz2", "a_one_minus_a_of_z",
     lambda e: e["z2"] * (1.0 - e["z2"])),
    ("delta2", "output_derivative_forgotten", lambda e: e["dL_dy"]),
    ("dW2", "outer_product_swapped",
     lambda e: e["a1"] @ e["delta2"].T / _n(e)),
    ("dW2", "x_for_a1",
     lambda e: weight_gradient(e["delta2"], e["x"])
     if e["x"].shape[0] == e["a1"].shape[0] else None),
    ("dW2", "batch_sum",
     _only_batch(lambda e: _sum_grad(e["delta2"], e["a1"]))),
    ("db2", "batch_sum",
     _only_batch(lambda e: e["delta2"].sum(axis=1, keepdims=True))),
    ("dL_da1", "W2_not_transposed",
     lambda e: (e["W2"].T @ e["delta2"]).T),
    ("da1_dz1", "sigmoid_prime_of_a",
     lambda e: sigmoid_prime_from_z(e["a1"])),
    ("da1_dz1", "a_one_minus_a_of_z",
     lambda e: e["z1"] * (1.0 - e["z1"])),
    ("delta1", "hidden_derivative_forgotten", lambda e: e["dL_da1"]),
    ("delta1", "W2_not_transposed", _broadcast_delta1),
    ("dW1", "outer_product_swapped",
     lambda e: e["x"] @ e["delta1"].T / _n(e)),
    ("dW1", "a1_for_x",
     lambda e: weight_gradient(e["delta1"], e["a1"])
     if e["x"].shape[0] == e["a1"].shape[0] else None),
    ("dW1", "batch_sum",
     _only_batch(lambda e: _sum_grad(e["delta1"], e["x"]))),
    ("db1", "batch_sum",
     _only_batch(lambda e: e["delta1"].sum(axis=1, keepdims=True))),
    ("z1_new", "bias_left_out", lambda e: e["W1_new"] @ e["x"]),
    ("z1_new", "old_parameters",
     lambda e: hidden_preactivation(e["W1"], e["x"], e["b1"])),
    ("z2_new", "bias_left_out", lambda e: e["W2_new"] @ e["a1_new"]),
    ("z2_new", "old_parameters",
     lambda e: output_preactivation(e["W2"], e["a1_new"], e["b2"])),
    ("L_new", "factor_two", lambda e: 2.0 * loss(e["y_new"], e["t"])),
    ("L_new", "batch_sum",
     _only_batch(lambda e: _n(e) * loss(e["y_new"], e["t"]))),
]
for _p in ("W1", "b1", "W2", "b2"):
    _new, _grad = _p + "_new", "d" + _p
    RULES += [
        (_new, "update_sign",
         lambda e, p=_p, g=_grad: e[p] + e["eta"] * e[g]),
        (_new, "eta_forgotten", lambda e, p=_p, g=_grad: e[p] - e[g]),
    ]
    if _p.startswith("b"):
        RULES.append((_new, "bias_not_updated", lambda e, p=_p: e[p]))


def rules_for(step):
    """The ``(mistake key, function)`` pairs that apply at ``step``."""
    return [(k, f) for s, k, f in RULES if s == step]


# ------------------------------------------------------------------ report

class StepResult(NamedTuple):
    """How one step was judged.

    Attributes
    ----------
    name : str
        The step, such as ``"delta1"``.
    status : str
        ``"right"``, ``"wrong"`` or ``"missing"``.
    given : ndarray or None
        The learner's value as read (2-D, or 0-d for ``L``).
    expected : ndarray or None
        The step recomputed from the learner's own earlier values.
    key : ndarray
        The answer key's value (float64; nnlib's exact value).
    tol : ndarray or None
        The tolerance used, entry by entry.
    basis : str or None
        For a right step, what it matched: ``"key"``, ``"own"`` (the
        learner's earlier values), ``"rounded"`` or ``"printed"``.
    note : str
        One sentence on how it was judged (no numbers of the key).
    slips : tuple of str
        Earlier wrong steps this value inherits. A right step with
        slips is wrong only because of them.
    mistakes : tuple of Mistake
        Known mistakes consistent with a wrong value, nearest first.
    origins : tuple of str
        For each of ``mistakes``, the step where it was made.
    """

    name: str
    status: str
    given: object
    expected: object
    key: object
    tol: object
    basis: object
    note: str
    slips: tuple
    mistakes: tuple
    origins: tuple

    @property
    def ok(self):
        """True if the step is right."""
        return self.status == "right"

    @property
    def carried(self):
        """True if right from the learner's values but off the key."""
        return self.status == "right" and bool(self.slips)

    @property
    def mistake(self):
        """The nearest named mistake, or None."""
        return self.mistakes[0] if self.mistakes else None

    @property
    def hint(self):
        """What to look at: the nearest mistake's hint, for a wrong step
        with none the step's equation, and "" for a right step."""
        if self.status == "right":
            return ""
        if self.mistakes:
            return self.mistakes[0].hint
        return f"Recompute it: {STEP_EQUATIONS[self.name]}."

    @property
    def mistake_keys(self):
        """The keys of :attr:`mistakes`, such as ``("t_minus_y",)``."""
        return tuple(m.key for m in self.mistakes)


class Report:
    """The outcome of :func:`check`: one :class:`StepResult` per step.

    ``str(report)`` shows expected values; ``report.feedback(reveal=
    False)`` says the same without any value of the key, for graders.
    """

    def __init__(self, results, problem_name):
        self.results = results  # name -> StepResult, article order
        self.problem_name = problem_name

    def __getitem__(self, name):
        try:
            return self.results[name]
        except KeyError:
            raise KeyError(
                f"no step {name!r} was checked; checked: "
                f"{', '.join(self.results) or 'none'}"
            ) from None

    def __iter__(self):
        return iter(self.results.values())

    def __len__(self):
        return len(self.results)

    def _names(self, status):
        return [r.name for r in self if r.status == status]

    @property
    def ok(self):
        """True if at least one step was checked and every step checked
        is right (none wrong or missing)."""
        return len(self) > 0 and all(r.status == "right" for r in self)

    @property
    def first_wrong(self):
        """The first wrong step in the article's order, or None."""
        wrong = self._names("wrong")
        return wrong[0] if wrong else None

    @property
    def right(self):
        return self._names("right")

    @property
    def wrong(self):
        return self._names("wrong")

    @property
    def missing(self):
        return self._names("missing")

    @property
    def carried(self):
        """Right steps that differ from the key only by earlier slips."""
        return [r.name for r in self if r.carried]

    @property
    def score(self):
        """Fraction of the steps checked that are right (0 if none)."""
        return len(self.right) / len(self) if len(self) else 0.0

    def feedback(self, reveal=True):
        """Readable feedback, one block per step.

        Parameters
        ----------
        reveal : bool
            If False, no number of the answer key (nor one computed
            from it) is shown: only the learner's own values, the
            statuses, the mistakes and the hints. Use it in graders.
        """
        return _render(self, reveal)

    def assert_ok(self, reveal=False):
        """Raise ``AssertionError`` with the feedback unless ``ok``.

        For tests and graders: the message is ``feedback(reveal)``,
        without the key's values unless ``reveal=True``.
        """
        if not self.ok:
            raise AssertionError(self.feedback(reveal=reveal))
        return self

    def __str__(self):
        return self.feedback(reveal=True)

    def __repr__(self):
        return self.feedback(reveal=True)


def _fmt(value):
    """A value for a message: up to 7 decimals, rows for matrices."""
    arr = np.asarray(value, dtype=np.float64)

    def num(v):
        text = f"{v:.7f}".rstrip("0")
        text = text + "0" if text.endswith(".") else text
        return "0.0" if text in ("-0.0", "-0.") else text

    if arr.ndim == 0 or arr.size == 1:
        return num(float(arr.reshape(-1)[0]))
    if arr.ndim == 2 and arr.shape[1] == 1:  # a column, written flat
        return "[" + ", ".join(num(v) for v in arr[:, 0]) + "]^T"
    rows = arr.reshape(arr.shape[0], -1)
    return "[" + "; ".join(", ".join(num(v) for v in r)
                           for r in rows) + "]"


def _render(report, reveal):
    n = len(report)
    carried = len(report.carried)
    lines = [f"Checked {n} step{'s' * (n != 1)} of {report.problem_name}: "
             f"{len(report.right)} right"
             + (f" ({carried} only off the key because of an earlier "
                "slip)" if carried else "")
             + f", {len(report.wrong)} wrong, "
             f"{len(report.missing)} missing."]
    if not n:
        lines.append("Nothing to check: give at least one step, such as "
                     "{'z1': [0.0, 0.75]}.")
    elif report.ok:
        lines.append("All right.")
    elif report.first_wrong:
        lines.append(f"First wrong step: {report.first_wrong}.")
    lines = [_wrap(line, "") for line in lines]
    for r in report:
        lines.append("")
        head = f"{r.name}: {r.status}"
        if r.status == "missing":
            lines.append(head + " (no value given)")
            continue
        lines.append(_wrap(head + f", you gave {_fmt(r.given)}", ""))
        if r.status == "wrong" and reveal:
            # the learner's own numbers only matter after a slip; else
            # they differ from the key by rounding alone
            lines.append(_wrap(
                f"expected {_fmt(r.key)}" if not r.slips
                or _same(r.expected, r.key) else
                f"expected {_fmt(r.expected)} from your earlier values "
                f"(key: {_fmt(r.key)})"))
        if r.note:
            lines.append(_wrap(r.note))
        if r.status == "wrong" and r.slips:
            lines.append(_wrap(
                f"It is wrong even taken from your own {_and(r.slips)}, "
                "so this step needs a look of its own."))
        if len(r.mistakes) > 1:
            lines.append(_wrap("This number fits more than one mistake; "
                               "any of these would give it:"))
        for m, origin in zip(r.mistakes, r.origins, strict=True):
            where = "" if origin == r.name else f" (in {origin})"
            lines.append(_wrap(f"Looks like: {m.title}{where}."))
            lines.append(_wrap(f"Hint: {m.hint}"))
        if r.status == "wrong" and not r.mistakes:
            lines.append(_wrap(
                "No classic mistake gives this number. Recompute it from "
                f"your previous values: {STEP_EQUATIONS[r.name]}."))
    return "\n".join(lines) + "\n"


def _wrap(text, indent="  "):
    return textwrap.fill(text, width=79, initial_indent=indent,
                         subsequent_indent=indent + "  ",
                         break_on_hyphens=False)


def _same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=0,
                                                   atol=1e-12))


# ------------------------------------------------------------ reading input

def _entry(step, value):
    """One written number: (float, half a unit in its last digit).

    Machine numbers (10 decimals or more) get tolerance NaN, meaning
    "use the relative machine tolerance".
    """
    where = f"answers[{step!r}]"
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where} holds the boolean {value}; expected a "
                        "number such as 0.75, or text like '0.75'")
    if isinstance(value, str):
        try:
            dec = Decimal(value.strip())
        except InvalidOperation:
            raise TypeError(
                f"{where} holds the text {value!r}, which is not a "
                "number; expected a decimal such as 0.75 or '0.75'"
            ) from None
    elif isinstance(value, Decimal):
        dec = value
    elif isinstance(value, (numbers.Real, np.integer, np.floating)):
        f = float(value)
        if not np.isfinite(f):
            dec = None
        else:
            dec = Decimal(repr(f))
    else:
        raise TypeError(
            f"{where} holds {value!r} ({type(value).__name__}); expected "
            "numbers: a float, a list or array of floats, or decimal text"
        )
    if dec is None or not dec.is_finite():
        raise ValueError(
            f"{where} contains {value!r}; every entry must be a finite "
            "number (a NaN usually comes from an earlier step that "
            "overflowed or divided by zero)"
        )
    exponent = dec.as_tuple().exponent
    if -exponent >= MACHINE_DECIMALS:
        return float(dec), np.nan
    return float(dec), 0.5 * 10.0 ** exponent


def _read(step, value):
    """The learner's value as (array of float, array of half units)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "b":
            raise TypeError(f"answers[{step!r}] is a boolean array; "
                            "expected numbers")
        raw = value.astype(object) if value.dtype.kind != "O" else value
    else:
        try:
            raw = np.array(value, dtype=object)
        except ValueError as err:
            raise TypeError(
                f"answers[{step!r}] is not a rectangular array of "
                f"numbers ({err}); check that every row has the same "
                "length"
            ) from None
    if raw.dtype == object and raw.size and any(
        isinstance(v, (list, tuple, np.ndarray)) for v in raw.reshape(-1)
    ):
        raise TypeError(
            f"answers[{step!r}] is not a rectangular array of numbers; "
            "check that every row has the same length"
        )
    if raw.size == 0:
        raise ValueError(f"answers[{step!r}] is empty; expected numbers")
    pairs = [_entry(step, v) for v in raw.reshape(-1)]
    vals = np.array([p[0] for p in pairs]).reshape(raw.shape)
    half = np.array([p[1] for p in pairs])
    # a value is written to one precision: 0.5 beside 0.6792 is 0.5000
    # (a float drops trailing zeros); one machine entry makes all so
    half = np.full(raw.shape, np.nan if np.any(np.isnan(half))
                   else np.min(half))
    return vals, half


def _squeezed(shape):
    return tuple(s for s in shape if s != 1)


def _fit(step, vals, half, shape, n_samples):
    """Put a value in its step's shape, or keep a known wrong shape.

    Returns (vals, half, fits): ``fits`` is False for a transposed
    value or a shape only a known mistake produces.
    """
    if vals.shape == shape:
        return vals, half, True
    if (vals.ndim <= 1 or len(shape) == 0) and (
        _squeezed(vals.shape) == _squeezed(shape)
    ):
        return vals.reshape(shape), half.reshape(shape), True
    if len(shape) == 2 and vals.shape == shape[::-1]:
        return vals, half, False  # a transposed value: judged wrong
    if step == "delta1" and n_samples == 1 and vals.shape == (
        shape[0], shape[0]
    ):
        return vals, half, False  # broadcast row * column (W2 not ^T)
    raise ValueError(
        f"answers[{step!r}] has shape {vals.shape}; expected "
        f"{_shape_words(step, shape)}"
    )


def _shape_words(step, shape):
    if shape == ():
        return "a single number (the loss is one number)"
    text = str(shape)
    alts = []
    if len(shape) == 2 and 1 in shape:
        alts.append(f"({max(shape)},)" if max(shape) > 1 else "a number")
    if step.startswith(("dW", "db", "W", "b")):
        param = step.lstrip("d").replace("_new", "")
        text += f", the shape of {param}"
    elif len(shape) == 2:
        text += (f": {shape[0]} row(s), one per neuron, and "
                 f"{shape[1]} column(s), one per sample")
    return text + (f" (or {alts[0]})" if alts else "")


# ---------------------------------------------------------------- problem

def _as_example(problem):
    """Inputs as 2-D columns: (env of inputs, display name, is article)."""
    if problem is None:
        problem = ARTICLE
    name = getattr(problem, "name", None)
    example = getattr(problem, "example", problem)
    try:
        x, t, eta, p = example
    except (TypeError, ValueError):
        raise TypeError(
            f"problem is a {type(problem).__name__}; expected a "
            "WorkedExample (x, t, eta, params), such as nnlib.ARTICLE, "
            "or a problem from nnlib.problems.generate"
        ) from None
    p = params(*p) if isinstance(p, tuple) and len(p) == 4 else p
    if not isinstance(p, Params):
        raise TypeError("problem.params must be nnlib.Params(W1, b1, W2, "
                        "b2)")
    from ._validate import as_columns, as_scalar

    X, _ = as_columns("x", x, p.W1.shape[1])
    T, _ = as_columns("t", t, p.W2.shape[0])
    if T.shape[1] != X.shape[1]:
        raise ValueError(
            f"t has {T.shape[1]} column(s) but x has {X.shape[1]}; give "
            "one target column per sample"
        )
    env = {
        "x": X, "t": T, "eta": as_scalar("eta", eta, positive=True),
        "W1": p.W1, "b1": p.b1.reshape(-1, 1),
        "W2": p.W2, "b2": p.b2.reshape(-1, 1),
    }
    is_article = _is_article(env)
    if name is None:
        name = "the article's example" if is_article else "this problem"
    return env, name, is_article


def _is_article(env):
    ref = (ARTICLE.x, ARTICLE.t, ARTICLE.eta, *ARTICLE.params)
    mine = (env["x"], env["t"], env["eta"], env["W1"], env["b1"],
            env["W2"], env["b2"])
    return all(np.shape(a) == np.shape(b) and np.array_equal(a, b)
               for a, b in zip(mine, ref, strict=True))


def answer_key(problem=None):
    """The exact value of every step, computed by nnlib's network.

    Parameters
    ----------
    problem : WorkedExample or Problem, optional
        The article's example by default. ``x`` may be a batch
        ``(n_in, N)``.

    Returns
    -------
    dict
        Step name -> float64 array (2-D; per-sample steps have one
        column per sample) or float (``L`` and ``L_new``).
    """
    env, _, _ = _as_example(problem)
    return _key(env)


def _key(env):
    """The key for ``env``, remembered: graders check many answers
    against one problem. Arrays come back read-only."""
    inputs = tuple((name, np.shape(env[name]), np.asarray(env[name],
                                                          float).tobytes())
                   for name in INPUT_NAMES)
    return dict(_key_cached(inputs))


@functools.lru_cache(maxsize=64)
def _key_cached(inputs):
    env = {name: np.frombuffer(raw).reshape(shape) if shape else
           float(np.frombuffer(raw)[0]) for name, shape, raw in inputs}
    key = _compute_key(env)
    for value in key.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return key


def _compute_key(env):
    x, t, eta = env["x"], env["t"], env["eta"]
    p = Params(env["W1"], env["b1"], env["W2"], env["b2"])
    f = forward(p, x)
    g = backward(p, x, t)
    new = update(p, g, eta)
    f_new = forward(new, x)
    key = {"z1": f.z1, "a1": f.a1, "z2": f.z2, "y": f.y,
           "L": loss(f.y, t)}
    key.update(g._asdict())
    key.update({"W2_new": new.W2, "b2_new": new.b2, "W1_new": new.W1,
                "b1_new": new.b1, "z1_new": f_new.z1, "a1_new": f_new.a1,
                "z2_new": f_new.z2, "y_new": f_new.y,
                "L_new": loss(f_new.y, t)})
    return {name: key[name] for name in STEP_NAMES}


@functools.lru_cache(maxsize=1)
def _article_printed():
    out = {}
    for name in STEP_NAMES:
        source = "y_boxed" if name == "y" else name
        out[name] = np.asarray(printed(source)[0], dtype=np.float64)
        out[name].flags.writeable = False
    return out


# ------------------------------------------------------------------- check

def check(answers, problem=None, *, atol=None, expect=None):
    """Judge a learner's values step by step, in the article's order.

    Parameters
    ----------
    answers : mapping of str to array_like, or a NamedTuple
        Step name -> the learner's value, for any subset of
        :data:`STEP_NAMES`. Values may be floats, nested lists, arrays
        of shape ``(n,)`` or ``(n, 1)`` (``(n, N)`` for a batch), or
        decimal text such as ``"0.5285"`` (the digits written set the
        tolerance). ``None`` marks a step as missing. A
        ``nnlib.Forward`` or ``nnlib.Gradients`` works too. A 1-D value
        is read in the step's own layout, so only a 2-D value can show
        a row given for a column (such as ``W2`` not transposed).
    problem : WorkedExample or Problem, optional
        The problem worked; the article's example by default. A batch
        ``x`` of shape ``(n_in, N)`` is accepted.
    atol : float, optional
        A stated absolute tolerance for every entry, instead of half a
        unit in the last digit written.
    expect : iterable of str, optional
        Steps that should be present; those not in ``answers`` are
        reported as missing.

    Returns
    -------
    Report
        ``.ok``, ``.first_wrong``, ``report[name]`` (a StepResult),
        ``str(report)`` and ``report.feedback(reveal=False)``.

    Raises
    ------
    ValueError
        For an unknown step name, a value of the wrong shape, NaN.
    TypeError
        For values that are not numbers.
    """
    env0, problem_name, is_article = _as_example(problem)
    given_raw = _answers_dict(answers)
    wanted = _expected_names(expect)
    if atol is not None:
        from ._validate import as_scalar

        atol = as_scalar("atol", atol)
        if atol < 0:
            raise ValueError(f"atol is {atol}; expected 0 or more")

    key = _key(env0)
    n_samples = env0["x"].shape[1]
    given = {}
    for name in STEP_NAMES:
        if given_raw.get(name) is None:
            continue
        vals, half = _read(name, given_raw[name])
        given[name] = _fit(name, vals, half, np.shape(key[name]),
                           n_samples)

    judge = _Judge(env0, key, given, atol, is_article)
    results = {}
    for name in STEP_NAMES:
        if name in given:
            results[name] = judge.step(name)
            continue
        judge.pass_through(name)
        if name in given_raw or name in wanted:
            results[name] = StepResult(
                name, "missing", None, None, key[name], None, None,
                "No value was given for this step.", (), (), ())
    return Report(results, problem_name)


def _answers_dict(answers):
    if hasattr(answers, "_asdict"):
        answers = answers._asdict()
    if not hasattr(answers, "items"):
        raise TypeError(
            f"answers is a {type(answers).__name__}; expected a dict "
            "from step names to values, such as {'z1': [0.0, 0.75]}"
        )
    out = {}
    for name, value in answers.items():
        if not isinstance(name, str) or name not in STEP_NAMES:
            raise ValueError(_unknown(name))
        out[name] = value
    return out


def _unknown(name):
    if name in INPUT_NAMES:
        return (f"{name!r} is an input of the problem, not a step to "
                "check; pass the problem as check(answers, problem) "
                f"instead. Steps: {', '.join(STEP_NAMES)}")
    close = difflib.get_close_matches(str(name), STEP_NAMES, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return (f"unknown step name {name!r}.{hint} Expected one of: "
            f"{', '.join(STEP_NAMES)}")


def _expected_names(expect):
    if expect is None:
        return set()
    if isinstance(expect, str):
        expect = [expect]
    names = set()
    for name in expect:
        if name not in STEP_NAMES:
            raise ValueError("expect: " + _unknown(name))
        names.add(name)
    return names


class _Judge:
    """Judges steps in order, keeping the learner's own chain of values."""

    def __init__(self, env0, key, given, atol, is_article):
        self.key = key
        self.given = given
        self.atol = atol
        self.printed = _article_printed() if is_article else None
        # the learner's chain: given values where they fit, else computed
        self.own = dict(env0)
        self.exact = dict(env0, **key)
        self.slips = {}
        self.uncertainty = {}
        last = max((STEP_NAMES.index(n) for n in given), default=-1)
        for name in STEP_NAMES[:last + 1]:  # later steps are never read
            deps, f = FORMULAS[name]
            fitted = given.get(name)
            if fitted is not None and fitted[2]:
                self.own[name] = fitted[0]
            elif fitted is not None and fitted[0].shape == np.shape(
                key[name]
            )[::-1]:
                self.own[name] = fitted[0].T  # read a transposed value
            else:
                self.own[name] = f(self.own)

    def _tol(self, name, vals, half, target):
        if self.atol is not None:
            return np.full(np.shape(vals), self.atol)
        machine = MACHINE_RTOL * np.abs(vals) + MACHINE_ATOL
        return np.where(np.isnan(half), machine, half)

    def _match(self, vals, tol, target):
        if target is None or np.shape(target) != np.shape(vals):
            return False
        target = np.asarray(target, dtype=np.float64)
        slack = 1e-12 * np.maximum(1.0, np.abs(target))
        return bool(np.all(np.abs(vals - target) <= tol + slack))

    def _dep_slips(self, name):
        out = []
        for d in FORMULAS[name][0]:
            for s in self.slips.get(d, ()):
                if s not in out:
                    out.append(s)
        return tuple(out)

    def pass_through(self, name):
        """A step not given inherits the slips of the steps it uses."""
        self.slips[name] = self._dep_slips(name)

    def _unc(self, name):
        """How far a step of the learner's chain may be off through
        rounding alone: half a unit for a given value (0 for machine
        numbers), else what its inputs' rounding carries into it."""
        if name not in self.uncertainty:
            shape = np.shape(self.own[name])
            if name in self.given:
                half = self.given[name][1]
                half = (np.full(np.shape(half), self.atol)
                        if self.atol is not None
                        else np.nan_to_num(half, nan=0.0))
                if half.shape != shape:
                    half = half.T if half.T.shape == shape else np.zeros(
                        shape)
                self.uncertainty[name] = half
            else:
                self.uncertainty[name] = self._carried_unc(name)
        return self.uncertainty[name]

    def _carried_unc(self, name):
        if ("carried", name) not in self.uncertainty:
            self.uncertainty["carried", name] = self._nudge(name)
        return self.uncertainty["carried", name]

    def _nudge(self, name):
        # first order: nudge each entry of each input by its uncertainty
        deps, f = FORMULAS[name]
        base = np.asarray(f(self.own), dtype=np.float64)
        total = np.zeros(base.shape)
        for d in deps:
            u = self._unc(d)
            for idx in zip(*np.nonzero(u), strict=True):
                env = dict(self.own)
                nudged = np.array(self.own[d], dtype=np.float64)
                nudged[idx] += u[idx]
                env[d] = nudged
                total = total + np.abs(np.asarray(f(env)) - base)
        return total

    def step(self, name):
        deps, f = FORMULAS[name]
        vals, half, fits = self.given[name]
        key = self.key[name]
        own_env = self.own
        expected = f(own_env)
        tol = self._tol(name, vals, half, expected)
        inherited = self._dep_slips(name)
        result = None
        if fits:
            result = self._right(name, vals, half, tol, expected, key)
        if result is None:
            mistakes, origins = self._mistakes(name, vals, half, tol)
            note = ""
            if not fits:
                note = (f"Its shape {vals.shape} does not fit: expected "
                        f"{_shape_words(name, np.shape(key))}.")
            result = StepResult(name, "wrong", vals, expected, key, tol,
                                None, note, inherited, mistakes, origins)
            self.slips[name] = (name,)
        else:
            self.slips[name] = result.slips
        return result

    def _right(self, name, vals, half, tol, expected, key):
        deps, f = FORMULAS[name]

        def mk(basis, note, slips=()):
            return StepResult(name, "right", vals, expected, key, tol,
                              basis, note, slips, (), ())

        if self._match(vals, tol, key):
            return mk("key", "")
        inherited = self._dep_slips(name)
        if self._match(vals, tol + self._carried_unc(name), expected):
            if inherited:
                return mk("own", _carried_note(name, inherited),
                          inherited)
            return mk("own", "Right from your own earlier values.")
        written = _written_decimals(half, self.atol)
        if self.printed is not None and deps:
            env = dict(self.own)
            env.update({d: self.printed[d] for d in deps})
            if self._match(vals, tol, f(env)):
                return mk("printed", "Worked from the article's printed "
                          f"(rounded) {_and(deps)}: accepted.")
        for d in ROUNDINGS:
            if not deps or written is None or d < written - 1:
                continue
            env = dict(self.own)
            env.update({dep: np.round(self.own[dep], d) for dep in deps})
            if self._match(vals, tol, f(env)):
                return mk("rounded", f"Worked from {_and(deps)} rounded "
                          f"to {d} decimals: accepted.")
        return None

    def _mistakes(self, name, vals, half, tol):
        found, origins = [], []

        def add(key, origin):
            if MISTAKES[key] not in found:
                found.append(MISTAKES[key])
                origins.append(origin)

        # made at this very step, from the learner's or rounded values
        for key, rule in rules_for(name):
            for env in self._envs(name, half):
                slack = (_like(self._carried_unc(name), vals)
                         if env is self.own else 0)
                if self._match(vals, tol + slack, _safe(rule, env)):
                    add(key, name)
                    break
        if np.shape(vals) != np.shape(self.key[name]) and not found:
            add("transposed", name)
        # made at an earlier step not written down, carried to this one
        index = STEP_NAMES.index(name)
        for origin in STEP_NAMES[:index]:
            if origin in self.given:
                continue
            for key, rule in rules_for(origin):
                value = self._carry(origin, rule, name)
                if value is not None and self._match(vals, tol, value):
                    add(key, origin)
        return tuple(found), tuple(origins)

    def _envs(self, name, half):
        deps = FORMULAS[name][0]
        yield self.own
        yield self.exact
        written = _written_decimals(half, self.atol)
        if self.printed is not None:
            env = dict(self.own)
            env.update({d: self.printed[d] for d in deps})
            yield env
        for d in ROUNDINGS:
            if written is None or d < written - 1:
                continue
            env = dict(self.own)
            env.update({dep: np.round(self.own[dep], d) for dep in deps})
            yield env

    def _carry(self, origin, rule, name):
        if name not in DOWNSTREAM[origin]:
            return None  # a mistake there cannot reach this step
        env = dict(self.own)
        wrong = _safe(rule, env)
        if wrong is None or np.shape(wrong) != np.shape(self.key[origin]):
            return None
        env[origin] = wrong
        start = STEP_NAMES.index(origin) + 1
        for step in STEP_NAMES[start:STEP_NAMES.index(name) + 1]:
            if step not in DOWNSTREAM[origin] or (
                step in self.given and step != name
            ):
                continue  # untouched, or the learner's own value stands
            env[step] = FORMULAS[step][1](env)
        return env[name]


def _like(arr, vals):
    """``arr`` in the shape of ``vals`` (transposed if need be), or 0."""
    arr = np.asarray(arr)
    if arr.shape == np.shape(vals):
        return arr
    return arr.T if arr.T.shape == np.shape(vals) else np.max(arr)


def _safe(rule, env):
    try:
        value = rule(env)
    except (ValueError, KeyError):
        return None
    return None if value is None else np.asarray(value, dtype=np.float64)


def _written_decimals(half, atol=None):
    """Decimals a value was written to (or ``atol`` stands for), or
    None for machine numbers."""
    if atol is not None:
        return int(np.floor(-np.log10(2 * atol))) if atol > 0 else None
    if np.any(np.isnan(half)):
        return None
    return int(round(-np.log10(2 * np.min(half))))


def _and(names):
    names = list(names)
    return names[0] if len(names) == 1 else (
        ", ".join(names[:-1]) + " and " + names[-1])


def _carried_note(name, slips):
    return (f"Right from your own earlier values; it differs from the key "
            f"only because of the earlier slip in {_and(slips)}.")
