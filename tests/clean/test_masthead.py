"""The masthead reader on pages we wrote: headline and site from the <title> line, the
copyright line and the URL (issue 14)."""

from __future__ import annotations

import pytest

from dossier.clean import clean_text
from dossier.clean.masthead import (
    copyright_name,
    outlet_name,
    read_masthead,
    self_name,
    word_count,
)
from dossier.model import RawDocument
from dossier.pipeline import analyse

HEADLINE = "Dam gates to open as reservoir nears its crest"
BODY = [
    "The river authority said on Tuesday that it would open the northern sluice gates for "
    "the first time in a decade, after three weeks of heavy rain raised the reservoir.",
    "Engineers had been watching the dam since the spring, when a survey found that water "
    "was seeping through a joint in the old spillway, and the authority wants it eased.",
    "Farmers downstream were told to move their animals to higher ground by Thursday, and "
    "some of them said they had heard about the plan only from their neighbours.",
]
MENU = ["Skip to main content", "Home", "News", "Sport", "Sign in"]


def _lines(*lines: str) -> list[str]:
    return [*lines, *BODY]


def test_title_line_with_the_headline_repeated_below():
    masthead = read_masthead(_lines(f"{HEADLINE} | The Valley Courier", *MENU, HEADLINE))
    assert (masthead.title, masthead.site) == (HEADLINE, "The Valley Courier")
    assert masthead.title_evidence == "repeated"


def test_suffix_named_by_the_copyright_line():
    page = _lines(f"{HEADLINE} - Valley Courier", *MENU)
    page.append("© 2020 The Valley Courier. All rights reserved.")
    masthead = read_masthead(page)
    assert (masthead.title, masthead.site) == (HEADLINE, "The Valley Courier")
    assert masthead.title_evidence == "site named"


def test_site_leading_the_title_line():
    page = _lines(f"Valley Courier :: {HEADLINE}", *MENU, "Copyright 2021 Valley Courier")
    masthead = read_masthead(page)
    assert (masthead.title, masthead.site) == (HEADLINE, "Valley Courier")


def test_title_shape_alone():
    masthead = read_masthead(_lines(f"{HEADLINE} — Valley Courier", *MENU))
    assert (masthead.title, masthead.site) == (HEADLINE, "Valley Courier")
    assert masthead.title_evidence == "title shape"


def test_sections_and_bylines_and_places_beside_the_site():
    sections = read_masthead(_lines(f"{HEADLINE} | Rivers | Environment | The Valley Courier",
                                    *MENU, "Rivers", HEADLINE))
    assert (sections.title, sections.site) == (HEADLINE, "The Valley Courier")
    byline = read_masthead(_lines(f"{HEADLINE} | The Valley Courier | by Jane Example", *MENU))
    assert (byline.title, byline.site) == (HEADLINE, "The Valley Courier")
    place = read_masthead(_lines(f"{HEADLINE} - News - Valley Courier - Eugene, OR", *MENU))
    assert (place.title, place.site) == (HEADLINE, "Valley Courier")


def test_a_site_name_printed_again_is_not_the_headline():
    page = _lines(f"{HEADLINE} – Valley Courier Weekly Edition", "Valley Courier Weekly Edition",
                  *MENU)
    masthead = read_masthead(page)
    assert (masthead.title, masthead.site) == (HEADLINE, "Valley Courier Weekly Edition")


def test_a_dash_inside_a_repeated_headline_stays():
    title = "Flood warning - what the new river levels mean"
    masthead = read_masthead(_lines(title, *MENU, title))
    assert masthead.title == title
    assert masthead.site is None


def test_chrome_and_dates_are_never_the_title_line():
    for first in ("We use cookies to improve your experience", "Skip to main content",
                  "Tuesday, 3 March 2020", "By Jane Example"):
        masthead = read_masthead(_lines(first, "Home"))
        assert masthead.title != first


def test_lone_first_line_headline():
    masthead = read_masthead(_lines(HEADLINE, *MENU))
    assert (masthead.title, masthead.title_evidence) == (HEADLINE, "first line")
    assert read_masthead(_lines("Publication: Valley Monitor Volume: 5 Issue: 27")).title is None


