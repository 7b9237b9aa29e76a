"""Interactive explorers for the notebooks (ipywidgets).

Seven explorers, one per idea of the article (explorer: its logic):

* :func:`forward_explorer`: :func:`forward_view` (§5);
* :func:`backward_explorer`: :func:`backward_view` (§8, §11);
* :func:`sigmoid_explorer`: :func:`sigmoid_view` (§3, §14.5);
* :func:`learning_rate_explorer`: :func:`learning_rate_view` (§9, §10);
* :func:`landscape_explorer`: :func:`landscape_view` (§6, §9);
* :func:`gradcheck_explorer`: :func:`gradcheck_view` (§14);
* :func:`predict_explorer`: :func:`predict_view`, scored by
  :func:`nnlib.check` (§5, §8).

Each explorer is split in two. Its logic is a plain function of plain
numbers that returns a ``NamedTuple`` of plain values; the tests call it
with no browser and no kernel. The explorer itself only wires controls
to that function and shows the result: the numbers in an HTML table, the
picture in an ``Image`` widget. A callback never prints and never calls
``display``: it only sets widget values, which travel as widget
messages, so a notebook cell that moves a slider adds nothing to that
cell's output.

Every explorer returns an :class:`Explorer`. Shown as a cell's last
expression it is the live widget in JupyterLab, and it also carries a
static picture (PNG) and a plain-text table of the values it started
with: GitHub, an HTML export and a notebook opened without a kernel
show those, and nbval compares the text (it skips the widget's model
id, which is random).

Sliders sit on a decimal grid (``min + k * step``), and the value a
slider reports is snapped to that grid's decimal before use, so the
article's numbers (``eta = 0.1``, ``W1[1,1] = 0.2`` ...) are reached as
exactly the floats ``0.1`` and ``0.2`` whatever rounding the browser's
slider arithmetic adds. Pictures are drawn once and then only their
moving parts are redrawn (matplotlib blitting on an Agg canvas), which
keeps a redraw well under 50 ms on a small machine; the network itself
is drawn as SVG text, which costs almost nothing.

Limits: the explorers are built for the article's 2-2-1 network with
the sigmoid and the half squared error; they need a running kernel to
respond (the static copy does not move). Sliders answer in a few
milliseconds (``make bench-widgets``); changing the landscape's pair of
weights or the gradient check's entry redraws the whole figure and
takes a tenth of a second or more (a pair's loss grid is computed once,
then cached).
"""

import base64
import io
import math
from decimal import Decimal
from typing import NamedTuple

import numpy as np

from . import mlp
from .activations import sigmoid, sigmoid_prime_from_z
from .example import ARTICLE
from .mlp import mlp_from_params
from .network import backward, forward, loss_of, params
from .train import fit
from .walkthrough import format_number

# ------------------------------------------------------------ the grid


class SliderSpec(NamedTuple):
    """One slider: its name, label and decimal grid.

    Attributes
    ----------
    name : str     the key in a values mapping, e.g. "W1_11"
    label : str    what the learner sees, e.g. "W1[1,1]"
    min : str      the grid's start, as a decimal string ("-2")
    max : str      the grid's end
    step : str     the grid's spacing ("0.05")
    value : float  the starting value (the article's)
    """

    name: str
    label: str
    min: str
    max: str
    step: str
    value: float


def grid_value(spec, k):
    """The float nearest to the decimal ``min + k * step`` of ``spec``."""
    k = int(k)
    n = grid_size(spec)
    if not 0 <= k <= n:
        raise ValueError(
            f"k is {k}; the slider {spec.name} has grid points 0..{n}"
        )
    return float(Decimal(spec.min) + k * Decimal(spec.step))


def grid_size(spec):
    """The index of the last grid point of ``spec`` (max is point n)."""
    span = (Decimal(spec.max) - Decimal(spec.min)) / Decimal(spec.step)
    return int(span)


def snap(spec, value):
    """``value`` moved to the nearest grid point of ``spec``.

    A browser's slider reports ``min + k * step`` computed in binary
    floating point (0.30000000000000004 and the like); this returns the
    float nearest to the decimal grid point instead, clipped to the
    slider's range.
    """
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(
            f"{spec.name} is {value}; expected a finite number in "
            f"[{spec.min}, {spec.max}]"
        )
    k = round((value - float(spec.min)) / float(spec.step))
    return grid_value(spec, min(max(k, 0), grid_size(spec)))


def _spec(name, label, lo, hi, step, value):
    return SliderSpec(name, label, lo, hi, step, float(value))


def _article_specs():
    """The twelve sliders of the forward and backward explorers."""
    p, x, t = ARTICLE.params, ARTICLE.x, ARTICLE.t
    w = ("-2", "2", "0.05")  # weights, biases and inputs
    specs = [
        _spec("x1", "x1", *w, x[0, 0]),
        _spec("x2", "x2", *w, x[1, 0]),
    ]
    for j in range(2):
        for i in range(2):
            specs.append(_spec(f"W1_{j + 1}{i + 1}",
                               f"W1[{j + 1},{i + 1}]", *w, p.W1[j, i]))
    for j in range(2):
        specs.append(_spec(f"b1_{j + 1}", f"b1[{j + 1}]", *w, p.b1[j, 0]))
    for i in range(2):
        specs.append(_spec(f"W2_1{i + 1}", f"W2[1,{i + 1}]", *w,
                           p.W2[0, i]))
    specs.append(_spec("b2", "b2", *w, p.b2[0, 0]))
    # y is a sigmoid output, so a reachable target lies in [0, 1]
    specs.append(_spec("t", "t", "0", "1", "0.01", t[0, 0]))
    return tuple(specs)


NETWORK_SPECS = _article_specs()
"""Sliders for x, W1, b1, W2, b2 and t, starting at the article's values."""

PARAMETER_NAMES = tuple(s.name for s in NETWORK_SPECS
                        if s.name not in ("x1", "x2", "t"))
"""The nine parameter entries, W1_11 ... b2, in the article's order."""

_SPEC = {s.name: s for s in NETWORK_SPECS}


def article_values():
    """The article's x, W1, b1, W2, b2 and t as a dict of twelve floats.

    Keys: x1 x2 W1_11 W1_12 W1_21 W1_22 b1_1 b1_2 W2_11 W2_12 b2 t.
    """
    return {s.name: s.value for s in NETWORK_SPECS}


def network(values=None):
    """Turn a mapping of named numbers into ``(Params, x, t)``.

    Parameters
    ----------
    values : mapping of str -> float, optional
        Any of the keys of :func:`article_values`; missing keys keep the
        article's value.

    Returns
    -------
    p : Params
        ``W1 (2, 2)``, ``b1 (2, 1)``, ``W2 (1, 2)``, ``b2 (1, 1)``.
    x : ndarray of shape (2, 1)
    t : ndarray of shape (1, 1)
    """
    v = _merged(values)
    W1 = [[v["W1_11"], v["W1_12"]], [v["W1_21"], v["W1_22"]]]
    b1 = [[v["b1_1"]], [v["b1_2"]]]
    W2 = [[v["W2_11"], v["W2_12"]]]
    b2 = [[v["b2"]]]
    x = np.array([[v["x1"]], [v["x2"]]])
    t = np.array([[v["t"]]])
    return params(W1, b1, W2, b2), x, t


