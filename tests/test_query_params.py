"""Query parameters (graph/query.py): the VALUES blocks read by rdflib's grammar (not a word in a
comment or a string), and a value put in as one escaped term, whatever it holds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import parseQuery

from palermo.graph.query import Query, QueryError, library, parameters, run, values_blocks, with_params

EX = "http://example.org/"


def query(text: str) -> Query:
    return Query("q", Path("q.rq"), "", (), text)


@pytest.mark.parametrize(
    "text, names",
    [
        ('SELECT ?s { VALUES ?x { "a" } ?s ?p ?x }', ["x"]),
        ("select ?s { values $x { 1 2 } ?s ?p ?x }", ["x"]),
        ('SELECT ?s { VALUES ?x { # a comment }\n "a" } ?s ?p ?x }', ["x"]),
        ('SELECT ?s { VALUES ?x { """a } b""" } ?s ?p ?x }', ["x"]),
        ('SELECT ?s { # VALUES ?x { "a" }\n ?s ?p ?o }', []),
        ('SELECT ?s { ?s ?p "VALUES ?x { 1 }" }', []),
        ("SELECT ?s { ?s ?p 'VALUES ?x { 1 }' }", []),
        ("SELECT ?s { VALUES (?x ?y) { (1 2) } ?s ?p ?x }", []),
        ('SELECT ?s { VALUES ?x { "a" } VALUES ?y { 1 } { VALUES ?x { "b" } } }', ["x", "y"]),
        ("SELECT ?s { ?s ?p ?o }", []),
    ],
)
def test_parameters_are_the_one_variable_values_blocks(text: str, names: list[str]) -> None:
    assert parameters(query(text)) == names


@pytest.mark.parametrize(
    "value",
    [
        'a" } ?s ?p ?o { "',
        "a\\u0022 b",
        "line\nbreak\r\ttab",
        "back\\slash\\",
        "'''single''' \"\"\"double\"\"\"",
        "# not a comment",
        "> <http://example.org/x",
        "非法販運人口議定書",
        "",
    ],
)
def test_a_value_is_one_string_term_however_it_is_written(value: str) -> None:
    """Whatever a value holds, the query keeps its shape (rdflib's parser finds one VALUES block of
    one term beside the triple) and the term is the value (Oxigraph matches it in data)."""
    bound = with_params(query('SELECT ?s WHERE { VALUES ?x { "a" } ?s <http://example.org/p> ?x }'), {"x": value})
    tree = parseQuery(bound.text)
    where = tree[1]["where"]["part"]
    assert len(where) == 2  # the block and the triple: nothing added around them
    assert len(where[0]["value"]) == 1
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(EX + "hit"), ox.NamedNode(EX + "p"), ox.Literal(value)))
    store.add(ox.Quad(ox.NamedNode(EX + "miss"), ox.NamedNode(EX + "p"), ox.Literal(value + "?")))
    assert run(store, bound).rows == [[EX + "hit"]]


@pytest.mark.parametrize(
    "value, term",
    [("12", "12"), ("３", "3"), ("007", "7"), ("-2", "-2"), (" 4 ", "4")],
)
def test_a_number_where_the_defaults_are_numbers(value: str, term: str) -> None:
    bound = with_params(query("SELECT ?s { VALUES ?n { 5 } ?s ?p ?n }"), {"n": value})
    assert bound.text == f"SELECT ?s {{ VALUES ?n {{ {term} }} ?s ?p ?n }}"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"n": "five"}, "q: n='five': n takes a whole number in digits 0-9, like 5"),
        ({"n": "٣"}, "q: n='٣': n takes a whole number in digits 0-9, like 5"),
        ({"n": "5 } ?s ?p ?o {"}, "n takes a whole number in digits 0-9, like 5"),
        ({"m": "1"}, "q: no parameter 'm' (it takes: n, label)"),
        ({"label": "\ud800"}, "q: label='\\ud800': not text"),
    ],
)
def test_bad_values_are_named(params: dict[str, str], message: str) -> None:
    text = 'SELECT ?s { VALUES ?n { 5 } VALUES ?label { "a" } ?s ?p ?n ; ?q ?label }'
    with pytest.raises(QueryError) as caught:
        with_params(query(text), params)
    assert message in str(caught.value)


def test_a_parameter_given_twice_over_is_bound_in_each_block() -> None:
    text = 'SELECT ?s { { VALUES ?x { "a" } ?s ?p ?x } UNION { VALUES ?x { "a" } ?s ?q ?x } }'
    bound = with_params(query(text), {"x": "b"})
    assert bound.text == 'SELECT ?s { { VALUES ?x { "b" } ?s ?p ?x } UNION { VALUES ?x { "b" } ?s ?q ?x } }'


def test_the_rest_of_the_text_is_kept_as_written() -> None:
    """Comments, strings and other VALUES lookalikes around a parameter stay as the author wrote them."""
    text = '# VALUES ?x { "c" }\nSELECT ?s { VALUES ?x { "a" } ?s ?p "VALUES ?x { 1 }" }'
    assert with_params(query(text), {"x": "z"}).text == text.replace('{ "a" }', '{ "z" }')


def test_library_parameters_are_the_declared_ones() -> None:
    """Every `# $name (kind)` header names a VALUES block of its query, and every block has one."""
    for name, q in library().items():
        assert parameters(q) == [p.name for p in q.declared], name


@pytest.mark.parametrize(
    ("block", "defaults"),
    [
        ('VALUES ?x { "AFG" }', ("AFG",)),
        ('VALUES ?x { "a\\"b" "c d" }', ('a"b', "c d")),  # an escaped quote, a space
        ("VALUES ?x { 5 12 }", ("5", "12")),
        ("VALUES ?x { <https://example.org/a> }", ("https://example.org/a",)),
        ('VALUES ?x { "联合国"@zh }', ("联合国",)),
    ],
)
def test_a_blocks_defaults_as_a_person_types_them(block: str, defaults: tuple[str, ...]) -> None:
    """What the endpoint's query page offers in a parameter's field."""
    (found,) = values_blocks(f"SELECT ?x WHERE {{ {block} }}")
    assert found.defaults == defaults
