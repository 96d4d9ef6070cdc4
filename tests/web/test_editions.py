"""Edition pages and exports: read-only twins of the live ones that never change afterwards."""
import datetime as dt
import html
import io
import re
from pathlib import Path

import docx
import openpyxl

import pytest
from sqlalchemy import select

from roadmap.config import DEFAULT_SEED
from roadmap.db import get_session
from roadmap.interchange import bundle, importer
from roadmap.models import WorkItem
from roadmap.services import editions as edition_service
from roadmap.services import gap_register, work_items
from tests.api.test_api import token_for
from tests.factories import ADMIN, EDITOR, signed_in_client

PAGES = ["/editions/1", "/editions/1/matrix", "/editions/1/matrix?group=S", "/editions/1/gaps",
         "/editions/1/gaps?state=uncovered", "/editions/1/topics/S5", "/editions/1/topics/S",
         "/editions/1/topics/graph", "/editions/1/organizations",
         "/editions/1/organizations/ITU-T", "/editions/1/work-items",
         "/editions/1/work-items?organization=ISO&page=2", "/editions/1/work-items?q=water",
         "/editions/1/timeline", "/editions/1/timeline?by=organization"]
EXPORTS = [f"/editions/1/export/roadmap.{fmt}" for fmt in ("docx", "xlsx", "csv", "md", "json")]


@pytest.fixture
def published(app):
    """The seed roadmap published as Edition 1; the item page of its Y.4490 added to PAGES."""
    with app.app_context():
        session = get_session()
        importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
        edition_service.publish(session, {"title": "First", "date": "2026-11-30"}, actor=EDITOR)
        session.commit()
    return app


