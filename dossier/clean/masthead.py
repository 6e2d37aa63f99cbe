"""A page's masthead: the headline and the site's name in its <title> line, its copyright
line and its URL.

A page flattened to text opens with its <title>, which is the headline with the site's name
beside it ("Headline | AP News", "Headline - WSJ", "대전일보 모바일 :: Headline"), and prints
the headline again below as its <h1>. Its footer names the owner ("© 2020 The Detroit
News"). The headline part of the <title> line is taken when the page bears it out: the
headline printed again on a line of its own, or the other part naming the site elsewhere
(the copyright line, a line of the masthead, the URL's domain, a known outlet). A <title>
line with a short trailing part and nothing to bear it out is still read as headline and
site, the shape nearly every news page's <title> has.

When the <title> names no site, the page's chrome often does, on short lines of its own
("Follow The Telegraph", "The Telegraph logo", "Work at The Telegraph"): a brand named so on
several lines is the site (``self_name``), before the copyright line's owner, which is often
the parent company ("© Hearst", "© NBC Universal").

Patterns are in ``dossier/data/masthead.toml``; outlets by domain in ``outlets.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from dossier.clean.boilerplate import line_chrome_reason
from dossier.clean.header import header_patterns
from dossier.clean.repeats import paragraph_key
from dossier.clean.stamps import line_stamps
from dossier.dates import read_stated_date
from dossier.resources import load_lines, load_toml

__all__ = ["Masthead", "copyright_name", "outlet_name", "read_masthead", "self_name"]

_ALNUM = re.compile(r"[\W_]+")
# Lines this many paragraphs from either end of the page may name the site (menu, footer).
_EDGE_LINES = 60
_SITE_LINE_WORDS = 5
_LONE_MAX_WORDS = 25
_DATE_PART_WORDS = 5
_COPYRIGHT_MAX_CHARS = 300
_VARIANT_MIN_WORDS = 3
# Two sentence breaks in a line make it a paragraph of text, not a headline.
_INNER_SENTENCES = re.compile(r"[.!?]\s+\S.*[.!?]\s+\S")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)
_COPYRIGHT_HINT = re.compile(r"©|\(c\)|copyright", re.I)
# Chinese, Japanese and Korean letters: such text puts no spaces between words, so its
# length in words is counted from its letters.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_CJK_CHARS_PER_WORD = 2
# A web address's top-level part: "MacRumors.com", "Stuff.co.nz", "Il Mattino.it".
_TLD = re.compile(r"\.(?:(?:co|com|org|net|ac|gov)\.)?[a-z]{2,6}$", re.I)
_ACRONYM_LETTERS = (2, 5)
# A name a page calls itself by in its chrome: one to four words, or a web address.
_NAME = re.compile(r"\w[\w.&'’+-]*(?:\s+\w[\w.&'’+-]*){0,3}")
_SELF_LINE_WORDS = 6


@dataclass
class Masthead:
    """What the masthead says: the headline, the site's name, and where they were read."""

    title: str | None = None
    site: str | None = None
    title_line: str | None = None  # the <title> line the headline was read from
    title_evidence: str | None = None  # repeated, site named, title shape
    site_evidence: str | None = None  # title, copyright, url


@dataclass(frozen=True)
class _Spec:
    """dossier/data/masthead.toml, compiled."""

    separator: re.Pattern[str]
    copyright: re.Pattern[str]
    copyright_before: re.Pattern[str]
    corporate: re.Pattern[str]
    place: re.Pattern[str]
    rights: re.Pattern[str]
    max_site_words: int
    min_headline_chars: int
    title_span: int
    repeat_span: int
    variant_f1: float
    self_before: re.Pattern[str]
    self_after: re.Pattern[str]
    not_names: frozenset[str]
    self_min: int


@cache
def _spec() -> _Spec:
    spec = load_toml("masthead.toml")
    return _Spec(
        separator=re.compile(spec["separator"], re.I),
        copyright=re.compile(spec["copyright"], re.I),
        copyright_before=re.compile(spec["copyright_before"], re.I),
        corporate=re.compile(spec["corporate"], re.I),
        place=re.compile(spec["place"]),
        rights=re.compile(spec["rights"], re.I),
        max_site_words=int(spec["max_site_words"]),
        min_headline_chars=int(spec["min_headline_chars"]),
        title_span=int(spec["title_span"]),
        repeat_span=int(spec["repeat_span"]),
        variant_f1=float(spec["variant_f1"]),
        self_before=re.compile(rf"^(?:{spec['self_before']})\s+", re.I),
        self_after=re.compile(rf"\s+(?:{spec['self_after']})$", re.I),
        not_names=frozenset(n.casefold() for n in spec["not_names"]),
        self_min=int(spec["self_min"]),
    )


