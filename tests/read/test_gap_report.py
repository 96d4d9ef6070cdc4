"""The gap report: page, API and CLI agree; SQL statements do not grow with the data."""
import json
import re

import pytest
from roadmap.config import DEFAULT_SEED
from tests.budget import counts_by_size
from tests.factories import ADMIN
from roadmap.interchange import bundle, importer


@pytest.fixture
def seeded(app, session):
    importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
    session.commit()
    return app


def test_page_api_and_cli_give_the_same_figures(seeded, client):
    api = client.get("/api/v1/gaps").get_json()
    cli = json.loads(seeded.test_cli_runner().invoke(
        args=["roadmap", "gaps", "--format", "json"]).output)
    assert api == cli
    assert len(api["topics"]) == 31 and set(api) == {"topics", "gaps", "register"}
    html = client.get("/gaps").get_data(as_text=True)
    shown = re.findall(r'<tr id="gap-([^"]+)">', html)
    assert shown == api["gaps"]
    for topic in (t for t in api["topics"] if t["code"] in api["gaps"]):
        row = html.split(f'<tr id="gap-{topic["code"]}">')[1].split("</tr>")[0]
        assert f'state-{topic["state"]}' in row
        assert f'<td class="number" data-label="Impact">{topic["impact"]}</td>' in row


def test_the_seed_shows_real_gaps(seeded, client):
    api = client.get("/api/v1/gaps").get_json()
    states = {t["code"]: t["state"] for t in api["topics"]}
    assert states["S1"] == "uncovered"  # no e-government standard in the seed
    assert states["S5"] == "covered"
    assert api["gaps"][:4] == sorted(api["gaps"][:4], key=lambda c: (c[0], int(c[1:])))
    assert all(states[c] in ("uncovered", "partial") for c in api["gaps"])


def test_filters_narrow_the_page(seeded, client):
    html = client.get("/gaps?group=S&state=uncovered").get_data(as_text=True)
    shown = re.findall(r'<tr id="gap-([^"]+)">', html)
    assert shown and all(code.startswith("S") for code in shown)
    covered = client.get("/gaps?state=covered").get_data(as_text=True)
    assert 'id="gap-S5"' in covered and 'id="gap-S1"' not in covered


def test_the_text_report_lists_the_gaps(seeded):
    output = seeded.test_cli_runner().invoke(args=["roadmap", "gaps"]).output
    assert output.startswith("31 leaf topics: ")
    assert re.search(r"^S1\s+E-government\s+uncovered", output, re.M)


def test_topic_pages_say_the_state_and_why(seeded, client):
    page = client.get("/topics/S1").get_data(as_text=True)
    assert "Uncovered: no active work item is mapped to it." in page
    page = client.get("/topics/S5").get_data(as_text=True)
    reason = page.split("Covered: approved or published core text(s): ")[1].split("</p>")[0]
    assert "Y.4237" in reason and "ISO 24510:2024" in reason  # approved, published: both core
    assert client.get("/topics/S").status_code == 200
    assert client.get("/topics/NOPE").status_code == 404


def test_the_graph_links_every_leaf_topic(seeded, client):
    html = client.get("/topics/graph").get_data(as_text=True)
    assert html.count('class="node state-') == 31
    assert 'href="/topics/S5"' in html and "cdn" not in html.lower()


def test_a_cycle_is_refused_through_the_command_line(seeded, tmp_path):
    document = {"format": "ssc-roadmap-bundle", "version": 1,
                "dependencies": [{"topic": "I1", "requires": "S5"}]}
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = seeded.test_cli_runner().invoke(args=["roadmap", "import", str(path)])
    assert result.exit_code == 1
    assert "dependencies[0].requires: would close the cycle I1 -> S5 -> I1" in result.output


@pytest.mark.parametrize("url", ["/gaps", "/topics/graph", "/topics/T00012", "/topics/G000",
                                 "/api/v1/gaps"])
def test_statements_per_page_do_not_grow_with_the_data(app, session, client, url):
    counts = counts_by_size(app, session, client, url)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20
