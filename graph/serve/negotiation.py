"""Media types of the site and the endpoint, and HTTP content negotiation: Accept read and
matched by Werkzeug, a file's type by the standard `mimetypes` tables."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

# Representations of a resource folder, in order of preference on a tie (HTML first).
REPRESENTATIONS: tuple[tuple[str, str, str], ...] = (
    ("text/html", "index.html", HTML),
    ("text/turtle", "index.ttl", "text/turtle; charset=utf-8"),
    ("application/ld+json", "index.jsonld", "application/ld+json"),
    ("application/n-triples", "index.nt", "application/n-triples"),
)
DIRECT = {".html", ".ttl", ".jsonld", ".nt"}

# Python's own table (not the machine's /etc/mime.types: the same answer everywhere), with the
# RDF and SPARQL types it lacks and JavaScript's registered type (RFC 9239).
_FILE_TYPES = mimetypes.MimeTypes()
for _suffix, _media in (
    (".ttl", "text/turtle"),
    (".jsonld", "application/ld+json"),
    (".rdf", "application/rdf+xml"),
    (".rq", "application/sparql-query"),
    (".js", "text/javascript"),
    (".gz", "application/gzip"),
):
    _FILE_TYPES.add_type(_media, _suffix)


def file_type(path: Path) -> str:
    """The Content-Type of a file of the site, by its last suffix (`x.nt.gz` is gzip data);
    text in UTF-8, as publish writes it."""
    media = _FILE_TYPES.types_map[True].get(path.suffix.lower(), "application/octet-stream")
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


# Result formats: SELECT and ASK; CONSTRUCT and DESCRIBE. The first is the default.
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json")
ALIASES = {"application/json": "application/sparql-results+json"}
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
CONTENT_TYPES = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "text/csv": "text/csv; charset=utf-8",
    "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
    "text/turtle": "text/turtle; charset=utf-8",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
}


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
