"""One process per query, with its limits: the guard's checks, then the query on the store opened
read-only, in a child process that cannot open network sockets, whose address space is capped,
killed when it outlives its time, and whose answer is capped in rows and bytes.

The network sandbox (a seccomp filter made by libseccomp, Linux) fails closed: where it cannot be
set, the query is refused, unless the server was started with `sandbox=False` (and said so
loudly at start): then the parser's SERVICE check is the only fence.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import re
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import XSD

from palermo.graph import asof
from palermo.graph.query import QueryError
from palermo.graph.serve.guard import Refused, check
from palermo.graph.serve.negotiation import (
    CONTENT_TYPES,
    GRAPH_FORMATS,
    GRAPH_TYPES,
    RESULT_FORMATS,
    RESULT_TYPES,
    TEXT,
)
from palermo.graph.store import TRIPLES, Damaged

Reply = tuple[int, str, bytes]
# Not an HTTP status: the reply of a query naming graphs when the store holding them is not made
# yet; the server makes it (store.named_store, once, outside the query's limits) and asks again.
WANTS_GRAPHS = 0


def text_reply(status: int, message: str) -> Reply:
    return status, TEXT, (message + "\n").encode("utf-8")


@dataclass(frozen=True)
class Limits:
    """What a query may take: seconds (reading, running and sending its answer), rows, bytes of
    answer, bytes of address space beyond the server's own; and whether the network sandbox is
    required."""

    timeout_s: float = 10.0
    max_rows: int = 10_000
    max_bytes: int = 16 << 20
    max_memory: int = 1 << 30
    sandbox: bool = True


@dataclass(frozen=True)
class Job:
    store_path: str  # the build's store, opened read-only
    query: str
    base_iri: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    result_type: str | None  # for SELECT and ASK; None: not acceptable
    graph_type: str | None  # for CONSTRUCT and DESCRIBE
    max_rows: int
    max_bytes: int = 16 << 20
    in_memory: bool = False  # the merged graph held in memory answers what it can (see hold_in_memory)
    as_of: str | None = None  # the graph as at a date (graph/asof.py), built from the build's graph.nq
    data_dir: str = ""  # the build folder: its graph.nq, read by as-of
    graphs_path: str | None = None  # the store holding the named graphs, when not the one at store_path
    graphs_missing: bool = False  # no store holds them yet: a query naming graphs gets WANTS_GRAPHS


# --- the sandbox ----------------------------------------------------------------------------------


def network_sandbox_supported() -> bool:
    """Whether libseccomp's bindings load: pyseccomp over the system's libseccomp.so.2 (Linux)."""
    if sys.platform != "linux":
        return False
    try:
        import pyseccomp  # noqa: F401
    except (ImportError, RuntimeError, OSError):  # RuntimeError: the binding finds no libseccomp
        return False
    return True


def deny_network() -> bool:
    """Forbid this process to open IPv4 and IPv6 sockets (a seccomp filter built by libseccomp,
    which also sets no-new-privileges; irreversible). A syscall of a foreign ABI (x32, 32-bit) is
    denied likewise. False where it could not be set."""
    if not network_sandbox_supported():
        return False
    import pyseccomp as seccomp

    denied = seccomp.ERRNO(errno.EACCES)
    try:
        fence = seccomp.SyscallFilter(seccomp.ALLOW)
        fence.set_attr(seccomp.Attr.ACT_BADARCH, denied)
        for family in (socket.AF_INET, socket.AF_INET6):
            fence.add_rule(denied, "socket", seccomp.Arg(0, seccomp.EQ, family))
        fence.load()
    except OSError:
        return False
    return True


def cap_memory(extra: int) -> bool:
    """Cap this process's address space at what it uses now plus `extra` bytes (Linux); False
    where no cap could be set."""
    try:
        import resource

        status = Path("/proc/self/status").read_text(encoding="ascii")
        m = re.search(r"^VmSize:\s+(\d+) kB", status, re.M)
        if m is None:
            return False
        limit = int(m.group(1)) * 1024 + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        return True
    except (ImportError, OSError, ValueError):
        return False


# --- running the query ------------------------------------------------------------------------------

_XSD_STRING = str(XSD.string)


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: _term_json(v) for k, v in parts.items()}}
    raise TypeError(f"unexpected term {term!r}")


def _size(term: Any) -> int:
    return len(str(term))


def _too_large(job: Job) -> Reply:
    return text_reply(413, f"result too large: more than {job.max_bytes} bytes")


_held: list[ox.Store] = []  # the merged graph in memory, loaded before the query processes are forked


def hold_in_memory(data_dir: Path) -> ox.Store:
    """Load a build's merged graph (its store's default graph) into an in-memory store the forked
    query processes share (copy-on-write). A query that names no graph runs there, 3 to 20 times
    faster than on the on-disk store (each index lookup a RocksDB seek); a query that names
    graphs (GRAPH, FROM, FROM NAMED, the protocol's graph parameters) runs on the on-disk store
    holding the same default graph and every document's named graph (`Job.graphs_path`). The
    named graphs are not held in memory: pyoxigraph's memory store would slow every default-graph
    query down about 10 times with them (measured at 1,000 documents). Returns the store held."""
    store = ox.Store()
    store.bulk_load(path=str(data_dir / TRIPLES), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    _held[:] = [store]
    return store


def execute(job: Job, graphs: bool = True) -> Reply:
    """Run one query (no checks: see `answer`) on the merged graph held in memory if there is one
    and the query names no `graphs`, else on the store opened read-only (the one holding the named
    graphs if it names them: WANTS_GRAPHS when not made yet), or, with `as_of`, on the dataset as at
    that date built from the build's graph.nq; the reply to send."""
    named = (graphs or job.default_graphs is not None or job.named_graphs is not None) and job.as_of is None
    if named and job.graphs_missing:
        return WANTS_GRAPHS, TEXT, b"the named graphs are not loaded yet\n"
    try:
        path = job.graphs_path if named and job.graphs_path else job.store_path
        store = _held[0] if job.in_memory and _held and not named else ox.Store.read_only(path)
    except OSError as e:
        return text_reply(500, f"cannot open the store: {e}")
    if job.as_of is not None:  # the dataset as at a date, in this process's memory (within its limits)
        try:
            store = asof.local(store, asof.parse(job.as_of), Path(job.data_dir))[0]
        except asof.AsOfError as e:
            return text_reply(400, str(e))
        except (QueryError, Damaged) as e:
            return text_reply(500, f"query failed: {e}")
    options: dict[str, Any] = {"base_iri": job.base_iri, "use_default_graph_as_union": False}
    if job.default_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    size = 0
    try:
        result = store.query(job.query, **options)
        if isinstance(result, ox.QueryTriples):
            if job.graph_type is None:
                return text_reply(406, f"not acceptable: a graph result is available as {', '.join(GRAPH_TYPES)}")
            triples: list[ox.Triple] = []
            for t in result:
                if len(triples) >= job.max_rows:
                    return text_reply(413, f"result too large: more than {job.max_rows} triples")
                size += _size(t)
                if size > job.max_bytes:
                    return _too_large(job)
                triples.append(t)
            body = ox.serialize(triples, format=GRAPH_FORMATS[job.graph_type]) or b""
            return (200, CONTENT_TYPES[job.graph_type], body) if len(body) <= job.max_bytes else _too_large(job)
        if job.result_type is None:
            return text_reply(406, f"not acceptable: query results are available as {', '.join(RESULT_TYPES)}")
        fmt = RESULT_FORMATS[job.result_type]
        if isinstance(result, ox.QueryBoolean):
            return 200, CONTENT_TYPES[job.result_type], result.serialize(format=fmt) or b""
        columns = [v.value for v in result.variables]
        bindings: list[dict[str, Any]] = []
        for solution in result:
            if len(bindings) >= job.max_rows:
                return text_reply(413, f"result too large: more than {job.max_rows} rows")
            row = {}
            for c in columns:
                term = solution[c]
                if term is not None:
                    size += _size(term)
                    row[c] = _term_json(term)
            if size > job.max_bytes:
                return _too_large(job)
            bindings.append(row)
    except SyntaxError as e:
        first = str(e).splitlines()[0] if str(e) else "syntax error"
        return text_reply(400, f"malformed SPARQL: {first[:300]}")
    except MemoryError:
        return text_reply(413, "query too large: it needs more memory than a query may take")
    except (OSError, ValueError, RuntimeError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return text_reply(500, f"query failed: {first[:300]}")
    data = json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}, ensure_ascii=False)
    body = data.encode("utf-8")
    if fmt != ox.QueryResultsFormat.JSON:
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=fmt) or b""
    return (200, CONTENT_TYPES[job.result_type], body) if len(body) <= job.max_bytes else _too_large(job)


