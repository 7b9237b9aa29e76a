"""Drop what changes on every run from executed notebooks.

``make notebooks`` runs this after nbconvert has executed the notebooks
in place. It removes, from every code cell:

* ``metadata.execution`` (cell timings, from older runs);
* the live-widget view (``application/vnd.jupyter.widget-view+json``):
  its model id is random on every run, and without a running kernel the
  view cannot be shown anyway. Each explorer also leaves a static PNG
  and a text table, which GitHub, an HTML export and JupyterLab show
  instead; running the cell brings the live widget back.

nbval ignores both, so a tidied notebook still validates, and a re-run
reproduces the committed file byte for byte.

Usage: python tools/tidy_notebooks.py notebooks/*.ipynb
"""

import sys

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def tidy(nb):
    """Remove timings and widget views from ``nb`` in place."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        kept = []
        for out in cell.outputs:
            data = out.get("data")
            if data is not None:
                data.pop(WIDGET_VIEW, None)
                if not data:
                    continue  # the output held nothing but the view
            kept.append(out)
        cell.outputs = kept
    nb.metadata.pop("widgets", None)
    return nb


def main(paths):
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nbformat.write(tidy(nb), path)


if __name__ == "__main__":
    main(sys.argv[1:])
