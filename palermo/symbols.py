"""UN document symbols as the texts print them: one normal form, and whether one is whole.

The masthead reads a document's own symbol and the citations extractor the symbols it cites; both
must agree on what a symbol is, so the rule is here, not in either.
"""

from __future__ import annotations

import re


def normal_symbol(raw: str) -> str:
    """A symbol as printed → its normal form: spaces dropped, trailing stop dropped, a year in
    parentheses set off by one space as the Security Council prints it (`S/RES/2331 (2016)`)."""
    return re.sub(r"(?<=\d)\((\d{4})\)$", r" (\1)", re.sub(r"\s+", "", raw).rstrip("."))


def valid_symbol(symbol: str) -> bool:
    """A complete symbol: two parts at least, the last one numbered (`CTOC/COP/2008/CRP` is cut)."""
    parts = symbol.split("/")
    return len(parts) >= 2 and any(ch.isdigit() for ch in parts[-1])
