"""Liaison statements: entered by editors, or by a liaison officer of a body they concern.

A statement is keyed by its sender and reference ("ITU-T", "SG20-LS123"). One that
replies to another (`reply_to`) marks the other replied when it is recorded.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from .. import permissions
from ..errors import Conflict, NotFound, ValidationError
from ..models import LiaisonRecipient, LiaisonStatement, Organization
from ..vocab import LIAISON_KINDS, LIAISON_PURPOSES, LIAISON_STATUSES
from .common import Fields, Outcome, assign, audited, body_rows
from .gap_actions import work_item_refs
from .lookup import Lookup


def save_statement(session: Session, data: dict, *, actor, lookup: Lookup | None = None,
                   expected_version: int | None = None,
                   stored_as: tuple[str, str] | None = None) -> Outcome:
    """Create or update the statement of `data["organization"]` and `data["reference"]`;
    with `stored_as` (sender, reference), update that one, which may take a new sender and
    reference (a correction: its replies follow it).

    Editors enter any statement; a liaison officer one sent by, or to, a body they
    follow (and, changing a stored one, one that concerned such a body already). The
    status is the given one, or the stored one, or open. The caller commits.
    """
    lookup = lookup or Lookup(session)
    f = Fields(data)
    sender, committee, reference = _key(f, lookup)
    values = _values(f)
    recipients = _recipients(f, lookup)
    links = {"work_items": work_item_refs(f, lookup), "topics": _topics(f, lookup),
             "entries": _entries(f, lookup)}
    status = f.choice("status", LIAISON_STATUSES, required=False)
    stored = _stored(session, f, sender, reference, stored_as)
    reply_to = _reply_to(session, f, stored, actor)
    f.errors.raise_if_any()
    _allowed(actor, sender.acronym, [o.acronym for o, _, _ in recipients], stored)
    if expected_version and (stored is None or stored.version != expected_version):
        raise Conflict(f"liaison statement {sender.acronym} {reference} was changed by "
                       "someone else since it was opened", current=stored and stored.version)
    values.update(organization=sender, reference=reference, committee=committee,
                  reply_to=reply_to, **links, status=status or (stored.status if stored else "open"))
    key = f"{sender.acronym} {reference}"
    if stored is None:
        stored = LiaisonStatement(**values)
        _set_recipients(stored, recipients)
        session.add(stored)
        outcome = audited(session, actor, Outcome("liaison_statement", key, "created",
                                                   _links_words(stored), stored))
    else:
        outcome = _update(session, actor, key, stored, values, recipients)
    _mark_replied(session, actor, reply_to)
    return outcome


def _key(f: Fields, lookup: Lookup):
    acronym = f.text("organization", required=True, max_length=40)
    reference = f.text("reference", required=True, max_length=60)
    if reference and "/" in reference:
        f.errors.add("reference", f'"{reference}" may not hold "/" (e.g. SG20-LS123)')
    sender = lookup.organization(acronym) if acronym else None
    if acronym and sender is None:
        f.errors.add("organization", f'unknown organization "{acronym}"')
    code = f.text("committee", max_length=60)
    committee = lookup.committee(acronym, code) if sender and code else None
    if sender and code and committee is None:
        f.errors.add("committee", f'unknown committee "{code}" of {acronym}')
    return sender, committee, reference


def _values(f: Fields) -> dict:
    values = {"title": f.text("title", required=True, max_length=500),
              "date": f.full_date("date"), "kind": f.choice("kind", LIAISON_KINDS),
              "deadline": f.full_date("deadline"), "url": f.url("url")}
    if values["date"] is None and "date" not in f.errors.errors:
        f.errors.add("date", "is required")
    elif values["date"] and values["deadline"] and values["deadline"] < values["date"]:
        f.errors.add("deadline", "the reply deadline is before the statement's date")
    return values


def _recipients(f: Fields, lookup: Lookup) -> list[tuple]:
    found = []
    for index, record in enumerate(f.records("to")):
        to = Fields(record)
        acronym = to.text("organization", required=True, max_length=40)
        code = to.text("committee", max_length=60)
        purpose = to.choice("purpose", LIAISON_PURPOSES)
        org = lookup.organization(acronym) if acronym else None
        committee = lookup.committee(acronym, code) if org and code else None
        if acronym and org is None:
            to.errors.add("organization", f'unknown organization "{acronym}"')
        elif code and committee is None:
            to.errors.add("committee", f'unknown committee "{code}" of {acronym}')
        if to.errors:
            f.errors.merge(ValidationError(to.errors.errors), f"to[{index}]")
        elif all((o, c) != (org, committee) for o, c, _ in found):
            found.append((org, committee, purpose))
    return found


def _topics(f: Fields, lookup: Lookup) -> list:
    found = []
    for index, code in enumerate(f.records("topics")):
        topic = lookup.topic(code) if isinstance(code, str) else None
        if topic is None:
            f.errors.add(f"topics[{index}]", f'unknown topic "{code}"')
        elif topic not in found:
            found.append(topic)
    return found


def _entries(f: Fields, lookup: Lookup) -> list:
    found = []
    for index, code in enumerate(f.records("gaps")):
        entry = lookup.register_entry(code) if isinstance(code, str) else None
        if entry is None:
            f.errors.add(f"gaps[{index}]", f'there is no register entry "{code}"')
        elif entry not in found:
            found.append(entry)
    return found


def _reply_to(session: Session, f: Fields, stored, actor) -> LiaisonStatement | None:
    record = f.data.get("reply_to")
    if not record:
        return None
    ref = Fields(record)
    acronym = ref.text("organization", required=True, max_length=40)
    reference = ref.text("reference", required=True, max_length=60)
    original = _find(session, acronym, reference) if acronym and reference else None
    if acronym and reference and original is None:
        ref.errors.add("reference", f"there is no liaison statement {acronym} {reference}")
    elif original is not None and stored is not None and original is stored:
        ref.errors.add("reference", "a statement cannot reply to itself")
    elif original is not None and (stored is None or stored.reply_to is not original):
        refusal = _may_not_answer(actor, original)
        if refusal:
            ref.errors.add("reference", refusal)
    f.errors.merge(ValidationError(ref.errors.errors), "reply_to") if ref.errors else None
    return original


def _may_not_answer(actor, original: LiaisonStatement) -> str | None:
    """Why the actor may not record a reply to `original` (recording it marks the original
    replied), or None: a liaison officer answers statements of a body they follow."""
    bodies = [original.organization.acronym, *(r.organization.acronym
                                               for r in original.recipients)]
    if any(permissions.may_enter_statement_of(actor, a) for a in bodies):
        return None
    named = f"{original.organization.acronym} {original.reference}"
    return (f"you may not record a reply to {named}: recording it marks {named} replied, and "
            f"it concerns only {', '.join(dict.fromkeys(bodies))}, which you do not follow; "
            "an editor, or a liaison officer of one of those, records it")


def _stored(session: Session, f: Fields, sender, reference, stored_as):
    """The statement saved: the one `stored_as` names, whose new key must be free, or else
    the one of the key given (None: a new statement)."""
    if not (sender and reference):
        return None
    if stored_as is None or (sender.acronym, reference) == tuple(stored_as):
        return _find(session, sender, reference)
    if _find(session, sender, reference) is not None:
        f.errors.add("reference", f"there is already a liaison statement {sender.acronym} "
                                  f"{reference}")
    return _find(session, *stored_as)


def _find(session: Session, sender, reference: str) -> LiaisonStatement | None:
    acronym = sender if isinstance(sender, str) else sender.acronym
    return session.scalar(select(LiaisonStatement).join(LiaisonStatement.organization).where(
        Organization.acronym == acronym, LiaisonStatement.reference == reference))


def _allowed(actor, sender: str, recipients: list[str], stored) -> None:
    """A liaison officer needs a followed body among the senders and recipients, before
    and after the change."""
    if stored is not None:
        _concerns(actor, stored.organization.acronym,
                  [r.organization.acronym for r in stored.recipients])
    _concerns(actor, sender, recipients)


def _concerns(actor, sender: str, recipients: list[str]) -> None:
    if not any(permissions.may_enter_statement_of(actor, a) for a in (sender, *recipients)):
        permissions.require_statement_entry(actor, sender)


def _set_recipients(statement: LiaisonStatement, recipients: list[tuple]) -> None:
    statement.recipients = body_rows(
        statement.recipients, recipients,
        lambda o, c, p: LiaisonRecipient(organization=o, committee=c, purpose=p))
    for row, (_, _, purpose) in zip(statement.recipients, recipients):
        row.purpose = purpose


def _update(session, actor, key: str, stored, values: dict, recipients) -> Outcome:
    before = _links_words(stored)
    sender = stored.organization.acronym
    changes = {name: change for name, change in assign(stored, values).items()
               if name not in ("organization", "work_items", "topics", "entries", "committee",
                               "reply_to")}
    if stored.organization.acronym != sender:
        changes["organization"] = (sender, stored.organization.acronym)
    if _recipient_words(stored.recipients) != [_words(o, c, p) for o, c, p in recipients]:
        _set_recipients(stored, recipients)
    after = _links_words(stored)
    changes.update({name: (before[name][1], after[name][1]) for name in after
                    if before[name] != after[name]})
    if changes:
        flag_modified(stored, "title")
    return audited(session, actor, Outcome("liaison_statement", key,
                                           "updated" if changes else "unchanged", changes, stored))


def _mark_replied(session: Session, actor, original: LiaisonStatement | None) -> None:
    """A reply recorded against an open statement marks it replied."""
    if original is None or original.status != "open":
        return
    original.status = "replied"
    audited(session, actor, Outcome(
        "liaison_statement", f"{original.organization.acronym} {original.reference}", "updated",
        {"status": ("open", "replied")}))


def _links_words(s: LiaisonStatement) -> dict:
    return {"committee": (None, s.committee.code if s.committee else None),
            "to": (None, _recipient_words(s.recipients)),
            "reply_to": (None, f"{s.reply_to.organization.acronym} {s.reply_to.reference}"
                         if s.reply_to else None),
            "work_items": (None, sorted(f"{w.organization.acronym} {w.identifier}"
                                        for w in s.work_items)),
            "topics": (None, sorted(t.code for t in s.topics)),
            "gaps": (None, sorted(e.code for e in s.entries))}


def _recipient_words(recipients) -> list[str]:
    return [_words(r.organization, r.committee, r.purpose) for r in recipients]


def _words(organization, committee, purpose) -> str:
    body = f"{organization.acronym} {committee.code}" if committee else organization.acronym
    return f"{body} ({purpose})"


def get_statement(session: Session, organization: str, reference: str) -> LiaisonStatement:
    found = _find(session, organization, reference)
    if found is None:
        raise NotFound(f"there is no liaison statement {organization} {reference}")
    return found


def in_reply_order(entries: list) -> list[tuple[int, dict]]:
    """Put each statement after the one it replies to, when both are in one file."""
    keys = {(str(e.get("organization")), str(e.get("reference"))): e
            for e in entries if isinstance(e, dict)}

    def depth(entry) -> int:
        level, seen = 0, set()
        while isinstance(entry, dict) and isinstance(entry.get("reply_to"), dict):
            key = (str(entry["reply_to"].get("organization")),
                   str(entry["reply_to"].get("reference")))
            if key in seen or key not in keys:
                break
            seen.add(key)
            level, entry = level + 1, keys[key]
        return level
    return sorted(enumerate(entries), key=lambda pair: depth(pair[1]))
