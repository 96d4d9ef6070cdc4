"""The work-item list and the timeline: words for stages, active items first, empty
targets last, totals, and a year axis without holes."""
import re

import pytest

from tests.factories import make_leaves, make_organization, make_work_item


@pytest.fixture
def listed(session):
    make_organization(session, "ITU-T")
    make_leaves(session, "S5")
    make_work_item(session, "Y.1", status="published", stage="60.60", topic_codes=["S5"])
    make_work_item(session, "Y.2", status="in_development", target="2029", topic_codes=["S5"])
    make_work_item(session, "Y.3", status="in_development", topic_codes=["S5"])
    make_work_item(session, "Y.4", status="in_development", target="2026", topic_codes=["S5"])
    make_work_item(session, "Y.5", status="withdrawn", topic_codes=["S5"])
    session.commit()
    return session


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def listed_ids(html):
    return re.findall(r'>(Y\.\d)</a>', html)


def test_the_stage_code_is_a_title_on_the_status_word(listed, client):
    html = page(client, "/work-items")
    assert '<span class="status status-published" title="stage 60.60">Published</span>' in html
    assert ">60.60<" not in html


def test_the_list_shows_active_items_by_default_and_counts_them(listed, client):
    html = page(client, "/work-items")
    assert "Y.5" not in listed_ids(html)
    assert "<strong>4</strong> active work items match" in html
    assert 'href="/work-items?show=all">Include withdrawn and superseded items</a>' in html


def test_the_toggle_includes_withdrawn_items(listed, client):
    html = page(client, "/work-items?show=all")
    assert "Y.5" in listed_ids(html) and "<strong>5</strong> work items match" in html
    assert "show active items only" in html


def test_an_explicit_status_still_filters(listed, client):
    assert listed_ids(page(client, "/work-items?status=withdrawn")) == ["Y.5"]


@pytest.mark.parametrize("direction", ["", "&dir=desc"])
def test_items_without_a_target_sort_last(listed, client, direction):
    ids = listed_ids(page(client, "/work-items?sort=target" + direction))
    dated = ["Y.4", "Y.2"] if not direction else ["Y.2", "Y.4"]
    assert ids[:2] == dated and set(ids[2:]) == {"Y.1", "Y.3"}


def test_the_timeline_has_every_year_and_counts_drafts_without_a_target(listed, client):
    html = page(client, "/timeline")
    years = [int(y) for y in re.findall(r'<th scope="col" class="number">(\d{4})</th>', html)]
    assert years == list(range(2022, 2030))  # published 2022, planned 2026 and 2029
    assert "1 active draft has no target date" in html


def test_the_export_links_carry_what_the_list_shows(listed, client):
    import html as html_module
    default = html_module.unescape(page(client, "/work-items"))
    assert re.search(r'/export/roadmap\.csv\?status=active"', default)
    everything = html_module.unescape(page(client, "/work-items?show=all"))
    link = re.search(r'href="(/export/roadmap\.csv[^"]*)"', everything).group(1)
    assert "include=withdrawn" in link
    assert "Y.5" in client.get(link).get_data(as_text=True)  # the withdrawn item is exported
