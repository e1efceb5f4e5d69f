"""Vaccinations in the portal API: a pet's vaccine states, uploading the vet's record, reading
an uploaded document back, and the notification center."""

from __future__ import annotations

import functools
import re
from datetime import date
from urllib.parse import quote

import attrs
from aiohttp import web

from petcare_core.domain.ids import AnimalId, ImmunizationRecordId, ImmunizationTypeId
from petcare_core.domain.reasons import InvalidValue, Reason, RequiredValueMissing, UnknownField
from petcare_core.services.documents import DocumentDownload
from petcare_web.errors import ApiError
from petcare_web.portal_api import views
from petcare_web.portal_api.auth import ParentAt, at_facility, call_at_facility
from petcare_web.portal_api.jsonio import MAX_ID, invalid_input, path_id, safe_name
from petcare_web.portal_api.rejections import ok

UPLOAD_FIELDS = ("type_id", "expires_on", "administered_on", "file")
# The core names the uploaded file's name "filename"; in this form it is the "file" part.
_UPLOAD_NAMES = {"filename": "file"}
_DIGITS = re.compile(r"[0-9]{1,19}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _status(animal_id: AnimalId, call: ParentAt) -> object:
    lines = call.services.portal_immunization_status(call.facility_id, call.account_id, animal_id)
    return {
        "animal_id": animal_id,
        "immunizations": [views.status_line_json(line) for line in lines],
    }


async def immunization_status(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/pets/{id}/immunizations``: each vaccine of the pet's species
    and its state today (verified, expiring soon, expired, pending review, rejected, missing)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    return await at_facility(request, functools.partial(_status, animal_id))


@attrs.frozen
class Upload:
    """A checked upload form: the vaccine, its dates and the file."""

    type_id: ImmunizationTypeId
    expires_on: date
    administered_on: date | None
    filename: str
    content: bytes = attrs.field(repr=False)


def _date(name: str, value: str, reasons: list[Reason]) -> date | None:
    text = value.strip()
    if not text:
        return None
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    reasons.append(InvalidValue(name, "must be a date such as 2024-06-04"))
    return None


async def read_upload(request: web.Request) -> Upload:
    """The upload form (``multipart/form-data``): ``type_id``, ``expires_on``, optional
    ``administered_on`` and the ``file``. ``415`` for another body type; ``422`` naming every
    field that is missing, repeated, unknown or malformed."""
    if request.content_type != "multipart/form-data":
        raise ApiError(
            f"the request body is {request.content_type}; send the record as "
            "multipart/form-data with the fields type_id, expires_on and file",
            status=415,
            code="unsupported_media_type",
        )
    try:
        form = await request.post()
    except ValueError as error:
        raise ApiError(f"the form cannot be read: {error}", code="malformed_form") from None
    reasons: list[Reason] = []
    for name in form:
        if name not in UPLOAD_FIELDS:
            reasons.append(UnknownField(safe_name(name)))
        elif len(form.getall(name)) > 1:
            reasons.append(InvalidValue(name, "give this field once"))
    texts: dict[str, str] = {}
    for name in ("type_id", "expires_on", "administered_on"):
        value = form.get(name, "")
        if not isinstance(value, str):
            reasons.append(InvalidValue(name, "must be a form field, not a file"))
        else:
            texts[name] = value.strip()
    type_id = texts.get("type_id", "")
    if not type_id and "type_id" in texts:
        reasons.append(RequiredValueMissing("type_id"))
    elif type_id and (not _DIGITS.fullmatch(type_id) or not 0 < int(type_id) <= MAX_ID):
        reasons.append(InvalidValue("type_id", "must be a vaccine id (a positive whole number)"))
    if not texts.get("expires_on") and "expires_on" in texts:
        reasons.append(RequiredValueMissing("expires_on"))
    expires_on = _date("expires_on", texts.get("expires_on", ""), reasons)
    administered_on = _date("administered_on", texts.get("administered_on", ""), reasons)
    file = form.get("file")
    if file is None:
        reasons.append(RequiredValueMissing("file"))
    elif not isinstance(file, web.FileField):
        reasons.append(InvalidValue("file", "must be a file part (with a filename)"))
    if reasons or expires_on is None or not isinstance(file, web.FileField):
        raise invalid_input(reasons)
    return Upload(
        ImmunizationTypeId(int(type_id)),
        expires_on,
        administered_on,
        file.filename or "",
        file.file.read(),
    )


def _upload(upload: Upload, animal_id: AnimalId, call: ParentAt) -> object:
    uploaded = ok(
        call.services.upload_immunization_document(
            call.facility_id,
            call.account_id,
            animal_id,
            type_id=upload.type_id,
            expires_on=upload.expires_on,
            filename=upload.filename,
            content=upload.content,
            administered_on=upload.administered_on,
        ),
        _UPLOAD_NAMES,
    )
    document = uploaded.document
    return {
        "record": views.parent_record_json(uploaded.record),
        "document": {
            "filename": document.filename,
            "content_type": document.content_type.value,
            "size": document.size,
        },
    }


async def upload_immunization(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/pets/{id}/immunizations``: upload the vet's record of one
    vaccine (PDF, JPEG or PNG, at most 10 MB); it awaits the facility's review (201)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    upload = await read_upload(request)
    return await at_facility(request, functools.partial(_upload, upload, animal_id), status=201)


def document_response(download: DocumentDownload) -> web.Response:
    """A stored document as a download, under the name the core made (never the client's).

    The name is letters, digits, hyphens and one dot, possibly of any script: RFC 6266's
    ``filename*`` carries it exactly, ``filename`` an ASCII stand-in for old clients.
    """
    name = download.filename
    fallback = "".join(c if c.isascii() else "_" for c in name)
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    return web.Response(
        body=download.content,
        content_type=download.content_type,
        headers={"Content-Disposition": disposition},
    )


def _document(record_id: ImmunizationRecordId, call: ParentAt) -> DocumentDownload:
    return call.services.portal_immunization_document(call.facility_id, call.account_id, record_id)


async def immunization_document(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/immunizations/{id}/document``: the uploaded document of a
    record of one of the parent's pets (404 for any other record)."""
    record_id = ImmunizationRecordId(path_id(request, "id", "record_id"))
    download = await call_at_facility(request, functools.partial(_document, record_id))
    return document_response(download)


def _notifications(call: ParentAt) -> object:
    notices = call.services.portal_notifications(call.facility_id, call.account_id)
    return {"notifications": [views.notice_json(notice) for notice in notices]}


async def notifications(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/notifications``: what needs the parent's attention, most
    urgent first."""
    return await at_facility(request, _notifications)
