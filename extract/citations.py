"""Citations: UN document symbols, decisions and resolutions, articles of the instruments.

Forms (the words and shapes are in ontology/lang):
- symbols anywhere, link markup and stray spaces removed (`CTOC/COP/WG.4/ 2013/L.1`), with
  the cited paragraphs that follow ("，第 46-51 段"); a symbol naming an act (`A/RES/64/293`)
  cites that act;
- acts: "2008 年 10 月 17 日第 4/4 号决定", "大会…第 61/144 号决议、…第 61/180 号决议", titles
  ("题为“…”的第 7/1 号决议"), EU directives and OSCE decisions; the issuing body is the nearest
  one named before in the sentence, else in the paragraph, else the acting body of the
  document ("其…决定"), else the one its numbering implies;
- articles: "第 9 条第(4)款", "第 32 和 37 条", "议事规则第 2 条第 2 款", "《A》和《B》第 12 条" (both),
  "这两项议定书第 13 条" (the two protocols just named), "在其第 8 条" (the instrument named
  before); the instrument names are data, full titles and short forms alike.
In a decision or resolution, each citation takes the operative verb of its paragraph.
"""

from __future__ import annotations

import re
from functools import cache

from palermo.extract.meetings import sentences
from palermo.extract.metadata import act_of

from palermo import lang as langs
from palermo import reference
from palermo.dates import range_of
from palermo.models import ActRef, Block, CitationFact, Document, Fact, OperativeFact, evidence

NAME = "citations"
_KINDS = ("header", "paragraph", "item", "preamble", "heading", "footnote")
_PROTOCOLS = ("TIP", "SOM", "FIREARMS")


def _instruments(lang: langs.Lang, text: str) -> list[tuple[int, int, str]]:
    """Instrument names in a text, longest first where they overlap: (start, end, code)."""
    found = [(m.start(), m.end(), code) for code, rx in lang.forms("instrument-form") for m in rx.finditer(text)]
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    chosen: list[tuple[int, int, str]] = []
    for s, e, code in found:
        if all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, code))
    return sorted(chosen)


@cache
def _body_pattern(code: str) -> re.Pattern[str]:
    lang = langs.load(code)
    return re.compile(lang.alternation("act-body"))


def verb_of(lang: langs.Lang, text: str) -> str | None:
    """The operative verb a paragraph opens with ("还请秘书处…" → requests)."""
    body = re.sub(r"^\s*\d{1,3}\s*\.\s*", "", text)
    best = None
    for key, surface in lang.words.get("operative-verb", []):
        if body.startswith(surface) and (best is None or len(surface) > len(best[1])):
            best = (key, surface)
    return best[0] if best else None


def _block_verbs(doc: Document, lang: langs.Lang) -> dict[str, str]:
    verbs: dict[str, str] = {}
    for b in doc.blocks:
        v = verb_of(lang, b.text) if b.kind in ("preamble", "paragraph") else None
        if v:
            verbs[b.key] = v
        elif b.parent and b.parent in verbs:
            verbs[b.key] = verbs[b.parent]
    return verbs


