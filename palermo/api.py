"""The Python API for notebooks: `palermo.open(folder)` and `.query(...)` as a pandas DataFrame.

Analysts work in Jupyter with pandas. A build opened here answers the same library queries, with
the same parameters (written as users write them: `meeting="wg-tip-11"`, `iso3="Afghanistan"`)
and the same as-of rule as `palermo query` (graph/query.py, graph/asof.py), so a notebook and the
command line give the same rows. What differs is the values: a DataFrame holds plain values —
numbers as numbers, full dates as dates (`datetime64`), an IRI as its short form (the page path,
`meeting/wg-tip/11`, or a prefixed name, `pal:Act`) with the full IRI in a column beside it
(`meeting_iri`) — where the command line prints text.

pandas is an optional dependency (`pip install 'palermo[notebook]'`): the command line does not
need it.
"""

from __future__ import annotations

import datetime
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib.namespace import XSD

from palermo.graph import asof
from palermo.graph.query import (
    Query,
    Result,
    library,
    names_graphs,
    normalise,
    resolve,
    run,
    shown,
    solutions,
    with_params,
)
from palermo.graph.store import TRIPLES, default_data_dir, named_store, open_build
from palermo.labels import Labels

if TYPE_CHECKING:
    import pandas as pd
    import rdflib

_NUMBERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.short), str(XSD.nonNegativeInteger)}
_DECIMALS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_BOOLEAN = str(XSD.boolean)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME = re.compile(r"[^\s{}]+")  # a query's name or a file's path: no SPARQL is one word
_IRI = "_iri"  # the suffix of the column of full IRIs beside a column of IRIs shown short


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError("palermo's DataFrames need pandas: pip install 'palermo[notebook]'") from None
    return pandas


class Build:
    """A build folder opened for reading (read-only: a build in progress elsewhere is not disturbed).

    `graph` is the pyoxigraph store (the merged graph as its default graph; a query naming graphs
    runs where the documents' graphs are, see store.named_store); `rdflib()` loads the merged
    graph into rdflib for code written for it."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_data_dir()
        self.manifest, self.graph = open_build(self.folder)
        self.base: str = self.manifest["base"]
        self.labels = Labels.of_store(self.graph, self.base)
        self._short = shown(self.base)

    def __repr__(self) -> str:
        return f"palermo.open({str(self.folder)!r})"

    def queries(self) -> pd.DataFrame:
        """The query library: each query's name, summary, columns and parameters (with their kinds)."""
        rows = [
            {
                "name": name,
                "summary": q.summary,
                "columns": [c for c, _ in q.columns],
                "parameters": {p.name: p.kind for p in q.declared},
            }
            for name, q in library().items()
        ]
        return _pandas().DataFrame(rows, columns=["name", "summary", "columns", "parameters"])

    def query(self, name_or_sparql: str, as_of: str | None = None, **params: object) -> pd.DataFrame:
        """Rows of a library query (by name), a .rq file (by path) or SPARQL text as a DataFrame.

        `as_of` ("2016-10-17", "2016", "COP-8") asks the graph as at that date or meeting, as
        `palermo query --as-of` does (`df.attrs["as_of"]` says which documents were in); `params`
        set the query's parameters (`iso3="afg"`, `meeting="WG-TIP 11"`). Raises QueryError (and
        its UnknownValue: a parameter value the data does not hold, named with those it does) and
        asof.AsOfError with the command line's messages."""
        query = self._resolve(name_or_sparql)
        text_params = {k: str(v) for k, v in params.items()}
        with_params(query, text_params)  # its parameters' names, before the data is asked
        query = with_params(query, normalise(query, text_params, self._ask))
        store, line = self.graph, None
        if as_of is not None:
            store, selection = asof.local(self.graph, asof.parse(as_of), self.folder)
            line = selection.line()
        elif names_graphs(query.text):
            store = ox.Store.read_only(str(named_store(self.folder, self.manifest)))
        columns, rows = solutions(store, query)
        frame = self._frame(columns, rows)
        if line is not None:
            frame.attrs["as_of"] = line
        return frame

    def label(self, iri: str, lang: str = "en") -> str:
        """What the project calls a thing (palermo/labels.py), in `lang`: "Resolution 5/2 (COP)"."""
        return self.labels.text(iri if "://" in iri else self.base + iri, lang)

    def rdflib(self) -> rdflib.Graph:
        """The merged graph loaded into rdflib (all of it in memory: for a small build or a sample)."""
        import rdflib

        return rdflib.Graph().parse(self.folder / TRIPLES, format="nt")

    @cached_property
    def _library(self) -> dict[str, Query]:
        return dict(library())

    def _resolve(self, name_or_sparql: str) -> Query:
        """A library query by name, a .rq file by path (a name or path not found is an error, as on
        the command line), else the text as SPARQL."""
        if name_or_sparql in self._library:
            return self._library[name_or_sparql]
        if _NAME.fullmatch(name_or_sparql):
            return resolve(name_or_sparql)
        return Query("sparql", Path("<sparql>"), "", (), name_or_sparql)

    def _ask(self, query: Query) -> Result:
        return run(self.graph, query)

    def _frame(self, columns: list[str], rows: list[list[object]]) -> pd.DataFrame:
        """Rows of terms as a DataFrame of plain values; a column of IRIs gets its full IRIs beside it."""
        pd = _pandas()
        data: dict[str, list[object]] = {}
        for i, name in enumerate(columns):
            terms = [row[i] for row in rows]
            if any(isinstance(t, ox.NamedNode) for t in terms):
                data[name] = [self._short(t.value) if isinstance(t, ox.NamedNode) else _plain(t) for t in terms]
                data[name + _IRI] = [t.value if isinstance(t, ox.NamedNode) else None for t in terms]
            else:
                data[name] = [_plain(t) for t in terms]
        frame = pd.DataFrame(data, columns=list(data))
        for name in columns:
            values = [v for v in data[name] if v is not None]
            if values and all(isinstance(v, datetime.date) for v in values):
                frame[name] = pd.to_datetime(frame[name])
            elif any(isinstance(v, datetime.date) for v in values):  # full and partial dates: all as text
                frame[name] = [v.isoformat() if isinstance(v, datetime.date) else v for v in data[name]]
            elif values and all(isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("boolean")
            elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("Int64")  # a missing value stays missing, not NaN
        return frame


def _plain(term: object) -> object:
    """A literal as a Python value: numbers as numbers, a full date as a date, else its text."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return str(getattr(term, "value", term))
    datatype = term.datatype.value
    try:
        if datatype in _NUMBERS:
            return int(term.value)
        if datatype in _DECIMALS:
            return float(term.value)
        if datatype == _BOOLEAN:
            return term.value in ("true", "1")
    except ValueError:
        return term.value
    if _DAY.fullmatch(term.value):  # an xsd:date, or a full date a query computed as text
        try:
            return datetime.date.fromisoformat(term.value)
        except ValueError:
            return term.value
    return term.value
