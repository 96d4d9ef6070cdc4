"""`flask --app app roadmap ...`: the command line, calling the same services as the pages."""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import cli_catalogue, cli_editions, edition_copies, migrate
from .cli_common import write
from .db import engine, get_session
from .errors import NotFound
from .exporters import CSV_TABLES, EXPORTERS, LAYOUTS, text_report
from .interchange import catalogue, catalogue_apply, catalogue_report, files, relaton, tabular
from .interchange.problems import FileRefused
from .permissions import COMMAND_LINE
from .read import editions, exports
from .read.filters import WorkItemFilter
from .read.gap_report import analyse_roadmap, gap_report
from .services import accounts, gap_register, passwords, tokens
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
    roadmap.add_command(cli_editions.edition)
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
    """Import a roadmap bundle (.json) or work items (.csv, .xlsx)."""
    report = _import(file, dry_run=dry_run, replace=replace)
    click.echo(report.summary())
    click.echo("Dry run: nothing was written." if dry_run else "Imported.")


def _import(path: Path, *, dry_run: bool, replace: bool):
    data = path.read_bytes()
    return write(lambda session: files.import_file(session, path.name, data, actor=COMMAND_LINE,
                                                   replace=replace, limit=None),
                 dry_run=dry_run, failed=f"{path.name} was not imported; nothing was changed.\n")


@roadmap.group("catalogue")
def catalogue_group() -> None:
    """Keep the roadmap current from the bodies' own catalogues (Relaton YAML)."""


@catalogue_group.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--organization", "organizations", multiple=True,
              help="Only work items of this organization, e.g. ITU-T (repeatable).")
@click.option("--committee", "committees", multiple=True,
              help='List the documents of this committee the roadmap lacks: SG20, or '
                   '"ISO:TC 268" (repeatable).')
@click.option("--accept", "accepted", multiple=True,
              help='Add a candidate: "Y.4051" with its suggested topics, or '
                   '"Y.4051=G1:core,I3:supporting" (repeatable).')
@click.option("--candidates-csv", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the candidates as a work-item CSV to fill in and import.")
@click.option("--skip-broken", is_flag=True, help="Go on without the files that cannot be read.")
@click.option("--dry-run", is_flag=True, help="Preview only; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
def import_catalogue(path: Path, organizations: tuple[str, ...], committees: tuple[str, ...],
                     accepted: tuple[str, ...], candidates_csv: Path | None, skip_broken: bool,
                     dry_run: bool, as_json: bool) -> None:
    """Preview what a catalogue (a record, a folder or a .zip) changes, then apply it."""
    failed = f"{path.name} was not applied; nothing was changed.\n"
    try:  # read before the write lock is taken: a whole catalogue takes a minute
        read = relaton.read(path, skip_broken=skip_broken)
    except FileRefused as error:
        raise click.ClickException(failed + "\n".join(error.errors)) from None

    def sync(session):
        scope = cli_catalogue.resolve_committees(session, committees, set(organizations))
        plan = catalogue.plan(session, read, name=path.name, organizations=set(organizations)
                              or None, committees=scope)
        report = catalogue_apply.apply(session, plan, actor=COMMAND_LINE,
                                 accepted=cli_catalogue.accepted_topics(plan, accepted))
        return plan, report

    plan, report = write(sync, dry_run=dry_run, failed=failed)
    if as_json:
        click.echo(json.dumps(catalogue_report.as_json(plan), ensure_ascii=False, indent=1))
    else:
        click.echo(catalogue_report.as_text(plan))
        click.echo(report.summary() if report.outcomes else "Nothing to write.")
        click.echo("Dry run: nothing was written." if dry_run else "Applied.")
    if candidates_csv:
        candidates_csv.write_text(tabular.write_csv([p.record for p in plan.candidates]),
                                  encoding="utf-8-sig")


@roadmap.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORTERS)), default="json",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write, or - for standard output.")
@click.option("--table", type=click.Choice(CSV_TABLES), default=None,
              help="csv: the table to write (default: items).")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="docx: a reference .docx whose styles the export takes.")
@click.option("--layout", type=click.Choice(LAYOUTS), default=None,
              help="docx: landscape (the default) or portrait pages.")
@click.option("--include-withdrawn", is_flag=True, help="List withdrawn and superseded items.")
@click.option("--organization", help="Only work items of this organization, e.g. ITU-T.")
@click.option("--committee", help="Only work items of this committee, e.g. SG20.")
@click.option("--topic", help="A leaf topic (S5) or a group (S).")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--type", "kind", type=click.Choice(WORK_ITEM_TYPES))
@click.option("--year", type=click.IntRange(1000, 9999), help="Published, or else targeted, in.")
@click.option("--q", help="Words searched in identifier, title and summary.")
@click.option("--edition", type=int, help="The roadmap as it stood in this edition.")
@click.option("--with-editions", is_flag=True,
              help="json: add every published edition, so the backup restores them.")