@cache
def _outlets() -> dict[str, str]:
    rows = (line.split("\t") for line in load_lines("outlets.tsv"))
    return {row[0].strip().lower(): row[1].strip() for row in rows if len(row) == 2}


@cache
def _outlet_keys() -> frozenset[str]:
    return frozenset(_key(name) for name in _outlets().values())


def _key(text: str) -> str:
    """A name folded for comparison: "The Paradigm" and "THE PARADIGM." agree."""
    key = _ALNUM.sub("", text.casefold())
    return key[3:] if key.startswith("the") and len(key) > 6 else key


def _bare_key(text: str) -> str:
    """A name's key without a web address's top-level part: "MacRumors.com", "MacRumors"
    and "The Macrumors" agree."""
    return _key(_TLD.sub("", text.strip()))


def word_count(text: str) -> int:
    """Words in ``text``; in Chinese, Japanese or Korean text, which needs no spaces, a
    word for every two of its letters."""
    if not _CJK.search(text):
        return len(text.split())
    return sum(max(1, len(_CJK.findall(w)) // _CJK_CHARS_PER_WORD) for w in text.split())


def _words(text: str) -> str:
    """A name's words folded, space-padded, for a whole-word search in another's."""
    words = [w for w in _ALNUM.split(text.casefold()) if w]
    if words[:1] == ["the"]:
        words = words[1:]
    return f" {' '.join(words)} "


def outlet_name(url: str | None) -> str | None:
    """The outlet a URL belongs to: its domain's row in outlets.tsv (a subdomain falls back
    to its parent's), else the domain itself ("www." dropped); None without a host."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    host = host.removeprefix("www.")
    if "." not in host:
        return None
    parts = host.split(".")
    for start in range(len(parts) - 1):
        if (name := _outlets().get(".".join(parts[start:]))) is not None:
            return name
    return host


def copyright_name(line: str) -> str | None:
    """The owner a copyright line names: "© 2020 The Detroit News" gives "The Detroit News",
    "© 2024 CNBC LLC. All Rights Reserved." gives "CNBC", "Daily Soup Copyright © 2020."
    gives "Daily Soup"; None when it names nothing."""
    spec = _spec()
    match = spec.copyright_before.match(line.strip()) or spec.copyright.search(line)
    if match is None:
        return None
    name = spec.corporate.sub("", match["name"].strip(" -–—"))
    name = name.strip(" -–—")
    words = name.split()
    if not words or len(words) > spec.max_site_words:
        return None
    if not any(ch.isalpha() for ch in name) or (name[0].islower() and "." not in name):
        return None  # "© 2020" alone, "Copyright and reprint permissions"
    if spec.rights.match(name):
        return None  # "© 2020 Todos los derechos reservados"
    return name


def read_masthead(paragraphs: list[str], url: str | None = None) -> Masthead:
    """Headline and site from the top lines of ``paragraphs`` (before repeats are dropped:
    the headline printed twice is the evidence), the copyright line and ``url``."""
    spec = _spec()
    head = paragraphs[: spec.title_span]
    at = next((i for i, line in enumerate(head) if _title_candidate(line)), None)
    masthead = Masthead()
    names = _site_names(paragraphs, url)
    if at is not None:
        _read_title_line(masthead, paragraphs, at, names)
    if masthead.site is not None:
        # The owner's full name when the <title> shortens it ("Washington Times" in the
        # <title>, "© 2024 The Washington Times, LLC" below). Only an article is added:
        # whether the name has its web address's ".com" is the <title>'s choice to keep.
        full = [n for n in names["copyright"] if n.casefold() == f"the {masthead.site}".casefold()]
        masthead.site = full[0] if full else masthead.site
    if masthead.site is None:
        if url and (name := outlet_name(url)):
            masthead.site, masthead.site_evidence = name, "url"
        elif (own := self_name(paragraphs, names["copyright"])) is not None:
            masthead.site, masthead.site_evidence = own, "self-named"
        elif names["copyright"]:
            owner = names["copyright"][0]
            masthead.site = _spelled_out(owner, paragraphs) or owner
            masthead.site_evidence = "copyright"
    return masthead


def self_name(paragraphs: list[str], owners: list[str] | None = None) -> str | None:
    """The brand a page's chrome calls it by, when it does so often enough: short lines
    such as "Follow The Telegraph", "Work at The Telegraph", "The Telegraph logo" and "The
    Telegraph" alone name it three times or more; a copyright owner of the same name
    ("© Telegraph Media Group") counts once more. The spelling most used wins (mixed case
    before capitals). None when no name is said ``self_min`` times, at least once in a
    phrase (a section's name stands alone in a menu too)."""
    spec = _spec()
    said: dict[str, dict[str, str]] = {}  # key: {line: name}
    short: list[str] = []
    for line in paragraphs:
        words = line.split()
        if len(words) > _SELF_LINE_WORDS:
            continue
        line = line.strip(" |•·›»-–—:")
        before, after = spec.self_before.match(line), spec.self_after.search(line)
        name = line[before.end() if before else 0 : after.start() if after else len(line)]
        if (before or after) and name and _NAME.fullmatch(name):
            if _name_shaped(name, spec):
                said.setdefault(_bare_key(name), {})[line] = name  # a menu repeated in
                # the footer says it once
        elif len(words) <= _SITE_LINE_WORDS and line:
            short.append(line)
    if not said:
        return None
    alone: dict[str, list[str]] = {}
    keys = {line: _bare_key(line) for line in set(short)}
    for line in short:
        if keys[line] in said:
            alone.setdefault(keys[line], []).append(line)
    owned = {_bare_key(owner) for owner in owners or []}

    def support(key: str) -> int:
        return len(said[key]) + len(alone.get(key, [])) + (key in owned)

    best = max(said, key=support)  # the first said of equals wins (dicts keep order)
    # A section's name stands alone in the menu too ("Tech", "More from Tech"): a name said
    # in only one phrase needs its copyright owner's agreement.
    if support(best) < spec.self_min or (len(said[best]) < 2 and best not in owned):
        return None
    spellings = [*said[best].values(), *alone.get(best, [])]
    return max(spellings, key=lambda n: (spellings.count(n), not n.isupper()))


def _name_shaped(name: str, spec: _Spec) -> bool:
    """A brand's name: capitalised (or a web address, or with a capital inside: "iNews"),
    with a letter, and not a word such phrases take for the reader ("Follow Us")."""
    if name.casefold() in spec.not_names or not any(ch.isalpha() for ch in name):
        return False
    if line_chrome_reason(name) is not None:
        return False
    first = name.split()[0]
    return name[0].isupper() or name[0].isdigit() or bool(_DOMAIN.match(name)) or any(
        ch.isupper() for ch in first[1:])


def _spelled_out(owner: str, paragraphs: list[str]) -> str | None:
    """The name an owner's initials stand for, printed on a short line of the masthead or
    footer: "NYP" (from "© NYP Holdings, Inc.") and a line "New York Post"."""
    letters = owner.replace(".", "")
    low, high = _ACRONYM_LETTERS
    if not (low <= len(letters) <= high and letters.isalpha() and letters.isupper()):
        return None
    edges = paragraphs[1:_EDGE_LINES] + paragraphs[-_EDGE_LINES:]
    for line in edges:
        words = line.split()
        if len(words) == len(letters) and "".join(w[0] for w in words) == letters and all(
                w[0].isupper() for w in words) and line_chrome_reason(line) is None:
            return line
    return None


def _title_candidate(line: str) -> bool:
    return (
        len(line) >= _spec().min_headline_chars
        and word_count(line) >= 2
        and line_chrome_reason(line) is None
        and read_stated_date(line, whole=True) is None
    )


def _site_names(paragraphs: list[str], url: str | None) -> dict[str, list[str]]:
    """Names the page gives itself away from the <title>: copyright owners, short lines of
    the masthead and footer, the URL's outlet."""
    edges = paragraphs[1:_EDGE_LINES] + paragraphs[-_EDGE_LINES:]
    owners = [name for line in paragraphs if (name := _copyright_of(line))]
    short = [_key(line) for line in edges if len(line.split()) <= _SITE_LINE_WORDS]
    outlet = [name] if (name := outlet_name(url)) else []
    return {"copyright": owners, "short": short, "url": outlet}


def _copyright_of(line: str) -> str | None:
    if len(line) > _COPYRIGHT_MAX_CHARS or not _COPYRIGHT_HINT.search(line):
        return None
    return copyright_name(line)


def _named(part: str, names: dict[str, list[str]]) -> int:
    """How strongly the page names the site ``part`` elsewhere: 2 when a known outlet, the
    copyright owner or the URL's outlet agrees, 1 when only a short line of the menu or
    footer says it (a section's name is there too), 0 when nothing does."""
    key = _key(part)
    if len(key) < 2:
        return 0
    if key in _outlet_keys():
        return 2
    mine = _words(part)
    for name in names["copyright"] + names["url"]:
        other = _words(name)
        if key == _key(name) or _bare_key(part) == _bare_key(name) or (
                mine.strip() and other.strip() and (
                mine in other or other in mine)):
            return 2
    return 1 if key in names["short"] else 0


def _read_title_line(
    masthead: Masthead, paragraphs: list[str], at: int, names: dict[str, list[str]]
) -> None:
    _read_title_parts(masthead, paragraphs, at, names)
    if masthead.title and masthead.title_evidence in ("first line", "title shape"):
        # A headline nothing bore out: the headline as the page prints it (its <h1>) when
        # it words the <title>'s a little differently, the line below sharing most words.
        below = paragraphs[at + 1 : at + 1 + _spec().repeat_span]
        if (variant := _printed_variant(masthead.title, below)) is not None:
            masthead.title, masthead.title_evidence = variant, "printed variant"


def _tokens(text: str) -> list[str]:
    return [w for w in _ALNUM.split(text.casefold()) if w]


def _printed_variant(title: str, below: list[str]) -> str | None:
    """The line below most like ``title`` (token F1 at least ``variant_f1``), if any."""
    mine = _tokens(title)
    if len(mine) < _VARIANT_MIN_WORDS:
        return None
    best, best_f1 = None, _spec().variant_f1
    for line in below:
        words = _tokens(line)
        if not _VARIANT_MIN_WORDS <= len(words) <= 2 * len(mine) or words == mine:
            continue
        if f" {' '.join(mine)} " in f" {' '.join(words)} ":
            continue  # the headline wrapped in more words: "Share options for: <headline>"
        common = sum(min(mine.count(w), words.count(w)) for w in set(words))
        f1 = 2 * common / (len(mine) + len(words))
        if f1 >= best_f1 and _headline(line) and not _INNER_SENTENCES.search(line):
            best, best_f1 = line, f1 + 1e-9  # the first of equals wins
    return best


def _read_title_parts(
    masthead: Masthead, paragraphs: list[str], at: int, names: dict[str, list[str]]
) -> None:
    line = paragraphs[at]
    parts, seps, dropped = _split(line)
    domains = [part for part in dropped if _DOMAIN.match(part)]
    if domains:  # "Headline — www.example.ru": the site's address is its name
        masthead.site, masthead.site_evidence = outlet_name(domains[0]), "title"
    below = paragraphs[at + 1 : at + 1 + _spec().repeat_span]
    repeated = {paragraph_key(p) for p in below if len(p) <= len(line)}
    # 1. The headline printed again on a line of its own (the <h1>): the longest run of
    # parts that is, the whole line included. A site's name printed again on its own
    # ("Rolling Stone") is not the headline, nor is the whole line when an end of it names
    # the site (the <title> printed again by a share widget).
    runs = sorted(
        ((i, j) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)),
        key=lambda ij: -len(_join(parts, seps, *ij)),
    )
    for i, j in runs:
        text = _join(parts, seps, i, j)
        if not _headline(text) or paragraph_key(text) not in repeated:
            continue
        if len(parts) > 1 and j - i == 1 and (
            _named(text, names) == 2 or (j == len(parts) and _named(text, names))
        ):
            continue
        if j - i == len(parts) > 1 and (_named(parts[0], names) or _named(parts[-1], names)):
            continue
        rest = parts[:i] + parts[j:]
        masthead.title, masthead.title_line = text, line
        masthead.title_evidence = "repeated"
        _take_site(masthead, rest, names, prefix=i > 0 and j == len(parts))
        return
    if len(parts) < 2:
        # 4. A lone headline-shaped first line: a page's <title> without a site's name, or
        # a pasted article's headline (the weakest evidence, tried last).
        if at == 0 and _lone_headline(parts[0]):
            masthead.title, masthead.title_line = parts[0], line
            masthead.title_evidence = "first line"
        return
    # 2. A part at either end names the site as the page does elsewhere.
    ends = [(len(parts) - 1, False), (0, True)]
    for index, prefix in ends:
        if _site_like(parts[index]) and _named(parts[index], names):
            rest = parts[1:] if prefix else parts[:-1]
            rest_seps = seps[1:] if prefix else seps[:-1]
            title = _trim_sections(rest, rest_seps, seps[0] if prefix else seps[-1])
            if _headline(title):
                masthead.title, masthead.title_line = title, line
                masthead.title_evidence = "site named"
                masthead.site, masthead.site_evidence = parts[index], "title"
                return
    # 3. The shape alone: a short trailing part after the headline.
    site = parts[-1]
    title = _trim_sections(parts[:-1], seps[:-1], seps[-1])
    if _site_like(site) and _headline(title) and len(title) > len(site) and (
        not site[0].islower() or "." in site  # a name or a domain, not a clause
    ):
        masthead.title, masthead.title_line = title, line
        masthead.title_evidence = "title shape"
        masthead.site, masthead.site_evidence = site, "title"


def _split(line: str) -> tuple[list[str], list[str], list[str]]:
    """The <title> line's parts, the separators between them, and the trailing parts
    dropped: chrome (a byline "by Jane Doe", an address), a date, a place."""
    pieces = _spec().separator.split(line)
    seps = [m.group(0).strip() for m in _spec().separator.finditer(line)]
    parts = [p.strip() for p in pieces]
    dropped: list[str] = []
    while len(parts) > 1 and (
        not parts[-1]
        or line_chrome_reason(parts[-1]) is not None
        or _spec().place.match(parts[-1])
        or _dated(parts[-1])
    ):
        dropped.append(parts.pop())
        seps.pop()
    return parts, seps, dropped


def _dated(part: str) -> bool:
    """A part that is a date, perhaps with a time: "3 декабря 2020, 18:47"."""
    return len(part.split()) <= _DATE_PART_WORDS and any(ch.isdigit() for ch in part) and (
        read_stated_date(part, whole=True) is not None or read_stated_date(part) is not None
        or bool(line_stamps(part))  # in any language the stamps know
    )


def _join(parts: list[str], seps: list[str], i: int, j: int) -> str:
    text = parts[i]
    for k in range(i + 1, j):
        text += f" {seps[k - 1]} {parts[k]}"
    return text


def _trim_sections(parts: list[str], seps: list[str], site_sep: str) -> str:
    """The headline left when a site's name is cut: section names after it with the same
    separator ("Headline | Music | The Guardian", "Headline - Москва - ТАСС") go too, and so
    does a part that is only a date ("Headline - 23/06/2020 - UOL Carros")."""
    parts, seps = list(parts), list(seps)
    while len(parts) > 1 and seps[-1] == site_sep and (
        _site_like(parts[-1]) or read_stated_date(parts[-1], whole=True) is not None
    ):
        parts.pop()
        seps.pop()
    return _join(parts, seps, 0, len(parts))


def _site_like(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= _spec().max_site_words and not part.endswith(
        (".", "?", "!")
    ) and line_chrome_reason(part) is None


def _lone_headline(line: str) -> bool:
    """A first line shaped like a headline: a few words, capitalised, no sentence end, not
    a metadata line the header reads (publication, byline, date label)."""
    return (
        3 <= word_count(line) <= _LONE_MAX_WORDS
        and line[0].isupper()
        and not line.rstrip('"”’)').endswith((".", "!", "…", ":"))
        and not any(rx.match(line) for rx in header_patterns().values())
    )


def _headline(text: str) -> bool:
    return (
        len(text) >= _spec().min_headline_chars
        and word_count(text) >= 2
        and line_chrome_reason(text) is None
    )


def _take_site(
    masthead: Masthead, rest: list[str], names: dict[str, list[str]], *, prefix: bool
) -> None:
    """The site among the parts of the <title> line left beside the headline: one the page
    names elsewhere (a known outlet, the copyright owner, the URL: a menu line names
    sections too), else the last (the first when the site leads the line)."""
    rest = [p for p in rest if _site_like(p)]
    if not rest:
        return
    order = rest if prefix else rest[::-1]  # the site's usual end first
    masthead.site = max(order, key=lambda p: _named(p, names) == 2)
    masthead.site_evidence = "title"
