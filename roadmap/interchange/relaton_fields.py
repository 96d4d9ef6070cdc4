"""The fields of a Relaton record, read from either generation of the schema: a field may
be a string, a list or a mapping holding `content` (newer) or `value`/`id` (older)."""
from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def as_mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def plain(value: Any) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def content_of(value: Any) -> str | None:
    """A field that is a string, or a mapping holding `content` (newer) or `value` (older)."""
    if isinstance(value, dict):
        return plain(value.get("content")) or plain(value.get("value"))
    return plain(value)


def identifier(entries: Any) -> str | None:
    ids = [e for e in as_list(entries) if isinstance(e, dict)]
    primary = [e for e in ids if str(e.get("primary")).lower() == "true"]
    for entry in primary + ids:
        text = plain(entry.get("content")) or plain(entry.get("id"))
        if text:
            return text
    return None


def is_english(entry: dict) -> bool:
    language = entry.get("language")
    return language is None or "en" in as_list(language)


def english(entries: Any, kind: str | None = None) -> str | None:
    """The English text of a title or abstract list; of `kind` ("main") when there is one."""
    texts = [e for e in as_list(entries) if isinstance(e, dict) and is_english(e)]
    if kind:
        texts = [e for e in texts if e.get("type") == kind] or [
            e for e in texts if e.get("type") in (None, "title-main")]
    for entry in texts:
        text = plain(entry.get("content"))
        if text:
            return text
    return plain(entries) if isinstance(entries, str) else None


def doctype(data: dict) -> str | None:
    ext = as_mapping(data.get("ext"))
    kind = ext.get("doctype") or data.get("doctype")
    if isinstance(kind, dict):
        return plain(kind.get("content")) or plain(kind.get("type"))
    return plain(kind)


def date(entries: Any) -> str | None:
    dates = {}
    for entry in as_list(entries):
        if isinstance(entry, dict):
            value = plain(entry.get("at")) or plain(entry.get("value"))
            if value:
                dates.setdefault(entry.get("type"), value)
    return dates.get("published") or dates.get("issued")


def stage(status: dict) -> str | None:
    major = content_of(status.get("stage"))
    minor = content_of(status.get("substage"))
    if major and minor:
        return f"{major}.{minor}"  # ISO's harmonized codes: "90" and "93" are "90.93"
    return major


def committee(data: dict) -> str | None:
    group = as_mapping(as_mapping(data.get("ext")).get("editorialgroup")) or as_mapping(
        data.get("editorialgroup"))
    for entry in as_list(group.get("technical_committee")):
        if isinstance(entry, dict):
            found = plain(entry.get("identifier")) or plain(entry.get("name"))
            if found:
                return found
    for contributor in as_list(data.get("contributor")):
        contributor = as_mapping(contributor)
        roles = [as_mapping(r).get("type") for r in as_list(contributor.get("role"))]
        if "author" not in roles:
            continue
        for sub in as_list(as_mapping(contributor.get("organization")).get("subdivision")):
            sub = as_mapping(sub)
            for name in as_list(sub.get("name")):
                found = content_of(name)
                if found:
                    return found
    return None


def source(entries: Any) -> str | None:
    links = [e for e in as_list(entries) if isinstance(e, dict)]
    for entry in [e for e in links if e.get("type") == "src"] + links:
        text = plain(entry.get("content"))
        if text and text.startswith(("http://", "https://")):
            return text
    return None


def relations(entries: Any) -> tuple[tuple[str, str], ...]:
    found = []
    for entry in as_list(entries):
        entry = as_mapping(entry)
        item = as_mapping(entry.get("bibitem"))
        named = identifier(item.get("docidentifier") or item.get("docid"))
        kind = plain(entry.get("type"))
        if kind and named:
            found.append((kind, named))
    return tuple(found)
