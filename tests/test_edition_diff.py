"""The comparison of two roadmap documents: each rule, then a generated run of edits."""
from __future__ import annotations

import copy
import json

import networkx as nx
from hypothesis import given, strategies as st

from roadmap.edition_diff import STRUCTURE, compare
from roadmap.edition_diff_items import item_key
from tests.edition_samples import AFTER, BEFORE, base_document, gap_document


def run(before: dict, after: dict) -> dict:
    return compare(BEFORE, AFTER, before, after, gap_document(before),
                   gap_document(after)).as_document()


def edited(change) -> tuple[dict, dict]:
    before = base_document()
    after = copy.deepcopy(before)
    change(after)
    return before, after


def item(doc: dict, identifier: str) -> dict:
    return next(w for w in doc["work_items"] if item_key(w)[1] == identifier)


def new_item(identifier: str, status: str, **fields) -> dict:
    return {"organization": "ITU-T", "committee": "SG20", "identifier": identifier,
            "title": f"New text {identifier}", "type": "recommendation", "status": status,
            "topics": [{"code": "S5", "relevance": "core"}], **fields}


def test_compare_of_a_roadmap_with_itself_lists_nothing():
    doc = run(*edited(lambda d: None))
    assert not any(doc["summary"]["changes"].values())
    assert doc["register"]["unchanged"] and not doc["gaps"]


def test_compare_lists_a_changed_field_with_both_values():
    doc = run(*edited(lambda d: item(d, "Y.4113").update(stage="Superseded in part")))
    [changed] = doc["work_items"]["changed"]
    assert changed["identifier"] == "Y.4113"
    assert changed["changes"] == [{"field": "stage", "before": "In force",
                                   "after": "Superseded in part"}]


def test_compare_names_status_moves_as_people_say_them():
    def change(d):
        item(d, "Y.4904-Rev").update(status="published", published="2027-06-20")
        item(d, "Y.aidt-reqts")["status"] = "approved"
        item(d, "L.CE-city")["status"] = "in_development"
        item(d, "Y.4472")["status"] = "withdrawn"
        item(d, "Y.4455")["status"] = "superseded"
        item(d, "Y.4113")["status"] = "in_development"
    moves = run(*edited(change))["moves"]
    named = {m: [i["identifier"] for i in items] for m, items in moves.items() if items}
    assert named == {"published": ["Y.4904-Rev"], "approved": ["Y.aidt-reqts"],
                     "started": ["L.CE-city"], "withdrawn": ["Y.4472"],
                     "superseded": ["Y.4455"], "other": ["Y.4113"]}


def test_an_item_added_counts_as_news_only_if_it_happened_within_the_period():
    def change(d):
        d["work_items"] += [new_item("Y.4999", "published", published="2027-05"),
                            new_item("Y.4200", "published", published="2019-02-01"),
                            new_item("Y.AI-city", "proposed"), new_item("Y.4998", "withdrawn")]
    doc = run(*edited(change))
    assert [m["identifier"] for m in doc["moves"]["published"]] == ["Y.4999"]
    assert [m["identifier"] for m in doc["moves"]["started"]] == ["Y.AI-city"]
    assert [w["identifier"] for w in doc["work_items"]["added"]] == [
        "Y.4200", "Y.4998", "Y.4999", "Y.AI-city"]


def test_a_numbered_draft_is_one_item_that_got_its_number():
    doc = run(*edited(lambda d: item(d, "Y.SSC-MM").update(identifier="Y.4910")))
    assert not doc["work_items"]["added"] and not doc["work_items"]["removed"]
    [changed] = doc["work_items"]["changed"]
    assert (changed["before_identifier"], changed["identifier"]) == ("Y.SSC-MM", "Y.4910")
    assert changed["changes"] == [{"field": "identifier", "before": "Y.SSC-MM", "after": "Y.4910"}]
    assert doc["summary"]["changes"]["work_items_numbered"] == 1


def test_a_draft_given_only_by_its_provisional_name_gets_its_number():
    doc = run(*edited(lambda d: item(d, "ISO/PWI 37170").update(identifier="ISO 37170")))
    [changed] = doc["work_items"]["changed"]
    assert changed["changes"] == [{"field": "identifier", "before": None, "after": "ISO 37170"}]


def test_a_draft_numbered_without_its_provisional_name_is_matched_by_title():
    def change(d):
        draft = item(d, "L.CE-city")
        draft.update(identifier="L.1700")
        del draft["provisional_name"]
    [changed] = run(*edited(change))["work_items"]["changed"]
    assert changed["before_identifier"] == "L.CE-city"
    assert [c["field"] for c in changed["changes"]] == ["identifier", "provisional_name"]


