"""The gap report on the seed roadmap: why each topic is a gap, its filters, its downloads."""
import csv
import io

import docx
import openpyxl
import pytest
from roadmap.config import DEFAULT_SEED
from roadmap.interchange import bundle, importer
from roadmap.read.gap_report import gap_report, select_gap_rows
from tests.factories import ADMIN


@pytest.fixture
def seeded(session):
    importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
    session.commit()
    return session


def get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_every_gap_row_says_why(seeded, client):
    page = get(client, "/gaps").get_data(as_text=True)
    first = select_gap_rows(gap_report(seeded))[0]
    assert '<th scope="col">Why</th>' in page
    assert first.why.startswith(("Uncovered: ", "Partial: "))  # as the topic page says
    topic_page = get(client, f"/topics/{first.code}").get_data(as_text=True)
    assert first.why.split(";")[0] in topic_page
    assert f'<td class="why" title="{first.why}"' in page.replace("&#39;", "'")  # a phone label may follow


def test_the_blocked_filter_keeps_only_blocked_topics(seeded, client):
    report = gap_report(seeded)
    page = get(client, "/gaps?blocked=1").get_data(as_text=True)
    rows = select_gap_rows(report, blocked=True)
    assert all(t.blocked_by for t in rows)
    assert {t.code for t in rows} == {t.code for t in select_gap_rows(report) if t.blocked_by}
    assert page.count('<tr id="gap-') == len(rows)
    assert 'name="blocked" value="1" checked' in page


def test_the_overlap_filter_reaches_covered_topics_too(seeded, client):
    url = "/gaps?overlapping=1&state=uncovered&state=partial&state=covered"
    page = get(client, url).get_data(as_text=True)
    rows = select_gap_rows(gap_report(seeded), overlapping=True,
                           states=["uncovered", "partial", "covered"])
    assert all(t.overlap for t in rows)
    assert page.count('<tr id="gap-') == len(rows)
    assert all(f'id="gap-{t.code}"' in page for t in rows)


def test_the_csv_download_matches_the_filtered_view(seeded, client):
    response = get(client, "/gaps.csv?group=S")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    expected = select_gap_rows(gap_report(seeded), group="S")
    assert [r["code"] for r in rows] == [t.code for t in expected]
    assert rows[0]["why"] == expected[0].why
    assert "attachment" in response.headers["Content-Disposition"]


def test_the_excel_download_lists_the_same_rows(seeded, client):
    book = openpyxl.load_workbook(io.BytesIO(get(client, "/gaps.xlsx").data))
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:5] == ("Topic", "Name", "Topic group", "State", "Why")
    assert [v[0] for v in values[1:]] == [t.code for t in select_gap_rows(gap_report(seeded))]


def test_the_word_download_is_one_table_with_the_why_column(seeded, client):
    document = docx.Document(io.BytesIO(get(client, "/gaps.docx?group=S").data))
    table = document.tables[0]
    expected = select_gap_rows(gap_report(seeded), group="S")
    assert [c.text for c in table.rows[0].cells][:3] == ["Topic", "State", "Why"]
    assert len(table.rows) == len(expected) + 1
    assert table.rows[1].cells[2].text == expected[0].why


def test_the_page_links_each_download_with_its_filters(seeded, client):
    page = get(client, "/gaps?blocked=1&group=S").get_data(as_text=True)
    for fmt in ("docx", "xlsx", "csv"):
        assert f"/gaps.{fmt}?" in page
    assert "blocked=1" in page.split("/gaps.csv?")[1].split('"')[0]


def test_an_unknown_download_format_is_not_found(client):
    assert client.get("/gaps.pdf").status_code == 404


def test_the_graph_highlights_a_chosen_topics_chain(seeded, client):
    page = get(client, "/topics/graph?focus=S5").get_data(as_text=True)
    assert 'class="graph focused"' in page
    assert 'id="node-S5"' in page and "node state-" in page
    s5 = page.split('id="node-S5"')[0].rsplit("<g ", 1)[1]
    assert " focus chain" in s5
    required = page.split('Chain of S5')[1].split("required by")[0]
    assert 'href="/topics/I1"' in required  # S5 requires I1 in the seed
    assert 'class="node state-' in page.split('id="node-I1"')[0].rsplit("<g ", 1)[1]
    assert " chain" in page.split('id="node-I1"')[0].rsplit("<g ", 1)[1]
    assert page.count(" dim\"") >= 1 and 'class="edge chain"' in page
    assert 'href="/topics/graph?focus=I1#chain"' in page and 'href="/topics/I1"' in page


def test_the_graph_without_a_known_focus_dims_nothing(seeded, client):
    for url in ("/topics/graph", "/topics/graph?focus=NOPE"):
        page = get(client, url).get_data(as_text=True)
        assert " dim" not in page and "Chain of" not in page


def test_an_editions_gap_report_downloads_its_own_gap_list(app, client):
    from roadmap.db import get_session
    from roadmap.services import editions as edition_service
    from tests.factories import EDITOR
    with app.app_context():
        session = get_session()
        importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
        edition_service.publish(session, {"title": "First", "date": "2026-11-30"}, actor=EDITOR)
        session.commit()
    page = get(client, "/editions/1/gaps?group=S").get_data(as_text=True)
    assert 'href="/editions/1/gaps.csv?group=S"' in page
    response = get(client, "/editions/1/gaps.csv?group=S")
    assert "2026-11-30" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows and all(r["group"] for r in rows)
