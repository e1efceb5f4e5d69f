"""Reservation rows in Gingr's shapes (gingr-api-v1.md §3.1-3.3, §3.11; docs/gingr-api.md).

- ``NestedRows``: the rows of ``reservations`` and ``recently_cancelled_reservations``, with
  ISO 8601 instants in the facility's time zone and ``animal``/``owner``/``reservation_type``
  objects.
- ``flat_rows``: the rows of ``reservations_by_animal``/``reservations_by_owner``, one per pet
  of a reservation (Gingr keeps one reservation per pet), instants as unix seconds plus the
  ``*_formatted`` texts.
- ``type_row`` (``reservation_types``), ``add_on_row`` (``get_services_by_type``),
  ``estimate_data`` (``existing_reservation_estimate``), ``day_sheet_row`` (``back_of_house``)
  and ``visit_summary`` (the owner row's reservation columns).

Gingr has no "denied" or "no-show" state: a denied request or a no-show carries its time in
the cancellation stamp (``cancelled_date``/``cancel_stamp``), so that an integration skipping
cancelled reservations skips them too; ``status`` says which it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, tzinfo
from typing import NamedTuple

import attrs

from petcare_core.domain.actors import Actor, ActorKind
from petcare_core.domain.animal import Animal, Sex
from petcare_core.domain.deposits import fixed_deposit_without_estimate
from petcare_core.domain.estimate import AddOnCharge, Estimate, LineKind, PricingUnit, unit_dates
from petcare_core.domain.facility import Location
from petcare_core.domain.ids import StaffUserId
from petcare_core.domain.money import Money
from petcare_core.domain.owner import Owner
from petcare_core.domain.reservation import (
    BOOKED_VISITS,
    Reservation,
    ReservationLine,
    ReservationStatus,
)
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import StaffUser
from petcare_core.services.reservation_views import (
    DaySheetEntry,
    ReservationEstimate,
    ReservationRecords,
)
from petcare_web.gingr.values import Row, decimal_text, flag, local_iso, optional_id, unix, unix_day

JsonObject = dict[str, object]

_S = ReservationStatus
GENDER = {Sex.MALE: "Male", Sex.FEMALE: "Female", Sex.UNKNOWN: None}
# Statuses whose reservation was withdrawn: their time is Gingr's cancellation stamp.
WITHDRAWN = frozenset({_S.CANCELLED, _S.DENIED, _S.NO_SHOW})
# Reservations the business booked (or the parent booked and the business accepted): the
# ones an owner's reservation count and last/next reservation read.
SUMMARY_FORMAT = "%Y-%m-%d %H:%M:%S"


class Stamps(NamedTuple):
    """When a reservation reached each status Gingr has a column for (``None``: never)."""

    created: datetime
    confirmed: datetime | None
    withdrawn: datetime | None
    checked_in: datetime | None
    checked_out: datetime | None
    waitlisted: datetime | None
    waitlist_accepted: datetime | None


def stamps(reservation: Reservation) -> Stamps:
    """The reservation's stamps, read from its history (the latest time of each status)."""
    last: dict[ReservationStatus, datetime] = {}
    accepted: datetime | None = None
    previous: ReservationStatus | None = None
    for change in reservation.history:
        if previous is _S.WAITLISTED and change.status in (_S.CONFIRMED, _S.UNCONFIRMED):
            accepted = change.at
        last[change.status] = change.at
        previous = change.status
    withdrawn = reservation.history[-1].at if reservation.status in WITHDRAWN else None
    return Stamps(
        created=reservation.history[0].at,
        confirmed=last.get(_S.CONFIRMED),
        withdrawn=withdrawn,
        checked_in=last.get(_S.CHECKED_IN),
        checked_out=last.get(_S.CHECKED_OUT),
        waitlisted=last.get(_S.WAITLISTED),
        waitlist_accepted=accepted,
    )


def money(amount: Money) -> str:
    """``"55.00"``."""
    return amount.format_plain()


