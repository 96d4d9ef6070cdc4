"""Every page type in Chromium on the seed roadmap: no console error, no failed request."""
import re

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/?group=S", "/topics/S5", "/topics/S", "/organizations",
         "/organizations/ISO/IEC%20JTC%201", "/work-items", "/work-items?q=digital+twin",
         "/timeline", "/timeline?by=organization", "/gaps", "/topics/graph", "/editions"]


@pytest.mark.parametrize("url", PAGES)
def test_each_page_loads_with_one_main_heading(page, url):
    page.goto(url)
    assert page.locator("h1").count() == 1
    assert page.locator("main").inner_text().strip()


def test_a_matrix_cell_opens_its_filtered_list(page):
    page.goto("/")
    cell = page.locator('table.matrix a[href*="organization=ISO&topic=K1"]')
    count = cell.inner_text()
    cell.click()
    page.wait_for_url(re.compile(r"/work-items\?organization=ISO&topic=K1$"))
    assert page.locator(".count-line strong").inner_text() == count
    assert page.locator("#organization").input_value() == "ISO"
    assert page.locator("#topic").input_value() == "K1"


def test_search_finds_digital_twin_work(page):
    page.goto("/work-items")
    page.get_by_label("Search").fill("digital twin")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"q=digital\+twin"))
    page.get_by_role("link", name="Y.4600", exact=True).click()
    assert page.locator("h1").inner_text() == "Y.4600"
    assert "digital twin system" in page.locator(".lede").inner_text()


def test_keyboard_reaches_the_navigation_first(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


@pytest.mark.parametrize("url", ["/", "/work-items", "/topics/S5", "/gaps", "/timeline"])
def test_pages_fit_a_phone_width_screen(page, url):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url)
    overflow = page.evaluate("document.body.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} is {overflow}px too wide"
