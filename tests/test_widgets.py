"""The explorers' logic, tested without a browser.

Reference values come from the article (``nnlib.printed``) or from an
independent computation (scalar formulas with ``math.exp``, finite
differences), never from the function under test.
"""

import contextlib
import io
import math
from decimal import Decimal

import numpy as np
import pytest

import nnlib
from nnlib import widgets

SPECS = {s.name: s for s in widgets.NETWORK_SPECS}


def _close(actual, name, err_msg=None):
    expected, atol = nnlib.printed(name)
    actual = np.reshape(actual, np.shape(expected))
    # half a unit in each entry's last printed digit
    assert np.all(np.abs(actual - expected) <= atol), (
        f"{err_msg or name}: {actual} against the article's {expected}")


def _by_hand(v):
    """The 2-2-1 forward pass with scalar formulas, as on paper."""
    def s(z):
        return 1.0 / (1.0 + math.exp(-z))

    z11 = v["W1_11"] * v["x1"] + v["W1_12"] * v["x2"] + v["b1_1"]
    z12 = v["W1_21"] * v["x1"] + v["W1_22"] * v["x2"] + v["b1_2"]
    a11, a12 = s(z11), s(z12)
    z2 = v["W2_11"] * a11 + v["W2_12"] * a12 + v["b2"]
    y = s(z2)
    return (z11, z12), (a11, a12), z2, y, 0.5 * (y - v["t"]) ** 2


OTHER = {"x1": -0.35, "x2": 1.4, "W1_11": 0.85, "W1_12": -1.2,
         "W1_21": -0.05, "W1_22": 0.6, "b1_1": 0.3, "b1_2": -0.75,
         "W2_11": -1.1, "W2_12": 1.65, "b2": -0.4, "t": 0.27}


# ------------------------------------------------------------ the grid

@pytest.mark.parametrize("spec", widgets.NETWORK_SPECS,
                         ids=lambda s: s.name)
def test_article_value_is_a_grid_point_reached_exactly(spec):
    """Does some slider position k give exactly the article's float?"""
    k = round((spec.value - float(spec.min)) / float(spec.step))
    assert 0 <= k <= widgets.grid_size(spec)
    assert widgets.grid_value(spec, k) == spec.value
    # what a slider's binary arithmetic reports, snapped before use
    raw = float(spec.min) + k * float(spec.step)
    assert widgets.snap(spec, raw) == spec.value
    assert widgets.snap(spec, spec.value) == spec.value


