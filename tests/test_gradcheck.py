"""Gradient checking, nnlib.gradcheck: backpropagation against centred
finite differences for several depths, widths and every activation; a
planted bug is found and pointed at; relu kinks are reported.
"""

import warnings

import numpy as np
import pytest
from random_nets import net_and_batch as _net_and_batch

import nnlib
from nnlib import ARTICLE, activations, gradcheck, mlp
from nnlib.gradcheck import KinkWarning, check_gradients, relative_error

x, t, eta, P = ARTICLE


SIZES = [(2, 2, 1), (3, 5, 2), (4, 8, 8, 3), (5, 6, 5, 4, 2),
         (10, 20, 20, 20, 20, 5)]


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("sizes", SIZES, ids=str)
def test_backprop_matches_finite_differences(sizes, act):
    """Is every entry's relative error under 1e-6 (centred differences)?"""
    net, X, T = _net_and_batch(sizes, act, N=6, seed=sum(sizes) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", KinkWarning)  # no kink here
        result = check_gradients(net, X, T)
    assert result.names == tuple(
        f"{p}{i}" for i in range(1, len(sizes)) for p in "Wb"
    )
    # a check is only worth something if no layer is dead
    for name in result.names:
        assert np.any(result.analytic[name] != 0), f"{name} is all zero"
    assert result.passed, result.report()
    assert result.max_rel_error < 1e-6, result.report()


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu"])
def test_mixed_activations_and_single_sample(act):
    """Does the check hold for mixed layers and one 1-D sample?"""
    net, X, T = _net_and_batch((3, 4, 4, 2), act, N=1, seed=11)
    net = mlp.make_mlp(list(net.W), list(net.b), ["tanh", act, "sigmoid"])
    result = check_gradients(net, X[:, 0], T[:, 0])
    assert result.max_rel_error < 1e-7, result.report()


def test_article_params_pass_through_the_2_2_1_reference():
    """Does the check accept nnlib.Params and pass on the article?"""
    result = check_gradients(P, x, t)
    assert result.names == ("W1", "b1", "W2", "b2")
    np.testing.assert_array_equal(
        result.analytic["W1"], nnlib.backward(P, x, t).dW1
    )
    assert result.max_rel_error < 1e-8, result.report()
    # the same check through the general network agrees entry by entry
    general = check_gradients(mlp.mlp_from_params(P), x, t)
    for name in result.names:
        np.testing.assert_allclose(
            general.numeric[name].reshape(result.numeric[name].shape),
            result.numeric[name], rtol=1e-12, err_msg=name,
        )


def test_numeric_gradient_is_independent_of_backprop():
    """Is the numeric dW2 the article's printed dW2 (not backprop's)?"""
    result = check_gradients(P, x, t)
    expected, atol = nnlib.printed("dW2")
    assert np.all(np.abs(result.numeric["W2"] - expected) <= atol)


def test_planted_bug_fails_and_report_points_at_it(monkeypatch):
    """Does a wrong entry of dW2 fail the check and get named?"""
    real = gradcheck._backward

    def wrong(net, fwd, T):
        g = real(net, fwd, T)
        dW = [d.copy() for d in g.dW]
        dW[1][0, 1] *= 1.01  # one entry 1% off
        return g._replace(dW=tuple(dW))

    monkeypatch.setattr(gradcheck, "_backward", wrong)
    net, X, T = _net_and_batch((3, 4, 2), "tanh", N=5, seed=0)
    result = check_gradients(net, X, T)
    assert not result.passed
    assert result.worst == ("W2", (0, 1))
    assert result.rel_error["W2"][0, 1] == pytest.approx(0.01 / 1.01,
                                                          rel=1e-4)
    report = result.report()
    assert "worst: W2[0, 1]" in report and "FAILED" in report
    assert str(result) == report


def test_sigmoid_derivative_from_z_mistake_is_caught(monkeypatch):
    """Is article mistake 14.2 (sigma'(a) for sigma'(z)) detected?"""
    f, _ = activations.UNCHECKED["sigmoid"]
    mistake = (f, lambda a: f(a) * (1.0 - f(a)))  # sigmoid' applied to a
    monkeypatch.setitem(activations.UNCHECKED, "sigmoid", mistake)
    net, X, T = _net_and_batch((3, 4, 2), "sigmoid", N=5, seed=0)
    assert not check_gradients(net, X, T).passed


def test_report_lists_every_parameter():
    net, X, T = _net_and_batch((3, 4, 4, 2), "tanh", N=3, seed=2)
    report = check_gradients(net, X, T).report()
    for name in ["W1", "b1", "W2", "b2", "W3", "b3"]:
        assert f"\n{name} " in report
    assert report.splitlines()[-1].startswith("PASSED")
    assert max(len(line) for line in report.splitlines()) <= 79


def test_relu_on_article_numbers_warns_about_kink():
    """Does the article's z1 = 0 entry raise a KinkWarning for relu?"""
    net = mlp.make_mlp([P.W1, P.W2], [P.b1, P.b2], "relu")
    with pytest.warns(KinkWarning, match=r"moved z1\[0, 0\] = 0 across 0"):
        result = check_gradients(net, x, t)
    assert ("b1", (0, 0)) in result.kink_entries
    assert ("W1", (1, 0)) not in result.kink_entries
    report = result.report()
    assert "relu kinks: 3 entries left out" in report
    # the table never points at an entry the kink spoiled
    assert "W1[1, 0]" in report.splitlines()[2]
    assert max(len(line) for line in report.splitlines()) <= 79


def test_kink_near_zero_is_noticed_too():
    """Is a relu input within h of 0 (not exactly 0) reported?"""
    W1 = np.array([[1.0, 0.0], [0.5, 0.5]])
    b1 = np.array([[-1.0 + 3e-6], [0.2]])  # z1[0] = 3e-6 for x = (1, 0)
    net = mlp.make_mlp([W1, [[0.7, -0.4]]], [b1, [[0.3]]], "relu")
    with pytest.warns(KinkWarning, match=r"z1\[0, 0\] = 3e-06"):
        result = check_gradients(net, [1.0, 0.0], [0.5])
    # the nudge on b1[0] crosses; the nudge on W1[0, 1] (input 0) cannot
    assert ("b1", (0, 0)) in result.kink_entries
    assert ("W1", (0, 1)) not in result.kink_entries


def test_check_leaves_network_unchanged():
    net, X, T = _net_and_batch((3, 4, 2), "relu", N=4, seed=5)
    before = [W.copy() for W in net.W]
    check_gradients(net, X, T)
    for W, W0 in zip(net.W, before, strict=True):
        np.testing.assert_array_equal(W, W0)


def test_relative_error_definition():
    a = np.array([1.0, 0.0, 1e-9, -2.0])
    n = np.array([1.1, 0.0, 2e-9, 2.0])
    np.testing.assert_allclose(
        relative_error(a, n, floor=1e-4), [0.1 / 1.1, 0.0, 1e-5, 2.0]
    )


def test_bad_arguments():
    with pytest.raises(ValueError, match="h is -1.0; expected a positive"):
        check_gradients(P, x, t, h=-1.0)
    with pytest.raises(TypeError, match="expected an nnlib.mlp.MLP or"):
        check_gradients("net", x, t)
    with pytest.raises(ValueError, match=r"t has shape \(1, 2\)"):
        check_gradients(mlp.init_mlp((2, 2, 1)), x, [[1.0, 0.0]])
