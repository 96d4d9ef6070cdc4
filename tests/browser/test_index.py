import pytest

pytestmark = pytest.mark.browser


def test_index_shows_the_seed_roadmap_by_topic(page):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Standardization roadmap")
    assert "Water management" in page.locator("#topic-S5").inner_text()
    # ISO 24510 is mapped to water (core) and to KPIs (supporting): listed under both
    assert page.get_by_role("link", name="ISO 24510:2024").count() == 2


def test_index_fits_a_phone_width_screen(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
