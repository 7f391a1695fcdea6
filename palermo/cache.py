"""A document's entry in the build cache (`cache/<key>.json`, `.nt`, `.txt`): what a later build
into the same folder takes instead of extracting the document again.

The entry is its own type, apart from the worker's reply, and carries its format number inside
it: an entry of another format (an older Palermo, a file edited or written by something else) is
not read, and the document is extracted again. The key also names the format, the source's name
and bytes, the base IRI and the data version (extractors, package and ontology/).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

from palermo.reader import ReadError

SUFFIXES = (".json", ".nt", ".txt")  # the entry's counts and findings, its graph's lines, its text


@dataclass
class CacheEntry:
    """What a build keeps of one document besides its lines and text (JSON, `format` inside)."""

    FORMAT: ClassVar[int] = 14  # bump when a field changes: entries of another format are ignored

    source: str
    graph: str  # the document's named graph
    expression: str  # the language version read: one source per version in a build
    shared: list[str] = field(default_factory=list)  # what other graphs may describe too (graph/merged.py)
    kinds: dict[str, list[str]] = field(default_factory=dict)  # pipeline.SUMMARY_KINDS → subjects
    blocks: list[list[str]] = field(default_factory=list)  # graph/links.alignment_rows: for alignment
    recommendations: list[list[str]] = field(default_factory=list)  # for quotation links
    violations: list[dict[str, str]] = field(default_factory=list)
    facts: int = 0
    warnings: list[str] = field(default_factory=list)  # values left out: they did not fit the shapes
    quality: dict[str, Any] = field(default_factory=dict)  # what was read and how well (graph/quality.py)

    def write(self, folder: Path, key: str, lines: list[str], text: str) -> None:
        """The entry's three files; the lines and text are not kept in memory past this."""
        (folder / f"{key}.nt").write_text("".join(ln + "\n" for ln in lines), encoding="utf-8")
        (folder / f"{key}.txt").write_text(text, encoding="utf-8", newline="")
        data = {"format": self.FORMAT, **asdict(self)}
        (folder / f"{key}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path, key: str) -> CacheEntry | None:
        """The entry under `key`, or None when a file is missing or it is not of this format."""
        if not all((folder / f"{key}{suffix}").is_file() for suffix in SUFFIXES):
            return None
        try:
            data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.pop("format", None) != cls.FORMAT:
            return None
        if set(data) != {f.name for f in fields(cls)}:
            return None
        return cls(**data)


def entry_key(path: Path, base: str, max_bytes: int, data_version: str) -> str:
    """The cache key of a source: its name (the provenance key), its bytes, the base IRI, the data
    version and the entry's format. Refuses, before reading a byte, what is not a regular file or
    is too large."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(f"{path}: not a regular file")
    if st.st_size > max_bytes:
        raise ReadError(f"{path}: {st.st_size:,} bytes is over the {max_bytes:,}-byte limit for one document")
    h = hashlib.sha256(f"{path.name}|{base}|{data_version}|{CacheEntry.FORMAT}|".encode())
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def carry(old: Path, new: Path, key: str) -> None:
    """An entry of the previous build's cache into the new build's (linked, not copied)."""
    for suffix in SUFFIXES:
        link(old / f"{key}{suffix}", new / f"{key}{suffix}")


def link(src: Path, dst: Path) -> None:
    """A hard link where the file system allows it, else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy(src, dst)
