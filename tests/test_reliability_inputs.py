"""What a hostile or careless user feeds `palermo build`, `publish`, `push` and `query` (issue 24,
input side): hostile Word files, files from outside the folder, special files, names and URLs.
Each case runs the command line as a user does and wants one line naming the culprit, the other
files built, and the exit code of the documented contract."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from clikit import CORPUS, PALERMO, cli, manifest
from test_formats import make_docx

from palermo import sandbox
from palermo.cli import main
from palermo.sandbox import Budget

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def errors(err: str) -> list[str]:
    """The build's error lines (warnings about values left out are not errors)."""
    return [ln for ln in err.splitlines() if ln.startswith("palermo: ") and "warning:" not in ln]


# --- 1: Word files ---------------------------------------------------------------------------------------


def rewritten(edit: Callable[[str], str]) -> bytes:
    """A Word file made by python-docx whose document.xml is passed through `edit`."""
    src = zipfile.ZipFile(io.BytesIO(make_docx("First paragraph.\nSecond paragraph.")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            z.writestr(info.filename, data)
    return buf.getvalue()


def _raw_zip(path: Path, members: dict[str, tuple[Iterator[bytes], int, int]]) -> None:
    """A zip written from members already deflated (raw deflate pieces, unpacked size, CRC-32):
    how a test makes a 2 GB zip bomb in a second, with flat memory."""
    central = b""
    with path.open("wb") as f:
        for name, (pieces, size, crc) in members.items():
            offset, encoded = f.tell(), name.encode()
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, 0, 0, len(encoded), 0) + encoded)
            packed = 0
            for piece in pieces:
                f.write(piece)
                packed += len(piece)
            end = f.tell()
            f.seek(offset + 14)
            f.write(struct.pack("<III", crc, packed, size))
            f.seek(end)
            central += (
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    8,
                    0,
                    0,
                    crc,
                    packed,
                    size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        start = f.tell()
        f.write(central)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0))


def _deflated(head: bytes, chunk: bytes, times: int, tail: bytes) -> tuple[Iterator[bytes], int, int]:
    """head + chunk * times + tail as raw deflate, the chunk compressed once and repeated (each
    piece ends on a full flush, so pieces join); with its size and CRC-32."""

    def piece(data: bytes, last: bool = False) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)

    block = piece(chunk)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    pieces = iter([piece(head), *([block] * times), piece(tail, last=True)])
    return pieces, len(head) + len(chunk) * times + len(tail), crc


def _with_main(path: Path, main_part: tuple[Iterator[bytes], int, int]) -> Path:
    """A Word file whose word/document.xml is `main_part`, its other parts python-docx's."""
    src = zipfile.ZipFile(io.BytesIO(make_docx("Word text that a build reads.")))
    members = {}
    for info in src.infolist():
        if info.filename != "word/document.xml":
            data = src.read(info)
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            members[info.filename] = (iter([c.compress(data) + c.flush()]), len(data), zlib.crc32(data))
    members["word/document.xml"] = main_part
    _raw_zip(path, members)
    return path


OPEN = f'<w:document xmlns:w="{W}"><w:body>'.encode()
CLOSE = b"</w:body></w:document>"


def zip_bomb(path: Path) -> Path:
    """2 MB that unpacks to 2 GB: one paragraph of 2 GiB of spaces."""
    return _with_main(path, _deflated(OPEN + b"<w:p><w:r><w:t>", b" " * (1 << 20), 2048, b"</w:t></w:r></w:p>" + CLOSE))


def packed_tight(path: Path) -> Path:
    """64 MiB of spaces in one paragraph: under the unpacked budget, packed a thousand to one."""
    return _with_main(path, _deflated(OPEN + b"<w:p><w:r><w:t>", b" " * (1 << 20), 64, b"</w:t></w:r></w:p>" + CLOSE))


