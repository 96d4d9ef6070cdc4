import copy
import json

import pytest
from sqlalchemy import func, select
from roadmap.interchange.problems import FileRefused
from roadmap.config import DEFAULT_SEED
from roadmap.models import Organization, TopicDependency, WorkItem
from tests.factories import ADMIN, small_bundle
from roadmap.interchange import bundle, checks, importer
from roadmap.read import records


def import_errors(session, document, **options) -> list[str]:
    with pytest.raises(FileRefused) as error:
        importer.import_document(session, document, **options, actor=ADMIN)
    return error.value.errors


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_import_then_export_gives_the_same_document(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    exported = records.roadmap_document(session)
    assert exported["work_items"][0]["identifier"] == "ISO 1"
    assert exported["work_items"][0]["equivalents"] == [{"organization": "ITU-T",
                                                          "identifier": "Y.4490"}]
    assert [t["code"] for t in exported["topics"]] == ["I", "I1", "S", "S5"]


def test_seed_round_trip_through_an_empty_database_is_exact(app, session):
    seed = bundle.parse(DEFAULT_SEED.read_bytes())
    importer.import_document(session, seed, actor=ADMIN)
    session.commit()
    first = records.roadmap_document(session)
    importer.import_document(session, json.loads(bundle.dumps(first)), replace=True, actor=ADMIN)
    session.commit()
    second = records.roadmap_document(session)
    assert bundle.dumps(first) == bundle.dumps(second)
    assert len(first["work_items"]) == len(seed["work_items"])


def test_a_broken_bundle_changes_nothing_and_locates_every_error(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    broken = small_bundle()
    broken["organizations"][0]["name"] = "Renamed, must not stick"
    broken["work_items"][0]["topics"][0]["code"] = "S55"
    broken["work_items"][1]["committee"] = "TC 999"
    broken["dependencies"].append({"topic": "I1", "requires": "S5"})
    errors = import_errors(session, broken)
    assert errors == [
        "dependencies[1].requires: would close the cycle I1 -> S5 -> I1",
        'work_items[0].topics[0].code: unknown topic "S55"',
        'work_items[1].committee: unknown committee "TC 999" of ISO',
    ]
    assert session.scalar(select(Organization.name).where(Organization.acronym == "ITU-T")) \
        == "ITU Telecommunication Standardization Sector"


def test_structure_errors_are_located_by_path(session):
    broken = small_bundle()
    broken["work_items"][1]["status"] = "draft"
    del broken["work_items"][0]["title"]
    broken["work_items"][0]["published"] = "Nov 2023"
    errors = import_errors(session, broken)
    assert "work_items[0].title: is required" in errors  # plain words, no Python reprs
    assert 'work_items[0].published: "Nov 2023" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)' \
        in errors
    assert any(e.startswith('work_items[1].status: "draft" is not one of') for e in errors)
    assert not any("'" in e for e in errors)  # every problem once, in one pass, without reprs
    assert count(session, WorkItem) == 0


def test_the_format_header_is_checked(session):
    errors = import_errors(session, {"format": "something-else", "version": 2})
    assert errors == ['format: must be "ssc-roadmap-bundle"', "version: must be 1"]


def test_duplicate_natural_keys_are_an_error(session):
    broken = small_bundle()
    broken["work_items"].append(copy.deepcopy(broken["work_items"][1]))
    broken["topics"].append({"code": "S5", "name": "again", "parent": "S"})
    errors = import_errors(session, broken)
    assert "topics[4]: S5 is already at topics[0]" in errors
    assert "work_items[2]: ISO ISO 1 is already at work_items[1]" in errors
    assert count(session, WorkItem) == 0


def test_import_merges_by_natural_key(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    update = {"format": "ssc-roadmap-bundle", "version": 1, "work_items": [
        {"organization": "ISO", "identifier": "ISO 1", "title": "Twin text",
         "type": "international_standard", "status": "published", "published": "2025-01-31",
         "topics": [{"code": "I1", "relevance": "core"}]}]}
    report = importer.import_document(session, update, actor=ADMIN)
    session.commit()
    assert [(o.key, o.action, sorted(o.changes)) for o in report.outcomes] == [
        ("ISO ISO 1", "updated", ["published", "status", "topics"])]
    assert count(session, WorkItem) == 2
    assert count(session, TopicDependency) == 1


def test_replace_empties_the_roadmap_first(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    only_orgs = {"format": "ssc-roadmap-bundle", "version": 1,
                 "organizations": small_bundle()["organizations"]}
    importer.import_document(session, only_orgs, replace=True, actor=ADMIN)
    session.commit()
    assert (count(session, Organization), count(session, WorkItem)) == (2, 0)


def test_a_file_that_is_not_json_is_refused_with_its_position():
    with pytest.raises(FileRefused) as error:
        bundle.parse(b'{"format": "ssc-roadmap-bundle",\n  "version": }')
    assert error.value.errors == ["line 2, column 14: Expecting value"]


def test_the_schema_accepts_the_seed():
    seed = json.loads(DEFAULT_SEED.read_text(encoding="utf-8"))
    assert checks.structure_errors(seed) == []
