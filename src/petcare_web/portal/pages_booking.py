"""Booking: a two-step wizard, the live check while the parent fills it, and sending.

Step 1 (``/f/{slug}/book``) lists each location with the services offered there. Step 2
(``/book?location_id=…&type_id=…``) asks for the pets (one or more of the household's active
pets), the dates (drop-off and pick-up for a stay; a date, a time and the groomer for an
appointment) and each pet's add-ons. While the parent fills it, ``book.js`` posts the form to
``/book/check`` (CSRF-protected), which runs the core's evaluation without saving anything and
answers JSON with the alerts rendered (every reason, each with a link to fix it), the estimate
and the deposit. Without JavaScript the **Check** button posts the same form to ``/book`` and
the page comes back with the same alerts. **Send the request** calls ``request_reservation``;
when only full capacity stops the request and the parent ticked "Join the waitlist", the
request joins the waitlist.

The step-2 address may carry the whole form in its query (the links back from the agreement
page do), so a parent who leaves to sign an agreement comes back to a filled form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

import attrs
from aiohttp import web
from multidict import MultiMapping
from returns.result import Failure

from petcare_core.domain.animal import AnimalStatus
from petcare_core.domain.facility import Location
from petcare_core.domain.ids import FacilityId, PortalAccountId
from petcare_core.domain.reservation import ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.services import BookingRequest, PetcareServices
from petcare_web.errors import json_bytes
from petcare_web.portal.booking_display import (
    Alert,
    CheckOutcome,
    add_on_price_text,
    hours_text,
    outcome_of,
    price_text,
    reasons_outcome,
)
from petcare_web.portal.booking_form import (
    BookingSetting,
    BookingValues,
    Groomer,
    ParsedBooking,
    labels,
    parse_booking,
)
from petcare_web.portal.forms import FormErrors
from petcare_web.portal.pages_agreements import DONE, optional_id
from petcare_web.portal.templates import STATIC_PREFIX, render_template
from petcare_web.portal.visit import Visit, portal_page

SCRIPT = f"{STATIC_PREFIX}/book.js?v=1"


# What the facility offers


@attrs.frozen
class Offer:
    """A location and the services (reservation types) booked there."""

    location: Location
    types: tuple[tuple[ReservationType, str], ...]


def offers(locations: Iterable[Location], types: Iterable[ReservationType]) -> list[Offer]:
    """Each active location with the active types offered there (and their prices)."""
    kinds = list(types)
    return [
        Offer(location, tuple((k, price_text(k)) for k in kinds if k.offered_at(location.id)))
        for location in locations
        if location.active
    ]


# Loading what step 2 offers


def _setting_of(
    services: PetcareServices,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    location_id: int,
    type_id: int,
) -> BookingSetting | None:
    """Step 2's choices, or ``None`` when the service is not booked at that location."""
    location = next((x for x in services.list_locations(facility_id) if x.id == location_id), None)
    kind = next((x for x in services.list_reservation_types(facility_id) if x.id == type_id), None)
    if location is None or kind is None or not location.active or not kind.offered_at(location.id):
        return None
    pets = tuple(
        pet
        for pet in services.portal_animals(facility_id, account_id)
        if pet.status is AnimalStatus.ACTIVE
    )
    add_ons = tuple(services.list_additional_services(facility_id, kind.id, active_only=True))
    groomers: tuple[Groomer, ...] = ()
    if kind.assigns_staff:
        groomers = tuple(
            Groomer(member.id, member.first_name)
            for member in services.bookable_staff(facility_id, account_id, kind.id)
        )
    return BookingSetting(location, kind, pets, add_ons, groomers)


def _text(source: MultiMapping[Any], name: str) -> str:
    value = source.get(name, "")
    return value if isinstance(value, str) else ""


async def _setting(visit: Visit, source: MultiMapping[Any]) -> BookingSetting | None:
    assert visit.facility is not None
    location_id = optional_id(_text(source, "location_id"))
    type_id = optional_id(_text(source, "type_id"))
    if location_id is None or type_id is None:
        return None
    return await visit.call(
        _setting_of, visit.services, visit.facility.id, visit.account_id, location_id, type_id
    )


def _command(parsed: ParsedBooking) -> BookingRequest:
    return BookingRequest(
        location_id=parsed.location_id,
        type_id=parsed.type_id,
        start=parsed.start,
        end=parsed.end,
        pets=parsed.pets,
        staff_id=parsed.staff_id,
    )


async def check_outcome(
    visit: Visit, setting: BookingSetting, values: BookingValues
) -> tuple[CheckOutcome, FormErrors]:
    """The evaluation of the form (nothing is saved), or what is wrong with its inputs."""
    assert visit.facility is not None
    parsed, errors = parse_booking(values, setting, visit.facility.timezone)
    if parsed is None:
        return CheckOutcome(), errors
    result = await visit.call(
        visit.services.evaluate_booking_as_parent,
        visit.facility.id,
        visit.account_id,
        _command(parsed),
    )
    if isinstance(result, Failure):
        return reasons_outcome(visit, result.failure().reasons, setting, values)
    return outcome_of(visit, result.unwrap(), setting, values), errors


