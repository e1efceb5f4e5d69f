"""Turning rejections into messages next to the fields, and form posts into patches.

A use case's reasons name the field they are about with the same names the portal's inputs
use (``first_name``, ``custom.toy``), so each message can be shown next to its input and listed
in the summary at the top of the form with a link to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from petcare_core.domain.forms import FieldType, FormDefinition
from petcare_core.domain.projection import PortalField
from petcare_core.domain.reasons import Reason
from petcare_web.portal.templates import field_id

CUSTOM_PREFIX = "custom."

OWNER_CONTACT_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email address",
    "cell_phone": "Mobile phone",
    "home_phone": "Home phone",
    "address_1": "Address",
    "address_2": "Address line 2",
    "city": "City",
    "region": "State or province",
    "postal_code": "Postal code",
    "country": "Country",
    "emergency_contact_name": "Emergency contact name",
    "emergency_contact_phone": "Emergency contact phone",
}

PREFERENCE_LABELS = {
    "email_transactional": "Email: bookings, receipts and account messages",
    "email_reminders": "Email: reminders (vaccines, upcoming visits)",
    "email_marketing": "Email: news and offers",
    "sms_transactional": "Text message: bookings, receipts and account messages",
    "sms_reminders": "Text message: reminders (vaccines, upcoming visits)",
    "sms_marketing": "Text message: news and offers",
}

ANIMAL_LABELS = {
    "name": "Name",
    "species_id": "Species",
    "breed_id": "Breed",
    "sex": "Sex",
    "birthday": "Birthday",
    "weight": "Weight (lb)",
    "colour": "Colour",
    "altered": "Spayed or neutered",
    "vet_id": "Vet",
    "temperament_id": "Temperament",
    "feeding_notes": "Feeding instructions",
    "medication_notes": "Medication",
    "allergies": "Allergies",
}


@attrs.frozen
class ErrorLink:
    """One line of a form's error summary; ``href`` points at the field (empty for none)."""

    href: str
    text: str


@attrs.frozen
class FormErrors:
    """A form's problems: per input name, and those about no input (shown in the summary)."""

    fields: Mapping[str, str] = attrs.field(factory=dict)
    summary: tuple[ErrorLink, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.summary)

    def get(self, name: str) -> str:
        """The problem with the input ``name``, or ``""``."""
        return self.fields.get(name, "")


NO_ERRORS = FormErrors()

# Where a use case's generic message would puzzle a parent, the portal says it its own way.
_PORTAL_WORDING = {
    ("unknown_reference", "invite_code"): (
        "we do not know this invite code; check it with the facility and type it again"
    ),
    ("unknown_reference", "facility_slug"): (
        "there is no facility at this address; check the link the facility gave you"
    ),
}


def _problem(reason: Reason) -> str:
    message = _PORTAL_WORDING.get((reason.code, reason.field or ""), reason.message)
    if reason.field and message.startswith(f"{reason.field}: "):
        message = message.removeprefix(f"{reason.field}: ")
    return message[:1].upper() + message[1:]


def form_errors(
    reasons: Iterable[Reason],
    labels: Mapping[str, str],
    *,
    aliases: Mapping[str, str] | None = None,
) -> FormErrors:
    """The messages of ``reasons`` for a form whose inputs are the keys of ``labels``.

    ``aliases`` maps a reason's field to the input it is about (``filename`` -> ``file``). A
    reason about no input of the form is listed in the summary only, with its whole message.
    """
    fields: dict[str, str] = {}
    summary: list[ErrorLink] = []
    for reason in reasons:
        name = (aliases or {}).get(reason.field or "", reason.field or "")
        if name in labels:
            problem = _problem(reason)
            fields[name] = f"{fields[name]} {problem}" if name in fields else problem
            summary.append(ErrorLink(f"#{field_id(name)}", f"{labels[name]}: {problem}"))
        else:
            text = _PORTAL_WORDING.get((reason.code, reason.field or ""), reason.message)
            summary.append(ErrorLink("", text[:1].upper() + text[1:]))
    return FormErrors(fields, tuple(summary))


def single_error(message: str, field: str = "", label: str = "") -> FormErrors:
    """A form error found by the web layer itself (two passwords that differ, say)."""
    if field:
        return FormErrors(
            {field: message}, (ErrorLink(f"#{field_id(field)}", f"{label}: {message}"),)
        )
    return FormErrors({}, (ErrorLink("", message),))


def custom_labels(fields: Sequence[PortalField]) -> dict[str, str]:
    """The labels of the editable custom fields, by input name."""
    return {f"{CUSTOM_PREFIX}{field.key}": field.label for field in fields if field.editable}


def portal_fields(form: FormDefinition) -> tuple[PortalField, ...]:
    """The portal-visible fields of ``form`` with no value yet (for a record being added)."""
    return tuple(
        PortalField(
            key=field.key,
            label=field.label,
            field_type=field.field_type,
            required=field.required,
            options=field.options,
            value="",
            editable=field.portal_editable,
        )
        for field in form.fields
        if field.portal_visible
    )


def custom_patch(fields: Sequence[PortalField], form: Mapping[str, object]) -> dict[str, str]:
    """The editable custom fields of a post, by patch name.

    A checkbox that is not ticked is not sent at all, so a boolean field is ``false`` unless
    its box came back ticked.
    """
    patch: dict[str, str] = {}
    for field in fields:
        if not field.editable:
            continue
        name = f"{CUSTOM_PREFIX}{field.key}"
        raw = form.get(name, "")
        value = raw if isinstance(raw, str) else ""
        if field.field_type is FieldType.BOOLEAN:
            value = "true" if value else "false"
        patch[name] = value
    return patch


def with_values(fields: Sequence[PortalField], patch: Mapping[str, str]) -> tuple[PortalField, ...]:
    """``fields`` showing what the parent typed (to show a refused form again)."""
    return tuple(
        attrs.evolve(field, value=patch.get(f"{CUSTOM_PREFIX}{field.key}", field.value))
        if field.editable
        else field
        for field in fields
    )


def text_fields(form: Mapping[str, object], names: Iterable[str]) -> dict[str, str]:
    """The text inputs ``names`` of a post (``""`` for a missing one or a file)."""
    values: dict[str, str] = {}
    for name in names:
        raw = form.get(name, "")
        values[name] = raw if isinstance(raw, str) else ""
    return values
