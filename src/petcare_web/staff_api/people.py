"""Owners and animals in the staff API, business-only data included: list, read, create,
change, and incident reports."""

from __future__ import annotations

import functools

from aiohttp import web

from petcare_core.domain.ids import AnimalId, OwnerId
from petcare_core.ports.errors import NotFound
from petcare_core.services import NewOwner
from petcare_core.services.directory import OwnerLookup
from petcare_web.portal_api.fields import ANIMAL_FIELDS, OWNER_FIELDS
from petcare_web.portal_api.jsonio import (
    Field,
    JsonBody,
    Kind,
    path_id,
    query_integer,
    read_json,
    read_query,
    text,
)
from petcare_web.portal_api.rejections import ok
from petcare_web.portal_api.views import JsonObject, iso
from petcare_web.staff_api import views
from petcare_web.staff_api.auth import StaffCall, as_staff

PAGE_QUERY: dict[str, tuple[str, ...] | None] = {"limit": None, "offset": None}
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
NEW_ANIMAL_FIELDS = {**ANIMAL_FIELDS, "owner_id": Field(Kind.ID, required=True, nullable=False)}
INCIDENT_FIELDS = {
    "occurred_on": Field(Kind.DATE, required=True, nullable=False),
    "description": text(required=True),
}
_NAME_FIELDS = ("first_name", "last_name", "email", "cell_phone", "home_phone")


def _page(request: web.Request) -> slice:
    query = read_query(request, PAGE_QUERY)
    limit = query_integer(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = query_integer(query, "offset", 0, 0, 2**31)
    return slice(offset, offset + limit)


def _owners(page: slice, call: StaffCall) -> object:
    households = ok(call.services.list_households(call.facility_id, call.actor)).households
    return {
        "total": len(households),
        "owners": [
            {**views.owner_json(item.owner), "animal_ids": [pet.id for pet in item.animals]}
            for item in households[page]
        ],
    }


async def list_owners(request: web.Request) -> web.Response:
    """``GET /staff/api/owners?limit=&offset=``: owners by id, with their animals' ids."""
    return await as_staff(request, functools.partial(_owners, _page(request)))


def _owner(owner_id: OwnerId, call: StaffCall) -> JsonObject:
    lookup = OwnerLookup(owner_id=owner_id)
    found = ok(call.services.find_households(call.facility_id, call.actor, lookup)).households
    if not found:
        raise NotFound("Owner", owner_id)
    household = found[0]
    return {
        **views.owner_json(household.owner),
        "animals": [views.animal_json(pet) for pet in household.animals],
    }


async def get_owner(request: web.Request) -> web.Response:
    """``GET /staff/api/owners/{id}``: an owner with their animals."""
    owner_id = OwnerId(path_id(request, "id", "owner_id"))
    return await as_staff(request, functools.partial(_owner, owner_id))


def _create_owner(body: JsonBody, call: StaffCall) -> object:
    details = body.patch(exclude=frozenset(_NAME_FIELDS))
    command = NewOwner(
        first_name=body.text("first_name"),
        last_name=body.text("last_name"),
        email=body.text("email"),
        cell_phone=body.text("cell_phone"),
        home_phone=body.text("home_phone"),
        details=details,
    )
    # Answered from the stored record: the writer needs no read permission as well.
    return views.owner_json(ok(call.services.create_owner(call.facility_id, call.actor, command)))


async def create_owner(request: web.Request) -> web.Response:
    """``POST /staff/api/owners``: add a household (``owners.write``; 201)."""
    body = await read_json(request, OWNER_FIELDS)
    return await as_staff(request, functools.partial(_create_owner, body), status=201)


def _patch_owner(body: JsonBody, owner_id: OwnerId, call: StaffCall) -> object:
    patch = body.patch()
    owner = ok(call.services.update_owner_as_staff(call.facility_id, call.actor, owner_id, patch))
    return views.owner_json(owner)


async def patch_owner(request: web.Request) -> web.Response:
    """``PATCH /staff/api/owners/{id}``: change any owner field (``owners.write``)."""
    owner_id = OwnerId(path_id(request, "id", "owner_id"))
    body = await read_json(request, OWNER_FIELDS)
    return await as_staff(request, functools.partial(_patch_owner, body, owner_id))


def _animals(page: slice, call: StaffCall) -> object:
    pets = ok(call.services.pet_directory(call.facility_id, call.actor)).pets
    return {
        "total": len(pets),
        "animals": [
            {
                **views.animal_json(item.animal),
                "next_immunization_expiration": iso(item.next_immunization_expiration),
            }
            for item in pets[page]
        ],
    }


async def list_animals(request: web.Request) -> web.Response:
    """``GET /staff/api/animals?limit=&offset=``: animals by id with their next vaccine
    expiry."""
    return await as_staff(request, functools.partial(_animals, _page(request)))


def _animal(animal_id: AnimalId, call: StaffCall) -> object:
    return views.animal_json(ok(call.services.get_animal(call.facility_id, call.actor, animal_id)))


async def get_animal(request: web.Request) -> web.Response:
    """``GET /staff/api/animals/{id}``: an animal with its business-only data."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    return await as_staff(request, functools.partial(_animal, animal_id))


def _create_animal(body: JsonBody, call: StaffCall) -> object:
    owner_id = OwnerId(body.identifier("owner_id") or 0)
    patch = body.patch(exclude=frozenset({"owner_id"}))
    animal = ok(call.services.add_animal_as_staff(call.facility_id, call.actor, owner_id, patch))
    return views.animal_json(animal)


async def create_animal(request: web.Request) -> web.Response:
    """``POST /staff/api/animals``: add a pet to the household ``owner_id``
    (``animals.write``; 201)."""
    body = await read_json(request, NEW_ANIMAL_FIELDS)
    return await as_staff(request, functools.partial(_create_animal, body), status=201)


def _patch_animal(body: JsonBody, animal_id: AnimalId, call: StaffCall) -> object:
    animal = ok(
        call.services.update_animal_as_staff(call.facility_id, call.actor, animal_id, body.patch())
    )
    return views.animal_json(animal)


async def patch_animal(request: web.Request) -> web.Response:
    """``PATCH /staff/api/animals/{id}``: change any field of a pet (``animals.write``)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    body = await read_json(request, ANIMAL_FIELDS)
    return await as_staff(request, functools.partial(_patch_animal, body, animal_id))


def _add_incident(body: JsonBody, animal_id: AnimalId, call: StaffCall) -> object:
    occurred_on = body.day("occurred_on")
    assert occurred_on is not None  # read_json checked it is a date
    animal = ok(
        call.services.add_incident_report(
            call.facility_id, call.actor, animal_id, occurred_on, body.text("description")
        )
    )
    return views.animal_json(animal)


async def add_incident(request: web.Request) -> web.Response:
    """``POST /staff/api/animals/{id}/incidents``: record an incident (business-only;
    ``animals.write``; 201)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    body = await read_json(request, INCIDENT_FIELDS)
    return await as_staff(request, functools.partial(_add_incident, body, animal_id), status=201)
