"""A Word file's text, read where a hostile file can do no harm: in the child process of
palermo/sandbox.py, within a budget. Only the standard library and lxml are imported here, so
that the child starts fast (a build may read thousands of Word files, each in its own child).

The main part, `word/document.xml`, is streamed out of the zip after its declared size and
packing ratio are checked, and parsed by lxml's `iterparse` with no DTD, no entities and no
network; what was read is dropped as the parse goes, so memory stays flat. What is wrong is a
`Refused` naming it in one line.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO, Any

from lxml import etree

# A Word file's budget: what its main part may unpack to, how much smaller it may have been packed
# (a member over a mebibyte packed tighter than this is a zip bomb: Word's XML packs 5-20 to 1),
# its paragraphs and the characters of text it gives; the child reading it gets the memory and
# time of palermo/sandbox.py's Budget (palermo/formats.py asks for it).
MAIN_PART = "word/document.xml"
MAX_UNPACKED = 128 << 20
MAX_RATIO = 100
MAX_PARAGRAPHS = 100_000
MAX_CHARS = 10_000_000
# a DTD in the prolog (after the XML declaration, comments and processing instructions)
_DOCTYPE = re.compile(rb"\s*(?:(?:<\?.*?\?>|<!--.*?-->)\s*)*<!DOCTYPE", re.DOTALL)


class Refused(Exception):
    """A Word file this reader will not read, or cannot: the message says why, in one line."""


def text(data: bytes) -> str:
    """The body of a Word file, paragraph by paragraph and table row by table row, streamed out
    of its zip and parsed with a hardened parser (no DTD, no entities, no network, libxml2's
    size limits kept); comments and processing instructions are skipped, their text kept.
    Runs in the sandbox's child: raises Refused naming what is wrong in one line."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        info = z.getinfo(MAIN_PART)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise Refused(f"damaged Word file ({type(e).__name__}: {str(e)[:80]})") from None
    if info.file_size > MAX_UNPACKED:
        budget = f"over the {MAX_UNPACKED:,}-byte budget"
        raise Refused(f"{MAIN_PART} unpacks to {info.file_size:,} bytes, {budget}")
    if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(1, info.compress_size):
        ratio = info.file_size // max(1, info.compress_size)
        raise Refused(f"{MAIN_PART} packed {ratio:,} to 1 (a zip bomb?): over the {MAX_RATIO} to 1 budget")
    lines: list[str] = []
    chars = paragraphs = 0
    try:
        with z.open(info) as raw:
            head = raw.read(4096)
            if _DOCTYPE.match(head):
                raise Refused(f"{MAIN_PART} declares a DTD (entities): Word never writes one")
            events = etree.iterparse(
                _Capped(raw, MAX_UNPACKED, head),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            for _, el in events:
                tag = _local(el.tag)
                if tag == "p":
                    paragraphs += 1
                    if paragraphs > MAX_PARAGRAPHS:
                        raise Refused(f"over {MAX_PARAGRAPHS:,} paragraphs: over the budget for a Word file")
                parent = el.getparent()
                if parent is None or _local(parent.tag) != "body":
                    continue
                read = _body_lines(el, tag)
                lines.extend(read)
                chars += sum(len(ln) + 1 for ln in read)
                if chars > MAX_CHARS:
                    raise Refused(f"over {MAX_CHARS:,} characters of text: over the budget for a Word file")
                el.clear()
                while el.getprevious() is not None:  # what was read is dropped: memory stays flat
                    del parent[0]
    except etree.XMLSyntaxError as e:
        why = f"{' '.join(str(e.msg).split())[:120]}; line {e.lineno}, column {e.offset}"
        raise Refused(f"{MAIN_PART} is not well-formed XML ({why})") from None
    except (zipfile.BadZipFile, EOFError, OSError) as e:
        raise Refused(f"damaged Word file ({type(e).__name__}: {str(e)[:80]})") from None
    return "\n".join(lines) + "\n"


def _local(tag: object) -> str:
    """An element's name without its namespace ('' for what is not an element)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter() if _local(t.tag) == "t")


def _body_lines(el: Any, tag: str) -> list[str]:
    """A body paragraph's line, or a table's lines: its cells row by row, one line per row."""
    if tag == "p":
        return [_text(el)]
    if tag == "tbl":
        rows = (row for row in el.iter() if _local(row.tag) == "tr")
        return ["  ".join(c for c in (_text(cell) for cell in row) if c) for row in rows]
    return []


class _Capped(io.RawIOBase):
    """A zip member read through a meter, `head` (already read from it) first: over `limit`
    bytes unpacked (whatever its header said) is refused."""

    def __init__(self, raw: IO[bytes], limit: int, head: bytes) -> None:
        self.raw, self.limit, self.head, self.read_bytes = raw, limit, head, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.head or self.raw.read(len(buffer))
        chunk, self.head = chunk[: len(buffer)], chunk[len(buffer) :]
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise Refused(f"{MAIN_PART} unpacks to over {self.limit:,} bytes: over the budget")
        buffer[: len(chunk)] = chunk
        return len(chunk)
