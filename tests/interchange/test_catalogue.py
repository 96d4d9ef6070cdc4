"""The catalogue sync over a fixture of real Relaton records: exactly its changes, new
editions, candidates and conflicts; applied in one transaction; idempotent. Both databases."""
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, update

from roadmap.interchange import catalogue, catalogue_apply, importer, relaton
from roadmap.interchange.problems import FileRefused
from roadmap.models import AuditRecord, WorkItem
from roadmap.permissions import Account
from roadmap.services import work_items
from tests.factories import ADMIN

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "relaton"
TOPICS = [{"code": c, "name": n, "parent": p} for c, n, p in (
    ("G1", "Terminology and definitions", "G"), ("G2", "Reference frameworks", "G"),
    ("K1", "KPIs and indicators", "K"), ("S9", "Public safety and emergency", "S"),
    ("I3", "Data layer", "I"), ("G5", "Procurement and maturity models", "G"))] + [
    {"code": "G", "name": "General", "category": "governance"},
    {"code": "K", "name": "Measurement", "category": "measurement"},
    {"code": "S", "name": "City services", "category": "city_service"},
    {"code": "I", "name": "ICT infrastructure", "category": "ict_infrastructure"}]


def item(organization, identifier, title, status="published", topic="K1", **extra):
    kind = "recommendation" if organization == "ITU-T" else "international_standard"
    return {"organization": organization, "identifier": identifier, "title": title,
            "type": kind, "status": status, "topics": [{"code": topic, "relevance": "core"}],
            **extra}


ROADMAP = {
    "format": "ssc-roadmap-bundle", "version": 1,
    "organizations": [{"acronym": a, "name": a, "kind": "international_sdo"}
                      for a in ("ITU-T", "ISO", "IEC", "ISO/IEC JTC 1")],
    "committees": [{"organization": "ITU-T", "code": "SG20", "name": "IoT and smart cities"},
                   {"organization": "ITU-T", "code": "SG13", "name": "Future networks"},
                   {"organization": "ISO", "code": "TC 268", "name": "Sustainable cities"},
                   {"organization": "ISO/IEC JTC 1", "code": "WG 11", "name": "Smart cities"},
                   {"organization": "IEC", "code": "SyC Smart Cities", "name": "Smart Cities"}],
    "topics": TOPICS,
    "work_items": [
        item("ITU-T", "Y.4903", "Key performance indicators for smart sustainable cities to "
             "assess the achievement of sustainable development goals", committee="SG20",
             published="2022", stage="In force"),
        item("ITU-T", "Y.4901/L.1601", "Key performance indicators related to the use of "
             "information and communication technology in smart sustainable cities",
             published="2016-06", stage="In force"),
        item("ITU-T", "Y.4236", "Requirements for real-time event monitoring and integrated "
             "management", status="approved", stage="Approved", committee="SG20", topic="S9"),
        item("ITU-T", "Y Suppl. 4", "ITU-T Y.1300 series – Supplement on transport "
             "requirements for T-MPLS OAM and considerations for the application of IETF MPLS "
             "technology", published="2008-01-25", stage="In force", topic="G2", type="supplement"),
        item("ISO", "ISO 37120:2014", "Sustainable development of communities — Indicators "
             "for city services and quality of life", committee="TC 268", published="2014-05-15",
             stage="90.93", url="https://www.iso.org/standard/62436.html"),
        item("ISO", "ISO 37101:2016", "Sustainable development in communities — Management "
             "system for sustainable development — Requirements with guidance for use",
             committee="TC 268", published="2016-07-11", stage="90.93", topic="G2"),
        item("ISO/IEC JTC 1", "ISO/IEC 30145-1:2021", "Information technology — Smart City ICT "
             "reference framework — Part 1: Smart city business process framework",
             committee="WG 11", published="2021-05-04", stage="60.60", topic="G2"),
        item("IEC", "IEC 63152:2020", "Smart cities - City service continuity against "
             "disasters - The role of the electrical supply", committee="SyC Smart Cities",
             published="2020-07-13", stage="PUBLISHED", topic="S9"),
    ],
}
for entry in ROADMAP["work_items"]:  # the body's page is known for all but Y.4236
    if entry["identifier"] != "Y.4236":
        entry.setdefault("url", "https://example.org/" + entry["identifier"].replace(" ", "-"))


@pytest.fixture
def roadmap(session):
    importer.import_document(session, json.loads(json.dumps(ROADMAP)), actor=ADMIN)
    session.commit()
    return session


