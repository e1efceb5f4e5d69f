"""The JSON shapes of the staff API's booking endpoints: the catalog, agreements, evaluations,
reservations, estimates and the day sheet.

Money is a decimal string in the facility's currency (``"45.00"``); rates are decimal strings
(``"0.25"``); times of day are ``"HH:MM"``; a reservation's start and end are ISO 8601 times
with the facility's UTC offset.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from petcare_core.domain.actors import Actor
from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement
from petcare_core.domain.booking import BookingEvaluation, BookingOverride
from petcare_core.domain.booking_reasons import BookingReason
from petcare_core.domain.booking_window import DailyHours, WeeklyHours
from petcare_core.domain.capacity import CapacityPool, Lodging
from petcare_core.domain.dates import clock
from petcare_core.domain.deposits import FixedDeposit
from petcare_core.domain.estimate import Estimate
from petcare_core.domain.evaluations import Evaluation
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import Reservation
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.services import (
    BookingResult,
    DaySheet,
    DaySheetEntry,
    ReservationDetail,
    ReservationRecords,
)
from petcare_web.portal_api.views import JsonObject, iso
from petcare_web.staff_api.booking_input import DAY_NAMES


def money(amount: Money) -> str:
    """An amount as a decimal string with its currency's places: ``"45.00"``."""
    return amount.format_plain()


def _week(hours: WeeklyHours) -> JsonObject:
    return {name: _hours(day) for name, day in zip(DAY_NAMES, hours.days, strict=True)}


def _hours(day: DailyHours | None) -> JsonObject | None:
    return None if day is None else {"opens": clock(day.opens), "closes": clock(day.closes)}


def reservation_type_json(kind: ReservationType) -> JsonObject:
    """A reservation type with its booking, cancellation and deposit policies."""
    policy, deposit = kind.policy, kind.deposit
    if deposit is None:
        deposit_json: JsonObject | None = None
    elif isinstance(deposit, FixedDeposit):
        deposit_json = {"amount": money(deposit.amount)}
    else:
        deposit_json = {"rate": str(deposit.rate)}
    return {
        "id": kind.id,
        "name": kind.name,
        "unit": kind.unit.value,
        "base_price": money(kind.base_price),
        "appointment_minutes": kind.appointment_minutes,
        "assigns_staff": kind.assigns_staff,
        "staff_ids": sorted(kind.staff_ids),
        "location_ids": sorted(kind.location_ids),
        "required_immunization_type_ids": sorted(kind.required_immunization_type_ids),
        "required_agreement_ids": sorted(kind.required_agreement_ids),
        "requires_evaluation": kind.requires_evaluation,
        "booking_policy": {
            "horizon_days": policy.horizon_days,
            "same_day_allowed": policy.same_day_allowed,
            "next_day_cutoff": None
            if policy.next_day_cutoff is None
            else clock(policy.next_day_cutoff),
            "drop_off_hours": _week(policy.drop_off_hours),
            "pick_up_hours": _week(policy.pick_up_hours),
            "closed_dates": [day.isoformat() for day in sorted(policy.closed_dates)],
        },
        "cancellation_policy": {"free_until_hours": kind.cancellation.free_until_hours},
        "deposit": deposit_json,
        "active": kind.active,
    }


def additional_service_json(service: AdditionalService) -> JsonObject:
    """An add-on and the reservation types it is offered with."""
    return {
        "id": service.id,
        "name": service.name,
        "price": money(service.price),
        "charge": service.charge.value,
        "type_ids": sorted(service.type_ids),
        "active": service.active,
    }


def pool_json(pool: CapacityPool) -> JsonObject:
    """A capacity pool."""
    return {
        "id": pool.id,
        "location_id": pool.location_id,
        "name": pool.name,
        "kind": pool.kind.value,
        "capacity": pool.capacity,
        "type_ids": sorted(pool.type_ids),
        "active": pool.active,
    }


def lodging_json(lodging: Lodging) -> JsonObject:
    """A run, kennel or suite."""
    return {
        "id": lodging.id,
        "pool_id": lodging.pool_id,
        "name": lodging.name,
        "active": lodging.active,
    }


