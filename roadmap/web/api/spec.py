"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Input schemas are made from the bundle's JSON Schema (roadmap/schemas), so a field the
bundle gains is described here too; tests/test_api_schema.py runs schemathesis against
this document to keep it true.
"""
from __future__ import annotations

import copy
from functools import cache

from flask import jsonify

from ...interchange import bundle
from ...vocab import (COVERAGE_STATES, GAP_PRIORITIES, GAP_STATUSES, ORGANIZATION_KINDS,
                      RELEVANCES, RND_NEEDED)
from . import editions, register_spec
from .blueprint import bp
from .openapi import (CODE, INTEGER, ITEM_ID, NAME, OTHER_ID, REQUIRES, STRING, STRINGS, TOPIC,
                      listing, nullable, obj, path_parameter, read, ref, write)
from .writes import DEPENDENCY_INPUT, MAPPING_INPUT, TOPIC_INPUT, WORK_ITEM_INPUT


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


def _bundle_defs() -> dict:
    """The bundle's definitions, their references pointed at components/schemas."""
    def point(node):
        if isinstance(node, dict):
            return {k: (v.replace("#/$defs/", "#/components/schemas/bundle.")
                        if k == "$ref" else point(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [point(v) for v in node]
        return node
    return {f"bundle.{name}": point(d) for name, d in bundle.schema()["$defs"].items()}


def _input(defs: dict, name: str, fields: tuple[str, ...], *, patch: bool) -> dict:
    """A bundle record as the API takes it: only known fields, all optional for PATCH."""
    schema = copy.deepcopy(defs[f"bundle.{name}"])
    schema["properties"] = {k: v for k, v in schema["properties"].items() if k in fields}
    schema["additionalProperties"] = False
    if patch:
        schema.pop("required", None)
    return schema


def _schemas() -> dict:
    defs = _bundle_defs()
    work_item_fields = {name: nullable("string") for name in WORK_ITEM_INPUT}
    work_item_fields.update(
        organization=STRING, identifier=STRING, title=STRING, type=STRING, status=STRING,
        editors=STRINGS, topics={"type": "array", "items": ref("Mapping")},
        equivalents={"type": "array", "items": ref("Equivalent")})
    mapping_fields = {name: {"code": STRING, "note": nullable("string"),
                             "relevance": {"enum": [*RELEVANCES, None]}}[name]
                      for name in MAPPING_INPUT}
    return {
        **defs,
        "Error": obj({"error": obj({
            "code": STRING, "message": STRING,
            "fields": {"type": "object", "additionalProperties": STRINGS,
                       "description": 'messages by field or parameter; "" is the record '
                                      "as a whole"}})}),
        "Index": obj({"version": INTEGER, "openapi": STRING,
                      "resources": {"type": "object", "additionalProperties": STRING}}),
        "Organization": obj({"acronym": STRING, "name": STRING,
                             "kind": {"enum": list(ORGANIZATION_KINDS)}, "url": nullable("string"),
                             "active_work_items": INTEGER, "work_items": INTEGER}),
        "Committee": obj({"organization": STRING, "code": STRING, "name": STRING,
                          "parent": nullable("string"), "url": nullable("string")}),
        "Topic": obj({"code": STRING, "name": STRING, "description": nullable("string"),
                      "parent": nullable("string"), "category": STRING, "leaf": {"type": "boolean"},
                      "children": STRINGS,
                      "state": {"enum": [*COVERAGE_STATES, None],
                                "description": "computed for leaf topics; null for groups"},
                      "blocked_by": STRINGS, "impact": nullable("integer"), "overlap": STRINGS,
                      "requires": STRINGS, "required_by": STRINGS, "version": INTEGER}),
        "Dependency": obj({"topic": STRING, "requires": STRING, "rationale": nullable("string")}),
        "Mapping": obj({"code": STRING, "relevance": {"enum": list(RELEVANCES)},
                        "note": nullable("string")}),
        "WorkItem": obj({"id": INTEGER, **work_item_fields, "version": INTEGER}),
        "Equivalent": obj({"id": INTEGER, "organization": STRING, "identifier": STRING}),
        "WorkItemPage": obj({"items": {"type": "array", "items": ref("WorkItem")},
                             "total": INTEGER, "page": INTEGER, "per_page": INTEGER,
                             "pages": INTEGER}),
        "RegisterEntry": obj({
            "code": STRING, "title": STRING, "statement": nullable("string"), "topics": STRINGS,
            "priority": {"enum": list(GAP_PRIORITIES)}, "horizon": nullable("string"),
            "rnd_needed": {"enum": list(RND_NEEDED)}, "recommendation": nullable("string"),
            "leads": {"type": "array", "items": obj({"organization": STRING,
                                                     "committee": nullable("string")})},
            "status": {"enum": list(GAP_STATUSES)},
            "updates": {"type": "array", "items": obj({"date": STRING, "status": STRING,
                                                       "note": nullable("string")})},
            "review": nullable("string"), **register_spec.entry_properties()}),
        "GapReport": obj({
            "topics": {"type": "array", "items": obj({
                "code": STRING, "name": STRING, "state": {"enum": list(COVERAGE_STATES)},
                "blocked_by": STRINGS, "impact": INTEGER, "overlap": STRINGS})},
            "gaps": STRINGS,
            "register": {"type": "array", "items": {"type": "object"}}}),
        "OrganizationList": listing("Organization"), "CommitteeList": listing("Committee"),
        "TopicList": listing("Topic"), "DependencyList": listing("Dependency"),
        "MappingList": listing("Mapping"), "EquivalentList": listing("Equivalent"), "RegisterList": listing("RegisterEntry"),
        "WorkItemInput": _input(defs, "work_item", WORK_ITEM_INPUT, patch=False),
        "WorkItemPatch": _input(defs, "work_item", WORK_ITEM_INPUT, patch=True),
        "TopicInput": _input(defs, "topic", TOPIC_INPUT, patch=False),
        "TopicPatch": _input(defs, "topic", TOPIC_INPUT, patch=True),
        "DependencyInput": _input(defs, "dependency", DEPENDENCY_INPUT, patch=False),
        "DependencyPatch": _input(defs, "dependency", DEPENDENCY_INPUT, patch=True),
        "MappingInput": obj(mapping_fields, required=("code",)),
        "MappingPatch": obj(mapping_fields, required=()),
        **register_spec.schemas(defs),
        **editions.SCHEMAS,
    }


def _paths() -> dict:
    filters = [{"name": name, "in": "query", "required": False, "schema": schema,
                "description": description} for name, schema, description in (
        ("organization", STRING, "an organization's acronym, e.g. ISO/IEC JTC 1"),
        ("committee", STRING, "a committee code, e.g. SG20"),
        ("topic", STRING, "a leaf topic code, or a group's code for all its leaves"),
        ("status", STRING, "a status, or `active` for every live one"),
        ("type", STRING, "a work-item type"),
        ("year", STRING, "published in, or else targeted for, that year (YYYY)"),
        ("q", STRING, "words searched in identifier, title and summary"),
        ("page", {"type": "integer", "minimum": 1}, "from 1"),
        ("per_page", {"type": "integer", "minimum": 1, "maximum": 500}, "50 unless given"))]
    return {
        "/api/v1/": read("Where the resources are", "Index", tag="index"),
        "/api/v1/organizations": read("Organizations with their work-item counts",
                                      "OrganizationList", tag="structure"),
        "/api/v1/committees": read("Committees, of one organization or all", "CommitteeList",
                                   tag="structure", params=[{
                                       "name": "organization", "in": "query", "required": False,
                                       "schema": STRING}]),
        "/api/v1/topics": {
            **read("Topics with their computed state", "TopicList", tag="topics"),
            **write("post", "Add a topic", tag="topics", body="TopicInput", answer="Topic",
                    status=201, conditional=False)},
        "/api/v1/topics/{code}": {
            **read("One topic", "Topic", params=[CODE], errors=(401, 404, 503), tag="topics"),
            **write("patch", "Change a topic's fields", tag="topics", body="TopicPatch",
                    answer="Topic", params=[CODE]),
            **write("delete", "Delete a topic nothing refers to", tag="topics", status=204,
                    params=[CODE])},
        "/api/v1/dependencies": {
            **read("Dependencies between leaf topics", "DependencyList", tag="topics"),
            **write("post", "Add a dependency (a cycle is refused, named)", tag="topics",
                    body="DependencyInput", answer="Dependency", status=201, conditional=False)},
        "/api/v1/dependencies/{topic}/{requires}": {
            **read("One dependency", "Dependency", params=[TOPIC, REQUIRES],
                   errors=(401, 404, 503), tag="topics"),
            **write("patch", "Change a dependency's rationale", tag="topics",
                    body="DependencyPatch", answer="Dependency", params=[TOPIC, REQUIRES]),
            **write("delete", "Delete a dependency", tag="topics", status=204,
                    params=[TOPIC, REQUIRES])},
        "/api/v1/work-items": {
            **read("Work items, filtered, a page at a time (stable order: organization, "
                   "identifier, id; a Link header names the next and previous pages)",
                   "WorkItemPage", params=filters, tag="work items"),
            **write("post", "Add a work item", tag="work items", body="WorkItemInput",
                    answer="WorkItem", status=201, conditional=False)},
        "/api/v1/work-items/{item_id}": {
            **read("One work item", "WorkItem", params=[ITEM_ID], errors=(401, 404, 503),
                   tag="work items"),
            **write("patch", "Change some fields (null clears one; `topics` replaces the "
                    "mappings; `equivalents` adds; DELETE .../equivalents/{other_id} ends one)",
                    tag="work items", body="WorkItemPatch",
                    answer="WorkItem", params=[ITEM_ID]),
            **write("delete", "Withdraw a work item (it stays, withdrawn; editors restore it)",
                    tag="work items", answer="WorkItem", params=[ITEM_ID])},
        "/api/v1/work-items/{item_id}/topics": {
            **read("The topics a work item is mapped to", "MappingList", params=[ITEM_ID],
                   errors=(401, 404, 503), tag="work items"),
            **write("post", "Map the work item to a leaf topic", tag="work items",
                    body="MappingInput", answer="Mapping", status=201, params=[ITEM_ID],
                    conditional=False)},
        "/api/v1/work-items/{item_id}/topics/{code}": {
            **read("One mapping", "Mapping", params=[ITEM_ID, CODE], errors=(401, 404, 503),
                   tag="work items"),
            **write("patch", "Change a mapping's relevance or note", tag="work items",
                    body="MappingPatch", answer="Mapping", params=[ITEM_ID, CODE]),
            **write("delete", "Take the topic off the work item", tag="work items",
                    status=204, params=[ITEM_ID, CODE])},
        "/api/v1/work-items/{item_id}/equivalents": read(
            "The work items declared equivalent to this one (the same text)", "EquivalentList",
            params=[ITEM_ID], errors=(401, 404, 503), tag="work items"),
        "/api/v1/work-items/{item_id}/equivalents/{other_id}": {
            **read("One equivalent", "Equivalent", params=[ITEM_ID, OTHER_ID],
                   errors=(401, 404, 503), tag="work items"),
            **write("delete", "End the equivalence (it needs the right to change both items)",
                    tag="work items", status=204, params=[ITEM_ID, OTHER_ID])},
        "/api/v1/gaps": read("Every leaf topic's figures, the gap list (most pressing first) "
                             "and the register", "GapReport", tag="gaps"),
        "/api/v1/register": read("The gap register", "RegisterList", tag="gaps"),
        "/api/v1/register/{code}": read("One register entry", "RegisterEntry", tag="gaps",
                                        params=[path_parameter("code", NAME, "e.g. GAP-07")],
                                        errors=(401, 404, 503)),
        **editions.PATHS,
    }


def _merged(*parts: dict) -> dict:
    """Paths from several modules; operations on one path joined."""
    paths: dict = {}
    for part in parts:
        for path, operations in part.items():
            paths[path] = {**paths.get(path, {}), **operations}
    return paths


@cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "SSC Roadmap API", "version": "1",
                 "description": "The standardization roadmap for smart sustainable cities: "
                                "organizations, topics and their dependencies, work items and "
                                "their topics, the computed gaps and the gap register. Records "
                                "are keyed by natural keys (acronyms, codes); work items by id. "
                                "Every read carries an ETag; a write may send it back as "
                                "If-Match. Errors share one shape (Error)."},
        "servers": [{"url": "/"}],
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"token": {
                "type": "http", "scheme": "bearer",
                "description": "a personal token from the account page or `flask --app app "
                               "roadmap create-token EMAIL`"}}},
        "paths": _merged(_paths(), register_spec.paths(), register_spec.register_writes()),
    }
