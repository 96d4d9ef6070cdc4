"""Topics of the taxonomy and the dependencies between leaf topics."""
from __future__ import annotations

import re

import networkx as nx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from .. import gaps, permissions
from ..errors import Conflict, Clash, Errors, NotFound, ValidationError
from ..models import Mapping, Topic, TopicDependency, dependency_codes
from ..vocab import DEFAULT_CATEGORY, TOPIC_CATEGORIES
from .common import Fields, Outcome, assign, audited, create_or_update
from .lookup import Lookup

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # e.g. "S5", "I1.2"


def _check_version(topic: Topic | None, code: str, expected_version: int | None) -> None:
    """0: a new topic is meant; another number must be the stored version (a form's save)."""
    if expected_version == 0 and topic is not None:
        raise Clash({"code": [f"there is a topic {code} already"]})
    if expected_version and (topic is None or topic.version != expected_version):
        raise Conflict(f"topic {code} was changed by someone else since it was opened",
                       current=topic.version if topic else None)


def save_topic(session: Session, data: dict, *, actor, lookup: Lookup | None = None,
               expected_version: int | None = None) -> Outcome:
    """Create or update the topic named by `data["code"]`. The caller commits.

    The taxonomy has two levels: a parent is a grouping with no parent of its own, and
    it carries neither work items nor dependencies (those belong to leaf topics).
    """
    permissions.require_editor(actor, "topics")
    lookup = lookup or Lookup(session)
    f = Fields(data)
    code = f.text("code", required=True, max_length=20)
    if code and not _CODE.match(code):
        f.errors.add("code", f'"{code}" may hold only letters, digits, ".", "-" and "_"')
    values = {"name": f.text("name", required=True, max_length=200),
              "description": f.text("description", max_length=20000)}
    parent_code = f.text("parent", max_length=20)
    category = f.choice("category", TOPIC_CATEGORIES, required=False)
    topic = lookup.topic(code) if code else None
    parent = _check_parent(session, f.errors, lookup, code, topic, parent_code)
    if category is None:  # a sub-topic takes its group's; a group the documented default
        category = parent.category if parent is not None else DEFAULT_CATEGORY
    f.errors.raise_if_any()
    _check_version(topic, code, expected_version)
    values.update(parent=parent, category=category)
    return create_or_update(session, actor, lookup, "topic", code, topic,
                            # a new topic has no sub-topics: saying so spares a query per
                            # topic when an import later asks whether one is a leaf
                            lambda **v: Topic(code=code, children=[], **v), values,
                            by_code=("parent",))


def _check_parent(session: Session, errors: Errors, lookup: Lookup, code: str | None,
                  topic: Topic | None, parent_code: str | None) -> Topic | None:
    if not parent_code:
        return None
    parent = lookup.topic(parent_code)
    if parent is None:
        errors.add("parent", f'unknown topic "{parent_code}"')
    elif parent_code == code:
        errors.add("parent", "a topic cannot be its own parent")
    elif parent.parent is not None:
        errors.add("parent", f'"{parent_code}" is itself under "{parent.parent.code}"; '
                             "the taxonomy has two levels")
    elif parent.id is not None and _carries_work(session, parent):
        errors.add("parent", f'"{parent_code}" has work items or dependencies of its own; '
                             "only a topic without them can group others")
    else:
        if topic is not None and topic.id is not None and topic.children:
            errors.add("parent", f'"{code}" groups other topics and cannot have a parent')
        return parent
    return None


def _carries_work(session: Session, topic: Topic) -> bool:
    return (session.scalar(select(Mapping.id).where(Mapping.topic_id == topic.id).limit(1))
            is not None or session.scalar(
                select(TopicDependency.id).where((TopicDependency.topic_id == topic.id)
                                                 | (TopicDependency.requires_id == topic.id))
                .limit(1)) is not None)


def topic_graph(session: Session) -> nx.DiGraph:
    """Return the dependency graph by topic code: an edge A -> B means A requires B."""
    graph = nx.DiGraph()
    graph.add_edges_from(session.execute(dependency_codes()))
    return graph


