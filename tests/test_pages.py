from roadmap import bundle
from roadmap.config import DEFAULT_SEED


def test_index_lists_work_items_grouped_by_topic(client, session):
    bundle.import_bundle(session, bundle.load(DEFAULT_SEED.read_bytes()))
    session.commit()
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<h2 id="group-S">S City services</h2>' in html
    assert 'id="topic-S5"' in html and "Y.4237" in html
    assert "No organization has work on this topic yet." in html  # e.g. S8 Education


def test_index_on_an_empty_roadmap_says_how_to_load_one(client):
    html = client.get("/").get_data(as_text=True)
    assert "roadmap seed" in html
