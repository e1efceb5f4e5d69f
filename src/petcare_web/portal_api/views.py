"""The JSON shapes of the portal API, built from the core's portal views.

Every shape is written out field by field from an allow-list, like the core's projections: a
new attribute of a record never reaches a pet parent by accident. Nothing here reads an
``Owner`` or ``Animal`` (which hold business-only data); only ``PortalOwnerView``,
``PortalAnimalView`` and the other parent-facing results.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.compliance import ImmunizationStatusLine
from petcare_core.domain.facility import Facility, Location
from petcare_core.domain.forms import FormField
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.notification_center import ActionTarget, PortalNotice
from petcare_core.domain.projection import PortalAnimalView, PortalField, PortalOwnerView

JsonObject = dict[str, Any]


def iso(value: date | datetime | None) -> str | None:
    """A date or a time in ISO 8601, or ``None``."""
    return None if value is None else value.isoformat()


def number(value: Decimal | None) -> float | int | None:
    """A decimal as a JSON number (whole numbers without a fraction)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def account_json(account: PortalAccount) -> JsonObject:
    """The login itself: id, email and phone (never the password hash)."""
    return {"id": account.id, "email": account.email, "phone": account.phone}


def facility_json(facility: Facility) -> JsonObject:
    """What a parent may know of a facility (never its invite code or settings)."""
    return {
        "slug": facility.slug,
        "name": facility.name,
        "timezone": facility.timezone,
        "currency": facility.currency,
    }


def location_json(location: Location) -> JsonObject:
    """A location as the public sees it."""
    return {
        "id": location.id,
        "name": location.name,
        "address_1": location.address_1,
        "address_2": location.address_2,
        "city": location.city,
        "region": location.region,
        "postal_code": location.postal_code,
        "country": location.country,
        "phone": location.phone,
        "email": location.email,
        "active": location.active,
    }


def form_field_json(field: FormField | PortalField) -> JsonObject:
    """A custom field's description (without a value)."""
    return {
        "key": field.key,
        "label": field.label,
        "type": field.field_type.value,
        "required": field.required,
        "options": list(field.options),
        "editable": field.portal_editable if isinstance(field, FormField) else field.editable,
    }


def portal_field_json(field: PortalField) -> JsonObject:
    """A portal-visible custom field with its value (``""`` when unset)."""
    return {**form_field_json(field), "value": field.value}


def owner_json(view: PortalOwnerView) -> JsonObject:
    """The parent's household: contact details, preferences and portal-visible fields."""
    address, communication = view.address, view.communication
    return {
        "id": view.id,
        "first_name": view.first_name,
        "last_name": view.last_name,
        "email": view.email,
        "cell_phone": view.cell_phone,
        "home_phone": view.home_phone,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "region": address.region,
        "postal_code": address.postal_code,
        "country": address.country,
        "emergency_contact_name": view.emergency_contact_name,
        "emergency_contact_phone": view.emergency_contact_phone,
        "home_location_id": view.home_location_id,
        "email_transactional": communication.email_transactional,
        "email_reminders": communication.email_reminders,
        "email_marketing": communication.email_marketing,
        "sms_transactional": communication.sms_transactional,
        "sms_reminders": communication.sms_reminders,
        "sms_marketing": communication.sms_marketing,
        "fields": [portal_field_json(field) for field in view.fields],
    }


def animal_json(view: PortalAnimalView) -> JsonObject:
    """One of the parent's pets and its portal-visible fields."""
    return {
        "id": view.id,
        "name": view.name,
        "species_id": view.species_id,
        "breed_id": view.breed_id,
        "sex": view.sex.value,
        "birthday": iso(view.birthday),
        "weight": number(view.weight),
        "colour": view.colour,
        "altered": view.altered,
        "vet_id": view.vet_id,
        "temperament_id": view.temperament_id,
        "feeding_notes": view.feeding_notes,
        "medication_notes": view.medication_notes,
        "allergies": view.allergies,
        "has_photo": view.photo is not None,
        "status": view.status.value,
        "fields": [portal_field_json(field) for field in view.fields],
    }


def status_line_json(line: ImmunizationStatusLine) -> JsonObject:
    """One vaccine of a pet and its state today."""
    return {
        "type_id": line.type_id,
        "type_name": line.type_name,
        "required": line.required,
        "state": line.state.value,
        "expires_on": iso(line.expires_on),
        "record_id": line.record_id,
    }


def parent_record_json(record: ImmunizationRecord) -> JsonObject:
    """A vaccination record as its pet's parent sees it (not the staff's note or reviewer)."""
    return {
        "id": record.id,
        "animal_id": record.animal_id,
        "type_id": record.type_id,
        "status": record.status.value,
        "source": record.source.value,
        "expires_on": iso(record.expires_on),
        "administered_on": iso(record.administered_on),
        "rejection_reason": record.rejection_reason,
        "has_document": bool(record.document),
    }


def notice_json(notice: PortalNotice) -> JsonObject:
    """One item of the notification center, with where to act."""
    return {
        "kind": notice.kind.value,
        "message": notice.message,
        "needs_action": notice.needs_action,
        "animal_id": notice.animal_id,
        "animal_name": notice.animal_name,
        "subject": notice.subject,
        "type_id": notice.type_id,
        "record_id": notice.record_id,
        "due_on": iso(notice.due_on),
        "detail": notice.detail,
        "reservation_id": notice.reservation_id,
        "agreement_id": notice.agreement_id,
        "target": _target_json(notice.target),
    }


def _target_json(target: ActionTarget) -> JsonObject:
    """Where to act: the page, the pet and vaccine (null when none), and the reservation or
    agreement for the pages that open one (present only then)."""
    found: JsonObject = {
        "page": target.page.value,
        "animal_id": target.animal_id,
        "type_id": target.type_id,
    }
    if target.reservation_id is not None:
        found["reservation_id"] = target.reservation_id
    if target.agreement_id is not None:
        found["agreement_id"] = target.agreement_id
    return found


def catalog_json(
    *,
    species: Iterable[Species],
    breeds: Iterable[Breed],
    vets: Iterable[Vet],
    temperaments: Iterable[Temperament],
    vaccines: Iterable[ImmunizationType],
    animal_form: Iterable[FormField],
) -> JsonObject:
    """The lists a pet form chooses from, and the animal form's portal-visible fields.

    Vets are named with their contact details but not the facility's notes about them.
    """
    return {
        "species": [{"id": item.id, "name": item.name} for item in species],
        "breeds": [
            {"id": item.id, "species_id": item.species_id, "name": item.name} for item in breeds
        ],
        "vets": [
            {"id": vet.id, "name": vet.name, "phone": vet.phone, "city": vet.city}
            for vet in vets
            if vet.active
        ],
        "temperaments": [{"id": item.id, "name": item.name} for item in temperaments],
        "immunization_types": [
            {
                "id": item.id,
                "species_id": item.species_id,
                "name": item.name,
                "required": item.required,
            }
            for item in vaccines
            if item.active
        ],
        "animal_form": [form_field_json(field) for field in animal_form if field.portal_visible],
    }
