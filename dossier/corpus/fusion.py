"""Fusion: the same event told by several articles becomes one timeline entry.

Two event mentions are one event (``same_event``) when
- their dates can be the same day: their intervals overlap, or miss by a few days (a wire
  dated by the day after; flagged), never two dates one text gives that cannot be the same
  day ("met on Monday, and again on Thursday");
- their types are the same or a pair one real event is often coded as (CONSULT and AGREE
  for "held talks and signed"; ``dossier/data/fusion/rules.toml``, each pair with its reason);
- their actors overlap once a person or a ministry counts as the state they act for ("Putin
  and Karimov sign" meets "Russia and Uzbekistan sign", and "Russia signs"; a government
  read without its state, "GOV", is that state's, "LBYGOV"), the press telling the event (a
  dateline read as an actor) left out; when each names someone the other does not, the
  sentences must agree as for a vague mention; mentions without actors meet only each
  other;
- their sentences say the same thing: the cosine of their MiniLM sentence vectors (kept with
  each event when it is stored) reaches a threshold chosen on the dev topics, a higher one
  when either is vague (dated coarser than a month, or only by its article) unless both
  name the same type and the same actors (a retrospective, "the pact Russia and Uzbekistan
  signed in autumn 2005", joins the event itself);
- both tell a deed, or both a plan; a plan told after the deed's date is the deed told
  wrongly (joined, the disagreement flagged); a plan told before it stays its own entry,
  linked to the deed by the timeline (``related``).
Negated, denied and hypothetical events stand alone.

An entry is a connected group of mentions under that relation. Since the relation looks at
two mentions only, never at what an entry holds so far, the entries do not depend on the
order articles arrive in: a new article's events are compared with the events of the
entries they could join (found through the entry-actor index, by their actors and the days
the entries' sources cover), join every one they match (merging them), and nothing else is
recomputed; ``dossier analyse --all`` makes the same entries. An entry's ID is made from its
first event in a canonical order (``_placing_order``: sharpest own date first, then the hash
of its article's text and its place in it, never random article IDs), so it is the same in
every store and in every order.

An entry's date is the most precise date its sources support; sources whose dates cannot be
the same day are flagged, never averaged; one source telling as planned what another tells
as done, after the fact, is flagged too. An entry told by a hundred sources costs a hundred
comparisons per new mention and a list of disputed sources, never a list of pairs.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache, lru_cache
from typing import Any

import numpy as np

from dossier.corpus.membership import boundaries
from dossier.resources import load_toml
from dossier.store import Store
from dossier.timex.values import interval_of

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4,
                  "decade": 5, "century": 6, "unknown": 9}
# Negated, denied and hypothetical events are not facts to fuse: they stand alone.
ALONE = ("negated", "denied", "hypothetical")
PLANS = ("planned", "scheduled")
RULES_FILE = "fusion/rules.toml"


@cache
def rules() -> dict[str, Any]:
    """The fusion rules (``dossier/data/fusion/rules.toml``): thresholds and type pairs."""
    data = load_toml(RULES_FILE)
    pairs = {frozenset(pair["types"]): pair["reason"] for pair in data.get("pair", [])}
    surely = {frozenset(pair["types"]): float(pair["threshold"])
              for pair in data.get("pair", []) if "threshold" in pair}
    return {"threshold": float(data["similarity"]["threshold"]),
            "vague_threshold": float(data["similarity"]["vague_threshold"]),
            "retrospective_threshold": float(data["similarity"]["retrospective_threshold"]),
            "report_window_days": int(data["dates"]["report_window_days"]),
            "near_days": int(data["dates"]["near_days"]),
            "ignored_actors": frozenset(data["actors"]["ignored"]),
            "roles": frozenset(data["actors"]["roles"]),
            "pairs": pairs, "pair_thresholds": surely}


# Dates this close (in days) still make one event when two sources disagree by a little.
NEAR_DAYS = rules()["near_days"]
# An event dated only by the article that tells it happened within this many days before.
REPORT_WINDOW_DAYS = rules()["report_window_days"]


def types_agree(a: str, b: str) -> bool:
    """Whether two event types can code one real event (the same, or a listed pair)."""
    return a == b or frozenset((a, b)) in rules()["pairs"]


@cache
def agreeing_types(kind: str) -> frozenset[str]:
    """The types an event of this type can be one real event with (``types_agree``)."""
    return frozenset({kind} | {other for pair in rules()["pairs"] if kind in pair
                               for other in pair})


def actor_key(event: dict[str, Any]) -> str:
    """Who acts and on whom, as sorted codes: states by ISO code, organisations by short
    name, people and ministries by the state they act for, else by name."""
    states = event.get("actor_states", {})
    keys = set()
    for actor in event["actors"]:
        if actor["role"] not in ("source", "target"):
            continue
        keys.add(actor["code"] or states.get(actor["name"]) or actor["name"])
    return "|".join(sorted(keys))


def actor_tokens(event: dict[str, Any]) -> frozenset[str]:
    """An event's actors as fusion matches them and the entry-actor index keeps them: a
    state, organisation, person or ministry by its code or the state it acts for (lower
    case; a role code read without its state, the Government of Libya's "GOV", with it:
    "lbygov"); a
    name without either by the sound of its last word (``name_key``), so that "Moammar
    Gadhafi", "Muammar Gaddafi" and "Gadhafi" meet. The press telling the event (a dateline
    read as an actor) is left out (``[actors]`` in the rules)."""
    known = event.get("_tokens")
    if known is not None:  # kept with the event while one fusion runs: asked often
        return known
    states = event.get("actor_states", {})
    found = rules()
    ignored, roles = found["ignored_actors"], found["roles"]
    tokens = set()
    for actor in event["actors"]:
        if actor["role"] not in ("source", "target") or actor["code"] in ignored:
            continue
        code, state = actor["code"], states.get(actor["name"])
        if code in roles and state:  # "GOV" of Libya: Libya's government, no other
            code = state + code
        code = code or state
        tokens.add(code.lower() if code else name_key(actor["name"]))
    known = event["_tokens"] = frozenset(tokens)
    return known


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name's last word as a consonant skeleton ("~gdf" for Gadhafi, Gaddafi, Ghadafi...):
    its first letter, then its consonants but h, w and y, doubled ones once. Transliterated
    names differ in vowels, doubled letters and h; rarely in the rest."""
    words = re.findall(r"[a-z]+", unicodedata.normalize("NFKD", name).encode(
        "ascii", "ignore").decode().lower())
    if not words:
        return name.strip().lower()
    word = words[-1]
    if len(word) < 4:
        return word
    rest = re.sub(r"[aeiouhwy]", "", word[1:])
    rest = re.sub(r"(.)\1+", r"\1", rest)
    return "~" + word[0] + (rest[1:] if rest[:1] == word[0] else rest)


