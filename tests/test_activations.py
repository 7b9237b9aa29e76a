"""Activations and their derivatives, against independent formulas."""

import warnings

import numpy as np
import pytest

import nnlib
from nnlib import activations as act

Z = np.linspace(-6, 6, 25)


def test_sigmoid_matches_the_textbook_formula():
    """Is sigmoid(z) = 1 / (1 + exp(-z)) where that formula is safe?"""
    np.testing.assert_allclose(nnlib.sigmoid(Z), 1 / (1 + np.exp(-Z)),
                               rtol=1e-15)


def test_sigmoid_of_article_value():
    """Is sigmoid(0.75) = 0.6791787 (article §5 step 2)?"""
    assert nnlib.sigmoid(0.75) == pytest.approx(0.6791787, abs=5e-8)


@pytest.mark.parametrize("z", [-1e308, -800.0, -710.0, 710.0, 1e308])
def test_sigmoid_gives_no_overflow_warning_for_finite_input(z):
    """Does sigmoid stay silent (and finite) at extreme finite inputs?"""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = nnlib.sigmoid(np.array([z]))
    assert np.all(np.isfinite(s))


def test_sigmoid_is_exact_at_the_ends():
    """Is sigmoid exactly 1 far right, exactly 0.5 at 0, tiny far left?"""
    assert nnlib.sigmoid(40.0) == 1.0
    assert nnlib.sigmoid(0.0) == 0.5
    assert nnlib.sigmoid(-800.0) == 0.0
    # far left it keeps its relative precision: sigmoid(z) ~ exp(z)
    assert nnlib.sigmoid(-30.0) == pytest.approx(np.exp(-30.0), rel=1e-12)


def test_sigmoid_is_symmetric():
    """Is sigmoid(-z) = 1 - sigmoid(z)?"""
    np.testing.assert_allclose(nnlib.sigmoid(-Z), 1 - nnlib.sigmoid(Z),
                               atol=1e-16)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_derivative_from_z_matches_finite_differences(name):
    """Does f'(z) match the centred difference of f away from kinks?"""
    f, fz, _ = act.get_activation(name)
    z = Z[np.abs(Z) > 0.1]
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(fz(z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_derivative_from_a_equals_derivative_from_z(name):
    """Do f'_from_a(f(z)) and f'_from_z(z) agree for every z?"""
    f, fz, fa = act.get_activation(name)
    np.testing.assert_allclose(fa(f(Z)), fz(Z), atol=1e-15)


def test_mixing_up_z_and_a_gives_a_different_number():
    """Is sigmoid_prime_from_z(a) wrong for a = sigmoid(z)? (§14.2)"""
    a = nnlib.sigmoid(0.75)
    right = nnlib.sigmoid_prime_from_a(a)
    assert nnlib.sigmoid_prime_from_z(a) != pytest.approx(right, abs=1e-3)


def test_derivative_from_a_rejects_values_that_are_not_activations():
    """Does sigmoid_prime_from_a(2.0) say it wanted an activation?"""
    with pytest.raises(ValueError, match="sigmoid_prime_from_z"):
        nnlib.sigmoid_prime_from_a(2.0)
    with pytest.raises(ValueError, match="tanh_prime_from_z"):
        nnlib.tanh_prime_from_a(-1.5)
    with pytest.raises(ValueError, match="relu_prime_from_z"):
        nnlib.relu_prime_from_a(-0.1)


def test_relu_derivative_is_zero_at_the_kink():
    """Is relu'(0) taken as 0, the convention the gradient check flags?"""
    assert nnlib.relu_prime_from_z(0.0) == 0.0


def test_unknown_activation_names_the_supported_ones():
    """Does an unknown name list sigmoid, tanh and relu?"""
    with pytest.raises(ValueError, match="'sigmoid', 'tanh', 'relu'"):
        act.get_activation("softplus")


def test_activations_do_not_mutate_their_input():
    """Is the caller's array unchanged after every function?"""
    z = Z.copy()
    for f, fz, _ in act.ACTIVATIONS.values():
        f(z)
        fz(z)
    np.testing.assert_array_equal(z, Z)
