"""Palermo benchmark: a synthetic corpus recombined from the bundled documents, at several sizes.

    python benchmarks/bench.py [--sizes 10,100,1000,10000] [--jobs 2] [--work DIR] [--budget 600]

Per size it prints: extraction speed (documents and MB of text per second, one process, on up to
500 documents), the whole build (documents read, extracted, built and validated in `--jobs`
processes: wall time, triples per second, CPU seconds per stage), SHACL validation time, peak
memory (this process and its workers), and, at the first size of a million triples or more, the
median latency of every query of queries/ on the embedded store (pyoxigraph on disk), beside the
same graph loaded into pyoxigraph's in-memory store and into rdflib's in-memory graph. Figures,
never assertions: these machines are noisy.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

from palermo.extract import extract_all
from palermo.graph.query import library, run
from palermo.graph.store import open_store

from palermo.pipeline import build
from palermo.reader import parse, read
from palermo.resources import corpus_dir


def pieces() -> tuple[list[str], list[str]]:
    """Mastheads (the text before the first heading or paragraph) and numbered paragraphs of the corpus."""
    heads, paras = [], []
    for path in sorted(corpus_dir().glob("*.txt")):
        doc = read(path)
        body = [b for b in doc.blocks if b.kind in ("heading", "paragraph") and not b.label.startswith("p")]
        if not body:
            continue
        heads.append(doc.text[: body[0].span.start])
        for b in doc.blocks:
            if b.kind == "paragraph" and b.label.isdigit():
                text = doc.text[b.span.start : b.span.end]
                paras.append(text.split(".", 1)[1].strip() if "." in text[:5] else text)
    return heads, paras


ACT_NUMBER = re.compile(r"(\d+)\s*/\s*\d+(?=\s*号决[议定])")


def synthesise(n: int, folder: Path, seed: int = 20261123) -> float:
    """n documents of 20-60 recombined paragraphs, each a work of its own (as real documents are,
    so the graph does not merge them into a few shared nodes); returns the megabytes written."""
    heads, paras = pieces()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for i in range(n):
        chosen = rng.sample(paras, rng.randint(20, min(60, len(paras))))
        # a masthead naming an act (第 5/2 号决议) would make every copy that act: number each copy
        head = ACT_NUMBER.sub(rf"\g<1>/{1000 + i}", rng.choice(heads), count=1)
        text = head + "一. 导言\n\n" + "\n\n".join(f"{k}. {p}" for k, p in enumerate(chosen, 1)) + "\n"
        data = text.encode("utf-8")
        (folder / f"synthetic-{i:05d}.txt").write_bytes(data)
        size += len(data)
    return size / 1e6


def _build_worker(folder: str, out: str, jobs: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    t = time.perf_counter()
    result = build([Path(folder)], Path(out), jobs=jobs, progress=False)
    wall = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    conforms = result.report.conforms if result.report else False
    queue.put((wall, result.triples, dict(result.seconds), conforms, me, workers))


def measured_build(folder: Path, out: Path, jobs: int) -> tuple[float, int, dict[str, float], bool, float, float]:
    """A build in its own process, so its peak memory (and its workers') is its own."""
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    child = mp.Process(target=_build_worker, args=(str(folder), str(out), jobs, queue))
    child.start()
    figures = queue.get()
    child.join()
    return figures  # type: ignore[no-any-return]


def extraction(folder: Path, limit: int = 500) -> tuple[int, float, float]:
    files = sorted(folder.glob("*.txt"))[:limit]
    mb = sum(f.stat().st_size for f in files) / 1e6
    t = time.perf_counter()
    for f in files:
        extract_all(parse(f.read_text(encoding="utf-8"), f.name))
    return len(files), mb, time.perf_counter() - t


def _latency_worker(data: str, name: str, runs: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    store, q = open_store(Path(data)), library()[name]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run(store, q)
        times.append(time.perf_counter() - t)
        queue.put(statistics.median(times) * 1000)


def oxigraph_latencies(data: Path, runs: int = 5, cap: float = 120.0) -> dict[str, float | None]:
    """Median latency (ms) of each library query on the embedded store; None past `cap` seconds."""
    out: dict[str, float | None] = {}
    for name in library():
        queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        child = mp.Process(target=_latency_worker, args=(str(data), name, runs, queue))
        child.start()
        child.join(cap)
        if child.is_alive():
            child.kill()
            child.join()
        median = None
        while not queue.empty():
            median = queue.get()
        out[name] = median
    return out


def _loaded_worker(engine: str, nq: str, runs: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """Load graph.nq into an in-memory engine, then run every library query `runs` times."""
    t = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(nq, format="nquads")

        def execute(text: str) -> None:
            list(ds.query(text))
    else:
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)

        def execute(text: str) -> None:
            list(store.query(text))

    queue.put(("__load__", (time.perf_counter() - t) * 1000))
    for name, q in library().items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            execute(q.text)
            times.append(time.perf_counter() - t)
        queue.put((name, statistics.median(times) * 1000))


def loaded_latencies(data: Path, engine: str, runs: int, budget: float) -> dict[str, float]:
    """Median ms per query on an in-memory engine, in a child process stopped after `budget` s."""
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    child = mp.Process(target=_loaded_worker, args=(engine, str(data / "graph.nq"), runs, queue))
    child.start()
    out: dict[str, float] = {}
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline and len(out) < len(library()) + 1:
        try:
            name, ms = queue.get(timeout=1)
            out[name] = ms
        except Exception:
            if not child.is_alive():
                break
    child.kill()
    child.join()
    return out


def print_latencies(data: Path, triples: int | None, budget: float) -> None:
    ox = oxigraph_latencies(data)
    mem = loaded_latencies(data, "oxigraph", 5, budget) if budget > 0 else {}
    rl = loaded_latencies(data, "rdflib", 1, budget) if budget > 0 else {}
    size = f"{triples:,} triples" if triples else str(data)

    def loaded(d: dict[str, float]) -> str:
        return f"loaded in {d['__load__'] / 1000:.0f} s" if "__load__" in d else "not measured"

    print(
        f"queries on {size}: median ms of up to 5 runs on the embedded store (pyoxigraph on disk, capped"
        f" at 120 s per query), of 5 runs on pyoxigraph in memory ({loaded(mem)}), of one run on rdflib"
        f" ({loaded(rl)}), and rdflib / embedded store:"
    )

    def ms(v: float | None) -> str:
        return f"{v:10.1f}" if v is not None else "         -"

    for name in library():
        o, r = ox[name], rl.get(name)
        shown = ms(o) if o is not None else "   > 120 s"
        ratio = f"{r / o:,.1f}x" if r and o else "-"
        print(f"  {name:30s} store {shown}   memory {ms(mem.get(name))}   rdflib {ms(r)}   {ratio}")
    sys.stdout.flush()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000,10000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default="/tmp/palermo-bench")
    ap.add_argument("--budget", type=float, default=600.0, help="seconds for each in-memory comparison run")
    ap.add_argument("--no-queries", action="store_true", help="skip the query latencies")
    ap.add_argument("--latencies", metavar="DATA", help="only measure the query latencies on this build folder")
    a = ap.parse_args()
    work = Path(a.work)
    if a.latencies:
        print_latencies(Path(a.latencies), None, a.budget)
        return 0
    queried = a.no_queries
    for n in (int(s) for s in a.sizes.split(",")):
        folder = work / f"corpus-{n}"
        if not folder.is_dir() or len(list(folder.glob("*.txt"))) != n:
            mb = synthesise(n, folder)
        else:
            mb = sum(f.stat().st_size for f in folder.glob("*.txt")) / 1e6
        docs, sample_mb, secs = extraction(folder)
        wall, triples, seconds, conforms, me, children = measured_build(folder, work / f"data-{n}", a.jobs)
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(seconds.items()))
        print(f"== {n} documents ({mb:.1f} MB of text)")
        print(f"extraction: {docs / secs:.1f} documents/s, {sample_mb / secs:.2f} MB/s (1 process, {docs} documents)")
        print(
            f"build ({a.jobs} processes): {wall:.1f} s wall, {triples} triples, "
            f"{triples / wall:,.0f} triples/s; CPU per stage: {stages}"
        )
        print(
            f"SHACL validation: {seconds.get('validate', 0.0):.1f} CPU s "
            f"({seconds.get('validate', 0.0) / a.jobs:.1f} s of wall time on {a.jobs} processes); "
            f"conforms: {conforms}"
        )
        print(f"peak memory: {me:.0f} MB (build's main process), {children:.0f} MB (largest worker)")
        sys.stdout.flush()
        if not queried and triples >= 1_000_000:
            queried = True
            print_latencies(work / f"data-{n}", triples, a.budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
