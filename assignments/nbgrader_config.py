"""nbgrader configuration of the Backprop by Hand course.

Run every nbgrader command from this folder (the Makefile's ``assign-*``
targets do). What is configured here, and why:

* the course root is this folder, wherever it was copied to;
* grading happens outside the student's kernel: test cells only record
  the student's answers, and :class:`bbh_nbgrader.JudgeOutsideKernel`
  compares them with nnlib in the grading process, after ``Execute``
  (see ``bbh_nbgrader.py`` for the reasoning and its limits);
* a cell runs for at most ``Execute.timeout`` seconds, so a student's
  infinite loop costs seconds, not the default half minute per cell;
* tracebacks are minimal, hidden tests are cleared from the feedback,
  and a deleted test cell is put back and scored.
"""

import os
import sys

from nbconvert.preprocessors import (
    ClearMetadataPreprocessor,
    CSSHTMLHeaderPreprocessor,
)
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    Execute,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteKernelspec,
    SaveAutoGrades,
)

# bbh_nbgrader.py sits next to this file, in the course folder
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bbh_nbgrader import (  # noqa: E402
    HideOutputsAfterTests,
    JudgeOutsideKernel,
    RestoreMissingTestCells,
)

c = get_config()  # noqa: F821  (nbgrader provides get_config)

c.CourseDirectory.course_id = "backprop-by-hand"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(
    c.CourseDirectory.root, "gradebook.db"
)

# Student versions: a short, uniform prompt in place of each solution.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Execution: seconds per cell; minimal tracebacks so no source line of a
# test is echoed into an error. (KernelManager.transport = "ipc" would
# silence ipykernel's TCP warning, but here the kernel then never
# answered within the start-up timeout, so we keep TCP.)
c.Execute.timeout = 10
c.Execute.extra_arguments = [
    "--HistoryManager.hist_file=:memory:",
    "--InteractiveShell.xmode=Minimal",
]

# A deleted test cell comes back from the gradebook and is scored;
# nbgrader's own step fails when a locked note precedes the test cell,
# so the sanitizing steps use the repaired one (bbh_nbgrader.py).
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    RestoreMissingTestCells,
    CheckCellMetadata,
]

# nbgrader's own autograde steps, with the judge right after Execute: it
# replaces each test cell's outputs by the verdict before the grades are
# read from them (SaveAutoGrades) and before outputs are trimmed.
c.Autograde.autograde_preprocessors = [
    Execute,
    JudgeOutsideKernel,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]

# Feedback: no hidden test source, and no output a student's own cell
# printed after the tests ran (it could echo a hidden problem).
c.GenerateFeedback.preprocessors = [
    GetGrades,
    HideOutputsAfterTests,
    ClearHiddenTests,
    CSSHTMLHeaderPreprocessor,
]
