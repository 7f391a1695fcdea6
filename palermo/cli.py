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
from pathlib import Path
from typing import TYPE_CHECKING

from palermo import __version__
from palermo.terminal import decodable, printable

if TYPE_CHECKING:
    from palermo.graph.built import BuildReader

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


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


def _base(text: str) -> str | None:
    """--base-uri as palermo/iri.py checks it, or None after its one-line error (a usage error)."""
    from palermo.iri import IRIError, check_base

    try:
        return check_base(text)
    except IRIError as e:
        _err(str(e))
        return None


def _endpoint(text: str, what: str) -> str | None:
    """A remote store's URL as palermo/iri.py checks it, or None after its one-line error."""
    from palermo.iri import IRIError, check_endpoint

    try:
        return check_endpoint(text, what)
    except IRIError as e:
        _err(str(e))
        return None


def _data_dir(arg: str | None) -> Path:
    from palermo.graph.store import default_data_dir

    return Path(arg) if arg else default_data_dir()


def cmd_build(a: argparse.Namespace) -> int:
    from palermo.graph.store import BuildError
    from palermo.pipeline import NothingToBuild, build
    from palermo.resources import corpus_dir

    base = _base(a.base_uri)
    if base is None:
        return EXIT_USAGE
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


def cmd_validate(a: argparse.Namespace) -> int:
    from palermo.graph.store import Damaged, checked
    from palermo.graph.validate import validate_nt

    data = _data_dir(a.data)
    path = data / "graph.nt"
    try:
        with checked(data, ("graph.nt",)) as (_, files):  # the graph validated is the one checked
            text = files["graph.nt"].read().decode("utf-8")
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


def cmd_query(a: argparse.Namespace) -> int:
    from palermo.graph.asof import AsOfError, parse
    from palermo.graph.query import (
        Query,
        QueryError,
        Result,
        UnknownValue,
        documents,
        names_graphs,
        normalise,
        render,
        resolve,
        run,
        shown,
        with_params,
    )
    from palermo.graph.store import BuildError, Damaged, named_store, open_build
    from palermo.iri import DEFAULT_BASE
    from palermo.labels import Labels

    if a.default_graph and not a.endpoint:
        _err(f"--default-graph {a.default_graph}: only with --endpoint (a build's default graph is its merged graph)")
        return EXIT_USAGE
    if a.endpoint is not None and _endpoint(a.endpoint, "--endpoint") is None:
        return EXIT_USAGE
    as_of = None
    if a.as_of is not None:
        try:
            as_of = parse(a.as_of)
        except AsOfError as e:
            _err(str(e))
            return EXIT_USAGE
    try:
        query = resolve(a.query)
    except QueryError as e:
        _err(str(e))
        return EXIT_USAGE if not a.query.endswith(".rq") else EXIT_DATA
    params = dict(p.split("=", 1) for p in a.param if "=" in p)
    if len(params) != len(a.param):
        _err(f"--param takes NAME=VALUE, got {next(p for p in a.param if '=' not in p)!r}")
        return EXIT_USAGE
    bad = next((p for p in a.param if not decodable(p)), None)
    if bad is not None:
        _err(f"--param {bad.encode('utf-8', 'backslashreplace').decode('ascii', 'backslashreplace')}: not UTF-8")
        return EXIT_USAGE
    try:
        with_params(query, params)  # its parameters' names, before the data is opened
    except QueryError as e:
        _err(str(e))
        return EXIT_USAGE
    base, labels, named = DEFAULT_BASE, None, frozenset[str]()
    try:
        if a.endpoint:
            from palermo.graph.remote import Auth, run_remote

            auth = Auth.from_env(a.user, a.password)

            def ask(q: Query) -> Result:
                return run_remote(a.endpoint, q, auth, default_graph=a.default_graph)

        else:
            manifest, store = open_build(_data_dir(a.data))

            def ask(q: Query) -> Result:
                return run(store, q)

            base = str(manifest["base"])
            if a.format == "table":  # documents shown by their labels
                labels, named = Labels.of_store(store, base), documents(ask)
        query = with_params(query, normalise(query, params, ask))  # values as users write them
        if as_of is not None:
            from palermo.graph import asof

            if a.endpoint:
                dataset, selection = asof.remote(a.endpoint, as_of, auth, default_graph=a.default_graph)
            else:
                dataset, selection = asof.local(store, as_of, _data_dir(a.data))
            print(selection.line(), file=sys.stderr)
            result = run(dataset, query)
        elif not a.endpoint and names_graphs(query.text):  # the documents' graphs, loaded on first use
            import pyoxigraph as ox

            result = run(ox.Store.read_only(str(named_store(_data_dir(a.data), manifest))), query)
        else:
            result = ask(query)
    except UnknownValue as e:  # a parameter value the data does not hold: named with those it does
        _err(str(e))
        return EXIT_USAGE
    except AsOfError as e:  # an --as-of meeting the data does not know
        _err(str(e))
        return EXIT_USAGE
    except (Damaged, QueryError, BuildError) as e:  # a build not whole, a query that cannot run, no named store
        _err(str(e))
        return EXIT_DATA
    sys.stdout.write(render(result, a.format, show=shown(base, labels, named, titled="title" not in result.columns)))
    return EXIT_OK


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


