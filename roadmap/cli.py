"""`flask --app app roadmap ...`: the command line, calling the same services as the pages."""
from __future__ import annotations

import json
import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import bundle, csvio, export_rows, migrate, queries, text_report
from .bundle import BundleError
from .db import begin_write, engine, get_session
from .errors import NotFound, ValidationError
from .permissions import COMMAND_LINE
from .exporters import CSV_TABLES, EXPORTERS
from .filters import WorkItemFilter
from .services import accounts, gap_register, tokens
from .vocab import GAP_STATUSES, ROLES, STATUSES, WORK_ITEM_TYPES, label

@click.group("roadmap", cls=AppGroup)
@click.pass_context
@with_appcontext
def roadmap(ctx: click.Context) -> None:
    """Manage the standardization roadmap."""
    if ctx.invoked_subcommand == "init-db":
        return
    current, head = migrate.pending(engine())
    if current != head:  # say so, instead of failing later on a missing table
        raise click.ClickException(
            f"the database is at schema revision {current or '(none)'}, this version needs "
            f"{head}: run `flask --app app roadmap init-db` first")


def init_app(app: Flask) -> None:
    app.cli.add_command(roadmap)


@roadmap.command("init-db")
def init_db() -> None:
    """Create or migrate the database schema to the newest revision."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is at the newest schema revision.")


@roadmap.command("seed")
def seed() -> None:
    """Load the seed roadmap (merging into what is there)."""
    report = load_seed()
    click.echo(report.summary())


def load_seed():
    path = Path(current_app.config["SEED_FILE"])
    return _import(path, dry_run=False, replace=False)


@roadmap.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
@click.option("--replace", is_flag=True, help="Empty the roadmap first.")
def import_file(file: Path, dry_run: bool, replace: bool) -> None:
    """Import a roadmap bundle (.json) or a CSV of work items (.csv)."""
    report = _import(file, dry_run=dry_run, replace=replace)
    click.echo(report.summary())
    click.echo("Dry run: nothing was written." if dry_run else "Imported.")


def _import(path: Path, *, dry_run: bool, replace: bool):
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise click.ClickException(f"{path.name}: the file must end in .json (a roadmap bundle) "
                                   "or .csv (work items)")
    session = get_session()
    begin_write(session)
    try:
        data = path.read_bytes()
        if suffix == ".csv":
            report = csvio.import_csv(session, data, actor=COMMAND_LINE, replace=replace)
        else:
            report = bundle.import_bundle(session, bundle.load(data), actor=COMMAND_LINE,
                                          replace=replace)
    except BundleError as error:
        raise click.ClickException(f"{path.name} was not imported; nothing was changed.\n"
                                   + "\n".join(error.errors)) from None
    if dry_run:
        session.rollback()
    else:
        session.commit()
    return report


@roadmap.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORTERS)), default="json",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write, or - for standard output.")
@click.option("--table", type=click.Choice(CSV_TABLES), default=None,
              help="csv: the table to write (default: items).")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="docx: a reference .docx whose styles the export takes.")
@click.option("--organization", help="Only work items of this organization, e.g. ITU-T.")
@click.option("--committee", help="Only work items of this committee, e.g. SG20.")
@click.option("--topic", help="A leaf topic (S5) or a group (S).")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--type", "kind", type=click.Choice(WORK_ITEM_TYPES))
@click.option("--year", type=click.IntRange(1000, 9999), help="Published, or else targeted, in.")
@click.option("--q", help="Words searched in identifier, title and summary.")
def export(fmt: str, output: Path, table: str | None, template: Path | None,
           kind: str | None, **values) -> None:
    """Export the roadmap, or the view the filters select, as json, csv, docx, xlsx or md."""
    exporter = EXPORTERS[fmt]
    options = {"table": table, "template": template}
    for name, value in options.items():
        if value is not None and name not in exporter.options:
            raise click.UsageError(f"--{name} does not apply to --format {fmt}")
    options = {name: value for name, value in options.items() if value is not None}
    if template is not None:
        options["template"] = template.read_bytes()
    view = WorkItemFilter.from_args({name: str(value) for name, value
                                     in {**values, "type": kind}.items() if value is not None})
    data = export_rows.gather(get_session(), view, parts=exporter.parts(**options),
                              name=current_app.config["ROADMAP_NAME"])
    try:
        body = exporter.render(data, **options)
    except ValueError as error:  # e.g. a template that is not a Word document
        raise click.ClickException(str(error)) from None
    if str(output) == "-":
        if exporter.binary:
            click.get_binary_stream("stdout").write(body)
        else:
            click.echo(body.decode("utf-8-sig"), nl=False)
    else:
        output.write_bytes(body)
        click.echo(f"Wrote {output}.")


def prepare_database(app: Flask) -> str | None:
    """Migrate to head and load the seed into an empty database; say what was done."""
    with app.app_context():
        migrate.upgrade(app.config["DATABASE_URL"])
        messages = []
        if migrate.is_empty(engine()):
            messages.append("Loaded the seed roadmap:\n" + load_seed().summary())
        if not accounts.count_admins(get_session()):
            messages.append("Nobody can sign in yet. Create the first admin with:\n"
                            "  flask --app app roadmap create-user you@example.org --role admin")
        return "\n".join(messages) or None


@roadmap.command("gaps")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text",
              show_default=True)
def gaps_report(fmt: str) -> None:
    """Print the computed gaps of every leaf topic and the gap register."""
    report = queries.gap_report(get_session())
    if fmt == "json":
        click.echo(json.dumps(report.as_document(), ensure_ascii=False, indent=2))
    else:
        click.echo(text_report.gap_report(report))


@roadmap.command("register-gap")
@click.argument("topic")
def register_gap(topic: str) -> None:
    """Turn the computed gap of TOPIC into an open entry of the gap register."""
    session = get_session()
    begin_write(session)
    analysis, _ = queries.analyse_roadmap(session)
    result = analysis.topics.get(topic)
    if result is None:
        raise click.ClickException(f'"{topic}" is not a leaf topic of the roadmap')
    try:
        outcome = gap_register.register_computed_gap(session, result, actor=COMMAND_LINE)
    except ValidationError as error:
        raise click.ClickException(error.describe()) from None
    session.commit()
    click.echo(f"Registered {outcome.key}: {outcome.record.title}")


@roadmap.command("update-gap")
@click.argument("code")
@click.option("--status", type=click.Choice(GAP_STATUSES), required=True)
@click.option("--note", default=None, help="What happened, e.g. a new work item.")
def update_gap(code: str, status: str, note: str | None) -> None:
    """Record a dated status update of a register entry (the history is kept)."""
    session = get_session()
    begin_write(session)
    try:
        gap_register.add_update(session, code, actor=COMMAND_LINE, status=status, note=note)
    except (ValidationError, NotFound) as error:
        raise click.ClickException(str(error)) from None
    session.commit()
    click.echo(f"{code} is now {label(status).lower()}.")


@roadmap.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--organization", "organizations", multiple=True,
              help="Acronym of an organization a liaison officer follows (repeatable).")
def create_user(email: str, role: str, organizations: tuple[str, ...]) -> None:
    """Create an account; the password is asked for, or read from ROADMAP_NEW_PASSWORD."""
    password = os.environ.get("ROADMAP_NEW_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    session = get_session()
    begin_write(session)
    try:
        account = accounts.create_user(session, actor=COMMAND_LINE, email=email,
                                       password=password, role=role,
                                       organizations=list(organizations))
    except ValidationError as error:
        raise click.ClickException(error.describe()) from None
    session.commit()
    click.echo(f"Created {account.email} ({label(role).lower()}"
               + (f" of {', '.join(account.organizations)}" if account.organizations else "")
               + ").")


@roadmap.command("create-token")
@click.argument("email")
@click.option("--name", default="API token", show_default=True, help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Make an API token for an account; the token is printed once, alone on the last line."""
    session = get_session()
    begin_write(session)
    try:
        row, token = tokens.create_token(session, actor=COMMAND_LINE, email=email, name=name)
    except (ValidationError, NotFound) as error:
        raise click.ClickException(str(error)) from None
    session.commit()
    click.echo(f'Token "{row.name}" for {email.strip().lower()} ({row.prefix}...). '
               "It is shown only now; keep it secret:")
    click.echo(token)
