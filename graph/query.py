"""The analysts' SPARQL library (queries/*.rq) and running it on the embedded store.

A query file starts with `#+ summary: …`, then one `# ?column: meaning` line per column and one
`# $name (kind): meaning` line per parameter, then the SPARQL. The file name (without .rq) is the
query's name; the contract queries keep their names and columns forever.

A parameter is a one-variable VALUES block holding its default (found by rdflib's SPARQL grammar,
not in a comment or a string; a value given replaces it as one escaped term). Its kind
(`ontology/parameter-kinds.csv`: meeting, country, symbol, capacity, body, instrument, number)
says how users write it: a value is matched to the data's own (`WG-TIP 11`, `wg-tip-11` →
`WG-TIP-11`; `afg`, `Afghanistan`, `阿富汗` → `AFG`) by a key that ignores case, width, spaces,
hyphens and underscores, and a value the data does not hold is named with the ones it does.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pyoxigraph as ox
from pyparsing import CaselessKeyword, Located, ParserElement, Regex, Suppress
from rdflib import XSD
from rdflib import Literal as RdfLiteral
from rdflib.plugins.sparql import parser as sparql_grammar
from rdflib.plugins.sparql.parserutils import CompValue, ParamValue
from tabulate import tabulate
from wcwidth import wcswidth, wcwidth

from palermo.graph.built import SPARQL_PREFIXES, qname
from palermo.iri import ELI
from palermo.labels import Labels
from palermo.resources import ontology_path, queries_dir
from palermo.terminal import printable

_COLUMN = re.compile(r"^#\s*\?(\w+)\s*:\s*(.*)$")
_PARAMETER = re.compile(r"^#\s*\$(\w+)\s*\(([\w-]+)\)\s*:\s*(.*)$")
_KEY_DROP = re.compile(r"[\s\-_\u2010-\u2015]+")
_DOCUMENTS = f"SELECT DISTINCT ?d WHERE {{ ?d a <{ELI.LegalResource}> }}"
SHOWN_KNOWN = 30  # known values named in an error; the count of the others after them
MAX_NESTING = 64  # brackets and braces open at once: deeper is no analyst's query, and a parser's stack
_OPEN, _CLOSE = set("{(["), set("})]")
_GRAPH_WORDS = re.compile(r"(?<![\w?$:])(?:GRAPH|FROM)(?![\w:])", re.IGNORECASE)  # a query naming graphs has one
_INTEGER = re.compile(r"-?[0-9]+")  # ASCII digits: \d takes ٣ too, which SPARQL does not read as a number


class QueryError(Exception):
    """A query that cannot be found, parsed or run; the message names it."""


class UnknownValue(QueryError):
    """A parameter value the data does not hold (or holds twice over): named with the known ones."""


@dataclass(frozen=True)
class Parameter:
    """A parameter as its query file declares it: `# $name (kind): meaning`."""

    name: str
    kind: str
    meaning: str


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    summary: str
    columns: tuple[tuple[str, str], ...]
    text: str
    declared: tuple[Parameter, ...] = ()


def parse_query_file(path: Path) -> Query:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read query: {e}") from None
    summary = ""
    columns = []
    declared = []
    for line in text.splitlines():
        if line.startswith("#+ summary:"):
            summary = line.split(":", 1)[1].strip()
        elif m := _COLUMN.match(line):
            columns.append((m.group(1), m.group(2).strip()))
        elif m := _PARAMETER.match(line):
            if m.group(2) not in kinds():
                raise QueryError(f"{path}: parameter ${m.group(1)} of unknown kind {m.group(2)!r} "
                                 f"(kinds: {', '.join(kinds())})")
            declared.append(Parameter(m.group(1), m.group(2), m.group(3).strip()))
        elif line.strip() and not line.startswith("#"):
            break
    return Query(path.stem, path, summary, tuple(columns), text, tuple(declared))


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


@dataclass(frozen=True)
class ValuesBlock:
    """A one-variable VALUES block of a query's text (`VALUES ?name { … }`): a parameter and its
    defaults. Where it is, to put the value given in its place."""

    name: str
    start: int
    end: int
    numbers: tuple[str, ...]  # its defaults when all are whole numbers (a value given must be one too)
    defaults: tuple[str, ...] = ()  # its defaults as a person types them (a literal's text, an IRI)


@cache
def _values_scanner() -> ParserElement:
    """rdflib's SPARQL grammar for a one-variable VALUES block, scanned for beside the tokens that
    may hold the same words (comments, strings, IRIs, variables, prefixed names: consumed whole,
    so `VALUES ?x` in a string or a comment is no block)."""
    block = CaselessKeyword("VALUES") + sparql_grammar.InlineDataOneVar
    return (
        Suppress(Regex(r"#[^\n\r]*"))
        | Suppress(sparql_grammar.String)
        | Suppress(sparql_grammar.IRIREF)
        | Suppress(sparql_grammar.Var)
        | Suppress(sparql_grammar.PrefixedName)
        | Located(block)
    )


@lru_cache(maxsize=64)
def values_blocks(text: str) -> tuple[ValuesBlock, ...]:
    """The one-variable VALUES blocks of a query's text, in order (read by rdflib's grammar)."""
    found = []
    for match, _, _ in _values_scanner().scan_string(text):
        if len(match) != 3:  # a token consumed whole: no block
            continue
        start, tokens, end = match
        parts = [t for t in tokens if isinstance(t, ParamValue)]
        defaults = [p.tokenList for p in parts if p.name == "value"]
        whole = all(isinstance(d, RdfLiteral) and d.datatype == XSD.integer for d in defaults)
        numbers = tuple(str(d) for d in defaults) if whole else ()
        found.append(ValuesBlock(str(parts[0].tokenList), start, end, numbers, tuple(_typed(d) for d in defaults)))
    return tuple(found)


def _typed(default: object) -> str:
    """A default as a person types it: a string literal's text (the grammar leaves it a
    `literal` CompValue), a number's digits, an IRI."""
    return str(default["string"]) if isinstance(default, CompValue) and "string" in default else str(default)


