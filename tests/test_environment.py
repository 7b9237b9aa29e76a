"""environment.yml (conda-forge) lists the same packages as pyproject."""

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]

# conda-forge's names for the PyPI packages that are named differently
CONDA_NAME = {"matplotlib": "matplotlib-base",
              "playwright": "playwright-python"}
NOT_IN_CONDA_ENV = {"torch"}  # the benchmark's optional peer


def _name(requirement):
    return re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0].lower()


def pyproject_packages():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for _extra, extra_reqs in meta["optional-dependencies"].items():
        reqs += extra_reqs
    names = {_name(r) for r in reqs} - NOT_IN_CONDA_ENV
    return {CONDA_NAME.get(n, n) for n in names}


def conda_packages():
    names = set()
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"\s*-\s+([A-Za-z0-9_.-]+)", line)
        if m:
            names.add(m.group(1).lower())
    return names - {"python", "pip", "conda-forge"}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    """Is every package in one list also in the other?"""
    py, conda = pyproject_packages(), conda_packages()
    assert py - conda == set(), f"missing from environment.yml: {py - conda}"
    assert conda - py == set(), f"missing from pyproject.toml: {conda - py}"


def test_lower_bounds_agree():
    """Does each package have the same lower bound in both files?"""
    text = (ROOT / "environment.yml").read_text()
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra_reqs in meta["optional-dependencies"].values():
        reqs += extra_reqs
    for req in reqs:
        name = _name(req)
        if name in NOT_IN_CONDA_ENV:
            continue
        bound = re.search(r">=\s*([0-9.]+)", req)
        if bound:
            conda = CONDA_NAME.get(name, name)
            pattern = rf"-\s+{re.escape(conda)}\s*>=\s*{re.escape(bound[1])}"
            assert re.search(pattern, text), f"{name}>={bound[1]}"
