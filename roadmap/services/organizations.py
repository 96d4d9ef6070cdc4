"""Organizations and their committees."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Committee, Organization
from ..vocab import ORGANIZATION_KINDS
from .. import permissions
from .common import Fields, Outcome, assign, audited
from .lookup import Lookup


def save_organization(session: Session, data: dict, *, actor, lookup: Lookup | None = None,
                      new: bool = False) -> Outcome:
    """Create or update the organization named by `data["acronym"]`. The caller commits.

    With `new`, an existing acronym is an error rather than an update (a form's "add").
    """
    permissions.require_editor(actor, "organizations")
    lookup = lookup or Lookup(session)
    f = Fields(data)
    acronym = f.text("acronym", required=True, max_length=40)
    values = {"name": f.text("name", required=True, max_length=200),
              "kind": f.choice("kind", ORGANIZATION_KINDS),
              "url": f.url("url")}
    org = lookup.organization(acronym) if acronym else None
    if new and org is not None:
        f.errors.add("acronym", f"there is an organization {acronym} already")
    f.errors.raise_if_any()
    if org is None:
        org = Organization(acronym=acronym, **values)
        session.add(org)
        lookup.remember(org)
        return audited(session, actor, Outcome("organization", acronym, "created", record=org))
    changes = assign(org, values)
    return audited(session, actor, Outcome("organization", acronym,
                                           "updated" if changes else "unchanged", changes, org))


def save_committee(session: Session, data: dict, *, actor,
                   lookup: Lookup | None = None) -> Outcome:
    """Create or update a committee, keyed by organization and code. The caller commits."""
    permissions.require_editor(actor, "committees")
    lookup = lookup or Lookup(session)
    f = Fields(data)
    acronym = f.text("organization", required=True, max_length=40)
    code = f.text("code", required=True, max_length=60)
    name = f.text("name", required=True, max_length=300)
    parent_code = f.text("parent", max_length=60)
    url = f.url("url")
    org = lookup.organization(acronym) if acronym else None
    if acronym and org is None:
        f.errors.add("organization", f'unknown organization "{acronym}"')
    parent = None
    if org is not None and parent_code:
        parent = lookup.committee(acronym, parent_code)
        if parent is None:
            f.errors.add("parent", f'unknown committee "{parent_code}" of {acronym}')
        elif parent_code == code:
            f.errors.add("parent", "a committee cannot be its own parent")
    f.errors.raise_if_any()
    key = f"{acronym} {code}"
    committee = lookup.committee(acronym, code)
    if committee is None:
        committee = Committee(organization=org, code=code, name=name, parent=parent, url=url)
        session.add(committee)
        lookup.remember(committee)
        return audited(session, actor, Outcome("committee", key, "created", record=committee))
    changes = assign(committee, {"name": name, "parent": parent, "url": url})
    if "parent" in changes:
        before, after = changes["parent"]
        changes["parent"] = (before.code if before else None, after.code if after else None)
    return audited(session, actor, Outcome("committee", key, "updated" if changes else "unchanged",
                                           changes, committee))
