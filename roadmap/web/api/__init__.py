"""The JSON API, version 1: the roadmap for other tools, through the same services as the pages.

Modules: `access` (who is asking, CSRF), `problems` (the one error shape), `conditional`
(ETag, If-None-Match, If-Match), `reads` and `writes` (the endpoints), `spec` (OpenAPI, built
from the parts in `openapi`).
"""
from __future__ import annotations

from . import access, editions, liaison, problems, reads, register, spec, writes  # noqa: F401  (they register on bp)
from .blueprint import bp

__all__ = ["bp"]
