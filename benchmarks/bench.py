"""Palermo benchmark: a synthetic corpus of whole-size documents recombined from the bundled ones.

    python benchmarks/bench.py [--sizes 1000,10000] [--jobs 2] [--work DIR] [--runs 5]

Per size it prints: extraction speed (documents per second in one process: read, segment and
run every extractor, on up to 500 documents), the whole build in `--jobs` processes (wall time;
CPU seconds of extraction, graph writing and validation of every document; wall seconds of the
merge, with the merged graph's own validation, and of the store load), the triples, and the peak
memory of the build's main process and of its largest worker, the size of graph.nt against the
text's; then, as an analyst meets them from the command line, `palermo query countries`, `palermo
publish` (pages written; `--no-publish` skips it) and the same build redone with one document added
to the folder (the build's cache and store reused). At 1,000 documents (or the first
size of at least a million triples) it prints the median latency of every library query on the
embedded store on disk (`palermo query`) and held in memory (`palermo serve --in-memory`), the
parameterised ones marked. With `--formats` it prints only how fast Word files (each read in a
child process held to a budget: palermo/sandbox.py) and web pages made from the bundled corpus are
read. Figures, never assertions: these machines are noisy.

Whatever it prints is also appended to `--results` (benchmarks/results.md by default) under a
heading with the date, the command, the version and the machine (cores, memory), so the figures
the documentation quotes come from a file the benchmark wrote, not from a hand-kept log.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from palermo.extract import extract_all
from palermo.graph.query import library, parameters, run
from palermo.graph.serve.runner import hold_in_memory
from palermo.graph.store import open_store
from palermo.pipeline import build
from palermo.reader import read
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


BASE = "https://example.org/palermo/"
ACT_NUMBER = re.compile(r"(\d+)\s*/\s*\d+(?=\s*号决[议定])")


def documents(n: int, seed: int = 20261123) -> Iterator[tuple[str, bytes]]:
    """n whole-size documents (each the size of a bundled one, drawn in turn: 22 KB of text on
    average) of recombined paragraphs, each a work of its own (as real documents are, so the graph
    does not merge them into a few shared nodes): (file name, bytes), the same on every run."""
    heads, paras = pieces()
    sizes = sorted(p.stat().st_size for p in corpus_dir().glob("*.txt"))
    rng = random.Random(seed)
    for i in range(n):
        target, chosen, length = sizes[i % len(sizes)], [], 0
        for p in rng.sample(paras, len(paras)):
            if length >= target:
                break
            chosen.append(p)
            length += len(p.encode("utf-8")) + 6
        # a masthead naming an act (第 5/2 号决议) would make every copy that act: number each copy
        head = ACT_NUMBER.sub(rf"\g<1>/{1000 + i}", rng.choice(heads), count=1)
        text = head + "一. 导言\n\n" + "\n\n".join(f"{k}. {p}" for k, p in enumerate(chosen, 1)) + "\n"
        yield f"synthetic-{i:05d}.txt", text.encode("utf-8")


def synthesise(n: int, folder: Path) -> float:
    """The first n documents written into `folder`; returns the megabytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for name, data in documents(n):
        (folder / name).write_bytes(data)
        size += len(data)
    return size / 1e6


def added_one(folder: Path, out: Path, n: int, jobs: int) -> tuple[float, int]:
    """The build of `out` (made from `folder`'s n documents) redone with one document more, as an
    analyst adds a new text to the folder they build: (wall seconds, triples)."""
    plus = folder.with_name(folder.name + "-plus-one")
    shutil.rmtree(plus, ignore_errors=True)
    plus.mkdir()
    for f in folder.glob("*.txt"):
        os.link(f, plus / f.name)
    name, data = list(documents(n + 1))[-1]
    (plus / name).write_bytes(data)
    wall, triples, *_ = measured_build(plus, out, jobs)
    shutil.rmtree(plus)
    return wall, triples


