"""A build into a folder that holds a good build applies the change to the store instead of
loading the merged graph again (issue 27).

`graph.nt` is sorted bytewise (graph/merged.py merges with `sort -m -u` under LC_ALL=C), so what
changed between two builds is the difference of two sorted files, found by `comm` in one pass
over both. The new build's store starts as a checkpoint of the previous one (RocksDB's immutable
files hard-linked, the few others copied: the previous store is opened read-only only, so a
`serve` reading it is undisturbed), then the lines that left are deleted and the lines that came
inserted in one SPARQL update — one transaction — and the build is swapped in as any other.
The store is loaded whole instead when that is faster (more than a fifth of the lines changed:
`WHOLE_PAST`), when either store holds the documents' named graphs, and when the previous build
is not what its manifest says (a file missing or changed, its graph.nt's sha256 checked while
`comm` reads it). An interrupted or failed application touches only the new
build's temporary folder: the previous build stays whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from palermo.graph.store import STORE_DIR, TRIPLES, BuildWriter, Damaged, check, discard, holds_named_graphs, measure

# The share of the previous graph.nt's lines past which a change is loaded whole: at 1,000
# whole-size documents (2.4 M lines) applying a line took 46-78 us, loading one whole (with the
# compaction) 14 us: even at about a quarter; a fifth leaves a margin.
WHOLE_PAST = 5
# A store changed in place is not compacted (6 s at 1,000 documents, for a change applied in
# under 1 s): each change leaves a few small files that a lookup also probes, so every
# COMPACT_EVERY-th change in a row compacts it; the manifest counts them (`UNCOMPACTED`).
COMPACT_EVERY = 8
UNCOMPACTED = "store-changes"


@dataclass(frozen=True)
class Change:
    """The lines a build deleted from and inserted into a copy of the previous build's store,
    and the changes applied to it in a row since it was last compacted."""

    deleted: int
    inserted: int
    uncompacted: int


def update_store(writer: BuildWriter, name: str = TRIPLES) -> Change | None:
    """Make `writer`'s store from the previous build's in its target folder and the difference
    of the two builds' `name` (sorted N-Triples: the default graph); None, and no store begun,
    when it must be loaded whole instead (see the module's docstring)."""
    if writer.named_graphs or (writer.tmp / STORE_DIR).exists():
        return None
    try:
        manifest = check(writer.target)
    except Damaged:  # no build there, or not a whole one
        return None
    entry = manifest["files"].get(name, {})
    if holds_named_graphs(manifest) or not {"sha256", "lines"} <= entry.keys():
        return None
    old = writer.target / name
    with ThreadPoolExecutor(1) as pool:  # hashing the old file while comm reads both
        measured = pool.submit(_measured, old)
        diff = sorted_difference(old, writer.tmp / name, entry["lines"] // WHOLE_PAST)
        same = measured.result() == {k: entry[k] for k in ("bytes", "lines", "sha256")}
    if diff is None or not same:
        return None
    store = writer.tmp / STORE_DIR
    done = manifest.get(UNCOMPACTED, 0)  # none: an earlier palermo, which loaded it whole
    uncompacted = (done + 1) % COMPACT_EVERY if type(done) is int and done >= 0 else 0  # else: compact now
    try:
        _checkpoint(writer.target / STORE_DIR, store)
        applied = apply(store, *diff, compact=not uncompacted)
    except (OSError, RuntimeError):  # the previous store unreadable (RocksDB says RuntimeError)
        applied = False
    except BaseException:
        discard(store)
        raise
    if not applied:
        discard(store)
        return None
    return Change(len(diff[0]), len(diff[1]), uncompacted)


def _measured(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        measured: dict[str, Any] = measure(f)
        return measured


def _checkpoint(source: Path, target: Path) -> None:
    """A copy of the store at `source` at `target`, made by RocksDB from a read-only opening (its
    immutable files hard-linked where the file system allows)."""
    ox.Store.read_only(str(source)).backup(str(target))  # the read-only store is closed on return


def sorted_difference(old: Path, new: Path, most: int) -> tuple[list[bytes], list[bytes]] | None:
    """The lines only in `old` and the lines only in `new` (two files sorted bytewise), each with
    its line break; None past `most` lines in all, or when `comm` is missing or finds a file out
    of order."""
    comm = shutil.which("comm")
    if comm is None:
        return None
    gone: list[bytes] = []
    came: list[bytes] = []
    cmd = [comm, "-3", "--check-order", str(old), str(new)]  # col. 1 as is, col. 2 after a tab
    env = {**os.environ, "LC_ALL": "C"}
    try:
        with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as done:
            assert done.stdout is not None
            for line in done.stdout:  # an N-Triples line starts with "<" or "_:", never with a tab
                if line.startswith(b"\t"):
                    came.append(line[1:])
                else:
                    gone.append(line)
                if len(gone) + len(came) > most:
                    done.kill()
                    return None
    except OSError:  # comm could not be started
        return None
    return (gone, came) if done.returncode == 0 else None


def apply(store_dir: Path, gone: list[bytes], came: list[bytes], compact: bool = False) -> bool:
    """Delete the N-Triples lines `gone` from the default graph of the store at `store_dir` and
    insert `came`, in one transaction, flush (and `compact`); False (nothing changed) when SPARQL
    cannot write a line as N-Triples did (an IRI holding an escaped space: bulk loading is
    lenient)."""
    store = ox.Store(str(store_dir))
    if gone or came:
        update = b"DELETE DATA {\n" + b"".join(gone) + b"} ;\nINSERT DATA {\n" + b"".join(came) + b"}"
        try:
            store.update(update.decode("utf-8"))
        except SyntaxError:
            return False
    store.flush()
    if compact:
        store.optimize()
    return True
