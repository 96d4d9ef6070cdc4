"""The work-item form's error summary and the confirmation of withdrawing, at desk and
phone widths; screenshots go to bench/out/screenshots (not committed) for a person to see."""
from pathlib import Path

import pytest

from tests.browser.conftest import EDITOR

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screenshots"
WIDTHS = (1400, 390)


def sign_in(page):
    page.goto("/login")
    page.get_by_label("E-mail").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Sign in").click()


def shoot(page, name, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))


@pytest.mark.expect_status(422)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_error_summary_comes_first_and_leads_to_each_field(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page)
    page.get_by_role("link", name="New work item").click()
    page.get_by_label("Timing (target)").fill("2027-13")
    page.get_by_role("button", name="Save").click()
    summary = page.get_by_role("alert").filter(has_text="There are problems to fix")
    assert summary.is_visible()
    assert summary.bounding_box()["y"] < page.locator("#organization").bounding_box()["y"]
    assert summary.bounding_box()["width"] <= width
    links = summary.get_by_role("link")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] \
        == ["#organization", "#identifier", "#title", "#target"]  # in the page's order
    shoot(page, "form-error-summary", width)
    links.filter(has_text="Title").click()
    assert page.url.endswith("#title") and page.locator("#title").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_withdrawing_a_work_item_asks_first(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page)
    page.goto("/work-items/new")
    page.get_by_label("Organization").select_option("ITU-T")
    page.get_by_label("Document number").fill(f"Y.withdraw-{width}")
    page.get_by_label("Title", exact=True).fill("A draft to withdraw")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Delete (withdraw)…").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Withdraw ITU-T Y.withdraw-{width}?"
    shoot(page, "withdraw-confirmation", width)
    button = page.get_by_role("button", name="Withdraw this work item")
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= width
    button.click()
    assert page.get_by_role("status").inner_text() == f"ITU-T Y.withdraw-{width} withdrawn."
