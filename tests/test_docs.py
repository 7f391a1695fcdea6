"""The documentation a newcomer reads: a short README whose links lead somewhere, and docs/ that
MkDocs builds without a warning (a page left out of the navigation, a broken link or anchor)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)\s]*)?\)")


def test_readme_is_short_and_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 25_000
    first, second = text.splitlines()[:2]
    assert first.strip().endswith("palermo build") and second.strip().endswith("python -m pytest")


@pytest.mark.parametrize(
    "page",
    ["how-it-works.md", "build-folder.md", "extending.md", "benchmarks.md", "testing.md", "index.md"],
)
def test_readme_links_into_docs(page: str) -> None:
    assert f"](docs/{page})" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", [README, *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_relative_links_lead_to_a_file(source: Path) -> None:
    targets = [t for t in LINK.findall(source.read_text(encoding="utf-8")) if "://" not in t]
    missing = [t for t in targets if not (source.parent / t).is_file()]
    assert not missing, f"{source.name}: {missing}"


def test_mkdocs_builds_strict(tmp_path: Path) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    assert (tmp_path / "site" / "extending" / "index.html").is_file()