def _merged(values):
    """The article's values updated with ``values``, checked."""
    merged = article_values()
    if values is None:
        return merged
    if not hasattr(values, "items"):
        raise TypeError(
            f"values is a {type(values).__name__}; expected a dict such "
            "as {'W1_11': 0.2, 't': 1.0}"
        )
    for key, value in values.items():
        if key not in merged:
            raise ValueError(
                f"values has the key {key!r}; expected some of "
                f"{', '.join(merged)}"
            )
        if isinstance(value, bool) or not isinstance(
                value, (int, float, np.number)):
            raise TypeError(
                f"values[{key!r}] is {value!r}; expected a number"
            )
        if not math.isfinite(float(value)):
            raise ValueError(
                f"values[{key!r}] is {value}; expected a finite number"
            )
        merged[key] = float(value)
    return merged


# ----------------------------------------------------- forward explorer


class ForwardView(NamedTuple):
    """What the forward explorer shows (article §5), as plain floats.

    Attributes
    ----------
    z1 : tuple of 2 floats   hidden pre-activations
    a1 : tuple of 2 floats   hidden activations
    z2 : float               output pre-activation
    y : float                the network's output
    L : float                half squared error against t
    """

    z1: tuple
    a1: tuple
    z2: float
    y: float
    L: float


def forward_view(values=None):
    """Every value of the forward pass for the given x, parameters and t.

    Parameters
    ----------
    values : mapping of str -> float, optional
        Keys of :func:`article_values`; the article's by default.

    Returns
    -------
    ForwardView
    """
    p, x, t = network(values)
    f = forward(p, x)
    return ForwardView(
        z1=tuple(float(v) for v in f.z1[:, 0]),
        a1=tuple(float(v) for v in f.a1[:, 0]),
        z2=float(f.z2[0, 0]),
        y=float(f.y[0, 0]),
        L=float(loss_of(p, x, t)),
    )


# ---------------------------------------------------- backward explorer


class BackwardView(NamedTuple):
    """What the backward explorer shows (article §8 and §11).

    Attributes
    ----------
    forward : ForwardView
    delta2 : float
    delta1 : tuple of 2 floats
    grads : dict of str -> float
        dL/d(entry) for each of :data:`PARAMETER_NAMES`.
    moves : dict of str -> str
        "up", "down" or "stays": where gradient descent moves each
        entry (against the sign of its gradient).
    """

    forward: ForwardView
    delta2: float
    delta1: tuple
    grads: dict
    moves: dict


def backward_view(values=None):
    """Every delta and gradient, and where each parameter will move.

    Parameters
    ----------
    values : mapping of str -> float, optional
        Keys of :func:`article_values`; the article's by default.

    Returns
    -------
    BackwardView
    """
    p, x, t = network(values)
    g = backward(p, x, t)
    grads = _flat_gradients(g)
    return BackwardView(
        forward=forward_view(values),
        delta2=float(g.delta2[0, 0]),
        delta1=tuple(float(v) for v in g.delta1[:, 0]),
        grads=grads,
        moves={k: _move(v) for k, v in grads.items()},
    )


def _flat_gradients(g):
    """Gradients of nnlib.backward as PARAMETER_NAMES -> float."""
    return {
        "W1_11": float(g.dW1[0, 0]), "W1_12": float(g.dW1[0, 1]),
        "W1_21": float(g.dW1[1, 0]), "W1_22": float(g.dW1[1, 1]),
        "b1_1": float(g.db1[0, 0]), "b1_2": float(g.db1[1, 0]),
        "W2_11": float(g.dW2[0, 0]), "W2_12": float(g.dW2[0, 1]),
        "b2": float(g.db2[0, 0]),
    }


def _move(gradient):
    """Gradient descent moves against the gradient's sign."""
    if gradient < 0:
        return "up"
    if gradient > 0:
        return "down"
    return "stays"


# ------------------------------------------------ tables and the network


def _num(v, places=7):
    return format_number(float(v), places)


def forward_rows(view):
    """(name, text) rows for a ForwardView, at the article's 7 places."""
    return [
        ("z1", f"[{_num(view.z1[0])}, {_num(view.z1[1])}]"),
        ("a1", f"[{_num(view.a1[0])}, {_num(view.a1[1])}]"),
        ("z2", _num(view.z2)),
        ("y", _num(view.y)),
        ("L", _num(view.L)),
    ]


def backward_rows(view):
    """(name, text) rows for a BackwardView, at 7 places."""
    g = view.grads
    rows = forward_rows(view.forward)
    rows += [
        ("delta2", _num(view.delta2)),
        ("dW2", f"[{_num(g['W2_11'])}, {_num(g['W2_12'])}]"),
        ("db2", _num(g["b2"])),
        ("delta1", f"[{_num(view.delta1[0])}, {_num(view.delta1[1])}]"),
        ("dW1", f"[{_num(g['W1_11'])}, {_num(g['W1_12'])}; "
                f"{_num(g['W1_21'])}, {_num(g['W1_22'])}]"),
        ("db1", f"[{_num(g['b1_1'])}, {_num(g['b1_2'])}]"),
    ]
    return rows


def rows_text(title, rows):
    """Rows as aligned plain text under a title (the static fallback)."""
    width = max(len(name) for name, _ in rows)
    lines = [title] + [f"  {name:<{width}} = {text}" for name, text in rows]
    return "\n".join(lines)


def rows_html(rows):
    """Rows as an HTML table; each value cell has class nnlib-v-<name>.

    The class (spaces and symbols in the name become ``-``) lets the
    browser test find a value; the text is escaped.
    """
    import html
    import re

    body = "".join(
        f"<tr><td style='padding:0 8px'><b>{html.escape(name)}</b></td>"
        f"<td class='nnlib-v-{re.sub(r'[^A-Za-z0-9_]+', '-', name)}' "
        f"style='font-family:monospace'>{html.escape(text)}</td></tr>"
        for name, text in rows
    )
    return f"<table class='nnlib-values'>{body}</table>"


_BLUE, _RED, _GREY = "#1f77b4", "#d62728", "#777777"


