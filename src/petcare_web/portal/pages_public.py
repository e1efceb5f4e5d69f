"""The facility's public home page, with its Contact Us form (no login needed)."""

from __future__ import annotations

from functools import partial

from aiohttp import web
from returns.result import Failure

from petcare_core.domain.ids import LocationId
from petcare_core.domain.projection import PortalOwnerView
from petcare_web.portal.forms import NO_ERRORS, FormErrors, form_errors, single_error, text_fields
from petcare_web.portal.visit import Visit, portal_page

CONTACT_LABELS = {
    "name": "Your name",
    "email": "Email address",
    "phone": "Phone number",
    "location_id": "Location",
    "message": "Message",
}


async def _home(
    visit: Visit, *, errors: FormErrors, contact: dict[str, str], status: int
) -> web.Response:
    assert visit.facility is not None
    services, facility_id = visit.services, visit.facility.id
    locations = [
        location
        for location in await visit.call(services.list_locations, facility_id)
        if location.active
    ]
    owner: PortalOwnerView | None = None
    notices: tuple[object, ...] = ()
    if visit.linked:
        owner = await visit.call(services.owner_portal_view, facility_id, visit.account_id)
        notices = await visit.call(services.portal_notifications, facility_id, visit.account_id)
        if not any(contact.values()):
            contact = {
                "name": f"{owner.first_name} {owner.last_name}".strip(),
                "email": owner.email,
                "phone": owner.cell_phone or owner.home_phone,
            }
    return visit.render(
        "home.html",
        status=status,
        locations=locations,
        owner=owner,
        notices=notices,
        contact=contact,
        errors=errors,
        invite_errors=None,
        invite_code="",
    )


@portal_page()
async def home(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/``: the facility, its locations, Contact Us, and for a parent a summary."""
    return await _home(visit, errors=NO_ERRORS, contact={}, status=200)


@portal_page()
async def contact(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``POST /f/{slug}/contact``: anyone sends the Contact Us form."""
    assert visit.facility is not None
    values = text_fields(visit.form, CONTACT_LABELS)
    location: LocationId | None = None
    raw_location = values["location_id"].strip()
    if raw_location:
        if not raw_location.isdigit() or len(raw_location) > 18:
            errors = single_error("Choose one of the locations.", "location_id", "Location")
            return await _home(visit, errors=errors, contact=values, status=422)
        location = LocationId(int(raw_location))
    result = await visit.call(
        partial(
            visit.services.submit_contact_us,
            visit.facility.id,
            values["name"],
            values["email"],
            values["phone"],
            values["message"],
            location,
        )
    )
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, CONTACT_LABELS)
        return await _home(visit, errors=errors, contact=values, status=422)
    return visit.redirect(f"{visit.base}/contact/sent")


@portal_page()
async def contact_sent(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/contact/sent``: the thank-you page after Contact Us."""
    return visit.render("contact_sent.html")
