"""Booking and changing reservations in the staff API: evaluate a draft, book, approve (or ask
the parent to confirm), deny, waitlist, requeue, check in and out, no-show, cancel, assign a
lodging or a staff member, reschedule and book again.

Each use case checks its permission (``reservations.read`` to evaluate, ``reservations.manage``
to book and change, ``reservations.approve`` to decide requests) and refuses an illegal
transition with its reason (422). A reason of the booking rules is waived only by an override
naming it, ``{"reason": "<code>", "animal_id": <pet or null>, "note": "<why>"}``, made by a
key whose staff user holds the permission it needs; every override is stored with who, when
and why. Times without a UTC offset are the facility's local time. Writes answer the
reservation as stored (``GET /staff/api/reservations/{id}`` adds the names).
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from aiohttp import web

from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reasons import InvalidValue, Reason
from petcare_core.services import BookingRequest, OverrideKey
from petcare_web.portal_api.jsonio import path_id
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views_booking as views
from petcare_web.staff_api.auth import StaffCall, as_staff
from petcare_web.staff_api.booking_input import (
    BOOLEAN,
    DATETIME,
    ID,
    TEXT,
    ListOf,
    Member,
    Obj,
    join,
    read_body,
)

#: The most pets one reservation may hold, and the most overrides one request may ask.
MAX_PETS = 50
MAX_OVERRIDES = 50
#: The longest stay one booking may ask for.
MAX_STAY = timedelta(days=366)
# The core names a booking's pets "lines" and their add-ons "services"; this API, "pets".
BOOKING_NAMES = {"lines": "pets", "services": "pets"}

OVERRIDES = Member(
    ListOf(
        Obj(
            {
                "reason": Member(TEXT, required=True),
                "animal_id": Member(ID, nullable=True),
                "note": Member(TEXT, required=True),
            }
        ),
        max_items=MAX_OVERRIDES,
    )
)
_PET = Obj({"animal_id": Member(ID, required=True), "add_on_ids": Member(ListOf(ID, max_items=50))})
_TIMES = {"start": Member(DATETIME, required=True), "end": Member(DATETIME, required=True)}
_DRAFT = {
    "owner_id": Member(ID, required=True),
    "location_id": Member(ID, required=True),
    "type_id": Member(ID, required=True),
    **_TIMES,
    "pets": Member(ListOf(_PET, max_items=MAX_PETS), required=True),
    "staff_id": Member(ID, nullable=True),
}


def _stay_check(values: Body, path: str, problems: list[Reason]) -> None:
    # A sanity bound before the rules: the core would price and count every day of the stay.
    # Wall-clock times are compared, so that a local and an offset time compare too.
    start, end = values["start"].replace(tzinfo=None), values["end"].replace(tzinfo=None)
    if end - start > MAX_STAY:
        problems.append(
            InvalidValue(
                join(path, "end"),
                f"a stay lasts at most {MAX_STAY.days} days; book a longer one in parts",
            )
        )


DRAFT = Obj(_DRAFT, check=_stay_check)
BOOKING = Obj(
    {
        **_DRAFT,
        "overrides": OVERRIDES,
        "confirm": Member(BOOLEAN),
        "join_waitlist": Member(BOOLEAN),
    },
    check=_stay_check,
)
APPROVAL = Obj({"ask_parent": Member(BOOLEAN), "overrides": OVERRIDES})
DENIAL = Obj({"reason": Member(TEXT, required=True)})
NOTHING = Obj({})
CANCELLATION = Obj({"reason": Member(TEXT, required=True), "late": Member(BOOLEAN, nullable=True)})
LODGING = Obj(
    {"animal_id": Member(ID, required=True), "lodging_id": Member(ID, required=True, nullable=True)}
)
STAFF = Obj({"staff_id": Member(ID, required=True)})
NEW_DATES = Obj({**_TIMES, "overrides": OVERRIDES}, check=_stay_check)
AGAIN = Obj({**_TIMES, "overrides": OVERRIDES, "confirm": Member(BOOLEAN)}, check=_stay_check)

Body = dict[str, Any]


def _zone(call: StaffCall) -> tzinfo:
    return zoneinfo.ZoneInfo(call.services.get_facility(call.facility_id).timezone)


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    """``moment``, read as the facility's local time when it has no UTC offset."""
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=zone)


