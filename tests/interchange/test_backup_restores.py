"""Whatever a form or the API accepts, a backup keeps: export, restore, export gives the
same bytes, whatever equivalences, committee trees and register entries the roadmap holds.
"""
from __future__ import annotations

import pytest

from roadmap.errors import ValidationError
from roadmap.interchange import bundle, importer
from roadmap.read import records
from roadmap.services import equivalences, organizations, work_items
from tests.factories import ADMIN, EDITOR, make_leaves, make_organization, small_bundle


def restored(session, document: dict) -> dict:
    """Replace the roadmap with `document`, then export it again."""
    importer.import_document(session, bundle.parse(bundle.dumps(document)), actor=ADMIN,
                             replace=True)
    session.commit()
    return records.roadmap_document(session)


def item(session, organization, identifier, **extra):
    data = {"organization": organization, "identifier": identifier, "title": f"{identifier}",
            "type": "international_standard", "status": "in_development", **extra}
    return work_items.save_work_item(session, data, actor=EDITOR).record


def declare(session, organization, identifier, *others):
    equivalences.add_equivalents(session, {
        "organization": organization, "identifier": identifier,
        "equivalents": [{"organization": o, "identifier": i} for o, i in others]}, actor=EDITOR)


def test_a_backup_with_equivalences_in_chains_and_both_ways_restores_the_same(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)  # declared on one side
    make_organization(session, "IEC")
    for org, ident in (("ISO", "ISO 2"), ("ISO", "ISO 3"), ("IEC", "IEC 3"), ("IEC", "IEC 4")):
        item(session, org, ident)
    declare(session, "ISO", "ISO 2", ("ISO", "ISO 3"))  # a chain: 2 = 3 = IEC 3 = IEC 4
    declare(session, "ISO", "ISO 3", ("IEC", "IEC 3"))
    declare(session, "IEC", "IEC 3", ("IEC", "IEC 4"), ("ISO", "ISO 3"))  # both ways
    session.commit()
    backup = records.roadmap_document(session)
    assert restored(session, backup) == backup
    assert bundle.dumps(restored(session, backup)) == bundle.dumps(backup)


def test_a_backup_with_a_committee_tree_and_register_entries_restores_the_same(session):
    document = small_bundle()
    document["committees"] += [
        {"organization": "ITU-T", "code": "WP1/20", "name": "Working party 1", "parent": "SG20"},
        {"organization": "ITU-T", "code": "Q1/20", "name": "Question 1", "parent": "WP1/20"}]
    document["gaps"] = [{"code": "GAP-01", "title": "No water metering", "topics": ["S5"],
                         "priority": "high", "rnd_needed": "no", "status": "open",
                         "leads": [{"organization": "ITU-T", "committee": "Q1/20"}],
                         "updates": [{"date": "2026-01-05", "status": "open", "note": "seen"}]}]
    importer.import_document(session, document, actor=ADMIN)
    session.commit()
    backup = records.roadmap_document(session)
    assert restored(session, backup) == backup


def test_what_the_form_accepts_a_backup_keeps(session):
    """An upper-case URL scheme is stored as lower case, so the schema takes it back."""
    make_leaves(session, "S5")
    make_organization(session, "ITU-T", url="HTTPS://www.itu.int/")
    item(session, "ITU-T", "Y.4900", url="HTTPS://www.itu.int/rec/T-REC-Y.4900")
    session.commit()
    backup = records.roadmap_document(session)
    assert backup["organizations"][0]["url"] == "https://www.itu.int/"
    assert restored(session, backup) == backup


def refused(session, words: str, **fields) -> None:
    """The item with these fields is refused, saying `words` of the field."""
    with pytest.raises(ValidationError) as error:
        item(session, "ITU-T", "Y.1", **fields)
    assert any(words in m for m in error.value.errors[next(iter(fields))])


@pytest.mark.parametrize("text", ["𝟚𝟘𝟚𝟜", "٢٠٢٤", "２０２４-０１"])
def test_non_ascii_digits_are_no_date(session, text):
    make_organization(session, "ITU-T")
    refused(session, "is not a date", target=text)


def test_a_committee_cannot_sit_within_its_own_subcommittee(session):
    make_organization(session, "ISO")
    save = organizations.save_committee
    save(session, {"organization": "ISO", "code": "TC 268", "name": "Sustainable cities"},
         actor=EDITOR)
    save(session, {"organization": "ISO", "code": "SC 1", "name": "Smart infrastructure",
                   "parent": "TC 268"}, actor=EDITOR)
    with pytest.raises(ValidationError) as error:
        save(session, {"organization": "ISO", "code": "TC 268", "name": "Sustainable cities",
                       "parent": "SC 1"}, actor=EDITOR)
    assert error.value.errors == {"parent": [
        "ISO TC 268 would sit within itself: TC 268 -> SC 1 -> TC 268"]}


def test_a_top_level_topic_without_a_category_takes_the_documented_default(session):
    document = small_bundle()
    del document["topics"][1]["category"]  # the "S" group
    importer.import_document(session, document, actor=ADMIN)
    session.commit()
    group = next(t for t in records.roadmap_document(session)["topics"] if t["code"] == "S")
    assert group["category"] == "cross_cutting"


@pytest.mark.parametrize("text", ["ht\ttp://example.org/x", "https://exa mple.org/",
                                  "HTTPS:\n//example.org"])
def test_a_url_with_white_space_inside_is_no_address(session, text):
    make_organization(session, "ITU-T")
    refused(session, "is not an http(s) address", url=text)
