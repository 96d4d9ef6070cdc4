"""What the account services share: the password hasher and the plain Account of a user."""
from __future__ import annotations

from argon2 import PasswordHasher

from ..models import User
from ..permissions import Account

# argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def account_of(user: User) -> Account:
    return Account(user.id, user.email, user.role,
                   tuple(sorted(o.acronym for o in user.organizations)), user.display_name or "")
