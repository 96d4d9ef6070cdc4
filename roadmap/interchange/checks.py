"""The structure of a bundle document, checked against its JSON Schema, in plain words.

The services check every rule of every record again, in their own words and by field, so
a schema error about a record the services also found fault with is left out: each
problem is said once, and all of them in one pass.
"""
from __future__ import annotations

import itertools
from typing import Any

import fastjsonschema
import jsonschema

from .bundle import KEYS, SECTIONS, schema

_VALIDATOR = None
_FAST = None
MAX_ENTRIES = 250_000  # per section: five times the largest roadmap the benchmarks load
MAX_LISTED = 200  # problems said one by one; the rest are counted


def trimmed(value: Any) -> Any:
    """The document with every text trimmed, as every other way in trims it."""
    try:
        return _trim(value)
    except RecursionError:
        return value  # the structure check refuses it


def _trim(value: Any) -> Any:
    """`value` itself where nothing needs trimming: a backup of 50,000 items is not copied."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        trimmed = [_trim(v) for v in value]
        return value if all(a is b for a, b in zip(trimmed, value)) else trimmed
    if isinstance(value, dict):
        trimmed = {k: _trim(v) for k, v in value.items()}
        return value if all(trimmed[k] is v for k, v in value.items()) else trimmed
    return value


def too_large(document: Any) -> list[tuple[str, str]]:
    """A section with more entries than any roadmap holds is refused before it costs."""
    if not isinstance(document, dict):
        return []
    return [(section, f"has {len(entries)} entries; at most {MAX_ENTRIES} are read")
            for section in SECTIONS if isinstance(entries := document.get(section), list)
            and len(entries) > MAX_ENTRIES]


def listed(problems: list[str]) -> list[str]:
    """Every problem up to MAX_LISTED, then how many more there are."""
    if len(problems) <= MAX_LISTED:
        return problems
    return problems[:MAX_LISTED] + [f"... and {len(problems) - MAX_LISTED} more problems"]


def structure_errors(document: Any) -> list[tuple[str, str]]:
    """Every place where the document breaks the schema, as (path, plain words)."""
    global _VALIDATOR
    if not isinstance(document, dict):
        return [("(document)", "a bundle is a JSON object")]
    if not all(isinstance(document.get(s, []), list) for s in SECTIONS):
        return [(s, "must be a list") for s in SECTIONS
                if not isinstance(document.get(s, []), list)]
    if _fast_valid(document):
        return []
    if _VALIDATOR is None:
        _VALIDATOR = jsonschema.Draft202012Validator(schema())
    first = itertools.islice(_VALIDATOR.iter_errors(document), MAX_LISTED * 5)  # bounded
    found = sorted(first, key=lambda e: list(map(str, e.path)))
    return [(path(e.absolute_path) or "(document)", words(e)) for e in found]


def _fast_valid(document: dict) -> bool:
    """Whether the document meets the schema, by a validator compiled to Python code.

    jsonschema says every error in words but takes 5 s for 10,000 work items; the
    compiled check takes a tenth of that, so a valid file, the common case, skips the
    full report. Both read the same schema (format is an annotation to both);
    tests/interchange/test_schema_gate.py checks that they agree.
    """
    global _FAST
    if _FAST is None:
        _FAST = fastjsonschema.compile(_refs_alone(schema()), use_formats=False)
    try:
        _FAST(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _refs_alone(node: Any) -> Any:
    """The schema with every `$ref` that has sibling keywords put in an `allOf`.

    The compiled check follows draft 7, which ignores keywords beside a `$ref`; the
    schema is 2020-12, which applies them (`{"$ref": "#/$defs/text", "maxLength": 40}`).
    """
    if isinstance(node, list):
        return [_refs_alone(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _refs_alone(v) for k, v in node.items()}
    if "$ref" in node and len(node) > 1:
        rest = {k: v for k, v in node.items() if k != "$ref"}
        return {"allOf": [{"$ref": node["$ref"]}, rest]}
    return node


def fatal(problems: list[tuple[str, str]]) -> bool:
    """Say whether the document is no bundle at all (wrong kind, format or version)."""
    return any(p in ("(document)", "format", "version") or p in SECTIONS
               for p, _ in problems)


def words(error: jsonschema.ValidationError) -> str:
    """Say a schema error as a person would, without Python's reprs."""
    value, rule = error.instance, error.validator
    if rule == "enum":
        return f'"{value}" is not one of: {", ".join(map(str, error.validator_value))}'
    if rule == "const":
        return f'must be {error.validator_value!r}'.replace("'", '"')
    if rule == "required":
        return error.message.split(" is a required property")[0].strip("'") + " is required"
    if rule == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) \
            else [error.validator_value]
        return "must be " + " or ".join(_KIND_WORDS.get(k, k) for k in kinds if k != "null")
    if rule == "maxLength":
        return f"is longer than {error.validator_value} characters"
    if rule == "minLength":
        return "is required"
    if rule == "anyOf" and isinstance(value, dict):
        return "needs an identifier, or at least a provisional name"
    if rule == "pattern":
        return f'"{str(value)[:80]}" is not in the expected form'
    return error.message[:200]


_KIND_WORDS = {"string": "text", "array": "a list", "object": "an object",
               "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def entry_of(place: str) -> str:
    """The record a path lies in: `work_items[3].topics[0].code` -> `work_items[3]`."""
    head, bracket, rest = place.partition("]")
    return head + bracket if bracket else place


def merged(schema_problems: list[tuple[str, str]],
           rule_problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Both lists in document order; a record the services found fault with keeps theirs."""
    by_services = {entry_of(p) for p, _ in rule_problems}
    kept = [(p, m) for p, m in schema_problems if entry_of(p) not in by_services]
    return sorted(kept + rule_problems, key=lambda pm: _order(pm[0]))


def _order(place: str):
    section, _, rest = place.partition("[")
    index = rest.split("]")[0]
    return (SECTIONS.index(section) if section in SECTIONS else -1,
            int(index) if index.isdecimal() else -1)  # within a record, as found


def duplicate_errors(document: dict) -> list[tuple[str, str]]:
    problems = []
    for section in SECTIONS:
        first: dict[tuple, int] = {}
        for index, entry in enumerate(document.get(section) or []):
            key = KEYS[section](entry) if isinstance(entry, dict) else None
            if key is None or not all(isinstance(k, (str, type(None))) for k in key):
                continue  # no usable key: the structure check says why
            if key in first:
                problems.append((f"{section}[{index}]",
                                 f'{" ".join(map(str, key))} is already at '
                                 f"{section}[{first[key]}]"))
            first.setdefault(key, index)
    return problems
