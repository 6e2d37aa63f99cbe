"""Site chrome in text already flattened from a web page.

trafilatura works on the HTML tree; once a page has been flattened to text, its menus,
share buttons, captions, "related" lists and comment threads are plain lines among the
article's. This stage finds the article in three steps, each with its reasons kept:

1. **Classify** each paragraph alone, as jusText does (Pomikálek 2011): *bad* when it
   matches a chrome pattern (``data/chrome_patterns.txt``: "Subscribe", "Advertisement",
   photo credits, bylines, timestamps), is a bullet caption or a UI string in another
   script; else *good*, *near-good* or *short* from its length and stop-word density
   (running text is full of "the", "of", "that"; menus and lists of headlines are not).
   The stop list is the one of the page's language (``data/clean/stopwords/``).
2. **Smooth**: short and near-good paragraphs take the class of their neighbours, so a
   subheading or a one-line paragraph between two good ones is kept, a stray sentence in
   a footer is not.
3. **Select the main block**: the article is one run of good paragraphs with small gaps
   (a caption, an "Advertisement" line); a section break ("Comments", "Related stories",
   ``data/clean/section_breaks.txt``) ends a run. The run with most text wins; comments,
   teasers and footers outside it go. A repetition of the page title just above it marks
   where the article starts.

Thresholds live in ``data/clean/boilerplate.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dossier.resources import DATA_DIR, load_lines, load_toml

BAD, SHORT, NEAR, GOOD = "bad", "short", "near-good", "good"

_CAPTION_BULLET = re.compile(r"^[•·▪■►◦●]\s*")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
# Han, kana, hangul and full-width forms: one such character carries about as much as a
# short word, so it counts as ``wide_char_weight`` characters of length.
_WIDE = re.compile("[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")
_EDGE_PUNCT = " .:|›»>•·-–—"
_BRACKETS = {"[": "]", "(": ")", "{": "}"}


@dataclass(frozen=True)
class Options:
    """Thresholds of the chrome stage, from ``data/clean/boilerplate.toml``."""

    length_low: int
    length_high: int
    stopwords_low: float
    stopwords_high: float
    min_language_density: float
    language_min_words: int
    wide_char_weight: int
    sentence_length_low: int
    sentence_stopwords_low: float
    caption_max_words: int
    chrome_max_chars: int
    timestamp_max_words: int
    other_script_share: float
    other_script_max_words: int
    max_heading_distance: int
    max_gap_lines: int
    max_gap_chars: int
    merge_share: float
    closed_discount: float
    min_article_chars: int
    title_bonus: float
    near_run_min_paragraphs: int
    near_run_min_chars: int
    far_gap_lines: int
    title_lines_before_body: int


@cache
def options() -> Options:
    """The shipped thresholds (a missing key fails naming the file)."""
    spec = load_toml("clean/boilerplate.toml")
    flat = {key: value for table in spec.values() for key, value in table.items()}
    return Options(**flat)


def _alternation(name: str) -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{p})" for p in load_lines(name))
    return re.compile(rf"^(?:{alternatives})$", re.I)


@cache
def _chrome() -> re.Pattern[str]:
    return _alternation("chrome_patterns.txt")


@cache
def _section_breaks() -> re.Pattern[str]:
    return _alternation("clean/section_breaks.txt")


@cache
def _date_words() -> frozenset[str]:
    return frozenset(load_lines("clean/date_words.txt"))


def _timestamp(words: list[str]) -> bool:
    """A line made only of a date and a time ("Nov. 19, 2019 8:03 am ET")."""
    return any(w.isdigit() for w in words) and all(w.isdigit() or w in _date_words() for w in words)


@cache
def _stoplists() -> dict[str, frozenset[str]]:
    folder = DATA_DIR / "clean" / "stopwords"
    return {
        path.stem: frozenset(load_lines(f"clean/stopwords/{path.name}"))
        for path in sorted(folder.glob("*.txt"))
    }


_LETTERS = re.compile(r"[^\W\d_]+")
_NON_LATIN = re.compile("[^\\W\\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")


def _latin_share(line: str) -> float:
    """Share of the letters in ``line`` that are Latin."""
    letters = sum(map(len, _LETTERS.findall(line)))
    if not letters:
        return 1.0
    return 1 - sum(map(len, _NON_LATIN.findall(line))) / letters


def _stoplist(words: list[str], opts: Options) -> frozenset[str]:
    """The stop list that fits the page best; empty when none fits (length alone decides)."""
    if not words:
        return frozenset()
    counts = Counter(words)
    best, best_density = frozenset(), 0.0
    for stoplist in _stoplists().values():
        density = sum(counts[w] for w in stoplist.intersection(counts)) / len(words)
        if density > best_density:
            best, best_density = stoplist, density
    return best if best_density >= opts.min_language_density else frozenset()


@dataclass
class _Paragraph:
    text: str
    words: list[str]
    cls: str
    reason: str | None = None  # why a paragraph is bad whatever its neighbours
    barrier: bool = False  # a section break: no run of article text crosses it


def _core(text: str) -> str:
    """A line without its edge punctuation and enclosing brackets ("[ 12 comments ]")."""
    core = text.strip(_EDGE_PUNCT)
    while len(core) > 1 and _BRACKETS.get(core[0]) == core[-1]:
        core = core[1:-1].strip(_EDGE_PUNCT)
    return core


def line_chrome_reason(text: str) -> str | None:
    """Why a line is chrome whatever surrounds it (a pattern, a section break, a timestamp,
    a bulleted caption), or None. The header reader uses it to pass over such lines."""
    core = _core(text)
    words = _WORD.findall(text.lower())
    if len(core) <= options().chrome_max_chars:
        if _section_breaks().match(core):
            return "section break"
        if _chrome().match(core):
            return "chrome pattern"
    if len(words) <= options().timestamp_max_words and _timestamp(words):
        return "timestamp"
    if _CAPTION_BULLET.match(text) and len(words) <= options().caption_max_words:
        return "caption or credit"
    return None


def _classify(
    text: str, words: list[str], stoplist: frozenset[str], latin_page: bool, opts: Options
) -> _Paragraph:
    core = _core(text)
    line = len(core) <= opts.chrome_max_chars  # longer paragraphs are never chrome lines
    if line and _section_breaks().match(core):
        return _Paragraph(text, words, BAD, "section break", barrier=True)
    if line and _chrome().match(core):
        return _Paragraph(text, words, BAD, "chrome pattern")
    if len(words) <= opts.timestamp_max_words and _timestamp(words):
        return _Paragraph(text, words, BAD, "timestamp")
    if _CAPTION_BULLET.match(text) and len(words) <= opts.caption_max_words:
        return _Paragraph(text, words, BAD, "caption or credit")
    if (
        latin_page
        and len(words) <= opts.other_script_max_words
        and _latin_share(text) < opts.other_script_share
    ):
        return _Paragraph(text, words, BAD, "UI string in another script")
    wide = sum(map(len, _WIDE.findall(text))) if not latin_page else 0
    length = len(text) + (opts.wide_char_weight - 1) * wide
    if stoplist:
        density = len([w for w in words if w in stoplist]) / len(words) if words else 0.0
        low, high = opts.stopwords_low, opts.stopwords_high
    else:
        density, low, high = 1.0, 0.0, 0.0
    sentence = bool(_SENTENCE_END.search(text))
    if length < opts.length_low:
        if sentence and length >= opts.sentence_length_low and density >= high:
            return _Paragraph(text, words, NEAR)
        return _Paragraph(text, words, SHORT)
    if density >= high:
        return _Paragraph(text, words, GOOD if length > opts.length_high else NEAR)
    if density >= low or (sentence and density >= opts.sentence_stopwords_low):
        # A whole sentence dense with names ("MOSCOW, November 14 (RIA Novosti) - Monday's
        # talks in the Kremlin between ...") is near-good: its neighbours decide.
        return _Paragraph(text, words, NEAR)
    return _Paragraph(text, words, BAD)


def _neighbour(paras: list[_Paragraph], start: int, step: int, skip: set[str]) -> str:
    """Class of the nearest paragraph from ``start`` in direction ``step`` not in ``skip``."""
    index = start + step
    while 0 <= index < len(paras):
        if paras[index].cls not in skip:
            return paras[index].cls
        index += step
    return BAD  # the page's edges count as chrome


def _promote_near_runs(paras: list[_Paragraph], opts: Options) -> None:
    """Several near-good paragraphs in a row are running text cut short: wire copy
    ("The man ran from the station.") writes one or two sentences a paragraph, each under
    the length of a good paragraph. jusText would drop the lot for want of a good one."""
    index = 0
    while index < len(paras):
        if paras[index].cls != NEAR:
            index += 1
            continue
        end, count, mass, shorts = index, 0, 0, 0
        while end < len(paras) and paras[end].cls in (NEAR, GOOD, SHORT):
            if paras[end].cls == SHORT:
                shorts += 1
                if shorts > 1:  # a menu between teasers, not a subheading
                    break
            else:
                count += 1
                mass += len(paras[end].text)
                shorts = 0
            end += 1
        if count >= opts.near_run_min_paragraphs and mass >= opts.near_run_min_chars:
            for para in paras[index:end]:
                if para.cls == NEAR:
                    para.cls = GOOD
        index = end


def _smooth(paras: list[_Paragraph], opts: Options) -> None:
    """jusText's context-sensitive pass: short and near-good paragraphs follow neighbours."""
    _promote_near_runs(paras, opts)
    # Headings: a short line just above good text is promoted to near-good.
    for index, para in enumerate(paras):
        if para.cls != SHORT or para.reason:
            continue
        distance = 0
        for below in paras[index + 1 :]:
            if below.cls == GOOD:
                para.cls = NEAR
                break
            distance += len(below.text)
            if distance > opts.max_heading_distance or below.barrier:
                break
    new = [p.cls for p in paras]
    for index, para in enumerate(paras):
        if para.cls != SHORT:
            continue
        before = _neighbour(paras, index, -1, {SHORT, NEAR})
        after = _neighbour(paras, index, 1, {SHORT, NEAR})
        if before == after == GOOD:
            new[index] = GOOD
        elif before == after == BAD:
            new[index] = BAD
        elif (before == BAD and _neighbour(paras, index, -1, {SHORT}) == NEAR) or (
            after == BAD and _neighbour(paras, index, 1, {SHORT}) == NEAR
        ):
            new[index] = GOOD
        else:
            new[index] = BAD
    for index, para in enumerate(paras):
        if para.cls == SHORT:
            para.cls = new[index]
    for index, para in enumerate(paras):
        if para.cls != NEAR:
            continue
        before = _neighbour(paras, index, -1, {NEAR})
        after = _neighbour(paras, index, 1, {NEAR})
        para.cls = BAD if before == after == BAD else GOOD
    # A hard reason (chrome, caption) always wins over the neighbours.
    for para in paras:
        if para.reason:
            para.cls = BAD


