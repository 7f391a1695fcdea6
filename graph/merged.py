"""The merged graph: every document's graph and the reference graph as one, the store's default
graph and `graph.nt`.

Only the things several graphs describe are touched by merging: a meeting, an act, a work in
two languages, a person, a recommendation. A document graph tells them apart from its own nodes
(everything under its language version's IRI is its own) and sends their lines, with the types
of what they point at (all `sh:class` reads), as its `shared` lines. From those, `Shared`

- settles every property the shapes allow a thing only once (`sh:maxCount 1` in
  ontology/shapes.ttl, for the thing's classes and their superclasses): when the graphs give it
  several values the merged graph keeps one, by one rule (`rank`): the reference data first, then
  the thing's own document (the document that is it, the report on it — `pal:reportsOn` —, the
  report on the meeting that adopted it), then the value most documents state, then the one
  stated by the latest distribution date, then the first in code point order; a person's name is
  first the most accented spelling, then the longest (Jamnišek over Jamnisek). The values set
  aside leave the merged graph (each document's own graph in graph.nq keeps its statement, and
  its own nodes too: `pal:citedActDate`, `pal:MeetingAsStated` …), except a person's other
  spellings, which become `skos:altLabel`s; each is a `Disagreement`, reported;
- validates, with the SHACL engine, the subjects several graphs describe, on all their triples
  and the types of what they point at (every path in shapes.ttl is one property long), and keeps
  the violations whose focus is one of them: what no document graph alone can show. Each
  document graph is validated in full on its own; `palermo validate` validates a whole build.

`merge` writes the sorted union of the graphs' sorted N-Triples with `sort -m -u` (bytewise
order is code point order in UTF-8: the order Python sorts them in), the documents that state a
value set aside copied without it first; memory stays flat whatever the number of documents.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from palermo.graph.built import qname
from palermo.graph.ntriples import TYPE, Vocab, ref
from palermo.graph.store import BuildError
from palermo.graph.validate import Violation, shapes, validate_nt, vocabulary
from palermo.iri import ELI, PAL, SCHEMA, SH

_eli, _pal = Vocab(str(ELI)), Vocab(str(PAL))
NAME = f"<{SCHEMA.name}>"
ALT_LABEL = f"<{SKOS.altLabel}>"
MERGED = "(in the merged graph)"
# where a value set aside goes instead of leaving the merged graph: another spelling of a name
# is still a name the person is known by
SET_ASIDE_AS = {NAME: ALT_LABEL}


def preferred_name(lines: Iterable[str]) -> str:
    """Of a thing's `schema:name` lines, the one the merged graph keeps when nothing else
    decides: the most accented spelling (Jamnišek over Jamnisek), then the longest, then the
    first in order."""
    return min(lines, key=lambda ln: (*_spelling(ln), ln))


def _spelling(line: str) -> tuple[int, int]:
    """A name's rank as a spelling: more letters outside ASCII (accents kept) first, then longer."""
    return -sum(1 for ch in unicodedata.normalize("NFC", line) if not ch.isascii()), -len(line)


# how a property's values rank among themselves before their sources do
_VALUE_RANK: dict[str, Callable[[str], tuple[int, ...]]] = {NAME: _spelling}


def _parts(line: str) -> tuple[str, str, str]:
    s, p, o = line.split(" ", 2)
    return s, p, o[:-2]


@cache
def _superclasses(cls: str) -> frozenset[str]:
    """A class term and every class above it in the vocabulary (what the shapes' targets reach)."""
    node = URIRef(cls[1:-1])
    return frozenset(ref(str(c)) for c in vocabulary().transitive_objects(node, RDFS.subClassOf))


@cache
def _once() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """From ontology/shapes.ttl, the properties allowed once (`sh:maxCount 1`): by target class,
    and by the property whose subjects a shape targets (`sh:targetSubjectsOf`)."""
    g = shapes()
    by_class: dict[str, set[str]] = {}
    by_subject_of: dict[str, set[str]] = {}
    for shape in set(g.subjects(SH.property, None)):
        paths = {
            ref(str(path))
            for prop in g.objects(shape, SH.property)
            if isinstance(n := g.value(prop, SH.maxCount), Literal) and n.toPython() == 1
            if isinstance(path := g.value(prop, SH.path), URIRef)
        }
        for cls in g.objects(shape, SH.targetClass):
            by_class.setdefault(ref(str(cls)), set()).update(paths)
        for prop in g.objects(shape, SH.targetSubjectsOf):
            by_subject_of.setdefault(ref(str(prop)), set()).update(paths)
    return (
        {k: frozenset(v) for k, v in by_class.items()},
        {k: frozenset(v) for k, v in by_subject_of.items()},
    )


