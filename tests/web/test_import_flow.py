"""What a liaison officer meets at /import: partial tables, stale previews, expiring uploads,
and the app's own Excel export read back."""
from __future__ import annotations

import io
import os
import re
import threading
import time

from openpyxl import load_workbook
from sqlalchemy import func, select

from roadmap.db import new_session
from roadmap.models import Mapping, WorkItem
from roadmap.read import records
from tests.factories import signed_in_client


def upload(client, name: str, text: bytes):
    return client.post("/import", data={"csrf_token": client.csrf,
                                        "file": (io.BytesIO(text), name)})


def token_of(answer) -> str:
    return re.search(r'name="token" value="([^"]+)"', answer.get_data(as_text=True)).group(1)


def apply(client, token: str, name: str = "items.csv"):
    return client.post("/import/apply", data={"csrf_token": client.csrf, "token": token,
                                              "filename": name})


def stored(app, identifier="Y.4490") -> dict:
    with app.app_context(), new_session() as s:
        item_id = s.scalar(select(WorkItem.id).where(WorkItem.identifier == identifier))
        return records.work_item_records(s, [item_id], identity=True)[0]


def test_a_column_left_out_leaves_the_field_alone_and_an_empty_cell_clears_it(app):
    client = signed_in_client(app, "editor")
    before = stored(app)
    text = (b"organization,identifier,title,type,status,published,committee\n"
            b"ITU-T,Y.4490,New title,recommendation,published,2023-11,\n")
    preview = upload(client, "items.csv", text)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "will be cleared" in page  # the committee
    assert "topics" not in page.split("Changed")[1].split("Unchanged")[0]
    assert apply(client, token_of(preview)).status_code == 302
    after = stored(app)
    assert after["title"] == "New title" and "committee" not in after
    assert after["topics"] == before["topics"]  # no topics column: the mappings stay
    assert after["equivalents"] == before["equivalents"]


def test_an_empty_topics_cell_says_which_mappings_go(app):
    client = signed_in_client(app, "editor")
    text = (b"organization,identifier,title,type,status,published,topics\n"
            b"ITU-T,Y.4490,Framework,recommendation,published,2023-11,\n")
    page = upload(client, "items.csv", text).get_data(as_text=True)
    assert "removes the mapping to S5" in page


def test_an_empty_equivalents_cell_says_which_equivalences_go_on_both_items(app):
    client = signed_in_client(app, "editor")
    text = (b"organization,identifier,title,type,status,published,equivalents\n"
            b"ITU-T,Y.4490,Framework,recommendation,published,2023-11,\n")
    page = upload(client, "items.csv", text).get_data(as_text=True)
    assert "removes the equivalence to ISO ISO 1" in page
    assert "work item ISO ISO 1" in page and "- ITU-T Y.4490" in page


def test_an_apply_after_someone_saved_meanwhile_writes_nothing_and_shows_a_fresh_preview(app):
    client = signed_in_client(app, "editor")
    text = (b"organization,identifier,title,type,status,published\n"
            b"ITU-T,Y.4490,From the file,recommendation,published,2023-11\n")
    token = token_of(upload(client, "items.csv", text))
    item_id = stored(app)["id"]
    page = client.get(f"/work-items/{item_id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    edit = client.post(f"/work-items/{item_id}/edit", data={
        **fields, "csrf_token": client.csrf, "version": version, "organization": "ITU-T",
        "type": "recommendation", "status": "published", "title": "Saved meanwhile",
        "topic_S5": "core"})
    assert edit.status_code == 302
    answer = apply(client, token)
    assert answer.status_code == 409
    page = answer.get_data(as_text=True)
    assert "Changed since your preview; nothing was written" in page
    assert "work item ITU-T Y.4490" in page and "Saved meanwhile" in page
    assert stored(app)["title"] == "Saved meanwhile"
    assert apply(client, token_of(answer)).status_code == 302  # applied knowingly
    assert stored(app)["title"] == "From the file"


def uploads_folder(app):
    return os.path.join(app.instance_path, "uploads")


