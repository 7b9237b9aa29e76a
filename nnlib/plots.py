"""Matplotlib drawings for the notebooks and the widgets.

What is here:

* :func:`draw_network` - a one-hidden-layer network (the article's 2-2-1
  by default) with its weights, its forward-pass values, or its
  gradients written on the nodes and edges;
* :func:`draw_computation_graph` - the chain ``x -> z1 -> a1 -> z2 -> y
  -> L`` with the parameters feeding in, optionally with values;
* :func:`plot_sigmoid` - the sigmoid and its derivative, with marked
  points;
* :func:`plot_loss_along_weight` - the loss as one parameter entry
  moves, with the tangent and one gradient step;
* :func:`plot_loss_curves`, :func:`plot_decision_boundary`,
  :func:`plot_gradient_norms` - training pictures.

Every function draws into ``ax`` when given one, else into a new
``matplotlib.figure.Figure`` that pyplot does not manage (so nothing is
shown behind the caller's back), and returns the ``Axes``. The module
prints nothing and never calls ``plt.show``; the notebooks display a
figure with :func:`nnlib.display.show`. Labels are plain text and
mathtext, so no LaTeX installation is needed.

Limits: :func:`draw_network` draws one hidden layer only (the article's
architecture); deeper networks are drawn as curves of per-layer numbers.
"""

import numpy as np
from matplotlib.figure import Figure

from .example import ARTICLE
from .losses import loss
from .network import Params, backward, forward
from .network import params as make_params
from .walkthrough import format_number

# colours: forward values blue, gradients red, structure grey
FORWARD = "tab:blue"
BACKWARD = "tab:red"
STRUCTURE = "0.45"


def new_axes(figsize=(6.4, 4.0)):
    """A fresh ``Axes`` on a figure that pyplot does not manage."""
    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()


def _axes(ax, figsize):
    return new_axes(figsize) if ax is None else ax


def _fmt(v, digits):
    return format_number(float(v), digits)


# --------------------------------------------------------------- network

_MODES = ("weights", "forward", "backward")


