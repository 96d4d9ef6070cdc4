"""SQLite under several writers: writers queue for the lock instead of failing."""
import threading

from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from roadmap.db import begin_write, make_engine
from roadmap.interchange import importer


def test_concurrent_writers_wait_their_turn(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    setup = create_engine(url)
    with setup.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    setup.dispose()
    engine = make_engine(url)
    errors = []

    def bump():
        try:
            for _ in range(20):
                with Session(engine) as session:
                    begin_write(session)
                    n = session.execute(text("SELECT n FROM counter")).scalar()
                    session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
                    session.commit()
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(error)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        total = conn.execute(text("SELECT n FROM counter")).scalar()
    engine.dispose()
    assert errors == [] and total == 80  # no lost update, no "database is locked"


def test_a_reader_does_not_take_the_write_lock(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite'}")
    with Session(engine) as reader, Session(engine) as writer:
        reader.execute(text("SELECT 1"))  # a deferred transaction holds no lock
        begin_write(writer)
        writer.execute(text("CREATE TABLE t (x INTEGER)"))
        writer.commit()
    engine.dispose()


def test_a_save_that_lost_a_race_becomes_a_conflict(session):
    import pytest
    from roadmap.db import commit, new_session
    from roadmap.errors import Conflict
    from roadmap.models import WorkItem
    from tests.factories import ADMIN
    from tests.factories import small_bundle
    if session.get_bind().dialect.name == "sqlite":
        pytest.skip("SQLite writers begin immediately (see above), so two saves never interleave")
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    mine = session.scalar(select(WorkItem).where(WorkItem.identifier == "Y.4490"))
    with new_session() as theirs:  # saves first, while mine is open
        other = theirs.get(WorkItem, mine.id)
        other.title = "Theirs"
        theirs.commit()
    mine.title = "Mine"
    with pytest.raises(Conflict):
        commit(session)
