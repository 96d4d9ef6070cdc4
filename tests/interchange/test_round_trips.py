"""Round trips that hold for every roadmap, not just the seed: generated roadmaps with
hostile text, equivalence chains, drafts known by a provisional name, committee trees and
register entries survive export -> import into an empty roadmap -> export, as a bundle on
both databases and as work items through CSV and XLSX; and any one corruption of a valid
file is refused whole, with nothing changed.

CI runs a fixed seed with a small budget. A longer search:
    HYPOTHESIS_PROFILE=thorough python -m pytest tests/interchange/test_round_trips.py
"""
from __future__ import annotations

import copy
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from roadmap.exporters import EXPORTERS
from roadmap.interchange import bundle, files, importer
from roadmap.interchange.problems import FileRefused
from roadmap.read import exports, records
from roadmap.read.filters import WorkItemFilter
from roadmap.services import work_item_batch
from roadmap.vocab import RELEVANCES, STATUSES, WORK_ITEM_TYPES
from tests.factories import ADMIN


# Text a liaison officer may paste: formula triggers, markup, quotes, tabs and new lines,
# accents and scripts. Leading and trailing space is trimmed by every way in, so a value
# is generated trimmed; NUL is refused everywhere, so it is left out.
HOSTILE = st.sampled_from(["=SUM(A1:A9)", "+1", "-2", "@cmd", "<b>bold</b>", "<script>x</script>",
                           '"quoted"', "a\tb", "line\nbreak", "Ünïcödé", "中文", "עברית", "emoji 🏙",
                           "100%", "a;b", "x:y", "&amp;"])
PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1, max_size=40)


def _trimmed(parts: list[str]) -> str:
    return " ".join(parts).strip() or "x"


def words(max_parts: int = 4):
    return st.lists(st.one_of(HOSTILE, PLAIN), min_size=1, max_size=max_parts).map(_trimmed)


KEY = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789.-", min_size=1, max_size=8)
YEAR = st.integers(1990, 2035)


@st.composite
def partial_dates(draw):
    year = draw(YEAR)
    shape = draw(st.sampled_from(["y", "ym", "ymd"]))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    return {"y": f"{year}", "ym": f"{year}-{month:02d}", "ymd": f"{year}-{month:02d}-{day:02d}"}[shape]


@st.composite
def roadmaps(draw, *, for_tables: bool = False):
    """A whole roadmap bundle. `for_tables`: values a spreadsheet cell can hold."""
    text = words() if not for_tables else words().map(lambda t: t.replace("\r", ""))
    orgs = draw(st.lists(st.sampled_from(["ITU-T", "ISO", "IEC", "ISO/IEC JTC 1", "ETSI", "IEEE"]),
                         min_size=1, max_size=4, unique=True))
    document = {"format": bundle.FORMAT, "version": bundle.VERSION,
                "organizations": [{"acronym": a, "name": draw(text), "kind": "international_sdo",
                                   **({"url": f"HTTPS://{a.lower().replace(' ', '')}.example/"}
                                      if draw(st.booleans()) else {})} for a in orgs],
                "committees": [], "topics": [], "dependencies": [], "work_items": [], "gaps": []}
    for org in orgs:  # a committee tree: each names one made before it as its parent
        codes = draw(st.lists(KEY, max_size=3, unique=True))
        for i, code in enumerate(codes):
            parent = draw(st.sampled_from(codes[:i])) if i and draw(st.booleans()) else None
            document["committees"].append({"organization": org, "code": code, "name": draw(text),
                                           **({"parent": parent} if parent else {})})
    leaves = []
    for g in range(draw(st.integers(1, 3))):
        group = {"code": f"G{g}", "name": draw(text)}
        if draw(st.booleans()):
            group["category"] = "city_service"
        document["topics"].append(group)
        for n in range(draw(st.integers(1, 3))):
            leaves.append(f"G{g}L{n}")
            document["topics"].append({"code": leaves[-1], "name": draw(text), "parent": f"G{g}"})
    for i, topic in enumerate(leaves):  # only towards earlier leaves: never a cycle
        for required in draw(st.lists(st.sampled_from(leaves[:i]), max_size=2, unique=True)) \
                if i else []:
            document["dependencies"].append({"topic": topic, "requires": required})
    document["work_items"] = draw(_items(orgs, leaves, document["committees"], text))
    document["gaps"] = draw(_register(leaves, orgs, text))
    return document