def export(fmt: str, output: Path, table: str | None, template: Path | None, layout: str | None,
           include_withdrawn: bool, kind: str | None, edition: int | None, with_editions: bool,
           **values) -> None:
    """Export the roadmap, or the view the filters select, as json, csv, docx, xlsx or md."""
    exporter = EXPORTERS[fmt]
    options = {"table": table, "template": template, "layout": layout}
    for name, value in options.items():
        if value is not None and name not in exporter.options:
            raise click.UsageError(f"--{name} does not apply to --format {fmt}")
    options = {name: value for name, value in options.items() if value is not None}
    if template is not None:
        options["template"] = template.read_bytes()
    view = WorkItemFilter.from_args({name: str(value) for name, value
                                     in {**values, "type": kind}.items() if value is not None})
    session, day = _edition_session(edition) if edition is not None else (get_session(), None)
    data = exports.gather(session, view, parts=exporter.parts(**options),
                         name=current_app.config["ROADMAP_NAME"], today=day,
                         include_withdrawn=include_withdrawn)
    if with_editions:
        if fmt != "json" or edition is not None:
            raise click.UsageError("--with-editions goes with --format json, without --edition")
        data = dataclasses.replace(data, bundle={**data.bundle, "editions":
                                                 editions.backup_records(get_session())})
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


def _edition_session(number: int):
    """A session on edition `number`'s copy, and the edition's date."""
    try:
        opened = edition_copies.open_edition(current_app, get_session(), number)
    except edition_copies.EditionUnreadable as error:
        raise click.ClickException(str(error)) from None
    if opened is None:
        raise click.ClickException(f"there is no edition {number}")
    return opened[1], opened[0].date


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
    report = gap_report(get_session())
    if fmt == "json":
        click.echo(json.dumps(report.as_document(), ensure_ascii=False, indent=2))
    else:
        click.echo(text_report.gap_report(report))


@roadmap.command("register-gap")
@click.argument("topic")
def register_gap(topic: str) -> None:
    """Turn the computed gap of TOPIC into an open entry of the gap register."""
    def register(session):
        result = analyse_roadmap(session).topics.get(topic)
        if result is None:
            raise NotFound(f'"{topic}" is not a leaf topic of the roadmap')
        return gap_register.register_computed_gap(session, result, actor=COMMAND_LINE)
    outcome = write(register)
    click.echo(f"Registered {outcome.key}: {outcome.record.title}")


@roadmap.command("update-gap")
@click.argument("code")
@click.option("--status", type=click.Choice(GAP_STATUSES), required=True)
@click.option("--note", default=None, help="What happened, e.g. a new work item.")
def update_gap(code: str, status: str, note: str | None) -> None:
    """Record a dated status update of a register entry (the history is kept)."""
    write(lambda session: gap_register.add_update(session, code, actor=COMMAND_LINE,
                                                  status=status, note=note))
    click.echo(f"{code} is now {label(status).lower()}.")


@roadmap.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--organization", "organizations", multiple=True,
              help="Acronym of an organization a liaison officer follows (repeatable).")
@click.option("--name", "display_name", default="",
              help="The name history shows the public instead of the address.")
def create_user(email: str, role: str, organizations: tuple[str, ...], display_name: str) -> None:
    """Create an account; the password is asked for, or read from ROADMAP_NEW_PASSWORD."""
    password = os.environ.get("ROADMAP_NEW_PASSWORD")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    account = write(lambda session: accounts.create_user(
        session, actor=COMMAND_LINE, email=email, password=password, role=role,
        organizations=list(organizations), display_name=display_name))
    click.echo(f"Created {account.email} ({label(role).lower()}"
               + (f" of {', '.join(account.organizations)}" if account.organizations else "")
               + ").")


@roadmap.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Make a one-time link (24 hours) with which the account sets a new password."""
    def make(session):
        account = accounts.find_account(session, email)
        if account is None:
            raise NotFound(f"there is no account {email}")
        return passwords.make_reset_link(session, account.id, actor=COMMAND_LINE)
    address, token = write(make)
    click.echo(f"A one-time link for {address}, valid for 24 hours; open it on this site "
               "(it is shown only now):")
    click.echo(f"/password-reset/{token}")


@roadmap.command("create-token")
@click.argument("email")
@click.option("--name", default="API token", show_default=True, help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Make an API token for an account; the token is printed once, alone on the last line."""
    row, token = write(lambda session: tokens.create_token(session, actor=COMMAND_LINE,
                                                           email=email, name=name))
    click.echo(f'Token "{row.name}" for {email.strip().lower()} ({row.prefix}...). '
               "It is shown only now; keep it secret:")
    click.echo(token)
