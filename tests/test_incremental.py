"""A build into a folder holding a good build applies the change to a copy of its store
(graph/incremental.py): the difference of two sorted files on short snippets, its application
on literals N-Triples and SPARQL escape differently, and on the bundled corpus (and the real
documents of ../shared/samples-un6) a document added, removed and changed giving what a fresh
build gives, byte for byte and triple for triple."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import shared

from palermo.cli import main
from palermo.graph import incremental
from palermo.graph.incremental import Change, apply, sorted_difference
from palermo.graph.store import STORE_DIR, check, read_manifest
from palermo.pipeline import BuildResult, build
from palermo.resources import corpus_dir

A, B, C, D = (f"<http://e/{x}> <http://e/p> <http://e/o> .\n" for x in "abcd")


def _file(path: Path, lines: list[str]) -> Path:
    path.write_bytes("".join(lines).encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("old", "new", "gone", "came"),
    [
        ([A, B, C], [A, B, C], [], []),
        ([A, C], [A, B, C], [], [B]),
        ([A, B, C], [A, C], [B], []),
        ([A, B], [C, D], [A, B], [C, D]),
        ([], [A], [], [A]),
        ([A], [], [A], []),
        # a literal holding a tab (N-Triples leaves it raw) and bytes past ASCII sort bytewise
        ([A, '<http://e/a> <http://e/q> "x\ty" .\n'], [A, '<http://e/é> <http://e/q> "ü" .\n'],
         ['<http://e/a> <http://e/q> "x\ty" .\n'], ['<http://e/é> <http://e/q> "ü" .\n']),
    ],
)
def test_sorted_difference(tmp_path: Path, old: list[str], new: list[str], gone: list[str], came: list[str]) -> None:
    got = sorted_difference(_file(tmp_path / "old.nt", old), _file(tmp_path / "new.nt", new), 10)
    assert got == ([g.encode() for g in gone], [c.encode() for c in came])


def test_a_difference_past_the_limit_or_out_of_order_is_none(tmp_path: Path) -> None:
    old, new = _file(tmp_path / "old.nt", [A]), _file(tmp_path / "new.nt", [B, C, D])
    assert sorted_difference(old, new, 4) is not None
    assert sorted_difference(old, new, 3) is None  # four lines differ
    assert sorted_difference(old, _file(tmp_path / "unsorted.nt", [C, B]), 10) is None


LITERALS = [
    '<http://e/s> <http://e/p> "say \\"no\\" \\\\ back\\\\slash" .\n',
    '<http://e/s> <http://e/p> "two\\nlines\\r" .\n',
    '<http://e/s> <http://e/p> "a raw\ttab" .\n',
    '<http://e/s> <http://e/p> "not an escape: \\\\u0041" .\n',
    '<http://e/s> <http://e/p> "écrit 中文 😀"@fr .\n',
    '<http://e/s> <http://e/p> "2009"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n',
    '<http://e/s> <http://e/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    '<http://e/s/%C3%A9> <http://e/p> <http://e/o#x> .\n',
]


def _store(path: Path, lines: list[str]) -> None:
    """A store at `path` holding `lines`, bulk-loaded as a build loads graph.nt, then closed."""
    store = ox.Store(str(path))
    store.bulk_load(input="".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES, lenient=True)


def _triples(store: ox.Store) -> set[ox.Triple]:
    """The store's default graph."""
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def _parsed(lines: list[str] | None = None, path: Path | None = None) -> set[ox.Triple]:
    """The triples of N-Triples `lines` or of the file at `path`."""
    data = "".join(lines).encode() if lines is not None else None
    quads = ox.parse(input=data, path=path, format=ox.RdfFormat.N_TRIPLES)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


@pytest.mark.parametrize("line", LITERALS)
def test_apply_deletes_and_inserts_what_bulk_loading_reads(tmp_path: Path, line: str) -> None:
    _store(tmp_path / "s", [A, line])
    assert apply(tmp_path / "s", [line.encode()], [B.encode()])
    assert _triples(ox.Store.read_only(str(tmp_path / "s"))) == _parsed([A, B])
    assert apply(tmp_path / "s", [], [line.encode()])
    assert _triples(ox.Store.read_only(str(tmp_path / "s"))) == _parsed([A, B, line])


def test_apply_refuses_what_sparql_cannot_write_and_changes_nothing(tmp_path: Path) -> None:
    spaced = "<http://e/a\\u0020b> <http://e/p> <http://e/o> .\n"  # lenient bulk loading takes it
    _store(tmp_path / "s", [A])
    assert not apply(tmp_path / "s", [A.encode()], [spaced.encode()])
    assert _triples(ox.Store.read_only(str(tmp_path / "s"))) == _parsed([A])


