"""Graded parts of the nbgrader course: record in the kernel, judge outside.

A student's code runs in the same kernel as the tests, so anything the
tests decide in that kernel can be undone by the student (replace
``numpy.allclose``, hook ``print``, silence tracebacks). The course
therefore splits grading in two halves:

* **record** (in the student's kernel): a locked test cell builds a
  :class:`Part`, which calls the student's function on the article's
  example and on fresh seeded problems and emits the raw results as
  data (a display output of type :data:`EVIDENCE_MIME`). It also judges
  the visible cases, so a student running the notebook gets feedback;
  that verdict only informs, it never grades.
* **judge** (in the grading process): :func:`judge_cell` reads the test
  cell's restored source (nbgrader puts locked cells back) to learn
  which problems were asked, recomputes every reference value with
  ``nnlib`` itself, and compares. Patching numpy in the kernel cannot
  reach this process; a forged record still needs the right numbers.

:func:`reference_uses` reads the student's own cells (never runs them)
and finds the functions that call ``nnlib`` or use dynamic tricks
(``exec``, ``__import__``, ``sys``, ``inspect``): those parts earn no
credit, with a message saying why. :func:`library_patches` finds cells
that overwrite library code (``np.allclose = ...``, ``builtins.abs =
...``, the grader's own functions); such a notebook earns nothing, since
a patched harness could forge the record with the reference's answers.

Limits, stated plainly: the reading is static, so a determined student
who hides a call to ``nnlib`` well enough is not caught (the reference
is installed in the same environment); and only the fresh problems
earn points, so a function that is right on the article's example and
nowhere else earns nothing. Messages name steps, shapes and mistakes,
never a hidden value.
"""

import ast
import json
import math
import re
from typing import NamedTuple

import numpy as np

EVIDENCE_MIME = "application/vnd.backprop-by-hand.evidence+json"

# Relative and absolute tolerance for answers computed in float64; hand
# rounding is not expected here, so they are tight.
RTOL = 1e-6
ATOL = 1e-9

# Names whose use in a student's cell makes static reading meaningless.
DYNAMIC = {
    "__import__": "imports by name (__import__)",
    "importlib": "imports by name (importlib)",
    "exec": "runs text as code (exec)",
    "eval": "runs text as code (eval)",
    "compile": "compiles text as code (compile)",
    "sys": "reaches into the interpreter (sys)",
    "inspect": "reads the caller's variables (inspect)",
    "globals": "reads the notebook's variables (globals)",
    "builtins": "replaces built-in functions (builtins)",
    "__builtins__": "replaces built-in functions (__builtins__)",
}


class Task(NamedTuple):
    """What one graded part asks for.

    Attributes
    ----------
    function : str
        The name the notebook asks the student to define.
    args : tuple of str
        Its arguments, in order (the article's symbols).
    returns : tuple of str
        The steps it returns, in order (a single step: returned bare).
    kind : str
        How problems are built: "2221", "batch", "deep", "train" or
        "gradcheck".
    """

    function: str
    args: tuple
    returns: tuple
    kind: str


TASKS = {
    "sigmoid": Task("sigmoid", ("z",), ("a",), "sigmoid"),
    "forward": Task(
        "forward_pass", ("x", "W1", "b1", "W2", "b2"),
        ("z1", "a1", "z2", "y"), "2221"),
    "loss": Task("half_squared_error", ("y", "t"), ("L",), "2221"),
    "output_layer": Task(
        "output_layer_gradients", ("y", "t", "a1"),
        ("dL_dy", "dy_dz2", "delta2", "dW2", "db2"), "2221"),
    "hidden_layer": Task(
        "hidden_layer_gradients", ("delta2", "W2", "a1", "x"),
        ("dL_da1", "da1_dz1", "delta1", "dW1", "db1"), "2221"),
    "update": Task(
        "gradient_step",
        ("W1", "b1", "W2", "b2", "dW1", "db1", "dW2", "db2", "eta"),
        ("W1_new", "b1_new", "W2_new", "b2_new"), "2221"),
    "train": Task(
        "train", ("X", "T", "W1", "b1", "W2", "b2", "eta", "epochs"),
        ("losses",), "train"),
    "batch": Task(
        "batch_gradients", ("X", "T", "W1", "b1", "W2", "b2"),
        ("dW1", "db1", "dW2", "db2"), "batch"),
    "deep_backward": Task(
        "deep_backward", ("Ws", "bs", "X", "T"), ("dWs", "dbs"), "deep"),
    "gradcheck": Task(
        "numerical_gradient", ("f", "theta", "h"), ("grad",),
        "gradcheck"),
}


def task(name):
    """The :class:`Task` called ``name``; a clear error for a typo."""
    try:
        return TASKS[name]
    except KeyError:
        raise ValueError(
            f"unknown graded part {name!r}; expected one of "
            f"{', '.join(TASKS)}"
        ) from None


