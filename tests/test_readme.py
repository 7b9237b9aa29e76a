"""The README's examples work as a newcomer would paste them."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks(language):
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_readme_names_the_two_commands():
    """Does the README show `make lab` and `make test`?"""
    text = README.read_text(encoding="utf-8")
    assert "make lab" in text and "make test" in text


def test_python_examples_run(tmp_path, monkeypatch):
    """Do the README's Python blocks run, in order, without error?"""
    monkeypatch.chdir(tmp_path)
    namespace = {}
    for code in blocks("python"):
        exec(compile(code, str(README), "exec"), namespace)


def nnlib_commands():
    commands = []
    for block in blocks("sh"):
        for line in block.splitlines():
            line = line.split("#")[0].strip()
            if line.startswith(".venv/bin/python -m nnlib"):
                commands.append(line)
    return commands


@pytest.mark.parametrize("command", nnlib_commands())
def test_command_line_examples_run(tmp_path, command):
    """Does each `python -m nnlib ...` line of the README exit 0?"""
    # the JSON example in the README is the file the --json line reads
    (tmp_path / "my-problem.json").write_text(blocks("json")[0])
    args = shlex.split(command)
    args[0] = sys.executable
    done = subprocess.run(args, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
