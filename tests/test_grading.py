"""nnlib.grading: recording in the kernel, judging outside it.

The "student" functions here are written out in numpy, independently of
nnlib; the judge compares them with nnlib. The whole nbgrader round trip
is in test_nbgrader_roundtrip.py.
"""

import doctest

import numpy as np
import pytest

from nnlib import grading

SOURCE = '''"""Check that forward_pass gives z1, a1, z2 and y."""
from nnlib.grading import Part

part = Part("forward", forward_pass)
part.check_article()
### BEGIN HIDDEN TESTS
part.check_fresh([2101, 2102])
### END HIDDEN TESTS
part.verdict()
'''


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward_pass(x, W1, b1, W2, b2):
    z1 = W1 @ x + b1
    a1 = _sig(z1)
    z2 = W2 @ a1 + b2
    return z1, a1, z2, _sig(z2)


def no_bias(x, W1, b1, W2, b2):
    return forward_pass(x, W1, 0 * b1, W2, b2)


def _outputs(func, cases):
    records = []
    part = grading.Part("forward", func, emit=records.append)
    for case in cases:
        part._run(case)
    return [{"output_type": "display_data",
             "data": {grading.EVIDENCE_MIME: r}} for r in records]


def _judge(outputs, use=None):
    spec = grading.parse_part(SOURCE)
    return grading.judge_cell(spec, 2.0, outputs, use)


CASES = ("article", "seed-2101", "seed-2102")


def test_parse_part_reads_task_and_cases():
    """Does the judge learn the task and every case from the source?"""
    spec = grading.parse_part(SOURCE)
    assert spec.task.function == "forward_pass"
    assert spec.visible == ("article",)
    assert spec.hidden == ("seed-2101", "seed-2102")


def test_parse_part_ignores_cells_without_a_part():
    """Is a cell without a Part (or with a syntax error) left alone?"""
    assert grading.parse_part("x = 1") is None
    assert grading.parse_part("def (:") is None


def test_right_function_earns_every_point():
    """Does a correct forward pass earn the cell's points?"""
    v = _judge(_outputs(forward_pass, CASES))
    assert v.score == 2.0
    assert "every step right" in v.message


def test_slip_is_counted_once():
    """Does a forgotten bias cost only z1 (3 of 4 steps right)?"""
    v = _judge(_outputs(no_bias, CASES))
    assert v.score == 1.5
    assert "the bias is left out" in v.message


def test_article_alone_earns_nothing():
    """Is a function right only on the article's example worth 0?"""
    def article_only(x, W1, b1, W2, b2):
        return (np.array([[0.0], [0.75]]), np.array([[0.5], [0.6791787]]),
                np.array([[0.1141643]]), np.array([[0.5285101]]))

    v = _judge(_outputs(article_only, CASES))
    assert v.score == 0.0
    assert "fresh problems 1 and 2: first wrong step `z1`" in v.message


def test_missing_evidence_scores_zero():
    """Does a cell that recorded nothing (a timeout) score 0?"""
    outputs = [{"output_type": "error", "ename": "CellTimeoutError",
                "evalue": "", "traceback": []}]
    v = _judge(outputs)
    assert v.score == 0.0 and "ran out of time" in v.message


def test_forged_evidence_for_the_wrong_problem_scores_zero():
    """Do records that claim a hidden case but hold the article's
    answers earn nothing?"""
    outputs = _outputs(forward_pass, ("article",))
    for case in ("seed-2101", "seed-2102"):
        fake = dict(outputs[0]["data"][grading.EVIDENCE_MIME], case=case)
        outputs.append({"output_type": "display_data",
                        "data": {grading.EVIDENCE_MIME: fake}})
    assert _judge(outputs).score == 0.0


@pytest.mark.parametrize("answers", [
    "not a dict",
    {"z1": {"shape": [2, 1], "values": [None, 1.0]}},
    {"z1": {"shape": [10**7], "values": []}},
    {"z1": {"shape": [2, 1], "values": [True, False]}},
    {"z1": {"list": "x"}},
])
def test_malformed_evidence_is_wrong_not_a_crash(answers):
    """Does garbage in a record make a wrong answer, never an error?"""
    record = {"task": "forward_pass", "case": "seed-2101",
              "answers": answers}
    outputs = [{"output_type": "display_data",
                "data": {grading.EVIDENCE_MIME: record}}]
    assert _judge(outputs).score == 0.0


