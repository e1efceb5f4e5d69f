"""The household's reservations in the portal API: requesting one, the lists and one
reservation, and what a parent may do with one: cancel (the policy decides what that does),
confirm when the facility asks, reschedule, book again.

Answers are built from the core's ``ReservationView`` (the parent's view: nothing
business-only). Another household's reservation answers 404, exactly like a missing one.
Booking forms and new dates are read as ``booking`` describes.
"""

from __future__ import annotations

import functools
import zoneinfo

from aiohttp import web

from petcare_core.domain.ids import ReservationId
from petcare_core.domain.reservation import ReservationStatus
from petcare_core.services import ReservationView
from petcare_web.portal_api.auth import ParentAt, at_facility
from petcare_web.portal_api.booking import (
    CLIENT_FIELDS,
    BookingForm,
    NewDates,
    amount,
    estimate_json,
    local,
    read_booking_form,
    read_new_dates,
)
from petcare_web.portal_api.jsonio import path_id, read_json, read_query, text
from petcare_web.portal_api.rejections import ok
from petcare_web.portal_api.views import JsonObject

LISTS = ("upcoming", "pending", "waitlisted", "past")
CANCEL_FIELDS = {"reason": text()}


def reservation_json(view: ReservationView, zone: zoneinfo.ZoneInfo) -> JsonObject:
    """A reservation as its parent sees it: where, what, when, which pets with which add-ons,
    with whom, what it costs, and what cancelling it now would do."""
    reservation = view.reservation
    services = {line.animal_id: line.services for line in reservation.lines}
    cancelled = reservation.cancellation
    decision = view.cancellation
    return {
        "id": reservation.id,
        "status": reservation.status.value,
        "awaiting_confirmation": view.awaiting_confirmation,
        "location_id": reservation.location_id,
        "location_name": view.location_name,
        "type_id": reservation.type_id,
        "type_name": view.type_name,
        "unit": view.unit.value,
        "start": local(reservation.start, zone),
        "end": local(reservation.end, zone),
        "pets": [
            {
                "animal_id": pet.animal_id,
                "name": pet.name,
                "add_on_ids": list(services.get(pet.animal_id, ())),
                "add_ons": list(pet.add_ons),
                "lodging": pet.lodging,
            }
            for pet in view.pets
        ],
        "staff_id": reservation.staff_id,
        "staff_first_name": view.staff_first_name,
        "requested_at": local(reservation.history[0].at, zone),
        "currency": view.estimate.currency,
        "estimate": estimate_json(view.estimate),
        "deposit_due": amount(view.deposit_due),
        "cancellation": {
            "outcome": decision.outcome.value,
            "free_until": local(decision.free_until, zone),
            "message": decision.message,
        },
        "cancelled": None
        if cancelled is None
        else {
            "reason": cancelled.reason,
            "late": cancelled.late,
            "at": local(reservation.history[-1].at, zone),
        },
        "denial_reason": reservation.denial_reason
        if reservation.status is ReservationStatus.DENIED
        else None,
    }


def _zone(call: ParentAt) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(call.facility.timezone)


def _mine(lists: tuple[str, ...], call: ParentAt) -> object:
    found = call.services.my_reservations(call.facility_id, call.account_id)
    zone = _zone(call)
    return {name: [reservation_json(view, zone) for view in getattr(found, name)] for name in lists}