def test_apply_compacts_when_asked(tmp_path: Path) -> None:
    _store(tmp_path / "s", [A, B])
    assert apply(tmp_path / "s", [A.encode()], [C.encode()])
    left = len(list((tmp_path / "s").glob("*.sst")))
    assert apply(tmp_path / "s", [B.encode()], [D.encode()], compact=True)
    assert len(list((tmp_path / "s").glob("*.sst"))) < left + 1  # the new change's file merged in
    assert _triples(ox.Store.read_only(str(tmp_path / "s"))) == _parsed([C, D])


# --- on the bundled corpus ---------------------------------------------------------------------


def _sources(folder: Path, names: list[str]) -> Path:
    """A folder holding links to the bundled documents `names`."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).hardlink_to(corpus_dir() / name)
    return folder


def _same_as_fresh(result: BuildResult, sources: Path, fresh: Path) -> None:
    """The build in `result.out` is what a fresh build of `sources` gives: graph.nt byte for byte,
    the store's default graph triple for triple with it, the manifest whole."""
    again = build([sources], fresh, jobs=1)
    out = result.out
    assert (out / "graph.nt").read_bytes() == (fresh / "graph.nt").read_bytes()
    assert result.triples == again.triples and result.counts == again.counts
    assert (out / "validation.txt").read_text() == (fresh / "validation.txt").read_text()
    store = ox.Store.read_only(str(out / STORE_DIR))
    assert _triples(store) == _parsed(path=out / "graph.nt")
    assert not list(store.named_graphs())
    check(out, ["graph.nt", "graph.nq"])


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The bundled documents' names; any change applied, however large (five documents are
    too few for one of them to be a small share of the lines)."""
    monkeypatch.setattr(incremental, "WHOLE_PAST", 1)
    return sorted(p.name for p in corpus_dir().glob("*.txt"))


def test_a_document_added_removed_and_changed(tmp_path: Path, names: list[str]) -> None:
    out = tmp_path / "data"
    first = build([_sources(tmp_path / "src", names[:-1])], out, jobs=1)
    assert first.change is None  # nothing to start from

    added = build([_sources(tmp_path / "src", names)], out, jobs=1)
    assert added.change is not None and added.change.inserted > 0
    _same_as_fresh(added, tmp_path / "src", tmp_path / "fresh-added")

    removed = build([_sources(tmp_path / "src", names[1:])], out, jobs=1)
    assert removed.change is not None and removed.change.deleted > 0
    _same_as_fresh(removed, tmp_path / "src", tmp_path / "fresh-removed")

    src = _sources(tmp_path / "src", names[1:])
    changed = src / names[-1]
    text = changed.read_text(encoding="utf-8")
    changed.unlink()  # a link to the bundled file: written anew, not through it
    changed.write_text(text[: len(text) * 2 // 3], encoding="utf-8")  # its last third cut
    edited = build([src], out, jobs=1)
    assert edited.change is not None and edited.change.deleted > 0
    _same_as_fresh(edited, src, tmp_path / "fresh-changed")

    same = build([src], out, jobs=1)
    assert same.change == Change(0, 0, 4)  # the fourth change in a row
    _same_as_fresh(same, src, tmp_path / "fresh-same")


@pytest.fixture
def compacted(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each change applied from now on compacted the store."""
    asked: list[bool] = []

    def noted(store_dir: Path, gone: list[bytes], came: list[bytes], compact: bool = False) -> bool:
        asked.append(compact)
        return bool(apply(store_dir, gone, came, compact))

    monkeypatch.setattr(incremental, "apply", noted)
    return asked


def test_every_few_changes_compact_the_store(
    tmp_path: Path, names: list[str], monkeypatch: pytest.MonkeyPatch, compacted: list[bool]
) -> None:
    monkeypatch.setattr(incremental, "COMPACT_EVERY", 3)
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:2])], out, jobs=1)
    assert read_manifest(out)[incremental.UNCOMPACTED] == 0  # loaded whole: compacted
    counts = []
    for n in (3, 4, 5, 4):
        result = build([_sources(tmp_path / "src", names[:n])], out, jobs=1)
        counts.append(read_manifest(out)[incremental.UNCOMPACTED])
        _same_as_fresh(result, tmp_path / "src", tmp_path / f"fresh-{len(counts)}")
    assert counts == [1, 2, 0, 1]
    assert compacted == [False, False, True, False]


def test_a_reader_of_the_old_store_is_undisturbed(tmp_path: Path, names: list[str]) -> None:
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:2])], out, jobs=1)
    reading = ox.Store.read_only(str(out / STORE_DIR))  # as `serve` holds it
    before = _triples(reading)
    assert build([_sources(tmp_path / "src", names[:3])], out, jobs=1).change is not None
    assert _triples(reading) == before


