"""nnlib.check: steps judged in order, slips carried forward, mistakes named.

Every expected value comes from the article (nnlib.PRINTED) or from the
plain-numpy reference in tests/handwork.py, and every mistake's value is
its wrong formula written out there: nothing here is computed by the
code under test.
"""

import numpy as np
import pytest
from handwork import (
    BATCH_MISTAKE_VALUES,
    MISTAKE_VALUES,
    MORE_MISTAKE_VALUES,
    chain,
    inputs,
    text,
)

import nnlib
from nnlib.checks import MISTAKES, STEP_NAMES

SEEDS = (0, 1, 2, 3, 4, 5)
ARTICLE_REF = chain(inputs(nnlib.ARTICLE))


def problems():
    """The article (worked to 7 decimals) and generated problems (4)."""
    out = [("article", nnlib.ARTICLE, 7)]
    for seed in SEEDS:
        out.append((f"seed {seed}", nnlib.generate_problem(seed), 4))
    return out


def example_of(problem):
    return getattr(problem, "example", problem)


def all_answers(ref, digits=None):
    if digits is None:
        return {name: ref[name] for name in STEP_NAMES}
    return {name: text(ref[name], digits) for name in STEP_NAMES}


# ------------------------------------------------------------ the reference

def test_handwork_reference_reproduces_the_article():
    """Does the test's own numpy reference give every printed value?"""
    for name in STEP_NAMES:
        source = "y" if name == "y" else name
        value, atol = nnlib.printed(source)
        if name in ("z2_new", "y_new", "L_new", "a1_new", "z1_new"):
            atol = np.maximum(atol, 2e-5)  # §10 was worked from rounding
        mine = np.reshape(ARTICLE_REF[name], np.shape(value))
        assert np.all(np.abs(mine - value) <= atol), (name, mine, value)


# ---------------------------------------------------------- right answers

@pytest.mark.parametrize("digits", [3, 4, 5, 6, 7])
def test_correct_answers_written_to_3_to_7_digits_pass(digits):
    """Do right answers at 3..7 decimals pass, as text and as floats?"""
    for label, problem, _ in problems():
        ref = chain(inputs(example_of(problem)))
        as_text = nnlib.check(all_answers(ref, digits), problem)
        assert as_text.ok, f"{label}, {digits} digits:\n{as_text}"
        as_float = {k: np.round(np.asarray(v, float), digits)
                    for k, v in all_answers(ref).items()}
        report = nnlib.check(as_float, problem)
        assert report.ok, f"{label}, {digits} digits (floats):\n{report}"
        assert report.first_wrong is None


def test_machine_answers_pass_and_every_step_is_reported_in_order():
    """Do full-precision answers pass, reported in the article's order?"""
    answers = dict(reversed(list(all_answers(ARTICLE_REF).items())))
    report = nnlib.check(answers)
    assert report.ok
    assert [r.name for r in report] == list(STEP_NAMES)
    assert all(r.basis == "key" for r in report)


def test_the_articles_printed_values_pass():
    """Does every value the article prints, as printed, pass?"""
    answers = {name: nnlib.PRINTED[name][1] for name in STEP_NAMES
               if name in nnlib.PRINTED}
    answers["y"] = nnlib.PRINTED["y"][1]
    report = nnlib.check(answers)
    assert report.ok, str(report)


def test_article_loss_from_rounded_y_is_accepted_and_recognised():
    """Is L = 0.11116 (from y = 0.5285) accepted as worked from rounding?"""
    rounded = nnlib.check({"L": "0.11116"})["L"]
    assert rounded.status == "right"
    assert rounded.basis in ("printed", "rounded")
    assert "y" in rounded.note and "accepted" in rounded.note
    exact = nnlib.check({"L": "0.11115"})["L"]
    assert exact.status == "right" and exact.basis == "key"
    assert nnlib.check({"L": "0.11120"})["L"].status == "wrong"


def test_loss_from_the_learners_own_rounded_y_is_right():
    """Given y = 0.5285 and L = 0.11116, is L right from the learner's y?"""
    report = nnlib.check({"y": "0.5285", "L": "0.11116"})
    assert report.ok
    assert report["L"].basis == "own"


