"""The general network, nnlib.mlp: equal to the 2-2-1 reference, the
article's printed numbers, hand-written per-neuron formulas, and clear
errors for bad input.

Reference values come from nnlib.network (a separate implementation),
the article's printed values, or scalar formulas written out below with
Python loops and the math module; never from nnlib.mlp itself.
"""

import math

import numpy as np
import pytest
from random_nets import net_and_batch as _net_and_batch

import nnlib
from nnlib import ARTICLE, activations, mlp, printed

x, t, eta, P = ARTICLE
ACTS = ["sigmoid", "tanh", "relu"]


@pytest.fixture(scope="module")
def article_net():
    return mlp.mlp_from_params(P)


@pytest.fixture(scope="module")
def both(article_net):
    """(mlp values, nnlib.network values) by the article's names."""
    f, F = mlp.forward(article_net, x), nnlib.forward(P, x)
    g, G = mlp.backward(article_net, x, t), nnlib.backward(P, x, t)
    new = mlp.update(article_net, g, eta)
    NEW = nnlib.update(P, G, eta)
    f2, F2 = mlp.forward(new, x), nnlib.forward(NEW, x)
    ours = {
        "z1": f.z[0], "a1": f.a[0], "z2": f.z[1], "y": f.y,
        "L": mlp.loss_of(article_net, x, t),
        "delta2": g.delta[1], "dW2": g.dW[1], "db2": g.db[1],
        "delta1": g.delta[0], "dW1": g.dW[0], "db1": g.db[0],
        "W2_new": new.W[1], "b2_new": new.b[1],
        "W1_new": new.W[0], "b1_new": new.b[0],
        "z1_new": f2.z[0], "a1_new": f2.a[0], "z2_new": f2.z[1],
        "y_new": f2.y, "L_new": mlp.loss_of(new, x, t),
    }
    ref = {
        "z1": F.z1, "a1": F.a1, "z2": F.z2, "y": F.y,
        "L": nnlib.loss_of(P, x, t),
        "delta2": G.delta2, "dW2": G.dW2, "db2": G.db2,
        "delta1": G.delta1, "dW1": G.dW1, "db1": G.db1,
        "W2_new": NEW.W2, "b2_new": NEW.b2,
        "W1_new": NEW.W1, "b1_new": NEW.b1,
        "z1_new": F2.z1, "a1_new": F2.a1, "z2_new": F2.z2,
        "y_new": F2.y, "L_new": nnlib.loss_of(NEW, x, t),
    }
    return ours, ref


NAMES = [
    "z1", "a1", "z2", "y", "L", "delta2", "dW2", "db2", "delta1", "dW1",
    "db1", "W2_new", "b2_new", "W1_new", "b1_new", "z1_new", "a1_new",
    "z2_new", "y_new", "L_new",
]


@pytest.mark.parametrize("name", NAMES)
def test_article_network_equals_2_2_1_reference_exactly(both, name):
    """Does the 2-2-1 MLP give nnlib.network's number, bit for bit?"""
    ours, ref = both
    np.testing.assert_array_equal(
        np.reshape(ours[name], np.shape(ref[name])), ref[name],
        err_msg=f"{name} differs from nnlib.network",
    )


@pytest.mark.parametrize("name", NAMES)
def test_article_network_matches_printed_values(both, name):
    """Does the 2-2-1 MLP give the article's printed number?"""
    expected, atol = printed(name)
    actual = np.reshape(both[0][name], np.shape(expected))
    # atol is half a unit in each entry's last printed digit
    assert np.all(np.abs(actual - expected) <= atol), (
        f"{name} = {np.ravel(actual).tolist()} differs from the article's "
        f"{np.ravel(expected).tolist()} by more than {np.ravel(atol)}"
    )


