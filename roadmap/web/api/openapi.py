"""The building blocks of the OpenAPI document (spec.py): schema shapes, parameters,
and the read and write operations every path is made of."""
from __future__ import annotations

MAX_ID = 2**31 - 1


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str) -> dict:
    return {"type": [kind, "null"]}


STRING, INTEGER = {"type": "string"}, {"type": "integer"}
STRINGS = {"type": "array", "items": STRING}


def obj(properties: dict, *, required: tuple[str, ...] | None = None) -> dict:
    """An object with exactly these properties, all present unless `required` says otherwise."""
    return {"type": "object", "properties": properties,
            "required": list(properties if required is None else required),
            "additionalProperties": False}


def listing(item: str) -> dict:
    return obj({"items": {"type": "array", "items": ref(item)}, "total": INTEGER})


ERRORS = {400: "The request or a query parameter cannot be used.",
          401: "No credentials, or a token that does not work.",
          403: "The account may not do this.", 404: "There is no such record.",
          409: "The record clashes with a stored one, or changed while this was saved.",
          412: "If-Match does not match the record as stored.",
          413: "The body is too large.",
          422: "The record breaks a rule; `fields` says which.",
          503: "The database cannot be reached just now."}


def path_parameter(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema,
            "description": description}


ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
NAME = {"type": "string", "minLength": 1}
ITEM_ID = path_parameter("item_id", ID, "the work item's id")
CODE = path_parameter("code", NAME, "a topic code, e.g. S5")
TOPIC = path_parameter("topic", NAME, "the topic that requires")
REQUIRES = path_parameter("requires", NAME, "the topic it requires")
OTHER_ID = path_parameter("other_id", ID, "the id of the equivalent work item")
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False,
                 "schema": STRING, "description": "an ETag read before: 304 when unchanged"}
IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": STRING,
            "description": "the ETag of the record as you read it: 412 if it changed since"}
JSON = "application/json"


def _error(status: int) -> dict:
    return {"description": ERRORS[status], "content": {JSON: {"schema": ref("Error")}}}


def read(summary: str, schema: str, *, params=(), errors=(401, 503), tag: str) -> dict:
    return {"get": {
        "summary": summary, "tags": [tag], "parameters": [*params, IF_NONE_MATCH],
        "security": [{}, {"token": []}],
        "responses": {"200": {"description": "OK", "headers": {"ETag": {"schema": STRING}},
                              "content": {JSON: {"schema": ref(schema)}}},
                      "304": {"description": "Not modified since the ETag sent"},
                      **{str(s): _error(s) for s in sorted({400, *errors})}}}}


def write(method: str, summary: str, *, tag: str, body: str | None = None,
          answer: str | None = None, status: int = 200, params=(), conditional=True) -> dict:
    operation = {"summary": summary, "tags": [tag], "security": [{"token": []}],
                 "parameters": [*params, *([IF_MATCH] if conditional else [])]}
    if body:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": ref(body)}}}
    success = {"description": "Done"}
    if answer:
        success["content"] = {JSON: {"schema": ref(answer)}}
        success["headers"] = {"ETag": {"schema": STRING}}
    if status == 201:
        success["headers"] = {**success.get("headers", {}), "Location": {"schema": STRING}}
    errors = (400, 401, 403, 404, 409, 413, 422, 503) + ((412,) if conditional else ())
    operation["responses"] = {str(status): success, **{str(s): _error(s) for s in sorted(errors)}}
    return {method: operation}
