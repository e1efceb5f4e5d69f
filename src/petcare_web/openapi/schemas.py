"""JSON Schema building blocks of the OpenAPI document, and the shapes both JSON APIs share.

Answers are described strictly (``additionalProperties: false``): a member added to an answer
without being added here fails the schemathesis conformance test, so the document cannot drift
from the code, and a business-only member leaking into a portal answer would fail it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Schema = dict[str, Any]

MAX_ID = 2**63 - 1
STRING: Schema = {"type": "string"}
NULLABLE_STRING: Schema = {"type": ["string", "null"]}
BOOLEAN: Schema = {"type": "boolean"}
NULLABLE_BOOLEAN: Schema = {"type": ["boolean", "null"]}
INTEGER: Schema = {"type": "integer"}
ID: Schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
NULLABLE_ID: Schema = {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID}
NUMBER: Schema = {"type": "number"}
NULLABLE_NUMBER: Schema = {"type": ["number", "null"]}
DATE: Schema = {"type": "string", "format": "date"}
NULLABLE_DATE: Schema = {"type": ["string", "null"], "format": "date"}
DATETIME: Schema = {"type": "string", "format": "date-time"}
NULLABLE_DATETIME: Schema = {"type": ["string", "null"], "format": "date-time"}
STRINGS: Schema = {"type": "array", "items": STRING}
IDS: Schema = {"type": "array", "items": ID}


def ref(name: str) -> Schema:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: Schema) -> Schema:
    """An array of ``items``."""
    return {"type": "array", "items": items}


def obj(properties: Mapping[str, Schema], required: Iterable[str] | None = None) -> Schema:
    """A closed object; every property is required unless ``required`` says otherwise."""
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(properties if required is None else required),
        "additionalProperties": False,
    }


def nullable(schema: Schema) -> Schema:
    """``schema`` or ``null``."""
    return {"oneOf": [schema, {"type": "null"}]}


# Request members: what the JSON reader accepts (jsonio.Kind).
TEXT_IN: Schema = {"type": ["string", "null"]}
REQUIRED_TEXT_IN: Schema = {"type": "string", "minLength": 1}
ID_IN: Schema = NULLABLE_ID
CUSTOM_IN: Schema = {
    "type": "object",
    "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
}
ICONS_IN: Schema = {"type": ["array", "null"], "items": {"type": "string", "pattern": "^[^,]*$"}}

_CONTACT: dict[str, Schema] = dict.fromkeys(
    (
        "first_name",
        "last_name",
        "email",
        "cell_phone",
        "home_phone",
        "address_1",
        "address_2",
        "city",
        "region",
        "postal_code",
        "country",
        "emergency_contact_name",
        "emergency_contact_phone",
    ),
    STRING,
)
_PREFERENCES: dict[str, Schema] = dict.fromkeys(
    (
        "email_transactional",
        "email_reminders",
        "email_marketing",
        "sms_transactional",
        "sms_reminders",
        "sms_marketing",
    ),
    BOOLEAN,
)
_ANIMAL_COMMON: dict[str, Schema] = {
    "name": STRING,
    "species_id": ID,
    "breed_id": NULLABLE_ID,
    "sex": {"enum": ["male", "female", "unknown"]},
    "birthday": NULLABLE_DATE,
    "weight": NULLABLE_NUMBER,
    "colour": STRING,
    "altered": NULLABLE_BOOLEAN,
    "vet_id": NULLABLE_ID,
    "temperament_id": NULLABLE_ID,
    "feeding_notes": STRING,
    "medication_notes": STRING,
    "allergies": STRING,
    "has_photo": BOOLEAN,
    "status": {"enum": ["active", "inactive", "deceased", "banned"]},
}

OWNER_PATCH: Schema = {
    "type": "object",
    "properties": {
        **dict.fromkeys((*_CONTACT, "employee_notes"), TEXT_IN),
        **dict.fromkeys((*_PREFERENCES, "active"), NULLABLE_BOOLEAN),
        "home_location_id": ID_IN,
        "custom_icons": ICONS_IN,
        "fields": CUSTOM_IN,
    },
    "additionalProperties": False,
}
ANIMAL_PATCH: Schema = {
    "type": "object",
    "properties": {
        **dict.fromkeys(
            (
                "name",
                "sex",
                "colour",
                "feeding_notes",
                "medication_notes",
                "allergies",
                "employee_notes",
                "status",
            ),
            TEXT_IN,
        ),
        **dict.fromkeys(("species_id", "breed_id", "vet_id", "temperament_id"), ID_IN),
        "birthday": NULLABLE_DATE,
        "weight": NULLABLE_NUMBER,
        "altered": NULLABLE_BOOLEAN,
        "custom_icons": ICONS_IN,
        "fields": CUSTOM_IN,
    },
    "additionalProperties": False,
}

_FIELD_DESCRIPTION: dict[str, Schema] = {
    "key": STRING,
    "label": STRING,
    "type": STRING,
    "required": BOOLEAN,
    "options": STRINGS,
    "editable": BOOLEAN,
}

STAFF_OWNER_PROPERTIES: dict[str, Schema] = {
    "id": ID,
    **_CONTACT,
    "home_location_id": NULLABLE_ID,
    **_PREFERENCES,
    "fields": {"type": "object", "additionalProperties": STRING},
    "employee_notes": STRING,
    "custom_icons": STRINGS,
    "active": BOOLEAN,
    "created_at": DATETIME,
    "modified_at": DATETIME,
}
STAFF_ANIMAL_PROPERTIES: dict[str, Schema] = {
    "id": ID,
    "owner_id": ID,
    **_ANIMAL_COMMON,
    "fields": {"type": "object", "additionalProperties": STRING},
    "employee_notes": STRING,
    "custom_icons": STRINGS,
    "incident_reports": array(
        obj({"occurred_on": DATE, "description": STRING, "reported_by": NULLABLE_ID})
    ),
    "created_at": DATETIME,
    "modified_at": DATETIME,
}

#: The booking policies of a facility's settings (staff API).
RATE: Schema = {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,12})?$"}
PEAK_RANGE: Schema = obj({"name": STRING, "first": DATE, "last": DATE, "surcharge": RATE})
WAITLIST_POLICY: Schema = {"enum": ["offer", "promote"]}

COMPONENTS: dict[str, Schema] = {
    "Error": {
        "type": "object",
        "properties": {
            "success": {"const": False},
            "error": STRING,
            "status": {"const": "error"},
            "message": STRING,
            "code": STRING,
            "request_id": STRING,
            "reasons": array(obj({"code": STRING, "field": NULLABLE_STRING, "message": STRING})),
        },
        "required": ["success", "error", "status", "message", "code", "request_id"],
        "additionalProperties": False,
    },
    "FormField": obj(_FIELD_DESCRIPTION),
    "PortalField": obj({**_FIELD_DESCRIPTION, "value": STRING}),
    "Facility": obj({"slug": STRING, "name": STRING, "timezone": STRING, "currency": STRING}),
    "Account": obj({"id": ID, "email": STRING, "phone": STRING}),
    "PortalOwner": obj(
        {
            "id": ID,
            **_CONTACT,
            "home_location_id": NULLABLE_ID,
            **_PREFERENCES,
            "fields": array(ref("PortalField")),
        }
    ),
    "PortalPet": obj({"id": ID, **_ANIMAL_COMMON, "fields": array(ref("PortalField"))}),
    "ParentRecord": obj(
        {
            "id": ID,
            "animal_id": ID,
            "type_id": ID,
            "status": {"enum": ["pending_review", "verified", "rejected"]},
            "source": {"enum": ["staff", "parent_upload"]},
            "expires_on": DATE,
            "administered_on": NULLABLE_DATE,
            "rejection_reason": STRING,
            "has_document": BOOLEAN,
        }
    ),
    "StaffOwner": obj(STAFF_OWNER_PROPERTIES),
    "StaffAnimal": obj(STAFF_ANIMAL_PROPERTIES),
    "StaffRecord": obj(
        {
            "id": ID,
            "animal_id": ID,
            "type_id": ID,
            "type_name": STRING,
            "status": {"enum": ["pending_review", "verified", "rejected"]},
            "source": {"enum": ["staff", "parent_upload"]},
            "expires_on": DATE,
            "administered_on": NULLABLE_DATE,
            "note": STRING,
            "has_document": BOOLEAN,
            "created_at": DATETIME,
            "reviewed_by": NULLABLE_ID,
            "reviewed_at": NULLABLE_DATETIME,
            "rejection_reason": STRING,
        }
    ),
    "Lead": obj(
        {
            "id": ID,
            "kind": {"enum": ["contact_us", "delete_owner_account"]},
            "form": STRING,
            "name": STRING,
            "email": STRING,
            "phone": STRING,
            "message": STRING,
            "submitted_at": DATETIME,
            "owner_id": NULLABLE_ID,
            "location_id": NULLABLE_ID,
            "status": {"enum": ["new", "processed"]},
            "processed_at": NULLABLE_DATETIME,
            "processed_by": NULLABLE_ID,
        }
    ),
    "StaffNotification": obj(
        {
            "id": ID,
            "kind": STRING,
            "title": STRING,
            "body": STRING,
            "created_at": DATETIME,
            "subjects": {"type": "object", "additionalProperties": INTEGER},
            "read": BOOLEAN,
            "read_at": NULLABLE_DATETIME,
        }
    ),
    "Settings": obj(
        {
            "phone_region": STRING,
            "immunization_grace_days": INTEGER,
            "expiring_soon_days": INTEGER,
            "reference_lists_enveloped": BOOLEAN,
            "multi_pet_discount": RATE,
            "peak_ranges": array(PEAK_RANGE),
            "waitlist_policy": WAITLIST_POLICY,
            "evaluation_valid_days": nullable(INTEGER),
        }
    ),
}
