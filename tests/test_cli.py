import json

import pytest
from sqlalchemy import func, select

from roadmap.models import WorkItem
from tests.factories import small_bundle


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def invoke(runner, *args):
    return runner.invoke(args=["roadmap", *args])


def write(path, document):
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_import_export_json_and_csv(runner, tmp_path):
    result = invoke(runner, "import", write(tmp_path / "b.json", small_bundle()))
    assert result.exit_code == 0, result.output
    assert "work items: 2 created" in result.output
    assert invoke(runner, "export", "--format", "json", "--output",
                  str(tmp_path / "out.json")).exit_code == 0
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(exported["work_items"]) == 2
    assert invoke(runner, "export", "--format", "csv", "--output",
                  str(tmp_path / "out.csv")).exit_code == 0
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbforganization,")
    again = invoke(runner, "import", str(tmp_path / "out.csv"))
    assert "work items: 2 unchanged" in again.output


def test_dry_run_writes_nothing(runner, app, tmp_path):
    result = invoke(runner, "import", "--dry-run", write(tmp_path / "b.json", small_bundle()))
    assert "Dry run: nothing was written." in result.output
    with app.app_context():
        from roadmap.db import get_session
        assert get_session().scalar(select(func.count()).select_from(WorkItem)) == 0


def test_a_broken_file_exits_non_zero_with_every_error(runner, tmp_path):
    broken = small_bundle()
    broken["work_items"][0]["topics"][0]["code"] = "S55"
    broken["work_items"][1]["type"] = "norm"
    result = invoke(runner, "import", write(tmp_path / "broken.json", broken))
    assert result.exit_code == 1
    assert "broken.json was not imported; nothing was changed." in result.output
    assert 'work_items[1].type: "norm" is not one of' in result.output


def test_an_unknown_file_type_is_refused(runner, tmp_path):
    (tmp_path / "items.xls").write_bytes(b"")
    result = invoke(runner, "import", str(tmp_path / "items.xls"))
    assert result.exit_code == 1
    assert '"items.xls" is not one of: .json (a roadmap bundle)' in result.output
    assert ".xlsx (work items (XLSX))" in result.output  # the same words as /import


def test_the_command_line_imports_a_workbook_as_the_import_page_does(runner, tmp_path):
    from openpyxl import Workbook
    invoke(runner, "seed")
    book = Workbook()
    book.active.title = "Work items"
    book.active.append(["organization", "identifier", "title", "type", "status", "topics"])
    book.active.append(["ITU-T", "Y.9999", "A text from a workbook", "recommendation",
                        "in_development", "S5:core"])
    book.save(tmp_path / "items.xlsx")
    result = invoke(runner, "import", str(tmp_path / "items.xlsx"))
    assert result.exit_code == 0, result.output
    assert "work items: 1 created" in result.output


def test_seed_loads_the_seed_roadmap(runner):
    result = invoke(runner, "seed")
    assert result.exit_code == 0, result.output
    assert "work items:" in result.output and "created" in result.output


def test_commands_refuse_a_database_behind_the_code(tmp_path):
    from roadmap import create_app, migrate
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrate.upgrade(url, "0001")
    app = create_app({"DATABASE_URL": url})
    result = app.test_cli_runner().invoke(args=["roadmap", "gaps"])
    assert result.exit_code == 1
    assert "schema revision 0001" in result.output and "roadmap init-db" in result.output
    assert app.test_cli_runner().invoke(args=["roadmap", "init-db"]).exit_code == 0
    assert app.test_cli_runner().invoke(args=["roadmap", "gaps"]).exit_code == 0
    app.extensions["roadmap.engine"].dispose()


def test_editions_on_the_command_line(runner, tmp_path):
    assert invoke(runner, "import", write(tmp_path / "b.json", small_bundle())).exit_code == 0
    published = invoke(runner, "edition", "publish", "--title", "March", "--date", "2027-03-01")
    assert published.exit_code == 0, published.output
    assert published.output.startswith("Published Edition 1 (2027-03-01): 2 work items, ")
    refused = invoke(runner, "edition", "publish", "--title", " ", "--date", "2027-02-30")
    assert refused.exit_code == 1 and "title: is required" in refused.output \
        and 'date: "2027-02-30" is not a date' in refused.output
    assert "Edition 1 (2027-03-01)  March" in invoke(runner, "edition", "list").output
    invoke(runner, "import", write(tmp_path / "c.json", {
        "format": "ssc-roadmap-bundle", "version": 1, "work_items": [{
            "organization": "ISO", "identifier": "ISO 2", "title": "New", "type": "other",
            "status": "proposed"}]}))
    text = invoke(runner, "edition", "diff", "1", "live")
    assert text.exit_code == 0 and "ISO 2" in text.output and "New projects started: 1" in text.output
    assert json.loads(invoke(runner, "edition", "diff", "1", "live", "--format", "json").output)[
        "summary"]["changes"]["work_items_added"] == 1
    assert "needs --output" in invoke(runner, "edition", "diff", "1", "live", "--format", "docx").output
    assert "there is no edition 7 (editions: 1)" in invoke(runner, "edition", "diff", "1", "7").output
    first = tmp_path / "e1.docx"
    assert invoke(runner, "export", "--edition", "1", "--format", "docx", "--output", str(first)).exit_code == 0
    again = tmp_path / "e1-again.docx"
    invoke(runner, "export", "--edition", "1", "--format", "docx", "--output", str(again))
    assert first.read_bytes() == again.read_bytes()
    backup = tmp_path / "backup.json"
    invoke(runner, "export", "--format", "json", "--with-editions", "--output", str(backup))
    assert [e["title"] for e in json.loads(backup.read_text())["editions"]] == ["March"]
    assert "--with-editions goes with --format json" in invoke(
        runner, "export", "--format", "csv", "--with-editions", "--output", str(tmp_path / "x")).output
    assert invoke(runner, "edition", "delete", "1", "--yes").output == "Deleted Edition 1.\n"
    assert invoke(runner, "edition", "publish", "--title", "Next").output.startswith(
        "Published Edition 2 ")
