"""Instructor commands of the Backprop by Hand course (thin glue).

    python assignments/course.py generate [ASSIGNMENT ...]
    python assignments/course.py grade [ASSIGNMENT ...]
    python assignments/course.py validate NOTEBOOK

``generate`` writes the student versions to ``release/``. ``grade``
autogrades every submission in ``submitted/<student>/<assignment>/``
(one nbgrader run per assignment, all students at once), writes the
feedback HTML to ``feedback/`` and the grades to ``grades.csv``.
``validate`` runs one student's notebook and reports the failing checks,
for a student to run before handing it in.

Everything is nbgrader's own machinery (its Python API, configured by
``nbgrader_config.py``), run in one process so its start-up is paid
once. What this file adds: a submission nbgrader could not grade (a
corrupt notebook, a kernel that died) gets a 0 in ``grades.csv`` and one
log line saying why, and the command still exits 0 once every other
student is graded; the exit status is 1 only if nothing could be graded
or the CSV could not be written.
"""

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

COURSE = Path(__file__).resolve().parent
ASSIGNMENTS = ("forward", "backward", "update_train", "deeper_batched")


def _log(message):
    print(f"[course] {message}", file=sys.stderr, flush=True)


def _api():
    """nbgrader's API, configured by nbgrader_config.py in this folder."""
    # nbgrader runs `alembic` and kernels from PATH: use this Python's
    os.environ["PATH"] = (str(Path(sys.executable).parent) + os.pathsep
                          + os.environ.get("PATH", ""))
    os.chdir(COURSE)
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py",
                                path=str(COURSE)).load_config()
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def _assignments(names):
    chosen = names or [a for a in ASSIGNMENTS
                       if (COURSE / "source" / a).is_dir()]
    unknown = [a for a in chosen if not (COURSE / "source" / a).is_dir()]
    if unknown:
        raise SystemExit(
            f"no assignment {', '.join(unknown)} in {COURSE / 'source'}; "
            f"expected one of {', '.join(ASSIGNMENTS)}"
        )
    return chosen


def generate(names):
    """Student versions of the assignments, in release/."""
    api = _api()
    ok = True
    for a in _assignments(names):
        result = api.generate_assignment(a, force=True, create=True)
        ok &= bool(result["success"])
        _log(f"generate {a}: {'ok' if result['success'] else 'FAILED'}")
        if not result["success"]:
            print(result.get("error", ""), file=sys.stderr)
    return 0 if ok else 1


def _submissions(assignment):
    """(student, notebook path) for every submitted notebook."""
    root = COURSE / "submitted"
    if not root.is_dir():
        return []
    return sorted(
        (d.name, nb)
        for d in root.iterdir() if d.is_dir()
        for nb in sorted((d / assignment).glob("*.ipynb"))
    )


def _unreadable(path):
    """Why a submitted file is not a notebook nbgrader can read, or ""."""
    import nbformat

    try:
        json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        where = getattr(err, "lineno", None)
        return "not valid JSON" + (f" (line {where})" if where else "")
    try:
        nbformat.read(str(path), as_version=4)
    except Exception as err:  # nbformat raises several kinds
        return f"not a readable notebook ({type(err).__name__})"
    return ""


def _why_failed(log, student):
    """The reason for one student's failure, from nbgrader's log: the
    block that starts where nbgrader turns to this student."""
    head = "Creating/updating student with ID "
    start = log.find(f"{head}'{student}'")
    if start < 0:
        return "nbgrader could not grade it"
    end = log.find(head, start + len(head))
    text = log[start:end if end > 0 else len(log)]
    if "Kernel died" in text or "DeadKernelError" in text:
        return "the kernel died while running it"
    if "CellTimeoutError" in text or "Timeout" in text:
        return ("the kernel stopped answering (a cell timed out and "
                "could not be interrupted)")
    return "nbgrader could not grade it (see its log)"


