"""Reservation rows in Gingr's shapes (gingr-api-v1.md §3.1-3.3, §3.11; docs/gingr-api.md):
what the row modules share, and the small rows.

- ``rows_nested``: the rows of ``reservations`` and ``recently_cancelled_reservations``, with
  ISO 8601 instants in the facility's time zone and ``animal``/``owner``/``reservation_type``
  objects, encoded straight to JSON.
- ``rows_flat``: the rows of ``reservations_by_animal``/``reservations_by_owner``, one per pet
  of a reservation (Gingr keeps one reservation per pet), instants as unix seconds plus the
  ``*_formatted`` texts.
- ``rows_estimate``: ``existing_reservation_estimate``.
- Here: ``stamps`` (when a reservation reached each status), ``type_row``
  (``reservation_types``), ``add_on_row`` (``get_services_by_type``), ``day_sheet_row``
  (``back_of_house``) and ``visit_summary`` (the owner row's reservation columns).

Gingr has no "denied" or "no-show" state: a denied request or a no-show carries its time in
the cancellation stamp (``cancelled_date``/``cancel_stamp``), so that an integration skipping
cancelled reservations skips them too; ``status`` says which it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import NamedTuple

import attrs

from petcare_core.domain.estimate import PricingUnit, unit_dates
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import BOOKED_VISITS, Reservation, ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.services.reservation_views import DaySheetEntry
from petcare_web.gingr.values import Row, flag, local_iso, optional_id

JsonObject = dict[str, object]

_S = ReservationStatus
# Statuses whose reservation was withdrawn: their time is Gingr's cancellation stamp.
WITHDRAWN = frozenset({_S.CANCELLED, _S.DENIED, _S.NO_SHOW})
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
