"""The people endpoints: ``owners``, ``owner``, ``animals``, ``new_modified_owners`` and
``authorize_owner``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar
from zoneinfo import ZoneInfo

from returns.result import Failure

from petcare_core.domain.ids import AnimalId, LocationId, OwnerId, ReservationId
from petcare_core.domain.staff import Permission
from petcare_core.ports.booking_repositories import VisitTally
from petcare_core.ports.errors import NotFound
from petcare_core.services import InvalidCredentials
from petcare_core.services.directory import Household, OwnerLookup
from petcare_core.services.reservation_queries import VisitTallies
from petcare_web.gingr.endpoint import GingrCall, ok
from petcare_web.gingr.envelope import GingrError, envelope, envelope_rows
from petcare_web.gingr.owner_login import LoginRefused
from petcare_web.gingr.rows_people import animal_row, owner_row
from petcare_web.gingr.rows_reservations import VisitSummary, visit_summary
from petcare_web.gingr.where import ANIMAL_COLUMNS, OWNER_COLUMNS, parse_where

OWNER_LOOKUPS = ("id", "animal_id", "reservation_id", "phone", "email")
NO_VISITS = VisitSummary(last=None, next=None, count=0)
K = TypeVar("K", OwnerId, AnimalId)


def owners(call: GingrCall) -> bytes:
    """Every owner of the facility, filtered by ``params[...]``."""
    where = parse_where(call.params.mapping("params"), OWNER_COLUMNS)
    found = ok(call.services.list_households(call.facility_id, call.actor))
    zone = ZoneInfo(found.facility.timezone)
    tallies = _tallies(call)
    rows = (
        owner_row(item, zone, _summary(tallies, tallies.owners, item.owner.id) if tallies else None)
        for item in found.households
    )
    return envelope_rows(where.apply(rows, zone))


def animals(call: GingrCall) -> bytes:
    """Every animal of the facility, filtered by ``params[...]``."""
    where = parse_where(call.params.mapping("params"), ANIMAL_COLUMNS)
    directory = ok(call.services.pet_directory(call.facility_id, call.actor))
    zone = ZoneInfo(directory.facility.timezone)
    tallies = _tallies(call)
    rows = (
        animal_row(
            listing,
            directory,
            zone,
            _summary(tallies, tallies.pets, listing.animal.id) if tallies else None,
        )
        for listing in directory.pets
    )
    return envelope_rows(where.apply(rows, zone))


def _lookup(call: GingrCall) -> tuple[OwnerLookup, str]:
    """The first lookup given, in the order ``id, animal_id, reservation_id, phone, email``,
    and how to describe it."""
    params = call.params
    if (owner_id := params.identifier("id")) is not None:
        return OwnerLookup(owner_id=OwnerId(owner_id)), f"id {owner_id}"
    if (animal_id := params.identifier("animal_id")) is not None:
        return OwnerLookup(animal_id=AnimalId(animal_id)), f"an animal with id {animal_id}"
    if (reservation_id := params.identifier("reservation_id")) is not None:
        return _reservation_owner(call, reservation_id), f"reservation {reservation_id}"
    if phone := params.text("phone"):
        return OwnerLookup(phone=phone), f"phone {phone[:40]!r}"
    if email := params.text("email"):
        return OwnerLookup(email=email), f"email {email[:80]!r}"
    raise GingrError.invalid(
        "give one of " + ", ".join(OWNER_LOOKUPS) + " to say which owner to return"
    )


def _reservation_owner(call: GingrCall, reservation_id: int) -> OwnerLookup:
    """The lookup of a reservation's owner (reading it needs ``reservations.read``)."""
    try:
        detail = ok(
            call.services.get_reservation(
                call.facility_id, call.actor, ReservationId(reservation_id)
            )
        )
    except NotFound:
        raise GingrError.invalid(
            f"reservation_id: no reservation with id {reservation_id} exists in this facility"
        ) from None
    return OwnerLookup(owner_id=detail.reservation.owner_id)


def _tallies(call: GingrCall) -> VisitTallies | None:
    """Every owner's and pet's booked visits, when the key's user may read reservations (the
    columns stay as for a customer without reservations otherwise): one read for a whole list."""
    if not call.actor.can(Permission.RESERVATIONS_READ):
        return None
    return ok(call.services.visit_tallies(call.facility_id, call.actor))


def _summary(tallies: VisitTallies, by: Mapping[K, VisitTally], key: K) -> VisitSummary:
    tally = by.get(key)
    if tally is None:
        return NO_VISITS
    return VisitSummary(last=tally.last, next=tally.next, count=tally.count)


def _visits(call: GingrCall, household: Household) -> VisitSummary | None:
    """The owner's reservation columns, when the key's user may read reservations (the
    columns stay as for an owner without reservations otherwise)."""
    if not call.actor.can(Permission.RESERVATIONS_READ):
        return None
    records = ok(
        call.services.reservations_for_owner(call.facility_id, call.actor, household.owner.id)
    )
    return visit_summary(records.reservations, call.services.clock.now())


def owner(call: GingrCall) -> bytes:
    """One owner record, found by id, animal id, reservation id, phone or email (the lowest id
    when several share a phone or email), with their reservation columns filled."""
    lookup, described = _lookup(call)
    found = ok(call.services.find_households(call.facility_id, call.actor, lookup))
    if not found.households:
        raise GingrError.invalid(f"no owner with {described} exists in this facility")
    zone = ZoneInfo(found.facility.timezone)
    household = found.households[0]
    return envelope(owner_row(household, zone, _visits(call, household)))


def new_modified_owners(call: GingrCall) -> bytes:
    """Owners created or modified from ``start_date`` to ``end_date`` (a date includes its whole
    day), of one home location when ``location_id`` is given."""
    params = call.params
    start = params.moment("start_date", required=True)
    end = params.moment("end_date", required=True)
    location_id = params.identifier("location_id")
    found = ok(
        call.services.households_modified_between(
            call.facility_id,
            call.actor,
            start,
            end,
            home_location_id=None if location_id is None else LocationId(location_id),
        )
    )
    zone = ZoneInfo(found.facility.timezone)
    tallies = _tallies(call)
    return envelope_rows(
        owner_row(item, zone, _summary(tallies, tallies.owners, item.owner.id) if tallies else None)
        for item in found.households
    )


def authorize_owner(call: GingrCall) -> bytes:
    """The owner record of the portal login ``email`` + ``password`` in this facility.

    A wrong login or password raises ``LoginRefused``, which the endpoint's handler
    (``throttled_login_handler``) counts in the portal's login throttle.
    """
    email = call.params.text("email", required=True)
    password = call.params.scalar("password") or ""
    if not password:
        raise GingrError.invalid("password is required")
    result = call.services.authorize_owner(call.facility_id, call.actor, email, password)
    if isinstance(result, Failure) and any(
        isinstance(reason, InvalidCredentials) for reason in result.failure().reasons
    ):
        raise LoginRefused("; ".join(result.failure().messages))
    household = ok(result)
    facility = call.services.get_facility(call.facility_id)
    return envelope(owner_row(household, ZoneInfo(facility.timezone), _visits(call, household)))
