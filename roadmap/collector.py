"""Pausing Python's cyclic garbage collector around work that makes many acyclic objects."""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause automatic garbage collection within the block, and leave it as it was after.

    Reading tens of thousands of rows makes tuples and dicts that hold no cycles; the
    collector would scan the growing heap again and again for cycles they cannot form
    (a third of a full analysis or an export at 50,000 items).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
