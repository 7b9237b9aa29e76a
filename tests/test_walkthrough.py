"""The command-line walkthrough: python -m nnlib walkthrough."""

import json
import subprocess
import sys

import numpy as np
import pytest

import nnlib
from nnlib.__main__ import main


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_walkthrough_prints_every_number_of_sections_5_to_10(capsys):
    """Does the text show each printed value exactly as the article does?"""
    code, out, _ = run(["walkthrough"], capsys)
    assert code == 0
    for name, (_, text) in nnlib.PRINTED.items():
        if name == "y_boxed":
            continue  # the boxed y is the same y at fewer digits
        flat = [text] if isinstance(text, str) else sum(text, [])
        for entry in flat:
            assert entry in out, f"{name}: {entry} missing from walkthrough"


def test_walkthrough_is_in_the_articles_order(capsys):
    """Do forward, loss, backward, update and new loss come in order?"""
    _, out, _ = run(["walkthrough"], capsys)
    marks = ["  z1 ", "  L ", "  dL_dy ", "  db1 ", "  W2_new ",
             "  b1_new ", "  z1_new ", "  L_new "]
    positions = [out.index(m) for m in marks]
    assert positions == sorted(positions)


def test_walkthrough_runs_as_a_module():
    """Does `python -m nnlib walkthrough` work from a shell?"""
    done = subprocess.run(
        [sys.executable, "-m", "nnlib", "walkthrough"],
        capture_output=True, text=True, check=True,
    )
    assert "0.10878" in done.stdout


def test_markdown_sheet_has_latex_for_every_step(capsys):
    """Does --markdown write a $$ block per step with bmatrix values?"""
    _, out, _ = run(["walkthrough", "--markdown"], capsys)
    assert out.count("$$") == 2 * len(nnlib.walkthrough.steps())
    assert r"\begin{bmatrix} -0.0088117 & -0.0044058" in out
    assert "## §9 Parameter update" in out


def _write(tmp_path, data):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data))
    return str(path)


ARTICLE_JSON = {
    "x": [1.0, 0.5], "W1": [[0.2, -0.4], [0.7, 0.1]], "b1": [0, 0],
    "W2": [[0.3, -0.2]], "b2": [0.1], "t": 1.0, "eta": 0.1,
}


def test_json_problem_gives_the_same_numbers(tmp_path, capsys):
    """Does the article's problem read from JSON give its L_new?"""
    code, out, _ = run(["walkthrough", "--json",
                        _write(tmp_path, ARTICLE_JSON)], capsys)
    assert code == 0
    assert "L_new    = 0.1087799" in out  # 7 digits for JSON input


def test_json_problem_with_other_numbers(tmp_path, capsys):
    """Does a different problem give the loss nnlib computes for it?"""
    data = dict(ARTICLE_JSON, x=[0.5, -1.0], t=0.0)
    code, out, _ = run(["walkthrough", "--json", _write(tmp_path, data),
                        "--digits", "4"], capsys)
    assert code == 0
    p = nnlib.params(data["W1"], data["b1"], data["W2"], data["b2"])
    L = nnlib.loss_of(p, np.array(data["x"]), 0.0)
    # the expected line is formatted here, independently of the CLI
    assert f"L        = {L:.4f}" in out


def test_markdown_written_to_a_file(tmp_path, capsys):
    """Does -o write the sheet to a file and nothing to stdout?"""
    target = tmp_path / "sheet.md"
    code, out, _ = run(["walkthrough", "--markdown", "-o", str(target)],
                       capsys)
    assert code == 0 and out == ""
    assert "# Worked solution" in target.read_text()


@pytest.mark.parametrize("change, message", [
    ({"W2": [[0.3, -0.2, 0.5]]}, "W2 has shape (1, 3)"),
    ({"x": [1.0, "a"]}, "x has dtype"),
    ({"eta": -1}, "eta is -1.0; expected a positive number"),
    ({"eta": None}, "eta is None"),
    ({"t": [1.0, 2.0]}, "t has shape (2,)"),
])
def test_bad_values_give_a_message_not_a_traceback(
        tmp_path, capsys, change, message):
    """Does a bad value exit 2 with a one-line message naming it?"""
    code, out, err = run(
        ["walkthrough", "--json", _write(tmp_path,
                                         dict(ARTICLE_JSON, **change))],
        capsys)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_nan_in_json_is_named(tmp_path, capsys):
    """Does a NaN weight (JSON NaN) get a clear message?"""
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(ARTICLE_JSON).replace("0.7", "NaN"))
    code, _, err = run(["walkthrough", "--json", str(path)], capsys)
    assert code == 2 and "W1 contains NaN" in err


def test_missing_and_unknown_keys_are_listed(tmp_path, capsys):
    """Does a JSON without eta, with 'lr', list both problems?"""
    data = dict(ARTICLE_JSON, lr=0.1)
    del data["eta"]
    code, _, err = run(["walkthrough", "--json", _write(tmp_path, data)],
                       capsys)
    assert code == 2 and "missing eta" in err and "unknown lr" in err


def test_broken_json_names_the_line(tmp_path, capsys):
    """Does a truncated file say it is not valid JSON, and where?"""
    path = tmp_path / "broken.json"
    path.write_text('{"x": [1.0, 0.5],\n "W1": ')
    code, _, err = run(["walkthrough", "--json", str(path)], capsys)
    assert code == 2 and "not valid JSON (line 2" in err


def test_missing_file_is_named(tmp_path, capsys):
    """Does a missing file give its path, not a traceback?"""
    code, _, err = run(["walkthrough", "--json",
                        str(tmp_path / "nope.json")], capsys)
    assert code == 2 and "nope.json" in err


def test_non_utf8_file_is_named(tmp_path, capsys):
    """Does a file that is not UTF-8 give its name and the fix?"""
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"x": "\xff"}')
    code, _, err = run(["walkthrough", "--json", str(path)], capsys)
    assert code == 2 and "latin1.json is not UTF-8" in err