# ------------------------------------------------------------- problems

class DeepProblem(NamedTuple):
    """A deeper sigmoid network and a batch: the input of "deep" parts.

    Attributes
    ----------
    net : nnlib.mlp.MLP
    X : ndarray of shape (n_in, N)
    T : ndarray of shape (n_out, N)
    """

    net: tuple
    X: np.ndarray
    T: np.ndarray


# Training parts run this many epochs: enough to see the loss fall,
# short enough to grade a class in seconds.
TRAIN_EPOCHS = 200


def xor_batch():
    """The four XOR inputs as columns ``X (2, 4)`` and targets ``T``."""
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    T = np.array([[0.0, 1.0, 1.0, 0.0]])
    return X, T


def fresh_2221(seed, n_samples=1):
    """A fresh 2-2-1 problem (a WorkedExample) from nnlib's generator."""
    from .problems import generate

    return generate(seed, n_samples=n_samples).example


def problem_for(kind, case):
    """The problem behind a case id: "article" or "seed-<int>".

    The kernel and the grading process both call this, so they agree on
    the problem without passing it around; only the grading process's
    answer counts.
    """
    from .example import ARTICLE

    seed = _seed_of(case)
    base = ARTICLE if seed is None else fresh_2221(seed)
    if kind in ("2221", "sigmoid"):
        return base
    rng = np.random.default_rng(0 if seed is None else seed)
    if kind == "batch":
        if seed is None:
            X, T = xor_batch()
            return base._replace(x=X, t=T)
        return fresh_2221(seed, n_samples=int(rng.integers(3, 7)))
    if kind == "train":
        X, T = xor_batch()
        eta = 0.5 if seed is None else float(rng.choice([0.5, 1.0, 2.0]))
        return base._replace(x=X, t=T, eta=eta)
    if kind == "deep":
        return _deep_problem(seed, rng)
    if kind == "gradcheck":
        return base
    raise ValueError(f"unknown kind of problem {kind!r}")


def _deep_problem(seed, rng):
    from .mlp import init_mlp

    if seed is None:
        sizes, n = (2, 3, 2, 1), 4
    else:
        depth = int(rng.integers(2, 4))
        sizes = (int(rng.integers(2, 4)),)
        sizes += tuple(int(rng.integers(2, 5)) for _ in range(depth))
        sizes += (int(rng.integers(1, 3)),)
        n = int(rng.integers(3, 7))
    net = init_mlp(sizes, "sigmoid", seed=0 if seed is None else seed)
    X = rng.uniform(-1, 1, size=(sizes[0], n))
    T = rng.uniform(0, 1, size=(sizes[-1], n))
    return DeepProblem(net, X, T)


def _seed_of(case):
    if case == "article":
        return None
    match = re.fullmatch(r"seed-(\d+)", str(case))
    if not match:
        raise ValueError(
            f"unknown case {case!r}; expected 'article' or 'seed-<n>'"
        )
    return int(match.group(1))


# Which parameter a gradient-check case differentiates: by seed, so the
# fresh problems do not all ask for the same array.
GRADCHECK_PARAMS = ("W1", "b1", "W2", "b2")


def gradcheck_target(case):
    """``(name, h)``: the parameter a gradient-check case varies."""
    seed = _seed_of(case)
    name = "W1" if seed is None else GRADCHECK_PARAMS[seed % 4]
    return name, 1e-5


def gradcheck_loss(problem, name):
    """The loss as a function of one parameter array, others fixed."""
    from .network import loss_of

    def f(theta):
        p = problem.params._replace(**{name: np.array(theta, float)})
        return loss_of(p, problem.x, problem.t)

    return f


# ---------------------------------------------------------- references

def reference(task_, problem, case):
    """Every step of ``task_`` for ``problem``, from nnlib: name -> array.

    For the 2-2-1 parts the whole table of the problem is returned (the
    checker needs the upstream values too).
    """
    kind = task_.kind
    if kind in ("2221", "sigmoid"):
        return _table_2221(problem)
    if kind == "batch":
        from .network import backward

        g = backward(problem.params, problem.x, problem.t)
        return {"dW1": g.dW1, "db1": g.db1, "dW2": g.dW2, "db2": g.db2}
    if kind == "train":
        return {"losses": _losses(problem, problem.eta)}
    if kind == "deep":
        from .mlp import backward

        g = backward(problem.net, problem.X, problem.T)
        return {"dWs": g.dW, "dbs": g.db}
    if kind == "gradcheck":
        from .network import backward

        name, _ = gradcheck_target(case)
        g = backward(problem.params, problem.x, problem.t)
        return {"grad": getattr(g, "d" + name)}
    raise ValueError(f"unknown kind of problem {kind!r}")


