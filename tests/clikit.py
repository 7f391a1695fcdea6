"""What the command-line tests share: running `palermo` in-process or as a user's subprocess, and
reading a build's manifest."""

from __future__ import annotations

import json
import sys
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
