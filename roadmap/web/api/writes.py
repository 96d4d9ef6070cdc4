"""Write endpoints: the same services, permissions, checks and history as the forms.

A write may carry If-Match with the ETag of the record as the client read it; a record
that changed since gets 412 and is left alone. Without If-Match, the write applies to
the record as stored, and a save that loses a race with another one still gets 409.
"""
from __future__ import annotations

from flask import request, url_for

from ...interchange import bundle
from ...read import api as representations
from ...db import commit, get_session
from ...read.records import WORK_ITEM_FIELDS
from ...services import equivalences, topics, work_item_changes, work_items
from .blueprint import bp
from .access import actor
from .conditional import require_match, respond
from .problems import ApiError
from .reads import found

READ_ONLY = ("id", "version", "leaf", "children", "state", "blocked_by", "impact", "overlap",
             "requires", "required_by")
WORK_ITEM_INPUT = (*WORK_ITEM_FIELDS, "topics", "equivalents")
MAPPING_INPUT = ("code", "relevance", "note")
TOPIC_INPUT = ("code", "name", "description", "parent", "category")
DEPENDENCY_INPUT = ("topic", "requires", "rationale")


def body(allowed: tuple[str, ...], what: str, *, required: tuple[str, ...] = ()) -> dict:
    """Return the JSON object sent; an unknown or read-only field is an error, not ignored."""
    data = _json_body()
    if not isinstance(data, dict):
        raise ApiError(400, "The body must be a JSON object, sent as application/json.")
    fields = {name: ["is read-only" if name in READ_ONLY else f"is not a field of {what}"]
              for name in data if name not in allowed}
    fields.update({name: ["is required"] for name in required if name not in data})
    if fields:
        raise ApiError(422, f"Some fields cannot be used for {what}.", fields)
    return data


def _json_body():
    """The body as JSON, read within the size limit however it is sent (chunked too)."""
    text = request.get_data(cache=True)
    limit = request.max_content_length
    if limit is not None and len(text) >= limit:  # a chunked body stops at the limit: 413,
        raise ApiError(413, f"The body is larger than {limit // 2**20} MiB.")  # not a parse error
    if not request.is_json:
        return None
    try:
        return bundle.loads(text)
    except ValueError as error:  # JSONDecodeError included
        raise ApiError(400, f"The body is not usable JSON: {str(error)[:200]}.") from None


# --- work items ---------------------------------------------------------------------------

@bp.post("/work-items")
def create_work_item():
    data = body(WORK_ITEM_INPUT, "a work item")
    session = get_session()
    outcome = work_items.save_work_item(session, data, actor=actor(), expected_version=0)
    equivalences.add_equivalents(session, data, actor=actor())
    commit(session)
    return _work_item(outcome.record.id, 201)


@bp.patch("/work-items/<id:item_id>")
def update_work_item(item_id: int):
    data = body(WORK_ITEM_INPUT, "a work item")
    session = get_session()
    current = _current_work_item(item_id)
    work_item_changes.update_work_item(session, item_id, data, actor=actor(),
                                expected_version=current["version"])
    commit(session)
    return _work_item(item_id)


@bp.delete("/work-items/<id:item_id>")
def delete_work_item(item_id: int):
    """Withdraw the item (it stays, withdrawn, and an editor can restore it)."""
    session = get_session()
    _current_work_item(item_id)
    work_items.delete_work_item(session, item_id, actor=actor())
    commit(session)
    return _work_item(item_id)


@bp.post("/work-items/<id:item_id>/topics")
def create_mapping(item_id: int):
    data = body(MAPPING_INPUT, "a mapping", required=("code",))
    code = data.get("code")
    if not isinstance(code, str) or not code.strip():
        raise ApiError(422, "The mapping needs a topic code.", {"code": ["must be a topic code"]})
    current = _current_work_item(item_id, check=False)
    work_item_changes.set_mapping(get_session(), item_id, code.strip(), _without(data, "code"),
                           actor=actor(), create=True, expected_version=current["version"])
    commit(get_session())
    return _mapping(item_id, code.strip(), 201)


@bp.patch("/work-items/<id:item_id>/topics/<code>")
def update_mapping(item_id: int, code: str):
    data = body(MAPPING_INPUT, "a mapping")
    if data.get("code", code) != code:
        raise ApiError(422, "The topic names the mapping.", {"code": ["cannot change; delete "
                                                                      "the mapping and add another"]})
    version = _current_mapping(item_id, code)
    work_item_changes.set_mapping(get_session(), item_id, code, _without(data, "code"), actor=actor(),
                           create=False, expected_version=version)
    commit(get_session())
    return _mapping(item_id, code)