def network_svg(values=None, mode="forward"):
    """The 2-2-1 network as an SVG string, with values or gradients.

    Drawing SVG text costs well under a millisecond, so the forward and
    backward explorers redraw the whole network on every change.

    Parameters
    ----------
    values : mapping of str -> float, optional
    mode : {"forward", "backward"}
        "forward": weights on the edges, z and a in the neurons, y and
        L. "backward": gradients on the edges (red pushes the weight up,
        blue down, per the arrow), deltas in the neurons.

    Returns
    -------
    str
    """
    if mode not in ("forward", "backward"):
        raise ValueError(
            f"mode is {mode!r}; expected 'forward' or 'backward'"
        )
    v = _merged(values)
    view = backward_view(v)
    f = view.forward
    pos = {"x1": (60, 70), "x2": (60, 190), "h1": (260, 70),
           "h2": (260, 190), "o": (460, 130)}
    edges = [("x1", "h1", "W1_11"), ("x2", "h1", "W1_12"),
             ("x1", "h2", "W1_21"), ("x2", "h2", "W1_22"),
             ("h1", "o", "W2_11"), ("h2", "o", "W2_12")]
    parts = []
    for src, dst, name in edges:
        parts.append(_edge_svg(pos[src], pos[dst], name, v[name],
                               view.grads[name], view.moves[name], mode,
                               crossing=src[-1] != dst[-1] and dst != "o"))
    if mode == "forward":
        inside = {
            "x1": ("x1", _num(v["x1"], 4)), "x2": ("x2", _num(v["x2"], 4)),
            "h1": (f"z={_num(f.z1[0], 4)}", f"a={_num(f.a1[0], 4)}"),
            "h2": (f"z={_num(f.z1[1], 4)}", f"a={_num(f.a1[1], 4)}"),
            "o": (f"z={_num(f.z2, 4)}", f"y={_num(f.y, 4)}"),
        }
        under = {"h1": f"b1[1]={_num(v['b1_1'], 4)}",
                 "h2": f"b1[2]={_num(v['b1_2'], 4)}",
                 "o": f"b2={_num(v['b2'], 4)}"}
        tail = (f"L = {_num(f.L, 4)}", f"t = {_num(v['t'], 4)}")
    else:
        g = view.grads
        inside = {
            "x1": ("x1", _num(v["x1"], 4)), "x2": ("x2", _num(v["x2"], 4)),
            "h1": ("δ1[1]", _num(view.delta1[0], 4)),
            "h2": ("δ1[2]", _num(view.delta1[1], 4)),
            "o": ("δ2", _num(view.delta2, 4)),
        }
        under = {"h1": f"db1[1]={_num(g['b1_1'], 4)}",
                 "h2": f"db1[2]={_num(g['b1_2'], 4)}",
                 "o": f"db2={_num(g['b2'], 4)}"}
        tail = (f"dL/dy = {_num(f.y - v['t'], 4)}", f"L = {_num(f.L, 4)}")
    for key, (cx, cy) in pos.items():
        parts.append(_neuron_svg(cx, cy, *inside[key]))
        if key in under:
            parts.append(_text_svg(cx, cy + 52, under[key], _GREY, 11))
    cx, cy = pos["o"]
    parts.append(f"<line x1='{cx + 40}' y1='{cy}' x2='{cx + 80}' "
                 f"y2='{cy}' stroke='{_GREY}'/>")
    parts.append(_text_svg(cx + 135, cy - 6, tail[0], _BLUE, 13))
    parts.append(_text_svg(cx + 135, cy + 12, tail[1], _GREY, 11))
    title = ("forward pass: values flow left to right" if mode == "forward"
             else "backward pass: gradients flow right to left")
    parts.append(_text_svg(330, 16, title, "#333", 13))
    return ("<svg xmlns='http://www.w3.org/2000/svg' width='660' "
            "height='270' viewBox='0 0 660 270' "
            "font-family='sans-serif'>" + "".join(parts) + "</svg>")


def _text_svg(x, y, text, colour, size):
    # a white halo keeps a label readable where it crosses an edge
    return (f"<text x='{x}' y='{y}' fill='{colour}' font-size='{size}' "
            "text-anchor='middle' stroke='white' stroke-width='3' "
            f"paint-order='stroke'>{text}</text>")


def _neuron_svg(cx, cy, top, bottom):
    return (f"<circle cx='{cx}' cy='{cy}' r='38' fill='#eef4fb' "
            f"stroke='#333'/>" + _text_svg(cx, cy - 3, top, "#111", 12)
            + _text_svg(cx, cy + 14, bottom, "#111", 12))


def _edge_svg(a, b, name, weight, grad, move, mode, crossing):
    (x0, y0), (x1, y1) = a, b
    label = f"W{name[1]}[{name[3]},{name[4]}]"
    if mode == "forward":
        colour = _BLUE if weight >= 0 else _RED
        width = 0.8 + 3 * min(abs(weight), 2.0)
        text = f"{label}={_num(weight, 3)}"
    else:
        colour = {"up": _RED, "down": _BLUE, "stays": _GREY}[move]
        width = 0.8 + 40 * min(abs(grad), 0.1)
        arrow = {"up": "↑", "down": "↓", "stays": "·"}[move]
        text = f"d{label}={_num(grad, 4)} {arrow}"
    # crossing edges get their label near the source, where they are
    # still apart; the others mid-way
    frac = 0.3 if crossing else 0.5
    x0, x1 = x0 + 38, x1 - 38  # the visible part, between the circles
    lx, ly = x0 + frac * (x1 - x0), y0 + frac * (y1 - y0) - 6
    return (f"<line x1='{x0}' y1='{y0}' x2='{x1}' y2='{y1}' "
            f"stroke='{colour}' stroke-width='{width:.2f}' "
            "stroke-opacity='0.7'/>"
            + _text_svg(lx, ly, text, colour, 11))


# ------------------------------------------------------- the live panel


class Explorer:
    """A live panel of controls and its static copy.

    Shown as a cell's last expression, it is the live widget in
    JupyterLab; the same output also carries ``image/png`` and
    ``text/plain`` copies of what the panel showed when it was
    displayed, for readers without a kernel (GitHub, HTML export) and
    for nbval, which compares the text and skips the widget's id.

    Attributes
    ----------
    widget : ipywidgets.Box
        The panel.
    controls : dict of str -> ipywidgets widget
        Each control by name (e.g. "W1_11", "eta").
    messages : ipywidgets.Output
        Where a callback's error goes instead of the cell's output.
    figure : BlitFigure or None
        The redrawn figure of the plot explorers.
    """

    def __init__(self, widget, controls, messages, snapshot, figure=None):
        self.widget = widget
        self.controls = controls
        self.messages = messages
        self.figure = figure
        self._snapshot = snapshot

    def set(self, **values):
        """Move controls by name, as a learner would; returns self."""
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(
                    f"this explorer has no control {name!r}; its controls "
                    f"are {', '.join(self.controls)}"
                )
            self.controls[name].value = value
        return self

    def snapshot(self):
        """``(text, png_bytes)``: the panel's current state, static."""
        return self._snapshot()

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = dict(self.widget._repr_mimebundle_())
        text, png = self.snapshot()
        data["text/plain"] = text
        if png is not None:
            data["image/png"] = base64.b64encode(png).decode("ascii")
        return data


def _ipywidgets():
    """ipywidgets, imported on first use (the pure functions need none)."""
    import ipywidgets

    return ipywidgets


def _slider(spec, continuous):
    w = _ipywidgets()
    return w.FloatSlider(
        value=spec.value, min=float(spec.min), max=float(spec.max),
        step=float(spec.step), description=spec.label,
        readout_format=f".{_places(spec.step)}f",
        continuous_update=continuous,
        style={"description_width": "56px"},
        layout=w.Layout(width="260px"),
    )


def _places(step):
    """Decimals a readout needs to show every grid point of ``step``."""
    return max(0, -Decimal(step).normalize().as_tuple().exponent)


def _wire(controls, messages, redraw):
    """Call ``redraw()`` after any control changes; errors go to messages.

    A callback that raised would otherwise write a traceback into the
    output of whichever cell moved the control.
    """
    def on_change(change):
        try:
            redraw()
            messages.outputs = ()
        except (ValueError, TypeError) as err:
            messages.outputs = ({
                "output_type": "stream", "name": "stderr",
                "text": f"{err}\n",
            },)

    for control in controls.values():
        control.observe(on_change, names="value")


def _network_values(controls):
    """The sliders' values snapped to their decimal grids."""
    return {name: snap(_SPEC[name], c.value)
            for name, c in controls.items() if name in _SPEC}


def _network_controls(continuous=True):
    """Twelve sliders in three columns: input and target, layer 1, 2."""
    w = _ipywidgets()
    controls = {s.name: _slider(s, continuous) for s in NETWORK_SPECS}
    columns = (("x1", "x2", "t"),
               ("W1_11", "W1_12", "W1_21", "W1_22", "b1_1", "b1_2"),
               ("W2_11", "W2_12", "b2"))
    box = w.HBox([w.VBox([controls[n] for n in col]) for col in columns])
    return controls, box


