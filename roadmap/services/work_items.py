"""Work items, their topic mappings and their equivalences."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from .. import dates, permissions
from ..errors import Clash, Conflict, Errors, NotFound, ValidationError
from ..models import AuditRecord, Equivalence, Mapping, Organization, WorkItem
from ..vocab import RELEVANCES, STATUSES, WORK_ITEM_TYPES
from .common import Fields, Outcome, assign, audited
from .lookup import Lookup

DATE_FIELDS = ("registered", "target", "approved", "published")
NO_IDENTIFIER = "is required: give the document number, or at least the provisional name"


@dataclass
class Checked:
    """A work item record that passed every check: its key and its values, resolved."""

    acronym: str
    identifier: str
    organization: Organization
    values: dict  # the item's own fields; "committee" is a Committee or None
    mappings: list[tuple]  # (leaf Topic, relevance, note)

    @property
    def key(self) -> str:
        return f"{self.acronym} {self.identifier}"


def check_work_item(data: dict, *, actor, lookup: Lookup) -> Checked:
    """Check every field of one work item record, and the right to save it.

    Raise ValidationError naming each wrong field, or NotAllowed; write nothing. Every
    way in (a form, the API, an import) checks an item here, whether it saves one item
    or fifty thousand.
    """
    f = Fields(data)
    acronym = f.text("organization", required=True, max_length=40)
    if acronym:
        permissions.require_work_item_edit(actor, acronym)
    values = _values(f)
    # a work item known only by its provisional name (Y.SSC-MM) is keyed by it until numbered
    identifier = f.text("identifier", max_length=120) or values["provisional_name"]
    if identifier is None and "provisional_name" not in f.errors.errors:
        f.errors.add("identifier", NO_IDENTIFIER)
    org = lookup.organization(acronym) if acronym else None
    if acronym and org is None:
        f.errors.add("organization", f'unknown organization "{acronym}"')
    values["committee"] = _committee(f, lookup, acronym if org else None)
    mappings = _mappings(f, lookup)
    f.errors.raise_if_any()
    return Checked(acronym, identifier, org, values, mappings)


def save_work_item(session: Session, data: dict, *, actor, lookup: Lookup | None = None,
                   expected_version: int | None = None) -> Outcome:
    """Create or update the work item keyed by organization and identifier, with its topics.

    `expected_version` guards a form's save: 0 means "this is a new item", any other
    number must be the stored version, or Conflict is raised and nothing is written.
    Equivalents are saved by `equivalences.add_equivalents` once every item they name
    exists. The caller commits.
    """
    lookup = lookup or Lookup(session)
    checked = check_work_item(data, actor=actor, lookup=lookup)
    acronym, identifier, key = checked.acronym, checked.identifier, checked.key
    item = lookup.work_item(acronym, identifier)
    if expected_version == 0 and item is not None:
        raise Clash({"identifier": [f"{acronym} already has a work item {identifier}"]})
    if expected_version and (item is None or item.version != expected_version):
        raise Conflict(f"{key} was changed by someone else since it was opened",
                       current=item.version if item else None)
    if item is None:
        item = WorkItem(organization=checked.organization, identifier=identifier,
                        **checked.values)
        item.mappings = [Mapping(topic=t, relevance=r, note=n) for t, r, n in checked.mappings]
        session.add(item)
        lookup.remember(item)
        return audited(session, actor, Outcome("work_item", key, "created",
                                               created_topics(checked.mappings), item))
    return audited(session, actor, update_checked(item, checked))


def created_topics(mappings: list[tuple]) -> dict:
    """What a new item's history says of its topics (its columns say the rest)."""
    return {"topics": (None, _topics_text(mappings))} if mappings else {}


def _values(f: Fields) -> dict:
    """The item's own fields from the record, each checked; the errors gather in `f`."""
    values = {
        "provisional_name": f.text("provisional_name", max_length=120),
        "title": f.text("title", required=True, max_length=500),
        "type": f.choice("type", WORK_ITEM_TYPES),
        "status": f.choice("status", STATUSES),
        "stage": f.text("stage", max_length=60),
        "approval_process": f.text("approval_process", max_length=60),
        **{name: f.partial_date(name) for name in DATE_FIELDS},
        "url": f.url("url"),
        "summary": f.text("summary", max_length=20000),
        "editors": f.text_list("editors"),
        "source": f.url("source"),
        "checked": f.full_date("checked"),
    }
    _check_dates(f.errors, values)
    return values


def update_checked(item: WorkItem, checked: Checked) -> Outcome:
    """Give a stored item the checked values; say each field that changed."""
    values, mappings = checked.values, checked.mappings
    # read the stored topics before changing anything: a lazy load after `assign` would
    # flush early, and a lost race would surface here rather than at the commit
    before, after = _topics_text(item.mappings), _topics_text(mappings)
    changes = assign(item, values)
    if "committee" in changes:
        changes["committee"] = tuple(c.code if c else None for c in changes["committee"])
    if before != after:
        _replace_mappings(item, mappings)
        changes["topics"] = (before, after)
        if len(changes) == 1:
            flag_modified(item, "title")  # a change of topics is a new version too
    return Outcome("work_item", checked.key, "updated" if changes else "unchanged", changes,
                   item)


