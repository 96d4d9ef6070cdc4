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
