"""`flask --app app roadmap edition ...`: publish, list, compare and delete editions."""
from __future__ import annotations

import click

from .cli_common import write
from .db import get_session
from .permissions import COMMAND_LINE
from .read import editions
from .services import editions as edition_service


@click.group("edition")
def edition() -> None:
    """Publish the roadmap in numbered editions, list them, compare two."""


@edition.command("publish")
@click.option("--title", required=True, help='How it is cited, e.g. "Edition 3 (2027-03)".')
@click.option("--date", "day", help="YYYY-MM-DD; today when left out.")
@click.option("--note", help="What the edition is for, e.g. the meeting that agreed it.")
def publish(title: str, day: str | None, note: str | None) -> None:
    """Freeze the roadmap as it stands now as the next edition."""
    outcome = write(lambda session: edition_service.publish(
        session, {"title": title, "date": day, "note": note}, actor=COMMAND_LINE),
        failed="Nothing was published:\n")
    row = editions.get_edition(get_session(), outcome.record.number)
    click.echo(f"Published {row.label}: {row.work_items} work items, "
               f"{row.stored_bytes:,} bytes stored.")


@edition.command("list")
def list_editions() -> None:
    """Every edition, newest first."""
    rows = editions.list_editions(get_session())
    if not rows:
        click.echo("No edition has been published yet.")
    for row in rows:
        click.echo(f"{row.label}  {row.title}  ({row.work_items} work items, "
                   f"published by {row.published_by})")


@edition.command("delete")
@click.argument("number", type=int)
@click.option("--yes", is_flag=True, help="Do not ask again.")
def delete(number: int, yes: bool) -> None:
    """Delete an edition whole; its number is never given again."""
    if not yes:
        click.confirm(f"Delete Edition {number} for good?", abort=True)
    write(lambda session: edition_service.delete(session, number, actor=COMMAND_LINE))
    click.echo(f"Deleted Edition {number}.")
