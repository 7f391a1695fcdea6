"""Extractors never import each other's helpers (extract/context.py's rule): an extractor module
imports only the shared context (under TYPE_CHECKING or not), the gazetteer and palermo's own
modules; only the registry (extract/__init__.py) and the context that runs the masthead and the
meetings reader import extractors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXTRACT = Path(__file__).resolve().parent.parent / "extract"
SHARED = {"context", "gazetteer"}  # what more than one extractor may read
RUNS_EXTRACTORS = {"__init__", "context"}


def extract_imports(source: str) -> set[str]:
    """The modules of palermo.extract a source imports (`from palermo.extract import x` names x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "palermo.extract":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("palermo.extract."):
                found.add(node.module.split(".")[2])
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from palermo.extract.masthead import symbol_act", {"masthead"}),
        ("from palermo.extract import actors, meetings as m", {"actors", "meetings"}),
        ("if TYPE_CHECKING:\n    from palermo.extract.context import Context", {"context"}),
        ("from palermo.symbols import symbol_act", set()),
    ],
)
def test_extract_imports_are_found(source: str, expected: set[str]) -> None:
    assert extract_imports(source) == expected


@pytest.mark.parametrize(
    "path", sorted(p for p in EXTRACT.glob("*.py") if p.stem not in RUNS_EXTRACTORS), ids=lambda p: p.stem
)
def test_an_extractor_imports_no_other_extractor(path: Path) -> None:
    assert extract_imports(path.read_text(encoding="utf-8")) <= SHARED
