"""Organizations and their committees."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Committee, Organization
from ..vocab import ORGANIZATION_KINDS
from .. import permissions
from .common import Fields, Outcome, create_or_update
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
    return create_or_update(session, actor, lookup, "organization", acronym, org,
                            lambda **v: Organization(acronym=acronym, **v), values)


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
        else:
            _check_tree(f, lookup, acronym, code, parent)
    f.errors.raise_if_any()
    return create_or_update(session, actor, lookup, "committee", f"{acronym} {code}",
                            lookup.committee(acronym, code),
                            lambda **v: Committee(organization=org, code=code, **v),
                            {"name": name, "parent": parent, "url": url}, by_code=("parent",))


def _check_tree(f: Fields, lookup: Lookup, acronym: str, code: str, parent: Committee) -> None:
    """Refuse a parent that sits within the committee itself (A within B within A)."""
    chain, node = [code], parent
    while node is not None and len(chain) <= 100:
        chain.append(node.code)
        if node.code == code:
            f.errors.add("parent", f"{acronym} {code} would sit within itself: "
                                   + " -> ".join(chain))
            return
        node = node.parent
