import pytest

from tests.browser.conftest import EDITOR, OFFICER

pytestmark = pytest.mark.browser


def sign_in(page, who):
    page.goto("/login")
    page.get_by_label("E-mail").fill(who[0])
    page.get_by_label("Password").fill(who[1])
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("status").inner_text() == f"Signed in as {who[0]}."


def test_an_editor_registers_a_gap_and_adds_an_action_a_liaison_officer_updates_it(page):
    sign_in(page, EDITOR)
    page.goto("/topics/S1")  # E-government: no standard in the seed
    page.get_by_role("button", name="Register this gap").click()
    page.wait_for_url("**/register/GAP-*")
    code = page.url.rsplit("/", 1)[1]
    page.get_by_role("link", name="Add an action").first.click()
    page.get_by_label("Action").fill("Propose an e-government services framework")
    page.get_by_label("Addressed to").fill("ITU-T:SG20")
    page.get_by_label("Due").fill("2027-06-30")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").inner_text() == f"Saved {code}/A1."
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, OFFICER)
    page.goto(f"/register/{code}/actions")
    page.get_by_label("Status").select_option("agreed")
    page.get_by_label("Note").fill("SG20 agreed to start Y.SSC-EGOV")
    page.get_by_role("button", name="Record the update").click()
    assert page.get_by_role("status").inner_text() == f"Recorded the update of {code}/A1."
    assert "SG20 agreed to start Y.SSC-EGOV" in page.locator(f'[id="{code}/A1"]').inner_text()

    page.goto("/register")
    row = page.locator(f'tr[id="{code}"]')
    assert f"{code}/A1 Propose an e-government services framework" in row.inner_text()
    assert "Agreed" in row.inner_text()
