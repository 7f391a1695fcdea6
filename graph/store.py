"""The build folder: sorted N-Triples/N-Quads dumps, the validation report and the embedded
store (pyoxigraph) the queries run on.

Layout of a build folder:
  graph.nt        the merged graph (every document and the reference data), sorted N-Triples
  graph.nq        one named graph per source document (and the reference graph), sorted N-Quads
  validation.txt  the SHACL result, one line per violation
  manifest.json   sources read, errors, counts, base IRI; written last, it lists every file of
                  the build with its size, and its lines and sha256 (the store's files: their
                  sizes), so that a build can be known whole before it is read (`check`)
  store/          pyoxigraph store: the merged graph as its default graph (and graph.nq's named
                  graphs when built with --named-graphs: the manifest's "named-graphs")
  named-store/    made on the first query naming graphs of a build whose store lacks them (see
                  `named_store`); not listed in the manifest

A build is written to a temporary folder next to the target and swapped in at the end, so a
failed or interrupted build leaves the previous one intact.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

STORE_DIR = "store"
SITE_DIR = "site"  # where `palermo serve` publishes the site of a build
MANIFEST = "manifest.json"
TRIPLES = "graph.nt"  # the merged graph: what the store, the site, export and push read
CACHE_DIR = "cache"
QUADS = "graph.nq"  # the documents' own graphs: what push sends, what as-of reads
NAMED_STORE_DIR = "named-store"  # the store with the named graphs, made on first use
NAMED_GRAPHS = "named-graphs"  # the manifest's key: true when store/ holds graph.nq's named graphs
# Not listed in the manifest: the cache (a build's own reuse, checked by its keys), the site
# (published after the build, carried over from build to build), the named store (made after
# the build, checked against the manifest) and the manifest itself.
_UNLISTED = {CACHE_DIR, SITE_DIR, NAMED_STORE_DIR, MANIFEST}
_READ = 1 << 20


def default_data_dir() -> Path:
    """Per-user build folder: $PALERMO_DATA, else $XDG_DATA_HOME/palermo, else ~/.local/share/palermo."""
    if os.environ.get("PALERMO_DATA"):
        return Path(os.environ["PALERMO_DATA"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "palermo"


class BuildError(Exception):
    """The build folder cannot be written: named, in one line."""


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where not available."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    return bool(fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0)


class BuildWriter:
    """Writes a build into a temporary folder, then swaps it for the target folder.

    One build per folder at a time (a lock beside it); a build that fails, is interrupted or
    builds nothing leaves the previous one as it was; the swap is atomic where the system can
    exchange two folders (Linux), two renames a moment apart elsewhere. A temporary folder an
    earlier build left behind (killed) is removed. The published site a build folder holds
    (`site/`, served by `palermo serve`) is carried over into the new build. `named_graphs`:
    the store holds graph.nq's named graphs too (else they are loaded on first use: `named_store`)."""

    def __init__(self, target: Path, named_graphs: bool = False) -> None:
        self.target = target
        self.named_graphs = named_graphs
        self.tmp = target  # set in __enter__
        self._lock: int | None = None
        self._store: ox.Store | None = None

    def __enter__(self) -> BuildWriter:
        target = self.target
        if target.exists() and not target.is_dir():
            raise BuildError(f"{target}: exists and is not a folder; give --out a folder")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._lock = os.open(target.parent / f".{target.name}.lock", os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as e:
            raise BuildError(f"{target}: cannot write the build folder: {e.strerror or e}") from None
        try:
            import fcntl

            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            self._lock = None
            raise BuildError(
                f"{target}: another build is writing into this folder; try again when it is done"
            ) from None
        except ImportError:  # no fcntl (Windows): no lock
            pass
        for stale in target.parent.glob(f".{target.name}.*"):
            if stale.is_dir():  # left by a build that was killed (we hold the lock: none is running)
                shutil.rmtree(stale, ignore_errors=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self._store = None
        if self.tmp.exists() and self.tmp != self.target:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def write_text(self, name: str, text: str) -> None:
        (self.tmp / name).write_text(text, encoding="utf-8")

    def write_json(self, name: str, data: object) -> None:
        self.write_text(name, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    def load(self, name: str, chunk: int = 8 << 20) -> None:
        """Load a dump of this build into its store: N-Triples (the merged graph) into the default
        graph, N-Quads into their named graphs; `chunk` bytes (whole lines) at a time: bulk
        loading a whole large file at once holds it in memory (1.6 GB for 2.7 M quads; 0.3 GB in
        chunks, as fast). `lenient`: the lines are ours, written by graph/ntriples.py, and need
        no second check (a third faster)."""
        if self._store is None:
            self._store = ox.Store(str(self.tmp / STORE_DIR))
        with (self.tmp / name).open("rb") as f:
            _bulk_load(self._store, f, name, chunk)

    def load_named(self) -> None:
        """Load graph.nq's named graphs into the store when this build was asked to hold them
        (`--named-graphs`); else they stay in graph.nq until a query names graphs: loading them
        doubled the store's load and its size for queries that seldom need them."""
        if self.named_graphs:
            self.load(QUADS)

    def close_store(self) -> None:
        """Flush and compact the store: each bulk load leaves its own sorted files, and a store
        opened read-only (as queries open it) is never compacted, so every index lookup would
        probe each of them (queries 4-5 times slower at 1,000 documents)."""
        if self._store is not None:
            self._store.flush()
            self._store.optimize()
            self._store = None  # RocksDB closes its files when the store is dropped

    def seal(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Write manifest.json, the last file of the build: `manifest` with every file of the
        build listed (`files`: bytes, and lines and sha256 but for the store's files, which RocksDB
        checks itself) and the build's identity (`build`: the sha256 of that list). Returns it."""
        self.close_store()
        files: dict[str, dict[str, Any]] = {}
        for path in sorted(self.tmp.rglob("*")):
            name = path.relative_to(self.tmp).as_posix()
            if name.split("/", 1)[0] in _UNLISTED or not path.is_file():
                continue
            if name.startswith(STORE_DIR + "/"):
                files[name] = {"bytes": path.stat().st_size}
            else:
                with path.open("rb") as f:
                    files[name] = measure(f)
        listed = json.dumps(files, sort_keys=True).encode("utf-8")
        identity = hashlib.sha256(listed).hexdigest()
        sealed = {**manifest, NAMED_GRAPHS: self.named_graphs, "files": files, "build": identity}
        self.write_json(MANIFEST + ".part", sealed)
        os.replace(self.tmp / (MANIFEST + ".part"), self.tmp / MANIFEST)
        return sealed

    def commit(self) -> None:
        self.close_store()
        site = self.target / SITE_DIR
        if site.is_dir():
            site.rename(self.tmp / SITE_DIR)
        swap_in(self.tmp, self.target)


def _bulk_load(store: ox.Store, f: IO[bytes], name: str, chunk: int = 8 << 20) -> None:
    """Load a dump read from `f` into `store` (N-Quads for a .nq `name`, else N-Triples into the
    default graph), `chunk` bytes (whole lines) at a time; lenient: the lines are ours."""
    fmt = ox.RdfFormat.N_QUADS if name.endswith(".nq") else ox.RdfFormat.N_TRIPLES
    rest = b""
    while block := f.read(chunk):
        data = rest + block
        cut = data.rfind(b"\n") + 1
        if cut:
            store.bulk_load(input=data[:cut], format=fmt, lenient=True)
        rest = data[cut:]
    if rest:
        store.bulk_load(input=rest, format=fmt, lenient=True)


def discard(path: Path) -> None:
    """Remove a half-written file or folder, SIGINT and SIGTERM held back until it is gone: a
    second Ctrl-C must not leave half of it behind (a signal held is delivered after)."""
    held = {signal.SIGINT, signal.SIGTERM}
    main = threading.current_thread() is threading.main_thread()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held) if main else None
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    finally:
        if before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)


def swap_in(new: Path, target: Path) -> None:
    """Put the folder `new` in place of `target` (atomically where the system can exchange two
    folders) and remove what `target` held."""
    if target.is_dir() and _exchange(new, target):
        discard(new)  # the old one, now at the temporary name
        return
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        discard(old)
        target.rename(old)
        new.rename(target)
        discard(old)
    else:
        new.rename(target)


def measure(f: IO[bytes]) -> dict[str, Any]:
    """bytes, lines and sha256 of a file read from where it stands to its end."""
    h = hashlib.sha256()
    size = lines = 0
    while block := f.read(_READ):
        h.update(block)
        size += len(block)
        lines += block.count(b"\n")
    return {"bytes": size, "lines": lines, "sha256": h.hexdigest()}


class Damaged(Exception):
    """A build folder that is not whole (a file missing, cut, emptied or changed since the build
    wrote it), or no build at all: named, in one line."""


class NoBuild(Damaged):
    """No build in the folder."""


def read_manifest(data_dir: Path) -> dict[str, Any]:
    """The manifest of the build in `data_dir` (not checked against the files: see `check`)."""
    path = data_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NoBuild(f"{data_dir}: no build here, or not a whole one (no {MANIFEST}; run `palermo build`)") from None
    except (OSError, ValueError) as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        raise Damaged(f"{path}: cannot read the build's manifest ({first}); build again") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("base"), str):
        raise Damaged(f"{path}: not a build manifest (no base IRI); build again")
    files = manifest.get("files")
    if not isinstance(files, dict) or not isinstance(manifest.get("build"), str):
        raise Damaged(f"{path}: lists no files to check the build by (an older palermo wrote it); build again")
    if not all(isinstance(e, dict) and type(e.get("bytes")) is int for e in files.values()):
        raise Damaged(f"{path}: its list of files is not a build's (a size missing); build again")
    return manifest


def check(data_dir: Path, whole: Iterable[str] = ()) -> dict[str, Any]:
    """The manifest of the build in `data_dir`, once the build is known whole: every file the
    manifest lists is there with its size (one stat each: microseconds), and the files named in
    `whole` — those a command reads whole to send or publish them — have their lines and
    sha256 too (about 0.2 s per GB). Raises Damaged or NoBuild, in one line."""
    with checked(data_dir, whole) as (manifest, _):
        return manifest


@contextmanager
def checked(data_dir: Path, whole: Iterable[str] = ()) -> Iterator[tuple[dict[str, Any], dict[str, IO[bytes]]]]:
    """`check`, and the files named in `whole` open at their start, as they were checked: what is
    read from them is what was checked, even if a new build is swapped in meanwhile."""
    manifest = read_manifest(data_dir)
    files: dict[str, dict[str, Any]] = manifest["files"]
    for name, entry in sorted(files.items()):
        path = data_dir / name
        try:
            size = path.stat().st_size
        except OSError:
            raise Damaged(f"{path}: missing; the build is not whole (build again)") from None
        if size != entry.get("bytes"):
            raise Damaged(f"{path}: {size:,} bytes where the build wrote {entry.get('bytes'):,}: damaged; build again")
    opened: dict[str, IO[bytes]] = {}
    try:
        for name in whole:
            path = data_dir / name
            if name not in files or not {"sha256", "lines"} <= files[name].keys():
                raise Damaged(f"{path}: not listed in the build's manifest; build again")
            try:
                f = opened[name] = path.open("rb")
            except OSError as e:
                raise Damaged(f"{path}: cannot read ({e.strerror or e}); build again") from None
            found, wrote = measure(f), files[name]
            if found["bytes"] != wrote["bytes"] or found["lines"] != wrote["lines"]:
                raise Damaged(
                    f"{path}: {found['lines']:,} lines, {found['bytes']:,} bytes where the build wrote "
                    f"{wrote['lines']:,} lines, {wrote['bytes']:,} bytes: damaged; build again"
                )
            if found["sha256"] != wrote["sha256"]:
                raise Damaged(f"{path}: its sha256 differs from the one the build wrote: changed; build again")
            f.seek(0)
        yield manifest, opened
    finally:
        for handle in opened.values():
            handle.close()


def open_store(data_dir: Path) -> ox.Store:
    """The store of the build in `data_dir`, read-only, once the build is known whole (`check`)."""
    return open_build(data_dir)[1]


def open_build(data_dir: Path, whole: Iterable[str] = ()) -> tuple[dict[str, Any], ox.Store]:
    """The manifest and the read-only store of the build in `data_dir`, once it is known whole
    (`check`, `whole` read whole)."""
    manifest = check(data_dir, whole)
    try:
        return manifest, ox.Store.read_only(str(data_dir / STORE_DIR))
    except (OSError, RuntimeError) as e:  # RocksDB reports a damaged store as a RuntimeError
        first = str(e).splitlines()[0] if str(e) else "damaged store"
        raise Damaged(f"{data_dir / STORE_DIR}: cannot open the build's store ({first[:200]}); build again") from None


def holds_named_graphs(manifest: dict[str, Any]) -> bool:
    """Whether the build's store holds graph.nq's named graphs: built with `--named-graphs`, or
    by an earlier palermo, which always loaded them (its manifest says nothing of it)."""
    return manifest.get(NAMED_GRAPHS, True) is True


_STAMP = "stamp.json"  # in named-store/: the build and the graph.nq it was made from
_making = threading.Lock()  # the threads of one process (serve's requests) make it once; the file lock: processes


def named_store(data_dir: Path, manifest: dict[str, Any]) -> Path:
    """The store a query naming graphs runs on: the build's own when it holds the named graphs,
    else `named-store/store`, made on first use and kept: a checkpoint of the build's store (links
    to its files) with graph.nq's named graphs bulk-loaded, graph.nq checked by its sha256 first.
    It is written under a temporary name and renamed whole, under a lock (a second caller, thread
    or process, waits, then takes it), and taken only when its stamp names this build and
    graph.nq's sha256. Raises BuildError (the folder cannot be written) or Damaged."""
    made = named_store_made(data_dir, manifest)
    if made is not None:
        return made
    folder = data_dir / NAMED_STORE_DIR
    stamp = _named_stamp(manifest)
    try:
        with _making, _folder_lock(data_dir):
            if _stamped(folder) != stamp:
                _make_named(data_dir, manifest, folder, stamp)
    except (OSError, RuntimeError) as e:  # RocksDB reports what it cannot write as a RuntimeError
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        raise BuildError(
            f"{folder}: cannot load the named graphs for a query naming graphs ({first}); "
            "build with --named-graphs, or let this folder be written"
        ) from None
    return folder / STORE_DIR


def named_store_made(data_dir: Path, manifest: dict[str, Any]) -> Path | None:
    """`named_store`'s answer when there is nothing to make, else None."""
    if holds_named_graphs(manifest):
        return data_dir / STORE_DIR
    folder = data_dir / NAMED_STORE_DIR
    return folder / STORE_DIR if _stamped(folder) == _named_stamp(manifest) else None


def _named_stamp(manifest: dict[str, Any]) -> dict[str, Any]:
    """What a named store is made from: the build (its identity) and its graph.nq (its sha256)."""
    return {"build": manifest["build"], QUADS: manifest["files"].get(QUADS, {}).get("sha256")}


def _make_named(data_dir: Path, manifest: dict[str, Any], folder: Path, stamp: dict[str, Any]) -> None:
    """Make `folder` (see `named_store`); the caller holds the lock."""
    for stale in data_dir.glob(f".{NAMED_STORE_DIR}.*"):
        if stale.is_dir():  # left by a process that was killed making it (we hold the lock)
            discard(stale)
    tmp = Path(tempfile.mkdtemp(prefix=f".{NAMED_STORE_DIR}.", dir=data_dir))
    try:
        with checked(data_dir, [QUADS]) as (now, opened):
            if now["build"] != manifest["build"]:
                raise Damaged(f"{data_dir}: a new build was swapped in meanwhile; ask again")
            ox.Store.read_only(str(data_dir / STORE_DIR)).backup(str(tmp / STORE_DIR))
            store = ox.Store(str(tmp / STORE_DIR))
            _bulk_load(store, opened[QUADS], QUADS)
            store.flush()
            store.optimize()  # compacted, as the build's own store (see BuildWriter.close_store)
            del store  # closed: RocksDB releases its lock on the folder
        (tmp / _STAMP).write_text(json.dumps(stamp, sort_keys=True) + "\n", encoding="utf-8")
        swap_in(tmp, folder)
    except BaseException:
        discard(tmp)
        raise


def _stamped(folder: Path) -> Any:
    """The stamp of a named store, or None (not made, or made only halfway)."""
    try:
        return json.loads((folder / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@contextmanager
def _folder_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on the folder `path` held while the block runs, waiting for it (no lock
    where the system has no fcntl): no lock file left in the build folder."""
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:
            pass
        yield
    finally:
        os.close(fd)


class Quads:
    """A build's graph.nq read by graph: each graph's lines stand together (pipeline.py writes
    them graph by graph), so where a graph ends is found by bisection over the bytes, and the
    graphs are listed by walking from one to the next (a few dozen line reads each)."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data
        self.spans: dict[str, tuple[int, int]] = {}
        start, size = 0, len(data)
        while start < size:
            graph = self._graph(start)
            low, high = start, size  # the first offset whose line (the next one starting there) is not this graph's
            while low < high:
                middle = (low + high) // 2
                line = self._line(middle)
                if line < size and self._graph(line) == graph:
                    low = middle + 1
                else:
                    high = middle
            end = self._line(low)
            if graph in self.spans:
                raise Damaged(f"{QUADS}: the lines of graph {graph} are not together: build again")
            self.spans[graph] = (start, end)
            start = end

    def _line(self, offset: int) -> int:
        """Where the first line starting at or after `offset` starts."""
        if offset == 0:
            return 0
        found = self.data.find(b"\n", offset - 1)
        return len(self.data) if found < 0 else found + 1

    def _graph(self, line: int) -> str:
        """The graph of the line starting at `line` (its last IRI: `… <graph> .`)."""
        end = self.data.find(b"\n", line)
        text = self.data[line : len(self.data) if end < 0 else end]
        found = text.rfind(b" <")
        if found < 0 or not text.rstrip().endswith(b"> ."):
            raise Damaged(f"{QUADS}: a line at byte {line:,} is not an N-Quads line of a named graph: build again")
        return text[found + 2 : text.rindex(b">")].decode("utf-8")

    def count(self, graph: str) -> int:
        """The triples of `graph` (its lines)."""
        start, end = self.spans.get(graph, (0, 0))
        return self.data[start:end].count(b"\n")

    def triples(self, graph: str) -> bytes:
        """The N-Triples lines of `graph` (none where graph.nq does not hold it); every line of
        its slice must be its (the bisection presumes it: checked where it is read)."""
        start, end = self.spans.get(graph, (0, 0))
        lines, tail = self.data[start:end], f" <{graph}> .\n".encode()
        if lines.count(tail) != lines.count(b"\n"):
            raise Damaged(f"{QUADS}: the lines of graph {graph} are not together: build again")
        return lines.replace(tail, b" .\n")



@contextmanager
def graphs_of(data_dir: Path, manifest: dict[str, Any]) -> Iterator[Quads]:
    """The build's graph.nq mapped in memory and read by graph, while the block runs; its size
    checked against `manifest` (damaged, or another build swapped in: Damaged)."""
    path = data_dir / QUADS
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size != manifest["files"].get(QUADS, {}).get("bytes"):
                raise Damaged(f"{path}: not the size the build wrote: damaged, or a new build came; ask again")
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else None
    except OSError as e:
        raise Damaged(f"{path}: cannot read ({e.strerror or e}); build again") from None
    try:
        yield Quads(data if data is not None else b"")
    finally:
        if data is not None:
            data.close()
