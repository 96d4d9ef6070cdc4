"""JSON: the roadmap bundle (docs/bundle.md), which `roadmap import` reads back."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..read.exports import RoadmapExport

MEDIA_TYPE = "application/json"
PARTS = {"bundle"}


def parts(**options) -> set[str]:
    """Return the rows (see read.exports.PARTS) this format renders."""
    return set(PARTS)


def render(data: RoadmapExport) -> bytes:
    """Return the bundle as the importer reads it (UTF-8, indented, in a stable order)."""
    return (json.dumps(data.bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