def _progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: when stderr is a terminal)",
    )


def cmd_publish(a: argparse.Namespace) -> int:
    from palermo.graph.built import Damaged
    from palermo.graph.publish import publish

    data = _data_dir(a.data)
    base = _base(a.base_uri)
    if base is None:
        return EXIT_USAGE
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


def cmd_push(a: argparse.Namespace) -> int:
    from palermo.graph.remote import Auth, Interrupted, RemoteError, push

    if _endpoint(a.store, "--store") is None:
        return EXIT_USAGE
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
    where = "the default graph" if result.merged == "default" else f"<{result.merged}>"
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


def parser() -> argparse.ArgumentParser:
    from palermo.iri import DEFAULT_BASE
    from palermo.reader import MAX_BYTES

    p = argparse.ArgumentParser(
        prog="palermo", description="Knowledge graph of UN documents on trafficking in persons."
    )
    p.add_argument("--version", action="version", version=f"palermo {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="read documents, extract facts, build, validate and store the graph")
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
    b.add_argument("--jobs", type=_positive(int, "--jobs"), help="worker processes (default: one per core)")
    b.add_argument(
        "--named-graphs",
        action="store_true",
        help="load each document's named graph (graph.nq) into the store too; without it they are loaded "
        "on the first query that names graphs",
    )
    _progress_option(b)
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="validate the last build against the SHACL shapes")
    v.add_argument("--data", help="build folder (default: the last build)")
    v.add_argument(
        "--engine",
        choices=("shacl", "pyshacl"),
        default="shacl",
        help="SHACL engine: shacl (compiled, the default) or pyshacl (the reference)",
    )
    v.set_defaults(func=cmd_validate)

    q = sub.add_parser("query", help="run a library query by name, or a .rq file")
    q.add_argument("query", help="query name (see list-queries) or path to a .rq file")
    q.add_argument("--data", help="build folder (default: the last build)")
    q.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
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
    from palermo.graph.asof import HELP as AS_OF_HELP

    q.add_argument("--as-of", metavar="DATE|BODY-ORDINAL", help=AS_OF_HELP)
    q.set_defaults(func=cmd_query)

    from palermo.graph.export import FORMATS, VIEWS

    e = sub.add_parser("export", help="export the graph as RDF or as a network for Gephi and Cytoscape")
    e.add_argument("--data", help="build folder (default: the last build)")
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
    e.set_defaults(func=cmd_export)

    pub = sub.add_parser("publish", help="write a static linked-data site")
    pub.add_argument("--data", help="build folder (default: the last build)")
    pub.add_argument("--base-uri", required=True, help="base URI the site will be hosted under")
    pub.add_argument("--out", required=True, help="site folder to write")
    pub.add_argument("--jobs", type=_positive(int, "--jobs"), help="worker processes (default: one per core)")
    _progress_option(pub)
    pub.set_defaults(func=cmd_publish)

    ps = sub.add_parser(
        "push", help="load the build into a remote SPARQL 1.1 store: one graph per document, and the merged graph"
    )
    ps.add_argument("--data", help="build folder (default: the last build)")
    ps.add_argument(
        "--store",
        required=True,
        help="Graph Store Protocol endpoint (e.g. http://host:7878/store), or the update endpoint "
        "with --protocol update",
    )
    ps.add_argument("--protocol", choices=("gsp", "update"), default="gsp")
    ps.add_argument("--user", help="user name (a bearer token can come from $PALERMO_STORE_TOKEN)")
    ps.add_argument("--password", help="password")
    ps.add_argument("--rate", type=_positive(int, "--rate"), help="cap the upload at this many bytes per second")
    ps.add_argument(
        "--merged",
        choices=("default", "named"),
        default="default",
        help="where the merged graph goes: the store's default graph, or the named graph <base>graph/merged "
        "(then query with --default-graph)",
    )
    ps.set_defaults(func=cmd_push)

    sv = sub.add_parser("serve", help="serve the linked-data site and a read-only SPARQL endpoint")
    sv.add_argument("--data", help="build folder (default: the last build)")
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
    sv.set_defaults(func=cmd_serve)

    lq = sub.add_parser("list-queries", help="list the query library with summaries and columns")
    lq.set_defaults(func=cmd_list_queries)
    return p


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: workers stopped, temporary folders removed


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        _err("interrupted; the previous build is kept")
        return EXIT_DATA
    except BrokenPipeError:  # `palermo build | head -1`: the reader went away; nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
