"""The redirect map a published site ships, applied as each host applies it, for the tests.

`_redirects` (Netlify, Cloudflare Pages), by its documented semantics: a line is `from to
status`; in `from` a `:name` matches one whole path segment (anything but `/`), the rest is
literal; the first line matching the request's path wins; in `to` each `:name` is replaced by
what it matched, as the client sent it.

`.htaccess` (Apache mod_rewrite in a per-directory context): the rules in order; a rule's
pattern is matched against the request's path relative to the .htaccess's folder, decoded, with
no leading `/`; `RewriteCond %{HTTP_ACCEPT} [!]pattern` lines gate the rule after them; a `-`
substitution only sets the environment (`E=NAME:value`); a relative substitution is prefixed by
`RewriteBase`; `$N` are the rule's groups, escaped by the `B` flag (every character but letters
and digits of ASCII and `_.-~` as %XX of its UTF-8 bytes; `BNP`: a space as %20, not `+`);
`%{ENV:NAME}` is the environment's value or empty. Apache's regular expressions are PCRE; the
rules use only what PCRE and Python's `re` read alike (groups, `[^/]`, `?`, `^`, `$`, `\\+`).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

_PLACEHOLDER = re.compile(r":([A-Za-z]\w*)")


def netlify(site: Path, path: str) -> tuple[int, str] | None:
    """(status, Location) the `_redirects` of `site` gives a request for `path` (as sent), or None."""
    wanted = path.split("/")
    for line in (site / "_redirects").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target, status = line.split()
        segments = source.split("/")
        if len(segments) != len(wanted):
            continue
        found: dict[str, str] = {}
        for pattern, segment in zip(segments, wanted, strict=True):
            name = _PLACEHOLDER.fullmatch(pattern)
            if name is not None:
                found[name.group(1)] = segment
            elif pattern != segment:
                break
        else:
            return int(status), _fill(target, found)
    return None


def apache(site: Path, path: str, accept: str = "text/html") -> tuple[int, str] | None:
    """(status, Location path) the `.htaccess` of `site` gives a request for `path` (relative to
    the site's folder, decoded) with this Accept header, or None when no rule redirects it."""
    base, env = "/", {}
    conditions: list[bool] = []
    for line in (site / ".htaccess").read_text(encoding="utf-8").splitlines():
        words = line.split()
        if not words or words[0].startswith(("#", "<")) or words[0] in ("RewriteEngine", "Header"):
            continue
        if words[0] == "RewriteBase":
            base = words[1]
        elif words[0] == "RewriteCond":
            assert words[1] == "%{HTTP_ACCEPT}", line
            negated, pattern = words[2].startswith("!"), words[2].lstrip("!")
            conditions.append(bool(re.search(pattern, accept)) != negated)
        elif words[0] == "RewriteRule":
            pattern, substitution, flags = words[1], words[2], words[3].strip("[]").split(",")
            passed, conditions = all(conditions), []
            found = re.search(pattern, path) if passed else None
            if found is None:
                continue
            if substitution == "-":
                for flag in flags:
                    if flag.startswith("E="):
                        name, _, value = flag[2:].partition(":")
                        env[name] = value
                continue
            groups = [urllib.parse.quote(g, safe="") if "B" in flags else g for g in found.groups()]
            target = _groups(substitution, groups)
            target = re.sub(r"%\{ENV:(\w+)\}", lambda m: env.get(m.group(1), ""), target)
            status = next(int(f[2:]) for f in flags if f.startswith("R="))
            return status, target if target.startswith("/") else base + target
        else:
            raise AssertionError(f"a directive the interpreter does not know: {line}")
    return None


def _groups(substitution: str, groups: list[str]) -> str:
    """A substitution with its `$N` replaced by the rule's groups."""
    return re.sub(r"\$(\d)", lambda m: groups[int(m.group(1)) - 1], substitution)


def _fill(target: str, found: dict[str, str]) -> str:
    """A target with its placeholders replaced by what they matched."""
    return _PLACEHOLDER.sub(lambda m: found[m.group(1)], target)
