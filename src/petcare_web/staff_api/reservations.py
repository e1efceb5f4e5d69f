"""Reading reservations in the staff API: the list by period, one reservation with everything
it names, its estimate, and a location's day sheet. Every read needs ``reservations.read``.

Dates in queries are the facility's local calendar days; times in answers carry the
facility's UTC offset.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import date

from aiohttp import web
from returns.result import Failure

from petcare_core.domain.ids import LocationId, ReservationId
from petcare_core.domain.reasons import InvalidValue, Reason, UnknownReference
from petcare_core.domain.reservation import ReservationStatus
from petcare_core.ports.errors import NotFound
from petcare_web.portal_api.jsonio import MAX_ID, path_id, query_integer, read_query
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views_booking as views
from petcare_web.staff_api.auth import StaffCall, as_staff
from petcare_web.staff_api.booking_input import DATE, query_problems, query_value

#: The longest period one list may cover, in days.
MAX_PERIOD_DAYS = 366
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
STATUSES = tuple(status.value for status in ReservationStatus)
_LIST_QUERY: dict[str, tuple[str, ...] | None] = dict.fromkeys(
    ("start", "end", "location_id", "status", "limit", "offset")
)


def _statuses(raw: str | None, problems: list[Reason]) -> tuple[str, ...] | None:
    if raw is None:
        return None
    wanted = tuple(part.strip() for part in raw.split(","))
    unknown = [part for part in wanted if part not in STATUSES]
    if unknown or not wanted:
        problems.append(
            InvalidValue(
                "status",
                f"{', '.join(unknown)[:60]!r} is not a status; give one or more of "
                f"{', '.join(STATUSES)}, separated by commas",
            )
        )
    return wanted


def _period(query: dict[str, str], problems: list[Reason]) -> tuple[date, date]:
    for name in ("start", "end"):
        if name not in query:
            problems.append(InvalidValue(name, "give the first and the last day, e.g. 2024-06-04"))
    start = query_value(query, "start", DATE, problems)
    end = query_value(query, "end", DATE, problems)
    if not (isinstance(start, date) and isinstance(end, date)):
        return date.min, date.min
    if end < start:
        problems.append(InvalidValue("end", "is before start"))
    elif (end - start).days >= MAX_PERIOD_DAYS:
        problems.append(
            InvalidValue("end", f"a list covers at most {MAX_PERIOD_DAYS} days; ask in parts")
        )
    return start, end


def _list(
    period: tuple[date, date],
    location_id: int | None,
    statuses: tuple[str, ...] | None,
    page: slice,
    call: StaffCall,
) -> object:
    records = ok(
        call.services.reservations_between(
            call.facility_id,
            call.actor,
            period[0],
            period[1],
            location_id=None if location_id is None else LocationId(location_id),
            statuses=statuses,
        )
    )
    chosen = records.reservations[page]
    return {
        "total": len(records.reservations),
        "reservations": [views.reservation_json(records, item) for item in chosen],
    }


async def list_reservations(request: web.Request) -> web.Response:
    """``GET /staff/api/reservations?start=&end=&location_id=&status=&limit=&offset=``: the
    reservations overlapping the days ``start`` to ``end`` (both included, at most 366),
    by start; ``status`` is one or more statuses separated by commas."""
    query = read_query(request, _LIST_QUERY)
    problems: list[Reason] = []
    period = _period(query, problems)
    statuses = _statuses(query.get("status"), problems)
    query_problems(problems)
    location_id = query_integer(query, "location_id", 0, 1, MAX_ID) or None
    limit = query_integer(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = query_integer(query, "offset", 0, 0, 2**31)
    page = slice(offset, offset + limit)
    work = functools.partial(_list, period, location_id, statuses, page)
    return await as_staff(request, work)


def _detail(reservation_id: ReservationId, call: StaffCall) -> object:
    detail = ok(call.services.get_reservation(call.facility_id, call.actor, reservation_id))
    return views.reservation_detail_json(detail)


async def get_reservation(request: web.Request) -> web.Response:
    """``GET /staff/api/reservations/{id}``: one reservation with its pets, add-ons,
    lodgings, staff member, history, overrides and estimate."""
    reservation_id = ReservationId(path_id(request, "id", "reservation_id"))
    return await as_staff(request, functools.partial(_detail, reservation_id))


def _estimate(reservation_id: ReservationId, call: StaffCall) -> object:
    found = ok(call.services.reservation_estimate(call.facility_id, call.actor, reservation_id))
    return {
        "reservation_id": reservation_id,
        **views.estimate_json(found.estimate, found.deposit_due),
    }


async def get_estimate(request: web.Request) -> web.Response:
    """``GET /staff/api/reservations/{id}/estimate``: the reservation's estimate at today's
    prices and the deposit due on it."""
    reservation_id = ReservationId(path_id(request, "id", "reservation_id"))
    return await as_staff(request, functools.partial(_estimate, reservation_id))


def _day_sheet(location_id: LocationId, day: date | None, call: StaffCall) -> object:
    facility = call.services.get_facility(call.facility_id)
    zone = zoneinfo.ZoneInfo(facility.timezone)
    when = day or call.services.clock.now().astimezone(zone).date()
    result = call.services.day_sheet(call.facility_id, call.actor, location_id, when)
    if isinstance(result, Failure) and any(
        isinstance(reason, UnknownReference) for reason in result.failure().reasons
    ):
        # The location is in the path: another facility's is a missing page, not a reason.
        raise NotFound("Location", location_id)
    return views.day_sheet_json(ok(result), zone)


async def day_sheet(request: web.Request) -> web.Response:
    """``GET /staff/api/locations/{id}/day-sheet?date=``: the location's arrivals,
    departures and checked-in reservations on a day (today at the facility by default)."""
    location_id = LocationId(path_id(request, "id", "location_id"))
    query = read_query(request, {"date": None})
    problems: list[Reason] = []
    day = query_value(query, "date", DATE, problems)
    query_problems(problems)
    return await as_staff(request, functools.partial(_day_sheet, location_id, day))
