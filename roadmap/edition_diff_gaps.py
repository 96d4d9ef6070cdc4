"""The gaps of two roadmap documents: each leaf topic's computed figures, and the register.

Pure: the gap report documents (`GapReport.as_document()`) and the bundle's register
(`gaps` section) in, plain dicts out.
"""
from __future__ import annotations

from .sorting import natural_key

FIGURES = ("state", "blocked_by", "impact", "overlap")
REGISTER_FIELDS = ("title", "statement", "topics", "priority", "horizon", "rnd_needed",
                   "recommendation", "leads", "status")
COVERED = "covered"


def gap_changes(before: dict, after: dict, groups: dict[str, str | None]) -> list[dict]:
    """Return every leaf topic whose state, blocked-by, impact or overlap changed.

    Each: code, name, group (the parent's code), the figures before and after (None where
    the topic did not exist), which figures changed and what that means (`kinds`).
    """
    old = {t["code"]: t for t in before.get("topics", [])}
    new = {t["code"]: t for t in after.get("topics", [])}
    found = []
    for code in sorted(old.keys() | new.keys(), key=natural_key):
        was, now = _figures(old.get(code)), _figures(new.get(code))
        if was == now:
            continue
        found.append({"code": code, "name": (new.get(code) or old.get(code)).get("name"),
                      "group": groups.get(code), "before": was, "after": now,
                      "changed": [f for f in FIGURES if (was or {}).get(f) != (now or {}).get(f)],
                      "kinds": gap_kinds(was, now)})
    return found


def _figures(topic: dict | None) -> dict | None:
    if topic is None:
        return None
    return {"state": topic.get("state"), "blocked_by": list(topic.get("blocked_by") or []),
            "impact": topic.get("impact") or 0, "overlap": list(topic.get("overlap") or [])}


def gap_kinds(was: dict | None, now: dict | None) -> list[str]:
    """Name what a change of figures means to a reader, most telling first.

    >>> gap_kinds({"state": "uncovered", "blocked_by": [], "impact": 2, "overlap": []},
    ...           {"state": "covered", "blocked_by": ["I1"], "impact": 2, "overlap": []})
    ['gap_closed', 'newly_blocked']
    """
    if was is None:
        return ["topic_added"] + (["new_gap"] if now["state"] != COVERED else [])
    if now is None:
        return ["topic_removed"]
    kinds = [_state_kind(was["state"], now["state"])]
    kinds.append(_list_kind(was["blocked_by"], now["blocked_by"],
                            ("newly_blocked", "no_longer_blocked", "blocked_by_changed")))
    if was["impact"] != now["impact"]:
        kinds.append("impact_up" if now["impact"] > was["impact"] else "impact_down")
    kinds.append(_list_kind(was["overlap"], now["overlap"],
                            ("new_overlap", "overlap_ended", "overlap_changed")))
    return [k for k in kinds if k]


def _state_kind(was: str, now: str) -> str | None:
    if was == now:
        return None
    if now == COVERED:
        return "gap_closed"
    if was == COVERED:
        return "new_gap"
    return "gap_narrowed" if now == "partial" else "gap_widened"


def _list_kind(was: list, now: list, words: tuple[str, str, str]) -> str | None:
    if was == now:
        return None
    if not was:
        return words[0]
    return words[1] if not now else words[2]


def register_changes(before: list[dict], after: list[dict], since: str) -> dict:
    """Return the register's entries as added, removed, changed and unchanged.

    Each entry: code, title, statement, topics, priority, its status before and after,
    the fields that changed, and its updates since: those the before side did not hold,
    and any dated after the before side's date.
    """
    old = {e["code"]: e for e in before}
    new = {e["code"]: e for e in after}
    sections = {"added": [], "removed": [], "changed": [], "unchanged": []}
    for code in sorted(old.keys() | new.keys(), key=natural_key):
        was, now = old.get(code), new.get(code)
        entry = _entry(was, now, since)
        if was is None or now is None:
            sections["added" if was is None else "removed"].append(entry)
        else:
            moved = entry["changes"] or entry["updates"] or entry["actions"]
            sections["changed" if moved else "unchanged"].append(entry)
    return sections


def _entry(was: dict | None, now: dict | None, since: str) -> dict:
    current = now or was
    changes = []
    if was is not None and now is not None:
        changes = [{"field": f, "before": was.get(f), "after": now.get(f)}
                   for f in REGISTER_FIELDS if (was.get(f) or None) != (now.get(f) or None)]
    held = list((was or {}).get("updates") or [])
    updates = [u for u in (now or {}).get("updates") or []
               if u not in held or (u.get("date") or "") > since]
    actions = action_changes((was or {}).get("actions") or [], (now or {}).get("actions") or [],
                             since) if was is not None and now is not None else []
    return {"code": current["code"], "title": current.get("title"),
            "statement": current.get("statement"), "topics": list(current.get("topics") or []),
            "priority": current.get("priority"),
            "status_before": (was or {}).get("status"), "status_after": (now or {}).get("status"),
            "changes": changes, "updates": sorted(updates, key=lambda u: u.get("date") or ""),
            "actions": actions}


ACTION_FIELDS = ("text", "addressed_to", "owner", "due", "status", "work_items")


def action_changes(before: list[dict], after: list[dict], since: str) -> list[dict]:
    """The actions of one register entry added, removed or changed, with their updates since.

    Each: code, text, status before and after (None where it did not exist), the fields
    that changed, and the updates the earlier side did not hold or dated after it.
    """
    old = {a["code"]: a for a in before}
    new = {a["code"]: a for a in after}
    found = []
    for code in sorted(old.keys() | new.keys(), key=natural_key):
        was, now = old.get(code), new.get(code)
        held = list((was or {}).get("updates") or [])
        updates = [u for u in (now or {}).get("updates") or []
                   if u not in held or (u.get("date") or "") > since]
        fields = [f for f in ACTION_FIELDS if was is not None and now is not None
                  and (was.get(f) or None) != (now.get(f) or None)]
        if was is None or now is None or fields or updates:
            found.append({"code": code, "text": (now or was).get("text"),
                          "status_before": (was or {}).get("status"),
                          "status_after": (now or {}).get("status"), "changed": fields,
                          "updates": sorted(updates, key=lambda u: u.get("date") or "")})
    return found
