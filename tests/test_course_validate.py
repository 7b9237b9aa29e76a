"""`make assign-validate` answers a broken hand-in in one plain line."""

import subprocess
import sys
from pathlib import Path

import pytest

COURSE = Path(__file__).resolve().parents[1] / "assignments" / "course.py"


def validate(path):
    return subprocess.run([sys.executable, str(COURSE), "validate",
                           str(path)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("content, message", [
    ('{"cells": [', "not valid JSON (line 1); it cannot be graded"),
    (b"\xff\xfe", "not valid JSON"),
    ('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
     "none of the course's graded cells"),
])
def test_unreadable_notebook_is_one_line_not_a_traceback(
        tmp_path, content, message):
    """Does a truncated or non-notebook file get one line and exit 2?"""
    path = tmp_path / "forward.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    done = validate(path)
    assert done.returncode == 2
    assert message in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_missing_notebook_is_named(tmp_path):
    """Does a path that does not exist get named, without a traceback?"""
    done = validate(tmp_path / "nope.ipynb")
    assert done.returncode == 2 and "nope.ipynb: no such file" in done.stdout
    assert "Traceback" not in done.stderr


def test_timeout_reads_as_a_loop_that_never_ends():
    """Is a kernel timeout explained, with terminal colours removed?"""
    sys.path.insert(0, str(COURSE.parent))
    try:
        from course import _plain_error
    finally:
        sys.path.pop(0)
    raw = "\x1b[0;31mCellTimeoutError\x1b[0m: No reply from kernel"
    assert "loop that never ends" in _plain_error(raw)
    assert _plain_error("\x1b[0;31mAssertionError\x1b[0m: z1") == (
        "AssertionError: z1")