def encode_vector(vector: np.ndarray) -> str:
    """A sentence vector as kept in an event's JSON: float16, base64 (1 KB, not 8)."""
    return base64.b64encode(np.asarray(vector, dtype="<f2").tobytes()).decode("ascii")


def _vector(event: dict[str, Any]) -> np.ndarray | None:
    found = event.get("_vec")
    if found is None:
        text = event.get("vector")
        if not text:
            return None
        found = event["_vec"] = np.frombuffer(base64.b64decode(text), dtype="<f2").astype(
            np.float32)
    return found


def add_vectors(events: list[dict[str, Any]], embedder: Any = None) -> None:
    """Give each event without one the vector of its sentence (MiniLM), in one batch."""
    missing = [e for e in events if not e.get("vector")]
    if not missing:
        return
    if embedder is None:
        from dossier.nlp.embed import default_embedder
        embedder = default_embedder()
    vectors = embedder.encode([e["evidence"][0]["sentence"] for e in missing])
    for event, vector in zip(missing, vectors, strict=True):
        event["vector"] = encode_vector(vector)


@lru_cache(maxsize=65536)
def span(date: str | None, date_end: str | None) -> tuple[Any, Any] | None:
    """The (first day, last day) an event's date covers, or None when it is unknown.
    Cached: fusing one event compares it with every candidate's date, and the same few
    thousand date values come back all the time."""
    if not date:
        return None
    start, end, _ = interval_of(date)
    if date_end:
        _, end, _ = interval_of(date_end)
    if start is None or end is None:
        return None
    return start, end


