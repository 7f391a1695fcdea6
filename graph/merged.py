"""The merged graph: every document's graph and the reference graph as one, the store's default
graph and `graph.nt`.

Only the things several graphs describe are touched by merging: a meeting, an act, a work in
two languages, a person. A document graph tells them apart from its own nodes (everything under
its language version's IRI is its own) and sends their lines, with the types of what they point
at (all `sh:class` reads), as its `shared` lines. From those, `Shared`

- keeps one `schema:name` per person: two documents that spell a person differently
  ("Carina Sánchez Fernández", "Carina Sanchez Fernandez") give the name with the most letters
  outside ASCII (accents kept), then the longest, then the first in order; the other spellings
  become `skos:altLabel`s;
- validates, with the SHACL engine, the subjects several graphs describe, on all their triples
  and the types of what they point at (every path in shapes.ttl is one property long), and keeps
  the violations whose focus is one of them: what no document graph alone can show (an act
  dated differently by two documents: `sh:maxCount 1`). Each document graph is validated in
  full on its own; `palermo validate` validates a whole build.

`merge` writes the sorted union of the graphs' sorted N-Triples with `sort -m -u` (bytewise
order is code point order in UTF-8: the order Python sorts them in), the documents that state a
name turned into an altLabel copied without it first; memory stays flat whatever the number of
documents.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from palermo.graph.ntriples import TYPE
from palermo.graph.store import BuildError
from palermo.graph.validate import Violation, validate_nt
from rdflib.namespace import SKOS

from palermo.iri import SCHEMA

NAME = f"<{SCHEMA.name}>"
ALT_LABEL = f"<{SKOS.altLabel}>"
DISAGREE = "(in the merged graph: the documents that describe it disagree)"


def preferred_name(lines: Iterable[str]) -> str:
    """Of a thing's `schema:name` lines, the one the merged graph keeps: the most accented
    spelling (Jamnišek over Jamnisek), then the longest, then the first in order; the others
    become `skos:altLabel`s. One rule for every dataset made of several graphs."""
    return min(lines, key=lambda ln: (-_accents(ln), -len(ln), ln))


def _accents(name: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", name) if not ch.isascii())


def _parts(line: str) -> tuple[str, str, str]:
    s, p, o = line.split(" ", 2)
    return s, p, o[:-2]


class Shared:
    """The lines of the things several graphs may describe, by subject, with how many graphs do."""

    def __init__(self) -> None:
        self.lines: dict[str, set[str]] = {}
        self.graphs: dict[str, int] = {}
        self.named_in: dict[str, list[Path]] = {}  # a name line → the files that state it

    def add(self, lines: Iterable[str], origin: Path | None = None) -> None:
        """The shared lines of one graph (kept in the file `origin`)."""
        subjects = set()
        marker = f" {NAME} "
        for ln in lines:
            subject = ln[: ln.index(" ")]
            self.lines.setdefault(subject, set()).add(ln)
            subjects.add(subject)
            if origin is not None and marker in ln:
                self.named_in.setdefault(ln, []).append(origin)
        for subject in subjects:
            self.graphs[subject] = self.graphs.get(subject, 0) + 1

    def several(self) -> list[str]:
        return sorted(s for s, n in self.graphs.items() if n > 1)

    def settle_names(self) -> tuple[dict[Path, set[str]], list[str]]:
        """(the name lines to leave out of the merged graph, by the file stating them; the
        altLabel lines that replace them)."""
        dropped: set[str] = set()
        for subject in self.several():
            head = f"{subject} {NAME} "
            names = sorted(ln for ln in self.lines[subject] if ln.startswith(head))
            if len(names) > 1:
                keep = preferred_name(names)
                dropped.update(ln for ln in names if ln != keep)
        added = sorted(f"{ln[: ln.index(' ')]} {ALT_LABEL} {_parts(ln)[2]} ." for ln in dropped)
        for ln in dropped:
            self.lines[ln[: ln.index(" ")]].discard(ln)
        for ln in added:
            self.lines[ln[: ln.index(" ")]].add(ln)
        by_file: dict[Path, set[str]] = {}
        for ln in dropped:
            for origin in self.named_in.get(ln, ()):
                by_file.setdefault(origin, set()).add(ln)
        return by_file, added

    def check(self) -> list[Violation]:
        """The violations merging made: the subjects several graphs describe, validated with the
        types of what they point at."""
        focus = self.several()
        if not focus:
            return []
        data = {ln for s in focus for ln in self.lines[s]}
        for ln in list(data):
            obj = _parts(ln)[2]
            if obj.startswith("<"):
                data.update(x for x in self.lines.get(obj, ()) if _parts(x)[1] == TYPE)
        report = validate_nt("".join(ln + "\n" for ln in sorted(data)))
        wanted = set(focus)
        return [
            dataclasses.replace(v, message=f"{v.message} {DISAGREE}")
            for v in report.violations
            if f"<{v.focus}>" in wanted
        ]


def merge(
    files: list[Path], target: Path, scratch: Path, dropped: dict[Path, set[str]], meanwhile: Callable[[], None]
) -> int:
    """Write the sorted union of sorted N-Triples files to `target`, without the lines `dropped`
    from some of them (those are copied without them first: few files, few lines), running
    `meanwhile` while `sort` merges (it waits on the disk); returns the line count."""
    sort = shutil.which("sort")
    if sort is None:
        raise BuildError("cannot merge the graphs: no `sort` command on this machine (coreutils)")
    inputs = []
    for i, f in enumerate(files):
        if f in dropped:
            kept = scratch / f"without-{i}.nt"
            _without(f, kept, dropped[f])
            f = kept
        inputs.append(f)
    listing = scratch / "files.txt"
    listing.write_bytes(b"\0".join(str(f).encode() for f in inputs) + b"\0")
    env = {**os.environ, "LC_ALL": "C"}
    # as many files merged at once as may be open (sort's default, 16, means a pass over the
    # data through temporary files for every 16 documents)
    batch = max(2, min(len(inputs), resource.getrlimit(resource.RLIMIT_NOFILE)[0] - 16, 1024))
    cmd = [sort, "-m", "-u", f"--batch-size={batch}", "-T", str(scratch), "--files0-from", str(listing)]
    cmd += ["-o", str(target)]
    with subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as done:
        try:
            meanwhile()
        except BaseException:
            done.kill()
            raise
        error = done.communicate()[1]
    if done.returncode != 0:
        raise BuildError(f"cannot merge the graphs: {error.strip().splitlines()[0]}")
    return _count_lines(target)


def _without(source: Path, target: Path, dropped: set[str]) -> None:
    """Copy `source` to `target` without the `dropped` lines."""
    with source.open(encoding="utf-8") as f, target.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(ln for ln in f if ln[:-1] not in dropped)


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            count += chunk.count(b"\n")
    return count
