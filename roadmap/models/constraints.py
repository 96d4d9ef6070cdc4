"""Check constraints that several tables share."""
from __future__ import annotations

from sqlalchemy import CheckConstraint


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


def partial_date(column: str) -> CheckConstraint:
    # e.g. "2018", "2018-07", "2018-07-15"; services check the calendar
    return CheckConstraint(f"{column} IS NULL OR length({column}) IN (4, 7, 10)",
                           name=f"{column}_partial_date")