def test_two_candidates_for_one_draft_are_a_removal_and_two_additions():
    def change(d):
        draft = item(d, "L.CE-city")
        d["work_items"].remove(draft)
        d["work_items"] += [{**draft, "identifier": "L.1700"}, {**draft, "identifier": "L.1701"}]
    doc = run(*edited(change))["work_items"]
    assert [w["identifier"] for w in doc["removed"]] == ["L.CE-city"]
    assert [w["identifier"] for w in doc["added"]] == ["L.1700", "L.1701"]


def test_an_exact_key_wins_over_a_provisional_name():
    def change(d):  # the draft's number is taken by another item already listed
        item(d, "Y.SSC-MM").update(identifier="Y.4113")
        d["work_items"].remove(item(d, "Y.4113"))
    doc = run(*edited(change))["work_items"]
    assert [w["identifier"] for w in doc["removed"]] == ["Y.SSC-MM"]
    assert doc["changed"][0]["identifier"] == "Y.4113" and not doc["added"]


def test_an_equivalence_added_changes_both_items():
    def change(d):
        item(d, "Y.4113")["equivalents"] = [{"organization": "ISO", "identifier": "ISO 37120:2018"}]
        item(d, "ISO 37120:2018")["equivalents"] = [{"organization": "ITU-T", "identifier": "Y.4113"}]
    doc = run(*edited(change))
    changes = {c["identifier"]: c["changes"] for c in doc["work_items"]["changed"]}
    assert changes["Y.4113"][0]["added"] == [{"organization": "ISO", "identifier": "ISO 37120:2018"}]
    assert changes["ISO 37120:2018"][0]["field"] == "equivalents"
    assert len(changes) == 2


def test_numbering_a_twin_leaves_its_partner_unchanged():
    def number(d):
        item(d, "Y.SSC-MM").update(identifier="Y.4910")
        item(d, "Y.4455")["equivalents"] = [{"organization": "ITU-T", "identifier": "Y.4910"}]
    before, after = edited(lambda d: None)
    item(before, "Y.4455")["equivalents"] = [{"organization": "ITU-T", "identifier": "Y.SSC-MM"}]
    number(after)
    doc = run(before, after)
    assert [c["identifier"] for c in doc["work_items"]["changed"]] == ["Y.4910"]


def test_topics_changed_say_what_was_added_removed_and_changed():
    def change(d):
        item(d, "Y.4113")["topics"] = [{"code": "I1", "relevance": "core"},
                                       {"code": "S5", "relevance": "supporting"}]
    [change_] = run(*edited(change))["work_items"]["changed"][0]["changes"]
    assert [t["code"] for t in change_["added"]] == ["S5"]
    assert [t["code"] for t in change_["removed"]] == ["I2"]
    assert change_["changed"] == [{"code": "I1", "before": {"code": "I1", "relevance": "supporting"},
                                   "after": {"code": "I1", "relevance": "core"}}]


def test_a_gap_closed_and_a_topic_newly_blocked_show_before_and_after():
    def change(d):
        d["work_items"].append(new_item("Y.4999", "published", published="2027-05",
                                        topics=[{"code": "I3", "relevance": "core"}]))
        d["dependencies"].append({"topic": "G4", "requires": "S3"})
    doc = run(*edited(change))
    gaps = {g["code"]: g for g in doc["gaps"]}
    assert "gap_closed" in gaps["I3"]["kinds"]
    assert gaps["I3"]["before"]["state"] == "uncovered" and gaps["I3"]["after"]["state"] == "covered"
    assert doc["summary"]["changes"]["gaps_closed"] == 1
    assert "newly_blocked" in gaps["G4"]["kinds"] or "blocked_by_changed" in gaps["G4"]["kinds"]


def test_a_new_gap_is_named():
    doc = run(*edited(lambda d: item(d, "Y.4904-Rev").update(status="withdrawn")))
    assert any("new_gap" in g["kinds"] or "gap_widened" in g["kinds"] for g in doc["gaps"])


def test_register_status_changes_and_updates_since_the_earlier_side():
    def change(d):
        entry = d["gaps"][0]
        entry["status"] = "in_progress"
        entry["updates"].append({"date": "2027-04-10", "status": "in_progress",
                                 "note": "Y.SSC-MM started."})
        d["gaps"].append({"code": "GAP-11", "title": "Digital twins", "topics": ["I3"],
                          "priority": "high", "rnd_needed": "yes", "status": "open"})
    register = run(*edited(change))["register"]
    [moved] = register["changed"]
    assert (moved["status_before"], moved["status_after"]) == ("open", "in_progress")
    assert [u["date"] for u in moved["updates"]] == ["2027-04-10"]
    assert [e["code"] for e in register["added"]] == ["GAP-11"]
    assert [e["code"] for e in register["unchanged"]] == ["GAP-2", "GAP-10"]


