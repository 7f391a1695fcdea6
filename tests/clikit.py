"""What the command-line tests share: running `palermo` in-process or as a user's subprocess,
reading a build's manifest, and a server (`palermo serve`'s, or any) running for a test."""

from __future__ import annotations

import http.server
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from palermo.cli import main
from palermo.resources import corpus_dir

CORPUS = sorted(corpus_dir().glob("*.txt"))
# `palermo` as a user runs it, in a process of its own (signals, exit codes, stdout closed early)
PALERMO = [sys.executable, "-c", "import sys; from palermo.cli import main; sys.exit(main())"]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process: its exit code, stdout and stderr; never a traceback."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def manifest(out: Path) -> dict[str, object]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@contextmanager
def running(server: http.server.HTTPServer) -> Iterator[str]:
    """`server` answering in a background thread while the block runs: its base URL (ending in
    `/`); shut down and closed after it."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(30)
