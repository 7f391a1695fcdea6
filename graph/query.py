"""The analysts' SPARQL library (queries/*.rq) and running it on the embedded store.

A query file starts with `#+ summary: …`, then one `# ?column: meaning` line per column, then
the SPARQL. The file name (without .rq) is the query's name; the contract queries keep their
names and columns forever.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from palermo.resources import queries_dir

_COLUMN = re.compile(r"^#\s*\?(\w+)\s*:\s*(.*)$")
MAX_NESTING = 64  # brackets and braces open at once: deeper is no analyst's query, and a parser's stack
_OPEN, _CLOSE = set("{(["), set("})]")
_VALUES = re.compile(r"VALUES\s+\?(\w+)\s*\{[^}]*\}")
_INTEGER = re.compile(r"-?[0-9]+")  # ASCII digits: \d takes ٣ too, which SPARQL does not read as a number
# what a terminal must not be sent raw from the data (a file name, a text): controls (C0, DEL, C1:
# escape sequences, carriage returns) and the bidirectional overrides that reorder what is shown
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class QueryError(Exception):
    """A query that cannot be found, parsed or run; the message names it."""


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    summary: str
    columns: tuple[tuple[str, str], ...]
    text: str


def parse_query_file(path: Path) -> Query:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read query: {e}") from None
    summary = ""
    columns = []
    for line in text.splitlines():
        if line.startswith("#+ summary:"):
            summary = line.split(":", 1)[1].strip()
        elif m := _COLUMN.match(line):
            columns.append((m.group(1), m.group(2).strip()))
        elif line.strip() and not line.startswith("#"):
            break
    return Query(path.stem, path, summary, tuple(columns), text)


def library() -> dict[str, Query]:
    """Every query of the library by name, sorted."""
    return {p.stem: parse_query_file(p) for p in sorted(queries_dir().glob("*.rq"))}


def resolve(name_or_file: str) -> Query:
    """A library query by name, or a .rq file by path."""
    path = Path(name_or_file)
    if name_or_file.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError(f"{name_or_file}: no such query file")
        return parse_query_file(path)
    lib = library()
    if name_or_file not in lib:
        raise QueryError(f"{name_or_file}: no such query (see `palermo list-queries`)")
    return lib[name_or_file]


def parameters(query: Query) -> list[str]:
    """Names a query takes as parameters: its one-variable VALUES lines hold the defaults."""
    return [m.group(1) for m in _VALUES.finditer(query.text)]


def with_params(query: Query, params: dict[str, str]) -> Query:
    """The query with the defaults of its VALUES parameters replaced by `params`."""
    known = parameters(query)
    for name in params:
        if name not in known:
            raise QueryError(f"{query.name}: no parameter {name!r} (it takes: {', '.join(known) or 'none'})")

    def sub(m: re.Match[str]) -> str:  # a number where the default is one, else a string
        name = m.group(1)
        if name not in params:
            return m.group(0)
        value, defaults = params[name], m.group(0)[m.group(0).index("{") + 1 : -1].split()
        if not (defaults and all(_INTEGER.fullmatch(d) for d in defaults)):
            return f"VALUES ?{name} {{ {json.dumps(value, ensure_ascii=False)} }}"
        if not _INTEGER.fullmatch(value):
            why = f"{name} takes a whole number in digits 0-9, like {defaults[0]}"
            raise QueryError(f"{query.name}: {name}={value!r}: {why}")
        return f"VALUES ?{name} {{ {value} }}"

    return Query(query.name, query.path, query.summary, query.columns, _VALUES.sub(sub, query.text))


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[list[str]]


def _value(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def printable(value: str) -> str:
    """A value as a table shows it in a terminal: what `_UNPRINTABLE` names as an escape
    (`\\x1b`, `\\u202e`), so that data cannot move the cursor, recolour or rewrite the screen."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", value)


def nesting(text: str) -> int:
    """The deepest nesting of brackets and braces in a query (strings and comments counted too: a
    bound, checked before any parser recurses into it)."""
    depth = deepest = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


def run(store: ox.Store, query: Query) -> Result:
    """Run a SELECT query on the embedded store."""
    if nesting(query.text) > MAX_NESTING:
        raise QueryError(f"{query.path}: query nested more than {MAX_NESTING} levels deep")
    try:
        solutions = store.query(query.text)
    except SyntaxError as e:
        first = str(e).splitlines()[0] if str(e) else "syntax error"
        raise QueryError(f"{query.path}: malformed SPARQL: {first[:160]}") from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(
            f"{query.path}: query failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
        ) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{query.path}: not a SELECT query")
    columns = [v.value for v in solutions.variables]
    rows = [[_value(sol[c]) for c in columns] for sol in solutions]
    return Result(columns, rows)


def render(result: Result, fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        w.writerows(result.rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(result.columns, r)) for r in result.rows], ensure_ascii=False, indent=2) + "\n"
    rows = [[printable(v) for v in r] for r in result.rows]
    widths = [len(c) for c in result.columns]
    for r in rows:
        widths = [max(w, len(v)) for w, v in zip(widths, r)]

    def fmt_row(r: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip()

    lines = [fmt_row(result.columns), fmt_row(["-" * w for w in widths])]
    lines += [fmt_row(r) for r in rows]
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines) + "\n"
