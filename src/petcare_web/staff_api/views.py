"""The JSON shapes of the staff API: whole records, business-only data included."""

from __future__ import annotations

from collections.abc import Mapping

from petcare_core.domain.animal import Animal
from petcare_core.domain.facility import Facility, FacilitySettings
from petcare_core.domain.ids import ImmunizationTypeId
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.leads import LeadSubmission
from petcare_core.domain.owner import Owner
from petcare_core.domain.staff_notifications import StaffNotification
from petcare_web.portal_api import views as portal_views
from petcare_web.portal_api.views import JsonObject, iso, number


def owner_json(owner: Owner) -> JsonObject:
    """Every field of an owner, the business-only ones included."""
    address, communication = owner.address, owner.communication
    return {
        "id": owner.id,
        "first_name": owner.first_name,
        "last_name": owner.last_name,
        "email": owner.email,
        "cell_phone": owner.cell_phone,
        "home_phone": owner.home_phone,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "region": address.region,
        "postal_code": address.postal_code,
        "country": address.country,
        "emergency_contact_name": owner.emergency_contact_name,
        "emergency_contact_phone": owner.emergency_contact_phone,
        "home_location_id": owner.home_location_id,
        "email_transactional": communication.email_transactional,
        "email_reminders": communication.email_reminders,
        "email_marketing": communication.email_marketing,
        "sms_transactional": communication.sms_transactional,
        "sms_reminders": communication.sms_reminders,
        "sms_marketing": communication.sms_marketing,
        "fields": dict(owner.custom_fields),
        "employee_notes": owner.employee_notes,
        "custom_icons": list(owner.custom_icons),
        "active": owner.active,
        "created_at": iso(owner.created_at),
        "modified_at": iso(owner.modified_at),
    }


def animal_json(animal: Animal) -> JsonObject:
    """Every field of an animal, with its incident reports."""
    return {
        "id": animal.id,
        "owner_id": animal.owner_id,
        "name": animal.name,
        "species_id": animal.species_id,
        "breed_id": animal.breed_id,
        "sex": animal.sex.value,
        "birthday": iso(animal.birthday),
        "weight": number(animal.weight),
        "colour": animal.colour,
        "altered": animal.altered,
        "vet_id": animal.vet_id,
        "temperament_id": animal.temperament_id,
        "feeding_notes": animal.feeding_notes,
        "medication_notes": animal.medication_notes,
        "allergies": animal.allergies,
        "has_photo": animal.photo is not None,
        "status": animal.status.value,
        "fields": dict(animal.custom_fields),
        "employee_notes": animal.employee_notes,
        "custom_icons": list(animal.custom_icons),
        "incident_reports": [
            {
                "occurred_on": iso(report.occurred_on),
                "description": report.description,
                "reported_by": report.reported_by,
            }
            for report in animal.incident_reports
        ],
        "created_at": iso(animal.created_at),
        "modified_at": iso(animal.modified_at),
    }


def record_json(
    record: ImmunizationRecord, vaccines: Mapping[ImmunizationTypeId, str]
) -> JsonObject:
    """A vaccination record with its vaccine's name (``vaccines``: names by type id)."""
    return {
        "id": record.id,
        "animal_id": record.animal_id,
        "type_id": record.type_id,
        "type_name": vaccines.get(record.type_id, ""),
        "status": record.status.value,
        "source": record.source.value,
        "expires_on": iso(record.expires_on),
        "administered_on": iso(record.administered_on),
        "note": record.note,
        "has_document": bool(record.document),
        "created_at": iso(record.created_at),
        "reviewed_by": record.reviewed_by,
        "reviewed_at": iso(record.reviewed_at),
        "rejection_reason": record.rejection_reason,
    }


def lead_json(lead: LeadSubmission) -> JsonObject:
    """A submitted lead form."""
    return {
        "id": lead.id,
        "kind": lead.kind.value,
        "form": lead.kind.label,
        "name": lead.name,
        "email": lead.email,
        "phone": lead.phone,
        "message": lead.message,
        "submitted_at": iso(lead.submitted_at),
        "owner_id": lead.owner_id,
        "location_id": lead.location_id,
        "status": lead.status.value,
        "processed_at": iso(lead.processed_at),
        "processed_by": lead.processed_by,
    }


def notification_json(notification: StaffNotification) -> JsonObject:
    """A staff notification and the records it is about."""
    return {
        "id": notification.id,
        "kind": notification.kind.value,
        "title": notification.title,
        "body": notification.body,
        "created_at": iso(notification.created_at),
        "subjects": dict(notification.subjects),
        "read": notification.is_read,
        "read_at": iso(notification.read_at),
    }


def settings_json(settings: FacilitySettings) -> JsonObject:
    """A facility's policies."""
    return {
        "phone_region": settings.phone_region,
        "immunization_grace_days": settings.immunization_grace_days,
        "expiring_soon_days": settings.expiring_soon_days,
        "reference_lists_enveloped": settings.reference_lists_enveloped,
        "multi_pet_discount": str(settings.multi_pet_discount),
        "peak_ranges": [
            {
                "name": peak.name,
                "first": peak.first.isoformat(),
                "last": peak.last.isoformat(),
                "surcharge": peak.surcharge.format_plain(),
            }
            for peak in settings.peak_ranges
        ],
        "waitlist_policy": settings.waitlist_policy.value,
        "evaluation_valid_days": settings.evaluation_valid_days,
    }


def facility_json(facility: Facility) -> JsonObject:
    """The facility with its policies (staff may see the invite code, to hand it out)."""
    return {
        "id": facility.id,
        **portal_views.facility_json(facility),
        "invite_code": facility.invite_code,
        "settings": settings_json(facility.settings),
    }