@pytest.mark.parametrize(("line", "name"), [
    ("© 2024 Valley Courier LLC. All Rights Reserved.", "Valley Courier"),
    ("Copyright © 2019, Valley Courier | Terms of Service", "Valley Courier"),
    ("Copyright 2021 Valley Courier. All rights reserved", "Valley Courier"),
    ("© 2005-2019 Valley Courier Media Group Limited", "Valley Courier"),
    ("© Valley Courier 2020", "Valley Courier"),
    ("© 2020 Valley Courier. Todos los derechos reservados.", "Valley Courier"),
    ("© 2020", None),
    ("Copyright and reprint permissions", None),
    # The owner before the sign; a year and a full stop before the owner; a web address.
    ("Valley Courier Copyright © 2020.", "Valley Courier"),
    ("Diario del Valle, 2019 © Todos los derechos reservados", "Diario del Valle"),
    ("Copyright 2019. Valley Courier. All Rights Reserved.", "Valley Courier"),
    ("© 2019 ValleyCourier.com. All rights reserved (About Us).", "ValleyCourier.com"),
    ("© 2001-2020 - Corriere della Valle S.p.A. - P.IVA 0561", "Corriere della Valle"),
])
def test_copyright_name(line, name):
    assert copyright_name(line) == name


@pytest.mark.parametrize(("url", "name"), [
    ("https://www.nytimes.com/2019/11/19/opinion/x.html", "The New York Times"),
    ("https://edition.cnn.com/2020/01/01/world/x", "CNN"),
    ("https://apnews.com/article/x", "AP News"),
    ("https://news.valley-courier.example/a/1", "news.valley-courier.example"),
    ("www.valleycourier.example/story", "valleycourier.example"),
    (None, None),
    ("not a url", None),
])
def test_outlet_name(url, name):
    assert outlet_name(url) == name


def test_clean_text_drops_the_title_line_and_keeps_the_site():
    text = "\n\n".join([f"{HEADLINE} | The Valley Courier", *MENU, HEADLINE, *BODY])
    cleaned = clean_text(text)
    assert cleaned.header.title == HEADLINE
    assert cleaned.header.site == "The Valley Courier"
    assert "The Valley Courier" not in cleaned.text
    assert cleaned.text.startswith(BODY[0])


def test_pipeline_title_and_source_from_the_masthead_and_the_url():
    text = "\n\n".join([f"{HEADLINE} - Valley Courier", *MENU, *BODY,
                        "© 2020 Valley Courier Inc."])
    article = analyse(RawDocument(origin="t", content_hash="h", text=text))
    assert (article.title, article.source) == (HEADLINE, "Valley Courier")
    plain = "\n\n".join([HEADLINE, *BODY])
    article = analyse(RawDocument(origin="t", content_hash="h", text=plain,
                                  url="https://www.theguardian.com/world/2020/x"))
    assert (article.title, article.source) == (HEADLINE, "The Guardian")


def test_the_owner_full_name_from_the_copyright_line():
    page = _lines(f"{HEADLINE} - Valley Courier", *MENU, HEADLINE,
                  "Copyright © 2024 The Valley Courier, LLC.")
    assert read_masthead(page).site == "The Valley Courier"


def test_a_short_headline_printed_again_is_still_the_headline():
    title = "Dam gates open early"
    page = _lines(f"{title} | Valley Courier Weekly", *MENU, title)
    assert (read_masthead(page).title, read_masthead(page).site) == (
        title, "Valley Courier Weekly")


def test_a_trailing_date_and_time_is_not_the_site():
    masthead = read_masthead(_lines(f"{HEADLINE} – Valley Courier | 3 March 2020, 18:47", *MENU))
    assert (masthead.title, masthead.site) == (HEADLINE, "Valley Courier")
    assert copyright_name("© 2020 Todos los derechos reservados") is None


def test_a_trailing_date_in_another_language_is_not_the_site():
    title = "Парламент принял бюджет после ночных дебатов"
    masthead = read_masthead(_lines(f"{title} – новости Вестника | 3 декабря 2020, 18:47",
                                    *MENU, title))
    assert masthead.title == title and masthead.site != "3 декабря 2020, 18:47"


def test_a_headline_holding_an_owner_word_is_not_the_site():
    title = "Browns defensive snap counts, stats, and notes for week eleven"
    page = _lines(f"{title} - Valley Courier", *MENU, "© 2019 STATS LLC")
    assert (read_masthead(page).title, read_masthead(page).site) == (title, "Valley Courier")


def test_a_web_address_after_the_headline_names_the_site():
    masthead = read_masthead(_lines(f"{HEADLINE} — www.valleycourier.example", *MENU))
    assert (masthead.title, masthead.site) == (HEADLINE, "valleycourier.example")


def test_a_lower_case_clause_is_not_a_site():
    title = "Réforme des retraites en France : ce qui change - ce qui reste"
    masthead = read_masthead(_lines(title, *MENU))
    assert masthead.site is None
    assert read_masthead(_lines(f"{HEADLINE} ~ Valley Notes Blog", *MENU)).site == (
        "Valley Notes Blog")


