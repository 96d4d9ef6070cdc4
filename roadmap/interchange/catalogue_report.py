"""A catalogue sync's preview in words (the command line) and as JSON (scripts)."""
from __future__ import annotations

from . import catalogue
from .catalogue import SyncPlan
from .report import change_words


def as_json(plan: SyncPlan) -> dict:
    """Counts and records, for `catalogue import --json`."""
    return {
        "catalogue": plan.name, "counts": plan.counts(), "broken": plan.broken,
        "committees": [f"{o} {c}" for o, c in plan.committees],
        "changes": [{"organization": c.key[0], "identifier": c.key[1], "field": c.field,
                     "before": c.before, "after": c.after, "file": c.file}
                    for c in plan.changes],
        "conflicts": [{"organization": c.key[0], "identifier": c.key[1], "field": c.field,
                       "stored": c.stored, "catalogue": c.catalogue, "file": c.file,
                       "changed_at": c.changed_at.isoformat(), "changed_by": c.changed_by}
                      for c in plan.conflicts],
        "new_editions": [{**p.record, "supersedes": {"organization": p.supersedes[0],
                                                      "identifier": p.supersedes[1]},
                          "file": p.file} for p in plan.new_editions],
        "candidates": [{**p.record, "file": p.file} for p in plan.candidates],
    }


def as_text(plan: SyncPlan) -> str:
    """The preview a liaison officer reads before applying."""
    lines = [f"{plan.name}: {plan.files} files read" + (
        f", {len(plan.broken)} broken and skipped" if plan.broken else "")]
    lines += [f"  broken: {problem}" for problem in plan.broken[:20]]
    lines.append(f"Changes to tracked work items: {len(plan.changes)}")
    for change in plan.changes:
        before, after, _ = change_words(change.field, change.before, change.after)
        lines.append(f"  {change.name}: {change.field} {before or '(none)'} -> "
                     f"{after}  ({change.file})")
    lines.append(f"Conflicts, kept as they are (changed by hand after the catalogue's date): "
                 f"{len(plan.conflicts)}")
    for c in plan.conflicts:
        lines.append(f"  {c.name}: {c.field} is {c.stored!r} (set by {c.changed_by} "
                     f"on {c.changed_at:%Y-%m-%d}); the catalogue says {c.catalogue!r}  ({c.file})")
    lines.append(f"New editions: {len(plan.new_editions)}")
    for p in plan.new_editions:
        lines.append(f"  {p.name} supersedes {catalogue.item_name(p.supersedes)}  ({p.file})")
    scope = ", ".join(f"{o} {c}" for o, c in plan.committees) or "no committee chosen (--committee)"
    lines.append(f"Candidates of {scope}: {len(plan.candidates)}")
    for p in plan.candidates:
        topics = ", ".join(f"{t['code']} {t['relevance']}" for t in p.record["topics"]) or \
            "no topic suggested"
        lines.append(f"  {p.record['identifier']}  {p.record.get('title', '')}  [{topics}]")
    return "\n".join(lines)