def rounded_work(i, digits, mistake=None):
    """A learner who writes each step to ``digits`` decimals and works on
    from the written value; ``mistake`` = (step, wrong formula) is made
    once, from the learner's own numbers (a change of shape ends it)."""
    written = {}
    for name in STEP_NAMES:
        r = chain(i, **written)
        value = r[name]
        if mistake is not None and mistake[0] == name:
            value = np.asarray(mistake[1](r))
            if value.shape != np.shape(r[name]):
                written[name] = np.round(value, digits)
                return written
        written[name] = (np.round(value, digits) if np.ndim(value)
                         else round(float(value), digits))
    return written


@pytest.mark.parametrize("digits", [3, 4, 5, 6, 7])
def test_hand_work_rounded_at_every_step_passes(digits):
    """Does a learner who rounds every step and works on from it pass?"""
    cases = problems() + [(f"batch {s}", nnlib.generate_problem(
        s, n_samples=3), 4) for s in (0, 1)]
    for label, problem, _ in cases:
        written = rounded_work(inputs(example_of(problem)), digits)
        for answers in ({k: text(v, digits) for k, v in written.items()},
                        written):
            report = nnlib.check(answers, problem)
            assert report.ok, f"{label}, {digits} digits:\n{report}"


@pytest.mark.parametrize("digits", [4, 7])
def test_one_mistake_in_rounded_hand_work_is_the_only_wrong_step(digits):
    """Is a mistake made once, then worked on, named and counted once?"""
    table = [(m, s, f) for m, (s, f) in MISTAKE_VALUES.items()]
    table += MORE_MISTAKE_VALUES
    for label, problem, _ in problems():
        i = inputs(example_of(problem))
        for mistake, step, wrong in table:
            written = rounded_work(i, digits, (step, wrong))
            answers = {k: text(v, digits) for k, v in written.items()}
            report = nnlib.check(answers, problem)
            assert report.wrong == [step], (label, mistake, report.wrong)
            assert mistake in report[step].mistake_keys, (label, mistake)


# ---------------------------------------------------------------- tolerance

def test_tolerance_is_half_a_unit_in_the_last_digit_written():
    """Is 0.5285 right to 4 decimals and 0.5286 wrong, as text or float?"""
    for value in ("0.5285", 0.5285, "0.529", 0.529, "0.52851", 0.5285101):
        assert nnlib.check({"y": value}).ok, value
    for value in ("0.5286", 0.5286, "0.52855", 0.5284, "0.5285200"):
        assert not nnlib.check({"y": value}).ok, value


def test_trailing_zeros_count_as_written_in_text():
    """Does "0.5000" demand four decimals where "0.5" demands one?"""
    assert nnlib.check({"a1": ["0.5", "0.7"]}).ok
    assert not nnlib.check({"a1": ["0.5000", "0.7000"]}).ok


def test_a_stated_tolerance_replaces_the_written_digits():
    """Does atol= decide, whatever the digits written?"""
    assert not nnlib.check({"y": 0.53}, atol=1e-4).ok
    assert nnlib.check({"y": 0.5286}, atol=2e-4).ok


def test_machine_numbers_get_a_tight_relative_tolerance():
    """Is a float32 result right, and a value off by 1e-5 wrong?"""
    y = ARTICLE_REF["y"]
    assert nnlib.check({"y": y.astype(np.float32)}).ok
    assert not nnlib.check({"y": y + 1e-5}).ok


# ------------------------------------------------------- error carried forward

def test_one_slip_in_z1_leaves_later_steps_from_it_right():
    """After a slip in z1, are a1..L_new computed from it marked right?"""
    i = inputs(nnlib.ARTICLE)
    slipped = chain(i, z1=ARTICLE_REF["z1"] + np.array([[0.1], [0.0]]))
    for answers in (all_answers(slipped), all_answers(slipped, 7)):
        report = nnlib.check(answers)
        assert report.first_wrong == "z1"
        assert report.wrong == ["z1"]
        assert report["z1"].status == "wrong"
        for name in STEP_NAMES[1:]:
            step = report[name]
            assert step.status == "right", f"{name}:\n{report}"
        # the carried steps say so; only those off the key have slips
        assert "a1" in report.carried and "L_new" in report.carried
        assert report["a1"].slips == ("z1",)
        assert "slip in z1" in report["a1"].note


