"""A page's header read from flattened text: its date, headline and site name (issue 14).

Measure only: nothing here changes what Dossier does. Each page reaches Dossier as a user's
text dump would, through ``dossier.pipeline.analyse(RawDocument(origin=..., content_hash=...,
text=flat))``: text only, never HTML, and no URL, title, date or source beside it (the truth
rows have URLs, but a user pasting or exporting a page's text usually has none; the figures
are for that harder case).

Inputs (../shared/data):

- scrapinghub: ``scrapinghub-article-extraction-benchmark/output/html-text.json``, the whole
  page as html-text flattened it, keyed by the page's sha256 id;
- htmldate: ``htmldate-eval/test_set/<file>`` and fundus: ``fundus-evaluation/dataset/html/
  <file>`` (gzip), flattened here by a plain converter: ``html_text.extract_text`` when the
  html-text package is installed, else (as in the project's environment now) lxml: the
  document parsed with ``lxml.html``, ``script`` / ``style`` / ``noscript`` / ``template``
  dropped, a line break put around every block element and ``<br>``, ``text_content()``,
  spaces collapsed and blank lines dropped. Which one ran is printed and saved.

Truth: ``page-header-truth/{scrapinghub,htmldate,fundus}.jsonl``: the date part of the date the
page declares in its own metadata (``published``), its ``headline`` and ``site_name``; a
missing value is no truth. fundus rows also have ``crawl_date``, an upper bound: on a fundus
page without a declared date, a date after the crawl is counted wrong.

Split, fixed before any miss was looked at: a page is **dev** when
``int(sha256(page_id.encode()).hexdigest(), 16)`` is even, else **held-out**, where page_id
is the scrapinghub sha256 id or the file name (``1628285861.html``, ``APNews_0.html.gz``).
Only dev misses are kept page by page (bench/results/header.json) and may be studied; held-out
is kept as figures only.

Figures per set and split:

- date, over pages with a declared date: **day** (a one-day interval on the true day),
  **coarser** (a month, week or year interval containing the true day), **wrong** (an interval
  missing it, or a value that cannot be read as a date), **none** (no date, or the page
  rejected as no article);
- **in text**: the share of those pages whose declared date is written anywhere in the
  flattened text, the ceiling for a text-only reader. Checked forms (numbers with or without a
  leading zero): ``2019-11-19``, ``2019/11/19``, ``2019.11.19``, ``19.11.2019``,
  ``19/11/2019``, ``11/19/2019``, ``19-11-2019``, and month names in English (full, three
  letters, "Sept"), German, French, Spanish, Portuguese, Italian, Ukrainian and Russian
  (genitive) in "19 November 2019", "19. November 2019", "19 de novembro de 2019",
  "Nov 19, 2019", "November 19 2019". No dateparser, no relative dates, no two-digit years.
  A digit may follow a form ending in the year (inline elements glued together by the
  flattening: "Feb 28 20247:00 AM"), not one ending in the day;
- **≤month | text**: the date right at the day or within an interval of at most 31 days that
  contains it, among pages whose date is in the text (the issue's goal ≥ 0.90);
- **wrong/all**: pages with a wrong date over all pages of the set (≤ 0.03);
- **title exact**: headline and Dossier's title equal after NFKC, quotes and dashes made plain,
  whitespace collapsed, case folded (≥ 0.85); **title F1**: token F1 (``\\w+``, case folded)
  between the two, so a section prefix or site suffix costs a little, not all;
- **site exact**: ``site_name`` and Dossier's ``source``, normalised the same way (≥ 0.85);
- **ms/page**: wall time of the whole ``analyse`` call (cleaning and language guess included);
  **hd ms**: the header alone (``header_ms``: headline, site, header lines, stamps and the
  date room), the goal's measure (< 5 ms);
- a declaration in UTC ("...T01:50:59Z") names a moment, not the page's day: a day the
  page prints is right when that moment falls on it somewhere on Earth (UTC-12 to UTC+14,
  ``local_days``); the figure scoring only the UTC day is printed under each table;
- a date with a **span** (a stamp's day and its day in UTC, "Nov 19, 10:31 pm CST") is scored
  as the two-day interval it is: coarser, never "day";
- reliability: among the dates given for pages with a declared date, per confidence band, the
  share whose interval contains the true day ("right") and the share right at the day; the
  issue wants ≥ 0.95 right among those with confidence ≥ 0.8.

Run from the repository root::

    python -m bench.eval.header [--data PATH] [--errors N] [--with-url]

``--with-url`` adds a second pass over the same pages with the truth row's ``url`` given
(``RawDocument.url``), as a saved page usually carries its address: title and site figures
only, printed under each table and saved as ``with_url``. The no-URL figures stay the main
ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import html
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.eval.report import write_results
from dossier.clean import Cleaned
from dossier.clean.header import read_header
from dossier.clean.masthead import read_masthead
from dossier.clean.normalise import normalise_text, split_paragraphs
from dossier.clean.record import extract_record
from dossier.dating import date_page
from dossier.model import Article, RawDocument
from dossier.pipeline import analyse
from dossier.timex.values import interval_of

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data"
SETS = ("scrapinghub", "htmldate", "fundus")
SPLITS = ("dev", "held-out", "all")

# The goals (held-out).
GOALS = {
    "month_in_text": (">=", 0.90),
    "wrong_all": ("<=", 0.03),
    "title_exact": (">=", 0.85),
    "site_exact": (">=", 0.85),
    "header_ms": ("<", 5.0),
    "reliable_right": (">=", 0.95),
}
BANDS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 1.01))
RELIABLE = 0.8


# ---- the split ----

def split_of(page_id: str) -> str:
    """'dev' when the sha256 of the page id is even, else 'held-out'; fixed, never tuned."""
    return "dev" if int(hashlib.sha256(page_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 \
        else "held-out"


# ---- flattening HTML to text (for htmldate and fundus) ----

_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"))
_DROPPED = ("script", "style", "noscript", "template")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def decode_html(data: bytes) -> str:
    """The page's bytes as text: UTF-8 when they are valid UTF-8 (every page of htmldate's
    test set is, whatever its meta tag says), else the charset its meta tag names, else
    UTF-8 with bad bytes replaced."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii", "ignore"), errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def flatten(markup: str) -> str:
    """A page's text by a plain converter: html-text if installed, else lxml (see above)."""
    try:
        import html_text  # type: ignore[import-not-found]
    except ImportError:
        return flatten_lxml(markup)
    return str(html_text.extract_text(markup))


