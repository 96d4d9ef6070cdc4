"""Run Alembic from code, so `init-db`, `python app.py` and the tests share one path."""
from __future__ import annotations

import functools

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from .config import ROOT


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


@functools.cache
def head() -> str:
    """The newest revision of the schema."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_empty(engine: Engine) -> bool:
    """Tell whether the roadmap holds no organization and no topic yet."""
    from sqlalchemy import text
    if not inspect(engine).has_table("organizations"):
        return True
    with engine.connect() as conn:
        return not conn.execute(text("SELECT 1 FROM organizations UNION ALL "
                                     "SELECT 1 FROM topics LIMIT 1")).first()


def pending(engine: Engine) -> tuple[str | None, str]:
    """Return (the database's revision, the newest revision); equal when up to date."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision(), head
