"""Namespaces and IRI minting: the only place IRIs are made.

IRIs are built from normalised keys only (symbol, body code, ordinal, ISO code…), never from
file positions or run state, so the same meeting, act, article or country gets the same IRI
from every document and every run. The scheme (after AKN4UN / UNSIF naming) is documented in
docs/how-it-works.md; `/` in symbols becomes `-`, everything is lower case.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

from rdflib import Namespace

DEFAULT_BASE = "https://example.org/palermo/"  # a documented placeholder: set --base-uri to publish

PAL = Namespace("https://example.org/palermo/ns#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
# Read, not written into the graph's prefixes: the shapes' terms, the quality report's vocabulary
# (W3C DQV) and its metrics (ontology/quality.ttl).
SH = Namespace("http://www.w3.org/ns/shacl#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
PQ = Namespace("https://example.org/palermo/ns/quality#")

PREFIXES = {
    "pal": PAL,
    "eli": ELI,
    "cito": CITO,
    "fabio": FABIO,
    "oa": OA,
    "org": ORG,
    "schema": SCHEMA,
}


class IRIError(ValueError):
    """A base IRI or an endpoint URL that cannot be used: the message names it, in one line."""


# What an IRI may not hold (RFC 3987, N-Triples' IRIREF): controls, space, <>"{}|\^` — a base
# holding one would mint IRIs no store, serializer or browser takes.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _http(text: str, what: str) -> urllib.parse.SplitResult:
    """An absolute http(s) IRI with a host, every character one an IRI may hold, a port that is a
    number: the checks the base IRI and endpoint URLs share. Raises IRIError."""
    if not text:
        raise IRIError(f"{what} is empty: give an http:// or https:// URL")
    shown = text.encode("utf-8", "backslashreplace").decode("utf-8")  # bytes that were not UTF-8
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 - parsed here: a port that is not a number raises
    except ValueError as e:
        raise IRIError(f"{what} {shown!r}: not a URL ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IRIError(f"{what} {shown!r}: must be an http:// or https:// URL with a host")
    if bad := _NOT_IN_IRI.search(shown):
        char = bad.group()
        encoded = "".join(f"%{b:02X}" for b in char.encode("utf-8"))
        raise IRIError(f"{what} {shown!r}: {char!r} cannot stand in an IRI (percent-encode it: {encoded})")
    if _BAD_PERCENT.search(text):
        raise IRIError(f"{what} {shown!r}: a % that is not followed by two hexadecimal digits")
    return parts


def check_base(text: str) -> str:
    """The base IRI to mint under, as given to `build` or `publish`: an absolute http(s) IRI
    without query, ending in `/` or `#` (a `/` is added when it ends otherwise). Raises IRIError."""
    parts = _http(text, "--base-uri")
    if parts.query or "#" in text[:-1]:
        raise IRIError(f"--base-uri {text!r}: a base holds no query (?) and no fragment (#) but a final #")
    return text if text.endswith(("/", "#")) else text + "/"


def check_endpoint(text: str, what: str) -> str:
    """A remote store's URL (`push --store`, `query --endpoint`): an http(s) URL with a host,
    in ASCII (the request line takes nothing else; percent-encode the rest). Raises IRIError."""
    _http(text, what)
    if not text.isascii():
        raise IRIError(f"{what} {text!r}: a URL in ASCII is needed (percent-encode the rest)")
    return text


def slug(text: str) -> str:
    """Lower-case ASCII slug: diacritics folded, runs of other characters to one `-`."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9.]+", "-", folded.lower()).strip("-.")


def name_key(name: str) -> str:
    """A file name as one IRI path segment: nothing folded (two files, two IRIs: `a b.txt` and
    `a-b.txt`, `报告.txt` and `决定.txt`), letters of every script kept as they are (an IRI holds
    them), anything else percent-encoded (space, `/`, `%`, `#`, `?`, controls …)."""
    out = []
    for ch in name:
        kept = ch.isalnum() or ch in "-._~" if ch.isascii() else unicodedata.category(ch)[0] in "LNM"
        if kept:
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    return "".join(out)


def symbol_key(symbol: str) -> str:
    """`CTOC/COP/WG.4/2021/4` → `ctoc-cop-wg.4-2021-4`."""
    return re.sub(r"\s+", "", symbol).lower().replace("/", "-")