def converter_name() -> str:
    try:
        import html_text  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return "lxml text_content, block elements as line breaks"
    return "html-text extract_text"


def flatten_lxml(markup: str) -> str:
    import lxml.etree
    import lxml.html

    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            element.text = ""
            continue
        if element.tag in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


# ---- scoring ----

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"}
                        | {c: "-" for c in "‐‑‒–—―−"} | {"…": "..."})


def normalise(text: str | None) -> str:
    """For title and site matching: HTML entities read (some declared headlines keep
    ``&#x27;``), NFKC, plain quotes and dashes, one space, case folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_QUOTES)
    return " ".join(text.split()).casefold()


_DOMAIN_TAIL = re.compile(
    r"\.(?:(?:com|net|org|co|ac|gov|info|news)(?:\.[a-z]{2})?|[a-z]{2})$|^www\.")


def site_key(text: str | None) -> str:
    """A site's name as a key, for the "site key" figure beside "site exact": the same site
    however a page spells itself ("The Washington Post" / "Washington Post", "baltimoresun.com"
    / "Baltimore Sun", "www.diariolibre.com" / "Diario Libre", "L'Express" / "LExpress.fr"):
    normalised as above, a leading "the", "www." and a domain ending dropped, then only
    letters and digits. It never makes two different names agree by their words: "Times of
    India" and "India Times" stay apart."""
    key = normalise(text)
    key = _DOMAIN_TAIL.sub("", _DOMAIN_TAIL.sub("", key))
    key = re.sub(r"^the\s+", "", key)
    return "".join(ch for ch in key if ch.isalnum()).removeprefix("the") or key


