"""Alembic environment: the models' metadata, batch mode for SQLite's ALTER TABLE."""
import os

from alembic import context

from roadmap import models, search_index  # noqa: F401  (models registers every table)
from roadmap.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    return url or os.environ.get("ROADMAP_DATABASE_URL", "sqlite:///instance/roadmap.sqlite")


def include_name(name, type_, parent_names) -> bool:
    """Leave the search index's objects, made outside the models, to their own migration."""
    return not search_index.is_search_object(name)


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True, include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
