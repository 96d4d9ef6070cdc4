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

SECTIONS = ("organizations", "committees", "topics", "dependencies", "work_items", "gaps",
            "liaison_statements", "editions")
KEYS: dict[str, Callable[[dict], tuple]] = {
    "organizations": lambda e: (e.get("acronym"),),
    "committees": lambda e: (e.get("organization"), e.get("code")),
    "topics": lambda e: (e.get("code"),),
    "dependencies": lambda e: (e.get("topic"), e.get("requires")),
    "work_items": lambda e: (e.get("organization"), e.get("identifier") or e.get("provisional_name")),
    "gaps": lambda e: (e.get("code"),),
    "liaison_statements": lambda e: (e.get("organization"), e.get("reference")),
    "editions": lambda e: (f"Edition {e['number']}" if isinstance(e.get("number"), int) else None,),
}



def schema() -> dict:
    return json.loads(resources.files("roadmap.schemas").joinpath("bundle.schema.json")
                      .read_text(encoding="utf-8"))


MAX_NUMBER_DIGITS = 30  # no field holds a longer number; Python refuses 4,300 digits anyway


def parse(text: str | bytes) -> dict:
    """Parse a bundle file's text, raising FileRefused for what is not JSON."""
    try:
        return loads(text)
    except UnicodeDecodeError as error:
        raise FileRefused([f"the file is not UTF-8 text ({error.reason})"]) from None
    except json.JSONDecodeError as error:
        raise FileRefused([f"line {error.lineno}, column {error.colno}: {error.msg}"]) from None
    except ValueError as error:
        raise FileRefused([str(error)]) from None


def loads(text: str | bytes):
    """`json.loads` with bounded work: deep nesting, huge numbers and NaN are refused.

    The decoder recurses once per level, so Python's recursion limit stops a document
    nested thousands deep before it costs anything; that and the other refusals become
    a ValueError in plain words (json.JSONDecodeError for what is not JSON).
    """
    try:
        return json.loads(text, parse_int=_number(int), parse_float=_number(float),
                          parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("the document is nested too deeply to be a roadmap") from None


def _number(kind):
    def parse(digits: str):
        if len(digits) > MAX_NUMBER_DIGITS:
            raise ValueError(f"a number of {len(digits)} digits is no value of a roadmap")
        return kind(digits)
    return parse


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number a roadmap holds")


def dumps(document: dict) -> str:
    """Return the document as bundle files hold it: UTF-8 text, indented, in a stable order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
