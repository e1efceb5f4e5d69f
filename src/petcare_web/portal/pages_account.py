"""My account: contact details, form fields, communication preferences, the deletion request;
and the facilities an account is linked to (switching, linking another by invite code)."""

from __future__ import annotations

import attrs
from aiohttp import web
from returns.result import Failure

from petcare_core.domain.facility import Facility
from petcare_core.domain.projection import PortalOwnerView
from petcare_core.ports.errors import ConcurrencyConflict, PersistenceUnavailable
from petcare_web.portal.forms import (
    NO_ERRORS,
    OWNER_CONTACT_LABELS,
    PREFERENCE_LABELS,
    FormErrors,
    custom_labels,
    custom_patch,
    form_errors,
    text_fields,
    with_values,
)
from petcare_web.portal.visit import Visit, load_account, portal_page

DELETION_FAILED = "Please try again. An error occurred while submitting your form"
INVITE_LABELS = {"invite_code": "Invite code"}


def _contact_values(owner: PortalOwnerView) -> dict[str, str]:
    address = attrs.asdict(owner.address)
    values = {name: getattr(owner, name, "") for name in OWNER_CONTACT_LABELS}
    return {name: address.get(name, values[name]) or "" for name in OWNER_CONTACT_LABELS}


async def _account_page(
    visit: Visit,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors = NO_ERRORS,
    preference_errors: FormErrors = NO_ERRORS,
    submitted_fields: dict[str, str] | None = None,
) -> web.Response:
    assert visit.facility is not None
    owner = await visit.call(visit.services.owner_portal_view, visit.facility.id, visit.account_id)
    fields = (
        owner.fields if submitted_fields is None else with_values(owner.fields, submitted_fields)
    )
    return visit.render(
        "account.html",
        status=status,
        owner=owner,
        values=_contact_values(owner) if values is None else values,
        fields=fields,
        errors=errors,
        preference_errors=preference_errors,
        contact_labels=OWNER_CONTACT_LABELS,
        preference_labels=PREFERENCE_LABELS,
    )


@portal_page(member=True)
async def account(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/account``: the parent's household; a POST saves the contact details and the
    editable form fields."""
    assert visit.facility is not None
    if request.method == "GET":
        return await _account_page(visit)
    owner = await visit.call(visit.services.owner_portal_view, visit.facility.id, visit.account_id)
    values = text_fields(visit.form, OWNER_CONTACT_LABELS)
    custom = custom_patch(owner.fields, visit.form)
    result = await visit.call(
        visit.services.update_owner_from_portal,
        visit.facility.id,
        visit.account_id,
        {**values, **custom},
    )
    if isinstance(result, Failure):
        labels = {**OWNER_CONTACT_LABELS, **custom_labels(owner.fields)}
        errors = form_errors(result.failure().reasons, labels)
        return await _account_page(
            visit, status=422, values=values, errors=errors, submitted_fields=custom
        )
    return visit.redirect(f"{visit.base}/account?notice=saved")


@portal_page(member=True)
async def preferences(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``POST /f/{slug}/account/preferences``: email and SMS opt-outs per category."""
    assert visit.facility is not None
    # A ticked box means "send me these"; an unticked one is not sent at all.
    patch = {name: "true" if visit.text(name) else "false" for name in PREFERENCE_LABELS}
    result = await visit.call(
        visit.services.update_owner_from_portal, visit.facility.id, visit.account_id, patch
    )
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, PREFERENCE_LABELS)
        return await _account_page(visit, status=422, preference_errors=errors)
    return visit.redirect(f"{visit.base}/account?notice=preferences-saved#preferences")


@portal_page(member=True)
async def delete_account(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/account/delete``: confirm, then send the "Delete Owner Account" request."""
    assert visit.facility is not None
    if request.method == "GET":
        return visit.render("delete_account.html", failure="", detail="", note="")
    note = visit.text("note")
    try:
        result = await visit.call(
            visit.services.request_account_deletion, visit.facility.id, visit.account_id, note
        )
    except (PersistenceUnavailable, ConcurrencyConflict):
        return visit.render(
            "delete_account.html", status=503, failure=DELETION_FAILED, detail="", note=note
        )
    if isinstance(result, Failure):
        detail = " ".join(result.failure().messages)
        return visit.render(
            "delete_account.html",
            status=422,
            failure=DELETION_FAILED,
            detail=detail[:1].upper() + detail[1:],
            note=note,
        )
    return visit.redirect(f"{visit.base}/account?notice=deletion-requested")


def _linked_facilities(visit: Visit) -> list[Facility]:
    account = load_account(visit.services, visit.account_id)
    if account is None:
        return []
    return sorted(
        (visit.services.get_facility(link.facility_id) for link in account.links),
        key=lambda facility: facility.name.casefold(),
    )


@portal_page()
async def facilities(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/facilities``: the facilities the login is linked to (to switch between
    them), and a form to link another by its invite code."""
    if visit.account is None:
        return visit.redirect(f"{visit.base}/login?next={visit.base}/facilities")
    linked = await visit.call(_linked_facilities, visit)
    return visit.render("facilities.html", linked=linked, invite_errors=NO_ERRORS, invite_code="")


@portal_page()
async def link_facility(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``POST /f/{slug}/facilities/link``: link the login to another facility by invite code."""
    if visit.account is None:
        return visit.redirect(f"{visit.base}/login")
    code = visit.text("invite_code")
    result = await visit.call(visit.services.link_account_to_facility, visit.account_id, code)
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, INVITE_LABELS)
        linked = await visit.call(_linked_facilities, visit)
        return visit.render(
            "facilities.html", status=422, linked=linked, invite_errors=errors, invite_code=code
        )
    facility = await visit.call(visit.services.get_facility, result.unwrap().facility_id)
    return visit.redirect(f"/f/{facility.slug}/?notice=linked")