def fetch(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data()


def item_page(client) -> str:
    listing = fetch(client, "/editions/1/work-items?q=Y.4903").decode()
    return re.search(r'href="(/editions/1/work-items/\d+)"', listing).group(1)


def change_everything(app) -> None:
    """An edit, a withdrawal, a purge, an import and a register update of the live roadmap."""
    with app.app_context():
        session = get_session()
        first, second, third = session.scalars(select(WorkItem).order_by(WorkItem.id).limit(3))
        work_items.save_work_item(session, {"organization": first.organization.acronym,
                                            "identifier": first.identifier, "title": "Retitled",
                                            "type": first.type, "status": "withdrawn"},
                                  actor=EDITOR, expected_version=first.version)
        work_items.delete_work_item(session, second.id, actor=EDITOR)
        work_items.purge_work_item(session, third.id, actor=ADMIN)
        importer.import_document(session, {"format": "ssc-roadmap-bundle", "version": 1,
                                           "work_items": [{"organization": "ISO",
                                                           "identifier": "ISO 99999",
                                                           "title": "Water meters",
                                                           "type": "other", "status": "proposed",
                                                           "topics": [{"code": "S1"}]}]},
                                 actor=ADMIN)
        gap_register.save_gap(session, {"code": "GAP-99", "title": "E-government",
                                        "topics": ["S1"]}, actor=EDITOR)
        session.commit()


def test_every_edition_page_and_export_is_the_same_after_the_live_roadmap_changes(published,
                                                                                  client):
    pages = PAGES + [item_page(client)]
    before = {url: fetch(client, url) for url in pages + EXPORTS}
    live_before = fetch(client, "/")
    change_everything(published)
    assert fetch(client, "/") != live_before  # the live matrix did change
    for url in pages + EXPORTS:
        assert fetch(client, url) == before[url], url


def test_an_edition_page_says_which_edition_it_is_and_links_inside_it(published, client):
    page = fetch(client, "/editions/1/topics/S5").decode()
    assert "You are reading" in page and "Edition 1 (2026-11-30)" in page
    assert 'href="/topics/S5">This page today</a>' in page
    links = set(re.findall(r'href="(/[^"#]*)"', page.split('id="main"')[1]))
    outside = {link for link in links if not link.startswith(("/editions", "/static"))}
    assert outside == {"/topics/S5"}  # only the banner's way back to today


def test_an_edition_work_item_leads_to_the_same_item_today(published, client):
    url = item_page(client)
    page = fetch(client, url).decode()
    today = re.search(r'href="([^"]+)">This page today', page).group(1)
    assert today == url + "/today"
    live = client.get(today)
    assert live.status_code == 302 and re.fullmatch(r"/work-items/\d+", live.headers["Location"])
    assert "Y.4903" in fetch(client, live.headers["Location"]).decode()


def test_edition_pages_offer_no_forms_to_an_editor(published):
    client = signed_in_client(published, "editor")
    for url in ("/editions/1/topics/S5", "/editions/1/work-items", item_page(client)):
        main = fetch(client, url).decode().split('id="main"')[1]
        assert 'method="post"' not in main and not re.search(r'/edit\b(?!ions)', main), url
    assert '/topics/S5/edit' in fetch(client, "/topics/S5").decode()  # live: the forms are there


def test_an_editor_publishes_from_the_form_and_finds_the_edition_listed(app):
    client = signed_in_client(app, "editor")
    refused = client.post("/editions/new", data={"csrf_token": client.csrf, "title": "",
                                                 "date": "2027-13-01"})
    assert refused.status_code == 422
    page = html.unescape(refused.get_data(as_text=True))
    assert "is required" in page and '"2027-13-01" is not a date (YYYY-MM-DD)' in page
    done = client.post("/editions/new", data={"csrf_token": client.csrf, "title": "Edition 1",
                                              "date": "2027-03-01", "note": "SG5"})
    assert done.status_code == 302 and done.headers["Location"] == "/editions/1"
    listing = fetch(client, "/editions").decode()
    assert "Edition 1" in listing and "2027-03-01" in listing
    summary = fetch(client, "/editions/1").decode()
    assert "SG5" in summary and "UTC by an editor" in summary  # a role or name, no address
    assert client.get("/api/v1/editions/1").get_json()["published_by"] == "an editor"


def test_an_admin_deletes_an_edition_from_its_page(published):
    client = signed_in_client(published, "admin")
    assert "Delete Edition 1" in fetch(client, "/editions/1").decode()
    assert client.get("/editions/1/matrix").status_code == 200  # its copy is built
    copies = Path(published.config["EDITION_COPIES"])
    assert len(list(copies.glob("edition-1-*.sqlite"))) == 1
    response = client.post("/editions/1/delete", data={"csrf_token": client.csrf})
    assert response.status_code == 302
    assert client.get("/editions/1/matrix").status_code == 404
    assert not list(copies.glob("edition-1-*.sqlite"))  # and it is gone


def test_the_api_publishes_for_editors_only(app):
    client = signed_in_client(app, "anonymous")
    body = {"title": "By the API", "date": "2027-03-01"}
    for role in ("reader", "liaison_officer"):
        headers = {"Authorization": f"Bearer {token_for(app, role, ('ITU-T',))}"}
        assert client.post("/api/v1/editions", json=body, headers=headers).status_code == 403
    editor = {"Authorization": f"Bearer {token_for(app, 'editor')}"}
    created = client.post("/api/v1/editions", json=body, headers=editor)
    assert created.status_code == 201 and created.headers["Location"] == "/api/v1/editions/1"
    document = client.get("/api/v1/editions/1").get_json()
    assert (document["number"], document["title"], document["date"], document["work_items"]) == \
        (1, "By the API", "2027-03-01", 2)
    assert client.get(document["bundle"]).get_json()["work_items"][0]["identifier"] == "ISO 1"
    invalid = client.post("/api/v1/editions", json={"title": "x", "date": "soon"}, headers=editor)
    assert invalid.status_code == 422
    assert client.get("/api/v1/editions").get_json()["total"] == 1


def test_the_matrix_shows_progress_since_an_edition(app):
    """Y.4490's twin ISO 1 published since, a new draft started, a numbered draft approved
    (the same item, not a new one); an old text entered late is not news."""
    client = signed_in_client(app, "anonymous")
    with app.app_context():
        session = get_session()
        work_items.save_work_item(session, {"organization": "ITU-T", "provisional_name": "Y.SSC-W",
                                            "title": "Draft", "type": "recommendation",
                                            "status": "in_development",
                                            "topics": [{"code": "I1"}]}, actor=EDITOR)
        edition_service.publish(session, {"title": "First"}, actor=EDITOR)
        iso = session.scalar(select(WorkItem).where(WorkItem.identifier == "ISO 1"))
        assert iso.status != "published"
        work_items.save_work_item(session, {"organization": "ISO", "identifier": "ISO 1",
                                            "title": iso.title, "type": iso.type,
                                            "status": "published", "published": "2027-01",
                                            "topics": [{"code": "S5"}]},
                                  actor=EDITOR, expected_version=iso.version)
        draft = session.scalar(select(WorkItem).where(WorkItem.provisional_name == "Y.SSC-W"))
        draft.identifier = "Y.4999"  # the draft got its number and its approval: not "started"
        draft.status = "approved"
        work_items.save_work_item(session, {"organization": "ISO", "identifier": "ISO 2010",
                                            "title": "Old", "type": "other", "status": "published",
                                            "published": "2010-05", "topics": [{"code": "I1"}]},
                                  actor=EDITOR)  # an old text entered late is no news
        work_items.save_work_item(session, {"organization": "ITU-T", "identifier": "Y.5000",
                                            "title": "New", "type": "recommendation",
                                            "status": "proposed", "topics": [{"code": "I1"}]},
                                  actor=EDITOR)
        session.commit()
    page = fetch(client, "/?since=1").decode()
    cells = dict(re.findall(r'<th scope="row"><a[^>]*>(\w+) [^<]*</a>.*?</th><td>.*?</td>'
                            r'<td class="since">(.*?)</td>', page))
    assert cells == {"S5": "<strong>+1</strong> published", "I1": "+1 approved, +1 started; was partial"}
    assert "Since Edition 1" in page
    assert 'class="since"' not in fetch(client, "/?since=2").decode()  # no such edition


def test_the_comparison_page_downloads_and_api_list_a_status_change(published):
    """One status change after Edition 1, seen on the page, in every download and the API."""
    client = signed_in_client(published, "anonymous")
    with published.app_context():
        session = get_session()
        draft = session.scalar(select(WorkItem).where(WorkItem.status == "in_development")
                               .order_by(WorkItem.id))
        work_items.save_work_item(session, {"organization": draft.organization.acronym,
                                            "identifier": draft.identifier, "title": draft.title,
                                            "type": draft.type, "status": "approved",
                                            "approved": "2026-12"},
                                  actor=EDITOR, expected_version=draft.version)
        session.commit()
        identifier = draft.identifier
    page = html.unescape(fetch(client, "/editions/1/compare/live").decode())
    assert "Texts newly approved: 1" in page and identifier in page
    assert "In development → Approved" in page
    for fmt in ("text", "md", "json"):
        body = fetch(client, f"/editions/1/compare/live?format={fmt}").decode()
        assert identifier in body, fmt
    report = client.get("/editions/1/compare/live?format=docx")
    assert report.headers["Content-Disposition"].endswith('progress-1-to-live-'
                                                          f'{dt.date.today().isoformat()}.docx"')
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(report.data)).paragraphs)
    assert "Progress since Edition 1 (2026-11-30)" in words
    sheet = openpyxl.load_workbook(io.BytesIO(fetch(client, "/editions/1/compare/live?format=xlsx")))
    assert any(identifier in str(c.value) for ws in sheet for row in ws.iter_rows() for c in row)
    api = client.get("/api/v1/editions/1/compare/live").get_json()
    assert api["summary"]["changes"]["moves_approved"] == 1
    assert [m["identifier"] for m in api["moves"]["approved"]] == [identifier]
    assert client.get("/api/v1/editions/1/compare/2").status_code == 404
    assert client.get("/editions/1/compare/x").status_code == 404
    assert client.get("/editions/1/compare/live?format=pdf").status_code == 404


