"""What a careless or hostile user breaks in builds, the command line and push: each case of the
reliability issue, reproduced; a build never loses the previous one and every error is one line."""

from __future__ import annotations

import fcntl
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from clikit import CORPUS, PALERMO, cli, manifest

from palermo.cli import main
from palermo.graph.store import _exchange


def copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes())
    return dst


@pytest.fixture
def good(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A build of two corpus documents."""
    src = tmp_path / "src"
    for p in CORPUS[:2]:
        copy(p, src / p.name)
    out = tmp_path / "out"
    assert cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")[0] == 0
    return out


# --- 6-8: names and the cache -------------------------------------------------------------------------


def test_two_files_with_the_same_content_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    copy(CORPUS[0], src / "one.txt")
    copy(CORPUS[0], src / "two.txt")
    out = tmp_path / "out"
    for _ in range(2):
        code, _, err = cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")
        assert code == 0, err
    assert manifest(out)["documents"] == ["one.txt", "two.txt"]


def test_a_renamed_file_takes_its_new_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    copy(CORPUS[1], src / "alpha.txt")
    out = tmp_path / "out"
    assert cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")[0] == 0
    (src / "alpha.txt").rename(src / "gamma.txt")
    assert cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")[0] == 0
    assert manifest(out)["documents"] == ["gamma.txt"]
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    assert "graph/gamma.txt>" in nq and "alpha" not in nq


def test_names_that_fold_alike_stay_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    names = ["a b.txt", "a-b.txt", "报告.txt", "决定.txt"]
    for name, path in zip(names, CORPUS[:4], strict=True):
        copy(path, src / name)
    out = tmp_path / "out"
    assert cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")[0] == 0
    assert len(manifest(out)["documents"]) == 4  # type: ignore[arg-type]
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    graphs = {line.rsplit(" ", 2)[-2] for line in nq.splitlines()}
    for name in ("a%20b.txt", "a-b.txt", "报告.txt", "决定.txt"):
        assert f"<https://example.org/palermo/graph/{name}>" in graphs


# --- 9-10: what a build replaces ------------------------------------------------------------------------


def test_an_empty_or_failed_build_keeps_the_previous(
    tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = manifest(good)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = cli(capsys, "build", str(empty), "--out", str(good))
    assert code == 1 and "previous build is kept" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad"
    (bad / "x.txt").parent.mkdir()
    (bad / "x.txt").write_bytes(b"")
    (bad / "y.txt").write_bytes(b"\x00\x01")
    code, _, err = cli(capsys, "build", str(bad), "--out", str(good))
    assert code == 1 and "x.txt" in err and "y.txt" in err and "previous build is kept" in err
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "a.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = cli(capsys, "build", str(pdfs), "--out", str(good))
    assert code == 1 and "a.pdf: damaged PDF" in err and "previous build is kept" in err
    images = tmp_path / "images"
    images.mkdir()
    (images / "a.png").write_bytes(b"\x89PNG")
    code, _, err = cli(capsys, "build", str(images), "--out", str(good))
    assert code == 1 and "no .txt/.pdf/.docx/.html/.htm document" in err
    assert manifest(good) == before


def test_out_naming_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    code, _, err = cli(capsys, "build", str(CORPUS[0]), "--out", str(target))
    assert code == 1 and "not a folder" in err
    assert target.read_text(encoding="utf-8") == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_one_build_per_folder(tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (good.parent / f".{good.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        code, _, err = cli(capsys, "build", str(CORPUS[2]), "--out", str(good))
    assert code == 1 and "another build is writing" in err
    assert manifest(good)["documents"] != [CORPUS[2].name]


def test_a_killed_build_leaves_nothing_behind_the_next(
    tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = good.parent / f".{good.name}.abc123"
    (stale / "store").mkdir(parents=True)
    assert cli(capsys, "build", str(CORPUS[2]), "--out", str(good))[0] == 0
    assert not stale.exists()


def test_the_served_site_survives_a_rebuild(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (good / "site").mkdir()
    (good / "site" / "index.html").write_text("<html>site</html>", encoding="utf-8")
    assert cli(capsys, "build", str(CORPUS[2]), "--out", str(good))[0] == 0
    assert (good / "site" / "index.html").read_text(encoding="utf-8") == "<html>site</html>"


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2")
def test_the_swap_is_atomic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "new").touch()
    (b / "old").touch()
    assert _exchange(a, b)
    assert (b / "new").exists() and (a / "old").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="process groups")
def test_sigterm_stops_workers_and_cleans_up(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for i in range(40):
        copy(CORPUS[i % len(CORPUS)], src / f"doc{i:02d}.txt")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*PALERMO, "build", str(src), "--out", str(out), "--jobs", "2"], stderr=subprocess.PIPE, text=True
    )
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.") and p.is_dir()] == []
    time.sleep(0.5)
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children == []


# --- 11: reading sources -----------------------------------------------------------------------------------


def test_size_limit_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(3 << 30)  # sparse: 3 GB that would cost 3 GB to read
    code, _, err = cli(capsys, "build", str(huge), str(CORPUS[0]), "--out", str(tmp_path / "out"))
    assert code == 1 and "huge.txt" in err and "limit" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    p = subprocess.run(
        [*PALERMO, "build", str(fifo), str(CORPUS[0]), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 1 and "not a regular file" in p.stderr


def test_summary_counts_with_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    copy(CORPUS[0], src / "a.txt")
    (src / "b.txt").write_bytes(b"")
    out = tmp_path / "out"
    cli(capsys, "build", str(src), "--out", str(out))
    code, printed, _ = cli(capsys, "build", str(src), "--out", str(out))
    assert code == 1 and "0 files extracted now, 1 unchanged since the last build" in printed


def test_a_newline_in_a_file_name_keeps_its_error_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "bad\nname.txt"
    odd.write_bytes(b"")
    code, _, err = cli(capsys, "build", str(odd), str(CORPUS[0]), "--out", str(tmp_path / "out"))
    lines = [ln for ln in err.splitlines() if "name.txt" in ln]
    assert code == 1 and len(lines) == 1 and "bad\\nname.txt" in lines[0]


def test_utf16(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = CORPUS[0].read_text(encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-16"))
    code, _, err = cli(capsys, "build", str(tmp_path / "bom.txt"), "--out", str(tmp_path / "out"))
    assert code == 0, err
    (tmp_path / "plain.txt").write_bytes(text.encode("utf-16-le"))
    code, _, err = cli(capsys, "build", str(tmp_path / "plain.txt"), "--out", str(tmp_path / "out2"))
    assert code == 1 and "UTF-16 without a byte order mark" in err


# --- 12: one-line errors, never a traceback -------------------------------------------------------------


def test_damaged_builds_are_named(tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nt = good / "graph.nt"
    whole = nt.read_bytes()
    nt.write_text(nt.read_text(encoding="utf-8")[:5000] + "<broken", encoding="utf-8")
    for argv in (
        ["export", "--format", "jsonld", "--data", str(good), "--out", str(tmp_path / "g.jsonld")],
        ["publish", "--data", str(good), "--base-uri", "https://x.org/", "--out", str(tmp_path / "s")],
    ):
        code, _, err = cli(capsys, *argv)
        assert code == 1 and "graph.nt" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "g.jsonld").exists() and not (tmp_path / "s").exists()
    sealed = (good / "manifest.json").read_text(encoding="utf-8")
    (good / "manifest.json").write_text("{not json", encoding="utf-8")
    code, _, err = cli(capsys, "serve", "--data", str(good))
    assert code == 1 and "manifest" in err
    (good / "manifest.json").unlink()
    code, _, err = cli(capsys, "serve", "--data", str(good))
    assert code == 1 and "no build here" in err
    (good / "manifest.json").write_text(sealed, encoding="utf-8")
    nt.write_bytes(whole)  # the build whole again but for its store
    for f in (good / "store").iterdir():
        if f.is_file():
            f.write_bytes(b"garbage")
    code, _, err = cli(capsys, "query", "documents", "--data", str(good))
    assert code == 1 and "store" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "99999"],
        ["serve", "--max-rows", "-1"],
        ["serve", "--timeout", "-5"],
        ["serve", "--max-bytes", "0"],
        ["build", "--max-bytes", "-3"],
        ["push", "--store", "http://x/", "--rate", "-5"],
    ],
)
def test_bad_numbers_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "must be" in err


def test_param_not_utf8(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = os.fsdecode(b"iso3=\xff")
    code, _, err = cli(capsys, "query", "cites-article", "--data", str(good), "--param", bad)
    assert code == 2 and "not UTF-8" in err


def test_push_to_not_a_url(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "push", "--data", str(good), "--store", "not a url")
    assert code == 2 and "http:// or https:// URL" in err  # a usage error (palermo/iri.py checks it)


def test_a_deeply_nested_query_file(tmp_path: Path, good: Path) -> None:
    rq = tmp_path / "deep.rq"
    rq.write_text("SELECT * WHERE " + "{ " * 20000 + "?s ?p ?o" + " }" * 20000, encoding="utf-8")
    p = subprocess.run([*PALERMO, "query", str(rq), "--data", str(good)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and "nested more than" in p.stderr


def test_a_closed_pipe_is_no_traceback(tmp_path: Path) -> None:
    p = subprocess.run(
        f"{sys.executable} -c 'import sys; from palermo.cli import main; sys.exit(main())' list-queries | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in p.stderr and "BrokenPipe" not in p.stderr


# --- 12-13: remote stores and endpoints that misbehave ----------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A store that redirects everything elsewhere, or answers what a test sets."""

    seen: ClassVar[list[tuple[str, str, str | None]]] = []
    redirect_to: ClassVar[str | None] = None
    answer: ClassVar[bytes] = b""

    def _any(self) -> None:
        type(self).seen.append((self.command, self.path, self.headers.get("Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        elif self.headers.get("Transfer-Encoding") == "chunked":
            while size := int(self.rfile.readline().strip() or b"0", 16):
                self.rfile.read(size + 2)
            self.rfile.readline()
        if type(self).redirect_to:
            self.send_response(307)
            self.send_header("Location", type(self).redirect_to or "")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(type(self).answer)))
        self.end_headers()
        self.wfile.write(type(self).answer)

    do_GET = do_POST = do_PUT = _any

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[tuple[type[_Recorder], type[_Recorder], str, str]]:
    first = type("First", (_Recorder,), {"seen": []})
    other = type("Other", (_Recorder,), {"seen": []})
    running = []
    for cls in (first, other):
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), cls)
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        running.append(srv)
    urls = [f"http://127.0.0.1:{s.server_address[1]}" for s in running]
    yield first, other, urls[0], urls[1]
    for s in running:
        s.shutdown()
        s.server_close()


