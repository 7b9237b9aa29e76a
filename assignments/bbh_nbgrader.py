"""The two nbgrader steps the course adds; everything else is nbgrader's.

``JudgeOutsideKernel`` runs in the grading process right after
``Execute``. A test cell in the student's kernel only records what the
student's function returned (``nnlib.grading.Part``); this step reads
the cell's restored source to learn which problems were asked, judges
the recorded answers against nnlib here, where the student's code never
ran, and replaces the cell's outputs with the verdict: a message and the
score as the cell's result (nbgrader's partial credit), or an error
output for zero. ``SaveAutoGrades`` then reads the grade from those
outputs as usual. A part whose function calls nnlib, and every part of a
notebook that overwrites library code, earns 0 with the reason.

``HideOutputsAfterTests`` runs in ``generate_feedback``: once a test
cell has run, a student's later cell could print the hidden problems
(its function could have kept them), so the feedback shows no output of
any cell after the first test cell except the verdicts.

Limits: see ``nnlib.grading`` (static reading of the student's cells;
the reference is installed where the student's code runs).
"""

from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from nnlib.grading import (
    judge_cell,
    library_patches,
    parse_part,
    reference_uses,
)


def _is_test_cell(cell):
    return (cell.cell_type == "code" and utils.is_grade(cell)
            and not utils.is_solution(cell))


def verdict_outputs(verdict, execution_count):
    """The outputs a judged test cell shows: message, then the score."""
    shown = new_output(
        "display_data",
        data={"text/markdown": verdict.message,
              "text/plain": verdict.message},
    )
    if verdict.score <= 0:
        failed = new_output(
            "error", ename="NoCredit",
            evalue=f"0 of {verdict.points:g} points",
            traceback=[f"NoCredit: 0 of {verdict.points:g} points"],
        )
        return [shown, failed]
    score = new_output(
        "execute_result", data={"text/plain": f"{verdict.score:g}"},
        execution_count=execution_count,
    )
    return [shown, score]


class JudgeOutsideKernel(NbGraderPreprocessor):
    """Grade each test cell from its recorded evidence, outside the
    student's kernel (see the module docstring)."""

    def preprocess(self, nb, resources):
        student = [c.source for c in nb.cells
                   if c.cell_type == "code" and not utils.is_locked(c)]
        uses = reference_uses(student)
        patches = library_patches(student)
        for cell in nb.cells:
            if not _is_test_cell(cell):
                continue
            spec = parse_part(cell.source)
            if spec is None:
                continue
            points = float(cell.metadata.nbgrader["points"])
            verdict = judge_cell(spec, points, cell.outputs,
                                 patches or uses.get(spec.task.function))
            cell.outputs = verdict_outputs(verdict, cell.execution_count)
            self.log.info(
                "%s: %s scored %g of %g", resources["nbgrader"]["student"],
                cell.metadata.nbgrader["grade_id"], verdict.score, points)
        return nb, resources


class HideOutputsAfterTests(NbGraderPreprocessor):
    """Feedback shows no output of a non-test cell after the first test
    cell (see the module docstring)."""

    def preprocess(self, nb, resources):
        seen_test = False
        for cell in nb.cells:
            if _is_test_cell(cell):
                seen_test = True
            elif seen_test and cell.cell_type == "code" and cell.outputs:
                cell.outputs = [new_output(
                    "stream", name="stdout",
                    text="(output not shown in feedback: this cell ran "
                         "after the tests)\n")]
        return nb, resources
