"""The worked example, step by step, as text or as Markdown with LaTeX.

:func:`steps` computes every quantity of article §5 to §10 with nnlib
for any problem; :func:`render_text` and :func:`render_markdown` lay
them out in the article's order. ``python -m nnlib walkthrough`` is the
command-line front end (see ``nnlib/__main__.py``).
"""

from typing import NamedTuple

import numpy as np

from .example import ARTICLE, PRINTED, WorkedExample, decimals
from .losses import loss
from .network import backward, forward, update


class Step(NamedTuple):
    """One line of the walkthrough.

    Attributes
    ----------
    section : str      article section, such as "5"
    heading : str      the article's step heading
    name : str         the quantity's name, such as "delta1"
    latex : str        its defining equation in LaTeX
    value : ndarray or float
    """

    section: str
    heading: str
    name: str
    latex: str
    value: object


SECTIONS = {
    "5": "Forward pass",
    "8": "Backpropagation",
    "9": "Parameter update",
    "10": "New forward pass after the update",
}


def steps(example=ARTICLE):
    """Every quantity of the worked example, in the article's order.

    Parameters
    ----------
    example : WorkedExample
        ``x``, ``t``, ``eta`` and ``params``; the article's by default.

    Returns
    -------
    list of Step
    """
    x, t, eta, p = _example(example)
    f = forward(p, x)
    g = backward(p, x, t)
    new = update(p, g, eta)
    f_new = forward(new, x)

    def s(section, heading, name, latex, value):
        return Step(section, heading, name, latex, value)

    return [
        s("5", "Step 1: hidden pre-activation", "z1",
          r"z^{(1)} = W^{(1)} x + b^{(1)}", f.z1),
        s("5", "Step 2: hidden activation", "a1",
          r"a^{(1)} = \sigma(z^{(1)})", f.a1),
        s("5", "Step 3: output pre-activation", "z2",
          r"z^{(2)} = W^{(2)} a^{(1)} + b^{(2)}", f.z2),
        s("5", "Step 4: output", "y", r"y = \sigma(z^{(2)})", f.y),
        s("5", "Step 5: loss", "L", r"L = \tfrac12 (y - t)^2",
          loss(f.y, t)),
        s("8", "Step 1: loss derivative", "dL_dy",
          r"\frac{\partial L}{\partial y} = y - t", g.dL_dy),
        s("8", "Step 2: output sigmoid derivative", "dy_dz2",
          r"\frac{dy}{dz^{(2)}} = y (1 - y)", g.dy_dz2),
        s("8", "Step 3: output delta", "delta2",
          r"\delta^{(2)} = \frac{\partial L}{\partial y}"
          r" \cdot \frac{dy}{dz^{(2)}}", g.delta2),
        s("8", "Step 4: output weight gradient", "dW2",
          r"\frac{\partial L}{\partial W^{(2)}}"
          r" = \delta^{(2)} (a^{(1)})^T", g.dW2),
        s("8", "Step 4: output bias gradient", "db2",
          r"\frac{\partial L}{\partial b^{(2)}} = \delta^{(2)}", g.db2),
        s("8", "Step 5: back through the weights", "dL_da1",
          r"\frac{\partial L}{\partial a^{(1)}}"
          r" = (W^{(2)})^T \delta^{(2)}", g.dL_da1),
        s("8", "Step 5: hidden sigmoid derivative", "da1_dz1",
          r"\frac{da^{(1)}}{dz^{(1)}} = a^{(1)} \odot (1 - a^{(1)})",
          g.da1_dz1),
        s("8", "Step 5: hidden delta", "delta1",
          r"\delta^{(1)} = \frac{\partial L}{\partial a^{(1)}}"
          r" \odot \frac{da^{(1)}}{dz^{(1)}}", g.delta1),
        s("8", "Step 6: hidden weight gradient", "dW1",
          r"\frac{\partial L}{\partial W^{(1)}} = \delta^{(1)} x^T",
          g.dW1),
        s("8", "Step 6: hidden bias gradient", "db1",
          r"\frac{\partial L}{\partial b^{(1)}} = \delta^{(1)}", g.db1),
        s("9", "Output weights", "W2_new",
          r"W^{(2)}_{new} = W^{(2)} - \eta"
          r" \frac{\partial L}{\partial W^{(2)}}", new.W2),
        s("9", "Output bias", "b2_new",
          r"b^{(2)}_{new} = b^{(2)} - \eta"
          r" \frac{\partial L}{\partial b^{(2)}}", new.b2),
        s("9", "Hidden weights", "W1_new",
          r"W^{(1)}_{new} = W^{(1)} - \eta"
          r" \frac{\partial L}{\partial W^{(1)}}", new.W1),
        s("9", "Hidden biases", "b1_new",
          r"b^{(1)}_{new} = b^{(1)} - \eta"
          r" \frac{\partial L}{\partial b^{(1)}}", new.b1),
        s("10", "Hidden pre-activation", "z1_new",
          r"z^{(1)}_{new} = W^{(1)}_{new} x + b^{(1)}_{new}", f_new.z1),
        s("10", "Hidden activation", "a1_new",
          r"a^{(1)}_{new} = \sigma(z^{(1)}_{new})", f_new.a1),
        s("10", "Output pre-activation", "z2_new",
          r"z^{(2)}_{new} = W^{(2)}_{new} a^{(1)}_{new}"
          r" + b^{(2)}_{new}", f_new.z2),
        s("10", "Output", "y_new", r"y_{new} = \sigma(z^{(2)}_{new})",
          f_new.y),
        s("10", "Loss", "L_new", r"L_{new} = \tfrac12 (y_{new} - t)^2",
          loss(f_new.y, t)),
    ]