def test_uploads_go_on_apply_on_cancel_and_after_an_hour(app):
    client = signed_in_client(app, "editor")
    text = b"organization,identifier,title,type,status\nITU-T,Y.1,T,recommendation,proposed\n"
    kept = lambda: sorted(os.listdir(uploads_folder(app)))  # noqa: E731
    before = set(kept())
    first = token_of(upload(client, "items.csv", text))
    assert len(set(kept()) - before) == 2  # the file and its snapshot
    client.post("/import/cancel", data={"csrf_token": client.csrf, "token": first})
    assert set(kept()) == before
    assert apply(client, first).status_code == 302  # cancelled: nothing to apply
    old = token_of(upload(client, "items.csv", text))
    hour_ago = time.time() - 3601
    for name in set(kept()) - before:
        os.utime(os.path.join(uploads_folder(app), name), (hour_ago, hour_ago))
    client.get("/import")
    assert set(kept()) == before
    assert "has expired" in client.get(apply(client, old).headers["Location"]).get_data(
        as_text=True)


def test_an_expired_upload_is_not_applied_even_before_a_sweep(app):
    client = signed_in_client(app, "editor")
    text = b"organization,identifier,title,type,status\nITU-T,Y.1,T,recommendation,proposed\n"
    token = token_of(upload(client, "items.csv", text))
    hours_ago = time.time() - 3 * 3600
    for name in os.listdir(uploads_folder(app)):
        os.utime(os.path.join(uploads_folder(app), name), (hours_ago, hours_ago))
    assert apply(client, token).status_code == 302
    with app.app_context(), new_session() as s:
        assert s.scalar(select(func.count()).select_from(WorkItem)
                        .where(WorkItem.identifier == "Y.1")) == 0


def test_a_stale_apply_whose_fresh_preview_fails_is_refused_in_words(app):
    client = signed_in_client(app, "editor")
    text = (b"organization,identifier,title,type,status\n"
            b"ITU-T,Y.4490,New title,recommendation,published\n")  # the stored date fills in
    token = token_of(upload(client, "items.csv", text))
    from roadmap.permissions import Account
    from roadmap.services import work_items
    with app.app_context(), new_session() as s:
        record = records.work_item_records(s, [stored(app)["id"]])[0]
        del record["published"]
        work_items.save_work_item(s, {**record, "status": "in_development"},
                                  actor=Account(0, "e@example.org", "editor", ()))
        s.commit()
    answer = apply(client, token)
    assert answer.status_code == 422
    assert "changed since your preview: work item ITU-T Y.4490" in answer.get_data(as_text=True)


def test_the_apps_own_excel_export_imports_back_unchanged(app):
    client = signed_in_client(app, "editor")
    workbook = client.get("/export/roadmap.xlsx").data
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    assert next(book["Work items"].iter_rows(values_only=True))[0] == "Organization"
    preview = upload(client, "roadmap.xlsx", workbook)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert "work items: 2 unchanged" in page


def test_two_big_applies_at_once_on_one_database_both_succeed(app):
    """Each apply begins as a writer and waits its turn; neither hears "database is locked"."""
    clients = [signed_in_client(app, "editor")] + [signed_in_client(app, "admin")]
    tokens = []
    for n, client in enumerate(clients):
        rows = "".join(f"ITU-T,Y.{n}{i:04d},Text {i},recommendation,in_development,S5:core\n"
                       for i in range(5000))
        text = ("organization,identifier,title,type,status,topics\n" + rows).encode()
        tokens.append(token_of(upload(client, "items.csv", text)))
    answers = [None, None]
    start = threading.Barrier(2)

    def press(n):
        start.wait()
        answers[n] = apply(clients[n], tokens[n])
    threads = [threading.Thread(target=press, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [302, 302]
    with app.app_context(), new_session() as s:
        assert s.scalar(select(func.count()).select_from(WorkItem)) == 2 + 10_000
        assert s.scalar(select(func.count()).select_from(Mapping)) == 2 + 10_000