def cli_seconds(*args: str, runs: int = 1) -> tuple[float, str]:
    """Median wall seconds of a `palermo` command run as an analyst runs it (a new process each
    time), and its last line of output."""
    times, last = [], ""
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "palermo.cli", *args], capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if done.returncode:
            return float("nan"), (done.stderr.strip().splitlines() or ["failed"])[-1]
        last = (done.stdout.strip().splitlines() or [""])[-1]
    return statistics.median(times), last


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
    """(documents, MB, seconds) of reading and extracting up to `limit` documents in this process."""
    files = sorted(folder.glob("*.txt"))[:limit]
    mb = sum(f.stat().st_size for f in files) / 1e6
    extract_all(read(files[0]))  # tables and patterns loaded before the clock starts
    t = time.perf_counter()
    for f in files:
        extract_all(read(f))
    return len(files), mb, time.perf_counter() - t


def _latency_worker(data: str, memory: bool, runs: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """Every library query `runs` times on the build's store on disk, or on the merged graph held
    in memory as `serve --in-memory` holds it (the library names no graph); one message per
    query: (name, median ms, rows)."""
    if memory:
        t = time.perf_counter()
        store = hold_in_memory(Path(data))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put(("__load__", (time.perf_counter() - t) * 1000, int(rss)))
    else:
        store = open_store(Path(data))
    for name, q in library().items():
        times, rows = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            rows = len(run(store, q).rows)
            times.append(time.perf_counter() - t)
        queue.put((name, statistics.median(times) * 1000, rows))


def latencies(data: Path, memory: bool, runs: int, budget: float) -> dict[str, tuple[float, int]]:
    """{query: (median ms, rows)} (and "__load__": (ms, peak MB) in memory), measured in a child
    process stopped after `budget` seconds."""
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    child = mp.Process(target=_latency_worker, args=(str(data), memory, runs, queue))
    child.start()
    out: dict[str, tuple[float, int]] = {}
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline and len(out) < len(library()) + memory:
        try:
            name, ms, extra = queue.get(timeout=1)
            out[name] = (ms, extra)
        except Exception:
            if not child.is_alive():
                break
    child.kill()
    child.join()
    return out


def print_latencies(data: Path, triples: int, runs: int, budget: float) -> None:
    disk = latencies(data, False, runs, budget)
    memory = latencies(data, True, runs, budget)
    load = memory.pop("__load__", None)
    held = f"loaded in {load[0] / 1000:.1f} s, peak {load[1]} MB" if load else "not measured"
    print(f"queries on {triples:,} triples, median ms of {runs} runs: on disk | in memory ({held})")
    for name, q in library().items():
        d, m = disk.get(name), memory.get(name)
        mark = " (parameterised)" if parameters(q) else ""
        dm = f"{d[0]:9.1f}" if d else "        -"
        mm = f"{m[0]:9.1f}" if m else "        -"
        rows = (d or m or (0, 0))[1]
        print(f"  {name:30s} {dm} | {mm}   {rows:>7} rows{mark}")
    sys.stdout.flush()


def formats_speed(copies: int) -> None:
    """Word files and web pages made from the bundled corpus, read as a build reads them: files
    per second in one process, and the CPU a Word file's sandboxed child takes."""
    import html
    import io

    import docx

    from palermo.formats import convert

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt"))] * copies
    words, pages = [], []
    for text in texts:
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        buf = io.BytesIO()
        document.save(buf)
        words.append(buf.getvalue())
        body = "".join(f"<p>{html.escape(block)}</p>" for block in text.split("\n\n"))
        pages.append(f"<!DOCTYPE html><html><body><main>{body}</main></body></html>".encode())
    for kind, files in (("docx", words), ("html", pages)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        for data in files:
            convert(kind, data)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / len(files)
        mb = sum(map(len, files)) / 1e6
        extra = f", {child * 1000:.0f} ms of CPU per file in its child" if kind == "docx" else ""
        print(f"{kind}: {len(files)} files ({mb:.1f} MB), {len(files) / wall:.1f} files/s{extra}")


class _Tee:
    """stdout that also writes to the results file: every figure printed is kept."""

    def __init__(self, screen: TextIO, kept: TextIO) -> None:
        self.screen, self.kept = screen, kept

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.screen.write(text)

    def flush(self) -> None:
        self.kept.flush()
        self.screen.flush()


def _heading() -> str:
    """When, what and where: the results file's heading for this run."""
    from palermo import __version__

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join(["benchmarks/bench.py", *sys.argv[1:]])
    return (
        f"\n## {when}: `{command}`\n\n"
        f"palermo {__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"load average {os.getloadavg()[0]:.1f} at the start (other work on the machine slows every figure)\n\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--results",
        type=Path,
        default=Path(__file__).with_name("results.md"),
        help="the file every run's figures are appended to (default benchmarks/results.md)",
    )
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default="/tmp/palermo-bench")
    ap.add_argument("--runs", type=int, default=5, help="runs of each query (the median is printed)")
    ap.add_argument("--budget", type=float, default=1200.0, help="seconds for each set of query latencies")
    ap.add_argument("--no-queries", action="store_true", help="skip the query latencies")
    ap.add_argument("--no-publish", action="store_true", help="skip publishing the site")
    ap.add_argument("--latencies", metavar="DATA", help="only measure the query latencies on this build folder")
    ap.add_argument("--formats", type=int, metavar="COPIES", help="only measure reading Word files and web pages")
    a = ap.parse_args()
    new = not a.results.exists()
    with a.results.open("a", encoding="utf-8") as kept:
        if new:
            kept.write("# Benchmark results\n\nWhat `benchmarks/bench.py` printed, run by run, as it wrote it.\n")
        kept.write(_heading() + "```\n")
        screen, sys.stdout = sys.stdout, _Tee(sys.stdout, kept)
        try:
            return _run(a)
        finally:
            sys.stdout = screen
            kept.write("```\n")


def _run(a: argparse.Namespace) -> int:
    if a.formats:
        formats_speed(a.formats)
        return 0
    work = Path(a.work)
    if a.latencies:
        manifest = json.loads((Path(a.latencies) / "manifest.json").read_text(encoding="utf-8"))
        print_latencies(Path(a.latencies), manifest["triples"], a.runs, a.budget)
        return 0
    queried = a.no_queries
    for n in (int(s) for s in a.sizes.split(",")):
        folder = work / f"whole-{n}"
        if not folder.is_dir() or len(list(folder.glob("*.txt"))) != n:
            mb = synthesise(n, folder)
        else:
            mb = sum(f.stat().st_size for f in folder.glob("*.txt")) / 1e6
        docs, sample_mb, secs = extraction(folder)
        out = work / f"data-{n}"
        shutil.rmtree(out, ignore_errors=True)  # a cold build: nothing from a cache
        wall, triples, seconds, conforms, me, children = measured_build(folder, out, a.jobs)
        cpu = ", ".join(f"{k} {seconds.get(k, 0.0):.1f} s" for k in ("extract", "graph", "validate"))
        print(f"== {n} documents ({mb:.1f} MB of text)")
        print(f"extraction: {docs / secs:.1f} documents/s, {sample_mb / secs:.2f} MB/s (1 process, {docs} documents)")
        print(
            f"build ({a.jobs} processes): {wall:.1f} s wall, {triples:,} triples, {triples / wall:,.0f} triples/s; "
            f"CPU {cpu}; wall merge {seconds.get('merge', 0.0):.1f} s, store {seconds.get('store', 0.0):.1f} s, "
            f"manifest's checksums {seconds.get('seal', 0.0):.1f} s; "
            f"conforms: {conforms}"
        )
        print(f"peak memory: {me:.0f} MB (build's main process), {children:.0f} MB (largest worker)")
        nt = (out / "graph.nt").stat().st_size / 1e6
        print(f"graph.nt: {nt:.0f} MB, {nt / mb:.1f} times the text; {n / wall:.1f} documents/s")
        sys.stdout.flush()
        if not queried and (n >= 1000 or triples >= 1_000_000):
            queried = True
            print_latencies(out, triples, a.runs, a.budget)
        secs, last = cli_seconds("query", "countries", "--data", str(out), "--format", "csv", runs=3)
        print(f"countries from the CLI: {secs:.2f} s (median of 3 runs; {last[:60]!r} last)")
        if not a.no_publish:
            site = work / f"site-{n}"
            secs, last = cli_seconds("publish", "--data", str(out), "--base-uri", BASE, "--out", str(site))
            pages = sum(1 for _ in site.rglob("index.html")) if site.is_dir() else 0
            print(f"publish: {secs:.1f} s, {pages:,} pages ({last[:80]})")
            shutil.rmtree(site, ignore_errors=True)
        wall, more = added_one(folder, out, n, a.jobs)
        print(f"one document added to the built folder: {wall:.1f} s ({more - triples:+,} triples)")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
