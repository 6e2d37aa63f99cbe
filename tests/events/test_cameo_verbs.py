"""The CAMEO verb patterns of PETRARCH-2 as event vocabulary: the converter
(scripts/convert_cameo_verbs.py), their place in the lexicon beside the hand-checked patterns,
and the events they find (sentences we wrote)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from dossier.events import extract_events
from dossier.events.lexicon import CAMEO_FILE, VERBS_FILE, verb_patterns

DAY = dt.date(2021, 3, 10)
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "convert_cameo_verbs.py"
CROSSWALK = (Path(__file__).resolve().parents[3] / "shared" / "data" / "plover_gsr_cameo"
             / "CAMEO2PLOVER-2021.txt")


def _converter() -> Any:
    spec = importlib.util.spec_from_file_location("convert_cameo_verbs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def events(text: str) -> list[Any]:
    return extract_events(text, published=DAY, precision="day")


# A verb file in PETRARCH-2's format, written for the test.
VERB_FILE = """\
&ARMS
+RIFLE
+ARTILLERY_

####### VERB PATTERNS #######

--- PHYSICAL_ASSAULT [190] ---
BOMBARD
+GUN_DOWN {+GUNS_DOWN +GUNNED_DOWN } [193]
+KILLED_AND {}
- * WITH &ARMS [194]  # BOMBARD
- * DISTANCE [---]  # BOMBARD
- WILL * [1384]  # BOMBARD
- $ * + [190]  # BOMBARD
- * HOSPITAL BUILDING NEAR MARKET [190]
this line is not a pattern [190
- * + [

--- STOP [---] ---
HALT
- * AIRSPACE [172]  # HALT
"""


@pytest.mark.skipif(not CROSSWALK.is_file(), reason="no ../shared/data/plover_gsr_cameo")
def test_the_converter_maps_codes_to_plover_and_counts_what_it_drops(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    verbs = tmp_path / "verbs.txt"
    verbs.write_text(VERB_FILE, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        rows, stats = _converter().convert(verbs, CROSSWALK)
    by_key = {(r["lemma"], r.get("prep"), tuple(r.get("object", ())), r.get("object_kind")): r
              for r in rows}
    bare = by_key[("bombard", None, (), None)]
    assert (bare["type"], bare["cameo"], bare["context"]) == ("ASSAULT", "190", "military")
    assert bare["not_object"] == ["distance"]  # "[---]": no event with that object
    heavy = by_key[("bombard", "with", ("artillery", "rifle"), None)]
    assert (heavy["type"], heavy["cameo"], heavy["mode"]) == ("ASSAULT", "194",
                                                              "heavy-weapons")
    assert by_key[("bombard", None, (), "actor")]["cameo"] == "190"
    gun = by_key[("gun", "down", (), None)]
    assert (gun["type"], gun["mode"]) == ("ASSAULT", "firearms")
    airspace = by_key[("halt", None, ("airspace",), None)]
    assert (airspace["type"], airspace["mode"]) == ("COERCE", "restrict")
    assert not any(r["lemma"] == "halt" and "object" not in r for r in rows)  # [---] block
    assert not any(r["lemma"] == "killed" for r in rows)
    assert stats.dropped["words before the verb (subject, auxiliary)"] == 1
    assert stats.dropped["more than a particle or preposition and one noun after the verb"] == 1
    # The two lines that do not parse, each named by file and line; the rest goes on.
    assert stats.warnings == 2
    assert "verbs.txt:16" in caplog.text and "verbs.txt:17" in caplog.text


def test_the_lexicon_has_the_cameo_patterns_and_the_hand_checked_ones_win() -> None:
    patterns = verb_patterns()
    # Verbs the hand lexicon lacks: "gun down" (CAMEO 193); "shoot down" (190) after the hand
    # lexicon's "shoot".
    gun = next(p for p in patterns["gun"] if p.prep == "down")
    assert (gun.file, gun.type, gun.mode, gun.cameo) == (CAMEO_FILE, "ASSAULT", "firearms",
                                                         "193")
    down = next(p for p in patterns["shoot"] if p.prep == "down")
    assert patterns["shoot"].index(down) > next(
        n for n, p in enumerate(patterns["shoot"]) if p.file == VERBS_FILE)
    close = [p for p in patterns["close"] if "airspace" in p.object]
    # CAMEO codes "close airspace" 172 (COERCE); the hand lexicon says SANCTION, and wins.
    assert close[0].file == VERBS_FILE and close[0].type == "SANCTION"
    assert any(p.file == CAMEO_FILE and p.type == "COERCE" for p in close[1:])
    # "press" is an event only with its hand-checked senses: no bare CAMEO "press".
    assert all(p.specific for p in patterns["press"] if p.file == CAMEO_FILE)
    # A verb of saying is no bare CAMEO event ("add" is COOPERATE in CAMEO's ADD block).
    assert all(p.specific for p in patterns["add"])


@pytest.mark.parametrize("text, kind, trigger", [
    ("Russian air defences shot down a Turkish drone over Syria on Monday.", "ASSAULT",
     "shot down"),
    ("The Syrian army shelled the town of Homs on Monday.", "ASSAULT", "shelled"),
    ("Britain expelled the Russian ambassador on Tuesday.", "SANCTION", "expelled"),
    ("Turkey closed its airspace to Russian aircraft.", "SANCTION", "closed airspace"),
    ("Russia held the treaty in abeyance.", "SANCTION", "held abeyance"),
    ("Syrian rebels stormed the base.", "ASSAULT", "stormed"),
    ("Syrian troops gunned down protesters in Homs.", "ASSAULT", "gunned down"),
])
def test_the_vocabulary_of_a_crisis_is_found(nlp: Any, text: str, kind: str,
                                             trigger: str) -> None:
    found = [(e.type, e.trigger) for e in events(text)]
    assert any(k == kind and t.startswith(trigger) for k, t in found), found


def test_the_shelling_has_its_source(nlp: Any) -> None:
    (event,) = [e for e in events("The Syrian army shelled the town of Homs on Monday.")
                if e.type == "ASSAULT"]
    # the army is Syria's military, coded like CAMEO (issue 15)
    assert [(a.code, a.state) for a in event.actors if a.role == "source"] == [("SYRMIL", "SYR")]


@pytest.mark.parametrize("text", [
    # "add" is in CAMEO's ADD block (COOPERATE), but here it reports a statement.
    "Russia added that the talks with Turkey would continue.",
    # "go" is CONSULT in CAMEO, never with a funeral (a "[---]" pattern of its block).
    "Turkish officials went to the funeral in Ankara.",
])
def test_a_verb_with_no_event_sense_in_context_is_no_event(nlp: Any, text: str) -> None:
    assert events(text) == []


def test_a_verb_the_dictionary_splits_across_types_is_no_event_alone(nlp: Any) -> None:
    from dossier.events.lexicon import verb_patterns

    # "face" is CONSULT, AGREE, ACCUSE... in CAMEO's patterns, none of them half: alone it
    # tells nothing; "fight" is mostly ASSAULT and stays an event alone.
    assert all(p.specific or p.cameo is None for p in verb_patterns()["face"])
    assert any(not p.specific for p in verb_patterns()["fight"])
    assert events("Uzbekistan faces Turkey on Monday.") == []