def _iso(moment: datetime | None, zone: tzinfo) -> str | None:
    return None if moment is None else local_iso(moment, zone)


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


def units(reservation: Reservation, unit: PricingUnit, zone: tzinfo) -> int:
    """How many units (nights, days, appointments) the reservation charges."""
    first = reservation.start.astimezone(zone).date()
    last = reservation.end.astimezone(zone).date()
    return len(unit_dates(unit, first, last))


def withdrawal_reason(reservation: Reservation) -> str | None:
    """Why it was cancelled or denied (``None`` otherwise)."""
    if reservation.cancellation is not None:
        return reservation.cancellation.reason
    return reservation.denial_reason


def _staff_name(user: StaffUser | None) -> str | None:
    return None if user is None else f"{user.first_name} {user.last_name}".strip()


def _staff_actor(records: ReservationRecords, actor: Actor) -> StaffUser | None:
    if actor.kind is not ActorKind.STAFF or actor.id is None:
        return None
    return records.staff.get(StaffUserId(actor.id))


def _services(
    records: ReservationRecords, reservation: Reservation, count: int, zone: tzinfo
) -> list[JsonObject]:
    kind = records.types[reservation.type_id]
    appointment = kind.unit is PricingUnit.APPOINTMENT
    assigned = _staff_name(
        None if reservation.staff_id is None else records.staff.get(reservation.staff_id)
    )
    rows: list[JsonObject] = []
    for line in reservation.lines:
        for service_id in line.services:
            add_on = records.add_ons[service_id]
            quantity = count if add_on.charge is AddOnCharge.PER_UNIT else 1
            rows.append(
                {
                    "id": str(add_on.id),
                    "name": add_on.name,
                    "animal_id": str(line.animal_id),
                    "scheduled_at": _iso(reservation.start, zone) if appointment else None,
                    "scheduled_until": _iso(reservation.end, zone) if appointment else None,
                    # A JSON number, as Gingr sends it (the only number in the row).
                    "cost": float(add_on.price.to_decimal() * quantity),
                    "assigned_to": assigned,
                    "completed_by": None,
                    "completed_at": None,
                }
            )
    return rows