@bp.delete("/work-items/<id:item_id>/topics/<code>")
def delete_mapping(item_id: int, code: str):
    version = _current_mapping(item_id, code)
    work_item_changes.remove_mapping(get_session(), item_id, code, actor=actor(),
                              expected_version=version)
    commit(get_session())
    return "", 204


@bp.delete("/work-items/<id:item_id>/equivalents/<id:other_id>")
def delete_equivalent(item_id: int, other_id: int):
    """End the equivalence; it needs the right to change both items (If-Match: the
    equivalent's ETag)."""
    _current_work_item(item_id, check=False)
    require_match(found(representations.equivalent(get_session(), item_id, other_id),
                        f"work item {item_id} is not declared equivalent to work item {other_id}"))
    equivalences.remove_equivalent(get_session(), item_id, other_id, actor=actor())
    commit(get_session())
    return "", 204


def _current_work_item(item_id: int, *, check: bool = True) -> dict:
    current = found(representations.work_item(get_session(), item_id),
                    f"there is no work item {item_id}")
    if check:
        require_match(current)
    return current


def _current_mapping(item_id: int, code: str) -> int:
    """Check If-Match against the mapping; return the version of its work item."""
    item = _current_work_item(item_id, check=False)
    mapping = found(next((m for m in item["topics"] if m["code"] == code), None),
                    f"work item {item_id} is not mapped to topic {code}")
    require_match(mapping)
    return item["version"]


def _work_item(item_id: int, status: int = 200):
    document = representations.work_item(get_session(), item_id)
    location = {"Location": url_for("api.work_item", item_id=item_id)} if status == 201 else None
    return respond(document, status, location)


def _mapping(item_id: int, code: str, status: int = 200):
    location = {"Location": url_for("api.mapping", item_id=item_id, code=code)} \
        if status == 201 else None
    return respond(representations.mapping(get_session(), item_id, code), status, location)


# --- topics -------------------------------------------------------------------------------

@bp.post("/topics")
def create_topic():
    data = body(TOPIC_INPUT, "a topic")
    session = get_session()
    outcome = topics.save_topic(session, data, actor=actor(), expected_version=0)
    commit(session)
    return _topic(outcome.key, 201)


@bp.patch("/topics/<code>")
def update_topic(code: str):
    data = body(TOPIC_INPUT, "a topic")
    current = _current_topic(code)
    topics.update_topic(get_session(), code, data, actor=actor(),
                        expected_version=current["version"])
    commit(get_session())
    return _topic(code)


@bp.delete("/topics/<code>")
def delete_topic(code: str):
    current = _current_topic(code)
    topics.delete_topic(get_session(), code, actor=actor(), expected_version=current["version"])
    commit(get_session())
    return "", 204


def _current_topic(code: str) -> dict:
    current = found(representations.topic(get_session(), code), f"there is no topic {code}")
    require_match(current)
    return current


def _topic(code: str, status: int = 200):
    location = {"Location": url_for("api.topic", code=code)} if status == 201 else None
    return respond(representations.topic(get_session(), code), status, location)


# --- dependencies -------------------------------------------------------------------------

@bp.post("/dependencies")
def create_dependency():
    data = body(DEPENDENCY_INPUT, "a dependency")
    topic, requires = data.get("topic"), data.get("requires")
    outcome = topics.create_dependency(get_session(), actor=actor(), topic=topic,
                                       requires=requires, rationale=data.get("rationale"))
    commit(get_session())
    topic, requires = outcome.key.split(" requires ")
    return respond(representations.dependency(get_session(), topic, requires), 201,
                   {"Location": url_for("api.dependency", topic=topic, requires=requires)})


@bp.patch("/dependencies/<topic>/<requires>")
def update_dependency(topic: str, requires: str):
    data = body(DEPENDENCY_INPUT, "a dependency")
    for name, value in (("topic", topic), ("requires", requires)):
        if data.get(name, value) != value:
            raise ApiError(422, "The two topics name the dependency.",
                           {name: ["cannot change; delete the dependency and add another"]})
    current = _current_dependency(topic, requires)
    topics.update_dependency(get_session(), actor=actor(), topic=topic, requires=requires,
                             rationale=data.get("rationale", current["rationale"]))
    commit(get_session())
    return respond(representations.dependency(get_session(), topic, requires))


@bp.delete("/dependencies/<topic>/<requires>")
def delete_dependency(topic: str, requires: str):
    _current_dependency(topic, requires)
    topics.remove_dependency(get_session(), actor=actor(), topic=topic, requires=requires)
    commit(get_session())
    return "", 204


def _current_dependency(topic: str, requires: str) -> dict:
    current = found(representations.dependency(get_session(), topic, requires),
                    f"{topic} does not require {requires}")
    require_match(current)
    return current


def _without(data: dict, *names: str) -> dict:
    return {k: v for k, v in data.items() if k not in names}