@pytest.fixture
def everything(tmp_path) -> Path:
    """The three fixture catalogues in one folder, dated a week ago."""
    root = tmp_path / "catalogue"
    for body in ("itu", "iso", "iec"):
        shutil.copytree(FIXTURES / body, root / body)
    week_ago = (dt.datetime.now() - dt.timedelta(days=7)).timestamp()
    for path in root.rglob("*.yaml"):
        import os
        os.utime(path, (week_ago, week_ago))
    return root


def planned(session, path, **scope):
    return catalogue.plan(session, relaton.read(path), name="fixture", **scope)


def test_the_changes_are_exactly_what_the_catalogue_says(roadmap, everything):
    plan = planned(roadmap, everything)
    assert {(c.key[1], c.field, c.before, c.after) for c in plan.changes} == {
        ("Y.4903", "published", "2022", "2022-03-09"),
        ("Y.4901/L.1601", "published", "2016-06", "2016-06-06"),
        ("Y.4901/L.1601", "committee", None, "SG20"),
        ("Y.4236", "status", "approved", "published"),
        ("Y.4236", "stage", "Approved", "In force"),
        ("Y.4236", "published", None, "2025-09-15"),
        ("Y.4236", "title", "Requirements for real-time event monitoring and integrated "
                            "management", "Requirements for real-time event monitoring and "
                            "integrated management in smart city platforms"),
        ("Y.4236", "url", None, "https://www.itu.int/rec/T-REC-Y.4236-202509-I"),
        ("Y Suppl. 4", "status", "published", "withdrawn"),
        ("Y Suppl. 4", "stage", "In force", "Withdrawn"),
        ("ISO 37120:2014", "status", "published", "superseded"),
        ("ISO 37120:2014", "stage", "90.93", "95.99"),
    }
    assert [(p.key, p.supersedes) for p in plan.new_editions] == [
        (("ISO", "ISO 37120:2018"), ("ISO", "ISO 37120:2014"))]
    assert plan.new_editions[0].record["topics"] == [{"code": "K1", "relevance": "core"}]
    assert plan.candidates == [] and plan.conflicts == []


def test_candidates_are_the_chosen_committees_documents_the_roadmap_lacks(roadmap, everything):
    plan = planned(roadmap, everything, committees={("ITU-T", "SG20"), ("ISO", "TC 268")})
    found = {p.key: p.record for p in plan.candidates}
    assert set(found) == {("ITU-T", "Y.4051"), ("ITU-T", "Y.4052"), ("ISO", "ISO 37122:2019"),
                          ("ISO", "ISO/DIS 37113"), ("ISO", "ISO/TS 37107:2019")}
    assert found[("ITU-T", "Y.4051")]["topics"] == [{"code": "G1", "relevance": "core"}]
    assert found[("ISO", "ISO/DIS 37113")]["status"] == "in_development"
    assert found[("ISO", "ISO/TS 37107:2019")]["type"] == "technical_specification"
    assert found[("ITU-T", "Y.4052")]["source"] == (
        "https://github.com/relaton/relaton-data-itu/blob/main/data/itu-t-y-4052-08-2022.yaml")


def test_applying_writes_the_facts_with_their_source_and_a_second_run_changes_nothing(
        roadmap, everything):
    plan = planned(roadmap, everything, committees={("ITU-T", "SG20")})
    catalogue_apply.apply(roadmap, plan, actor=ADMIN, accepted={("ITU-T", "Y.4051"): None})
    roadmap.commit()
    y4236 = roadmap.scalar(select(WorkItem).where(WorkItem.identifier == "Y.4236"))
    assert (y4236.status, y4236.published, y4236.source) == (
        "published", "2025-09-15",
        "https://github.com/relaton/relaton-data-itu/blob/main/data/itu-t-y-4236-09-2025.yaml")
    old, new = (roadmap.scalar(select(WorkItem).where(WorkItem.identifier == i))
                for i in ("ISO 37120:2014", "ISO 37120:2018"))
    assert old.status == "superseded" and new.status == "published"
    assert roadmap.scalar(select(WorkItem.title).where(WorkItem.identifier == "Y.4051")) == \
        "Vocabulary for smart cities and communities"
    [synced] = roadmap.scalars(select(AuditRecord.changes).where(AuditRecord.kind == "catalogue"))
    week_ago = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    assert synced == {"synced": [None, f"7 work items from 21 catalogue files dated {week_ago} "
                                       f"to {week_ago}"]}
    histories = roadmap.execute(select(AuditRecord.key, AuditRecord.changes).where(
        AuditRecord.key.in_(["ISO ISO 37120:2014", "ISO ISO 37120:2018"]))).all()
    assert ("ISO ISO 37120:2014", {"superseded by": [None, "ISO 37120:2018"]}) in histories
    assert ("ISO ISO 37120:2018", {"supersedes": [None, "ISO 37120:2014"]}) in histories
    again = planned(roadmap, everything, committees={("ITU-T", "SG20")})
    assert (again.changes, again.new_editions, again.conflicts) == ([], [], [])
    assert [p.key for p in again.candidates] == [("ITU-T", "Y.4052")]


