"""extract_events and extract_claims on sentences we wrote."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.events import analyse, extract_claims, extract_events
from dossier.events.extract import CHUNK_CHARS

DAY = dt.date(2021, 3, 10)  # a Wednesday


def events(text: str, published: dt.date | None = DAY, precision: str = "day") -> list[Any]:
    return extract_events(text, published=published, precision=precision, article_id="a1")


def test_agreement_with_own_date_and_summary(nlp: Any) -> None:
    [event] = events("Kazakhstan and Armenia signed a treaty on military cooperation on "
                     "Monday.")
    assert event.type == "AGREE" and event.date == "2021-03-08"
    assert event.date_source == "own" and event.modality == "occurred"
    assert {a.code for a in event.sources} == {"KAZ", "ARM"}
    assert event.summary.startswith("Kazakhstan and Armenia sign a treaty")
    assert event.to_dict()["evidence"][0]["article"] == "a1"


def test_planned_negated_hypothetical_reported(nlp: Any) -> None:
    text = ("Next week, the Armenian president will visit Georgia. Armenia did not join the "
            "CSTO. Georgia might attack Armenia. Officials said that Kazakhstan sanctioned "
            "Armenia.")
    kinds = {(e.type, e.modality) for e in events(text)}
    assert ("CONSULT", "planned") in kinds
    assert ("JOIN", "negated") in kinds
    assert ("ASSAULT", "hypothetical") in kinds
    assert ("SANCTION", "reported") in kinds


def test_what_was_avoided_or_would_only_be_possible_is_not_told_as_done(nlp: Any) -> None:
    """A verb of not doing negates its complement; a complement under a modal clause is a
    possibility; a clause after the fact ("after Armenia joined") stays a fact."""
    cases = {
        "Kyrgyzstan has avoided joining the Eurasian Economic Union since 2015.": "negated",
        "Georgia failed to join NATO in 2008.": "negated",
        "Critics warned that the tariff would make it harder for Armenia to join the WTO.":
            "hypothetical",
        "A new treaty might let Armenia join the CSTO.": "hypothetical",
        "Reform would make it easier for Georgia to join NATO.": "hypothetical",
        "Armenia joined the CSTO in 1994.": "occurred",
        "Russia would have preferred a quieter summit after Armenia joined the Eurasian "
        "Economic Union in 2015.": "occurred",
        "Officials said that Armenia joined the CSTO in 1994.": "reported",
        # a clause with a subject of its own after a modal one is not under the modal
        "Russia may send more troops, but Kazakhstan joined the CSTO in 2020.": "occurred",
        "Georgia could sign the accord and join the CSTO.": "hypothetical",
    }
    for text, modality in cases.items():
        joins = [e.modality for e in events(text) if e.type == "JOIN"]
        assert joins == [modality], (text, joins)


def test_a_relative_clause_acts_on_or_through_the_noun_it_tells_of(nlp: Any) -> None:
    """"Russia, which attacked Georgia": Russia attacks; "the CSTO, which Armenia left":
    Armenia leaves the CSTO; "the talks Kazakhstan held with Armenia": a consultation."""
    found = {(e.type, tuple(a.code for a in e.sources), tuple(a.code for a in e.targets),
              e.date) for e in events(
        "Russia, which attacked Georgia in 2008, denied the charge. Uzbekistan suspended its "
        "participation in the CSTO, which Armenia left in 2024. The talks that Kazakhstan "
        "held with Armenia in 2019 were cordial.")}
    assert ("ASSAULT", ("RUS",), ("GEO",), "2008") in found
    assert ("LEAVE", ("ARM",), ("CSTO",), "2024") in found
    [invaded] = events("Georgia, which was invaded by Russia in 2008, protested.")[:1]
    assert (invaded.type, [a.code for a in invaded.sources], [a.code for a in invaded.targets]
            ) == ("ASSAULT", ["RUS"], ["GEO"])
    [left] = [e for e in events("The CSTO, which Armenia left in 2024, met in Moscow.")
              if e.type == "LEAVE"]
    assert "which" not in left.summary and "Collective Security Treaty" in left.summary
    assert any(t == "CONSULT" and s == ("KAZ",) and "ARM" in o and d == "2019"
               for t, s, o, d in found), found


def test_the_bloc_stands_for_a_body_named_near_it_and_the_treaty_for_a_treaty_body(
        nlp: Any) -> None:
    """"the treaty" is a treaty body (CSTO) when one was named, never the EU; "the bloc"
    looks a few paragraphs back, not to the first page of a long text."""
    def targets(text: str) -> set[tuple[str, str | None]]:
        return {(e.type, a.code) for e in events(text) for a in e.targets}

    treaty = ("Armenia joined the Collective Security Treaty Organization in 1994. The "
              "European Union criticised the vote. Armenia left the treaty in 2024.")
    assert ("LEAVE", "CSTO") in targets(treaty)
    not_a_treaty = ("The European Union criticised the vote. Kyrgyzstan and Tajikistan "
                    "signed a border treaty in 2021. Tajikistan left the treaty in 2023.")
    assert not any(code == "EU" for _, code in targets(not_a_treaty))
    filler = " ".join(["Officials spoke about the harvest and the weather at length."] * 40)
    far = f"Armenia joined the CSTO in 1994.\n\n{filler}\n\nArmenia left the bloc in 2024."
    near = "Armenia joined the CSTO in 1994.\n\nArmenia left the bloc in 2024."
    assert ("LEAVE", "CSTO") in targets(near)
    assert ("LEAVE", "CSTO") not in targets(far)


def test_background_and_article_date_marked(nlp: Any) -> None:
    found = events("Armenia left the bloc in 1999. Armenia praised Georgia.\n\nIt rained.")
    leave = next(e for e in found if e.type == "SUPPORT" or e.type == "RETREAT"
                 or e.type == "LEAVE")
    praise = next(e for e in found if e.type == "SUPPORT")
    assert praise.date_source in ("context", "article")
    assert leave.date in ("1999", "2021-03-10")


def test_membership_left_twice(nlp: Any) -> None:
    found = events("The CSTO was founded long ago. Armenia left the CSTO first in 1999 and "
                   "then in 2012.")
    leaves = [e for e in found if e.type == "LEAVE"]
    assert [e.date for e in leaves] == ["1999", "2012"]
    assert all(e.background for e in leaves)


def test_no_actor_no_event(nlp: Any) -> None:
    assert events("It was agreed that prices would rise.") == []


def test_non_english_gives_nothing(nlp: Any) -> None:
    text = "Президент России подписал соглашение с Узбекистаном в понедельник в Москве."
    assert events(text) == []
    assert analyse(text, published=DAY, precision="day").language_supported is False


def test_no_published_date_gives_no_made_up_date(nlp: Any) -> None:
    [event] = events("Kazakhstan praised Armenia.", published=None, precision="unknown")
    assert event.date is None and event.date_source == "none"


def test_long_text_is_chunked(nlp: Any) -> None:
    sentence = "Kazakhstan praised Armenia on Monday. "
    text = sentence * (CHUNK_CHARS // len(sentence) + 50)
    found = events(text)
    assert len(found) == text.count("praised")
    assert found[-1].evidence[0].start > CHUNK_CHARS
    last = found[-1].evidence[0]
    assert text[last.start : last.end].strip() == last.sentence


def test_claims_with_figures(nlp: Any) -> None:
    text = ("Georgian officials say that 40 people were killed. Rights groups said, however, "
            "that more than 300 people were killed.")
    claims = extract_claims(text, published=DAY, precision="day")
    figures = [(c.holder_text, f.value, f.qualifier, f.what) for c in claims for f in c.figures]
    assert ("Georgian officials", 40.0, None, "killed") in figures
    assert ("Rights groups", 300.0, "more than", "killed") in figures
    assert claims[0].holder is not None and claims[0].holder.state == "GEO"


def test_two_triggers_telling_one_event_in_a_sentence_give_one_event(nlp: Any) -> None:
    """"signed a treaty ..., committing the two countries to ...": one agreement; two
    departures on two dates in one sentence stay two."""
    text = ("Russian President Vladimir Putin and Kazakh President Kassym-Jomart Tokayev "
            "signed a treaty in Moscow on Monday, committing the two countries to help each "
            "other.")
    assert [e.type for e in events(text)] == ["AGREE"]
    twice = [e.date for e in events("Armenia left the CSTO first in 1999 and then in 2012.")
             if e.type == "LEAVE"]
    assert twice == ["1999", "2012"]


def test_a_named_group_is_the_noun_and_its_modifiers(nlp: Any) -> None:
    """"most of them armed militants who had stormed a prison": the actor is "armed
    militants", not "of them armed militants"."""
    found = events("The government says 187 people died, most of them armed militants who "
                   "had stormed a prison in Andijan.")
    assert "armed militants" in {a.name for e in found for a in e.sources}
    assert not any(a.name.startswith("of ") for e in found for a in e.actors)


