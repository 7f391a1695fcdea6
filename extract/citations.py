"""Citations: UN document symbols, decisions and resolutions, articles of the instruments.

Forms (the words and shapes are in ontology/lang):
- symbols anywhere, link markup and stray spaces removed (`CTOC/COP/WG.4/ 2013/L.1`), written in
  lower case by a mirror (`a/ac.254/4/add.1/rev.4`), with the cited paragraphs that follow
  ("，第 46-51 段"); a symbol naming an act (`A/RES/64/293`) cites that act. The document's own
  symbols (masthead, alternates, running heads) and symbols cut short (`CTOC/COP/2008/CRP`) are
  not citations;
- acts: "2008 年 10 月 17 日第 4/4 号决定", "大会…第 61/144 号决议、…第 61/180 号决议", titles
  ("题为“…”的第 7/1 号决议"), "decision 2004/110 of 19 April 2004 of the Commission on Human
  Rights", "Council resolutions 8/12 and 11/3", "its resolutions 5/1 and 5/2". The issuing body is
  the one named right after the act, else the nearest named before it in the sentence, else the
  document's own, else the one the paragraph named last, else the one the numbering implies; a
  body only issues acts numbered its way (bodies.csv `act_formats`: `2004/110` is never the
  General Assembly's, `16 (LVI)` a decision of the Economic and Social Council);
- articles: "第 9 条第(4)款", "第 32 和 37 条", "第5条第3款、第13条第5款和第16条第5款" (one instrument
  for the list), "议事规则第 2 条第 2 款", "《A》和《B》第 12 条" (both), "这两项议定书第 13 条",
  "article 18, paragraphs 13 and 14, of the Convention", "paragraphs 3 (d), 4 and 5 of article
  32", "article 3, subparagraph (a)", "articles 6 to 8"; "the Protocol" is the protocol the text
  named last (the Trafficking in Persons Protocol when it named none).
In a decision or resolution, each citation takes the operative verb of its paragraph.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from palermo import lang as langs
from palermo import reference
from palermo.dates import range_of
from palermo.models import TEXT_KINDS, ActRef, Block, CitationFact, Fact, OperativeFact, evidence
from palermo.symbols import normal_symbol, symbol_act, valid_symbol

if TYPE_CHECKING:
    from palermo.extract.context import Context, Hit

NAME = "citations"
SUBJECT = "article-subject"  # the extractor of articles whose instrument the text's subject gives
_PROTOCOLS = ("TIP", "SOM", "FIREARMS")
_NEAR = 120  # characters around an article reference searched for an instrument the tables do not know
_CHAIN = 3  # characters of list separator between two article references of one list
_ROMAN_PARTS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _instruments(lang: langs.Lang, text: str) -> list[tuple[int, int, str]]:
    """Instrument names in a text, longest first where they overlap: (start, end, code)."""
    if not lang.pattern("instrument-cue").search(text):  # most blocks name none: one pass, not one per form
        return []
    found = [(m.start(), m.end(), code) for code, rx in lang.forms("instrument-form") for m in rx.finditer(text)]
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    chosen: list[tuple[int, int, str]] = []
    for s, e, code in found:
        if all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, code))
    return sorted(chosen)


def number_format(lang: langs.Lang, number: str) -> str | None:
    """How an act number is built: session (5/2), year (2004/110), roman (16 (LVI)), sc, eu."""
    return next((fmt for fmt, rx in lang.forms("act-number-format") if rx.match(number)), None)


def issues(body: str, fmt: str | None) -> bool:
    """Whether a body numbers its acts that way."""
    b = reference.bodies().get(body)
    return b is not None and fmt is not None and fmt in b.act_formats.split()


def _held(body: str, fmt: str | None, number: str) -> bool:
    """Whether a session-numbered act's session is one the body can have held: "its resolution
    61/144" in a Conference's text is not the Conference's (its sessions number 15 at most)."""
    b = reference.bodies().get(body)
    return fmt != "session" or b is None or not b.max_ordinal or int(number.split("/")[0]) <= b.max_ordinal


