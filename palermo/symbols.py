"""UN document symbols as the texts print them: one normal form, and whether one is whole.

The masthead reads a document's own symbol and the citations extractor the symbols it cites; both
must agree on what a symbol is and which act it names, so the rules are here, not in either.
"""

from __future__ import annotations

import re

from palermo import lang as langs
from palermo.models import ActRef


def normal_symbol(raw: str) -> str:
    """A symbol as printed → its normal form: spaces dropped, trailing stop dropped, a year in
    parentheses set off by one space as the Security Council prints it (`S/RES/2331 (2016)`)."""
    return re.sub(r"(?<=\d)\((\d{4})\)$", r" (\1)", re.sub(r"\s+", "", raw).rstrip("."))


def valid_symbol(symbol: str) -> bool:
    """A complete symbol: two parts at least, the last one numbered (`CTOC/COP/2008/CRP` is cut)."""
    parts = symbol.split("/")
    return len(parts) >= 2 and any(ch.isdigit() for ch in parts[-1])


def symbol_act(lang: langs.Lang, symbol: str) -> ActRef | None:
    """The act a symbol names by the language's `symbol-act` rows (A/HRC/RES/26/8 is HRC resolution
    26/8): a document's own act when its heading's number cannot be read, and an act cited by symbol."""
    for key, rx in lang.forms("symbol-act"):
        m = rx.match(symbol)
        if m:
            body, kind = key.split(":")
            return ActRef(body, kind, m.group("number"))
    return None
