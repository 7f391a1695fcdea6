"""No function outside the tests is longer than 80 lines (issue 28): one that is does several
things, and someone carrying the code on reads it whole before changing any of it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LONGEST = 80
PACKAGES = ("palermo", "extract", "graph", "ontology", "benchmarks")
def long_functions(source: str, longest: int = LONGEST) -> list[tuple[str, int]]:
    """The functions and methods of `source` longer than `longest` lines: (name, lines)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
            lines = node.end_lineno - node.lineno + 1
            if lines > longest:
                found.append((node.name, lines))
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n" + "    x = 1\n" * 80, [("f", 81)]),
        ("def f():\n" + "    x = 1\n" * 79, []),
        ("class C:\n    async def m(self):\n" + "        x = 1\n" * 85, [("m", 86)]),
        ("def outer():\n    def inner():\n" + "        x = 1\n" * 90, [("outer", 92), ("inner", 91)]),
    ],
)
def test_long_functions_are_found(source: str, expected: list[tuple[str, int]]) -> None:
    assert long_functions(source) == expected


def test_no_function_is_longer_than_80_lines() -> None:
    files = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))
    assert files, f"no Python file under {ROOT}"
    long = [
        f"{file.relative_to(ROOT).as_posix()}: {name} ({lines} lines)"
        for file in files
        for name, lines in long_functions(file.read_text(encoding="utf-8"))
    ]
    assert long == []
