"""Capacity pools and their lodgings (runs, kennels, suites) in the staff API.

Reading needs only ``api.access``; creating or changing needs ``catalog.manage``. A ``PATCH``
changes the members it names and keeps the others, and a change someone else saved meanwhile
(the write names the version it was made from; the patch is made again on the fresh record).
"""

from __future__ import annotations

import functools
from typing import Any

from aiohttp import web

from petcare_core.domain.capacity import CapacityPool, Lodging
from petcare_core.domain.ids import CapacityPoolId, LocationId, LodgingId
from petcare_core.ports.errors import NotFound
from petcare_core.services import CapacityPoolDetails
from petcare_core.services.capacity_pools import MAX_CAPACITY
from petcare_web.portal_api.jsonio import MAX_ID, path_id, query_integer, read_query
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views_booking as views
from petcare_web.staff_api.auth import StaffCall, as_staff
from petcare_web.staff_api.booking_input import (
    BOOLEAN,
    ID,
    IDS,
    TEXT,
    Member,
    Obj,
    read_body,
    whole,
)


def _pool_shape(*, new: bool) -> Obj:
    return Obj(
        {
            "location_id": Member(ID, required=new),
            "name": Member(TEXT, required=new),
            "kind": Member(TEXT, required=new),
            "capacity": Member(whole(0, MAX_CAPACITY), required=new),
            "type_ids": Member(IDS),
            "active": Member(BOOLEAN),
        }
    )


NEW_POOL = _pool_shape(new=True)
POOL_PATCH = _pool_shape(new=False)
NEW_LODGING = Obj({"name": Member(TEXT, required=True)})
LODGING_PATCH = Obj({"name": Member(TEXT), "active": Member(BOOLEAN)})


def _pool(call: StaffCall, pool_id: CapacityPoolId) -> CapacityPool:
    for pool in call.services.list_capacity_pools(call.facility_id):
        if pool.id == pool_id:
            return pool
    raise NotFound("CapacityPool", pool_id)


def _lodging(call: StaffCall, lodging_id: LodgingId) -> Lodging:
    for lodging in call.services.list_lodgings(call.facility_id):
        if lodging.id == lodging_id:
            return lodging
    raise NotFound("Lodging", lodging_id)


def _pools(location_id: int | None, call: StaffCall) -> object:
    location = None if location_id is None else LocationId(location_id)
    pools = call.services.list_capacity_pools(call.facility_id, location)
    return {"capacity_pools": [views.pool_json(pool) for pool in pools]}


async def list_pools(request: web.Request) -> web.Response:
    """``GET /staff/api/capacity-pools?location_id=``: the pools, by id (of one location when
    given)."""
    query = read_query(request, {"location_id": None})
    location_id = query_integer(query, "location_id", 0, 1, MAX_ID) or None
    return await as_staff(request, functools.partial(_pools, location_id))


def _create_pool(body: dict[str, Any], call: StaffCall) -> object:
    details = CapacityPoolDetails(
        location_id=LocationId(body["location_id"]),
        name=body["name"],
        kind=body["kind"],
        capacity=body["capacity"],
        type_ids=body.get("type_ids", ()),
        active=body.get("active", True),
    )
    pool = ok(call.services.define_capacity_pool(call.facility_id, call.actor, details))
    return views.pool_json(pool)


async def create_pool(request: web.Request) -> web.Response:
    """``POST /staff/api/capacity-pools``: add a pool to a location (``catalog.manage``;
    201)."""
    body = await read_body(request, NEW_POOL)
    return await as_staff(request, functools.partial(_create_pool, body), status=201)


def _patch_pool(body: dict[str, Any], pool_id: CapacityPoolId, call: StaffCall) -> object:
    current = _pool(call, pool_id)
    details = CapacityPoolDetails(
        location_id=LocationId(body.get("location_id", current.location_id)),
        name=body.get("name", current.name),
        kind=body.get("kind", current.kind),
        capacity=body.get("capacity", current.capacity),
        type_ids=body.get("type_ids", current.type_ids),
        active=body.get("active", current.active),
    )
    pool = ok(
        call.services.update_capacity_pool(
            call.facility_id, call.actor, pool_id, details, expected_version=current.version
        )
    )
    return views.pool_json(pool)


async def patch_pool(request: web.Request) -> web.Response:
    """``PATCH /staff/api/capacity-pools/{id}``: change some members; the others stay
    (``catalog.manage``)."""
    pool_id = CapacityPoolId(path_id(request, "id", "pool_id"))
    body = await read_body(request, POOL_PATCH)
    return await as_staff(request, functools.partial(_patch_pool, body, pool_id))


def _lodgings(pool_id: CapacityPoolId, call: StaffCall) -> object:
    pool = _pool(call, pool_id)
    lodgings = call.services.list_lodgings(call.facility_id, pool.id)
    return {"lodgings": [views.lodging_json(lodging) for lodging in lodgings]}


async def list_lodgings(request: web.Request) -> web.Response:
    """``GET /staff/api/capacity-pools/{id}/lodgings``: a pool's lodgings, by id."""
    pool_id = CapacityPoolId(path_id(request, "id", "pool_id"))
    return await as_staff(request, functools.partial(_lodgings, pool_id))


def _add_lodging(body: dict[str, Any], pool_id: CapacityPoolId, call: StaffCall) -> object:
    # The pool is looked up first so that another facility's pool is a 404, not a reason.
    pool = _pool(call, pool_id)
    lodging = ok(call.services.add_lodging(call.facility_id, call.actor, pool.id, body["name"]))
    return views.lodging_json(lodging)


async def add_lodging(request: web.Request) -> web.Response:
    """``POST /staff/api/capacity-pools/{id}/lodgings``: add a lodging to a pool
    (``catalog.manage``; 201)."""
    pool_id = CapacityPoolId(path_id(request, "id", "pool_id"))
    body = await read_body(request, NEW_LODGING)
    return await as_staff(request, functools.partial(_add_lodging, body, pool_id), status=201)


def _patch_lodging(body: dict[str, Any], lodging_id: LodgingId, call: StaffCall) -> object:
    current = _lodging(call, lodging_id)
    lodging = ok(
        call.services.update_lodging(
            call.facility_id,
            call.actor,
            lodging_id,
            body.get("name", current.name),
            active=body.get("active", current.active),
            expected_version=current.version,
        )
    )
    return views.lodging_json(lodging)


async def patch_lodging(request: web.Request) -> web.Response:
    """``PATCH /staff/api/lodgings/{id}``: rename a lodging or take it out of use
    (``catalog.manage``)."""
    lodging_id = LodgingId(path_id(request, "id", "lodging_id"))
    body = await read_body(request, LODGING_PATCH)
    return await as_staff(request, functools.partial(_patch_lodging, body, lodging_id))
