"""The OpenAPI document stays true: schemathesis drives every operation, writes included.

Each operation gets generated requests twice over: with every parameter made up (mostly
404s and 422s) and with path parameters pinned to records that exist, so that writes
reach the services. No answer may be a server error or break the documented schema.
"""
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               response_headers_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

from roadmap.web.api.spec import document
from tests.api.test_api import item_id, token_for
from roadmap.db import get_session
from tests.factories import follow_up, signed_in_client

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
EXAMPLES = 25  # per operation and way of generating; derandomized, so runs repeat exactly
OPERATIONS = [op.ok().label for op in schemathesis.openapi.from_dict(document())
              .get_all_operations()]


def test_the_document_is_openapi_3_1_and_covers_every_api_route(app):
    served = app.test_client().get("/api/v1/openapi.json").get_json()
    assert served["openapi"] == "3.1.0"
    routes = {(method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              and rule.endpoint != "api.openapi"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(method.upper(), path) for path, item in served["paths"].items()
                 for method in item}
    assert described == routes


@pytest.mark.parametrize("label", OPERATIONS)
def test_every_operation_keeps_to_the_schema(app, label):
    signed_in_client(app, "anonymous")  # loads the small bundle
    with app.app_context():
        follow_up(get_session())  # GAP-01 with its actions A1 and A2; two statements
    headers = {"Authorization": f"Bearer {token_for(app, 'editor')}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema.find_operation_by_label(label)
    known = {"item_id": item_id(app, "Y.4490"), "code": "S5", "topic": "S5", "requires": "I1",
             "other_id": item_id(app, "ISO 1"), "number": "A1", "organization": "ITU-T",
             "reference": "SG20-LS1"}
    if operation.path.startswith("/api/v1/register/"):
        known["code"] = "GAP-01"
    pinned = {name: value for name, value in known.items()
              if name in {p.name for p in operation.path_parameters}}
    cases = operation.as_strategy()
    if pinned:
        cases = st.one_of(cases, operation.as_strategy(path_parameters=pinned))

    @given(case=cases)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def call(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
