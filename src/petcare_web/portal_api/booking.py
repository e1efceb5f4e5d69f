"""Booking in the portal API: what a parent may book, evaluating a booking form without saving
it, and the JSON of booking forms, estimates and reasons that the reservation endpoints share.

A booking form is a JSON object::

    {"location_id": 1, "type_id": 4, "start": "2024-07-01T08:00", "end": "2024-07-04T17:00",
     "pets": [{"animal_id": 14, "add_on_ids": [7]}, {"animal_id": 15}], "staff_id": null}

Times are ISO 8601; without an offset they are the facility's local time (what a parent picks
in a form), with one (``Z``, ``-06:00``) they are that instant. Answers give times in the
facility's local time with its offset. Amounts are decimal strings in the facility's currency
(``"45.00"``): a JSON number is a binary float.

Every member is checked before a use case runs (``422 invalid_request``, every problem at once,
each under its path such as ``pets[1].animal_id``); the use cases then apply the business
rules. The reasons a booking cannot be made yet are not an error of the evaluation: they are
its answer, each with its category, the pet it is about and where the portal sends the parent
to fix it.
"""

from __future__ import annotations

import functools
import json
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

import attrs
from aiohttp import web

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.animal import AnimalStatus
from petcare_core.domain.booking import BookingEvaluation
from petcare_core.domain.booking_reasons import BookingReason
from petcare_core.domain.deposits import DepositRule, FixedDeposit
from petcare_core.domain.estimate import Estimate
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import LocationId, ReservationTypeId, StaffUserId
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import InvalidValue, Reason, RequiredValueMissing, UnknownField
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.services import BookingRequest
from petcare_web.errors import ApiError
from petcare_web.portal_api.auth import ParentAt, at_facility
from petcare_web.portal_api.jsonio import (
    MAX_ID,
    Field,
    Kind,
    check_members,
    invalid_input,
    read_json,
    safe_name,
    text,
)
from petcare_web.portal_api.rejections import ok
from petcare_web.portal_api.views import JsonObject

#: The most pets one booking form may list, and add-ons per pet: far above any real booking,
#: low enough that a form is never a way to make the server work hard.
MAX_PETS = 20
MAX_ADD_ONS = 20
#: The longest stay a form may ask for, and the years its times may fall in: sanity bounds of
#: the input (the booking rules judge the dates themselves), so that a form can neither make
#: the server count capacity for centuries nor reach the calendar's edges.
MAX_STAY_DAYS = 366
YEARS = (1900, 2999)
#: The core's names of booking fields, as this API's clients write them.
CLIENT_FIELDS = {"lines": "pets", "services": "add_on_ids"}

_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DATETIME_HINT = (
    "must be a date and time such as 2024-07-01T08:00 (the facility's local time) or "
    "2024-07-01T08:00:00-06:00"
)
_ID = Field(Kind.ID, required=True, nullable=False)
_WHEN = text(required=True)
FORM_FIELDS = {
    "location_id": _ID,
    "type_id": _ID,
    "start": _WHEN,
    "end": _WHEN,
    "staff_id": Field(Kind.ID),
}
DATES_FIELDS = {"start": _WHEN, "end": _WHEN}
#: One pet of a form: its id and its add-ons' ids.
PetLine = tuple[int, tuple[int, ...]]


# Reading booking forms


