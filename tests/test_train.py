"""Training, nnlib.train.fit, and the data sets of nnlib.datasets.

fit is checked against a loop written here with the public, checked
nnlib.mlp functions; the XOR facts (seed 0 converges, seeds 1 and 4 get
stuck) and the digits accuracy come from running the training.
"""

import numpy as np
import pytest

from nnlib import datasets, mlp, train
from nnlib.__main__ import main

XOR_X, XOR_T = datasets.xor()


def _xor_run(seed, epochs=5000):
    net = mlp.init_mlp((2, 2, 1), "sigmoid", seed=seed)
    result = train.fit(net, XOR_X, XOR_T, eta=2.0, epochs=epochs)
    return result, mlp.predict(result.net, XOR_X)


def test_xor_seed_0_converges():
    """Does the 2-2-1 sigmoid network learn XOR from seed 0?"""
    result, y = _xor_run(0)
    np.testing.assert_array_equal(y > 0.5, XOR_T > 0.5)
    assert result.loss[-1] < 1e-3
    assert np.all(np.diff(result.loss) < 0)  # full batch, small steps


@pytest.mark.parametrize("seed", [1, 4])
def test_xor_some_seeds_get_stuck(seed):
    """Do seeds 1 and 4 stall with some outputs stuck near 0.5 or 2/3?"""
    result, y = _xor_run(seed)
    assert np.any((y > 0.5) != (XOR_T > 0.5))
    assert result.loss[-1] > 0.06
    # a plateau: the last 2000 epochs gained less than 1% of the loss
    assert result.loss[-1] > 0.99 * result.loss[3000]


