"""The folder layout as the tools see it from a checkout (issue 28): extract/, graph/ and ontology/
are installed as palermo.extract, palermo.graph and palermo.ontology ([tool.setuptools.package-dir]),
and `python -m mypy` with no arguments checks them under those names through the links of
.typing/palermo/ ([tool.mypy] mypy_path and files), so the links and the list follow the mapping."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # mypy's own dependency before 3.11
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LINKS = ROOT / ".typing"


def mapped_elsewhere(package_dir: dict[str, str], root: Path) -> dict[str, Path]:
    """The subpackages of palermo that the mapping puts outside palermo/ and that hold Python, by
    their name under palermo (a subpackage inside another of these is reached through it)."""
    outside = {
        name.split(".", 1)[1]: root / folder
        for name, folder in package_dir.items()
        if name.count(".") == 1 and Path(folder) != Path(name.replace(".", "/"))
    }
    return {name: folder for name, folder in outside.items() if any(folder.rglob("*.py"))}


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize(
    ("package_dir", "python_in", "expected"),
    [
        ({"palermo": "palermo", "palermo.graph": "graph"}, ["graph"], {"graph": "graph"}),
        ({"palermo.graph": "graph", "palermo.graph.serve": "graph/serve"}, ["graph/serve"], {"graph": "graph"}),
        ({"palermo.queries": "queries"}, [], {}),  # data alone: nothing for mypy
        ({"palermo.kinds": "palermo/kinds"}, ["palermo/kinds"], {}),  # where the package is anyway
        ({"palermo.extract": "extract", "palermo.graph": "graph"}, ["extract"], {"extract": "extract"}),
    ],
)
def test_mapped_elsewhere(
    tmp_path: Path, package_dir: dict[str, str], python_in: list[str], expected: dict[str, str]
) -> None:
    for folder in package_dir.values():
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for folder in python_in:
        (tmp_path / folder / "__init__.py").write_text("", encoding="utf-8")
    assert mapped_elsewhere(package_dir, tmp_path) == {k: tmp_path / v for k, v in expected.items()}


def test_the_links_follow_the_mapping() -> None:
    tool = _project()["tool"]
    assert isinstance(tool, dict)
    mapped = mapped_elsewhere(tool["setuptools"]["package-dir"], ROOT)
    assert {"extract", "graph"} <= set(mapped)
    linked = {p.name: p.resolve() for p in (LINKS / "palermo").iterdir() if p.name != "__init__.py"}
    assert linked == {name: folder.resolve() for name, folder in mapped.items()}
    assert (LINKS / "palermo" / "__init__.py").resolve() == (ROOT / "palermo" / "__init__.py").resolve()
    mypy = tool["mypy"]
    assert mypy["mypy_path"] == LINKS.name
    assert sorted(mypy["files"]) == sorted(["palermo", *(f"{LINKS.name}/palermo/{name}" for name in mapped)])


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is not installed")
def test_mypy_from_a_checkout(tmp_path: Path) -> None:
    """No arguments: the configuration's files, every module under its installed name."""
    env = {**os.environ, "MYPY_CACHE_DIR": str(tmp_path / "cache")}
    p = subprocess.run([sys.executable, "-m", "mypy", "-v"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stdout[-3000:]
    assert "module='palermo.graph.query'" in p.stderr and "module='palermo.extract.context'" in p.stderr
