"""Length units of the languages, measured on real language versions of one text; and how the
aligner does on them.

    python benchmarks/align_units.py [--shared DIR]

graph/links.py weighs a pair of paragraphs by how well their lengths fit, each length counted in
letters and given in English letters by the language table's `length-unit letters` row (zh 0.26:
an ideograph says what about four English letters do). This script measures that unit from the
blocks of ../shared that a reader checked by hand to say the same thing in two languages (`PAIRS`:
files and block keys, never their text): for each two languages the median ratio of their letters,
as graph/links.py measures a work's ratio; then each language's unit by least squares over those
log medians, each weighted by its count of pairs, English fixed at 1, so languages measured only
against each other (Arabic against French) reach English through a third. The Chinese pairs are
the golden alignment of tests/test_links.py: they check the method against a unit already set.

It then aligns each two versions as one work (align_versions on their rows, whatever works the
build makes of them) and prints the pairs made against those checked: right, wrong, and missed
(masthead lines with masthead lines are never paired, by design, so they are not counted missed).

Figures only: the tables are set by hand from them (ontology/lang/<lang>.tsv).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from palermo.extract import extract_all
from palermo.graph.build import document_graph
from palermo.graph.links import align_versions, alignment_rows
from palermo.iri import DEFAULT_BASE, PAL, Minter
from palermo.models import Document
from palermo.reader import read


@dataclass(frozen=True)
class Pair:
    """Blocks of two versions that say the same thing: keys (`header/5[22:770]`: a slice of a
    block's text, where a mirror ran paragraphs together), and whether both are whole (a text cut
    by its excerpt is still a right pair for the aligner, but its length says nothing)."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    whole: bool = True


def _p(a: str, b: str, whole: bool = True) -> Pair:
    return Pair(tuple(a.split()), tuple(b.split()), whole)


EN_WG4_2010_2 = "samples-en/01-wg4-2010-2-key-concepts-bp.txt"
# (file a, file b, pairs), files under ../shared; each pair read in both texts whole.
PAIRS: list[tuple[str, str, list[Pair]]] = [
    # HRC resolution 26/8, French and Arabic: the masthead line by line; the preambular paragraphs
    # one for one (the Arabic fourth cut by the excerpt).
    (
        "samples-un6/fr03.txt",
        "samples-un6/ar01.txt",
        [
            *(_p(f"header/{k}", f"header/{k}") for k in (1, 3, 8, 9, 10, 11, 12, 13, 14)),
            *(_p(f"pp/{k}", f"pp/{k}") for k in (1, 2, 3)),
            _p("pp/4", "pp/4", whole=False),
        ],
    ),
    # CTOC/COP/WG.4/2010/2, French and Russian: the body's name, the place and dates, the agenda
    # item, the short title and the kind of paper; the contents entries (read as masthead lines in
    # the French, as contents in the Russian).
    (
        "samples-un6/fr02.txt",
        "samples-un6/ru02.txt",
        [
            *(_p(f"header/{f}", f"header/{r}") for f, r in ((9, 12), (10, 13), (11, 14), (13, 17), (14, 18))),
            *(_p(f"header/{f}", f"toc/{r}") for f, r in ((19, 1), (22, 2), (24, 3), (27, 4), (29, 5), (32, 6))),
            *(_p(f"header/{f}", f"toc/{r}") for f, r in ((35, 7), (36, 8))),
        ],
    ),
    # … and in English: the short title and the kind of paper (the rest of the English masthead
    # and contents is run into long lines by its mirror).
    (EN_WG4_2010_2, "samples-un6/fr02.txt", [_p("header/5", "header/13"), _p("header/6", "header/14")]),
    (EN_WG4_2010_2, "samples-un6/ru02.txt", [_p("header/5", "header/17"), _p("header/6", "header/18")]),
    # SC resolution 2331 (2016), English and Russian: the English preamble is one line on its
    # mirror; its first four preambular paragraphs against the Russian ones, the council's name.
    (
        "samples-dev2/e12.txt",
        "samples-un6/ru05.txt",
        [
            _p("header/5[0:22]", "header/3"),
            _p("header/5[22:770]", "pp/1 pp/2 pp/3 pp/4"),
            *(_p("header/5", f"pp/{k}", whole=False) for k in range(1, 6)),
        ],
    ),
    # The Human Rights Council's agenda item 3 and its title, printed alike in every session's
    # documents: A/HRC/32/41 in English against resolution 26/8 in French and Arabic.
    ("samples-dev/d19.txt", "samples-un6/fr03.txt", [_p("header/7", "header/10"), _p("header/8", "header/11")]),
    ("samples-dev/d19.txt", "samples-un6/ar01.txt", [_p("header/7", "header/10"), _p("header/8", "header/11")]),
    # … and in Spanish, in HRC resolution 53/9: the same masthead lines, agenda item and title, and
    # the line opening the preamble, as every resolution of the Council prints them.
    (
        "samples-un6/es03.txt",
        "samples-un6/fr03.txt",
        [_p(f"header/{e}", f"header/{f}") for e, f in ((1, 1), (3, 3), (8, 8), (11, 10), (12, 11), (15, 14))],
    ),
    (
        "samples-un6/es03.txt",
        "samples-un6/ar01.txt",
        [_p(f"header/{e}", f"header/{a}") for e, a in ((1, 1), (3, 3), (8, 8), (11, 10), (12, 11), (15, 14))],
    ),
    ("samples-dev/d19.txt", "samples-un6/es03.txt", [_p("header/7", "header/11"), _p("header/8", "header/12")]),
    # The E4J university module's page on the COP, French and Arabic: its aim, and article 32 (3).
    ("samples-un6/fr07.txt", "samples-un6/ar04.txt", [_p("header/1", "header/5"), _p("header/2", "header/6")]),
    # HRC resolution 8/12 and GA resolution 51/66, English and Chinese (tests/test_links.py).
    (
        "samples-dev/d17.txt",
        "samples-dev/d44.txt",
        [_p(f"pp/{k}", f"header/{k + 5}") for k in (1, 2, 3)]
        + [_p(f"pp/{k}", f"pp/{k - 3}", whole=k < 7) for k in (4, 5, 6, 7)],
    ),
    ("samples-dev/d15.txt", "samples-dev/d43.txt", [_p(f"pp/{k}", f"pp/{k}") for k in range(1, 6)]),
]