def save_dependencies(session: Session, edges: list, *, actor,
                      lookup: Lookup | None = None) -> list[Outcome]:
    """Add or update dependencies, all or none; errors are keyed `[index].field`.

    Only leaf topics take part, a topic never requires itself, and the graph stays
    acyclic: an edge that would close a cycle is refused with the cycle named.
    """
    permissions.require_editor(actor, "dependencies")
    lookup = lookup or Lookup(session)
    session.flush()
    groups = set(session.scalars(select(Topic.parent_id).where(Topic.parent_id.is_not(None))))
    errors, checked = Errors(), []
    for index, edge in enumerate(edges):
        try:
            checked.append((index, _check_edge(edge, lookup, groups)))
        except ValidationError as error:
            errors.merge(error, f"[{index}]")
    graph = topic_graph(session)
    for index, cycle in _closing_cycles(graph, [(i, e[0].code, e[1].code) for i, e in checked]):
        errors.add(f"[{index}].requires", "would close the cycle " + " -> ".join(cycle))
    errors.raise_if_any()
    existing = {(e.topic_id, e.requires_id): e for e in session.scalars(select(TopicDependency))}
    return [audited(session, actor, _save_edge(session, existing, topic, requires, rationale))
            for _, (topic, requires, rationale) in checked]


def add_dependency(session: Session, *, actor, topic: str, requires: str,
                   rationale: str | None = None) -> Outcome:
    """Record that `topic` requires `requires` first. The caller commits."""
    edge = {"topic": topic, "requires": requires, "rationale": rationale}
    try:
        return save_dependencies(session, [edge], actor=actor)[0]
    except ValidationError as error:
        raise ValidationError({k.removeprefix("[0]."): v for k, v in error.errors.items()})


def remove_dependency(session: Session, *, actor, topic: str, requires: str) -> None:
    """Delete the dependency `topic` -> `requires`. The caller commits."""
    permissions.require_editor(actor, "dependencies")
    edge = _find_edge(session, topic, requires)
    if edge is None:
        raise NotFound(f"{topic} does not require {requires}")
    session.delete(edge)
    audited(session, actor, Outcome("dependency", f"{topic} requires {requires}", "deleted",
                                    {"rationale": (edge.rationale, None)}))


def _check_edge(edge: dict, lookup: Lookup, groups: set[int]):
    f = Fields(edge)
    codes = {name: f.text(name, required=True, max_length=20) for name in ("topic", "requires")}
    rationale = f.text("rationale", max_length=5000)
    found = {}
    for name, code in codes.items():
        if code is None:
            continue
        found[name] = lookup.topic(code)
        if found[name] is None:
            f.errors.add(name, f'unknown topic "{code}"')
        elif found[name].id in groups or found[name].children:
            f.errors.add(name, f'"{code}" groups other topics; only leaf topics have dependencies')
    if codes["topic"] and codes["topic"] == codes["requires"]:
        f.errors.add("requires", "a topic cannot require itself")
    f.errors.raise_if_any()
    return found["topic"], found["requires"], rationale


def _closing_cycles(graph: nx.DiGraph, edges: list[tuple[int, str, str]]):
    """Yield (index, cycle) for each new edge that would close a cycle, in input order."""
    trial = graph.copy()
    trial.add_edges_from((a, b) for _, a, b in edges)
    if nx.is_directed_acyclic_graph(trial):
        return  # one linear check for the common case; search edge by edge only on failure
    for index, a, b in edges:
        cycle = gaps.cycle_if_added(graph, a, b)
        if cycle:
            yield index, cycle
        else:
            graph.add_edge(a, b)


def _find_edge(session: Session, topic: str, requires: str) -> TopicDependency | None:
    required = aliased(Topic)
    return session.scalar(select(TopicDependency)
                          .join(Topic, TopicDependency.topic_id == Topic.id)
                          .join(required, TopicDependency.requires_id == required.id)
                          .where(Topic.code == topic, required.code == requires))