class NestedRows:
    """Builds the nested rows (§3.1) of one answer.

    What many rows share (an owner, a pet, a type, a deposit: a deposit depends only on the
    type, the location, the stay's local dates and each pet's add-ons) is built once per
    answer, so that a month of a busy facility costs little more than encoding it.
    """

    def __init__(self, records: ReservationRecords, zone: tzinfo) -> None:
        self._records = records
        self._zone = zone
        self._owners: dict[int, JsonObject] = {}
        self._pets: dict[tuple[int, int], JsonObject] = {}
        self._types: dict[int, JsonObject] = {}
        self._units: dict[tuple[PricingUnit, date, date], int] = {}
        self._deposits: dict[tuple[object, ...], JsonObject | list[object]] = {}

    def row(self, reservation: Reservation) -> JsonObject:
        """The row of ``reservation``: ``animal`` is its first pet, ``animals`` all of them."""
        records, zone = self._records, self._zone
        owner = records.owners[reservation.owner_id]
        kind = records.types[reservation.type_id]
        first = records.animals[reservation.lines[0].animal_id]
        when = stamps(reservation)
        start, end = reservation.start.astimezone(zone), reservation.end.astimezone(zone)
        days = (start.date(), end.date())
        return {
            "reservation_id": str(reservation.id),
            "standing_reservation": False,
            "start_date": start.isoformat(timespec="seconds"),
            "end_date": end.isoformat(timespec="seconds"),
            "cancelled_date": _iso(when.withdrawn, zone),
            "confirmed_date": _iso(when.confirmed, zone),
            "check_in_date": _iso(when.checked_in, zone),
            "check_out_date": _iso(when.checked_out, zone),
            "created_date": local_iso(when.created, zone),
            "wait_list_date": _iso(when.waitlisted, zone),
            "status": reservation.status.value,
            "location_id": str(reservation.location_id),
            "reservation_type": self._type(kind),
            "notes": {
                "reservation_notes": "",
                "animal_notes": first.employee_notes or None,
                "owner_notes": owner.employee_notes or None,
            },
            "warnings": {"medicines": first.medication_notes, "allergies": first.allergies},
            "animal": self._pet(first, owner),
            "animals": [
                self._pet(records.animals[line.animal_id], owner) for line in reservation.lines
            ],
            "owner": self._owner(owner),
            "services": (
                _services(records, reservation, self._count(kind.unit, *days), zone)
                if any(line.services for line in reservation.lines)
                else []
            ),
            "deposit": self._deposit(reservation, days),
            "transaction": [],
        }

    def _count(self, unit: PricingUnit, first: date, last: date) -> int:
        key = (unit, first, last)
        count = self._units.get(key)
        if count is None:
            count = self._units[key] = len(unit_dates(unit, first, last))
        return count

    def _type(self, kind: ReservationType) -> JsonObject:
        row = self._types.get(kind.id)
        if row is None:
            row = self._types[kind.id] = {"id": str(kind.id), "type": kind.name}
        return row

    def _pet(self, animal: Animal, owner: Owner) -> JsonObject:
        key = (animal.id, owner.id)
        row = self._pets.get(key)
        if row is None:
            breed = None if animal.breed_id is None else self._records.breeds.get(animal.breed_id)
            row = self._pets[key] = {
                "id": str(animal.id),
                # Gingr names a pet with its household's surname ("Howard Phillips").
                "name": f"{animal.name} {owner.last_name}".strip(),
                "breed": breed.name if breed is not None else "",
            }
        return row

    def _owner(self, owner: Owner) -> JsonObject:
        row = self._owners.get(owner.id)
        if row is None:
            address = owner.address
            row = self._owners[owner.id] = {
                "id": str(owner.id),
                "first_name": owner.first_name,
                "last_name": owner.last_name,
                "address_1": address.address_1,
                "address_2": address.address_2,
                "city": address.city,
                "region": address.region,
                "email": owner.email,
                "cell_phone": owner.cell_phone,
            }
        return row

    def _deposit(
        self, reservation: Reservation, days: tuple[date, date]
    ) -> JsonObject | list[object]:
        """The ``deposit`` object, or ``[]`` (PHP's empty array) when none is due."""
        if self._records.types[reservation.type_id].deposit is None:
            return []
        key = (
            reservation.type_id,
            reservation.location_id,
            *days,
            tuple(line.services for line in reservation.lines),
        )
        row = self._deposits.get(key)
        if row is None:
            due = self._fixed_deposit(reservation, days)
            if due is None:
                due = self._records.deposit_due(reservation)
            row = self._deposits[key] = _deposit_row(due) if due.amount > 0 else []
        return row

    def _fixed_deposit(self, reservation: Reservation, days: tuple[date, date]) -> Money | None:
        kind = self._records.types[reservation.type_id]
        return fixed_deposit_without_estimate(
            kind.deposit,
            kind.base_price,
            self._count(kind.unit, *days),
            len(reservation.lines),
            self._records.facility.settings.multi_pet_discount,
        )


def _deposit_row(due: Money) -> JsonObject:
    return {
        "amount": money(due),
        "paid_amount": money(Money.zero(due.currency)),
        "last_payment": None,
        "consumed_at": None,
        "forfeited_at": None,
        "refunded_at": None,
        "last_email_sent": None,
    }


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