def test_structure_added_removed_and_changed():
    def change(d):
        d["topics"].append({"code": "S12", "name": "Tourism", "parent": "S"})
        d["committees"] = [c for c in d["committees"] if c["code"] != "SG5"]
        d["organizations"][0]["url"] = "https://www.itu.int/ITU-T/"
    doc = run(*edited(change))
    assert [t["code"] for t in doc["topics"]["added"]] == ["S12"]
    assert [c["code"] for c in doc["committees"]["removed"]] == ["SG5"]
    assert doc["organizations"]["changed"][0]["changes"][0]["field"] == "url"


def test_the_document_is_plain_json_in_natural_order():
    def change(d):
        d["work_items"] += [new_item(f"Y.{n}", "proposed") for n in (4910, 10, 200)]
    doc = run(*edited(change))
    assert json.loads(json.dumps(doc)) == doc
    assert [w["identifier"] for w in doc["work_items"]["added"]] == ["Y.10", "Y.200", "Y.4910"]
    assert doc["before"] == {"label": "Edition 2 (2027-03-01)", "date": "2027-03-01",
                             "number": 2, "title": "Roadmap, March 2027"}


# --- a generated run of edits ------------------------------------------------------------

STATUSES = ("proposed", "in_development", "approved", "published", "withdrawn", "superseded")
FIELDS = {"title": "{} (revised)", "stage": "{} then amended", "summary": "{} Updated.",
          "target": "2029-06", "url": "https://example.org/{}"}


def expected_move(old: str, new: str) -> str:
    if new in ("published", "withdrawn", "superseded"):
        return new
    if new == "approved":
        return "approved" if old in ("proposed", "in_development") else "other"
    return "started" if (old, new) == ("proposed", "in_development") else "other"


class Edits:
    """Edits of one roadmap document, each on items no other edit touched, with the
    changes the comparison must list."""

    def __init__(self, data, doc: dict):
        self.data, self.doc = data, doc
        self.touched: set[int] = set()  # id() of the records edited
        self.expected: set = set()
        self.serial = 0

    def pick(self, candidates):
        candidates = [c for c in candidates if id(c) not in self.touched]
        if not candidates:
            return None
        chosen = self.data.draw(st.sampled_from(candidates))
        self.touched.add(id(chosen))
        return chosen

    def items(self, test=lambda w: True):
        return [w for w in self.doc["work_items"] if test(w)]

    def changed(self, record, *fields):
        self.expected.update(("changed", *item_key(record), f) for f in fields)

    def status(self):
        w = self.pick(self.items())
        if w:
            new = self.data.draw(st.sampled_from([s for s in STATUSES if s != w["status"]]))
            self.expected.add(("move", expected_move(w["status"], new), *item_key(w)))
            w["status"] = new
            self.changed(w, "status")

    def field(self):
        w = self.pick(self.items())
        if w:
            name = self.data.draw(st.sampled_from(sorted(FIELDS)))
            w[name] = FIELDS[name].format(w.get(name) or "x")
            self.changed(w, name)

    def add(self):
        self.serial += 1
        status = self.data.draw(st.sampled_from(STATUSES))
        day = self.data.draw(st.sampled_from(["2027-05-02", "2027-08", "2020-01-10"]))
        record = new_item(f"Z.{self.serial}", status, **{"registered": "2019-01",
                                                         "approved": day, "published": day})
        self.touched.add(id(record))
        self.doc["work_items"].append(record)
        self.expected.add(("added", *item_key(record)))
        move = ("started" if status in ("proposed", "in_development") else
                status if status in ("approved", "published") and day != "2020-01-10" else None)
        if move:
            self.expected.add(("move", move, *item_key(record)))

    def remove(self):
        twins = {(e["organization"], e["identifier"]) for w in self.items()
                 for e in w.get("equivalents", [])}
        w = self.pick(self.items(lambda w: item_key(w) not in twins and not w.get("equivalents")))
        if w:
            self.doc["work_items"].remove(w)
            self.expected.add(("removed", *item_key(w)))

    def number(self):
        w = self.pick(self.items(lambda w: w.get("identifier") in (None, w.get("provisional_name"))))
        if w:
            before = item_key(w)[1]
            self.serial += 1
            w["identifier"] = f"Y.{4900 + self.serial}"
            self.changed(w, "identifier")
            if self.data.draw(st.booleans()):
                del w["provisional_name"]
                self.changed(w, "provisional_name")
            self.expected.add(("numbered", before, w["identifier"]))

    def _numbered(self, w):
        return w.get("identifier") and w.get("identifier") != w.get("provisional_name")

    def equivalence_add(self):
        a = self.pick(self.items(self._numbered))
        b = self.pick(self.items(lambda w: self._numbered(w) and w is not a
                                 and not w.get("equivalents") and w["organization"] != (a or {}).get("organization")))
        if a and b:
            for one, other in ((a, b), (b, a)):
                one.setdefault("equivalents", []).append(
                    {"organization": other["organization"], "identifier": other["identifier"]})
                self.changed(one, "equivalents")

    def equivalence_remove(self):
        pairs = [w for w in self.items(lambda w: w.get("equivalents"))]
        if pairs and all(id(w) not in self.touched for w in pairs):
            for w in pairs:
                self.touched.add(id(w))
                w.pop("equivalents")
                self.changed(w, "equivalents")

    def register_update(self):
        entry = self.pick(self.doc["gaps"])
        if entry:
            day = self.data.draw(st.sampled_from(["2027-03-20", "2027-08-31"]))
            entry.setdefault("updates", []).append({"date": day, "status": "in_progress"})
            self.expected.add(("register_update", entry["code"], day))
            if entry["status"] != "in_progress":
                entry["status"] = "in_progress"
                self.expected.add(("register", entry["code"], "status"))

    def topic(self):
        self.serial += 1
        code = f"S{20 + self.serial}"
        self.doc["topics"].append({"code": code, "name": f"New service {code}", "parent": "S"})
        self.expected.add(("topics_added", code))

    def dependency(self):
        graph = nx.DiGraph((d["topic"], d["requires"]) for d in self.doc["dependencies"])
        leaves = sorted({"S1", "S2", "S3", "I5", "I6", "X4", "K3", "G4"})
        topic, requires = self.data.draw(st.permutations(leaves))[:2]
        if graph.has_node(topic) and graph.has_node(requires) and (
                nx.has_path(graph, requires, topic) or graph.has_edge(topic, requires)):
            return
        self.doc["dependencies"].append({"topic": topic, "requires": requires})
        self.expected.add(("dependencies_added", topic, requires))


