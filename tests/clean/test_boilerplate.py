"""The chrome stage on pages we wrote: what must be kept, what must go, and why."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.clean import clean_text
from dossier.clean.boilerplate import strip_boilerplate
from dossier.clean.repeats import drop_contained

# An invented article, five paragraphs of running text.
BODY = [
    "The river authority said on Tuesday that it would open the northern sluice gates for "
    "the first time in a decade, after three weeks of heavy rain raised the reservoir to "
    "within a metre of its crest.",
    "Engineers had been watching the dam since the spring, when a survey found that water "
    "was seeping through a joint in the old spillway. The authority said the seepage was "
    "not a danger but that it wanted to take the pressure off the wall before winter.",
    "Farmers downstream were told to move their animals to higher ground by Thursday. Some "
    "of them said they had heard about the plan only from their neighbours, and asked why "
    "the warning had come so late.",
    "A spokesman for the authority said letters had been sent to every household in the "
    "valley a week ago, and that officials would visit the villages on Wednesday to answer "
    "questions.",
    "The last time the gates were opened, in 2014, the water reached the lower fields of "
    "two villages but did not enter any homes. The authority expects the same this time.",
]
TITLE = "Dam gates to open as reservoir nears its crest"


def _page(*, head: list[str], tail: list[str], middle: list[str] | None = None) -> str:
    body = BODY[:2] + (middle or []) + BODY[2:]
    return "\n\n".join([*head, *body, *tail])


HEAD = [
    f"{TITLE} | The Valley Courier",
    "Skip to main content",
    "Home",
    "News",
    "Sport",
    "Weather",
    "Sign in",
    "Subscribe",
    "Search",
    TITLE,
    "By Jane Example",
    "Updated 14:20 GMT, Tuesday 3 March 2020",
    "Share on Facebook",
    "Share on Twitter",
]
TAIL = [
    "Related stories",
    "Water levels rise across the region as storms continue",
    "Council approves new flood defences for the town centre",
    "12 Comments",
    "Log in to comment",
    "river_fan 3 hours ago",
    "This is what happens when nobody maintains the dam for thirty years, and now they "
    "expect the farmers to pay for it with their fields and their animals again.",
    "Reply",
    "Sign up for our daily newsletter",
    "© 2020 The Valley Courier. All rights reserved.",
    "Privacy Policy | Terms of Use | Cookie Policy",
]


def test_article_kept_whole_and_alone() -> None:
    cleaned = clean_text(_page(head=HEAD, tail=TAIL))
    assert cleaned.text.split("\n\n") == BODY


@pytest.mark.parametrize(
    "chrome",
    [
        "Advertisement",
        "Continue reading the main story",
        "Photo: Agence Example",
        "Credit...Jane Example/The Valley Courier",
        "• Reuters",
        "• Mi-8 helicopters over the valley",
        "(Photo by John Example/Getty Images)",
        "Image caption The reservoir on Monday",
        "Read more: Storm warning for the weekend",
        "Facebook Twitter WhatsApp Email",
        "https://example.org/images/dam.jpg",
        "dam_photo_2",
        "Nov. 19, 2019 8:03 am ET",
        "3 hours ago",
        "Заголовок открываемого материала",
    ],
)
def test_chrome_inside_the_article_dropped(chrome: str) -> None:
    cleaned = clean_text(_page(head=HEAD, tail=TAIL, middle=[chrome]))
    assert chrome not in cleaned.text.split("\n\n")
    assert cleaned.text.split("\n\n") == BODY
    assert chrome in [line for line, _ in cleaned.removed]


@pytest.mark.parametrize(
    "kept",
    [
        "What the engineers found",  # a subheading between two paragraphs
        "“We have no choice,” the director said.",  # a short quote
        "The gates will stay open until the spring.",
    ],
)
def test_short_article_lines_kept(kept: str) -> None:
    cleaned = clean_text(_page(head=HEAD, tail=TAIL, middle=[kept]))
    assert kept in cleaned.text.split("\n\n")


def test_comment_thread_after_a_section_break_dropped() -> None:
    comments = []
    for number in range(8):
        comments += [
            f"reader{number}",
            "2 days ago",
            "I have lived in the valley all my life and I can tell you that the authority "
            "has never once warned us in time about anything that mattered to the farms.",
            "Reply",
        ]
    cleaned = clean_text(_page(head=HEAD, tail=["Comments (8)", *comments]))
    assert cleaned.text.split("\n\n") == BODY
    assert ("Comments (8)", "section break") in cleaned.removed


def test_wire_copy_of_short_paragraphs_kept() -> None:
    """Wire copy writes one sentence a paragraph, each shorter than a "good" paragraph:
    a run of them is running text (jusText alone would drop them all)."""
    sentences = [
        "The fire started shortly after midnight in a warehouse near the port.",
        "Firefighters said the roof collapsed within an hour.",
        "No one was inside the building at the time, the police said.",
        "The cause of the fire is not yet known.",
        "Roads around the port will stay closed until Monday.",
        "The owner of the warehouse, a shipping firm, declined to comment.",
        "It was the third fire at the port this year.",
    ]
    headline = "Warehouse fire at the port"
    page = "\n\n".join([f"{headline} - Courier", "Menu", headline, *sentences, "Most read"])
    assert clean_text(page).text.split("\n\n") == sentences


def test_page_title_repeated_marks_the_start() -> None:
    teasers = [
        "Another story entirely about a new bridge, with a summary that reads like prose and "
        "goes on for a while about the council and the contractors and the delays.",
        "Elections: the candidates for the mayor's office set out their plans for the town "
        "and its schools, its roads, its hospital and its river, at a meeting on Monday.",
    ]
    page = "\n\n".join([f"{TITLE} - Courier", "Top stories", *teasers, TITLE, *BODY])
    cleaned = clean_text(page)
    assert cleaned.text.split("\n\n") == BODY


def test_removed_lines_carry_reasons() -> None:
    kept, removed = strip_boilerplate(["Subscribe", *BODY, "© 2020 The Valley Courier"])
    assert kept == BODY
    assert dict(removed) == {
        "Subscribe": "chrome pattern",
        "© 2020 The Valley Courier": "chrome pattern",
    }


def test_text_run_together_again_dropped() -> None:
    kept, dropped = drop_contained([*BODY, " ".join(BODY)])
    assert kept == BODY and dropped == [" ".join(BODY)]


def test_no_running_text_gives_empty_text() -> None:
    cleaned = clean_text("Home\nNews\nSport\nWeather\nSign in")
    assert cleaned.text == ""


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_and_never_grows(text: str) -> None:
    cleaned = clean_text(text)
    assert _visible(cleaned.text) <= _visible(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*BODY, *HEAD, *TAIL, "", " ", "•", "©"]), max_size=30))
def test_never_raises_on_page_like_input(lines: list[str]) -> None:
    text = "\n".join(lines)
    cleaned = clean_text(text)
    assert _visible(cleaned.text) <= _visible(text)


def _visible(text: str) -> int:
    """Characters other than whitespace: paragraphs are re-joined with blank lines, so
    the cleaner may add line breaks but never content."""
    return len("".join(text.split()))
