"""Search inside identifiers and words, served by the indexes on both databases."""
from __future__ import annotations

import re

from hypothesis import given, strategies as st
from sqlalchemy import select, text

from roadmap import search_index
from roadmap.interchange import importer
from roadmap.interchange.bundle import FORMAT, VERSION
from roadmap.models import Organization, WorkItem
from roadmap.read import filters
from roadmap.read.filters import WorkItemFilter
from tests.factories import ADMIN

ALPHABET = "aBc1 2/-:.\"%_\\*()"


def load(session, identifiers: list[str]) -> None:
    document = {"format": FORMAT, "version": VERSION,
                "organizations": [{"acronym": "ONE", "name": "One", "kind": "international_sdo"}],
                "work_items": [{"organization": "ONE", "identifier": i, "title": "—",
                                "type": "other", "status": "proposed"} for i in identifiers]}
    importer.import_document(session, document, replace=True, actor=ADMIN)
    session.commit()


def found(session, q: str) -> set[str]:
    ids = filters.matching_ids(session, WorkItemFilter(q=q))
    return set(session.scalars(select(WorkItem.identifier).where(WorkItem.id.in_(ids))))


identifier = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)


@given(st.lists(identifier, min_size=1, max_size=12, unique_by=str.lower), st.data())
def test_every_identifier_holding_the_fragment_is_found(session, identifiers, data):
    load(session, identifiers)
    source = data.draw(st.sampled_from(identifiers))
    start = data.draw(st.integers(0, len(source) - 1))
    q = data.draw(st.one_of(st.just(source[start:start + data.draw(st.integers(1, 6))]),
                            st.text(ALPHABET, min_size=1, max_size=5)))
    fragment = q.strip()
    holding = {i for i in identifiers if fragment.lower() in i.lower()}
    result = found(session, q)
    assert holding <= result
    if not search_index.words(q):  # no word to match in the text: the fragment alone counts
        assert result == holding


def test_a_search_finds_inside_identifiers_across_punctuation_and_case(session):
    load(session, ["ISO/IEC 30145-1", "ISO/IEC 30146", "Y.4600", "Y.4600.1"])
    assert found(session, "30145") == {"ISO/IEC 30145-1"}
    assert found(session, "iec 3014") == {"ISO/IEC 30145-1", "ISO/IEC 30146"}
    assert found(session, "5-1") == {"ISO/IEC 30145-1"}  # shorter than a trigram: a scan
    assert found(session, "600.1") == {"Y.4600.1"}
    assert found(session, '"') == set() and found(session, "\x00") == set()


def plan(session, q: str) -> str:
    """The database's plan for the list's search (on PostgreSQL, whether the condition can
    be answered by an index at all: on a table this small a full scan would win)."""
    bind = session.get_bind()
    stmt = filters.apply(select(WorkItem.id).join(WorkItem.organization),
                         WorkItemFilter(q=q), bind.dialect.name)
    cursor = session.connection().connection.cursor()
    if bind.dialect.name == "sqlite":
        sql = stmt.compile(bind, compile_kwargs={"literal_binds": True})
        return "\n".join(row[3] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
    compiled = stmt.compile(bind, compile_kwargs={"render_postcompile": True})
    cursor.execute("SET LOCAL enable_seqscan = off")  # nor walk a whole b-tree instead
    cursor.execute("SET LOCAL enable_indexscan = off")
    cursor.execute(f"EXPLAIN {compiled}", compiled.params)
    return "\n".join(row[0] for row in cursor.fetchall())


def test_search_is_answered_by_the_indexes(session):
    load(session, [f"ISO {n}" for n in range(40)])
    shown = plan(session, "standard 12")
    if session.get_bind().dialect.name == "sqlite":
        assert f"{search_index.FTS_TABLE} VIRTUAL TABLE INDEX" in shown
        assert f"{search_index.IDS_TABLE} VIRTUAL TABLE INDEX" in shown
        assert not re.search(r"^SCAN (work_items|found)\b", shown, re.M), shown  # no full scan
    else:
        assert search_index.PG_INDEX in shown and search_index.PG_IDS_INDEX in shown, shown
        assert "Seq Scan on work_items" not in shown, shown
    session.rollback()


def test_a_short_fragment_never_computes_every_rows_document(session):
    load(session, [f"ISO {n}" for n in range(40)])
    shown = plan(session, "12")
    if session.get_bind().dialect.name == "sqlite":
        assert f"{search_index.FTS_TABLE} VIRTUAL TABLE INDEX" in shown
    else:  # the words through their index, apart from the fragment (no trigram to look up):
        # an OR would make the planner compute every row's document once the table is large
        assert search_index.PG_INDEX in shown and "Append" in shown, shown
        assert "BitmapOr" not in shown and not re.search(r"Filter: .*to_tsvector", shown), shown
    session.rollback()