def test_a_slip_carries_through_steps_not_written_down():
    """Given a slipped z1 and then only y, is y judged from that z1?"""
    i = inputs(nnlib.ARTICLE)
    z1 = ARTICLE_REF["z1"] + np.array([[0.0], [0.2]])
    slipped = chain(i, z1=z1)
    report = nnlib.check({"z1": z1, "y": slipped["y"]})
    assert report.wrong == ["z1"]
    assert report["y"].carried


def test_a_step_wrong_in_its_own_right_after_a_slip_is_wrong():
    """After a slip in z1, is a wrong a1 still wrong, and z2 from it right?"""
    i = inputs(nnlib.ARTICLE)
    z1 = ARTICLE_REF["z1"] + np.array([[0.1], [0.0]])
    a1 = chain(i, z1=z1)["a1"] + 0.01
    later = chain(i, z1=z1, a1=a1)
    report = nnlib.check({"z1": z1, "a1": a1, "z2": later["z2"]})
    assert report.wrong == ["z1", "a1"]
    assert report["a1"].slips == ("z1",)
    assert report["z2"].status == "right"
    assert report["z2"].slips == ("a1",)


def test_a_right_step_after_a_slip_against_the_key_is_right():
    """If a1 matches the key although z1 slipped, is a1 right?"""
    report = nnlib.check({"z1": [0.1, 0.75], "a1": ARTICLE_REF["a1"]})
    assert report["a1"].status == "right" and report["a1"].basis == "key"


# ---------------------------------------------------------- named mistakes

def _named(problem, step, value, atol=None):
    return nnlib.check({step: value}, problem, atol=atol)[step]


@pytest.mark.parametrize("mistake", sorted(MISTAKE_VALUES))
def test_each_mistake_is_named_on_the_article_and_generated_problems(
        mistake):
    """Is a value made by the mistake named, as float and as text?"""
    step, wrong = MISTAKE_VALUES[mistake]
    for label, problem, digits in problems():
        value = np.asarray(wrong(chain(inputs(example_of(problem)))))
        for given, atol in ((value, 1e-9), (text(value, digits), None)):
            result = _named(problem, step, given, atol)
            assert result.status == "wrong", f"{label}: {result}"
            assert mistake in result.mistake_keys, (
                f"{label}, {step}: named {result.mistake_keys}")
            assert MISTAKES[mistake].hint


@pytest.mark.parametrize(
    "mistake, step, wrong", MORE_MISTAKE_VALUES,
    ids=[f"{m}-{s}" for m, s, _ in MORE_MISTAKE_VALUES])
def test_mistakes_are_named_where_else_they_show(mistake, step, wrong):
    """Is each mistake named at its other steps too?"""
    for label, problem, digits in problems():
        value = np.asarray(wrong(chain(inputs(example_of(problem)))))
        for given, atol in ((value, 1e-9), (text(value, digits), None)):
            result = _named(problem, step, given, atol)
            assert mistake in result.mistake_keys, (
                f"{label}: named {result.mistake_keys}")


def _article_batch():
    """The article's network on three samples (a batch, article §13)."""
    x = np.array([[1.0, 0.5, -1.0], [0.5, 1.0, 0.5]])
    t = np.array([[1.0, 0.0, 1.0]])
    return nnlib.WorkedExample(x, t, 0.1, nnlib.ARTICLE.params)


@pytest.mark.parametrize(
    "mistake, step, wrong", BATCH_MISTAKE_VALUES,
    ids=[f"{m}-{s}" for m, s, _ in BATCH_MISTAKE_VALUES])