# The pages


async def _choose_page(visit: Visit, *, location_id: int | None, status: int = 200) -> web.Response:
    assert visit.facility is not None
    fid = visit.facility.id
    locations = await visit.call(visit.services.list_locations, fid)
    types = await visit.call(partial(visit.services.list_reservation_types, fid, active_only=True))
    found = offers(locations, types)
    chosen = [offer for offer in found if offer.location.id == location_id] or found
    return visit.render("book.html", status=status, step="choose", offers=chosen, all_offers=found)


def _details_page(
    visit: Visit,
    setting: BookingSetting,
    values: BookingValues,
    *,
    outcome: CheckOutcome,
    errors: FormErrors,
    status: int = 200,
) -> web.Response:
    kind, unit = setting.kind, setting.kind.unit
    policy = kind.policy
    return visit.render(
        "book.html",
        status=status,
        step="details",
        setting=setting,
        values=values,
        outcome=outcome,
        errors=errors,
        pending=(),
        labels=labels(setting),
        price=price_text(kind),
        hours={
            "drop_off": hours_text("Drop-off hours", policy.drop_off_hours),
            "pick_up": hours_text("Pick-up hours", policy.pick_up_hours),
        },
        add_on_prices=[(s, add_on_price_text(s, unit)) for s in setting.add_ons],
        script=SCRIPT,
        page_notice=DONE.get(visit.request.query.get("done", ""), ""),
    )


@portal_page(member=True)
async def book(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/book``: step 1 (where and what) without a service chosen, else step 2;
    a POST checks the form (``action=check``) or sends the request."""
    assert visit.facility is not None
    source: MultiMapping[Any] = request.query if request.method == "GET" else visit.form
    setting = await _setting(visit, source)
    if setting is None:
        wanted = optional_id(_text(source, "location_id"))
        return await _choose_page(visit, location_id=wanted)
    values = BookingValues.read(source)
    if request.method == "GET":
        # A link that carries the form (back from an agreement, book again) is checked at
        # once; its mistakes wait for the parent's next step.
        values = values.only(setting)
        outcome = CheckOutcome()
        if values.started:
            outcome, _ = await check_outcome(visit, setting, values)
        return _details_page(visit, setting, values, outcome=outcome, errors=FormErrors())
    parsed, errors = parse_booking(values, setting, visit.facility.timezone)
    if parsed is None:
        return _details_page(
            visit, setting, values, outcome=CheckOutcome(), errors=errors, status=422
        )
    if visit.text("action") != "send":
        outcome, errors = await check_outcome(visit, setting, values)
        return _details_page(visit, setting, values, outcome=outcome, errors=errors)
    result = await visit.call(
        partial(
            visit.services.request_reservation,
            visit.facility.id,
            visit.account_id,
            _command(parsed),
            join_waitlist=values.join_waitlist,
        )
    )
    if isinstance(result, Failure):
        outcome, errors = reasons_outcome(visit, result.failure().reasons, setting, values)
        return _details_page(visit, setting, values, outcome=outcome, errors=errors, status=422)
    reservation = result.unwrap().reservation
    done = "waitlisted" if reservation.status is ReservationStatus.WAITLISTED else "requested"
    return visit.redirect(f"{visit.base}/reservations/{reservation.id}?done={done}")


def _alert_json(alert: Alert) -> dict[str, str]:
    return attrs.asdict(alert)


@portal_page(member=True)
async def check(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``POST /f/{slug}/book/check``: the live check of the booking form, as JSON (nothing
    is saved). ``html`` is the check region rendered as the page renders it; the other
    fields carry the same in data. A ``GET`` (a reloaded link) leads to the booking page."""
    if request.method == "GET":
        return visit.redirect(f"{visit.base}/book")
    setting = await _setting(visit, visit.form)
    if setting is None:
        body = {"error": "This service is not booked at this location; choose again."}
        return _json(body, status=404)
    values = BookingValues.read(visit.form)
    outcome, errors = await check_outcome(visit, setting, values)
    html = render_template(
        "_booking_check.html",
        {"visit": visit, "outcome": outcome, "pending": errors.summary},
    )
    estimate = None if outcome.estimate is None else attrs.asdict(outcome.estimate)
    return _json(
        {
            "evaluated": outcome.evaluated,
            "can_request": outcome.can_request,
            "offers_waitlist": outcome.offers_waitlist,
            "alerts": [_alert_json(alert) for alert in outcome.alerts],
            "warnings": [_alert_json(alert) for alert in outcome.warnings],
            "estimate": estimate,
            "deposit": outcome.deposit,
            "problems": dict(errors.fields),
            "html": html,
        }
    )


def _json(body: Mapping[str, Any], *, status: int = 200) -> web.Response:
    response = web.Response(body=json_bytes(body), status=status, content_type="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response
