"""The web app in real Chromium (Debian's, driven by playwright): library, reader, reading,
events and claims, entity pages, search, import, keyboard, phone width, dark mode. Saves the
screenshots in docs/screenshots."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.web.browsing import DESKTOP, PHONE, api, no_horizontal_scroll, shot

pytestmark = pytest.mark.browser

def test_library(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    assert page.locator("h1").inner_text() == "Library"
    total = api(live_server, "/api/stats")["articles"]
    assert page.locator("#library .entry").count() == min(total, 25)
    first = page.locator("#library .entry").first
    assert first.locator(".entry-meta").inner_text().strip()
    shot(page, "library.png")


def test_read_an_article_and_see_the_read_count_change(page: Any, live_server: str) -> None:
    record = next(r for r in api(live_server, "/api/articles?unread=true") if r["url"])
    page.goto(f"{live_server}/articles/{record['id']}")
    assert page.locator("h1").inner_text() == record["title"]
    before = int(page.locator("#read-count").inner_text())
    shot(page, "reader.png")
    page.click("#mark-read")
    page.wait_for_url(f"**/articles/{record['id']}#statistics")
    assert int(page.locator("#read-count").inner_text()) == before + 1
    assert page.locator("#last-read").inner_text() != "never"
    assert api(live_server, f"/api/articles/{record['id']}")["read_count"] == before + 1
    link = page.locator("#details a.url")
    assert link.get_attribute("rel") == "noopener noreferrer"


def test_keyboard_navigation(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator("body").click(position={"x": 5, "y": 300})
    hrefs = page.locator("#library .entry-link").evaluate_all("ls => ls.map(l => l.href)")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.href") == hrefs[1]
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.href") == hrefs[0]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused row must show its focus"
    page.keyboard.press("Enter")
    page.wait_for_url(hrefs[0])
    assert page.locator("#read-count").count() == 1


def test_phone_width_hasno_horizontal_scroll(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    article_id = api(live_server, "/api/articles?limit=1")[0]["id"]
    for path in ("/", f"/articles/{article_id}", "/search", "/import", "/stats", "/api",
                 "/entities", "/entities/Uzbekistan", "/entities/Vladimir%20Putin"):
        phone.goto(live_server + path)
        no_horizontal_scroll(phone)
    phone.goto(f"{live_server}/articles/{article_id}")
    font = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)")
    assert font >= 16, "reader text must stay readable on a phone"
    shot(phone, "reader-phone.png")
    context.close()


def test_dark_mode_follows_the_system_and_the_toggle(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    dark = context.new_page()
    article_id = api(live_server, "/api/articles?limit=1")[0]["id"]
    dark.goto(f"{live_server}/articles/{article_id}")
    background = "getComputedStyle(document.body).backgroundColor"
    assert dark.evaluate(background) == "rgb(23, 22, 20)"
    shot(dark, "reader-dark.png")
    dark.click("#theme-toggle")  # to light, remembered across pages
    assert dark.evaluate(background) == "rgb(251, 250, 247)"
    dark.goto(live_server + "/")
    assert dark.evaluate(background) == "rgb(251, 250, 247)"
    assert dark.evaluate("localStorage.getItem('dossier-theme')") == "light"
    dark.keyboard.press("d")  # and back, from the keyboard
    assert dark.evaluate(background) == "rgb(23, 22, 20)"
    context.close()


def test_search(page: Any, live_server: str) -> None:
    page.goto(live_server + "/search")
    page.fill("#q", "CSTO")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=CSTO*")
    assert page.locator("#library .entry").count() >= 1
    assert page.locator(".snippet mark").count() >= 1


def test_import_a_file_by_upload(page: Any, live_server: str, new_article: bytes) -> None:
    page.goto(live_server + "/import")
    page.set_input_files(
        "#files", files=[{"name": "glaciers.txt", "mimeType": "text/plain", "buffer": new_article}]
    )
    assert "1 file" in page.locator("#chosen").inner_text()
    page.click("#import-button")
    page.wait_for_url("**/import/*")
    assert page.locator("#import-summary").inner_text().startswith("1 added")
    page.click("text=Go to the library")
    assert page.locator("#library .entry-title", has_text="Glacier survey finds Pamir").count() == 1


def test_upload_over_the_limit_is_refused_in_the_page(page: Any, live_server: str) -> None:
    page.goto(live_server + "/import")
    page.evaluate("document.getElementById('import-form').dataset.maxBytes = '10'")
    page.set_input_files(
        "#files", files=[{"name": "big.txt", "mimeType": "text/plain", "buffer": b"x" * 100}]
    )
    page.click("#import-button")
    assert "the limit is" in page.locator("#import-error").inner_text()


def test_events_panel_marks_the_sentence_and_leads_to_the_entity(
    page: Any, live_server: str
) -> None:
    events = api(live_server, "/api/events")
    article_id = Counter(e["evidence"][0]["article"] for e in events).most_common(1)[0][0]
    page.goto(f"{live_server}/articles/{article_id}")
    panel = page.locator("#events")
    assert panel.locator("h2").inner_text().lower() == "events and claims"
    items = panel.locator("#event-list > li")
    assert items.count() == sum(e["evidence"][0]["article"] == article_id for e in events)
    # The third event, so the page has to scroll to its sentence.
    link = items.nth(min(2, items.count() - 1)).locator("a.ev-link")
    target = link.get_attribute("data-ev")
    mark = page.locator(f"mark#{target}")
    assert mark.get_attribute("class") == "evidence"
    link.click()
    page.wait_for_function(
        "id => document.getElementById(id).classList.contains('is-current')", arg=target)
    assert page.url.endswith("#" + target)
    assert page.evaluate("document.activeElement.id") == target
    page.wait_for_function(  # smooth scrolling has brought it into view
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= innerHeight; }""", arg=target)
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    sentence = " ".join(mark.inner_text().split())
    event = next(e for e in events if e["evidence"][0]["article"] == article_id
                 and e["summary"] == link.inner_text())
    assert " ".join(event["evidence"][0]["sentence"].split()) in sentence
    page.wait_for_timeout(400)
    shot(page, "reader-events.png")

    entity = items.nth(min(2, items.count() - 1)).locator(".actors a.entity").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_url("**/entities/**")
    assert page.locator("h1").inner_text() == name
    assert page.locator("#entity-events .event").count() >= 1
    page.locator("#entity-events .proof a").first.click()
    page.wait_for_url("**/articles/**#ev-*")
    current = page.locator("mark.evidence.is-current")
    page.wait_for_function("document.querySelector('mark.evidence.is-current') !== null")
    assert current.count() >= 1
    page.go_back()
    page.wait_for_url("**/entities/**")
    shot(page, "entity.png")


def test_entity_list_and_page_on_a_phone_in_dark_mode(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  color_scheme="dark")
    phone = context.new_page()
    phone.goto(live_server + "/entities")
    assert phone.locator("#library .entry").count() >= 10
    phone.select_option("select[name=kind]", "person")
    phone.wait_for_url("**/entities?kind=person*")
    assert phone.locator("#library .entry").count() >= 1
    phone.locator("#library .entry-link").first.click()
    phone.wait_for_url("**/entities/**")
    no_horizontal_scroll(phone)
    shot(phone, "entity-phone-dark.png")
    context.close()