def test_summing_over_a_batch_is_named(mistake, step, wrong):
    """Is a sum over the batch, instead of the mean, named?"""
    cases = [("article batch", _article_batch(), 7)] + [
        (f"seed {s}", nnlib.generate_problem(s, n_samples=3), 4)
        for s in (0, 1, 2)]
    for label, problem, digits in cases:
        value = np.asarray(wrong(chain(inputs(example_of(problem)))))
        for given, atol in ((value, 1e-9), (text(value, digits), None)):
            result = _named(problem, step, given, atol)
            assert mistake in result.mistake_keys, (
                f"{label}: named {result.mistake_keys}")


def test_b1_left_out_is_invisible_on_the_article_but_b2_is_not():
    """With b1 = 0, is W1 x simply right, while W2 a1 is named?"""
    z1 = nnlib.ARTICLE.params.W1 @ nnlib.ARTICLE.x
    assert nnlib.check({"z1": z1}).ok
    z2 = nnlib.ARTICLE.params.W2 @ ARTICLE_REF["a1"]
    assert "bias_left_out" in _named(None, "z2", z2).mistake_keys
    assert "b1 in the article" in MISTAKES["bias_left_out"].hint


def test_w2_row_times_column_broadcast_is_named():
    """Is numpy's (1,2)*(2,1) -> (2,2) delta1 named as W2 not transposed?"""
    r = ARTICLE_REF
    delta1 = (r["W2"] * r["delta2"]) * r["da1_dz1"]  # shape (2, 2)
    result = _named(None, "delta1", delta1)
    assert result.mistake_keys == ("W2_not_transposed",)


def test_a_mistake_made_upstream_is_named_where_it_shows():
    """With dy_dz2 not written, is delta2 from sigma'(y) traced to it?"""
    r = ARTICLE_REF
    s = 1 / (1 + np.exp(-r["y"]))
    delta2 = r["dL_dy"] * s * (1 - s)
    result = _named(None, "delta2", delta2)
    assert result.mistake_keys == ("sigmoid_prime_of_a",)
    assert result.origins == ("dy_dz2",)
    assert "(in dy_dz2)" in str(nnlib.check({"delta2": delta2}))


def test_ambiguous_values_report_every_consistent_mistake():
    """Is a flipped W1 update reported as update sign OR t - y?"""
    r = ARTICLE_REF
    result = _named(None, "W1_new", r["W1"] + r["eta"] * r["dW1"])
    assert set(result.mistake_keys) == {"update_sign", "t_minus_y"}
    assert result.mistake.key == "update_sign"  # made right here
    # once dL_dy is written down (right), only the update is suspect
    both = nnlib.check({"dL_dy": r["dL_dy"],
                        "W1_new": r["W1"] + r["eta"] * r["dW1"]})
    assert both["W1_new"].mistake_keys == ("update_sign",)


def test_a_wrong_value_no_mistake_explains_names_none():
    """Is an arbitrary wrong number wrong, with no mistake named?"""
    result = _named(None, "delta2", "-0.2000")
    assert result.status == "wrong" and result.mistakes == ()
    assert "delta2 = dL/dy * dy/dz2" in result.hint
    named = _named(None, "dL_dy", ARTICLE_REF["t"] - ARTICLE_REF["y"])
    assert named.hint == MISTAKES["t_minus_y"].hint
    assert nnlib.check({"y": "0.5285"})["y"].hint == ""


def test_a_learners_t_minus_y_carries_and_is_counted_once():
    """After dL_dy = t - y, are delta2 and dW2 from it right (carried)?"""
    i = inputs(nnlib.ARTICLE)
    r = chain(i, dL_dy=i["t"] - ARTICLE_REF["y"])
    report = nnlib.check({k: r[k] for k in ("dL_dy", "delta2", "dW2")})
    assert report.wrong == ["dL_dy"]
    assert report["dL_dy"].mistake_keys == ("t_minus_y",)
    assert report["dW2"].carried


# --------------------------------------------------------------- the report

