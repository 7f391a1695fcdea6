"""Each vocabulary has one home the others read: block kinds (palermo.models), document types and
roles (ontology/concepts.csv), namespaces (palermo.iri); the cues, shapes, queries and vocabulary
that name their keys agree with it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDFS, SKOS, Graph, Literal, URIRef, Variable
from rdflib.paths import SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from palermo import lang as langs
from palermo import reference
from palermo.extract import REGISTRY
from palermo.extract.context import Context
from palermo.extract.masthead import _Votes
from palermo.graph.build import reference_graph
from palermo.graph.built import NAMESPACES
from palermo.graph.pages import CITED_KINDS
from palermo.graph.query import parse_query_file
from palermo.iri import DQV, PAL, PQ, PREFIXES, SH, Minter
from palermo.labels import Labels, label_languages
from palermo.models import (
    BLOCK_KINDS,
    KEY_PREFIX,
    LABEL_KEYED,
    PARAGRAPH_KINDS,
    TEXT_KINDS,
    DocumentFact,
    Evidence,
    ParticipationFact,
    Span,
)
from palermo.reader import read
from palermo.resources import corpus_dir, ontology_path, queries_dir, templates_dir

SCHEMES = {"role": reference.roles, "document-type": reference.document_types}


@pytest.mark.parametrize(
    ("group", "has", "lacks"),
    [
        (TEXT_KINDS, ("header", "heading", "paragraph", "preamble", "item", "footnote"), ("toc",)),
        (PARAGRAPH_KINDS, ("paragraph", "preamble", "item"), ("header", "heading", "footnote", "toc")),
    ],
)
def test_block_kind_groups(group: tuple[str, ...], has: tuple[str, ...], lacks: tuple[str, ...]) -> None:
    assert set(group) <= set(BLOCK_KINDS)
    assert set(has) <= set(group)
    assert not set(lacks) & set(group)


def _block_key_pattern() -> re.Pattern[str]:
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    (pattern,) = {str(shapes.value(p, SH.pattern)) for p in shapes.subjects(SH.path, PAL.key)}
    return re.compile(pattern)


def test_key_prefixes_are_those_of_the_shapes() -> None:
    """Every block kind has its key prefix, and the shapes' pal:key pattern allows those prefixes
    and no other."""
    alternatives = re.fullmatch(r"\^\(([a-z|]+)\)/.*", _block_key_pattern().pattern)
    assert alternatives is not None
    assert set(KEY_PREFIX) == set(BLOCK_KINDS) and set(LABEL_KEYED) <= set(BLOCK_KINDS)
    assert set(alternatives.group(1).split("|")) == set(KEY_PREFIX.values())


def test_reader_makes_only_declared_kinds() -> None:
    """On the bundled corpus every block is of a declared kind, under a key the shapes accept."""
    key = _block_key_pattern()
    seen = set()
    for path in sorted(corpus_dir().glob("*.txt")):
        for block in read(path).blocks:
            assert block.kind in BLOCK_KINDS, (path.name, block.key, block.kind)
            assert key.match(block.key), (path.name, block.key)
            prefix = block.key.split("/")[0]
            assert prefix == KEY_PREFIX[block.kind] or (block.kind == "item" and block.parent), (path.name, block.key)
            if block.kind in LABEL_KEYED:
                assert block.key.split("/")[1].split("-")[0] == block.label, (path.name, block.key)
            seen.add(block.kind)
    assert set(TEXT_KINDS) <= seen


def test_extractors_give_keys_of_the_table() -> None:
    """On the bundled corpus the masthead's types and the actors' roles are keys of the table, and
    the table holds no role the actors never give; the roles that come with a meeting are those
    the table says are a part taken in one (not a mention, not an author's or editor's)."""
    types, roles, at_meeting = set(), set(), set()
    for path in sorted(corpus_dir().glob("*.txt")):
        ctx = Context(read(path))
        facts = [f for e in REGISTRY for f in e.run(ctx)]
        types |= {f.doc_type for f in facts if isinstance(f, DocumentFact)}
        roles |= {f.role for f in facts if isinstance(f, ParticipationFact)}
        at_meeting |= {f.role for f in facts if isinstance(f, ParticipationFact) and f.meeting}
    assert types <= set(reference.document_types()) and {"report", "resolution"} <= types
    assert roles == set(reference.roles())
    assert at_meeting == set(reference.roles_at_meeting())


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concept_scheme_ranks(scheme: str) -> None:
    """Ranks run 1..n without ties, keys are unique, and the reader follows the ranks."""
    concepts = reference.concepts(scheme)
    assert [c.rank for c in concepts] == list(range(1, len(concepts) + 1))
    assert SCHEMES[scheme]() == tuple(c.key for c in concepts)
    assert len(set(SCHEMES[scheme]())) == len(concepts)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concepts_defined_in_the_reference_graph(scheme: str) -> None:
    """Each role and document type of the table is a concept of the reference graph, defined by
    its meaning in English (skos:definition), once."""
    minter = Minter()
    graph = Graph().parse(data="\n".join(reference_graph(minter).sorted()), format="nt")
    for concept in reference.concepts(scheme):
        node = URIRef(minter.concept(scheme, concept.key))
        assert list(graph.objects(node, SKOS.definition)) == [Literal(concept.meaning, lang="en")], concept.key


def test_unknown_scheme_is_named() -> None:
    with pytest.raises(KeyError, match="'colour'"):
        reference.concepts("colour")


def _cue_keys(code: str, kind: str, prefix: str = "") -> set[str]:
    """The keys the table of language `code` gives to rows of `kind` (`type=report/4` → report)."""
    rows = (line.split("\t") for line in ontology_path("lang", f"{code}.tsv").read_text("utf-8").splitlines())
    return {
        r[1].removeprefix(prefix).split("/")[0] for r in rows if len(r) > 2 and r[0] == kind and r[1].startswith(prefix)
    }


@pytest.mark.parametrize("code", ["common", *langs.available()])
@pytest.mark.parametrize(
    ("kind", "prefix", "scheme"),
    [("cue", "type=", "document-type"), ("symbol-type", "", "document-type"), ("role-trigger", "", "role")],
)
def test_cues_name_keys_of_the_table(code: str, kind: str, prefix: str, scheme: str) -> None:
    assert _cue_keys(code, kind, prefix) <= set(SCHEMES[scheme]())


def test_cues_give_every_type_but_the_fallback() -> None:
    """Each document type but the last (the masthead's fallback) has a cue in some language."""
    named = set().union(
        *(
            _cue_keys(c, k, p)
            for c in ["common", *langs.available()]
            for k, p in [("cue", "type="), ("symbol-type", "")]
        )
    )
    assert set(reference.document_types()[:-1]) <= named


@pytest.mark.parametrize("pair", list(zip(reference.document_types(), reference.document_types()[1:], strict=False)))
def test_tied_types_go_by_rank(pair: tuple[str, str]) -> None:
    """Two types whose cues weigh the same: the masthead takes the one ranked first."""
    where = Evidence("a.txt", "header/1", Span(0, 1), "x")
    for order in (pair, pair[::-1]):
        votes = _Votes()
        for value in order:
            votes.add(value, 3, where)
        found = votes.best(2, reference.document_types())
        assert found is not None and found.value == pair[0]


def _walk(node: object) -> Iterator[object]:
    """Every node of a query's algebra (rdflib's CompValue trees, lists and tuples)."""
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list | tuple) else ()
    for child in children:
        yield from _walk(child)


