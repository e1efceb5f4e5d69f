"""The JSON members of owner and animal records, shared by the portal API and the staff API.

One list per record, whoever writes: the core decides what each audience may change, so a pet
parent sending ``employee_notes`` gets the core's "cannot be changed here" for that field, not
an "unknown field" that would differ from the staff API's answer.
"""

from __future__ import annotations

from petcare_web.portal_api.jsonio import CUSTOM_FIELDS, Field, Kind, Spec, text

_TEXT = text()
_BOOLEAN = Field(Kind.BOOLEAN)
_ID = Field(Kind.ID)

OWNER_FIELDS: Spec = {
    **dict.fromkeys(
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
            "employee_notes",
        ),
        _TEXT,
    ),
    **dict.fromkeys(
        (
            "email_transactional",
            "email_reminders",
            "email_marketing",
            "sms_transactional",
            "sms_reminders",
            "sms_marketing",
            "active",
        ),
        _BOOLEAN,
    ),
    "home_location_id": _ID,
    "custom_icons": Field(Kind.ICONS),
    CUSTOM_FIELDS: Field(Kind.CUSTOM),
}
"""An owner patch. Business-only members: ``employee_notes``, ``custom_icons``,
``home_location_id``, ``active``."""

ANIMAL_FIELDS: Spec = {
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
        _TEXT,
    ),
    **dict.fromkeys(("species_id", "breed_id", "vet_id", "temperament_id"), _ID),
    "birthday": Field(Kind.DATE),
    "weight": Field(Kind.NUMBER),
    "altered": _BOOLEAN,
    "custom_icons": Field(Kind.ICONS),
    CUSTOM_FIELDS: Field(Kind.CUSTOM),
}
"""An animal patch. Business-only members: ``employee_notes``, ``custom_icons``, ``status``."""