def test_report_text_names_first_wrong_mistake_and_hint():
    """Does str(report) give the first wrong step, mistake and hint?"""
    r = ARTICLE_REF
    out = str(nnlib.check({"z1": r["z1"], "dL_dy": r["t"] - r["y"]}))
    assert "First wrong step: dL_dy." in out
    assert MISTAKES["t_minus_y"].title in out
    assert "Hint:" in out
    assert "-0.4714899" in out  # the expected value is revealed
    assert all(len(line) <= 79 for line in out.splitlines())


def test_feedback_without_reveal_shows_no_value_of_the_key():
    """Does feedback(reveal=False) hide every expected value?"""
    r = ARTICLE_REF
    answers = {"z2": 0.2, "y": 0.5, "dL_dy": 2 * (r["y"] - r["t"]),
               "dW1": [[0.1, 0.2], [0.3, 0.4]]}
    report = nnlib.check(answers)
    assert report["dL_dy"].mistake_keys == ("factor_two",)
    hidden = report.feedback(reveal=False)
    shown = report.feedback(reveal=True)
    for name in answers:
        key = np.asarray(r[name]).reshape(-1)
        for digits in (3, 4, 7):
            for v in key:
                assert f"{abs(v):.{digits}f}" not in hidden, (name, v)
    assert "0.1141643" in shown and "0.1141643" not in hidden
    with pytest.raises(AssertionError) as err:
        report.assert_ok()
    assert "0.1141643" not in str(err.value)
    assert "First wrong step: z2." in str(err.value)


def test_missing_steps_come_from_none_or_expect():
    """Are None values and expected-but-absent steps reported missing?"""
    report = nnlib.check({"z1": [0.0, 0.75], "a1": None},
                         expect=["z1", "a1", "y"])
    assert report.missing == ["a1", "y"]
    assert not report.ok and report.first_wrong is None
    assert report.score == pytest.approx(1 / 3)
    assert "a1: missing" in str(report)


def test_namedtuples_from_nnlib_can_be_checked():
    """Do nnlib.forward and nnlib.backward results check as answers?"""
    p, x, t = nnlib.ARTICLE.params, nnlib.ARTICLE.x, nnlib.ARTICLE.t
    assert nnlib.check(nnlib.forward(p, x)).ok
    assert nnlib.check(nnlib.backward(p, x, t)).ok


def test_answers_in_every_reasonable_shape_are_read():
    """Are (2,), (2,1), nested lists, scalars and 1-element lists read?"""
    r = ARTICLE_REF
    a1 = r["a1"]
    for shaped in (a1, a1[:, 0], a1.tolist(), list(a1[:, 0]),
                   tuple(a1[:, 0])):
        assert nnlib.check({"a1": shaped}).ok
    for z2 in (r["z2"], float(r["z2"][0, 0]), [float(r["z2"][0, 0])],
               r["z2"].tolist()):
        assert nnlib.check({"z2": z2}).ok
    assert nnlib.check({"L": [[r["L"]]]}).ok
    assert nnlib.check({"dW2": r["dW2"][0]}).ok


def test_a_transposed_value_is_wrong_and_says_so():
    """Is a1 given as a (1, 2) row judged wrong, with the shape named?"""
    result = nnlib.check({"a1": ARTICLE_REF["a1"].T})["a1"]
    assert result.status == "wrong"
    assert result.mistake_keys == ("transposed",)
    assert "(1, 2)" in result.note


def test_batch_answers_are_checked_column_by_column():
    """On a 3-sample batch, do right answers pass and a slip show?"""
    problem = nnlib.generate_problem(3, n_samples=3)
    ref = chain(inputs(problem.example))
    assert nnlib.check(all_answers(ref), problem).ok
    assert nnlib.check(all_answers(ref, 5), problem).ok
    slip = ref["delta2"] + np.array([[0.0, 0.01, 0.0]])
    slipped = chain(inputs(problem.example), delta2=slip)
    report = nnlib.check(all_answers(slipped), problem)
    assert report.wrong == ["delta2"]
    assert {"dW2", "db2", "delta1", "dW1", "L_new"} <= set(report.carried)
    # the right later values, from the unslipped chain, are right too
    bad = all_answers(ref)
    bad["delta2"] = slip
    assert nnlib.check(bad, problem).wrong == ["delta2"]


