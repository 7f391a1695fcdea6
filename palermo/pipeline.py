"""The whole flow in one place: files → Documents → Facts → graphs → validation → build folder.

Each source document is read, extracted, turned into its graph and validated on its own, in a
pool of processes (`jobs`), and only its sorted N-Triples lines and a little metadata come back:
memory stays bounded by the largest document, not the corpus. A document whose content, the
extractors and the reference data have not changed since the last build into the same folder is
taken from the build cache (`cache/<key>.json`, the key a hash of all three) instead of being
extracted again (palermo/cache.py).

The stages, one function each, pass a `_Run` along: `_sources` (the files and their cache keys),
`_gather` (each document's entry from the cache or the workers), `_choose` (one source per
language version), `_settle` and `_merge` (graph.nt), `_reports_and_store`, `_seal` (the manifest).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import stat
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from palermo import __version__
from palermo.cache import CacheEntry, carry, entry_key, link
from palermo.extract import extract_all, version_key
from palermo.graph import incremental, merged, quality
from palermo.graph.build import document_graph, reference_graph
from palermo.graph.links import align_versions, alignment_rows, link_quotations
from palermo.graph.ntriples import TYPE, ref
from palermo.graph.store import CACHE_DIR, QUADS, TRIPLES, BuildWriter
from palermo.graph.validate import Report, Violation, validate_nt
from palermo.iri import DEFAULT_BASE, ELI, PAL, SCHEMA, Minter
from palermo.progress import progress_bar
from palermo.reader import MAX_BYTES, ReadError, read
from palermo.resources import ontology_path
from palermo.terminal import decodable

# Entity kinds counted in the build summary: label → class.
SUMMARY_KINDS = {
    "documents": ELI.LegalExpression,
    "meetings": PAL.Meeting,
    "acts": PAL.Act,
    "persons": SCHEMA.Person,
}


SOURCE_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")


NAME_MAX = 255  # bytes of a file name on the file systems a build folder lives on


def shown(path: Path | str) -> str:
    """A path as a message shows it: bytes that are not UTF-8 as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def sources(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files named (whatever their extension: the content decides, and a link named is followed
    on purpose), and the .txt, .pdf, .docx, .html and .htm files of folders named, in a stable
    order; with one line for each file left out: inside a folder, a link that leads outside it
    (its content is not the folder's), dangles or loops, a FIFO, device or socket, and anywhere
    a file name that is not UTF-8 (it is the document's provenance key and IRI)."""
    out: list[Path] = []
    refused: list[str] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        root = p.resolve()
        found: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        folders = [p]
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = list(listing)
            except OSError as e:  # unreadable, or gone since it was listed
                skipped.append((folder, f"cannot read this folder ({e.strerror or e})"))
                continue
            for entry in entries:
                path = Path(entry.path)
                why = _left_out(path, root, entry.is_symlink(), entry.is_dir(follow_symlinks=False))
                if why is None and entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif why == "":
                    found.append(path)
                elif why:
                    skipped.append((path, why))
        out.extend(sorted(found))
        refused.extend(f"{shown(path)}: {why}" for path, why in sorted(skipped))
    for path in out:
        if not decodable(path.name):
            refused.append(f"{shown(path)}: the file name is not UTF-8 (it names the document); rename it")
    return [q for q in out if decodable(q.name)], refused


def _left_out(path: Path, root: Path, link: bool, folder: bool) -> str | None:
    """Why an entry of a folder is not read ('' when it is a source to read, None when it is a
    folder to walk or a file of another kind, passed over in silence)."""
    if folder:
        return None
    candidate = path.suffix.lower() in SOURCE_SUFFIXES
    if link:
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return f"a link to {shown(os.readlink(path))}, which does not exist" if candidate else None
        except (RuntimeError, OSError):  # a loop: RuntimeError before Python 3.13, ELOOP after
            return "a link that loops (it leads back to itself)" if candidate else None
        if not target.is_relative_to(root):
            where = f"a link leading out of {shown(root)} (to {shown(target)})"
            return f"{where}; not read, name it on the command line to read it"
        if target.is_dir():  # its files are read where they are
            return None
    if not candidate:
        return None
    try:
        mode = path.stat().st_mode
    except OSError as e:
        return f"cannot read ({e.strerror or e})"
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        return f"not a regular file ({kind}); not read"
    return ""


def text_name(source: str) -> str:
    """The name of a document's text copy in text/: `<file name>.txt`, or, when that is longer
    than a file name may be, the name cut to fit with a hash of the whole, so that two long names
    that share their start stay apart (the manifest maps each document to its copy)."""
    name = f"{source}.txt"
    if len(name.encode("utf-8")) <= NAME_MAX:
        return name
    tail = f"~{hashlib.sha256(source.encode('utf-8')).hexdigest()[:16]}.txt"
    cut = source.encode("utf-8")[: NAME_MAX - len(tail)].decode("utf-8", "ignore")
    return cut + tail


@dataclass
class BuildResult:
    out: Path
    documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    report: Report | None = None
    extracted: int = 0  # documents extracted in this build
    cached: int = 0  # documents taken from the cache of the previous build
    warnings: list[str] = field(default_factory=list)  # values left out because they did not fit the shapes
    # documents giving a thing several values of a property it has once: settled and reported
    disagreements: list[merged.Disagreement] = field(default_factory=list)
    # CPU seconds of extract, graph and validate, summed over documents; wall seconds of the main
    # process for merge (shared things checked, graph.nt merged while graph.nq is written) and
    # store (the change applied to a copy of the previous store, or the merged graph loaded and
    # the store compacted; the validation and quality reports written meanwhile)
    seconds: dict[str, float] = field(default_factory=dict)
    # the lines deleted from and inserted into a copy of the previous build's store; None when the
    # store was loaded whole (graph/incremental.py says when)
    change: incremental.Change | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.report is not None and self.report.conforms


@dataclass
class DocResult:
    """What a worker sends back for one document: its cache entry with its graph's sorted lines and
    its text (kept in the cache as <key>.nt, <key>.txt, and the text as text/<source>.txt), or why
    it could not be read."""

    source: str
    entry: CacheEntry | None = None
    lines: list[str] = field(default_factory=list)
    text: str = ""
    seconds: dict[str, float] = field(default_factory=dict)  # read+extract, graph, validate
    error: str | None = None


@cache
def data_version() -> str:
    """A hash of everything besides the text that shapes a document's graph: the extractors'
    versions, the package version and every file of ontology/ (tables, patterns, shapes)."""
    h = hashlib.sha256(f"{__version__}|{version_key()}".encode())
    root = ontology_path()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@cache
def _context(base: str) -> tuple[Minter, list[str], dict[str, str]]:
    """The minter, the reference graph's lines, and the type lines of each reference thing: a
    document is validated with the types of those it points at (what sh:class reads)."""
    minter = Minter(base)
    ref = reference_graph(minter).sorted()
    types: dict[str, str] = {}
    for ln in ref:
        subject, predicate, _ = ln.split(" ", 2)
        if predicate == TYPE:
            types[subject] = types.get(subject, "") + ln + "\n"
    return minter, ref, types


def process(path: str, base: str, max_bytes: int) -> DocResult:
    """Read, extract, build and validate one document (runs in a worker process)."""
    name = Path(path).name
    t0 = time.perf_counter()
    try:
        doc = read(Path(path), max_bytes)
    except ReadError as e:
        return DocResult(name, error=str(e))
    minter, _, ref_types = _context(base)
    try:
        extraction = extract_all(doc)
        t1 = time.perf_counter()
        built = document_graph(doc, extraction.facts, minter)
        g = built.g
        lines = g.sorted()
        kinds = {k: g.subjects(ref(str(cls))) for k, cls in SUMMARY_KINDS.items()}
        blocks = alignment_rows(built, lines)
        measures = quality.measure(doc, extraction.facts, built, extraction.warnings)
        t3 = time.perf_counter()
        report = _validate(lines, g.described, ref_types)
        t4 = time.perf_counter()
    except Exception as e:
        return DocResult(name, error=f"{path}: extraction failed ({type(e).__name__}: {e}); please report it")
    entry = CacheEntry(
        name,
        graph=str(minter.graph(doc.source)),
        expression=str(built.expr),
        shared=g.shared(),
        kinds=kinds,
        blocks=blocks,
        recommendations=sorted(built.recommendations),
        violations=[asdict(v) for v in report.violations],
        facts=len(built.facts),
        warnings=extraction.warnings,
        quality=measures,
    )
    seconds = {"extract": t1 - t0, "graph": t3 - t1, "validate": t4 - t3}
    return DocResult(name, entry, lines, doc.text, seconds)


def _validate(lines: list[str], described: set[str], ref_types: dict[str, str]) -> Report:
    """A document's graph with the types of the reference things it points at; what is said of
    its own subjects only (a reference thing's other triples are validated once, in the build)."""
    pointed = {ln[ln.rindex(" <", 0, -2) + 1 : -2] for ln in lines if ln.endswith("> .")}
    data = "".join(ln + "\n" for ln in lines) + "".join(ref_types[o] for o in sorted(pointed) if o in ref_types)
    report = validate_nt(data)
    kept = tuple(v for v in report.violations if v.focus in described)
    return Report(not kept, kept)


def _worker_signals() -> None:
    """A worker leaves interruption to the main process, which terminates it (SIGTERM, quietly)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _process(args: tuple[str, str, int]) -> DocResult:
    return process(*args)


def _results(todo: list[tuple[Path, str]], base: str, max_bytes: int, jobs: int) -> Iterator[DocResult]:
    """Each document of `todo` read, extracted, built and validated: in a pool of `jobs` processes
    when there is more than a little to do, in order."""
    if jobs <= 1 or len(todo) <= 2:
        for path, _ in todo:
            yield process(str(path), base, max_bytes)
        return
    pool = multiprocessing.get_context().Pool(jobs, initializer=_worker_signals)
    try:
        chunk = max(1, min(16, len(todo) // (jobs * 8)))
        yield from pool.imap(_process, [(str(p), base, max_bytes) for p, _ in todo], chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()  # interrupted or failed: no worker outlives the build
        pool.join()


def build(
    paths: list[Path],
    out: Path,
    base: str = DEFAULT_BASE,
    max_bytes: int = MAX_BYTES,
    jobs: int | None = None,
    progress: bool | None = None,
    named_graphs: bool = False,
) -> BuildResult:
    """Build the graph of `paths` into the folder `out`; bad files are reported and skipped.
    `named_graphs`: the store holds the documents' named graphs too (else loaded on first use)."""
    minter, ref, _ = _context(base)
    result = BuildResult(out)
    with BuildWriter(out, named_graphs) as writer:  # one build per folder at a time; a failed one changes nothing
        run = _Run(base, max_bytes, jobs or os.cpu_count() or 1, progress, minter, ref, result, writer)
        _gather(run, _sources(run, paths))
        _choose(run)
        t_merge = time.perf_counter()
        _merge(run, *_settle(run))
        t_store = time.perf_counter()
        _reports_and_store(run)
        t_seal = time.perf_counter()
        _seal(run)
        result.seconds["merge"] = t_store - t_merge
        result.seconds["store"] = t_seal - t_store
        result.seconds["seal"] = time.perf_counter() - t_seal  # the manifest's sizes, lines and checksums
        if not result.documents:
            raise NothingToBuild(_nothing(paths, result), *result.errors)
        writer.commit()
    return result


class NothingToBuild(Exception):
    """No document could be read: the previous build is kept. args: the message, then the
    errors of the files that failed."""


def _nothing(paths: list[Path], result: BuildResult) -> str:
    named = ", ".join(shown(p) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
    if result.errors:
        return f"no document of {named} could be read; the previous build is kept"
    kinds = "/".join(SOURCE_SUFFIXES)
    return f"{named}: no {kinds} document here; the previous build is kept"


@dataclass
class _Run:
    """A build's state from stage to stage: its settings, the folder being written, and what the
    documents taken so far add up to (each stage reads what the ones before it left)."""

    base: str
    max_bytes: int
    jobs: int
    progress: bool | None
    minter: Minter
    ref: list[str]  # the reference graph's sorted lines
    result: BuildResult
    writer: BuildWriter
    taken: list[tuple[CacheEntry, Path]] = field(default_factory=list)  # entry, its lines in the new cache
    graphs: list[tuple[str, Path]] = field(default_factory=list)  # named graph → its sorted lines
    shared: merged.Shared = field(default_factory=merged.Shared)
    kinds: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in SUMMARY_KINDS})
    facts: int = 0
    violations: list[Violation] = field(default_factory=list)
    blocks: list[list[str]] = field(default_factory=list)  # for alignment
    recommendations: list[list[str]] = field(default_factory=list)  # for quotation links
    measured: dict[str, dict[str, Any]] = field(default_factory=dict)  # source → its data-quality line

    old_cache: Path = field(init=False)  # the last build's cache, read
    new_cache: Path = field(init=False)  # this build's, written
    parts: Path = field(init=False)  # the graphs merged into graph.nt, besides the cached ones

    def __post_init__(self) -> None:
        self.old_cache = self.result.out / CACHE_DIR
        self.new_cache = self.writer.tmp / CACHE_DIR
        self.parts = self.writer.tmp / "parts"


_Found = tuple[Path, str, CacheEntry | None]  # a source, its cache key, its entry in the last build's cache


def _sources(run: _Run, paths: list[Path]) -> list[_Found]:
    """Read: the sources under `paths`, one per file name (the provenance key), each with its key
    and its previous cache entry when the last build left one of this format."""
    errors = run.result.errors
    seen: set[str] = set()
    chosen: list[_Found] = []
    found, refused = sources(paths)
    errors.extend(refused)
    for path in found:
        if path.name in seen:
            errors.append(f"{path}: another source has the same file name (the provenance key)")
            continue
        seen.add(path.name)
        try:
            key = entry_key(path, run.base, run.max_bytes, data_version())
        except ReadError as e:
            errors.append(str(e))
            continue
        except OSError as e:
            errors.append(f"{path}: cannot read: {e.strerror or e}")
            continue
        chosen.append((path, key, CacheEntry.read(run.old_cache, key)))
    return chosen


def _gather(run: _Run, found: list[_Found]) -> None:
    """Gather: each document's entry, from the last build's cache or from the workers (extract,
    graph, validate), written to the new cache; a build holds one document's lines at a time."""
    result, new_cache = run.result, run.new_cache
    new_cache.mkdir()
    run.parts.mkdir()
    cached = [(key, entry) for _, key, entry in found if entry is not None]
    todo = [(path, key) for path, key, entry in found if entry is None]
    bar = progress_bar(len(todo) + len(cached), "documents", run.progress)
    for key, entry in cached:
        carry(run.old_cache, new_cache, key)
        run.taken.append((entry, new_cache / f"{key}.nt"))
        bar.update()
    for (_, key), r in zip(todo, _results(todo, run.base, run.max_bytes, run.jobs)):
        bar.update()
        if r.entry is None:
            result.errors.append(r.error or f"{r.source}: no result")
            continue
        r.entry.write(new_cache, key, r.lines, r.text)
        for stage, sec in r.seconds.items():
            result.seconds[stage] = result.seconds.get(stage, 0.0) + sec
        run.taken.append((r.entry, new_cache / f"{key}.nt"))
        result.extracted += 1
    result.cached = len(cached)
    bar.close()


def _choose(run: _Run) -> None:
    """De-duplicate: one source per language version (the first by name), its text linked into
    text/ and its counts, findings and shared things added to the build's."""
    result = run.result
    run.shared.add(run.ref, merged.Source("reference data", run.minter.reference_graph()))
    first: dict[str, str] = {}  # expression → the source it was read from
    texts = run.writer.tmp / "text"
    texts.mkdir()
    for e, part in sorted(run.taken, key=lambda t: t[0].source):
        if e.expression in first:
            again = f"the same language version as {first[e.expression]} ({e.expression})"
            result.errors.append(f"{e.source}: {again}; left out")
            continue
        first[e.expression] = e.source
        run.graphs.append((e.graph, part))
        link(part.with_suffix(".txt"), texts / text_name(e.source))  # what every evidence offset points into
        result.documents.append(e.source)
        for k, v in e.kinds.items():
            run.kinds[k].update(v)
        run.facts += e.facts
        run.violations.extend(Violation(**v) for v in e.violations)
        result.warnings.extend(e.warnings)
        run.blocks.extend(e.blocks)
        run.recommendations.extend(e.recommendations)
        date = e.quality.get("masthead", {}).get("date")
        run.shared.add(e.shared, merged.Source(e.source, e.expression, date, part))
        run.measured[e.source] = quality.entry(e.quality, e.source, e.expression, part.stem, len(e.violations))
        e.quality = {}  # its fact identities are in its cache entry: a build holds one document's at a time
    run.taken.clear()
    result.errors[:] = [shown(e) for e in result.errors]  # a folder's name that is not UTF-8, escaped


def _settle(run: _Run) -> tuple[list[Path], dict[Path, set[str]]]:
    """Settle: the reference data validated, the documents' disagreements settled by the rule and
    the shared things checked; the reference and alignment graphs written as parts. Returns the
    parts to merge, in graph order, and the lines left out of the merged graph."""
    ref, parts = run.ref, run.parts
    run.violations.extend(validate_nt("".join(ln + "\n" for ln in ref)).violations)
    # documents that disagree: one value kept by the rule, the others left out of the merged graph
    dropped, renamed, run.result.disagreements = run.shared.settle()
    run.violations.extend(run.shared.check())  # what no document alone shows
    extra = [(str(run.minter.reference_graph()), ref)]
    alignment = align_versions(run.blocks) + link_quotations(run.recommendations)
    if alignment:
        extra.append((str(run.minter.alignment_graph()), alignment))
    for name, lines in extra:
        part = parts / f"{len(run.graphs):06d}.nt"
        part.write_text("".join(ln + "\n" for ln in lines), encoding="utf-8")
        run.graphs.append((name, part))
    run.graphs.sort()
    (parts / "renamed.nt").write_text("".join(ln + "\n" for ln in renamed), encoding="utf-8")
    return [p for _, p in run.graphs] + [parts / "renamed.nt"], dropped


def _merge(run: _Run, files: list[Path], dropped: dict[Path, set[str]]) -> None:
    """Merge: graph.nt sorted and merged from the parts, less the lines settled away; graph.nq
    written meanwhile (loaded into the store only with --named-graphs)."""
    writer = run.writer

    def named_graphs() -> None:
        with (writer.tmp / QUADS).open("wb") as nq:  # bytes: decoding and encoding tripled its time
            for name, part in run.graphs:  # graph by graph (as-of bisects for each); " .\n" ends every line
                nq.write(part.read_bytes().replace(b" .\n", f" <{name}> .\n".encode()))
        writer.load_named()

    run.result.triples = merged.merge(files, writer.tmp / TRIPLES, run.parts, dropped, named_graphs)
    shutil.rmtree(run.parts)


def _reports_and_store(run: _Run) -> None:
    """Reports and store: the change to the previous store found (`comm`, in a thread) while the
    validation and quality reports are written; then applied, or the merged graph loaded whole."""
    result, writer = run.result, run.writer
    with ThreadPoolExecutor(1) as pool:
        changing = pool.submit(incremental.update_store, writer)
        result.counts = {**{k: len(v) for k, v in run.kinds.items()}, "facts": run.facts}
        violations = sorted(set(run.violations), key=lambda v: (v.focus, v.path, v.message))
        result.report = Report(not violations, tuple(violations))
        writer.write_text("validation.txt", result.report.text())
        if run.measured:  # with no document read the build is not kept (NothingToBuild)
            quality.write(writer, result.out, run.measured, result.report, run.base, result.disagreements)
        result.change = changing.result()
    if result.change is None:
        writer.load(TRIPLES)
    writer.close_store()


def _seal(run: _Run) -> None:
    """Seal: the manifest, last: every file of the build listed with its size, lines and sha256."""
    result = run.result
    assert result.report is not None  # written by _reports_and_store
    documents = sorted(result.documents)
    run.writer.seal(
        {
            "palermo": __version__,
            "extractors": version_key(),
            "base": run.base,
            "documents": documents,
            "texts": {source: f"text/{text_name(source)}" for source in documents},
            "errors": result.errors,
            "left-out": result.warnings,
            "disagreements": len(result.disagreements),
            "triples": result.triples,
            "counts": result.counts,
            "conforms": result.report.conforms,
            "extracted": result.extracted,
            incremental.UNCOMPACTED: result.change.uncompacted if result.change else 0,
        },
    )