def test_a_value_changed_by_hand_after_the_catalogue_is_a_conflict_not_overwritten(
        roadmap, everything):
    officer = Account(id=0, email="lo@example.org", role="editor", organizations=())
    record = next(r for r in ROADMAP["work_items"] if r["identifier"] == "Y.4236")
    work_items.save_work_item(roadmap, {**record, "status": "in_development"}, actor=officer)
    roadmap.commit()
    plan = planned(roadmap, everything)
    [conflict] = plan.conflicts
    assert (conflict.key, conflict.field, conflict.stored, conflict.catalogue) == (
        ("ITU-T", "Y.4236"), "status", "in_development", "published")
    assert conflict.changed_by == "lo@example.org"
    catalogue_apply.apply(roadmap, plan, actor=ADMIN)
    roadmap.commit()
    y4236 = roadmap.scalar(select(WorkItem).where(WorkItem.identifier == "Y.4236"))
    assert (y4236.status, y4236.published) == ("in_development", "2025-09-15")


def test_a_hand_change_before_the_catalogue_is_corrected(roadmap, everything):
    officer = Account(id=0, email="lo@example.org", role="editor", organizations=())
    record = next(r for r in ROADMAP["work_items"] if r["identifier"] == "Y.4236")
    work_items.save_work_item(roadmap, {**record, "status": "in_development"}, actor=officer)
    roadmap.execute(update(AuditRecord).values(at=dt.datetime.now(dt.timezone.utc)
                                               - dt.timedelta(days=30)))
    roadmap.commit()
    plan = planned(roadmap, everything)
    assert plan.conflicts == []
    assert ("status", "in_development", "published") in {
        (c.field, c.before, c.after) for c in plan.changes if c.key[1] == "Y.4236"}


def test_one_organization_only(roadmap, everything):
    plan = planned(roadmap, everything, organizations={"ISO"})
    assert {c.key[0] for c in plan.changes} == {"ISO"}


def test_a_candidate_without_topics_is_refused_and_nothing_is_written(roadmap, everything):
    plan = planned(roadmap, everything, committees={("ITU-T", "SG20")})
    with pytest.raises(FileRefused) as refused:
        catalogue_apply.apply(roadmap, plan, actor=ADMIN, accepted={("ITU-T", "Y.4052"): []})
    assert refused.value.errors == ["ITU-T Y.4052: give its topics (no words of its title "
                                    "suggest one)"]


def test_a_liaison_officer_cannot_apply_to_another_body(roadmap, everything):
    officer = Account(id=9, email="lo@example.org", role="liaison_officer",
                      organizations=("ISO",))
    plan = planned(roadmap, everything)
    with pytest.raises(FileRefused) as refused:
        catalogue_apply.apply(roadmap, plan, actor=officer)
    roadmap.rollback()
    assert any("may not change work items of ITU-T" in e for e in refused.value.errors)
    assert roadmap.scalar(select(WorkItem.status).where(WorkItem.identifier == "Y.4236")) == \
        "approved"


def test_facts_checked_after_the_catalogue_are_a_conflict_not_overwritten(roadmap, everything):
    roadmap.execute(update(WorkItem).where(WorkItem.identifier == "Y.4903")
                    .values(checked=dt.date.today()))
    roadmap.commit()
    plan = planned(roadmap, everything)
    [conflict] = [c for c in plan.conflicts if c.key == ("ITU-T", "Y.4903")]
    assert (conflict.field, conflict.stored, conflict.catalogue) == ("published", "2022", "2022-03-09")
    assert conflict.changed_by == "the roadmap's own check of its facts"
    assert ("ITU-T", "Y.4903") not in {c.key for c in plan.changes}


