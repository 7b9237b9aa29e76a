"""Bad input gets a clear error that names the argument and the fix."""

import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import nnlib
from nnlib import ARTICLE

x, t, eta, P = ARTICLE


def test_wrong_input_length_names_x_and_the_shapes_expected():
    """Does x of shape (3,) name x and the shapes (2,)/(2, 1)/(2, N)?"""
    with pytest.raises(ValueError) as err:
        nnlib.forward(P, [1.0, 0.5, 2.0])
    msg = str(err.value)
    assert "x has shape (3,)" in msg
    assert "(2,) or (2, 1)" in msg and "(2, N)" in msg


def test_row_vector_input_is_not_broadcast_into_a_batch():
    """Is x of shape (1, 2), a row, refused rather than broadcast?"""
    with pytest.raises(ValueError, match=r"x has shape \(1, 2\)"):
        nnlib.forward(P, [[1.0, 0.5]])


def test_mismatched_weights_name_W2_and_the_shape_it_needs():
    """Does W2 with 3 columns for 2 hidden neurons say (1, 2)?"""
    with pytest.raises(ValueError, match=r"W2 .* \(1, 2\)"):
        nnlib.params(P.W1, P.b1, [[0.3, -0.2, 0.1]], P.b2)


def test_wrong_bias_shape_names_b1():
    """Does b1 of shape (3, 1) name b1 and the expected (2,)/(2, 1)?"""
    with pytest.raises(ValueError, match=r"b1 has shape \(3, 1\).*\(2,\)"):
        nnlib.params(P.W1, np.zeros((3, 1)), P.W2, P.b2)


def test_one_dimensional_W1_is_refused():
    """Is a flat W1 refused with the (n_hidden, n_in) layout named?"""
    with pytest.raises(ValueError, match=r"W1 .*\(n_hidden, n_in\)"):
        nnlib.params([0.2, -0.4, 0.7, 0.1], P.b1, P.W2, P.b2)


def test_target_that_does_not_match_the_output_is_refused():
    """Does t with 2 entries for 1 output name t and y's shape?"""
    with pytest.raises(ValueError, match=r"^t has shape \(2,\)"):
        nnlib.backward(P, x, [1.0, 0.0])


def test_batch_target_with_wrong_sample_count_is_refused():
    """Do 3 samples with 2 targets give an error naming both shapes?"""
    X = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"t has shape \(1, 2\).*\(1, 3\)"):
        nnlib.backward(P, X, np.ones((1, 2)))


def test_loss_refuses_output_and_target_of_different_shapes():
    """Does loss(y (1, 4), t (4,)) explain the column layout?"""
    with pytest.raises(ValueError, match=r"y has shape \(1, 4\).*t has"):
        nnlib.loss(np.ones((1, 4)), np.ones(4))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_names_the_argument_and_index(bad):
    """Does a NaN or infinity in x name x, what it is, and where?"""
    with pytest.raises(ValueError, match=r"x contains .* at index \(1,\)"):
        nnlib.forward(P, [1.0, bad])


def test_nan_in_a_weight_names_that_weight():
    """Does a NaN in W2 name W2?"""
    with pytest.raises(ValueError, match="^W2 contains NaN"):
        nnlib.params(P.W1, P.b1, [[np.nan, 0.1]], P.b2)


@pytest.mark.parametrize("bad", ["0.5", None, [["a", "b"]], {"x": 1},
                                 [True, False]])
def test_non_numeric_input_is_a_type_error_naming_x(bad):
    """Do text, None, dicts and booleans raise TypeError naming x?"""
    with pytest.raises(TypeError, match="^x "):
        nnlib.forward(P, bad)


def test_ragged_lists_are_a_type_error():
    """Does a ragged nested list say rows must have equal lengths?"""
    with pytest.raises(TypeError, match="same length"):
        nnlib.params([[0.2, -0.4], [0.7]], P.b1, P.W2, P.b2)


