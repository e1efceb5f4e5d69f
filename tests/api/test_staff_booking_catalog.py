"""The staff API's booking catalog: reservation types, add-ons, capacity pools, lodgings,
agreements and evaluations."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from petcare_core.domain.staff import Permission
from petcare_core.services import OPERATOR
from petcare_web.openapi import openapi_document

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BOARDING = {
    "name": "Boarding",
    "unit": "night",
    "base_price": "45.00",
    "requires_evaluation": True,
    "booking_policy": {
        "horizon_days": 180,
        "same_day_allowed": False,
        "next_day_cutoff": "18:00",
        "drop_off_hours": {"sunday": None, "saturday": {"opens": "08:00", "closes": "12:00"}},
        "closed_dates": ["2030-12-25", "2030-01-01"],
    },
    "cancellation_policy": {"free_until_hours": 48},
    "deposit": {"amount": "50.00"},
}


def documented(reply: Any, path: str, method: str) -> None:
    """Assert the answer is what the OpenAPI document says ``method path`` answers."""
    operation = openapi_document()["paths"][path][method]
    schema = operation["responses"][str(reply.status)]["content"]["application/json"]["schema"]
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        reply.json
    )


async def _create(api: Any, tenant: Any, path: str, body: dict[str, Any]) -> Any:
    reply = await api.call("POST", f"/staff/api/{path}", key=tenant.key, json=body)
    assert reply.status == 201, reply.json
    template = "/".join("{id}" if part.isdigit() else part for part in path.split("/"))
    documented(reply, f"/staff/api/{template}", "post")
    return reply.json


async def test_a_reservation_type_is_created_with_its_policies_read_and_listed(
    api: Any, alpha: Any
) -> None:
    body = {
        **BOARDING,
        "location_ids": [alpha.locations[0].id],
        "required_immunization_type_ids": [alpha.rabies.id],
    }
    created = await _create(api, alpha, "reservation-types", body)

    policy = created["booking_policy"]
    assert (created["base_price"], created["unit"], created["active"]) == ("45.00", "night", True)
    assert created["location_ids"] == [alpha.locations[0].id]
    assert created["required_immunization_type_ids"] == [alpha.rabies.id]
    assert (policy["horizon_days"], policy["same_day_allowed"], policy["next_day_cutoff"]) == (
        180,
        False,
        "18:00",
    )
    assert policy["drop_off_hours"]["sunday"] is None
    assert policy["drop_off_hours"]["saturday"] == {"opens": "08:00", "closes": "12:00"}
    assert policy["drop_off_hours"]["monday"] == {"opens": "07:00", "closes": "19:00"}
    assert list(policy["pick_up_hours"]) == list(WEEKDAYS)
    assert policy["closed_dates"] == ["2030-01-01", "2030-12-25"]
    assert created["cancellation_policy"] == {"free_until_hours": 48}
    assert created["deposit"] == {"amount": "50.00"}

    one = await api.call("GET", f"/staff/api/reservation-types/{created['id']}", key=alpha.key)
    listed = await api.call("GET", "/staff/api/reservation-types", key=alpha.key)
    assert one.status == listed.status == 200
    documented(one, "/staff/api/reservation-types/{id}", "get")
    documented(listed, "/staff/api/reservation-types", "get")
    assert one.json == created
    assert listed.json == {"reservation_types": [created]}


async def test_an_appointment_type_assigns_staff(api: Any, alpha: Any) -> None:
    created = await _create(
        api,
        alpha,
        "reservation-types",
        {
            "name": "Grooming",
            "unit": "appointment",
            "base_price": "60",
            "appointment_minutes": 90,
            "assigns_staff": True,
            "deposit": {"rate": "0.25"},
        },
    )

    assert (created["appointment_minutes"], created["assigns_staff"]) == (90, True)
    assert (created["base_price"], created["deposit"]) == ("60.00", {"rate": "0.25"})


async def test_a_patch_changes_what_it_names_and_keeps_the_rest(api: Any, alpha: Any) -> None:
    created = await _create(api, alpha, "reservation-types", BOARDING)
    path = f"/staff/api/reservation-types/{created['id']}"

    patched = await api.call(
        "PATCH",
        path,
        key=alpha.key,
        json={
            "base_price": "47.50",
            "booking_policy": {"drop_off_hours": {"monday": None}},
            "deposit": {"rate": "0.5"},
        },
    )
    cleared = await api.call("PATCH", path, key=alpha.key, json={"deposit": None, "active": False})

    assert patched.status == 200, patched.json
    policy = patched.json["booking_policy"]
    assert patched.json["base_price"] == "47.50"
    assert policy["drop_off_hours"]["monday"] is None
    assert policy["drop_off_hours"]["saturday"] == {"opens": "08:00", "closes": "12:00"}
    assert (policy["horizon_days"], policy["next_day_cutoff"]) == (180, "18:00")
    assert patched.json["cancellation_policy"] == {"free_until_hours": 48}
    assert patched.json["deposit"] == {"rate": "0.5"}
    assert cleared.status == 200
    assert (cleared.json["deposit"], cleared.json["active"]) == (None, False)
    active = await api.call("GET", "/staff/api/reservation-types?active_only=true", key=alpha.key)
    assert active.json == {"reservation_types": []}


async def test_every_shape_problem_is_reported_at_once_and_nothing_is_written(
    api: Any, services: Any, alpha: Any
) -> None:
    reply = await api.call(
        "POST",
        "/staff/api/reservation-types",
        key=alpha.key,
        json={
            "name": 5,
            "base_price": 45,
            "appointment_minutes": 0,
            "location_ids": [1, "2"],
            "booking_policy": {
                "drop_off_hours": {"monday": {"opens": "19:00", "closes": "07:00"}, "funday": None},
                "next_day_cutoff": "6pm",
                "closed_dates": ["2030-02-30"],
                "horizon_days": -1,
            },
            "cancellation_policy": {},
            "deposit": {"amount": "5.00", "rate": "0.1"},
            "colour": "red",
        },
    )

    assert reply.status == 422
    assert reply.json["code"] == "invalid_request"
    fields = {reason["field"] for reason in reply.json["reasons"]}
    assert fields == {
        "colour",
        "name",
        "unit",
        "base_price",
        "appointment_minutes",
        "location_ids[1]",
        "booking_policy.horizon_days",
        "booking_policy.next_day_cutoff",
        "booking_policy.drop_off_hours.funday",
        "booking_policy.drop_off_hours.monday",
        "booking_policy.closed_dates[0]",
        "cancellation_policy.free_until_hours",
        "deposit",
    }
    base_price = next(r for r in reply.json["reasons"] if r["field"] == "base_price")
    assert '"45.00"' in base_price["message"]
    assert services.list_reservation_types(alpha.fid) == []


async def test_business_rules_are_reported_under_the_apis_names(api: Any, alpha: Any) -> None:
    await _create(api, alpha, "reservation-types", BOARDING)

    reply = await api.call(
        "POST",
        "/staff/api/reservation-types",
        key=alpha.key,
        json={
            "name": "boarding",
            "unit": "week",
            "base_price": "1.001",
            "cancellation_policy": {"free_until_hours": 24},
            "deposit": {"rate": "1.5"},
            "location_ids": [999999],
        },
    )

    assert reply.status == 422
    assert reply.json["code"] == "rejected"
    fields = [reason["field"] for reason in reply.json["reasons"]]
    assert set(fields) == {"name", "unit", "base_price", "deposit.rate", "location_ids"}
    rate = next(r for r in reply.json["reasons"] if r["field"] == "deposit.rate")
    assert rate["message"].startswith("deposit.rate: ")


async def test_catalog_writes_need_catalog_manage(
    api: Any, services: Any, alpha: Any, key_with: Any
) -> None:
    reader = key_with(services, alpha, {Permission.API_ACCESS}, "reader")
    kind = await _create(api, alpha, "reservation-types", BOARDING)

    writes = [
        ("POST", "reservation-types", BOARDING),
        ("PATCH", f"reservation-types/{kind['id']}", {"name": "Renamed"}),
        ("POST", "additional-services", {"name": "Bath", "price": "10.00"}),
        ("POST", "agreements", {"title": "Waiver", "text": "I agree."}),
        (
            "POST",
            "capacity-pools",
            {
                "location_id": alpha.locations[0].id,
                "name": "Kennels",
                "kind": "area",
                "capacity": 5,
            },
        ),
    ]
    for method, path, body in writes:
        reply = await api.call(method, f"/staff/api/{path}", key=reader, json=body)
        assert reply.status == 403, (path, reply.json)
        assert "'catalog.manage'" in reply.json["message"]
    read = await api.call("GET", "/staff/api/reservation-types", key=reader)
    assert read.status == 200
    assert [item["name"] for item in read.json["reservation_types"]] == ["Boarding"]
    assert services.list_additional_services(alpha.fid) == []
    assert services.list_agreements(alpha.fid) == []
    assert services.list_capacity_pools(alpha.fid) == []


async def test_add_ons_are_created_listed_by_type_and_patched(api: Any, alpha: Any) -> None:
    kind = await _create(api, alpha, "reservation-types", BOARDING)
    bath = await _create(
        api,
        alpha,
        "additional-services",
        {"name": "Bath", "price": "12.5", "type_ids": [kind["id"]]},
    )
    walk = await _create(
        api, alpha, "additional-services", {"name": "Walk", "price": "5", "charge": "per_unit"}
    )

    assert bath == {
        "id": bath["id"],
        "name": "Bath",
        "price": "12.50",
        "charge": "per_stay",
        "type_ids": [kind["id"]],
        "active": True,
    }
    offered = await api.call(
        "GET", f"/staff/api/additional-services?type_id={kind['id']}", key=alpha.key
    )
    assert offered.json == {"additional_services": [bath]}
    patched = await api.call(
        "PATCH",
        f"/staff/api/additional-services/{walk['id']}",
        key=alpha.key,
        json={"type_ids": [kind["id"]], "active": False},
    )
    assert patched.status == 200
    assert (patched.json["price"], patched.json["charge"]) == ("5.00", "per_unit")
    assert (patched.json["type_ids"], patched.json["active"]) == ([kind["id"]], False)
    active = await api.call(
        "GET",
        f"/staff/api/additional-services?type_id={kind['id']}&active_only=true",
        key=alpha.key,
    )
    assert [item["name"] for item in active.json["additional_services"]] == ["Bath"]
    refused = await api.call(
        "PATCH",
        f"/staff/api/additional-services/{walk['id']}",
        key=alpha.key,
        json={"charge": "hourly", "price": "-1"},
    )
    assert refused.status == 422
    assert {reason["field"] for reason in refused.json["reasons"]} == {"price"}


async def test_pools_and_their_lodgings(api: Any, alpha: Any) -> None:
    kind = await _create(api, alpha, "reservation-types", BOARDING)
    location = alpha.locations[0].id
    pool = await _create(
        api,
        alpha,
        "capacity-pools",
        {
            "location_id": location,
            "name": "Kennels",
            "kind": "room",
            "capacity": 12,
            "type_ids": [kind["id"]],
        },
    )
    path = f"capacity-pools/{pool['id']}/lodgings"
    run = await _create(api, alpha, path, {"name": "Run 1"})
    await _create(api, alpha, path, {"name": "Run 2"})

    assert pool == {
        "id": pool["id"],
        "location_id": location,
        "name": "Kennels",
        "kind": "room",
        "capacity": 12,
        "type_ids": [kind["id"]],
        "active": True,
    }
    assert run == {"id": run["id"], "pool_id": pool["id"], "name": "Run 1", "active": True}
    patched = await api.call(
        "PATCH", f"/staff/api/capacity-pools/{pool['id']}", key=alpha.key, json={"capacity": 10}
    )
    assert (patched.status, patched.json["capacity"], patched.json["kind"]) == (200, 10, "room")
    listed = await api.call(
        "GET", f"/staff/api/capacity-pools?location_id={location}", key=alpha.key
    )
    assert listed.json == {"capacity_pools": [patched.json]}
    renamed = await api.call(
        "PATCH", f"/staff/api/lodgings/{run['id']}", key=alpha.key, json={"active": False}
    )
    assert (renamed.json["name"], renamed.json["active"]) == ("Run 1", False)
    lodgings = await api.call("GET", f"/staff/api/{path}", key=alpha.key)
    assert [item["name"] for item in lodgings.json["lodgings"]] == ["Run 1", "Run 2"]
    second = await api.call(
        "POST",
        "/staff/api/capacity-pools",
        key=alpha.key,
        json={
            "location_id": location,
            "name": "kennels",
            "kind": "area",
            "capacity": 3,
            "type_ids": [kind["id"]],
        },
    )
    assert second.status == 422
    assert {reason["code"] for reason in second.json["reasons"]} == {
        "already_exists",
        "type_in_another_pool",
    }
    duplicate = await api.call("POST", f"/staff/api/{path}", key=alpha.key, json={"name": "run 2"})
    assert (duplicate.status, duplicate.json["reasons"][0]["field"]) == (422, "name")


async def test_agreements_versions_and_changes(api: Any, alpha: Any) -> None:
    created = await _create(
        api,
        alpha,
        "agreements",
        {"title": "Boarding waiver", "text": "I agree.", "location_ids": [alpha.locations[0].id]},
    )
    path = f"/staff/api/agreements/{created['id']}"
    second = await api.call(
        "POST", f"{path}/versions", key=alpha.key, json={"text": "I agree, v2."}
    )
    patched = await api.call(
        "PATCH", path, key=alpha.key, json={"title": "Waiver", "location_ids": []}
    )

    assert (created["current_version"], created["text"]) == (1, "I agree.")
    assert [version["text"] for version in created["versions"]] == ["I agree."]
    assert second.status == 201
    assert (second.json["current_version"], second.json["text"]) == (2, "I agree, v2.")
    assert patched.status == 200
    assert (patched.json["title"], patched.json["location_ids"]) == ("Waiver", [])
    assert patched.json["active"] is True
    listed = await api.call("GET", "/staff/api/agreements", key=alpha.key)
    documented(listed, "/staff/api/agreements", "get")
    [item] = listed.json["agreements"]
    assert item["text"] == "I agree, v2."
    assert [set(version) for version in item["versions"]] == [{"number", "published_at"}] * 2
    one = await api.call("GET", path, key=alpha.key)
    assert [version["text"] for version in one.json["versions"]] == ["I agree.", "I agree, v2."]
    off = await api.call("PATCH", path, key=alpha.key, json={"active": False})
    assert off.json["active"] is False
    active = await api.call("GET", "/staff/api/agreements?active_only=true", key=alpha.key)
    assert active.json == {"agreements": []}
    refused = await api.call("POST", f"{path}/versions", key=alpha.key, json={"text": "  "})
    assert (refused.status, refused.json["reasons"][0]["field"]) == (422, "text")


async def test_evaluations_of_an_animal(api: Any, services: Any, alpha: Any, beta: Any) -> None:
    path = f"/staff/api/animals/{alpha.rex.id}/evaluations"
    failed = await api.call(
        "POST", path, key=alpha.key, json={"result": "fail", "notes": "Nervous"}
    )
    passed = await api.call(
        "POST", path, key=alpha.key, json={"result": "pass", "recorded_by": alpha.manager.id}
    )
    listed = await api.call("GET", path, key=alpha.key)

    assert failed.status == passed.status == 201
    assert (failed.json["result"], failed.json["notes"]) == ("fail", "Nervous")
    assert failed.json["recorded_by"] == alpha.manager.id
    assert listed.json == {"animal_id": alpha.rex.id, "evaluations": [failed.json, passed.json]}
    documented(listed, "/staff/api/animals/{id}/evaluations", "get")
    refused = await api.call(
        "POST", path, key=alpha.key, json={"result": "maybe", "recorded_by": beta.manager.id}
    )
    assert refused.status == 422
    assert {reason["field"] for reason in refused.json["reasons"]} == {"result", "recorded_by"}
    assert len(services.animal_evaluations(alpha.fid, OPERATOR, alpha.rex.id).unwrap()) == 2


async def test_another_facilitys_records_are_not_found(api: Any, alpha: Any, beta: Any) -> None:
    kind = await _create(api, beta, "reservation-types", BOARDING)
    add_on = await _create(api, beta, "additional-services", {"name": "Bath", "price": "1"})
    pool = await _create(
        api,
        beta,
        "capacity-pools",
        {"location_id": beta.locations[0].id, "name": "Kennels", "kind": "area", "capacity": 2},
    )
    lodging = await _create(api, beta, f"capacity-pools/{pool['id']}/lodgings", {"name": "Run"})
    agreement = await _create(api, beta, "agreements", {"title": "Waiver", "text": "Yes."})

    calls = [
        ("GET", f"reservation-types/{kind['id']}", None),
        ("PATCH", f"reservation-types/{kind['id']}", {"name": "Mine"}),
        ("PATCH", f"additional-services/{add_on['id']}", {"name": "Mine"}),
        ("PATCH", f"capacity-pools/{pool['id']}", {"capacity": 1}),
        ("GET", f"capacity-pools/{pool['id']}/lodgings", None),
        ("POST", f"capacity-pools/{pool['id']}/lodgings", {"name": "Mine"}),
        ("PATCH", f"lodgings/{lodging['id']}", {"name": "Mine"}),
        ("GET", f"agreements/{agreement['id']}", None),
        ("PATCH", f"agreements/{agreement['id']}", {"title": "Mine"}),
        ("POST", f"agreements/{agreement['id']}/versions", {"text": "Mine"}),
        ("GET", f"animals/{beta.rex.id}/evaluations", None),
        ("POST", f"animals/{beta.rex.id}/evaluations", {"result": "pass"}),
    ]
    for method, path, body in calls:
        reply = await api.call(method, f"/staff/api/{path}", key=alpha.key, json=body)
        assert reply.status == 404, (method, path, reply.json)
        assert reply.json["code"] == "not_found"
    mine = await api.call("GET", "/staff/api/reservation-types", key=alpha.key)
    assert mine.json == {"reservation_types": []}
    foreign_pool = await api.call(
        "POST",
        "/staff/api/capacity-pools",
        key=alpha.key,
        json={"location_id": beta.locations[0].id, "name": "X", "kind": "area", "capacity": 1},
    )
    assert (foreign_pool.status, foreign_pool.json["reasons"][0]["field"]) == (422, "location_id")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("reservation-types?active_only=yes", "active_only"),
        ("additional-services?type_id=abc", "type_id"),
        ("capacity-pools?location_id=0", "location_id"),
        ("agreements?page=2", "page"),
    ],
)
async def test_wrong_query_parameters_are_400(api: Any, alpha: Any, path: str, field: str) -> None:
    reply = await api.call("GET", f"/staff/api/{path}", key=alpha.key)

    assert reply.status == 400
    assert reply.json["code"] == "invalid_query"
    assert reply.json["reasons"][0]["field"] == field


async def test_bodies_that_are_not_json_objects_are_refused(api: Any, alpha: Any) -> None:
    array = await api.call("POST", "/staff/api/agreements", key=alpha.key, json=["x"])
    text = await api.call(
        "POST",
        "/staff/api/agreements",
        key=alpha.key,
        data=b"title=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    nul = await api.call(
        "POST", "/staff/api/agreements", key=alpha.key, json={"title": "a\u0000", "text": "b"}
    )

    assert (array.status, array.json["code"]) == (400, "malformed_json")
    assert (text.status, text.json["code"]) == (415, "unsupported_media_type")
    assert (nul.status, nul.json["reasons"][0]["field"]) == (422, "title")
