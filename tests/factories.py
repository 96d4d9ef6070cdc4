"""Tiny builders of roadmap records, through the services, for arrange steps."""
from __future__ import annotations

from roadmap.services import organizations, topics, work_items


def make_organization(session, acronym="ITU-T", kind="international_sdo", **extra):
    data = {"acronym": acronym, "name": f"{acronym} (name)", "kind": kind, **extra}
    return organizations.save_organization(session, data, actor=EDITOR).record


def make_committee(session, organization="ITU-T", code="SG20", **extra):
    data = {"organization": organization, "code": code, "name": f"{code} (name)", **extra}
    return organizations.save_committee(session, data, actor=EDITOR).record


def make_topic(session, code, parent=None, category="city_service", **extra):
    data = {"code": code, "name": f"Topic {code}", "parent": parent, "category": category, **extra}
    return topics.save_topic(session, data, actor=EDITOR).record


def make_leaves(session, *codes, group="S"):
    make_topic(session, group)
    return [make_topic(session, code, parent=group) for code in codes]


def make_work_item(session, identifier="Y.4600", organization="ITU-T", status="published",
                   topic_codes=(), **extra):
    data = {"organization": organization, "identifier": identifier, "title": f"Title of {identifier}",
            "type": "recommendation", "status": status,
            "topics": [{"code": c, "relevance": "core"} for c in topic_codes], **extra}
    if status == "published":
        data.setdefault("published", "2022-08-29")
    return work_items.save_work_item(session, data, actor=EDITOR).record

from roadmap.permissions import Account  # noqa: E402
from roadmap.interchange import importer

EDITOR = Account(id=0, email="editor@example.org", role="editor", organizations=())
ADMIN = Account(id=0, email="admin@example.org", role="admin", organizations=())

PASSWORD = "correct horse battery staple"


def signed_in_client(app, role: str, organizations=("ITU-T",)):
    """Load the small bundle, create an account of `role`, and return a client signed in as it.

    No `session` fixture is open meanwhile: its app context would share `g` (and so the
    CSRF token) between clients.
    """
    import re
    from roadmap.db import get_session
    from roadmap.services import accounts
    email = f"{role}@example.org"
    with app.app_context():
        session = get_session()
        importer.import_document(session, small_bundle(), actor=ADMIN)
        if role != "anonymous":
            accounts.create_user(session, actor=ADMIN, email=email, password=PASSWORD, role=role,
                                 organizations=list(organizations) if role == "liaison_officer" else [])
        session.commit()
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    if role != "anonymous":
        client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
        token = page_csrf(client)  # signing in renews the session, and with it the CSRF secret
    client.csrf = token
    return client


def follow_up(session):
    """Over the small bundle: GAP-01 on I1, its action A1 addressed to ITU-T SG20, A2 to ISO;
    liaison statements ITU-T SG20-LS1 (to ISO) and ISO N7 (to ISO), both past their deadline."""
    import datetime as dt
    from roadmap.read import gap_report
    from roadmap.services import gap_actions, gap_register
    result = gap_report.analyse_roadmap(session).topics["I1"]
    gap_register.register_computed_gap(session, result, actor=EDITOR, today=dt.date(2026, 1, 5))
    for bodies in ([{"organization": "ITU-T", "committee": "SG20"}], [{"organization": "ISO"}]):
        gap_actions.save_action(session, {"gap": "GAP-01", "text": "Start a work item",
                                          "due": "2026-02-01", "addressed_to": bodies},
                                actor=EDITOR)
    from roadmap.services import liaison
    for sender, reference, to in (("ITU-T", "SG20-LS1", "ISO"), ("ISO", "N7", "ISO")):
        liaison.save_statement(session, {
            "organization": sender, "reference": reference, "title": f"Statement {reference}",
            "date": "2026-01-10", "kind": "outgoing", "deadline": "2026-03-01",
            "to": [{"organization": to, "purpose": "action"}], "topics": ["I1"],
            "gaps": ["GAP-01"], "work_items": [{"organization": "ITU-T", "identifier": "Y.4490"}]},
            actor=EDITOR)
    session.commit()


def page_csrf(client, url: str = "/account") -> str:
    """The CSRF token a signed-in client's pages carry now."""
    import re
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     client.get(url).get_data(as_text=True)).group(1)


def small_bundle() -> dict:
    return {
        "format": "ssc-roadmap-bundle", "version": 1,
        "organizations": [
            {"acronym": "ITU-T", "name": "ITU Telecommunication Standardization Sector",
             "kind": "international_sdo"},
            {"acronym": "ISO", "name": "International Organization for Standardization",
             "kind": "international_sdo"}],
        "committees": [{"organization": "ITU-T", "code": "SG20",
                        "name": "IoT and smart cities and communities"}],
        "topics": [{"code": "S5", "name": "Water management", "parent": "S"},
                   {"code": "S", "name": "City services", "category": "city_service"},
                   {"code": "I", "name": "ICT infrastructure", "category": "ict_infrastructure"},
                   {"code": "I1", "name": "Sensing layer", "parent": "I"}],
        "dependencies": [{"topic": "S5", "requires": "I1", "rationale": "metering sensors"}],
        "work_items": [
            {"organization": "ITU-T", "committee": "SG20", "identifier": "Y.4490",
             "title": "Framework of water supply system monitoring for smart fire protection",
             "type": "recommendation", "status": "published", "published": "2023-11",
             "topics": [{"code": "S5", "relevance": "core"}],
             "equivalents": [{"organization": "ISO", "identifier": "ISO 1"}]},
            {"organization": "ISO", "identifier": "ISO 1", "title": "Twin text",
             "type": "international_standard", "status": "in_development",
             "topics": [{"code": "I1", "relevance": "supporting"}]}],
    }
