"""The work-item form guides: navigation, choices, required marks, one error summary,
grouped topics, and a withdrawal that asks first."""
import re

import pytest

from tests.factories import signed_in_client
from tests.web.test_entry import form_fields, item_id, new_item


@pytest.fixture
def officer_client(app):
    return signed_in_client(app, "liaison_officer")


@pytest.fixture
def admin_client(app):
    return signed_in_client(app, "admin")


def select(page, name):
    return re.search(rf'<select[^>]*id="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)


def test_the_navigation_offers_entry_and_import_to_those_who_may(app, officer_client):
    page = officer_client.get("/").get_data(as_text=True)
    assert 'href="/work-items/new">New work item</a>' in page
    assert 'href="/import">Import</a>' in page
    anonymous = app.test_client().get("/").get_data(as_text=True)
    assert "New work item" not in anonymous


def test_an_admin_chooses_an_organization_none_is_preselected(admin_client):
    page, _ = form_fields(admin_client, "/work-items/new")
    options = select(page, "organization")
    assert options.startswith('<option value="">Choose an organization</option>')
    assert "selected" not in options


def test_committees_are_grouped_by_their_organization(admin_client):
    page, _ = form_fields(admin_client, "/work-items/new")
    assert '<optgroup label="ITU-T"><option value="SG20">ITU-T SG20</option></optgroup>' \
        in select(page, "committee")


def test_a_committee_of_another_organization_is_refused(admin_client):
    response = new_item(admin_client, organization="ISO", identifier="ISO 9", committee="SG20")
    assert response.status_code == 422
    assert 'unknown committee &#34;SG20&#34; of ISO' in response.get_data(as_text=True)


def test_required_fields_are_marked_for_eyes_and_screen_readers(officer_client):
    page, _ = form_fields(officer_client, "/work-items/new")
    assert '<label for="title">Title</label> <span class="required" aria-hidden="true">(required)</span>' in page
    assert re.search(r'<input[^>]*aria-required="true"[^>]*id="title"', page)
    assert 'aria-required="true"' not in re.search(r'<input[^>]*id="stage"[^>]*>', page).group(0)


def test_the_error_summary_lists_every_error_at_once_linking_to_its_field(officer_client):
    response = new_item(officer_client, title="", published="2024-02-30", status="published")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary" role="alert"[^>]*>(.*?)</div>', page, re.S).group(1)
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == ["title", "published"]  # the form's check and the service's, one round
    assert page.index("error-summary") < page.index('id="organization"')
    assert 'id="title"' in page and 'id="published-errors"' in page


def test_topic_choices_are_grouped_by_topic_group(officer_client):
    page, _ = form_fields(officer_client, "/work-items/new")
    groups = re.findall(r'<fieldset class="topic-group"><legend>([^<]+)</legend>(.*?)</fieldset>',
                        page, re.S)
    assert [legend for legend, _ in groups] == ["I ICT infrastructure", "S City services"]
    assert 'id="topic_I1"' in groups[0][1] and 'id="topic_S5"' in groups[1][1]


def test_withdrawing_asks_first_and_the_button_is_not_the_main_action(app, officer_client):
    number = item_id(app, "Y.4490")
    page = officer_client.get(f"/work-items/{number}").get_data(as_text=True)
    assert f'<a class="button secondary-danger" href="/work-items/{number}/withdraw">' in page
    assert f'action="/work-items/{number}/delete"' not in page
    confirm = officer_client.get(f"/work-items/{number}/withdraw").get_data(as_text=True)
    assert "Withdraw ITU-T Y.4490?" in confirm
    form = re.search(r'<form method="post" action="([^"]+)" class="confirm">', confirm).group(1)
    assert form == f"/work-items/{number}/delete"
    done = officer_client.post(form, data={"csrf_token": officer_client.csrf})
    assert done.status_code == 302
    assert "withdrawn" in officer_client.get(done.headers["Location"]).get_data(as_text=True)


def test_only_those_who_may_withdraw_are_asked(app, officer_client):
    assert officer_client.get(f"/work-items/{item_id(app, 'ISO 1')}/withdraw").status_code == 403
    assert officer_client.get("/work-items/99999/withdraw").status_code == 404


def test_purging_asks_first_and_only_admins_are_asked(app):
    from tests.factories import signed_in_client
    admin = signed_in_client(app, "admin")
    number = item_id(app, "Y.4490")
    page = admin.get(f"/work-items/{number}").get_data(as_text=True)
    assert f'href="/work-items/{number}/purge">Purge for good…</a>' in page
    assert f'action="/work-items/{number}/purge"' not in page  # no purge in one click
    confirm = admin.get(f"/work-items/{number}/purge").get_data(as_text=True)
    assert "Purge ITU-T Y.4490 for good?" in confirm and "cannot be undone" in confirm
    form = re.search(r'<form method="post" action="([^"]+)" class="confirm">', confirm).group(1)
    assert admin.post(form, data={"csrf_token": admin.csrf}).status_code == 302
    assert admin.get(f"/work-items/{number}").status_code == 404