def _check_dates(errors: Errors, values: dict) -> None:
    if values["status"] == "published" and not values["published"] \
            and "published" not in errors.errors:  # a date that did not parse is said already
        errors.add("published", "is required when the status is published")
    registered = values["registered"]
    for name in ("target", "approved", "published"):
        if registered and values[name] and not dates.can_precede(registered, values[name]):
            errors.add(name, f"{values[name]} is before the registration date {registered}")
    if values["approved"] and values["published"] and not dates.can_precede(
            values["approved"], values["published"]):
        errors.add("published", f"{values['published']} is before the approval date "
                                f"{values['approved']}")


def _committee(f: Fields, lookup: Lookup, acronym: str | None):
    code = f.text("committee", max_length=60)
    if not code or not acronym:
        return None
    committee = lookup.committee(acronym, code)
    if committee is None:
        f.errors.add("committee", f'unknown committee "{code}" of {acronym}')
    return committee


def _mappings(f: Fields, lookup: Lookup) -> list[tuple]:
    found, seen = [], set()
    for index, entry in enumerate(f.records("topics")):
        m = Fields(entry)
        code = m.text("code", required=True, max_length=20)
        relevance = m.choice("relevance", RELEVANCES, default="core")
        note = m.text("note", max_length=5000)
        topic = lookup.topic(code) if code else None
        if code and topic is None:
            m.errors.add("code", f'unknown topic "{code}"')
        elif topic is not None and topic.children:
            m.errors.add("code", f'"{code}" groups other topics; map work items to its '
                                 f'sub-topics ({", ".join(c.code for c in topic.children)})')
        elif code in seen:
            m.errors.add("code", f'topic "{code}" is listed twice')
        seen.add(code)
        if m.errors:
            f.errors.merge(ValidationError(m.errors.errors), f"topics[{index}]")
        else:
            found.append((topic, relevance, note))
    return found


def _topics_text(mappings) -> list[tuple]:
    rows = [(m.topic.code, m.relevance, m.note) if isinstance(m, Mapping) else
            (m[0].code, m[1], m[2]) for m in mappings]
    return sorted(rows)


def _replace_mappings(item: WorkItem, mappings: list[tuple]) -> None:
    wanted = {topic.code: (topic, relevance, note) for topic, relevance, note in mappings}
    for mapping in list(item.mappings):
        if mapping.topic.code not in wanted:
            item.mappings.remove(mapping)
            continue
        _, mapping.relevance, mapping.note = wanted.pop(mapping.topic.code)
    item.mappings.extend(Mapping(topic=t, relevance=r, note=n) for t, r, n in wanted.values())


def delete_work_item(session: Session, item_id: int, *, actor) -> Outcome:
    """Withdraw a work item (the soft delete): it stays, inactive, and can be restored."""
    item = get_work_item(session, item_id)
    key = f"{item.organization.acronym} {item.identifier}"
    permissions.require_work_item_edit(actor, item.organization.acronym)
    if item.status == "withdrawn":
        raise ValidationError({"status": [f"{key} is withdrawn already"]})
    before, item.status = item.status, "withdrawn"
    return audited(session, actor, Outcome("work_item", key, "deleted",
                                           {"status": (before, "withdrawn")}, item))


def restore_work_item(session: Session, item_id: int, *, actor) -> Outcome:
    """Give a withdrawn work item back the status it had when it was deleted (editors)."""
    item = get_work_item(session, item_id)
    key = f"{item.organization.acronym} {item.identifier}"
    permissions.require_editor(actor, "deleted work items back")
    deletion = session.scalar(select(AuditRecord).where(
        AuditRecord.kind == "work_item", AuditRecord.key == key, AuditRecord.action == "deleted")
        .order_by(AuditRecord.id.desc()).limit(1))
    if item.status != "withdrawn" or deletion is None:
        raise ValidationError({"status": [f"{key} was not deleted here, so there is nothing "
                                          "to restore"]})
    previous = deletion.changes["status"][0]
    item.status = previous
    return audited(session, actor, Outcome("work_item", key, "restored",
                                           {"status": ("withdrawn", previous)}, item))


def purge_work_item(session: Session, item_id: int, *, actor) -> Outcome:
    """Remove a work item for good, with its mappings and equivalences (admins only)."""
    permissions.require_admin(actor, "purge work items")
    item = get_work_item(session, item_id)
    key = f"{item.organization.acronym} {item.identifier}"
    session.execute(delete(Equivalence).where(
        or_(Equivalence.low_id == item.id, Equivalence.high_id == item.id)))
    session.delete(item)
    return audited(session, actor, Outcome("work_item", key, "purged",
                                           {"title": (item.title, None)}))


def get_work_item(session: Session, item_id: int) -> WorkItem:
    item = session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(f"there is no work item {item_id}")
    return item