def compatible(a: tuple[Any, Any] | None, b: tuple[Any, Any] | None,
               near_days: int | None = None) -> str | None:
    """"same" when two spans overlap, "near" when they miss by a few days, else None."""
    if a is None or b is None:
        return "same"
    if a[0] <= b[1] and b[0] <= a[1]:
        return "same"
    gap = min(abs((a[0] - b[1]).days), abs((b[0] - a[1]).days))
    return "near" if gap <= (NEAR_DAYS if near_days is None else near_days) else None


def _when(event: dict[str, Any]) -> tuple[Any, Any] | None:
    """The days an event can have happened on: its own date's, or the month before the
    article that tells it."""
    own = span(event["date"], event["date_end"]) if _own_date(event) else None
    return own or _reported_window(event)


def _alone(event: dict[str, Any]) -> bool:
    """Whether a mention stands alone: negated, denied or hypothetical, or dated by its own
    words coarser than a year ("in the 1990s": too little to tell which event it is)."""
    return event["modality"] in ALONE or (
        _own_date(event) and PRECISION_RANK.get(event["precision"], 9) > 4
        and event["precision"] != "unknown")


def _can_join(event: dict[str, Any]) -> bool:
    """Whether a mention can be the same event as any other: a vague one needs its sentence
    vector to (see ``same_event``); one without can only be joined, by precise ones, which
    look for it themselves."""
    return _vector(event) is not None or not _vague(event)


def _short(days: tuple[Any, Any] | None) -> bool:
    return days is not None and (days[1] - days[0]).days < 7


def _recalled(event: dict[str, Any]) -> bool:
    """Whether a mention dates itself coarser than a month ("in autumn 2005", "the 2021
    ceasefire"): what a retrospective does."""
    return _own_date(event) and PRECISION_RANK.get(event["precision"], 9) > 2