def test_messages_hold_no_hidden_numbers():
    """Does a failing verdict avoid every decimal number?"""
    def raises(x, W1, b1, W2, b2):
        raise ValueError(f"bad value {float(W1[0, 0]):.4f} here")

    v = _judge(_outputs(raises, CASES))
    assert v.score == 0.0
    assert "ValueError" in v.message
    assert not any(ch.isdigit() and "." in word
                   for word in v.message.split() for ch in word
                   if word.replace(".", "").replace("-", "").isdigit())
    assert "bad value … here" in v.message


def test_reference_use_earns_nothing_and_says_why():
    """Does a function flagged as calling nnlib score 0 with a reason?"""
    v = _judge(_outputs(forward_pass, CASES), use="imports nnlib")
    assert v.score == 0.0
    assert "imports nnlib" in v.message and "earns none" in v.message


def test_reference_uses_follows_aliases_and_helpers():
    """Are nnlib reached through an alias or a helper, and dynamic
    tricks, all found; and plain numpy left alone?"""
    cells = [
        "import numpy as np\nfrom nnlib.network import forward as fw",
        "def helper(p, x):\n    return fw(p, x)",
        "def forward_pass(x, W1, b1, W2, b2):\n    return helper(0, x)",
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
        "def sneaky(z):\n    return __import__('nn' + 'lib').sigmoid(z)",
        "def loss(y, t):\n    import nnlib\n    return nnlib.loss(y, t)",
        "%timeit 1 + 1",
    ]
    uses = grading.reference_uses(cells)
    assert "forward_pass" in uses and "helper" in uses
    assert "sneaky" in uses and "__import__" in uses["sneaky"]
    assert "loss" in uses
    assert "sigmoid" not in uses


def test_encode_decode_round_trip():
    """Does a value survive the trip through the evidence record?"""
    a = np.array([[1.5], [-2.25]])
    np.testing.assert_array_equal(grading.decode(grading.encode(a)), a)
    layers = [np.ones((2, 3)), np.zeros((1, 2))]
    back = grading.decode(grading.encode(layers, per_layer=True))
    assert [b.shape for b in back] == [(2, 3), (1, 2)]
    assert grading.encode(object()) == {"unreadable": "object"}
    assert grading.decode(grading.encode(np.array([np.nan]))) is None


def test_unknown_task_is_a_clear_error():
    """Does a typo in a test cell's task name say what exists?"""
    with pytest.raises(ValueError, match="unknown graded part 'fwd'"):
        grading.Part("fwd", forward_pass)
    with pytest.raises(TypeError, match="not a function"):
        grading.Part("forward", 3)


@pytest.mark.parametrize("cell, found", [
    ("import numpy as np\nnp.allclose = lambda *a, **k: True",
     "`np.allclose`"),
    ("import builtins\nbuiltins.abs = lambda v: 0", "`builtins.abs`"),
    ("import nnlib.grading as g\ng.run_case = print", "`g.run_case`"),
    ("setattr(np.testing, 'assert_allclose', print)",
     "`np.testing.assert_allclose`"),
    ("del np.isclose", "`np.isclose`"),
])
def test_library_patches_are_found(cell, found):
    """Is overwriting numpy, builtins or the grader found by reading?"""
    assert found in grading.library_patches(["x = 1", cell])


def test_ordinary_attribute_assignments_are_not_patches():
    """Are a student's own objects free to change?"""
    cells = ["a = np.zeros(3)\na.shape = (3, 1)",
             "class C:\n    def f(self):\n        self.x = 1"]
    assert grading.library_patches(cells) == ""


def test_docstring_example_runs():
    """Does the example in Part's docstring hold?"""
    assert doctest.testmod(grading).failed == 0


def test_a_later_definition_replaces_an_imported_name():
    """Is the student's own sigmoid, defined after importing nnlib's,
    their own work (the last binding runs)?"""
    cells = ["from nnlib import sigmoid",
             "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))"]
    assert "sigmoid" not in grading.reference_uses(cells)
    assert "sigmoid" in grading.reference_uses(cells[::-1])
