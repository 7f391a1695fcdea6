"""Document metadata: symbol, title, distribution date, type, languages; the act a document is.

Everything comes from the masthead the reader classified; this extractor only normalises it
(language names to ISO 639-1, acting body to its code) and attaches the evidence.
"""

from __future__ import annotations

from palermo import lang as langs
from palermo.models import ActRef, Document, DocumentFact, Evidence, Fact, evidence, header_evidence

NAME = "metadata"


def language_code(name: str | None) -> str | None:
    """ISO 639-1 code of a language name as mastheads print it ("English", "中文")."""
    if not name:
        return None
    for code in ("en", "zh"):
        key = langs.load(code).keys("language", name)
        if key:
            return key
    return None


def act_of(doc: Document) -> ActRef | None:
    """The decision or resolution a document is, from its heading and its acting body."""
    number, kind = doc.value("actNumber"), doc.value("actKind")
    if not number or not kind:
        return None
    table = langs.load(doc.language)
    body = doc.value("actingBody")
    code = (table.keys("act-body", body) or table.keys("body", body)) if body else None
    return ActRef(code, kind, number) if code else None


def _anchor(doc: Document) -> Evidence:
    """Evidence for document-level facts: the title line, else the first block."""
    ev = header_evidence(doc, "title") or header_evidence(doc, "symbol")
    if ev:
        return ev
    first = doc.blocks[0]
    return evidence(doc, first, 0, len(first.text))


def extract(doc: Document) -> list[Fact]:
    if not doc.blocks:
        return []
    act = act_of(doc)
    return [
        DocumentFact(
            evidence=_anchor(doc),
            extractor=NAME,
            symbol=doc.value("symbol"),
            title=doc.value("title"),
            date=doc.value("date"),
            doc_type=doc.value("docType") or ("resolution" if len(doc.of_kind("preamble")) >= 2 else "other"),
            language=doc.language,
            original_language=language_code(doc.value("originalLanguage")),
            act=act,
        )
    ]
