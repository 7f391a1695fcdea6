"""The build folder: sorted N-Triples/N-Quads dumps, the validation report and the embedded
store (pyoxigraph) the queries run on.

Layout of a build folder:
  graph.nt        the merged graph (every document and the reference data), sorted N-Triples
  graph.nq        one named graph per source document (and the reference graph), sorted N-Quads
  validation.txt  the SHACL result, one line per violation
  manifest.json   sources read, errors, counts, base IRI
  store/          pyoxigraph store: the merged graph as its default graph, graph.nq's named graphs

A build is written to a temporary folder next to the target and swapped in at the end, so a
failed or interrupted build leaves the previous one intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

STORE_DIR = "store"
SITE_DIR = "site"  # where `palermo serve` publishes the site of a build


def default_data_dir() -> Path:
    """Per-user build folder: $PALERMO_DATA, else $XDG_DATA_HOME/palermo, else ~/.local/share/palermo."""
    if os.environ.get("PALERMO_DATA"):
        return Path(os.environ["PALERMO_DATA"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "palermo"


def nt_lines(g: Graph) -> list[str]:
    """Sorted N-Triples lines of a graph (the graph has no blank nodes: output is canonical)."""
    data = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted({ln for ln in data.splitlines() if ln.strip()})


def nq_lines(graphs: Iterable[tuple[URIRef, list[str]]]) -> list[str]:
    """Sorted N-Quads lines from each named graph's N-Triples lines."""
    out: set[str] = set()
    for name, lines in graphs:
        suffix = f" <{name}> ."
        out.update(ln[: -len(" .")] + suffix for ln in lines)
    return sorted(out)


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
    (`site/`, served by `palermo serve`) is carried over into the new build."""

    def __init__(self, target: Path) -> None:
        self.target = target
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

    def write_lines(self, name: str, lines: list[str]) -> None:
        with (self.tmp / name).open("w", encoding="utf-8", newline="\n") as f:
            for ln in lines:
                f.write(ln + "\n")

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
        fmt = ox.RdfFormat.N_QUADS if name.endswith(".nq") else ox.RdfFormat.N_TRIPLES
        with (self.tmp / name).open("rb") as f:
            rest = b""
            while block := f.read(chunk):
                data = rest + block
                cut = data.rfind(b"\n") + 1
                if cut:
                    self._store.bulk_load(input=data[:cut], format=fmt, lenient=True)
                rest = data[cut:]
            if rest:
                self._store.bulk_load(input=rest, format=fmt, lenient=True)

    def close_store(self) -> None:
        """Flush and compact the store: each bulk load leaves its own sorted files, and a store
        opened read-only (as queries open it) is never compacted, so every index lookup would
        probe each of them (queries 4-5 times slower at 1,000 documents)."""
        if self._store is not None:
            self._store.flush()
            self._store.optimize()
            self._store = None  # RocksDB closes its files when the store is dropped

    def commit(self) -> None:
        self.close_store()
        site = self.target / SITE_DIR
        if site.is_dir():
            site.rename(self.tmp / SITE_DIR)
        if self.target.is_dir() and _exchange(self.tmp, self.target):
            shutil.rmtree(self.tmp, ignore_errors=True)  # the old build, now at the temporary name
            return
        old = None
        if self.target.exists():
            old = self.target.with_name(f".{self.target.name}.old")
            if old.exists():
                shutil.rmtree(old)
            self.target.rename(old)
        self.tmp.rename(self.target)
        if old is not None:
            shutil.rmtree(old)


def open_store(data_dir: Path) -> ox.Store:
    path = data_dir / STORE_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"{data_dir}: no build here (run `palermo build` first)")
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as e:  # RocksDB reports a damaged store as a RuntimeError
        raise OSError(str(e).splitlines()[0] if str(e) else "damaged store") from None
