"""Agreements (waivers) and pet evaluations in the staff API.

Agreements: reading needs only ``api.access``; writing, publishing a new version (every
household signs again) and changing the title, locations or whether it is in use need
``catalog.manage``. Evaluations: reading a pet's needs ``animals.read``, recording one
``animals.write``.
"""

from __future__ import annotations

import functools
from typing import Any

from aiohttp import web

from petcare_core.domain.agreements import Agreement
from petcare_core.domain.ids import AgreementId, AnimalId, LocationId, StaffUserId
from petcare_core.ports.errors import NotFound
from petcare_web.portal_api.jsonio import path_id, read_query
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views_booking as views
from petcare_web.staff_api.auth import StaffCall, as_staff
from petcare_web.staff_api.booking_input import BOOLEAN, ID, IDS, TEXT, Member, Obj, read_body

BOOLEANS = ("true", "false")
NEW_AGREEMENT = Obj(
    {
        "title": Member(TEXT, required=True),
        "text": Member(TEXT, required=True),
        "location_ids": Member(IDS),
    }
)
AGREEMENT_PATCH = Obj(
    {"title": Member(TEXT), "location_ids": Member(IDS), "active": Member(BOOLEAN)}
)
NEW_VERSION = Obj({"text": Member(TEXT, required=True)})
NEW_EVALUATION = Obj(
    {
        "result": Member(TEXT, required=True),
        "notes": Member(TEXT),
        "recorded_by": Member(ID, nullable=True),
    }
)


def _locations(ids: list[int]) -> list[LocationId]:
    return [LocationId(key) for key in ids]


def _agreement(call: StaffCall, agreement_id: AgreementId) -> Agreement:
    for agreement in call.services.list_agreements(call.facility_id):
        if agreement.id == agreement_id:
            return agreement
    raise NotFound("Agreement", agreement_id)


def _agreements(active_only: bool, call: StaffCall) -> object:
    found = call.services.list_agreements(call.facility_id, active_only=active_only)
    return {"agreements": [views.agreement_json(item, texts=False) for item in found]}


async def list_agreements(request: web.Request) -> web.Response:
    """``GET /staff/api/agreements?active_only=true``: the agreements by id, each with its
    current text and the dates of its versions."""
    query = read_query(request, {"active_only": BOOLEANS})
    active_only = query.get("active_only") == "true"
    return await as_staff(request, functools.partial(_agreements, active_only))


def _get(agreement_id: AgreementId, call: StaffCall) -> object:
    return views.agreement_json(_agreement(call, agreement_id), texts=True)


async def get_agreement(request: web.Request) -> web.Response:
    """``GET /staff/api/agreements/{id}``: an agreement with the text of every version."""
    agreement_id = AgreementId(path_id(request, "id", "agreement_id"))
    return await as_staff(request, functools.partial(_get, agreement_id))


def _create(body: dict[str, Any], call: StaffCall) -> object:
    agreement = ok(
        call.services.create_agreement(
            call.facility_id,
            call.actor,
            body["title"],
            body["text"],
            location_ids=_locations(body.get("location_ids", [])),
        )
    )
    return views.agreement_json(agreement, texts=True)


async def create_agreement(request: web.Request) -> web.Response:
    """``POST /staff/api/agreements``: write an agreement; its text is version 1
    (``catalog.manage``; 201)."""
    body = await read_body(request, NEW_AGREEMENT)
    return await as_staff(request, functools.partial(_create, body), status=201)


def _publish(body: dict[str, Any], agreement_id: AgreementId, call: StaffCall) -> object:
    agreement = ok(
        call.services.publish_agreement_version(
            call.facility_id, call.actor, agreement_id, body["text"]
        )
    )
    return views.agreement_json(agreement, texts=True)


async def publish_version(request: web.Request) -> web.Response:
    """``POST /staff/api/agreements/{id}/versions``: publish the next version; every
    household must sign it again (``catalog.manage``; 201)."""
    agreement_id = AgreementId(path_id(request, "id", "agreement_id"))
    body = await read_body(request, NEW_VERSION)
    return await as_staff(request, functools.partial(_publish, body, agreement_id), status=201)


def _patch(body: dict[str, Any], agreement_id: AgreementId, call: StaffCall) -> object:
    current = _agreement(call, agreement_id)
    agreement = ok(
        call.services.update_agreement(
            call.facility_id,
            call.actor,
            agreement_id,
            title=body.get("title", current.title),
            location_ids=_locations(body.get("location_ids", sorted(current.location_ids))),
            active=body.get("active", current.active),
            expected_version=current.version,
        )
    )
    return views.agreement_json(agreement, texts=True)


async def patch_agreement(request: web.Request) -> web.Response:
    """``PATCH /staff/api/agreements/{id}``: change the title, the locations or whether it is
    in use (``catalog.manage``); its versions and signatures stay."""
    agreement_id = AgreementId(path_id(request, "id", "agreement_id"))
    body = await read_body(request, AGREEMENT_PATCH)
    return await as_staff(request, functools.partial(_patch, body, agreement_id))


def _evaluations(animal_id: AnimalId, call: StaffCall) -> object:
    found = ok(call.services.animal_evaluations(call.facility_id, call.actor, animal_id))
    return {
        "animal_id": animal_id,
        "evaluations": [views.evaluation_json(item) for item in found],
    }


async def list_evaluations(request: web.Request) -> web.Response:
    """``GET /staff/api/animals/{id}/evaluations``: a pet's evaluations, oldest first; the
    last one decides (``animals.read``)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    return await as_staff(request, functools.partial(_evaluations, animal_id))


def _record(body: dict[str, Any], animal_id: AnimalId, call: StaffCall) -> object:
    recorded_by = body.get("recorded_by")
    evaluation = ok(
        call.services.record_evaluation(
            call.facility_id,
            call.actor,
            animal_id,
            body["result"],
            notes=body.get("notes", ""),
            recorded_by=None if recorded_by is None else StaffUserId(recorded_by),
        )
    )
    return views.evaluation_json(evaluation)


async def record_evaluation(request: web.Request) -> web.Response:
    """``POST /staff/api/animals/{id}/evaluations``: record a pass or fail, by default as
    evaluated by the key's staff user (``animals.write``; 201)."""
    animal_id = AnimalId(path_id(request, "id", "animal_id"))
    body = await read_body(request, NEW_EVALUATION)
    return await as_staff(request, functools.partial(_record, body, animal_id), status=201)