# Separators a <title> puts between a headline and its site's name (as
# dossier/data/masthead.toml, plus the full-width bar of Japanese pages).
_SITE_JOIN = r"\s*(?:\||｜|-|–|—|::|·|•|»|~)\s*"


def headline_truth(row: dict[str, Any]) -> str | None:
    """The row's headline without the page's own site name joined to it by a separator:
    some pages declare their <title> as their headline ("Nadal keeps Spain alive ... -
    Sportsnet.ca" beside the site name "Sportsnet.ca"); the issue's headline never has the
    site's name, so that declared name is cut, at either end. Only the name the page itself
    declares as ``site_name`` is cut, nothing else: a section ("| Editorial") stays."""
    headline, site = row.get("headline"), row.get("site_name")
    if not headline or not site:
        return headline
    name = re.escape(site.strip())
    for pattern in (rf"^(?P<rest>.+?){_SITE_JOIN}{name}$", rf"^{name}{_SITE_JOIN}(?P<rest>.+)$"):
        match = re.match(pattern, headline.strip(), re.I)
        if match and len(match["rest"].split()) >= 2:
            return match["rest"]
    return headline


def token_f1(truth: str | None, got: str | None) -> float:
    a = Counter(re.findall(r"\w+", normalise(truth)))
    b = Counter(re.findall(r"\w+", normalise(got)))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(b.values()), common / sum(a.values())
    return 2 * precision * recall / (precision + recall)


def local_days(raw: str | None, day: dt.date) -> tuple[dt.date, dt.date]:
    """The days a page may print for its declared publication: ``day`` itself, or, when the
    page declares an instant in UTC ("2019-11-20T01:50:59Z", "...+00:00"), every calendar day
    that instant falls on somewhere on Earth (UTC-12 to UTC+14). A declaration in UTC names
    no zone of the page's own: the Los Angeles Times stores 01:50 UTC on the 20th for a story
    its page prints on the 19th, and both are the same moment. A declaration with its own
    offset ("+05:30") or without a time is its own day."""
    if not raw or "T" not in raw:
        return day, day
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return day, day
    if moment.utcoffset() != dt.timedelta(0):
        return day, day
    return ((moment - dt.timedelta(hours=12)).date(),
            (moment + dt.timedelta(hours=14)).date())


def classify_date(value: str | None, truth: dt.date, span: str | None = None,
                  days: tuple[dt.date, dt.date] | None = None) -> tuple[str, int | None]:
    """('day' | 'coarser' | 'wrong' | 'none', interval width in days) of a date value
    (ISO 8601 at its precision, as ``PublishedDate.value``) against the true day, or any of
    the ``days`` (first, last) the page may print for it (``local_days``). A ``span``
    ("2019-11-19/2019-11-20": the stamp's day and its day in UTC) is the interval given."""
    first_day, last_day = days or (truth, truth)
    if not value:
        return "none", None
    if span:
        first, last = span.split("/")
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    else:
        start, end, _ = interval_of(value)
    if start is None or end is None:
        return "wrong", None
    width = (end - start).days + 1
    if end < first_day or start > last_day:
        return "wrong", width
    return ("day" if width == 1 else "coarser"), width


def after_crawl(value: str | None, crawl: dt.date | None) -> bool:
    """A date that starts after the page was crawled: wrong even without a declared date."""
    if not value or crawl is None:
        return False
    start, _, _ = interval_of(value)
    return start is not None and start > crawl


