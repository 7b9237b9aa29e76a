"""Gradient checking with centred finite differences (article §14).

For every entry ``theta`` of every parameter we nudge it both ways and
compare the slope of the loss

    numeric = (L(theta + h) - L(theta - h)) / (2 h)

with the gradient backpropagation computed. The error of the centred
difference shrinks like ``h**2``, and float64 round-off in ``L`` adds
about ``1e-16 |L| / h``: with ``h = 1e-5`` both are near ``1e-11``.

The relative error of an entry is ``|analytic - numeric|`` divided by
``max(|analytic|, |numeric|, floor)``. The floor (default ``1e-4``)
keeps that round-off from reading as a large error in gradients that
are tiny (deep sigmoid networks have entries near 1e-7): an entry
smaller than the floor is judged by its absolute error against the
floor, so with ``tol = 1e-6`` it must agree to ``1e-10``, about ten
times the resolution of the difference itself.

relu has a kink at ``z = 0``, where it has no derivative (nnlib takes
0). When a nudge moves some relu input across 0, the two sides of the
difference see different slopes and the numeric value is meaningless
there. The check notices every such crossing, warns with a
``KinkWarning`` and leaves those entries out of the verdict. The
article's own ``z1`` has an entry exactly at 0, so relu on the
article's numbers triggers it.

Works for an ``nnlib.mlp.MLP`` and for the 2-2-1 ``nnlib.Params``.
Cost: two forward passes per parameter entry, so it is meant for small
networks and batches, as a test, not inside training.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np

from . import network
from ._validate import as_scalar
from .losses import loss
from .mlp import MLP, _backward, _checked, _forward, _inputs, _targets


class KinkWarning(RuntimeWarning):
    """A finite-difference step crossed a relu kink (z = 0)."""


@dataclass(frozen=True)
class GradCheck:
    """The outcome of a gradient check.

    Attributes
    ----------
    names : tuple of str
        Parameter names in order: "W1", "b1", "W2", ...
    analytic, numeric, rel_error : dict of str -> ndarray
        Per parameter, arrays of the parameter's shape.
    h, tol, floor : float
        Step, pass threshold and denominator floor used.
    kinks : tuple of str
        One line per relu kink crossed: which nudge moved which ``z``.
    kink_entries : frozenset of (str, tuple)
        Parameter entries whose nudge crossed a kink; left out of
        ``passed`` and ``worst``.
    """

    names: tuple
    analytic: dict
    numeric: dict
    rel_error: dict
    h: float
    tol: float
    floor: float
    kinks: tuple = ()
    kink_entries: frozenset = field(default_factory=frozenset)

    def _entries(self):
        """(rel error, name, index) of every entry a kink did not spoil."""
        for name in self.names:
            for idx in np.ndindex(self.rel_error[name].shape):
                if (name, idx) not in self.kink_entries:
                    yield float(self.rel_error[name][idx]), name, idx

    @property
    def worst(self):
        """``(name, index)`` of the largest relative error, or None."""
        best = max(self._entries(), default=None)
        return None if best is None else best[1:]

    @property
    def max_rel_error(self):
        """The largest relative error outside kink entries (0 if none)."""
        return max((e for e, _, _ in self._entries()), default=0.0)

    @property
    def passed(self):
        """True when every checkable entry is within ``tol``."""
        return self.max_rel_error <= self.tol

    def report(self):
        """A short table per parameter and a verdict, as text."""
        lines = [
            f"Gradient check (centred differences, h = {self.h:g}, "
            f"tolerance {self.tol:g})",
            f"{'param':<7}{'shape':<12}{'max rel error':>15}  worst entry",
        ]
        for name in self.names:
            # kink entries count as -1 so that argmax never picks one
            err = np.where(self._kink_mask(name), -1.0, self.rel_error[name])
            idx = np.unravel_index(np.argmax(err), err.shape)
            shape = str(err.shape)
            if err[idx] >= 0:
                worst = f"{err[idx]:>15.2e}  {_label(name, idx)}"
            else:
                worst = f"{'-':>15}  (every entry at a kink)"
            lines.append(f"{name:<7}{shape:<12}{worst}")
        if self.worst is not None:
            name, idx = self.worst
            lines += [
                f"worst: {_label(name, idx)}, relative error "
                f"{self.rel_error[name][idx]:.2e}",
                f"  analytic (backprop)  {self.analytic[name][idx]:.10g}",
                f"  numeric (centred)    {self.numeric[name][idx]:.10g}",
            ]
        if self.kinks:
            lines.append(
                f"relu kinks: {len(self.kink_entries)} entries left out "
                "(a nudge crossed z = 0):"
            )
            lines += ["  " + k for k in self.kinks[:5]]
            if len(self.kinks) > 5:
                lines.append(f"  ... and {len(self.kinks) - 5} more")
        verdict = "PASSED" if self.passed else "FAILED"
        lines.append(
            f"{verdict}: largest relative error {self.max_rel_error:.2e}"
        )
        return "\n".join(lines)

    def _kink_mask(self, name):
        mask = np.zeros(self.rel_error[name].shape, dtype=bool)
        for kname, idx in self.kink_entries:
            if kname == name:
                mask[idx] = True
        return mask

    def __str__(self):
        return self.report()


def _label(name, idx):
    """``W1[0, 1]``: a parameter entry as the report names it."""
    return f"{name}[{', '.join(str(i) for i in idx)}]"


def relative_error(analytic, numeric, floor=1e-4):
    """``|analytic - numeric| / max(|analytic|, |numeric|, floor)``.

    Parameters
    ----------
    analytic, numeric : ndarray of the same shape
    floor : float
        Smallest denominator; see the module docstring.

    Returns
    -------
    ndarray of the same shape
    """
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return np.abs(analytic - numeric) / scale


def check_gradients(net, x, t, h=1e-5, tol=1e-6, floor=1e-4):
    """Compare backpropagation's gradients with centred differences.

    Parameters
    ----------
    net : nnlib.mlp.MLP or nnlib.Params
        The network; it is not modified (the nudges act on a copy).
    x : array_like of shape (n_in,), (n_in, 1) or (n_in, N)
        Inputs, one column per sample.
    t : array_like of shape (n_out,), (n_out, 1) or (n_out, N)
        Targets, one column per sample.
    h : float
        Step of the finite difference, above 0 (1e-5 suits float64).
    tol : float
        Largest relative error that passes.
    floor : float
        Smallest denominator of the relative error.

    Returns
    -------
    GradCheck
        Per-entry errors, the worst entry and a printable report.

    Warns
    -----
    KinkWarning
        When a nudge moved a relu input across its kink at 0.
    """
    h = as_scalar("h", h, positive=True)
    tol = as_scalar("tol", tol, positive=True)
    floor = as_scalar("floor", floor, positive=True)
    if isinstance(net, MLP) or (isinstance(net, tuple) and len(net) == 3):
        names, arrays, analytic, evaluate = _setup_mlp(net, x, t)
    elif isinstance(net, tuple) and len(net) == 4:
        names, arrays, analytic, evaluate = _setup_params(net, x, t)
    else:
        raise TypeError(
            f"net is a {type(net).__name__}; expected an nnlib.mlp.MLP "
            "or the 2-2-1 nnlib.Params"
        )

    numeric, kinks, kink_entries = {}, [], set()
    for name, arr in zip(names, arrays, strict=True):
        numeric[name] = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            theta = arr[idx]
            arr[idx] = theta + h
            L_plus, crossed_plus = evaluate()
            arr[idx] = theta - h
            L_minus, crossed_minus = evaluate()
            arr[idx] = theta  # restore before the next entry
            numeric[name][idx] = (L_plus - L_minus) / (2 * h)
            for z_label in dict.fromkeys(crossed_plus + crossed_minus):
                kink_entries.add((name, idx))
                kinks.append(
                    f"nudging {_label(name, idx)} by +-{h:g} moved "
                    f"{z_label} across 0"
                )

    rel = {n: relative_error(analytic[n], numeric[n], floor) for n in names}
    result = GradCheck(
        tuple(names), analytic, numeric, rel, h, tol, floor,
        tuple(kinks), frozenset(kink_entries),
    )
    if kinks:
        warnings.warn(
            f"{len(kink_entries)} parameter entries have a relu input "
            f"within the step h = {h:g} of its kink at 0 (first: "
            f"{kinks[0]}); the finite difference straddles the kink "
            "there, so those entries cannot be checked and are left out",
            KinkWarning,
            stacklevel=2,
        )
    return result


def _setup_mlp(net, x, t):
    """Names, working copies, backprop's gradients and a loss function."""
    net = _checked(net)  # fresh copies: the nudges never reach the caller
    X = _inputs(net, x)
    T = _targets(net, t, X.shape[1])
    grads = _backward(net, _forward(net, X), T)

    names, arrays, analytic = [], [], {}
    for i, (W, b) in enumerate(zip(net.W, net.b, strict=True)):
        names += [f"W{i + 1}", f"b{i + 1}"]
        arrays += [W, b]
        analytic[f"W{i + 1}"] = grads.dW[i]
        analytic[f"b{i + 1}"] = grads.db[i]

    relu_layers = [
        i for i, f in enumerate(net.activations) if f == "relu"
    ]
    base = {i: _forward(net, X).z[i] > 0 for i in relu_layers}
    base_z = _forward(net, X).z

    def evaluate():
        fwd = _forward(net, X)
        crossed = []
        for i in relu_layers:
            for idx in np.argwhere((fwd.z[i] > 0) != base[i]):
                j, n = (int(v) for v in idx)
                crossed.append(
                    f"z{i + 1}[{j}, {n}] = {base_z[i][j, n]:.3g}"
                )
        return loss(fwd.y, T), crossed

    return names, arrays, analytic, evaluate


def _setup_params(p, x, t):
    """The same for the 2-2-1 ``Params``, through ``nnlib.network``."""
    p = network.params(*p)  # checked copies
    grads = network.backward(p, x, t)
    names = list(network.Params._fields)
    analytic = {n: np.asarray(getattr(grads, "d" + n)) for n in names}

    def evaluate():
        return network.loss_of(p, x, t), []  # sigmoid only: no kinks

    return names, list(p), analytic, evaluate
