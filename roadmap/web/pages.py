"""Reading pages: matrix, topics, organizations, work items, list and timeline."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from .. import permissions
from ..db import get_session
from ..read import details, editing, editions, liaison, lists
from ..read import organization as organization_page
from ..read.filters import WorkItemFilter
from . import filter_options, forms
from . import edition_pages

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    session = get_session()
    matrix = lists.get_matrix(session, request.args.get("group") or None)
    published = [] if edition_pages.reading() else editions.list_editions(session)
    since = request.args.get("since", "")
    progress = editions.progress_since(session, int(since)) \
        if published and since.isdecimal() and len(since) < 10 else None
    return render_template("pages/matrix.html", matrix=matrix, editions=published,
                           since=int(since) if progress is not None else None, progress=progress,
                           export_filter=WorkItemFilter(topic=matrix.group))


@bp.get("/topics/<code>")
def topic(code: str):
    page = details.get_topic_page(get_session(), code)
    if page is None:
        abort(404)
    form = None
    if edition_pages.editing() and permissions.may_edit_structure(current_user.account):
        choices = editing.entry_choices(get_session(), lambda acronym: False)
        form = forms.dependency_form(choices.leaf_topics, code)
    return render_template("pages/topic.html", topic=page, dependency_form=form, today=edition_pages.today(),
                           statements=liaison.list_statements(get_session(), topic=code),
                           export_filter=WorkItemFilter(topic=code))


@bp.get("/organizations")
def organizations():
    return render_template("pages/organizations.html",
                           organizations=lists.list_organizations(get_session()))


@bp.get("/organizations/<path:acronym>")
def organization(acronym: str):
    page = organization_page.get_organization_page(get_session(), acronym,
                                                   page=_page_number())
    if page is None:
        abort(404)
    return render_template("pages/organization.html", org=page,
                           export_filter=WorkItemFilter(organization=acronym))


@bp.get("/work-items/<id:item_id>")
def work_item(item_id: int):
    page = details.get_work_item_page(get_session(), item_id)
    if page is None:
        abort(404)
    return render_template("pages/work_item.html", page=page, statements=liaison.list_statements(
        get_session(), work_item=item_id))


@bp.get("/work-items")
def work_items():
    asked = WorkItemFilter.from_args(request.args)
    f = lists.active_by_default(asked, include_all=request.args.get("show") == "all")
    sort = request.args.get("sort", "organization")
    result = lists.list_work_items(
        get_session(), f, sort=sort, descending=request.args.get("dir") == "desc",
        page=_page_number())
    return render_template("pages/work_items.html", result=result, filter=f,
                           active_default=not asked.status and f.status == "active",
                           unusable=WorkItemFilter.unusable(request.args),
                           choices=editing.filter_choices(get_session()),
                           options=filter_options.options)


@bp.get("/timeline")
def timeline():
    return render_template("pages/timeline.html",
                           timeline=lists.get_timeline(get_session(), request.args.get("by", "group")))


@bp.get("/work-items/<id:item_id>/history")
def work_item_history(item_id: int):
    page = details.get_work_item_page(get_session(), item_id)
    if page is None:
        abort(404)
    key = f"{page.organization} {page.item['identifier']}"
    return render_template("pages/history.html", title=key, back=url_for("pages.work_item", item_id=item_id),
                           entries=details.list_history(get_session(), "work_item", key, addresses=_is_admin()))


@bp.get("/topics/<code>/history")
def topic_history(code: str):
    page = details.get_topic_page(get_session(), code)
    if page is None:
        abort(404)
    return render_template("pages/history.html", title=f"{page.code} {page.name}",
                           back=url_for("pages.topic", code=code),
                           entries=details.list_history(get_session(), "topic", code, addresses=_is_admin()))


def _page_number() -> int:
    """The page asked for in `?page=`; anything but a number is the first."""
    number = request.args.get("page", "1")
    return int(number) if number.isdecimal() and len(number) < 10 else 1


def _is_admin() -> bool:
    """Admins see who made a change by address too; everyone else by name or role."""
    return current_user.is_authenticated and current_user.account.role == "admin"