def answer(job: Job) -> Reply:
    """The guard's checks, then the query."""
    try:
        checked = check(job.query)
    except Refused as e:
        return text_reply(e.status, str(e))
    return execute(Job(**{**job.__dict__, "query": checked.text}), checked.graphs)


def worker(job: Job, limits: Limits, conn: Connection) -> None:
    """Child process: fence it (network, memory), answer, send the reply."""
    try:
        fenced = deny_network()
        cap_memory(limits.max_memory)
        if limits.sandbox and not fenced:
            reply = text_reply(503, "queries are disabled: the network sandbox cannot be set on this machine")
        else:
            reply = answer(job)
    except MemoryError:
        reply = text_reply(413, "query too large: it needs more memory than a query may take")
    except BaseException as e:  # the child must answer, whatever happened
        reply = text_reply(500, f"query failed: {type(e).__name__}: {e}")
    try:
        conn.send(reply)
    finally:
        conn.close()


def _quiet_worker(job: Job, limits: Limits, conn: Connection) -> None:
    """`worker` with its standard error closed: a probe that runs out of memory on purpose says
    nothing (RocksDB writes why it could not start a thread)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    worker(job, limits, conn)


def run_in_child(mp: Any, job: Job, limits: Limits, deadline: float, quiet: bool = False) -> Reply:
    """Run a job in a child process of the multiprocessing context `mp`, killed at `deadline`
    (time.monotonic()); `quiet`: with its standard error closed."""
    receiver, sender = mp.Pipe(duplex=False)
    process = mp.Process(target=_quiet_worker if quiet else worker, args=(job, limits, sender), daemon=True)
    started = False
    try:
        process.start()
        started = True
        sender.close()
        if not receiver.poll(max(0.0, deadline - time.monotonic())):
            return text_reply(503, f"query timed out after {limits.timeout_s:g} s")
        try:
            reply: Reply = receiver.recv()
        except EOFError:
            process.join(1.0)
            code = process.exitcode
            if code is not None and code < 0:
                return text_reply(413, f"query stopped: the query process was killed (signal {-code}), out of memory?")
            return text_reply(500, f"query failed: the query process died (exit code {code})")
        return reply
    finally:
        if started:
            if process.is_alive():
                process.kill()
            process.join(5.0)
        receiver.close()
        sender.close()


class MemoryTooLow(ValueError):
    """The memory limit of a query process is below what a query needs: said at start."""


_STEP = 64 << 20  # what the need found is rounded up to
_MOST = 1 << 36  # a need past this is not looked for further


def context(start_method: str | None = None) -> Any:
    """The multiprocessing context of the query processes: fork where available (they share
    what the server holds), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context(start_method or ("fork" if "fork" in methods else "spawn"))


