"""Media types of the site and the endpoint, and HTTP content negotiation (Accept, q-values)."""

from __future__ import annotations

from collections.abc import Sequence

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

FILE_TYPES = {
    ".html": HTML,
    ".htm": HTML,
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".rq": "application/sparql-query",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".txt": TEXT,
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}

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


def _media_ranges(accept: str) -> list[tuple[str, str, float]]:
    """(type, subtype, q) of each media range of an Accept header; malformed ranges are skipped."""
    ranges = []
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if not 0.0 <= q <= 1.0:
            continue
        kind, sub = media.split("/")
        ranges.append((kind, sub, q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the Accept header prefers (q-values, most specific range first; ties go to the
    earlier offer); the first offer when there is no Accept header; None when none is acceptable."""
    if not offers:
        return None
    if accept is None or not accept.strip():
        return offers[0]
    ranges = _media_ranges(accept)
    best, best_q = None, 0.0
    for offer in offers:
        kind, sub = offer.split("/")
        q, specificity = 0.0, -1
        for rk, rs, rq in ranges:
            if (rk, rs) == (kind, sub):
                s = 2
            elif (rk, rs) == (kind, "*"):
                s = 1
            elif (rk, rs) == ("*", "*"):
                s = 0
            else:
                continue
            if s > specificity:
                q, specificity = rq, s
        if q > best_q:
            best, best_q = offer, q
    return best
