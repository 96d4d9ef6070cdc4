"""Fixtures: every database test runs on SQLite and, when configured, on PostgreSQL."""
from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text

from alembic import command

from roadmap import create_app, migrate, search_index
from roadmap.db import Base, get_session

# Property tests: a fixed, quick set by default; HYPOTHESIS_PROFILE=thorough for a long run.
_PATIENT = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                      HealthCheck.too_slow])
settings.register_profile("ci", max_examples=12, derandomize=True, **_PATIENT)
settings.register_profile("thorough", max_examples=300, **_PATIENT)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PG_URL = os.environ.get("ROADMAP_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def with_schema(url: str, schema: str) -> str:
    """Point a PostgreSQL URL at one schema, so test runs never touch each other's tables."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


class PostgresSchemas:
    """Create throw-away schemas in the test database and drop them at the end."""

    def __init__(self, url: str):
        self.url = url
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self, prefix: str) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        self.created.append(name)
        return with_schema(self.url, name)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_schemas():
    if not PG_URL:
        pytest.skip("ROADMAP_TEST_POSTGRES_URL is not set")
    schemas = PostgresSchemas(PG_URL)
    yield schemas
    schemas.drop_all()


@pytest.fixture(scope="session")
def pg_roadmap_url(pg_schemas):
    """One PostgreSQL schema with the roadmap tables, emptied before each test."""
    url = pg_schemas.create("roadmap_test")
    create_schema(url)
    return url


def create_schema(url: str) -> None:
    """Create the tables and the search indexes, as the migrations would (but faster)."""
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        search_index.create(conn)
        search_index.create_identifier_index(conn)
    engine.dispose()
    command.stamp(migrate.alembic_config(url), "head")  # test_migrations proves it is head


def _truncate(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'roadmap.sqlite'}"
        create_schema(url)
        return url
    url = request.getfixturevalue("pg_roadmap_url")
    _truncate(url)
    return url


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": True,
                      "EDITION_COPIES": str(tmp_path / "editions"),
                      # whether a result is stored for other workers depends on how long it
                      # took; statement counts must not: only tests that ask for it share
                      "SHARED_RESULTS_AFTER_MS": "3600000"})
    yield app
    app.extensions["roadmap.engine"].dispose()


@pytest.fixture
def session(app):
    with app.app_context():
        yield get_session()


@pytest.fixture
def client(app):
    return app.test_client()
