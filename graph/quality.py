"""The data-quality report of a build: what was read of each document and how well, for the
corpus in totals and distributions, and what changed since the previous build in the folder.

Each document is measured in its worker (`measure`, from the Document, its facts and the graph
built of them: no N-Triples parsed again), and the measures travel with its cache entry; the
main process sums them up, compares them with the previous build's `quality.json` and writes
`quality.json` (the report, and what the next build compares with), `quality.ttl` (the W3C Data
Quality Vocabulary: a `dqv:QualityMeasurement` per metric of `ontology/quality.ttl` per document
and for the dataset) and `quality.html` (templates/quality.html).

A fact is identified, for the comparison, by its class, the block its evidence lies in, its
quote and what it is about, not by its IRI: the IRI hashes character offsets, so a paragraph
deleted near the top would change the IRI of every fact after it, and the report would show
them all as removed and added again.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from palermo import kinds
from palermo.graph import pages
from palermo.graph.build import DocumentGraph
from palermo.graph.built import qname
from palermo.graph.merged import Disagreement, display
from palermo.graph.ntriples import literal, ref
from palermo.graph.store import CACHE_DIR, BuildWriter
from palermo.graph.validate import Report
from palermo.iri import DQV, PAL, PQ, fold_text, name_key
from palermo.kinds.kind import meeting_name
from palermo.models import PARAGRAPH_KINDS, Document, Fact, MeetingRef
from palermo.resources import ontology_path

FIELDS = ("symbol", "date", "type", "meeting", "title")  # the masthead fields reported
REPORT = "quality.json"
TURTLE, PAGE = "quality.ttl", "quality.html"  # the report in DQV, and for people (build and site)
Entry = dict[str, Any]  # one document's measures, as quality.json holds them


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- in the worker: one document -------------------------------------------------------------


def measure(doc: Document, facts: list[Fact], built: DocumentGraph, left_out: list[str]) -> Entry:
    """What was read of one document and how well (JSON-serialisable; `fact_ids` is what the
    next build compares with, kept in the cache entry and left out of quality.json): the facts
    counted by class, and each kind's own measures (palermo/kinds/: the masthead's fields, the
    tools discovered)."""
    paragraphs = {b.key for b in doc.of_kind(*PARAGRAPH_KINDS)}
    unresolved = {
        meeting_name(m) for f in facts if isinstance(m := getattr(f, "meeting", None), MeetingRef) and m.ordinal is None
    }
    ids = fact_ids(built)
    return {
        "facts": dict(sorted(Counter(kind for kind, *_ in ids).items())),
        "paragraphs": len(paragraphs),
        "paragraphs_with_facts": len(paragraphs & {f.evidence.block for f in facts}),
        "left_out": list(left_out),
        **kinds_measures(facts),
        "meetings_without_ordinal": sorted(unresolved),
        "text_sha256": sha256(doc.text),
        "facts_sha256": sha256(json.dumps(ids, ensure_ascii=False)),
        "fact_ids": ids,
    }


def kinds_measures(facts: list[Fact]) -> Entry:
    """Every registered kind's measures of a document's facts: a figure with a section goes
    inside it (`masthead`: FIELDS, each None until a kind gives it)."""
    found: dict[type, list[Fact]] = {}
    for f in facts:
        found.setdefault(type(f), []).append(f)
    out: Entry = {"masthead": dict.fromkeys(FIELDS)}
    for kind in kinds.KINDS:
        for m in kind.measures:
            value = m.read(found.get(kind.model, []))
            if m.section is None:
                out[m.key] = value
            else:
                out.setdefault(m.section, {})[m.key] = value
    return out


def fact_ids(built: DocumentGraph) -> list[list[str]]:
    """[class, block key, quote, what it is about] of every fact node of a document's graph,
    sorted, as the graph builder made them."""
    return sorted([kind_of(cls), block, quote, about] for cls, block, quote, about in built.facts.values())


def kind_of(cls: str) -> str:
    """A fact class as the report names it: `Citation` for pal:Citation, else the whole IRI."""
    return cls.removeprefix(str(PAL))


def class_of(kind: str) -> str:
    return kind if ":" in kind else f"{PAL}{kind}"


# ---- in the main process: the corpus and the change ----------------------------------------


def entry(measures: Entry, source: str, expression: str, key: str, violations: int) -> Entry:
    """A document's line of quality.json: its measures, without the fact identities (those stay
    in its cache entry, `key`), with the SHACL violations of its graph."""
    kept = {k: v for k, v in measures.items() if k != "fact_ids"}
    return {**kept, "source": source, "expression": expression, "cache": key, "shacl_violations": violations}


def corpus(documents: dict[str, Entry], report: Report, disagreements: int = 0) -> Entry:
    """Totals and distributions over the documents."""
    docs = [documents[s] for s in sorted(documents)]
    facts: Counter[str] = Counter()
    for d in docs:
        facts.update(d["facts"])
    shares = sorted(_share(d) for d in docs)
    totals = sorted(sum(d["facts"].values()) for d in docs)
    return {
        "documents": len(docs),
        "masthead": {f: sum(d["masthead"][f] is not None for d in docs) for f in FIELDS},
        "facts": dict(sorted(facts.items())),
        "paragraphs": sum(d["paragraphs"] for d in docs),
        "paragraphs_with_facts": sum(d["paragraphs_with_facts"] for d in docs),
        "coverage_histogram": [sum(min(int(s * 10), 9) == i for s in shares) for i in range(10)],
        "facts_per_document": {"min": totals[0], "median": totals[len(totals) // 2], "max": totals[-1]},
        "left_out": sum(len(d["left_out"]) for d in docs),
        "discovered_tools": sorted({fold_text(t): t for d in reversed(docs) for t in d["discovered_tools"]}.values()),
        "meetings_without_ordinal": sorted({m for d in docs for m in d["meetings_without_ordinal"]}),
        "shacl": {"conforms": report.conforms, "violations": len(report.violations)},
        "disagreements": disagreements,
    }


def _share(d: Entry) -> float:
    return d["paragraphs_with_facts"] / d["paragraphs"] if d["paragraphs"] else 0.0


def read(folder: Path) -> Entry | None:
    """The report of the build in `folder`, if it has a readable one."""
    try:
        data = json.loads((folder / REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("documents"), dict) else None


def change(before: Entry | None, documents: dict[str, Entry], old_cache: Path, new_cache: Path) -> Entry | None:
    """What changed since the previous build (None when there is none to compare with):
    documents added, removed and changed (another text, or other facts), and the facts added and
    removed by class, those of documents added or removed included."""
    if before is None:
        return None
    old: dict[str, Entry] = before["documents"]
    added, removed = sorted(documents.keys() - old.keys()), sorted(old.keys() - documents.keys())
    plus: Counter[str] = Counter()
    minus: Counter[str] = Counter()
    for s in added:
        plus.update(documents[s]["facts"])
    for s in removed:
        minus.update(old[s]["facts"])
    changed = []
    for s in sorted(documents.keys() & old.keys()):
        new, was = documents[s], old[s]
        if (new["text_sha256"], new["facts_sha256"]) == (was["text_sha256"], was["facts_sha256"]):
            continue
        text = new["text_sha256"] != was["text_sha256"]
        before_ids, after_ids = _ids(old_cache, was["cache"]), _ids(new_cache, new["cache"])
        if before_ids is None or after_ids is None:  # its cache entry was removed by hand: not known
            changed.append({"source": s, "text_changed": text, "facts_added": None, "facts_removed": None})
            continue
        gained, lost = _differ(before_ids, after_ids)
        for kind, listed in gained.items():
            plus[kind] += len(listed)
        for kind, listed in lost.items():
            minus[kind] += len(listed)
        changed.append({"source": s, "text_changed": text, "facts_added": gained, "facts_removed": lost})
    return {
        "previous_documents": len(old),
        "added": added,
        "removed": removed,
        "changed": changed,
        "facts_added": dict(sorted(plus.items())),
        "facts_removed": dict(sorted(minus.items())),
    }


def _ids(cache: Path, key: str) -> list[list[str]] | None:
    """A document's fact identities, from its cache entry (pipeline.DocResult as JSON)."""
    try:
        data = json.loads((cache / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ids = data.get("quality", {}).get("fact_ids")
    return [list(i) for i in ids] if isinstance(ids, list) else None


def _differ(before: list[list[str]], after: list[list[str]]) -> tuple[dict[str, list[list[str]]], ...]:
    """The facts only `after` has and those only `before` has, by class: [block, quote, about]."""
    old, new = Counter(map(tuple, before)), Counter(map(tuple, after))
    out = []
    for diff in (new - old, old - new):
        by: dict[str, list[list[str]]] = {}
        for kind, *rest in sorted(diff.elements()):
            by.setdefault(kind, []).append(rest)
        out.append(by)
    return tuple(out)


# ---- DQV ---------------------------------------------------------------------------------------


@cache
def metrics() -> tuple[tuple[str, str, frozenset[str], bool], ...]:
    """(local name, datatype IRI, scopes, measured per fact class) of every metric of
    ontology/quality.ttl, in name order: the report measures exactly these."""
    g = Graph().parse(ontology_path("quality.ttl"), format="turtle")
    out = []
    for m in sorted(g.subjects(RDF.type, DQV.Metric), key=str):
        scopes = frozenset(str(s).removeprefix(str(PQ)) for s in g.objects(m, PQ.scope))
        per_class = (m, PQ.byFactClass, Literal(True)) in g
        out.append((str(m).removeprefix(str(PQ)), str(g.value(m, DQV.expectedDataType)), scopes, per_class))
    return tuple(out)


_DOCUMENT: dict[str, Callable[[Entry], object]] = {
    **{f"{f}Found": (lambda d, f=f: d["masthead"][f] is not None) for f in FIELDS},  # type: ignore[misc]
    "facts": lambda d: sum(d["facts"].values()),
    "paragraphsWithFacts": _share,
    "valuesLeftOut": lambda d: len(d["left_out"]),
    "shaclViolations": lambda d: d["shacl_violations"],
    "discoveredTools": lambda d: len(d["discovered_tools"]),
    "meetingsWithoutOrdinal": lambda d: len(d["meetings_without_ordinal"]),
    "disagreements": lambda d: d.get("disagreements", 0),  # absent from reports written before it
}
_CORPUS: dict[str, Callable[[Entry], object]] = {
    **{f"{f}Share": (lambda c, f=f: c["masthead"][f] / c["documents"]) for f in FIELDS},  # type: ignore[misc]
    "facts": lambda c: sum(c["facts"].values()),
    "paragraphsWithFacts": _share,
    "valuesLeftOut": lambda c: c["left_out"],
    "shaclViolations": lambda c: c["shacl"]["violations"],
    "shaclConforms": lambda c: c["shacl"]["conforms"],
    "discoveredTools": lambda c: len(c["discovered_tools"]),
    "meetingsWithoutOrdinal": lambda c: len(c["meetings_without_ordinal"]),
    "disagreements": lambda c: c.get("disagreements", 0),
}


def measurements(
    report: Entry, base: str, moved: Callable[[str], str] = str
) -> Iterator[tuple[str, str, str, str | None, str]]:
    """(measurement IRI, what it is computed on, metric, fact class, value as an N-Triples
    term): per metric of scope `corpus` on the dataset, per metric of scope `document` on each
    language version; a metric per fact class once per class the build stated, 0 included.
    Published under another base than the build's, `moved` carries a version's IRI there (the
    vocabularies' namespaces stay)."""
    kinds = sorted(report["corpus"]["facts"])
    targets = [("dataset", "corpus", base + "dataset", report["corpus"], _CORPUS)]
    for source in sorted(report["documents"]):
        d = report["documents"][source]
        targets.append((f"doc/{name_key(source)}", "document", moved(d["expression"]), d, _DOCUMENT))
    for key, scope, on, data, values in targets:
        for name, datatype, scopes, per_class in metrics():
            if scope not in scopes:
                continue
            iri = f"{base}{TURTLE}#{key}/{name}"
            if per_class:
                for kind in kinds:
                    value = data["facts"].get(kind, 0)
                    yield f"{iri}/{urllib.parse.quote(kind, safe='')}", on, name, class_of(kind), _term(value, datatype)
            else:
                yield iri, on, name, None, _term(values[name](data), datatype)


def _term(value: object, datatype: str) -> str:
    if datatype == str(XSD.boolean):
        text = "true" if value else "false"
    elif datatype == str(XSD.decimal):
        text = f"{float(value):.4f}"  # type: ignore[arg-type]
    else:
        text = str(int(value))  # type: ignore[call-overload]
    return literal(text, datatype=ref(datatype))


def write_turtle(path: Path, report: Entry, base: str, moved: Callable[[str], str] = str) -> None:
    """quality.ttl: one line per measurement, in the order of `measurements`, written as they
    come (60 MB at 10,000 documents: never held whole); then the disagreements, one
    `pq:Disagreement` each (`disagreement_lines`)."""
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(f"@prefix {p}: <{ns}> .\n" for p, ns in (("dqv", DQV), ("pq", PQ), ("xsd", XSD)))
        f.write("\n")
        for iri, on, metric, cls, value in measurements(report, base, moved):
            per = f" ; pq:factClass {ref(cls)}" if cls else ""
            f.write(
                f"{ref(iri)} a dqv:QualityMeasurement ; dqv:computedOn {ref(on)} ; "
                f"dqv:isMeasurementOf pq:{metric}{per} ; dqv:value {value} .\n"
            )
        for d in report.get("disagreements", []):
            f.writelines(disagreement_lines(d, base, moved))


def disagreement_lines(d: Entry, base: str, moved: Callable[[str], str] = str) -> Iterator[str]:
    """One disagreement of quality.json in Turtle: the thing, the property, the value kept and
    why, and each value with the language versions stating it. Named by a hash of the thing and
    the property: the same disagreement, the same IRI, in every build."""
    iri = f"{base}{TURTLE}#disagreement/{sha256(d['thing'] + ' ' + d['property'])[:16]}"
    statements = [f"{iri}/{n}" for n in range(1, len(d["values"]) + 1)]
    yield (
        f"{ref(iri)} a pq:Disagreement ; dqv:inDimension pq:consistency ; pq:thing {moved(ref(d['thing']))} ; "
        f"pq:property {ref(d['property'])} ; pq:kept {moved(d['kept'])} ; pq:reason {literal(d['reason'])} ; "
        f"pq:statement {', '.join(ref(s) for s in statements)} .\n"
    )
    for s, v in zip(statements, d["values"], strict=True):
        versions = ", ".join(moved(ref(x)) for x in v["versions"])
        yield f"{ref(s)} pq:value {moved(v['value'])} ; pq:statedIn {versions} .\n"


# ---- HTML ----------------------------------------------------------------------------------------


def html(report: Entry, href: Callable[[Entry], str | None], root: str, published: bool) -> str:
    """quality.html (templates/quality.html), documents linked by `href`, the stylesheet under
    `root`; `published`: on the site, beside the metrics (ontology/quality.ttl)."""
    documents = [{**report["documents"][s], "href": href(report["documents"][s])} for s in sorted(report["documents"])]
    hrefs = {d["source"]: d["href"] for d in documents}
    return (
        pages.environment()
        .get_template("quality.html")
        .render(
            title="Data quality",
            root=root,
            fields=FIELDS,
            corpus=report["corpus"],
            documents=documents,
            kinds=sorted(report["corpus"]["facts"]),
            change=report["change"],
            published=published,
            disagreements=report.get("disagreements", []),
            hrefs=hrefs,
            short=qname,
            display=display,
        )
    )


def text_link(d: Entry) -> str:
    """A document's text in the build folder (text/<file name>.txt)."""
    return "text/" + urllib.parse.quote(f"{d['source']}.txt")


# ---- the build --------------------------------------------------------------------------------


def write(
    writer: BuildWriter,
    out: Path,
    entries: dict[str, Entry],
    report: Report,
    base: str,
    disagreements: Sequence[Disagreement] = (),
) -> Entry:
    """quality.json, quality.ttl and quality.html into the build being written, compared with
    the build in `out` (untouched until the writer commits). `entries`: source → `entry`;
    `disagreements`: the documents that gave a thing values the merged graph could not all keep
    (graph/merged.py), each document counting those it takes part in."""
    listed = [d.as_json() for d in disagreements]
    for d in listed:
        for name in {n for v in d["values"] for n in v["documents"]}:
            if name in entries:  # not the reference data
                entries[name]["disagreements"] = entries[name].get("disagreements", 0) + 1
    for e in entries.values():
        e.setdefault("disagreements", 0)
    data = {
        "corpus": corpus(entries, report, len(listed)),
        "change": change(read(out), entries, out / CACHE_DIR, writer.tmp / CACHE_DIR),
        "documents": entries,
        "disagreements": listed,
    }
    writer.write_json(REPORT, data)
    write_turtle(writer.tmp / TURTLE, data, base)
    writer.write_text(PAGE, html(data, text_link, "", False))
    return data