def fold_text(text: str) -> str:
    """Whitespace- and width-insensitive form of a text, for keys minted from text."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Minter:
    """Mints every IRI of the graph under one base, as plain strings (graph/ntriples.py writes
    them; rdflib's URIRef would check each one again)."""

    base: str = DEFAULT_BASE

    def _iri(self, path: str) -> str:
        return self.base + path

    # documents
    def work(self, symbol: str | None, source: str) -> str:
        if symbol:
            return self._iri(f"doc/{symbol_key(symbol)}")
        return self._iri(f"doc/source/{name_key(source)}")

    def expression(self, work: str, language: str) -> str:
        return f"{work}/{language}"

    def block(self, expression: str, key: str) -> str:
        return f"{expression}/{key}"

    def fact(self, expression: str, kind: str, *values: object) -> str:
        return f"{expression}/fact/{kind}/{short_hash(*values)}"

    def graph(self, source: str) -> str:
        return self._iri(f"graph/{name_key(source)}")

    def alignment_graph(self) -> str:
        return self._iri("graph/alignment")

    def reference_graph(self) -> str:
        return self._iri("graph/reference")

    def merged_graph(self) -> str:
        """Where `push --merged named` puts the merged graph on a remote store."""
        return self._iri("graph/merged")

    # meetings and acts
    def meeting(self, body: str, ordinal: int | None, start: str | None) -> str:
        return self._iri(f"meeting/{body.lower()}/{ordinal if ordinal is not None else start}")

    def stated_meeting(self, expression: str, meeting: str) -> str:
        """A meeting as one language version states it: `<version>/stated/meeting/wg-tip/11`."""
        return f"{expression}/stated/{str(meeting)[len(self.base) :]}"

    def agenda_item(self, meeting: str, item: str) -> str:
        return f"{meeting}/agenda/{slug(item.replace('(', '-'))}"

    def body(self, code: str) -> str:
        return self._iri(f"body/{code.lower()}")

    def act(self, body: str, kind: str, number: str) -> str:
        return self._iri(f"act/{body.lower()}/{kind}/{slug(number.replace('/', '-'))}")

    # instruments
    def instrument(self, code: str) -> str:
        return self._iri(f"instrument/{code.lower()}")

    def article(self, code: str, number: int) -> str:
        return f"{self.instrument(code)}/art/{number}"

    def article_paragraph(self, code: str, number: int, paragraph: str) -> str:
        return f"{self.article(code, number)}/para/{slug(paragraph.replace('(', '-'))}"

    # actors and places
    def country(self, iso3: str) -> str:
        return self._iri(f"country/{iso3.lower()}")

    def organization(self, key: str) -> str:
        return self._iri(f"org/{key}")

    def person(self, name: str) -> str:
        return self._iri(f"person/{slug(name.replace('.', ' '))}")

    def place(self, key: str) -> str:
        return self._iri(f"place/{key}")

    def recommendations(self, meeting: str) -> str:
        """The recommendations a meeting made, as one set: what later texts welcome or endorse."""
        return f"{meeting}/recommendations"

    def recommendation(self, parent: str, number: str) -> str:
        return f"{parent}/recommendation/{slug(number)}"

    def tool(self, key: str) -> str:
        return self._iri(f"tool/{key}")

    def discovered_tool(self, folded_title: str) -> str:
        return self._iri(f"tool/discovered-{short_hash(folded_title)}")

    # a fact's W3C Web Annotation form (graph/annotations.py): hash IRIs of the fact, which resolve
    # where the fact does (the target and selectors keep the IRIs the graph gave them before)
    @staticmethod
    def annotation(fact: str, part: str = "annotation") -> str:
        """The annotation of a fact, or a part of it: "evidence" (the target), "position" and "quote"
        (its selectors)."""
        return f"{fact}#{part}"

    def annotations(self) -> str:
        """The collection of every fact's annotation (`palermo export --format annotations`)."""
        return self._iri("annotations")

    def annotation_page(self, number: int) -> str:
        return self._iri(f"annotations/page/{number}")

    def extractor(self, name: str, version: str) -> str:
        return self._iri(f"extractor/{name}/{version}")

    def concept(self, scheme: str, key: str) -> str:
        return self._iri(f"concept/{scheme}/{key}")