def paragraphs(path: Path, count: int = 15_000_000) -> Path:
    """`count` tiny paragraphs (an empty one and a byte of varying white space each): packed only
    about 20 to 1, so no size or ratio check stops it before it is read."""
    per_chunk = 1_000_000
    chunk = bytearray(b"<w:p/> " * per_chunk)
    chunk[6::7] = os.urandom(per_chunk).translate(bytes(b" \n\t\r"[i % 4] for i in range(256)))
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    size = crc = 0

    def pieces() -> Iterator[bytes]:
        nonlocal size, crc
        for data in (OPEN, *([bytes(chunk)] * (count // per_chunk)), CLOSE):
            size += len(data)
            crc = zlib.crc32(data, crc)
            yield c.compress(data)
        yield c.flush()

    # the size and CRC are known once the pieces are written: compute them on a first pass
    list(pieces())
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    known = (size, crc)
    size = crc = 0
    return _with_main(path, (pieces(), *known))


def lying() -> bytes:
    """A Word file whose zip says its document.xml is 4,000 bytes: it inflates to 300 MiB."""
    main_part = _deflated(OPEN + b"<w:p><w:r><w:t>", b"a" * (1 << 20), 300, b"</w:t></w:r></w:p>" + CLOSE)
    with tempfile.TemporaryDirectory() as folder:
        return _with_main(Path(folder) / "liar.docx", (main_part[0], 4000, main_part[2])).read_bytes()


HOSTILE: dict[str, tuple[Callable[[], bytes], str | None]] = {
    "liar.docx": (lying, "damaged Word file"),
    "comment.docx": (
        lambda: rewritten(
            lambda x: x.replace("<w:body>", "<w:body><!-- a comment -->").replace("First", "Fi<!-- x -->rst")
        ),
        None,
    ),
    "pi.docx": (lambda: rewritten(lambda x: x.replace("<w:body>", "<w:body><?mso-application progid?>")), None),
    "prefix.docx": (lambda: rewritten(lambda x: x.replace("<w:r>", "<undefined:r>", 1)), "not well-formed XML"),
    "laughs.docx": (
        lambda: rewritten(
            lambda x: x.replace(
                "<w:document",
                '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
                + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
                + "]><w:document",
                1,
            ).replace("First paragraph.", "&i;")
        ),
        "DTD",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_word_xml_read_or_named(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    make, refusal = HOSTILE[name]
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_bytes(CORPUS[0].read_bytes())
    (src / name).write_bytes(make())
    out = tmp_path / "out"
    code, _, err = cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")
    documents = manifest(out)["documents"]
    if refusal is None:  # read, its comment or processing instruction skipped, its text kept
        assert code == 0, err
        assert documents == sorted(["good.txt", name])
        assert (out / "text" / f"{name}.txt").read_text(encoding="utf-8") == "First paragraph.\nSecond paragraph.\n"
    else:
        assert code == 1
        assert documents == ["good.txt"]
        assert [ln for ln in errors(err) if name in ln] == errors(err) and len(errors(err)) == 1
        assert refusal in err


def _build_measured(tmp_path: Path, *files: Path) -> tuple[int, str, int]:
    """A build run as a user runs it, in a process of its own: exit code, stderr, and the peak
    resident memory in bytes of the largest process it started (itself, its workers, the
    sandboxes), from the kernel's accounting of the children waited for."""
    probe = (
        "import resource, subprocess, sys; "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stderr.write(r.stderr); "
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)"
    )
    argv = [
        *PALERMO,
        "build",
        *map(str, files),
        "--out",
        str(tmp_path / "out"),
        "--jobs",
        "2",
        "--max-bytes",
        "50000000",
    ]
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, timeout=600)
    code, peak = map(int, done.stdout.split())
    return code, done.stderr, peak


def test_word_bombs_named_with_the_build_under_a_gigabyte(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bomb.docx")
    many = paragraphs(tmp_path / "many.docx")
    tight = packed_tight(tmp_path / "tight.docx")
    assert bomb.stat().st_size < 3_000_000 and many.stat().st_size < 50_000_000
    good = tmp_path / "good.docx"
    good.write_bytes(make_docx(CORPUS[0].read_text(encoding="utf-8")))
    code, err, peak = _build_measured(tmp_path, bomb, many, tight, good)
    print(f"peak resident memory of the build: {peak / 2**20:.0f} MiB")
    assert code == 1
    assert manifest(tmp_path / "out")["documents"] == ["good.docx"]
    lines = errors(err)
    assert len(lines) == 3 and "Traceback" not in err
    assert re.search(r"bomb\.docx: .*2,14\d,\d{3},\d{3} bytes", lines[0])
    assert "many.docx: over 100,000 paragraphs" in lines[1]
    assert re.search(r"tight\.docx: word/document\.xml packed 1,\d{3} to 1 \(a zip bomb\?\)", lines[2])
    assert peak < 1 << 30


# --- 8: web pages past libxml2's limits -----------------------------------------------------------------


def _page(blocks: list[str], opening: str, closing: str) -> bytes:
    import html

    body = "".join(f"<p>{html.escape(b)}</p>" for b in blocks)
    return f"<!DOCTYPE html><html><body>{opening}{body}{closing}</body></html>".encode()


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("<div>" * 100_000, "</div>" * 100_000), ("<p>" + " " * 10_500_000 + "</p>", "")],
    ids=["100,000 deep", "a text run of 10.5 MB"],
)
def test_web_pages_deep_or_long_hold_their_text(
    tmp_path: Path, opening: str, closing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = CORPUS[0].read_text(encoding="utf-8")
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    page = tmp_path / "page.html"
    page.write_bytes(_page(blocks, opening, closing))
    out = tmp_path / "out"
    code, _, err = cli(capsys, "build", str(page), "--out", str(out), "--jobs", "1", "--max-bytes", "20000000")
    assert code == 0, err
    read = (out / "text" / "page.html.txt").read_text(encoding="utf-8")
    assert read.rstrip("\n").split("\n\n") == blocks


# --- 2-3: files from outside the folder, special files -------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symbolic links")
def test_links_out_of_the_folder_and_special_files_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, private = tmp_path / "src", tmp_path / "private"
    (src / "sub").mkdir(parents=True)
    private.mkdir()
    (src / "a.txt").write_bytes(CORPUS[0].read_bytes())
    secret = private / "secret.txt"
    marker = "The key of the private folder is swordfish."
    secret.write_text(CORPUS[1].read_text(encoding="utf-8") + f"\n\n99. {marker}\n", encoding="utf-8")
    (src / "innocent.txt").symlink_to(Path("..") / "private" / "secret.txt")
    (src / "shelf").symlink_to(private)  # a folder outside
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "dangling.txt").symlink_to("nowhere.txt")
    (src / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(src / "pipe.txt")
    (src / "sub" / "inside.txt").symlink_to(Path("..") / "a.txt")  # inside the folder: read
    out = tmp_path / "out"
    code, _, err = cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")
    assert code == 1
    assert manifest(out)["documents"] == ["a.txt", "inside.txt"]
    lines = errors(err)
    expected = {
        "dangling.txt": "does not exist",
        "innocent.txt": "leading out of",
        "loop.txt": "loops",
        "pipe.txt": "not a regular file (a FIFO)",
        "shelf": "leading out of",
        "zero.txt": "leading out of",
    }
    assert len(lines) == len(expected)
    for line, (name, why) in zip(lines, sorted(expected.items()), strict=True):
        assert f"{src / name}: " in line and why in line
    assert marker not in (out / "graph.nt").read_text(encoding="utf-8")
    assert sorted(p.name for p in (out / "text").iterdir()) == ["a.txt.txt", "inside.txt.txt"]
    # named on the command line, a link is followed on purpose
    code, _, err = cli(capsys, "build", str(src / "innocent.txt"), "--out", str(out), "--jobs", "1")
    assert code == 0, err
    assert manifest(out)["documents"] == ["innocent.txt"]
    assert marker in (out / "graph.nt").read_text(encoding="utf-8")


# --- 5: names ------------------------------------------------------------------------------------------


def test_names_not_utf8_or_too_long_for_their_text_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    long_names = ["x" * 251 + ".txt", "报" * 83 + ".txt", "报" * 82 + "告.txt"]  # 255, 253 and 253 bytes
    for name, corpus in zip(long_names, CORPUS, strict=False):
        (src / name).write_bytes(corpus.read_bytes())
    bad = os.fsdecode(b"caf\xe9.txt")  # Latin-1, not UTF-8
    (src / bad).write_bytes(CORPUS[3].read_bytes())
    out = tmp_path / "out"
    code, _, err = cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")
    assert code == 1
    why = "the file name is not UTF-8 (it names the document); rename it"
    assert errors(err) == [f"palermo: {src}/caf\\xe9.txt: {why}"]
    built = manifest(out)
    assert built["documents"] == sorted(long_names)
    texts = built["texts"]
    assert isinstance(texts, dict) and sorted(texts) == sorted(long_names)
    assert len(set(texts.values())) == 3  # two names alike but for their end keep two copies
    for copy in texts.values():
        assert len(Path(copy).name.encode()) <= 255
        assert (out / copy).read_text(encoding="utf-8").strip()
    # the same names give the same copies' names: deterministic
    code, _, _ = cli(capsys, "build", str(src), "--out", str(tmp_path / "again"), "--jobs", "1")
    assert manifest(tmp_path / "again")["texts"] == texts


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of one corpus document."""
    out = tmp_path_factory.mktemp("small") / "out"
    assert main(["build", str(CORPUS[0]), "--out", str(out), "--jobs", "1"]) == 0
    return out


@pytest.mark.parametrize("base", ["http://x/a b/", "", 'http://x/"q"/', "http://x/{a}/", "http://[::1/", "ftp://x/"])
@pytest.mark.parametrize("command", ["build", "publish"])
def test_bad_base_uri_is_one_line_usage_error(
    tmp_path: Path, small: Path, base: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (small / "manifest.json").read_bytes()
    if command == "build":
        argv = ["build", str(CORPUS[0]), "--out", str(small), "--base-uri", base]
    else:
        argv = ["publish", "--data", str(small), "--out", str(tmp_path / "site"), "--base-uri", base]
    code, out, err = cli(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("palermo: --base-uri")
    assert (small / "manifest.json").read_bytes() == before and not (tmp_path / "site").exists()


def test_base_uri_without_its_slash_gets_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, _, err = cli(capsys, "build", str(CORPUS[0]), "--out", str(out), "--jobs", "1", "--base-uri", "http://x/kg")
    assert code == 0, err
    assert manifest(out)["base"] == "http://x/kg/"
    assert "<http://x/kg/doc/" in (out / "graph.nt").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:abc/store", "http://a b/", "", "http://x:99999/"])
@pytest.mark.parametrize("command", ["push", "query"])
def test_bad_store_or_endpoint_url_is_one_line_usage_error(
    small: Path, url: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if command == "push":
        argv = ["push", "--data", str(small), "--store", url]
    else:
        argv = ["query", "documents", "--data", str(small), "--endpoint", url]
    code, out, err = cli(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(
        f"palermo: --{'store' if command == 'push' else 'endpoint'}"
    )


# --- 8: what query writes to a terminal, parameter values ----------------------------------------------


def test_query_table_escapes_control_characters_from_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    names = ["a\x1b[2Jb.txt", "c\x9bd\u202eevil.txt", "e\x07f.txt"]  # clear screen, CSI, right-to-left, bell
    for name, corpus in zip(names, CORPUS, strict=False):
        (src / name).write_bytes(corpus.read_bytes())
    out = tmp_path / "out"
    assert cli(capsys, "build", str(src), "--out", str(out), "--jobs", "1")[0] == 0
    code, table, _ = cli(capsys, "query", "documents", "--data", str(out), "--format", "table")
    assert code == 0
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", table)
    assert "\\x1b[2J" in table and "\\x07" in table
    code, csv_out, _ = cli(capsys, "query", "documents", "--data", str(out), "--format", "csv")
    assert "a\x1b[2Jb.txt" in csv_out  # the data itself, for programs, is left as it is


def test_a_parameter_value_that_is_not_valid_is_named(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "query", "cites-article", "--data", str(small), "--param", "article=٣")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "article" in err and "٣" in err
    for digits in ("9", "９", " 9 "):  # full width and spaces are a user's way of writing 9
        code, out, err = cli(capsys, "query", "cites-article", "--data", str(small), "--param", f"article={digits}")
        assert code == 0, err
    code, _, err = cli(capsys, "query", "cited-by", "--data", str(small), "--param", "symbol=٣")
    assert "malformed" not in err and code in (0, 2)  # a string: no row, or named as no symbol of the data


@pytest.mark.parametrize(
    ("target", "data", "budget", "reason"),
    [
        ("builtins:exec", b"while True: pass", Budget(cpu=1, wall=30), "took more than 1 s of CPU"),
        ("builtins:exec", b"import time; time.sleep(30)", Budget(wall=1), "took longer than 1 s"),
        ("zlib:decompress", zlib.compress(b"\0" * (300 << 20)), Budget(memory=256 << 20), "more than 256 MiB"),
        ("builtins:exec", b"raise ValueError('refused, in one line')", Budget(), "refused, in one line"),
    ],
    ids=["cpu", "wall", "memory", "raised"],
)
def test_sandbox_holds_a_reader_to_its_budget(target: str, data: bytes, budget: Budget, reason: str) -> None:
    with pytest.raises(sandbox.Failed) as failed:
        sandbox.run(target, data, budget)
    assert reason in failed.value.reason and "\n" not in failed.value.reason


def test_sandbox_gives_the_readers_text() -> None:
    assert sandbox.run("palermo.wordfile:text", make_docx("一\nTwo")) == "一\nTwo\n"


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat_file.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux's /proc")
def test_sandbox_child_dies_with_the_worker_that_started_it() -> None:
    spin = (
        "from palermo import sandbox; "
        "sandbox.run('builtins:exec', b'while True: pass', sandbox.Budget(cpu=60, wall=60))"
    )
    parent = subprocess.Popen([sys.executable, "-c", spin])
    try:
        for _ in range(200):
            children = _children(parent.pid)
            if children:
                break
            time.sleep(0.05)
        assert children, "the sandbox's child did not start"
        parent.kill()  # as pool.terminate() ends a build worker: no time to clean up
        parent.wait()
        for _ in range(100):
            if not any(Path(f"/proc/{c}").exists() and "Z" not in _state(c) for c in children):
                break
            time.sleep(0.05)
        assert not any(Path(f"/proc/{c}").exists() and "Z" not in _state(c) for c in children)
    finally:
        parent.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_a_folder_named_in_bytes_that_are_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "src" / os.fsdecode(b"dossier\xe9")
    folder.mkdir(parents=True)
    (folder / "good.txt").write_bytes(CORPUS[0].read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    code, _, err = cli(capsys, "build", str(tmp_path / "src"), "--out", str(out), "--jobs", "1")
    assert code == 1
    assert errors(err) == [f"palermo: {tmp_path}/src/dossier\\xe9/empty.txt: empty document"]
    assert manifest(out)["errors"] == [f"{tmp_path}/src/dossier\\xe9/empty.txt: empty document"]


def test_an_error_naming_a_file_does_not_act_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "a\x1b]0;owned\x07b\u202e.txt"  # sets the window's title, then reverses the line
    odd.write_bytes(b"")
    code, _, err = cli(capsys, "build", str(odd), str(CORPUS[0]), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code == 1
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", err)
    assert "a\\x1b]0;owned\\x07b\\u202e.txt: empty document" in err


def test_a_folder_that_cannot_be_read_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unreadable folder inside the folder named (root reads every folder: the refusal is
    made by a stand-in for os.scandir)."""
    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    (src / "a.txt").write_bytes(CORPUS[0].read_bytes())
    scandir = os.scandir

    def refusing(folder: Path | int) -> object:  # shutil.rmtree lists folders by descriptor
        if not isinstance(folder, int) and Path(folder).name == "locked":
            raise PermissionError(13, "Permission denied")
        return scandir(folder)

    monkeypatch.setattr(os, "scandir", refusing)
    code, _, err = cli(capsys, "build", str(src), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code == 1
    assert errors(err) == [f"palermo: {src / 'locked'}: cannot read this folder (Permission denied)"]
