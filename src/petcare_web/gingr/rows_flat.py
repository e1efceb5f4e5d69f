"""The flat rows of ``reservations_by_animal`` and ``reservations_by_owner`` (gingr-api-v1.md
§3.2): one row per pet of a reservation (Gingr keeps one reservation per pet), with the pet's,
the household's and the reservation's columns side by side, instants as unix seconds plus the
``*_formatted`` texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo

import attrs

from petcare_core.domain.actors import Actor, ActorKind
from petcare_core.domain.animal import Sex
from petcare_core.domain.estimate import Estimate, PricingUnit
from petcare_core.domain.ids import StaffUserId
from petcare_core.domain.reservation import Reservation, ReservationLine
from petcare_core.domain.staff import StaffUser
from petcare_core.services.reservation_views import ReservationRecords
from petcare_web.gingr.rows_reservations import (
    WITHDRAWN,
    Stamps,
    money,
    stamps,
    units,
    withdrawal_reason,
)
from petcare_web.gingr.values import Row, decimal_text, flag, optional_id, unix, unix_day

GENDER = {Sex.MALE: "Male", Sex.FEMALE: "Female", Sex.UNKNOWN: None}


def _unix(moment: datetime | None) -> str | None:
    return None if moment is None else unix(moment)


def _formatted(moment: datetime | None, zone: tzinfo) -> str | None:
    """PHP's ``m/d/Y g:i A`` in the facility's zone: ``"11/17/2025 1:00 PM"``."""
    if moment is None:
        return None
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return f"{local:%m/%d/%Y} {hour}:{local:%M} {half}"


def _staff_actor(records: ReservationRecords, actor: Actor) -> StaffUser | None:
    if actor.kind is not ActorKind.STAFF or actor.id is None:
        return None
    return records.staff.get(StaffUserId(actor.id))


@attrs.frozen
class _Shared:
    """What every pet row of one reservation shares."""

    reservation: Reservation
    when: Stamps
    count: int
    estimate: Estimate


def flat_rows(
    records: ReservationRecords,
    pairs: Iterable[tuple[Reservation, ReservationLine]],
    zone: tzinfo,
) -> Iterator[Row]:
    """The flat rows (§3.2) of the given (reservation, pet line) pairs, in order."""
    shared: _Shared | None = None
    for reservation, line in pairs:
        if shared is None or shared.reservation is not reservation:
            kind = records.types[reservation.type_id]
            shared = _Shared(
                reservation,
                stamps(reservation),
                units(reservation, kind.unit, zone),
                records.estimate(reservation),
            )
        yield _flat_row(records, shared, line, zone)


def _flat_row(
    records: ReservationRecords, shared: _Shared, line: ReservationLine, zone: tzinfo
) -> Row:
    reservation, when = shared.reservation, shared.when
    animal = records.animals[line.animal_id]
    owner = records.owners[reservation.owner_id]
    kind = records.types[reservation.type_id]
    location = records.locations[reservation.location_id]
    breed = records.breeds.get(animal.breed_id) if animal.breed_id is not None else None
    vet = records.vets.get(animal.vet_id) if animal.vet_id is not None else None
    temperament = (
        records.temperaments.get(animal.temperament_id)
        if animal.temperament_id is not None
        else None
    )
    creator = reservation.history[0].by
    created_by = str(creator.id) if creator.kind is ActorKind.STAFF else None
    cancelled_by = None
    if reservation.status in WITHDRAWN:
        user = _staff_actor(records, reservation.history[-1].by)
        cancelled_by = None if user is None else user.username
    lodging = None if line.lodging_id is None else records.lodgings.get(line.lodging_id)
    unit = kind.unit
    return {
        "a_id": str(animal.id),
        "animal_id": str(animal.id),
        "animal_name": animal.name,
        "gender": GENDER[animal.sex],
        "fixed": None if animal.altered is None else flag(animal.altered),
        "vip": "0",
        "medicines": animal.medication_notes,
        "allergies": animal.allergies,
        "image": None,
        "species_id": str(animal.species_id),
        "a_notes": animal.employee_notes,
        "grooming_notes": "",
        "birthday": unix_day(animal.birthday, zone),
        "weight": decimal_text(animal.weight),
        "pricing_rules_apply": "1",
        "next_immunization_expiration": None,
        "o_id": str(owner.id),
        "o_first": owner.first_name,
        "o_last": owner.last_name,
        "address_1": owner.address.address_1,
        "address_2": owner.address.address_2,
        "city": owner.address.city,
        "state": owner.address.region,
        "zip": owner.address.postal_code,
        "email": owner.email,
        "home_phone": owner.home_phone,
        "cell_phone": owner.cell_phone,
        "emergency_contact_name": owner.emergency_contact_name,
        "emergency_contact_phone": owner.emergency_contact_phone,
        "o_notes": owner.employee_notes,
        "current_balance": "0.00",
        "default_payment_method_fk": None,
        "stripe_customer_id": None,
        "vet_id": optional_id(animal.vet_id),
        "vet_name": None if vet is None else vet.name,
        "vet_phone": None if vet is None else vet.phone,
        "barcode": None,
        "r_id": str(reservation.id),
        "status": reservation.status.value,
        "start_date": unix(reservation.start),
        "end_date": unix(reservation.end),
        "r_notes": "",
        "confirmed_stamp": _unix(when.confirmed),
        "cancel_stamp": _unix(when.withdrawn),
        "check_in_stamp": _unix(when.checked_in),
        "check_out_stamp": _unix(when.checked_out),
        "wait_list_stamp": _unix(when.waitlisted),
        "wait_list_accepted_stamp": _unix(when.waitlist_accepted),
        "location_id": str(location.id),
        "last_email_sent": None,
        "last_sms_sent": None,
        "class_id": None,
        "type_id": str(kind.id),
        "self_made": flag(creator.kind is ActorKind.OWNER),
        "answer_1": None,
        "answer_2": None,
        "answer_3": None,
        "created_at": unix(when.created),
        "base_rate": money(kind.base_price),
        "final_rate": money(shared.estimate.pet_total(animal.id)),
        "units_of_time": str(shared.count),
        "void_id": None,
        "created_by": created_by,
        "breed_id": optional_id(animal.breed_id),
        "breed_name": None if breed is None else breed.name,
        "feeding_method": None,
        "feeding_type": None,
        "feeding_notes": animal.feeding_notes,
        "temperment_type": None if temperament is None else temperament.name,
        "default_payment_method": None,
        "payment_amount": "0.00",
        "type": kind.name,
        "question_1": None,
        "question_2": None,
        "question_3": None,
        "charge_by_hour": "0",
        "single_day": flag(unit is not PricingUnit.NIGHT),
        "only_appointment": flag(unit is PricingUnit.APPOINTMENT),
        "show_on_feeding_report": None,
        "show_on_medication_report": None,
        "account_code_id": None,
        "location_name": location.name,
        "location_city": location.city,
        "location_timezone": records.facility.timezone,
        "cancellation_reason": withdrawal_reason(reservation),
        "cancellation_reason_id": None,
        "cancelled_by_username": cancelled_by,
        "services_string": ", ".join(records.add_ons[s].name for s in line.services),
        "lodging_id": optional_id(line.lodging_id),
        "lodging_name": None if lodging is None else lodging.name,
        "feeding_time": None,
        "feeding_amount": None,
        "start_date_formatted": _formatted(reservation.start, zone),
        "end_date_formatted": _formatted(reservation.end, zone),
        "check_in_stamp_formatted": _formatted(when.checked_in, zone),
        "check_out_stamp_formatted": _formatted(when.checked_out, zone),
    }