def _table_2221(problem):
    """Inputs, forward values, loss, gradients and update of a problem."""
    from .losses import loss
    from .network import backward, forward, update

    p, x, t = problem.params, problem.x, problem.t
    fwd = forward(p, x)
    grads = backward(p, x, t)
    new = update(p, grads, problem.eta)
    table = {"x": x, "t": t, "eta": problem.eta, **p._asdict()}
    table.update(fwd._asdict())
    table["L"] = loss(fwd.y, t)
    table.update(grads._asdict())
    table.update({k + "_new": v for k, v in new._asdict().items()})
    return table


def inputs(task_, problem, case):
    """The arguments the student's function gets, in order.

    Computed in a function of its own, so the caller's frame holds the
    inputs and nothing of the answer.
    """
    kind = task_.kind
    if kind == "deep":
        net = problem.net
        return ([w.copy() for w in net.W], [b.copy() for b in net.b],
                problem.X.copy(), problem.T.copy())
    if kind == "gradcheck":
        name, h = gradcheck_target(case)
        theta = getattr(problem.params, name).copy()
        return (gradcheck_loss(problem, name), theta, h)
    if kind == "sigmoid":
        table = _table_2221(problem)
        return (np.vstack([table["z1"], table["z2"]]),)
    values = _table_2221(problem) if kind == "2221" else {
        "X": problem.x, "T": problem.t, "eta": problem.eta,
        "epochs": TRAIN_EPOCHS, **problem.params._asdict()}
    return tuple(_copy(values[name]) for name in task_.args)


def _copy(v):
    return v.copy() if isinstance(v, np.ndarray) else v


# -------------------------------------------------------------- evidence

def encode(value, per_layer=False):
    """A student's value as JSON-safe data; never raises.

    Arrays become ``{"shape": [...], "values": [...]}`` with non-finite
    entries as None; with ``per_layer`` (the deeper network's lists of
    per-layer gradients) a list becomes ``{"list": [...]}``; anything
    that is not numbers becomes ``{"unreadable": type name}``.
    """
    try:
        if per_layer:
            return {"list": [encode(v) for v in list(value)[:64]]}
        arr = np.array(value, dtype=np.float64)
        flat = [float(v) if math.isfinite(v) else None
                for v in arr.ravel()]
    except Exception:  # a student's value can be anything at all
        return {"unreadable": type(value).__name__}
    return {"shape": list(arr.shape), "values": flat}


def decode(entry):
    """Inverse of :func:`encode`: an ndarray, a list of them, or None.

    Never trusts the entry: anything malformed gives None (a wrong
    answer), not an exception in the grading process.
    """
    if not isinstance(entry, dict):
        return None
    if "list" in entry and isinstance(entry["list"], list):
        items = [decode(e) for e in entry["list"][:64]]
        return None if any(i is None for i in items) else items
    shape, values = entry.get("shape"), entry.get("values")
    if not (isinstance(shape, list) and isinstance(values, list)):
        return None
    if not all(isinstance(n, int) and 0 <= n < 10**6 for n in shape):
        return None
    if math.prod(shape) != len(values) or len(values) > 10**6:
        return None
    if not all(isinstance(v, float | int) and not isinstance(v, bool)
               for v in values):
        return None  # None (a NaN or inf) or text: not an answer
    return np.array(values, dtype=np.float64).reshape(shape)


def _split_returns(task_, out):
    """The student's return value as step name -> value."""
    steps = task_.returns
    if isinstance(out, dict):
        return {s: out[s] for s in steps if s in out}
    if len(steps) == 1:
        return {steps[0]: out}
    if isinstance(out, (tuple, list)) and len(out) == len(steps):
        return dict(zip(steps, out, strict=True))
    raise TypeError(
        f"{task_.function} returned {type(out).__name__}; expected "
        f"{len(steps)} values in the order {', '.join(steps)}"
    )


def run_case(task_, func, case):
    """Call the student's ``func`` on one case: the evidence record."""
    problem = problem_for(task_.kind, case)
    args = inputs(task_, problem, case)
    del problem  # nothing of the answer stays in this frame
    record = {"task": task_.function, "case": case, "answers": {}}
    try:
        out = func(*args)
        per_layer = task_.kind == "deep"
        record["answers"] = {
            k: encode(v, per_layer)
            for k, v in _split_returns(task_, out).items()
        }
    except Exception as err:  # the student's error is the evidence
        text = f": {err}" if str(err) else ""
        record["error"] = f"{type(err).__name__}{text}"[:300]
    return record


# -------------------------------------------------------------- judging

