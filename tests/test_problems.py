"""nnlib.problems and `walkthrough --seed`: fresh problems with keys.

Keys and mistakes are recomputed with the plain-numpy reference in
tests/handwork.py, never with the code under test.
"""

import subprocess
import sys

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
from nnlib.__main__ import main
from nnlib.problems import ETA_VALUES, generate

SEEDS = range(10)


def _decimals_at_most(values, places):
    scaled = np.asarray(values, float) * 10 ** places
    return np.allclose(scaled, np.round(scaled), rtol=0, atol=1e-9)


# ------------------------------------------------------------ determinism

def test_same_seed_gives_the_same_problem_and_key():
    """Do two draws from one seed agree in every number?"""
    a, b = generate(7), generate(7)
    for u, v in zip((a.x, a.t, *a.params), (b.x, b.t, *b.params),
                    strict=True):
        assert np.array_equal(u, v)
    assert a.eta == b.eta
    for name in nnlib.STEP_NAMES:
        assert np.array_equal(a.key[name], b.key[name])


def test_same_seed_in_a_fresh_process_gives_the_same_problem():
    """Is the problem fixed by the seed alone, not by a cache?"""
    code = ("import nnlib; p = nnlib.generate_problem(11); "
            "print(p.x.tolist(), [w.tolist() for w in p.params], "
            "p.t.tolist(), p.eta)")
    done = subprocess.run([sys.executable, "-c", code],
                          capture_output=True, text=True, check=True)
    p = generate(11)
    here = f"{p.x.tolist()} {[w.tolist() for w in p.params]} " \
           f"{p.t.tolist()} {p.eta}"
    assert done.stdout.strip() == here


def test_different_seeds_give_different_problems():
    """Are ten seeds ten different problems?"""
    drawn = {(generate(s).x.tobytes(), generate(s).params.W1.tobytes())
             for s in SEEDS}
    assert len(drawn) == len(SEEDS)


def test_a_numpy_generator_can_drive_the_draw():
    """Do two equal default_rng generators give equal problems?"""
    a = generate(np.random.default_rng(3))
    b = generate(np.random.default_rng(3))
    assert np.array_equal(a.params.W2, b.params.W2)
    assert a.seed is None and a.name == "a practice problem"


def test_the_key_cannot_be_edited_through_a_problem():
    """Is a problem's key read-only, so a grader cannot spoil it?"""
    p = generate(1)
    with pytest.raises(ValueError):
        p.key["dW1"][0, 0] = 1.0
    p.key["dW1"] = None  # a caller's own copy of the dict
    assert generate(1).key["dW1"] is not None


# ------------------------------------------------------------- hand work

def test_numbers_can_be_worked_by_hand():
    """Have inputs at most 2 decimals, weights 1, and sensible sizes?"""
    for s in SEEDS:
        p = generate(s)
        assert _decimals_at_most(p.x, 2) and np.all(p.x != 0)
        assert np.all(np.abs(p.x) <= 2.0)
        for w in p.params:
            assert _decimals_at_most(w, 1) and np.all(w != 0)
            assert np.all(np.abs(w) <= 1.5)
        assert _decimals_at_most(p.t, 1)
        assert np.all((p.t >= 0) & (p.t <= 1))
        assert p.eta in ETA_VALUES
        assert p.x.shape == (2, 1) and p.t.shape == (1, 1)


def test_the_key_matches_an_independent_computation():
    """Does each key equal the plain-numpy reference, batches included?"""
    cases = [generate(s) for s in SEEDS[:4]]
    cases += [generate(s, n_samples=3) for s in SEEDS[:3]]
    for p in cases:
        ref = chain(inputs(p.example))
        for name in nnlib.STEP_NAMES:
            np.testing.assert_allclose(p.key[name], ref[name], rtol=1e-12,
                                       atol=1e-15, err_msg=name)


def test_answers_text_is_the_key_at_the_chosen_digits():
    """Does Problem.answers() write the key to the problem's decimals?"""
    p = generate(2, digits=5)
    ref = chain(inputs(p.example))
    answers = p.answers()
    for name in nnlib.STEP_NAMES:
        mine = text(ref[name], 5)
        assert answers[name] == mine or (
            np.allclose(np.asarray(answers[name], float),
                        np.asarray(mine, float), rtol=0, atol=1e-5))
    assert nnlib.check(answers, p).ok
    assert nnlib.check(p.answers(3), p).ok


