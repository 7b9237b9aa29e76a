"""The article's ledger: every number it prints in §5, §8, §9 and §10.

One test per printed quantity, against the value as the article prints
it, with a tolerance of half a unit in its last printed digit (some
values are exactly 0, so the tolerance is absolute, never relative).
The printed values live in ``nnlib.example.PRINTED`` as text, copied
from the article; the values under test are computed by nnlib.
"""

import numpy as np
import pytest

import nnlib
from nnlib import ARTICLE, printed

x, t, eta, P = ARTICLE


@pytest.fixture(scope="module")
def fwd():
    return nnlib.forward(P, x)


@pytest.fixture(scope="module")
def grads():
    return nnlib.backward(P, x, t)


@pytest.fixture(scope="module")
def new_params(grads):
    return nnlib.update(P, grads, eta)


@pytest.fixture(scope="module")
def new_fwd(new_params):
    return nnlib.forward(new_params, x)


def assert_printed(name, actual):
    expected, atol = printed(name)
    actual = np.reshape(actual, np.shape(expected))
    off = np.abs(actual - expected) > atol
    assert not np.any(off), (
        f"{name} = {actual.tolist()} differs from the article's "
        f"{expected.tolist() if np.ndim(expected) else expected} by more "
        f"than half a unit in the last printed digit ({atol})"
    )


# §5 forward pass

def test_hidden_preactivation_matches_article_step1(fwd):
    """Is z1 = W1 x + b1 = [0.0, 0.75]?"""
    assert_printed("z1", fwd.z1)


def test_hidden_activation_matches_article_step2(fwd):
    """Is a1 = sigmoid(z1) = [0.5, 0.6791787]?"""
    assert_printed("a1", fwd.a1)


def test_output_preactivation_matches_article_step3(fwd):
    """Is z2 = W2 a1 + b2 = 0.1141643?"""
    assert_printed("z2", fwd.z2)


def test_output_matches_article_step4(fwd):
    """Is y = 0.5285101, and 0.5285 as boxed?"""
    assert_printed("y", fwd.y)
    assert_printed("y_boxed", fwd.y)


def test_loss_matches_article_step5(fwd):
    """Is L = 1/2 (y - t)^2 = 0.11115?"""
    assert_printed("L", nnlib.loss(fwd.y, t))


def test_article_loss_line_from_rounded_y_gives_0_11116():
    """Does the article's own line, 1/2 (0.5285 - 1)^2, round to 0.11116?

    This pins the one place where the article's arithmetic and its boxed
    value disagree: the boxed 0.11115 is the exact y's loss.
    """
    assert round(nnlib.loss(0.5285, 1.0), 5) == 0.11116


# §8 backpropagation

def test_loss_derivative_matches_article_step1(grads):
    """Is dL/dy = y - t = -0.4714899?"""
    assert_printed("dL_dy", grads.dL_dy)


def test_output_sigmoid_derivative_matches_article_step2(grads):
    """Is dy/dz2 = y (1 - y) = 0.2491872?"""
    assert_printed("dy_dz2", grads.dy_dz2)


def test_output_delta_matches_article_step3(grads):
    """Is delta2 = -0.1174892?"""
    assert_printed("delta2", grads.delta2)


def test_output_weight_gradient_matches_article_step4(grads):
    """Is dW2 = delta2 a1^T = [-0.0587446, -0.0797962]?"""
    assert_printed("dW2", grads.dW2)


def test_output_bias_gradient_matches_article_step4(grads):
    """Is db2 = delta2 = -0.1174892?"""
    assert_printed("db2", grads.db2)


def test_backpropagated_error_matches_article_step5(grads):
    """Is dL/da1 = W2^T delta2 = [-0.0352468, 0.0234978]?"""
    assert_printed("dL_da1", grads.dL_da1)


def test_hidden_sigmoid_derivative_matches_article_step5(grads):
    """Is da1/dz1 = a1 (1 - a1) = [0.25, 0.217895]?"""
    assert_printed("da1_dz1", grads.da1_dz1)


def test_hidden_delta_matches_article_step5(grads):
    """Is delta1 = [-0.0088117, 0.0051201]?"""
    assert_printed("delta1", grads.delta1)


def test_hidden_weight_gradient_matches_article_step6(grads):
    """Is dW1 = delta1 x^T as printed?"""
    assert_printed("dW1", grads.dW1)


def test_hidden_bias_gradient_matches_article_step6(grads):
    """Is db1 = delta1 = [-0.0088117, 0.0051201]?"""
    assert_printed("db1", grads.db1)


# §9 update

def test_updated_output_weights_match_article(new_params):
    """Is W2_new = [0.3058745, -0.1920204]?"""
    assert_printed("W2_new", new_params.W2)


def test_updated_output_bias_matches_article(new_params):
    """Is b2_new = 0.1117489?"""
    assert_printed("b2_new", new_params.b2)


def test_updated_hidden_weights_match_article(new_params):
    """Is W1_new as printed in §9?"""
    assert_printed("W1_new", new_params.W1)


def test_updated_hidden_biases_match_article(new_params):
    """Is b1_new = [0.0008812, -0.0005120]?"""
    assert_printed("b1_new", new_params.b1)


# §10 new forward pass

def test_new_hidden_preactivation_matches_article(new_fwd):
    """Is z1_new = [0.00198, 0.74885]?"""
    assert_printed("z1_new", new_fwd.z1)


def test_new_hidden_activation_matches_article(new_fwd):
    """Is a1_new = [0.5005, 0.6789]?"""
    assert_printed("a1_new", new_fwd.a1)


def test_new_output_preactivation_matches_article(new_fwd):
    """Is z2_new = 0.13447?"""
    assert_printed("z2_new", new_fwd.z2)


def test_new_output_matches_article(new_fwd):
    """Is y_new = 0.53357?"""
    assert_printed("y_new", new_fwd.y)


def test_new_loss_matches_article(new_fwd):
    """Is L_new = 0.10878, below the first loss?"""
    assert_printed("L_new", nnlib.loss(new_fwd.y, t))


def test_every_printed_value_has_a_ledger_test():
    """Does this file test every value the article prints?"""
    source = open(__file__, encoding="utf-8").read()
    untested = [n for n in nnlib.PRINTED if f'"{n}"' not in source]
    assert not untested, f"no ledger test for {untested}"


def test_tolerance_is_half_a_unit_in_the_last_digit():
    """Is the tolerance of 0.6791787 5e-8, of 0.5 0.05, of 0.75 0.005?"""
    _, atol_a1 = printed("a1")
    np.testing.assert_array_equal(atol_a1, [[0.05], [5e-8]])
    _, atol_z1 = printed("z1")
    np.testing.assert_array_equal(atol_z1, [[0.05], [0.005]])
