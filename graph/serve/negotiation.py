"""Media types of the site and the endpoint, and HTTP content negotiation: Accept read and
matched by Werkzeug, a file's type by the standard `mimetypes` tables."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from palermo.graph.publish import PAGE, PAGE_RDF


def media_type(fmt: ox.RdfFormat | ox.QueryResultsFormat) -> str:
    """A format's media type as pyoxigraph, which writes it, names it, without its parameters
    (pyoxigraph's CSV and TSV say `; charset=utf-8`, added back by `content_type`)."""
    return fmt.media_type.partition(";")[0]


# Python's own table (not the machine's /etc/mime.types: the same answer everywhere), with the
# RDF formats' types by pyoxigraph, the SPARQL query's type and JavaScript's registered one (RFC 9239).
_FILE_TYPES = mimetypes.MimeTypes()
for _rdf in (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.JSON_LD,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.N_QUADS,
):
    _FILE_TYPES.add_type(media_type(_rdf), f".{_rdf.file_extension}")
for _suffix, _media in ((".rq", "application/sparql-query"), (".js", "text/javascript"), (".gz", "application/gzip")):
    _FILE_TYPES.add_type(_media, _suffix)


def content_type(media: str) -> str:
    """The Content-Type header of a media type: text is in UTF-8 here, as everything is written."""
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


def file_type(path: Path) -> str:
    """The Content-Type of a file of the site, by its last suffix (`x.nt.gz` is gzip data)."""
    return content_type(_FILE_TYPES.types_map[True].get(path.suffix.lower(), "application/octet-stream"))


HTML = content_type("text/html")
TEXT = content_type("text/plain")

# Representations of a resource folder (media type, file, Content-Type), in order of preference
# on a tie (HTML first).
REPRESENTATIONS: tuple[tuple[str, str, str], ...] = tuple(
    (media, name, file_type(Path(name)))
    for media, name in (
        ("text/html", PAGE),
        *((media_type(fmt), f"index.{fmt.file_extension}") for fmt in PAGE_RDF),
    )
)
DIRECT = {Path(name).suffix for _, name, _ in REPRESENTATIONS}

# The endpoint's formats, each with the names `?format=` takes for it: SELECT and ASK results,
# then CONSTRUCT and DESCRIBE graphs, the first of each the default. Written by pyoxigraph, by
# their media types.
_RESULTS: tuple[tuple[ox.QueryResultsFormat, tuple[str, ...]], ...] = (
    (ox.QueryResultsFormat.JSON, ("json",)),
    (ox.QueryResultsFormat.XML, ("xml",)),
    (ox.QueryResultsFormat.CSV, ("csv",)),
    (ox.QueryResultsFormat.TSV, ("tsv",)),
)
_GRAPHS: tuple[tuple[ox.RdfFormat, tuple[str, ...]], ...] = (
    (ox.RdfFormat.TURTLE, ("turtle", "ttl")),
    (ox.RdfFormat.N_TRIPLES, ("nt", "ntriples")),
    (ox.RdfFormat.JSON_LD, ("jsonld",)),
)
RESULT_FORMATS = {media_type(fmt): fmt for fmt, _ in _RESULTS}
GRAPH_FORMATS = {media_type(fmt): fmt for fmt, _ in _GRAPHS}
RESULT_TYPES = tuple(RESULT_FORMATS)
GRAPH_TYPES = tuple(GRAPH_FORMATS)
ALIASES = {"application/json": media_type(ox.QueryResultsFormat.JSON)}
FORMAT_PARAM = {name: media_type(fmt) for formats in (_RESULTS, _GRAPHS) for fmt, names in formats for name in names}
CONTENT_TYPES = {media: content_type(media) for media in (*RESULT_TYPES, *GRAPH_TYPES)}


# --- content negotiation ---------------------------------------------------------------------


class _Accept(MIMEAccept):
    """Werkzeug's Accept matching, a lone `*` read as `*/*` (as older clients send it)."""

    def _value_matches(self, value: str, item: str) -> bool:
        return super()._value_matches(value, "*/*" if item == "*" else item)


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the Accept header prefers (q-values, then the most specific range; ties go to the
    earlier offer); the first offer when there is no Accept header; None when none is acceptable."""
    accepted = parse_accept_header(accept, _Accept)
    if not offers or not accepted:
        return offers[0] if offers else None
    return accepted.best_match(offers)
