"""The one label rule (palermo/labels.py): what every kind of thing is called, in English and in
Chinese with the other language under it, from short graphs of a few triples; and on the corpus."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import shared

from palermo.labels import Label, Labels, class_label, table
from palermo.pipeline import BuildResult, build
from palermo.resources import ontology_path

B = "https://x.org/g/"
PAL = "https://example.org/palermo/ns#"
ELI = "http://data.europa.eu/eli/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
A = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
T = f"{ELI}LegalResource"


def lit(text: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


def iri(path: str) -> ox.NamedNode:
    return ox.NamedNode(path if ":" in path else B + path)


GRAPH: dict[str, list[tuple[str, ox.NamedNode | ox.Literal]]] = {
    "body/cop": [(f"{SKOS}notation", lit("COP")), (f"{SKOS}prefLabel", lit("Conference of the Parties", "en"))],
    "body/wg": [(f"{SKOS}notation", lit("WG-TIP"))],
    "instrument/tip": [
        (A, iri(f"{PAL}Instrument")),
        (f"{SKOS}prefLabel", lit("Trafficking in Persons Protocol", "en")),
        (f"{SKOS}prefLabel", lit("人口贩运议定书", "zh")),
    ],
    "act/cop/resolution/5-2": [
        (A, iri(f"{PAL}Act")),
        (f"{PAL}actKind", lit("resolution")),
        (f"{PAL}actNumber", lit("5/2")),
        (f"{PAL}issuedBy", iri("body/cop")),
        (f"{PAL}adoptedAt", iri("meeting/cop/5")),
    ],
    "instrument/tip/art/9": [
        (A, iri(f"{PAL}Article")),
        (f"{PAL}number", lit("9")),
        (f"{ELI}is_part_of", iri("instrument/tip")),
        (f"{SKOS}prefLabel", lit("Prevention of trafficking in persons", "en")),
        (f"{SKOS}prefLabel", lit("预防人口贩运", "zh")),
    ],
    "instrument/tip/art/9/para/4": [
        (A, iri(f"{PAL}ArticleParagraph")),
        (f"{PAL}number", lit("4")),
        (f"{ELI}is_part_of", iri("instrument/tip/art/9")),
    ],
    "meeting/wg/11": [(A, iri(f"{PAL}Meeting")), (f"{PAL}body", iri("body/wg")), (f"{PAL}ordinal", lit("11"))],
    "meeting/wg/11/recommendations": [(A, iri(f"{PAL}RecommendationSet")), (f"{PAL}adoptedAt", iri("meeting/wg/11"))],
    "meeting/wg/11/recommendation/3": [
        (A, iri(f"{PAL}Recommendation")),
        (f"{PAL}adoptedAt", iri("meeting/wg/11")),
        (f"{PAL}number", lit("3")),
        (f"{PAL}text", lit("鼓励缔约国确保……", "zh")),
    ],
    "meeting/wg/11/recommendation/quoted-173fd01a4e43": [
        (A, iri(f"{PAL}Recommendation")),
        (f"{PAL}adoptedAt", iri("meeting/wg/11")),
        (f"{PAL}number", lit("(c)")),
        (f"{PAL}quotedIn", iri("doc/x/zh")),
    ],
    "doc/x": [(A, iri(T)), (f"{ELI}id_local", lit("CTOC/COP/WG.4/2019/1")), (f"{ELI}is_realized_by", iri("doc/x/zh"))],
    "doc/x/zh": [
        (A, iri(f"{ELI}LegalExpression")),
        (f"{ELI}realizes", iri("doc/x")),
        ("http://purl.org/dc/terms/language", lit("zh")),
        (f"{ELI}title", lit("涉及贩运人口的预防犯罪措施", "zh")),
    ],
    "doc/x/zh/para/15": [
        (A, iri(f"{PAL}Paragraph")),
        (f"{PAL}key", lit("para/15")),
        (f"{PAL}label", lit("15")),
        (f"{ELI}is_part_of", iri("doc/x/zh")),
    ],
    "doc/source/a%20b.txt": [
        (A, iri(T)),
        ("http://purl.org/dc/terms/type", iri("concept/document-type/report")),
        (f"{PAL}reportsOn", iri("meeting/wg/11")),
    ],
    "doc/source/plain.txt": [(A, iri(T)), (f"{ELI}is_realized_by", iri("doc/source/plain.txt/en"))],
    "doc/source/plain.txt/en": [(f"{PAL}sourceFile", lit("plain.txt"))],
    "doc/x/zh/stated/meeting/wg/11": [
        (A, iri(f"{PAL}MeetingAsStated")),
        (f"{PAL}meeting", iri("meeting/wg/11")),
        (f"{PAL}statedIn", iri("doc/x/zh")),
    ],
    "country/afg": [(f"{SKOS}prefLabel", lit("Afghanistan", "en")), (f"{SKOS}prefLabel", lit("阿富汗", "zh"))],
    "doc/x/zh/fact/actors/1": [
        (A, iri(f"{PAL}Participation")),
        (f"{PAL}about", iri("country/afg")),
        (f"{PAL}block", iri("doc/x/zh/para/15")),
    ],
}


def about(path: str) -> list[tuple[str, object]]:
    return [(p, o) for p, o in GRAPH.get(path[len(B) :], [])]


@pytest.mark.parametrize(
    ("path", "lang", "text", "under"),
    [
        ("act/cop/resolution/5-2", "en", "Resolution 5/2 (COP)", ["COP第5/2号决议"]),
        ("act/cop/resolution/5-2", "zh", "COP第5/2号决议", ["Resolution 5/2 (COP)"]),
        (
            "instrument/tip/art/9",
            "en",
            "Article 9, Trafficking in Persons Protocol",
            ["Prevention of trafficking in persons", "人口贩运议定书第9条"],
        ),
        (
            "instrument/tip/art/9",
            "zh",
            "人口贩运议定书第9条",
            ["预防人口贩运", "Article 9, Trafficking in Persons Protocol"],
        ),
        (
            "instrument/tip/art/9/para/4",
            "en",
            "Article 9(4), Trafficking in Persons Protocol",
            ["人口贩运议定书第9条第4款"],
        ),
        ("meeting/wg/11", "en", "WG-TIP meeting 11", ["WG-TIP第11次会议"]),
        ("meeting/wg/11/recommendations", "en", "Recommendations of WG-TIP meeting 11", ["WG-TIP第11次会议的建议"]),
        (
            "meeting/wg/11/recommendation/3",
            "en",
            "Recommendation 3, WG-TIP meeting 11",
            ["鼓励缔约国确保……", "WG-TIP第11次会议建议3"],
        ),
        (
            "meeting/wg/11/recommendation/quoted-173fd01a4e43",
            "en",
            "Recommendation (c) of WG-TIP meeting 11, quoted in CTOC/COP/WG.4/2019/1",
            ["WG-TIP第11次会议建议(c)（CTOC/COP/WG.4/2019/1引述）"],
        ),
        ("doc/x", "en", "CTOC/COP/WG.4/2019/1", ["涉及贩运人口的预防犯罪措施"]),
        ("doc/x/zh", "en", "CTOC/COP/WG.4/2019/1 (Chinese)", ["CTOC/COP/WG.4/2019/1（中文）"]),
        (
            "doc/x/zh/para/15",
            "en",
            "CTOC/COP/WG.4/2019/1 (Chinese), paragraph 15",
            ["CTOC/COP/WG.4/2019/1（中文），段15"],
        ),
        ("doc/source/a%20b.txt", "en", "Report of WG-TIP meeting 11", ["WG-TIP第11次会议报告"]),
        ("doc/source/plain.txt", "en", "plain.txt", []),
        (
            "doc/x/zh/stated/meeting/wg/11",
            "en",
            "WG-TIP meeting 11 as stated in CTOC/COP/WG.4/2019/1 (Chinese)",
            ["CTOC/COP/WG.4/2019/1（中文）所述WG-TIP第11次会议"],
        ),
        ("country/afg", "en", "Afghanistan", ["阿富汗"]),
        ("country/afg", "zh", "阿富汗", ["Afghanistan"]),
        (
            "doc/x/zh/fact/actors/1",
            "en",
            "Participation: Afghanistan",
            ["in CTOC/COP/WG.4/2019/1 (Chinese), paragraph 15", "参与：阿富汗"],
        ),
        ("body/wg", "en", "WG-TIP", []),
        ("concept/unknown/x%20y", "en", "concept/unknown/x y", []),  # nothing known: its path, readable
        ("https://schema.org/Event", "en", "event", []),  # a term of a vocabulary: its name in words
        (f"{PAL}MeetingAsStated", "en", "meeting as a document states it", []),  # the ontology's rdfs:label
        ("http://other.example/x", "en", "http://other.example/x", []),  # anything else: its IRI
    ],
)
def test_label_of_each_kind(path: str, lang: str, text: str, under: list[str]) -> None:
    label = Labels(about, B)(path if ":" in path else B + path, lang)
    assert (label.text, [t for t, _ in label.under]) == (text, under)


def test_labels_remembered_but_bounded() -> None:
    calls: list[str] = []

    def counted(path: str) -> list[tuple[str, object]]:
        calls.append(path)
        return about(path)

    labels = Labels(counted, B)
    assert labels(B + "country/afg") == labels(B + "country/afg") == Label("Afghanistan", "en", (("阿富汗", "zh"),))
    assert calls.count(B + "country/afg") == 1


@pytest.mark.parametrize(
    ("cls", "lang", "name"),
    [
        (f"{PAL}AgendaStatement", "en", "agenda item statement"),  # the ontology's rdfs:label
        (f"{PAL}Participation", "zh", "参与"),  # the language's table
        (f"{PAL}NoSuchClass", "en", "no such class"),  # neither: its name in words
    ],
)
def test_class_names_for_people(cls: str, lang: str, name: str) -> None:
    assert class_label(cls, lang) == name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_label_tables_are_whole(lang: str) -> None:
    """Every template of English is in each language's table, with the same parts."""
    rows, english = table(lang), table("en")
    for (kind, key), value in english.items():
        if kind == "template":
            assert (kind, key) in rows, (lang, key)
            parts = sorted(p.split("}")[0] for p in value.split("{")[1:])
            assert sorted(p.split("}")[0] for p in rows[(kind, key)].split("{")[1:]) == parts, (lang, key)
    assert ontology_path("labels", f"{lang}.tsv").is_file()


