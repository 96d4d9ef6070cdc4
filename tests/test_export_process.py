"""An export made in a child process is the export made inline, byte for byte; a child's
failure comes back as an error in words, never as a hang."""
import datetime as dt

import pytest

from roadmap import collector, export_process
from roadmap.export_process import Database, ExportFailed, ExportJob
from roadmap.interchange import importer
from roadmap.read.filters import WorkItemFilter
from tests.exporters.test_exports import export_bundle_document
from tests.factories import ADMIN

DAY = dt.date(2026, 11, 25)  # Office files are dated by the export, so both runs agree
JOBS = [ExportJob("docx", WorkItemFilter(), "Roadmap", today=DAY),
        ExportJob("docx", WorkItemFilter(topic="S5"), "Roadmap", {"layout": "portrait"}, DAY),
        ExportJob("xlsx", WorkItemFilter(organization="ISO"), "Roadmap", today=DAY),
        *(ExportJob("csv", WorkItemFilter(), "Roadmap", {"table": table}, DAY)
          for table in ("items", "topics", "gaps", "matrix")),
        ExportJob("csv", WorkItemFilter(), "Roadmap", {"table": "items"}, DAY, True),
        ExportJob("md", WorkItemFilter(), "Roadmap", today=DAY),
        ExportJob("json", WorkItemFilter(organization="ITU-T"), "Roadmap", today=DAY)]


@pytest.fixture
def roadmap(app, session, database_url):
    importer.import_document(session, export_bundle_document(), actor=ADMIN)
    session.commit()
    return Database(database_url)


@pytest.mark.parametrize("job", JOBS, ids=lambda j: f"{j.fmt}-{'-'.join(j.options.values())}")
def test_an_export_made_in_a_child_is_the_same_bytes_as_one_made_inline(roadmap, session, job):
    inline = export_process.produce(session, job)
    made = export_process.in_child(roadmap, job)
    with made.file:
        assert made.file.read() == inline
    assert made.seconds > 0 and made.peak_mib > 10
    assert len(inline) > 100


def test_the_file_a_child_wrote_is_gone_once_read(roadmap):
    made = export_process.in_child(roadmap, JOBS[3]).file
    with made:
        assert made.read().startswith(b"\xef\xbb\xbforganization,")
    with pytest.raises(FileNotFoundError):
        open(made.name, "rb")


def test_a_child_that_cannot_read_its_database_says_why(tmp_path):
    missing = Database(f"sqlite:///{tmp_path / 'no-such-folder' / 'roadmap.sqlite'}")
    with pytest.raises(ExportFailed, match="unable to open database file"):
        export_process.in_child(missing, JOBS[3])


def test_a_child_that_outlives_its_time_is_stopped(roadmap):
    with pytest.raises(ExportFailed, match="took longer than 0.01 seconds and was stopped"):
        export_process.in_child(roadmap, JOBS[0], timeout=0.01)


def test_the_gc_is_paused_within_and_as_it_was_after():
    import gc
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
