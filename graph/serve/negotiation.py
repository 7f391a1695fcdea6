"""Media types of the site and the endpoint, and HTTP content negotiation: Accept read and
matched by Werkzeug, a file's type by the standard `mimetypes` tables."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

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
        ("text/html", "index.html"),
        ("text/turtle", "index.ttl"),
        ("application/ld+json", "index.jsonld"),
        ("application/n-triples", "index.nt"),
    )
)
DIRECT = {Path(name).suffix for _, name, _ in REPRESENTATIONS}

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