_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "enero", "janeiro", "gennaio",
        "січня", "января"),
    2: ("february", "feb", "februar", "février", "fevrier", "febrero", "fevereiro", "febbraio",
        "лютого", "февраля"),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "березня", "марта"),
    4: ("april", "apr", "avril", "abril", "aprile", "квітня", "апреля"),
    5: ("may", "mai", "mayo", "maio", "maggio", "травня", "мая"),
    6: ("june", "jun", "juni", "juin", "junio", "junho", "giugno", "червня", "июня"),
    7: ("july", "jul", "juli", "juillet", "julio", "julho", "luglio", "липня", "июля"),
    8: ("august", "aug", "août", "aout", "agosto", "серпня", "августа"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setembro", "settembre",
        "вересня", "сентября"),
    10: ("october", "oct", "oktober", "octobre", "octubre", "outubro", "ottobre", "жовтня",
         "октября"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "листопада", "ноября"),
    12: ("december", "dec", "dezember", "décembre", "decembre", "diciembre", "dezembro",
         "dicembre", "грудня", "декабря"),
}


def date_patterns(day: dt.date) -> list[re.Pattern[str]]:
    """The written forms of ``day`` that ``date_in_text`` looks for (see the docstring)."""
    y, m, d = day.year, day.month, day.day
    dd, mm = rf"0?{d}", rf"0?{m}"
    numeric = [rf"{y}[-/.]{mm}[-/.]{dd}", rf"{dd}[./-]{mm}[./-]{y}", rf"{mm}/{dd}/{y}"]
    names = "|".join(re.escape(n) for n in sorted(_MONTHS[m], key=len, reverse=True))
    month = rf"(?:{names})\.?"
    named = [rf"{dd}(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?{month},?\s+(?:de\s+)?{y}",
             rf"{month}\s+{dd}(?:st|nd|rd|th)?,?\s+{y}"]
    # A pattern ending in the year takes no guard after it: a flattened page glues inline
    # elements ("Feb 28 20247:00 AM EST"); one ending in the day does ("2019-11-1" + "9").
    return [re.compile(rf"(?<![\d\w]){p}" + ("" if p.endswith(str(y)) else r"(?!\d)"), re.I)
            for p in numeric + named]


def date_in_text(text: str, day: dt.date) -> bool:
    return any(p.search(text) for p in date_patterns(day))


# ---- the pages ----

@dataclass
class Page:
    set: str
    page_id: str
    text: str
    truth: dict[str, Any]

    @property
    def split(self) -> str:
        return split_of(self.page_id)


def _truth_rows(data: Path, name: str) -> list[dict[str, Any]]:
    path = data / "page-header-truth" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_pages(data: Path, name: str) -> list[Page]:
    rows = _truth_rows(data, name)
    pages: list[Page] = []
    if name == "scrapinghub":
        source = data / "scrapinghub-article-extraction-benchmark" / "output" / "html-text.json"
        texts = json.loads(source.read_text(encoding="utf-8"))["output"]
        for row in rows:
            body = texts.get(row["id"], {}).get("articleBody") or ""
            pages.append(Page(name, row["id"], body, row))
        return pages
    folder = (data / "htmldate-eval" / "test_set" if name == "htmldate"
              else data / "fundus-evaluation" / "dataset" / "html")
    for row in rows:
        path = folder / row["file"]
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        pages.append(Page(name, row["file"], flatten(decode_html(raw)), row))
    return pages


@dataclass
class Outcome:
    date: str = "n/a"  # day / coarser / wrong / none; n/a when the page declares no date
    width: int | None = None
    in_text: bool = False
    wrong: bool = False  # counted in wrong/all
    title_exact: bool | None = None
    title_f1: float | None = None
    site_exact: bool | None = None
    site_key: bool | None = None
    ms: float = 0.0
    header_ms: float = 0.0
    wrong_utc: bool = False  # wrong when a UTC declaration's own day is the only right one
    confidence: float = 0.0
    got: dict[str, Any] = field(default_factory=dict)


