"""The reservation endpoints: ``reservations``, ``reservations_by_animal``,
``reservations_by_owner``, ``reservation_types``, ``get_services_by_type``,
``recently_cancelled_reservations``, ``existing_reservation_estimate`` and ``back_of_house``
(gingr-api-v1.md §3.1-3.3, §3.11, §3.12; docs/gingr-api.md, "Reservations").

Reading reservations needs ``reservations.read`` (checked by the use cases); the reservation
types and their add-ons are catalog, readable with ``api.access`` alone like the reference
lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from petcare_core.domain.ids import AnimalId, LocationId, OwnerId, ReservationId, ReservationTypeId
from petcare_core.ports.errors import NotFound
from petcare_core.services.reservation_views import DaySheetEntry, ReservationRecords
from petcare_web.gingr.endpoint import GingrCall, ok
from petcare_web.gingr.envelope import GingrError, envelope, envelope_rows
from petcare_web.gingr.reservation_filters import (
    ReservationFilter,
    checked_moment,
    instant,
    parse_filter,
)
from petcare_web.gingr.rows_estimate import estimate_data
from petcare_web.gingr.rows_flat import flat_rows
from petcare_web.gingr.rows_nested import nested_answer
from petcare_web.gingr.rows_reservations import JsonObject, add_on_row, day_sheet_row, type_row

# Gingr's limit on one ``reservations`` request: clients ask for 30-day chunks, both ends
# included (gingr-api-v1.md §2).
MAX_DAYS = 30
RECENTLY_CANCELLED_DAYS = 7


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _location_id(call: GingrCall) -> LocationId | None:
    location_id = call.params.identifier("location_id")
    return None if location_id is None else LocationId(location_id)


def _zone(call: GingrCall) -> ZoneInfo:
    return ZoneInfo(call.services.get_facility(call.facility_id).timezone)


def reservations(call: GingrCall) -> bytes:
    """Reservations overlapping ``start_date``..``end_date`` (at most 30 days apart, both
    included), or every checked-in one with ``checked_in=true`` (dates are then ignored); of
    one location with ``location_id``. ``data`` is an object keyed by reservation id."""
    params = call.params
    location_id = _location_id(call)
    if params.boolean("checked_in"):
        found = call.services.checked_in_reservations(
            call.facility_id, call.actor, location_id=location_id
        )
        return nested_answer(ok(found))
    start = checked_moment(params, "start_date")
    end = checked_moment(params, "end_date")
    if start is None or end is None:
        raise GingrError.invalid(
            "give start_date and end_date (YYYY-MM-DD, at most 30 days apart), or "
            "checked_in=true for the pets checked in now"
        )
    span = (_day(end) - _day(start)).days
    if span < 0:
        raise GingrError.invalid("end_date is before start_date")
    if span > MAX_DAYS:
        raise GingrError.invalid(
            f"start_date and end_date are {span} days apart; ask for at most {MAX_DAYS} days "
            "at a time (split longer periods into several requests)"
        )
    found = call.services.reservations_between(
        call.facility_id, call.actor, start, end, location_id=location_id
    )
    return nested_answer(ok(found))


def _flat(call: GingrCall, records: ReservationRecords, wanted: ReservationFilter) -> bytes:
    pairs = wanted.apply(records.reservations, call.services.clock.now())
    return envelope_rows(flat_rows(records, pairs, records.zone))


def reservations_by_animal(call: GingrCall) -> bytes:
    """The pet's reservations (``id``: the animal), one flat row each, filtered."""
    animal_id = AnimalId(call.params.identifier("id", required=True))
    records = ok(call.services.reservations_for_animal(call.facility_id, call.actor, animal_id))
    wanted = parse_filter(call.params, records.zone)
    # Only this pet's line of each reservation (params[animalIds] may narrow it to nothing).
    return _flat(call, records, wanted.only_animal(animal_id))


def reservations_by_owner(call: GingrCall) -> bytes:
    """The household's reservations (``id``: the owner), one flat row per pet, filtered."""
    owner_id = OwnerId(call.params.identifier("id", required=True))
    records = ok(call.services.reservations_for_owner(call.facility_id, call.actor, owner_id))
    return _flat(call, records, parse_filter(call.params, records.zone))


