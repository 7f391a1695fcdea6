"""`palermo`: build, validate and query the knowledge graph.

Exit codes: 0 success; 1 the data failed (unreadable input, SHACL violations, a query that
cannot run); 2 usage errors (unknown command or query name, bad option).
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from palermo import __version__
from palermo.terminal import decodable, printable

if TYPE_CHECKING:
    import pyoxigraph as ox

    from palermo.graph.asof import AsOf, Selection
    from palermo.graph.built import BuildReader
    from palermo.graph.query import Query, Result
    from palermo.labels import Labels

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class Refused(Exception):
    """A command that cannot go on, its one-line message and exit code: raised by the checks a
    command's stages share, said by `main`, so a stage returns its value and not a code beside it."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def _err(msg: str) -> None:
    """One line on stderr: a file name with a newline in it does not split the message, nor does
    one with an escape sequence act on the terminal (palermo/terminal.py)."""
    print("palermo: " + printable(msg.replace("\r", "\\r").replace("\n", "\\n")), file=sys.stderr)


def _positive(
    kind: type[int] | type[float], name: str, low: float = 1, high: float = math.inf
) -> Callable[[str], int | float]:
    """An argparse type: a finite number of `kind` from `low` to `high`, with a one-line error
    naming it (`inf`, `nan` and `1e308` are not limits: a server would start and fail every query)."""

    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} takes a number, not {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{name} must be a finite number, not {text}")
        if value < low:
            raise argparse.ArgumentTypeError(f"{name} must be at least {low:g}, not {text}")
        if value > high:
            raise argparse.ArgumentTypeError(f"{name} must be at most {high:,g}, not {text}")
        return value

    return convert


# The limits of `palermo serve`: option, type, least value, greatest value, default, help.
SERVE_LIMITS: tuple[tuple[str, type[int] | type[float], float, float, float, str], ...] = (
    (
        "--timeout",
        float,
        0.1,
        3600,
        10.0,
        "seconds a query may take, its answer's transfer included (default 10, at most 3600)",
    ),
    ("--max-rows", int, 1, 10_000_000, 10_000, "rows a query may return (default 10000, at most 10 million)"),
    ("--max-bytes", int, 1, 1 << 30, 16 << 20, "bytes a query's answer may take (default 16 MiB, at most 1 GiB)"),
    (
        "--max-memory",
        int,
        64,
        1 << 16,
        1024,
        "MiB of address space a query process may take beyond the server's (default 1024, at most 65536); "
        "checked at start against what a query needs here",
    ),
    ("--workers", int, 1, 64, 4, "queries run at once (default 4, at most 64)"),
    (
        "--request-timeout",
        float,
        0.1,
        3600,
        30.0,
        "seconds a client may take to send its whole request, headers and body (default 30, at most 3600; "
        "408 or the connection closed after)",
    ),
)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port takes a number, not {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"--port must be 0 to 65535, not {port}")
    return port


def _base(text: str) -> str:
    """--base-uri as palermo/iri.py checks it (Refused: a usage error)."""
    from palermo.iri import IRIError, check_base

    try:
        return check_base(text)
    except IRIError as e:
        raise Refused(str(e)) from None


def _endpoint(text: str, what: str) -> str:
    """A remote store's URL as palermo/iri.py checks it (Refused: a usage error)."""
    from palermo.iri import IRIError, check_endpoint

    try:
        return check_endpoint(text, what)
    except IRIError as e:
        raise Refused(str(e)) from None


def _data_dir(arg: str | None) -> Path:
    from palermo.graph.store import default_data_dir

    return Path(arg) if arg else default_data_dir()


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="build folder (default: the last build)")


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=_positive(int, "--jobs"), help="worker processes (default: one per core)")


def _progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: when stderr is a terminal)",
    )


def _build_arguments(b: argparse.ArgumentParser) -> None:
    from palermo.iri import DEFAULT_BASE
    from palermo.reader import MAX_BYTES

    b.add_argument(
        "paths",
        nargs="*",
        help="files or folders of documents: PDF, Word (.docx), web pages (.html, .htm) or plain text (.txt), "
        "the kind decided by the content (default: the bundled corpus)",
    )
    b.add_argument("--out", help="build folder (default: $PALERMO_DATA or ~/.local/share/palermo)")
    b.add_argument("--base-uri", default=DEFAULT_BASE, help=f"base of minted IRIs (default {DEFAULT_BASE})")
    b.add_argument(
        "--max-bytes", type=_positive(int, "--max-bytes"), default=MAX_BYTES, help="refuse source files over this size"
    )
    _jobs_option(b)
    b.add_argument(
        "--named-graphs",
        action="store_true",
        help="load each document's named graph (graph.nq) into the store too; without it they are loaded "
        "on the first query that names graphs",
    )
    _progress_option(b)


