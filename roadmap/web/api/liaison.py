"""Liaison statements in the API: the same service, permissions and history as the form."""
from __future__ import annotations

import datetime as dt

from flask import request, url_for

from ...db import commit, get_session
from ...read import api as representations
from ...read import liaison as statements
from ...services import liaison
from .access import actor
from .blueprint import bp
from .conditional import require_match, respond
from .reads import found, listing, number
from .writes import body

STATEMENT_INPUT = ("organization", "committee", "reference", "title", "date", "kind", "status",
                   "deadline", "url", "to", "reply_to", "work_items", "topics", "gaps")


@bp.get("/liaison-statements")
def liaison_statements():
    """Statements, filtered as /liaison-statements filters them."""
    within = number("within", 0, 3650) if request.args.get("within") else None
    rows = statements.list_statements(
        get_session(), awaiting=request.args.get("awaiting") == "1", within=within,
        body=request.args.get("body") or None, topic=request.args.get("topic") or None)
    return respond(listing([representations.statement(r) for r in rows]))


@bp.get("/liaison-statements/<path:organization>/<reference>")
def liaison_statement(organization: str, reference: str):
    return respond(_current(organization, reference, check=False))


@bp.post("/liaison-statements")
def create_statement():
    data = body(STATEMENT_INPUT, "a liaison statement",
                required=("organization", "reference", "title", "date", "kind"))
    session = get_session()
    outcome = liaison.save_statement(session, data, actor=actor())
    commit(session)
    organization, reference = outcome.record.organization.acronym, outcome.record.reference
    return respond(_statement(organization, reference), 201, {"Location": url_for(
        "api.liaison_statement", organization=organization, reference=reference)})


@bp.patch("/liaison-statements/<path:organization>/<reference>")
def update_statement(organization: str, reference: str):
    data = body(STATEMENT_INPUT, "a liaison statement")
    current = _current(organization, reference)
    record = {name: current[name] for name in STATEMENT_INPUT}
    record["work_items"] = [{"organization": w["organization"], "identifier": w["identifier"]}
                            for w in record["work_items"]]
    liaison.save_statement(get_session(), {**record, **data, "organization": organization,
                                           "reference": reference},
                           actor=actor(), expected_version=current["version"])
    commit(get_session())
    return respond(_statement(organization, reference))


def _current(organization: str, reference: str, *, check: bool = True) -> dict:
    current = found(_statement(organization, reference),
                    f"there is no liaison statement {organization} {reference}")
    if check:
        require_match(current)
    return current


def _statement(organization: str, reference: str) -> dict | None:
    row, _ = statements.get_thread(get_session(), organization, reference)
    return representations.statement(row, dt.date.today()) if row else None
