"""What the command line's commands share: one way to write, and to fail, in words."""
from __future__ import annotations

from typing import Callable

import click

from .db import begin_write, commit, get_session
from .errors import Conflict, NotFound, ValidationError
from .interchange.problems import FileRefused


def write(work: Callable, *, dry_run: bool = False, failed: str = ""):
    """Run `work(session)` as a writer and commit it (or roll back on a dry run).

    A refusal of any kind ends the command with its message; nothing is written then.
    """
    session = get_session()
    begin_write(session)
    try:
        result = work(session)
        if dry_run:
            session.rollback()
        else:
            commit(session)
    except FileRefused as error:
        raise click.ClickException(failed + "\n".join(error.errors)) from None
    except ValidationError as error:
        raise click.ClickException(failed + error.describe()) from None
    except (NotFound, Conflict) as error:
        raise click.ClickException(failed + str(error)) from None
    return result