def test_a_phrase_of_time_is_not_a_target(nlp: Any) -> None:
    """"On the same day as the Kremlin ceremony": Russia is not what the embargo targets."""
    [embargo] = events("On the same day as the Kremlin ceremony, European Union ministers "
                       "approved an arms embargo against Uzbekistan.")
    assert [a.code for a in embargo.targets] == ["UZB"]


def test_since_a_year_does_not_date_an_event(nlp: Any) -> None:
    """"which it has held since 2020" bounds a status; it does not date the joining told in
    the same sentence (whatever the time expression takes in: "2020" or "since 2020")."""
    found = events("Armenia has held observer status since 2020 and rejoined the CSTO.")
    [join] = [e for e in found if e.type == "JOIN"]
    assert join.date != "2020" and not (join.date or "").startswith("2020/")


def test_founders_of_a_body_are_its_members(nlp: Any) -> None:
    """"X and Y founded the SCO": each joins it (a membership starts with the founding);
    "found" as in finding something is no joining."""
    found = events("The leaders of Kazakhstan and Armenia founded the Shanghai Cooperation "
                   "Organisation on Monday.")
    joins = [e for e in found if e.type == "JOIN"]
    assert joins and {a.code for e in joins for a in e.sources} == {"KAZ", "ARM"}
    assert {a.code for e in joins for a in e.targets} == {"SCO"}
    assert not [e for e in events("Armenia found the CSTO unhelpful in 2022.")
                if e.type == "JOIN"]
