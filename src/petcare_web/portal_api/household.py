"""The parent's household in the portal API: their owner record, their pets, and the lists a
pet form chooses from.

Writes go through the portal use cases, which apply the projection rules (business-only and
non-editable fields are refused, each named); answers are always rebuilt from the portal views,
never from the stored records, which hold business-only data.
"""

from __future__ import annotations

import functools

from aiohttp import web

from petcare_core.domain.forms import FormKind
from petcare_core.domain.ids import AnimalId
from petcare_web.portal_api import views
from petcare_web.portal_api.auth import ParentAt, at_facility
from petcare_web.portal_api.fields import ANIMAL_FIELDS, OWNER_FIELDS
from petcare_web.portal_api.jsonio import JsonBody, path_id, read_json
from petcare_web.portal_api.rejections import ok


def _me(call: ParentAt) -> object:
    return views.owner_json(call.services.owner_portal_view(call.facility_id, call.account_id))


async def get_me(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/me``: the parent's household as the portal shows it."""
    return await at_facility(request, _me)


def _patch_me(body: JsonBody, call: ParentAt) -> object:
    ok(call.services.update_owner_from_portal(call.facility_id, call.account_id, body.patch()))
    return _me(call)


async def patch_me(request: web.Request) -> web.Response:
    """``PATCH /portal/api/f/{slug}/me``: change portal-editable fields of the household."""
    body = await read_json(request, OWNER_FIELDS)
    return await at_facility(request, functools.partial(_patch_me, body))


def _pet(call: ParentAt, animal_id: AnimalId) -> views.JsonObject:
    return views.animal_json(
        call.services.portal_animal(call.facility_id, call.account_id, animal_id)
    )


def _pets(call: ParentAt) -> object:
    pets = call.services.portal_animals(call.facility_id, call.account_id)
    return {"pets": [views.animal_json(pet) for pet in pets]}


async def list_pets(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/pets``: the parent's pets."""
    return await at_facility(request, _pets)


def _add_pet(body: JsonBody, call: ParentAt) -> object:
    animal = ok(
        call.services.add_animal_from_portal(call.facility_id, call.account_id, body.patch())
    )
    return _pet(call, animal.id)


async def add_pet(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/pets``: add a pet (201)."""
    body = await read_json(request, ANIMAL_FIELDS)
    return await at_facility(request, functools.partial(_add_pet, body), status=201)


async def get_pet(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/pets/{id}``: one of the parent's pets (404 for another's)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    return await at_facility(request, functools.partial(_pet, animal_id=animal_id))


def _patch_pet(body: JsonBody, animal_id: AnimalId, call: ParentAt) -> object:
    ok(
        call.services.update_animal_from_portal(
            call.facility_id, call.account_id, animal_id, body.patch()
        )
    )
    return _pet(call, animal_id)


async def patch_pet(request: web.Request) -> web.Response:
    """``PATCH /portal/api/f/{slug}/pets/{id}``: change one of the parent's pets."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    body = await read_json(request, ANIMAL_FIELDS)
    return await at_facility(request, functools.partial(_patch_pet, body, animal_id))


def _catalog(call: ParentAt) -> object:
    services, facility_id = call.services, call.facility_id
    return views.catalog_json(
        species=services.list_species(facility_id),
        breeds=services.list_breeds(facility_id),
        vets=services.list_vets(facility_id),
        temperaments=services.list_temperaments(facility_id),
        vaccines=services.list_immunization_types(facility_id),
        animal_form=services.get_form(facility_id, FormKind.ANIMAL_FORM).fields,
    )


async def catalog(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/catalog``: species, breeds, vets, temperaments, vaccines and
    the animal form's portal-visible fields, for the pet forms."""
    return await at_facility(request, _catalog)
