"""A pet's photo in the portal API: read it, set or replace it, remove it.

The web layer only reads the multipart form; the core sniffs the type from the content (JPEG
or PNG), checks the size (at most 5 MB) and stores the picture, so nothing is kept for a
refused photo.
"""

from __future__ import annotations

import functools

import attrs
from aiohttp import web

from petcare_core.domain.ids import AnimalId
from petcare_core.domain.reasons import InvalidValue, Reason, RequiredValueMissing, UnknownField
from petcare_core.services import PetPhoto
from petcare_web.errors import ApiError
from petcare_web.portal_api import views
from petcare_web.portal_api.auth import ParentAt, at_facility, call_at_facility
from petcare_web.portal_api.jsonio import invalid_input, path_id, safe_name
from petcare_web.portal_api.rejections import ok

PHOTO_FIELD = "photo"
# The core names the picture's file name "filename"; in this form it is the "photo" part.
_PHOTO_NAMES = {"filename": PHOTO_FIELD}


@attrs.frozen
class PhotoUpload:
    """The picture of a checked photo form, and the name the client gave it."""

    filename: str
    content: bytes = attrs.field(repr=False)


async def read_photo(request: web.Request) -> PhotoUpload:
    """The photo form (``multipart/form-data`` with one ``photo`` file part). ``415`` for
    another body type; ``422`` when the part is missing, repeated or not a file, or another
    field is sent."""
    if request.content_type != "multipart/form-data":
        raise ApiError(
            f"the request body is {request.content_type}; send the picture as "
            "multipart/form-data with the file in the field photo",
            status=415,
            code="unsupported_media_type",
        )
    try:
        form = await request.post()
    except ValueError as error:
        raise ApiError(f"the form cannot be read: {error}", code="malformed_form") from None
    reasons: list[Reason] = [UnknownField(safe_name(name)) for name in form if name != PHOTO_FIELD]
    parts = form.getall(PHOTO_FIELD, [])
    if not parts:
        reasons.append(RequiredValueMissing(PHOTO_FIELD))
    elif len(parts) > 1:
        reasons.append(InvalidValue(PHOTO_FIELD, "give this field once"))
    elif not isinstance(parts[0], web.FileField):
        reasons.append(InvalidValue(PHOTO_FIELD, "must be a file part (with a filename)"))
    if reasons or not isinstance(parts[0], web.FileField):
        raise invalid_input(reasons)
    return PhotoUpload(parts[0].filename or "", parts[0].file.read())


def _pet(call: ParentAt, animal_id: AnimalId) -> views.JsonObject:
    return views.animal_json(
        call.services.portal_animal(call.facility_id, call.account_id, animal_id)
    )


def _set(upload: PhotoUpload, animal_id: AnimalId, call: ParentAt) -> object:
    ok(
        call.services.set_animal_photo_from_portal(
            call.facility_id, call.account_id, animal_id, upload.filename, upload.content
        ),
        _PHOTO_NAMES,
    )
    return _pet(call, animal_id)


async def put_photo(request: web.Request) -> web.Response:
    """``PUT /portal/api/f/{slug}/pets/{id}/photo``: set or replace the pet's photo (JPEG or
    PNG, at most 5 MB); answers the pet (``has_photo`` true)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    upload = await read_photo(request)
    return await at_facility(request, functools.partial(_set, upload, animal_id))


def _remove(animal_id: AnimalId, call: ParentAt) -> object:
    call.services.remove_animal_photo_from_portal(call.facility_id, call.account_id, animal_id)
    return _pet(call, animal_id)


async def delete_photo(request: web.Request) -> web.Response:
    """``DELETE /portal/api/f/{slug}/pets/{id}/photo``: remove the pet's photo (removing none
    is not an error); answers the pet (``has_photo`` false)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    return await at_facility(request, functools.partial(_remove, animal_id))


def _photo(animal_id: AnimalId, call: ParentAt) -> PetPhoto:
    return call.services.portal_animal_photo(call.facility_id, call.account_id, animal_id)


async def get_photo(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/pets/{id}/photo``: the picture (``image/jpeg`` or
    ``image/png``); 404 when the pet has none or is not the parent's."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    photo = await call_at_facility(request, functools.partial(_photo, animal_id))
    return web.Response(body=photo.content, content_type=photo.content_type)