def agreement_json(agreement: Agreement, *, texts: bool) -> JsonObject:
    """An agreement with its versions: every version's text when ``texts``, else only the
    current one's (a list of long waivers stays small)."""
    current = agreement.current
    return {
        "id": agreement.id,
        "title": agreement.title,
        "location_ids": sorted(agreement.location_ids),
        "active": agreement.active,
        "current_version": current.number,
        "text": current.text,
        "versions": [
            {
                "number": version.number,
                "published_at": iso(version.published_at),
                **({"text": version.text} if texts else {}),
            }
            for version in agreement.versions
        ],
    }


def evaluation_json(evaluation: Evaluation) -> JsonObject:
    """A pet's evaluation."""
    return {
        "id": evaluation.id,
        "animal_id": evaluation.animal_id,
        "result": evaluation.result.value,
        "recorded_at": iso(evaluation.recorded_at),
        "recorded_by": evaluation.recorded_by,
        "notes": evaluation.notes,
    }


def _actor(actor: Actor) -> JsonObject:
    return {"kind": actor.kind.value, "id": actor.id}


def _full_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def reservation_record_json(reservation: Reservation, zone: tzinfo) -> JsonObject:
    """A reservation as it is stored: ids, status, times, pets with their add-ons and
    lodgings, staff member, cancellation or denial, and history (what writes answer)."""
    cancellation = reservation.cancellation
    return {
        "id": reservation.id,
        "status": reservation.status.value,
        "location_id": reservation.location_id,
        "owner_id": reservation.owner_id,
        "type_id": reservation.type_id,
        "start": reservation.start.astimezone(zone).isoformat(),
        "end": reservation.end.astimezone(zone).isoformat(),
        "pets": [
            {
                "animal_id": line.animal_id,
                "add_on_ids": list(line.services),
                "lodging_id": line.lodging_id,
            }
            for line in reservation.lines
        ],
        "staff_id": reservation.staff_id,
        "cancellation": None
        if cancellation is None
        else {
            "reason": cancellation.reason,
            "by": _actor(cancellation.by),
            "late": cancellation.late,
        },
        "denial_reason": reservation.denial_reason,
        "history": [
            {"status": change.status.value, "at": iso(change.at), "by": _actor(change.by)}
            for change in reservation.history
        ],
    }


def reservation_json(records: ReservationRecords, reservation: Reservation) -> JsonObject:
    """A reservation as stored, with the names of what it refers to (reads answer this)."""
    record = reservation_record_json(reservation, records.zone)
    owner = records.owners.get(reservation.owner_id)
    kind = records.types[reservation.type_id]
    staff = None if reservation.staff_id is None else records.staff.get(reservation.staff_id)
    pets = []
    for pet, line in zip(record["pets"], reservation.lines, strict=True):
        lodging = None if line.lodging_id is None else records.lodgings.get(line.lodging_id)
        pets.append(
            {
                **pet,
                "name": records.animals[line.animal_id].name,
                "add_on_names": [records.add_ons[service].name for service in line.services],
                "lodging_name": None if lodging is None else lodging.name,
            }
        )
    return {
        **record,
        "pets": pets,
        "location_name": records.locations[reservation.location_id].name,
        "owner_name": "" if owner is None else _full_name(owner.first_name, owner.last_name),
        "type_name": kind.name,
        "unit": kind.unit.value,
        "staff_name": None if staff is None else _full_name(staff.first_name, staff.last_name),
    }


def _local(reservation: Reservation, zone: tzinfo, *, end: bool) -> str:
    moment = reservation.end if end else reservation.start
    return moment.astimezone(zone).isoformat()


def override_json(override: BookingOverride) -> JsonObject:
    """A reason staff waived: who, under which permission, when and why."""
    return {
        "id": override.id,
        "reason": override.reason_code,
        "animal_id": override.animal_id,
        "permission": override.permission.value,
        "staff_user_id": override.staff_user_id,
        "note": override.note,
        "at": iso(override.at),
    }


