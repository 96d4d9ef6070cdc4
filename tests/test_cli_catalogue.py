"""`roadmap catalogue import`: preview, JSON, accepting candidates, the candidates CSV."""
import json

import pytest
from sqlalchemy import select

from roadmap.db import get_session
from roadmap.models import WorkItem
from tests.interchange.test_catalogue import FIXTURES, ROADMAP
from tests.test_cli import invoke, write

ITU = str(FIXTURES / "itu")


@pytest.fixture
def runner(app, tmp_path):
    runner = app.test_cli_runner()
    assert invoke(runner, "import", write(tmp_path / "roadmap.json", ROADMAP)).exit_code == 0
    return runner


def identifiers(app) -> set[str]:
    with app.app_context():
        return set(get_session().scalars(select(WorkItem.identifier)))


def test_a_dry_run_previews_in_words_and_writes_nothing(runner, app):
    result = invoke(runner, "catalogue", "import", ITU, "--committee", "SG20", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "ITU-T Y.4236: status approved -> published  (data/itu-t-y-4236-09-2025.yaml)" \
        in result.output
    assert "Candidates of ITU-T SG20: 2" in result.output
    assert "  Y.4051  Vocabulary for smart cities and communities  [G1 core]" in result.output
    assert result.output.rstrip().endswith("Dry run: nothing was written.")
    with app.app_context():
        assert get_session().scalar(select(WorkItem.status).where(
            WorkItem.identifier == "Y.4236")) == "approved"


def test_json_gives_counts_and_records(runner):
    result = invoke(runner, "catalogue", "import", ITU, "--json", "--dry-run",
                    "--committee", "ITU-T:SG20")
    preview = json.loads(result.output)
    assert preview["counts"] == {"files": 11, "broken": 0, "changes": 10, "conflicts": 0,
                                 "new_editions": 0, "candidates": 2}
    assert {c["identifier"] for c in preview["candidates"]} == {"Y.4051", "Y.4052"}


def test_accepted_candidates_are_added_with_their_topics(runner, app):
    result = invoke(runner, "catalogue", "import", ITU, "--committee", "SG20",
                    "--accept", "Y.4051", "--accept", "Y.4052=I3:core,G1:supporting")
    assert result.exit_code == 0, result.output
    assert {"Y.4051", "Y.4052"} <= identifiers(app)
    again = invoke(runner, "catalogue", "import", ITU, "--committee", "SG20")
    assert "Changes to tracked work items: 0" in again.output and "Nothing to write." in again.output


@pytest.mark.parametrize("option, message", [
    (("--committee", "SG99"), '--committee "SG99": the roadmap has no such committee'),
    (("--committee", "SG20", "--accept", "Y.9999"),
     '--accept "Y.9999": not a candidate of this catalogue'),
])
def test_wrong_options_are_refused_in_words(runner, app, option, message):
    before = identifiers(app)
    result = invoke(runner, "catalogue", "import", ITU, *option)
    assert result.exit_code == 1 and message in result.output
    assert "nothing was changed" in result.output and identifiers(app) == before


def test_the_candidates_csv_imports_as_it_is(runner, app, tmp_path):
    sheet = tmp_path / "candidates.csv"
    invoke(runner, "catalogue", "import", ITU, "--committee", "SG20", "--dry-run",
           "--candidates-csv", str(sheet))
    result = invoke(runner, "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert {"Y.4051", "Y.4052"} <= identifiers(app)


def test_a_broken_file_refuses_the_catalogue_unless_skipped(runner, tmp_path):
    import shutil
    folder = tmp_path / "itu"
    shutil.copytree(FIXTURES / "itu", folder)
    (folder / "data" / "zz.yaml").write_text("docidentifier: [unclosed\n")
    refused = invoke(runner, "catalogue", "import", str(folder), "--dry-run")
    assert refused.exit_code == 1 and "data/zz.yaml: line 2, column 1" in refused.output
    skipped = invoke(runner, "catalogue", "import", str(folder), "--dry-run", "--skip-broken")
    assert "12 files read, 1 broken and skipped" in skipped.output
    assert "broken: data/zz.yaml: line 2, column 1" in skipped.output