@cache
def single_valued() -> frozenset[str]:
    """Every property some shape allows only once: the lines whose sources `Shared` remembers."""
    by_class, by_subject_of = _once()
    return frozenset().union(*by_class.values(), *by_subject_of.values())


def allowed_once(types: Iterable[str], predicates: Iterable[str]) -> frozenset[str]:
    """The properties a thing of these classes, with these properties, may have once."""
    by_class, by_subject_of = _once()
    out: set[str] = set()
    for t in types:
        for cls in _superclasses(t):
            out |= by_class.get(cls, frozenset())
    for p in predicates:
        out |= by_subject_of.get(p, frozenset())
    return frozenset(out)


def display(term: str) -> str:
    """An N-Triples term for people: `"2008-10-17"^^xsd:date`, `<…/strength/should>`."""
    if term.startswith("<"):
        return term
    head, sep, datatype = term.rpartition("^^")
    return f"{head}^^{qname(datatype[1:-1])}" if sep and datatype.startswith("<") else term


@dataclass(frozen=True)
class Source:
    """A graph whose shared lines `Shared` reads: the document's file name, its language
    version's IRI, its distribution date (ISO) and its N-Triples file in the build; `part` None
    for the reference data, which outranks every document."""

    name: str
    version: str
    date: str | None = None
    part: Path | None = None


# why the value kept won, by the first step of the rule that tells it from the next one
REASONS = ("reference data", "own document", "spelling", "most documents", "latest document", "code point order")


@dataclass(frozen=True)
class Disagreement:
    """Graphs giving a thing several values of a property it may have once: each value (an
    N-Triples term) with the sources that state it, best first; the first is kept."""

    thing: str  # the thing's IRI
    prop: str  # the property's IRI
    values: tuple[tuple[str, tuple[Source, ...]], ...]
    reason: str  # the step of the rule that chose the value kept (REASONS)

    @property
    def kept(self) -> str:
        return self.values[0][0]

    def line(self) -> str:
        """One line for stderr."""
        given = "; ".join(f"{display(v)} ({_names(by)})" for v, by in self.values)
        kept = display(self.kept)
        return f"sources disagree: <{self.thing}> {qname(self.prop)}: {given}; kept {kept} ({self.reason})"

    def as_json(self) -> dict[str, Any]:
        """As quality.json holds it."""
        return {
            "thing": self.thing,
            "property": self.prop,
            "values": [
                {"value": v, "documents": [s.name for s in by], "versions": [s.version for s in by]}
                for v, by in self.values
            ],
            "kept": self.kept,
            "reason": self.reason,
        }


def _names(sources: tuple[Source, ...], most: int = 5) -> str:
    """The first file names of the sources of a value (quality.json lists them all)."""
    names = ", ".join(s.name for s in sources[:most])
    return names + (f" and {len(sources) - most} more" if len(sources) > most else "")