def format_number(v, places):
    """``v`` with ``places`` decimals, never printing ``-0.000``."""
    text = f"{v:.{places}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")
    return text


def _places(name, digits):
    """Decimals per entry: ``digits``, or the article's for ``name``."""
    if digits is not None:
        return lambda index: digits
    text = PRINTED[name][1]
    if isinstance(text, str):
        return lambda index: decimals(text)
    table = np.array(text, dtype=object)
    return lambda index: decimals(table.reshape(-1)[index])


def format_value(name, value, digits=None):
    """Rows of formatted entries for ``value`` (a list of lists of str).

    ``digits=None`` uses the article's printed decimals entry by entry.
    """
    arr = np.atleast_1d(np.asarray(value, dtype=np.float64))
    grid = arr.reshape(arr.shape[0], -1) if arr.ndim > 1 else arr[:, None]
    if np.ndim(value) == 0:
        grid = arr.reshape(1, 1)
    places = _places(name, digits)
    flat = [format_number(v, places(i)) for i, v in enumerate(grid.ravel())]
    n_cols = grid.shape[1]
    return [flat[r * n_cols:(r + 1) * n_cols] for r in range(grid.shape[0])]


def _inputs_table(example):
    x, t, eta, p = _example(example)
    return [
        ("x", x), ("W1", p.W1), ("b1", p.b1), ("W2", p.W2), ("b2", p.b2),
        ("t", t), ("eta", eta),
    ]


def render_text(example=ARTICLE, digits=None, title=None):
    """The walkthrough as plain text, one quantity per line."""
    digits = _default_digits(example, digits)
    lines = [title or "Backprop by Hand: the 2-2-1 worked example", ""]
    lines.append("Inputs")
    for name, v in _inputs_table(example):
        lines.append(f"  {name:<8} = {_text_matrix(_raw(v))}")
    section = None
    for st in steps(example):
        if st.section != section:
            section = st.section
            lines += ["", f"§{section} {SECTIONS[section]}"]
        rows = format_value(st.name, st.value, digits)
        lines.append(f"  {st.name:<8} = {_text_rows(rows)}")
    return "\n".join(lines) + "\n"


def render_markdown(example=ARTICLE, digits=None, title=None):
    """The walkthrough as Markdown with LaTeX: a worked-solution sheet."""
    digits = _default_digits(example, digits)
    out = [f"# {title or 'Worked solution: one step of backpropagation'}",
           "", "A 2-2-1 network with sigmoid activations and the loss "
           r"$L = \tfrac12 (y - t)^2$.", "", "## Given", ""]
    out += _given_markdown(example)
    out += _steps_markdown(example, digits, "##")
    return "\n".join(out) + "\n"


def _given_markdown(example):
    """The problem's inputs as a Markdown list of LaTeX equations."""
    return [f"- ${_symbol(name)} = {_latex_matrix(_raw(v))}$"
            for name, v in _inputs_table(example)]


def _steps_markdown(example, digits, level):
    """Every step as a bold heading and a display equation."""
    out, section = [], None
    for st in steps(example):
        if st.section != section:
            section = st.section
            out += ["", f"{level} §{section} {SECTIONS[section]}"]
        rows = format_value(st.name, st.value, digits)
        out += ["", f"**{st.heading}**", "", "$$",
                f"{st.latex} = {_latex_rows(rows)}", "$$"]
    return out



