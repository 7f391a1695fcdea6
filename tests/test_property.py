"""Property: whatever shape a real text arrives in (lines or paragraphs shuffled, cut at random
points, several texts run together, every line break lost), the build never crashes, never emits
a value its own shapes reject, and its merged graph conforms however the copies disagree.
Seeded, so a failure replays; PALERMO_PROPERTY_ROUNDS runs more rounds locally."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import shared_files

from palermo.graph.validate import validate_nt
from palermo.pipeline import BuildResult, build
from palermo.reader import decode
from palermo.resources import corpus_dir

SOURCES = sorted(corpus_dir().glob("*.txt")) + shared_files("samples-en") + shared_files("samples-dev")
ROUNDS = int(os.environ.get("PALERMO_PROPERTY_ROUNDS", "1"))


def shuffle_lines(text: str, rng: random.Random, _: list[str]) -> str:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


def shuffle_paragraphs(text: str, rng: random.Random, _: list[str]) -> str:
    paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)
    return "\n\n".join(paragraphs)


def cut(text: str, rng: random.Random, _: list[str]) -> str:
    """Cut at two random points: keep a random middle stretch (maybe mid-word, mid-symbol)."""
    a = rng.randrange(len(text))
    b = rng.randrange(a, len(text) + 1)
    return text[a:b] if text[a:b].strip() else text[: max(b, 1)]


def run_together(text: str, rng: random.Random, others: list[str]) -> str:
    """This text with pieces of two others, joined on one line or at a random line."""
    pieces = [text, *rng.sample(others, 2)]
    joiner = rng.choice(["", " ", "\n"])
    return joiner.join(p[: rng.randrange(1, len(p) + 1)] for p in pieces)


def flatten(text: str, rng: random.Random, _: list[str]) -> str:
    return " ".join(text.split())


PERTURBATIONS: dict[str, Callable[[str, random.Random, list[str]], str]] = {
    "shuffle-lines": shuffle_lines,
    "shuffle-paragraphs": shuffle_paragraphs,
    "cut": cut,
    "run-together": run_together,
    "flatten": flatten,
}


@pytest.fixture(scope="module")
def perturbed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, BuildResult, int]]:
    """One build per round and perturbation: a build reads each language version of a document
    once, so variants of one text go to different builds."""
    texts = [decode(p) for p in SOURCES]
    builds = []
    for round_ in range(ROUNDS):
        for name, perturb in PERTURBATIONS.items():
            folder = tmp_path_factory.mktemp(f"{round_}-{name}")
            written = 0
            for i, (path, text) in enumerate(zip(SOURCES, texts, strict=True)):
                rng = random.Random(f"{round_}/{name}/{path.name}")
                variant = perturb(text, rng, texts[:i] + texts[i + 1 :])
                if variant.strip():
                    (folder / f"{path.stem}.txt").write_text(variant, encoding="utf-8")
                    written += 1
            out = tmp_path_factory.mktemp("data") / "data"
            builds.append((f"{round_}-{name}", build([folder], out, jobs=2), written))
    return builds


def test_perturbation_is_real() -> None:
    text = "\n".join(f"line {n}" for n in range(20))
    rng = random.Random(1)
    assert shuffle_lines(text, rng, []) != text
    assert cut(text, rng, []) != text


@pytest.mark.parametrize("index", range(len(PERTURBATIONS)))
def test_perturbed_texts_build_without_crash_or_violation(
    perturbed: list[tuple[str, BuildResult, int]], index: int
) -> None:
    for name, result, written in perturbed[index :: len(PERTURBATIONS)]:
        assert written >= len(SOURCES) - 1, name
        assert [e for e in result.errors if "extraction failed" in e] == [], name
        assert len(result.documents) + len(result.errors) == written, name
        assert result.report is not None
        # run together, two language versions of one document may be read differently (two
        # types, two dates): the merged graph keeps one value and reports the disagreement
        assert [v.line() for v in result.report.violations] == [], name
        if result.disagreements:  # where merging settled something, the reference engine agrees
            graph = (result.out / "graph.nt").read_text(encoding="utf-8")
            assert validate_nt(graph, "pyshacl").violations == (), name


def test_sources_cover_the_families() -> None:
    assert len(SOURCES) >= 5
    if shared_files("samples-dev"):
        assert len(SOURCES) >= 50
    assert all(isinstance(p, Path) for p in SOURCES)
