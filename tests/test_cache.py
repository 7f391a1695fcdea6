"""The build cache's entry (palermo/cache.py): its format written into it and checked on read, its
key, and a rebuild that extracts again a document whose entry is old or foreign."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from palermo.cache import SUFFIXES, CacheEntry, entry_key
from palermo.pipeline import build
from palermo.reader import ReadError
from palermo.resources import corpus_dir

ENTRY = CacheEntry(
    "a.txt",
    graph="https://example.org/g/a.txt",
    expression="https://example.org/e/a",
    shared=["<s> <p> <o> ."],
    kinds={"documents": ["https://example.org/e/a"]},
    blocks=[["b", "1"]],
    recommendations=[["r", "1"]],
    violations=[{"focus": "f", "path": "p", "message": "m"}],
    facts=3,
    warnings=["w"],
    quality={"fact_ids": [["b", "q", "x"]]},
)


def written(folder: Path) -> Path:
    ENTRY.write(folder, "k", ["<s> <p> <o> ."], "text\r\n")
    return folder / "k.json"


def test_an_entry_reads_back_what_was_written(tmp_path: Path) -> None:
    written(tmp_path)
    assert CacheEntry.read(tmp_path, "k") == ENTRY
    assert (tmp_path / "k.nt").read_text(encoding="utf-8") == "<s> <p> <o> .\n"
    assert (tmp_path / "k.txt").read_bytes() == b"text\r\n"  # the text as read: evidence offsets point into it
    assert json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))["format"] == CacheEntry.FORMAT


def _older(d: dict[str, Any]) -> None:
    d["format"] = CacheEntry.FORMAT - 1


def _unnumbered(d: dict[str, Any]) -> None:
    del d["format"]


def _foreign_field(d: dict[str, Any]) -> None:
    d["lines"] = []


def _missing_field(d: dict[str, Any]) -> None:
    del d["quality"]


@pytest.mark.parametrize("change", [_older, _unnumbered, _foreign_field, _missing_field])
def test_an_entry_of_another_format_is_not_read(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = written(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert CacheEntry.read(tmp_path, "k") is None


@pytest.mark.parametrize("content", ["", "{", "[]", '"entry"', "null"])
def test_an_entry_that_is_not_an_object_is_not_read(tmp_path: Path, content: str) -> None:
    written(tmp_path).write_text(content, encoding="utf-8")
    assert CacheEntry.read(tmp_path, "k") is None


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_entry_missing_a_file_is_not_read(tmp_path: Path, suffix: str) -> None:
    written(tmp_path)
    (tmp_path / f"k{suffix}").unlink()
    assert CacheEntry.read(tmp_path, "k") is None


def test_the_key_follows_name_bytes_base_and_data(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("一", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("一", encoding="utf-8")
    first = entry_key(a, "https://x.org/", 100, "v1")
    assert first == entry_key(a, "https://x.org/", 100, "v1")
    others = [
        entry_key(b, "https://x.org/", 100, "v1"),
        entry_key(a, "https://y.org/", 100, "v1"),
        entry_key(a, "https://x.org/", 100, "v2"),
    ]
    a.write_text("二", encoding="utf-8")
    others.append(entry_key(a, "https://x.org/", 100, "v1"))
    assert len({first, *others}) == 5


def test_the_key_refuses_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 11)
    with pytest.raises(ReadError, match=r"big\.txt: 11 bytes is over the 10-byte limit"):
        entry_key(big, "https://x.org/", 10, "v")
    with pytest.raises(ReadError, match="not a regular file"):
        entry_key(tmp_path, "https://x.org/", 10, "v")


@pytest.fixture
def two(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(corpus_dir().glob("*.txt"))[:2]:
        shutil.copy(p, src / p.name)
    return src


def test_a_rebuild_extracts_again_a_document_whose_entry_is_old(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([two], out, jobs=1, progress=False)
    assert (first.extracted, first.cached) == (2, 0)
    graph = (out / "graph.nt").read_bytes()
    entries = sorted((out / "cache").glob("*.json"))
    assert len(entries) == 2
    data = json.loads(entries[0].read_text(encoding="utf-8"))
    data["format"] = CacheEntry.FORMAT - 1
    entries[0].write_text(json.dumps(data), encoding="utf-8")
    again = build([two], out, jobs=1, progress=False)
    assert (again.extracted, again.cached) == (1, 1)
    assert (out / "graph.nt").read_bytes() == graph
    assert all(CacheEntry.read(out / "cache", p.stem) is not None for p in entries)  # written anew