def _named(query: str, link: URIRef) -> set[str]:
    """The strings a query compares with the notation of what `link` points to (pal:role, a role's
    concept): in the triple itself, or in the VALUES or IN that bind its variable."""
    return {str(term) for term in _notations(query, link) if isinstance(term, Literal)}


def _notations(query: str, link: URIRef) -> set[object]:
    """The variables a query binds to the notation of what `link` points to, and the literals it
    compares them with."""
    nodes = list(_walk(prepareQuery(query, initNs=NAMESPACES).algebra))
    triples = [t for n in nodes if isinstance(n, CompValue) and n.name == "BGP" for t in n["triples"]]
    targets = {o for _, p, o in triples if p == link}
    said = {o for s, p, o in triples if p == SKOS.notation and s in targets}
    said |= {o for _, p, o in triples if isinstance(p, SequencePath) and p.args == [link, SKOS.notation]}
    for n in nodes:
        if isinstance(n, CompValue) and n.name == "values":
            said |= {row[v] for row in n["res"] for v in row if v in said}
        elif isinstance(n, CompValue) and n.name == "RelationalExpression" and n["op"] == "IN" and n["expr"] in said:
            said |= set(n["other"])
    return said


@pytest.mark.parametrize(("link", "scheme"), [(PAL.role, "role"), (PAL.documentType, "document-type")])
def test_queries_name_keys_of_the_table(link: URIRef, scheme: str) -> None:
    """The library's and the pages' queries compare roles and types only with keys of the table."""
    named = {
        key: f.name
        for d in (queries_dir(), templates_dir() / "queries")
        for f in sorted(d.glob("*.rq"))
        for key in _named(f.read_text("utf-8"), link)
    }
    assert {k: v for k, v in named.items() if k not in SCHEMES[scheme]()} == {}
    if scheme == "role":
        assert {"party", "signatory", "observer", "speaker"} <= set(named)  # attendance and speakers read


