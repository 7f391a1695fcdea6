"""Dates and date ranges as the texts print them → ISO strings (YYYY-MM-DD, YYYY-MM or YYYY).

The shapes of a date are per-language patterns (`date`, `daterange`) with the groups
y1 m1 d1 (first date) and y2 m2 d2 (second date); each language fills what it prints and the
missing parts are taken from the other date ("12 and 13 October 2021", "2010年1月27日至29日").
"""

from __future__ import annotations

import datetime as dt
import re

from palermo.lang import Lang


def _num(lang: Lang, value: str | None, kind: str = "month") -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    key = lang.keys(kind, value)
    return int(key) if key else None


def _iso(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is not None and m is None and d is None and 1900 <= y <= 2099:
        return f"{y:04d}"  # a year alone ("自 2009 年举行第一次会议以来")
    if y is None or m is None:
        return None
    try:
        if d is None:
            dt.date(y, m, 1)
            return f"{y:04d}-{m:02d}"
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def range_of(lang: Lang, m: re.Match[str]) -> tuple[str | None, str | None]:
    """(start, end) of a `daterange`/`date` match; end is None for a single date."""
    g = m.groupdict()
    first = (_num(lang, g.get("y1"), "year"), _num(lang, g.get("m1")), _num(lang, g.get("d1"), "day"))
    second = (_num(lang, g.get("y2"), "year"), _num(lang, g.get("m2")), _num(lang, g.get("d2"), "day"))
    if all(v is None for v in second):
        return _iso(*first), None
    if all(v is None for v in first):
        return _iso(*second), None
    start = tuple(a if a is not None else b for a, b in zip(first, second))
    end = tuple(b if b is not None else a for a, b in zip(first, second))
    s, e = _iso(*start), _iso(*end)
    if s and e and e < s:
        return s, None
    return s, e


def ranges(lang: Lang, text: str) -> list[tuple[str, str | None, int, int]]:
    """Every date range in a text, and every year named alone: (start, end, match start, match end)."""
    out = []
    for m in lang.pattern("daterange").finditer(text):
        start, end = range_of(lang, m)
        if start:
            out.append((start, end, m.start(), m.end()))
    if lang.has("year-alone"):
        for m in lang.pattern("year-alone").finditer(text):
            if not any(a < m.end() and m.start() < b for _, _, a, b in out):
                out.append((f"{int(m.group('y1')):04d}", None, m.start(), m.end()))
        out.sort(key=lambda r: r[2])
    return out


def first_date(lang: Lang, text: str) -> tuple[str, int, int] | None:
    """The first full date in a text: (YYYY-MM-DD, start, end)."""
    if not lang.has("date"):
        return None
    for m in lang.pattern("date").finditer(text):
        start, _ = range_of(lang, m)
        if start and len(start) == 10:
            return start, m.start(), m.end()
    return None