async def list_reservations(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/reservations``: the household's reservations, as four
    lists: ``upcoming`` (confirmed and not over, or checked in), ``pending`` (requests and
    reservations awaiting the parent's confirmation), ``waitlisted`` — each soonest first —
    and ``past`` (over, cancelled, denied, no-show), latest first. ``?list=`` answers one."""
    query = read_query(request, {"list": LISTS})
    lists = (query["list"],) if "list" in query else LISTS
    return await at_facility(request, functools.partial(_mine, lists))


def one(reservation_id: ReservationId, call: ParentAt) -> JsonObject:
    """One of the household's reservations as JSON (``NotFound`` for any other)."""
    view = call.services.my_reservation(call.facility_id, call.account_id, reservation_id)
    return reservation_json(view, _zone(call))


def reservation_id_from(request: web.Request) -> ReservationId:
    """The reservation id in the path (``400`` when it is not an id)."""
    return ReservationId(path_id(request, "id", "reservation_id"))


async def get_reservation(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/reservations/{id}``: one of the household's reservations."""
    reservation_id = reservation_id_from(request)
    return await at_facility(request, functools.partial(one, reservation_id))


# Requesting and changing


def _request(form: BookingForm, call: ParentAt) -> object:
    booked = ok(
        call.services.request_reservation(
            call.facility_id,
            call.account_id,
            form.request(call.facility),
            join_waitlist=form.join_waitlist,
        ),
        CLIENT_FIELDS,
    )
    return one(booked.reservation.id, call)


async def request_reservation(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/reservations``: request a reservation (201). It awaits
    the facility's decision (``requested``) and holds no place until accepted; when full
    capacity is all that stops it and ``join_waitlist`` is true it joins the waitlist
    (``waitlisted``). Every reason it cannot be requested is one 422."""
    form = await read_booking_form(request, waitlist=True)
    return await at_facility(request, functools.partial(_request, form), status=201)


def _cancel(reason: str, reservation_id: ReservationId, call: ParentAt) -> object:
    result = ok(
        call.services.cancel_reservation_as_parent(
            call.facility_id, call.account_id, reservation_id, reason
        )
    )
    if result.sent_for_review:
        free_until = local(result.decision.free_until, _zone(call))
        outcome = "staff_review_requested"
        message = (
            f"Free cancellation ended at {free_until}; your cancellation was sent to the "
            "facility, who will confirm it."
        )
    else:
        outcome, message = "cancelled", "The reservation is cancelled at no charge."
    return {"outcome": outcome, "message": message, "reservation": one(reservation_id, call)}


async def cancel(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/reservations/{id}/cancel``: cancel under the type's
    policy. ``outcome`` says what it did: ``cancelled`` (free: a pending reservation, or
    inside the free window) or ``staff_review_requested`` (after the free window: the
    reservation stays as it is until staff decide). Refused (422) once the stay has started
    or for a status that cannot be cancelled. ``reason`` is optional."""
    reservation_id = reservation_id_from(request)
    body = await read_json(request, CANCEL_FIELDS)
    work = functools.partial(_cancel, body.text("reason"), reservation_id)
    return await at_facility(request, work)


def _confirm(reservation_id: ReservationId, call: ParentAt) -> object:
    ok(
        call.services.confirm_reservation_as_parent(
            call.facility_id, call.account_id, reservation_id
        )
    )
    return one(reservation_id, call)


async def confirm(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/reservations/{id}/confirm``: confirm a reservation the
    facility accepted and asks the parent to confirm (422 for any other status)."""
    reservation_id = reservation_id_from(request)
    await read_json(request, {})
    return await at_facility(request, functools.partial(_confirm, reservation_id))


def _reschedule(dates: NewDates, reservation_id: ReservationId, call: ParentAt) -> object:
    start, end = dates.aware(call.facility)
    result = ok(
        call.services.reschedule_reservation_as_parent(
            call.facility_id, call.account_id, reservation_id, start, end
        ),
        CLIENT_FIELDS,
    )
    if result.sent_for_review:
        free_until = local(result.decision.free_until, _zone(call))
        outcome = "staff_review_requested"
        message = (
            f"Free changes ended at {free_until}; your new dates were sent to the facility, "
            "who will confirm them."
        )
    else:
        outcome, message = "rescheduled", "The reservation is moved to the new dates."
    return {"outcome": outcome, "message": message, "reservation": one(reservation_id, call)}


async def reschedule(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/reservations/{id}/reschedule``: move to new ``start`` and
    ``end``. A pending reservation moves until it starts; a confirmed one inside the free
    window (``rescheduled``); after it, the new dates go to staff (``staff_review_requested``,
    the reservation unchanged). Every reason the new dates cannot be booked is one 422."""
    reservation_id = reservation_id_from(request)
    dates = await read_new_dates(request)
    return await at_facility(request, functools.partial(_reschedule, dates, reservation_id))


def _book_again(dates: NewDates, reservation_id: ReservationId, call: ParentAt) -> object:
    start, end = dates.aware(call.facility)
    booked = ok(
        call.services.book_again_as_parent(
            call.facility_id,
            call.account_id,
            reservation_id,
            start,
            end,
            join_waitlist=dates.join_waitlist,
        ),
        CLIENT_FIELDS,
    )
    return one(booked.reservation.id, call)


async def book_again(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/reservations/{id}/book-again``: request the same pets,
    service, location, add-ons and groomer again on new dates (201), as a new request."""
    reservation_id = reservation_id_from(request)
    dates = await read_new_dates(request, waitlist=True)
    work = functools.partial(_book_again, dates, reservation_id)
    return await at_facility(request, work, status=201)
