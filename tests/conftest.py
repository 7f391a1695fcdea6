"""Shared fixtures: the bundled corpus built once per session, and golden-file comparison."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from palermo.graph.publish import publish
from palermo.graph.query import library, run
from palermo.graph.store import open_store
from palermo.pipeline import BuildResult, build
from palermo.resources import corpus_dir

GOLDEN = Path(__file__).parent / "golden"
# The real texts the project may not copy: ../shared beside the clone, or $PALERMO_SHARED.
SHARED = Path(os.environ.get("PALERMO_SHARED") or Path(__file__).resolve().parents[2] / "shared")
ABSENT = "is not on this machine"  # a skip for want of ../shared, counted at the end


def shared(name: str) -> Path:
    """A folder of ../shared; the test is skipped when this machine has none."""
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"{path} {ABSENT} (set PALERMO_SHARED)")
    return path


def shared_files(name: str) -> list[Path]:
    """The .txt files of a folder of ../shared (none when absent: parametrized tests then skip)."""
    return sorted((SHARED / name).glob("*.txt")) if (SHARED / name).is_dir() else []


def pytest_unconfigure(config: pytest.Config) -> None:
    """Tell a new user, last, why tests skipped for want of ../shared, and how to point them at samples."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    absent = [r for r in reporter.stats.get("skipped", []) if ABSENT in str(getattr(r, "longrepr", ""))]
    if absent:
        reporter.write_line(
            f"{len(absent)} test(s) skipped: the real documents they read are not in {SHARED} on this machine; "
            "set PALERMO_SHARED to a folder holding corpus/, samples-en/, samples-dev/ … to run them"
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from this run")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled corpus, built once into a temporary folder."""
    return build([corpus_dir()], tmp_path_factory.mktemp("build") / "data")


@pytest.fixture(scope="session")
def site(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus build published once, under the default base (tests only read it)."""
    out = tmp_path_factory.mktemp("site") / "site"
    publish(built.out, "https://example.org/palermo/", out)
    return out


@pytest.fixture(scope="session")
def rows(built: BuildResult):  # type: ignore[no-untyped-def]
    """Run a library query on the corpus build: name → (columns, rows)."""
    store = open_store(built.out)

    def run_query(name: str) -> tuple[list[str], list[list[str]]]:
        result = run(store, library()[name])
        return result.columns, result.rows

    return run_query


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare sorted rows with tests/golden/<name>.csv; --update-golden rewrites the file."""
    update = request.config.getoption("--update-golden")

    def check(name: str, columns: list[str], rows: list[list[str]]) -> None:
        path = GOLDEN / f"{name}.csv"
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows(sorted(rows))
        if update:
            path.write_text(buf.getvalue(), encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and check it by hand"
        expected = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert [columns, *sorted(rows)] == expected

    return check


@pytest.fixture
def oxigraph(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real Oxigraph server on a loopback port for this test, killed after it (skipped where the
    `oxigraph` command is not installed)."""
    from test_remote import OXIGRAPH, Server

    if OXIGRAPH is None:
        pytest.skip("the oxigraph server is not installed")
    server = Server(tmp_path / "oxigraph")
    server.start()
    yield server
    server.kill()
