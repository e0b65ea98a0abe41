"""pyproject.toml's dependencies: each package once (scikit-learn was listed twice, with one range
that a later edit could change without the other)."""

from __future__ import annotations

import re
import tomllib
from collections import Counter

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    """The package a requirement names, normalised as PEP 503 does ("Scikit_Learn" → "scikit-learn")."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement.strip())
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def test_each_dependency_is_listed_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"dependencies": project["dependencies"], **project.get("optional-dependencies", {})}
    for group, requirements in groups.items():
        repeated = [n for n, count in Counter(map(_name, requirements)).items() if count > 1]
        assert repeated == [], f"{group}: {repeated}"
