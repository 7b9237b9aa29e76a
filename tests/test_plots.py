"""Tests for nnlib.plots: each drawing returns an Axes, writes the
article's numbers where it says it does, and prints nothing.

Expected labels are the article's printed values rounded to the
drawing's digits, not values taken from the code under test.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import nnlib  # noqa: E402
from nnlib import plots  # noqa: E402


def texts(ax):
    """Every text drawn on ``ax``: text artists, annotations, title."""
    found = [t.get_text() for t in ax.texts]
    found += [c.get_text() for c in ax.get_children()
              if hasattr(c, "get_text") and c not in ax.texts]
    found.append(ax.get_title())
    return " | ".join(found)


def legend_labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def article4(name, index=0):
    """The article's printed value of ``name`` rounded to 4 decimals."""
    value, _ = nnlib.printed(name)
    return f"{np.ravel(value)[index]:.4f}"


def test_forward_network_shows_article_values(capsys):
    """Does the forward drawing write z, a, y and L at 4 decimals?"""
    ax = plots.draw_network(mode="forward")
    assert isinstance(ax, Axes)
    drawn = texts(ax)
    for label in (
        f"a = {article4('a1', 1)}", f"z = {article4('z2')}",
        f"y = {article4('y')}",
        "W1[1,2] = -0.4000", "W2[1,1] = 0.3000", "b2[1] = 0.1000",
        "x2\n0.5000",
    ):
        assert label in drawn, f"missing {label!r} in {drawn!r}"
    # the article prints L to 5 decimals
    L_text = nnlib.PRINTED["L"][1]
    assert f"L = {L_text}" in texts(plots.draw_network(digits=5))
    assert capsys.readouterr() == ("", "")


def test_backward_network_shows_article_gradients(capsys):
    """Does the backward drawing write deltas, dW, db and dL/dy?"""
    ax = plots.draw_network(mode="backward", digits=7)
    drawn = texts(ax)
    for label in (
        f"δ = {nnlib.PRINTED['delta2'][1][0][0]}",
        f"δ = {nnlib.PRINTED['delta1'][1][1][0]}",
        f"dW2[1,2] = {nnlib.PRINTED['dW2'][1][0][1]}",
        f"dW1[1,2] = {nnlib.PRINTED['dW1'][1][0][1]}",
        f"db1[1] = {nnlib.PRINTED['db1'][1][0][0]}",
        f"dL/dy = {nnlib.PRINTED['dL_dy'][1][0][0]}",
    ):
        assert label in drawn, f"missing {label!r}"
    assert capsys.readouterr() == ("", "")


def test_weights_mode_shows_no_values():
    """Does the plain drawing leave the forward values out?"""
    drawn = texts(plots.draw_network(mode="weights"))
    assert "W1[2,1] = 0.7000" in drawn
    assert "a = " not in drawn and "L = " not in drawn


def test_network_draws_into_a_given_axes():
    """Is a caller's Axes used rather than a new one?"""
    ax = plots.new_axes()
    assert plots.draw_network(ax=ax) is ax


def test_network_other_sizes():
    """Does a 3-4-1 network draw 12 + 4 edge labels?"""
    rng = np.random.default_rng(0)
    p = nnlib.params(rng.normal(size=(4, 3)), np.zeros(4),
                     rng.normal(size=(1, 4)), [0.0])
    ax = plots.draw_network(p, x=[1.0, 2.0, 3.0], t=[1.0], mode="weights")
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith("W")]
    assert len(labels) == 16


def test_network_bad_mode_names_choices():
    """Does an unknown mode get a ValueError listing the modes?"""
    with pytest.raises(ValueError, match="weights, forward, backward"):
        plots.draw_network(mode="sideways")


def test_computation_graph_has_every_node(capsys):
    """Does the graph draw the chain x, z1, a1, z2, y, L and values?"""
    ax = plots.draw_computation_graph(values={"y": 0.5285101},
                                      gradients={"y": -0.4714899})
    drawn = texts(ax)
    for node in ("x", "z⁽¹⁾", "a⁽¹⁾", "z⁽²⁾", "y", "L", "W⁽¹⁾, b⁽¹⁾", "t"):
        assert node in drawn
    assert "0.5285" in drawn and "∂L/∂y = -0.4715" in drawn
    assert capsys.readouterr() == ("", "")


