"""The merged graph: every document's graph and the reference graph as one, the store's default
graph and `graph.nt`. Made by a k-way merge of sorted N-Triples (memory bounded by the files open,
not the graph), subject by subject, which

- keeps one `schema:name` per person: two documents that spell a person differently
  ("Carina Sánchez Fernández", "Carina Sanchez Fernandez") give the name with the most letters
  outside ASCII (accents kept), then the longest, then the first in order; the other spellings
  become `skos:altLabel`s;
- notes the subjects several graphs describe (a meeting, an act, a person): merging adds
  triples only to those, so they are what it can break (an act dated differently by two
  documents: `sh:maxCount 1`). `check` validates them with the SHACL engine, on their triples
  and those of the things they point at (every path in shapes.ttl is one property long, so one
  hop is all a constraint reads), and keeps the violations whose focus is one of them. Each
  document graph is validated in full on its own; `palermo validate` validates a whole build.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from palermo.graph.validate import Violation, validate_nt
from rdflib.namespace import SKOS

from palermo.iri import SCHEMA

NAME = f"<{SCHEMA.name}>"
ALT_LABEL = f"<{SKOS.altLabel}>"
FAN_IN = 200  # files merged at once
DISAGREE = "(in the merged graph: the documents that describe it disagree)"


@dataclass
class Merged:
    """What a merge wrote: its line count, and the lines of the subjects several graphs describe."""

    triples: int = 0
    shared: dict[str, list[str]] = field(default_factory=dict)


def _subject(line: str) -> str:
    return line[: line.index(" ")]


def _accents(name: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", name) if not ch.isascii())


def _settle_names(subject: str, lines: list[str]) -> list[str]:
    """One schema:name, the other spellings as skos:altLabel."""
    head = f"{subject} {NAME} "
    names = [ln[len(head) : -2] for ln in lines if ln.startswith(head)]
    if len(names) < 2:
        return lines
    keep = min(names, key=lambda n: (-_accents(n), -len(n), n))
    kept = f"{head}{keep} ."
    return sorted(
        {f"{subject} {ALT_LABEL} {ln[len(head) :]}" if ln.startswith(head) and ln != kept else ln for ln in lines}
    )


def _groups(handles: Sequence[TextIO]) -> Iterator[tuple[str, list[str], bool]]:
    """(subject, its distinct lines, whether several files describe it), in order."""
    tagged = [zip(h, itertools.repeat(i)) for i, h in enumerate(handles)]
    for subject, group in itertools.groupby(heapq.merge(*tagged), key=lambda t: _subject(t[0])):
        lines: list[str] = []
        origins: set[int] = set()
        for ln, origin in group:
            origins.add(origin)
            if not lines or lines[-1] != ln[:-1]:
                lines.append(ln[:-1])
        yield subject, lines, len(origins) > 1


def _merge_once(files: list[Path], target: Path, merged: Merged, last: bool) -> None:
    handles = [f.open(encoding="utf-8") for f in files]
    try:
        with target.open("w", encoding="utf-8", newline="\n") as out:
            for subject, lines, several in _groups(handles):
                if last:
                    lines = _settle_names(subject, lines)
                    merged.triples += len(lines)
                if several or subject in merged.shared:
                    merged.shared[subject] = lines
                out.writelines(ln + "\n" for ln in lines)
    finally:
        for h in handles:
            h.close()


def merge(files: list[Path], target: Path, scratch: Path) -> Merged:
    """Merge sorted N-Triples files into `target`: sorted, without duplicates, names settled."""
    merged, level = Merged(), 0
    while len(files) > FAN_IN:
        outs = []
        for i in range(0, len(files), FAN_IN):
            outs.append(scratch / f"merge-{level}-{i}.nt")
            _merge_once(files[i : i + FAN_IN], outs[-1], merged, last=False)
        files, level = outs, level + 1
    _merge_once(files, target, merged, last=True)
    return merged


def check(merged: Merged, target: Path) -> list[Violation]:
    """The violations merging made: the shared subjects validated with everything they point at."""
    if not merged.shared:
        return []
    pointed = {o for lines in merged.shared.values() for o in _objects(lines)} - merged.shared.keys()
    data = [ln for lines in merged.shared.values() for ln in lines]
    with target.open(encoding="utf-8") as f:
        data.extend(ln[:-1] for ln in f if _subject(ln) in pointed)
    report = validate_nt("".join(ln + "\n" for ln in data))
    return [
        dataclasses.replace(v, message=f"{v.message} {DISAGREE}")
        for v in report.violations
        if f"<{v.focus}>" in merged.shared
    ]


def _objects(lines: list[str]) -> Iterator[str]:
    for ln in lines:
        obj = ln.split(" ", 2)[2]
        if obj.startswith("<"):
            yield obj[:-2]