def cmd_build(a: argparse.Namespace) -> int:
    from palermo.graph.store import BuildError
    from palermo.pipeline import NothingToBuild, build
    from palermo.resources import corpus_dir

    base = _base(a.base_uri)
    paths = [Path(p) for p in a.paths] or [corpus_dir()]
    for p in paths:
        if not p.exists():
            _err(f"{p}: no such file or folder")
            return EXIT_USAGE
    out = _data_dir(a.out)
    try:
        result = build(
            paths, out, base=base, max_bytes=a.max_bytes, jobs=a.jobs, progress=a.progress, named_graphs=a.named_graphs
        )
    except NothingToBuild as nothing:
        for line in nothing.args[1:]:
            _err(str(line))
        _err(str(nothing.args[0]))
        return EXIT_DATA
    except BuildError as refused:
        _err(str(refused))
        return EXIT_DATA
    for error in result.errors:
        _err(error)
    for w in result.warnings:
        _err(f"warning: {w}")
    for d in result.disagreements:  # settled by the rule: reported, not an error
        _err(f"warning: {d.line()}")
    report = result.report
    assert report is not None
    print(build_summary(len(result.documents), len(result.errors), result.extracted, result.cached))
    print(f"{result.triples} triples; " + ", ".join(f"{k}: {v}" for k, v in result.counts.items()))
    if result.change is not None:  # graph/incremental.py
        change = f"{result.change.deleted:,} triples deleted, {result.change.inserted:,} inserted"
        print(f"store: the last build's, changed in place ({change})")
    print(report.text().splitlines()[0] + (f" (see {out / 'validation.txt'})" if not report.conforms else ""))
    for v in report.violations[:10]:
        print("  " + v.line())
    print(f"output: {out}")
    return EXIT_OK if result.ok else EXIT_DATA


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def build_summary(documents: int, left_out: int, extracted: int, cached: int) -> str:
    """The build's first line, in the user's terms: documents in the graph out of the files given
    (those left out were named above it), then what was extracted now and what the last build's
    cache gave unchanged (files: a copy of another version is extracted, then left out)."""
    given = f"{_count(documents, 'document')} in the graph from {_count(documents + left_out, 'file')}"
    out = f" ({left_out} left out: named above)" if left_out else ""
    return f"{given}{out}; {_count(extracted, 'file')} extracted now, {cached} unchanged since the last build"


def _validate_arguments(v: argparse.ArgumentParser) -> None:
    from palermo.graph.validate import DEFAULT_ENGINE, ENGINES

    _data_option(v)
    v.add_argument(
        "--engine",
        choices=tuple(ENGINES),
        default=DEFAULT_ENGINE,
        help="SHACL engine: shacl (compiled, the default) or pyshacl (the reference)",
    )


def cmd_validate(a: argparse.Namespace) -> int:
    from palermo.graph.store import TRIPLES, Damaged, checked
    from palermo.graph.validate import validate_nt

    data = _data_dir(a.data)
    path = data / TRIPLES
    try:
        with checked(data, (TRIPLES,)) as (_, files):  # the graph validated is the one checked
            text = files[TRIPLES].read().decode("utf-8")
        report = validate_nt(text, a.engine)
    except Damaged as e:
        _err(str(e))
        return EXIT_DATA
    except (OSError, UnicodeDecodeError, ValueError, SyntaxError) as e:
        _err(f"{path}: cannot validate: {_first_line(e)}")
        return EXIT_DATA
    except Exception as e:  # rdflib's and the engines' own parse errors
        _err(f"{path}: cannot parse: {_first_line(e)}")
        return EXIT_DATA
    sys.stdout.write(report.text())
    return EXIT_OK if report.conforms else EXIT_DATA