def header_ms(text: str) -> float:
    """Milliseconds to read the header of a flattened page: headline and site
    (``read_masthead``), its lines and stamps (``read_header``) and the date room
    (``dossier.dating``), after the text is split into paragraphs as cleaning splits it."""
    paragraphs = split_paragraphs(extract_record(normalise_text(text))[0])
    started = time.perf_counter()
    masthead = read_masthead(paragraphs)
    header = read_header(paragraphs, title=masthead.title)
    date_page(RawDocument(origin="header", content_hash="", text=text),
              Cleaned(text=text, header=header, record={}, removed=[]), {})
    return (time.perf_counter() - started) * 1000


def run_page(page: Page, *, with_url: bool = False) -> Outcome:
    raw = RawDocument(origin=f"{page.set}:{page.page_id}",
                      content_hash=hashlib.sha256(page.text.encode("utf-8")).hexdigest(),
                      text=page.text, url=page.truth.get("url") if with_url else None)
    started = time.perf_counter()
    article: Article | None
    try:
        article = analyse(raw)
        rejected = None
    except Exception as error:
        article, rejected = None, f"{type(error).__name__}: {error}"
    out = Outcome(ms=(time.perf_counter() - started) * 1000, header_ms=header_ms(page.text))
    published = article.published if article else None
    value = published.value if published else None
    out.confidence = published.confidence if published else 0.0
    out.got = {
        "date": value,
        "span": published.span if published else None,
        "precision": published.precision if published else None,
        "method": published.method if published else None,
        "evidence": published.evidence if published else None,
        "confidence": out.confidence,
        "title": article.title if article else None,
        "title_from": article.meta.get("title_from") if article else None,
        "site": article.source if article else None,
        "rejected": rejected,
    }
    truth = page.truth
    if truth.get("published"):
        day = dt.date.fromisoformat(truth["published"])
        span = published.span if published else None
        out.date, out.width = classify_date(
            value, day, span, local_days(truth.get("published_raw"), day))
        out.wrong_utc = classify_date(value, day, span)[0] == "wrong"
        out.in_text = date_in_text(page.text, day)
        out.wrong = out.date == "wrong"
    elif truth.get("crawl_date"):
        out.wrong = after_crawl(value, dt.date.fromisoformat(truth["crawl_date"][:10]))
    if headline := headline_truth(truth):
        got_title = article.title if article else None
        out.title_exact = bool(got_title) and normalise(got_title) == normalise(headline)
        out.title_f1 = token_f1(headline, got_title)
    if truth.get("site_name"):
        got_site = article.source if article else None
        out.site_exact = bool(got_site) and normalise(got_site) == normalise(truth["site_name"])
        out.site_key = bool(got_site) and site_key(got_site) == site_key(truth["site_name"])
    return out


def _share(k: float, n: int) -> float | None:
    return k / n if n else None