def test_an_interrupted_application_leaves_the_old_build_whole(
    tmp_path: Path, names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:2])], out, jobs=1)
    identity = read_manifest(out)["build"]
    old = _parsed(path=out / "graph.nt")

    def interrupted(store_dir: Path, gone: list[bytes], came: list[bytes], compact: bool = False) -> bool:
        apply(store_dir, gone, came, compact)  # the copy changed, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(incremental, "apply", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([_sources(tmp_path / "src", names[:3])], out, jobs=1)
    assert check(out, ["graph.nt"])["build"] == identity
    assert _triples(ox.Store.read_only(str(out / STORE_DIR))) == old
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".data.") and p.is_dir()] == []


def test_named_graphs_in_a_store_load_it_whole(tmp_path: Path, names: list[str]) -> None:
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:2])], out, jobs=1, named_graphs=True)
    again = build([_sources(tmp_path / "src", names[:3])], out, jobs=1)
    assert again.change is None  # the old store's named graphs are not carried into the new one
    _same_as_fresh(again, tmp_path / "src", tmp_path / "fresh")
    assert build([tmp_path / "src"], out, jobs=1, named_graphs=True).change is None


def test_a_large_change_is_loaded_whole(tmp_path: Path, names: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "WHOLE_PAST", 5)  # as built: past a fifth of the lines
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:1])], out, jobs=1)
    again = build([_sources(tmp_path / "src", names)], out, jobs=1)
    assert again.change is None
    _same_as_fresh(again, tmp_path / "src", tmp_path / "fresh")


def test_a_damaged_previous_graph_is_not_diffed(tmp_path: Path, names: list[str]) -> None:
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:2])], out, jobs=1)
    nt = out / "graph.nt"
    data = bytearray(nt.read_bytes())
    data[data.index(b"<", 10)] = ord("[")  # same size: only the sha256 tells
    nt.write_bytes(bytes(data))
    again = build([_sources(tmp_path / "src", names[:3])], out, jobs=1)
    assert again.change is None
    _same_as_fresh(again, tmp_path / "src", tmp_path / "fresh")


def test_an_unreadable_previous_store_is_loaded_whole(tmp_path: Path, names: list[str]) -> None:
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:2])], out, jobs=1)
    for table in (out / STORE_DIR).glob("*.sst"):  # same sizes: only RocksDB tells
        table.write_bytes(bytes(table.stat().st_size))
    again = build([_sources(tmp_path / "src", names[:3])], out, jobs=1)
    assert again.change is None
    _same_as_fresh(again, tmp_path / "src", tmp_path / "fresh")


def test_the_build_says_the_store_was_changed(
    tmp_path: Path, names: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "data"
    args = ["build", str(tmp_path / "src"), "--out", str(out), "--jobs", "1"]
    _sources(tmp_path / "src", names[:2])
    assert main(args) == 0
    assert "store:" not in capsys.readouterr().out
    _sources(tmp_path / "src", names[:3])
    assert main(args) == 0
    said = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("store:")]
    assert len(said) == 1
    changed = r"store: the last build's, changed in place \([\d,]+ triples deleted, [1-9][\d,]* inserted\)"
    assert re.fullmatch(changed, said[0])


@pytest.mark.parametrize("count", ["many", -1, None])
def test_a_count_of_changes_not_understood_compacts(
    tmp_path: Path, names: list[str], compacted: list[bool], count: object
) -> None:
    out = tmp_path / "data"
    build([_sources(tmp_path / "src", names[:2])], out, jobs=1)
    manifest = read_manifest(out)
    (out / "manifest.json").write_text(json.dumps({**manifest, incremental.UNCOMPACTED: count}), encoding="utf-8")
    again = build([_sources(tmp_path / "src", names[:3])], out, jobs=1)
    assert compacted == [True] and read_manifest(out)[incremental.UNCOMPACTED] == 0
    _same_as_fresh(again, tmp_path / "src", tmp_path / "fresh")


def test_real_documents_added_and_removed(tmp_path: Path) -> None:
    """On the 26 real UN documents of samples-un6 (one of them a small share of the lines, as the
    rule applied by default wants): one added, then two removed, each as a fresh build gives."""
    files = sorted(shared("samples-un6").glob("*.txt"))
    src, out = tmp_path / "src", tmp_path / "data"
    src.mkdir()
    for f in files[:-1]:
        shutil.copy(f, src / f.name)
    build([src], out, jobs=2)
    shutil.copy(files[-1], src / files[-1].name)
    added = build([src], out, jobs=2)
    assert added.change is not None and added.change.inserted > 0
    _same_as_fresh(added, src, tmp_path / "fresh-added")
    for f in files[:2]:
        (src / f.name).unlink()
    removed = build([src], out, jobs=2)
    assert removed.change is not None and removed.change.deleted > 0
    _same_as_fresh(removed, src, tmp_path / "fresh-removed")
