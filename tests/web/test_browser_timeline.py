"""The chronology in real Chromium: the timeline zooms and expands to its sources, a pair
page, membership bars, the conflicts page; phone width and dark mode. Saves timeline.png,
pair.png, memberships.png and conflicts.png in docs/screenshots."""

from __future__ import annotations

from typing import Any

import pytest

from dossier.web.chronology import APART
from tests.web.browsing import PHONE, api, no_horizontal_scroll, shot

pytestmark = pytest.mark.browser

def test_timeline_zooms_and_expands_to_its_sources(page: Any, live_server: str) -> None:
    found = api(live_server, "/api/timeline?limit=50")
    page.goto(live_server + "/timeline?zoom=decade")
    entries = page.locator("#timeline .tl-entry")
    assert entries.count() == len(found["entries"])
    decades = page.locator("#timeline .tl-group").count()
    assert decades == len({(e["date"] or "Undated")[:3] for e in found["entries"]})
    page.click(".zoom-button[data-zoom=year]")  # regrouped in place, no reload
    page.wait_for_function("document.getElementById('timeline').dataset.zoom === 'year'")
    assert page.url.endswith("/timeline")
    years = {e["date"][:4] if e["date"] else "Undated" for e in found["entries"]}
    assert page.locator("#timeline .tl-group").count() == len(years)
    assert page.locator("#tl-axis .tl-tick").count() == len(years)
    assert page.locator("#timeline .tl-entry").count() == len(found["entries"])
    headings = page.locator("#timeline .tl-group").evaluate_all(
        "gs => gs.map(g => g.dataset.label)")
    assert headings[:3] == sorted(years)[:3]
    # Planned (and hypothetical) entries stand apart, in their own list under each period.
    planned = [e for e in found["entries"] if e["modality"] in APART]
    assert page.locator(".tl-apart .tl-entry").count() == len(planned) > 0
    # An entry with two sources or more: open it, see every sentence, follow one to the reader.
    entry = next(e for e in found["entries"] if len(e["sources"]) > 1)
    item = page.locator(f"#entry-{entry['id']}")
    sentence = item.locator(".tl-sentence").first
    assert not sentence.is_visible()
    item.locator("summary").click()
    assert sentence.is_visible()
    shown = [" ".join(t.split()) for t in item.locator(".tl-sentence").all_inner_texts()]
    assert shown == [" ".join(s["sentence"].split()) for s in entry["sources"]]
    item.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "timeline.png")
    link = item.locator(".tl-sources a").first
    href = link.get_attribute("href")
    assert "#ev-" in href
    link.click()
    page.wait_for_url("**/articles/**#ev-*")
    page.wait_for_function("document.querySelector('mark.evidence.is-current') !== null")
    marked = " ".join(page.locator("mark.evidence.is-current").first.inner_text().split())
    assert " ".join(entry["sources"][0]["sentence"].split())[:60] in marked


def test_timeline_filters_and_empty_message(page: Any, live_server: str) -> None:
    page.goto(live_server + "/timeline")
    page.fill("input[name=entity]", "UZB")
    page.select_option("select[name=type]", "JOIN")
    page.click("#timeline-filters button[type=submit]")
    page.wait_for_url("**/timeline?entity=UZB&type=JOIN*")
    wanted = api(live_server, "/api/timeline?entity=UZB&type=JOIN")["entries"]
    assert page.locator("#timeline .tl-entry").count() == len(wanted) > 0
    assert set(page.locator(".tl-entry .ev-type").all_inner_texts()) == {"JOIN"}
    page.fill("input[name=entity]", "Atlantis")
    page.click("#timeline-filters button[type=submit]")
    page.wait_for_url("**/timeline?entity=Atlantis*")
    assert "No timeline entries match" in page.locator("#timeline-empty").inner_text()


def test_pair_page(page: Any, live_server: str) -> None:
    found = api(live_server, "/api/timeline?between=RUS&between=UZB&limit=500")
    assert found["total"] > 0
    page.goto(live_server + "/entities/Uzbekistan")
    page.locator("#entity-pairs a.pair-link", has_text="Russia").click()
    page.wait_for_url("**/pairs/UZB/RUS")
    page.goto(live_server + "/pairs/RUS/UZB")
    assert " ".join(page.locator("h1").inner_text().split()) == "Russia and Uzbekistan"
    assert page.locator(".pair-year .tl-entry").count() == found["total"]
    years = {e["date"][:4] if e["date"] else "Undated" for e in found["entries"]}
    assert page.locator(".pair-year").count() == len(years)
    assert page.locator("#pair-overview tbody tr").count() == len(years)
    categories = set(page.locator(".pair-cat").evaluate_all(
        "cs => cs.map(c => c.dataset.category)"))
    assert {"agreements", "visits"} <= categories
    page.locator(".pair-year .tl-entry summary").first.click()
    shot(page, "pair.png")


def test_membership_bars(page: Any, live_server: str) -> None:
    found = api(live_server, "/api/memberships")
    page.goto(live_server + "/memberships")
    rows = page.locator(".mbar-list .mbar-row")
    assert rows.count() == len(found) > 0
    spans = page.locator(".mbar-list .mbar-span")
    assert spans.count() == sum(len(m["intervals"]) for m in found)
    open_ended = sum(i["to"] is None for m in found for i in m["intervals"])
    assert page.locator(".mbar-span.open-end").count() == open_ended > 0
    box = spans.first.bounding_box()
    assert box and box["width"] > 4 and box["height"] > 4, "bars are drawn"
    edges = page.locator(".mbar-edge-link")
    assert edges.count() >= 1
    assert edges.first.get_attribute("href").startswith("/articles/")
    shot(page, "memberships.png")
    page.goto(live_server + "/entities/Uzbekistan")
    assert page.locator("#entity-memberships .mbar-span").count() >= 1


def test_conflicts_page(page: Any, live_server: str) -> None:
    found = api(live_server, "/api/conflicts")
    page.goto(live_server + "/conflicts")
    assert page.locator("h1").inner_text() == "Conflicts"
    entries = [c for c in found if c["kind"] == "entry"]
    assert page.locator("#entry-conflicts .tl-entry").count() == len(entries)
    assert page.locator(".claim-card").count() == sum(
        len(c["claims"]) for c in found if c["kind"] == "figures")
    if entries:
        assert page.locator("#entry-conflicts .proof.is-disputed").count() >= 2
    shot(page, "conflicts.png")


def test_chronology_on_a_phone_in_dark_mode(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  color_scheme="dark")
    phone = context.new_page()
    for path in ("/timeline", "/timeline?zoom=day", "/pairs/RUS/UZB", "/memberships",
                 "/conflicts", "/entities/Uzbekistan"):
        phone.goto(live_server + path)
        no_horizontal_scroll(phone)
    background = phone.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 22, 20)"
    phone.goto(live_server + "/timeline")
    phone.locator("#timeline .tl-entry summary").first.click()
    shot(phone, "timeline-phone-dark.png")
    phone.goto(live_server + "/memberships")
    shot(phone, "memberships-phone-dark.png")
    context.close()