def test_the_headline_as_printed_when_it_words_the_title_differently():
    printed = "Dam gates to open early as the reservoir nears its crest"
    teaser = "Reservoir levels across the region rise after storms"
    page = _lines(f"{HEADLINE} - Valley Courier", *MENU, teaser, printed)
    masthead = read_masthead(page)
    assert (masthead.title, masthead.site) == (printed, "Valley Courier")
    assert masthead.title_evidence == "printed variant"
    assert read_masthead(_lines(f"{HEADLINE} - Valley Courier", *MENU, teaser)).title == HEADLINE


def test_a_bar_without_spaces_and_the_full_width_bar_separate():
    """Japanese and Chinese <title>s join headline and site with "｜" and no spaces; the
    headline, with no spaces between its words, was too short in words to be one."""
    headline = "ダムの水門、十年ぶりに開放へ　大雨で貯水池が満水に"
    cjk = read_masthead([f"{headline}｜谷新聞", *MENU, "谷新聞", *BODY])
    assert (cjk.title, cjk.site) == (headline, "谷新聞")
    bar = read_masthead(_lines(f"{HEADLINE}|Valley Courier", *MENU, HEADLINE))
    assert (bar.title, bar.site) == (HEADLINE, "Valley Courier")


def test_word_count_of_text_without_spaces():
    assert word_count("Dam gates to open") == 4
    assert word_count("谷新聞") == 1  # a short name: one word, as a site's name is
    assert word_count("ダムの水門、十年ぶりに開放へ") >= 5


def test_copyright_initials_spelled_out_by_a_masthead_line():
    """A copyright owner's initials ("© 2019 NYP Holdings, Inc." gives "NYP") name the
    outlet printed in full on a line of its own ("New York Post")."""
    page = [HEADLINE, *MENU, "Valley Courier Post", *BODY, "© 2020 VCP Holdings, Inc."]
    assert read_masthead(page).site == "Valley Courier Post"
    alone = [HEADLINE, *MENU, *BODY, "© 2020 VCP Holdings, Inc."]
    assert read_masthead(alone).site == "VCP"  # nothing spells it out: the owner as named


def test_a_web_address_name_agrees_with_the_plain_name():
    """"ValleyCourier.com" in the copyright names the same site as "ValleyCourier" in the
    <title>: the <title>'s part is the site, the rest the headline."""
    page = _lines(f"{HEADLINE} ~ ValleyCourier", *MENU)
    page.append("Copyright © 2000- ValleyCourier.com, LLC.")
    masthead = read_masthead(page)
    assert (masthead.title, masthead.site) == (HEADLINE, "ValleyCourier")
    assert masthead.title_evidence == "site named"


def test_the_brand_the_chrome_names_beats_a_parent_owner():
    # No site in the <title> line; the footer's owner is the parent company, the chrome
    # names the paper itself three times.
    page = _lines(HEADLINE, *MENU, HEADLINE, "Follow The Valley Courier",
                  "The Valley Courier logo", "Work at The Valley Courier",
                  "© 2024 Riverside Press Inc. All rights reserved.")
    masthead = read_masthead(page)
    assert (masthead.site, masthead.site_evidence) == ("The Valley Courier", "self-named")


def test_a_self_named_brand_needs_more_than_one_mention():
    page = _lines(HEADLINE, *MENU, HEADLINE, "Follow The Valley Courier",
                  "© 2024 Riverside Press Inc. All rights reserved.")
    masthead = read_masthead(page)
    assert (masthead.site, masthead.site_evidence) == ("Riverside Press", "copyright")


def test_the_reader_words_are_no_brand():
    # "Follow Us", "Contact Us", "About Us": a phrase a site uses, not its name.
    page = _lines(HEADLINE, *MENU, HEADLINE, "Follow Us", "Contact Us", "About Us",
                  "Join Newsletter", "Join Newsletter")
    assert self_name(page) is None


def test_a_self_named_brand_agreeing_with_the_owner_keeps_its_spelling():
    page = _lines(HEADLINE, *MENU, HEADLINE, "More from The Valley Courier",
                  "© Valley Courier Media Group Limited")
    assert self_name(page, ["Valley Courier"]) == "The Valley Courier"


def test_the_title_line_still_names_the_site_before_the_chrome():
    page = _lines(f"{HEADLINE} | Courier Online", *MENU, HEADLINE, "Follow The Valley Courier",
                  "The Valley Courier logo")
    assert read_masthead(page).site == "Courier Online"


def test_one_phrase_printed_twice_is_one_mention():
    # The same menu line in the header and the footer ("Toolkit Podcast" twice) names a
    # section, not the site.
    page = _lines(HEADLINE, *MENU, HEADLINE, "Garden Tools Store", "Garden Tools Store",
                  "Garden Tools")
    assert self_name(page) is None