def _vague(event: dict[str, Any]) -> bool:
    return not _own_date(event) or PRECISION_RANK.get(event["precision"], 9) > 2


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two event mentions tell one event (see the module's docstring)."""
    if _alone(a) or _alone(b):
        return False
    if not types_agree(a["type"], b["type"]):
        return False
    ours, theirs = actor_tokens(a), actor_tokens(b)
    if bool(ours) != bool(theirs) or (ours and not ours & theirs):
        return False
    found = rules()
    # One text that dates two mentions apart tells two events ("met on Monday, and again on
    # Thursday"); two texts a day or two apart disagree on one (flagged).
    one_text = a.get("article_hash") == b.get("article_hash") and _own_date(a) and \
        _own_date(b)
    days, others = _when(a), _when(b)
    if (days is None) != (others is None):
        return False  # an undated mention would join any day: it meets undated ones only
    # The few days' slack is for days and weeks (a wire dated by the day after), never for
    # years: "2001" and "2002" are one day apart at their ends, not one event; and never
    # when both sentences name their own day ("artillery fire on Friday", "... on
    # Saturday"): the texts then say the days differ.
    near = found["near_days"] if not one_text and _short(days) and _short(others) and not (
        _stated(a) and _stated(b)) else 0
    if compatible(days, others, near) is None:
        return False
    if (a["modality"] in PLANS) != (b["modality"] in PLANS) and _foretold(a, b):
        return False  # a plan told before the deed: its own entry, linked
    # Actors that only overlap ("UZB and S0" against "UZB and S1": each names someone the
    # other does not) may be two meetings of one state with two partners: the sentences
    # must then say the same thing as surely as a vague mention's.
    crossed = not (ours <= theirs or theirs <= ours)
    va, vb = _vector(a), _vector(b)
    surely = found["pair_thresholds"].get(frozenset((a["type"], b["type"])), 0) \
        if a["type"] != b["type"] else 0  # a pair that also codes events that only touch
    if surely and a.get("article_hash") == b.get("article_hash") and \
            a["offsets"][0] == b["offsets"][0]:
        return False  # two events of one sentence: its vector cannot tell them one event
    if va is None or vb is None:  # no sentence to compare (events stored without one):
        return not crossed and not (_vague(a) or _vague(b)) and not surely  # precise only
    # A vague mention that names the same type and the same actors (a retrospective: "the
    # pact Russia and Uzbekistan signed in autumn 2005") is held to the plain threshold.
    alike = a["type"] == b["type"] and ours == theirs and (_recalled(a) or _recalled(b))
    limit = found["threshold"] if not (crossed or _vague(a) or _vague(b)) else \
        found["retrospective_threshold"] if alike and not crossed else \
        found["vague_threshold"]
    return float(va @ vb) >= max(limit, surely)


def _foretold(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Of a plan and a deed, whether the plan was told before the deed's day was over."""
    plan, deed = (a, b) if a["modality"] in PLANS else (b, a)
    done = span(deed["date"], deed["date_end"]) if _own_date(deed) else None
    told = plan["evidence"][0].get("published") or ""
    return done is None or told <= done[1].isoformat()


def plan_of(plan: dict[str, Any], deed: dict[str, Any]) -> bool:
    """Whether ``plan`` is the plan, told beforehand, of the event ``deed`` tells: the two
    kept as two entries, linked (``related`` in the timeline)."""
    if plan["modality"] not in PLANS or deed["modality"] in PLANS + ALONE or \
            not _foretold(plan, deed):
        return False
    return same_event({**plan, "modality": deed["modality"]}, deed)


def related(store: Store, plans: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    """For planned entries (ID: their events, with vectors), the entries of the deeds they
    foretold, through the entry-actor index as fusion finds candidates."""
    probes = _probes([{**event, "modality": "occurred"}
                      for events in plans.values() for event in events])
    if not probes:
        return {}
    deeds = {i: told for i, told in store.events_sharing(probes).items() if i not in plans}
    return {entry_id: sorted(other for other, told in deeds.items()
                             if any(plan_of(p, d) for p in events for d in told))
            for entry_id, events in plans.items()}


def fuse(store: Store, article_ids: list[str], touched: set[str] | None = None) -> int:
    """Place the events of the given articles in timeline entries; returns how many.
    ``touched``: entries that lost events (a re-analysed or deleted article): their other
    events are placed again, so that an entry a lost event held together comes apart.

    Works in memory over the entries the new events could join (sharing an actor, their
    sources' days meeting the new events' windows: through the entry-actor index), then
    writes in one transaction what changed: the events placed elsewhere than before, the
    entries whose fields moved, and the entries merged into another (dropped)."""
    with _cycle_collection_paused():
        return _fuse(store, article_ids, set(touched or set()))


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while fusion runs, back on after (if it was).
    Fusion decodes some thousand event dicts that stay alive until it ends: with the
    collector on, they are traced again and again and, promoted to the oldest generation,
    set off a full collection of the whole process every few fusions (about 50 ms at
    100,000 events in the benchmark, far more in a process holding language models). They
    hold no reference cycles: reference counting frees them when fusion returns."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fuse(store: Store, article_ids: list[str], touched: set[str]) -> int:
    placing = store.events_of_articles(article_ids)
    placing_ids = {event["id"] for event in placing}
    for events in store.events_of_entries(touched).values():
        placing += [e for e in events if e["id"] not in placing_ids]
    placing_ids = {event["id"] for event in placing}
    placing.sort(key=_placing_order)
    probes = _probes(placing)
    # The candidate entries come with all their events: those of a type no new event
    # agrees with are compared in vain (``same_event`` refuses them first), and an entry
    # that merges needs all of them, read here once rather than in a second query.
    met = {i: [e for e in events if e["id"] not in placing_ids]
           for i, events in (store.events_sharing(probes) if probes else {}).items()
           if i not in touched}
    # Union-find over the candidate entries (each already one event) and the new events.
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    node_of: dict[str, str] = {}
    # The events met so far by actor and year: a new event is compared with those that
    # share an actor with it and a year its days (widened by the near days) can fall in,
    # not with every event of its actor (a batch's "USA" events span decades).
    buckets: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for entry_id, events in sorted(met.items()):
        for event in events:
            node_of[event["id"]] = "E" + entry_id
            # A mention that stands alone, or is vague without a sentence vector, is the
            # same event as no other (``same_event`` says no whatever it meets), so it is
            # never compared: the same test the new events pass before they are.
            if _alone(event) or not _can_join(event):
                continue
            for key in _bucket_keys(event):
                buckets.setdefault(key, []).append(event)
    for event in placing:
        node_of[event["id"]] = "V" + event["id"]
        if _alone(event) or not _can_join(event):
            continue
        mine = root(node_of[event["id"]])
        seen: set[str] = set()
        for key in _bucket_keys(event):
            for other in buckets.get(key, []):
                if other["id"] in seen:
                    continue
                seen.add(other["id"])
                theirs = root(node_of[other["id"]])
                if theirs != mine and same_event(event, other):
                    parent[theirs] = mine
            buckets.setdefault(key, []).append(event)
    groups: dict[str, list[dict[str, Any]]] = {}
    for event in placing:
        groups.setdefault(root(node_of[event["id"]]), []).append(event)
    merged = {i for i in met if root("E" + i) in groups}
    for entry_id in sorted(merged):
        groups[root("E" + entry_id)] += met[entry_id]
    state: dict[str, dict[str, Any]] = {i: {"type": "", "key": "", "events": [],
                                            "fields": None} for i in touched | merged}
    attach: dict[str, str] = {}
    named: set[str] = set()
    for _, events in sorted(groups.items(), key=lambda kv: _placing_order(min(
            kv[1], key=_placing_order))):
        told = sorted(events, key=_source_order)
        first = min(events, key=_placing_order)
        entry_id = _entry_id(first, actor_key(first), named)
        named.add(entry_id)
        fields = _with_span(summarise_entry(told), told)
        state[entry_id] = {"type": _entry_type(told, first), "key": _union_key(told),
                           "tokens": entry_tokens(told), "events": told, "fields": fields}
        for event in told:
            if event.get("entry") != entry_id:
                attach[event["id"]] = entry_id
    store.apply_fusion(attach, state, [
        row for i in state if state[i]["events"]
        for row in boundaries({"id": i, "type": state[i]["type"], **state[i]["fields"]},
                              state[i]["events"])])
    return len([e for e in placing if e["id"] in placing_ids])


def _entry_type(told: list[dict[str, Any]], first: dict[str, Any]) -> str:
    """The type most of an entry's sources give; on a tie, its first event's."""
    counts = Counter(e["type"] for e in told)
    top = max(counts.values())
    return first["type"] if counts[first["type"]] == top else min(
        t for t, n in counts.items() if n == top)


def entry_tokens(told: list[dict[str, Any]]) -> list[str]:
    """The actor tokens an entry is found by (``actor_tokens`` of its events), "" when its
    events have none: what a new event probes with, whatever the entry's key shows (a
    dateline's "MED" is in the key, never a token)."""
    return sorted(set().union(*(actor_tokens(e) for e in told))) or [""]


def _union_key(told: list[dict[str, Any]]) -> str:
    """Everyone who acts in an entry, by any of its sources: their codes and names, and
    the keys fusion matches names by (what the entry-actor index finds it by)."""
    parts: dict[str, str] = {}
    for event in told:
        for part in [*actor_key(event).split("|"), *actor_tokens(event)]:
            if part:
                parts.setdefault(part.lower(), part)
    return "|".join(sorted(parts[k] for k in sorted(parts)))


def _window(event: dict[str, Any]) -> tuple[str, str] | None:
    """The ISO days an entry's days must meet for the event to join it (its own or its
    reported dates, widened by the few days a near date may miss by); None: any entry.
    An undated event meets no dated entry (only the undated ones, always candidates)."""
    near = _when(event)
    if _alone(event) or near is None:
        return ("9999-12-31", "0001-01-01")  # no window is met
    slack = timedelta(days=NEAR_DAYS)
    try:
        return (near[0] - slack).isoformat(), (near[1] + slack).isoformat()
    except OverflowError:  # within days of year 1 or 9999: let every entry be a candidate
        return None


def _probes(placing: list[dict[str, Any]],
            ) -> dict[tuple[str, tuple[str, ...]], list[tuple[str, str] | None]]:
    """What to ask the store for the events these could be told with: per actor token and
    the types an event can agree with, the windows of ISO days (overlapping ones merged;
    None: any day). One window per event, never their hull: twenty events spread over
    thirty years would otherwise make every entry of their actors a candidate."""
    windows: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}
    anyday: set[tuple[str, tuple[str, ...]]] = set()
    for event in placing:
        if _alone(event) or not _can_join(event):
            continue
        window = _window(event)
        kinds = tuple(sorted(agreeing_types(event["type"])))
        for token in actor_tokens(event) or {""}:
            if window is None:
                anyday.add((token, kinds))
            else:
                windows.setdefault((token, kinds), []).append(window)
    probes: dict[tuple[str, tuple[str, ...]], list[tuple[str, str] | None]] = {
        key: [None] for key in anyday}
    for key, found in windows.items():
        if key in anyday:
            continue
        merged: list[tuple[str, str]] = []
        for low, high in sorted(found):
            if merged and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        probes[key] = list(merged)
    return probes


def _bucket_keys(event: dict[str, Any]) -> list[tuple[str, int]]:
    """The (actor token, year) pairs an event is kept under while a batch is fused: each of
    its actors (or "") with each year its days, widened by the near days, touch (0 when it
    has no days: undated mentions meet only each other). Two mentions that ``same_event``
    can join share an actor and a day within the near days, so a key. Years, not months:
    a year-long mention would sit under fourteen months, and a batch compares few events."""
    known = event.get("_keys")
    if known is not None:  # kept with the event while one fusion runs
        return known
    days = _when(event)
    if days is None:
        years = [0]
    else:
        slack = timedelta(days=NEAR_DAYS)
        try:
            low, high = days[0] - slack, days[1] + slack
        except OverflowError:
            low, high = days
        years = list(range(low.year, high.year + 1))
    known = event["_keys"] = [(token, year) for token in sorted(actor_tokens(event) or {""})
                              for year in years]
    return known


def _with_span(fields: dict[str, Any], told: list[dict[str, Any]]) -> dict[str, Any]:
    """An entry's fields with the first and last day (ISO) its sources' dates cover
    together, as stored: what a new mention's window is matched on, so that it finds every
    entry holding a mention it can be the same day as. None: a source without any date."""
    days = [_when(e) for e in told]
    known = None if not days or any(d is None for d in days) else (
        min(d[0] for d in days if d), max(d[1] for d in days if d))
    return {**fields, "span_start": known[0].isoformat() if known else None,
            "span_end": known[1].isoformat() if known else None}


def _reported_window(event: dict[str, Any]) -> tuple[Any, Any] | None:
    """An event dated only by its article happened around then: the month before it."""
    if not event["date"]:
        return None
    found = span(event["date"], event["date_end"])
    if found is None:
        return None
    return found[0] - timedelta(days=REPORT_WINDOW_DAYS), found[1]


def _stated(event: dict[str, Any]) -> bool:
    """Whether an event's sentence itself names its date ("on Friday", "on 4 May"), not
    the text around it or the article's date."""
    return event.get("date_source") in ("own", "sentence")


def _own_date(event: dict[str, Any]) -> bool:
    """Whether an event's date comes from the text about it, not the article's own date."""
    return bool(event["date"]) and event.get("date_source") != "article"


def _placing_order(event: dict[str, Any]) -> tuple[Any, ...]:
    """The order a batch's events are placed in, the same whatever order their articles
    came in: events dated by their own text first, the sharpest dates first (an entry is
    founded on the most precise date its sources give, and vaguer ones join it), then by
    date, by their article's text (its hash) and by their place in it."""
    return (not _own_date(event), PRECISION_RANK.get(event["precision"], 9),
            event["date"] or "", event["date_end"] or "", event["article_hash"],
            event["offsets"][0][0], event["type"], event["summary"])


def _source_order(event: dict[str, Any]) -> tuple[Any, ...]:
    """The order an entry's events are read in (its date, summary and conflicts come from
    the first that qualifies): by publication, sentence and place, never by random IDs."""
    evidence = event["evidence"][0]
    return (evidence.get("published") or "", evidence["sentence"], event["offsets"][0][0],
            event["type"], event["date"] or "", event["summary"],
            event.get("article_hash") or "")


def _entry_id(event: dict[str, Any], key: str, taken: dict[str, Any]) -> str:
    """The ID of the entry ``event`` founds: from its article's text (hash), its place and
    what it tells, so that it is the same in every store (article IDs are random) and a tie
    between candidate entries falls the same way everywhere. ``taken``: the entries known."""
    told = (f"{event['article_hash']}|{event['offsets'][0][0]}|{event['offsets'][0][1]}|"
            f"{event['type']}|{key}|{event['date']}|{event['modality']}|{event['summary']}")
    entry_id, n = "e" + hashlib.sha1(told.encode()).hexdigest()[:16], 0
    while entry_id in taken:  # two events of one trigger, told alike, that stay apart
        n += 1
        entry_id = "e" + hashlib.sha1(f"{told}|{n}".encode()).hexdigest()[:16]
    return entry_id


def summarise_entry(events: list[dict[str, Any]]) -> dict[str, Any]:
    """An entry's date, modality, summary and conflicts from its events (its sources), the
    same whatever order they are given in."""
    events = sorted(events, key=_source_order)
    dated = [e for e in events if _own_date(e)] or [e for e in events if e["date"]]
    best = min(dated, key=lambda e: PRECISION_RANK.get(e["precision"], 9)) if dated else events[0]
    # A source that tells the event as just done, dated by its own publication day, narrows
    # a coarser date its interval falls in ("in autumn 2005" + a report of 14 November).
    best_span = span(best["date"], best["date_end"])
    for event in events:
        if (not _own_date(event) and event["date"] and event["modality"] == "occurred"
                and best_span and PRECISION_RANK.get(event["precision"], 9)
                < PRECISION_RANK.get(best["precision"], 9)):
            inner = span(event["date"], event["date_end"])
            if inner and best_span[0] <= inner[0] and inner[1] <= best_span[1]:
                best = event
                best_span = inner
    conflicts: list[dict[str, Any]] = []
    spans = {e["id"]: span(e["date"], e["date_end"]) for e in dated}
    disputed = _disputed_dates([e for e in dated if _own_date(e)], spans)
    if disputed:
        conflicts.append({"kind": "date", "sources": [_who(e) for e in disputed]})
    done = [e for e in events if e["modality"] == "occurred"]
    planned = [e for e in events if e["modality"] in ("planned", "scheduled")]
    if done and planned:
        own = spans.get(best["id"])
        late = [e for e in planned
                if own and (e["evidence"][0].get("published") or "") > own[1].isoformat()]
        if late:
            conflicts.append({"kind": "modality",
                              "sources": [_who(done[0]), *(_who(e) for e in late)]})
    modality = "occurred" if done else (best["modality"] if events else "occurred")
    return {
        "date": best["date"],
        "date_end": best["date_end"],
        "precision": best["precision"] if best["date"] else "unknown",
        "modality": modality,
        "summary": (done or [best])[0]["summary"],
        "conflicts": conflicts,
        "sources": len({e["evidence"][0]["article"] for e in events}),
    }


def _disputed_dates(own_dated: list[dict[str, Any]],
                    spans: dict[str, tuple[Any, Any] | None]) -> list[dict[str, Any]]:
    """The sources whose own date cannot be the same day as another source's, oldest date
    first; each listed once, so that an entry told by a hundred sources keeps a short list
    (a list of disagreeing pairs grows with the square of the sources).
    A date overlaps every other when it starts before the earliest end and ends after the
    latest start: one pass over the spans, not one per pair."""
    known = [(e, spans[e["id"]]) for e in own_dated if spans[e["id"]] is not None]
    if len(known) < 2:
        return []
    earliest_end = min(found[1] for _, found in known)
    latest_start = max(found[0] for _, found in known)
    disputed = [(found, e) for e, found in known
                if found[0] > earliest_end or found[1] < latest_start]
    return [e for _, e in sorted(disputed, key=lambda pair: (pair[0],
                                                             _source_order(pair[1])))]


def _who(event: dict[str, Any]) -> dict[str, Any]:
    evidence = event["evidence"][0]
    return {"event": event["id"], "article": evidence["article"], "date": event["date"],
            "date_end": event["date_end"], "modality": event["modality"],
            "sentence": evidence["sentence"]}
