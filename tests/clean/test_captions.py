"""Captions, photo credits and bylines: which lines they are (dossier.clean.captions), and
that summaries and events pass over them. Every line here is written for the test."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dossier.clean.captions import BYLINE, CAPTION, CREDIT, caption_kind, caption_spans
from dossier.corpus.summary import choose, sentences_of

CASES = [
    # Captions: a caption's opening, a picture described, a closing credit.
    ("FILE - In this March 3, 2021 file photo, the harbour of Valletta is seen at dawn.",
     CAPTION),
    ("In this pool photograph distributed by the state agency, the minister waves.", CAPTION),
    ("This undated image provided by the museum shows a bronze helmet.", CAPTION),
    ("Image copyright Harbour Press Image caption Fishermen mend their nets", CAPTION),
    ("Pictured: the old lighthouse before the storm", CAPTION),
    ("Ferries are pictured at the quay in Dover on May 2, 2022.", CAPTION),
    ("Maria Lopez, pictured at the council meeting, was elected in 2019.", CAPTION),
    ("The mayor opens the new bridge. Photograph: Tom Berry/Harbour Press", CAPTION),
    ("Volunteers clear the beach after the spill Credit: Getty Images", CAPTION),
    ("The new ferry leaves port on its first crossing. (Photo: Getty Images)", CAPTION),
    ("Dock workers walk out at noon. (AP Photo/Sam Reed)", CAPTION),
    ("The prime minister speaks in Rome. (Anna Verdi/Pool via AP)", CAPTION),
    ("Snow covers the square in Lyon. (Paul Martin/AFP via Getty Images)", CAPTION),
    ("Rescuers search the ruins. (Reuters)", CAPTION),
    # Credits on their own line, in several languages.
    ("Photograph: Tom Berry/Harbour Press", CREDIT),
    ("Credit: Getty Images", CREDIT),
    ("Getty Images", CREDIT),
    ("AP Photo/Sam Reed", CREDIT),
    ("Foto: dpa", CREDIT),
    ("Bild: Keystone", CREDIT),
    ("Фото: ТАСС", CREDIT),
    ("Courtesy of the harbour authority", CREDIT),
    # Bylines: a name with its role, outlet or date; a note about the author.
    ("By Jane Smith, Reporter", BYLINE),
    ("BY JANE SMITH AND OMAR FAROOQ", BYLINE),
    ("Jane Smith | Staff writer", BYLINE),
    ("June 3, 2020 | by Jane Smith", BYLINE),
    ("By Jane Smith — March 11, 2020", BYLINE),
    ("Von Anna Müller", BYLINE),
    ("Par Jean Dupont | Correspondant", BYLINE),
    ("Автор: Иван Петров", BYLINE),
    ("Jane Smith is a senior reporter for the Harbour Gazette covering shipping.", BYLINE),
]

NOT_CAPTIONS = [
    "By the time the ferry reached Dover, the storm had passed.",
    "By signing the treaty, both countries agreed to share the river's water.",
    "The agency said its photographer was detained in the capital on Monday.",
    "Reuters reported that the talks had stalled, citing two officials.",
    "HAVANA (AP) — Fishermen returned to port on Tuesday after the storm.",
    "An image of the harbour appeared on the front page of every newspaper.",
    "The minister was pictured with the businessman at a party in 2001, the paper said.",
    "The new tax credit will cost the treasury $4 billion a year.",
    "Prices rose 4% (year on year) in March.",
    "The ferry runs at 30 km/h (19 mph) in the harbour.",
    "Opinion | Why the harbour needs a new bridge",
]


@pytest.mark.parametrize(("line", "kind"), CASES)
def test_caption_kind(line, kind):
    assert caption_kind(line) == kind


@pytest.mark.parametrize("line", NOT_CAPTIONS)
def test_news_lines_are_not_captions(line):
    assert caption_kind(line) is None


def test_caption_spans_are_line_offsets():
    text = ("By Jane Smith, Reporter\n\nThe council approved the bridge on Monday.\n\n"
            "Foto: dpa")
    spans = caption_spans(text)
    assert [(text[s:e], kind) for s, e, kind in spans] == [
        ("By Jane Smith, Reporter", BYLINE), ("Foto: dpa", CREDIT)]


LEADING_CAPTION = (
    "FILE - In this June 2, 2021 file photo, ferries wait at the quay in Dover on a grey "
    "morning before the strike.\n\n"
    "Ferry workers in Dover walked out on Monday over a pay dispute that has lasted months.\n\n"
    "The union said the strike would go on until the operator made a new offer to staff.\n\n"
    "Passengers were told to expect delays of several hours at the port through the week.")


def test_summary_does_not_lead_with_a_caption():
    """A leading caption scored highest (first position, a date cue) and led the summary."""
    spans = sentences_of(LEADING_CAPTION)
    # Vectors that make the caption the most central sentence: only the caption rule
    # keeps it out.
    vectors = np.ones((len(spans), 4), dtype=np.float32) / 2.0
    vectors[1:, 1] = 0.0
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chosen = choose(LEADING_CAPTION, spans, vectors)
    assert chosen and 0 not in chosen
    assert LEADING_CAPTION[spans[chosen[0]][0]:].startswith("Ferry workers in Dover")


def test_summary_of_captions_only_is_still_made():
    text = "FILE - In this photo, the quay in Dover is seen at dawn.\n\nFoto: dpa"
    spans = sentences_of(text)
    assert choose(text, spans, np.eye(len(spans), dtype=np.float32))


@pytest.mark.slow
def test_no_event_from_a_caption():
    """A caption's verb ("meets") was read as an event of the article."""
    pytest.importorskip("spacy")
    from dossier.events import extract_events

    caption = ("FILE - In this May 4, 2021 file photo, President Joe Biden meets Prime "
               "Minister Boris Johnson in London.")
    body = "France and Germany signed a trade agreement in Paris on Monday."
    events = extract_events(f"{caption}\n\n{body}", published=dt.date(2021, 6, 7),
                            precision="day")
    assert events, "the body's event is still read"
    assert all(e.trigger_start > len(caption) for e in events)
    alone = extract_events(caption.replace("FILE - In this May 4, 2021 file photo, ", ""),
                           published=dt.date(2021, 6, 7), precision="day")
    assert alone, "without its caption opening the same sentence gives an event"


MORE_CASES = [
    # A wire's name after a news paragraph is its source, not a picture's credit.
    ("The tanker was towed out of the bay on Friday, officials said. Reuters", None),
    ("Divers inspect the hull. (Photo by Tom Berry/Getty Images for Harbour Week", CAPTION),
    ("The dog waits at the airport gate. Courtesy of Ana Ruiz", CAPTION),
    ("© Tom Berry A nurse prepares a vaccine at the clinic in Leeds.", CAPTION),
    ("Associated Press June 3, 2020, 9:02 AM", BYLINE),
    ("Monday June 1, 2020 7:45 am PST by Jane Smith", BYLINE),
    ("Ships Stopped by Navy in the Gulf", None),
    ("Singer poses for photo: \"I never wear a coat\"", None),
]


@pytest.mark.parametrize(("line", "kind"), MORE_CASES)
def test_caption_kind_tails_and_dated_bylines(line, kind):
    assert caption_kind(line) == kind