def _query_arguments(q: argparse.ArgumentParser) -> None:
    from palermo.graph.asof import HELP as AS_OF_HELP
    from palermo.graph.query import FORMATS, TABLE

    q.add_argument("query", help="query name (see list-queries) or path to a .rq file")
    _data_option(q)
    q.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default=TABLE,
        help="table: for reading, aligned to the terminal's width ($COLUMNS), long cells cut, IRIs shown by "
        "label or path (the default); csv, json: every value whole",
    )
    q.add_argument("--endpoint", help="a remote SPARQL 1.1 query endpoint instead of the local build")
    q.add_argument("--user", help="user name for the endpoint (a bearer token can come from $PALERMO_STORE_TOKEN)")
    q.add_argument("--password", help="password for the endpoint")
    q.add_argument(
        "--default-graph",
        metavar="IRI",
        help="the endpoint's graph to query as the default graph (after push --merged named: <base>graph/merged)",
    )
    q.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="value of a query parameter (a VALUES line of the query; list-queries names them with their kind), "
        "written as users write it (meeting=wg-tip-11, \"meeting=WG-TIP 11\", iso3=afg, iso3=Afghanistan); "
        "a value the data does not hold is named with those it does; repeatable",
    )
    q.add_argument("--as-of", metavar="DATE|BODY-ORDINAL", help=AS_OF_HELP)


def cmd_query(a: argparse.Namespace) -> int:
    """The query read and its parameters bound before the data is opened (a usage error costs no
    store), then run where --endpoint says and printed as --format says."""
    from palermo.graph.asof import AsOfError
    from palermo.graph.query import QueryError, UnknownValue, normalise, render, shown, with_params
    from palermo.graph.store import BuildError, Damaged

    as_of = _query_options(a)
    query, params = _read_query(a)
    try:
        source = _remote(a) if a.endpoint else _local(a)
        query = with_params(query, normalise(query, params, source.ask))  # values as users write them
        result = _answer(source, query, as_of)
    except (UnknownValue, AsOfError) as e:  # a parameter value, an --as-of meeting, the data does not hold
        raise Refused(str(e)) from None
    except (Damaged, QueryError, BuildError) as e:  # a build not whole, a query that cannot run, no named store
        raise Refused(str(e), EXIT_DATA) from None
    show = shown(source.base, source.labels, source.documents, titled="title" not in result.columns)
    sys.stdout.write(render(result, a.format, show=show))
    return EXIT_OK


def _query_options(a: argparse.Namespace) -> AsOf | None:
    """The options of `query` that need neither the query nor the data, checked first; --as-of parsed."""
    from palermo.graph.asof import AsOfError, parse

    if a.default_graph and not a.endpoint:
        raise Refused(
            f"--default-graph {a.default_graph}: only with --endpoint (a build's default graph is its merged graph)"
        )
    if a.endpoint is not None:
        _endpoint(a.endpoint, "--endpoint")
    if a.as_of is None:
        return None
    try:
        return parse(a.as_of)
    except AsOfError as e:
        raise Refused(str(e)) from None


def _read_query(a: argparse.Namespace) -> tuple[Query, dict[str, str]]:
    """The library query or .rq file named, and the --param values, their names checked against the
    query's parameters (a name unknown to the library is a usage error, a bad .rq file bad data)."""
    from palermo.graph.query import QueryError, resolve, with_params

    try:
        query = resolve(a.query)
    except QueryError as e:
        raise Refused(str(e), EXIT_USAGE if not a.query.endswith(".rq") else EXIT_DATA) from None
    params = _params(a.param)
    try:
        with_params(query, params)  # its parameters' names, before the data is opened
    except QueryError as e:
        raise Refused(str(e)) from None
    return query, params


def _params(given: list[str]) -> dict[str, str]:
    """The --param NAME=VALUE options as a mapping: each has an =, is UTF-8, names one parameter once."""
    if (bare := next((p for p in given if "=" not in p), None)) is not None:
        raise Refused(f"--param takes NAME=VALUE, got {bare!r}")
    if (bad := next((p for p in given if not decodable(p)), None)) is not None:
        shown = bad.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise Refused(f"--param {shown}: not UTF-8")
    params: dict[str, str] = {}
    for name, value in (p.split("=", 1) for p in given):
        if name in params:
            raise Refused(f"--param {name}: given twice ({name}={params[name]}, {name}={value}): give it once")
        params[name] = value
    return params