def draw_network(params=None, x=None, t=None, mode="forward", digits=4,
                 ax=None):
    """Draw a one-hidden-layer network with numbers on it.

    Parameters
    ----------
    params : Params, optional
        ``W1 (n_hidden, n_in)``, ``b1``, ``W2 (n_out, n_hidden)``, ``b2``;
        the article's by default.
    x : array_like of shape (n_in,) or (n_in, 1), optional
        One sample; the article's by default. Needed for "forward" and
        "backward".
    t : array_like of shape (n_out,) or (n_out, 1), optional
        The target; the article's by default. Used for the loss node and
        for "backward".
    mode : {"weights", "forward", "backward"}
        "weights": weights on the edges, biases under the neurons.
        "forward": weights on the edges, ``z`` and ``a`` in the neurons,
        the output ``y`` and the loss ``L``.
        "backward": gradients ``dW`` on the edges, deltas in the
        neurons, ``db`` under them, ``dL/dy`` at the output.
    digits : int
        Decimals shown for every number.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    if mode not in _MODES:
        raise ValueError(
            f"mode is {mode!r}; expected one of {', '.join(_MODES)}"
        )
    p = ARTICLE.params if params is None else make_params(*params)
    x = ARTICLE.x if x is None else x
    t = ARTICLE.t if t is None else t
    n_in, n_hidden, n_out = p.W1.shape[1], p.W1.shape[0], p.W2.shape[0]
    ax = _axes(ax, (7.6, 4.6))

    pos_in = _column_positions(0.0, n_in)
    pos_hid = _column_positions(1.0, n_hidden)
    pos_out = _column_positions(2.0, n_out)

    f = forward(p, np.reshape(np.asarray(x, dtype=float), (n_in, 1)))
    t_col = np.reshape(np.asarray(t, dtype=float), (n_out, 1))
    g = backward(p, np.reshape(np.asarray(x, dtype=float), (n_in, 1)),
                 t_col) if mode == "backward" else None
    x_col = np.reshape(np.asarray(x, dtype=float), (n_in, 1))

    def d(v):
        return _fmt(v, digits)

    # edges: layer 1 then layer 2; labels sit a third of the way along
    # so that crossing edges keep their labels apart
    for layer, (W, dW, src, dst, sub) in enumerate((
        (p.W1, None if g is None else g.dW1, pos_in, pos_hid, "1"),
        (p.W2, None if g is None else g.dW2, pos_hid, pos_out, "2"),
    )):
        for j, (xj, yj) in enumerate(dst):
            for i, (xi, yi) in enumerate(src):
                head, tail = (xj - 0.09, yj), (xi + 0.09, yi)
                if mode == "backward":  # gradients travel right to left
                    head, tail = tail, head
                ax.annotate(
                    "", xy=head, xytext=tail,
                    arrowprops=dict(arrowstyle="-|>", color=STRUCTURE,
                                    lw=1.0),
                )
                # straight edges: label mid-way; crossing edges: near
                # their source, where the two crossing lines are apart
                frac = 0.5 if (layer == 1 or abs(yi - yj) < 1e-9) \
                    else 0.29
                lx = xi + frac * (xj - xi)
                ly = yi + frac * (yj - yi)
                name = f"W{sub}[{j + 1},{i + 1}]"
                if mode == "backward":
                    text, colour = f"d{name} = {d(dW[j, i])}", BACKWARD
                else:
                    text, colour = f"{name} = {d(W[j, i])}", STRUCTURE
                # a sloping edge gets its label written along it, on the
                # line itself (a white box breaks the line), so it cannot
                # be read as belonging to a nearby edge; matplotlib turns
                # the data-space angle into the on-screen one when drawing
                sloped = abs(yi - yj) > 1e-9
                ax.text(lx, ly if sloped else ly + 0.06, text,
                        ha="center", va="center" if sloped else "bottom",
                        fontsize=8, color=colour,
                        rotation=np.degrees(np.arctan2(yj - yi, xj - xi))
                        if sloped else 0.0,
                        transform_rotates_text=sloped,
                        rotation_mode="anchor",
                        bbox=dict(boxstyle="round,pad=0.15", fc="white",
                                  ec="none", alpha=1.0 if sloped else 0.85))

    # neurons
    for i, (xi, yi) in enumerate(pos_in):
        inside = f"x{i + 1}"
        if mode != "weights":
            inside += f"\n{d(x_col[i, 0])}"
        _neuron(ax, xi, yi, inside, "white")
    for j, (xj, yj) in enumerate(pos_hid):
        _neuron(ax, xj, yj, _hidden_text(mode, f, g, j, d), "#eef4fb")
        _under(ax, xj, yj, _bias_text("b1", mode, p.b1, g, j, d), mode)
    for k, (xk, yk) in enumerate(pos_out):
        _neuron(ax, xk, yk, _output_text(mode, f, g, k, d), "#eef4fb")
        _under(ax, xk, yk, _bias_text("b2", mode, p.b2, g, k, d), mode)

    # the loss, to the right of the output
    if mode != "weights":
        yk = pos_out[0][1]
        # starts clear of the output circle, whose text is wide
        head, tail = (2.62, yk), (2.2, yk)
        if mode == "backward":
            head, tail = tail, head
        ax.annotate("", xy=head, xytext=tail,
                    arrowprops=dict(arrowstyle="-|>", color=STRUCTURE))
        if mode == "forward":
            L = loss(f.y, t_col)
            body = f"L = {d(L)}\nt = {d(t_col[0, 0])}"
            colour = FORWARD
        else:
            body = f"dL/dy = {d(g.dL_dy[0, 0])}"
            colour = BACKWARD
        ax.text(2.66, yk, body, ha="left", va="center", fontsize=9,
                color=colour)

    titles = {
        "weights": "the network and its parameters",
        "forward": "forward pass: values flow left to right",
        "backward": "backward pass: gradients flow right to left",
    }
    ax.set_title(f"{n_in}-{n_hidden}-{n_out} network, {titles[mode]}")
    ax.set_xlim(-0.35, 3.3)
    ax.set_ylim(-0.75, 0.75) if max(n_in, n_hidden) <= 2 else \
        ax.set_ylim(-0.5 * max(n_in, n_hidden), 0.5 * max(n_in, n_hidden))
    ax.set_aspect("auto")
    ax.axis("off")
    return ax


def _column_positions(x, n):
    """n points stacked at ``x``, centred on 0, top to bottom."""
    if n == 1:
        return [(x, 0.0)]
    ys = np.linspace(0.45, -0.45, n) * (1 if n <= 2 else (n - 1) / 2)
    return [(x, float(y)) for y in ys]


def _neuron(ax, x, y, text, face):
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5,
            bbox=dict(boxstyle="circle,pad=0.35", fc=face, ec="0.2"),
            zorder=3)


def _under(ax, x, y, text, mode):
    colour = BACKWARD if mode == "backward" else STRUCTURE
    ax.annotate(text, xy=(x, y), xytext=(0, -40),
                textcoords="offset points", ha="center", va="top",
                fontsize=8, color=colour)


def _hidden_text(mode, f, g, j, d):
    if mode == "weights":
        return f"h{j + 1}"
    if mode == "forward":
        return f"z = {d(f.z1[j, 0])}\na = {d(f.a1[j, 0])}"
    return f"h{j + 1}\nδ = {d(g.delta1[j, 0])}"


def _output_text(mode, f, g, k, d):
    if mode == "weights":
        return "out"
    if mode == "forward":
        return f"z = {d(f.z2[k, 0])}\ny = {d(f.y[k, 0])}"
    return f"out\nδ = {d(g.delta2[k, 0])}"


def _bias_text(name, mode, b, g, j, d):
    if mode == "backward":
        db = g.db1 if name == "b1" else g.db2
        return f"d{name}[{j + 1}] = {d(np.ravel(db)[j])}"
    return f"{name}[{j + 1}] = {d(np.ravel(b)[j])}"


# ----------------------------------------------------- computation graph

_CHAIN = ("x", "z1", "a1", "z2", "y", "L")
_LABELS = {"x": "x", "z1": "z⁽¹⁾", "a1": "a⁽¹⁾", "z2": "z⁽²⁾",
           "y": "y", "L": "L"}


def draw_computation_graph(values=None, gradients=None, digits=4,
                           ax=None):
    """Draw the chain ``x -> z1 -> a1 -> z2 -> y -> L`` (article §3).

    The parameters ``W1, b1`` feed ``z1``, ``W2, b2`` feed ``z2`` and
    the target ``t`` feeds ``L``.

    Parameters
    ----------
    values : dict, optional
        Name (one of x, z1, a1, z2, y, L) -> number or array, written
        under the node in blue.
    gradients : dict, optional
        Name -> dL/d(name), written above the arrow into that node in
        red (the backward direction).
    digits : int
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    values = values or {}
    gradients = gradients or {}
    for name in (*values, *gradients):
        if name not in _CHAIN:
            raise ValueError(
                f"unknown node {name!r}; expected one of "
                f"{', '.join(_CHAIN)}"
            )
    ax = _axes(ax, (9.0, 3.0))
    xs = {name: i * 1.0 for i, name in enumerate(_CHAIN)}
    for a, b in zip(_CHAIN[:-1], _CHAIN[1:], strict=True):
        ax.annotate("", xy=(xs[b] - 0.2, 0), xytext=(xs[a] + 0.2, 0),
                    arrowprops=dict(arrowstyle="-|>", color="0.2"))
    for name in _CHAIN:
        ax.text(xs[name], 0, _LABELS[name], ha="center", va="center",
                fontsize=12, bbox=dict(boxstyle="round,pad=0.4",
                                       fc="#eef4fb", ec="0.2"), zorder=3)
        if name in values:
            ax.text(xs[name], -0.32, _short(values[name], digits),
                    ha="center", va="top", fontsize=8, color=FORWARD)
        if name in gradients:
            ax.text(xs[name], 0.62, "∂L/∂" + _LABELS[name] + " = "
                    + _short(gradients[name], digits), ha="center",
                    va="bottom", fontsize=8, color=BACKWARD)
    # parameters and target feeding in from above
    for label, target in (("W⁽¹⁾, b⁽¹⁾", "z1"), ("W⁽²⁾, b⁽²⁾", "z2"),
                          ("t", "L")):
        ax.annotate("", xy=(xs[target], 0.2),
                    xytext=(xs[target] - 0.5, 0.5),
                    arrowprops=dict(arrowstyle="-|>", color=STRUCTURE))
        ax.text(xs[target] - 0.5, 0.52, label, ha="center", va="bottom",
                fontsize=9, color=STRUCTURE)
    ax.set_title("the computation graph: each value depends on the one "
                 "to its left")
    ax.set_xlim(-0.6, 5.6)
    ax.set_ylim(-0.8, 1.0)
    ax.axis("off")
    return ax


