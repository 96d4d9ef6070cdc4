"""The matrix's cells: covered, partial or empty for one organization, each with a title."""
from roadmap.read.lists import get_matrix
from tests.factories import make_leaves, make_organization, make_work_item


def _cells(session):
    matrix = get_matrix(session)
    return {(row.code, org): cell for group in matrix.groups for row in group.rows
            for org, cell in zip(matrix.organizations, row.cells)}


def test_a_cell_title_names_organization_topic_and_counts_by_status(session):
    make_organization(session, "ISO")
    make_leaves(session, "S5")
    make_work_item(session, "ISO 1", "ISO", topic_codes=["S5"])
    make_work_item(session, "ISO 2", "ISO", topic_codes=["S5"])
    make_work_item(session, "ISO/DIS 3", "ISO", status="in_development", topic_codes=["S5"])
    cell = _cells(session)["S5", "ISO"]
    assert (cell.count, cell.status, cell.state) == (3, "published", "covered")
    assert cell.title == "ISO on S5 Topic S5: 2 published, 1 in development"


def test_drafts_or_supporting_texts_only_make_a_partial_cell(session):
    for acronym in ("ISO", "IEC"):
        make_organization(session, acronym)
    make_leaves(session, "S5")
    make_work_item(session, "ISO/DIS 1", "ISO", status="in_development", topic_codes=["S5"])
    make_work_item(session, "IEC 2", "IEC", topics=[{"code": "S5", "relevance": "supporting"}])
    cells = _cells(session)
    assert cells["S5", "ISO"].state == cells["S5", "IEC"].state == "partial"
    assert cells["S5", "IEC"].title.startswith("IEC on S5 Topic S5: 1 published (partial)")


def test_an_empty_cell_has_a_title_too(session):
    for acronym in ("ISO", "IEC"):
        make_organization(session, acronym)
    make_leaves(session, "S5", "S6")
    make_work_item(session, "ISO 1", "ISO", topic_codes=["S5"])
    make_work_item(session, "IEC 1", "IEC", topic_codes=["S6"])
    cell = _cells(session)["S5", "IEC"]
    assert (cell.count, cell.state) == (0, "uncovered")
    assert cell.title == "IEC on S5: no active work"


def test_withdrawn_work_is_not_counted(session):
    make_organization(session, "ISO")
    make_leaves(session, "S5", "S6")
    make_work_item(session, "ISO 1", "ISO", topic_codes=["S6"])
    make_work_item(session, "ISO 2", "ISO", status="withdrawn", topic_codes=["S5"])
    assert _cells(session)["S5", "ISO"].count == 0
