"""The whole flow in one place: files → Documents → Facts → graphs → validation → build folder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from palermo import __version__
from palermo.extract import extract_all, version_key
from palermo.graph.build import document_graph, new_graph, reference_graph
from palermo.graph.store import BuildWriter, nq_lines, nt_lines
from palermo.graph.validate import Report, validate
from palermo.iri import DEFAULT_BASE, ELI, PAL, SCHEMA, Minter
from palermo.reader import MAX_BYTES, ReadError, read

# Entity kinds counted in the build summary: label → class.
SUMMARY_KINDS = {
    "documents": ELI.LegalExpression,
    "meetings": PAL.Meeting,
    "acts": PAL.Act,
    "persons": SCHEMA.Person,
}


def sources(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the .txt files of folders named, in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.txt") if q.is_file()))
        else:
            out.append(p)
    return out


@dataclass
class BuildResult:
    out: Path
    documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    report: Report | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.report is not None and self.report.conforms


def count_entities(g: Graph) -> dict[str, int]:
    counts = {k: len(set(g.subjects(RDF.type, cls))) for k, cls in SUMMARY_KINDS.items()}
    counts["facts"] = len(set(g.subjects(PAL.evidence, None)))
    return counts


def align_versions(documents: list[Graph]) -> Graph:
    """Link paragraph N of one language version to paragraph N of another version of the same work.

    Versions of one symbol are expressions of one work; their numbered paragraphs (and lettered
    sub-items, preambular paragraphs) carry the same keys, so an analyst can read a Chinese
    paragraph beside its English original (`pal:alignedWith`, both ways).
    """
    blocks: dict[tuple[Node, str], list[Node]] = {}
    for g in documents:
        for expr in g.subjects(RDF.type, ELI.LegalExpression):
            work = g.value(expr, ELI.realizes)
            for block in g.subjects(ELI.is_part_of, expr):
                _collect(g, work, block, blocks)
    out = new_graph()
    for nodes in blocks.values():
        for a in nodes:
            for b in nodes:
                if a != b:
                    out.add((a, PAL.alignedWith, b))
    return out


def _collect(g: Graph, work: Node | None, block: Node, blocks: dict[tuple[Node, str], list[Node]]) -> None:
    key = str(g.value(block, PAL.key) or "")
    if work is not None and key.startswith(("para/", "pp/")) and not key.startswith("para/p"):
        blocks.setdefault((work, key), []).append(block)
        for child in g.subjects(ELI.is_part_of, block):
            _collect(g, work, child, blocks)


def build(paths: list[Path], out: Path, base: str = DEFAULT_BASE, max_bytes: int = MAX_BYTES) -> BuildResult:
    """Build the graph of `paths` into the folder `out`; bad files are reported and skipped."""
    minter = Minter(base)
    ref = reference_graph(minter)
    result = BuildResult(out)
    graphs: list[tuple[URIRef, Graph]] = [(minter.reference_graph(), ref)]
    seen: set[str] = set()
    for path in sources(paths):
        if path.name in seen:
            result.errors.append(f"{path}: another source has the same file name (the provenance key)")
            continue
        try:
            doc = read(path, max_bytes)
        except ReadError as e:
            result.errors.append(str(e))
            continue
        seen.add(path.name)
        try:
            g = document_graph(doc, extract_all(doc), minter, ref)
        except Exception as e:
            result.errors.append(f"{path}: extraction failed ({type(e).__name__}: {e}); please report it")
            continue
        graphs.append((minter.graph(doc.source), g))
        result.documents.append(doc.source)
    alignment = align_versions([g for _, g in graphs[1:]])
    if len(alignment):
        graphs.append((minter.alignment_graph(), alignment))
    union = Graph()
    for _, g in graphs:
        union += g
    result.triples = len(union)
    result.counts = count_entities(union)
    result.report = validate(union)
    writer = BuildWriter(out)
    try:
        per_graph = [(name, nt_lines(g)) for name, g in graphs]
        writer.write_lines("graph.nt", sorted({ln for _, lines in per_graph for ln in lines}))
        writer.write_lines("graph.nq", nq_lines(per_graph))
        writer.write_text("validation.txt", result.report.text())
        writer.write_json(
            "manifest.json",
            {
                "palermo": __version__,
                "extractors": version_key(),
                "base": base,
                "documents": result.documents,
                "errors": result.errors,
                "triples": result.triples,
                "counts": result.counts,
                "conforms": result.report.conforms,
            },
        )
        writer.load_store("graph.nq")
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return result
