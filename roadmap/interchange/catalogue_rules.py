"""Each body's own rules for its identifiers and stages, as the catalogue sync needs them.

Pure functions over the catalogue's words (docs/catalogue.md has the table, with a real
example of each rule). The bodies differ:
- an ITU-T Recommendation is one work item across its editions: `ITU-T Y.4903 (03/2022)`
  is edition 2 of `Y.4903`; a double number `Y.4900/L.1600` is matched by either number;
  a corrigendum or an amendment belongs to its base text;
- an ISO or IEC deliverable carries its year (`ISO 37120:2018`): a newer edition is a new
  work item, and the one it replaces becomes superseded.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .relaton import CatalogueRecord

ITU = re.compile(
    r"^ITU-T\s+(?P<number>[A-Z]+\s+Suppl\.\s*\d+[\w.]*|[A-Z]+\.[\w.\-]+(?:/[A-Z]+\.[\w.\-]+)*)"
    r"(?:\s*\((?P<base>(?:\d{2}/)?\d{4})\)\s*(?P<part>Cor|Amd|Add|Erratum)\.?\s*(?P<no>\d+))?"
    r"(?:\s*\((?P<month>\d{2})/(?P<year>\d{4})\))?\s*$")
ISO_LINE = re.compile(r"^(?P<body>ISO/IEC|ISO|IEC)[ /]+(?P<rest>.*?)(?::(?P<year>\d{4}))?"
                      r"(?:/(?:Amd|Cor|Add).*)?$")
DRAFT = re.compile(r"\b(?:AWI|NP|PWI|WD|CD|DIS|FDIS|PRF|DTS|DTR|DPAS)\b\s*")
ISO_PART = re.compile(r"/(Amd|Cor|Add)\s*\d+")
STAGE_CODE = re.compile(r"^(?P<stage>\d{2})\.(?P<sub>\d{2})$")
ITU_STAGES = {"published": "published", "in force": "published", "withdrawal": "withdrawn",
              "withdrawn": "withdrawn", "superseded": "superseded"}
ITU_STAGE_WORDS = {"published": "In force", "withdrawn": "Withdrawn", "superseded": "Superseded"}
IEC_WORDS = {"published": "published", "withdrawn": "withdrawn", "active": "in_development",
             "preparation": "in_development"}
DOCTYPES = {
    "recommendation": "recommendation", "recommendation-supplement": "supplement",
    "international-standard": "international_standard",
    "technical-specification": "technical_specification",
    "technical-report": "technical_report", "publicly-available-specification": "pas",
    "guide": "guide", "systems-reference-document": "other",
}
REPOSITORIES = {"ITU-T": "relaton-data-itu", "ISO": "relaton-data-iso",
                "ISO/IEC JTC 1": "relaton-data-iso", "IEC": "relaton-data-iec"}
SUMMARY_LIMIT = 1000
STUDY_GROUP = re.compile(r"^ITU-T\s+Study\s+Group\s+(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """A catalogue identifier as the roadmap keys it."""

    organization: str  # "ITU-T", "ISO", "IEC", "ISO/IEC JTC 1", or the identifier's own prefix
    identifier: str  # the work item's identifier: "Y.4903", "ISO 37120:2018"
    numbers: tuple[str, ...]  # what it may be matched by: ("Y.4903", "L.1603")
    part: str | None = None  # "Cor", "Amd": belongs to its base text, which it does not change
    edition: str | None = None  # an ITU edition, "2022-03"; an ISO or IEC year, "2018"
    line: str | None = None  # the text across its drafts and editions: "ISO 37120", "Y.4903"
    draft: bool = False  # an ISO or IEC draft stage in the identifier ("ISO/DIS 37113")


def document(identifier: str, committee: str | None = None) -> Document | None:
    """Key a catalogue identifier by its body's rules; None for what the roadmap does not track.

    >>> document("ITU-T Y.4903 (03/2022)")
    Document(organization='ITU-T', identifier='Y.4903', numbers=('Y.4903',), part=None, edition='2022-03', line='Y.4903', draft=False)
    >>> document("ITU-T Y.4903/L.1603 (10/2016)").numbers
    ('Y.4903', 'L.1603')
    >>> document("ITU-T Y.4052 (2022) Cor. 1 (03/2025)").part
    'Cor'
    >>> document("ITU-T Y Suppl. 34 (07/2020)").identifier
    'Y Suppl. 34'
    >>> document("ISO 37120:2018")
    Document(organization='ISO', identifier='ISO 37120:2018', numbers=('ISO 37120:2018',), part=None, edition='2018', line='ISO 37120', draft=False)
    >>> document("ISO/FDIS 37114").line, document("ISO/FDIS 37114").draft
    ('ISO 37114', True)
    >>> document("ISO/IEC 30145-1:2021", "ISO/IEC JTC 1").organization
    'ISO/IEC JTC 1'
    >>> document("ISO 37101:2016/Amd 1:2024").part
    'Amd'
    >>> document("ITU-R 1-4/5:") is None
    True
    """
    text = " ".join(identifier.split())
    if text.startswith("ITU-T"):
        found = ITU.match(text)
        if not found:
            return None
        number = " ".join(found["number"].split())
        edition = f"{found['year']}-{found['month']}" if found["year"] else None
        numbers = tuple(number.split("/"))
        return Document("ITU-T", number, numbers, found["part"], edition, numbers[0])
    found = ISO_LINE.match(text)
    if found:
        part = ISO_PART.search(text)
        rest = DRAFT.sub("", found["rest"]).strip()
        return Document(_iso_organization(found["body"], committee), text, (text,),
                        part.group(1) if part else None, found["year"],
                        f"{found['body']} {rest}", bool(DRAFT.search(found["rest"])))
    return None


def _iso_organization(body: str, committee: str | None) -> str:
    if body == "ISO/IEC" and (committee or "").startswith("ISO/IEC JTC 1"):
        return "ISO/IEC JTC 1"
    return "IEC" if body == "IEC" else "ISO"


def status(stage: str | None, organization: str) -> str | None:
    """The roadmap's status for a catalogue stage; None when the stage says nothing known.

    ISO and IEC harmonized stage codes: 00-50 in development, 60.00 under publication
    (approved), 60.60 published, 90 (review) still published, 95.99 withdrawn.

    >>> [status(s, "ISO") for s in ("20.00", "40.60", "60.00", "60.60", "90.93", "95.20", "95.99")]
    ['in_development', 'in_development', 'approved', 'published', 'published', 'published', 'withdrawn']
    >>> [status(s, "ITU-T") for s in ("Published", "Withdrawal", None)]
    ['published', 'withdrawn', None]
    >>> status("PUBLISHED", "IEC")
    'published'
    """
    if not stage:
        return None
    code = STAGE_CODE.match(stage)
    if code:
        major, sub = int(code["stage"]), int(code["sub"])
        if major < 60:
            return "in_development"
        if major == 60:
            return "published" if sub >= 60 else "approved"
        if major == 95 and sub == 99:
            return "withdrawn"
        return "published"
    words = stage.strip().lower()
    if organization == "ITU-T":
        return ITU_STAGES.get(words)
    return IEC_WORDS.get(words) or ITU_STAGES.get(words)


def stage_words(stage: str | None, organization: str) -> str | None:
    """What the roadmap's `stage` says: ISO's code as it is, ITU's in ITU's page words.

    >>> stage_words("Published", "ITU-T"), stage_words("90.93", "ISO")
    ('In force', '90.93')
    """
    if organization == "ITU-T":
        return ITU_STAGE_WORDS.get(status(stage, organization) or "")
    return stage


def committee_code(name: str | None) -> tuple[str, str | None] | None:
    """(organization, committee code) for a catalogue committee, as the roadmap names them.

    >>> committee_code("ITU-T Study Group 20")
    ('ITU-T', 'SG20')
    >>> committee_code("ISO/TC 268/SC 1")
    ('ISO', 'TC 268/SC 1')
    >>> committee_code("ISO/IEC JTC 1"), committee_code("ISO/IEC JTC 1/SC 41")
    (('ISO/IEC JTC 1', None), ('ISO/IEC JTC 1', 'SC 41'))
    >>> committee_code("SyC Smart Cities")
    ('IEC', 'SyC Smart Cities')
    """
    if not name:
        return None
    name = " ".join(name.split())
    group = STUDY_GROUP.match(name)
    if group:
        return "ITU-T", f"SG{group.group(1)}"
    if name.startswith("ISO/IEC JTC 1"):
        return "ISO/IEC JTC 1", name.removeprefix("ISO/IEC JTC 1").strip("/ ") or None
    if name.startswith(("ISO/", "IEC/")):
        body, _, code = name.partition("/")
        return body, code
    if name.startswith(("SyC ", "TC ", "SC ")):
        return "IEC", name
    return None


def work_item_type(doctype: str | None, identifier: str) -> str:
    """The roadmap's type of a catalogue document.

    >>> work_item_type("international-standard", "ISO/TS 37107:2019")
    'technical_specification'
    >>> work_item_type("recommendation-supplement", "ITU-T Y Suppl. 34 (07/2020)")
    'supplement'
    """
    for prefix, kind in (("/TS ", "technical_specification"), ("/TR ", "technical_report"),
                         ("/PAS ", "pas"), (" SRD ", "other")):
        if prefix in identifier:
            return kind
    return DOCTYPES.get(doctype or "", "other")


def work_item_facts(record: CatalogueRecord, known: set[tuple[str, str]]) -> dict:
    """A work-item record of what one catalogue record says, by its body's rules; the
    committee only when the roadmap knows it (`known`: (organization, code) pairs)."""
    doc = document(record.identifier, record.committee)
    organization = doc.organization
    committee = committee_code(record.committee)
    facts = {
        "organization": organization, "identifier": doc.identifier, "title": record.title,
        "type": work_item_type(record.doctype, record.identifier),
        "status": status(record.stage, organization),
        "stage": stage_words(record.stage, organization),
        "published": _date(record.published), "url": record.url,
        "summary": _summary(record.abstract), "source": source_url(organization, record.file),
        "checked": checked(record),
    }
    if committee and committee[0] == organization and committee[1] and \
            (organization, committee[1]) in known:
        facts["committee"] = committee[1]
    return {name: value for name, value in facts.items() if value is not None}


def checked(record: CatalogueRecord) -> str:
    """The day the catalogue's facts were known, as a work item's `checked` says it."""
    return (record.dated or dt.datetime.now(dt.timezone.utc)).date().isoformat()


def _date(value: str | None) -> str | None:
    if value and len(value) >= 4 and value[:4].isdigit():
        return value[:10]
    return None


def _summary(abstract: str | None) -> str | None:
    if not abstract:
        return None
    if len(abstract) <= SUMMARY_LIMIT:
        return abstract
    cut = abstract[:SUMMARY_LIMIT].rsplit(". ", 1)[0]
    return cut + "." if not cut.endswith(".") else cut


def source_url(organization: str, file: str) -> str:
    """The catalogue record as a link, the source of each fact the sync writes.

    >>> source_url("ITU-T", "relaton-data-itu-main/data/itu-t-y-4903-03-2022.yaml")
    'https://github.com/relaton/relaton-data-itu/blob/main/data/itu-t-y-4903-03-2022.yaml'
    """
    name = file.replace("\\", "/")
    path = "data/" + name.rsplit("data/", 1)[1] if "data/" in name else "data/" + name.rsplit("/", 1)[-1]
    repository = REPOSITORIES.get(organization, "relaton-data-" + organization.lower())
    return f"https://github.com/relaton/{repository}/blob/main/{path}"