def _role_columns(path: Path) -> tuple[list[tuple[str, str]], set[str]]:
    """A library query's columns of role keys with their comments, and the roles it can give
    (those its VALUES or IN allow, else every role of the table)."""
    bound = _notations(path.read_text("utf-8"), PAL.role)
    allowed = {str(t) for t in bound if isinstance(t, Literal)} or set(reference.roles())
    return [(c, meaning) for c, meaning in parse_query_file(path).columns if Variable(c) in bound], allowed


def _role_comment_faults(path: Path) -> list[str]:
    """What a query's comment on a column of role keys gets wrong: a list (after the comment's last
    colon) names a key the table lacks, or, closed ("a, b or c", not "a, b …"), misses one of the
    roles the query can give (those its VALUES or IN allow, else every role of the table)."""
    columns, allowed = _role_columns(path)
    faults = []
    for column, meaning in columns:
        listed = meaning.rsplit(": ", 1)[-1].strip()
        keys = re.split(r", | or ", listed.removesuffix("…").strip())
        faults += [f"?{column}: {k!r} is no role of ontology/concepts.csv" for k in keys if k not in reference.roles()]
        if not listed.endswith("…") and set(keys) != allowed:
            faults.append(f"?{column}: {listed!r} closes a list without {sorted(allowed - set(keys))}")
    return faults


_ROLE_QUERY = """# ?role: {comment}
PREFIX pal: <https://example.org/palermo/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?role WHERE {{ {values} ?p pal:role/skos:notation ?role }}"""


@pytest.mark.parametrize(
    ("comment", "values", "faults"),
    [
        ("chair, panelist, author, editor …", "", []),
        ("the key: party, signatory …", "", []),
        ("party or observer", 'VALUES ?role { "party" "observer" }', []),
        (", ".join(reference.roles()[:-1]) + " or " + reference.roles()[-1], "", []),
        ("chair, rapporteur …", "", ["?role: 'rapporteur' is no role of ontology/concepts.csv"]),
        ("party or observer", "", ["?role: 'party or observer' closes a list without"]),
        ("party or observer", 'VALUES ?role { "party" "observer" "signatory" }', ["?role: 'party or observer' closes"]),
    ],
)
def test_role_comment_faults(tmp_path: Path, comment: str, values: str, faults: list[str]) -> None:
    path = tmp_path / "q.rq"
    path.write_text(_ROLE_QUERY.format(comment=comment, values=values), "utf-8")
    found = _role_comment_faults(path)
    assert len(found) == len(faults) and all(f.startswith(want) for f, want in zip(found, faults, strict=True))