def render_problem_markdown(problem, digits=None):
    """A practice problem and its answer key, as Markdown with LaTeX.

    Parameters
    ----------
    problem : nnlib.problems.Problem
        From :func:`nnlib.problems.generate`; the same problem always
        gives the same text.
    digits : int, optional
        Decimals in the key; the problem's own by default.

    Returns
    -------
    str
        The given values and the task first, then the answer key step
        by step in the article's order.
    """
    digits = problem.digits if digits is None else digits
    example = problem.example
    seed = "" if problem.seed is None else f" {problem.seed}"
    out = [f"# Practice problem{seed}", "",
           "A 2-2-1 network with sigmoid activations in both layers and "
           r"the loss $L = \tfrac12 (y - t)^2$; one sample, one step of "
           "gradient descent.", "", "## Given", ""]
    out += _given_markdown(example)
    out += ["", "## Your task", "",
            "Work, in this order and to "
            f"{digits} decimals: the forward pass "
            r"($z^{(1)}, a^{(1)}, z^{(2)}, y$) and the loss $L$; the "
            "backward pass (every quantity of §8); the updated "
            "parameters; and the forward pass and loss again with the "
            "new parameters. Did the loss go down?", "",
            "To check your numbers step by step in Python: "
            f"`nnlib.check(answers, nnlib.generate_problem({problem.seed}"
            f", digits={problem.digits}))`, with `answers` a dict such "
            "as `{\"z1\": [0.1, 0.2]}`." if problem.seed is not None
            else "", "", "## Answer key"]
    # prose is wrapped to 79 columns; display equations stay whole
    out = [_wrap_prose(line) for line in out]
    out += _steps_markdown(example, digits, "###")
    return "\n".join(out) + "\n"


def _wrap_prose(line):
    """Wrap long prose lines at 79 columns; leave LaTeX lines alone."""
    if len(line) <= 79 or line.startswith(("$", "-", "#")):
        return line
    import textwrap

    return textwrap.fill(line, width=79, break_on_hyphens=False,
                         break_long_words=False)


def _example(example):
    """A WorkedExample, also from a generated Problem (``.example``)."""
    return getattr(example, "example", example)


def _default_digits(example, digits):
    # the article's own digits only make sense for the article's numbers
    if digits is None and hasattr(example, "digits"):
        return example.digits  # a generated problem's own precision
    if digits is None and not _is_article(example):
        return 7
    return digits


def _is_article(example):
    return all(
        np.array_equal(np.asarray(a), np.asarray(b))
        for a, b in zip(
            (example.x, example.t, example.eta, *example.params),
            (ARTICLE.x, ARTICLE.t, ARTICLE.eta, *ARTICLE.params),
            strict=True,
        )
    )


def _raw(v):
    """Inputs are shown as given, at up to 7 decimals."""
    arr = np.asarray(v, dtype=np.float64)
    grid = arr.reshape(1, 1) if arr.ndim == 0 else arr
    grid = grid[:, None] if grid.ndim == 1 else grid
    return [[f"{x:.7f}".rstrip("0").rstrip(".") if x != int(x)
             else f"{x:.1f}" for x in row] for row in grid]


def _text_rows(rows):
    if len(rows) == 1 and len(rows[0]) == 1:
        return rows[0][0]
    return "[" + "; ".join(", ".join(r) for r in rows) + "]"


_text_matrix = _text_rows


_SYMBOLS = {"W1": "W^{(1)}", "b1": "b^{(1)}", "W2": "W^{(2)}",
            "b2": "b^{(2)}", "eta": r"\eta"}


def _symbol(name):
    return _SYMBOLS.get(name, name)


def _latex_rows(rows):
    if len(rows) == 1 and len(rows[0]) == 1:
        return rows[0][0]
    body = r" \\ ".join(" & ".join(r) for r in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


_latex_matrix = _latex_rows


def load_json(path):
    """Read a problem from a JSON file of x, W1, b1, W2, b2, t and eta.

    Returns a checked :class:`WorkedExample`; raises ``ValueError`` or
    ``TypeError`` with a message that names the key at fault.
    """
    import json

    from ._validate import as_array, as_columns, as_scalar
    from .network import params

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as err:
        raise ValueError(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise ValueError(
            f"{path} is not UTF-8 text; save it as UTF-8 JSON"
        ) from None
    except json.JSONDecodeError as err:
        raise ValueError(
            f"{path} is not valid JSON (line {err.lineno}, column "
            f"{err.colno}: {err.msg})"
        ) from None
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a JSON object with keys "
                         "x, W1, b1, W2, b2, t, eta")
    keys = ["x", "W1", "b1", "W2", "b2", "t", "eta"]
    missing = [k for k in keys if k not in data]
    unknown = [k for k in data if k not in keys]
    if missing or unknown:
        raise ValueError(
            f"{path}: "
            + (f"missing {', '.join(missing)}; " if missing else "")
            + (f"unknown {', '.join(unknown)}; " if unknown else "")
            + "expected exactly the keys x, W1, b1, W2, b2, t, eta"
        )
    p = params(data["W1"], data["b1"], data["W2"], data["b2"])
    x, _ = as_columns("x", data["x"], p.W1.shape[1])
    t, _ = as_columns("t", data["t"], p.W2.shape[0])
    if x.shape[1] != 1 or t.shape[1] != 1:
        raise ValueError("x and t must each be one sample (one column) "
                         "for a walkthrough")
    as_array("eta", data["eta"])
    eta = as_scalar("eta", data["eta"], positive=True)
    return WorkedExample(x=x, t=t, eta=eta, params=p)
