"""The notebook series as a whole: structure, coverage of the article,
and clean committed outputs. (nbval re-executes each notebook and
compares its outputs; this file checks what nbval does not.)
"""

import json
import re
from pathlib import Path

import pytest

import nnlib

NOTEBOOKS = sorted(
    (Path(__file__).resolve().parent.parent / "notebooks").glob("0*.ipynb")
)


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def text_outputs(cell):
    """Every text output of a code cell, joined."""
    out = []
    for o in cell.get("outputs", []):
        if "text" in o:
            out.append("".join(o["text"]) if isinstance(o["text"], list)
                       else o["text"])
        plain = o.get("data", {}).get("text/plain")
        if plain is not None:
            out.append("".join(plain) if isinstance(plain, list) else plain)
    return "\n".join(out)


def test_nine_notebooks_the_first_named_for_make_lab():
    """Are there notebooks 01..09, 01 named as `make lab` opens it?"""
    names = [p.name for p in NOTEBOOKS]
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(1, 10)]
    assert names[0] == "01-setup-and-notation.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebook_shape(path):
    """H1 first, a notation reminder, Summary and Exercises at the end."""
    cs = cells(path)
    assert cs[0]["cell_type"] == "markdown"
    assert source(cs[0]).startswith("# ")
    md = "\n".join(source(c) for c in cs if c["cell_type"] == "markdown")
    assert "Notation reminder" in md or "notation" in md.lower()
    assert "## Summary" in md and "## Exercises" in md
    assert md.index("## Summary") < md.index("## Exercises")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_markdown_before_nearly_every_code_cell(path):
    """Is at most a quarter of the code cells preceded by code?"""
    cs = cells(path)
    code_after_code = sum(
        1 for a, b in zip(cs, cs[1:], strict=False)
        if a["cell_type"] == b["cell_type"] == "code"
    )
    n_code = sum(1 for c in cs if c["cell_type"] == "code")
    assert code_after_code <= n_code // 4 + 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_committed_outputs_are_clean(path):
    """Executed in order, no errors, no addresses or Figure reprs."""
    counts = []
    for c in cells(path):
        if c["cell_type"] != "code":
            continue
        counts.append(c.get("execution_count"))
        for o in c.get("outputs", []):
            assert o["output_type"] != "error", source(c)
            assert o.get("name") != "stderr", source(c)
        text = text_outputs(c)
        assert not re.search(r"\b0x[0-9a-fA-F]{6,}", text), text
        assert "<Figure" not in text and "object at" not in text, text
    assert counts == list(range(1, len(counts) + 1)), "re-run in order"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_line_fits_79_columns(path):
    """Do code and markdown lines alike fit 79 columns?"""
    for c in cells(path):
        for line in source(c).splitlines():
            assert len(line) <= 79, line


def test_every_article_section_has_its_heading_in_order():
    """Do sections 1 to 16 each open an H2, in the article's order?"""
    found = []
    for path in NOTEBOOKS:
        for c in cells(path):
            if c["cell_type"] == "markdown":
                found += [int(m) for m in
                          re.findall(r"^## (\d+)\. ", source(c), re.M)]
    assert found == list(range(1, 17))


def test_every_printed_number_is_checked_with_a_tick():
    """Is each of the article's printed values compared and ticked?"""
    ticked = set()
    for path in NOTEBOOKS:
        for c in cells(path):
            if c["cell_type"] != "code":
                continue
            for name in re.findall(r'compare\("(\w+)"', source(c)):
                if "✓ within half a unit" in text_outputs(c):
                    ticked.add(name)
    assert set(nnlib.PRINTED) <= ticked, set(nnlib.PRINTED) - ticked


def test_the_loose_spots_are_shown():
    """Are the rounded-y loss and the mean/sum question both shown?"""
    everything = "\n".join(
        source(c) + text_outputs(c) for p in NOTEBOOKS for c in cells(p)
    )
    assert "L(y rounded to 0.5285) = 0.11116\narticle: 0.11115  ✗" \
        in everything
    assert "half squared error" in everything or \
        "half the squared error" in everything
    assert "summed" in everything and "mean" in everything


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_each_notebook_says_where_the_article_is_loose(path):
    """Does every notebook carry the three loose spots?"""
    md = "\n".join(source(c) for c in cells(path)
                   if c["cell_type"] == "markdown")
    assert "Where the article is loose" in md
    for fact in ("half squared error", "sum", "0.11116"):
        assert fact in md, fact