def type_row(kind: ReservationType) -> Row:
    """A reservation type in the columns of §3.3 (``type``, ``reservation_type`` and ``name``
    are its name; columns petcare has no notion of are ``null``)."""
    unit = kind.unit
    return {
        "id": str(kind.id),
        "type": kind.name,
        "description": "",
        "quick_add": "0",
        "only_appointment": flag(unit is PricingUnit.APPOINTMENT),
        "late_checkout_time": None,
        "late_checkout_fee": None,
        "color": None,
        "ask_questions": "0",
        "auto_print_labels": "0",
        "auto_print_run_card": "0",
        "question_1": None,
        "question_2": None,
        "question_3": None,
        "board_together": None,
        "charge_by_hour": "0",
        "charge_by_24_hours": "0",
        "charge_by_midnights_crossed": flag(unit is PricingUnit.NIGHT),
        "charge_once": flag(unit is PricingUnit.APPOINTMENT),
        "increment_by": None,
        "status": flag(kind.active),
        "allow_new_reservations": flag(kind.active),
        "is_taxed": "1",
        "convert_to": None,
        "convert_at": None,
        "convert_after_minutes": None,
        "email_minutes_before_start": None,
        "sms_minutes_before_start": None,
        "email_survey_minutes_after_checkout": None,
        "email_survey_every_number_reservations": None,
        "compound_pricing_rules": "0",
        "show_customer_rates": "1",
        "customer_cancel_before_minutes": str(kind.cancellation.free_until_hours * 60),
        "number_days_max_start": str(kind.policy.horizon_days),
        "is_deleted": "0",
        "interval": optional_id(kind.appointment_minutes),
        "email_custom_text": None,
        "single_day": flag(unit is not PricingUnit.NIGHT),
        "dropoff_times": None,
        "show_on_feeding_report": None,
        "show_on_medication_report": None,
        "require_reservation_of_type": None,
        "capacity_by_lodging": None,
        "show_availability_calendar_employees": None,
        "show_availability_calendar_customers": None,
        "account_code_id": None,
        "booking_category_id": None,
        "reservation_type": kind.name,
        "name": kind.name,
        "unit": unit.value,
        "base_price": money(kind.base_price),
        "appointment_minutes": optional_id(kind.appointment_minutes),
        "assigns_staff": flag(kind.assigns_staff),
        "requires_evaluation": flag(kind.requires_evaluation),
    }


def add_on_row(add_on_id: int, name: str, price: Money, charge: str, active: bool) -> Row:
    """An add-on of ``get_services_by_type``: ``{id, name}`` and its price."""
    return {
        "id": str(add_on_id),
        "name": name,
        "price": money(price),
        "charge": charge,
        "active": flag(active),
    }


def _location(location: Location) -> Row:
    return {
        "id": str(location.id),
        "name": location.name,
        "address_1": location.address_1,
        "address_2": location.address_2,
        "city": location.city,
        "state": location.region,
        "zip": location.postal_code,
        "phone": location.phone,
        "email": location.email,
        "tax_rate": decimal_text(location.tax_rate),
    }


