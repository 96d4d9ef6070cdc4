"""The roadmap bundle format: a whole roadmap as one JSON document, keyed by natural keys.

The records are those of roadmap/read/records.py, which writes the document; this module
parses and checks it. Its `gaps` section holds register entries (a name kept for the
files already written).
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Callable

from ..read.records import FORMAT, VERSION, roadmap_document
from .problems import FileRefused

__all__ = ["FORMAT", "VERSION", "SECTIONS", "KEYS", "schema", "parse", "dumps", "roadmap_document"]

SECTIONS = ("organizations", "committees", "topics", "dependencies", "work_items", "gaps")
KEYS: dict[str, Callable[[dict], tuple]] = {
    "organizations": lambda e: (e.get("acronym"),),
    "committees": lambda e: (e.get("organization"), e.get("code")),
    "topics": lambda e: (e.get("code"),),
    "dependencies": lambda e: (e.get("topic"), e.get("requires")),
    "work_items": lambda e: (e.get("organization"), e.get("identifier")),
    "gaps": lambda e: (e.get("code"),),
}



def schema() -> dict:
    return json.loads(resources.files("roadmap.schemas").joinpath("bundle.schema.json")
                      .read_text(encoding="utf-8"))


def parse(text: str | bytes) -> dict:
    """Parse a bundle file's text, raising FileRefused for what is not JSON."""
    try:
        return json.loads(text)
    except UnicodeDecodeError as error:
        raise FileRefused([f"the file is not UTF-8 text ({error.reason})"]) from None
    except json.JSONDecodeError as error:
        raise FileRefused([f"line {error.lineno}, column {error.colno}: {error.msg}"]) from None


def dumps(document: dict) -> str:
    """Return the document as bundle files hold it: UTF-8 text, indented, in a stable order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
