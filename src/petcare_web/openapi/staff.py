"""The staff API's paths (docs/api.md describes each)."""

from __future__ import annotations

from petcare_core.services.facilities import MAX_PEAK_RANGES
from petcare_web.openapi.operations import (
    BODY_ERRORS,
    download,
    json_body,
    operation,
    path_id,
    query,
)
from petcare_web.openapi.schemas import (
    ANIMAL_PATCH,
    DATE,
    ID,
    INTEGER,
    OWNER_PATCH,
    PEAK_RANGE,
    RATE,
    REQUIRED_TEXT_IN,
    STAFF_ANIMAL_PROPERTIES,
    STAFF_OWNER_PROPERTIES,
    STRING,
    WAITLIST_POLICY,
    Schema,
    array,
    obj,
    ref,
)

SECURITY = "staffKey"
_ID = {
    "owner": path_id("The owner's id"),
    "animal": path_id("The animal's id"),
    "record": path_id("The vaccination record's id"),
    "lead": path_id("The lead's id"),
    "notification": path_id("The notification's id"),
}
_PAGE = (
    query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}, "At most this many"),
    query("offset", {"type": "integer", "minimum": 0, "maximum": 2**31}, "Skip this many"),
)
_NO_BODY = json_body({"type": "object", "additionalProperties": False}, required=False)


def _staff(
    summary: str,
    answers: dict[int, Schema],
    *,
    errors: tuple[int, ...] = (),
    body: Schema | None = None,
    parameters: tuple[Schema, ...] = (),
    description: str = "",
) -> Schema:
    return operation(
        summary,
        answers,
        errors=(403, *errors),
        security=SECURITY,
        body=body,
        parameters=parameters,
        description=description,
    )


def _with(base: dict[str, Schema], extra: dict[str, Schema]) -> Schema:
    """A record's members (``base``) with ``extra`` ones, nothing else allowed."""
    return obj({**base, **extra})


_STAFF_OWNER = ref("StaffOwner")
_STAFF_ANIMAL = ref("StaffAnimal")
_RECORD = ref("StaffRecord")
_OWNER_BODY = json_body(OWNER_PATCH)
_ANIMAL_BODY = json_body(ANIMAL_PATCH)
_NEW_ANIMAL = json_body(
    {
        "type": "object",
        "properties": {**ANIMAL_PATCH["properties"], "owner_id": ID},
        "required": ["owner_id"],
        "additionalProperties": False,
    }
)
_SETTINGS_BODY = json_body(
    {
        "type": "object",
        "properties": {
            "phone_region": STRING,
            "immunization_grace_days": INTEGER,
            "expiring_soon_days": INTEGER,
            "reference_lists_enveloped": {"type": "boolean"},
            "multi_pet_discount": RATE,
            "peak_ranges": {"type": "array", "items": PEAK_RANGE, "maxItems": MAX_PEAK_RANGES},
            "waitlist_policy": WAITLIST_POLICY,
            "evaluation_valid_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 3650},
        },
        "additionalProperties": False,
    }
)

