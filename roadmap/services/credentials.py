"""What the account services share: the password hasher and the plain Account of a user."""
from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher

from ..models import User
from ..permissions import Account

# argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def account_of(user: User) -> Account:
    return plain_account(user.id, user.email, user.role, (o.acronym for o in user.organizations),
                         user.display_name)


def plain_account(user_id: int, email: str, role: str, acronyms: Iterable[str],
                  display_name: str | None) -> Account:
    """The Account of a user read as plain columns (`account_of` for a loaded User)."""
    return Account(user_id, email, role, tuple(sorted(acronyms)), display_name or "")