def _short(v, digits):
    arr = np.ravel(np.asarray(v, dtype=float))
    if arr.size == 1:
        return _fmt(arr[0], digits)
    return "[" + ", ".join(_fmt(a, digits) for a in arr) + "]"


# --------------------------------------------------------------- sigmoid

def plot_sigmoid(marks=None, z_range=(-6.0, 6.0), ax=None):
    """The sigmoid and its derivative, with optional marked points.

    Parameters
    ----------
    marks : dict, optional
        Label -> z value; each is marked on both curves, e.g.
        ``{"z2": 0.1141643}``.
    z_range : (float, float)
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    from .activations import sigmoid, sigmoid_prime_from_z

    lo, hi = (float(v) for v in z_range)
    if not lo < hi:
        raise ValueError(
            f"z_range is {z_range!r}; expected (low, high) with low < high"
        )
    ax = _axes(ax, (6.4, 3.8))
    z = np.linspace(lo, hi, 401)
    ax.plot(z, sigmoid(z), color=FORWARD, label="σ(z)")
    ax.plot(z, sigmoid_prime_from_z(z), color=BACKWARD,
            label="σ'(z) = σ(z)(1 − σ(z))")
    for label, zv in (marks or {}).items():
        zv = float(zv)
        s, ds = float(sigmoid(zv)), float(sigmoid_prime_from_z(zv))
        ax.plot([zv, zv], [0, s], ":", color="0.5", lw=0.8)
        ax.plot([zv], [s], "o", color=FORWARD, ms=5)
        ax.plot([zv], [ds], "o", color=BACKWARD, ms=5)
        ax.annotate(f"{label} = {_fmt(zv, 4)}\nσ = {_fmt(s, 4)}, "
                    f"σ' = {_fmt(ds, 4)}", xy=(zv, s),
                    xytext=(8, -28), textcoords="offset points",
                    fontsize=8)
    ax.axhline(0, color="0.8", lw=0.8)
    ax.set_xlabel("z")
    ax.set_ylabel("value")
    ax.set_title("sigmoid and its derivative (largest, 0.25, at z = 0)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


# ------------------------------------------------- loss along one weight

def plot_loss_along_weight(params=None, x=None, t=None, name="W2",
                           index=(0, 0), eta=None, span=3.0, ax=None):
    """The loss as one parameter entry moves, and one gradient step.

    Every other parameter stays fixed. The tangent at the current value
    has the slope ``dL/dtheta`` from :func:`nnlib.backward`; the arrow
    shows the step ``theta - eta * dL/dtheta``.

    Parameters
    ----------
    params : Params, optional (the article's by default)
    x, t : array_like, optional (the article's by default)
    name : {"W1", "b1", "W2", "b2"}
    index : tuple of int
        The entry of that parameter, e.g. (0, 0); for a column bias
        ``(j, 0)``.
    eta : float, optional
        Learning rate for the step; the article's 0.1 by default.
    span : float
        Half-width of the plotted interval around the current value.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    p = ARTICLE.params if params is None else make_params(*params)
    x = ARTICLE.x if x is None else x
    t = ARTICLE.t if t is None else t
    eta = ARTICLE.eta if eta is None else float(eta)
    if name not in Params._fields:
        raise ValueError(
            f"name is {name!r}; expected one of {', '.join(Params._fields)}"
        )
    theta = getattr(p, name)
    index = tuple(index)
    try:
        theta0 = float(theta[index])
    except (IndexError, ValueError):
        raise ValueError(
            f"index {index} is outside {name}, which has shape "
            f"{theta.shape}"
        ) from None

    def loss_at(v):
        new = theta.copy()
        new[index] = v
        q = p._replace(**{name: new})
        return loss(forward(q, x).y, _col(t, q))

    grads = backward(p, x, _col(t, p))
    slope = float(getattr(grads, "d" + name)[index])
    step = theta0 - eta * slope

    ax = _axes(ax, (6.4, 3.8))
    vs = np.linspace(theta0 - span, theta0 + span, 201)
    ax.plot(vs, [loss_at(v) for v in vs], color=FORWARD, label="L")
    L0 = loss_at(theta0)
    half = 0.35 * span
    ax.plot([theta0 - half, theta0 + half],
            [L0 - slope * half, L0 + slope * half], "--",
            color=BACKWARD, lw=1.0,
            label=f"tangent, slope dL/d{name} = {_fmt(slope, 4)}")
    ax.plot([theta0], [L0], "o", color=FORWARD)
    ax.annotate("", xy=(step, loss_at(step)), xytext=(theta0, L0),
                arrowprops=dict(arrowstyle="-|>", color=BACKWARD, lw=1.5))
    ax.plot([step], [loss_at(step)], "o", color=BACKWARD,
            label=f"after one step, η = {_fmt(eta, 3)}")
    entry = f"{name}[{', '.join(str(i + 1) for i in index)}]"
    ax.set_xlabel(entry)
    ax.set_ylabel("L")
    ax.set_title(f"the loss along {entry}, every other parameter fixed")
    ax.legend(fontsize=8)
    return ax


def _col(t, p):
    n_out = p.W2.shape[0]
    return np.reshape(np.asarray(t, dtype=float), (n_out, -1))


# ------------------------------------------------------------- training

def plot_loss_curves(curves, log=False, xlabel="epoch", ax=None):
    """Loss against step for one or more runs.

    Parameters
    ----------
    curves : dict of str -> sequence of float
        Label -> the loss after each step or epoch.
    log : bool
        Use a log scale on the loss axis.
    xlabel : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError(
            "curves must be a non-empty dict of label -> list of losses, "
            f"got {type(curves).__name__}"
        )
    ax = _axes(ax, (6.4, 3.8))
    for label, values in curves.items():
        v = np.asarray(values, dtype=float).ravel()
        ax.plot(np.arange(len(v)), v, label=str(label))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    ax.set_title("loss during training")
    ax.legend(fontsize=8)
    return ax


def plot_decision_boundary(predict, X, T, resolution=150, pad=0.5,
                           ax=None):
    """Where a two-input classifier says 1, with the samples on top.

    Parameters
    ----------
    predict : callable
        Takes a batch of shape (2, N) and returns outputs of shape
        (1, N) or (N,), read as the probability of class 1.
    X : array_like of shape (2, N)
        Samples, one per column.
    T : array_like of shape (1, N) or (N,)
        Their 0/1 labels.
    resolution : int
        Grid points per axis.
    pad : float
        Margin around the samples.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(
            f"X has shape {X.shape}; expected (2, N), one column per "
            "sample with two inputs"
        )
    T = np.asarray(T, dtype=float).ravel()
    if T.size != X.shape[1]:
        raise ValueError(
            f"T has {T.size} labels but X has {X.shape[1]} samples"
        )
    ax = _axes(ax, (4.8, 4.2))
    g0 = np.linspace(X[0].min() - pad, X[0].max() + pad, resolution)
    g1 = np.linspace(X[1].min() - pad, X[1].max() + pad, resolution)
    G0, G1 = np.meshgrid(g0, g1)
    grid = np.vstack([G0.ravel(), G1.ravel()])
    P = np.asarray(predict(grid), dtype=float).reshape(G0.shape)
    ax.contourf(G0, G1, P, levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                alpha=0.6)
    ax.contour(G0, G1, P, levels=[0.5], colors="k", linewidths=1.2)
    for label, marker in ((0, "o"), (1, "s")):
        m = T == label
        ax.scatter(X[0, m], X[1, m], marker=marker, edgecolor="k",
                   facecolor="white" if label == 0 else "k", s=45,
                   label=f"t = {label}")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title("decision boundary (y = 0.5)")
    ax.legend(fontsize=8, loc="upper right")
    return ax


def plot_gradient_norms(norms, ax=None):
    """Gradient size per layer, one curve per activation (log scale).

    Parameters
    ----------
    norms : dict of str -> sequence of float
        Label (e.g. "sigmoid") -> the size of dL/dW for layers
        1, 2, ... (first layer first).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    if not isinstance(norms, dict) or not norms:
        raise TypeError(
            "norms must be a non-empty dict of label -> list of numbers, "
            f"got {type(norms).__name__}"
        )
    ax = _axes(ax, (6.4, 3.8))
    for label, values in norms.items():
        v = np.asarray(values, dtype=float).ravel()
        ax.plot(np.arange(1, len(v) + 1), v, "o-", label=str(label))
    ax.set_yscale("log")
    ax.set_xlabel("layer (1 = nearest the input)")
    ax.set_ylabel("gradient size")
    ax.set_title("gradient size by layer")
    ax.legend(fontsize=8)
    return ax


def plot_step_size_errors(hs, errors, ax=None):
    """Relative error of finite differences against the step ``h``.

    Parameters
    ----------
    hs : sequence of float
        Step sizes, all above 0.
    errors : dict of str -> sequence of float
        Label (e.g. "centred") -> the relative error at each ``h``.
        Exact zeros are drawn at 1e-17 so the log scale can show them.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    hs = np.asarray(hs, dtype=float).ravel()
    if hs.size == 0 or np.any(hs <= 0):
        raise ValueError("hs must be a non-empty list of steps above 0")
    if not isinstance(errors, dict) or not errors:
        raise TypeError(
            "errors must be a non-empty dict of label -> list of errors, "
            f"got {type(errors).__name__}"
        )
    ax = _axes(ax, (6.4, 3.8))
    for label, values in errors.items():
        v = np.asarray(values, dtype=float).ravel()
        if v.size != hs.size:
            raise ValueError(
                f"errors[{label!r}] has {v.size} values but hs has "
                f"{hs.size}"
            )
        ax.loglog(hs, np.maximum(v, 1e-17), "o-", ms=3, label=str(label))
    ax.set_xlabel("step h")
    ax.set_ylabel("relative error")
    ax.set_title("finite differences: truncation (right) vs round-off "
                 "(left)")
    ax.legend(fontsize=8)
    return ax