_SLICE = re.compile(r"^(?P<key>[^\[]+)(?:\[(?P<start>\d+):(?P<end>\d+)\])?$")


def letters(doc: Document, keys: tuple[str, ...]) -> int:
    """Letters of the blocks (or slices), counted as graph/links.alignment_rows counts them."""
    total = 0
    for spec in keys:
        m = _SLICE.match(spec)
        if m is None:
            raise SystemExit(f"align_units: bad block key {spec!r}")
        text = doc.block(m["key"]).text
        if m["start"] is not None:
            text = text[int(m["start"]) : int(m["end"])]
        total += sum(map(str.isalpha, text))
    return total


def units(medians: dict[tuple[str, str], tuple[float, int]]) -> dict[str, float]:
    """Each language's letters per English letter: least squares over log(b / a) = u_b - u_a,
    weighted by the pairs behind each median, u_en = 0; languages with no path to English left out."""
    reached, frontier = {"en"}, ["en"]
    while frontier:
        here = frontier.pop()
        for a, b in medians:
            for x, y in ((a, b), (b, a)):
                if x == here and y not in reached:
                    reached.add(y)
                    frontier.append(y)
    free = sorted(reached - {"en"})
    rows, rhs = [], []
    for (a, b), (ratio, n) in medians.items():
        if a in reached and b in reached:
            row = [0.0] * len(free)
            for lang, sign in ((a, -1.0), (b, 1.0)):
                if lang != "en":
                    row[free.index(lang)] += sign
            rows.append([math.sqrt(n) * v for v in row])
            rhs.append(math.sqrt(n) * math.log(ratio))
    if not free:
        return {"en": 1.0}
    solution = _least_squares(rows, rhs)
    return {"en": 1.0, **{lang: math.exp(u) for lang, u in zip(free, solution)}}


