"""What a query sent to the endpoint may do, decided on the parsed query (rdflib's SPARQL parser),
not on its text: no update, no SERVICE, no dataset clause outside http(s), bounded nesting.

The text is first put in the one form both rdflib and the store read the same way: a carriage
return ends a line for both ("#x\\rSERVICE <…>" is a comment, then SERVICE, to every reader), and
codepoint escapes (`\\u0053ERVICE`), which parsers read differently, are refused. The checks run in
the query's own process (see runner.py), inside its time and memory limits.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from palermo.graph.query import MAX_NESTING, nesting

_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")


class Refused(Exception):
    """A query the endpoint will not run: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


READ_ONLY = "read-only endpoint: updates are not allowed"
NO_SERVICE = "SERVICE (federated queries) is not allowed"


def normalise(query: str) -> str:
    """The query as every parser reads it: CR LF and lone CR as LF."""
    return query.replace("\r\n", "\n").replace("\r", "\n")


class Checked(NamedTuple):
    text: str  # the query, normalised
    graphs: bool  # it names graphs (GRAPH, FROM, FROM NAMED): the merged graph alone cannot answer it


def check(query: str) -> Checked:
    """The normalised query when the endpoint may run it; raises Refused otherwise."""
    text = normalise(query)
    if nesting(text) > MAX_NESTING:
        raise Refused(400, f"query nested more than {MAX_NESTING} levels deep")
    if _ESCAPE.search(text):
        raise Refused(400, "codepoint escapes (\\u, \\U) are not accepted: write the characters themselves")
    try:
        tree = parseQuery(text)
    except ParseException as e:
        try:
            parseUpdate(text)
        except ParseException:
            raise Refused(400, f"malformed SPARQL: {str(e).splitlines()[0][:300]}") from None
        raise Refused(403, READ_ONLY) from None
    except RecursionError:
        raise Refused(400, "query too deeply nested") from None
    graphs = False
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            raise Refused(400, NO_SERVICE)
        if node.name == "DatasetClause":
            iri = str(next((node[k] for k in ("default", "named") if k in node), ""))  # CompValue.get(k) gives k
            if not iri.startswith(("http://", "https://")):
                raise Refused(400, f"dataset clause {iri!r}: FROM and FROM NAMED take the http(s) IRIs of graphs here")
        graphs = graphs or node.name in ("DatasetClause", "GraphGraphPattern")
    return Checked(text, graphs)


def _walk(node: Any, depth: int = 0) -> Any:
    """Every CompValue of a parse tree."""
    if depth > 4 * MAX_NESTING:
        raise Refused(400, "query too deeply nested")
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value, depth + 1)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value, depth + 1)
