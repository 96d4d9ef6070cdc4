"""Each body's identifier and stage rules, over generated identifiers (Hypothesis)."""
from hypothesis import given, strategies as st

from roadmap.interchange import catalogue_rules as rules
from roadmap.vocab import STATUSES

series = st.sampled_from("FGHLQXY")
numbers = st.builds(lambda s, n: f"{s}.{n}", series, st.integers(1, 9999))
editions = st.tuples(st.integers(1, 12), st.integers(1988, 2030))


@given(st.lists(numbers, min_size=1, max_size=2, unique=True), editions)
def test_an_itu_edition_is_keyed_by_its_numbers(parts, edition):
    month, year = edition
    number = "/".join(parts)
    doc = rules.document(f"ITU-T {number} ({month:02}/{year})")
    assert (doc.organization, doc.identifier, doc.numbers, doc.part, doc.edition) == (
        "ITU-T", number, tuple(parts), None, f"{year}-{month:02}")


@given(numbers, editions, editions, st.sampled_from(["Cor", "Amd"]), st.integers(1, 9))
def test_an_itu_corrigendum_or_amendment_belongs_to_its_base(number, base, edition, part, n):
    text = f"ITU-T {number} ({base[0]:02}/{base[1]}) {part}. {n} ({edition[0]:02}/{edition[1]})"
    doc = rules.document(text)
    assert (doc.identifier, doc.part) == (number, part)


@given(st.integers(0, 99), st.integers(0, 99))
def test_every_stage_code_has_a_status_that_grows_with_the_stage(major, minor):
    found = rules.status(f"{major:02}.{minor:02}", "ISO")
    assert found in STATUSES
    if major < 60:
        assert found == "in_development"
    elif major >= 90 and found != "withdrawn":
        assert found == "published"


@given(st.text(max_size=60))
def test_any_identifier_is_keyed_or_left_alone_never_an_error(text):
    doc = rules.document(text)
    assert doc is None or doc.identifier and doc.numbers
