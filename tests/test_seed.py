"""The seed roadmap: the real SSC landscape, loaded on both databases."""
import json

import pytest
from sqlalchemy import func, select

from roadmap import dates
from roadmap.config import DEFAULT_SEED
from roadmap.models import Mapping, Organization, Topic, TopicDependency, WorkItem
from tests.factories import ADMIN
from roadmap.interchange import importer


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads(DEFAULT_SEED.read_text(encoding="utf-8"))


def test_seed_loads_without_error(session, seed):
    report = importer.import_document(session, seed, actor=ADMIN)
    session.commit()
    assert report.counts()["work_item"]["created"] == len(seed["work_items"])
    assert session.scalar(select(func.count()).select_from(WorkItem)) == len(seed["work_items"])
    unmapped = select(WorkItem.id).where(~WorkItem.mappings.any())
    assert session.scalars(unmapped).all() == []
    assert session.scalar(select(func.count()).select_from(TopicDependency)) >= 25
    assert session.scalar(select(func.count()).select_from(Organization)) >= 15
    leaves = select(func.count()).select_from(Topic).where(~Topic.children.any())
    assert session.scalar(leaves) >= 30
    assert session.scalar(select(func.count()).select_from(Mapping)) >= len(seed["work_items"])


def test_seed_has_the_breadth_the_roadmap_needs(seed):
    statuses = {w["status"] for w in seed["work_items"]}
    assert len(seed["work_items"]) >= 60
    assert {"published", "in_development"} <= statuses
    organizations_with_work = {w["organization"] for w in seed["work_items"]}
    assert len(organizations_with_work) >= 10
    assert {t["parent"] for t in seed["topics"] if t.get("parent")} == {"G", "S", "I", "X", "K"}


def test_every_seed_item_carries_its_source_and_real_dates(seed):
    for item in seed["work_items"]:
        assert item["url"].startswith("http"), item["identifier"]
        assert item["source"].startswith("http"), item["identifier"]
        for name in ("registered", "target", "approved", "published"):
            if item.get(name):
                assert dates.parse(item[name])
        assert item["topics"], item["identifier"]


def test_every_seed_dependency_has_a_rationale(seed):
    assert all(d.get("rationale") for d in seed["dependencies"])
