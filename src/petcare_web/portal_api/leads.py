"""Lead forms in the portal API: Contact Us (anyone, no login) and the request to delete the
parent's owner account."""

from __future__ import annotations

import functools

from aiohttp import web

from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import LocationId
from petcare_core.services import PetcareServices
from petcare_web.portal_api.auth import ParentAt, at_facility, at_public_facility
from petcare_web.portal_api.jsonio import Field, JsonBody, Kind, read_json, text
from petcare_web.portal_api.rejections import ok
from petcare_web.portal_api.views import iso

CONTACT_FIELDS = {
    "name": text(required=True),
    "email": text(),
    "phone": text(),
    "message": text(required=True),
    "location_id": Field(Kind.ID),
}
DELETION_FIELDS = {"note": text()}
CONTACT_SENT = "Thank you! Your message has been sent to the facility."
DELETION_SENT = "Request sent for review! Your request has been sent to the facility"


def _contact(body: JsonBody, services: PetcareServices, facility: Facility) -> object:
    location_id = body.identifier("location_id")
    lead = ok(
        services.submit_contact_us(
            facility.id,
            name=body.text("name"),
            email=body.text("email"),
            phone=body.text("phone"),
            message=body.text("message"),
            location_id=None if location_id is None else LocationId(location_id),
        )
    )
    # Only the receipt: the submission is the facility's record now.
    return {"message": CONTACT_SENT, "submitted_at": iso(lead.submitted_at)}


async def contact(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/contact``: the Contact Us form, no login needed (201)."""
    body = await read_json(request, CONTACT_FIELDS)
    return await at_public_facility(request, functools.partial(_contact, body), status=201)


def _delete_account(body: JsonBody, call: ParentAt) -> object:
    lead = ok(
        call.services.request_account_deletion(call.facility_id, call.account_id, body.text("note"))
    )
    return {"message": DELETION_SENT, "submitted_at": iso(lead.submitted_at)}


async def delete_account(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/delete-account``: ask the facility to delete the parent's
    owner account; staff see it in the leads report (201; 409 while one is open)."""
    body = await read_json(request, DELETION_FIELDS)
    return await at_facility(request, functools.partial(_delete_account, body), status=201)
