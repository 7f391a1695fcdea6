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

from palermo.resources import ontology_path, tsv_rows

_REF = re.compile(r"\{(=?)([a-z][a-z0-9_-]*)\}")


_LAST_WORD = re.compile(r"[A-Za-z.]+$")
# An apostrophe in a word of the tables stands for either one, spaced or not, as pages print it
# ("droits de l’homme", "droits de l'homme", "droits de l ’ homme").
_APOSTROPHE = re.compile(r"\s?['’]\s?")


def _fold(surface: str) -> str:
    """A word as the tables' lookups compare it: case-folded, its apostrophes one way."""
    return _APOSTROPHE.sub("’", surface).casefold()


@dataclass
class Lang:
    """The merged tables of one language."""

    code: str
    words: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    raw_patterns: dict[str, str] = field(default_factory=dict)
    # views of the tables made on first use (the tables do not change once loaded): the
    # extractors ask for them for every sentence
    _lookups: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _forms: dict[str, list[tuple[str, re.Pattern[str]]]] = field(default_factory=dict, repr=False, compare=False)
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)

    def lookup(self, kind: str) -> dict[str, str]:
        """Word list `kind` as {surface form (case-folded): key}."""
        found = self._lookups.get(kind)
        if found is None:
            found = self._lookups[kind] = {_fold(surface): key for key, surface in self.words.get(kind, [])}
        return found

    def forms(self, kind: str) -> list[tuple[str, re.Pattern[str]]]:
        """Rows of `kind` whose values are regular expressions (key, compiled), in table order."""
        found = self._forms.get(kind)
        if found is None:
            rows = self.words.get(kind, [])
            found = self._forms[kind] = [(key, re.compile(self.expand_source(value), re.M)) for key, value in rows]
        return found

    def words_set(self, kind: str) -> frozenset[str]:
        found = self._sets.get(kind)
        if found is None:
            found = self._sets[kind] = frozenset(w for _, w in self.words.get(kind, []))
        return found

    def _abbreviations(self) -> frozenset[str]:
        return self.words_set("abbreviation")

    def abbreviated(self, before: str) -> bool:
        """Whether a full stop right after `before` closes an abbreviation ("Ms", "para", "e.g") or
        an initial rather than a sentence (only in languages that list abbreviations)."""
        word = _LAST_WORD.search(before)
        if word is None or not self._abbreviations():
            return False
        return word.group() in self._abbreviations() or len(word.group()) == 1

    def keys(self, kind: str, surface: str) -> str | None:
        return self.lookup(kind).get(_fold(surface))

    def number(self, token: str) -> int | None:
        """An ordinal or numeral as printed: "11", "11th", "十一", "eleventh", "fifty-first"."""
        token = token.strip()
        digits = re.fullmatch(r"(\d{1,4})(?:st|nd|rd|th)?", token) or _figure_with_suffix(self, token)
        if digits:
            return int(digits.group(1))
        if _ROMAN.fullmatch(token):
            return _roman(token)
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
        """The words of `kind` as one pattern matching the longest word that fits (as a longest-
        first alternation would), case-insensitively ("Fifth Session", "fifth session"); written
        as a trie, so the regex engine tries the few words that share the text's first letters,
        not every word of the list at every position."""
        forms = {s.lower() for _, s in self.words.get(kind, [])}
        if not forms:
            raise KeyError(f"no words of kind {kind!r} for language {self.code!r}")
        return "(?i:" + _trie_pattern(forms) + ")"

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

    def pattern(self, name: str) -> re.Pattern[str]:
        found = self._patterns.get(name)
        if found is None:
            found = self._patterns[name] = re.compile(self.expand(name))
        return found

    def has(self, name: str) -> bool:
        return name in self.raw_patterns

    def __hash__(self) -> int:
        return hash(self.code)


def _figure_with_suffix(lang: Lang, token: str) -> re.Match[str] | None:
    """An ordinal in figures with the language's suffix ("14ème", "53 er", "74-й", "7847-м")."""
    m = _FIGURE.fullmatch(token)
    return m if m and m.group(2).casefold() in lang.words_set("ordinal-suffix") else None


_FIGURE = re.compile(r"(\d{1,4})\s?[-‐‑]?\s?([^\W\d_]{1,4})")
_ROMAN = re.compile(r"(?=[IVXLC])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(token: str) -> int:
    """A Roman numeral below 100 ("IX período de sesiones") as a number."""
    values = [_ROMAN_VALUES[ch] for ch in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _load_table(lang: Lang, name: str) -> None:
    path = ontology_path("lang", f"{name}.tsv")
    for kind, key, value in tsv_rows(path, 3):
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


def _char(ch: str) -> str:
    return _APOSTROPHE.pattern if ch == "’" else re.escape(ch)


def _trie_pattern(words: set[str]) -> str:
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        word = word.replace("'", "’")
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [_char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return emit(trie)


def detect(text: str) -> str:
    """Language of a text: by script first, then, among languages sharing the winning script, by
    which table's common words the text holds most. Each table says its script (`script` rows: a
    character class, counted per character for ideographs, per word for alphabets, because a
    Chinese or Russian version keeps its English masthead) and its `detect-word`s; the first
    language in `available()` order with the most wins a tie."""
    best: tuple[float, str] = (0.0, "")
    scores: dict[str, float] = {}
    for code in available():
        table = load(code)
        for unit, rx in table.forms("script"):
            hits = rx.findall(text)
            scores[code] = float(len(hits) if unit == "chars" else sum(1 for h in hits if len(h) > 1))
            if scores[code] > best[0]:
                best = (scores[code], code)
    if not best[1]:
        return _DEFAULT
    rivals = [c for c in available() if scores.get(c) == best[0]]
    if len(rivals) == 1:
        return rivals[0]
    words = [w.casefold() for w in _WORD.findall(text)]
    counts = {c: sum(1 for w in words if w in load(c).words_set("detect-word")) for c in rivals}
    top = max(counts.values())
    if top == 0 and _DEFAULT in rivals:
        return _DEFAULT
    return next(c for c in [_DEFAULT, *rivals] if counts.get(c) == top)


# the language of a text that shows no language's script or words, and of a tie with it
_DEFAULT = "en"
_WORD = re.compile(r"[^\W\d_]+")