def _runs(paras: list[_Paragraph], titles: set[int], opts: Options) -> list[tuple[int, int, int]]:
    """Runs of good paragraphs: (first index, last index, characters of good text).

    A section break or a repetition of the page title (the headline) ends a run."""
    runs: list[tuple[int, int, int]] = []
    start = last = None
    mass = gap_lines = gap_chars = 0
    crossed_break = False
    for index, para in enumerate(paras):
        if para.cls == GOOD:
            joined = (
                last is not None
                and not crossed_break
                and gap_lines < opts.max_gap_lines
                and gap_chars <= opts.max_gap_chars
            )
            if not joined:
                if start is not None and last is not None:
                    runs.append((start, last, mass))
                start, mass = index, 0
            last = index
            mass += len(para.text)
            gap_lines = gap_chars = 0
            crossed_break = False
        else:
            gap_lines += 1
            gap_chars += len(para.text)
            crossed_break = crossed_break or para.barrier or index in titles
    if start is not None and last is not None:
        runs.append((start, last, mass))
    return runs


def _main_span(paras: list[_Paragraph], titles: set[int], opts: Options) -> tuple[int, int] | None:
    """The span of the main run, widened to substantial runs close to it.

    Runs are weighed by their text, with two priors: a run just below a repetition of the
    page title is the article (``title_bonus``); once a run of article size has been
    followed by a section break, later runs are comments and teasers
    (``closed_discount``)."""
    runs = _runs(paras, titles, opts)
    if not runs:
        return None
    weights = []
    seen_article = closed = False
    previous_end = -1
    for start, end, mass in runs:
        if seen_article and any(p.barrier for p in paras[previous_end + 1 : start]):
            closed = True
        weight = float(mass)
        if closed:
            weight *= opts.closed_discount
        if any(start - opts.title_lines_before_body <= t < start for t in titles):
            weight *= opts.title_bonus
        weights.append(weight)
        seen_article = seen_article or mass >= opts.min_article_chars
        previous_end = end
    main = max(range(len(runs)), key=lambda i: weights[i])
    first, last, mass = runs[main]
    # Widen over close, substantial runs not cut off by a section break or the headline.
    for step in (-1, 1):
        index = main + step
        while 0 <= index < len(runs):
            start, end, other = runs[index]
            gap = range(end + 1, first) if step < 0 else range(last + 1, start)
            if (
                other < opts.merge_share * mass
                or len(gap) > opts.far_gap_lines
                or any(paras[i].barrier or i in titles for i in gap)
            ):
                break
            first, last = min(first, start), max(last, end)
            index += step
    return first, last


