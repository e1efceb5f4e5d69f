"""Uploading a vaccination record (PDF, JPEG or PNG, at most 10 MB) for one of the pets.

The web layer only reads the form; the core sniffs the type from the content, checks the size
and the file name, and stores the document, so nothing is kept for a refused upload.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from aiohttp import web
from returns.result import Failure

from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.form_values import parse_iso_date
from petcare_core.domain.ids import ImmunizationTypeId
from petcare_core.domain.projection import PortalAnimalView
from petcare_core.domain.reasons import InvalidValue, Reason, RequiredValueMissing
from petcare_web.portal.forms import NO_ERRORS, FormErrors, form_errors, text_fields
from petcare_web.portal.pages_pets import animal_id_from
from petcare_web.portal.visit import Visit, portal_page

UPLOAD_LABELS = {
    "type_id": "Vaccine",
    "expires_on": "Expiry date",
    "administered_on": "Date given",
    "file": "Vet's record",
}
# The core names the file's name "filename"; the form has one input for the file.
ALIASES = {"filename": "file", "content": "file"}


def _date(reasons: list[Reason], name: str, raw: str, *, required: bool) -> date | None:
    text = raw.strip()
    if not text:
        if required:
            reasons.append(RequiredValueMissing(name))
        return None
    day = parse_iso_date(text)
    if day is None:
        reasons.append(InvalidValue(name, "is not a date; write it as YYYY-MM-DD, e.g. 2027-04-30"))
    return day


def _type_id(reasons: list[Reason], raw: str) -> ImmunizationTypeId | None:
    text = raw.strip()
    if not text:
        reasons.append(RequiredValueMissing("type_id"))
        return None
    if not text.isdigit() or len(text) > 18:
        reasons.append(InvalidValue("type_id", "choose one of the vaccines in the list"))
        return None
    return ImmunizationTypeId(int(text))


async def _page(
    visit: Visit,
    pet: PortalAnimalView,
    *,
    values: dict[str, str],
    errors: FormErrors,
    status: int,
) -> web.Response:
    assert visit.facility is not None
    kinds: list[ImmunizationType] = [
        kind
        for kind in await visit.call(
            visit.services.list_immunization_types, visit.facility.id, pet.species_id
        )
        if kind.active
    ]
    return visit.render(
        "upload.html", status=status, pet=pet, kinds=kinds, values=values, errors=errors
    )


@portal_page(member=True)
async def upload(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/pets/{id}/vaccines/upload``: send the vet's record of a vaccine."""
    assert visit.facility is not None
    fid, animal_id = visit.facility.id, animal_id_from(request)
    pet = await visit.call(visit.services.portal_animal, fid, visit.account_id, animal_id)
    if request.method == "GET":
        values = {"type_id": request.query.get("type", ""), "expires_on": "", "administered_on": ""}
        return await _page(visit, pet, values=values, errors=NO_ERRORS, status=200)
    values = text_fields(visit.form, ("type_id", "expires_on", "administered_on"))
    reasons: list[Reason] = []
    type_id = _type_id(reasons, values["type_id"])
    expires_on = _date(reasons, "expires_on", values["expires_on"], required=True)
    administered_on = _date(reasons, "administered_on", values["administered_on"], required=False)
    upload_field = visit.form.get("file")
    if not isinstance(upload_field, web.FileField):
        reasons.append(RequiredValueMissing("file"))
    if (
        reasons
        or type_id is None
        or expires_on is None
        or not isinstance(upload_field, web.FileField)
    ):
        errors = form_errors(reasons, UPLOAD_LABELS, aliases=ALIASES)
        return await _page(visit, pet, values=values, errors=errors, status=422)
    # The body was bounded by the application's client_max_size (a little over 10 MB).
    content = upload_field.file.read()
    result = await visit.call(
        partial(
            visit.services.upload_immunization_document,
            fid,
            visit.account_id,
            animal_id,
            type_id,
            expires_on,
            upload_field.filename or "",
            content,
            administered_on,
        )
    )
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, UPLOAD_LABELS, aliases=ALIASES)
        return await _page(visit, pet, values=values, errors=errors, status=422)
    return visit.redirect(f"{visit.base}/pets/{animal_id}?notice=uploaded")
