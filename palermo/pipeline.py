"""The whole flow in one place: files → Documents → Facts → graphs → validation → build folder.

Each source document is read, extracted, turned into its graph and validated on its own, in a
pool of processes (`jobs`), and only its sorted N-Triples lines and a little metadata come back:
memory stays bounded by the largest document, not the corpus. A document whose content, the
extractors and the reference data have not changed since the last build into the same folder is
taken from the build cache (`cache/<key>.json`, the key a hash of all three) instead of being
extracted again.
"""

from __future__ import annotations

import hashlib
import json
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
from palermo.extract import extract_all, version_key
from palermo.graph import incremental, merged, quality
from palermo.graph.build import document_graph, reference_graph
from palermo.graph.links import align_versions, alignment_rows, link_quotations
from palermo.graph.ntriples import TYPE, ref
from palermo.graph.store import BuildWriter
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
_CACHED = (".json", ".nt", ".txt")  # a cache entry: the document's counts, graph and text
_CACHE_FORMAT = 13  # bump when DocResult changes: older cache entries are then ignored


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
    """What a worker sends back for one document (JSON-serialisable: it is also the cache entry)."""

    source: str
    graph: str = ""
    expression: str = ""  # the language version read: one source per version in a build
    lines: list[str] = field(default_factory=list)  # sent back, kept in the cache as <key>.nt
    shared: list[str] = field(default_factory=list)  # what other graphs may describe too (graph/merged.py)
    kinds: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[list[str]] = field(default_factory=list)  # graph/links.alignment_rows: for alignment
    recommendations: list[list[str]] = field(default_factory=list)  # for quotation links
    violations: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None
    facts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # read+extract, graph, validate
    warnings: list[str] = field(default_factory=list)  # values left out: they did not fit the shapes
    text: str = ""  # the text read (sent back, kept in the cache as <key>.txt and as text/<source>.txt)
    quality: dict[str, Any] = field(default_factory=dict)  # what was read and how well (graph/quality.py)


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
    return DocResult(
        name,
        text=doc.text,
        graph=str(minter.graph(doc.source)),
        expression=str(built.expr),
        lines=lines,
        shared=g.shared(),
        kinds=kinds,
        blocks=blocks,
        recommendations=sorted(built.recommendations),
        violations=[asdict(v) for v in report.violations],
        facts=len(built.facts),
        seconds={"extract": t1 - t0, "graph": t3 - t1, "validate": t4 - t3},
        warnings=extraction.warnings,
        quality=measures,
    )


def _validate(lines: list[str], described: set[str], ref_types: dict[str, str]) -> Report:
    """A document's graph with the types of the reference things it points at; what is said of
    its own subjects only (a reference thing's other triples are validated once, in the build)."""
    pointed = {ln[ln.rindex(" <", 0, -2) + 1 : -2] for ln in lines if ln.endswith("> .")}
    data = "".join(ln + "\n" for ln in lines) + "".join(ref_types[o] for o in sorted(pointed) if o in ref_types)
    report = validate_nt(data)
    kept = tuple(v for v in report.violations if v.focus in described)
    return Report(not kept, kept)


def _key(path: Path, base: str, max_bytes: int) -> str:
    """The cache key of a source: its name (the provenance key), its bytes, the base IRI and the
    data version. Refuses, before reading a byte, what is not a regular file or is too large."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(f"{path}: not a regular file")
    if st.st_size > max_bytes:
        raise ReadError(f"{path}: {st.st_size:,} bytes is over the {max_bytes:,}-byte limit for one document")
    h = hashlib.sha256(f"{path.name}|{base}|{data_version()}|{_CACHE_FORMAT}|".encode())
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _worker_signals() -> None:
    """A worker leaves interruption to the main process, which terminates it (SIGTERM, quietly)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _process(args: tuple[str, str, int]) -> DocResult:
    return process(*args)


def _results(todo: list[tuple[Path, str]], base: str, max_bytes: int, jobs: int) -> Iterator[DocResult]:
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
        _build(paths, out, base, max_bytes, jobs or os.cpu_count() or 1, progress, minter, ref, result, writer)
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


