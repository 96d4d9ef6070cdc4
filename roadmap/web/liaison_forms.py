"""The liaison-statement form: one statement, its recipients and what it concerns."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..vocab import LIAISON_KINDS, LIAISON_PURPOSES, LIAISON_STATUSES, label
from .forms import choices
from .register_forms import pairs, pairs_text, work_item_pairs

TO_HELP = ("PURPOSE: ORGANIZATION or ORGANIZATION:COMMITTEE; ... with purpose action, comment "
           "or information, e.g. action: ISO:TC 268; information: IEC")


class StatementForm(FlaskForm):
    organization = SelectField("From (organization)", validators=[DataRequired()])
    committee = StringField("From (committee)", validators=[Optional(), Length(max=60)],
                            description="e.g. SG20")
    reference = StringField("Reference", validators=[DataRequired(), Length(max=60)],
                            description="e.g. SG20-LS123")
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    date = StringField("Date", validators=[DataRequired()], description="YYYY-MM-DD")
    kind = SelectField("Kind", choices=choices((k, label(k)) for k in LIAISON_KINDS))
    status = SelectField("Status", choices=choices((s, label(s)) for s in LIAISON_STATUSES))
    deadline = StringField("Reply by", validators=[Optional()], description="YYYY-MM-DD")
    to = StringField("To", validators=[Optional()], description=TO_HELP)
    reply_to = StringField("In reply to", validators=[Optional()],
                           description="ORGANIZATION:REFERENCE, e.g. ISO:N1234; recording the "
                                       "reply marks that statement replied")
    url = StringField("Document", validators=[Optional(), Length(max=500)],
                      description="The statement's address, e.g. https://www.itu.int/md/...")
    topics = StringField("Topics", validators=[Optional()], description="Codes, e.g. S5, I1")
    gaps = StringField("Register entries", validators=[Optional()], description="e.g. GAP-03")
    work_items = StringField("Work items", validators=[Optional(), work_item_pairs],
                             description="ORGANIZATION:IDENTIFIER; ...")
    version = HiddenField()

    def validate_to(self, field) -> None:
        """"bogus: IEC" is a purpose mistyped, not an organization "bogus" (whose committee
        "IEC" would be): a head that is neither a purpose nor a known organization, written
        in lower case or before a body, is taken for a purpose."""
        known = {choice.value for choice in self.organization.choices}
        for part in (field.data or "").split(";"):
            head, colon, rest = (p.strip() for p in part.partition(":"))
            if colon and head not in LIAISON_PURPOSES and head not in known and (
                    head.islower() or ":" in rest or rest in known):
                raise ValidationError(f'unknown purpose "{head}": write action, comment or '
                                      "information before the body, e.g. action: ISO:TC 268")


def statement_form(organizations, **kwargs) -> StatementForm:
    form = StatementForm(**kwargs)
    form.organization.choices = choices((a, a) for a in organizations)
    return form


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").replace(";", ",").split(",") if c.strip()]


def recipients(text: str | None) -> list[dict]:
    """Read "action: ISO:TC 268; information: IEC" (a purpose left out: information).

    >>> recipients("action: ISO:TC 268; IEC")
    [{'organization': 'ISO', 'committee': 'TC 268', 'purpose': 'action'}, \
{'organization': 'IEC', 'purpose': 'information'}]
    """
    found = []
    for part in (text or "").split(";"):
        head, colon, rest = part.strip().partition(":")
        purpose, body = (head.strip(), rest) if colon and head.strip() in LIAISON_PURPOSES \
            else ("information", part)
        for record in pairs(body, "organization", "committee"):
            found.append({**record, "purpose": purpose})
    return found


def statement_data(form: StatementForm) -> dict:
    reply = pairs(form.reply_to.data, "organization", "reference")
    return {"organization": form.organization.data, "committee": form.committee.data or None,
            "reference": form.reference.data, "title": form.title.data,
            "date": form.date.data, "kind": form.kind.data, "status": form.status.data,
            "deadline": form.deadline.data or None, "url": form.url.data or None,
            "to": recipients(form.to.data), "reply_to": reply[0] if reply else None,
            "topics": _codes(form.topics.data), "gaps": _codes(form.gaps.data),
            "work_items": [{"organization": r["organization"], "identifier": r.get("reference")}
                           for r in pairs(form.work_items.data, "organization", "reference")]}


def statement_form_data(row) -> dict:
    return {"organization": row.organization, "committee": row.committee or "",
            "reference": row.reference, "title": row.title, "date": row.date,
            "kind": row.kind, "status": row.status, "deadline": row.deadline or "",
            "url": row.url or "",
            "to": "; ".join(f"{p}: {o}:{c}" if c else f"{p}: {o}" for o, c, p in row.to),
            "reply_to": ":".join(row.reply_to) if row.reply_to else "",
            "topics": ", ".join(row.topics), "gaps": ", ".join(row.gaps),
            "work_items": pairs_text([(o, i) for o, i, _ in row.work_items], "", ""),
            "version": str(row.version)}


def reply_data(row, followed) -> dict:
    """What a reply to the statement `row` starts with: sent by the body it went to (one
    the officer follows, if any), to its sender, on its topics."""
    data = {"to": f"information: {row.organization}:{row.committee}" if row.committee
            else f"information: {row.organization}", "topics": ", ".join(row.topics)}
    chosen = next((r for r in row.to if r[0] in followed), row.to[0] if row.to else None)
    if chosen is not None:
        data.update(organization=chosen[0], committee=chosen[1] or "")
    return data
