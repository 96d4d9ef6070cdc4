"""The OpenAPI parts of the follow-up of gaps: the register's writes and actions
(web/api/register.py) and liaison statements (web/api/liaison.py)."""
from __future__ import annotations

import copy

from ...vocab import ACTION_STATUSES
from .openapi import (INTEGER, NAME, STRING, STRINGS, nullable, obj, path_parameter, read, ref,
                      write)
from ...vocab import LIAISON_KINDS, LIAISON_PURPOSES, LIAISON_STATUSES
from .liaison import STATEMENT_INPUT
from .register import ACTION_INPUT, ENTRY_INPUT

GAP = path_parameter("code", NAME, "a register entry's code, e.g. GAP-07")
NUMBER = path_parameter("number", NAME, "an action's number under its entry, e.g. A1")
UPDATES = {"type": "array", "items": obj({"date": STRING, "status": STRING,
                                          "note": nullable("string")})}


def _input(defs: dict, name: str, fields: tuple[str, ...], required: tuple[str, ...]) -> dict:
    schema = copy.deepcopy(defs[f"bundle.{name}"])
    schema["properties"] = {k: v for k, v in schema["properties"].items() if k in fields}
    schema["additionalProperties"] = False
    schema["required"] = list(required)
    return schema


def schemas(defs: dict) -> dict:
    bodies = {"type": "array", "items": obj({"organization": STRING,
                                             "committee": nullable("string")})}
    return {
        "Action": obj({
            "code": STRING, "gap": STRING, "text": STRING, "addressed_to": bodies,
            "owner": nullable("string"), "due": nullable("string"),
            "status": {"enum": list(ACTION_STATUSES)}, "overdue": {"type": "boolean"},
            "updates": UPDATES,
            "work_items": {"type": "array", "items": obj({
                "organization": STRING, "identifier": STRING, "id": INTEGER})},
            "version": INTEGER}),
        "ActionList": obj({"items": {"type": "array", "items": ref("Action")}, "total": INTEGER}),
        "RegisterInput": obj({"topic": STRING}),
        "EntryPatch": _input(defs, "gap", ENTRY_INPUT, ()),
        "ActionInput": _input(defs, "action", ACTION_INPUT, ("text",)),
        "ActionPatch": _input(defs, "action", ACTION_INPUT, ()),
        "UpdateInput": obj({"status": STRING, "note": nullable("string"), "date": STRING},
                           required=("status",)),
        "ActionUpdateInput": obj({"status": STRING, "note": nullable("string"), "date": STRING},
                                 required=()),
        **_statement_schemas(defs),
    }


def _statement_schemas(defs: dict) -> dict:
    return {
        "Statement": obj({
            "organization": STRING, "committee": nullable("string"), "reference": STRING,
            "title": STRING, "date": STRING, "kind": {"enum": list(LIAISON_KINDS)},
            "status": {"enum": list(LIAISON_STATUSES)}, "deadline": nullable("string"),
            "url": nullable("string"),
            "to": {"type": "array", "items": obj({
                "organization": STRING, "committee": nullable("string"),
                "purpose": {"enum": list(LIAISON_PURPOSES)}})},
            "reply_to": {"oneOf": [{"type": "null"}, obj({"organization": STRING,
                                                          "reference": STRING})]},
            "topics": STRINGS, "gaps": STRINGS,
            "work_items": {"type": "array", "items": obj({
                "organization": STRING, "identifier": STRING, "id": INTEGER})},
            "awaiting": {"type": "boolean",
                         "description": "open, and past its deadline for a reply"},
            "version": INTEGER}),
        "StatementList": obj({"items": {"type": "array", "items": ref("Statement")},
                              "total": INTEGER}),
        "StatementInput": _input(defs, "liaison_statement", STATEMENT_INPUT,
                                 ("organization", "reference", "title", "date", "kind")),
        "StatementPatch": _input(defs, "liaison_statement", STATEMENT_INPUT, ()),
    }


def entry_properties() -> dict:
    """What a register entry carries beside the bundle's fields."""
    return {"actions": {"type": "array", "items": ref("Action")}, "version": INTEGER}


def paths() -> dict:
    filters = [{"name": name, "in": "query", "required": False, "schema": schema,
                "description": description} for name, schema, description in (
        ("status", STRING, "a status, or `open` for any not done or dropped"),
        ("body", STRING, "an organization the action is addressed to"),
        ("overdue", STRING, "1: open actions past their due date only"),
        ("within", {"type": "integer", "minimum": 1, "maximum": 3650},
         "open actions due within that many days"))]
    return {
        "/api/v1/actions": read("Actions of the gap register, filtered", "ActionList",
                                params=filters, tag="gaps"),
        "/api/v1/register/{code}/actions": write(
            "post", "Add an action to a register entry (editors)", tag="gaps",
            body="ActionInput", answer="Action", status=201, params=[GAP], conditional=False),
        "/api/v1/register/{code}/actions/{number}": {
            **read("One action", "Action", params=[GAP, NUMBER], errors=(401, 404, 503),
                   tag="gaps"),
            **write("patch", "Change an action (editors); `updates` are added to its history",
                    tag="gaps", body="ActionPatch", answer="Action", params=[GAP, NUMBER])},
        "/api/v1/register/{code}/actions/{number}/updates": write(
            "post", "Add a dated update to an action (editors, or a liaison officer of a body "
            "it is addressed to)", tag="gaps", body="ActionUpdateInput", answer="Action",
            status=201, params=[GAP, NUMBER]),
        **_statement_paths(),
        "/api/v1/register/{code}/updates": write(
            "post", "Add a dated status update to a register entry (editors)", tag="gaps",
            body="UpdateInput", answer="RegisterEntry", status=201, params=[GAP]),
    }


def _statement_paths() -> dict:
    key = [path_parameter("organization", NAME, "the sender's acronym, e.g. ITU-T"),
           path_parameter("reference", NAME, "the sender's reference, e.g. SG20-LS123")]
    filters = [{"name": name, "in": "query", "required": False, "schema": schema,
                "description": description} for name, schema, description in (
        ("awaiting", STRING, "1: open statements past their deadline for a reply"),
        ("within", {"type": "integer", "minimum": 1, "maximum": 3650},
         "open statements whose reply is due within that many days"),
        ("body", STRING, "an organization that sent or received them"),
        ("topic", STRING, "a topic they concern"))]
    return {
        "/api/v1/liaison-statements": {
            **read("Liaison statements, filtered, newest first", "StatementList",
                   params=filters, tag="liaison"),
            **write("post", "Enter a liaison statement (editors; a liaison officer of a body "
                    "that sends or receives it); a reply marks its statement replied",
                    tag="liaison", body="StatementInput", answer="Statement", status=201,
                    conditional=False)},
        "/api/v1/liaison-statements/{organization}/{reference}": {
            **read("One liaison statement", "Statement", params=key,
                   errors=(401, 404, 503), tag="liaison"),
            **write("patch", "Change a liaison statement", tag="liaison",
                    body="StatementPatch", answer="Statement", params=key)},
    }


def register_writes() -> dict:
    """The operations added to /api/v1/register and /api/v1/register/{code}."""
    return {
        "/api/v1/register": write(
            "post", "Register the computed gap of a leaf topic, in one step (editors)",
            tag="gaps", body="RegisterInput", answer="RegisterEntry", status=201,
            conditional=False),
        "/api/v1/register/{code}": write(
            "patch", "Change a register entry's fields (editors)", tag="gaps",
            body="EntryPatch", answer="RegisterEntry", params=[GAP])}
