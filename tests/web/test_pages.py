"""The browsing pages on the seed roadmap: each answers its question, with stable URLs."""
import re
from urllib.parse import quote

import pytest
from roadmap.config import DEFAULT_SEED
from tests.budget import counts_by_size
from tests.factories import ADMIN, PASSWORD
from roadmap.interchange import bundle, importer
from roadmap.read import records


@pytest.fixture
def seeded(session):
    importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
    session.commit()
    return session


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_matrix_counts_active_work_by_topic_and_organization(seeded, client):
    page = html(client, "/")
    assert "<strong>" in page and "active work items" in page
    cell = re.search(r'<td class="s-(\w+)"[^>]*><a href="/work-items\?organization=ISO&amp;topic=K1'
                     r'">(\d+)</a>', page)
    assert cell and cell.group(1) == "published" and int(cell.group(2)) >= 5
    assert "ANSI" in page.split("without active work items:")[1]  # listed, not a column


def test_the_matrix_shows_one_group_or_all(seeded, client):
    one = html(client, "/?group=S")
    assert "S5 Water management" in one and "G1 Terminology" not in one
    unknown = html(client, "/?group=NOPE")
    assert "S5 Water management" in unknown and "G1 Terminology" in unknown


def test_a_matrix_cell_leads_to_the_same_items(seeded, client):
    page = html(client, "/")
    link, count = re.search(r'href="(/work-items\?organization=ISO&amp;topic=K1[^"]*)">(\d+)<',
                            page).groups()
    listing = html(client, link.replace("&amp;", "&"))
    assert re.search(r"<strong>(\d+)</strong> active work item", listing).group(1) == count
    everything = html(client, "/work-items?organization=ISO&topic=K1")
    assert "ISO/WD 37120" in everything  # a draft: active, so counted in the cell too


def test_the_list_filters_by_natural_keys_and_searches(seeded, client):
    jtc1 = html(client, "/work-items?organization=" + quote("ISO/IEC JTC 1") + "&topic=X5")
    assert re.search(r"<strong>5</strong> active work items", jtc1)
    found = html(client, "/work-items?q=digital+twin")
    assert ">Y.4600</a>" in found
    for nasty in ['"', "(", "*", "AND OR", "' OR 1=1 --", "%", "NEAR(", "\\"]:
        html(client, "/work-items?q=" + quote(nasty))


