"""The code stays ruff- and mypy-clean (mypy on an installed copy: the package maps extract/ and
graph/ into palermo.*, which only an installed layout shows to mypy)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_clean() -> None:
    p = subprocess.run(["ruff", "check", "--output-format", "concise", str(ROOT)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is not installed")
def test_mypy_clean(tmp_path: Path) -> None:
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", str(ROOT)]
    subprocess.run([*pip, "--target", str(target)], check=True, capture_output=True)
    p = subprocess.run(
        ["mypy", "--config-file", str(ROOT / "pyproject.toml"), "-p", "palermo"],
        cwd=target,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stdout + p.stderr