PATHS: dict[str, dict[str, Schema]] = {
    "/staff/api/owners": {
        "get": _staff(
            "Owners by id, paged, with their animals' ids (owners.read)",
            {
                200: obj(
                    {
                        "total": INTEGER,
                        "owners": array(_with(STAFF_OWNER_PROPERTIES, {"animal_ids": array(ID)})),
                    }
                )
            },
            errors=(400,),
            parameters=_PAGE,
        ),
        "post": _staff(
            "Add an owner (owners.write)", {201: _STAFF_OWNER}, errors=BODY_ERRORS, body=_OWNER_BODY
        ),
    },
    "/staff/api/owners/{id}": {
        "get": _staff(
            "An owner with their animals (owners.read)",
            {200: _with(STAFF_OWNER_PROPERTIES, {"animals": array(_STAFF_ANIMAL)})},
            errors=(400, 404),
            parameters=(_ID["owner"],),
        ),
        "patch": _staff(
            "Change any owner field (owners.write)",
            {200: _STAFF_OWNER},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(_ID["owner"],),
            body=_OWNER_BODY,
        ),
    },
    "/staff/api/animals": {
        "get": _staff(
            "Animals by id, paged, with their next vaccine expiry (animals.read)",
            {
                200: obj(
                    {
                        "total": INTEGER,
                        "animals": array(
                            _with(
                                STAFF_ANIMAL_PROPERTIES,
                                {
                                    "next_immunization_expiration": {
                                        "type": ["string", "null"],
                                        "format": "date",
                                    }
                                },
                            )
                        ),
                    }
                )
            },
            errors=(400,),
            parameters=_PAGE,
        ),
        "post": _staff(
            "Add an animal to a household (animals.write)",
            {201: _STAFF_ANIMAL},
            errors=(*BODY_ERRORS, 404),
            body=_NEW_ANIMAL,
        ),
    },
    "/staff/api/animals/{id}": {
        "get": _staff(
            "An animal with its business-only data (animals.read)",
            {200: _STAFF_ANIMAL},
            errors=(400, 404),
            parameters=(_ID["animal"],),
        ),
        "patch": _staff(
            "Change any field of an animal (animals.write)",
            {200: _STAFF_ANIMAL},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(_ID["animal"],),
            body=_ANIMAL_BODY,
        ),
    },
    "/staff/api/animals/{id}/incidents": {
        "post": _staff(
            "Record an incident (animals.write)",
            {201: _STAFF_ANIMAL},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(_ID["animal"],),
            body=json_body(
                obj({"occurred_on": DATE, "description": REQUIRED_TEXT_IN}),
            ),
        )
    },
    "/staff/api/animals/{id}/immunizations": {
        "get": _staff(
            "Every vaccination record of an animal (animals.read)",
            {200: obj({"animal_id": ID, "records": array(_RECORD)})},
            errors=(400, 404),
            parameters=(_ID["animal"],),
        )
    },
    "/staff/api/immunizations/queue": {
        "get": _staff(
            "Uploads awaiting review (immunizations.review)",
            {200: obj({"records": array(_RECORD)})},
        )
    },
    "/staff/api/immunizations/{id}/verify": {
        "post": _staff(
            "Accept a pending upload (immunizations.review)",
            {200: _RECORD},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(_ID["record"],),
            body=_NO_BODY,
        )
    },
    "/staff/api/immunizations/{id}/reject": {
        "post": _staff(
            "Refuse a pending upload, saying why (immunizations.review)",
            {200: _RECORD},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(_ID["record"],),
            body=json_body(obj({"reason": REQUIRED_TEXT_IN})),
        )
    },
    "/staff/api/immunizations/{id}/document": {
        "get": download(
            "A vaccination record's document (animals.read)",
            security=SECURITY,
            parameters=(_ID["record"],),
        )
    },
    "/staff/api/leads": {
        "get": _staff(
            "The leads report, newest first (owners.read)",
            {200: obj({"leads": array(ref("Lead"))})},
            errors=(400,),
            parameters=(
                query("kind", {"enum": ["contact_us", "delete_owner_account"]}, "Only this form's"),
            ),
        )
    },
    "/staff/api/leads/{id}/processed": {
        "post": _staff(
            "Mark a lead processed (owners.write)",
            {200: ref("Lead")},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(_ID["lead"],),
            body=_NO_BODY,
        )
    },
    "/staff/api/notifications": {
        "get": _staff(
            "Staff notifications, newest first (owners.read)",
            {200: obj({"notifications": array(ref("StaffNotification"))})},
            errors=(400,),
            parameters=(query("unread", {"enum": ["true", "false"]}, "Only unread ones"),),
        )
    },
    "/staff/api/notifications/{id}/read": {
        "post": _staff(
            "Mark a notification read (owners.read)",
            {200: ref("StaffNotification")},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(_ID["notification"],),
            body=_NO_BODY,
        )
    },
    "/staff/api/facility": {
        "get": _staff(
            "The key's facility, its invite code and policies",
            {
                200: obj(
                    {
                        "id": ID,
                        "slug": STRING,
                        "name": STRING,
                        "timezone": STRING,
                        "currency": STRING,
                        "invite_code": STRING,
                        "settings": ref("Settings"),
                    }
                )
            },
        )
    },
    "/staff/api/facility/settings": {
        "get": _staff("The facility's policies", {200: ref("Settings")}),
        "patch": _staff(
            "Change some policies; the others stay (facility.settings)",
            {200: ref("Settings")},
            errors=(*BODY_ERRORS, 409),
            body=_SETTINGS_BODY,
        ),
    },
}