def test_computation_graph_rejects_unknown_node():
    with pytest.raises(ValueError, match="unknown node 'h'"):
        plots.draw_computation_graph(values={"h": 1.0})


def test_sigmoid_plot_curves_and_marks(capsys):
    """Are sigma and sigma' drawn and a mark labelled with sigma(z)?"""
    ax = plots.plot_sigmoid(marks={"z2": 0.1141643})
    assert legend_labels(ax) == ["σ(z)", "σ'(z) = σ(z)(1 − σ(z))"]
    # sigma'(0) is 0.25, the curve's top: an independent fact
    z, ds = ax.lines[1].get_data()
    assert np.isclose(ds.max(), 0.25, atol=1e-4)
    assert f"σ = {article4('y')}" in texts(ax)
    assert capsys.readouterr() == ("", "")


def test_sigmoid_plot_rejects_empty_range():
    with pytest.raises(ValueError, match="low < high"):
        plots.plot_sigmoid(z_range=(2, -2))


def test_loss_along_weight_slope_is_article_gradient():
    """Does the tangent carry the article's dL/dW2[1,1]?"""
    ax = plots.plot_loss_along_weight(name="W2", index=(0, 0))
    assert f"slope dL/dW2 = {article4('dW2')}" in " ".join(
        legend_labels(ax))
    # the curve passes through the article's loss at the current value
    xs, ys = ax.lines[0].get_data()
    i = np.argmin(np.abs(xs - 0.3))
    assert np.isclose(ys[i], 0.11115, atol=5e-6)


def test_loss_along_weight_bad_index():
    with pytest.raises(ValueError, match="outside W1"):
        plots.plot_loss_along_weight(name="W1", index=(5, 0))
    with pytest.raises(ValueError, match="expected one of W1"):
        plots.plot_loss_along_weight(name="W3")


def test_loss_curves_labels():
    ax = plots.plot_loss_curves({"eta 0.1": [3, 2, 1], "eta 1": [3, 1]},
                                log=True)
    assert legend_labels(ax) == ["eta 0.1", "eta 1"]
    assert ax.get_yscale() == "log"
    with pytest.raises(TypeError, match="non-empty dict"):
        plots.plot_loss_curves([1, 2, 3])


def test_decision_boundary_of_a_known_rule(capsys):
    """Is the 0.5 contour where a known rule x1 + x2 = 1 puts it?"""
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    T = np.array([0, 1, 1, 1])

    def rule(G):
        return 1 / (1 + np.exp(-20 * (G[0] + G[1] - 1)))

    ax = plots.plot_decision_boundary(rule, X, T, resolution=60)
    assert legend_labels(ax) == ["t = 0", "t = 1"]
    assert capsys.readouterr() == ("", "")
    with pytest.raises(ValueError, match=r"expected \(2, N\)"):
        plots.plot_decision_boundary(rule, X.T, T)
    with pytest.raises(ValueError, match="3 labels"):
        plots.plot_decision_boundary(rule, X, T[:3])


def test_gradient_norms_log_scale():
    ax = plots.plot_gradient_norms({"sigmoid": [1e-4, 1e-2, 1e-1]})
    assert ax.get_yscale() == "log"
    assert legend_labels(ax) == ["sigmoid"]


def test_plots_leave_pyplot_alone():
    """Do the drawings avoid pyplot, so nothing is shown by surprise?"""
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plots.draw_network()
    plots.plot_sigmoid()
    assert plt.get_fignums() == before


def test_step_size_errors_plot():
    """Is each curve drawn on log-log axes with its label?"""
    ax = plots.plot_step_size_errors([1e-2, 1e-4], {"centred": [1e-4, 0]})
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert legend_labels(ax) == ["centred"]
    # an exact zero is drawn at the floor, not dropped
    assert ax.lines[0].get_ydata()[1] == 1e-17
    with pytest.raises(ValueError, match="has 1 values but hs has 2"):
        plots.plot_step_size_errors([1e-2, 1e-4], {"c": [1.0]})
    with pytest.raises(ValueError, match="above 0"):
        plots.plot_step_size_errors([0.0], {"c": [1.0]})