async def read_object(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, its members unchecked: ``read_json``'s checks of the body
    itself (415, 413, 400), without judging the members (the caller does)."""
    try:
        await read_json(request, {})
    except ApiError as error:
        if error.code != "invalid_request":
            raise
    raw = await request.read() if request.body_exists else b""
    data = json.loads(raw) if raw.strip() else {}
    assert isinstance(data, dict)  # read_json refused anything else
    return data


def _when(values: Mapping[str, Any], name: str, reasons: list[Reason]) -> datetime | None:
    value = values.get(name)
    if not isinstance(value, str):
        return None  # missing or not a string: check_members has said so
    try:
        if _DATETIME.fullmatch(value):
            moment = datetime.fromisoformat(value)
            if YEARS[0] <= moment.year <= YEARS[1]:
                return moment
            reasons.append(InvalidValue(name, f"must fall in the years {YEARS[0]}-{YEARS[1]}"))
            return None
    except ValueError:
        pass
    reasons.append(InvalidValue(name, _DATETIME_HINT))
    return None


def read_dates(
    values: Mapping[str, Any], reasons: list[Reason]
) -> tuple[datetime, datetime] | None:
    """``start`` and ``end`` of a form (each problem appended to ``reasons``), at most
    ``MAX_STAY_DAYS`` apart; None when either is wrong."""
    start, end = _when(values, "start", reasons), _when(values, "end", reasons)
    if start is None or end is None:
        return None
    # Wall-clock span: one time may carry an offset and the other not (the facility's time).
    span = end.replace(tzinfo=None) - start.replace(tzinfo=None)
    if span > timedelta(days=MAX_STAY_DAYS):
        reasons.append(
            InvalidValue(
                "end",
                f"is more than {MAX_STAY_DAYS} days after the start; book a long stay in parts, "
                "or call the facility",
            )
        )
        return None
    return start, end


def is_id(value: object) -> bool:
    """True for a JSON record id: a whole number from 1 to 2**63 - 1 (not ``true``)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _ids(value: object, path: str, limit: int, reasons: list[Reason]) -> tuple[int, ...]:
    if not isinstance(value, list):
        reasons.append(InvalidValue(path, "must be a list of record ids (positive whole numbers)"))
        return ()
    if len(value) > limit:
        reasons.append(InvalidValue(path, f"must hold at most {limit} ids"))
        return ()
    found: list[int] = []
    for index, item in enumerate(value):
        if not is_id(item):
            reasons.append(InvalidValue(f"{path}[{index}]", "must be a record id"))
        else:
            found.append(item)
    return tuple(found)


def _pet(value: object, path: str, reasons: list[Reason]) -> PetLine | None:
    if not isinstance(value, dict):
        reasons.append(
            InvalidValue(path, 'must be an object such as {"animal_id": 14, "add_on_ids": [7]}')
        )
        return None
    before = len(reasons)
    reasons.extend(
        UnknownField(f"{path}.{safe_name(name)}")
        for name in value
        if name not in {"animal_id", "add_on_ids"}
    )
    animal_id = value.get("animal_id")
    if animal_id is None:
        reasons.append(RequiredValueMissing(f"{path}.animal_id"))
    elif not is_id(animal_id):
        reasons.append(InvalidValue(f"{path}.animal_id", "must be a pet's id"))
    add_ons = value.get("add_on_ids")
    services = () if add_ons is None else _ids(add_ons, f"{path}.add_on_ids", MAX_ADD_ONS, reasons)
    if len(reasons) > before or not isinstance(animal_id, int):
        return None
    return animal_id, services


def _pets(values: Mapping[str, Any], reasons: list[Reason]) -> tuple[PetLine, ...]:
    value = values.get("pets")
    if value is None or value == []:
        reasons.append(RequiredValueMissing("pets"))
        return ()
    if not isinstance(value, list):
        reasons.append(InvalidValue("pets", "must be a list of pets, one object each"))
        return ()
    if len(value) > MAX_PETS:
        reasons.append(InvalidValue("pets", f"must list at most {MAX_PETS} pets"))
        return ()
    pets = [_pet(item, f"pets[{index}]", reasons) for index, item in enumerate(value)]
    return tuple(pet for pet in pets if pet is not None)


@attrs.frozen
class BookingForm:
    """A checked booking form. ``start`` and ``end`` may be naive: the facility's local time,
    made aware by ``request`` once the facility is known."""

    location_id: LocationId
    type_id: ReservationTypeId
    start: datetime
    end: datetime
    pets: tuple[PetLine, ...]
    staff_id: StaffUserId | None
    join_waitlist: bool = False

    def request(self, facility: Facility) -> BookingRequest:
        """The core's booking request, its times in the facility's zone."""
        zone = zoneinfo.ZoneInfo(facility.timezone)
        return BookingRequest(
            location_id=self.location_id,
            type_id=self.type_id,
            start=aware(self.start, zone),
            end=aware(self.end, zone),
            pets=self.pets,
            staff_id=self.staff_id,
        )


def aware(moment: datetime, zone: tzinfo) -> datetime:
    """``moment``, read as the facility's local time when it has no offset."""
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=zone)