def test_article_starting_values_are_the_articles():
    """Do the sliders start at x, W1, b1, W2, b2 and t of article §4?"""
    p, x, t = widgets.network()
    for ours, theirs in zip(p, nnlib.ARTICLE.params, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(x, nnlib.ARTICLE.x)
    np.testing.assert_array_equal(t, nnlib.ARTICLE.t)
    assert [SPECS["W1_11"].value, SPECS["W1_12"].value] == [0.2, -0.4]
    assert SPECS["W2_11"].value == 0.3 and SPECS["b2"].value == 0.1


def test_every_grid_point_snaps_to_its_decimal():
    """Does each binary min + k*step snap to the decimal grid point?"""
    for spec in widgets.NETWORK_SPECS:
        for k in range(widgets.grid_size(spec) + 1):
            raw = float(spec.min) + k * float(spec.step)
            exact = float(Decimal(spec.min) + k * Decimal(spec.step))
            assert widgets.snap(spec, raw) == exact, (spec.name, k)


def test_snap_clips_to_the_range_and_rejects_nan():
    """Is a value outside the slider clipped, and NaN refused by name?"""
    spec = SPECS["W1_11"]
    assert widgets.snap(spec, 99.0) == 2.0
    assert widgets.snap(spec, -99.0) == -2.0
    with pytest.raises(ValueError, match="W1_11"):
        widgets.snap(spec, float("nan"))
    with pytest.raises(ValueError, match="grid points"):
        widgets.grid_value(spec, 10_000)


def test_bad_values_are_named():
    """Do unknown keys and non-numbers raise errors naming the key?"""
    with pytest.raises(ValueError, match="'W3'"):
        widgets.forward_view({"W3": 1.0})
    with pytest.raises(TypeError, match="'x1'"):
        widgets.forward_view({"x1": "one"})
    with pytest.raises(ValueError, match="'t'"):
        widgets.forward_view({"t": float("inf")})
    with pytest.raises(TypeError, match="dict"):
        widgets.forward_view([0.2, 0.3])


# ----------------------------------------------------- forward, backward

def test_forward_view_matches_article_section5():
    """Does the forward explorer's logic give the article's §5 values?"""
    view = widgets.forward_view()
    _close(view.z1, "z1")
    _close(view.a1, "a1")
    _close(view.z2, "z2")
    _close(view.y, "y")
    _close(view.L, "L")


def test_forward_view_matches_scalar_formulas_elsewhere():
    """Away from the article, does it agree with a hand computation?"""
    view = widgets.forward_view(OTHER)
    z1, a1, z2, y, L = _by_hand({**widgets.article_values(), **OTHER})
    np.testing.assert_allclose(view.z1, z1, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(view.a1, a1, rtol=1e-14)
    np.testing.assert_allclose([view.z2, view.y, view.L], [z2, y, L],
                               rtol=1e-13, atol=1e-15)


def test_backward_view_matches_article_section8():
    """Are delta2, delta1 and every gradient the article's §8 values?"""
    view = widgets.backward_view()
    g = view.grads
    _close(view.delta2, "delta2")
    _close(view.delta1, "delta1")
    _close([g["W2_11"], g["W2_12"]], "dW2")
    _close(g["b2"], "db2")
    _close([[g["W1_11"], g["W1_12"]], [g["W1_21"], g["W1_22"]]], "dW1")
    _close([g["b1_1"], g["b1_2"]], "db1")


@pytest.mark.parametrize("values", [None, OTHER], ids=["article", "other"])
def test_backward_view_gradients_match_finite_differences(values):
    """Does each gradient equal a centred difference of the loss?"""
    base = {**widgets.article_values(), **(values or {})}
    grads = widgets.backward_view(base).grads
    h = 1e-6
    for name in widgets.PARAMETER_NAMES:
        up = _by_hand({**base, name: base[name] + h})[4]
        down = _by_hand({**base, name: base[name] - h})[4]
        fd = (up - down) / (2 * h)
        assert grads[name] == pytest.approx(fd, rel=1e-6, abs=1e-10), name


def test_moves_follow_the_article_section11():
    """Since y < t, do W2 and b2 move up, and x-free weights not at all?"""
    moves = widgets.backward_view().moves
    assert moves["W2_11"] == moves["W2_12"] == moves["b2"] == "up"
    # delta1[1] < 0 and delta1[2] > 0 in §8
    assert moves["W1_11"] == "up" and moves["W1_21"] == "down"
    zero_input = widgets.backward_view({"x1": 0.0}).moves
    assert zero_input["W1_11"] == zero_input["W1_21"] == "stays"


def test_rows_show_seven_places():
    """Are the panel's numbers the article's seven decimals?"""
    rows = dict(widgets.forward_rows(widgets.forward_view()))
    assert rows["y"] == "0.5285101"
    assert rows["a1"] == "[0.5000000, 0.6791787]"


def test_network_svg_names_its_values():
    """Does the drawing carry y and the gradients it is meant to show?"""
    svg = widgets.network_svg(mode="forward")
    assert svg.startswith("<svg") and "y=0.5285" in svg
    svg = widgets.network_svg(mode="backward")
    assert "dW2[1,1]=-0.0587" in svg
    with pytest.raises(ValueError, match="mode"):
        widgets.network_svg(mode="sideways")


# ------------------------------------------------------------- wiring

@pytest.fixture
def quiet():
    """Capture stdout and stderr; the test asserts both stay empty."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err
    assert out.getvalue() == "" and err.getvalue() == ""


def test_forward_explorer_redraws_on_a_slider_move(quiet):
    """After a slider moves, does the table show nnlib's new y and L?"""
    explorer = widgets.forward_explorer()
    explorer.set(W2_11=0.35000000000000003)  # as a browser may send it
    expected = widgets.forward_rows(widgets.forward_view({"W2_11": 0.35}))
    table = explorer.widget.children[1].children[1].value
    for name, text in expected:
        assert f"nnlib-v-{name}'" in table and text in table, name
    assert "y=0.5347" in explorer.widget.children[1].children[0].value


def test_backward_explorer_redraws_on_a_slider_move(quiet):
    """Does the backward panel follow x1 to 0 (no gradient for W1[.,1])?"""
    explorer = widgets.backward_explorer().set(x1=0.0)
    table = explorer.widget.children[1].children[1].value
    assert "dW1'" in table and "[0.0000000, " in table


def test_explorer_refuses_unknown_control(quiet):
    """Does set() name the controls when given a wrong one?"""
    with pytest.raises(ValueError, match="W2_11"):
        widgets.forward_explorer().set(W9=1.0)


@pytest.mark.parametrize("make", [widgets.forward_explorer,
                                  widgets.backward_explorer])
def test_static_copy_is_deterministic_text_and_png(make, quiet):
    """Does the output carry the widget, a PNG and stable plain text?"""
    bundle = make()._repr_mimebundle_()
    again = make()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"]
    text = bundle["text/plain"]
    assert text == again["text/plain"]
    assert "0x" not in text and "<Figure" not in text
    assert max(len(line) for line in text.splitlines()) <= 79
    assert "y" in text and "0.5285101" in text


# ------------------------------------------------------------- sigmoid

@pytest.mark.parametrize("z", [-7.5, -1.0, 0.0, 0.75, 3.2])
def test_sigmoid_view_matches_the_formula(z):
    """Are sigma, its slope and the tangent the textbook formulas?"""
    view = widgets.sigmoid_view(z, depth=3)
    a = 1.0 / (1.0 + math.exp(-z))
    assert view.a == pytest.approx(a, rel=1e-15)
    assert view.slope == pytest.approx(a * (1 - a), rel=1e-14, abs=1e-17)
    assert view.slope <= 0.25
    # the tangent passes through (z, a) with that slope
    assert view.intercept + view.slope * z == pytest.approx(a, rel=1e-14)
    assert view.chain == pytest.approx(math.pow(a * (1 - a), 3), rel=1e-13)
    assert view.bound == 0.25 ** 3


def test_sigmoid_saturation_edge_is_one_percent_of_the_peak():
    """Is sigma' = 0.0025 at the edge, and saturation flagged beyond?"""
    edge = widgets.saturation_edge()
    a = 1.0 / (1.0 + math.exp(-edge))
    assert a * (1 - a) == pytest.approx(0.0025, rel=1e-12)
    assert widgets.sigmoid_view(edge + 0.01).saturated
    assert widgets.sigmoid_view(-edge - 0.01).saturated
    assert not widgets.sigmoid_view(edge - 0.01).saturated


def test_sigmoid_view_rejects_bad_depth_and_z():
    """Are a zero depth and a NaN z refused by name?"""
    with pytest.raises(ValueError, match="depth"):
        widgets.sigmoid_view(0.0, depth=0)
    with pytest.raises(ValueError, match="z"):
        widgets.sigmoid_view(float("nan"))


# ------------------------------------------------------- learning rate

def _descent(eta, steps, t):
    """Losses of plain gradient descent with the checked 2-2-1 code."""
    A = nnlib.ARTICLE
    T = np.array([[t]])
    p = A.params
    out = [nnlib.loss_of(p, A.x, T)]
    for _ in range(steps):
        p = nnlib.update(p, nnlib.backward(p, A.x, T), eta)
        out.append(nnlib.loss_of(p, A.x, T))
    return np.array(out)


def test_learning_rate_view_first_step_is_article_section10():
    """At eta = 0.1, is L 0.11115 before and 0.10878 after one step?"""
    view = widgets.learning_rate_view(eta=0.1, steps=1)
    _close(view.losses[0], "L")
    _close(view.losses[1], "L_new")


@pytest.mark.parametrize("eta, t", [(0.1, 1.0), (3.0, 0.6), (30.0, 0.6)])
def test_learning_rate_view_agrees_with_the_checked_network(eta, t):
    """Does the curve equal step-by-step nnlib.update on nnlib.network?"""
    view = widgets.learning_rate_view(eta=eta, steps=40, t=t)
    np.testing.assert_allclose(view.losses, _descent(eta, 40, t),
                               rtol=1e-10, atol=1e-300)


def test_learning_rate_verdicts():
    """Small eta falls; a large one overshoots t = 0.6 or never settles."""
    assert widgets.learning_rate_view(0.1, 50).verdict == \
        "falls every step"
    big = widgets.learning_rate_view(30.0, 100, t=0.6)
    reference = _descent(30.0, 100, 0.6)
    assert big.rises == int(np.sum(np.diff(reference) > 0)) > 0
    assert big.verdict == "overshoots"
    huge = widgets.learning_rate_view(100.0, 100, t=0.6)
    assert huge.losses[-1] > huge.losses[0]
    assert huge.verdict == "does not settle"


def test_eta_slider_reaches_the_articles_eta_exactly():
    """Does the log slider's grid point 10**-1 give exactly 0.1?"""
    spec = widgets.ETA_EXPONENT
    k = round((-1.0 - float(spec.min)) / float(spec.step))
    raw_exponent = float(spec.min) + k * float(spec.step)
    assert widgets.eta_from_slider(10 ** raw_exponent) == 0.1
    assert widgets.eta_from_slider(0.1) == 0.1
    assert widgets.eta_from_slider(0.10000000000000002) == 0.1
    with pytest.raises(ValueError, match="eta"):
        widgets.eta_from_slider(0.0)


def test_learning_rate_view_rejects_bad_steps():
    """Are 0 steps and a float step count refused?"""
    for steps in (0, 2.5, widgets.MAX_STEPS + 1):
        with pytest.raises(ValueError, match="steps"):
            widgets.learning_rate_view(0.1, steps)


# ----------------------------------------------------------- landscape

def test_landscape_view_at_the_article_point():
    """Are L and the gradient the article's, and the step -eta*grad?"""
    view = widgets.landscape_view(("W2_11", "W2_12"), eta=0.1)
    _close(view.L, "L")
    _close(view.gradient, "dW2")
    _close(view.landing, "W2_new")
    assert view.step == (-0.1 * view.gradient[0], -0.1 * view.gradient[1])
    after = _by_hand({**widgets.article_values(),
                      "W2_11": view.landing[0], "W2_12": view.landing[1]})
    assert view.L_after == pytest.approx(after[4], rel=1e-13)
    assert view.L_after < view.L


def test_landscape_grid_matches_hand_computation():
    """Do grid entries equal the loss worked with scalar formulas?"""
    a, b, L = widgets.landscape_grid(("W1_11", "b2"), points=7)
    assert L.shape == (7, 7) and a[0] == -2.0 and b[-1] == 2.0
    base = widgets.article_values()
    for j, i in [(0, 0), (3, 5), (6, 2)]:
        hand = _by_hand({**base, "W1_11": a[i], "b2": b[j]})[4]
        assert L[j, i] == pytest.approx(hand, rel=1e-13), (j, i)


def test_landscape_pairs_are_checked():
    """Are a repeated entry and an unknown one refused by name?"""
    with pytest.raises(ValueError, match="two different"):
        widgets.landscape_view(("W2_11", "W2_11"))
    with pytest.raises(ValueError, match="'W9'"):
        widgets.landscape_view(("W9", "b2"))


# -------------------------------------------------------- gradient check

def test_gradcheck_view_agrees_with_backprop_at_a_good_h():
    """At h = 1e-5, does the centred difference agree to ~1e-9?"""
    view = widgets.gradcheck_view(1e-5, "W1_11")
    expected, atol = nnlib.printed("dW1")
    assert abs(view.analytic - expected[0, 0]) <= atol[0, 0]
    assert view.rel_centred < 1e-8
    assert view.rel_one_sided < 1e-4


def test_gradcheck_truncation_orders():
    """One-sided error shrinks like h, centred like h**2 (large h)."""
    big = widgets.gradcheck_view(1e-2, "W2_11")
    small = widgets.gradcheck_view(1e-3, "W2_11")
    assert 5 < big.rel_one_sided / small.rel_one_sided < 20
    assert 50 < big.rel_centred / small.rel_centred < 200


def test_gradcheck_round_off_grows_for_tiny_h():
    """Is h = 1e-12 worse than h = 1e-5 for the centred difference?"""
    tiny = widgets.gradcheck_view(1e-12, "W1_11")
    good = widgets.gradcheck_view(1e-5, "W1_11")
    assert tiny.rel_centred > 100 * good.rel_centred


def test_relative_error_and_h_slider():
    """Is 0/0 a zero error, and does the h grid reach 1e-5 exactly?"""
    assert widgets.relative_error(0.0, 0.0) == 0.0
    assert widgets.relative_error(1.1, 1.0) == pytest.approx(0.1 / 1.1)
    spec = widgets.H_EXPONENT
    k = round((-5.0 - float(spec.min)) / float(spec.step))
    raw = float(spec.min) + k * float(spec.step)
    assert widgets.h_from_slider(10 ** raw) == 1e-5
    with pytest.raises(ValueError, match="h"):
        widgets.gradcheck_view(0.0)


# ------------------------------------------------- the plot explorers

def _table(explorer):
    return explorer.widget.children[1].children[1].value


@pytest.mark.parametrize("make, control, value, expected", [
    (widgets.sigmoid_explorer, "z", 2.0,
     lambda: widgets.sigmoid_rows(widgets.sigmoid_view(2.0))),
    (widgets.learning_rate_explorer, "steps", 10,
     lambda: widgets.learning_rate_rows(
         widgets.learning_rate_view(0.1, 10))),
    (widgets.landscape_explorer, "a", 0.5,
     lambda: widgets.landscape_rows(
         widgets.landscape_view(("W2_11", "W2_12"), (0.5, -0.2)))),
    (widgets.gradcheck_explorer, "h", 1e-5,
     lambda: widgets.gradcheck_rows(widgets.gradcheck_view(1e-5))),
], ids=["sigmoid", "learning-rate", "landscape", "gradcheck"])
def test_plot_explorers_redraw_on_a_control_move(
        make, control, value, expected, quiet):
    """After a control moves, do the table and picture follow?"""
    explorer = make()
    picture = explorer.widget.children[1].children[0]
    before = bytes(picture.value)
    explorer.set(**{control: value})
    table = _table(explorer)
    for name, text in expected():
        assert text in table, name
    assert bytes(picture.value) != before
    assert bytes(picture.value).startswith(b"\x89PNG")
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/png"] and "0x" not in bundle["text/plain"]


def test_landscape_dropdown_moves_its_sliders(quiet):
    """Picking W1[1,1] gives the first slider that label and 0.2."""
    explorer = widgets.landscape_explorer()
    explorer.set(first="W1_11")
    slider = explorer.controls["a"]
    assert slider.description == "W1[1,1]" and slider.value == 0.2
    assert "W1[1,1]=0.20" in _table(explorer)


def test_gradcheck_curve_equals_point_by_point_views():
    """Does the swept curve equal gradcheck_view at each h?"""
    hs, rc, ro = widgets.gradcheck_curve("b1_2", [-9.0, -5.0, -2.0])
    for h, c, o in zip(hs, rc, ro, strict=True):
        view = widgets.gradcheck_view(float(h), "b1_2")
        assert (c, o) == (view.rel_centred, view.rel_one_sided)


# ------------------------------------------------ predict, then reveal

@pytest.mark.parametrize("text, parsed", [
    ("0.53", "0.53"),
    (" [0.0, 0.75] ", ["0.0", "0.75"]),
    ("0 0.75", ["0", "0.75"]),
    ("[0.5, 0.6792]^T", ["0.5", "0.6792"]),
    ("[-0.0088, -0.0044; 0.0051, 0.0026]",
     [["-0.0088", "-0.0044"], ["0.0051", "0.0026"]]),
    ("   ", None),
])
def test_parse_prediction_keeps_the_digits_typed(text, parsed):
    """Is typed text read as the decimal strings the checker expects?"""
    assert widgets.parse_prediction(text) == parsed


def test_predict_view_scores_with_the_article_digits():
    """Is y = 0.5285 right, 0.5290 wrong, and the value then revealed?"""
    right = widgets.predict_view("y", "0.5285")
    assert right.status == "right"
    y, _ = nnlib.printed("y")
    assert right.revealed == f"{y[0, 0]:.7f}"
    wrong = widgets.predict_view("y", "0.5290")
    assert wrong.status == "wrong" and wrong.revealed == right.revealed
    # the feedback never gives the answer away
    assert "0.5285" not in wrong.feedback


def test_predict_view_names_a_known_mistake():
    """Does t - y for dL/dy come back as that named mistake?"""
    view = widgets.predict_view("dL_dy", "0.4715")
    assert view.status == "wrong"
    assert "t - y" in view.feedback


def test_predict_view_hides_the_value_until_a_prediction():
    """With nothing typed, or nonsense, is nothing revealed?"""
    assert widgets.predict_view("delta1", "").revealed is None
    bad = widgets.predict_view("delta1", "about 0.01")
    assert bad.status == "unreadable" and bad.revealed is None
    with pytest.raises(ValueError, match="'q'"):
        widgets.predict_view("q", "1")


def test_predict_explorer_reveals_only_after_a_prediction(quiet):
    """Does the panel hide nnlib's value until a prediction is scored?"""
    explorer = widgets.predict_explorer("delta2")
    table = explorer.widget.children[1]
    feedback = explorer.widget.children[2]
    key = widgets.predict_view("delta2", "0").revealed
    assert key not in table.value and feedback.outputs == ()
    explorer.set(prediction="-0.1175")
    assert key in table.value and "right" in table.value
    assert "delta2: right" in feedback.outputs[0]["text"]
    explorer.set(quantity="db1")  # a new question hides everything
    assert explorer.controls["prediction"].value == ""
    assert "hidden until you predict" in table.value
    assert feedback.outputs == ()
    text = explorer._repr_mimebundle_()["text/plain"]
    assert "db1" in text and "hidden" in text


# ------------------------------------------------ policy and placement

def test_expensive_explorers_update_on_release(quiet):
    """Do retraining/recomputing sliders wait for the release?"""
    for make, names in [
        (widgets.learning_rate_explorer, ("eta", "steps", "t")),
        (widgets.landscape_explorer, ("a", "b", "eta")),
        (widgets.gradcheck_explorer, ("h",)),
    ]:
        controls = make().controls
        for name in names:
            assert controls[name].continuous_update is False, name
    # the cheap ones follow the drag
    assert widgets.forward_explorer().controls["W1_11"].continuous_update


def test_every_explorer_is_placed_in_a_notebook():
    """Does some committed notebook show each of the seven explorers?"""
    import json
    from pathlib import Path

    sources = []
    for path in sorted(Path(__file__).parent.parent.glob(
            "notebooks/*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        sources += ["".join(c["source"]) for c in cells
                    if c["cell_type"] == "code"]
    text = "\n".join(sources)
    for name in ("forward_explorer", "backward_explorer",
                 "sigmoid_explorer", "learning_rate_explorer",
                 "landscape_explorer", "gradcheck_explorer",
                 "predict_explorer"):
        assert f"nnlib.widgets.{name}(" in text, name


@pytest.mark.parametrize("make, control, other, back, nudge", [
    (widgets.landscape_explorer, "first", "W1_11", "W2_11",
     ("eta", 1.0, 0.1)),
    (widgets.gradcheck_explorer, "entry", "b2", "W1_11",
     ("h", 1e-5, 1e-3)),
], ids=["landscape", "gradcheck"])
def test_a_recalled_background_gives_the_same_picture(
        make, control, other, back, nudge, quiet):
    """Going back to a pair/entry shown before: the very same pixels?

    Also after the kept pictures are dropped, when the axes must be
    redrawn for the pair shown, not the last one drawn.
    """
    explorer = make()
    picture = explorer.widget.children[1].children[0]
    first = bytes(picture.value)
    explorer.set(**{control: other})
    assert bytes(picture.value) != first
    explorer.set(**{control: back})
    assert bytes(picture.value) == first
    explorer.figure.forget()
    name, away, home = nudge
    explorer.set(**{name: away})
    explorer.set(**{name: home})
    assert bytes(picture.value) == first


@pytest.mark.parametrize("pair", [("W1_11", "b2"), ("b1_2", "W1_21"),
                                  ("W2_11", "W2_12")])
def test_landscape_grid_equals_the_2_2_1_reference_loss(pair):
    """Is every grid point the 2-2-1 reference's loss, bit for bit?"""
    a, b, L = widgets.landscape_grid(pair)
    for j in (0, len(b) // 2, len(b) - 1):
        for i in (0, len(a) // 3, len(a) - 1):
            p, x, t = widgets.network({pair[0]: a[i], pair[1]: b[j]})
            assert L[j, i] == nnlib.loss_of(p, x, t), (pair, i, j)
