"""Events on the chronology lines of a factbox: past events told in the historical present;
and what a country braces for: an event still to come (sentences we wrote)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier.events import extract_events

FACTBOX = """Rebels took the port on Friday, officials said.
Here is how the crisis unfolded:
February 27 - France imposes sanctions on Syria.
March 9 - Turkey expels the Syrian ambassador.
"""


def test_a_factbox_line_tells_a_past_event_not_a_planned_one(nlp: Any) -> None:
    """Broke: in an August story, "February 27 - France imposes ..." was dated next
    February and marked planned."""
    events = [e for e in extract_events(FACTBOX, published=dt.date(2019, 8, 20),
                                        precision="day") if e.type == "SANCTION"]
    assert [(e.date, e.modality) for e in events] == [("2019-02-27", "occurred"),
                                                       ("2019-03-09", "occurred")]


def test_a_march_braced_for_is_planned_on_the_coming_day(nlp: Any) -> None:
    """Broke: "braced for a march ... Tuesday" told on a Monday was a march that occurred
    the Tuesday before."""
    (event,) = [e for e in extract_events(
        "Tunisia braced for a march of thousands in the capital Tuesday.",
        published=dt.date(2021, 3, 8), precision="day") if e.type == "PROTEST"]
    assert (event.date, event.modality) == ("2021-03-09", "planned")