def grade(names):
    """Autograde everything in submitted/, feedback, grades.csv."""
    api = _api()
    failed = {}  # (student, assignment) -> reason
    graded = 0
    start = time.perf_counter()
    for a in _assignments(names):
        subs = _submissions(a)
        if not subs:
            _log(f"grade {a}: no submissions")
            continue
        for student, nb in subs:
            why = _unreadable(nb)
            if why:
                failed[(student, a)] = f"{nb.name} is {why}"
        result = api.autograde(a, "*", force=True, create=True)
        log = result.get("log", "")
        for student, nb in subs:
            done = COURSE / "autograded" / student / a / nb.name
            if (student, a) not in failed and not done.is_file():
                failed[(student, a)] = _why_failed(log, student)
        for (student, fa), reason in sorted(failed.items()):
            if fa == a:
                _log(f"GRADE 0: {student}, {a}: {reason}; every other "
                     "submission was graded")
        graded += sum((s, a) not in failed for s, _ in subs)
        fb = api.generate_feedback(a, None, force=True)
        _log(f"grade {a}: {len(subs)} submitted, "
             f"{sum(fa == a for _, fa in failed)} scored 0 ungraded; "
             f"feedback {'ok' if fb['success'] else 'incomplete'}")
    out = COURSE / "grades.csv"
    _write_csv(api, out, failed)
    _log(f"graded {graded} submissions ({len(failed)} ungradable) in "
         f"{time.perf_counter() - start:.0f} s; wrote {out}")
    return 0 if graded or not failed else 1


def _write_csv(api, out, failed):
    """nbgrader's gradebook as CSV, one row per student and assignment;
    a submission nbgrader could not grade has score 0 and its reason."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(api.coursedir.db_url) as gb:
        for assignment in gb.assignments:
            for student in gb.students:
                try:
                    sub = gb.find_submission(assignment.name, student.id)
                    score, status = sub.score, "graded"
                    if sub.needs_manual_grade:
                        status = "graded; manual grading pending"
                except MissingEntry:
                    score, status = 0.0, "no submission"
                why = failed.get((student.id, assignment.name))
                if why:
                    score, status = 0.0, f"not gradable: {why}"
                rows.append([assignment.name, student.id, f"{score:g}",
                             f"{assignment.max_score:g}", status])
        seen = {(r[1], r[0]) for r in rows}
        for (student, a), why in sorted(failed.items()):
            if (student, a) not in seen:  # nbgrader never recorded them
                rows.append([a, student, "0", "", f"not gradable: {why}"])
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["assignment", "student_id", "score", "max_score",
                         "status"])
        writer.writerows(sorted(rows))


def validate(path):
    """Run one notebook as the grader would and say what failed."""
    path = Path(path).resolve()
    if not path.is_file():
        print(f"{path}: no such file; give the path of a notebook "
              "(.ipynb)")
        return 2
    why = _unreadable(path)
    if why:
        print(f"{path.name}: {why}; it cannot be graded. Re-download it "
              "or restore it from a checkpoint (File > Revert Notebook "
              "to Checkpoint) before handing it in.")
        return 2
    if not _graded_cells(path):
        print(f"{path.name}: has none of the course's graded cells; is "
              "it the notebook from assignments/release (or a copy of "
              "it)?")
        return 2
    api = _api()
    from nbgrader.validator import Validator

    results = Validator(config=api.config).validate(str(path))
    failed = results.get("failed", [])
    changed = results.get("changed", []) + results.get("type_changed", [])
    for cell in failed:
        print("A check failed:\n" + _plain_error(cell["raw_error"]) + "\n")
    for cell in changed:
        print("A locked cell was changed; grading restores it:\n"
              + cell["source"][:300] + "\n")
    if failed or changed:
        print(f"{path.name}: {len(failed)} check(s) failed, "
              f"{len(changed)} locked cell(s) changed.")
        return 1
    print(f"{path.name}: every visible check passes. Hidden checks on "
          "fresh problems run when it is graded.")
    return 0


def _graded_cells(path):
    """How many cells nbgrader would grade in the notebook at path."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    return sum(1 for cell in nb.cells
               if cell.metadata.get("nbgrader", {}).get("grade"))


def _plain_error(text):
    """An error as plain text: no terminal colours; a timeout said as a
    loop that never ends rather than as the kernel's traceback."""
    import re

    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    if "CellTimeoutError" in text or "KeyboardInterrupt" in text:
        return ("The cell ran out of time and was stopped: look for a "
                "loop that never ends.")
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("generate", "grade"):
        p = sub.add_parser(name)
        p.add_argument("assignments", nargs="*")
    p = sub.add_parser("validate")
    p.add_argument("notebook")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.notebook)
    return {"generate": generate, "grade": grade}[args.command](
        args.assignments)


if __name__ == "__main__":
    sys.exit(main())
