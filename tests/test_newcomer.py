"""What a new user reads first: the build's summary line, and why tests skipped on a machine
without ../shared."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from palermo.cli import build_summary

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("counts", "line"),
    [
        (
            (5, 0, 5, 0),
            "5 documents in the graph from 5 files; 5 files extracted now, 0 unchanged since the last build",
        ),
        (
            (9, 2, 10, 0),  # an unreadable file, and a copy of a version extracted then left out
            "9 documents in the graph from 11 files (2 left out: named above); 10 files extracted now, "
            "0 unchanged since the last build",
        ),
        (
            (1, 1, 0, 1),
            "1 document in the graph from 2 files (1 left out: named above); 0 files extracted now, "
            "1 unchanged since the last build",
        ),
    ],
)
def test_build_summary(counts: tuple[int, int, int, int], line: str) -> None:
    assert build_summary(*counts) == line


def test_skips_for_want_of_shared_are_explained(tmp_path: Path) -> None:
    env = {**os.environ, "PALERMO_SHARED": str(tmp_path / "no-shared")}
    p = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_samples_dev.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    *_, totals, last = p.stdout.strip().splitlines()
    skipped = re.fullmatch(r"(\d+) skipped in .*", totals)
    assert p.returncode == 0 and skipped, p.stdout[-500:]
    assert last.startswith(f"{skipped.group(1)} test(s) skipped: ")  # said last, every skip counted
    assert str(tmp_path / "no-shared") in last and "set PALERMO_SHARED" in last