def figures(outs: list[Outcome]) -> dict[str, Any]:
    dated = [o for o in outs if o.date != "n/a"]
    counts = Counter(o.date for o in dated)
    in_text = [o for o in dated if o.in_text]
    month_ok = [o for o in in_text
                if o.date == "day" or (o.date == "coarser" and (o.width or 99) <= 31)]
    titles = [o for o in outs if o.title_exact is not None]
    sites = [o for o in outs if o.site_exact is not None]
    given = [o for o in dated if o.date in ("day", "coarser", "wrong")]
    bands = {}
    for lo, hi in BANDS:
        band = [o for o in given if lo <= o.confidence < hi]
        bands[f"{lo:.1f}-{min(hi, 1.0):.1f}"] = {
            "given": len(band),
            "right": _share(sum(o.date in ("day", "coarser") for o in band), len(band)),
            "day": _share(sum(o.date == "day" for o in band), len(band)),
        }
    reliable = [o for o in given if o.confidence >= RELIABLE]
    ms = [o.ms for o in outs]
    return {
        "pages": len(outs),
        "with_date": len(dated),
        "day": _share(counts["day"], len(dated)),
        "coarser": _share(counts["coarser"], len(dated)),
        "wrong": _share(counts["wrong"], len(dated)),
        "none": _share(counts["none"], len(dated)),
        "in_text": _share(len(in_text), len(dated)),
        "month_in_text": _share(len(month_ok), len(in_text)),
        "wrong_all": _share(sum(o.wrong for o in outs), len(outs)),
        # Scored strictly: only the UTC day of a declaration in UTC is right (see local_days).
        "wrong_all_utc": _share(sum(o.wrong_utc or (o.wrong and o.date == "n/a")
                                    for o in outs), len(outs)),
        "with_title": len(titles),
        "title_exact": _share(sum(bool(o.title_exact) for o in titles), len(titles)),
        "title_f1": statistics.fmean(o.title_f1 or 0.0 for o in titles) if titles else None,
        "with_site": len(sites),
        "site_exact": _share(sum(bool(o.site_exact) for o in sites), len(sites)),
        "site_key": _share(sum(bool(o.site_key) for o in sites), len(sites)),
        "ms_per_page": statistics.fmean(ms) if ms else None,
        "ms_median": statistics.median(ms) if ms else None,
        "header_ms": statistics.fmean(o.header_ms for o in outs) if outs else None,
        "reliable_given": len(reliable),
        "reliable_right": _share(sum(o.date in ("day", "coarser") for o in reliable),
                                 len(reliable)),
        "confidence_bands": bands,
        "methods": dict(Counter(o.got.get("method") or "rejected" for o in outs)),
        "rejected": sum(bool(o.got.get("rejected")) for o in outs),
    }


def misses(page: Page, out: Outcome) -> list[str]:
    found = []
    if out.date in ("wrong", "none") or (out.date == "coarser" and (out.width or 99) > 31):
        found.append(f"date {out.date}")
    elif out.wrong:
        found.append("date after crawl")
    if out.title_exact is False:
        found.append("title")
    if out.site_exact is False:
        found.append("site")
    return found


def miss_row(page: Page, out: Outcome) -> dict[str, Any]:
    truth = {k: page.truth.get(k) for k in ("url", "published", "published_raw", "crawl_date",
                                            "headline", "site_name") if page.truth.get(k)}
    # Long values (a lead sentence as title, a paragraph as evidence) cut: the row points at
    # the miss, the page itself stays in ../shared/data.
    got = {k: v[:160] if isinstance(v, str) else v for k, v in out.got.items()}
    return {"set": page.set, "page": page.page_id, "misses": misses(page, out),
            "date_in_text": out.in_text, "truth": truth, "got": got}


# ---- printing ----