async def read_booking_form(request: web.Request, *, waitlist: bool = False) -> BookingForm:
    """The booking form of the request's body (``join_waitlist`` too when ``waitlist``);
    ``422`` naming every member that is unknown, missing or malformed."""
    values = await read_object(request)
    spec = {**FORM_FIELDS, **({"join_waitlist": Field(Kind.BOOLEAN)} if waitlist else {})}
    reasons = check_members({k: v for k, v in values.items() if k != "pets"}, spec)
    pets = _pets(values, reasons)
    dates = read_dates(values, reasons)
    if reasons or dates is None:
        raise invalid_input(reasons)
    staff = values.get("staff_id")
    return BookingForm(
        location_id=LocationId(values["location_id"]),
        type_id=ReservationTypeId(values["type_id"]),
        start=dates[0],
        end=dates[1],
        pets=pets,
        staff_id=None if staff is None else StaffUserId(staff),
        join_waitlist=values.get("join_waitlist") is True,
    )


@attrs.frozen
class NewDates:
    """A checked ``{"start": ..., "end": ...}``; naive times are the facility's local time."""

    start: datetime
    end: datetime
    join_waitlist: bool = False

    def aware(self, facility: Facility) -> tuple[datetime, datetime]:
        """The start and end in the facility's zone."""
        zone = zoneinfo.ZoneInfo(facility.timezone)
        return aware(self.start, zone), aware(self.end, zone)


async def read_new_dates(request: web.Request, *, waitlist: bool = False) -> NewDates:
    """``start`` and ``end`` of the request's body (``join_waitlist`` too when
    ``waitlist``); ``422`` naming every problem."""
    values = await read_object(request)
    spec = {**DATES_FIELDS, **({"join_waitlist": Field(Kind.BOOLEAN)} if waitlist else {})}
    reasons = check_members(values, spec)
    dates = read_dates(values, reasons)
    if reasons or dates is None:
        raise invalid_input(reasons)
    return NewDates(*dates, join_waitlist=values.get("join_waitlist") is True)


# Shapes


def amount(value: Money) -> str:
    """An amount as a decimal string with the currency's places: ``"45.00"``."""
    return value.format_plain()


def local(moment: datetime, zone: tzinfo) -> str:
    """A moment in the facility's local time, with its offset."""
    return moment.astimezone(zone).isoformat()


def estimate_json(estimate: Estimate) -> JsonObject:
    """An estimate: its lines per pet (a discount is negative) and totals that are their sums."""
    return {
        "currency": estimate.currency,
        "lines": [
            {
                "animal_id": line.animal_id,
                "kind": line.kind.value,
                "description": line.description,
                "quantity": line.quantity,
                "amount": amount(line.amount),
            }
            for line in estimate.lines
        ],
        "subtotal": amount(estimate.subtotal),
        "tax": amount(estimate.tax),
        "total": amount(estimate.total),
    }


def reason_json(reason: BookingReason) -> JsonObject:
    """One reason of a booking evaluation: what, about which pet, and where to fix it."""
    fix = reason.fix
    field = reason.field
    return {
        "code": reason.code,
        "category": reason.category.value,
        "message": reason.message,
        "field": CLIENT_FIELDS.get(field, field) if field else None,
        "animal_id": reason.animal_id,
        "blocking": reason.blocking,
        "fix": {
            "target": fix.target.value,
            "animal_id": fix.animal_id,
            "agreement_id": fix.agreement_id,
        },
    }


def evaluation_json(evaluation: BookingEvaluation) -> JsonObject:
    """A booking evaluation: whether it can be sent, every reason, the estimate, the deposit."""
    deposit = evaluation.deposit
    return {
        "can_request": evaluation.can_request,
        "offers_waitlist": evaluation.offers_waitlist,
        "reasons": [reason_json(reason) for reason in evaluation.reasons],
        "warnings": [reason_json(reason) for reason in evaluation.warnings],
        "estimate": None if evaluation.estimate is None else estimate_json(evaluation.estimate),
        "currency": deposit.currency,
        "deposit": amount(deposit),
    }