def test_unchecked_activations_equal_checked_ones_bit_for_bit():
    """Do the fast internal activations compute activations.py's floats?"""
    rng = np.random.default_rng(0)
    extremes = [0.0, -0.0, 40.0, -40.0, 800.0, -800.0, 1e-300, -1e-300,
                36.7, -745.2, 5e-324, -5e-324, 709.0, -709.0, 745.0,
                -746.0, 1e308, -1e308, 0.5, -0.5]
    z = np.concatenate([rng.normal(0, 5, 980), rng.uniform(-800, 800, 1000),
                        extremes]).reshape(20, -1)
    for name in ACTS:
        f, _, f_prime_a = activations.get_activation(name)
        fast_f, fast_prime = activations.UNCHECKED[name]
        a = f(z)
        np.testing.assert_array_equal(fast_f(z), a, err_msg=name)
        np.testing.assert_array_equal(
            fast_prime(a), f_prime_a(a), err_msg=name + "'"
        )


def test_unchecked_loss_equals_losses_loss_bit_for_bit():
    """Does the training loop's loss compute nnlib.loss's float?"""
    rng = np.random.default_rng(1)
    for shape in [(1, 1), (3, 7), (10, 1000)]:
        y, T = rng.uniform(size=shape), rng.uniform(size=shape)
        assert mlp._loss(y, T) == nnlib.loss(y, T)


# ------------------------------------------- scalar, matrix, batch forms

def _f(name, z):
    """f(z) for one number, written out with the math module."""
    if name == "sigmoid":
        return 1.0 / (1.0 + math.exp(-z))
    if name == "tanh":
        return math.tanh(z)
    return z if z > 0 else 0.0


def _f_prime(name, z):
    """f'(z) for one number, from z."""
    if name == "sigmoid":
        s = 1.0 / (1.0 + math.exp(-z))
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - math.tanh(z) ** 2
    return 1.0 if z > 0 else 0.0


def scalar_gradients(net, X, T):
    """dL/dW, dL/db one neuron and one weight at a time (Python loops).

    L is the mean over samples of 1/2 sum_j (y_j - t_j)^2; this is the
    chain rule applied entry by entry, without matrices.
    """
    n_layers = len(net.W)
    N = X.shape[1]
    dW = [[[0.0] * W.shape[1] for _ in range(W.shape[0])] for W in net.W]
    db = [[0.0] * W.shape[0] for W in net.W]
    for n in range(N):
        # forward, neuron by neuron
        a_prev = [float(v) for v in X[:, n]]
        acts, zs = [a_prev], []
        for W, b, name in zip(net.W, net.b, net.activations, strict=True):
            z = [
                sum(W[j, k] * a_prev[k] for k in range(W.shape[1]))
                + b[j, 0]
                for j in range(W.shape[0])
            ]
            a_prev = [_f(name, zj) for zj in z]
            zs.append(z)
            acts.append(a_prev)
        # output deltas: dL/dz_j = (y_j - t_j) f'(z_j)
        name = net.activations[-1]
        delta = [
            (acts[-1][j] - T[j, n]) * _f_prime(name, zs[-1][j])
            for j in range(len(zs[-1]))
        ]
        # back through the layers: dL/dz_j = sum_k W_kj delta_k f'(z_j)
        for layer in range(n_layers - 1, -1, -1):
            for j in range(len(delta)):
                db[layer][j] += delta[j] / N
                for k in range(len(acts[layer])):
                    dW[layer][j][k] += delta[j] * acts[layer][k] / N
            if layer > 0:
                W, name = net.W[layer], net.activations[layer - 1]
                delta = [
                    sum(W[k, j] * delta[k] for k in range(W.shape[0]))
                    * _f_prime(name, zs[layer - 1][j])
                    for j in range(W.shape[1])
                ]
    return [np.array(d) for d in dW], [np.array(d)[:, None] for d in db]


SHAPES = [(2, 2, 1), (3, 4, 2), (4, 5, 3, 2), (2, 3, 3, 3, 1)]


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("sizes", SHAPES, ids=str)
def test_scalar_matrix_and_batch_forms_agree(sizes, act):
    """Do per-neuron loops, per-sample matrices and the batch agree?"""
    net, X, T = _net_and_batch(sizes, act, N=5, seed=len(sizes))
    batch = mlp.backward(net, X, T)

    # matrix form, one sample at a time, averaged by hand
    per_sample = [
        mlp.backward(net, X[:, [n]], T[:, [n]]) for n in range(5)
    ]
    dW_scalar, db_scalar = scalar_gradients(net, X, T)
    for i in range(len(sizes) - 1):
        dW_matrix = sum(g.dW[i] for g in per_sample) / 5
        db_matrix = sum(g.db[i] for g in per_sample) / 5
        for label, got, want in [
            ("dW batch vs scalar", batch.dW[i], dW_scalar[i]),
            ("db batch vs scalar", batch.db[i], db_scalar[i]),
            ("dW batch vs matrix", batch.dW[i], dW_matrix),
            ("db batch vs matrix", batch.db[i], db_matrix),
        ]:
            np.testing.assert_allclose(
                got, want, rtol=1e-12, atol=1e-15,
                err_msg=f"layer {i + 1}: {label}",
            )