def _overrides(body: Body) -> dict[OverrideKey, str]:
    """The override requests of a body by (reason code, pet); a repeated one counts once."""
    found: dict[OverrideKey, str] = {}
    for item in body.get("overrides", []):
        found.setdefault((item["reason"], item.get("animal_id")), item["note"])
    return found


def _request(body: Body, zone: tzinfo) -> BookingRequest:
    staff_id = body.get("staff_id")
    return BookingRequest(
        location_id=LocationId(body["location_id"]),
        type_id=ReservationTypeId(body["type_id"]),
        start=_aware(body["start"], zone),
        end=_aware(body["end"], zone),
        pets=tuple(
            (
                AnimalId(pet["animal_id"]),
                tuple(AdditionalServiceId(key) for key in pet.get("add_on_ids", [])),
            )
            for pet in body["pets"]
        ),
        staff_id=None if staff_id is None else StaffUserId(staff_id),
        owner_id=OwnerId(body["owner_id"]),
    )


def _evaluate(body: Body, call: StaffCall) -> object:
    request = _request(body, _zone(call))
    evaluation = ok(
        call.services.evaluate_booking_as_staff(call.facility_id, call.actor, request),
        BOOKING_NAMES,
    )
    return views.evaluation_result_json(evaluation)


async def evaluate(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/evaluate``: every reason a booking cannot be made yet,
    with the permission that overrides each, the estimate and the deposit; writes nothing
    (``reservations.read``)."""
    body = await read_body(request, DRAFT)
    return await as_staff(request, functools.partial(_evaluate, body))


def _book(body: Body, call: StaffCall) -> object:
    zone = _zone(call)
    result = ok(
        call.services.book_reservation(
            call.facility_id,
            call.actor,
            _request(body, zone),
            overrides=_overrides(body),
            confirm=body.get("confirm", True),
            join_waitlist=body.get("join_waitlist", False),
        ),
        BOOKING_NAMES,
    )
    return views.booking_change_json(result, zone)


async def book(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations``: book for a household, confirmed at once (the place
    is taken) or, with ``"confirm": false``, as a request, which with ``"join_waitlist": true``
    waits for a place on a full day (``reservations.manage``; 201)."""
    body = await read_body(request, BOOKING)
    return await as_staff(request, functools.partial(_book, body), status=201)


# Changes of one reservation: each reads its body, then runs ``work(body, id, call)``.
Work = Callable[[Body, ReservationId, StaffCall], object]


async def _change(
    request: web.Request, shape: Obj, work: Work, *, status: int = 200
) -> web.Response:
    reservation_id = ReservationId(path_id(request, "id", "reservation_id"))
    body = await read_body(request, shape)
    return await as_staff(request, functools.partial(work, body, reservation_id), status=status)


def _approve(body: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    result = ok(
        call.services.approve_reservation(
            call.facility_id,
            call.actor,
            reservation_id,
            ask_parent=body.get("ask_parent", False),
            overrides=_overrides(body),
        ),
        BOOKING_NAMES,
    )
    return views.booking_change_json(result, _zone(call))


async def approve(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/approve``: accept a request or a waitlisted
    reservation, confirmed, or ``unconfirmed`` awaiting the parent with ``"ask_parent":
    true``; the booking is evaluated again and the place taken (``reservations.approve``)."""
    return await _change(request, APPROVAL, _approve)


def _deny(body: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    reservation = ok(
        call.services.deny_reservation(call.facility_id, call.actor, reservation_id, body["reason"])
    )
    return views.change_json(reservation, _zone(call))


async def deny(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/deny`` ``{"reason": ...}``: refuse a request or a
    waitlisted reservation; the parent reads the reason (``reservations.approve``)."""
    return await _change(request, DENIAL, _deny)


def _waitlist(_: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    reservation = ok(
        call.services.waitlist_reservation(call.facility_id, call.actor, reservation_id)
    )
    return views.change_json(reservation, _zone(call))


async def waitlist(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/waitlist``: put a request on the waitlist
    (``reservations.approve``)."""
    return await _change(request, NOTHING, _waitlist)


def _requeue(_: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    reservation = ok(
        call.services.requeue_reservation(call.facility_id, call.actor, reservation_id)
    )
    return views.change_json(reservation, _zone(call))


async def requeue(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/requeue``: move a waitlisted reservation back to
    the requests awaiting a decision (``reservations.approve``)."""
    return await _change(request, NOTHING, _requeue)


def _check_in(_: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    reservation = ok(call.services.check_in(call.facility_id, call.actor, reservation_id))
    return views.change_json(reservation, _zone(call))


async def check_in(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/check-in``: the pets arrived
    (``reservations.manage``)."""
    return await _change(request, NOTHING, _check_in)


def _check_out(_: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    update = ok(call.services.check_out(call.facility_id, call.actor, reservation_id))
    return views.change_json(update.reservation, _zone(call), update.filled)


async def check_out(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/check-out``: the pets went home; the days an early
    departure frees go to the waitlist (``reservations.manage``)."""
    return await _change(request, NOTHING, _check_out)


def _no_show(_: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    update = ok(call.services.mark_no_show(call.facility_id, call.actor, reservation_id))
    return views.change_json(update.reservation, _zone(call), update.filled)


async def no_show(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/no-show``: the pets did not come; the places from
    today on are freed (``reservations.manage``)."""
    return await _change(request, NOTHING, _no_show)


def _cancel(body: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    update = ok(
        call.services.cancel_reservation(
            call.facility_id, call.actor, reservation_id, body["reason"], late=body.get("late")
        )
    )
    return views.change_json(update.reservation, _zone(call), update.filled)


async def cancel(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/cancel`` ``{"reason": ..., "late": null}``: cancel
    with a reason; late or not as the type's policy says unless ``late`` is given; the places
    go to the waitlist (``reservations.manage``)."""
    return await _change(request, CANCELLATION, _cancel)


def _lodging(body: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    lodging_id = body["lodging_id"]
    reservation = ok(
        call.services.assign_lodging(
            call.facility_id,
            call.actor,
            reservation_id,
            AnimalId(body["animal_id"]),
            None if lodging_id is None else LodgingId(lodging_id),
        )
    )
    return views.change_json(reservation, _zone(call))


async def assign_lodging(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/lodging`` ``{"animal_id": ..., "lodging_id":
    ...}``: give one pet a lodging of the reservation's pool, or none with ``null``
    (``reservations.manage``)."""
    return await _change(request, LODGING, _lodging)


def _staff(body: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    reservation = ok(
        call.services.assign_staff(
            call.facility_id, call.actor, reservation_id, StaffUserId(body["staff_id"])
        )
    )
    return views.change_json(reservation, _zone(call))


async def assign_staff(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/staff`` ``{"staff_id": ...}``: choose the groomer
    or trainer of an appointment (``reservations.manage``)."""
    return await _change(request, STAFF, _staff)


def _reschedule(body: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    zone = _zone(call)
    result = ok(
        call.services.reschedule_reservation(
            call.facility_id,
            call.actor,
            reservation_id,
            _aware(body["start"], zone),
            _aware(body["end"], zone),
            overrides=_overrides(body),
        ),
        BOOKING_NAMES,
    )
    return views.booking_change_json(result, zone)


async def reschedule(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/reschedule`` ``{"start": ..., "end": ...}``: move
    it to new dates, capacity checked again; the days it leaves go to the waitlist
    (``reservations.manage``)."""
    return await _change(request, NEW_DATES, _reschedule)


def _book_again(body: Body, reservation_id: ReservationId, call: StaffCall) -> object:
    zone = _zone(call)
    result = ok(
        call.services.book_again(
            call.facility_id,
            call.actor,
            reservation_id,
            _aware(body["start"], zone),
            _aware(body["end"], zone),
            overrides=_overrides(body),
            confirm=body.get("confirm", True),
        ),
        BOOKING_NAMES,
    )
    return views.booking_change_json(result, zone)


async def book_again(request: web.Request) -> web.Response:
    """``POST /staff/api/reservations/{id}/book-again`` ``{"start": ..., "end": ...}``: a new
    booking with the same pets, add-ons, type, location and staff member
    (``reservations.manage``; 201)."""
    return await _change(request, AGAIN, _book_again, status=201)