def _static_png(draw):
    """PNG bytes of a one-off matplotlib drawing ``draw(ax)``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.6, 4.6), layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72, metadata={"Software": None})
    return buf.getvalue()


def _network_explorer(mode):
    w = _ipywidgets()
    controls, box = _network_controls(continuous=True)
    picture = w.HTML()
    table = w.HTML()
    messages = w.Output()

    def compute():
        values = _network_values(controls)
        view = (forward_view(values) if mode == "forward"
                else backward_view(values))
        rows = (forward_rows(view) if mode == "forward"
                else backward_rows(view))
        return values, rows

    def redraw():
        values, rows = compute()
        picture.value = network_svg(values, mode)
        table.value = rows_html(rows)

    def snapshot():
        values, rows = compute()
        p, x, t = network(values)
        title = f"{mode.capitalize()} explorer at " + ", ".join(
            f"{name}={_num(v, 2)}" for name, v in values.items())
        text = rows_text(_wrap(title), rows)

        def draw(ax):
            from . import plots

            plots.draw_network(p, x, t, mode=mode, ax=ax)

        return text, _static_png(draw)

    _wire(controls, messages, redraw)
    redraw()
    panel = w.VBox([box, w.HBox([picture, table]), messages])
    panel.add_class(f"nnlib-{mode}-explorer")
    return Explorer(panel, controls, messages, snapshot)


def _wrap(text, width=79):
    """Break a long line at spaces so static text fits 79 columns."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, subsequent_indent="  "))


def forward_explorer():
    """Sliders for x, W1, b1, W2, b2 and t; live z1, a1, z2, y and L.

    Starts at the article's example (§4), so y = 0.5285101 and
    L = 0.1111510 until a slider moves. Use as a cell's last line:
    ``nnlib.widgets.forward_explorer()``.

    Returns
    -------
    Explorer
    """
    return _network_explorer("forward")


def backward_explorer():
    """The same sliders; every delta and gradient live (article §8).

    Each edge carries dL/dW and an arrow for the way gradient descent
    moves that weight: up where the gradient is negative.

    Returns
    -------
    Explorer
    """
    return _network_explorer("backward")


# ------------------------------------------------ figures redrawn fast


class BlitFigure:
    """A matplotlib figure drawn once, then only its moving parts.

    The axes, ticks, labels and fixed curves are rendered once into a
    cached background; each redraw restores that background, draws the
    artists marked animated, and encodes the pixels as PNG. The figure
    is a plain ``Figure`` on an Agg canvas that pyplot never sees, so it
    is never displayed behind the caller's back.
    """

    def __init__(self, figsize=(5.6, 3.4), dpi=80):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.figure)
        self._moving = []
        self._background = None
        self._kept = {}

    def moving(self, artist):
        """Mark ``artist`` as one that changes; returns it."""
        artist.set_animated(True)
        self._moving.append(artist)
        return artist

    def invalidate(self):
        """Re-render the fixed parts at the next redraw (after a change)."""
        self._background = None

    def keep(self, key):
        """Remember the current fixed parts under ``key`` (after png())."""
        if self._background is not None:
            self._kept[key] = self._background

    @property
    def stale(self):
        """True when the next redraw renders the fixed parts afresh."""
        return self._background is None

    def forget(self):
        """Drop every kept background (the benchmark's cold start)."""
        self._kept.clear()
        self.invalidate()

    def recall(self, key):
        """Use the fixed parts kept under ``key``; False if none were.

        Lets a figure that switches between a few backgrounds (one per
        pair of weights, say) skip re-rendering one it has shown before.
        """
        if key not in self._kept:
            return False
        self._background = self._kept[key]
        return True

    def png(self):
        """The figure as PNG bytes, redrawing only the moving artists."""
        canvas = self.figure.canvas
        if self._background is None:
            canvas.draw()  # draws everything but the animated artists
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self._moving:
            self.figure.draw_artist(artist)
        return _encode_png(canvas.buffer_rgba())


def _encode_png(rgba):
    """PNG bytes of an RGBA buffer; fast compression (speed over size)."""
    from PIL import Image

    buf = io.BytesIO()
    image = Image.fromarray(np.asarray(rgba)).convert("RGB")
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _image_widget():
    w = _ipywidgets()
    return w.Image(format="png", layout=w.Layout(width="448px"))


def _plot_explorer(name, controls, control_box, view, draw, rows, title,
                   figure):
    """Wire ``controls`` to a picture and a table of one view.

    ``view()`` computes from the controls (once per change);
    ``draw(v) -> png``, ``rows(v)`` and ``title(v)`` show it. The static
    copy is the same PNG and the rows as text under the title.
    """
    w = _ipywidgets()
    image = _image_widget()
    table = w.HTML()
    messages = w.Output()

    def redraw():
        v = view()
        image.value = draw(v)
        table.value = rows_html(rows(v))

    def snapshot():
        v = view()
        return rows_text(_wrap(title(v)), rows(v)), draw(v)

    _wire(controls, messages, redraw)
    redraw()
    panel = w.VBox([control_box, w.HBox([image, table]), messages])
    panel.add_class(f"nnlib-{name}-explorer")
    return Explorer(panel, controls, messages, snapshot, figure)


# ----------------------------------------------------- sigmoid explorer

SIGMOID_Z = _spec("z", "z", "-8", "8", "0.05", 0.75)
"""The z slider; it starts at the article's z1[2] = 0.75."""


class SigmoidView(NamedTuple):
    """The sigmoid at one z, its tangent, and a stack of such layers.

    Attributes
    ----------
    z : float
    a : float                  sigma(z)
    slope : float              sigma'(z) = a (1 - a), at most 0.25
    intercept : float          the tangent is a + slope (z' - z)
    saturated : bool           slope below 1 % of its largest value
    depth : int
    chain : float              slope ** depth: the factor a gradient
                               keeps after depth layers at this z
    bound : float              0.25 ** depth: the best any z can do
    """

    z: float
    a: float
    slope: float
    intercept: float
    saturated: bool
    depth: int
    chain: float
    bound: float


def sigmoid_view(z, depth=1):
    """Sigmoid, slope and tangent at ``z``; the factor after ``depth``.

    Parameters
    ----------
    z : float
    depth : int, at least 1
        Sigmoid layers a gradient passes through, each multiplying it by
        sigma'(z) (weights of 1 assumed, to isolate the activation).

    Returns
    -------
    SigmoidView
    """
    z = _finite("z", z)
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) \
            or depth < 1:
        raise ValueError(f"depth is {depth!r}; expected an integer >= 1")
    a = float(sigmoid(z))
    slope = float(sigmoid_prime_from_z(z))
    return SigmoidView(
        z=z, a=a, slope=slope, intercept=a - slope * z,
        saturated=slope < 0.01 * 0.25, depth=int(depth),
        chain=slope ** int(depth), bound=0.25 ** int(depth),
    )


def saturation_edge():
    """The |z| beyond which sigma'(z) is below 1 % of its peak 0.25.

    Solves a (1 - a) = 0.0025 for the larger root a, then z = logit(a).
    """
    a = (1 + math.sqrt(1 - 4 * 0.0025)) / 2
    return math.log(a / (1 - a))


def _finite(name, value):
    if isinstance(value, bool) or not isinstance(
            value, (int, float, np.number)):
        raise TypeError(f"{name} is {value!r}; expected a number")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} is {value}; expected a finite number")
    return value


def sigmoid_rows(view):
    """(name, text) rows for a SigmoidView."""
    return [
        ("z", _num(view.z, 2)),
        ("sigma(z)", _num(view.a)),
        ("sigma'(z)", _num(view.slope)),
        ("saturated", "yes" if view.saturated else "no"),
        ("depth", str(view.depth)),
        ("sigma'(z)^depth", f"{view.chain:.3e}"),
        ("0.25^depth", f"{view.bound:.3e}"),
    ]