def test_answer_key_matches_the_independent_reference():
    """Does nnlib.answer_key give the handwork reference's values?"""
    for _, problem, _ in problems():
        ref = chain(inputs(example_of(problem)))
        key = nnlib.answer_key(problem)
        for name in STEP_NAMES:
            np.testing.assert_allclose(key[name], ref[name], rtol=1e-12,
                                       atol=1e-15, err_msg=name)


# ----------------------------------------------------------------- misuse

@pytest.mark.parametrize("answers, error, words", [
    ({"z3": 1.0}, ValueError, "unknown step name 'z3'"),
    ({"delta_1": 1.0}, ValueError, "Did you mean 'delta1'?"),
    ({"x": [1.0, 0.5]}, ValueError, "input of the problem, not a step"),
    ({"z1": [0.0, 0.75, 1.0]}, ValueError, "expected (2, 1)"),
    ({"dW1": [0.1, 0.2]}, ValueError, "the shape of W1"),
    ({"L": [0.1, 0.2]}, ValueError, "a single number"),
    ({"z1": "zero"}, TypeError, "not a number"),
    ({"z1": [0.0, "abc"]}, TypeError, "'abc'"),
    ({"y": True}, TypeError, "boolean"),
    ({"y": float("nan")}, ValueError, "finite number"),
    ({"z1": [[0.0], [0.75, 1.0]]}, TypeError, "rectangular"),
    ({"y": {"v": 1}}, TypeError, "expected numbers"),
    ([0.0, 0.75], TypeError, "expected a dict"),
])
def test_misuse_errors_say_what_was_expected(answers, error, words):
    """Does bad input raise an error whose message says the fix?"""
    with pytest.raises(error) as err:
        nnlib.check(answers)
    assert words in str(err.value)


def test_bad_options_are_refused_with_a_reason():
    """Are a bad expect name, a negative atol and a bad problem refused?"""
    with pytest.raises(ValueError, match="expect: unknown step name"):
        nnlib.check({}, expect=["zz"])
    with pytest.raises(ValueError, match="atol"):
        nnlib.check({"y": 0.5}, atol=-1)
    with pytest.raises(TypeError, match="expected a WorkedExample"):
        nnlib.check({"y": 0.5}, problem="article")


def test_report_lookup_of_an_unchecked_step_says_which_were():
    """Does report['dW1'] for an unchecked step list the checked ones?"""
    with pytest.raises(KeyError, match="checked: y"):
        nnlib.check({"y": 0.5285})["dW1"]


def test_check_changes_neither_answers_nor_problem():
    """Are the learner's arrays and the problem left as they were?"""
    problem = nnlib.generate_problem(2)
    answers = {k: np.array(v, copy=True) if np.ndim(v) else v
               for k, v in all_answers(chain(inputs(problem.example)))
               .items()}
    answers["z1"] = answers["z1"] + 0.3  # a slip, so every path runs
    before = {k: np.array(v, copy=True) for k, v in answers.items()}
    x_before = problem.x.copy()
    report = nnlib.check(answers, problem)
    assert report.first_wrong == "z1"
    for k, v in answers.items():
        assert np.array_equal(v, before[k]), k
    assert np.array_equal(problem.x, x_before)
    assert repr(report) == str(report)


def test_values_no_sigmoid_could_give_are_judged_not_refused():
    """Are y = 1.2 and a negative a1 judged wrong, later steps from them?"""
    i = inputs(nnlib.ARTICLE)
    r = chain(i, y=np.array([[1.2]]), a1=np.array([[-0.5], [0.7]]))
    answers = {k: r[k] for k in ("a1", "y", "dy_dz2", "da1_dz1", "delta1")}
    report = nnlib.check(answers)
    assert report.wrong == ["a1", "y"]
    assert report["dy_dz2"].carried and report["da1_dz1"].carried


def test_an_empty_answer_is_not_all_right():
    """Does checking nothing say so, instead of "All right"?"""
    report = nnlib.check({})
    assert not report.ok and report.first_wrong is None
    assert "Nothing to check" in str(report)