def test_the_list_sorts_and_pages(seeded, client):
    first = html(client, "/work-items?sort=published&dir=desc")
    total = int(re.search(r"<strong>(\d+)</strong> active work items", first).group(1))
    pages = -(-total // 50)
    assert pages > 1 and f"page 1 of {pages}" in first
    dates = re.findall(r"<td[^>]*>(\d{4}(?:-\d\d){0,2})</td>", first)
    assert dates == sorted(dates, reverse=True)
    last = html(client, f"/work-items?sort=published&dir=desc&page={pages}")
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_organization_page_shows_committees_topics_and_timeline(seeded, client):
    page = html(client, "/organizations/" + quote("ISO/IEC JTC 1"))
    assert "<h1>ISO/IEC JTC 1</h1>" in page
    assert "WG 11" in page and "X5 Semantic interoperability" in page
    assert re.search(r"<th scope=\"row\">2020</th>", page)
    # each topic's count leads to the same items in the list
    link, core = re.search(r'<a href="(/work-items\?organization=[^"]*&amp;topic=X5)">X5 '
                           r'[^<]*</a></td><td class="number" data-label="Topics"></td>'
                           r'<td class="number" data-label="Core">(\d+)<', page).groups()
    listing = html(client, link.replace("&amp;", "&"))
    assert int(core) >= 1 and re.search(r"<strong>(\d+)</strong> active work item", listing)
    # the status line adds up to the items, and each status leads to its items
    total = int(re.search(r"<strong>(\d+)</strong> work items</a>:", page).group(1))
    by_status = re.findall(r'href="(/work-items\?organization=[^"]*&amp;status=(\w+))"><strong>'
                           r'(\d+)</strong>', page)
    assert sum(int(n) for _, _, n in by_status) == total
    assert f"Work items ({total})" in page
    link, status, n = by_status[0]
    listed = html(client, link.replace("&amp;", "&"))
    assert re.search(r"<strong>(\d+)</strong>", listed).group(1) == n


def test_a_large_organization_page_is_paged(seeded, client):
    first = html(client, "/organizations/ITU-T")
    total = int(re.search(r"<strong>(\d+)</strong> work items</a>:", first).group(1))
    pages = -(-total // 50)
    assert pages > 1 and f"page 1 of {pages}" in first and 'rel="next"' in first
    seen = []
    for number in range(1, pages + 1):
        page = html(client, f"/organizations/ITU-T?page={number}")
        rows = re.findall(r'<td data-label="Document"><a href="/work-items/(\d+)">', page)
        assert len(rows) == (50 if number < pages else total - 50 * (pages - 1))
        seen += rows
    assert len(set(seen)) == total  # every item once, on one page or another
    assert 'rel="prev"' in page and 'rel="next"' not in page
    assert "Sort, filter or search them" in first


def test_work_item_page_shows_every_field_and_topics(seeded, client):
    listing = html(client, "/work-items?q=Y.4600")
    item_url = re.search(r'href="(/work-items/\d+)">Y.4600<', listing).group(1)
    page = html(client, item_url)
    assert "Requirements and capabilities of a digital twin system for smart cities" in page
    assert "I5 Spatio-temporal information and digital twins" in page
    assert "Source of these facts" in page


def test_equivalents_link_both_ways(client, session):
    from tests.factories import small_bundle
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    listing = html(client, "/work-items")
    item_url = re.search(r'href="(/work-items/\d+)">Y.4490<', listing).group(1)
    assert ">ISO ISO 1</a>" in html(client, item_url)


def test_timeline_counts_done_and_planned(seeded, client):
    page = html(client, "/timeline")
    assert "<th scope=\"col\" class=\"number\">2016</th>" in page
    assert "K1 KPIs" in page or "K Measurement" in page
    by_org = html(client, "/timeline?by=organization")
    assert ">ISO/IEC JTC 1</a>" in by_org


def test_unknown_records_are_not_found(client):
    for url in ("/topics/NOPE", "/organizations/NOPE", "/work-items/999999"):
        assert client.get(url).status_code == 404


def test_an_address_that_leads_nowhere_answers_in_the_sites_layout(client):
    """A dead link or a stray form post keeps the navigation and says what went wrong;
    the API's own addresses keep answering in the API's shape."""
    for url in ("/no-such-page", "/work-items/999999", "/organizations/NOPE/more"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 404 and response.mimetype == "text/html", url
        assert "<h1>Not found</h1>" in page and '<nav' in page and 'href="/gaps"' in page, url
    posted = client.post("/timeline")
    assert posted.status_code == 405 and "GET" in posted.headers["Allow"]
    assert "<h1>Not allowed here</h1>" in posted.get_data(as_text=True)
    api = client.get("/api/v1/no-such-resource")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"


def test_a_page_that_says_what_is_missing_says_it_once_in_the_layout(client):
    response = client.get("/password-reset/not-a-token")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and '<nav' in page
    assert "<p>This reset link is unknown, used or expired; ask an admin for a new one.</p>" in page


def test_an_empty_roadmap_says_how_to_load_one(client):
    assert "roadmap seed" in html(client, "/")


@pytest.mark.parametrize("url", [
    "/", "/?group=G000", "/organizations", "/organizations/SDO-001",
    "/organizations/SDO-001?page=2", "/work-items", "/work-items?q=STD+00",
    "/work-items?q=synthetic+standard&topic=G000&sort=title&dir=desc",
    "/work-items?organization=SDO-002&status=active", "/work-items/{first_item}", "/timeline",
    "/timeline?by=organization", "/work-items/{first_item}/history", "/topics/T00012/history"])
def test_statements_per_page_do_not_grow_with_the_data(app, session, client, url):
    counts = counts_by_size(app, session, client, url)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20


@pytest.mark.parametrize("url, budget", [
    ("/organizations/SDO-001", 12), ("/organizations/SDO-001?page=2", 12),
    ("/work-items/{first_item}", 4), ("/work-items", 6), ("/work-items?q=STD+00", 6),
    # a page past the end (page 2 of an organization's few items) counts apart, then reads
    # the last page: two statements more than a page that exists
    ("/work-items?organization=SDO-002&status=active&page=2", 8), ("/work-items?page=999", 8),
    ("/timeline", 3), ("/timeline?by=organization", 2), ("/api/v1/work-items/{first_item}", 4)])
def test_the_busiest_pages_keep_their_statement_budget(app, session, client, url, budget):
    """A few plain selects each, however many items the roadmap or the organization has."""
    counts = counts_by_size(app, session, client, url)
    assert max(counts) <= budget, counts


@pytest.mark.parametrize("url", ["/work-items/{id}", "/api/v1/work-items/{id}"])
def test_one_items_equivalents_are_read_by_its_own_id(app, session, client, url):
    from tests.budget import recorded
    from tests.factories import small_bundle
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    item_id = int(re.search(r'href="/work-items/(\d+)">Y.4490<', html(client, "/work-items")).group(1))
    with recorded(app) as statements:
        shown = html(client, url.format(id=item_id))
    assert "ISO 1" in shown  # its equivalent, found
    reads = [s for s in statements if "FROM equivalences" in s]
    assert reads and all(re.search(r"equivalences\.(low|high)_id (=|IN)", s) for s in reads), reads


def test_export_links_carry_the_list_filters(seeded, client):
    page = html(client, "/work-items?organization=ISO&topic=S5&q=water")
    links = re.findall(r'href="(/export/roadmap\.(\w+)\?[^"]+)"', page)
    assert {fmt for _, fmt in links} == {"docx", "xlsx", "csv", "md", "json"}
    for link, fmt in links:
        assert "organization=ISO" in link and "topic=S5" in link and "q=water" in link
        assert client.get(link.replace("&amp;", "&")).status_code == 200, fmt


@pytest.mark.parametrize("url, expected", [("/?group=S", "topic=S"), ("/topics/S5", "topic=S5"),
                                           ("/organizations/ITU-T", "organization=ITU-T")])
def test_every_roadmap_view_offers_its_own_export(seeded, client, url, expected):
    word = re.search(r'href="(/export/roadmap\.docx[^"]*)"', html(client, url)).group(1)
    assert expected in word


def test_history_shows_who_changed_what_by_name_or_role_never_by_address(client, session):
    from roadmap.services import accounts, work_items
    from tests.factories import small_bundle
    importer.import_document(session, small_bundle(), actor=ADMIN)
    officer = accounts.create_user(session, actor=ADMIN, email="lo@example.org", password=PASSWORD,
                                   role="liaison_officer", organizations=["ITU-T"],
                                   display_name="Ana Silva")
    editor = accounts.create_user(session, actor=ADMIN, email="ed@example.org", password=PASSWORD,
                                  role="editor")
    record = records.work_item_records(session)[1]
    work_items.save_work_item(session, {**record, "title": "A better title"}, actor=officer)
    session.flush()
    again = records.work_item_records(session)[1]
    work_items.save_work_item(session, {**again, "title": "A better title, again"}, actor=editor)
    session.commit()
    item_url = re.search(r'href="(/work-items/\d+)">Y.4490<', html(client, "/work-items")).group(1)
    page = html(client, item_url + "/history")
    # newest first: the editor (no name, so the role), the officer by name, the import's admin
    assert page.index("an editor") < page.index("Ana Silva") < page.index("a former account")
    assert "A better title" in page and "updated" in page
    assert "@" not in page.split("<main")[1]
    topic = html(client, "/topics/S5/history")
    assert "a former account" in topic and "created" in topic and "@" not in topic.split("<main")[1]
    assert client.get("/topics/NOPE/history").status_code == 404


def test_the_list_says_which_filters_it_could_not_apply(seeded, client):
    page = html(client, "/work-items?organization=ISO&year=18&type=norm")
    notice = re.search(r'<ul class="errors" id="filter-errors" role="alert">(.*?)</ul>', page)
    assert notice and [re.sub("&#34;|&quot;", '"', m) for m in re.findall(r"<li>(.*?)</li>",
                                                                         notice.group(1))] == [
        'Type: "norm" is not one of: recommendation, international_standard, '
        'technical_specification, technical_report, supplement, guide, pas, other, '
        'so the list is not filtered by type.',
        'Year: "18" is not a year, so the list is not filtered by year.']
    # what was typed stays in its field to be mended; the usable filter still applies
    assert 'value="18" aria-invalid="true" aria-describedby="filter-errors"' in page
    assert html(client, "/work-items?organization=ISO").count("<tr") \
        == page.count("<tr")
    assert 'id="filter-errors"' not in html(client, "/work-items?organization=ISO&year=2018")