class CaseVerdict(NamedTuple):
    """How one case went.

    Attributes
    ----------
    case : str
        "article" or "seed-<n>".
    steps : dict
        step name -> "right", "wrong" or "missing".
    first_wrong : str or None
    note : str
        What went wrong, in words without numbers (a shape, a named
        mistake and its hint, an error's type).
    credit : float
        Share of the part's steps judged right, 0 to 1.
    """

    case: str
    steps: dict
    first_wrong: str | None
    note: str
    credit: float


def _fits(value, expected):
    """Right if the shapes agree (or both hold one number) and close."""
    if value is None or isinstance(value, list):
        return False
    expected = np.asarray(expected, dtype=np.float64)
    if value.shape != expected.shape:
        if value.size != 1 or expected.size != 1:
            return False
        value = value.reshape(expected.shape)
    return bool(np.allclose(value, expected, rtol=RTOL, atol=ATOL))


def _shape_note(name, value, expected):
    expected = np.asarray(expected)
    if (isinstance(value, np.ndarray) and value.shape != expected.shape
            and not (value.size == 1 and expected.size == 1)):
        return (f"{name} has shape {value.shape}; expected "
                f"{expected.shape}. ")
    return ""


def _error_note(text):
    """A student's exception without the numbers in it."""
    return f"Your function raised {hide_numbers(text)}."


def hide_numbers(text):
    """Replace decimals in ``text`` by an ellipsis; shapes stay."""
    text = re.sub(r"[-+]?\d*\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+",
                  "…", str(text))
    return text[:200]


def judge_record(task_, case, record):
    """Judge one case's evidence record (or None) against nnlib."""
    steps = task_.returns
    if record is None:
        return CaseVerdict(case, dict.fromkeys(steps, "missing"),
                           steps[0], "No answer was recorded.", 0.0)
    if "error" in record:
        return CaseVerdict(case, dict.fromkeys(steps, "missing"),
                           steps[0], _error_note(record["error"]), 0.0)
    answers = record.get("answers")
    answers = answers if isinstance(answers, dict) else {}
    given = {s: decode(answers.get(s)) for s in steps}
    problem = problem_for(task_.kind, case)
    ref = reference(task_, problem, case)
    if task_.kind in ("2221", "sigmoid", "batch"):
        return _judge_2221(task_, case, problem, ref, given)
    return _judge_plain(task_, case, problem, ref, given)


def _credit(status):
    return sum(v == "right" for v in status.values()) / len(status)


def _judge_plain(task_, case, problem, ref, given):
    if task_.kind == "sigmoid":
        ref = {"a": np.vstack([ref["a1"], ref["y"]])}
    status, note = {}, ""
    for s in task_.returns:
        value, expected = given[s], ref[s]
        if isinstance(expected, tuple):  # per-layer arrays
            ok = _same(value, expected)
        else:
            ok = _fits(value, expected)
            note = note or ("" if ok else _shape_note(s, value, expected))
        status[s] = "right" if ok else "wrong"
    first = next((s for s in task_.returns if status[s] != "right"), None)
    if first is not None:
        note += _plain_mistake(task_, case, problem, ref, given)
    return CaseVerdict(case, status, first, note.strip(), _credit(status))


def _plain_mistake(task_, case, problem, ref, given):
    """Name the classic mistakes of the batch, deep, train and gradient
    check parts by recomputing each mistake's number with nnlib."""
    n = getattr(problem, "X", problem.x).shape[-1]
    if task_.kind in ("batch", "deep") and n > 1:
        scaled = {k: _scale(v, n) for k, v in ref.items()}
        if all(_same(given[k], scaled[k]) for k in task_.returns):
            return MISTAKE_TEXT["batch_sum"]
    if task_.kind == "train":
        for key, eta, sign in (("batch_sum", problem.eta * n, 1),
                               ("update_sign", problem.eta, -1)):
            if _fits(given["losses"], _losses(problem, eta, sign)):
                return MISTAKE_TEXT[key]
        if given["losses"] is not None and given["losses"].shape != (
                TRAIN_EPOCHS + 1,):
            return (f"losses should hold {TRAIN_EPOCHS + 1} numbers: the "
                    "loss before training and after each epoch.")
    if task_.kind == "gradcheck" and given["grad"] is not None:
        name, h = gradcheck_target(case)
        one_sided = _one_sided(problem, name, h)
        if _fits(given["grad"], one_sided) or _close(given["grad"],
                                                     one_sided):
            return MISTAKE_TEXT["one_sided"]
        if _same(given["grad"], _scale(ref["grad"], 2)):
            return MISTAKE_TEXT["half_step"]
    return ""


def _scale(v, k):
    if isinstance(v, tuple):
        return tuple(x * k for x in v)
    return np.asarray(v) * k


def _same(value, expected):
    if isinstance(expected, tuple):
        return (isinstance(value, list) and len(value) == len(expected)
                and all(_fits(v, e)
                        for v, e in zip(value, expected, strict=True)))
    return _fits(value, expected)


