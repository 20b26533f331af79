"""Profile pages: create and edit forms (with the validation criteria), the profile page with the observatory's
numbers for its region and sectors, the life-cycle buttons, the logo, and the administrators' review queue.

Authorisation is the services' (every write re-reads the actor's roles); these views only decide which
buttons to show (:func:`clusterobs.platform.can`) and turn a rejected form into the form again with the
reason. Descriptions reach the page only through :func:`clusterobs.platform.render_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends
from markupsafe import Markup
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from clusterobs import platform as svc
from clusterobs.errors import InputError, NotFoundError
from clusterobs.platform import Action, Actor, Role, can
from clusterobs.platform.errors import ConflictError, DuplicateProfileError, PermissionDeniedError
from clusterobs.platform.fields import FIELDS, TAG_FIELDS
from clusterobs.platform.models import Profile
from clusterobs.platform.safety import LOGO_MAX_BYTES
from clusterobs.platform.search import SearchQuery
from clusterobs.platform.validation import load_rules
from clusterobs.platform.vocabulary import ESCA_LABELS, PROFILE_TYPES, load_vocabulary
from clusterobs.services.platform_web import profile_logo, profile_numbers
from clusterobs.web.security import ActorDep, DbDep, FormDep, UserDep, verify_csrf
from clusterobs.web.templating import observatory_of
from clusterobs.web.views.accounts import page, redirect, text

router = APIRouter(dependencies=[Depends(verify_csrf)])
#: List fields chosen from a vocabulary (check boxes) and typed as ';'-separated text.
CHOSEN = ("ecosystems", "sectors", "emerging_industries", "technologies")
TYPED_LISTS = tuple(f for f in TAG_FIELDS if f not in CHOSEN)


def values_from_form(form: FormData) -> dict[str, object]:
    """Every profile field from a posted form (check boxes absent mean no / none)."""
    out: dict[str, object] = {}
    for name in FIELDS:
        if name in CHOSEN:
            out[name] = [v for v in form.getlist(name) if isinstance(v, str)]
        elif name == "website_english":
            out[name] = form.get(name) == "on"
        elif name == "description_format":
            out[name] = text(form, name) or "plain"
        else:
            out[name] = text(form, name)
    return out


def form_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the form shows them: typed lists joined with '; ', missing numbers blank."""
    shown = dict(values)
    for name in TYPED_LISTS:
        v = shown.get(name)
        shown[name] = "; ".join(v) if isinstance(v, list) else (v or "")
    return {k: ("" if v is None else v) for k, v in shown.items()}


def choices() -> dict[str, object]:
    voc = load_vocabulary()
    return {"types": PROFILE_TYPES, "labels": ESCA_LABELS, "ecosystems": voc.ecosystems, "sectors": voc.sectors,
            "emerging": voc.emerging, "technologies": voc.technologies, "rules": load_rules()}


def _form(request: Request, user: object, values: Mapping[str, Any], *, profile: Profile | None = None,
          error: Exception | None = None, status_code: int = 200, duplicates: object = None,
          version: int | None = None) -> Response:
    report = svc.check_profile(_checkable(values)) if values else None
    return page(request, "platform/profile_form.html", {
        "profile": profile, "values": form_values(values), "error": error, "report": report,
        "duplicates": duplicates, "version": version if version is not None else (profile.version if profile else None),
        **choices()}, status_code=status_code, user=user)


