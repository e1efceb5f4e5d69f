"""The portal JSON API's paths (docs/api.md describes each)."""

from __future__ import annotations

from petcare_web.openapi.operations import (
    BODY_ERRORS,
    SLUG,
    download,
    json_body,
    operation,
    path_id,
)
from petcare_web.openapi.schemas import (
    ANIMAL_PATCH,
    DATE,
    DATETIME,
    ID,
    ID_IN,
    INTEGER,
    OWNER_PATCH,
    REQUIRED_TEXT_IN,
    STRING,
    TEXT_IN,
    Schema,
    array,
    obj,
    ref,
)

SECURITY = "portalBearer"
_F = "/portal/api/f/{slug}"
_PET = path_id("The pet's id")

_SESSION = obj(
    {
        "token": STRING,
        "token_type": {"const": "Bearer"},
        "expires_in": INTEGER,
        "account": ref("Account"),
        "facilities": array(ref("Facility")),
    }
)
_MESSAGE = obj({"message": STRING})
_RECEIPT = obj({"message": STRING, "submitted_at": DATETIME})
_LOCATION = obj(
    {
        "id": ID,
        **dict.fromkeys(
            (
                "name",
                "address_1",
                "address_2",
                "city",
                "region",
                "postal_code",
                "country",
                "phone",
                "email",
            ),
            STRING,
        ),
        "active": {"type": "boolean"},
    }
)
_STATUS_LINE = obj(
    {
        "type_id": ID,
        "type_name": STRING,
        "required": {"type": "boolean"},
        "state": {
            "enum": [
                "verified",
                "expiring_soon",
                "expired",
                "pending_review",
                "rejected",
                "missing",
            ]
        },
        "expires_on": {"type": ["string", "null"], "format": "date"},
        "record_id": {"type": ["integer", "null"]},
    }
)
_NOTICE = obj(
    {
        "kind": STRING,
        "message": STRING,
        "needs_action": {"type": "boolean"},
        "animal_id": {"type": ["integer", "null"]},
        "animal_name": STRING,
        "subject": STRING,
        "type_id": {"type": ["integer", "null"]},
        "record_id": {"type": ["integer", "null"]},
        "due_on": {"type": ["string", "null"], "format": "date"},
        "detail": STRING,
        "reservation_id": {"type": ["integer", "null"]},
        "agreement_id": {"type": ["integer", "null"]},
        "target": obj(
            {
                "page": STRING,
                "animal_id": {"type": ["integer", "null"]},
                "type_id": {"type": ["integer", "null"]},
                "reservation_id": ID,
                "agreement_id": ID,
            },
            ("page", "animal_id", "type_id"),
        ),
    }
)
_NAMED = obj({"id": ID, "name": STRING})
_CATALOG = obj(
    {
        "species": array(_NAMED),
        "breeds": array(obj({"id": ID, "species_id": ID, "name": STRING})),
        "vets": array(obj({"id": ID, "name": STRING, "phone": STRING, "city": STRING})),
        "temperaments": array(_NAMED),
        "immunization_types": array(
            obj({"id": ID, "species_id": ID, "name": STRING, "required": {"type": "boolean"}})
        ),
        "animal_form": array(ref("FormField")),
    }
)
_UPLOAD_FORM: Schema = {
    "type": "object",
    "properties": {
        "type_id": {"type": "string", "pattern": "^[0-9]{1,19}$"},
        "expires_on": DATE,
        "administered_on": DATE,
        "file": {"type": "string", "format": "binary"},
    },
    "required": ["type_id", "expires_on", "file"],
    "additionalProperties": False,
}


_PHOTO_FORM: Schema = {
    "type": "object",
    "properties": {"photo": {"type": "string", "format": "binary"}},
    "required": ["photo"],
    "additionalProperties": False,
}


def _photo_download() -> Schema:
    """The pet's picture: JPEG or PNG, shown inline (not an attachment)."""
    result = _parent(
        "The photo of one of the parent's pets", {}, errors=(400, 404), parameters=(SLUG, _PET)
    )
    binary: Schema = {"schema": {"type": "string", "format": "binary"}}
    result["responses"]["200"] = {
        "description": "The picture",
        "content": {"image/jpeg": binary, "image/png": binary},
    }
    return result


