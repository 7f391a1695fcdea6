"""Helpers shared by the reference-table tests (countries, organizations, tools): strict CSV
reading, a row's labels, and the label clashes every table must be free of."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and raw rows; `strict` so a stray quote fails instead of being absorbed."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, strict=True)
        header = next(reader)
        return header, list(reader)


def dicts(table: tuple[list[str], list[list[str]]]) -> list[dict[str, str]]:
    header, raw = table
    return [dict(zip(header, r, strict=True)) for r in raw]


def labels(row: dict[str, str], column: str) -> list[str]:
    """The labels of one cell: `alt_*` cells hold "|"-separated variants, others one label or none."""
    value = row[column]
    if column.startswith("alt_"):
        return value.split("|") if value else []
    return [value] if value else []


def fold(label: str, lang: str) -> str:
    """How the extractors compare labels: English case-folded, Chinese as written."""
    return label.casefold() if lang == "en" else label


def clashes(rows: list[dict[str, str]], key: str, columns: tuple[str, ...], lang: str) -> dict[str, list[str]]:
    """Labels (folded) that several rows claim: a mention of one could not be resolved."""
    owners = defaultdict(set)
    for r in rows:
        for column in columns:
            for label in labels(r, column):
                owners[fold(label, lang)].add(r[key])
    return {k: sorted(v) for k, v in owners.items() if len(v) > 1}


def repeated_within(rows: list[dict[str, str]], key: str, label_columns: dict[str, tuple[str, ...]]) -> list:
    """(row key, language) where a row lists the same label twice."""
    bad = []
    for r in rows:
        for lang, columns in label_columns.items():
            found = [fold(lab, lang) for column in columns for lab in labels(r, column)]
            if len(found) != len(set(found)):
                bad.append((r[key], lang))
    return bad