def test_query_comments_list_roles_of_the_table() -> None:
    """Every library query's comment on a column of roles names only roles of the table, and all
    those the query can give where it closes the list with "or"."""
    faults = {f.name: _role_comment_faults(f) for f in sorted(queries_dir().glob("*.rq"))}
    assert {name: found for name, found in faults.items() if found} == {}
    commented = {f.name for f in queries_dir().glob("*.rq") if _role_columns(f)[0]}
    assert {"countries.rq", "country.rq", "persons.rq", "attendance-matrix.rq"} <= commented


def test_vocabulary_and_query_comments_follow_the_table() -> None:
    """palermo.ttl's comment on pal:role lists the roles in rank order; documents.rq names the table."""
    vocabulary = Graph().parse(ontology_path("palermo.ttl"))
    comment = str(vocabulary.value(PAL.role, RDFS.comment))
    assert re.findall(r"[a-z]+", comment.split("(")[0].replace(" or ", ", ")) == list(reference.roles())
    assert "ontology/concepts.csv" in (queries_dir() / "documents.rq").read_text("utf-8")


def test_label_languages_are_those_of_the_tables() -> None:
    """Things are labelled in the languages of ontology/labels/, English first, each one the reader
    has a table for; a Labels without languages given takes them."""
    tables = {path.stem for path in ontology_path("labels").glob("*.tsv")}
    assert label_languages()[0] == "en" and set(label_languages()) == tables <= set(langs.available())
    assert Labels(lambda iri: []).languages == label_languages()


def test_every_drawn_kind_has_its_colour() -> None:
    """The pictures' marks are coloured by role (attendance) or by cited kind (citations): each
    role of the table and each kind the citation network draws has its rule in palermo.css."""
    css = (templates_dir() / "static" / "palermo.css").read_text("utf-8")
    coloured = set(re.findall(r"\.mark\.([a-z-]+)", css))
    assert {*reference.roles(), *CITED_KINDS} <= coloured


_DECLARED = {**PREFIXES, "sh": SH, "dqv": DQV, "pq": PQ}


_PREFIXED = [
    *sorted(ontology_path().glob("*.ttl")),
    ontology_path("context.jsonld"),
    *sorted(queries_dir().glob("*.rq")),
]


@pytest.mark.parametrize("path", _PREFIXED, ids=lambda p: p.name)
def test_prefixes_are_those_of_iri(path: Path) -> None:
    """A prefix the vocabulary, shapes, metrics, JSON-LD context or a library query declares for one
    of palermo.iri's namespaces is that namespace: the files cannot drift from the code that mints."""
    text = path.read_text("utf-8")
    declared = re.findall(r'(?:@prefix|PREFIX)\s+(\w+):\s+<([^>]+)>|"(\w+)":\s*"(https?://[^"]+[#/])"', text)
    pairs = {(a or c, b or d) for a, b, c, d in declared}
    assert pairs, path.name
    assert {p: iri for p, iri in pairs if p in _DECLARED and iri != str(_DECLARED[p])} == {}


@pytest.mark.parametrize(
    ("row", "stems", "expected"),
    [
        (
            {"key": "k", "name_en": "A", "alt_en": "B|A", "name_zh": "甲"},
            ("name", "alt"),
            {"en": ("A", "B"), "zh": ("甲",)},
        ),
        ({"name_en": "A", "short_zh": "乙", "name_zh": "甲"}, ("name", "short"), {"en": ("A",), "zh": ("甲", "乙")}),
        ({"title_fr": "T", "name_fr": "N"}, ("title",), {"fr": ("T",)}),
        ({"acronym_en": "X", "name_ru": ""}, ("name",), {}),  # an empty cell names nothing
        ({"iso3": "AFG"}, ("name",), {}),
    ],
)
def test_labels_by_language(row: dict[str, str], stems: tuple[str, ...], expected: dict[str, tuple[str, ...]]) -> None:
    """The languages of a row's names are those of its columns; stems give the order of preference."""
    got = reference.labels(row, *stems)
    assert got == expected and list(got) == list(expected)