@pytest.mark.parametrize("url, status", [
    ("/editions/99999999999999999999", 404), ("/editions/99999999999999999999/matrix", 404),
    ("/api/v1/editions/99999999999999999999", 404), ("/editions/1/compare/99999999999", 404),
    ("/editions/0/matrix", 404), ("/editions/1/compare/-1", 404),
    ("/editions/1/topics/S5?code=x", 200), ("/editions/1/organizations/ITU-T?acronym=x", 200),
    ("/editions/1/work-items?_method=x&_external=1&number=7", 200),
    ("/work-items?_anchor=x&_scheme=javascript", 200)])
def test_odd_edition_urls_are_answered_not_failed(published, client, url, status):
    assert client.get(url).status_code == status


def test_an_edition_this_version_cannot_import_is_a_clear_503(app):
    """A restored edition whose roadmap passes the schema but not the rules (a work item on
    a topic it does not hold) is refused by its pages in words, and not rebuilt each time."""
    from roadmap.read.records import roadmap_document
    from roadmap.read.gap_report import compute_gap_report
    client = signed_in_client(app, "anonymous")
    with app.app_context():
        session = get_session()
        content = roadmap_document(session)
        content["work_items"][0]["topics"] = [{"code": "Z9"}]
        gaps = compute_gap_report(session).as_document()
        importer.import_document(session, {"format": "ssc-roadmap-bundle", "version": 1, "editions": [{
            "number": 1, "title": "Forged", "date": "2026-01-01", "published_by": "x@example.org",
            "published_at": "2026-01-01T00:00:00+00:00", "content": content, "gaps": gaps,
            "sha256": edition_service.digest(content, gaps)}]}, actor=ADMIN)
        session.commit()
    for _ in range(2):
        response = client.get("/editions/1/matrix")
        assert response.status_code == 503
        assert 'Edition 1 cannot be shown by this version of the roadmap' in \
            html.unescape(response.get_data(as_text=True))
    assert client.get("/editions/1").status_code == 200  # its summary still reads
