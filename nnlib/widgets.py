"""Interactive explorers for the notebooks (ipywidgets).

Seven explorers, one per idea of the article:

=========================  ==============================  =============
explorer                   its logic (a pure function)     article
=========================  ==============================  =============
:func:`forward_explorer`   :func:`forward_view`            §5
:func:`backward_explorer`  :func:`backward_view`           §8, §11
:func:`sigmoid_explorer`   :func:`sigmoid_view`            §3, §14.5
:func:`learning_rate_...`  :func:`learning_rate_view`      §9, §10
:func:`landscape_explorer` :func:`landscape_view`          §6, §9
:func:`gradcheck_explorer` :func:`gradcheck_view`          §14
:func:`predict_explorer`   :func:`predict_view`            §5, §8
=========================  ==============================  =============

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
respond (the static copy does not move).
"""

import base64
import io
import math
from decimal import Decimal
from typing import NamedTuple

import numpy as np

from .example import ARTICLE
from .network import backward, forward, loss_of, params
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
    """Rows as an HTML table; each value cell has class nnlib-v-<name>."""
    body = "".join(
        f"<tr><td style='padding:0 8px'><b>{name}</b></td>"
        f"<td class='nnlib-v-{name}' style='font-family:monospace'>"
        f"{text}</td></tr>"
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
    """

    def __init__(self, widget, controls, messages, snapshot):
        self.widget = widget
        self.controls = controls
        self.messages = messages
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
