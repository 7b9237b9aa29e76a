"""An independent 2-2-1 reference and the classic mistakes, in plain numpy.

The tests of nnlib.checks and nnlib.problems compare against these, so
that nothing is checked against the code under test: each quantity is
written out again from the article's equations (columns are samples,
gradients are batch means), and each mistake is the wrong formula
written directly.
"""

import numpy as np


def sig(u):
    return 1.0 / (1.0 + np.exp(-u))


def inputs(example):
    """x (2, N), t (1, N), eta, W1, b1 (2, 1), W2, b2 (1, 1) as arrays."""
    x, t, eta, p = example
    x = np.asarray(x, float).reshape(2, -1)
    return dict(
        x=x, t=np.asarray(t, float).reshape(1, -1), eta=float(eta),
        W1=np.asarray(p.W1, float), b1=np.asarray(p.b1, float).reshape(2, 1),
        W2=np.asarray(p.W2, float), b2=np.asarray(p.b2, float).reshape(1, 1),
    )


def chain(i, **given):
    """Every step from the inputs ``i``; a step in ``given`` replaces the
    computed one and everything after it follows from it."""
    r = dict(i)
    N = i["x"].shape[1]

    def put(name, value):
        r[name] = given[name] if name in given else value

    put("z1", i["W1"] @ i["x"] + i["b1"])
    put("a1", sig(r["z1"]))
    put("z2", i["W2"] @ r["a1"] + i["b2"])
    put("y", sig(r["z2"]))
    put("L", float(np.mean(0.5 * (r["y"] - i["t"]) ** 2)))
    put("dL_dy", r["y"] - i["t"])
    put("dy_dz2", r["y"] * (1 - r["y"]))
    put("delta2", r["dL_dy"] * r["dy_dz2"])
    put("dW2", r["delta2"] @ r["a1"].T / N)
    put("db2", r["delta2"].sum(axis=1, keepdims=True) / N)
    put("dL_da1", i["W2"].T @ r["delta2"])
    put("da1_dz1", r["a1"] * (1 - r["a1"]))
    put("delta1", r["dL_da1"] * r["da1_dz1"])
    put("dW1", r["delta1"] @ i["x"].T / N)
    put("db1", r["delta1"].sum(axis=1, keepdims=True) / N)
    put("W2_new", i["W2"] - i["eta"] * r["dW2"])
    put("b2_new", i["b2"] - i["eta"] * r["db2"])
    put("W1_new", i["W1"] - i["eta"] * r["dW1"])
    put("b1_new", i["b1"] - i["eta"] * r["db1"])
    put("z1_new", r["W1_new"] @ i["x"] + r["b1_new"])
    put("a1_new", sig(r["z1_new"]))
    put("z2_new", r["W2_new"] @ r["a1_new"] + r["b2_new"])
    put("y_new", sig(r["z2_new"]))
    put("L_new", float(np.mean(0.5 * (r["y_new"] - i["t"]) ** 2)))
    return r


def _sp(u):
    return sig(u) * (1 - sig(u))


# mistake key -> (step, wrong value from the correct chain r)
MISTAKE_VALUES = {
    "update_sign": ("W1_new", lambda r: r["W1"] + r["eta"] * r["dW1"]),
    "eta_forgotten": ("W2_new", lambda r: r["W2"] - r["dW2"]),
    "sigmoid_prime_of_a": ("da1_dz1", lambda r: _sp(r["a1"])),
    "a_one_minus_a_of_z": ("dy_dz2", lambda r: r["z2"] * (1 - r["z2"])),
    "output_derivative_forgotten": ("delta2", lambda r: r["y"] - r["t"]),
    "hidden_derivative_forgotten": (
        "delta1", lambda r: r["W2"].T @ r["delta2"]),
    "W2_not_transposed": ("dL_da1", lambda r: r["delta2"].T @ r["W2"]),
    "outer_product_swapped": (
        "dW1", lambda r: r["x"] @ r["delta1"].T / r["x"].shape[1]),
    "a1_for_x": (
        "dW1", lambda r: r["delta1"] @ r["a1"].T / r["x"].shape[1]),
    "x_for_a1": (
        "dW2", lambda r: r["delta2"] @ r["x"].T / r["x"].shape[1]),
    "bias_left_out": ("z2", lambda r: r["W2"] @ r["a1"]),
    "bias_not_updated": ("b2_new", lambda r: r["b2"]),
    "t_minus_y": ("dL_dy", lambda r: r["t"] - r["y"]),
    "factor_two": ("L", lambda r: float(np.mean((r["y"] - r["t"]) ** 2))),
    "old_parameters": ("z1_new", lambda r: r["W1"] @ r["x"] + r["b1"]),
}

# more places the same mistakes show up
MORE_MISTAKE_VALUES = [
    ("sigmoid_prime_of_a", "dy_dz2", lambda r: _sp(r["y"])),
    ("a_one_minus_a_of_z", "da1_dz1", lambda r: r["z1"] * (1 - r["z1"])),
    ("factor_two", "dL_dy", lambda r: 2 * (r["y"] - r["t"])),
    ("update_sign", "b1_new", lambda r: r["b1"] + r["eta"] * r["db1"]),
    ("outer_product_swapped", "dW2",
     lambda r: r["a1"] @ r["delta2"].T / r["x"].shape[1]),
    ("bias_left_out", "z2_new", lambda r: r["W2_new"] @ r["a1_new"]),
    ("bias_left_out", "z1_new", lambda r: r["W1_new"] @ r["x"]),
]

# summing over a batch only shows with more than one sample
BATCH_MISTAKE_VALUES = [
    ("batch_sum", "dW1", lambda r: r["delta1"] @ r["x"].T),
    ("batch_sum", "dW2", lambda r: r["delta2"] @ r["a1"].T),
    ("batch_sum", "db1", lambda r: r["delta1"].sum(axis=1, keepdims=True)),
    ("batch_sum", "L",
     lambda r: float(np.sum(0.5 * (r["y"] - r["t"]) ** 2))),
]


def text(value, digits):
    """A value written to ``digits`` decimals, as nested lists of str."""
    if np.ndim(value) == 0:
        return f"{float(value):.{digits}f}"
    return [[f"{v:.{digits}f}" for v in row] for row in np.asarray(value)]