def lower_symbol(raw: str) -> str:
    """`a/ac.254/4/add.1/rev.4` → `A/AC.254/4/Add.1/Rev.4`: series in capitals, Add/Rev/Corr titled."""
    titled = {"add", "rev", "corr", "amend"}
    parts = []
    for part in raw.split("/"):
        head, dot, tail = part.partition(".")
        parts.append((head.title() if head in titled else head.upper()) + dot + tail)
    return "/".join(parts)


class _Citer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.lang: langs.Lang = ctx.lang
        self.own = ctx.own_symbols
        self.own_act = ctx.own_act
        self.verbs = ctx.opening_verbs if self.own_act else {}
        self.protocols: list[str] = []  # protocols named so far, for "the Protocol", "这两项议定书"
        self.untoc = False  # whether the Convention or a Protocol was named: "the Convention" is then it
        self.articles = {(a.instrument, a.number) for a in reference.articles()}
        self.bodies = ctx.body_finder()
        self.named: set[str] = set()  # instruments the text names, resolved ("the Protocol" → TIP)
        self.bare: list[tuple[Block, re.Match[str], str | None]] = []  # article references naming no instrument

    def run(self) -> list[Fact]:
        out: list[Fact] = []
        for block in self.doc.of_kind(*TEXT_KINDS):
            verb = self.verbs.get(block.key)
            out.extend(self.symbols(block, verb))
            out.extend(self.acts(block, verb))
            out.extend(self.article_refs(block, verb))
        out.extend(self.listed_acts())
        return out

    def listed_acts(self) -> list[Fact]:
        """The decisions and resolutions a session's report lists in its contents ("5/1 Ensuring
        effective implementation … 2"): acts of the reported session, numbered for it."""
        session = self.ctx.reported_meeting
        if session is None or session.ordinal is None or not self.lang.has("act-listed"):
            return []
        if not issues(session.body, "session"):
            return []
        kinds = self.lang.forms("act-list-kind")
        kind = "resolution"
        out: list[Fact] = []
        for block in self.doc.of_kind("toc", "heading"):
            named = [k for k, rx in kinds if rx.search(block.text)]
            m = self.lang.pattern("act-listed").match(block.text)
            if m is None:
                kind = named[0] if named else kind
                continue
            number = m.group("number")
            listed = self.lang.keys("act-kind", m.group("kind")) if m.group("kind") else kind
            if int(number.split("/")[0]) != session.ordinal or listed is None:
                continue
            act = ActRef(session.body, listed, number)
            out.append(self.fact(block, m.start(), m.end(), None, target_kind="act", act=act))
        return out

    def fact(self, block: Block, start: int, end: int, verb: str | None, **kw: object) -> CitationFact:
        return CitationFact(evidence(self.doc, block, start, end), NAME, verb=verb, **kw)  # type: ignore[arg-type]

    # -- symbols
    def _found_symbols(self, text: str) -> list[tuple[int, int, str]]:
        found = [
            (m.start(), m.end(), normal_symbol(m.group("symbol"))) for m in self.lang.pattern("symbol").finditer(text)
        ]
        for m in self.lang.pattern("symbol-lower").finditer(text):
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), lower_symbol(m.group("symbol"))))
        for series, rx in self.lang.forms("symbol-named"):  # "заявление Председателя 2015/25": S/PRST/2015/25
            for m in rx.finditer(text):
                found.append((m.start(), m.end(), f"{series}/{_normal_number(self.lang, m.group('number'))}"))
        out: list[tuple[int, int, str]] = []
        for start, end, symbol in found:
            if not text.startswith("/", end):  # "A/55/": cut where its number was
                out.extend(self._with_siblings(text, start, end, symbol))
        return sorted(out)

    def _with_siblings(self, text: str, start: int, end: int, symbol: str) -> list[tuple[int, int, str]]:
        """A symbol and those it names after it: "A/AC.260/2和Corr.1" its corrigendum too, "A/AC.254/4/Revs.7
        and 8" the revisions 7 and 8 (the plural part made singular); evidence from the symbol on."""
        plural = self.lang.pattern("symbol-plural-part").match(symbol)
        if plural:
            head = plural.group("head") + plural.group("kind")
            out = [(start, end, f"{head}.{plural.group('n')}")]
            more = self.lang.pattern("symbol-plural-more")
            while (m := more.match(text, end)) is not None:
                out.append((start, m.end(), f"{head}.{m.group('n')}"))
                end = m.end()
            return out
        sibling = self.lang.pattern("symbol-sibling").match(text, end)
        if sibling is None:
            return [(start, end, symbol)]
        part = re.sub(r"\s+", "", sibling.group("part"))
        return [(start, end, symbol), (start, sibling.end(), f"{symbol}/{part}")]

    def symbols(self, block: Block, verb: str | None) -> list[Fact]:
        out: list[Fact] = []
        for start, end, symbol in self._found_symbols(block.text):
            if not valid_symbol(symbol) or any(_copy_of(symbol, own) for own in self.own):
                continue  # cut short, or the document's own symbol (or a truncated copy of it)
            act = symbol_act(self.lang, symbol)
            if act == self.own_act and act is not None:
                continue  # A/RES/78/228 printed on resolution 78/228 itself
            if act:
                out.append(self.fact(block, start, end, verb, target_kind="act", act=act, symbol=symbol))
                continue
            pm = self.lang.pattern("symbol-paragraphs").match(block.text, end)
            paras = re.sub(r"\s+", "", pm.group("paras")).replace("至", "-").replace("–", "-") if pm else None
            stop = pm.end() if pm else end
            out.append(self.fact(block, start, stop, verb, target_kind="document", symbol=symbol, paragraphs=paras))
        return out

    # -- acts
    def acts(self, block: Block, verb: str | None) -> list[Fact]:
        out: list[Fact] = []
        number_rx = self.lang.pattern("act-number")
        carried: str | None = None  # the body the paragraph named last ("该指令取代理事会第…号框架决定")
        for s0, s1 in self.ctx.sentences(block):
            sent = block.text[s0:s1]
            hits = self.bodies.find(sent, unresolved=True)
            for m in self.lang.pattern("act").finditer(sent):
                kind = self.lang.keys("act-kind", m.group("kind"))
                dated = self._listed(m, number_rx) + self._more(sent, m)
                single = len(dated) == 1
                for printed, date in dated:
                    body = self._issuer(kind, printed, sent, m, hits, carried) if kind else None
                    number, year = self._numbered(printed)
                    date = date or year
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
                            act_date=date if date and len(date) in (4, 10) else None,
                            act_title=m.groupdict().get("title") if single else None,
                        )
                    )
            carried = next((c for _, _, c in reversed(hits) if c), carried)
        return out

    def _listed(self, m: re.Match[str], number_rx: re.Pattern[str]) -> list[tuple[str, str | None]]:
        """The numbers an act phrase lists, each with the date printed right before it (the
        phrase's own date for the first): "1992年7月30日第1992/22号、1993年7月27日第1993/31号和第1993/34号"."""
        numbers = m.group("numbers")
        found = list(number_rx.finditer(numbers))
        dates = list(self.lang.pattern("date").finditer(numbers)) if len(found) > 1 else []
        before = m.groupdict().get("date") and m.start("date") < m.start("numbers")
        first = range_of(self.lang, m)[0] if m.groupdict().get("date") and (before or len(found) == 1) else None
        out: list[tuple[str, str | None]] = []
        for i, n in enumerate(found):
            if any(d.start() <= n.start() < d.end() for d in dates):
                continue  # a figure of a date, not an act
            prev = found[i - 1].end() if i else 0
            own = [d for d in dates if prev <= d.start() and d.end() <= n.start()]
            date = range_of(self.lang, own[-1])[0] if own else (first if i == 0 else None)
            out.append((_normal_number(self.lang, n.group()), date))
        return out

    def _more(self, sent: str, m: re.Match[str]) -> list[tuple[str, str | None]]:
        """Numbers a plural act phrase lists further on, past dates and titles, with their dates:
        "resolutions 63/156 of 18 December 2008 and 64/178 of 18 December 2009", "resolutions 5/1
        on institution-building … and 5/2 on …"."""
        if m.groupdict().get("plural") is None or not self.lang.has("act-more"):
            return []
        out: list[tuple[str, str | None]] = []
        rx, pos = self.lang.pattern("act-more"), m.end()
        first = number_format(
            self.lang, _normal_number(self.lang, self.lang.pattern("act-number").search(m.group("numbers")))
        )
        while (more := rx.match(sent, pos)) is not None:
            date = range_of(self.lang, more)[0] if more.groupdict().get("y1") else None
            number = _normal_number(self.lang, more.group("number"))
            if number_format(self.lang, number) != first:
                break  # "resolutions 2195 (2014) … and 5/2": not a member of that list
            out.append((number, date))
            pos = more.end()
        return out

    def _numbered(self, printed: str) -> tuple[str, str | None]:
        """An act's number and the year printed with it: "1325 (2000)" → 1325, 2000."""
        m = self.lang.pattern("act-number-year").match(printed)
        return (m.group("number"), m.group("year")) if m else (printed, None)

    def _issuer(
        self, kind: str, number: str, sent: str, m: re.Match[str], hits: list[Hit], carried: str | None
    ) -> str | None:
        """The body that issued an act, among those the text names, that numbers its acts that way."""
        fmt = number_format(self.lang, number)
        candidates: list[str] = []
        named = self.lang.keys("body", m.group("body")) if m.groupdict().get("body") else None
        if named:  # the body named between the kind and the number ("قرار المجلس الاقتصادي والاجتماعي 1993 / 32")
            candidates.append(named)
        if self.lang.has("act-body-after"):
            tail = self.lang.pattern("act-body-after").match(sent, m.end())
            if tail:
                candidates += [c for s, _, c in hits if s == tail.end()]
        for _, e, c in reversed(hits):
            if e <= m.start():
                if not c:
                    break  # "Council resolution 8/12" with no council known: not a body named further back
                candidates.append(c)
        candidates += [c for c in (self.own_act.body if self.own_act else None, self.ctx.body, carried) if c]
        for code in candidates:
            if (issues(code, fmt) and _held(code, fmt, number)) or (fmt is None and code in reference.bodies()):
                return code  # a number built no known way ("557/Rev.1") goes to the body named
        for body, key in self.lang.words.get("act-number-default", []):
            if key == f"{fmt}:{kind}":
                return body
        for body, rx in self.lang.forms("act-number-body"):
            if rx.match(number):
                return body
        return None

    # -- articles
    def article_refs(self, block: Block, verb: str | None) -> list[Fact]:
        text = block.text
        names = _instruments(self.lang, text)
        refs = self._refs(text)
        out: list[Fact] = []
        events = sorted([(s, 0, (s, e, c)) for s, e, c in names] + [(m.start(), 1, i) for i, m in enumerate(refs)])
        codes_of: dict[int, list[str]] = {}
        for _, what, item in events:
            if what == 0:
                code = item[2]  # type: ignore[index]
                if code in _PROTOCOLS and (not self.protocols or self.protocols[-1] != code):
                    self.protocols = [p for p in self.protocols if p != code] + [code]
                self.untoc = self.untoc or code in ("UNTOC", *_PROTOCOLS)
                self.named.update(self._expand(code))
                continue
            i = item
            assert isinstance(i, int)
            codes_of[i] = self._instruments_for(text, refs[i], names)
        # a list of references shares one instrument: "第5条第3款、第13条第5款和第16条第5款"
        seps = re.compile(rf"\s*(?:{self.lang.alternation('list-sep')}|,\s*and|[;；])?\s*")
        for i in range(1, len(refs)):
            if not codes_of[i] and codes_of[i - 1] and seps.fullmatch(text[refs[i - 1].end() : refs[i].start()]):
                codes_of[i] = codes_of[i - 1]
        for i in range(len(refs) - 2, -1, -1):
            if not codes_of[i] and codes_of[i + 1] and seps.fullmatch(text[refs[i].end() : refs[i + 1].start()]):
                codes_of[i] = codes_of[i + 1]
        for i, m in enumerate(refs):
            if not codes_of[i] and not self._elsewhere(text, m, names):
                self.bare.append((block, m, verb))
            out.extend(self._article_facts(block, m, verb, codes_of[i]))
        return out

    def _article_facts(
        self, block: Block, m: re.Match[str], verb: str | None, codes: list[str], name: str = NAME
    ) -> list[Fact]:
        """One citation per instrument, article and paragraph a reference names."""
        arts = _numbers(self.lang, m.group("arts"))
        paras = [self._paragraph(pm) for pm in self.lang.pattern("article-paragraph").finditer(m.group("paras") or "")]
        out: list[Fact] = []
        for code in codes:
            for k, art in enumerate(arts):
                if code != "COP-ROP" and (code, art) not in self.articles:
                    continue
                for para in paras if k == len(arts) - 1 and paras else [None]:
                    ev = evidence(self.doc, block, m.start(), m.end())
                    out.append(
                        CitationFact(
                            ev, name, verb=verb, target_kind="article", instrument=code, article=art, paragraph=para
                        )
                    )
        return out

    def _elsewhere(self, text: str, m: re.Match[str], names: list[tuple[int, int, str]]) -> bool:
        """Whether a reference with no instrument of ours belongs elsewhere: a rule, or an
        article of an instrument the tables do not know named near it ("《供应商行为守则》…第 5 条",
        "article 6 of the Basic Law")."""
        if self.lang.pattern("article-word-rule").match(m.group()):
            return True
        lo, hi = max(0, m.start() - _NEAR), min(len(text), m.end() + _NEAR // 2)
        return any(
            not any(s < o.end() and o.start() < e for s, e, _ in names)
            for o in self.lang.pattern("other-instrument").finditer(text, lo, hi)
        )

    def subject(self) -> str | None:
        """The instrument the text is about: its body's (a Conference decision: the Convention; a
        report of the Working Group on Trafficking in Persons: the Protocol), else the one protocol
        it names, else the Convention it names; none where it names several protocols."""
        protocols = self.named & set(_PROTOCOLS)
        if len(protocols) > 1:
            return None
        of_body = dict(self.lang.words.get("subject-instrument", []))
        body = self.ctx.body or ""
        own = of_body.get(body) or of_body.get(reference.root(body) or "")
        if own:
            return own
        if protocols:
            return protocols.pop()
        return "UNTOC" if "UNTOC" in self.named else None

    def subject_articles(self) -> list[Fact]:
        """Articles cited with no instrument named, taken as the subject instrument's; their
        provenance (`article-subject`) says the instrument was inferred from what the text is about."""
        for block in self.doc.of_kind(*TEXT_KINDS):
            self.article_refs(block, self.verbs.get(block.key))
        code = self.subject()
        if code is None:
            return []
        return [f for block, m, verb in self.bare for f in self._article_facts(block, m, verb, [code], SUBJECT)]

    def _paragraph(self, pm: re.Match[str]) -> str:
        g = pm.groupdict()
        if g.get("para"):
            para = g["para"] if g["para"].isdigit() else str(self.lang.number(g["para"]) or g["para"])  # 第二款
            return para + (f"({g['sub']})" if g.get("sub") else "")
        return f"({g.get('sub2') or g.get('sub')})"

    def _refs(self, text: str) -> list[re.Match[str]]:
        """Article references, the article-first and the paragraph-first forms, without overlaps."""
        found = [
            m
            for name in ("article-ref", "article-ref-2")
            if self.lang.has(name)
            for m in self.lang.pattern(name).finditer(text)
        ]
        found.sort(key=lambda m: (-(m.end() - m.start()), m.start()))
        chosen: list[re.Match[str]] = []
        for m in found:
            if all(m.end() <= c.start() or m.start() >= c.end() for c in chosen):
                chosen.append(m)
        return sorted(chosen, key=lambda m: m.start())

    def _instruments_for(self, text: str, m: re.Match[str], names: list[tuple[int, int, str]]) -> list[str]:
        """The instrument(s) an article reference belongs to."""
        if self.lang.has("article-tail"):
            tm = self.lang.pattern("article-tail").match(text, m.end())
            if tm:
                after = [n for n in names if n[0] == tm.end()]
                if after:
                    return self._expand(after[0][2])
        before = [n for n in names if n[1] <= m.start()]
        gap = self.lang.pattern("article-gap")
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
        if code == "@protocol":
            return [self.protocols[-1] if self.protocols else "TIP"]
        if code == "@convention":  # "the Convention", "公约": the Organized Crime Convention where the text is about it
            return ["UNTOC"] if self.untoc or reference.root(self.ctx.body or "") == "COP" else []
        return [code]


def _normal_number(lang: langs.Lang, printed: str | re.Match[str] | None) -> str:
    """An act number as printed, its spaces normalised: "1993 / 31" → "1993/31"; a session the
    language writes its own way in the Roman numeral the symbols have: "415 (د - 5)" → "415 (V)"."""
    text = printed.group() if isinstance(printed, re.Match) else printed or ""
    text = re.sub(r"\s*/\s*", "/", " ".join(text.split()))
    session = lang.pattern("act-number-session").fullmatch(text) if lang.has("act-number-session") else None
    return f"{session.group('number')} ({_roman(int(session.group('session')))})" if session else text


def _roman(n: int) -> str:
    """A session's number as a Roman numeral (below 400, as the old sessions' acts have it): 5 → V."""
    out = ""
    for value, numeral in _ROMAN_PARTS:
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _copy_of(symbol: str, own: str) -> bool:
    """The document's own symbol, or that symbol cut at a part ("…/CRP" of "…/CRP.1")."""
    return symbol == own or own.startswith(symbol + "/") or own.startswith(symbol + ".")


def _numbers(lang: langs.Lang, arts: str) -> list[int]:
    """Article numbers of a list, ranges expanded: "6 to 8" → 6, 7, 8; "第三、第五条" → 3, 5."""
    numeral = lang.expand_source("{=cn-numeral}") if lang.has("cn-numeral") else r"(?!)"
    tokens = [
        str(lang.number(t) or 0) if not t.isdigit() and t not in ("to", "至", "-", "–") else t
        for t in re.findall(rf"\d+|to|至|[-–]|{numeral}", arts)
    ]
    out: list[int] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].isdigit():
            i += 1
            continue
        n = int(tokens[i])
        if i + 2 < len(tokens) and not tokens[i + 1].isdigit() and tokens[i + 2].isdigit():
            last = int(tokens[i + 2])
            out.extend(range(n, last + 1) if 0 < last - n <= 10 else [n, last])
            i += 3
            continue
        out.append(n)
        i += 1
    return out


def extract(ctx: Context) -> list[Fact]:
    return _Citer(ctx).run()


def subject_articles(ctx: Context) -> list[Fact]:
    """Articles cited with no instrument named, as articles of the instrument the text is about."""
    return _Citer(ctx).subject_articles()


def operative(ctx: Context) -> list[Fact]:
    """Each paragraph of a decision or resolution with the verb it opens with."""
    act = ctx.own_act
    if act is None:
        return []
    lang = ctx.lang
    out: list[Fact] = []
    for b in ctx.doc.of_kind("preamble", "paragraph"):
        verb = ctx.opening_verbs.get(b.key)
        if verb:
            surface = lang.pattern("number-prefix").sub("", b.text, count=1)
            start = len(b.text) - len(surface)
            length = max(len(s) for k, s in lang.words["operative-verb"] if k == verb and surface.startswith(s))
            out.append(
                OperativeFact(
                    evidence(ctx.doc, b, start, start + length), "operative", act, verb, operative=b.kind == "paragraph"
                )
            )
    return out
