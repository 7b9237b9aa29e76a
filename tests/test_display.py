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
        "z1 = [0.0, 0.75]\narticle: [0.0, 0.75]  "
        "✓ within half a unit in the last digit"
    )


def test_compare_flags_the_rounded_loss():
    """Does L from the rounded y = 0.5285 get flagged (0.11116)?"""
    line = compare("L", 0.5 * (0.5285 - 1.0) ** 2)
    assert not line.ok
    assert line.text.startswith("L = 0.11116\narticle: 0.11115  ✗")


def test_compare_matrix_layout():
    value, _ = nnlib.printed("dW1")
    line = compare("dW1", value, label="dL/dW1")
    assert line.text.startswith(
        "dL/dW1 = [-0.0088117, -0.0044058; 0.0051201, 0.0025600]")


def test_compare_lines_fit_79_columns():
    """Does every check line of every printed value fit 79 columns?

    The widest is W1_new (four 7-decimal entries); its verdict moves
    to a third line. A wrong value (negated) gets the longer verdict.
    """
    for name in nnlib.PRINTED:
        value, _ = nnlib.printed(name)
        for v in (value, -np.asarray(value) - 1.0):
            text = compare(name, v, label=f"d{name}").text
            assert max(len(s) for s in text.split("\n")) <= 79, text
    wide = compare("W1_new", nnlib.printed("W1_new")[0]).text
    assert wide.split("\n")[2] == "✓ within half a unit in the last digit"


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


def test_your_turn_none_is_not_tried():
    """Is an untouched answer (None) 'not tried', not wrong?"""
    from nnlib.display import your_turn

    fb = your_turn("z1", None, [[0.0], [0.75]])
    assert fb.status == "not tried" and "not tried yet" in repr(fb)


def test_your_turn_verdicts():
    """Right, rounded, flipped and misshapen answers get their verdict."""
    from nnlib.display import your_turn

    delta2, _ = nnlib.printed("delta2")  # -0.1174892
    assert your_turn("delta2", -0.1175, delta2).status == "correct"
    flipped = your_turn("delta2", 0.1174892, delta2)
    assert flipped.status == "wrong" and "sign is flipped" in flipped.text
    shape = your_turn("z1", [1.0, 2.0, 3.0], [[0.0], [0.75]])
    assert "expected 2, shape (2, 1)" in shape.text
    dW1, _ = nnlib.printed("dW1")
    assert "transposed" in your_turn("dW1", dW1.T + 0.01, dW1).text \
        or your_turn("dW1", dW1.T + 0.01, dW1).status == "wrong"
    assert your_turn("L", 0.1111, 0.11115).status == "correct"
    assert your_turn("L", 0.2, 0.11115).status == "wrong"


def test_check_step_uses_the_checker():
    """Does check_step give not-tried, right and named-mistake verdicts?"""
    from nnlib.display import check_step

    assert check_step("z1", None).status == "not tried"
    assert check_step("z1", [0.0, 0.75]).status == "correct"
    wrong = check_step("delta2", 0.1174892)  # t - y instead of y - t
    assert wrong.status == "wrong"
    assert "y - t" in wrong.text and "-0.1174892" not in wrong.text
    with pytest.raises(ValueError, match="not a step"):
        check_step("z3", 1.0)