@pytest.mark.parametrize("act", ACTS)
def test_batch_of_identical_samples_gives_single_sample_gradient(act):
    """Is the mean over N copies of a sample that sample's gradient?"""
    net, X, T = _net_and_batch((3, 4, 4, 2), act, N=1, seed=7)
    one = mlp.backward(net, X, T)
    many = mlp.backward(net, np.repeat(X, 8, axis=1),
                        np.repeat(T, 8, axis=1))
    for i in range(3):
        np.testing.assert_allclose(many.dW[i], one.dW[i], rtol=1e-14,
                                   atol=1e-17, err_msg=f"dW[{i}]")
        np.testing.assert_allclose(many.db[i], one.db[i], rtol=1e-14,
                                   atol=1e-17, err_msg=f"db[{i}]")


@pytest.mark.parametrize("sizes", SHAPES, ids=str)
def test_every_gradient_has_its_parameters_shape(sizes):
    """Does dW[i] have W[i]'s shape and db[i] b[i]'s (article §14.1)?"""
    net, X, T = _net_and_batch(sizes, "tanh", N=6, seed=3)
    g = mlp.backward(net, X, T)
    assert len(g.dW) == len(g.db) == len(g.delta) == len(net.W)
    for i, (W, b) in enumerate(zip(net.W, net.b, strict=True)):
        assert g.dW[i].shape == W.shape, f"dW[{i}]"
        assert g.db[i].shape == b.shape == (W.shape[0], 1), f"db[{i}]"
        assert g.delta[i].shape == (W.shape[0], 6), f"delta[{i}]"


def test_one_dimensional_sample_is_one_column():
    """Does x of shape (n,) give the same values as (n, 1)?"""
    net, X, T = _net_and_batch((3, 4, 2), "sigmoid", N=1, seed=2)
    flat = mlp.backward(net, X[:, 0], T[:, 0])
    col = mlp.backward(net, X, T)
    for a, b in zip(flat.dW + flat.db, col.dW + col.db, strict=True):
        np.testing.assert_array_equal(a, b)
    assert mlp.forward(net, X[:, 0]).y.shape == (2, 1)


# -------------------------------------------------- building and update

def test_init_is_seeded_and_scaled_per_activation():
    """Same seed, same weights; spreads Glorot (sigmoid) and He (relu)?"""
    a = mlp.init_mlp((400, 300, 10), "sigmoid", seed=5)
    b = mlp.init_mlp((400, 300, 10), "sigmoid", seed=5)
    c = mlp.init_mlp((400, 300, 10), "sigmoid", seed=6)
    np.testing.assert_array_equal(a.W[0], b.W[0])
    assert not np.array_equal(a.W[0], c.W[0])
    assert np.std(a.W[0]) == pytest.approx(math.sqrt(2 / 700), rel=0.02)
    r = mlp.init_mlp((400, 300, 10), "relu", seed=5)
    assert np.std(r.W[0]) == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    assert all(np.all(bi == 0) and bi.shape == (n, 1)
               for bi, n in zip(a.b, (300, 10), strict=True))
    assert a.sizes == (400, 300, 10)


def test_activations_per_layer():
    """Can each layer have its own activation?"""
    net = mlp.init_mlp((2, 3, 3, 1), ["relu", "tanh", "sigmoid"], seed=0)
    assert net.activations == ("relu", "tanh", "sigmoid")
    f = mlp.forward(net, [[1.0, -2.0], [0.5, 3.0]])
    assert np.all(f.a[0] >= 0) and np.all(np.abs(f.a[1]) < 1)