def deposit_json(rule: DepositRule | None) -> JsonObject | None:
    """What a type asks for when a request is sent: a fixed amount, or a share of the whole
    estimate (``"0.25"`` for 25 %)."""
    if rule is None:
        return None
    if isinstance(rule, FixedDeposit):
        return {"kind": "fixed", "amount": amount(rule.amount), "rate": None}
    return {"kind": "percentage", "amount": None, "rate": str(rule.rate)}


def add_on_json(service: AdditionalService) -> JsonObject:
    """An add-on as a parent chooses it."""
    return {
        "id": service.id,
        "name": service.name,
        "price": amount(service.price),
        "charge": service.charge.value,
    }


def type_json(
    kind: ReservationType,
    location_ids: Sequence[LocationId],
    add_ons: Sequence[AdditionalService],
    staff: Sequence[tuple[StaffUserId, str]],
) -> JsonObject:
    """A reservation type as the booking form offers it: where, how it is charged, its
    add-ons, its groomers or trainers (first names) when it assigns one, and its policies."""
    return {
        "id": kind.id,
        "name": kind.name,
        "unit": kind.unit.value,
        "base_price": amount(kind.base_price),
        "appointment_minutes": kind.appointment_minutes,
        "assigns_staff": kind.assigns_staff,
        "requires_evaluation": kind.requires_evaluation,
        "location_ids": list(location_ids),
        "add_ons": [add_on_json(service) for service in add_ons],
        "staff": [{"id": staff_id, "first_name": name} for staff_id, name in staff],
        "free_cancellation_hours": kind.cancellation.free_until_hours,
        "deposit": deposit_json(kind.deposit),
    }


# Endpoints


def _options(call: ParentAt) -> object:
    services, facility_id = call.services, call.facility_id
    locations = [place for place in services.list_locations(facility_id) if place.active]
    kinds = services.list_reservation_types(facility_id, active_only=True)
    add_ons = services.list_additional_services(facility_id, active_only=True)
    staff = [
        (person.id, person.first_name)
        for person in services.bookable_staff(facility_id, call.account_id)
    ]
    pets = services.portal_animals(facility_id, call.account_id)
    offered: dict[ReservationTypeId, list[LocationId]] = {
        kind.id: [place.id for place in locations if kind.offered_at(place.id)] for kind in kinds
    }
    return {
        "currency": call.facility.currency,
        "timezone": call.facility.timezone,
        "locations": [
            {
                "id": place.id,
                "name": place.name,
                "type_ids": [kind.id for kind in kinds if place.id in offered[kind.id]],
            }
            for place in locations
        ],
        "reservation_types": [
            type_json(
                kind,
                offered[kind.id],
                [service for service in add_ons if service.allowed_for(kind.id)],
                [person for person in staff if kind.done_by(person[0])]
                if kind.assigns_staff
                else [],
            )
            for kind in kinds
            if offered[kind.id]
        ],
        "pets": [
            {"id": pet.id, "name": pet.name, "species_id": pet.species_id}
            for pet in pets
            if pet.status is AnimalStatus.ACTIVE
        ],
    }


async def options(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/booking/options``: the active locations and the services
    offered at each, each service's add-ons, groomers and policies, and the household's
    active pets."""
    return await at_facility(request, _options)


def _evaluate(form: BookingForm, call: ParentAt) -> object:
    evaluation = ok(
        call.services.evaluate_booking_as_parent(
            call.facility_id, call.account_id, form.request(call.facility)
        ),
        CLIENT_FIELDS,
    )
    return evaluation_json(evaluation)


async def evaluate(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/booking/evaluate``: every reason the booking form cannot be
    sent yet (each with its category, pet and fix), its estimate and its deposit. Saves
    nothing."""
    form = await read_booking_form(request)
    return await at_facility(request, functools.partial(_evaluate, form))
