"""What Palermo writes to a terminal from the data (file names, texts): shown, never obeyed.

A file name or a text may hold an escape sequence (clear the screen, recolour, move the cursor, set
the window's title) or a bidirectional override that reorders what is shown; written raw to a
terminal it acts. Tables from `palermo query` and the one-line errors on stderr pass through here.
"""

from __future__ import annotations

import re

# controls (C0, DEL, C1) and the bidirectional marks, embeddings, overrides and isolates
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with what `_UNPRINTABLE` names as an escape (`\\x1b`, `\\u202e`)."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def decodable(text: str) -> bool:
    """Whether a name or argument from the system was valid UTF-8: undecodable bytes arrive as lone
    surrogates, which no file name, IRI or query may carry on."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
