"""The dependency graph focused on one topic and the filtered gap report, at two widths.

Screenshots go to $ROADMAP_SCREENSHOTS (default /tmp/roadmap-screenshots), not into git.
"""
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("ROADMAP_SCREENSHOTS", "/tmp/roadmap-screenshots"))


@pytest.mark.parametrize("width", [1400, 390])
def test_graph_focused_on_a_topic_highlights_its_chain(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/topics/graph")
    page.locator('#node-S5 a.focus-link').click()
    page.wait_for_url("**/topics/graph?focus=S5#chain")
    assert page.locator("#chain").is_visible()
    assert "Chain of S5" in page.locator("#chain").inner_text()
    assert page.locator("#node-S5").get_attribute("class").split()[-2:] == ["focus", "chain"]
    assert "chain" in page.locator("#node-I1").get_attribute("class").split()
    dimmed = page.locator("svg g.node.dim")
    assert dimmed.count() >= 1
    assert float(dimmed.first.evaluate("n => getComputedStyle(n).opacity")) < 0.5
    assert float(page.locator("#node-I1").evaluate("n => getComputedStyle(n).opacity")) == 1
    assert page.locator("svg path.edge.chain").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#node-S5").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"graph-focus-S5-{width}.png"), full_page=True)
    page.locator('#node-S5 a.node-link').click()
    page.wait_for_url("**/topics/S5")


@pytest.mark.parametrize("width", [1400, 390])
def test_gap_report_filters_overlap_and_offers_the_filtered_list(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/gaps")
    page.get_by_label("Covered", exact=True).check()
    page.get_by_label("Overlapping (texts of two or more organizations)").check()
    page.get_by_role("button", name="Show").click()
    assert "overlapping=1" in page.url and "state=covered" in page.url
    rows = page.locator("table.gaps tbody tr")
    assert rows.count() >= 1
    assert all(cell.strip() and cell.strip() != "none"
               for cell in page.locator("table.gaps tbody td:nth-child(6)").all_inner_texts())
    assert page.locator("table.gaps tbody td.why").first.inner_text().split(":")[0] in (
        "Uncovered", "Partial", "Covered")
    csv_link = page.get_by_role("link", name="CSV")
    assert "overlapping=1" in csv_link.get_attribute("href")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"gaps-overlapping-{width}.png"), full_page=True)
