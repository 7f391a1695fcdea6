"""The build folder: sorted N-Triples/N-Quads dumps, the validation report and the embedded
store (pyoxigraph) the queries run on.

Layout of a build folder:
  graph.nt        the whole graph (every named graph merged), sorted N-Triples
  graph.nq        the same with one named graph per source document, sorted N-Quads
  validation.txt  the SHACL result, one line per violation
  manifest.json   sources read, errors, counts, base IRI
  store/          pyoxigraph store holding graph.nq

A build is written to a temporary folder next to the target and swapped in at the end, so a
failed or interrupted build leaves the previous one intact.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

STORE_DIR = "store"


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


class BuildWriter:
    """Writes a build into a temporary folder, then replaces the target folder atomically."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))

    def write_text(self, name: str, text: str) -> None:
        (self.tmp / name).write_text(text, encoding="utf-8")

    def write_lines(self, name: str, lines: list[str]) -> None:
        with (self.tmp / name).open("w", encoding="utf-8", newline="\n") as f:
            for ln in lines:
                f.write(ln + "\n")

    def write_json(self, name: str, data: object) -> None:
        self.write_text(name, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    def load_store(self, nq_name: str, chunk: int = 200_000) -> None:
        """Load the N-Quads into the store a chunk of lines at a time: bulk loading a whole large
        file at once holds it in memory (1.6 GB for 2.7 M quads; 0.3 GB in chunks, as fast)."""
        store = ox.Store(str(self.tmp / STORE_DIR))
        with (self.tmp / nq_name).open("rb") as f:
            while data := b"".join(itertools.islice(f, chunk)):
                store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store

    def commit(self) -> None:
        old = None
        if self.target.exists():
            old = self.target.with_name(f".{self.target.name}.old")
            if old.exists():
                shutil.rmtree(old)
            self.target.rename(old)
        self.tmp.rename(self.target)
        if old is not None:
            shutil.rmtree(old)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def open_store(data_dir: Path) -> ox.Store:
    path = data_dir / STORE_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"{data_dir}: no build here (run `palermo build` first)")
    return ox.Store.read_only(str(path))


def load_nq(data_dir: Path) -> list[tuple[URIRef, Graph]]:
    """The named graphs of a build, as rdflib graphs (for validation and exports)."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data_dir / "graph.nq", format="nquads")
    return [(URIRef(str(g.identifier)), Graph() + g) for g in ds.graphs() if len(g)]
