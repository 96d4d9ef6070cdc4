"""Forms of the gap register: an entry, a dated update, an action and an action's update."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..vocab import ACTION_STATUSES, GAP_PRIORITIES, GAP_STATUSES, RND_NEEDED, label
from .forms import choices

DATE_HELP = "YYYY-MM-DD"
BODIES_HELP = "ORGANIZATION or ORGANIZATION:COMMITTEE; ... e.g. ITU-T:SG20; ISO"
ITEMS_RULE = "write ORGANIZATION:IDENTIFIER, e.g. ITU-T:Y.4903"


def work_item_pairs(form, field) -> None:
    """Every part of a work-item field names ORGANIZATION:IDENTIFIER (the service, given
    an organization alone, could say only that the identifier is required)."""
    for part in (field.data or "").split(";"):
        head, _, tail = part.strip().partition(":")
        if part.strip() and not (head.strip() and tail.strip()):
            raise ValidationError(f'"{part.strip()}": {ITEMS_RULE}')


class EntryForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    statement = TextAreaField("Statement", validators=[Optional(), Length(max=20000)],
                              description="What is missing")
    topics = StringField("Topics", validators=[Optional()], description="Codes, e.g. S8, I1")
    priority = SelectField("Priority", choices=choices((p, label(p)) for p in GAP_PRIORITIES))
    horizon = StringField("Horizon", validators=[Optional(), Length(max=60)],
                          description="e.g. 0-2 years; empty: the priority's usual one")
    rnd_needed = SelectField("R&D needed", choices=choices((r, label(r)) for r in RND_NEEDED))
    recommendation = TextAreaField("Recommendation", validators=[Optional(), Length(max=20000)])
    leads = StringField("Suggested leads", validators=[Optional()], description=BODIES_HELP)
    version = HiddenField()


class EntryUpdateForm(FlaskForm):
    status = SelectField("Status", choices=choices((s, label(s)) for s in GAP_STATUSES))
    note = TextAreaField("Note", validators=[Optional(), Length(max=20000)])
    date = StringField("Date", validators=[Optional()], description=DATE_HELP + "; empty: today")


class ActionForm(FlaskForm):
    text = TextAreaField("Action", validators=[DataRequired(), Length(max=20000)],
                         description="e.g. Propose a new work item on waste data")
    addressed_to = StringField("Addressed to", validators=[Optional()], description=BODIES_HELP)
    owner = StringField("Owner", validators=[Optional(), Length(max=200)],
                        description="A person or a body")
    due = StringField("Due", validators=[Optional()], description=DATE_HELP)
    status = SelectField("Status", choices=choices((s, label(s)) for s in ACTION_STATUSES))
    work_items = StringField("Linked work items", validators=[Optional(), work_item_pairs],
                             description="ORGANIZATION:IDENTIFIER; ... the texts that answer it")
    version = HiddenField()


class ActionUpdateForm(FlaskForm):
    status = SelectField("Status", choices=choices((s, label(s)) for s in ACTION_STATUSES))
    note = TextAreaField("Note", validators=[Optional(), Length(max=20000)])
    date = StringField("Date", validators=[Optional()], description=DATE_HELP + "; empty: today")


def pairs(text: str | None, first: str, second: str) -> list[dict]:
    """Read `A:B; C` into records; "ISO:ISO 37120:2018" keeps the identifier's colons.

    >>> pairs("ITU-T:SG20; ISO", "organization", "committee")
    [{'organization': 'ITU-T', 'committee': 'SG20'}, {'organization': 'ISO'}]
    """
    found = []
    for part in (text or "").split(";"):
        head, _, tail = part.strip().partition(":")
        if head.strip():
            found.append({first: head.strip(), **({second: tail.strip()} if tail.strip() else {})})
    return found


def pairs_text(records, first: str, second: str) -> str:
    return "; ".join(f"{r[0]}:{r[1]}" if r[1] else r[0] for r in
                     ((x[first], x.get(second)) if isinstance(x, dict) else x for x in records))


def entry_data(form: EntryForm, code: str) -> dict:
    return {"code": code, "title": form.title.data, "statement": form.statement.data or None,
            "topics": [c.strip() for c in (form.topics.data or "").replace(";", ",").split(",")
                       if c.strip()],
            "priority": form.priority.data, "horizon": form.horizon.data or None,
            "rnd_needed": form.rnd_needed.data,
            "recommendation": form.recommendation.data or None,
            "leads": pairs(form.leads.data, "organization", "committee")}


def entry_form_data(row) -> dict:
    return {"title": row.title, "statement": row.statement or "", "topics": ", ".join(row.topics),
            "priority": row.priority, "horizon": row.horizon or "", "rnd_needed": row.rnd_needed,
            "recommendation": row.recommendation or "",
            "leads": pairs_text(row.leads, "organization", "committee"),
            "version": str(row.version)}


def action_data(form: ActionForm, gap: str, code: str | None) -> dict:
    return {"gap": gap, "code": code, "text": form.text.data, "owner": form.owner.data or None,
            "due": form.due.data or None, "status": form.status.data,
            "addressed_to": pairs(form.addressed_to.data, "organization", "committee"),
            "work_items": [{"organization": r["organization"], "identifier": r.get("committee")}
                           for r in pairs(form.work_items.data, "organization", "committee")]}


def action_form_data(row) -> dict:
    return {"text": row.text, "owner": row.owner or "", "due": row.due or "",
            "status": row.status,
            "addressed_to": pairs_text(row.addressed_to, "organization", "committee"),
            "work_items": pairs_text([(o, i) for o, i, _ in row.work_items], "", ""),
            "version": str(row.version)}
