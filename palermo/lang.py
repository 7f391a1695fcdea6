"""Per-language words and patterns, read from ontology/lang/*.tsv.

Extractors never hold a language's words: they ask this module for a word list ("months",
"ordinals", "bodies") or a named pattern, and the tables supply them. `common.tsv` holds what
every language shares (UN symbols, the English masthead lines that Chinese versions keep);
`<lang>.tsv` adds a language's own rows. Adding a language is adding a table.

Table format: tab-separated `kind  key  value`; `#` starts a comment line. For kind `pattern`
the value is a regular expression; `{name}` inside it expands to the alternation of the word
list `name` (longest first), `{=name}` to another pattern, so patterns compose from data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from palermo.resources import ontology_path

_REF = re.compile(r"\{(=?)([a-z][a-z0-9_-]*)\}")


_LAST_WORD = re.compile(r"[A-Za-z.]+$")


@dataclass
class Lang:
    """The merged tables of one language."""

    code: str
    words: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    raw_patterns: dict[str, str] = field(default_factory=dict)

    def lookup(self, kind: str) -> dict[str, str]:
        """Word list `kind` as {surface form (case-folded): key}."""
        return {surface.casefold(): key for key, surface in self.words.get(kind, [])}

    def forms(self, kind: str) -> list[tuple[str, re.Pattern[str]]]:
        """Rows of `kind` whose values are regular expressions (key, compiled), in table order."""
        return _compiled_forms(self, kind)

    def words_set(self, kind: str) -> set[str]:
        return {w for _, w in self.words.get(kind, [])}

    @cache  # noqa: B019 - Lang objects are cached singletons, one per language
    def _abbreviations(self) -> frozenset[str]:
        return frozenset(self.words_set("abbreviation"))

    def abbreviated(self, before: str) -> bool:
        """Whether a full stop right after `before` closes an abbreviation ("Ms", "para", "e.g") or
        an initial rather than a sentence (only in languages that list abbreviations)."""
        word = _LAST_WORD.search(before)
        if word is None or not self._abbreviations():
            return False
        return word.group() in self._abbreviations() or len(word.group()) == 1

    def keys(self, kind: str, surface: str) -> str | None:
        return self.lookup(kind).get(surface.casefold())

    def number(self, token: str) -> int | None:
        """An ordinal or numeral as printed: "11", "11th", "十一", "eleventh", "fifty-first"."""
        token = token.strip()
        digits = re.fullmatch(r"(\d{1,4})(?:st|nd|rd|th)?", token)
        if digits:
            return int(digits.group(1))
        word = self.keys("ordinal", token)
        if word:
            return int(word)
        compound = re.fullmatch(r"([A-Za-z]+)[-‐‑ ]([A-Za-z]+)", token)
        if compound:
            tens, unit = self.keys("ordinal-tens", compound.group(1)), self.keys("ordinal", compound.group(2))
            return int(tens) + int(unit) if tens and unit and int(unit) < 10 else None
        cn = {s: int(k) for k, s in self.words.get("cn-digit", [])}
        if not token or any(ch not in cn for ch in token):
            return None
        total = cur = 0
        for ch in token:
            v = cn[ch]
            if v >= 10:
                total += (cur or 1) * v
                cur = 0
            else:
                cur = cur * 10 + v if cur and v == 0 else v
        return total + cur

    @cache  # noqa: B019 - Lang objects are cached singletons, one per language
    def alternation(self, kind: str) -> str:
        forms = sorted({s for _, s in self.words.get(kind, [])}, key=lambda s: (-len(s), s))
        if not forms:
            raise KeyError(f"no words of kind {kind!r} for language {self.code!r}")
        # word lists match case-insensitively ("Fifth Session", "fifth session")
        return "(?i:" + "|".join(re.escape(f) for f in forms) + ")"

    def expand(self, name: str, depth: int = 0) -> str:
        if depth > 10:
            raise ValueError(f"pattern {name!r} nests too deep")
        try:
            src = self.raw_patterns[name]
        except KeyError:
            raise KeyError(f"no pattern {name!r} for language {self.code!r}") from None
        return self.expand_source(src, depth)

    def expand_source(self, src: str, depth: int = 0) -> str:
        """A regular expression with its `{words}` and `{=pattern}` references expanded."""

        def sub(m: re.Match[str]) -> str:
            if m.group(1):
                return "(?:" + self.expand(m.group(2), depth + 1) + ")"
            return self.alternation(m.group(2))

        return _REF.sub(sub, src)

    @cache  # noqa: B019 - Lang objects are cached singletons, one per language
    def pattern(self, name: str) -> re.Pattern[str]:
        return re.compile(self.expand(name))

    def has(self, name: str) -> bool:
        return name in self.raw_patterns

    def __hash__(self) -> int:
        return hash(self.code)


@cache
def _compiled_forms(lang: Lang, kind: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(key, re.compile(lang.expand_source(value), re.M)) for key, value in lang.words.get(kind, [])]


def _load_table(lang: Lang, name: str) -> None:
    path = ontology_path("lang", f"{name}.tsv")
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path.name}:{n}: expected 3 tab-separated fields, got {len(parts)}")
        kind, key, value = parts
        if kind == "pattern":
            lang.raw_patterns[key] = value
        else:
            lang.words[kind].append((key, value))


@cache
def load(code: str) -> Lang:
    """Tables for language `code` (common rows first, then the language's own)."""
    lang = Lang(code)
    _load_table(lang, "common")
    _load_table(lang, code)
    return lang


def available() -> list[str]:
    return sorted(p.stem for p in ontology_path("lang").glob("*.tsv") if p.stem != "common")


def detect(text: str) -> str:
    """Language of a text by script: Chinese when CJK ideographs outnumber Latin words."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    return "zh" if han > latin_words else "en"