def reservation_types(call: GingrCall) -> bytes:
    """The facility's reservation types (``active_only=true``: those in use), or the one
    ``id`` names (a one-row list)."""
    type_id = call.params.identifier("id")
    active_only = call.params.boolean("active_only")
    if type_id is None:
        kinds = call.services.list_reservation_types(call.facility_id, active_only=active_only)
        return envelope([type_row(kind) for kind in kinds])
    try:
        kind = call.services.get_reservation_type(call.facility_id, ReservationTypeId(type_id))
    except NotFound:
        raise GingrError.invalid(
            f"id: no reservation type with id {type_id} exists in this facility"
        ) from None
    return envelope([type_row(kind)] if kind.active or not active_only else [])


def get_services_by_type(call: GingrCall) -> bytes:
    """The add-ons offered with the type ``type_id`` (none when it is not offered at
    ``location_id``)."""
    type_id = call.params.identifier("type_id", required=True)
    location_id = call.params.identifier("location_id")
    try:
        kind = call.services.get_reservation_type(call.facility_id, ReservationTypeId(type_id))
    except NotFound:
        raise GingrError.invalid(
            f"type_id: no reservation type with id {type_id} exists in this facility"
        ) from None
    if location_id is not None:
        locations = {item.id for item in call.services.list_locations(call.facility_id)}
        if location_id not in locations:
            raise GingrError.invalid(
                f"location_id: no location with id {location_id} exists in this facility"
            )
        if not kind.offered_at(LocationId(location_id)):
            return envelope([])
    add_ons = call.services.list_additional_services(call.facility_id, kind.id, active_only=True)
    return envelope(
        [
            add_on_row(item.id, item.name, item.price, item.charge.value, item.active)
            for item in add_ons
        ]
    )


def recently_cancelled_reservations(call: GingrCall) -> bytes:
    """Reservations cancelled from ``start_date`` (default: 7 days ago) to ``end_date``
    (default: now), at most 30 days apart, of one location with ``location_id``; keyed by id
    as ``reservations`` is."""
    params = call.params
    start = checked_moment(params, "start_date")
    end = checked_moment(params, "end_date")
    now = call.services.clock.now()
    zone = _zone(call)
    if start is None:
        until = now if end is None else instant(end, zone, end=True)
        start = until - timedelta(days=RECENTLY_CANCELLED_DAYS)
    first = instant(start, zone, end=False).astimezone(zone).date()
    last = now.astimezone(zone).date() if end is None else _day(end)
    span = (last - first).days
    if end is not None and span < 0:
        raise GingrError.invalid("end_date is before start_date")
    if span > MAX_DAYS:
        raise GingrError.invalid(
            f"the period is {span} days long; ask for at most {MAX_DAYS} days at a time "
            "(give a later start_date, or an end_date)"
        )
    found = call.services.recently_cancelled(
        call.facility_id, call.actor, start, end, location_id=_location_id(call)
    )
    return nested_answer(ok(found))


def existing_reservation_estimate(call: GingrCall) -> bytes:
    """The estimate of the reservation ``id`` at today's prices, with its deposit."""
    reservation_id = ReservationId(call.params.identifier("id", required=True))
    found = ok(call.services.reservation_estimate(call.facility_id, call.actor, reservation_id))
    return envelope(estimate_data(found, _zone(call)))


def back_of_house(call: GingrCall) -> bytes:
    """A day's arrivals, departures and checked-in pets (``date``, default today) of one
    location (``location_id``) or of every location."""
    params = call.params
    zone = _zone(call)
    moment = checked_moment(params, "date")
    day = call.services.clock.now().astimezone(zone).date() if moment is None else _day(moment)
    location_id = _location_id(call)
    if location_id is None:
        location_ids = [item.id for item in call.services.list_locations(call.facility_id)]
    else:
        location_ids = [location_id]
    sheets = [
        ok(call.services.day_sheet(call.facility_id, call.actor, item, day))
        for item in location_ids
    ]

    def rows(entries: Iterable[DaySheetEntry], by_end: bool = False) -> list[JsonObject]:
        ordered = sorted(
            entries,
            key=lambda entry: (
                entry.reservation.end if by_end else entry.reservation.start,
                entry.reservation.id,
            ),
        )
        return [day_sheet_row(entry, zone) for entry in ordered]

    return envelope(
        {
            "date": day.isoformat(),
            "location_id": None if location_id is None else str(location_id),
            "arrivals": rows(entry for sheet in sheets for entry in sheet.arrivals),
            "departures": rows(
                (entry for sheet in sheets for entry in sheet.departures), by_end=True
            ),
            "checked_in": rows(entry for sheet in sheets for entry in sheet.checked_in),
        }
    )