class _Citer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lang = langs.load(doc.language)
        self.own_symbol = doc.value("symbol")
        self.own_act = act_of(doc)
        self.verbs = _block_verbs(doc, self.lang) if self.own_act else {}
        self.protocols: list[str] = []  # protocols named so far, for "这两项议定书"
        self.articles = {(a.instrument, a.number) for a in reference.articles()}

    def run(self) -> list[Fact]:
        out: list[Fact] = []
        for block in self.doc.of_kind(*_KINDS):
            verb = self.verbs.get(block.key)
            out.extend(self.symbols(block, verb))
            out.extend(self.acts(block, verb))
            out.extend(self.article_refs(block, verb))
        return out

    def fact(self, block: Block, start: int, end: int, verb: str | None, **kw: object) -> CitationFact:
        return CitationFact(evidence(self.doc, block, start, end), NAME, verb=verb, **kw)  # type: ignore[arg-type]

    # -- symbols
    def symbols(self, block: Block, verb: str | None) -> list[Fact]:
        out: list[Fact] = []
        for m in self.lang.pattern("symbol").finditer(block.text):
            symbol = re.sub(r"\s+", "", m.group("symbol")).rstrip(".")
            if self.own_symbol and self.own_symbol.startswith(symbol):
                continue  # the document's own symbol, or a truncated copy of it
            act = _symbol_act(self.lang, symbol)
            if act:
                out.append(self.fact(block, m.start(), m.end(), verb, target_kind="act", act=act, symbol=symbol))
                continue
            pm = self.lang.pattern("symbol-paragraphs").match(block.text, m.end())
            paras = re.sub(r"\s+", "", pm.group("paras")).replace("至", "-").replace("–", "-") if pm else None
            end = pm.end() if pm else m.end()
            out.append(self.fact(block, m.start(), end, verb, target_kind="document", symbol=symbol, paragraphs=paras))
        return out

    # -- acts
    def acts(self, block: Block, verb: str | None) -> list[Fact]:
        out: list[Fact] = []
        number_rx = self.lang.pattern("act-number")
        carried: str | None = None  # the body the paragraph named last ("该指令取代理事会第…号框架决定")
        bodies = _body_pattern(self.lang.code)
        for s0, s1 in sentences(self.lang, block.text):
            sent = block.text[s0:s1]
            for m in self.lang.pattern("act").finditer(sent):
                kind = self.lang.keys("act-kind", m.group("kind"))
                named = [self.lang.keys("act-body", b.group()) for b in bodies.finditer(sent, 0, m.start())]
                numbers = [
                    re.sub(r"\s*/\s*", "/", " ".join(n.group().split())) for n in number_rx.finditer(m.group("numbers"))
                ]
                date = range_of(self.lang, m)[0] if m.groupdict().get("date") else None
                single = len(numbers) == 1
                for number in numbers:
                    body = (
                        _exclusive_body(self.lang, number)
                        or (named[-1] if named else None)
                        or (self.own_act.body if self.own_act else None)  # "其…决定", a bare "Resolution 54/4."
                        or carried
                        or self._fallback_body(number)
                    )
                    if not body or not kind or ActRef(body, kind, number) == self.own_act:
                        continue
                    out.append(
                        self.fact(
                            block,
                            s0 + m.start(),
                            s0 + m.end(),
                            verb,
                            target_kind="act",
                            act=ActRef(body, kind, number),
                            act_date=date if single and date and len(date) == 10 else None,
                            act_title=m.groupdict().get("title") if single else None,
                        )
                    )
            named_here = [self.lang.keys("act-body", b.group()) for b in bodies.finditer(sent)]
            carried = named_here[-1] if named_here else carried
        return out

    def _fallback_body(self, number: str) -> str | None:
        if self.own_act:
            return self.own_act.body
        for body, rx in self.lang.forms("act-number-body"):
            if rx.match(number):
                return body
        return None

    # -- articles
    def article_refs(self, block: Block, verb: str | None) -> list[Fact]:
        text = block.text
        names = _instruments(self.lang, text)
        out: list[Fact] = []
        tail = self.lang.pattern("article-tail") if self.lang.has("article-tail") else None
        gap = self.lang.pattern("article-gap")
        events = sorted(
            [(s, "name", (s, e, c)) for s, e, c in names]
            + [(m.start(), "ref", m) for m in self.lang.pattern("article-ref").finditer(text)],
            key=lambda t: t[0],
        )
        for _, what, item in events:
            if what == "name":
                _, _, code = item  # type: ignore[misc]
                if code in _PROTOCOLS and (not self.protocols or self.protocols[-1] != code):
                    self.protocols = [p for p in self.protocols if p != code] + [code]
                continue
            m = item
            assert isinstance(m, re.Match)
            codes = self._instruments_for(text, m, names, gap, tail)
            arts = [int(a) for a in re.findall(r"\d+", m.group("arts"))]
            paras = [
                pm.group("para") + (f"({pm.group('sub')})" if pm.group("sub") else "")
                for pm in self.lang.pattern("article-paragraph").finditer(m.group("paras") or "")
            ]
            for code in codes:
                for i, art in enumerate(arts):
                    if code != "COP-ROP" and (code, art) not in self.articles:
                        continue
                    for para in paras if i == len(arts) - 1 and paras else [None]:
                        out.append(
                            self.fact(
                                block,
                                m.start(),
                                m.end(),
                                verb,
                                target_kind="article",
                                instrument=code,
                                article=art,
                                paragraph=para,
                            )
                        )
        return out

    def _instruments_for(
        self,
        text: str,
        m: re.Match[str],
        names: list[tuple[int, int, str]],
        gap: re.Pattern[str],
        tail: re.Pattern[str] | None,
    ) -> list[str]:
        """The instrument(s) an article reference belongs to."""
        if tail:
            tm = tail.match(text, m.end())
            if tm:
                after = [n for n in names if n[0] == tm.end()]
                if after:
                    return self._expand(after[0][2])
        before = [n for n in names if n[1] <= m.start()]
        if not before or m.start() - before[-1][1] > 30 or not gap.search(text[before[-1][1] : m.start()]):
            return []
        codes = self._expand(before[-1][2])
        # "《A》和《B》第 12 条": instruments joined by a list separator share the article
        seps = self.lang.alternation("list-sep")
        for prev, cur in zip(reversed(before[:-1]), reversed(before[1:])):
            if re.fullmatch(rf"\s*{seps}\s*", text[prev[1] : cur[0]]):
                codes = [*self._expand(prev[2]), *codes]
            else:
                break
        return list(dict.fromkeys(codes))

    def _expand(self, code: str) -> list[str]:
        if code == "@both":
            return self.protocols[-2:] if len(self.protocols) >= 2 else []
        return [code]


def _exclusive_body(lang: langs.Lang, number: str) -> str | None:
    """A numbering only one body uses ("217 A (III)": the General Assembly's early sessions)."""
    return next((body for body, rx in lang.forms("act-number-exclusive") if rx.match(number)), None)


def _symbol_act(lang: langs.Lang, symbol: str) -> ActRef | None:
    for key, rx in lang.forms("symbol-act"):
        m = rx.match(symbol)
        if m:
            body, kind = key.split(":")
            return ActRef(body, kind, m.group("number"))
    return None


def extract(doc: Document) -> list[Fact]:
    return _Citer(doc).run()


def operative(doc: Document) -> list[Fact]:
    """Each paragraph of a decision or resolution with the verb it opens with."""
    act = act_of(doc)
    if act is None:
        return []
    lang = langs.load(doc.language)
    out: list[Fact] = []
    for b in doc.of_kind("preamble", "paragraph"):
        verb = verb_of(lang, b.text)
        if verb:
            surface = re.sub(r"^\s*\d{1,3}\s*\.\s*", "", b.text)
            start = len(b.text) - len(surface)
            length = max(len(s) for k, s in lang.words["operative-verb"] if k == verb and surface.startswith(s))
            out.append(
                OperativeFact(
                    evidence(doc, b, start, start + length), "operative", act, verb, operative=b.kind == "paragraph"
                )
            )
    return out