@st.composite
def _items(draw, orgs, leaves, committees, text):
    items, keys = [], []
    for n in range(draw(st.integers(0, 7))):
        org = draw(st.sampled_from(orgs))
        status = draw(st.sampled_from(STATUSES))
        key = f"{draw(KEY)}-{n}"
        item = {"organization": org, "title": draw(text), "type": draw(st.sampled_from(WORK_ITEM_TYPES)),
                "status": status}
        if draw(st.booleans()):
            item["identifier"] = key
        else:  # a draft known only by its provisional name
            item["provisional_name"] = key
        own = [c["code"] for c in committees if c["organization"] == org]
        if own and draw(st.booleans()):
            item["committee"] = draw(st.sampled_from(own))
        if status == "published" or draw(st.booleans()):
            item["published"] = draw(partial_dates())
        if draw(st.booleans()):
            item["summary"] = draw(words(8))
        if draw(st.booleans()):
            item["editors"] = draw(st.lists(words(2).map(lambda t: t.replace(";", ",")),
                                            max_size=2, unique=True))
        item["topics"] = [{"code": c, "relevance": draw(st.sampled_from(RELEVANCES))}
                          for c in draw(st.lists(st.sampled_from(leaves), max_size=3, unique=True))]
        # equivalents: on one side, on both, or in a chain across organizations
        earlier = [k for k in keys if k[0] != org or draw(st.booleans())]
        for other in draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []:
            item.setdefault("equivalents", []).append({"organization": other[0], "identifier": other[1]})
        keys.append((org, key))
        items.append(item)
    for item in items:  # some equivalences are declared from the other side too
        for e in item.get("equivalents", []):
            other = next(i for i in items if (i["organization"], i.get("identifier")
                                              or i.get("provisional_name")) == (e["organization"], e["identifier"]))
            if draw(st.booleans()):
                other.setdefault("equivalents", []).append(
                    {"organization": item["organization"],
                     "identifier": item.get("identifier") or item.get("provisional_name")})
    return items


@st.composite
def _register(draw, leaves, orgs, text):
    entries = []
    for n in range(draw(st.integers(0, 2))):
        updates = sorted(draw(st.lists(st.tuples(st.dates(min_value=__import__("datetime").date(2020, 1, 1),
                                                            max_value=__import__("datetime").date(2030, 1, 1)),
                                                   st.sampled_from(["open", "in_progress", "closed"]),
                                                   st.one_of(st.none(), text)), max_size=3)),
                         key=lambda u: (u[0], u[1]))
        entries.append({"code": f"GAP-{n + 1:02d}", "title": draw(text), "priority": "high",
                        "rnd_needed": "no", "status": "open",
                        "topics": draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=2, unique=True)),
                        "leads": [{"organization": draw(st.sampled_from(orgs))}],
                        "updates": [{"date": d.isoformat(), "status": s, **({"note": note} if note else {})}
                                    for d, s, note in updates]})
    return entries


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """New work items are written a few at a time, so generated roadmaps cross chunks."""
    monkeypatch.setattr(work_item_batch, "CHUNK", 2)


def replace_with(session, document: dict) -> dict:
    importer.import_document(session, bundle.parse(bundle.dumps(document)), actor=ADMIN, replace=True)
    session.commit()
    return records.roadmap_document(session)


@given(document=roadmaps())
def test_a_bundle_restores_to_the_same_bytes(session, document):
    exported = replace_with(session, document)
    assert bundle.dumps(replace_with(session, exported)) == bundle.dumps(exported)


def structure_only(document: dict) -> dict:
    return {**document, "work_items": []}


def xlsx_of(csv_text: str) -> bytes:
    import csv
    book = Workbook()
    book.active.title = "Work items"
    for row in csv.reader(io.StringIO(csv_text)):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["csv", "xlsx", "export.xlsx"])
@given(document=roadmaps(for_tables=True))
def test_work_items_come_back_the_same_through_a_table(session, kind, document):
    from roadmap.interchange import tabular
    exported = replace_with(session, document)
    items = exported["work_items"]
    text = tabular.write_csv(items)
    if kind == "csv":
        data, name = text.encode("utf-8-sig"), "items.csv"
    elif kind == "xlsx":
        data, name = xlsx_of(text), "items.xlsx"
    else:  # the app's own Excel export, read back
        exporter = EXPORTERS["xlsx"]
        data = exporter.render(exports.gather(session, WorkItemFilter(), parts=exporter.parts(),
                                              name="Roadmap", include_withdrawn=True))
        name = "items.xlsx"
    replace_with(session, structure_only(exported))
    files.import_file(session, name, data, actor=ADMIN)
    session.commit()
    assert records.roadmap_document(session)["work_items"] == items


BAD_VALUES = {"status": "draft", "type": 5, "published": "2024-13", "target": "٢٠٢٤",
              "organization": "NOBODY", "title": "", "url": "ftp://x.example/",
              "committee": "NO SUCH COMMITTEE"}


@given(document=roadmaps(), data=st.data())
def test_any_single_corruption_is_refused_whole(session, document, data):
    exported = replace_with(session, document)
    if not exported["work_items"]:
        return
    broken = copy.deepcopy(exported)
    target = data.draw(st.sampled_from(broken["work_items"]))
    field = data.draw(st.sampled_from(sorted(BAD_VALUES)))
    target[field] = BAD_VALUES[field]
    with pytest.raises(FileRefused) as refused:
        importer.import_document(session, broken, actor=ADMIN)
    assert refused.value.errors and not any("Traceback" in e for e in refused.value.errors)
    session.rollback()
    assert records.roadmap_document(session) == exported
