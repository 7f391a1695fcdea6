"""The code stays ruff-clean (mypy, run from the checkout as its configuration names the modules,
is tests/test_layout.py's)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_clean() -> None:
    p = subprocess.run(["ruff", "check", "--output-format", "concise", str(ROOT)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
