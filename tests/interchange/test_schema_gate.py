"""The compiled schema check that lets a valid bundle skip the full report agrees with
jsonschema on every document: generated roadmaps with one value anywhere replaced by a
value of another kind, or one field taken out. Should they ever disagree the wrong way
(the gate passes what jsonschema refuses), a broken file would reach the services."""
from __future__ import annotations

import copy
import math

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.config import DEFAULT_SEED
from roadmap.interchange import bundle, checks
from tests.interchange.test_round_trips import roadmaps

ODD = st.sampled_from([True, False, 0, 1, -1, 1.0, 2.5, 10**30, math.nan, math.inf, "", " ",
                       "x" * 600, "draft", "2024-13", "٢٠٢٤", "HTTPS://A.EXAMPLE", [], [1], {},
                       {"code": 1}, None])
FULL = jsonschema.Draft202012Validator(bundle.schema())


def places(node, path=()):
    """Every (container, key) in the document, the document's own top level included."""
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in items:
        yield node, key
        yield from places(child, (*path, key))


@settings(max_examples=150, derandomize=True, deadline=None)
@given(document=roadmaps(), data=st.data())
def test_the_gate_and_the_full_check_agree(document, data):
    broken = copy.deepcopy(document)
    container, key = data.draw(st.sampled_from(list(places(broken))))
    if isinstance(container, dict) and data.draw(st.booleans()):
        del container[key]
    else:
        container[key] = data.draw(ODD)
    assert checks._fast_valid(broken) == (not any(FULL.iter_errors(broken)))


def test_the_seed_passes_the_gate():
    document = bundle.parse(DEFAULT_SEED.read_bytes())
    assert checks._fast_valid(document) and not any(FULL.iter_errors(document))


@pytest.mark.parametrize("section, field, length", [
    ("organizations", "acronym", 41), ("organizations", "name", 201),
    ("work_items", "identifier", 121), ("work_items", "title", 501)])
def test_limits_beside_a_reference_hold_in_the_gate_too(section, field, length):
    document = bundle.parse(DEFAULT_SEED.read_bytes())
    document[section][0][field] = "x" * length
    assert any(FULL.iter_errors(document))
    assert not checks._fast_valid(document)
