"""The matrix and the tables read at 1400 px and at a phone's 390 px; screenshots for people.

Screenshots go to the folder in ROADMAP_SCREENSHOTS (a temporary folder otherwise).
"""
import os
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WIDE, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}
STACKED = ["/gaps", "/work-items", "/organizations", "/organizations/ISO", "/timeline",
           "/topics/S5", "/topics/S"]


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("ROADMAP_SCREENSHOTS") or tempfile.mkdtemp(prefix="roadmap-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _top(locator) -> float:
    return locator.bounding_box()["y"]


@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["1400", "390"])
def test_the_matrix_header_row_stays_visible_after_scrolling_its_box(page, size):
    page.set_viewport_size(size)
    page.goto("/")
    box, header = page.locator(".matrix-wrap"), page.locator("table.matrix thead th.org").first
    assert box.evaluate("b => b.scrollHeight > b.clientHeight"), "the matrix should scroll in its box"
    box.evaluate("b => { b.scrollTop = 400; b.scrollLeft = 300; }")
    assert box.evaluate("b => b.scrollTop") == 400
    assert page.evaluate("window.scrollY") == 0  # the box scrolled, not the page
    assert abs(_top(header) - _top(box)) <= 2 and header.is_visible()
    topic = page.locator("table.matrix tbody th[scope=row]").nth(12)
    assert abs(topic.bounding_box()["x"] - box.bounding_box()["x"]) <= 2  # the topic column stays


def test_partial_cells_look_different_from_covered_ones(page):
    page.set_viewport_size(WIDE)
    page.goto("/")
    partial = page.locator("table.matrix td.partial").first
    covered = page.locator("table.matrix td[class^=s-]:not(.partial)").first
    style = "c => [getComputedStyle(c).backgroundImage, getComputedStyle(c).boxShadow]"
    assert partial.evaluate(style) != covered.evaluate(style)
    assert "(partial)" in partial.get_attribute("title")
    assert page.locator("table.matrix tr.r-uncovered").count() >= 1
    assert page.locator(".matrix-legend li").count() == 5


def test_every_matrix_cell_has_a_title(page):
    page.goto("/")
    titles = page.locator("table.matrix tbody td[title]").count()
    assert titles and titles == page.locator("table.matrix tbody td").count() - page.locator(
        "table.matrix tbody td:not([title])").count()
    assert page.locator("table.matrix tbody tr:not(.group) td:not([title])").count() \
        == page.locator("table.matrix tbody tr:not(.group)").count()  # the State column only


def test_rotated_organization_links_are_not_underlined(page):
    page.goto("/")
    decoration = page.locator("table.matrix th.org a").first.evaluate(
        "a => getComputedStyle(a).textDecorationLine")
    assert decoration == "none"


@pytest.mark.parametrize("url", STACKED)
def test_each_stacked_cell_at_390_px_shows_its_label(page, url):
    page.set_viewport_size(PHONE)
    page.goto(url)
    labels = page.locator("main table td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels, f"{url} has no table cells"
    assert all(label not in ("none", "normal", '""') for label in labels), (url, labels[:5])


@pytest.mark.parametrize("url", ["/", "/gaps", "/work-items", "/topics/S5", "/timeline"])
def test_the_first_screen_at_390_px_shows_the_heading(page, url):
    page.set_viewport_size(PHONE)
    page.goto(url)
    heading = page.locator("h1").bounding_box()
    assert heading["y"] + heading["height"] <= PHONE["height"] / 2, heading


@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["1400", "390"])
def test_screenshots_of_the_matrix_and_gap_report(page, size, shots):
    page.set_viewport_size(size)
    for name, url in (("matrix", "/"), ("gaps", "/gaps")):
        page.goto(url)
        path = shots / f"{name}-{size['width']}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