def _manual_fit(net, X, T, eta, epochs, batch_size, seed):
    """The training loop, with the checked public functions."""
    rng = np.random.default_rng(seed)
    N = X.shape[1]
    history = [mlp.loss_of(net, X, T)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            cols = order[start:start + batch_size]
            g = mlp.backward(net, X[:, cols], T[:, cols])
            net = mlp.update(net, g, eta)
        history.append(mlp.loss_of(net, X, T))
    return net, history


def test_fit_equals_a_hand_written_minibatch_loop():
    """Is fit the seeded shuffle-and-step loop, number for number?"""
    rng = np.random.default_rng(3)
    X, T = rng.normal(size=(3, 23)), rng.uniform(size=(2, 23))
    net = mlp.init_mlp((3, 5, 2), ["relu", "sigmoid"], seed=1)
    got = train.fit(net, X, T, eta=0.3, epochs=4, batch_size=5, seed=9)
    want_net, want_loss = _manual_fit(net, X, T, 0.3, 4, 5, seed=9)
    np.testing.assert_array_equal(got.loss, want_loss)
    for a, b in zip(got.net.W, want_net.W, strict=True):
        np.testing.assert_array_equal(a, b)


def test_fit_leaves_the_network_passed_in_alone():
    """Is the caller's network unchanged after training?"""
    net = mlp.init_mlp((2, 3, 1), "relu", seed=4)
    before = [a.copy() for a in net.W + net.b]
    result = train.fit(net, XOR_X, XOR_T, eta=0.5, epochs=3, batch_size=2)
    for a, b in zip(net.W + net.b, before, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(result.net.W[0], net.W[0])


def test_full_batch_is_plain_gradient_descent():
    """With batch_size None, is each epoch one step on all samples?"""
    net = mlp.init_mlp((2, 3, 1), "tanh", seed=2)
    got = train.fit(net, XOR_X, XOR_T, eta=0.5, epochs=3)
    want = net
    for _ in range(3):
        want = mlp.update(want, mlp.backward(want, XOR_X, XOR_T), 0.5)
    for a, b in zip(got.net.W, want.W, strict=True):
        np.testing.assert_array_equal(a, b)
    assert got.loss.shape == (4,)
    assert got.loss[0] == mlp.loss_of(net, XOR_X, XOR_T)


def test_same_seed_same_run_other_seed_other_run():
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(2, 30)), rng.uniform(size=(1, 30))
    net = mlp.init_mlp((2, 4, 1), "sigmoid", seed=0)
    a = train.fit(net, X, T, eta=0.5, epochs=3, batch_size=4, seed=1)
    b = train.fit(net, X, T, eta=0.5, epochs=3, batch_size=4, seed=1)
    c = train.fit(net, X, T, eta=0.5, epochs=3, batch_size=4, seed=2)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert not np.array_equal(a.loss, c.loss)


def test_zero_epochs_returns_the_network_and_its_loss():
    net = mlp.init_mlp((2, 2, 1), seed=0)
    result = train.fit(net, XOR_X, XOR_T, eta=1.0, epochs=0)
    np.testing.assert_array_equal(result.net.W[0], net.W[0])
    assert result.loss.tolist() == [mlp.loss_of(net, XOR_X, XOR_T)]


def test_silent_without_progress_bar_with(capsys):
    """Does fit print nothing, unless progress=True shows a bar?"""
    net = mlp.init_mlp((2, 2, 1), seed=0)
    train.fit(net, XOR_X, XOR_T, eta=1.0, epochs=5)
    assert capsys.readouterr() == ("", "")
    train.fit(net, XOR_X, XOR_T, eta=1.0, epochs=5, progress=True)
    err = capsys.readouterr().err
    assert "5/5" in err and "loss=" in err


@pytest.mark.parametrize("kwargs, error, match", [
    ({"eta": 0.0}, ValueError, "eta is 0.0; expected a positive"),
    ({"epochs": -1}, ValueError, "epochs is -1; expected at least 0"),
    ({"epochs": 2.5}, TypeError, "epochs is 2.5; expected a whole"),
    ({"batch_size": 0}, ValueError, "batch_size is 0; expected between "
     "1 and 4"),
    ({"batch_size": 5}, ValueError, "batch_size is 5"),
])
def test_bad_training_arguments(kwargs, error, match):
    args = {"eta": 1.0, "epochs": 1, **kwargs}
    net = mlp.init_mlp((2, 2, 1), seed=0)
    with pytest.raises(error, match=match):
        train.fit(net, XOR_X, XOR_T, **args)


def test_fit_checks_targets():
    net = mlp.init_mlp((2, 2, 1), seed=0)
    with pytest.raises(ValueError, match=r"t has shape \(2, 4\)"):
        train.fit(net, XOR_X, np.vstack([XOR_T, XOR_T]), eta=1.0,
                  epochs=1)


def test_accuracy_counts_argmax_hits():
    """Is accuracy the share of columns whose largest output is right?"""
    W = np.array([[1.0, 0.0], [0.0, 1.0]])  # output i follows input i
    net = mlp.make_mlp([W], [np.zeros(2)], "sigmoid")
    X = np.array([[2.0, 0.0, 1.0, 0.0], [0.0, 3.0, 0.0, 1.0]])
    assert train.accuracy(net, X, [0, 1, 1, 1]) == 0.75
    with pytest.raises(ValueError, match=r"labels has shape \(3,\)"):
        train.accuracy(net, X, [0, 1, 1])


# --------------------------------------------------------------- data

def test_xor_data():
    X, T = datasets.xor()
    assert X.shape == (2, 4) and T.shape == (1, 4)
    np.testing.assert_array_equal(T[0], np.logical_xor(X[0], X[1]))


def test_digits_split_is_seeded_disjoint_and_one_hot():
    d = datasets.digits(seed=0)
    assert d.x_train.shape == (64, 1348) and d.x_test.shape == (64, 449)
    assert d.x_train.min() >= 0 and d.x_train.max() <= 1
    np.testing.assert_array_equal(np.argmax(d.t_train, axis=0),
                                  d.labels_train)
    np.testing.assert_array_equal(d.t_test.sum(axis=0), 1.0)
    again, other = datasets.digits(seed=0), datasets.digits(seed=1)
    np.testing.assert_array_equal(again.x_test, d.x_test)
    assert not np.array_equal(other.labels_test, d.labels_test)
    # no image is in both sets (the bundled set has no exact duplicates
    # between these two halves)
    train_rows = {c.tobytes() for c in d.x_train.T}
    assert not any(c.tobytes() in train_rows for c in d.x_test.T)


def test_one_hot_rejects_bad_labels():
    with pytest.raises(ValueError, match="labels run from 0 to 10"):
        datasets.one_hot(np.array([0, 10]), 10)


def test_digits_network_reaches_95_percent(capsys):
    """Does `python -m nnlib digits` reach 95% test accuracy?"""
    assert main(["digits"]) == 0
    out = capsys.readouterr().out
    line = next(s for s in out.splitlines() if s.startswith("test accuracy"))
    percent = float(line.split()[2].rstrip("%"))
    assert percent >= 95.0, out
    assert "64-32-10 sigmoid network" in out


def test_xor_command_tells_learned_from_stuck(capsys):
    """Does `python -m nnlib xor` say which seeds learn XOR?"""
    assert main(["xor", "--seed", "0"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "learned XOR"
    assert main(["xor", "--seed", "4", "--epochs", "3000"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("stuck")


def test_digits_command_reports_bad_options(capsys):
    assert main(["digits", "--eta", "-1"]) == 2
    assert "eta is -1.0" in capsys.readouterr().err


def test_accuracy_refuses_labels_that_are_not_classes():
    """Do float labels, or a class beyond the outputs, get an error?"""
    net = mlp.init_mlp((2, 2, 2), seed=0)
    x = np.zeros((2, 4))
    for bad in ([5, 1, 0, 1], [0.5, 1.0, 0.0, 1.0]):
        with pytest.raises(ValueError, match="whole-number classes 0 to 1"):
            train.accuracy(net, x, bad)


@pytest.mark.parametrize("seed, error", [("a", TypeError),
                                         (-1, ValueError),
                                         (1.5, TypeError)])
def test_bad_seed_is_named(seed, error):
    """Does init_mlp name the seed and what it expects?"""
    with pytest.raises(error, match="seed is"):
        mlp.init_mlp((2, 2, 1), seed=seed)


def test_divergence_stops_with_a_clear_error():
    """Does a relu network at an absurd rate stop, naming eta, quietly?"""
    import warnings

    # a step of 1e200 sends the relu weights to infinity, and the
    # loss to NaN (inf * 0) on the next forward pass
    net = mlp.init_mlp((2, 8, 1), ["relu", "sigmoid"], seed=0)
    x, t = datasets.xor()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warnings
        with pytest.raises(FloatingPointError,
                           match="diverged at epoch 1.*lower eta"):
            train.fit(net, x, t, eta=1e200, epochs=5)
