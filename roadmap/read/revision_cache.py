"""Whole-roadmap results kept per process under the revision they were computed at.

The gap report, the matrix and the filter choices read the whole roadmap; each is
computed once per revision (roadmap/revision.py), and reused until a write changes the
revision, as are the lists' counts (read/common.py). What one process computes it also shares (roadmap/shared_results.py: the
database, or Redis), so another worker or host at the same revision loads it instead.
A result kept here may read only what the revision covers.
"""
from __future__ import annotations

import threading
import weakref
from typing import Any, Callable

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .. import revision, shared_results

_caches: "weakref.WeakKeyDictionary[Engine, dict[str, tuple[str, Any]]]" = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


def per_revision(session: Session, name: str, compute: Callable[[], Any], *,
                 shared: bool = False) -> Any:
    """Return `compute()`, reusing the value computed at the same revision in this process,
    or, when `shared`, in another process that stored it (a result dear enough to share:
    one shared lookup is a statement of its own).

    A session with writes of its own not yet committed always computes afresh, and what
    it computes is not kept.
    """
    if revision.pending(session):
        return compute()
    stored = revision.current(session)
    if stored is None:
        return compute()
    store = _caches.setdefault(session.get_bind(), {})
    hit = store.get(name)
    if hit is not None and hit[0] == stored:
        return hit[1]
    bind = session.get_bind()
    shared = shared and shared_results.enabled(bind)
    value = shared_results.get(session, name, stored) if shared else None
    if value is None:
        with shared_results.Cost() as cost:
            value = compute()
        if shared and shared_results.worth_sharing(bind, cost.seconds):
            shared_results.put(bind, name, stored, value)
    with _lock:
        store[name] = (stored, value)
    return value