@dataclass(frozen=True)
class _Source:
    """Where a query runs, the local build or a remote endpoint: how it answers on the merged graph
    (`ask`), as at a date or meeting (`dated`), on the documents' graphs (`graphs`: a remote
    endpoint answers such a query itself), and what a table shows IRIs by."""

    ask: Callable[[Query], Result]
    dated: Callable[[AsOf], tuple[ox.Store, Selection]]
    graphs: Callable[[], ox.Store] | None
    base: str
    labels: Labels | None = None
    documents: frozenset[str] = frozenset()


def _local(a: argparse.Namespace) -> _Source:
    """The build in --data, once known whole; its documents' labels asked for a table only."""
    import pyoxigraph as ox

    from palermo.graph import asof
    from palermo.graph.query import TABLE, documents, run
    from palermo.graph.store import named_store, open_build
    from palermo.labels import Labels

    data = _data_dir(a.data)
    manifest, store = open_build(data)

    def ask(q: Query) -> Result:
        return run(store, q)

    def graphs() -> ox.Store:  # the documents' graphs, loaded on first use
        return ox.Store.read_only(str(named_store(data, manifest)))

    base = str(manifest["base"])
    source = _Source(ask, partial(asof.local, store, data_dir=data), graphs, base)
    if a.format != TABLE:
        return source
    return replace(source, labels=Labels.of_store(store, base), documents=documents(ask))


def _remote(a: argparse.Namespace) -> _Source:
    """The SPARQL endpoint of --endpoint, with --user, --password or the token of the environment."""
    from palermo.graph import asof
    from palermo.graph.remote import Auth, run_remote
    from palermo.iri import DEFAULT_BASE

    auth = Auth.from_env(a.user, a.password)

    def ask(q: Query) -> Result:
        return run_remote(a.endpoint, q, auth, default_graph=a.default_graph)

    return _Source(ask, partial(asof.remote, a.endpoint, auth=auth, default_graph=a.default_graph), None, DEFAULT_BASE)


def _answer(source: _Source, query: Query, as_of: AsOf | None) -> Result:
    """The query's result from the dataset as at --as-of (its selection said on stderr), from the
    documents' graphs when it names graphs, else from the merged graph."""
    from palermo.graph.query import names_graphs, run

    if as_of is not None:
        dataset, selection = source.dated(as_of)
        print(selection.line(), file=sys.stderr)
        return run(dataset, query)
    if source.graphs is not None and names_graphs(query.text):
        return run(source.graphs(), query)
    return source.ask(query)


def _view(data: Path, whole: tuple[str, ...] = ()) -> BuildReader | None:
    """The build in `data` opened for reading once it is known whole (`whole`: the files to be
    read whole, checked by their sha256), or None (said in one line)."""
    from palermo.graph.built import BuildReader, Damaged

    try:
        return BuildReader(data, whole)
    except Damaged as e:  # not whole, or no build: named, in one line
        _err(str(e))
    return None


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:200] if text else type(e).__name__


def _export_arguments(e: argparse.ArgumentParser) -> None:
    from palermo.graph.export import FORMATS, VIEWS

    _data_option(e)
    e.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="RDF (ttl, nt, jsonld, trig: the merged graph; trig with each document's graph), annotations (every "
        "fact's W3C Web Annotation, JSON-LD) or a network (graphml, gexf for Gephi, cytoscape JSON, csv edge list) "
        "of the --view",
    )
    e.add_argument("--out", help="file to write (default: standard output)")
    e.add_argument(
        "--view",
        choices=VIEWS,
        default="all",
        help="network view: all, attendance (actors and meetings), citations (documents, acts, articles)",
    )
    e.add_argument("--keep-provenance", action="store_true", help="keep fact and text-block nodes")
    e.add_argument("--keep-literals", action="store_true", help="keep literal values as node attributes")


def cmd_export(a: argparse.Namespace) -> int:
    from palermo.graph.built import Damaged
    from palermo.graph.export import READS_WHOLE, export
    from palermo.graph.store import discard

    view = _view(_data_dir(a.data), READS_WHOLE.get(a.format, ()))
    if view is None:
        return EXIT_DATA
    if a.out is None:
        try:
            export(view, a.format, sys.stdout.buffer, a.view, a.keep_provenance, a.keep_literals)
        except Damaged as e:
            _err(str(e))
            return EXIT_DATA
        except KeyboardInterrupt:
            _err("export interrupted: what it wrote to standard output is incomplete")
            return EXIT_DATA
        sys.stdout.flush()
        return EXIT_OK
    out = Path(a.out)
    partial = out.with_name(f".{out.name}.part")  # a failed export leaves no half-written file
    try:
        with partial.open("wb") as f:
            export(view, a.format, f, a.view, a.keep_provenance, a.keep_literals)
        partial.replace(out)
    except (OSError, Damaged) as e:
        discard(partial)
        _err(str(e) if isinstance(e, Damaged) else f"{out}: cannot write ({e.strerror or e})")
        return EXIT_DATA
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM
        discard(partial)
        _err(f"export interrupted: its half-written file removed; {out} left as it was")
        return EXIT_DATA
    print(f"wrote {out} ({a.format})", file=sys.stderr)
    return EXIT_OK


