import pytest

from tests.browser.conftest import EDITOR

pytestmark = pytest.mark.browser


def test_an_editor_signs_in_and_out(page):
    page.goto("/gaps")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("status").inner_text() == f"Signed in as {EDITOR[0]}."
    assert f"{EDITOR[0]} (Editor)" in page.locator("header").inner_text()
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("status").inner_text() == "Signed out."


@pytest.mark.expect_status(401)
def test_a_wrong_password_is_shown_next_to_the_field(page):
    page.goto("/login")
    page.get_by_label("E-mail").fill(EDITOR[0])
    page.get_by_label("Password").fill("not the password at all")
    with page.expect_response("**/login") as response:
        page.get_by_role("button", name="Sign in").click()
    assert response.value.status == 401
    assert page.locator("#password-errors").inner_text() == "The e-mail or the password is not right."
    assert page.get_by_label("E-mail").input_value() == EDITOR[0]  # what was typed is kept


def test_an_editor_adds_a_work_item_and_sees_it_on_its_topic_page(page):
    page.goto("/login")
    page.get_by_label("E-mail").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("status").inner_text() == f"Signed in as {EDITOR[0]}."
    page.goto("/work-items")
    page.get_by_role("link", name="Enter a new work item").click()
    page.get_by_label("Organization").select_option("ITU-T")
    page.get_by_label("Committee (Question or group)").select_option("SG20")
    page.get_by_label("Document number").fill("Y.browser-test")
    page.get_by_label("Title", exact=True).fill("Requirements tried out in a browser test")
    page.get_by_label("Status").select_option("in_development")
    page.get_by_label("Timing (target)").fill("2027")
    page.get_by_label("X4 EMF").select_option("core")  # a gap in the seed
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").inner_text() == "Saved ITU-T Y.browser-test."
    page.goto("/topics/X4")
    assert page.get_by_role("link", name="Y.browser-test").count() == 1
    assert "Partial" in page.locator("#state").inner_text()  # a draft now covers X4 in part
