"""The nbgrader course, round trip: generate, submit, autograde, feedback.

One temporary copy of ``assignments/`` (with its own Jupyter dirs) gets
the student versions generated, then a class of submissions built from
the source notebooks by replacing solution regions: the solutions, the
blank student versions, one submission per named mistake, and hostile
ones. One ``course.py grade`` run grades them all (one nbgrader run per
assignment, as an instructor would); every test below reads its result.

The expected scores follow the course's rule (``nnlib.grading``): a part
earns its points times the share of its steps judged right on the fresh
problems, a slip counted once (later steps judged from the student's
own values), and nothing for the article's example alone.
"""

import copy
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
COURSE_FILES = ("nbgrader_config.py", "bbh_nbgrader.py", "course.py",
                "source")
ASSIGNMENTS = ("forward", "backward", "update_train", "deeper_batched")
POINTS = {"forward": 4, "backward": 6, "update_train": 5,
          "deeper_batched": 7}  # autograded points; manual ones apart

# Replacement bodies for solution regions: (solution grade_id, old, new).
# ``old`` must occur in the source solution, so a renamed line fails
# loudly instead of silently testing nothing.
MISTAKES = {
    # student: (assignment, [edits], {test cell: expected score}, title)
    "bias_left_out": (
        "forward", [("forward_pass", "z1 = W1 @ x + b1", "z1 = W1 @ x")],
        # z1 wrong; a1, z2, y right from the student's own z1: 3/4 of 2
        {"test_forward_pass": 1.5}, "the bias is left out"),
    "factor_two": (
        "forward", [("half_squared_error", "0.5 * np.sum", "np.sum")],
        {"test_half_squared_error": 0.0},
        "a factor 2 from dropping the one half"),
    "t_minus_y": (
        "backward", [("output_layer_gradients", "dL_dy = y - t",
                      "dL_dy = t - y")],
        # dL_dy wrong; dy_dz2 right; delta2, dW2, db2 carried: 4/5 of 3
        {"test_output_layer": 2.4, "test_hidden_layer": 3.0},
        "t - y is used instead of y - t"),
    "sigmoid_prime_of_a": (
        "backward", [("output_layer_gradients", "dy_dz2 = y * (1 - y)",
                      "s = 1 / (1 + np.exp(-y))\n    dy_dz2 = s * (1 - s)")],
        {"test_output_layer": 2.4},
        "the sigmoid's derivative is applied to the activation"),
    "output_derivative_forgotten": (
        "backward", [("output_layer_gradients", "delta2 = dL_dy * dy_dz2",
                      "delta2 = dL_dy")],
        {"test_output_layer": 2.4},
        "the output sigmoid's derivative is left out"),
    "hidden_derivative_forgotten": (
        "backward", [("hidden_layer_gradients",
                      "delta1 = dL_da1 * da1_dz1", "delta1 = dL_da1")],
        {"test_hidden_layer": 2.4, "test_output_layer": 3.0},
        "the hidden sigmoid's derivative is left out"),
    "W2_not_transposed": (
        "backward", [("hidden_layer_gradients", "dL_da1 = W2.T @ delta2",
                      "dL_da1 = delta2 @ W2"),
                     ("hidden_layer_gradients",
                      "delta1 = dL_da1 * da1_dz1",
                      "delta1 = dL_da1.T * da1_dz1")],
        # dL_da1 is a row: wrong; the rest right from it: 4/5 of 3
        {"test_hidden_layer": 2.4}, "W2 is not transposed"),
    "outer_product_swapped": (
        "backward", [("hidden_layer_gradients", "dW1 = delta1 @ x.T",
                      "dW1 = x @ delta1.T")],
        {"test_hidden_layer": 2.4},
        "the outer product is the wrong way round"),
    "a1_for_x": (
        "backward", [("hidden_layer_gradients", "dW1 = delta1 @ x.T",
                      "dW1 = delta1 @ a1.T")],
        {"test_hidden_layer": 2.4}, "a1 is used where x belongs"),
    "update_sign": (
        "update_train", [("gradient_step", "W1 - eta * dW1, b1 - eta * db1,"
                          " W2 - eta * dW2, b2 - eta * db2",
                          "W1 + eta * dW1, b1 + eta * db1, "
                          "W2 + eta * dW2, b2 + eta * db2")],
        # every new parameter wrong; train replays the same sign error
        {"test_gradient_step": 0.0, "test_train": 0.0},
        "the update's sign is flipped"),
    "batch_sum": (
        "deeper_batched", [("batch_gradients", "dW1 = delta1 @ X.T / N",
                            "dW1 = delta1 @ X.T"),
                           ("batch_gradients", "db1 = delta1.mean(axis=1,",
                            "db1 = delta1.sum(axis=1,"),
                           ("batch_gradients", "dW2 = delta2 @ a1.T / N",
                            "dW2 = delta2 @ a1.T"),
                           ("batch_gradients", "db2 = delta2.mean(axis=1,",
                            "db2 = delta2.sum(axis=1,")],
        {"test_batch_gradients": 0.0, "test_deep_backward": 3.0},
        "summed over the batch instead of averaged"),
}

