"""Owner and animal rows in Gingr's field names (gingr-api-v1.md §3.7).

Text columns are strings (``""`` when empty); ids, dates and numbers are ``null`` when absent.
The reservation columns of owner and animal rows (``last_reservation``, ``next_reservation``,
``number_reservations``) are filled when a ``VisitSummary`` is given (the API key's user may
read reservations); otherwise they have Gingr's values for a customer without reservations
(``null``, ``null``, ``"0"``), as has ``current_balance`` (``"0.00"``: petcare
keeps no balances yet). The API key's user is staff, so the rows include business-only notes.
"""

from __future__ import annotations

from datetime import tzinfo

from petcare_core.domain.animal import AnimalStatus, Sex
from petcare_core.services.directory import Household, PetDirectory, PetListing
from petcare_web.gingr.rows_reservations import VisitSummary
from petcare_web.gingr.values import (
    Row,
    decimal_text,
    flag,
    local_iso,
    optional_id,
    unix,
    unix_day,
)

_GENDER = {Sex.MALE: "Male", Sex.FEMALE: "Female", Sex.UNKNOWN: None}
# Deceased pets are no longer part of the household's everyday names.
_LISTED = (AnimalStatus.ACTIVE, AnimalStatus.INACTIVE)


def owner_row(household: Household, zone: tzinfo, visits: VisitSummary | None = None) -> Row:
    """One owner with the names of their animals (and their reservation columns from
    ``visits`` when given)."""
    owner = household.owner
    address = owner.address
    prefs = owner.communication
    animals = household.animals
    row: Row = {
        "id": str(owner.id),
        "first_name": owner.first_name,
        "last_name": owner.last_name,
        "email": owner.email,
        "cell_phone": owner.cell_phone,
        "home_phone": owner.home_phone,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "state": address.region,
        "zip": address.postal_code,
        "emergency_contact_name": owner.emergency_contact_name,
        "emergency_contact_phone": owner.emergency_contact_phone,
        "notes": owner.employee_notes,
        "home_location": optional_id(owner.home_location_id),
        "current_balance": "0.00",
        "animal_names": ", ".join(a.name for a in animals if a.status in _LISTED),
        "banned_animal_names": ", ".join(
            a.name for a in animals if a.status is AnimalStatus.BANNED
        ),
        "created_at": unix(owner.created_at),
        "created_by": None,
        "owner_created_at_iso": local_iso(owner.created_at, zone),
        "last_reservation": None,
        "next_reservation": None,
        "number_reservations": "0",
        "source": None,
        "opt_out_email": flag(not prefs.email_transactional),
        "opt_out_sms": flag(not prefs.sms_transactional),
        "opt_out_marketing_email": flag(not prefs.email_marketing),
        "opt_out_marketing_sms": flag(not prefs.sms_marketing),
        "opt_out_reminder_email": flag(not prefs.email_reminders),
        "opt_out_reminder_sms": flag(not prefs.sms_reminders),
        "active": flag(owner.active),
    }
    if visits is not None:
        row.update(visits.columns(zone))
    return row


def animal_row(
    listing: PetListing, directory: PetDirectory, zone: tzinfo, visits: VisitSummary | None = None
) -> Row:
    """One animal with its owner's names and the catalog names (and its reservation columns
    from ``visits`` when given)."""
    animal = listing.animal
    owner = listing.owner
    breed = directory.breeds.get(animal.breed_id) if animal.breed_id is not None else None
    species = directory.species.get(animal.species_id)
    temperament = (
        directory.temperaments.get(animal.temperament_id)
        if animal.temperament_id is not None
        else None
    )
    row: Row = {
        "id": str(animal.id),
        "owner_id": str(owner.id),
        "first_name": animal.name,
        "last_name": owner.last_name,
        "name": animal.name,
        "species_id": str(animal.species_id),
        "species_name": species.name if species is not None else None,
        "breed_id": optional_id(animal.breed_id),
        "breed_name": breed.name if breed is not None else None,
        "gender": _GENDER[animal.sex],
        "fixed": None if animal.altered is None else flag(animal.altered),
        "birthday": unix_day(animal.birthday, zone),
        "weight": decimal_text(animal.weight),
        "color": animal.colour,
        "image": None,
        "vip": "0",
        "banned": flag(animal.status is AnimalStatus.BANNED),
        "status": animal.status.value,
        "medicines": animal.medication_notes,
        "allergies": animal.allergies,
        "notes": animal.employee_notes,
        "feeding_notes": animal.feeding_notes,
        "grooming_notes": "",
        "temperment": temperament.name if temperament is not None else None,
        "temperament_id": optional_id(animal.temperament_id),
        "vet_id": optional_id(animal.vet_id),
        "next_immunization_expiration": unix_day(listing.next_immunization_expiration, zone),
        "last_reservation": None,
        "next_reservation": None,
        "number_reservations": "0",
        "checked_in_r_id": None,
        "owner_first_name": owner.first_name,
        "owner_last_name": owner.last_name,
        "created_at": unix(animal.created_at),
    }
    if visits is not None:
        row.update(visits.columns(zone))
    return row