def estimate_json(estimate: Estimate, deposit_due: Money) -> JsonObject:
    """An estimate's lines and totals, and the deposit due on it."""
    return {
        "currency": estimate.currency,
        "lines": [
            {
                "animal_id": line.animal_id,
                "kind": line.kind.value,
                "description": line.description,
                "quantity": line.quantity,
                "amount": money(line.amount),
            }
            for line in estimate.lines
        ],
        "subtotal": money(estimate.subtotal),
        "tax": money(estimate.tax),
        "total": money(estimate.total),
        "deposit_due": money(deposit_due),
    }


def reservation_detail_json(detail: ReservationDetail) -> JsonObject:
    """One reservation with its overrides and its estimate at today's prices."""
    records, reservation = detail.records, detail.reservation
    return {
        **reservation_json(records, reservation),
        "overrides": [override_json(override) for override in detail.overrides],
        "estimate": estimate_json(records.estimate(reservation), records.deposit_due(reservation)),
    }


def _entry(entry: DaySheetEntry, zone: tzinfo) -> JsonObject:
    reservation = entry.reservation
    return {
        "reservation_id": reservation.id,
        "status": reservation.status.value,
        "start": _local(reservation, zone, end=False),
        "end": _local(reservation, zone, end=True),
        "owner_id": entry.owner.id,
        "owner_name": entry.owner_name,
        "type_id": reservation.type_id,
        "type_name": entry.type_name,
        "pets": [
            {
                "animal_id": pet.animal_id,
                "name": pet.name,
                "add_ons": list(pet.add_ons),
                "lodging": pet.lodging,
            }
            for pet in entry.pets
        ],
        "staff_name": entry.staff_name,
    }


def day_sheet_json(sheet: DaySheet, zone: tzinfo) -> JsonObject:
    """A location's arrivals, departures and checked-in pets on one day."""
    return {
        "location_id": sheet.location.id,
        "location_name": sheet.location.name,
        "date": sheet.day.isoformat(),
        "arrivals": [_entry(entry, zone) for entry in sheet.arrivals],
        "departures": [_entry(entry, zone) for entry in sheet.departures],
        "checked_in": [_entry(entry, zone) for entry in sheet.checked_in],
    }


def reason_json(reason: BookingReason) -> JsonObject:
    """One reason of a booking evaluation, with what staff need to override it."""
    permission = reason.overridable_by()
    fix = reason.fix
    return {
        "code": reason.code,
        "category": reason.category.value,
        "message": reason.message,
        "field": reason.field,
        "animal_id": reason.animal_id,
        "blocking": reason.blocking,
        "override_permission": None if permission is None else permission.value,
        "fix": {
            "target": fix.target.value,
            "animal_id": fix.animal_id,
            "agreement_id": fix.agreement_id,
        },
    }


def evaluation_result_json(evaluation: BookingEvaluation) -> JsonObject:
    """A booking evaluation: every reason, the warnings, the estimate and the deposit."""
    priced = evaluation.estimate
    return {
        "can_request": evaluation.can_request,
        "offers_waitlist": evaluation.offers_waitlist,
        "reasons": [reason_json(reason) for reason in evaluation.reasons],
        "warnings": [reason_json(reason) for reason in evaluation.warnings],
        "estimate": None if priced is None else estimate_json(priced, evaluation.deposit),
        "deposit_due": money(evaluation.deposit),
    }


def change_json(
    reservation: Reservation, zone: tzinfo, filled: Iterable[Reservation] = ()
) -> JsonObject:
    """A changed reservation, and the waitlisted ones that got the places it freed."""
    return {
        "reservation": reservation_record_json(reservation, zone),
        "filled": [reservation_record_json(other, zone) for other in filled],
    }


def booking_change_json(result: BookingResult, zone: tzinfo) -> JsonObject:
    """A booked, approved or moved reservation: the change, the overrides recorded for it,
    its estimate and the deposit still due once waivers count."""
    priced = result.evaluation.estimate
    return {
        **change_json(result.reservation, zone, result.filled),
        "overrides": [override_json(override) for override in result.overrides],
        "estimate": None if priced is None else estimate_json(priced, result.deposit),
        "deposit_due": money(result.deposit),
    }
