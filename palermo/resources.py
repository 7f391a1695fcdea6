"""Locations of the data shipped with the package: ontology tables, queries, bundled corpus.

Installed, they sit inside the package (`palermo/ontology`, …); in a source checkout or an
editable install they are the top-level folders of the repository, next to `palermo/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"palermo data folder {name!r} is missing from the installation")


def ontology_path(*parts: str) -> Path:
    return _data_dir("ontology").joinpath(*parts)


def queries_dir() -> Path:
    return _data_dir("queries")


def templates_dir() -> Path:
    """The Jinja2 templates of the site's pages and their queries (graph/templates)."""
    return _data_dir("graph/templates")


def corpus_dir() -> Path:
    return _data_dir("corpus")


def tsv_rows(path: Path, fields: int) -> Iterator[list[str]]:
    """The rows of one of ontology/'s tab-separated tables (blank lines and `#` comments skipped),
    each of exactly `fields` fields: a row of another width is named by file and line, since a
    tab typed as spaces would otherwise drop a cue without a word."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != fields:
            raise ValueError(f"{path.name}:{n}: expected {fields} tab-separated fields, got {len(parts)}")
        yield parts
