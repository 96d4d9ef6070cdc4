"""Who may change what. Services call these; no way in (form, API, import, CLI) skips them."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import NotAllowed


@dataclass(frozen=True)
class Account:
    """Who is signed in: what pages and permission checks need, no ORM object."""

    id: int
    email: str
    role: str
    organizations: tuple[str, ...]  # acronyms a liaison officer follows
    display_name: str = ""  # what the public sees in history; the role when blank

# The command line runs with the machine's own authority: whoever can run it can reach
# the database anyway. Its changes are audited under this name.
COMMAND_LINE = Account(id=0, email="command line", role="admin", organizations=())

EDITING_ROLES = ("editor", "admin")


def may_edit_work_items_of(actor: Account | None, acronym: str) -> bool:
    """Editors and admins edit any work item; a liaison officer those of the bodies they follow.

    >>> officer = Account(1, "lo@example.org", "liaison_officer", ("ITU-T",))
    >>> may_edit_work_items_of(officer, "ITU-T"), may_edit_work_items_of(officer, "ISO")
    (True, False)
    """
    if actor is None:
        return False
    return actor.role in EDITING_ROLES or (
        actor.role == "liaison_officer" and acronym in actor.organizations)


def require_work_item_edit(actor: Account | None, acronym: str) -> None:
    if not may_edit_work_items_of(actor, acronym):
        raise NotAllowed(_who(actor) + f" may not change work items of {acronym}")


def require_equivalence_change(actor: Account | None, item: str, other: str,
                               organizations: tuple[str, str], *, removing: bool = False) -> None:
    """An equivalence belongs to both texts: declaring or removing one needs the right to
    change both items (`organizations` are their bodies; `item`, `other` their names).

    >>> officer = Account(1, "lo@example.org", "liaison_officer", ("ITU-T",))
    >>> require_equivalence_change(officer, "ITU-T Y.4903", "ISO 37120:2018", ("ITU-T", "ISO"))
    Traceback (most recent call last):
    ...
    roadmap.errors.NotAllowed: lo@example.org (liaison_officer) may not declare ITU-T Y.4903 \
equivalent to ISO 37120:2018: changing an ISO text needs an editor or a liaison officer of ISO
    """
    for acronym in organizations:
        if not may_edit_work_items_of(actor, acronym):
            what = (f"remove the equivalence of {item} and {other}" if removing
                    else f"declare {item} equivalent to {other}")
            raise NotAllowed(f"{_who(actor)} may not {what}: changing {_an(acronym)} {acronym} "
                             f"text needs an editor or a liaison officer of {acronym}")


def _an(acronym: str) -> str:
    """The article before an acronym read letter by letter: "an ISO", "a CEN", "an ITU-T";
    one written as a word (oneM2M) takes "a"."""
    return "an" if acronym[:1] in "AEFHILMNORSX" else "a"


def may_edit_structure(actor: Account | None) -> bool:
    """Topics, dependencies, organizations, committees and the gap register."""
    return actor is not None and actor.role in EDITING_ROLES


def require_editor(actor: Account | None, what: str) -> None:
    """Topics, dependencies, organizations, committees and the gap register: editors only."""
    if not may_edit_structure(actor):
        raise NotAllowed(_who(actor) + f" may not change {what}; editors do")


def may_update_action(actor: Account | None, addressed_to: tuple[str, ...]) -> bool:
    """Editors update any action; a liaison officer those addressed to a body they follow.

    >>> officer = Account(1, "lo@example.org", "liaison_officer", ("ITU-T",))
    >>> may_update_action(officer, ("ITU-T", "ISO")), may_update_action(officer, ("ISO",))
    (True, False)
    """
    return may_edit_structure(actor) or (
        actor is not None and actor.role == "liaison_officer"
        and any(acronym in actor.organizations for acronym in addressed_to))


def require_action_update(actor: Account | None, code: str, addressed_to: tuple[str, ...]) -> None:
    if not may_update_action(actor, addressed_to):
        bodies = ", ".join(addressed_to) or "no body"
        raise NotAllowed(f"{_who(actor)} may not add updates to action {code}: it is "
                         f"addressed to {bodies}, and a liaison officer updates only actions "
                         "addressed to a body they follow")


def may_enter_statement_of(actor: Account | None, acronym: str) -> bool:
    """Editors enter any liaison statement; a liaison officer those of a body they follow."""
    return may_edit_work_items_of(actor, acronym)


def require_statement_entry(actor: Account | None, acronym: str) -> None:
    if not may_enter_statement_of(actor, acronym):
        raise NotAllowed(f"{_who(actor)} may not enter liaison statements of {acronym}; "
                         f"editors do, and liaison officers of {acronym}")


def require_admin(actor: Account | None, what: str) -> None:
    if actor is None or actor.role != "admin":
        raise NotAllowed(_who(actor) + f" may not {what}; admins do")


def _who(actor: Account | None) -> str:
    return "someone not signed in" if actor is None else f"{actor.email} ({actor.role})"