def _build(
    paths: list[Path],
    out: Path,
    base: str,
    max_bytes: int,
    jobs: int,
    progress: bool | None,
    minter: Minter,
    ref: list[str],
    result: BuildResult,
    writer: BuildWriter,
) -> None:
    old_cache, new_cache, parts = out / "cache", writer.tmp / "cache", writer.tmp / "parts"
    new_cache.mkdir()
    parts.mkdir()
    seen: set[str] = set()
    todo: list[tuple[Path, str]] = []
    cached: list[tuple[Path, str]] = []
    found, refused = sources(paths)
    result.errors.extend(refused)
    for path in found:
        if path.name in seen:
            result.errors.append(f"{path}: another source has the same file name (the provenance key)")
            continue
        seen.add(path.name)
        try:
            key = _key(path, base, max_bytes)
        except ReadError as e:
            result.errors.append(str(e))
            continue
        except OSError as e:
            result.errors.append(f"{path}: cannot read: {e.strerror or e}")
            continue
        hit = all((old_cache / f"{key}{suffix}").is_file() for suffix in _CACHED)
        (cached if hit else todo).append((path, key))
    bar = progress_bar(len(todo) + len(cached), "documents", progress)
    kinds: dict[str, set[str]] = {k: set() for k in SUMMARY_KINDS}
    facts = 0
    violations: list[Violation] = []
    blocks: list[list[str]] = []
    recommendations: list[list[str]] = []
    graphs: list[tuple[str, Path]] = []

    read: list[tuple[DocResult, Path]] = []

    def take(r: DocResult, key: str, fresh: bool) -> None:
        bar.update()
        if r.error:
            result.errors.append(r.error)
            return
        lines = new_cache / f"{key}.nt"
        if fresh:
            lines.write_text("".join(ln + "\n" for ln in r.lines), encoding="utf-8")
            (new_cache / f"{key}.txt").write_text(r.text, encoding="utf-8", newline="")
            r.lines, r.text = [], ""  # on disk now: a build holds one document's lines at a time
            (new_cache / f"{key}.json").write_text(json.dumps(asdict(r), ensure_ascii=False), encoding="utf-8")
            for stage, sec in r.seconds.items():
                result.seconds[stage] = result.seconds.get(stage, 0.0) + sec
        read.append((r, lines))

    for _, key in cached:
        for suffix in _CACHED:
            _link(old_cache / f"{key}{suffix}", new_cache / f"{key}{suffix}")
        take(DocResult(**json.loads((new_cache / f"{key}.json").read_text(encoding="utf-8"))), key, False)
    for (_, key), r in zip(todo, _results(todo, base, max_bytes, jobs)):
        take(r, key, True)
        result.extracted += r.error is None
    result.cached = len(cached)
    bar.close()

    shared = merged.Shared()
    shared.add(ref, merged.Source("reference data", minter.reference_graph()))
    first: dict[str, str] = {}  # expression → the source it was read from, first by name
    measured: dict[str, dict[str, Any]] = {}  # source → its line of the data-quality report
    texts = writer.tmp / "text"
    texts.mkdir()
    for r, part in sorted(read, key=lambda t: t[0].source):
        if r.expression in first:
            again = f"the same language version as {first[r.expression]} ({r.expression})"
            result.errors.append(f"{r.source}: {again}; left out")
            continue
        first[r.expression] = r.source
        graphs.append((r.graph, part))
        _link(part.with_suffix(".txt"), texts / text_name(r.source))  # what every evidence offset points into
        result.documents.append(r.source)
        for k, v in r.kinds.items():
            kinds[k].update(v)
        facts += r.facts
        violations.extend(Violation(**v) for v in r.violations)
        result.warnings.extend(r.warnings)
        blocks.extend(r.blocks)
        recommendations.extend(r.recommendations)
        shared.add(r.shared, merged.Source(r.source, r.expression, r.quality.get("masthead", {}).get("date"), part))
        measured[r.source] = quality.entry(r.quality, r.source, r.expression, part.stem, len(r.violations))
        r.quality = {}  # its fact identities are in its cache entry: a build holds one document's at a time

    result.errors[:] = [shown(e) for e in result.errors]  # a folder's name that is not UTF-8, escaped
    t_merge = time.perf_counter()
    violations.extend(validate_nt("".join(ln + "\n" for ln in ref)).violations)
    # documents that disagree: one value kept by the rule, the others left out of the merged graph
    dropped, renamed, result.disagreements = shared.settle()
    violations.extend(shared.check())  # what no document alone shows
    extra = [(str(minter.reference_graph()), ref)]
    alignment = align_versions(blocks) + link_quotations(recommendations)
    if alignment:
        extra.append((str(minter.alignment_graph()), alignment))
    for name, lines in extra:
        part = parts / f"{len(graphs):06d}.nt"
        part.write_text("".join(ln + "\n" for ln in lines), encoding="utf-8")
        graphs.append((name, part))
    order = sorted(graphs)
    (parts / "renamed.nt").write_text("".join(ln + "\n" for ln in renamed), encoding="utf-8")
    files = [p for _, p in order] + [parts / "renamed.nt"]

    def named_graphs() -> None:  # while sort merges: graph.nq written (loaded only with --named-graphs)
        with (writer.tmp / "graph.nq").open("wb") as nq:  # bytes: decoding and encoding tripled its time
            for name, part in order:  # graph by graph (as-of bisects for each); " .\n" ends every line
                nq.write(part.read_bytes().replace(b" .\n", f" <{name}> .\n".encode()))
        writer.load_named()

    result.triples = merged.merge(files, writer.tmp / "graph.nt", parts, dropped, named_graphs)
    shutil.rmtree(parts)
    t_store = time.perf_counter()
    with ThreadPoolExecutor(1) as pool:  # the change to the store found (`comm`) while the reports are written
        changing = pool.submit(incremental.update_store, writer)
        result.counts = {**{k: len(v) for k, v in kinds.items()}, "facts": facts}
        violations = sorted(set(violations), key=lambda v: (v.focus, v.path, v.message))
        result.report = Report(not violations, tuple(violations))
        writer.write_text("validation.txt", result.report.text())
        if measured:  # with no document read the build is not kept (NothingToBuild)
            quality.write(writer, out, measured, result.report, base, result.disagreements)
        result.change = changing.result()
    if result.change is None:
        writer.load("graph.nt")
    writer.close_store()
    t_seal = time.perf_counter()
    writer.seal(  # the manifest, last: every file of the build listed with its size, lines and sha256
        {
            "palermo": __version__,
            "extractors": version_key(),
            "base": base,
            "documents": sorted(result.documents),
            "texts": {source: f"text/{text_name(source)}" for source in sorted(result.documents)},
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
    result.seconds["merge"] = t_store - t_merge
    result.seconds["store"] = t_seal - t_store
    result.seconds["seal"] = time.perf_counter() - t_seal  # the manifest's sizes, lines and checksums


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy(src, dst)
