"""What `roadmap catalogue import` reads from its options: committees and accepted candidates."""
from __future__ import annotations

from .interchange.catalogue_apply import parse_topics
from .interchange.problems import FileRefused
from .read.catalogue import committee_codes


def resolve_committees(session, codes: tuple[str, ...], organizations: set[str]) -> set:
    """(organization, code) for each name given: "SG20", or "ISO:TC 268" when ambiguous."""
    known, scope, problems = committee_codes(session), set(), []
    for text in codes:
        organization, _, code = text.rpartition(":") if ":" in text else ("", "", text)
        found = {(o, c) for o, c in known if c == code.strip() and
                 (o == organization.strip() if organization else
                  not organizations or o in organizations)}
        if len(found) == 1:
            scope |= found
        elif not found:
            problems.append(f'--committee "{text}": the roadmap has no such committee')
        else:
            names = ", ".join(f'"{o}:{c}"' for o, c in sorted(found))
            problems.append(f'--committee "{text}": several bodies have it; say {names}')
    if problems:
        raise FileRefused(problems)
    return scope


def accepted_topics(plan, accepted: tuple[str, ...]) -> dict:
    """{candidate key: topics or None} from "Y.4051" or "Y.4051=G1:core,I3"."""
    by_identifier = {p.record["identifier"]: p.key for p in plan.candidates}
    chosen, problems = {}, []
    for text in accepted:
        identifier, _, topics = text.partition("=")
        key = by_identifier.get(identifier.strip())
        if key is None:
            problems.append(f'--accept "{identifier.strip()}": not a candidate of this catalogue')
            continue
        chosen[key] = parse_topics(topics) if topics else None
    if problems:
        raise FileRefused(problems)
    return chosen
