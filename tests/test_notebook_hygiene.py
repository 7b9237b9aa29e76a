"""Stored notebooks hold nothing that changes from run to run.

``make notebooks`` (nbconvert, then tools/tidy_notebooks.py) must
reproduce the committed files byte for byte, so a re-run after an nnlib
change shows only real differences in a diff.
"""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "assignments" / "source").glob("*/*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_timings_or_widget_ids_are_stored(path):
    """Does the notebook store no timings, widget ids or widget state?"""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"], "widget state is stored"
    for i, cell in enumerate(nb["cells"]):
        assert "execution" not in cell.get("metadata", {}), (
            f"cell {i} stores its timing; run `make notebooks`"
        )
        for out in cell.get("outputs", []):
            assert ("application/vnd.jupyter.widget-view+json"
                    not in out.get("data", {})), (
                f"cell {i} stores a widget view with a random model id; "
                "run `make notebooks`"
            )


def test_tidy_keeps_the_static_fallback():
    """Does tidying drop the widget view but keep its PNG and text?"""
    import nbformat

    from tools.tidy_notebooks import tidy

    cell = nbformat.v4.new_code_cell("explorer()")
    cell.metadata["execution"] = {"iopub.status.busy": "2026-12-03"}
    cell.outputs = [nbformat.v4.new_output(
        "display_data",
        data={"application/vnd.jupyter.widget-view+json":
              {"model_id": "abc", "version_major": 2,
               "version_minor": 0},
              "image/png": "iVBORw0KGgo=", "text/plain": "y = 0.5285"},
    ), nbformat.v4.new_output(
        "display_data",
        data={"application/vnd.jupyter.widget-view+json":
              {"model_id": "def", "version_major": 2,
               "version_minor": 0}},
    )]
    nb = nbformat.v4.new_notebook(cells=[cell])
    tidy(nb)
    (out,) = nb.cells[0].outputs
    assert set(out["data"]) == {"image/png", "text/plain"}
    assert "execution" not in nb.cells[0].metadata
