"""Tests for nnlib.display: the visible check against the article."""

import numpy as np
import pytest

import nnlib
from nnlib.display import compare, show


def test_compare_line_for_z1():
    """Does z1 show at the article's digits with a tick?"""
    line = compare("z1", np.array([[0.0], [0.75]]))
    assert line.ok
    assert repr(line) == (
        "z1 = [0.0, 0.75]  article: [0.0, 0.75]  "
        "✓ within half a unit in the last digit"
    )


def test_compare_flags_the_rounded_loss():
    """Does L from the rounded y = 0.5285 get flagged (0.11116)?"""
    line = compare("L", 0.5 * (0.5285 - 1.0) ** 2)
    assert not line.ok
    assert line.text.startswith("L = 0.11116  article: 0.11115  ✗")


def test_compare_matrix_layout():
    value, _ = nnlib.printed("dW1")
    line = compare("dW1", value, label="dL/dW1")
    assert line.text.startswith(
        "dL/dW1 = [-0.0088117, -0.0044058; 0.0051201, 0.0025600]")


def test_compare_a_wrong_sign_fails():
    value, _ = nnlib.printed("delta2")
    assert not compare("delta2", -value).ok


def test_compare_errors_name_the_problem():
    with pytest.raises(KeyError, match="no value named 'z3'"):
        compare("z3", 1.0)
    with pytest.raises(ValueError, match="the article prints 2"):
        compare("z1", [1.0, 2.0, 3.0])


def test_show_rejects_non_figures():
    with pytest.raises(TypeError, match="Figure or Axes"):
        show("picture")


def test_show_prints_nothing(capsys):
    from nnlib.plots import plot_sigmoid

    assert show(plot_sigmoid()) is None
    out = capsys.readouterr().out
    assert "Figure" not in out