def test_push_never_follows_a_redirect(good: Path, servers, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first, other, url, elsewhere = servers
    first.redirect_to = f"{elsewhere}/update"
    monkeypatch.setenv("PALERMO_STORE_TOKEN", "secret-token")
    for protocol in ("update", "gsp"):
        code, out, err = cli(capsys, "push", "--data", str(good), "--store", f"{url}/update", "--protocol", protocol)
        assert code == 1 and "redirect" in err and "pushed" not in out
    assert other.seen == []  # nothing, and no credentials, went to the other origin


def test_query_endpoint_never_follows_a_redirect(servers, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first, other, url, elsewhere = servers
    first.redirect_to = f"{elsewhere}/sparql"
    monkeypatch.setenv("PALERMO_STORE_TOKEN", "secret-token")
    code, _, err = cli(capsys, "query", "documents", "--endpoint", f"{url}/sparql")
    assert code == 1 and "redirect" in err
    assert other.seen == []


def test_query_endpoint_answering_json_without_results(servers, capsys) -> None:  # type: ignore[no-untyped-def]
    first, _, url, _ = servers
    first.answer = b'{"head": {"vars": ["source"]}}'
    code, _, err = cli(capsys, "query", "documents", "--endpoint", f"{url}/sparql")
    assert code == 1 and "not SPARQL JSON results" in err
