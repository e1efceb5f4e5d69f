"""Vaccination records in the staff API: the review queue, verifying or rejecting an upload,
reading its document, and an animal's whole vaccination file."""

from __future__ import annotations

import functools

from aiohttp import web

from petcare_core.domain.ids import AnimalId, ImmunizationRecordId, ImmunizationTypeId
from petcare_core.services.documents import DocumentDownload
from petcare_web.portal_api.jsonio import JsonBody, path_id, read_json, text
from petcare_web.portal_api.rejections import ok
from petcare_web.portal_api.vaccines import document_response
from petcare_web.staff_api import views
from petcare_web.staff_api.auth import StaffCall, as_staff, call_as_staff

REJECT_FIELDS = {"reason": text(required=True)}


def _vaccine_names(call: StaffCall) -> dict[ImmunizationTypeId, str]:
    return {kind.id: kind.name for kind in call.services.list_immunization_types(call.facility_id)}


def _queue(call: StaffCall) -> object:
    records = ok(call.services.immunization_review_queue(call.facility_id, call.actor))
    names = _vaccine_names(call)
    return {"records": [views.record_json(record, names) for record in records]}


async def review_queue(request: web.Request) -> web.Response:
    """``GET /staff/api/immunizations/queue``: uploads awaiting review
    (``immunizations.review``)."""
    return await as_staff(request, _queue)


def _verify(record_id: ImmunizationRecordId, call: StaffCall) -> object:
    record = ok(call.services.verify_immunization(call.facility_id, call.actor, record_id))
    return views.record_json(record, _vaccine_names(call))


async def verify(request: web.Request) -> web.Response:
    """``POST /staff/api/immunizations/{id}/verify``: accept a pending upload
    (``immunizations.review``; 409 when it is not pending)."""
    record_id = ImmunizationRecordId(path_id(request, "id", "record_id"))
    await read_json(request, {})
    return await as_staff(request, functools.partial(_verify, record_id))


def _reject(body: JsonBody, record_id: ImmunizationRecordId, call: StaffCall) -> object:
    record = ok(
        call.services.reject_immunization(
            call.facility_id, call.actor, record_id, body.text("reason")
        )
    )
    return views.record_json(record, _vaccine_names(call))


async def reject(request: web.Request) -> web.Response:
    """``POST /staff/api/immunizations/{id}/reject`` ``{"reason": ...}``: refuse a pending
    upload; the parent sees the reason (``immunizations.review``)."""
    record_id = ImmunizationRecordId(path_id(request, "id", "record_id"))
    body = await read_json(request, REJECT_FIELDS)
    return await as_staff(request, functools.partial(_reject, body, record_id))


def _document(record_id: ImmunizationRecordId, call: StaffCall) -> DocumentDownload:
    return ok(call.services.immunization_document(call.facility_id, call.actor, record_id))


async def document(request: web.Request) -> web.Response:
    """``GET /staff/api/immunizations/{id}/document``: a record's document (``animals.read``)."""
    record_id = ImmunizationRecordId(path_id(request, "id", "record_id"))
    return document_response(await call_as_staff(request, functools.partial(_document, record_id)))


def _animal_records(animal_id: AnimalId, call: StaffCall) -> object:
    file = ok(call.services.animal_immunizations(call.facility_id, call.actor, animal_id))
    names = {entry.kind.id: entry.kind.name for entry in file.entries}
    return {
        "animal_id": animal_id,
        "records": [views.record_json(entry.record, names) for entry in file.entries],
    }


async def animal_records(request: web.Request) -> web.Response:
    """``GET /staff/api/animals/{id}/immunizations``: every record of a pet, whatever its
    status (``animals.read``)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    return await as_staff(request, functools.partial(_animal_records, animal_id))
