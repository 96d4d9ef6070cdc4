"""The app's JSON text (web/json_text.py, orjson) reads back as what Flask's own provider
writes, for any document the app could answer with."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import re

from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider
from hypothesis import given, strategies as st
from markupsafe import Markup

from roadmap.web.json_text import JsonText

APP = Flask("json-text")
OURS, FLASKS = JsonText(APP), DefaultJSONProvider(APP)


class Kind(str, enum.Enum):
    GUIDE = "guide"


@dataclasses.dataclass
class Row:
    code: str
    count: int


SCALARS = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text()
           | st.dates() | st.datetimes(timezones=st.just(dt.timezone.utc))
           | st.builds(Markup, st.text()) | st.just(Kind.GUIDE)
           | st.builds(Row, st.text(), st.integers(-5, 5)))
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


@given(DOCUMENTS)
def test_what_it_writes_reads_back_as_flasks_own_text(document):
    for ours in (OURS.dumps(document), OURS.dumps(document, separators=(",", ":"))):
        assert json.loads(ours) == json.loads(FLASKS.dumps(document))
        assert " " not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', ours)  # compact
        json.loads(ours, object_pairs_hook=keys_in_order)  # sorted


def keys_in_order(pairs):
    keys = [key for key, _ in pairs]
    assert keys == sorted(keys), keys
    return dict(pairs)


def test_jsonify_writes_with_orjson():
    app = Flask("jsonify")
    app.json = JsonText(app)
    with app.app_context():
        answer = jsonify({"b": 1e-7, "a": "Cité"})
    assert answer.get_data(as_text=True) == '{"a":"Cité","b":1e-7}\n'  # orjson's text


def test_debug_options_still_reach_the_standard_encoder():
    assert OURS.dumps({"b": 1, "a": 2}, indent=2) == '{\n  "a": 2,\n  "b": 1\n}'