def _close(value, expected):
    """Equal to about five digits: the one-sided difference's error."""
    return (isinstance(value, np.ndarray) and value.shape
            == np.shape(expected) and np.allclose(value, expected,
                                                  rtol=1e-9, atol=1e-12))


def _one_sided(problem, name, h):
    f = gradcheck_loss(problem, name)
    theta = getattr(problem.params, name)
    grad = np.zeros_like(theta)
    f0 = f(theta)
    for i in np.ndindex(theta.shape):
        up = theta.copy()
        up[i] += h
        grad[i] = (f(up) - f0) / h
    return grad


MISTAKE_TEXT = {
    "batch_sum": (
        "Named mistake: the gradients were summed over the batch instead "
        "of averaged. Hint: divide by N, the number of columns; with a "
        "sum the step grows with the batch."),
    "update_sign": (
        "Named mistake: the update's sign is flipped, so each step climbs "
        "the loss. Hint: theta_new = theta - eta * dtheta."),
    "one_sided": (
        "Named mistake: a one-sided difference (f(theta + h) - f(theta)) "
        "/ h. Hint: the centred difference (f(theta + h) - f(theta - h)) "
        "/ (2 h) is far more accurate for the same h."),
    "half_step": (
        "Named mistake: the difference was divided by h instead of 2 h. "
        "Hint: the two points theta + h and theta - h are 2 h apart."),
}


def _losses(problem, eta, sign=1):
    """Full-batch gradient descent from the problem's parameters, with
    nnlib's backward and update; sign -1 replays the flipped update."""
    from .network import backward, loss_of, update

    p, X, T = problem.params, problem.x, problem.t
    losses = [loss_of(p, X, T)]
    for _ in range(TRAIN_EPOCHS):
        g = backward(p, X, T)
        if sign < 0:
            g = g._replace(**{k: -getattr(g, k) for k in GRADIENTS})
        try:
            p = update(p, g, eta)
            losses.append(loss_of(p, X, T))
        except ValueError:  # a mistake's run that overflowed
            break
    return np.array(losses)


GRADIENTS = ("dW1", "db1", "dW2", "db2")


def _judge_2221(task_, case, problem, ref, given):
    """The 2-2-1 parts: judged step by step by nnlib's checker, which
    re-checks each step from the student's own upstream values (a slip
    is counted once) and names the classic mistakes."""
    from .checks import check

    answers = _checker_answers(task_, given)
    status, notes = {}, {}
    for name, value in list(answers.items()):
        why = _unreadable(name, value, problem)
        if why:
            status[name], notes[name] = "wrong", why
            del answers[name]
    report = check(answers, problem, atol=ATOL) if answers else None
    for name in answers:
        result = report[name]
        status[name] = result.status
        if result.status != "right":
            notes[name] = _mistake_note(result)
    order = [s for s in _CHECKER_ORDER if s in status]
    status = {s: status[s] for s in order}
    first = next((s for s in order if status[s] != "right"), None)
    note = notes.get(first, "") if first else ""
    return CaseVerdict(case, status, first, note, _credit(status))


def _checker_answers(task_, given):
    """The student's values under the checker's step names."""
    if task_.kind == "sigmoid":
        a = given["a"]
        ok = isinstance(a, np.ndarray) and a.shape == (3, 1)
        return {"a1": a[:2] if ok else None, "y": a[2:] if ok else None}
    return dict(given)


def _unreadable(name, value, problem):
    """Why a value cannot be judged at all (shape, not numbers), or ""."""
    from .checks import check

    if value is None or isinstance(value, list):
        return (f"{name} is not an array of finite numbers (a NaN, an "
                "infinity, or something that is not numbers).")
    try:
        check({name: value}, problem, atol=ATOL)
    except (ValueError, TypeError) as err:
        return hide_numbers(str(err)).replace("answers[", "").replace(
            "]", "", 1)
    return ""


def _mistake_note(result):
    """A wrong step's feedback without any number of the answer."""
    if not result.mistakes:
        return "It matches none of the classic mistakes we know."
    where = [o for o in result.origins]
    parts = []
    for m, origin in zip(result.mistakes, where, strict=True):
        at = "" if origin == result.name else f" (made in {origin})"
        parts.append(f"Named mistake: {m.title}{at}. Hint: "
                     f"{hide_numbers(m.hint)}")
    return " ".join(parts)


_CHECKER_ORDER = (
    "z1", "a1", "z2", "y", "L",
    "dL_dy", "dy_dz2", "delta2", "dW2", "db2",
    "dL_da1", "da1_dz1", "delta1", "dW1", "db1",
    "W2_new", "b2_new", "W1_new", "b1_new",
)


# ------------------------------------------------------- the test cell