def test_integer_arrays_are_computed_in_float64():
    """Do integer inputs give the same result as their float64 copies?"""
    W1 = np.array([[1, -2], [3, 1]])
    p_int = nnlib.params(W1, [0, 0], [[1, -1]], [0])
    p_float = nnlib.params(W1.astype(float), [0.0, 0.0], [[1.0, -1.0]],
                           [0.0])
    x_int = np.array([1, 2])
    g_int = nnlib.backward(p_int, x_int, 1)
    g_float = nnlib.backward(p_float, x_int.astype(float), 1.0)
    assert g_int.dW1.dtype == np.float64
    for a, b in zip(g_int, g_float, strict=True):
        np.testing.assert_array_equal(a, b)
    # an update of an integer weight is not truncated back to an integer
    new = nnlib.update(p_int, g_int, 0.1)
    assert new.W1.dtype == np.float64
    assert not np.array_equal(new.W1, np.round(new.W1))


@pytest.mark.parametrize("bad_eta", [0, -0.1, np.nan, "0.1", None, True])
def test_bad_learning_rate_is_refused_with_its_name(bad_eta):
    """Is eta <= 0, NaN, text, None or a bool refused, naming eta?"""
    g = nnlib.backward(P, x, t)
    with pytest.raises((ValueError, TypeError), match="eta"):
        nnlib.update(P, g, bad_eta)


def test_gradient_of_wrong_shape_is_refused_by_update():
    """Does update refuse a dW1 whose shape is not W1's?"""
    g = nnlib.backward(P, x, t)
    bad = g._replace(dW1=g.dW1.T.reshape(4))
    with pytest.raises(ValueError, match=r"dW1 has shape \(4,\)"):
        nnlib.update(P, bad, eta)


def test_update_names_a_missing_gradient():
    """Does update say which gradient it could not find?"""
    with pytest.raises(TypeError, match="no dW1"):
        nnlib.update(P, object(), eta)


def test_params_must_be_params():
    """Does passing a dict for params say what is expected?"""
    with pytest.raises(TypeError, match="nnlib.Params"):
        nnlib.forward({"W1": P.W1}, x)


def test_no_function_mutates_its_inputs():
    """Are x, t and every parameter unchanged after a full step?"""
    x0 = np.array([[1.0], [0.5]])
    t0 = np.array([[1.0]])
    p0 = nnlib.Params(np.array([[0.2, -0.4], [0.7, 0.1]]),
                      np.zeros((2, 1)), np.array([[0.3, -0.2]]),
                      np.array([[0.1]]))
    copies = [a.copy() for a in (x0, t0, *p0)]
    g = nnlib.backward(p0, x0, t0)
    nnlib.update(p0, g, 0.1)
    nnlib.loss(nnlib.forward(p0, x0).y, t0)
    for before, after in zip(copies, (x0, t0, *p0), strict=True):
        np.testing.assert_array_equal(before, after)


def test_article_constants_are_read_only():
    """Can a notebook cell accidentally overwrite ARTICLE's W1?"""
    with pytest.raises(ValueError, match="read-only"):
        ARTICLE.params.W1[0, 0] = 5.0


def test_overflowing_product_names_the_inputs_to_scale_down():
    """Do huge finite x and W1 give one clear error, and no warning?"""
    big = nnlib.params([[1e300, 1e300], [1.0, 1.0]], [0, 0], [[1, 1]], [0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow warning fails
        with pytest.raises(ValueError, match="z1 overflowed.*x, W1 and b1"):
            nnlib.forward(big, [1e300, 1e300])


def test_number_too_large_for_float64_is_named():
    """Does sigmoid(10**400), a Python int, say it is too large?"""
    with pytest.raises(ValueError, match="z holds a number too large"):
        nnlib.sigmoid(10**400)


def test_fractions_and_decimals_are_read_as_floats():
    """Do Fraction(1, 2) and Decimal("0.75") work like 0.5 and 0.75?"""
    assert nnlib.sigmoid(Fraction(3, 4)) == nnlib.sigmoid(0.75)
    assert nnlib.sigmoid(Decimal("0.75")) == nnlib.sigmoid(0.75)


def test_infinity_hint_is_not_about_nan():
    """Does an infinity get an overflow hint rather than a NaN one?"""
    with pytest.raises(ValueError) as err:
        nnlib.forward(P, [1.0, np.inf])
    assert "overflowed" in str(err.value) and "NaN" not in str(err.value)