def _publish_arguments(pub: argparse.ArgumentParser) -> None:
    _data_option(pub)
    pub.add_argument("--base-uri", required=True, help="base URI the site will be hosted under")
    pub.add_argument("--out", required=True, help="site folder to write")
    _jobs_option(pub)
    _progress_option(pub)


def cmd_publish(a: argparse.Namespace) -> int:
    from palermo.graph.built import Damaged
    from palermo.graph.publish import publish

    data = _data_dir(a.data)
    base = _base(a.base_uri)
    try:
        pages = publish(data, base, Path(a.out), progress=a.progress, jobs=a.jobs)
    except Damaged as e:
        _err(str(e))
        return EXIT_DATA
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: publish removed its temporary site
        _err(f"publish interrupted: its half-written site removed; {a.out} left as it was")
        return EXIT_DATA
    print(f"published {pages} resources under {base} into {a.out}")
    return EXIT_OK


def _serve_arguments(sv: argparse.ArgumentParser) -> None:
    _data_option(sv)
    sv.add_argument(
        "--site", help="site folder written by `palermo publish` (default: DATA/site, published if missing)"
    )
    sv.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: all)"
    )
    sv.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000; 0: any free port)")
    for flag, kind, low, high, default, text in SERVE_LIMITS:
        sv.add_argument(flag, type=_positive(kind, flag, low, high), default=default, help=text)
    sv.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run queries even where their processes cannot be kept off the network (the SERVICE check alone)",
    )
    sv.add_argument(
        "--in-memory",
        action="store_true",
        help="hold the merged graph in memory: queries that name no graph run 3-20 times faster; start-up "
        "takes a few seconds and about 450 bytes of memory per triple of graph.nt",
    )
    sv.add_argument("--verbose", action="store_true", help="log requests")
    _progress_option(sv)


def cmd_serve(a: argparse.Namespace) -> int:
    import logging

    from palermo.graph.serve import make_server, serve
    from palermo.graph.serve.follow import publish_site
    from palermo.graph.serve.runner import Limits, MemoryTooLow, check_memory, context
    from palermo.graph.store import SITE_DIR, STORE_DIR, Damaged, check

    data = _data_dir(a.data)
    try:
        manifest = check(data)
    except Damaged as e:
        _err(str(e))
        return EXIT_DATA
    site = Path(a.site) if a.site else data / SITE_DIR
    if not site.is_dir():
        try:  # a --max-memory no query fits in is said before minutes of publishing, not after
            check_memory(context(), str(data / STORE_DIR), Limits(max_memory=a.max_memory << 20))
        except MemoryTooLow as e:
            _err(str(e))
            return EXIT_USAGE
        print(f"publishing the site of {data} into {site} …", file=sys.stderr)
        try:
            publish_site(data, site, manifest, progress=a.progress)
        except Damaged as e:
            _err(str(e))
            return EXIT_DATA
        except KeyboardInterrupt:
            _err(f"interrupted while publishing: its half-written site removed; {site} left as it was")
            return EXIT_DATA
    if a.verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        server = make_server(
            data,
            site,
            a.host,
            a.port,
            timeout_s=a.timeout,
            max_rows=a.max_rows,
            max_bytes=a.max_bytes,
            max_memory=a.max_memory << 20,
            max_workers=a.workers,
            request_timeout=a.request_timeout,
            sandbox=not a.no_sandbox,
            in_memory=a.in_memory,
        )
    except MemoryTooLow as e:  # a --max-memory no query fits in: a usage error, said at start
        _err(str(e))
        return EXIT_USAGE
    except (FileNotFoundError, ValueError) as e:
        _err(str(e))
        return EXIT_DATA
    except (OSError, OverflowError) as e:  # port in use, bad host
        _err(f"cannot listen on {a.host}:{a.port}: {e}")
        return EXIT_DATA
    serve(server)
    return EXIT_OK