def parameters(query: Query) -> list[str]:
    """Names a query takes as parameters: its one-variable VALUES blocks hold the defaults."""
    return list(dict.fromkeys(b.name for b in values_blocks(query.text)))


def with_params(query: Query, params: dict[str, str]) -> Query:
    """The query with the defaults of its VALUES parameters replaced by `params`, each value one
    term written by Oxigraph (escaped: a value cannot change the query around it). The text
    carries the values, for every place a query runs (the store, an endpoint, the query process):
    Oxigraph's `substitutions` bind only variables a query selects, and a parameter is rarely
    one of its columns."""
    known = parameters(query)
    for name in params:
        if name not in known:
            raise QueryError(f"{query.name}: no parameter {name!r} (it takes: {', '.join(known) or 'none'})")
    parts, at = [], 0
    for block in values_blocks(query.text):
        if block.name in params:
            term = _term(query, block, params[block.name])
            parts += [query.text[at : block.start], f"VALUES ?{block.name} {{ {term} }}"]
            at = block.end
    parts.append(query.text[at:])
    return Query(query.name, query.path, query.summary, query.columns, "".join(parts), query.declared)


def _term(query: Query, block: ValuesBlock, value: str) -> str:
    """A parameter's value as one SPARQL term: a whole number where the defaults are, else a string."""
    if not block.numbers:
        try:
            return str(ox.Literal(value))
        except ValueError:  # a lone surrogate: no Unicode text
            raise QueryError(f"{query.name}: {block.name}={value!r}: not text") from None
    number = unicodedata.normalize("NFKC", value).strip()  # full-width ３ is 3; ٣ stays
    if not _INTEGER.fullmatch(number):
        why = f"{block.name} takes a whole number in digits 0-9, like {block.numbers[0]}"
        raise QueryError(f"{query.name}: {block.name}={value!r}: {why}")
    return str(int(number))  # digits and a sign only: an integer term as the defaults write it


@dataclass(frozen=True)
class Kind:
    """A kind of parameter value (a row of ontology/parameter-kinds.csv): the graph pattern binding
    `?value` (and `?label`, other names it goes by) to every value the data holds; none for numbers."""

    name: str
    example: str
    meaning: str
    pattern: str