def _unnamed(data: Path) -> tuple[int, list[tuple[str, str]]]:
    """How many typed things a build holds, and those whose label is an IRI, a path or a hash."""
    from palermo.graph.built import BuildReader

    view = BuildReader(data)
    labels = Labels.of_store(view.store, view.base)
    rows = view.select("SELECT DISTINCT ?n WHERE { ?n a ?t FILTER (isIRI(?n) && !CONTAINS(STR(?n), '#')) }")
    paths = ("http", *(f"{p}/" for p in ("doc", "act", "meeting", "instrument", "person", "org", "country", "tool")))
    bad = [(r["n"].value, labels(r["n"].value).text) for r in rows]
    return len(rows), [(n, t) for n, t in bad if t.startswith(paths) or "quoted-" in t or "/fact/" in t]


def test_corpus_things_named_for_people(built: BuildResult) -> None:
    """On the corpus build: no label of a thing of any kind is an IRI, a path or a hash."""
    things, unnamed = _unnamed(built.out)
    assert things > 2000 and not unnamed, unnamed[:5]


def test_samples_things_named_for_people(tmp_path: Path) -> None:
    """On the English and development samples (texts nobody here wrote), the same."""
    data = build([shared("samples-en"), shared("samples-dev")], tmp_path / "data").out
    things, unnamed = _unnamed(data)
    assert things > 1000 and not unnamed, unnamed[:5]
