"""axe-core on every page type, signed out and signed in, and keyboard-only use.

axe-core comes from the npm package (`npm ci` at the top of the repository installs the
version `package-lock.json` pins); the test injects it into each page, no CDN involved, on a
page whose Content Security Policy is bypassed for that script (`inject_scripts`).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import EDITOR

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}

READING = ["/", "/?group=S", "/gaps", "/topics/graph", "/topics/S5", "/topics/S",
           "/organizations", "/organizations/ITU-T", "/work-items",
           "/work-items?organization=ITU-T&status=published&sort=target",
           "/work-items/{item}", "/work-items/{item}/history", "/topics/S5/history",
           "/timeline", "/editions", "/editions/{edition}", "/editions/{edition}/matrix",
           "/editions/{edition}/gaps", "/editions/{edition}/work-items",
           "/editions/{edition}/compare/live", "/register", "/register/{gap}", "/actions",
           "/liaison-statements", "{statement}", "/login"]
FORMS = ["/work-items/new", "/work-items/{item}/edit", "/import", "/catalogue", "/editions/new",
         "/register/{gap}/edit", "/register/{gap}/actions/new", "/liaison-statements/new",
         "/account"]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` at the top of the repository")
    return AXE.read_text(encoding="utf-8")


def sign_in(page):
    page.goto("/login")
    page.get_by_label("E-mail").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("status").inner_text() == f"Signed in as {EDITOR[0]}."


@pytest.fixture(scope="module")
def records(browser, live_server):
    """Publish an edition, register a gap with an action and record a statement, as an editor."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    sign_in(page)
    page.goto("/editions/new")
    page.get_by_label("Title (required)").fill("Edition for the accessibility test")
    page.get_by_role("button", name="Publish").click()
    edition = re.search(r"/editions/(\d+)$", page.url).group(1)
    gap = register_a_gap(page)
    page.goto(f"/register/{gap}/actions/new")
    page.get_by_label("Action").fill("Propose a framework")
    page.get_by_label("Addressed to").fill("ITU-T:SG20")
    page.get_by_role("button", name="Save").click()
    page.goto("/liaison-statements/new")
    page.get_by_label("From (organization)").select_option("ITU-T")
    page.get_by_label("Reference", exact=True).fill("SG20-LS-AXE")
    page.get_by_label("Title").fill("Statement for the accessibility test")
    page.get_by_label("Date", exact=True).fill("2026-05-04")
    page.get_by_role("button", name="Save").click()
    statement = page.url.removeprefix(live_server)
    assert "/liaison-statements/" in statement and not statement.endswith("/new")
    page.goto("/work-items?q=Y.aidt-reqts")
    item = page.get_by_role("link", name="Y.aidt-reqts", exact=True).get_attribute("href")
    context.close()
    return {"edition": edition, "gap": gap, "statement": statement,
            "item": item.rsplit("/", 1)[1]}


def register_a_gap(page) -> str:
    """Register the last uncovered topic without an entry (test_register.py takes S1, the first)."""
    page.goto("/gaps?state=uncovered")
    codes = page.locator("main a[href^='/topics/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').pop())")
    for code in reversed(list(dict.fromkeys(codes))):
        page.goto(f"/topics/{code}")
        button = page.get_by_role("button", name="Register this gap")
        if button.count():
            button.click()
            page.wait_for_url("**/register/GAP-*")
            return page.url.rsplit("/", 1)[1]
    raise AssertionError("no uncovered topic left to register")


def serious_violations(page, axe_source) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}) on {len(v['nodes'])} node(s), e.g. "
            f"{[n['target'] for n in v['nodes'][:5]]}: {v['helpUrl']}"
            for v in result["violations"] if v["impact"] in SERIOUS]


def check_pages(page, urls, records, axe_source):
    found = {}
    for url in urls:
        page.goto(url.format(**records))
        if problems := serious_violations(page, axe_source):
            found[url] = problems
    assert not found, "\n".join(f"{url}:\n  " + "\n  ".join(p) for url, p in found.items())


@pytest.mark.inject_scripts
def test_reading_pages_have_no_serious_violation_signed_out(page, records, axe_source):
    check_pages(page, READING, records, axe_source)


@pytest.mark.inject_scripts
def test_every_page_and_form_has_no_serious_violation_signed_in(page, records, axe_source):
    sign_in(page)
    check_pages(page, READING[:-1] + FORMS, records, axe_source)


@pytest.mark.expect_status(404)
@pytest.mark.inject_scripts
def test_the_not_found_page_has_no_serious_violation(page, records, axe_source):
    check_pages(page, ["/topics/NO-SUCH-TOPIC"], records, axe_source)


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, name: e.getAttribute('name'), href: e.getAttribute('href'),
                cell: !!e.closest('td'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                shadow: s.boxShadow}; }""")


def tab_until(page, wanted, limit=400) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(state := focused(page)):
            return state
    raise AssertionError("the keyboard never reached it")


def test_keyboard_reaches_a_matrix_cell_with_a_visible_outline(page):
    page.goto("/")
    cell = tab_until(page, lambda f: f["tag"] == "A" and f["cell"])
    assert "/work-items?" in cell["href"]
    assert (cell["outline"] != "none" and cell["width"] >= 1) or cell["shadow"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/work-items?*")


def test_the_work_item_filters_work_from_the_keyboard(page):
    page.goto("/work-items")
    tab_until(page, lambda f: f["name"] == "organization")
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrows
    chosen = page.evaluate("() => document.activeElement.value")
    assert chosen
    tab_until(page, lambda f: f["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"organization="))


@pytest.mark.expect_status(422)
def test_a_form_is_filled_in_order_and_its_first_error_can_be_focused(page):
    sign_in(page)
    page.goto("/work-items/new")
    names = []
    for _ in range(12):
        page.keyboard.press("Tab")
        name = focused(page)["name"]
        if name and name not in names:
            names.append(name)
    tops = page.evaluate("names => names.map(n => document.getElementsByName(n)[0]"
                         ".getBoundingClientRect().top)", [n for n in names if n != "csrf_token"])
    assert tops == sorted(tops)  # the tab order follows the page, top to bottom
    page.locator("form button[type=submit]").last.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    first = page.locator(".error-summary a, [role=alert] a").first
    if first.count():
        first.focus()
        assert page.evaluate("() => document.activeElement.tagName") == "A"
        first.press("Enter")  # the link leads to its field: focused, or at least the target
        reached = page.evaluate("() => [document.activeElement.tagName,"
                                " (document.querySelector(':target') || {}).tagName]")
        assert {"INPUT", "SELECT", "TEXTAREA"} & set(reached)
    else:
        invalid = page.locator("[aria-invalid=true]").first
        invalid.focus()
        assert page.evaluate("() => document.activeElement.getAttribute('aria-invalid')") == "true"
