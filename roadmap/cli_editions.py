"""`flask --app app roadmap edition ...`: publish, list, compare and delete editions."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from . import edition_copies
from .cli_common import write
from .db import get_session
from .exporters import COMPARISONS, render_comparison
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


@edition.command("diff")
@click.argument("before", type=int)
@click.argument("after")
@click.option("--format", "fmt", type=click.Choice(list(COMPARISONS)), default="text",
              show_default=True, help="docx and xlsx are the progress report.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; text, md and json print when it is left out.")
def diff(before: int, after: str, fmt: str, output: Path | None) -> None:
    """What changed from edition BEFORE to edition AFTER (a number, or "live" for today)."""
    if after != "live" and not after.isdecimal():
        raise click.BadParameter('an edition number, or "live"', param_hint="AFTER")
    if output is None and COMPARISONS[fmt].binary:
        raise click.UsageError(f"--format {fmt} needs --output FILE")
    session = get_session()
    numbers = [e.number for e in editions.list_editions(session)]
    missing = [n for n in (before, None if after == "live" else int(after)) if n is not None
               and n not in numbers]
    if missing:
        raise click.ClickException(f"there is no edition {missing[0]} (editions: "
                                   f"{', '.join(map(str, sorted(numbers))) or 'none yet'})")
    comparison = editions.comparison(session, before, None if after == "live" else int(after))
    body = render_comparison(comparison, fmt, name=current_app.config["ROADMAP_NAME"])
    if output is not None:
        output.write_bytes(body)
        click.echo(f"Wrote {output}.")
    else:
        click.echo(body.decode("utf-8"), nl=False)


@edition.command("delete")
@click.argument("number", type=int)
@click.option("--yes", is_flag=True, help="Do not ask again.")
def delete(number: int, yes: bool) -> None:
    """Delete an edition whole; its number is never given again."""
    if not yes:
        click.confirm(f"Delete Edition {number} for good?", abort=True)
    write(lambda session: edition_service.delete(session, number, actor=COMMAND_LINE))
    edition_copies.prune(current_app, get_session())
    click.echo(f"Deleted Edition {number}.")