class PartSpec(NamedTuple):
    """What a test cell asks, read from its (restored) source.

    Attributes
    ----------
    task : Task
    visible : tuple of str
        Cases the student can see: "article".
    hidden : tuple of str
        Fresh problems, "seed-<n>", from the hidden tests.
    """

    task: Task
    visible: tuple
    hidden: tuple


def parse_part(source):
    """Read a test cell's source: the :class:`PartSpec`, or None.

    Only literals count (``Part("forward", forward_pass)``,
    ``.check_article()``, ``.check_fresh([11, 12])``); the source is
    parsed, never run.
    """
    try:
        tree = ast.parse(_without_magics(source))
    except SyntaxError:
        return None
    task_, visible, hidden = None, [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name == "Part" and node.args and isinstance(
                node.args[0], ast.Constant):
            task_ = TASKS.get(node.args[0].value)
        elif name == "check_article":
            visible.append("article")
        elif name == "check_fresh":
            hidden += [f"seed-{s}" for s in _literal_seeds(node)]
    if task_ is None:
        return None
    return PartSpec(task_, tuple(visible), tuple(hidden))


def _call_name(node):
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _literal_seeds(node):
    arg = node.args[0] if node.args else next(
        (k.value for k in node.keywords if k.arg == "seeds"), None)
    try:
        seeds = ast.literal_eval(arg) if arg is not None else []
    except ValueError:
        return []
    return [int(s) for s in seeds if isinstance(s, int)]


def _without_magics(source):
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    )


class Verdict(NamedTuple):
    """The grade of one test cell and the message for the student.

    Attributes
    ----------
    score : float
        Points earned, 0 to ``points``.
    points : float
    message : str
        Markdown; steps, shapes and mistakes, never a hidden value.
    cases : list of CaseVerdict
    """

    score: float
    points: float
    message: str
    cases: list


def evidence(outputs):
    """Evidence records among a cell's outputs: case -> record (the last
    one recorded for each case)."""
    found = {}
    for out in outputs:
        data = out.get("data") if isinstance(out, dict) else None
        record = data.get(EVIDENCE_MIME) if isinstance(data, dict) else None
        if isinstance(record, dict) and isinstance(record.get("case"), str):
            found[record["case"]] = record
    return found


def stop_reason(outputs):
    """Why a cell stopped early, from its error outputs, or ""."""
    names = [o.get("ename") for o in outputs
             if isinstance(o, dict) and o.get("output_type") == "error"]
    if "CellTimeoutError" in names or "KeyboardInterrupt" in names:
        return ("The cell ran out of time and was stopped: look for a "
                "loop that never ends.")
    return f"The cell stopped with {names[-1]}." if names else ""


def judge_cell(spec, points, outputs, reference_use=None):
    """Grade one test cell from its evidence, outside the kernel.

    Parameters
    ----------
    spec : PartSpec
        From :func:`parse_part` on the restored source.
    points : float
        The cell's points.
    outputs : list of dict
        The cell's outputs after execution (nbformat output dicts).
    reference_use : str or None
        Why the student's function does not count as their own work
        (from :func:`reference_uses`); then the part earns 0.

    Returns
    -------
    Verdict
    """
    fn = spec.task.function
    if reference_use:
        msg = (f"**{fn}: 0 of {_pts(points)} points.** Your `{fn}` "
               f"{reference_use}. Only your own numpy code earns credit "
               "here: calling nnlib's reference (directly or "
               "indirectly) or patching library code earns none.")
        return Verdict(0.0, points, msg, [])
    found = evidence(outputs)
    cases = [judge_record(spec.task, c, found.get(c))
             for c in spec.visible + spec.hidden]
    cases = _no_constants(cases, found, spec.hidden)
    graded = [v for v in cases if v.case in spec.hidden] or cases
    earned = points * sum(v.credit for v in graded) / len(graded)
    score = math.floor(earned * 100 + 1e-9) / 100
    return Verdict(score, points,
                   _message(fn, score, points, cases, graded, outputs),
                   cases)


def _no_constants(cases, found, hidden):
    """A step that returns the same value for different problems is a
    hard-coded answer: it earns nothing, even where it happens to agree
    with the student's own (equally hard-coded) upstream values."""
    given = {c.case: _decoded(found.get(c.case)) for c in cases}
    out = []
    for v in cases:
        steps = dict(v.steps)
        same = [s for s in steps if v.case in hidden
                and steps[s] == "right" and any(
            other != v.case and _equal(given[v.case].get(s),
                                       given[other].get(s))
            for other in given)]
        if not same:
            out.append(v)
            continue
        for s in same:
            steps[s] = "wrong"
        first = next(s for s in steps if steps[s] != "right")
        note = (v.note if first == v.first_wrong else
                f"`{first}` is the same for different problems: a "
                "hard-coded answer earns nothing.")
        out.append(v._replace(steps=steps, first_wrong=first, note=note,
                              credit=_credit(steps)))
    return out


