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

``RestoreMissingTestCells`` is nbgrader's ``OverwriteCells`` with one
repair: nbgrader puts a deleted test cell back after the source cell
just before it, but finds that cell only among graded and solution
cells, so a locked note right before a test cell (ours: "The check
below ...") made it fail on a KeyError and the whole submission went
ungraded. Here the test cell goes after the nearest earlier cell of the
source that the submission still has, locked ones included.

Limits: see ``nnlib.grading`` (static reading of the student's cells;
the reference is installed where the student's code runs).
"""

from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells

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


class RestoreMissingTestCells(OverwriteCells):
    """nbgrader's OverwriteCells; a deleted test cell is put back after
    the nearest earlier source cell still present (see the module
    docstring)."""

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id,
                                                 self.assignment_id)
        order = [c.name for c in source_nb.source_cells]
        solutions = {c.name for c in source_nb.solution_cells}
        for grade_cell in source_nb.grade_cells:
            present = [c.metadata.get("nbgrader", {}).get("grade_id")
                       for c in nb.cells]
            if grade_cell.name in present:
                continue
            self.log.warning("Missing grade cell %s encountered, adding "
                             "to notebook", grade_cell.name)
            where = order.index(grade_cell.name)
            new = self.missing_cell_transform(
                source_nb.source_cells[where], grade_cell.max_score,
                is_solution=grade_cell.name in solutions)
            at = 0  # no earlier source cell left: first in the notebook
            for name in reversed(order[:where]):
                if name in present:
                    at = present.index(name) + 1
                    break
            nb.cells.insert(at, new)
        return nb, resources