def _title_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _title_lines(paras: list[_Paragraph], title: str | None) -> set[int]:
    """Indexes of the paragraphs (past the first) that repeat the page title."""
    candidates = set()
    if title:
        candidates.add(_title_key(title))
    if paras:
        # A page flattened whole opens with its <title>: "Headline - Site", "Headline | Site".
        top = paras[0].text
        candidates.add(_title_key(top))
        for separator in (" | ", " - ", " – ", " — ", " :: ", " · "):
            if separator in top:
                candidates.add(_title_key(top.rsplit(separator, 1)[0]))
                candidates.add(_title_key(top.split(separator, 1)[0]))
    candidates.discard("")
    return {
        index
        for index, para in enumerate(paras)
        if index > 0 and len(para.words) >= 2 and _title_key(para.text) in candidates
    }


def strip_boilerplate(
    paragraphs: Sequence[str], title: str | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """Keep the article's paragraphs; return (kept, [(dropped, reason)])."""
    opts = options()
    words = [_WORD.findall(p.casefold()) for p in paragraphs]
    # The language shows in the longer paragraphs; menus would dilute it.
    long_words = [w for ws in words if len(ws) >= opts.language_min_words for w in ws]
    stoplist = _stoplist(long_words or [w for ws in words for w in ws], opts)
    latin_page = _latin_share(" ".join(paragraphs)) >= opts.other_script_share
    paras = [
        _classify(p, ws, stoplist, latin_page, opts)
        for p, ws in zip(paragraphs, words, strict=True)
    ]
    titles = _title_lines(paras, title)
    for index in titles:
        paras[index].cls, paras[index].reason = BAD, "headline"
    _smooth(paras, opts)
    span = _main_span(paras, titles, opts)
    if span is None:
        return [], [(p.text, p.reason or "no running text") for p in paras]
    first, last = span
    # A lead set apart from the body (by a photo) is still article: start after the title.
    above = [t for t in titles if first - opts.title_lines_before_body <= t < first]
    anchor = max(above) if above else None
    if anchor is not None:
        first = anchor + 1
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for index, para in enumerate(paras):
        if index < first:
            reason = para.reason or "before the article"
        elif index > last:
            reason = para.reason or "after the article"
        elif para.cls != GOOD:
            reason = para.reason or "not running text"
        else:
            kept.append(para.text)
            continue
        removed.append((para.text, reason))
    return kept, removed