def check_memory(mp: Any, store_path: str, limits: Limits) -> None:
    """Raise MemoryTooLow, saying what a query needs here, when `limits.max_memory` is below it."""
    need = least_memory(mp, store_path, limits)
    if need is not None:
        raise MemoryTooLow(
            f"--max-memory {limits.max_memory >> 20}: too low to run a query here (even `ASK {{}}` needs about "
            f"{need >> 20} MiB beyond the server's); give --max-memory {need >> 20} or more"
        )


def least_memory(mp: Any, store_path: str, limits: Limits) -> int | None:
    """None when a query runs within `limits.max_memory`; else about what `ASK {}` needs (bytes,
    rounded up to 64 MiB), found by doubling, then halving, the cap of probe processes. What a
    query process needs depends on the process it is forked from (the threads the store starts
    and the memory arenas they reserve count against the cap: measured on this machine, `ASK {}`
    needs 400-512 MiB forked from `palermo serve`, under 256 MiB forked from a test run), so it is
    measured in the server, at start (0.2 s a probe)."""
    job = Job(store_path, "ASK {}", None, None, None, "application/sparql-results+json", None, 1)

    def runs(cap: int) -> bool:
        probe = Limits(limits.timeout_s, 1, limits.max_bytes, cap, sandbox=False)
        return run_in_child(mp, job, probe, time.monotonic() + 30, quiet=True)[0] != 413

    if runs(limits.max_memory):
        return None
    low, high = limits.max_memory, limits.max_memory * 2
    while not runs(high):
        if high >= _MOST:
            return high
        low, high = high, high * 2
    for _ in range(4):
        middle = (low + high) // 2
        low, high = (low, middle) if runs(middle) else (middle, high)
    return -(-high // _STEP) * _STEP