EDITS = ("status", "field", "add", "remove", "number", "equivalence_add",
         "equivalence_remove", "register_update", "topic", "dependency")


def listed(doc: dict) -> set:
    """The changes a comparison document lists, as the edits above name them."""
    found = {("added", *item_key(w)) for w in doc["work_items"]["added"]}
    found |= {("removed", *item_key(w)) for w in doc["work_items"]["removed"]}
    for w in doc["work_items"]["changed"]:
        found |= {("changed", w["organization"], w["identifier"], c["field"]) for c in w["changes"]}
        if "before_identifier" in w:
            found.add(("numbered", w["before_identifier"], w["identifier"]))
    found |= {("move", m["move"], m["organization"], m["identifier"])
              for moved in doc["moves"].values() for m in moved}
    for entry in doc["register"]["changed"] + doc["register"]["added"] + doc["register"]["removed"]:
        found |= {("register", entry["code"], c["field"]) for c in entry["changes"]}
        found |= {("register_update", entry["code"], u["date"]) for u in entry["updates"]}
    for name, key in STRUCTURE:
        for what in ("added", "removed", "changed"):
            found |= {(f"{name}_{what}", *(r[k] for k in key)) for r in doc[name][what]}
    return found


@given(st.data())
def test_compare_lists_exactly_the_edits_made(data):
    before = base_document()
    after = copy.deepcopy(before)
    edits = Edits(data, after)
    for name in data.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=8)):
        getattr(edits, name)()
    doc = run(before, after)
    assert listed(doc) == edits.expected
    figures = {t["code"]: t for t in gap_document(before)["topics"]}
    moved = {t["code"] for t in gap_document(after)["topics"] if figures.get(t["code"]) != t}
    assert {g["code"] for g in doc["gaps"]} == moved


def test_actions_and_liaison_statements_are_compared_too():
    def change(d):
        entry = d["gaps"][0]
        entry["actions"] = [{"code": "A1", "text": "Start a work item", "status": "done",
                             "updates": [{"date": "2027-05-01", "status": "done"}]},
                            {"code": "A2", "text": "Ask ISO", "status": "proposed"}]
        d["liaison_statements"] = [{"organization": "ITU-T", "reference": "SG20-LS9",
                                    "title": "On water", "date": "2027-04-01", "kind": "outgoing",
                                    "status": "open"}]
    before, after = edited(change)
    before["gaps"][0]["actions"] = [{"code": "A1", "text": "Start a work item",
                                     "status": "agreed"}]
    doc = run(before, after)
    entry = next(e for e in doc["register"]["changed"] if e["code"] == before["gaps"][0]["code"])
    assert [(a["code"], a["status_before"], a["status_after"], len(a["updates"]))
            for a in entry["actions"]] == [("A1", "agreed", "done", 1), ("A2", None, "proposed", 0)]
    assert [s["reference"] for s in doc["liaison_statements"]["added"]] == ["SG20-LS9"]
    changes = doc["summary"]["changes"]
    assert (changes["actions_added"], changes["actions_status_changes"], changes["action_updates"],
            changes["liaison_statements_added"]) == (1, 1, 1, 1)
