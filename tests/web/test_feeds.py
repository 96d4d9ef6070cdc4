"""Atom feeds, parsed back with feedparser: what changed, within one request of the change."""
import feedparser

from roadmap.db import new_session
from tests.api.test_api import token_for
from tests.factories import follow_up, signed_in_client


def parsed(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.content_type.startswith("application/atom+xml")
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception  # well-formed Atom
    return feed


def test_a_status_change_is_in_the_feeds_at_the_next_request(app):
    client = signed_in_client(app, "editor")
    with app.app_context(), new_session() as s:
        follow_up(s)
    client.post("/register/GAP-01/updates", data={"csrf_token": client.csrf,
                                                  "status": "in_progress", "note": "drafting"})
    for url in ("/feed.atom", "/register/feed.atom", "/topics/I1/feed.atom"):
        feed = parsed(client.get(url))
        assert feed.entries[0].title == "Register entry GAP-01: Open → In progress", url
        assert feed.entries[0].link.endswith("/register/GAP-01")
    titles = [e.title for e in parsed(client.get("/feed.atom")).entries]
    assert "Action GAP-01/A1 added" in titles and "Liaison statement ITU-T SG20-LS1 entered" in titles
    iso = [e.title for e in parsed(client.get("/organizations/ISO/feed.atom")).entries]
    assert "ISO ISO 1 added" in iso and "ITU-T Y.4490 added" not in iso


def test_each_page_links_its_feed(app):
    client = signed_in_client(app, "anonymous")
    page = client.get("/topics/S5").get_data(as_text=True)
    assert 'href="/feed.atom"' in page and 'href="/topics/S5/feed.atom"' in page
    assert 'href="/organizations/ITU-T/feed.atom"' in client.get("/organizations/ITU-T").get_data(
        as_text=True)
    assert 'href="/register/feed.atom"' in client.get("/register").get_data(as_text=True)


def test_a_closed_roadmap_feeds_only_an_account_or_a_token(app):
    app.config["PUBLIC_READ"] = "0"
    anonymous = signed_in_client(app, "anonymous")
    assert anonymous.get("/feed.atom").status_code == 401
    token = token_for(app, "reader")
    feed = parsed(anonymous.get("/register/feed.atom", headers={"Authorization": f"Bearer {token}"}))
    assert feed.feed.title.endswith("Changes to the gap register")
    assert anonymous.get("/feed.atom", headers={"Authorization": "Bearer nope"}).status_code == 401
    parsed(signed_in_client(app, "reader").get("/feed.atom"))


def test_a_control_character_in_a_title_leaves_the_feeds_well_formed(app):
    from roadmap.services import work_items
    from tests.factories import EDITOR
    client = signed_in_client(app, "anonymous")
    with app.app_context(), new_session() as s:
        work_items.save_work_item(s, {
            "organization": "ITU-T", "identifier": "Y.4903", "title": "Sensing\x0bframework\x1f",
            "type": "recommendation", "status": "in_development",
            "topics": [{"code": "I1", "relevance": "core"}]}, actor=EDITOR)
        s.commit()
    for url in ("/feed.atom", "/topics/I1/feed.atom", "/organizations/ITU-T/feed.atom"):
        feed = parsed(client.get(url))
        assert any("Sensingframework" in e.summary or "Sensingframework" in e.title
                   for e in feed.entries), url