def _pet_estimate(found: ReservationEstimate, line: ReservationLine, zone: tzinfo) -> JsonObject:
    reservation, kind = found.reservation, found.reservation_type
    lines = [item for item in found.estimate.lines if item.animal_id == line.animal_id]
    currency = found.estimate.currency

    def total(*kinds: LineKind) -> Money:
        amount = sum(item.amount.amount for item in lines if item.kind in kinds)
        return Money(amount, currency)

    # The add-on lines follow the pet's add-ons in order (domain.estimate.estimate).
    charged = [item for item in lines if item.kind is LineKind.ADD_ON]
    services = [
        {
            "s_id": str(service_id),
            "name": item.description,
            "price": money(found.add_ons[service_id].price),
            "quantity": str(item.quantity),
            "total": money(item.amount),
        }
        for service_id, item in zip(line.services, charged, strict=True)
    ]
    modifiers = [
        {
            "label": item.description,
            "quantity": str(item.quantity),
            "amount": money(item.amount),
            "daily_rate_modifier": (
                money(Money(item.amount.amount // item.quantity, currency))
                if item.kind is LineKind.PEAK and item.quantity
                else None
            ),
            "base_rate_modifier": None,
        }
        for item in lines
        if item.kind in (LineKind.PEAK, LineKind.DISCOUNT)
    ]
    count = units(reservation, kind.unit, zone)
    return {
        "id": str(reservation.id),
        "animal_id": str(line.animal_id),
        "type_id": str(kind.id),
        "type": kind.name,
        "start_date": local_iso(reservation.start, zone),
        "end_date": local_iso(reservation.end, zone),
        "unit": kind.unit.value,
        "base_rate": money(kind.base_price),
        "units": str(count),
        "quantity": str(count),
        "base_amount": money(total(LineKind.BASE)),
        "reservation_services": services,
        "modifiers": modifiers,
        "subtotal": money(total(LineKind.BASE, LineKind.ADD_ON, LineKind.PEAK, LineKind.DISCOUNT)),
        "tax_amount": money(total(LineKind.TAX)),
        "total": money(total(*LineKind)),
    }


def estimate_data(found: ReservationEstimate, zone: tzinfo) -> JsonObject:
    """``existing_reservation_estimate`` (§3.11): one entry of ``reservations`` per pet,
    ``deposits`` (the deposit due, or none), ``location`` and the totals."""
    reservation, estimate = found.reservation, found.estimate
    deposits: list[JsonObject] = []
    if found.deposit_due.amount > 0:
        deposits.append(
            {
                "id": None,
                "amount": money(found.deposit_due),
                "paid_amount": money(Money.zero(found.deposit_due.currency)),
                "payment_method": None,
                "payment_method_id": None,
                "last_payment": None,
                "refunded_at": None,
                "forfeited_at": None,
                "consumed_at": None,
            }
        )
    return {
        "reservation_id": str(reservation.id),
        "currency": estimate.currency,
        "reservations": [_pet_estimate(found, line, zone) for line in reservation.lines],
        "deposits": deposits,
        "location": _location(found.location),
        "subtotal": money(estimate.subtotal),
        "tax_amount": money(estimate.tax),
        "total": money(estimate.total),
        "deposit_due": money(found.deposit_due),
    }


def day_sheet_row(entry: DaySheetEntry, zone: tzinfo) -> JsonObject:
    """One reservation of ``back_of_house``: who, which pets (add-ons, lodging), when."""
    reservation, owner = entry.reservation, entry.owner
    return {
        "reservation_id": str(reservation.id),
        "status": reservation.status.value,
        "location_id": str(reservation.location_id),
        "start_date": local_iso(reservation.start, zone),
        "end_date": local_iso(reservation.end, zone),
        "reservation_type": {"id": str(reservation.type_id), "type": entry.type_name},
        "owner": {
            "id": str(owner.id),
            "first_name": owner.first_name,
            "last_name": owner.last_name,
            "cell_phone": owner.cell_phone,
            "home_phone": owner.home_phone,
            "email": owner.email,
        },
        "animals": [
            {
                "id": str(pet.animal_id),
                "name": pet.name,
                "services": list(pet.add_ons),
                "services_string": ", ".join(pet.add_ons),
                "lodging": pet.lodging,
            }
            for pet in entry.pets
        ],
        "assigned_to": entry.staff_name,
    }


@attrs.frozen
class VisitSummary:
    """An owner's reservation columns: the latest booked start up to now, the next one after
    now (``None`` when there is none) and how many booked reservations they have."""

    last: datetime | None
    next: datetime | None
    count: int

    def columns(self, zone: tzinfo) -> Row:
        """``last_reservation``, ``next_reservation`` (``"YYYY-MM-DD HH:MM:SS"`` local) and
        ``number_reservations``."""

        def text(moment: datetime | None) -> str | None:
            return None if moment is None else moment.astimezone(zone).strftime(SUMMARY_FORMAT)

        return {
            "last_reservation": text(self.last),
            "next_reservation": text(self.next),
            "number_reservations": str(self.count),
        }


def visit_summary(reservations: Iterable[Reservation], now: datetime) -> VisitSummary:
    """The summary of the booked reservations among ``reservations`` (``BOOKED_VISITS``)."""
    booked = [r.start for r in reservations if r.status in BOOKED_VISITS]
    past = [start for start in booked if start <= now]
    future = [start for start in booked if start > now]
    return VisitSummary(
        last=max(past, default=None), next=min(future, default=None), count=len(booked)
    )