def _body(properties: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    return json_body(obj(properties, required))


def _parent(
    summary: str,
    answers: dict[int, Schema],
    *,
    errors: tuple[int, ...],
    body: Schema | None = None,
    parameters: tuple[Schema, ...] = (),
) -> Schema:
    return operation(
        summary, answers, errors=errors, security=SECURITY, body=body, parameters=parameters
    )


PATHS: dict[str, dict[str, Schema]] = {
    "/portal/api/login": {
        "post": operation(
            "Log in: a bearer token, the account and its facilities",
            {200: _SESSION},
            errors=(*BODY_ERRORS, 401, 429),
            security=None,
            body=_body(
                {"login": REQUIRED_TEXT_IN, "password": REQUIRED_TEXT_IN, "facility": TEXT_IN},
                ("login", "password"),
            ),
        )
    },
    "/portal/api/signup": {
        "post": operation(
            "Sign up at one facility (by slug or invite code); answered like a login",
            {201: _SESSION},
            errors=BODY_ERRORS,
            security=None,
            body=_body(
                {
                    "first_name": REQUIRED_TEXT_IN,
                    "last_name": REQUIRED_TEXT_IN,
                    "password": REQUIRED_TEXT_IN,
                    "email": TEXT_IN,
                    "phone": TEXT_IN,
                    "facility": TEXT_IN,
                    "invite_code": TEXT_IN,
                },
                ("first_name", "last_name", "password"),
            ),
        )
    },
    "/portal/api/password-reset": {
        "post": operation(
            "Send a password reset link (the same answer whether or not the account exists)",
            {202: _MESSAGE},
            errors=BODY_ERRORS,
            security=None,
            body=_body(
                {"login": REQUIRED_TEXT_IN, "facility": REQUIRED_TEXT_IN}, ("login", "facility")
            ),
        )
    },
    "/portal/api/password-reset/confirm": {
        "post": operation(
            "Choose a new password with a reset link's token",
            {200: _MESSAGE},
            errors=BODY_ERRORS,
            security=None,
            body=_body(
                {"token": REQUIRED_TEXT_IN, "password": REQUIRED_TEXT_IN}, ("token", "password")
            ),
        )
    },
    "/portal/api/facilities": {
        "get": _parent(
            "The facilities the parent is linked to",
            {200: obj({"facilities": array(ref("Facility"))})},
            errors=(),
        )
    },
    "/portal/api/link": {
        "post": _parent(
            "Link the parent to another facility by its invite code",
            {201: obj({"facility": ref("Facility"), "facilities": array(ref("Facility"))})},
            errors=(*BODY_ERRORS, 404, 409),
            body=_body(
                {"invite_code": REQUIRED_TEXT_IN, "first_name": TEXT_IN, "last_name": TEXT_IN},
                ("invite_code",),
            ),
        )
    },
    _F: {
        "get": operation(
            "The facility and its locations (no login)",
            {
                200: obj(
                    {
                        "slug": STRING,
                        "name": STRING,
                        "timezone": STRING,
                        "currency": STRING,
                        "locations": array(_LOCATION),
                    }
                )
            },
            errors=(404,),
            security=None,
            parameters=(SLUG,),
        )
    },
    f"{_F}/contact": {
        "post": operation(
            "The Contact Us form (no login)",
            {201: _RECEIPT},
            errors=(*BODY_ERRORS, 404),
            security=None,
            parameters=(SLUG,),
            body=_body(
                {
                    "name": REQUIRED_TEXT_IN,
                    "email": TEXT_IN,
                    "phone": TEXT_IN,
                    "message": REQUIRED_TEXT_IN,
                    "location_id": ID_IN,
                },
                ("name", "message"),
            ),
        )
    },
    f"{_F}/delete-account": {
        "post": _parent(
            "Ask the facility to delete the parent's owner account",
            {201: _RECEIPT},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(SLUG,),
            body=_body({"note": TEXT_IN}),
        )
    },
    f"{_F}/me": {
        "get": _parent(
            "The parent's household", {200: ref("PortalOwner")}, errors=(404,), parameters=(SLUG,)
        ),
        "patch": _parent(
            "Change portal-editable fields of the household",
            {200: ref("PortalOwner")},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(SLUG,),
            body=json_body(OWNER_PATCH),
        ),
    },
    f"{_F}/catalog": {
        "get": _parent(
            "The lists a pet form chooses from", {200: _CATALOG}, errors=(404,), parameters=(SLUG,)
        )
    },
    f"{_F}/pets": {
        "get": _parent(
            "The parent's pets",
            {200: obj({"pets": array(ref("PortalPet"))})},
            errors=(404,),
            parameters=(SLUG,),
        ),
        "post": _parent(
            "Add a pet",
            {201: ref("PortalPet")},
            errors=(*BODY_ERRORS, 404),
            parameters=(SLUG,),
            body=json_body(ANIMAL_PATCH),
        ),
    },
    f"{_F}/pets/{{id}}": {
        "get": _parent(
            "One of the parent's pets",
            {200: ref("PortalPet")},
            errors=(400, 404),
            parameters=(SLUG, _PET),
        ),
        "patch": _parent(
            "Change one of the parent's pets",
            {200: ref("PortalPet")},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(SLUG, _PET),
            body=json_body(ANIMAL_PATCH),
        ),
    },
    f"{_F}/pets/{{id}}/photo": {
        "get": _photo_download(),
        "put": _parent(
            "Set or replace the pet's photo (JPEG or PNG, at most 5 MB)",
            {200: ref("PortalPet")},
            errors=(*BODY_ERRORS, 404),
            parameters=(SLUG, _PET),
            body={"required": True, "content": {"multipart/form-data": {"schema": _PHOTO_FORM}}},
        ),
        "delete": _parent(
            "Remove the pet's photo",
            {200: ref("PortalPet")},
            errors=(400, 404),
            parameters=(SLUG, _PET),
        ),
    },
    f"{_F}/pets/{{id}}/immunizations": {
        "get": _parent(
            "The pet's vaccine states today",
            {200: obj({"animal_id": ID, "immunizations": array(_STATUS_LINE)})},
            errors=(400, 404),
            parameters=(SLUG, _PET),
        ),
        "post": _parent(
            "Upload the vet's record of a vaccine (PDF, JPEG or PNG, at most 10 MB)",
            {
                201: obj(
                    {
                        "record": ref("ParentRecord"),
                        "document": obj(
                            {"filename": STRING, "content_type": STRING, "size": INTEGER}
                        ),
                    }
                )
            },
            errors=(*BODY_ERRORS, 404),
            parameters=(SLUG, _PET),
            body={"required": True, "content": {"multipart/form-data": {"schema": _UPLOAD_FORM}}},
        ),
    },
    f"{_F}/immunizations/{{id}}/document": {
        "get": download(
            "The uploaded document of a record of one of the parent's pets",
            security=SECURITY,
            parameters=(SLUG, path_id("The record's id")),
        )
    },
    f"{_F}/notifications": {
        "get": _parent(
            "The notification center, most urgent first",
            {200: obj({"notifications": array(_NOTICE)})},
            errors=(404,),
            parameters=(SLUG,),
        )
    },
}