def test_update_steps_against_gradient_and_leaves_net_alone():
    """Is update W - eta dW, with the old network unchanged?"""
    net, X, T = _net_and_batch((3, 4, 2), "tanh", N=4, seed=1)
    before = [W.copy() for W in net.W]
    g = mlp.backward(net, X, T)
    new = mlp.update(net, g, 0.5)
    for i in range(2):
        np.testing.assert_array_equal(new.W[i], before[i] - 0.5 * g.dW[i])
        np.testing.assert_array_equal(net.W[i], before[i])
    assert mlp.loss_of(new, X, T) < mlp.loss_of(net, X, T)


def test_forward_does_not_modify_inputs():
    """Are x and the weights left as they were?"""
    net, X, T = _net_and_batch((3, 4, 2), "relu", N=4, seed=1)
    X0, W0 = X.copy(), net.W[0].copy()
    mlp.backward(net, X, T)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(net.W[0], W0)


# ----------------------------------------------------------- bad input

def test_layer_sizes_that_do_not_chain():
    """Does a W2 with the wrong number of columns name both shapes?"""
    with pytest.raises(ValueError, match=r"do not chain.*W\[1\].*\(1, 2\)"):
        mlp.make_mlp([np.ones((2, 2)), np.ones((1, 3))],
                     [np.zeros(2), np.zeros(1)])


def test_bias_of_wrong_length():
    with pytest.raises(ValueError, match=r"b\[0\] has shape \(3,\)"):
        mlp.make_mlp([np.ones((2, 2))], [np.zeros(3)])


def test_unknown_activation():
    """Does an unknown name list the supported ones?"""
    with pytest.raises(ValueError, match="unknown activation 'softmax'.*"
                       "'sigmoid', 'tanh', 'relu'"):
        mlp.init_mlp((2, 2, 1), "softmax")


def test_wrong_number_of_activations():
    with pytest.raises(ValueError, match="3 names but the network has 2"):
        mlp.init_mlp((2, 2, 1), ["relu", "relu", "relu"])


@pytest.mark.parametrize("sizes, match", [
    ((2,), "at least two sizes"),
    ((2, 0, 1), r"sizes\[1\] is 0"),
    ((2, 2.5, 1), r"sizes\[1\] is 2.5; expected a whole number"),
])
def test_bad_sizes(sizes, match):
    with pytest.raises((ValueError, TypeError), match=match):
        mlp.init_mlp(sizes)


def test_batch_with_wrong_number_of_rows():
    """Does x with 3 rows for a 2-input network say what shape is due?"""
    net = mlp.init_mlp((2, 2, 1))
    with pytest.raises(ValueError, match=r"x has shape \(3, 4\); "
                       r"expected \(2,\) or \(2, 1\).*\(2, N\)"):
        mlp.forward(net, np.ones((3, 4)))


def test_targets_of_wrong_shape():
    """Does t with too few columns name the shape expected?"""
    net = mlp.init_mlp((2, 2, 1))
    with pytest.raises(ValueError, match=r"t has shape \(1, 3\) but x has "
                       r"4 sample\(s\).*\(1, 4\)"):
        mlp.backward(net, np.ones((2, 4)), np.ones((1, 3)))
    with pytest.raises(ValueError, match=r"t has shape \(2, 4\)"):
        mlp.backward(net, np.ones((2, 4)), np.ones((2, 4)))


def test_not_a_network():
    with pytest.raises(TypeError, match="expected an nnlib MLP"):
        mlp.forward([np.ones((2, 2))], np.ones(2))


def test_update_rejects_gradient_of_wrong_shape():
    net = mlp.init_mlp((2, 2, 1))
    g = mlp.backward(net, np.ones((2, 1)), np.ones((1, 1)))
    bad = g._replace(dW=(g.dW[0], g.dW[1].T))
    with pytest.raises(ValueError, match=r"grads.dW\[1\] has shape \(2, 1\)"
                       r"; expected \(1, 2\)"):
        mlp.update(net, bad, 0.1)
    with pytest.raises(ValueError, match="positive"):
        mlp.update(net, g, -0.1)