def _push_arguments(ps: argparse.ArgumentParser) -> None:
    from palermo.graph.remote import MERGED_INTO, PROTOCOLS

    _data_option(ps)
    ps.add_argument(
        "--store",
        required=True,
        help="Graph Store Protocol endpoint (e.g. http://host:7878/store), or the update endpoint "
        "with --protocol update",
    )
    ps.add_argument("--protocol", choices=PROTOCOLS, default=PROTOCOLS[0])
    ps.add_argument("--user", help="user name (a bearer token can come from $PALERMO_STORE_TOKEN)")
    ps.add_argument("--password", help="password")
    ps.add_argument("--rate", type=_positive(int, "--rate"), help="cap the upload at this many bytes per second")
    ps.add_argument(
        "--merged",
        choices=MERGED_INTO,
        default=MERGED_INTO[0],
        help="where the merged graph goes: the store's default graph, or the named graph <base>graph/merged "
        "(then query with --default-graph)",
    )


def cmd_push(a: argparse.Namespace) -> int:
    from palermo.graph.remote import DEFAULT_GRAPH, Auth, Interrupted, RemoteError, push

    _endpoint(a.store, "--store")
    try:
        result = push(
            _data_dir(a.data),
            a.store,
            protocol=a.protocol,
            auth=Auth.from_env(a.user, a.password),
            rate=a.rate,
            merged=a.merged,
        )
    except RemoteError as e:
        _err(str(e))
        return EXIT_DATA
    except Interrupted as e:  # Ctrl-C or SIGTERM while sending: how far it went
        _err(str(e))
        return EXIT_DATA
    except KeyboardInterrupt:
        _err("push interrupted before anything was sent")
        return EXIT_DATA
    where = "the default graph" if result.merged == DEFAULT_GRAPH else f"<{result.merged}>"
    print(f"pushed {result.graphs} graphs ({result.triples} triples) to {a.store}; the merged graph is in {where}")
    return EXIT_OK


def cmd_list_queries(a: argparse.Namespace) -> int:
    from palermo.graph.query import library, parameters

    for name, q in library().items():
        cols = ", ".join(c for c, _ in q.columns)
        kinds = {p.name: p.kind for p in q.declared}
        params = [f"{p} ({kinds[p]})" if p in kinds else p for p in parameters(q)]
        print(f"{name}: {q.summary} [{cols}]" + (f" (parameters: {', '.join(params)})" if params else ""))
    return EXIT_OK


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command that takes none."""


@dataclass(frozen=True)
class Command:
    """A subcommand as `palermo --help` lists it: its name and one line of help, the function that
    declares its arguments and the one that runs it (the table below is the whole command line)."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS = (
    Command("build", "read documents, extract facts, build, validate and store the graph", _build_arguments, cmd_build),
    Command("validate", "validate the last build against the SHACL shapes", _validate_arguments, cmd_validate),
    Command("query", "run a library query by name, or a .rq file", _query_arguments, cmd_query),
    Command(
        "export", "export the graph as RDF or as a network for Gephi and Cytoscape", _export_arguments, cmd_export
    ),
    Command("publish", "write a static linked-data site", _publish_arguments, cmd_publish),
    Command(
        "push",
        "load the build into a remote SPARQL 1.1 store: one graph per document, and the merged graph",
        _push_arguments,
        cmd_push,
    ),
    Command("serve", "serve the linked-data site and a read-only SPARQL endpoint", _serve_arguments, cmd_serve),
    Command("list-queries", "list the query library with summaries and columns", _no_arguments, cmd_list_queries),
)


def parser() -> argparse.ArgumentParser:
    """`palermo` and its subcommands, as COMMANDS declares them."""
    p = argparse.ArgumentParser(
        prog="palermo", description="Knowledge graph of UN documents on trafficking in persons."
    )
    p.add_argument("--version", action="version", version=f"palermo {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        one = sub.add_parser(command.name, help=command.help)
        command.arguments(one)
        one.set_defaults(func=command.run)
    return p


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: workers stopped, temporary folders removed


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.func(args))
    except Refused as refused:
        _err(str(refused))
        return refused.code
    except KeyboardInterrupt:
        _err("interrupted; the previous build is kept")
        return EXIT_DATA
    except BrokenPipeError:  # `palermo build | head -1`: the reader went away; nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
