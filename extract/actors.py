"""Actors: countries, organizations and persons, with the role each had.

A sentence's role comes from the first `role-trigger` of the language table that matches it
(speaker, panelist, observer, signatory, party — in that order, so "非缔约国和非签署国…出席"
is an observer list and not a party list); every country and organization the sentence names
takes that role at the document's meeting, with the agenda items the sentence gives. The chair
comes from the `chair` pattern. Every other naming is a mention.

Exact mentions: country names are matched longest first (印度尼西亚 before 印度), never inside
an organization's name (马耳他主权军事教团), a `not-country` word (发展中国家) or a language
name (西班牙语). Persons are names in Latin script; "Espinosa Palacios 先生" and "Carina Sanchez
Fernandez" resolve to the person named in full earlier ("Carina Sánchez Fernández"), the
variants kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from palermo import lang as langs
from palermo import reference
from palermo.extract.gazetteer import Span, countries_in, fold, organizations_in
from palermo.models import TEXT_KINDS, Block, Fact, MeetingRef, ParticipationFact, PersonFact, evidence

if TYPE_CHECKING:
    from palermo.extract.context import Context

NAME = "actors"
_PARTICLES = {"de", "la", "del", "da", "dos", "das", "di", "van", "von", "der", "le", "du", "y", "e", "bin", "al"}
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-ž'’\-]+(?:-[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-ž'’]+)?|[A-Z]\.)$")
_LATIN_RUN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’.\-]+(?:[ \u00a0]+[A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’.\-]+)*")


def _is_name(run: str) -> bool:
    tokens = run.split()
    if len(tokens) < 2 or len(tokens) > 7:
        return False
    capitalised = [t for t in tokens if t.lower() not in _PARTICLES]
    return len(capitalised) >= 2 and all(_NAME_TOKEN.match(t) for t in capitalised)


def persons_in(lang: langs.Lang, text: str) -> list[Span]:
    """Person names in Latin script (two or more capitalised words) as the `person` pattern finds them;
    in Chinese text also a surname alone before an honorific ("Gayer 女士")."""
    out = []
    names = reference.country_names(lang.code)
    for m in lang.pattern("person").finditer(text):
        group = "name" if m.group("name") else "name2"
        if group == "name2":  # a capitalised run is a name only before its country: "Anne Gallagher (Australia)"
            cm = lang.pattern("person-country").match(text, m.end(group))
            if not cm or cm.group("country").casefold() not in names:
                continue
        run, start = m.group(group), m.start(group)
        stripped = run.lstrip(".-'’ ")
        run, start = stripped.rstrip(".-'’ "), start + len(run) - len(stripped)
        if _is_name(run) or (run and lang.pattern("honorific").match(text, m.end(group))):
            out.append((start, start + len(run), run))
    return out


@dataclass
class _Person:
    name: str
    variants: list[str] = field(default_factory=list)
    country: str | None = None
    affiliation: str | None = None
    group: str | None = None
    evidence: object = None


class _Actors:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.lang: langs.Lang = ctx.lang
        self.meeting: MeetingRef | None = ctx.reported_meeting
        self.persons: dict[str, _Person] = {}  # folded canonical name → person
        self.facts: list[Fact] = []

    def run(self) -> list[Fact]:
        for block in self.doc.of_kind(*TEXT_KINDS):
            for start, end in self.ctx.sentences(block, full_stops_only=True):
                self.sentence(block, start, end)
        with_role = {f.person for f in self.facts if isinstance(f, ParticipationFact) and f.person}
        for p in self.persons.values():
            assert isinstance(p.evidence, tuple)
            blk, a, b = p.evidence
            if p.name not in with_role:  # named, in no role the text states
                self.facts.append(
                    ParticipationFact(evidence(self.doc, blk, a, b), NAME, None, "mentioned", person=p.name)
                )
            self.facts.append(
                PersonFact(
                    evidence(self.doc, blk, a, b), NAME, p.name, tuple(p.variants), p.country, p.affiliation, p.group
                )
            )
        return self.facts

    def role_of(self, sent: str) -> str | None:
        for role, rx in self.lang.forms("role-trigger"):
            if rx.search(sent):
                return role
        return None

    def agenda_items(self, sent: str) -> tuple[str, ...]:
        m = self.lang.pattern("agenda-items").search(sent)
        if not m:
            return ()
        items: list[str] = []
        parts = re.split(rf"\s*({self.lang.expand('range-sep')}|和|and|,|、|及)\s*", m.group("items"))
        for i in range(0, len(parts), 2):
            item = re.sub(r"\s+", "", parts[i])
            if i >= 2 and re.fullmatch(self.lang.expand("range-sep"), parts[i - 1]) and item.isdigit() and items:
                items.extend(str(n) for n in range(int(items[-1]) + 1, int(item) + 1))
            else:
                items.append(item)
        return tuple(items)

    def add(self, block: Block, s0: int, span: Span, role: str, items: tuple[str, ...], **who: str | None) -> None:
        meeting = self.meeting if role in reference.roles_at_meeting() else None
        ev = evidence(self.doc, block, s0 + span[0], s0 + span[1])
        self.facts.append(ParticipationFact(ev, NAME, meeting, role, agenda_items=items if meeting else (), **who))

    def sentence(self, block: Block, s0: int, s1: int) -> None:
        sent = block.text[s0:s1]
        role = self.role_of(sent)
        items = self.agenda_items(sent) if role else ()
        orgs = organizations_in(self.lang, sent)
        countries = countries_in(self.lang, sent, orgs)
        chair = self.lang.pattern("chair").search(sent)
        chair_span = (chair.start(), chair.end()) if chair else None
        persons = persons_in(self.lang, sent)
        for span in countries:
            in_chair = chair_span and chair_span[0] <= span[0] < chair_span[1]
            self.add(block, s0, span, "chair" if in_chair else role or "mentioned", items, country=span[2])
        groups = [(m.start("group"), m.end("group")) for m in self.lang.pattern("represents").finditer(sent)]
        for span in orgs:
            represented = any(a <= span[0] < b for a, b in groups)
            self.add(
                block, s0, span, "represented" if represented else role or "mentioned", items, organization=span[2]
            )
        for span in persons:
            in_chair = chair_span and chair_span[0] <= span[0] < chair_span[1]
            prole = "chair" if in_chair else ("panelist" if role == "panelist" else None)
            if block.kind == "footnote":
                editor = self.lang.pattern("editor-after").match(sent, span[1])
                prole = "editor" if editor or self._before_editor(sent, span) else "author"
            self.person(block, s0, sent, span, prole, countries, orgs, items if prole else ())

    def _before_editor(self, sent: str, span: Span) -> bool:
        """ "A 和 B 联合主编": the first of two names joined before the editor word."""
        rest = sent[span[1] :]
        m = re.match(r"\s*(?:和|and|&)\s*", rest)
        if not m:
            return False
        nxt = persons_in(self.lang, rest[m.end() :])
        return bool(nxt and nxt[0][0] == 0 and self.lang.pattern("editor-after").match(rest, m.end() + nxt[0][1]))

    def person(
        self,
        block: Block,
        s0: int,
        sent: str,
        span: Span,
        role: str | None,
        countries: list[Span],
        orgs: list[Span],
        items: tuple[str, ...],
    ) -> None:
        name = span[2]
        cm = self.lang.pattern("person-country").match(sent, span[1])
        country = None
        if cm:
            country = reference.country_names(self.lang.code).get(cm.group("country").casefold())
        seg_start = max([0, *[m.end() for m in self.lang.pattern("segment-sep").finditer(sent, 0, span[0])]])
        affiliation = sent[seg_start : span[0]].strip(" ,，:：、和") if role == "panelist" and not cm else None
        if self.lang.has("affiliation-after") and not cm and role not in ("author", "editor"):
            am = self.lang.pattern("affiliation-after").match(sent, span[1])
            affiliation = am.group("aff").strip() if am else None
        if country is None and affiliation:
            inside = [c for c in countries if seg_start <= c[0] < span[0]]
            country = inside[0][2] if inside else None
        gm = self.lang.pattern("represents").match(sent, span[1])
        group = None
        if gm:
            found = organizations_in(self.lang, gm.group("group"))
            group = found[0][2] if found else None
        person = self.resolve(name, country)
        if person is None:
            person = _Person(
                name,
                [name],
                country,
                affiliation if affiliation and len(affiliation) < 80 else None,
                group,
                (block, s0 + span[0], s0 + span[1]),
            )
            self.persons[fold(name)] = person
        else:
            if name not in person.variants:
                person.variants.append(name)
            person.country = person.country or country
            person.group = person.group or group
        if role:
            ev_end = cm.end() if cm else span[1]
            at_meeting = role in reference.roles_at_meeting()  # an author's or editor's work has no meeting
            self.facts.append(
                ParticipationFact(
                    evidence(self.doc, block, s0 + span[0], s0 + ev_end),
                    NAME,
                    self.meeting if at_meeting else None,
                    role,
                    person=person.name,
                    agenda_items=items if at_meeting else (),
                )
            )

    def resolve(self, name: str, country: str | None) -> _Person | None:
        """The person already named by this full name, by its surname, or by a variant first name."""
        key = fold(name)
        if key in self.persons:
            return self.persons[key]
        for k, p in self.persons.items():
            if k.endswith(" " + key) or key.endswith(" " + k):
                return p
            a, b = k.split(), key.split()
            same_surname = len(a) >= 2 and len(b) >= 2 and a[1:] == b[1:]
            if same_surname and a[0][:4] == b[0][:4] and (country is None or p.country in (None, country)):
                return p
        return None


def extract(ctx: Context) -> list[Fact]:
    return _Actors(ctx).run()