def _f(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(name: str, results: dict[str, dict[str, Any]]) -> str:
    head = (f"{'split':<9} {'pages':>5} {'w/date':>6} {'day':>6} {'coarse':>6} {'wrong':>6} "
            f"{'none':>6} {'intext':>6} {'≤mo|tx':>6} {'wr/all':>6} {'title':>6} {'t.F1':>6} "
            f"{'site':>6} {'ms/pg':>6} {'hd ms':>5} {'c≥.8':>5} {'right':>6}")
    rows = [f"{name}", head]
    for split, r in results.items():
        rows.append(
            f"{split:<9} {r['pages']:>5} {r['with_date']:>6} {_f(r['day']):>6} "
            f"{_f(r['coarser']):>6} {_f(r['wrong']):>6} {_f(r['none']):>6} "
            f"{_f(r['in_text']):>6} {_f(r['month_in_text']):>6} {_f(r['wrong_all']):>6} "
            f"{_f(r['title_exact']):>6} {_f(r['title_f1']):>6} {_f(r['site_exact']):>6} "
            f"{_f(r['ms_per_page'], 1):>6} {_f(r['header_ms'], 1):>5} {r['reliable_given']:>5} "
            f"{_f(r['reliable_right']):>6}")
    held = results["held-out"]
    verdicts = []
    for key, (op, goal) in GOALS.items():
        value = held[key]
        ok = value is not None and {"<=": value <= goal, ">=": value >= goal,
                                    "<": value < goal}[op]
        verdicts.append(f"{key} {_f(value)} {op} {goal} {'met' if ok else 'NOT met'}")
    rows.append("  held-out vs goals: " + "; ".join(verdicts))
    bands = "; ".join(f"{b} n={v['given']} right {_f(v['right'])} day {_f(v['day'])}"
                      for b, v in results["all"]["confidence_bands"].items())
    rows.append(f"  confidence bands (all): {bands}")
    rows.append("  site key (the same site however spelt: 'The X' / 'X' / 'x.com'): "
                + "; ".join(f"{k} {_f(r['site_key'])}" for k, r in results.items()))
    rows.append("  wrong/all scoring a UTC declaration's own day only (no local day): "
                + "; ".join(f"{k} {_f(r['wrong_all_utc'])}" for k, r in results.items()))
    rows.append(f"  methods (all): {results['all']['methods']}; rejected as no article: "
                f"{results['all']['rejected']}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0,
                        help="print this many dev misses per set (never held-out ones)")
    parser.add_argument("--sets", nargs="*", default=list(SETS), choices=SETS)
    parser.add_argument("--with-url", action="store_true",
                        help="a second pass with the truth row's URL given (title and site "
                             "figures only; the no-URL figures stay the main ones)")
    args = parser.parse_args(argv)
    if not (args.data / "page-header-truth").is_dir():
        print(f"no page-header-truth under {args.data}", file=sys.stderr)
        return 1
    print(f"Header from flattened text through analyse() (no URL); HTML flattened by "
          f"{converter_name()}. Legend: day/coarse/wrong/none over pages with a declared "
          f"date; intext = that date written in the text; ≤mo|tx = day or ≤31-day interval "
          f"among in-text; wr/all = wrong over all pages; c≥.8 = dates given at confidence "
          f"≥ 0.8, right = share containing the true day.")
    saved: dict[str, Any] = {}
    dev_misses: list[dict[str, Any]] = []
    started = time.perf_counter()
    for name in args.sets:
        pages = load_pages(args.data, name)
        outs = [run_page(page) for page in pages]
        results = {
            split: figures([o for p, o in zip(pages, outs, strict=True)
                            if split == "all" or p.split == split])
            for split in SPLITS
        }
        saved[name] = results
        print()
        print(table(name, results))
        rows = [miss_row(p, o) for p, o in zip(pages, outs, strict=True)
                if p.split == "dev" and misses(p, o)]
        dev_misses.extend(rows)
        if args.with_url:
            urled = [run_page(page, with_url=True) for page in pages]
            results["with_url"] = {
                split: {key: figures([o for p, o in zip(pages, urled, strict=True)
                                      if split == "all" or p.split == split])[key]
                        for key in ("title_exact", "title_f1", "site_exact")}
                for split in SPLITS
            }
            print("  with the URL given: " + "; ".join(
                f"{split} title {_f(r['title_exact'])} site {_f(r['site_exact'])}"
                for split, r in results["with_url"].items()))
        for row in rows[: args.errors]:
            print("   dev miss:", json.dumps(row, ensure_ascii=False)[:400])
    seconds = time.perf_counter() - started
    print(f"\n({seconds:.1f} s; {len(dev_misses)} dev pages with a miss kept in "
          f"bench/results/header.json)")
    write_results("header", argv, {
        "converter": converter_name(),
        "split_rule": "dev when int(sha256(page_id).hexdigest(), 16) is even",
        "goals": {k: list(v) for k, v in GOALS.items()},
        "results": saved,
        "dev_misses": dev_misses,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