@pytest.mark.parametrize("digits", [3, 4, 5, 7])
def test_gradients_are_visible_at_the_chosen_digits(digits):
    """Is every delta and gradient entry nonzero when written out?"""
    for s in SEEDS[:3]:
        p = generate(s, digits=digits)
        ref = chain(inputs(p.example))
        for name in ("delta2", "dW2", "db2", "delta1", "dW1", "db1"):
            written = np.asarray(text(ref[name], digits), float)
            assert np.all(written != 0), (s, name, written)
        # the update shows in every parameter
        for name in ("W1", "b1", "W2", "b2"):
            assert np.all(text(ref[name + "_new"], digits)
                          != np.asarray(text(ref[name], digits))), name


def _distinct_written(values, digits):
    seen = [np.asarray(text(v, digits), float) for v in values]
    for i, a in enumerate(seen):
        for b in seen[i + 1:]:
            if a.shape == b.shape and np.allclose(a, b, rtol=0, atol=0):
                return False
    return True


@pytest.mark.parametrize("digits", [3, 4, 6])
def test_no_mistake_gives_the_right_number_or_another_mistakes(digits):
    """Does every mistake change its step, and no two coincide there?"""
    table = [(m, s, f) for m, (s, f) in MISTAKE_VALUES.items()]
    table += MORE_MISTAKE_VALUES
    for seed in SEEDS[:6]:
        p = generate(seed, digits=digits)
        ref = chain(inputs(p.example))
        steps = {s for _, s, _ in table}
        for step in steps:
            values = [np.asarray(ref[step])]
            values += [np.asarray(f(ref)) for _, s, f in table if s == step]
            assert _distinct_written(values, digits), (seed, step)
            # and the checker tells each apart from the others
            for mistake, s, f in table:
                if s != step:
                    continue
                got = nnlib.check({step: text(f(ref), digits)}, p)[step]
                assert mistake in got.mistake_keys, (seed, mistake)


def test_batch_problems_make_summing_nameable():
    """On 3-sample problems, is the batch sum distinct and named?"""
    for seed in SEEDS[:3]:
        p = generate(seed, n_samples=3)
        assert p.x.shape == (2, 3) and p.t.shape == (1, 3)
        ref = chain(inputs(p.example))
        for mistake, step, f in BATCH_MISTAKE_VALUES:
            wrong = f(ref)
            assert text(wrong, 4) != text(ref[step], 4)
            got = nnlib.check({step: text(wrong, 4)}, p)[step]
            assert mistake in got.mistake_keys


# ----------------------------------------------------------------- misuse

@pytest.mark.parametrize("kwargs, error, words", [
    ({"seed": -1}, ValueError, "seed is -1; expected a whole number >= 0"),
    ({"seed": "7"}, TypeError, "expected a whole number"),
    ({"seed": 1.5}, TypeError, "expected a whole number"),
    ({"seed": 1, "digits": 2}, ValueError, "expected 3 to 7"),
    ({"seed": 1, "digits": 8}, ValueError, "expected 3 to 7"),
    ({"seed": 1, "digits": 4.0}, TypeError, "whole number of decimals"),
    ({"seed": 1, "n_samples": 2}, ValueError, "give the same number"),
    ({"seed": 1, "n_samples": 0}, ValueError, "expected 1, or 3 or more"),
])
def test_bad_arguments_say_what_was_expected(kwargs, error, words):
    """Does generate() refuse bad input with the fix in the message?"""
    with pytest.raises(error) as err:
        generate(**kwargs)
    assert words in str(err.value)


# ---------------------------------------------------- walkthrough --seed

def _one(value, digits):
    return text(float(np.reshape(value, -1)[0]), digits)