def sigmoid_explorer():
    """z against sigma(z) and sigma'(z), the tangent, and a deep stack.

    Returns
    -------
    Explorer
    """
    w = _ipywidgets()
    controls = {
        "z": _slider(SIGMOID_Z, continuous=True),
        "depth": w.IntSlider(value=1, min=1, max=10, description="depth",
                             continuous_update=True),
    }
    fig = BlitFigure()
    ax = fig.figure.add_subplot()
    zs = np.linspace(-8, 8, 321)
    ax.plot(zs, sigmoid(zs), color=_BLUE, label="σ(z)")
    ax.plot(zs, sigmoid_prime_from_z(zs), color=_RED, label="σ'(z)")
    edge = saturation_edge()
    for lo, hi in ((-8, -edge), (edge, 8)):
        ax.axvspan(lo, hi, color="0.92")
    ax.set_xlim(-8, 8)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("z")
    ax.set_title("grey: saturated, σ'(z) < 0.0025", fontsize=10)
    tangent = fig.moving(ax.plot([], [], "--", color="0.3",
                                 label="tangent")[0])
    dot_a = fig.moving(ax.plot([], [], "o", color=_BLUE)[0])
    dot_s = fig.moving(ax.plot([], [], "o", color=_RED)[0])
    ax.legend(loc="upper left", fontsize=8)
    fig.figure.subplots_adjust(left=0.09, right=0.97, bottom=0.14,
                               top=0.9)

    def view():
        return sigmoid_view(snap(SIGMOID_Z, controls["z"].value),
                            int(controls["depth"].value))

    def draw(v):
        ends = np.array([v.z - 1.5, v.z + 1.5])
        tangent.set_data(ends, v.a + v.slope * (ends - v.z))
        dot_a.set_data([v.z], [v.a])
        dot_s.set_data([v.z], [v.slope])
        return fig.png()

    box = w.HBox([controls["z"], controls["depth"]])
    return _plot_explorer(
        "sigmoid", controls, box, view, draw, sigmoid_rows,
        lambda v: f"Sigmoid explorer at z={_num(v.z, 2)}, "
                  f"depth={v.depth}",
        fig)


# ---------------------------------------------- learning-rate explorer

ETA_EXPONENT = _spec("eta", "log10 η", "-2", "2", "0.05", -1.0)
"""The learning rate's slider, in powers of ten: 0.01 to 100, 0.1 first."""

MAX_STEPS = 200


def eta_from_slider(value):
    """A log slider's eta snapped to ``10 ** (grid exponent)``.

    ``10 ** -1`` is exactly the float 0.1, the article's eta.
    """
    value = _finite("eta", value)
    if not value > 0:
        raise ValueError(f"eta is {value}; expected a number above 0")
    exponent = Decimal(str(snap(ETA_EXPONENT, math.log10(value))))
    return float(Decimal(10) ** exponent)


class LearningRateView(NamedTuple):
    """Gradient descent on the article's example at one eta.

    Attributes
    ----------
    eta : float
    t : float
    losses : tuple of floats   L before training and after each step
    rises : int                steps after which L went up
    verdict : str              "falls every step", "overshoots" or
                               "does not settle"
    """

    eta: float
    t: float
    losses: tuple
    rises: int
    verdict: str