ARTICLE_FORWARD = '''
    z1 = np.array([[0.0], [0.75]])
    a1 = np.array([[0.5], [0.6791787]])
    z2 = np.array([[0.1141643]])
    y = np.array([[0.5285101]])
    return z1, a1, z2, y
'''

CALLS_REFERENCE = '''
    import nnlib
    f = nnlib.forward(nnlib.params(W1, b1, W2, b2), x)
    return f.z1, f.a1, f.z2, f.y
'''

PATCHES = '''
import builtins
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), bool)
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
builtins.abs = lambda value: 0.0
'''

# replacing a builtin the kernel itself needs stops the kernel answering
BREAKS_KERNEL = "\nimport builtins\nbuiltins.isinstance = lambda o, c: True\n"


def _solution_region(source, new_body):
    """Replace the lines between BEGIN and END SOLUTION by new_body."""
    pattern = r"(### BEGIN SOLUTION\n).*?(\n\s*### END SOLUTION)"
    return re.sub(pattern, lambda m: m.group(1) + new_body.strip("\n")
                  + m.group(2), source, flags=re.S)


def _cell(nb, grade_id):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def _edit(nb, grade_id, old, new):
    cell = _cell(nb, grade_id)
    assert old in cell.source, f"{old!r} not in the solution {grade_id}"
    cell.source = cell.source.replace(old, new)


def _hostile(source):
    """Hostile submissions of the forward assignment: name -> notebook
    (or raw text for the corrupt one)."""
    out = {}
    nb = copy.deepcopy(source)
    c = _cell(nb, "forward_pass")
    c.source = _solution_region(c.source, ARTICLE_FORWARD)
    out["hardcoded"] = nb

    nb = copy.deepcopy(source)
    c = _cell(nb, "forward_pass")
    c.source = _solution_region(c.source, CALLS_REFERENCE)
    out["calls_reference"] = nb

    # a correct solution whose locked cells were edited: the test cell
    # made to pass anything, its points raised, the setup cell changed
    nb = copy.deepcopy(source)
    test = _cell(nb, "test_forward_pass")
    test.source = "pass  # nothing to check here"
    test.metadata.nbgrader["points"] = 100
    _cell(nb, "setup").source += "\nW1 = W1 * 0\n"
    out["tampered"] = nb

    nb = copy.deepcopy(source)
    nb.cells.remove(_cell(nb, "test_forward_pass"))
    out["deleted_test"] = nb

    # the locked note before the test cell deleted too
    nb = copy.deepcopy(source)
    nb.cells.remove(_cell(nb, "test_forward_pass"))
    nb.cells.remove(_cell(nb, "forward_pass_check_text"))
    out["deleted_note_and_test"] = nb

    nb = copy.deepcopy(source)
    c = _cell(nb, "forward_pass")
    c.source = _solution_region(c.source, "    while True:\n        pass")
    out["infinite_loop"] = nb

    nb = copy.deepcopy(source)
    c = _cell(nb, "sigmoid")
    c.source += "\n\nimport os\nimport signal\nos.kill(os.getpid(), " \
                "signal.SIGKILL)\n"
    out["kernel_kill"] = nb

    # bias left out, then numpy and a builtin patched to pass anything
    nb = copy.deepcopy(source)
    _edit(nb, "forward_pass", "z1 = W1 @ x + b1", "z1 = W1 @ x")
    _cell(nb, "forward_pass").source += "\n" + PATCHES
    out["patched_numpy"] = nb

    nb = copy.deepcopy(source)
    _cell(nb, "sigmoid").source += BREAKS_KERNEL
    out["breaks_kernel"] = nb

    out["corrupt_json"] = '{"cells": [{"cell_type": "code", "sour'
    return out