def _run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_walkthrough_seed_writes_problem_and_key_as_markdown(capsys):
    """Does --seed --markdown give the problem, the task and the key?"""
    code, out, _ = _run(["walkthrough", "--seed", "5", "--markdown"],
                        capsys)
    assert code == 0
    assert out.startswith("# Practice problem 5\n")
    assert out.index("## Given") < out.index("## Your task") \
        < out.index("## Answer key")
    assert out.count("$$") == 2 * len(nnlib.STEP_NAMES)
    p = generate(5)
    ref = chain(inputs(p.example))
    assert f"= {_one(ref['y'], 4)}\n$$" in out
    assert f"= {_one(ref['L_new'], 4)}\n$$" in out
    row = " & ".join(text(ref["dW1"], 4)[0])
    assert row in out
    assert r"\begin{bmatrix}" in out
    assert all(len(line) <= 79 for line in out.splitlines()
               if not line.startswith(("$", "-", "\\", "z", "a", "y", "L",
                                       "W", "b", r"\frac")))


def test_walkthrough_same_seed_same_markdown(capsys):
    """Is the sheet for a seed the same every time, in any process?"""
    _, first, _ = _run(["walkthrough", "--seed", "12", "--markdown"],
                       capsys)
    _, second, _ = _run(["walkthrough", "--seed", "12", "--markdown"],
                        capsys)
    assert first == second
    done = subprocess.run(
        [sys.executable, "-m", "nnlib", "walkthrough", "--seed", "12",
         "--markdown"], capture_output=True, text=True, check=True)
    assert done.stdout == first
    _, other, _ = _run(["walkthrough", "--seed", "13", "--markdown"],
                       capsys)
    assert other != first


def test_walkthrough_seed_digits_and_output_file(capsys, tmp_path):
    """Do --digits and -o work with --seed, and the text form too?"""
    target = tmp_path / "sheet.md"
    code, out, _ = _run(["walkthrough", "--seed", "4", "--digits", "6",
                         "--markdown", "-o", str(target)], capsys)
    assert code == 0 and out == ""
    sheet = target.read_text()
    ref = chain(inputs(generate(4, digits=6).example))
    assert f"= {_one(ref['y'], 6)}\n$$" in sheet
    assert "to 6 decimals" in sheet
    code, out, _ = _run(["walkthrough", "--seed", "4"], capsys)
    assert code == 0 and "practice problem 4" in out
    assert _one(ref["z2"], 4) in out


@pytest.mark.parametrize("args, words", [
    (["--seed", "1", "--json", "x.json"], "not both"),
    (["--seed", "-3"], "--seed must be a whole number >= 0"),
    (["--seed", "1", "--digits", "9"], "--digits must be between 3 and 7"),
])
def test_walkthrough_seed_misuse_exits_2_with_a_message(args, words,
                                                        capsys):
    """Does bad --seed use end with one clear line and status 2?"""
    code, out, err = _run(["walkthrough", *args], capsys)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err


def test_walkthrough_functions_take_a_problem_directly():
    """Do steps() and the renderers accept a Problem like an example?"""
    p = generate(3)
    assert len(nnlib.walkthrough.steps(p)) == len(nnlib.STEP_NAMES)
    assert nnlib.walkthrough.render_markdown(p) == \
        nnlib.walkthrough.render_markdown(p.example, digits=p.digits)
    ref = chain(inputs(p.example))
    assert f"y        = {_one(ref['y'], 4)}" in \
        nnlib.walkthrough.render_text(p)


def test_the_article_itself_would_not_be_generated():
    """Is the article refused as a practice problem (its b1 = 0 hides
    the b1 omission), while its copy with b1 = 0.1 is judged on?"""
    from nnlib.problems import well_posed

    assert not well_posed(nnlib.ARTICLE, 7)
    p = nnlib.ARTICLE.params
    shifted = nnlib.WorkedExample(
        nnlib.ARTICLE.x, nnlib.ARTICLE.t, nnlib.ARTICLE.eta,
        nnlib.params(p.W1, [[0.1], [-0.1]], p.W2, p.b2))
    z1 = shifted.params.W1 @ shifted.x  # b1 left out: now visible
    named = nnlib.check({"z1": z1}, shifted)["z1"].mistake_keys
    assert named == ("bias_left_out",)