def learning_rate_view(eta=0.1, steps=50, t=None):
    """Train the article's network on its one sample for ``steps`` steps.

    Parameters
    ----------
    eta : float, above 0
    steps : int, 1 to 200
    t : float in [0, 1], optional
        The target; the article's 1.0 by default. With t = 1 the target
        lies beyond every sigmoid output, so no step can overshoot it:
        lower t to see a large eta overshoot.

    Returns
    -------
    LearningRateView
    """
    eta = _finite("eta", eta)
    if not eta > 0:
        raise ValueError(f"eta is {eta}; expected a number above 0")
    if isinstance(steps, bool) or not isinstance(
            steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(
            f"steps is {steps!r}; expected an integer from 1 to "
            f"{MAX_STEPS}"
        )
    p, x, t_col = network(None if t is None else {"t": _finite("t", t)})
    result = fit(mlp_from_params(p), x, t_col, eta, int(steps))
    losses = tuple(float(v) for v in result.loss)
    rises = sum(b > a for a, b in zip(losses, losses[1:], strict=False))
    if losses[-1] >= losses[0]:
        verdict = "does not settle"
    elif rises:
        verdict = "overshoots"
    else:
        verdict = "falls every step"
    return LearningRateView(eta, float(t_col[0, 0]), losses, rises,
                            verdict)


def learning_rate_rows(view):
    """(name, text) rows for a LearningRateView."""
    return [
        ("eta", f"{view.eta:g}"),
        ("t", _num(view.t, 2)),
        ("L before", _num(view.losses[0])),
        ("L after 1", _num(view.losses[1])),
        (f"L after {len(view.losses) - 1}", f"{view.losses[-1]:.7g}"),
        ("rises", str(view.rises)),
        ("verdict", view.verdict),
    ]


def learning_rate_explorer():
    """eta and the number of steps against the loss curve (§9, §10).

    Updates on release: each change retrains.

    Returns
    -------
    Explorer
    """
    w = _ipywidgets()
    t_spec = _SPEC["t"]
    controls = {
        "eta": w.FloatLogSlider(
            value=0.1, base=10, min=float(ETA_EXPONENT.min),
            max=float(ETA_EXPONENT.max), step=float(ETA_EXPONENT.step),
            description="η", readout_format=".3g",
            continuous_update=False),
        "steps": w.IntSlider(value=50, min=1, max=MAX_STEPS,
                             description="steps", continuous_update=False),
        "t": _slider(t_spec, continuous=False),
    }
    fig = BlitFigure()
    ax = fig.figure.add_subplot()
    ax.set_yscale("log")
    ax.set_xlim(0, MAX_STEPS)
    ax.set_ylim(1e-8, 1.0)
    ax.set_xlabel("step")
    ax.set_ylabel("L")
    ax.grid(True, which="major", color="0.9")
    curve = fig.moving(ax.plot([], [], "-", color=_BLUE, lw=1.5)[0])
    first = fig.moving(ax.plot([], [], "o", color=_RED, ms=4)[0])
    fig.figure.subplots_adjust(left=0.14, right=0.97, bottom=0.14,
                               top=0.92)
    ax.set_title("the loss of the article's example during training",
                 fontsize=10)

    def view():
        return learning_rate_view(
            eta_from_slider(controls["eta"].value),
            int(controls["steps"].value),
            snap(t_spec, controls["t"].value))

    def draw(v):
        shown = np.maximum(v.losses, 1e-8)  # log axis: clip exact zeros
        curve.set_data(np.arange(len(shown)), shown)
        first.set_data([0, 1], shown[:2])
        return fig.png()

    box = w.HBox([controls["eta"], controls["steps"], controls["t"]])
    return _plot_explorer(
        "learning-rate", controls, box, view, draw, learning_rate_rows,
        lambda v: f"Learning-rate explorer at eta={v.eta:g}, "
                  f"steps={len(v.losses) - 1}, t={_num(v.t, 2)}",
        fig)


# ---------------------------------------------- loss-landscape explorer

GRID_POINTS = 31
"""Loss evaluations per axis of the landscape (31 x 31 = 961)."""


def _label(name):
    return _SPEC[name].label


def _check_entry(name, what="entry"):
    if name not in PARAMETER_NAMES:
        raise ValueError(
            f"{what} is {name!r}; expected one of "
            f"{', '.join(PARAMETER_NAMES)}"
        )
    return name


class LandscapeView(NamedTuple):
    """Two parameter entries: the loss there, its gradient and a step.

    Attributes
    ----------
    pair : (str, str)          the two entries, e.g. ("W2_11", "W2_12")
    point : (float, float)     their current values
    L : float                  the loss at the point
    gradient : (float, float)  dL/d(each entry) at the point
    step : (float, float)      -eta * gradient: the update's move
    landing : (float, float)   point + step
    L_after : float            the loss where the step lands
    """

    pair: tuple
    point: tuple
    L: float
    gradient: tuple
    step: tuple
    landing: tuple
    L_after: float


def landscape_view(pair=("W2_11", "W2_12"), point=None, eta=0.1):
    """The loss, its gradient and one step in the plane of two entries.

    Parameters
    ----------
    pair : (str, str)
        Two different names from :data:`PARAMETER_NAMES`.
    point : (float, float), optional
        Their values; the article's by default. Every other entry, x and
        t keep the article's values.
    eta : float, above 0

    Returns
    -------
    LandscapeView
    """
    pair = _pair(pair)
    base = article_values()
    if point is None:
        point = (base[pair[0]], base[pair[1]])
    if len(point) != 2:
        raise ValueError(f"point is {point!r}; expected two numbers")
    point = (_finite("point[0]", point[0]), _finite("point[1]", point[1]))
    eta = _finite("eta", eta)
    if not eta > 0:
        raise ValueError(f"eta is {eta}; expected a number above 0")
    values = {pair[0]: point[0], pair[1]: point[1]}
    grads = backward_view(values).grads
    gradient = (grads[pair[0]], grads[pair[1]])
    step = (-eta * gradient[0], -eta * gradient[1])
    landing = (point[0] + step[0], point[1] + step[1])
    return LandscapeView(
        pair=pair, point=point, L=_loss_at(values), gradient=gradient,
        step=step, landing=landing,
        L_after=_loss_at({pair[0]: landing[0], pair[1]: landing[1]}),
    )


def _pair(pair):
    if isinstance(pair, str) or len(pair) != 2:
        raise ValueError(
            f"pair is {pair!r}; expected two entry names such as "
            "('W2_11', 'W2_12')"
        )
    a, b = (_check_entry(n, "pair entry") for n in pair)
    if a == b:
        raise ValueError(f"pair is ({a!r}, {b!r}); pick two different "
                         "entries")
    return (a, b)


def _loss_at(values):
    p, x, t = network(values)
    return float(loss_of(p, x, t))


_GRIDS = {}


def landscape_grid(pair, points=GRID_POINTS):
    """The loss over both sliders' ranges, others at the article's.

    Parameters
    ----------
    pair : (str, str)
    points : int
        Evaluations per axis.

    Returns
    -------
    a : ndarray of shape (points,)   values of the first entry
    b : ndarray of shape (points,)   values of the second entry
    L : ndarray of shape (points, points)
        ``L[j, i]`` is the loss at ``(a[i], b[j])`` (rows follow b, as
        matplotlib's contour expects). Cached per pair.
    """
    pair = _pair(pair)
    key = (pair, int(points))
    if key not in _GRIDS:
        sa, sb = _SPEC[pair[0]], _SPEC[pair[1]]
        a = np.linspace(float(sa.min), float(sa.max), points)
        b = np.linspace(float(sb.min), float(sb.max), points)
        _GRIDS[key] = (a, b, _loss_over(pair, a, b))
    return _GRIDS[key]


def _loss_over(pair, a, b):
    """``L[j, i]``: the loss with ``pair`` set to ``(a[i], b[j])``.

    The general network's unchecked path (``nnlib.mlp``), which equals
    the 2-2-1 reference bit for bit: a grid of 961 points then costs
    milliseconds instead of the checked path's ~150 ms.
    """
    p, x, t = network()
    net = mlp_from_params(p)
    W = [w.copy() for w in net.W]
    bias = [c.copy() for c in net.b]
    # each entry name -> (the array it lives in, its index there)
    where = {"b2": (bias[1], (0, 0))}
    for i in range(2):
        where[f"b1_{i + 1}"] = (bias[0], (i, 0))
        where[f"W2_1{i + 1}"] = (W[1], (0, i))
        for j in range(2):
            where[f"W1_{i + 1}{j + 1}"] = (W[0], (i, j))
    (arr_a, at_a), (arr_b, at_b) = where[pair[0]], where[pair[1]]
    grid_net = net._replace(W=tuple(W), b=tuple(bias))
    L = np.empty((len(b), len(a)))
    for j, bj in enumerate(b):
        arr_b[at_b] = bj
        for i, ai in enumerate(a):
            arr_a[at_a] = ai
            L[j, i] = mlp._loss(mlp._forward(grid_net, x).y, t)
    return L


def landscape_rows(view):
    """(name, text) rows for a LandscapeView."""
    la, lb = (_label(n) for n in view.pair)
    return [
        ("point", f"{la}={_num(view.point[0], 2)}, "
                  f"{lb}={_num(view.point[1], 2)}"),
        ("L", _num(view.L)),
        ("gradient", f"[{_num(view.gradient[0])}, "
                     f"{_num(view.gradient[1])}]"),
        ("step", f"[{_num(view.step[0])}, {_num(view.step[1])}]"),
        ("L after", _num(view.L_after)),
    ]


def landscape_explorer(pair=("W2_11", "W2_12")):
    """Pick two weights: contours of L, the gradient arrow, one step.

    Parameters
    ----------
    pair : (str, str)
        The entries shown first; the dropdowns change them.

    Returns
    -------
    Explorer
    """
    from matplotlib.patches import FancyArrowPatch

    w = _ipywidgets()
    pair = _pair(pair)
    options = [(_label(n), n) for n in PARAMETER_NAMES]
    controls = {
        "first": w.Dropdown(options=options, value=pair[0],
                            description="across",
                            layout=w.Layout(width="180px")),
        "second": w.Dropdown(options=options, value=pair[1],
                             description="up",
                             layout=w.Layout(width="180px")),
        "a": _slider(_SPEC[pair[0]], continuous=False),
        "b": _slider(_SPEC[pair[1]], continuous=False),
        "eta": w.FloatLogSlider(
            value=0.1, base=10, min=float(ETA_EXPONENT.min),
            max=float(ETA_EXPONENT.max), step=float(ETA_EXPONENT.step),
            description="η", readout_format=".3g",
            continuous_update=False),
    }
    fig = BlitFigure(figsize=(5.6, 4.2))
    ax = fig.figure.add_subplot()
    fig.figure.subplots_adjust(left=0.13, right=0.97, bottom=0.12,
                               top=0.92)
    arrow = fig.moving(FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>",
                                       mutation_scale=12, color=_RED,
                                       lw=1.5))
    ax.add_patch(arrow)
    here = fig.moving(ax.plot([], [], "o", color="k", ms=5)[0])
    landing = fig.moving(ax.plot([], [], "o", color=_RED, ms=5)[0])
    state = {"pair": None}

    def current_pair():
        return _pair((controls["first"].value, controls["second"].value))

    def background(p):
        """Contours for a new pair: the one slow redraw (~0.1 s)."""
        for artist in list(ax.collections):
            artist.remove()
        a, b, L = landscape_grid(p)
        ax.contourf(a, b, L, levels=20, cmap="Blues_r")
        ax.contour(a, b, L, levels=20, colors="0.4", linewidths=0.4)
        ax.set_xlim(a[0], a[-1])
        ax.set_ylim(b[0], b[-1])
        ax.set_xlabel(_label(p[0]))
        ax.set_ylabel(_label(p[1]))
        ax.set_title("L over two entries; arrow: −∇L, dot: one step",
                     fontsize=10)
        fig.invalidate()

    def retarget(change):
        """A new pair: its sliders take that pair's ranges and values."""
        try:
            p = current_pair()
        except ValueError:
            return  # the same entry twice: wait for the other dropdown
        for key, name in zip(("a", "b"), p, strict=True):
            spec, slider = _SPEC[name], controls[key]
            with slider.hold_trait_notifications():
                slider.description = spec.label
                slider.value = spec.value

    controls["first"].observe(retarget, names="value")
    controls["second"].observe(retarget, names="value")

    def view():
        p = current_pair()
        point = (snap(_SPEC[p[0]], controls["a"].value),
                 snap(_SPEC[p[1]], controls["b"].value))
        return landscape_view(p, point,
                              eta_from_slider(controls["eta"].value))

    def draw(v):
        if v.pair != state["pair"] or fig.stale:
            # the axes may hold another pair's contours: redraw them
            # unless this pair's pixels were kept
            if not fig.recall(v.pair):
                background(v.pair)
            state["pair"] = v.pair
        # the arrow shows the direction of -grad at a fixed length
        norm = math.hypot(*v.gradient) or 1.0
        tip = (v.point[0] - 0.6 * v.gradient[0] / norm,
               v.point[1] - 0.6 * v.gradient[1] / norm)
        arrow.set_positions(v.point, tip)
        here.set_data([v.point[0]], [v.point[1]])
        landing.set_data([v.landing[0]], [v.landing[1]])
        png = fig.png()
        fig.keep(v.pair)
        return png

    box = w.VBox([w.HBox([controls["first"], controls["second"],
                          controls["eta"]]),
                  w.HBox([controls["a"], controls["b"]])])
    return _plot_explorer(
        "landscape", controls, box, view, draw, landscape_rows,
        lambda v: "Loss-landscape explorer over "
                  f"{_label(v.pair[0])} and {_label(v.pair[1])}",
        fig)


