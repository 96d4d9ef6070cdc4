"""The dependency graph focused on one topic, at a desktop and a phone width.

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
