"""Independent checks of backpropagation: finite differences, descent.

The reference here is not nnlib's backward pass but the loss itself,
nudged one parameter entry at a time (centred differences, h = 1e-5).
"""

import numpy as np
import pytest

import nnlib
from nnlib import ARTICLE

H = 1e-5


def numerical_gradient(p, x, t, name):
    """Centred difference of the loss for every entry of one parameter."""
    theta = getattr(p, name)
    grad = np.zeros_like(theta)
    for idx in np.ndindex(theta.shape):
        plus, minus = theta.copy(), theta.copy()
        plus[idx] += H
        minus[idx] -= H
        L_plus = nnlib.loss_of(p._replace(**{name: plus}), x, t)
        L_minus = nnlib.loss_of(p._replace(**{name: minus}), x, t)
        grad[idx] = (L_plus - L_minus) / (2 * H)
    return grad


def relative_error(a, b):
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)


def random_problem(seed, n_in=2, n_hidden=2, n_out=1, N=1):
    # weights of size ~0.5 keep every sigmoid off its flat tails, where
    # gradients shrink below what a finite difference can resolve
    rng = np.random.default_rng(seed)
    s = 0.5
    p = nnlib.params(
        s * rng.normal(size=(n_hidden, n_in)),
        s * rng.normal(size=(n_hidden, 1)),
        s * rng.normal(size=(n_out, n_hidden)),
        s * rng.normal(size=(n_out, 1)),
    )
    x = rng.normal(size=(n_in, N))
    t = rng.uniform(size=(n_out, N))
    return p, x, t


PROBLEMS = {
    "article": (ARTICLE.params, ARTICLE.x, ARTICLE.t),
    "random 2-2-1": random_problem(1),
    "random 3-4-2": random_problem(2, 3, 4, 2),
    "batch of 5": random_problem(3, N=5),
}


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("name", ["W1", "b1", "W2", "b2"])
def test_backward_agrees_with_finite_differences(problem, name):
    """Does every gradient entry match the centred difference (< 1e-7)?"""
    p, x, t = PROBLEMS[problem]
    analytic = getattr(nnlib.backward(p, x, t), "d" + name)
    numeric = numerical_gradient(p, x, t, name)
    err = relative_error(analytic, numeric)
    assert err.max() < 1e-7, (
        f"d{name} on {problem}: worst relative error {err.max():.2e}"
    )


def test_one_update_lowers_the_loss():
    """Does one step of size eta = 0.1 lower the article's loss?"""
    x, t, eta, p = ARTICLE
    before = nnlib.loss_of(p, x, t)
    after = nnlib.loss_of(nnlib.update(p, nnlib.backward(p, x, t), eta),
                          x, t)
    assert after < before


def test_batch_gradient_is_the_mean_of_sample_gradients():
    """Is a batch's dW1 the mean of the per-sample dW1 (article §13)?"""
    p, X, T = PROBLEMS["batch of 5"]
    whole = nnlib.backward(p, X, T)
    for name in ["dW1", "db1", "dW2", "db2"]:
        per_sample = [
            getattr(nnlib.backward(p, X[:, [i]], T[:, [i]]), name)
            for i in range(X.shape[1])
        ]
        np.testing.assert_allclose(
            getattr(whole, name), np.mean(per_sample, axis=0),
            rtol=1e-13, atol=1e-16, err_msg=name,
        )


def test_batch_loss_is_the_mean_of_sample_losses():
    """Is the batch loss the mean of the per-sample half squared errors?"""
    p, X, T = PROBLEMS["batch of 5"]
    per_sample = [nnlib.loss_of(p, X[:, [i]], T[:, [i]]) for i in range(5)]
    assert nnlib.loss_of(p, X, T) == pytest.approx(np.mean(per_sample),
                                                   rel=1e-14)


def test_each_gradient_has_its_parameters_shape():
    """Does dW1 have W1's shape, db1 b1's shape, whatever shape b1 has?"""
    x, t, _, p = ARTICLE
    flat = nnlib.params(p.W1, [0.0, 0.0], p.W2, 0.1)
    for q in (p, flat):
        g = nnlib.backward(q, x, t)
        for name in ["W1", "b1", "W2", "b2"]:
            assert getattr(g, "d" + name).shape == getattr(q, name).shape


def test_one_dimensional_sample_gives_one_dimensional_values():
    """Does x of shape (2,) give z1 of shape (2,) with the same values?"""
    x, t, _, p = ARTICLE
    col = nnlib.forward(p, x)
    flat = nnlib.forward(p, x.ravel())
    assert flat.z1.shape == (2,) and col.z1.shape == (2, 1)
    np.testing.assert_array_equal(flat.y, col.y.ravel())