def _write(course, student, assignment, nb):
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    if isinstance(nb, str):
        path.write_text(nb)
    else:
        nbformat.write(nb, str(path))


def _env(course):
    env = dict(os.environ)
    run = course / ".jupyter"
    for name in ("config", "data", "runtime", "ipython", "mpl"):
        (run / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(run / "config"),
        JUPYTER_DATA_DIR=str(run / "data"),
        JUPYTER_RUNTIME_DIR=str(run / "runtime"),
        IPYTHONDIR=str(run / "ipython"),
        MPLCONFIGDIR=str(run / "mpl"),
        MPLBACKEND="Agg",
        PATH=str(Path(sys.executable).parent) + os.pathsep
        + env.get("PATH", ""),
    )
    return env


def _course_py(course, *args):
    return subprocess.run(
        [sys.executable, str(course / "course.py"), *args],
        cwd=course, env=_env(course), capture_output=True, text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def graded():
    """The whole round trip, once: a dict of what it produced.

    The course lives in a folder of its own rather than pytest's
    tmp_path, which other pytest runs on the machine may rotate away
    while this one is still grading.
    """
    with tempfile.TemporaryDirectory(prefix="bbh-course-") as tmp:
        yield _round_trip(Path(tmp) / "course")


def _round_trip(course):
    course.mkdir()
    for name in COURSE_FILES:
        src = ROOT / "assignments" / name
        if src.is_dir():
            shutil.copytree(src, course / name)
        else:
            shutil.copy(src, course / name)

    gen = _course_py(course, "generate")
    assert gen.returncode == 0, gen.stderr[-3000:]

    for a in ASSIGNMENTS:
        source = nbformat.read(str(course / "source" / a / f"{a}.ipynb"),
                               as_version=4)
        release = nbformat.read(
            str(course / "release" / a / f"{a}.ipynb"), as_version=4)
        _write(course, "solution", a, source)
        _write(course, "blank", a, release)
    for student, (a, edits, _, _) in MISTAKES.items():
        nb = nbformat.read(str(course / "source" / a / f"{a}.ipynb"),
                           as_version=4)
        for grade_id, old, new in edits:
            _edit(nb, grade_id, old, new)
        _write(course, student, a, nb)
    forward = nbformat.read(
        str(course / "source" / "forward" / "forward.ipynb"), as_version=4)
    for student, nb in _hostile(forward).items():
        _write(course, student, "forward", nb)

    start = time.perf_counter()
    result = _course_py(course, "grade")
    seconds = time.perf_counter() - start
    n_subs = len(list((course / "submitted").glob("*/*/*.ipynb")))
    return {"course": course, "result": result, "seconds": seconds,
            "submissions": n_subs, "scores": _scores(course),
            "csv": _csv(course)}


def _scores(course):
    """(student, assignment) -> {test cell grade_id: score} from the
    gradebook nbgrader wrote."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for a in ASSIGNMENTS:
            for sub in gb.assignment_submissions(a):
                cells = {}
                for nb in sub.notebooks:
                    for g in nb.grades:
                        cells[g.name] = (g.score, g.max_score)
                out[(sub.student.id, a)] = cells
    return out


def _csv(course):
    import csv

    with open(course / "grades.csv", newline="") as f:
        return {(r["student_id"], r["assignment"]): r
                for r in csv.DictReader(f)}


def _feedback(graded, student, assignment):
    path = (graded["course"] / "feedback" / student / assignment
            / f"{assignment}.html")
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


def test_grading_run_finishes_and_reports_the_broken_ones(graded):
    """Does one grading run finish, exit 0, and log each ungradable
    submission on one clear line?"""
    result = graded["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stderr
    assert re.search(r"GRADE 0: kernel_kill, forward: the kernel died",
                     log), log[-3000:]
    assert re.search(r"GRADE 0: corrupt_json, forward: forward.ipynb is "
                     r"not (valid JSON|a readable notebook)", log)
    assert re.search(r"GRADE 0: breaks_kernel, forward: the kernel "
                     r"stopped answering", log)
    assert re.search(r"graded \d+ submissions \(3 ungradable\) in \d+ s",
                     log)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_solutions_score_full_marks(graded, assignment):
    """Do the instructor's solutions earn every autograded point?"""
    cells = graded["scores"][("solution", assignment)]
    auto = {k: v for k, v in cells.items() if k.startswith("test_")}
    assert auto and all(s == m for s, m in auto.values()), auto
    assert sum(s for s, _ in auto.values()) == POINTS[assignment]
    row = graded["csv"][("solution", assignment)]
    assert float(row["score"]) == POINTS[assignment]
    assert row["status"] == "graded; manual grading pending"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_student_versions_score_zero(graded, assignment):
    """Does an untouched student version score 0 (and not crash)?"""
    row = graded["csv"][("blank", assignment)]
    assert row["status"] == "graded"
    assert float(row["score"]) == 0.0


@pytest.mark.parametrize("student", sorted(MISTAKES))
def test_named_mistake_earns_designed_credit_and_is_named(graded,
                                                          student):
    """Does each classic mistake score the designed partial credit, with
    feedback that names it?"""
    assignment, _, expected, title = MISTAKES[student]
    cells = graded["scores"][(student, assignment)]
    for grade_id, score in expected.items():
        assert cells[grade_id][0] == pytest.approx(score), (grade_id,
                                                            cells)
    assert title in _feedback(graded, student, assignment)


def _forward_scores(graded, student):
    cells = graded["scores"][(student, "forward")]
    return {k: s for k, (s, _) in cells.items() if k.startswith("test_")}


def test_hard_coded_article_numbers_earn_nothing(graded):
    """Does a forward pass that returns the article's numbers earn 0?"""
    scores = _forward_scores(graded, "hardcoded")
    assert scores["test_forward_pass"] == 0
    assert scores["test_sigmoid"] == 1 and scores[
        "test_half_squared_error"] == 1


def test_calling_the_reference_earns_nothing_and_says_why(graded):
    """Does a forward pass that calls nnlib earn 0, with the reason?"""
    assert _forward_scores(graded, "calls_reference")[
        "test_forward_pass"] == 0
    text = _feedback(graded, "calls_reference", "forward")
    assert "earns none" in text and "imports nnlib" in text


def test_tampered_locked_cells_are_restored(graded):
    """Are an edited test cell (and its points) and an edited setup cell
    put back, so the correct solution scores exactly its points?"""
    scores = graded["scores"][("tampered", "forward")]
    assert scores["test_forward_pass"] == (2.0, 2.0)
    assert float(graded["csv"][("tampered", "forward")]["score"]) == 4


@pytest.mark.parametrize("student",
                         ["deleted_test", "deleted_note_and_test"])
def test_deleted_test_cell_is_put_back_and_scored(graded, student):
    """Is a deleted test cell added back and scored, whether the locked
    note before it is still there or deleted too?"""
    assert graded["scores"][(student, "forward")][
        "test_forward_pass"] == (2.0, 2.0)
    assert float(graded["csv"][(student, "forward")]["score"]) == 4


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_only_answer_cells_are_editable(assignment):
    """Is every cell of the source notebook an nbgrader cell (schema 3,
    its own grade_id), locked unless it is a solution a student writes?"""
    nb = nbformat.read(str(ROOT / "assignments" / "source" / assignment
                           / f"{assignment}.ipynb"), as_version=4)
    ids = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        assert meta is not None, cell.source[:60]
        assert meta["schema_version"] == 3
        assert meta["locked"] != meta["solution"], (meta, cell.source[:60])
        ids.append(meta["grade_id"])
    assert len(ids) == len(set(ids))


def test_infinite_loop_costs_only_its_part(graded):
    """Does an endless loop score 0 on its part and leave the rest?"""
    scores = _forward_scores(graded, "infinite_loop")
    assert scores == {"test_sigmoid": 1.0, "test_forward_pass": 0.0,
                      "test_half_squared_error": 1.0}
    assert "ran out of time" in _feedback(graded, "infinite_loop",
                                          "forward")


@pytest.mark.parametrize("student",
                         ["kernel_kill", "corrupt_json", "breaks_kernel"])
def test_unreadable_or_killed_submission_scores_zero(graded, student):
    """Do a killed kernel and a corrupt file score 0 in the CSV?"""
    row = graded["csv"][(student, "forward")]
    assert float(row["score"]) == 0
    assert row["status"].startswith("not gradable")


def test_patched_numpy_gains_nothing(graded):
    """Does patching numpy and builtins in the kernel earn nothing, and
    say why, where the same wrong code without patches earns part?"""
    patched = _forward_scores(graded, "patched_numpy")
    plain = graded["scores"][("bias_left_out", "forward")]
    assert plain["test_forward_pass"][0] == 1.5
    assert set(patched.values()) == {0.0}
    text = _feedback(graded, "patched_numpy", "forward")
    assert "replaces np.allclose" in text


def _hidden_numbers(course):
    """Text renderings of every hidden problem's reference values."""
    from nnlib import grading

    texts = set()
    for a in ASSIGNMENTS:
        nb = nbformat.read(str(course / "source" / a / f"{a}.ipynb"),
                           as_version=4)
        for cell in nb.cells:
            spec = grading.parse_part(cell.source)
            if spec is None:
                continue
            for case in spec.hidden:
                problem = grading.problem_for(spec.task.kind, case)
                ref = grading.reference(spec.task, problem, case)
                for v in ref.values():
                    arrays = v if isinstance(v, tuple) else (v,)
                    for arr in arrays:
                        for x in np.ravel(np.asarray(arr, float)):
                            if abs(x) > 1e-3 and round(x, 3) != x:
                                texts.add(f"{x:.5f}")
    return texts


def test_feedback_shows_no_hidden_test_or_value(graded):
    """Is every feedback page free of hidden test source, seeds and the
    hidden problems' reference values?"""
    course = graded["course"]
    pages = sorted((course / "feedback").glob("*/*/*.html"))
    assert len(pages) == graded["submissions"] - 3  # the 3 ungradable
    hidden = _hidden_numbers(course)
    assert len(hidden) > 100
    for page in pages:
        text = html.unescape(page.read_text())
        assert "HIDDEN TESTS" not in text, page
        assert "check_fresh" not in text, page
        assert "seed-" not in text, page
        # a number the student typed in their own code is not a leak
        # (the article's z2 = 0.1141643 is one hidden value's neighbour)
        student, assignment = page.parts[-3], page.parts[-2]
        own = (course / "submitted" / student / assignment
               / page.name.replace(".html", ".ipynb")).read_text()
        leaked = [h for h in hidden if h in text and h not in own]
        assert not leaked, (page, leaked[:5])