def _least_squares(rows: list[list[float]], rhs: list[float]) -> list[float]:
    """x minimising |rows·x − rhs|: the normal equations solved by Gauss-Jordan elimination (a
    handful of languages: no linear-algebra package needed)."""
    n = len(rows[0])
    a = [
        [sum(r[i] * r[j] for r in rows) for j in range(n)] + [sum(r[i] * y for r, y in zip(rows, rhs))]
        for i in range(n)
    ]
    for col in range(n):
        pivot = max(range(col, n), key=lambda k: abs(a[k][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for k in range(n):
            if k != col and a[col][col]:
                factor = a[k][col] / a[col][col]
                a[k] = [x - factor * y for x, y in zip(a[k], a[col])]
    return [a[i][n] / a[i][i] if a[i][i] else 0.0 for i in range(n)]


def _aligned(
    files: tuple[Path, Path], docs: dict[Path, Document], minter: Minter
) -> tuple[set[tuple[str, str]], list[dict[str, str]]]:
    """(key in a, key in b) of the pairs the aligner makes of the two versions taken as one
    work, and the kind of each block it weighs in a and in b (contents entries are not)."""
    rows, kinds = [], []
    for k, path in enumerate(files):
        built = document_graph(docs[path], extract_all(docs[path]).facts, minter)
        own = alignment_rows(built, built.g.sorted())
        kinds.append({row[3]: row[4] for row in own})
        rows += [["work", f"work/{k}", f"work/{k}/{row[3]}", *row[3:]] for row in own]
    out = set()
    for line in align_versions(rows):
        s, p, o = line.split(" ")[:3]
        if p == f"<{PAL.alignedWith}>" and s.startswith("<work/0/"):
            out.add((s[1:-1].split("/", 2)[2], o[1:-1].split("/", 2)[2]))
    return out, kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("PALERMO_SHARED") or Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--shared", type=Path, default=default, help="the folder holding samples-un6/ …")
    args = parser.parse_args(argv)
    minter, docs = Minter(DEFAULT_BASE), {}
    ratios: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)  # (ratio, shorter side)
    print("alignment of each two versions as one work (pairs made: right / wrong; checked pairs missed)")
    for name_a, name_b, pairs in PAIRS:
        files = (args.shared / name_a, args.shared / name_b)
        for path in files:
            if path not in docs:
                if not path.is_file():
                    print(f"align_units: {path} is missing (--shared or PALERMO_SHARED)", file=sys.stderr)
                    return 1
                docs[path] = read(path)
        a, b = (docs[p] for p in files)
        langs = (a.language, b.language)
        for pair in pairs:
            if pair.whole:
                n_a, n_b = letters(a, pair.a), letters(b, pair.b)
                if langs[0] > langs[1]:
                    langs_key, ratio = (langs[1], langs[0]), n_a / n_b
                else:
                    langs_key, ratio = langs, n_b / n_a
                ratios[langs_key].append((ratio, min(n_a, n_b)))
        right = {(x.split("[")[0], y.split("[")[0]) for p in pairs for x in p.a for y in p.b}
        made, (kinds_a, kinds_b) = _aligned(files, docs, minter)
        weighed = {(x, y) for x, y in right if x in kinds_a and y in kinds_b}
        maybe = {(x, y) for x, y in weighed if not kinds_a[x] == kinds_b[y] == "header"}
        print(
            f"  {files[0].name} {files[1].name}: {len(made & right)} / {len(made - right)}; "
            f"missed {len(maybe - made)} of {len(maybe)}"
            + "".join(f"\n    wrong {x} - {y}" for x, y in sorted(made - right))
        )
    _report(ratios, 0, "the pairs checked")
    _report(ratios, LONG, f"the pairs of at least {LONG} letters a side (a masthead line's few words vary most)")
    return 0


LONG = 40


def _report(ratios: dict[tuple[str, str], list[tuple[float, int]]], shortest: int, which: str) -> None:
    """The median ratio of each two languages over the pairs with `shortest` letters a side or
    more, and the units they give."""
    kept = {k: [r for r, n in v if n >= shortest] for k, v in sorted(ratios.items())}
    medians = {k: (statistics.median(v), len(v)) for k, v in kept.items() if v}
    print(f"\nletters of b per letter of a, median over {which} (min … max)")
    for (la, lb), (ratio, n) in medians.items():
        print(f"  {la}-{lb}  {ratio:6.3f}  n={n:2d}  ({min(kept[la, lb]):.2f} … {max(kept[la, lb]):.2f})")
    print("length-unit letters, measured (least squares, en = 1)")
    print("  " + "  ".join(f"{lang} {unit:.2f}" for lang, unit in sorted(units(medians).items())))


if __name__ == "__main__":
    sys.exit(main())
