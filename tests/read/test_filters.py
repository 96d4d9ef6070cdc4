import pytest
from hypothesis import given, settings, strategies as st
from roadmap.errors import ValidationError
from roadmap.config import DEFAULT_SEED
from roadmap.read.filters import WorkItemFilter
from tests.factories import ADMIN
from roadmap.interchange import bundle, importer
from roadmap.read import filters, records


@pytest.fixture
def seeded(session):
    importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
    session.commit()
    return session


def identifiers(session, **args) -> list[str]:
    ids = filters.matching_ids(session, WorkItemFilter.from_args(args))
    return [r["identifier"] for r in records.work_item_records(session, ids)]


def test_filters_by_natural_keys(seeded):
    assert identifiers(seeded, organization="ISO/IEC JTC 1", topic="X5") == [
        "ISO/IEC 5087-1:2023", "ISO/IEC 5087-2:2024", "ISO/IEC 21972:2020",
        "ISO/IEC 30182:2017", "ISO/IEC CD 21972"]
    assert identifiers(seeded, committee="SyC Smart Energy") == ["IEC SRD 63200:2021"]


def test_a_group_topic_takes_all_its_leaves(seeded):
    by_group = set(identifiers(seeded, topic="K"))
    assert set(identifiers(seeded, topic="K1")) < by_group


def test_status_type_and_year(seeded):
    drafts = identifiers(seeded, status="in_development", organization="ISO")
    assert "ISO/DIS 19650-1" in drafts and "ISO 19650-1:2018" not in drafts
    assert identifiers(seeded, type="pas") == ["PAS 180:2014", "PAS 181:2014", "PAS 182:2014"]
    assert "ISO 37120:2018" in identifiers(seeded, year="2018", organization="ISO")
    assert "ISO 37120:2018" not in identifiers(seeded, year="2019")


def test_search_words_must_all_match_and_never_raise(seeded):
    both = identifiers(seeded, q="digital twin")
    assert "Y.4600" in both
    assert set(both) <= set(identifiers(seeded, q="twin"))
    assert identifiers(seeded, q="twin zebra") == []
    for nasty in ['"', "AND OR NOT", "%_\\", "*", "(", "' OR 1=1 --"]:
        identifiers(seeded, q=nasty)


def test_unusable_values_are_ignored_and_round_trip():
    f = WorkItemFilter.from_args({"status": "bogus", "year": "20x4", "topic": " S5 ", "q": ""})
    assert f.as_args() == {"topic": "S5"}
    assert WorkItemFilter.from_args(f.as_args()) == f


# A value is reported unusable exactly when the page would drop it, so a page that says
# nothing applied every filter it was given.
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(
    st.sampled_from(("status", "type", "year")),
    st.one_of(st.sampled_from(("active", "published", "guide", "2024", " 2024 ", "٢٠٢٤",
                               "20x4", "22", "done", " proposed", "")),
              st.text(max_size=6))))
def test_a_value_is_unusable_exactly_when_the_filter_drops_it(args):
    dropped = {name for name, value in args.items()
               if value.strip() and getattr(WorkItemFilter.from_args(args), name) is None}
    assert set(WorkItemFilter.unusable(args)) == dropped


def test_a_program_is_told_every_unusable_value_at_once():
    with pytest.raises(ValidationError) as refused:
        WorkItemFilter.checked({"status": "done", "type": "norm", "year": "22", "q": "x" * 201})
    assert set(refused.value.errors) == {"status", "type", "year", "q"}
    assert WorkItemFilter.checked({"year": " 2024 "}).year == 2024  # as the page reads it