def test_a_clone_is_dated_by_its_last_commit_not_its_checkout(roadmap, tmp_path):
    import os
    import subprocess
    clone = tmp_path / "relaton-data-itu"
    shutil.copytree(FIXTURES / "itu", clone)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2020-01-01T00:00:00+00:00",
           "GIT_AUTHOR_DATE": "2020-01-01T00:00:00+00:00"}
    for command in (["init", "-q"], ["add", "."],
                    ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(clone), *command], check=True, env=env)
    read = relaton.read(clone)
    assert {r.dated for r in read.records} == {dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)}
    roadmap.execute(update(WorkItem).where(WorkItem.identifier == "Y.4903")
                    .values(checked=dt.date(2021, 6, 1)))
    roadmap.commit()
    plan = catalogue.plan(roadmap, read, name="clone")
    assert [c.key for c in plan.conflicts] == [("ITU-T", "Y.4903")]


def iso_record(identifier: str, stage: str, published: str | None = None,
               obsoletes: str | None = None) -> str:
    """A record in the newer schema's shape, for the cases the fixture lacks."""
    major, minor = stage.split(".")
    lines = ["docidentifier:", f"- content: '{identifier}'", "  type: ISO", "  primary: true",
             "title:", "- content: Sustainable development in communities - A made-up part",
             "  language: en", "  type: main",
             "docstatus:", "  stage:", f"    value: '{major}'", "  substage:", f"    value: '{minor}'",
             "ext:", "  editorialgroup:", "    technical_committee:", "    - identifier: ISO/TC 268"]
    if published:
        lines += ["date:", "- type: published", f"  at: '{published}'"]
    if obsoletes:
        lines += ["relation:", "- type: obsoletes", "  bibitem:", "    docidentifier:",
                  f"    - content: '{obsoletes}'", "      type: ISO"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def made_up(everything):
    data = everything / "iso" / "data"
    for name, text in {
        "iso-37101-2024.yaml": iso_record("ISO 37101:2024", "60.60", "2024-05-01"),
        "iso-dis-37120.yaml": iso_record("ISO/DIS 37120", "40.20", obsoletes="ISO 37120:2018"),
        "iso-37113.yaml": iso_record("ISO 37113", "60.60", "2026-01-01"),
        "iso-fdis-37113.yaml": iso_record("ISO/FDIS 37113", "50.20"),
    }.items():
        (data / name).write_text(text)
    return everything


def test_a_newer_published_edition_supersedes_the_older_without_a_relation(roadmap, made_up):
    plan = planned(roadmap, made_up, committees={("ISO", "TC 268")})
    assert {(p.key[1], p.supersedes[1]) for p in plan.new_editions} == {
        ("ISO 37120:2018", "ISO 37120:2014"), ("ISO 37101:2024", "ISO 37101:2016")}


def test_a_draft_supersedes_nothing_and_an_undated_reference_is_no_candidate(roadmap, made_up):
    plan = planned(roadmap, made_up, committees={("ISO", "TC 268")})
    candidates = {p.key[1] for p in plan.candidates}
    assert "ISO/DIS 37120" not in candidates  # a draft of a text the roadmap tracks
    assert "ISO 37113" not in candidates  # "whichever edition is latest": no deliverable
    assert "ISO/FDIS 37113" in candidates and "ISO/DIS 37113" not in candidates  # the most advanced
    assert all(p.record["status"] == "published" for p in plan.new_editions)


def test_a_tracked_draft_is_superseded_by_its_published_edition(roadmap, made_up):
    importer.import_document(roadmap, {"format": "ssc-roadmap-bundle", "version": 1, "work_items": [
        item("ISO", "ISO/DIS 37113", "A draft", status="in_development", committee="TC 268")]},
        actor=ADMIN)
    roadmap.commit()
    (made_up / "iso" / "data" / "iso-37113-2026.yaml").write_text(
        iso_record("ISO 37113:2026", "60.60", "2026-01-01"))
    plan = planned(roadmap, made_up)
    assert (("ISO", "ISO 37113:2026"), ("ISO", "ISO/DIS 37113")) in {
        (p.key, p.supersedes) for p in plan.new_editions}


def test_an_undated_record_does_not_overwrite_what_was_checked(roadmap):
    roadmap.execute(update(WorkItem).where(WorkItem.identifier == "Y.4236")
                    .values(checked=dt.date(2020, 1, 1)))
    roadmap.commit()
    data = (FIXTURES / "itu" / "data" / "itu-t-y-4236-09-2025.yaml").read_bytes()
    plan = catalogue.plan(roadmap, relaton.from_bytes("y4236.yaml", data), name="one record")
    assert plan.changes == [] and {c.field for c in plan.conflicts} == {
        "status", "stage", "published", "title", "url"}
