"""The catalogue sync in the browser: upload a Relaton record or a zip, see what it changes,
tick the candidates to add, apply all of it or nothing (interchange/catalogue.py)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..interchange import catalogue, catalogue_apply, relaton
from ..interchange.problems import FileRefused
from ..read.catalogue import committee_choices
from . import uploads
from .transactions import reads_first, start_over, submit

bp = Blueprint("catalogue", __name__)
MAX_BYTES = 5 * 2**20


@bp.before_request
@login_required
def _writers_only():
    if current_user.account.role == "reader":
        abort(403, "A reader's account changes nothing; liaison officers and editors do.")


@bp.get("/catalogue")
def upload():
    uploads.sweep()
    return _form()


@bp.post("/catalogue")
@reads_first  # writes nothing to the database: the upload is kept as a file
def preview():
    uploads.sweep()
    file = request.files.get("file")
    data, name = (file.read(MAX_BYTES + 1), file.filename or "") if file else (b"", "")
    scope = {**_scope(), "name": name}
    try:
        plan = _plan(_read(name, data, scope), scope)
    except FileRefused as error:
        return _form(name, error.errors, scope)
    token = uploads.keep(data, {**scope, "plan": catalogue.fingerprint(plan)})
    return _preview(plan, token)


@bp.post("/catalogue/apply")
@reads_first
def apply():
    token = request.form.get("token", "")
    kept = uploads.load(token)
    if kept is None:
        flash("That upload has already been applied, was cancelled or has expired; upload it again.")
        return redirect(url_for("catalogue.upload"))
    data, scope = kept
    read = _read(scope["name"], data, scope)  # parsed before the write lock is taken
    start_over()
    plan = _plan(read, scope)
    if catalogue.fingerprint(plan) != scope["plan"]:  # someone saved meanwhile: show it anew
        uploads.remove(token)
        token = uploads.keep(data, {**scope, "plan": catalogue.fingerprint(plan)})
        return _preview(plan, token, changed=True, status=409)
    ticked = set(request.form.getlist("add"))  # by key: the list may have moved meanwhile
    accepted = {p.key: catalogue_apply.parse_topics(request.form.get(f"topics|{_id(p)}", ""))
                for p in plan.candidates if _id(p) in ticked}
    try:
        report = submit(lambda session: catalogue_apply.apply(
            session, plan, actor=current_user.account, accepted=accepted))
    except FileRefused as error:
        return _preview(plan, token, errors=error.errors, status=422)
    uploads.remove(token)
    flash(f"Applied {scope['name']}: " + (report.summary().replace("\n", "; ") or "nothing to write") + ".")
    return redirect(url_for("catalogue.upload"))


@bp.post("/catalogue/cancel")
def cancel():
    uploads.remove(request.form.get("token", ""))
    flash("Nothing was applied; the upload is removed.")
    return redirect(url_for("catalogue.upload"))


def _id(proposed) -> str:
    return "|".join(proposed.key)


def _scope() -> dict:
    """The organizations and committees chosen; a liaison officer's own bodies at most."""
    account = current_user.account
    chosen = request.form.getlist("organization")
    if account.role == "liaison_officer":
        chosen = [o for o in chosen if o in account.organizations] or list(account.organizations)
    committees = [c.split("|", 1) for c in request.form.getlist("committee") if "|" in c]
    return {"organizations": chosen, "committees": committees,
            "skip_broken": bool(request.form.get("skip_broken"))}


def _read(name: str, data: bytes, scope: dict) -> relaton.Catalogue:
    if len(data) > MAX_BYTES:
        raise FileRefused([f"{name}: larger than {MAX_BYTES // 2**20} MiB; sync a whole "
                           "catalogue with `flask --app app roadmap catalogue import`"])
    return relaton.from_bytes(name, data, skip_broken=scope["skip_broken"])


def _plan(read: relaton.Catalogue, scope: dict) -> catalogue.SyncPlan:
    return catalogue.plan(get_session(), read, name=scope.get("name") or "the upload",
                          organizations=set(scope["organizations"]) or None,
                          committees={tuple(c) for c in scope["committees"]})


def _form(name: str = "", errors: list[str] = (), scope: dict | None = None):
    account = current_user.account
    choices = [c for c in committee_choices(get_session())
               if account.role != "liaison_officer" or c[0] in account.organizations]
    return render_template("catalogue/upload.html", filename=name, errors=errors,
                           committees=choices, scope=scope or {},
                           organizations=sorted({c[0] for c in choices})), 422 if errors else 200


def _preview(plan, token: str, *, changed: bool = False, errors=(), status: int = 200):
    return render_template("catalogue/preview.html", plan=plan, token=token, changed=changed,
                           errors=errors, field_id=_id), status