class Shared:
    """The lines of the things several graphs may describe, by subject, with how many graphs do,
    and, for the properties allowed once, which graphs state each line."""

    def __init__(self) -> None:
        self.lines: dict[str, set[str]] = {}
        self.graphs: dict[str, int] = {}
        self.sources: list[Source] = []
        self.stated_by: dict[str, list[int]] = {}  # a line of a single-valued property → its sources
        self.own: dict[str, list[int]] = {}  # a thing → the documents that are it or report on it

    def add(self, lines: Iterable[str], source: Source) -> None:
        """The shared lines of one graph."""
        index = len(self.sources)
        self.sources.append(source)
        once = single_valued()
        subjects = set()
        for ln in lines:
            subject, predicate, rest = ln.split(" ", 2)
            self.lines.setdefault(subject, set()).add(ln)
            subjects.add(subject)
            if predicate in once:
                self.stated_by.setdefault(ln, []).append(index)
            if predicate == _eli.is_realized_by:  # only a document's own work is realised by it
                self.own.setdefault(subject, []).append(index)
            elif predicate == _pal.reportsOn:  # said of its own work only (graph/build.py)
                self.own.setdefault(rest[:-2], []).append(index)
        for subject in subjects:
            self.graphs[subject] = self.graphs.get(subject, 0) + 1

    def several(self) -> list[str]:
        return sorted(s for s, n in self.graphs.items() if n > 1)

    def settle(self) -> tuple[dict[Path, set[str]], list[str], list[Disagreement]]:
        """Keep one value of every property allowed once on the things several graphs describe:
        (the lines to leave out of the merged graph, by the file stating them; the lines that
        replace some of them — a name set aside as an altLabel —; the disagreements)."""
        dropped: set[str] = set()
        added: list[str] = []
        found: list[Disagreement] = []
        for subject in self.several():
            lines = sorted(self.lines[subject])
            parts = [_parts(ln) for ln in lines]
            once = allowed_once((o for _, p, o in parts if p == TYPE), {p for _, p, _ in parts})
            by_property: dict[str, list[str]] = {}
            for ln, (_, p, _) in zip(lines, parts, strict=True):
                if p in once:
                    by_property.setdefault(p, []).append(ln)
            owners = self._owners(subject, parts)
            for predicate, values in sorted(by_property.items()):
                if len(values) < 2:
                    continue
                ranked = sorted(values, key=lambda ln: self.rank(ln, predicate, owners))
                keys = [self.rank(ln, predicate, owners) for ln in ranked[:2]]
                step = next(i for i, (a, b) in enumerate(zip(*keys, strict=True)) if a != b)
                found.append(
                    Disagreement(
                        subject[1:-1],
                        predicate[1:-1],
                        tuple((_parts(ln)[2], self._by(ln)) for ln in ranked),
                        REASONS[step],
                    )
                )
                dropped.update(ranked[1:])
                if predicate in SET_ASIDE_AS:
                    added.extend(f"{subject} {SET_ASIDE_AS[predicate]} {_parts(ln)[2]} ." for ln in ranked[1:])
        for ln in dropped:
            self.lines[ln[: ln.index(" ")]].discard(ln)
        for ln in added:
            self.lines[ln[: ln.index(" ")]].add(ln)
        by_file: dict[Path, set[str]] = {}
        for ln in dropped:
            for i in self.stated_by.get(ln, ()):
                part = self.sources[i].part
                if part is not None:
                    by_file.setdefault(part, set()).add(ln)
        return by_file, sorted(set(added)), found

    def _owners(self, subject: str, parts: list[tuple[str, str, str]]) -> set[int]:
        """The documents a thing is the subject of: that are it, report on it, or report on the
        meeting that adopted it."""
        owners = set(self.own.get(subject, ()))
        for _, p, o in parts:
            if p == _pal.adoptedAt:
                owners.update(self.own.get(o, ()))
        return owners

    def _by(self, line: str) -> tuple[Source, ...]:
        return tuple(sorted({self.sources[i] for i in self.stated_by.get(line, ())}, key=lambda s: s.name))

    def rank(self, line: str, predicate: str, owners: set[int]) -> tuple[object, ...]:
        """The rule, as a sort key (lowest kept): reference data, then the thing's own document,
        then (a name) the spelling, then the number of documents stating it, then the latest
        distribution date among them, then code point order."""
        by = set(self.stated_by.get(line, ()))
        tier = 0 if any(self.sources[i].part is None for i in by) else 1
        own = 0 if by & owners else 1
        spelling = _VALUE_RANK[predicate](_parts(line)[2]) if predicate in _VALUE_RANK else ()
        latest = max((_date_key(self.sources[i].date) for i in by), default=_date_key(None))
        return tier, own, spelling, -len(by), tuple(-n for n in latest), line

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
            dataclasses.replace(v, message=f"{v.message} {MERGED}")
            for v in report.violations
            if f"<{v.focus}>" in wanted
        ]


def _date_key(iso: str | None) -> tuple[int, ...]:
    """`2008-10-17` → (2008, 10, 17); a month or a year alone counts as earlier than its days."""
    if not iso:
        return (0, 0, 0)
    numbers = [int(x) for x in iso.split("-")[:3] if x.isdigit()]
    return tuple(numbers + [0] * (3 - len(numbers)))


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
    """Copy `source` to `target` without the `dropped` lines (as bytes: decoding every line of
    a few hundred files took a second at 1,000 documents)."""
    gone = {ln.encode() for ln in dropped}
    lines = source.read_bytes().split(b"\n")[:-1]  # every line ends with "\n"
    target.write_bytes(b"".join(ln + b"\n" for ln in lines if ln not in gone))


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            count += chunk.count(b"\n")
    return count
