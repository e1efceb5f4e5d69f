"""Reservation types and add-on services in the staff API: list, read, create, change.

Reading the catalog needs only ``api.access`` (the portal shows it to every parent); creating
or changing needs ``catalog.manage``. A ``PATCH`` changes the members it names and keeps the
others; inside ``booking_policy`` too, where a weekday left out of a week of hours keeps its
hours. A change someone else saved between the ``PATCH``'s read and its write is kept: the
write names the version it was made from, and the whole patch is made again on the fresh record
(``check_version``, ``run_use_case``). Amounts are decimal strings in the facility's currency.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from aiohttp import web

from petcare_core.domain.booking_window import BookingPolicy, DailyHours, WeeklyHours
from petcare_core.domain.deposits import FixedDeposit, PercentageDeposit
from petcare_core.domain.ids import AdditionalServiceId, ReservationTypeId
from petcare_core.domain.reasons import InvalidValue, Reason
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.ports.errors import NotFound
from petcare_core.services import AdditionalServiceDetails, ReservationTypeDetails
from petcare_core.services.booking_catalog import MAX_APPOINTMENT_MINUTES, MAX_CANCELLATION_HOURS
from petcare_web.portal_api.jsonio import MAX_ID, path_id, query_integer, read_query
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views_booking as views
from petcare_web.staff_api.auth import StaffCall, as_staff
from petcare_web.staff_api.booking_input import (
    BOOLEAN,
    DATE,
    DAY_NAMES,
    DECIMAL,
    IDS,
    TEXT,
    TIME,
    WEEK,
    ListOf,
    Member,
    Obj,
    read_body,
    whole,
)

BOOLEANS = ("true", "false")
MAX_HORIZON_DAYS = 3650


def _one_deposit(values: dict[str, Any], path: str, problems: list[Reason]) -> None:
    if len(values) != 1:
        problems.append(
            InvalidValue(path, 'give "amount" or "rate", not both or neither (null: no deposit)')
        )


POLICY = Obj(
    {
        "horizon_days": Member(whole(0, MAX_HORIZON_DAYS)),
        "same_day_allowed": Member(BOOLEAN),
        "next_day_cutoff": Member(TIME, nullable=True),
        "drop_off_hours": Member(WEEK),
        "pick_up_hours": Member(WEEK),
        "closed_dates": Member(ListOf(DATE)),
    }
)
CANCELLATION = Obj({"free_until_hours": Member(whole(0, MAX_CANCELLATION_HOURS), required=True)})
DEPOSIT = Obj({"amount": Member(DECIMAL), "rate": Member(DECIMAL)}, check=_one_deposit)


def _type_shape(*, new: bool) -> Obj:
    return Obj(
        {
            "name": Member(TEXT, required=new),
            "unit": Member(TEXT, required=new),
            "base_price": Member(DECIMAL, required=new),
            "appointment_minutes": Member(whole(1, MAX_APPOINTMENT_MINUTES), nullable=True),
            "assigns_staff": Member(BOOLEAN),
            "staff_ids": Member(IDS),
            "location_ids": Member(IDS),
            "required_immunization_type_ids": Member(IDS),
            "required_agreement_ids": Member(IDS),
            "requires_evaluation": Member(BOOLEAN),
            "booking_policy": Member(POLICY),
            "cancellation_policy": Member(CANCELLATION),
            "deposit": Member(DEPOSIT, nullable=True),
            "active": Member(BOOLEAN),
        }
    )


NEW_TYPE = _type_shape(new=True)
TYPE_PATCH = _type_shape(new=False)
# The core names the policies' members flat; this API nests them.
TYPE_NAMES = {
    "cancellation_hours": "cancellation_policy.free_until_hours",
    "deposit_amount": "deposit.amount",
    "deposit_rate": "deposit.rate",
}
# Members copied as they are into the core's details.
_PLAIN_TYPE_MEMBERS = (
    "name",
    "unit",
    "base_price",
    "appointment_minutes",
    "assigns_staff",
    "staff_ids",
    "location_ids",
    "required_immunization_type_ids",
    "required_agreement_ids",
    "requires_evaluation",
    "active",
)


def _service_shape(*, new: bool) -> Obj:
    return Obj(
        {
            "name": Member(TEXT, required=new),
            "price": Member(DECIMAL, required=new),
            "charge": Member(TEXT),
            "type_ids": Member(IDS),
            "active": Member(BOOLEAN),
        }
    )


NEW_SERVICE = _service_shape(new=True)
SERVICE_PATCH = _service_shape(new=False)


def _week(current: WeeklyHours, given: dict[str, Any]) -> WeeklyHours:
    days = list(current.days)
    for index, name in enumerate(DAY_NAMES):
        if name in given:
            hours = given[name]
            days[index] = None if hours is None else DailyHours(hours["opens"], hours["closes"])
    return WeeklyHours(tuple(days))


def _policy(current: BookingPolicy, given: dict[str, Any]) -> BookingPolicy:
    changes: dict[str, Any] = {
        name: given[name]
        for name in ("horizon_days", "same_day_allowed", "next_day_cutoff", "closed_dates")
        if name in given
    }
    for name in ("drop_off_hours", "pick_up_hours"):
        if name in given:
            changes[name] = _week(getattr(current, name), given[name])
    return attrs.evolve(current, **changes)


def _current_details(kind: ReservationType) -> ReservationTypeDetails:
    deposit = kind.deposit
    return ReservationTypeDetails(
        name=kind.name,
        unit=kind.unit,
        base_price=kind.base_price.to_decimal(),
        appointment_minutes=kind.appointment_minutes,
        assigns_staff=kind.assigns_staff,
        staff_ids=kind.staff_ids,
        location_ids=kind.location_ids,
        required_immunization_type_ids=kind.required_immunization_type_ids,
        required_agreement_ids=kind.required_agreement_ids,
        requires_evaluation=kind.requires_evaluation,
        policy=kind.policy,
        cancellation_hours=kind.cancellation.free_until_hours,
        deposit_amount=deposit.amount.to_decimal() if isinstance(deposit, FixedDeposit) else None,
        deposit_rate=deposit.rate if isinstance(deposit, PercentageDeposit) else None,
        active=kind.active,
    )


def type_details(base: ReservationTypeDetails, body: dict[str, Any]) -> ReservationTypeDetails:
    """``base`` with the members of a checked body applied."""
    changes: dict[str, Any] = {name: body[name] for name in _PLAIN_TYPE_MEMBERS if name in body}
    if "booking_policy" in body:
        changes["policy"] = _policy(base.policy, body["booking_policy"])
    if "cancellation_policy" in body:
        changes["cancellation_hours"] = body["cancellation_policy"]["free_until_hours"]
    if "deposit" in body:
        deposit = body["deposit"] or {}
        changes["deposit_amount"] = deposit.get("amount")
        changes["deposit_rate"] = deposit.get("rate")
    return attrs.evolve(base, **changes)


def _query_id(query: dict[str, str], name: str) -> int | None:
    found = query_integer(query, name, 0, 1, MAX_ID)
    return found or None


# Reservation types


def _types(active_only: bool, call: StaffCall) -> object:
    kinds = call.services.list_reservation_types(call.facility_id, active_only=active_only)
    return {"reservation_types": [views.reservation_type_json(kind) for kind in kinds]}


async def list_types(request: web.Request) -> web.Response:
    """``GET /staff/api/reservation-types?active_only=true``: the types, by id."""
    query = read_query(request, {"active_only": BOOLEANS})
    active_only = query.get("active_only") == "true"
    return await as_staff(request, functools.partial(_types, active_only))


def _type(type_id: ReservationTypeId, call: StaffCall) -> object:
    kind = call.services.get_reservation_type(call.facility_id, type_id)
    return views.reservation_type_json(kind)


async def get_type(request: web.Request) -> web.Response:
    """``GET /staff/api/reservation-types/{id}``: one type with its policies."""
    type_id = ReservationTypeId(path_id(request, "id", "type_id"))
    return await as_staff(request, functools.partial(_type, type_id))


def _create_type(body: dict[str, Any], call: StaffCall) -> object:
    base = ReservationTypeDetails(
        name=body["name"], unit=body["unit"], base_price=body["base_price"]
    )
    details = type_details(base, body)
    kind = ok(
        call.services.define_reservation_type(call.facility_id, call.actor, details), TYPE_NAMES
    )
    return views.reservation_type_json(kind)


async def create_type(request: web.Request) -> web.Response:
    """``POST /staff/api/reservation-types``: add a type (``catalog.manage``; 201)."""
    body = await read_body(request, NEW_TYPE)
    return await as_staff(request, functools.partial(_create_type, body), status=201)


def _patch_type(body: dict[str, Any], type_id: ReservationTypeId, call: StaffCall) -> object:
    current = call.services.get_reservation_type(call.facility_id, type_id)
    details = type_details(_current_details(current), body)
    kind = ok(
        call.services.update_reservation_type(
            call.facility_id, call.actor, type_id, details, expected_version=current.version
        ),
        TYPE_NAMES,
    )
    return views.reservation_type_json(kind)


async def patch_type(request: web.Request) -> web.Response:
    """``PATCH /staff/api/reservation-types/{id}``: change some members; the others stay
    (``catalog.manage``)."""
    type_id = ReservationTypeId(path_id(request, "id", "type_id"))
    body = await read_body(request, TYPE_PATCH)
    return await as_staff(request, functools.partial(_patch_type, body, type_id))


# Additional services


def _services(type_id: int | None, active_only: bool, call: StaffCall) -> object:
    services = call.services.list_additional_services(
        call.facility_id,
        None if type_id is None else ReservationTypeId(type_id),
        active_only=active_only,
    )
    return {"additional_services": [views.additional_service_json(item) for item in services]}


async def list_services(request: web.Request) -> web.Response:
    """``GET /staff/api/additional-services?type_id=&active_only=true``: the add-ons, by id
    (those offered with one type when ``type_id`` is given)."""
    query = read_query(request, {"type_id": None, "active_only": BOOLEANS})
    type_id = _query_id(query, "type_id")
    active_only = query.get("active_only") == "true"
    return await as_staff(request, functools.partial(_services, type_id, active_only))


def _create_service(body: dict[str, Any], call: StaffCall) -> object:
    details = attrs.evolve(
        AdditionalServiceDetails(name=body["name"], price=body["price"]),
        **{name: body[name] for name in ("charge", "type_ids", "active") if name in body},
    )
    service = ok(call.services.define_additional_service(call.facility_id, call.actor, details))
    return views.additional_service_json(service)


async def create_service(request: web.Request) -> web.Response:
    """``POST /staff/api/additional-services``: add an add-on (``catalog.manage``; 201)."""
    body = await read_body(request, NEW_SERVICE)
    return await as_staff(request, functools.partial(_create_service, body), status=201)


def _patch_service(
    body: dict[str, Any], service_id: AdditionalServiceId, call: StaffCall
) -> object:
    found = [
        item
        for item in call.services.list_additional_services(call.facility_id)
        if item.id == service_id
    ]
    if not found:
        raise NotFound("AdditionalService", service_id)
    current = found[0]
    details = AdditionalServiceDetails(
        name=body.get("name", current.name),
        price=body.get("price", current.price.to_decimal()),
        charge=body.get("charge", current.charge),
        type_ids=body.get("type_ids", current.type_ids),
        active=body.get("active", current.active),
    )
    service = ok(
        call.services.update_additional_service(
            call.facility_id, call.actor, service_id, details, expected_version=current.version
        )
    )
    return views.additional_service_json(service)


async def patch_service(request: web.Request) -> web.Response:
    """``PATCH /staff/api/additional-services/{id}``: change some members; the others stay
    (``catalog.manage``)."""
    service_id = AdditionalServiceId(path_id(request, "id", "service_id"))
    body = await read_body(request, SERVICE_PATCH)
    return await as_staff(request, functools.partial(_patch_service, body, service_id))
