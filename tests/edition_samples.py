"""A small roadmap document cut from the seed, and its gap report computed without a database.

Shared by the comparison's tests and the progress report's: the seed's organizations,
committees, topic tree and dependencies, a handful of its work items, three drafts (two as
the roadmap stores them, one as a hand-written bundle gives it), one equivalence and a
register of three entries.
"""
from __future__ import annotations

import copy
import functools
import json

from roadmap import gaps
from roadmap.config import DEFAULT_SEED
from roadmap.edition_diff import Side, compare
from roadmap.edition_diff_items import item_key

BEFORE = Side("Edition 2 (2027-03-01)", "2027-03-01", 2, "Roadmap, March 2027")
AFTER = Side("Live roadmap (2027-09-01)", "2027-09-01", None, "The roadmap today")
KEPT = ("Y.4000/Y.2060", "Y.4113", "Y.4455", "Y.4472", "Y.4904-Rev", "Y.aidt-reqts",
        "ISO 37120:2018", "ISO/AWI 37101", "ISO 37100:2016", "ISO/DIS 37116", "ISO 37122:2019",
        "ISO/IEC 30145-1:2021", "ISO/IEC AWI 30145-3")
DRAFTS = (
    {"organization": "ITU-T", "committee": "SG20", "identifier": "Y.SSC-MM",
     "provisional_name": "Y.SSC-MM", "title": "Smart sustainable cities maturity model for water",
     "type": "recommendation", "status": "in_development", "registered": "2026-05",
     "target": "2027-12", "topics": [{"code": "S5", "relevance": "core"}]},
    {"organization": "ITU-T", "committee": "SG5", "identifier": "L.CE-city",
     "provisional_name": "L.CE-city", "title": "Circular economy indicators for cities",
     "type": "recommendation", "status": "proposed",
     "topics": [{"code": "K1", "relevance": "core"}]},
    {"organization": "ISO", "committee": "TC 268", "provisional_name": "ISO/PWI 37170",
     "title": "Smart community infrastructures: data exchange for mobility",
     "type": "international_standard", "status": "proposed",
     "topics": [{"code": "S4", "relevance": "supporting"}]},
)
REGISTER = (
    {"code": "GAP-1", "title": "Water quality sensing", "statement": "No common model for "
     "water-quality sensor data in city networks.", "topics": ["S5"], "priority": "high",
     "horizon": "0-2 years", "rnd_needed": "no", "recommendation": "ITU-T SG20 to develop it.",
     "leads": [{"organization": "ITU-T", "committee": "SG20"}], "status": "open",
     "updates": [{"date": "2026-10-01", "status": "open", "note": "Raised at the SG20 meeting."}]},
    {"code": "GAP-2", "title": "Circular economy indicators", "topics": ["K1", "K2"],
     "priority": "medium", "rnd_needed": "maybe", "status": "in_progress",
     "updates": [{"date": "2026-11-20", "status": "in_progress"}]},
    {"code": "GAP-10", "title": "Mobility data exchange", "topics": ["S4"], "priority": "low",
     "rnd_needed": "yes", "status": "open"},
)


@functools.cache
def _seed() -> dict:
    return json.loads(DEFAULT_SEED.read_bytes())


def base_document() -> dict:
    """Return a fresh copy of the small roadmap document."""
    seed = _seed()
    items = [copy.deepcopy(w) for w in seed["work_items"] if w["identifier"] in KEPT]
    items += copy.deepcopy(list(DRAFTS))
    by_id = {w.get("identifier"): w for w in items}
    by_id["Y.4000/Y.2060"]["equivalents"] = [{"organization": "ISO/IEC JTC 1",
                                              "identifier": "ISO/IEC 30145-1:2021"}]
    by_id["ISO/IEC 30145-1:2021"]["equivalents"] = [{"organization": "ITU-T",
                                                     "identifier": "Y.4000/Y.2060"}]
    bodies = {w["organization"] for w in items}
    return {"format": "ssc-roadmap-bundle", "version": 1,
            "organizations": [o for o in seed["organizations"] if o["acronym"] in bodies],
            "committees": [c for c in seed["committees"] if c["organization"] in bodies],
            "topics": copy.deepcopy(seed["topics"]),
            "dependencies": copy.deepcopy(seed["dependencies"]),
            "work_items": items, "gaps": copy.deepcopy(list(REGISTER))}


def gap_document(doc: dict) -> dict:
    """Return the gap report document of a bundle document, as the roadmap computes it."""
    parents = {t.get("parent") for t in doc["topics"]}
    leaves = {t["code"]: t["name"] for t in doc["topics"] if t["code"] not in parents}
    ids = {item_key(w): n for n, w in enumerate(doc["work_items"])}
    items = [gaps.Item(n, w["organization"], w["status"]) for n, w in enumerate(doc["work_items"])]
    mappings = [gaps.MappingIn(n, t["code"], t.get("relevance", "core"))
                for n, w in enumerate(doc["work_items"]) for t in w.get("topics", [])]
    pairs = {tuple(sorted((ids[item_key(w)], ids[(e["organization"], e["identifier"])])))
             for w in doc["work_items"] for e in w.get("equivalents", [])
             if (e["organization"], e["identifier"]) in ids}
    analysis = gaps.analyse(leaves, [(d["topic"], d["requires"]) for d in doc["dependencies"]],
                            items, mappings, sorted(pairs))
    return {"topics": [{"code": t.code, "name": t.name, "state": t.state,
                        "blocked_by": list(t.blocked_by), "impact": t.impact,
                        "overlap": list(t.overlap)} for t in analysis.topics.values()],
            "gaps": list(analysis.gap_codes), "register": copy.deepcopy(doc.get("gaps", []))}


def sample_edits(doc: dict) -> None:
    """Half a year of a roadmap's life: a draft numbered and approved, a text published,
    one withdrawn, a project started, a register entry moved on, a topic added."""
    def item(identifier):
        return next(w for w in doc["work_items"] if item_key(w)[1] == identifier)

    item("Y.SSC-MM").update(identifier="Y.4910", status="approved")
    item("Y.4904-Rev").update(status="published", published="2027-06-20")
    item("Y.4472")["status"] = "withdrawn"
    doc["work_items"].append({
        "organization": "ITU-T", "committee": "SG20", "identifier": "Y.AI-city",
        "provisional_name": "Y.AI-city", "title": "Überwachung: AI services for city twins",
        "type": "recommendation", "status": "proposed", "target": "2028-12",
        "topics": [{"code": "I3", "relevance": "core"}]})
    entry = doc["gaps"][0]
    entry["status"] = "in_progress"
    entry["updates"].append({"date": "2027-04-10", "status": "in_progress",
                             "note": "Y.SSC-MM under way in Q7/20."})
    doc["topics"].append({"code": "S12", "name": "Tourism", "parent": "S"})


def sample_comparison():
    """The comparison of the small roadmap with itself after `sample_edits`."""
    before = base_document()
    after = copy.deepcopy(before)
    sample_edits(after)
    return compare(BEFORE, AFTER, before, after, gap_document(before), gap_document(after))