def _decoded(record):
    answers = record.get("answers") if isinstance(record, dict) else None
    if not isinstance(answers, dict):
        return {}
    return {k: decode(e) for k, e in answers.items()}


def _equal(a, b):
    if a is None or b is None:
        return False
    if isinstance(a, list) or isinstance(b, list):
        return (isinstance(a, list) and isinstance(b, list)
                and len(a) == len(b)
                and all(_equal(x, y) for x, y in zip(a, b, strict=True)))
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL,
                                                   atol=ATOL))


def _pts(x):
    return f"{x:g}"


def _message(fn, score, points, cases, graded, outputs):
    right = sum(v.credit == 1 for v in graded)
    lines = [f"**{fn}: {_pts(score)} of {_pts(points)} points.** Right on "
             f"{right} of {len(graded)} fresh problems. Only fresh "
             "problems earn points, by the share of steps right; a slip "
             "is counted once, later steps are judged from your own "
             "values."]
    stop = stop_reason(outputs)
    groups = {}  # the same finding on several problems is said once
    for v in cases:
        where = ("the article's example" if v.case == "article"
                 else f"fresh problem {graded.index(v) + 1}")
        groups.setdefault(_finding(v, stop), []).append(where)
    for finding, wheres in groups.items():
        lines.append(f"- {_join(wheres)}: {finding}")
    return "\n".join(lines)


def _finding(v, stop):
    if v.first_wrong is None:
        return "every step right."
    wrong = [s for s, st in v.steps.items() if st != "right"]
    text = f"first wrong step `{v.first_wrong}`"
    if len(wrong) > 1:
        text += f" (also {', '.join(f'`{s}`' for s in wrong[1:])})"
    note = stop if (v.note.startswith("No answer") and stop) else v.note
    return f"{text}. {note}".rstrip()


def _join(items):
    if len(items) == 1:
        return items[0]
    if all(i.startswith("fresh problem ") for i in items):
        nums = [i.removeprefix("fresh problem ") for i in items]
        return "fresh problems " + ", ".join(nums[:-1]) + " and " + nums[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------- in the kernel: Part

class Part:
    """One graded part, as a locked test cell uses it.

    >>> part = Part("loss", lambda y, t: 0.5 * float(((y - t) ** 2).sum()),
    ...             emit=lambda record: None)
    >>> part.check_article()
    >>> part.verdict()  # in a notebook it shows "every step right"

    Parameters
    ----------
    task : str
        A key of :data:`TASKS` ("forward", "backward", ...).
    func : callable
        The student's function.
    emit : callable, optional
        Where evidence records go; by default an IPython display output
        of type :data:`EVIDENCE_MIME` that the grading process reads.
    """

    def __init__(self, task_name, func, emit=None):
        self.task = task(task_name)
        if not callable(func):
            raise TypeError(
                f"{self.task.function} is {type(func).__name__}, not a "
                "function; run the cell that defines it first"
            )
        self.func = func
        self.emit = emit or _display
        self.emit_text = _display_text if emit is None else _no_text
        self.records = []

    def check_article(self):
        """Run the student's function on the article's example."""
        self._run("article")

    def check_fresh(self, seeds):
        """Run it on fresh seeded problems (the hidden tests do this)."""
        for seed in seeds:
            self._run(f"seed-{int(seed)}")

    def _run(self, case):
        record = run_case(self.task, self.func, case)
        self.records.append(record)
        self.emit(record)

    def verdict(self):
        """Judge what ran; raise AssertionError saying what went wrong.

        This only informs the student: the grade is decided again,
        outside the kernel, from the recorded evidence.
        """
        verdicts = [judge_record(self.task, r["case"], r)
                    for r in self.records]
        bad = [v for v in verdicts if v.first_wrong is not None]
        if not bad:
            where = ("the article's example" if len(verdicts) == 1
                     else f"all {len(verdicts)} problems")
            self.emit_text(f"{self.task.function}: every step right on "
                           f"{where}.")
            return
        lines = [f"{self.task.function} is not right yet."]
        for v in bad:
            where = ("the article's example" if v.case == "article"
                     else "a fresh problem")
            lines.append(f"On {where}: first wrong step {v.first_wrong}. "
                         f"{v.note}".rstrip())
        raise AssertionError("\n".join(lines))


def _no_text(text):
    return None


def _display_text(text):
    from IPython.display import display

    display({"text/plain": text}, raw=True)


def _display(record):
    from IPython.display import display

    where = ("the article's example" if record["case"] == "article"
             else "a fresh problem")
    text = f"{record['task']} ran on {where}; answers recorded."
    display({EVIDENCE_MIME: json.loads(json.dumps(record)),
             "text/plain": text}, raw=True)


# --------------------------------------- outside: reading student cells

def reference_uses(sources):
    """Find the student's functions that reach nnlib or dynamic tricks.

    Parameters
    ----------
    sources : list of str
        The code of every cell the student could edit, in order.

    Returns
    -------
    dict
        Function or variable name -> reason, in words, for every name
        bound in those cells that calls ``nnlib`` (directly, through an
        alias, or through another of the student's functions) or uses
        one of :data:`DYNAMIC`.
    """
    deps, reasons = {}, {}
    for source in sources:
        try:
            tree = ast.parse(_without_magics(source))
        except SyntaxError:
            continue
        for stmt in tree.body:
            _bindings(stmt, deps, reasons)
    changed = True
    while changed:  # a name calling a flagged name is flagged too
        changed = False
        for name, used in deps.items():
            if name in reasons:
                continue
            hit = next((u for u in sorted(used) if u in reasons), None)
            if hit is not None:
                reasons[name] = f"calls `{hit}`, which {reasons[hit]}"
                changed = True
    return reasons


# Names that stand for library code in the student's kernel: numpy,
# builtins, nnlib, the grader's own Part, and whatever the student's
# cells import.
LIBRARY_NAMES = {"np", "numpy", "builtins", "__builtins__", "nnlib",
                 "grading", "Part", "IPython", "sys", "json", "math"}


def library_patches(sources):
    """Why the student's cells patch library code, or "".

    Assigning to (or deleting, or ``setattr`` on) an attribute of a
    module, such as ``np.allclose = ...`` or ``builtins.abs = ...``, is
    never part of an answer; a notebook that does it earns nothing for
    any part, whatever the patch would have done.
    """
    trees, names = [], set(LIBRARY_NAMES)
    for source in sources:
        try:
            tree = ast.parse(_without_magics(source))
        except SyntaxError:
            continue
        trees.append(tree)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0]
                             for a in node.names)
    for tree in trees:
        for node in ast.walk(tree):
            for target in _patched(node):
                if _root(target) in names:
                    return (f"runs in a notebook that replaces "
                            f"`{ast.unparse(target)}`, library code the "
                            "checks rely on")
    return ""


