"""An editor publishes an edition, changes a text's status, and sees it on the compare page."""
import re

import pytest

from tests.browser.conftest import EDITOR

pytestmark = pytest.mark.browser


def sign_in(page):
    page.goto("/login")
    page.get_by_label("E-mail").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("status").inner_text() == f"Signed in as {EDITOR[0]}."


def test_an_editor_publishes_an_edition_and_sees_a_later_change_on_the_compare_page(page):
    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Editions").click()
    page.get_by_role("link", name="Publish a new edition").click()
    page.get_by_label("Title (required)").fill("Edition for the browser test")
    page.get_by_role("button", name="Publish").click()
    assert "Published Edition" in page.get_by_role("status").inner_text()
    number = re.search(r"/editions/(\d+)$", page.url).group(1)
    page.goto("/work-items?q=Y.aidt-reqts")
    page.get_by_role("link", name="Y.aidt-reqts", exact=True).click()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Status").select_option("approved")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").inner_text() == "Saved ITU-T Y.aidt-reqts."
    page.goto(f"/editions/{number}")
    page.get_by_role("link", name="Since this edition, up to today").click()
    main = page.locator("main")
    assert "Texts newly approved: 1" in main.inner_text()
    row = page.get_by_role("row").filter(has_text="Y.aidt-reqts").first
    assert "In development → Approved" in row.inner_text()
    page.goto(f"/editions/{number}/work-items?q=Y.aidt-reqts")
    assert "You are reading" in page.locator(".edition-banner").inner_text()
    page.get_by_role("link", name="Y.aidt-reqts", exact=True).click()
    assert "In development" in page.locator("main").inner_text()  # as it stood