def _checkable(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values the criteria can be checked on while a form is being filled in (numbers parsed when they parse)."""
    out = dict(values)
    for key in ("staff_fte", "members_sme", "members_large", "members_research", "members_public", "members_other"):
        try:
            out[key] = float(str(out.get(key) or 0))
        except ValueError:
            out[key] = 0.0
    return out


# -- create and edit ----------------------------------------------------------------------------------------
@router.get("/profiles/new", response_class=HTMLResponse, name="profile_new")
def new_profile_form(request: Request, user: UserDep) -> Response:
    if user is None:
        return redirect(request, "/login?next=/profiles/new")
    return _form(request, user, {})


@router.post("/profiles/new", response_class=HTMLResponse)
def create_profile(request: Request, form: FormDep, db: DbDep, actor: ActorDep, user: UserDep) -> Response:
    values = values_from_form(form)
    try:
        profile = svc.create_profile(db, actor, values, allow_duplicate=form.get("allow_duplicate") == "on")
    except DuplicateProfileError as exc:
        return _form(request, user, values, error=exc, status_code=400, duplicates=exc.candidates)
    except InputError as exc:
        return _form(request, user, values, error=exc, status_code=400)
    return redirect(request, f"/profiles/{profile.id}")


@router.get("/profiles/{profile_id}/edit", response_class=HTMLResponse, name="profile_edit")
def edit_profile_form(request: Request, profile_id: int, db: DbDep, actor: ActorDep, user: UserDep) -> Response:
    profile = svc.get_profile(db, actor, profile_id)
    svc.require(actor, Action.EDIT_PROFILE, profile)
    return _form(request, user, svc.profile_values(profile), profile=profile)


@router.post("/profiles/{profile_id}/edit", response_class=HTMLResponse)
def edit_profile(request: Request, profile_id: int, form: FormDep, db: DbDep, actor: ActorDep,
                 user: UserDep) -> Response:
    values = values_from_form(form)
    try:
        version = int(text(form, "version"))
    except ValueError:
        raise InputError("the form has no version number", hint="open the edit page again") from None
    try:
        svc.update_profile(db, actor, profile_id, values, expected_version=version)
    except ConflictError as exc:
        return _form(request, user, values, profile=svc.get_profile(db, actor, profile_id), error=exc,
                     status_code=409, version=version)
    except InputError as exc:
        return _form(request, user, values, profile=svc.get_profile(db, actor, profile_id), error=exc,
                     status_code=400, version=version)
    return redirect(request, f"/profiles/{profile_id}")


# -- the profile page ---------------------------------------------------------------------------------------
def _profile_page(request: Request, db: DbDep, actor: Actor, profile: Profile, user: object, *,
                  error: Exception | None = None, status_code: int = 200) -> Response:
    voc = load_vocabulary()
    sectors = {c: voc.sectors.get(c, c) for c in profile.tag_codes("sector")}
    obs = observatory_of(request)
    owner = bool(actor.roles_for(profile) & {Role.PROFILE_ADMIN, Role.PROFILE_MEMBER, Role.PLATFORM_ADMIN})
    allowed = {a.value: can(actor, a, profile) for a in (Action.EDIT_PROFILE, Action.SUBMIT_PROFILE,
                                                         Action.PUBLISH_PROFILE, Action.RETURN_PROFILE,
                                                         Action.DELETE_PROFILE, Action.MANAGE_PROFILE_MEMBERS)}
    return page(request, "platform/profile.html", {
        "profile": profile, "values": svc.profile_values(profile), "sectors": sectors,
        # the one place user text becomes markup: escaped plain text or the sanitised Markdown subset
        "description_html": Markup(svc.render_text(profile.description,
                                                    markdown=profile.description_format == "markdown")),
        "report": svc.validation_report(profile), "owner": owner, "can": allowed,
        "history": svc.profile_history(db, actor, profile.id) if owner else [],
        "numbers": profile_numbers(obs, profile.region, sectors) if obs is not None else None,
        "has_logo": profile_logo(db, actor, profile.id) is not None, "logo_max_kib": LOGO_MAX_BYTES // 1024,
        "error": error, **choices()}, status_code=status_code, user=user)


@router.get("/profiles/{profile_id}", response_class=HTMLResponse, name="profile")
def profile_page(request: Request, profile_id: int, db: DbDep, actor: ActorDep, user: UserDep) -> Response:
    return _profile_page(request, db, actor, svc.get_profile(db, actor, profile_id), user)


def _version(form: FormData) -> int | None:
    raw = text(form, "version")
    return int(raw) if raw.isdigit() else None


@router.post("/profiles/{profile_id}/submit", response_class=HTMLResponse)
def submit_profile(request: Request, profile_id: int, form: FormDep, db: DbDep, actor: ActorDep,
                   user: UserDep) -> Response:
    try:
        svc.submit_profile(db, actor, profile_id, expected_version=_version(form))
    except InputError as exc:
        return _profile_page(request, db, actor, svc.get_profile(db, actor, profile_id), user, error=exc,
                             status_code=400)
    return redirect(request, f"/profiles/{profile_id}")


@router.post("/profiles/{profile_id}/publish", response_class=HTMLResponse)
def publish_profile(request: Request, profile_id: int, form: FormDep, db: DbDep, actor: ActorDep,
                    user: UserDep) -> Response:
    try:
        svc.publish_profile(db, actor, profile_id, expected_version=_version(form))
    except InputError as exc:
        return _profile_page(request, db, actor, svc.get_profile(db, actor, profile_id), user, error=exc,
                             status_code=400)
    return redirect(request, f"/profiles/{profile_id}")


@router.post("/profiles/{profile_id}/return", response_class=HTMLResponse)
def return_profile(request: Request, profile_id: int, form: FormDep, db: DbDep, actor: ActorDep,
                   user: UserDep) -> Response:
    try:
        svc.return_profile(db, actor, profile_id, text(form, "reason"), expected_version=_version(form))
    except InputError as exc:
        return _profile_page(request, db, actor, svc.get_profile(db, actor, profile_id), user, error=exc,
                             status_code=400)
    return redirect(request, "/admin/review")


@router.post("/profiles/{profile_id}/delete", response_class=HTMLResponse)
def delete_profile(request: Request, profile_id: int, form: FormDep, db: DbDep, actor: ActorDep) -> Response:
    svc.delete_profile(db, actor, profile_id, expected_version=_version(form))
    return redirect(request, "/account")


@router.post("/profiles/{profile_id}/members", response_class=HTMLResponse)
def add_member(request: Request, profile_id: int, form: FormDep, db: DbDep, actor: ActorDep,
               user: UserDep) -> Response:
    try:
        svc.add_profile_member(db, actor, profile_id, text(form, "email"), role=text(form, "role") or "member")
    except (InputError, NotFoundError) as exc:
        if isinstance(exc, NotFoundError) and "no confirmed account" not in exc.message:
            raise
        return _profile_page(request, db, actor, svc.get_profile(db, actor, profile_id), user, error=exc,
                             status_code=400)
    return redirect(request, f"/profiles/{profile_id}")


# -- logo ---------------------------------------------------------------------------------------------------
@router.post("/profiles/{profile_id}/logo", response_class=HTMLResponse)
def upload_logo(request: Request, profile_id: int, form: FormDep, db: DbDep, actor: ActorDep,
                user: UserDep) -> Response:
    upload = form.get("logo")
    if not isinstance(upload, UploadFile):
        raise InputError("no logo file was sent", hint="choose a PNG, JPEG, GIF or WebP image")
    data = upload.file.read(LOGO_MAX_BYTES + 1)  # never read more than one byte over the limit
    try:
        svc.set_logo(db, actor, profile_id, data, declared_type=upload.content_type)
    except InputError as exc:
        return _profile_page(request, db, actor, svc.get_profile(db, actor, profile_id), user, error=exc,
                             status_code=400)
    return redirect(request, f"/profiles/{profile_id}")


@router.get("/profiles/{profile_id}/logo", name="profile_logo")
def logo(profile_id: int, db: DbDep, actor: ActorDep) -> Response:
    found = profile_logo(db, actor, profile_id)
    if found is None:
        raise NotFoundError(f"profile {profile_id} has no logo")
    return Response(found.data, media_type=found.mime, headers={
        "cache-control": "private, max-age=60", "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'", "content-disposition": "inline; filename=logo"})


# -- review queue -------------------------------------------------------------------------------------------
@router.get("/admin/review", response_class=HTMLResponse, name="review")
def review_queue(request: Request, db: DbDep, actor: ActorDep, user: UserDep) -> Response:
    if user is None:
        return redirect(request, "/login?next=/admin/review")
    if Role.PLATFORM_ADMIN not in actor.roles:
        raise PermissionDeniedError("only platform administrators review profiles",
                                    hint="ask a platform administrator (clusterobs admin create)")
    result = svc.search_profiles(db, SearchQuery(statuses=("submitted",), limit=100), with_facets=False)
    return page(request, "platform/review.html", {"hits": result.hits, "total": result.total}, user=user)


__all__ = ["choices", "form_values", "router", "values_from_form"]