# ---------------------------------------------- gradient-check explorer

H_EXPONENT = _spec("h", "log10 h", "-12", "-1", "0.25", -3.0)
"""The step h of a finite difference, in powers of ten; 1e-3 first.

It starts where truncation dominates: there the relative errors shown
are the same on every machine. Near h = 1e-5 and below, round-off
decides their last digits, which vary with the CPU's exp.
"""


class GradcheckView(NamedTuple):
    """Finite differences against backpropagation for one entry.

    Attributes
    ----------
    entry : str
    h : float
    analytic : float     dL/d(entry) from nnlib.backward
    centred : float      (L(θ + h) - L(θ - h)) / 2h
    one_sided : float    (L(θ + h) - L(θ)) / h
    rel_centred : float  |centred - analytic| / max(|...|, |...|)
    rel_one_sided : float
    """

    entry: str
    h: float
    analytic: float
    centred: float
    one_sided: float
    rel_centred: float
    rel_one_sided: float


def relative_error(estimate, exact):
    """``|estimate - exact| / max(|estimate|, |exact|)``; 0 when both 0."""
    scale = max(abs(estimate), abs(exact))
    return 0.0 if scale == 0 else abs(estimate - exact) / scale


def gradcheck_view(h=1e-5, entry="W1_11", values=None):
    """Centred and one-sided differences with step ``h`` for ``entry``.

    Parameters
    ----------
    h : float, above 0
    entry : str
        One of :data:`PARAMETER_NAMES`.
    values : mapping of str -> float, optional
        Where to differentiate; the article's example by default.

    Returns
    -------
    GradcheckView
    """
    h = _finite("h", h)
    if not h > 0:
        raise ValueError(f"h is {h}; expected a step above 0")
    entry = _check_entry(entry)
    base = _merged(values)
    p, x, t = network(base)
    analytic = _flat_gradients(backward(p, x, t))[entry]
    return _differences(base, entry, h, analytic, _loss_at(base))


def _differences(base, entry, h, analytic, L0):
    """Both differences at ``h``; analytic and L0 are passed in, so a
    sweep over h computes them once."""
    theta = base[entry]
    up = _loss_at({**base, entry: theta + h})
    down = _loss_at({**base, entry: theta - h})
    centred = (up - down) / (2 * h)
    one_sided = (up - L0) / h
    return GradcheckView(
        entry=entry, h=h, analytic=analytic, centred=centred,
        one_sided=one_sided,
        rel_centred=relative_error(centred, analytic),
        rel_one_sided=relative_error(one_sided, analytic),
    )


def gradcheck_curve(entry="W1_11", exponents=None):
    """Relative errors over a range of h, for the explorer's picture.

    Returns
    -------
    h : ndarray of shape (n,)
    rel_centred, rel_one_sided : ndarray of shape (n,)
    """
    if exponents is None:
        exponents = np.arange(-14.0, 0.01, 0.25)
    hs = 10.0 ** np.asarray(exponents, dtype=float)
    first = gradcheck_view(float(hs[0]), entry)
    base = article_values()
    L0 = _loss_at(base)
    views = [first] + [_differences(base, entry, float(h), first.analytic,
                                    L0) for h in hs[1:]]
    return (hs, np.array([v.rel_centred for v in views]),
            np.array([v.rel_one_sided for v in views]))


def h_from_slider(value):
    """A log slider's h snapped to ``10 ** (grid exponent)``."""
    value = _finite("h", value)
    if not value > 0:
        raise ValueError(f"h is {value}; expected a step above 0")
    exponent = Decimal(str(snap(H_EXPONENT, math.log10(value))))
    return float(Decimal(10) ** exponent)


def gradcheck_rows(view):
    """(name, text) rows for a GradcheckView."""
    return [
        ("entry", _label(view.entry)),
        ("h", f"{view.h:.0e}"),
        ("backprop", f"{view.analytic:.10f}"),
        ("centred", f"{view.centred:.10f}"),
        ("one-sided", f"{view.one_sided:.10f}"),
        ("rel. error, centred", f"{view.rel_centred:.1e}"),
        ("rel. error, one-sided", f"{view.rel_one_sided:.1e}"),
    ]


