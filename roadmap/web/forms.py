"""Work-item form: the fields of an ITU-T A.1 work-item justification, and their mapping."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError

from ..vocab import STATUSES, WORK_ITEM_TYPES, label

def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, text) for value, text in pairs]


TEXT_FIELDS = ("identifier", "provisional_name", "title", "stage", "approval_process",
               "registered", "target", "approved", "published", "url", "summary", "source",
               "checked")


class WorkItemBase(FlaskForm):
    organization = SelectField("Organization", validators=[DataRequired()])
    identifier = StringField("Document number", validators=[Optional(), Length(max=120)],
                             description="As the body cites it, e.g. Y.4600 or ISO 37120:2018; "
                                         "leave it empty while there is only a provisional name")
    provisional_name = StringField("Provisional name", validators=[Optional(), Length(max=120)],
                                   description="e.g. Y.SSC-MM")
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    committee = SelectField("Committee (Question or group)", validators=[Optional()])
    type = SelectField("Type", choices=choices((t, label(t)) for t in WORK_ITEM_TYPES))
    status = SelectField("Status", choices=choices((s, label(s)) for s in STATUSES))
    stage = StringField("The body's own stage", validators=[Optional(), Length(max=60)],
                        description="e.g. Consented, 40.20, DIS")
    approval_process = StringField("Approval process", validators=[Optional(), Length(max=60)],
                                   description="e.g. AAP or TAP")
    registered = StringField("Registered", validators=[Optional()], description="YYYY-MM-DD, YYYY-MM or YYYY")
    target = StringField("Timing (target)", validators=[Optional()], description="YYYY-MM-DD, YYYY-MM or YYYY")
    approved = StringField("Approved", validators=[Optional()], description="YYYY-MM-DD, YYYY-MM or YYYY")
    published = StringField("Published", validators=[Optional()], description="YYYY-MM-DD, YYYY-MM or YYYY")
    editors = TextAreaField("Editor(s)", validators=[Optional()], description="One per line")
    summary = TextAreaField("Scope and summary", validators=[Optional(), Length(max=20000)])
    equivalents = StringField("Relations: equivalent texts",
                              validators=[Optional(), lambda form, field: each_pair(field.data)],
                              description="ORGANIZATION:IDENTIFIER; ... e.g. ISO:ISO 37120:2018; "
                                          "the whole set: one left out is no longer equivalent")
    url = StringField("Catalogue page", validators=[Optional(), Length(max=500)])
    source = StringField("Source of these facts", validators=[Optional(), Length(max=500)])
    checked = StringField("Checked against the source on", validators=[Optional(), Length(max=10)],
                          description="YYYY-MM-DD; the catalogue sync keeps facts checked after "
                                      "its catalogue's date")
    version = HiddenField()


def work_item_form(organizations, committees, leaf_topics, topic_groups=(), **kwargs) -> WorkItemBase:
    """Build the form with a relevance choice for every leaf topic (no script needed).

    Someone who may enter items for several organizations chooses one: none is preselected.
    Committees are grouped by organization (<optgroup>); the service refuses a committee
    of another organization than the one chosen.
    """
    class WorkItemForm(WorkItemBase):
        pass
    for code, name in leaf_topics:
        setattr(WorkItemForm, topic_field(code), SelectField(
            f"{code} {name}", choices=choices([("", "—"), ("core", "Core"), ("supporting", "Supporting")]),
            validators=[Optional()]))
    form = WorkItemForm(**kwargs)
    choose = [] if len(organizations) == 1 else [("", "Choose an organization")]
    form.organization.choices = choices(choose + [(a, a) for a in organizations])
    form.committee.choices = [SelectChoice("", "—")] + [
        SelectChoice(code, f"{org} {code}", optgroup=org) for org, code in committees]
    form.leaf_topics = leaf_topics
    form.topic_groups = topic_groups or (("", "Topics", tuple(c for c, _ in leaf_topics)),)
    form.topic_field = topic_field
    return form


def topic_field(code: str) -> str:
    return "topic_" + "".join(c if c.isalnum() else "_" for c in code)


def to_data(form: WorkItemBase) -> dict:
    """Turn the posted form into the service's record (the bundle's work-item shape)."""
    data = {name: (getattr(form, name).data or "").strip() or None for name in TEXT_FIELDS}
    data.update(organization=form.organization.data, committee=form.committee.data or None,
                type=form.type.data, status=form.status.data,
                editors=[e.strip() for e in (form.editors.data or "").splitlines() if e.strip()],
                topics=[{"code": code, "relevance": form[topic_field(code)].data}
                        for code, _ in form.leaf_topics if form[topic_field(code)].data],
                equivalents=parse_equivalents(form.equivalents.data))
    return data


def parse_equivalents(text: str | None) -> list[dict]:
    """Read `ORGANIZATION:IDENTIFIER; ...`, the identifier keeping any colons of its own.

    >>> parse_equivalents("ISO:ISO 37120:2018; oneM2M:TS-0001")[0]
    {'organization': 'ISO', 'identifier': 'ISO 37120:2018'}
    """
    found = []
    for entry in (text or "").split(";"):
        organization, _, identifier = entry.strip().partition(":")
        if organization.strip() and identifier.strip():
            found.append({"organization": organization.strip(), "identifier": identifier.strip()})
    return found


def each_pair(text: str | None) -> None:
    """Refuse an entry that is not ORGANIZATION:IDENTIFIER: the field states the whole set,
    so an entry misread would silently end an equivalence.

    >>> each_pair("ISO:ISO 37120:2018; ISO 37101")
    Traceback (most recent call last):
    ...
    wtforms.validators.ValidationError: write each as ORGANIZATION:IDENTIFIER; "ISO 37101" is not
    """
    for entry in (text or "").split(";"):
        organization, _, identifier = entry.strip().partition(":")
        if entry.strip() and not (organization.strip() and identifier.strip()):
            raise FieldError(f'write each as ORGANIZATION:IDENTIFIER; "{entry.strip()}" is not')


def from_record(record: dict, version: int) -> dict:
    """Return form data for an existing work item (a bundle record)."""
    data = {name: record.get(name) or "" for name in TEXT_FIELDS}
    data.update(organization=record["organization"], committee=record.get("committee") or "",
                type=record["type"], status=record["status"],
                editors="\n".join(record.get("editors", [])),
                equivalents="; ".join(f"{e['organization']}:{e['identifier']}"
                                      for e in record.get("equivalents", [])),
                version=str(version))
    data.update({topic_field(t["code"]): t.get("relevance", "core") for t in record.get("topics", [])})
    return data


def place_errors(form: WorkItemBase, errors: dict[str, list[str]], *, beside_clean=False) -> None:
    """Put service errors next to their fields; the rest above the form.

    With `beside_clean`, a field the form itself already refused keeps only its own
    message, so a missing title is not said twice.
    """
    form.form_errors_extra = list(getattr(form, "form_errors_extra", []))
    for path, messages in errors.items():
        name = path.split("[")[0].split(".")[0]
        if beside_clean and name in form and form[name].errors:
            continue
        if name == "topics":
            form.form_errors_extra.extend(f"Topics: {m}" for m in messages)
        elif name and name in form and name != "version":
            form[name].errors = list(form[name].errors) + messages
        else:
            form.form_errors_extra.extend(messages)


class DependencyForm(FlaskForm):
    requires = SelectField("Requires", validators=[DataRequired()])
    rationale = StringField("Why", validators=[Optional(), Length(max=5000)],
                            description="e.g. metering and quality sensors")


def dependency_form(leaf_topics, topic: str, **kwargs) -> DependencyForm:
    form = DependencyForm(**kwargs)
    form.requires.choices = choices([("", "—")] + [(code, f"{code} {name}")
                                                   for code, name in leaf_topics if code != topic])
    return form


class TopicForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired(), Length(max=20)], description="e.g. S12")
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=20000)])
    parent = SelectField("Group", validators=[Optional()])
    category = SelectField("Category", validators=[Optional()],
                           description="A sub-topic takes its group's; a group without one is cross-cutting")
    version = HiddenField()


def topic_form(groups, **kwargs) -> TopicForm:
    from ..vocab import TOPIC_CATEGORIES
    form = TopicForm(**kwargs)
    form.parent.choices = choices([("", "— (this is a group)")] + [(c, f"{c} {n}") for c, n in groups])
    form.category.choices = choices([("", "—")] + [(c, label(c)) for c in TOPIC_CATEGORIES])
    return form


class OrganizationForm(FlaskForm):
    acronym = StringField("Acronym", validators=[DataRequired(), Length(max=40)],
                          description="e.g. ISO/IEC JTC 1")
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind")
    url = StringField("Website", validators=[Optional(), Length(max=500)])


def organization_form(**kwargs) -> OrganizationForm:
    from ..vocab import ORGANIZATION_KINDS
    form = OrganizationForm(**kwargs)
    form.kind.choices = choices((k, label(k)) for k in ORGANIZATION_KINDS)
    return form


class CommitteeForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired(), Length(max=60)], description="e.g. SG20, TC 268/SC 1")
    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    parent = SelectField("Within", validators=[Optional()])
    url = StringField("Web page", validators=[Optional(), Length(max=500)])


def committee_form(codes, **kwargs) -> CommitteeForm:
    form = CommitteeForm(**kwargs)
    form.parent.choices = choices([("", "—")] + [(c, c) for c in codes])
    return form


def field_data(form) -> dict:
    """The posted values of a simple form, empty text as None."""
    return {name: (value.strip() or None) if isinstance(value, str) else value
            for name, value in form.data.items() if name not in ("csrf_token", "version")}


def place_simple_errors(form, errors: dict[str, list[str]]) -> None:
    form.form_errors_extra = []
    for path, messages in errors.items():
        name = path.split("[")[0].split(".")[0]
        if name in form and name not in ("version", "csrf_token"):
            form[name].errors = list(form[name].errors) + messages
        else:
            form.form_errors_extra.extend(messages)


def place_dependency_errors(form, errors: dict[str, list[str]]) -> None:
    """A dependency's errors: about the topics beside `requires`, the rest beside rationale."""
    for name, messages in errors.items():
        target = form.requires if name in ("requires", "topic", "") else form.rationale
        target.errors = list(target.errors) + messages


class EditionForm(FlaskForm):
    # the service checks every field at once (required, the date), so all errors show together
    title = StringField("Title (required)", validators=[Length(max=200)],
                        description='How the edition is cited, e.g. "Edition 3 (2027-03)"')
    date = StringField("Date", validators=[Optional(), Length(max=10)],
                       description="YYYY-MM-DD; today when left empty")
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)],
                         description="What this edition is for, e.g. the meeting that agreed it")


def known_query(args, keys: tuple[str, ...]) -> dict[str, str]:
    """The query string's filters among `keys`, to carry to a download link: only those,
    since a key such as fmt or _external would change the link itself."""
    return {key: args[key] for key in keys if args.get(key)}
