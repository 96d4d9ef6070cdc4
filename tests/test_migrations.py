"""Migrations on both databases: upgrade from empty, no drift from the models, downgrade."""
import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from roadmap import migrate, search_index
from roadmap.db import Base
from tests.conftest import BACKENDS


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    return request.getfixturevalue("pg_schemas").create("roadmap_migrations")


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names


def model_tables(url: str) -> set[str]:
    return {name for name in tables(url) if not search_index.is_search_object(name)}


def test_upgrade_check_and_downgrade(empty_url):
    migrate.upgrade(empty_url)
    assert model_tables(empty_url) == set(Base.metadata.tables) | {"alembic_version"}
    command.check(migrate.alembic_config(empty_url))  # raises when the models drifted
    migrate.downgrade(empty_url)
    assert tables(empty_url) <= {"alembic_version"}  # the search index is gone too