def _patched(node):
    """The attribute expressions a statement or call overwrites."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    elif isinstance(node, ast.Delete):
        targets = node.targets
    elif (isinstance(node, ast.Call) and _call_name(node) in (
            "setattr", "delattr") and node.args):
        name = node.args[1] if len(node.args) > 1 else None
        attr = (name.value if isinstance(name, ast.Constant)
                and isinstance(name.value, str) else "...")
        return [ast.Attribute(value=node.args[0], attr=attr)]
    else:
        return []
    return [t for target in targets for t in ast.walk(target)
            if isinstance(t, ast.Attribute)]


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _bindings(stmt, deps, reasons):
    """Record the names one top-level statement binds and what they use."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:
            bound = (alias.asname or alias.name).split(".")[0]
            module = (stmt.module if isinstance(stmt, ast.ImportFrom)
                      else alias.name) or ""
            why = _import_reason(module, alias.name)
            deps.pop(bound, None)
            if why:
                reasons[bound] = why
            else:
                reasons.pop(bound, None)
        return
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        names = [stmt.name]
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = (stmt.targets if isinstance(stmt, ast.Assign)
                   else [stmt.target])
        names = [n.id for t in targets for n in ast.walk(t)
                 if isinstance(n, ast.Name)]
    else:
        names = []
    why = _direct_reason(stmt)
    used = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)}
    for name in names:  # the last binding is the one that runs
        deps[name] = used - {name}
        if why:
            reasons[name] = why
        else:
            reasons.pop(name, None)


def _import_reason(module, name):
    root = module.split(".")[0]
    if root == "nnlib" or name.split(".")[0] == "nnlib":
        return f"imports nnlib (`{module or name}`)"
    if root in DYNAMIC or name in DYNAMIC:
        return DYNAMIC.get(root) or DYNAMIC[name]
    return ""


def _direct_reason(stmt):
    """Why a statement itself is not the student's own numpy code."""
    for node in ast.walk(stmt):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                module = (node.module if isinstance(node, ast.ImportFrom)
                          else alias.name) or ""
                why = _import_reason(module, alias.name)
                if why:
                    return why
        if isinstance(node, ast.Name):
            if node.id == "nnlib":
                return "calls nnlib's reference (`nnlib`)"
            if node.id in DYNAMIC:
                return DYNAMIC[node.id]
        if isinstance(node, ast.Attribute) and node.attr in (
                "__globals__", "__builtins__", "__code__", "f_back",
                "f_locals", "__subclasses__"):
            return f"reaches into the interpreter (`{node.attr}`)"
        if isinstance(node, ast.Constant) and isinstance(
                node.value, str) and "nnlib" in node.value:
            return "names nnlib in a string"
    return ""
