import pytest

pytestmark = pytest.mark.browser


def test_gap_report_links_each_gap_to_its_topic(page):
    page.goto("/gaps")
    rows = page.locator("table.gaps tbody tr")
    assert rows.count() >= 1
    first = rows.first.get_by_role("link").first
    code = first.inner_text().split()[0]
    first.click()
    assert page.locator("h1").inner_text().startswith(code)
    assert page.locator("#state").inner_text().startswith("State:")


def test_gap_report_filters_by_group_and_state(page):
    page.goto("/gaps")
    page.select_option("#group", "S")
    page.get_by_label("Partial").uncheck()
    page.get_by_role("button", name="Show").click()
    assert "group=S" in page.url and "state=uncovered" in page.url
    codes = [t.split()[0] for t in page.locator("table.gaps tbody tr td:first-child a").all_inner_texts()]
    assert codes and all(code.startswith("S") for code in codes)


def test_graph_nodes_open_their_topic_page(page):
    page.goto("/topics/graph")
    assert page.locator("svg a.node").count() == 31
    page.locator('svg a[href="/topics/S5"]').click()
    page.wait_for_url("**/topics/S5")
    assert page.locator("h1").inner_text() == "S5 Water management"
