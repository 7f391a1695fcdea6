"""Tools and resources: model laws, manuals, toolkits, databases, campaigns, apps.

Three places name them: the headings of a tools section ("关键工具和推荐的参考资料",
"主要工具和推荐资源", "Key tools and recommended resources"), any text naming a tool of the
reference list (ontology/tools.csv, every variant title a row), and named apps and projects
("名为 LibertApp 的应用程序", "THB Liberi 项目"). A heading title is compared with the list after
dropping book-title marks, a publisher prefix ("毒品和犯罪问题办公室，") and a year; a tool that is
not in the list still becomes a node, marked as discovered.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from palermo import lang as langs
from palermo import reference
from palermo.extract.gazetteer import organizations_in
from palermo.models import Block, Fact, ToolFact, evidence

if TYPE_CHECKING:
    from palermo.extract.context import Context

NAME = "tools"
_MARKS = re.compile(r"[《》〈〉<>“”\"'‘’\[\]\s*]")
_YEAR = re.compile(r"[(（]\s*\d{4}[^)）]{0,10}[)）]\s*$")
_BOLD = re.compile(r"\*\*(?P<title>[^*]{3,200})\*\*")


def norm(title: str) -> str:
    """Comparison key of a title: NFKC, no marks, quotes, brackets or spaces, case-folded."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", title)).casefold()


@cache
def _index() -> dict[str, str]:
    return {norm(label): t.key for t in reference.tools().values() for names in t.labels.values() for label in names}


@cache
def _label_regex(code: str) -> re.Pattern[str]:
    labels = {label for t in reference.tools().values() for label in t.labels.get(code, ()) if len(label) >= 4}
    forms = []
    for label in sorted(labels, key=lambda s: (-len(s), s)):
        bare = re.sub(r"[《》]", "", label)
        forms.append(r"《?\s*".join(re.escape(part) for part in bare.split("<")) if "<" in bare else re.escape(bare))
    return re.compile("|".join(forms) or "(?!)")  # a language no tool is titled in yet


def match(lang: langs.Lang, title: str) -> str | None:
    """The reference tool a printed title names, if any."""
    orgs = organizations_in(lang, title)
    if orgs and orgs[0][0] == 0:
        title = title[orgs[0][1] :].lstrip(" ,，、的")
    title = _YEAR.sub("", title)
    key = norm(title)
    index = _index()
    if key in index:
        return index[key]
    inside = [(len(k), v) for k, v in index.items() if len(k) >= 5 and k in key]
    if inside:
        return max(inside)[1]
    around = [(len(k), v) for k, v in index.items() if len(key) >= 6 and key in k]
    return min(around)[1] if around else None


class _Tools:
    def __init__(self, ctx: Context) -> None:
        self.doc = ctx.doc
        self.lang = ctx.lang
        self.facts: list[Fact] = []

    def add(self, block: Block, start: int, end: int, title: str) -> None:
        title = title.strip(" ,，:：。")
        key = match(self.lang, title)
        self.facts.append(ToolFact(evidence(self.doc, block, start, end), NAME, key, title))

    def run(self) -> list[Fact]:
        in_section = False
        headings = self.lang.pattern("heading-roman")
        seen: set[tuple[str, int]] = set()
        for b in self.doc.blocks:
            if b.kind == "heading" and headings.match(b.text):
                in_section = False
            if b.kind == "heading" and self.lang.pattern("tools-heading").search(b.text):
                in_section = True
                for m in _BOLD.finditer(b.text):
                    self.add(b, m.start("title"), m.end("title"), m.group("title"))
                    seen.add((b.key, m.start("title")))
                continue
            if in_section and b.kind == "heading" and not self.lang.pattern("not-tool-heading").search(b.text):
                self.add(b, 0, len(b.text), _BOLD.sub(r"\g<title>", b.text))
                seen.add((b.key, 0))
                continue
            for m in _label_regex(self.lang.code).finditer(b.text):
                if not any(k == b.key and s <= m.start() for k, s in seen if b.kind == "heading"):
                    self.add(b, m.start(), m.end(), m.group())
            for m in self.lang.pattern("tool-named").finditer(b.text):
                group = "title" if m.group("title") else "title2"
                title = m.group(group).strip()
                if match(self.lang, title) is None:
                    self.add(b, m.start(group), m.end(group), title)
        return self.facts


def extract(ctx: Context) -> list[Fact]:
    return _Tools(ctx).run()