@cache
def kinds() -> dict[str, Kind]:
    """The parameter kinds, by name."""
    path = ontology_path("parameter-kinds.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return {r["kind"]: Kind(r["kind"], r["example"], r["meaning"], r["pattern"]) for r in csv.DictReader(f)}


def value_key(value: str) -> str:
    """What two spellings of one value share: case, width, spaces, hyphens and underscores ignored."""
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", value).casefold())


def known_values(kind: Kind, ask: Callable[[Query], Result]) -> dict[str, set[str]]:
    """Every value of `kind` the data holds, with the other names it goes by (through `ask`: the
    build's store, an endpoint, the as-of dataset)."""
    text = f"{SPARQL_PREFIXES}SELECT DISTINCT ?value ?label WHERE {{ {kind.pattern} }}"
    result = ask(Query(f"known {kind.name} values", Path(f"known {kind.name} values"), "", (), text))
    found: dict[str, set[str]] = {}
    for value, label in result.rows:
        found.setdefault(value, set()).update([label] if label else [])
    return found


def _natural(value: str) -> list[tuple[int, str]]:
    return [(int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", value)]


def normalise(query: Query, params: dict[str, str], ask: Callable[[Query], Result]) -> dict[str, str]:
    """Each parameter value as the data writes it, by its declared kind: a number's digits, else the
    one value of the data it matches (its own spelling or a name it goes by, by `value_key`).
    Raises UnknownValue naming a value that matches none, or several."""
    declared = {p.name: p for p in query.declared}
    out = dict(params)
    for name, value in params.items():
        kind = kinds().get(declared[name].kind) if name in declared else None
        if kind is None:
            continue
        if not kind.pattern:
            out[name] = unicodedata.normalize("NFKC", value).strip()
            continue
        known = known_values(kind, ask)
        key = value_key(value)
        matches = sorted({v for v, labels in known.items() if key in {value_key(n) for n in (v, *labels)}})
        if len(matches) == 1:
            out[name] = matches[0]
            continue
        if matches:
            raise UnknownValue(f"{query.name}: {name}={value!r} is more than one {kind.name}: {', '.join(matches)}")
        listed = sorted(known, key=_natural)
        more = f" … and {len(listed) - SHOWN_KNOWN} more" if len(listed) > SHOWN_KNOWN else ""
        raise UnknownValue(
            f"{query.name}: no {kind.name} {value!r} in the data "
            f"(known: {', '.join(listed[:SHOWN_KNOWN]) or 'none'}{more})"
        )
    return out


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[list[str]]


def _value(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))


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
    columns, rows = solutions(store, query)
    return Result(columns, [[_value(term) for term in row] for row in rows])


def solutions(store: ox.Store, query: Query) -> tuple[list[str], list[list[object]]]:
    """A SELECT query's columns and rows of terms (None where unbound), checked as `run` checks it:
    for callers that keep the terms' types (the Python API's DataFrames)."""
    if nesting(query.text) > MAX_NESTING:
        raise QueryError(f"{query.path}: query nested more than {MAX_NESTING} levels deep")
    try:
        answer = store.query(query.text)
    except SyntaxError as e:
        first = str(e).splitlines()[0] if str(e) else "syntax error"
        raise QueryError(f"{query.path}: malformed SPARQL: {first[:160]}") from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(
            f"{query.path}: query failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
        ) from None
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError(f"{query.path}: not a SELECT query")
    columns = [v.value for v in answer.variables]
    return columns, [[sol[c] for c in columns] for sol in answer]


def names_graphs(text: str) -> bool:
    """Whether a query names graphs (GRAPH, FROM, FROM NAMED): the store's merged default graph
    alone cannot answer it (see store.named_store). Its words are looked for first (most queries
    have neither: no parse), then its parse tree decides (the words may be in a string, a comment,
    a name). A query rdflib cannot parse but the store can is taken to name them."""
    if not _GRAPH_WORDS.search(text):
        return False
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except (ParseException, RecursionError):
        try:
            ox.Store().query(text)  # on nothing: only whether the store reads it
        except (SyntaxError, ValueError, OSError, RuntimeError):
            return False  # malformed: the query itself says so where it runs
        return True
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in ("DatasetClause", "GraphGraphPattern"):
                return True
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            stack.extend(node)  # type: ignore[arg-type]
    return False


def render(result: Result, fmt: str, width: int | None = None, show: Callable[[str], str] | None = None) -> str:
    """The rows in one of the FORMATS: a table for reading in a terminal, `width` wide (the
    terminal's by default), IRIs as `show` says; CSV or JSON with every value whole."""
    return FORMATS[fmt](result, width, show)


def _table(result: Result, width: int | None, show: Callable[[str], str] | None) -> str:
    return table(result, width or shutil.get_terminal_size((TABLE_WIDTH, 24)).columns, show)


def _csv(result: Result, width: int | None, show: Callable[[str], str] | None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.columns)
    w.writerows(result.rows)
    return buf.getvalue()


def _json(result: Result, width: int | None, show: Callable[[str], str] | None) -> str:
    return json.dumps([dict(zip(result.columns, r)) for r in result.rows], ensure_ascii=False, indent=2) + "\n"


TABLE = "table"  # the default format, the one for people: the only one whose IRIs are shown by label
# the formats `query --format` prints results in, by name, each with its writer
FORMATS: dict[str, Callable[[Result, int | None, Callable[[str], str] | None], str]] = {
    TABLE: _table,
    "csv": _csv,
    "json": _json,
}


TABLE_WIDTH = 120  # columns of a table when neither the terminal nor $COLUMNS says
MIN_CELL = 6  # a column cut to fit is kept at least this wide (or its header's width)
WHOLE = 16  # a column no wider than this (dates, codes, types) is never cut
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def documents(ask: Callable[[Query], Result]) -> frozenset[str]:
    """The IRIs of the documents (and acts) the data holds: asked once for a table, not per cell."""
    return frozenset(row[0] for row in ask(Query("documents", Path("documents"), "", (), _DOCUMENTS)).rows)


def shown(
    base: str, labels: Labels | None = None, named: frozenset[str] = frozenset(), titled: bool = True
) -> Callable[[str], str]:
    """How a table shows an IRI: a document (one of `named`) by its label (palermo/labels.py: its
    symbol, else what it is, "Report of WG-TIP meeting 5") and its title (`titled`: unless the
    query gives it beside) when the graph is at hand, a thing of the graph by its page's path
    (`meeting/wg-tip/11`), a vocabulary term prefixed (`pal:Act`)."""

    def show(iri: str) -> str:
        if labels is not None and iri in named:
            label = labels(iri)
            title = next((text for text, _ in label.under), "")
            return f"{label.text} {title}" if title and titled else label.text
        prefixed = str(qname(iri))
        return iri[len(base) :] if prefixed == iri and iri.startswith(base) else prefixed

    return show


def cell(value: str, show: Callable[[str], str] | None = None) -> str:
    """A value on one line: an IRI as `show` gives it (a label, its page form), a line break as ↵."""
    if show is not None and value.startswith(("http://", "https://")):
        value = show(value)
    return printable(value.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵").replace("\t", " "))


def widths(natural: list[int], floor: list[int], room: int) -> list[int]:
    """Column widths within `room` cells: every column whole when they fit, else the widest cut to
    one cap (the largest that fits), none below its floor (narrow columns whole, the others their
    header's width)."""
    if sum(natural) <= room:
        return natural
    low, high = 0, max(natural)
    while low < high:  # the largest cap with which the columns fit
        cap = (low + high + 1) // 2
        if sum(min(n, max(f, cap)) for n, f in zip(natural, floor)) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(n, max(f, low)) for n, f in zip(natural, floor)]


def display_width(value: str) -> int:
    """Cells a value takes in a terminal (a CJK character two, a combining mark none)."""
    if value.isascii():  # one cell a character: a table's controls are escaped already (`printable`)
        return len(value)
    found = wcswidth(value)
    return found if found >= 0 else sum(max(wcwidth(ch), 0) for ch in value)


def cut(value: str, cells: int) -> str:
    """`value` in at most `cells` display cells: whole when it fits, else cut with an ellipsis."""
    if len(value) <= cells // 2 or display_width(value) <= cells:
        return value
    if value.isascii():
        return value[: cells - 1] + "…"
    out, used = [], 1  # the ellipsis takes one
    for ch in value:
        used += max(wcwidth(ch), 0)
        if used > cells:
            break
        out.append(ch)
    return "".join(out) + "…"


def table(result: Result, width: int, show: Callable[[str], str] | None = None) -> str:
    """The rows aligned by display width (tabulate, measuring with wcwidth: a CJK character takes
    two cells), one row per line: a cell too long for its column's share of `width` is cut with an
    ellipsis."""
    gap = 2  # tabulate sets columns two spaces apart
    room = width - gap * (len(result.columns) - 1)
    # a value longer than the whole width in characters is longer in cells too: measured cut
    rows = [[cell(v, show)[: room + 1] for v in r] for r in result.rows]
    natural = [
        max([display_width(name), *(display_width(r[i]) for r in rows)]) for i, name in enumerate(result.columns)
    ]
    floor = [n if n <= WHOLE else max(display_width(name), MIN_CELL) for n, name in zip(natural, result.columns)]
    sizes = widths(natural, floor, room)
    align = [
        "right" if any(r[i] for r in rows) and all(_NUMBER.fullmatch(r[i]) for r in rows if r[i]) else "left"
        for i in range(len(result.columns))
    ]
    header = [cut(name, w) for name, w in zip(result.columns, sizes)]
    rule = ["-" * w for w in sizes]
    fitted = [header, rule, *([cut(v, w) for v, w in zip(r, sizes)] for r in rows)]
    # "plain" and the header as a row: tabulate's headers would widen each column by two
    text = tabulate(fitted, tablefmt="plain", disable_numparse=True, colalign=align)
    lines = [line.rstrip() for line in text.splitlines()] if result.columns else []
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines) + "\n"