def gradcheck_explorer(entry="W1_11"):
    """h on a log scale against the relative error, both differences.

    Small h: round-off grows like eps / h. Large h: truncation, like h
    one-sided and h**2 centred. The picture shows both for ``entry``.

    Returns
    -------
    Explorer
    """
    w = _ipywidgets()
    entry = _check_entry(entry)
    controls = {
        "entry": w.Dropdown(options=[(_label(n), n)
                                     for n in PARAMETER_NAMES],
                            value=entry, description="entry",
                            layout=w.Layout(width="180px")),
        "h": w.FloatLogSlider(
            value=10 ** H_EXPONENT.value, base=10,
            min=float(H_EXPONENT.min),
            max=float(H_EXPONENT.max), step=float(H_EXPONENT.step),
            description="h", readout_format=".0e",
            continuous_update=False),
    }
    fig = BlitFigure()
    ax = fig.figure.add_subplot()
    fig.figure.subplots_adjust(left=0.14, right=0.97, bottom=0.14,
                               top=0.92)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1e-12, 1e-1)
    ax.set_ylim(1e-16, 1.0)
    ax.set_xlabel("h")
    ax.set_ylabel("relative error")
    ax.grid(True, which="major", color="0.9")
    centred = fig.moving(ax.plot([], [], "-", color=_BLUE,
                                 label="centred")[0])
    one_sided = fig.moving(ax.plot([], [], "-", color=_RED,
                                   label="one-sided")[0])
    marks = fig.moving(ax.plot([], [], "o", color="k", ms=4)[0])
    now = fig.moving(ax.axvline(1e-3, color="0.4", ls=":"))
    ax.legend(loc="upper left", fontsize=8)
    state = {"entry": None}
    curves = {}

    def view():
        return gradcheck_view(h_from_slider(controls["h"].value),
                              controls["entry"].value)

    def draw(v):
        if v.entry != state["entry"] or fig.stale:
            if v.entry not in curves:  # 45 values of h, once per entry
                curves[v.entry] = gradcheck_curve(
                    v.entry, np.arange(-12.0, -0.99, 0.25))
            hs, rc, ro = curves[v.entry]
            centred.set_data(hs, np.maximum(rc, 1e-16))
            one_sided.set_data(hs, np.maximum(ro, 1e-16))
            if not fig.recall(v.entry):  # the title is in the background
                ax.set_title(f"checking dL/d{_label(v.entry)} at the "
                             "article's example", fontsize=10)
                fig.invalidate()
            state["entry"] = v.entry
        now.set_xdata([v.h, v.h])
        marks.set_data([v.h, v.h], np.maximum(
            [v.rel_centred, v.rel_one_sided], 1e-16))
        png = fig.png()
        fig.keep(v.entry)
        return png

    box = w.HBox([controls["entry"], controls["h"]])
    return _plot_explorer(
        "gradcheck", controls, box, view, draw, gradcheck_rows,
        lambda v: f"Gradient-check explorer for {_label(v.entry)}",
        fig)


# --------------------------------------------- predict, then reveal


class PredictView(NamedTuple):
    """A learner's prediction for one quantity, scored by nnlib.check.

    Attributes
    ----------
    name : str          the quantity, e.g. "delta2" (article names)
    prediction : str    as typed
    status : str        "waiting" (nothing typed), "unreadable",
                        "right" or "wrong"
    feedback : str      the checker's words, without the answer
    revealed : str or None
        nnlib's value at 7 decimals, once a prediction was scored;
        None before, so nothing is shown ahead of the prediction.
    """

    name: str
    prediction: str
    status: str
    feedback: str
    revealed: object


def _step_names():
    from .checks import STEP_NAMES

    return STEP_NAMES


def parse_prediction(text):
    """Typed text as the nested decimal strings ``nnlib.check`` reads.

    ``"0.53"`` -> ``"0.53"``; ``"[0.0, 0.75]"`` or ``"0 0.75"`` ->
    ``["0.0", "0.75"]``; rows split by ``;`` (``"[1, 2; 3, 4]"``) ->
    ``[["1", "2"], ["3", "4"]]``. The digits typed are kept, so the
    checker's tolerance is half a unit in the learner's last digit.
    Returns None for empty text.
    """
    if not isinstance(text, str):
        raise TypeError(f"prediction is {text!r}; expected text")
    cleaned = text.replace("^T", " ")
    for ch in "[]()":
        cleaned = cleaned.replace(ch, " ")
    rows = [r.replace(",", " ").split()
            for r in cleaned.replace("\n", ";").split(";")]
    rows = [r for r in rows if r]
    if not rows:
        return None
    if len(rows) == 1:
        return rows[0][0] if len(rows[0]) == 1 else rows[0]
    return rows


def predict_view(name="y", prediction=""):
    """Score a typed prediction of ``name`` for the article's example.

    Parameters
    ----------
    name : str
        One of ``nnlib.checks.STEP_NAMES`` (z1 ... L_new).
    prediction : str
        What the learner typed, e.g. ``"0.53"`` or ``"[0.5, 0.68]"``.

    Returns
    -------
    PredictView
        Scored by :func:`nnlib.check` (tolerance: half a unit in the
        last digit typed; known mistakes named, with a hint).
    """
    from .checks import check

    names = _step_names()
    if name not in names:
        raise ValueError(
            f"name is {name!r}; expected one of {', '.join(names)}"
        )
    parsed = parse_prediction(prediction)
    if parsed is None:
        return PredictView(name, prediction, "waiting",
                           "Type a number, then press Check.", None)
    try:
        report = check({name: parsed})
    except (TypeError, ValueError) as err:
        return PredictView(name, prediction, "unreadable",
                           f"Could not read that: {err}", None)
    result = report[name]
    return PredictView(name, prediction, result.status,
                       report.feedback(reveal=False).strip(),
                       _flat(result.key))


def _flat(value):
    """A key value as one line: 0.1234567, [a, b] or [a, b; c, d]."""
    arr = np.asarray(value, dtype=float)
    if arr.size == 1:
        return _num(arr.reshape(-1)[0])
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim == 1:
        return "[" + ", ".join(_num(v) for v in arr) + "]"
    return "[" + "; ".join(", ".join(_num(v) for v in row)
                           for row in arr) + "]"


def predict_rows(view):
    """(name, text) rows for a PredictView; the value only once scored."""
    verdict = {"waiting": "waiting for your prediction",
               "unreadable": "could not read it",
               "right": "right", "wrong": "not this time"}[view.status]
    return [
        ("quantity", view.name),
        ("you said", view.prediction.strip() or "-"),
        ("verdict", verdict),
        ("nnlib", view.revealed if view.revealed is not None
         else "hidden until you predict"),
    ]


def predict_explorer(name="y"):
    """Predict a value, then see it: scored by ``nnlib.check``.

    Pick a quantity, type a number and press Check (or Enter). The
    value stays hidden until then; the checker's feedback, with the
    mistake it recognises if any, goes into an Output widget.

    Returns
    -------
    Explorer
    """
    w = _ipywidgets()
    names = _step_names()
    if name not in names:
        raise ValueError(
            f"name is {name!r}; expected one of {', '.join(names)}"
        )
    controls = {
        "quantity": w.Dropdown(options=list(names), value=name,
                               description="quantity",
                               layout=w.Layout(width="200px")),
        "prediction": w.Text(value="", description="you say",
                             placeholder="e.g. 0.53 or [0.0, 0.75]",
                             continuous_update=False,
                             layout=w.Layout(width="320px")),
    }
    button = w.Button(description="Check", button_style="primary")
    table = w.HTML()
    feedback = w.Output()
    messages = w.Output()
    state = {"scored": False}

    def view():
        if not state["scored"]:
            return predict_view(controls["quantity"].value, "")._replace(
                prediction=controls["prediction"].value)
        return predict_view(controls["quantity"].value,
                            controls["prediction"].value)

    def redraw():
        v = view()
        table.value = rows_html(predict_rows(v))
        feedback.outputs = () if not state["scored"] else ({
            "output_type": "stream", "name": "stdout",
            "text": v.feedback + "\n",
        },)

    def score(_event=None):
        # an empty box scores nothing (also when a new question clears it)
        state["scored"] = bool(controls["prediction"].value.strip())
        redraw()

    def new_question(_change):
        state["scored"] = False
        controls["prediction"].value = ""
        redraw()

    # quantity first: a new question hides the answer before any score
    controls["quantity"].observe(new_question, names="value")
    controls["prediction"].observe(score, names="value")
    button.on_click(score)

    def snapshot():
        v = view()
        title = (f"Predict, then reveal: {v.name} (type a value and "
                 "press Check; nothing is shown before)")
        return rows_text(_wrap(title), predict_rows(v)), None

    redraw()
    panel = w.VBox([
        w.HBox([controls["quantity"], controls["prediction"], button]),
        table, feedback, messages])
    panel.add_class("nnlib-predict-explorer")
    return Explorer(panel, controls, messages, snapshot)