def _save_edge(session: Session, existing: dict, topic: Topic, requires: Topic,
               rationale: str | None) -> Outcome:
    key = f"{topic.code} requires {requires.code}"
    edge = existing.get((topic.id, requires.id))
    if edge is None:
        session.add(TopicDependency(topic=topic, requires=requires, rationale=rationale))
        return Outcome("dependency", key, "created")
    changes = assign(edge, {"rationale": rationale})
    return Outcome("dependency", key, "updated" if changes else "unchanged", changes, edge)


# --- changes of one stored topic or dependency, as the API makes them --------------------

def update_topic(session: Session, code: str, changes: dict, *, actor,
                 expected_version: int | None = None) -> Outcome:
    """Change some fields of topic `code`; a field given as null is cleared. The caller commits."""
    permissions.require_editor(actor, "topics")
    topic = _topic(session, code)
    if "code" in changes and changes["code"] != code:
        raise ValidationError({"code": ["names the topic and cannot change"]})
    record = {"code": code, "name": topic.name, "description": topic.description,
              "parent": topic.parent.code if topic.parent else None, "category": topic.category}
    if changes.get("parent") and "category" not in changes:
        record["category"] = None  # a sub-topic takes its new group's category
    return save_topic(session, {**record, **changes}, actor=actor,
                      expected_version=expected_version or topic.version)


def delete_topic(session: Session, code: str, *, actor,
                 expected_version: int | None = None) -> Outcome:
    """Delete a topic nothing refers to: no sub-topics, work items, dependencies or gaps.

    Deleting would otherwise drop mappings and dependencies silently (they cascade), so
    whatever still uses the topic is named instead. The caller commits.
    """
    from ..models import register_topics  # the register's link table
    permissions.require_editor(actor, "topics")
    topic = _topic(session, code)
    if expected_version and topic.version != expected_version:
        raise Conflict(f"topic {code} was changed by someone else since it was read",
                       current=topic.version)
    uses = []
    if topic.children:
        uses.append("groups " + ", ".join(sorted(c.code for c in topic.children)))
    mapped = session.scalar(select(func.count()).select_from(Mapping)
                            .where(Mapping.topic_id == topic.id))
    if mapped:
        uses.append(f"has {mapped} work item mapping(s)")
    edges = session.scalar(select(func.count()).select_from(TopicDependency).where(
        (TopicDependency.topic_id == topic.id) | (TopicDependency.requires_id == topic.id)))
    if edges:
        uses.append(f"takes part in {edges} dependency(ies)")
    if session.scalar(select(func.count()).select_from(register_topics)
                      .where(register_topics.c.topic_id == topic.id)):
        uses.append("is named by the gap register")
    if uses:
        raise Clash({"code": [f"topic {code} " + "; ".join(uses) + ": change those first"]})
    session.delete(topic)
    return audited(session, actor, Outcome("topic", code, "deleted", {"name": (topic.name, None)}))


def create_dependency(session: Session, *, actor, topic: str, requires: str,
                      rationale: str | None = None) -> Outcome:
    """Record a new dependency; one that exists already is a Clash. The caller commits."""
    permissions.require_editor(actor, "dependencies")
    if _find_edge(session, topic, requires) is not None:
        raise Clash({"requires": [f"{topic} requires {requires} already"]})
    return add_dependency(session, actor=actor, topic=topic, requires=requires,
                          rationale=rationale)


def update_dependency(session: Session, *, actor, topic: str, requires: str,
                      rationale: str | None) -> Outcome:
    """Change the rationale of an existing dependency. The caller commits."""
    permissions.require_editor(actor, "dependencies")
    if _find_edge(session, topic, requires) is None:
        raise NotFound(f"{topic} does not require {requires}")
    return add_dependency(session, actor=actor, topic=topic, requires=requires,
                          rationale=rationale)


def _topic(session: Session, code: str) -> Topic:
    topic = session.scalar(select(Topic).where(Topic.code == code))
    if topic is None:
        raise NotFound(f"there is no topic {code}")
    return topic
