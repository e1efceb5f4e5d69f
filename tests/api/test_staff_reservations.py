"""The staff API's reservations: reads, the day sheet, booking with overrides, and every change
of the lifecycle."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from facility_clock import facility_today
from jsonschema import Draft202012Validator

from petcare_core.domain.staff import Permission
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    CapacityPoolDetails,
    ReservationTypeDetails,
)
from petcare_web.openapi import openapi_document

DENVER = ZoneInfo("America/Denver")


@attrs.frozen
class Catalog:
    """What the tests book: boarding (in a one-room pool), daycare (needs an evaluation),
    grooming (assigns staff), a bath add-on, two runs, and the stay's days."""

    tenant: Any
    boarding: Any
    daycare: Any
    grooming: Any
    bath: Any
    pool: Any
    runs: tuple[Any, ...]
    first: date
    last: date

    @property
    def location(self) -> int:
        return int(self.tenant.locations[0].id)

    def stay(self, **changes: Any) -> dict[str, Any]:
        """A booking body: Rex with a bath, boarding from ``first`` to ``last``."""
        body = {
            "owner_id": self.tenant.pat.id,
            "location_id": self.location,
            "type_id": self.boarding.id,
            "start": f"{self.first.isoformat()}T09:00",
            "end": f"{self.last.isoformat()}T11:00",
            "pets": [{"animal_id": self.tenant.rex.id, "add_on_ids": [self.bath.id]}],
        }
        return {**body, **changes}


def make_catalog(services: Any, tenant: Any, *, capacity: int = 1) -> Catalog:
    fid, ok = tenant.fid, OPERATOR
    boarding = services.define_reservation_type(
        fid, ok, ReservationTypeDetails(name="Boarding", unit="night", base_price=Decimal(45))
    ).unwrap()
    daycare = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(
            name="Daycare", unit="day", base_price=Decimal(30), requires_evaluation=True
        ),
    ).unwrap()
    grooming = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(
            name="Grooming",
            unit="appointment",
            base_price=Decimal(60),
            appointment_minutes=60,
            assigns_staff=True,
        ),
    ).unwrap()
    bath = services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(name="Bath", price=Decimal(10), type_ids={boarding.id}),
    ).unwrap()
    pool = services.define_capacity_pool(
        fid,
        ok,
        CapacityPoolDetails(
            location_id=tenant.locations[0].id,
            name="Kennels",
            kind="area",
            capacity=capacity,
            type_ids={boarding.id},
        ),
    ).unwrap()
    runs = tuple(
        services.add_lodging(fid, ok, pool.id, name).unwrap() for name in ("Run 1", "Run 2")
    )
    today = datetime.now(DENVER).date()
    return Catalog(
        tenant=tenant,
        boarding=boarding,
        daycare=daycare,
        grooming=grooming,
        bath=bath,
        pool=pool,
        runs=runs,
        first=today + timedelta(days=10),
        last=today + timedelta(days=13),
    )


def documented(reply: Any, path: str, method: str = "post") -> None:
    """Assert the answer is what the OpenAPI document says ``method path`` answers."""
    operation = openapi_document()["paths"][path][method]
    schema = operation["responses"][str(reply.status)]["content"]["application/json"]["schema"]
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        reply.json
    )


@pytest.fixture
def shop(services: Any, alpha: Any) -> Catalog:
    """Alpha's catalog."""
    return make_catalog(services, alpha)


async def _book(api: Any, shop: Catalog, key: str | None = None, **changes: Any) -> Any:
    reply = await api.call(
        "POST", "/staff/api/reservations", key=key or shop.tenant.key, json=shop.stay(**changes)
    )
    assert reply.status == 201, reply.json
    return reply.json["reservation"]


def _second_dog(services: Any, shop: Catalog) -> dict[str, Any]:
    """Another dog of Pat's, vaccinated like Rex: the pets of a second booking on Rex's dates
    (a pet is on one stay at a time)."""
    tenant = shop.tenant
    patch = {"name": "Juno", "species_id": str(tenant.dog.id)}
    juno = services.add_animal_as_staff(tenant.fid, OPERATOR, tenant.pat.id, patch).unwrap()
    expires = facility_today() + timedelta(days=700)
    services.record_immunization(
        tenant.fid, OPERATOR, juno.id, type_id=tenant.rabies.id, expires_on=expires
    ).unwrap()
    return {"animal_id": juno.id, "add_on_ids": []}


async def _act(api: Any, shop: Catalog, reservation: Any, action: str, **body: Any) -> Any:
    path = f"/staff/api/reservations/{reservation['id']}/{action}"
    return await api.call("POST", path, key=shop.tenant.key, json=body)


async def test_a_staff_booking_is_confirmed_priced_and_read_back(api: Any, shop: Catalog) -> None:
    reply = await api.call("POST", "/staff/api/reservations", key=shop.tenant.key, json=shop.stay())

    assert reply.status == 201, reply.json
    documented(reply, "/staff/api/reservations")
    booked = reply.json["reservation"]
    assert booked["status"] == "confirmed"
    assert booked["start"] == f"{shop.first.isoformat()}T09:00:00" + booked["start"][19:]
    assert booked["pets"] == [
        {"animal_id": shop.tenant.rex.id, "add_on_ids": [shop.bath.id], "lodging_id": None}
    ]
    assert [change["status"] for change in booked["history"]] == ["confirmed"]
    assert booked["history"][0]["by"] == {"kind": "staff", "id": shop.tenant.manager.id}
    assert (reply.json["filled"], reply.json["overrides"]) == ([], [])
    assert reply.json["estimate"]["total"] == "145.00"
    assert reply.json["deposit_due"] == "0.00"

    detail = await api.call("GET", f"/staff/api/reservations/{booked['id']}", key=shop.tenant.key)
    assert detail.status == 200
    documented(detail, "/staff/api/reservations/{id}", "get")
    assert {key: detail.json[key] for key in booked} == {**booked, "pets": detail.json["pets"]}
    assert detail.json["pets"] == [
        {
            "animal_id": shop.tenant.rex.id,
            "add_on_ids": [shop.bath.id],
            "lodging_id": None,
            "name": "Rex",
            "add_on_names": ["Bath"],
            "lodging_name": None,
        }
    ]
    assert (detail.json["owner_name"], detail.json["type_name"], detail.json["unit"]) == (
        "Pat Parker",
        "Boarding",
        "night",
    )
    estimate = detail.json["estimate"]
    assert [(line["kind"], line["quantity"], line["amount"]) for line in estimate["lines"]] == [
        ("base", 3, "135.00"),
        ("add_on", 1, "10.00"),
    ]
    assert (estimate["currency"], estimate["subtotal"], estimate["tax"]) == (
        "USD",
        "145.00",
        "0.00",
    )
    priced = await api.call(
        "GET", f"/staff/api/reservations/{booked['id']}/estimate", key=shop.tenant.key
    )
    assert priced.json == {"reservation_id": booked["id"], **estimate}
    documented(priced, "/staff/api/reservations/{id}/estimate", "get")


async def test_reservations_are_listed_by_period_location_and_status(
    api: Any, shop: Catalog, services: Any
) -> None:
    requested = await _book(api, shop, confirm=False)
    confirmed = await _book(api, shop, pets=[_second_dog(services, shop)])
    first, last = shop.first.isoformat(), shop.last.isoformat()
    base = f"/staff/api/reservations?start={first}&end={last}"

    everything = await api.call("GET", base, key=shop.tenant.key)
    pending = await api.call("GET", f"{base}&status=requested,waitlisted", key=shop.tenant.key)
    paged = await api.call("GET", f"{base}&limit=1&offset=1", key=shop.tenant.key)
    here = await api.call("GET", f"{base}&location_id={shop.location}", key=shop.tenant.key)
    before = await api.call(
        "GET",
        f"/staff/api/reservations?start={shop.first - timedelta(days=30)}"
        f"&end={shop.first - timedelta(days=1)}",
        key=shop.tenant.key,
    )

    assert everything.status == 200
    documented(everything, "/staff/api/reservations", "get")
    assert everything.json["total"] == 2
    assert [item["id"] for item in everything.json["reservations"]] == [
        requested["id"],
        confirmed["id"],
    ]
    assert everything.json["reservations"][0]["location_name"] == shop.tenant.locations[0].name
    assert [item["id"] for item in pending.json["reservations"]] == [requested["id"]]
    assert (paged.json["total"], len(paged.json["reservations"])) == (2, 1)
    assert here.json["total"] == 2
    assert before.json == {"total": 0, "reservations": []}


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("", {"start", "end"}),
        ("start=2024-06-01&end=2024-05-01", {"end"}),
        ("start=2024-01-01&end=2025-01-01", {"end"}),
        ("start=2024-06-31&end=soon&status=booked", {"start", "end", "status"}),
        ("start=2024-06-01&end=2024-06-02&colour=red", {"colour"}),
    ],
)
async def test_wrong_list_queries_are_400_naming_each_parameter(
    api: Any, alpha: Any, query: str, fields: set[str]
) -> None:
    reply = await api.call("GET", f"/staff/api/reservations?{query}", key=alpha.key)

    assert reply.status == 400
    assert reply.json["code"] == "invalid_query"
    assert {reason["field"] for reason in reply.json["reasons"]} == fields


async def test_the_day_sheet_lists_arrivals_and_departures(api: Any, shop: Catalog) -> None:
    booked = await _book(api, shop)
    await _act(
        api, shop, booked, "lodging", animal_id=shop.tenant.rex.id, lodging_id=shop.runs[0].id
    )
    path = f"/staff/api/locations/{shop.location}/day-sheet"

    arrivals = await api.call("GET", f"{path}?date={shop.first}", key=shop.tenant.key)
    departures = await api.call("GET", f"{path}?date={shop.last}", key=shop.tenant.key)
    today = await api.call("GET", path, key=shop.tenant.key)

    assert arrivals.status == 200
    documented(arrivals, "/staff/api/locations/{id}/day-sheet", "get")
    assert (arrivals.json["date"], arrivals.json["location_id"]) == (
        shop.first.isoformat(),
        shop.location,
    )
    [entry] = arrivals.json["arrivals"]
    assert (entry["reservation_id"], entry["owner_name"], entry["type_name"]) == (
        booked["id"],
        "Pat Parker",
        "Boarding",
    )
    assert entry["pets"] == [
        {"animal_id": shop.tenant.rex.id, "name": "Rex", "add_ons": ["Bath"], "lodging": "Run 1"}
    ]
    assert (arrivals.json["departures"], arrivals.json["checked_in"]) == ([], [])
    assert [item["reservation_id"] for item in departures.json["departures"]] == [booked["id"]]
    assert today.status == 200
    assert today.json["date"] == datetime.now(DENVER).date().isoformat()
    bad_date = await api.call("GET", f"{path}?date=tomorrow", key=shop.tenant.key)
    assert (bad_date.status, bad_date.json["reasons"][0]["field"]) == (400, "date")


async def test_evaluating_a_draft_lists_every_reason_and_writes_nothing(
    api: Any, services: Any, shop: Catalog
) -> None:
    body = shop.stay(
        type_id=shop.daycare.id,
        start=f"{shop.first}T06:00",
        end=f"{shop.first}T17:00",
        pets=[{"animal_id": shop.tenant.rex.id, "add_on_ids": [shop.bath.id]}],
    )

    reply = await api.call(
        "POST", "/staff/api/reservations/evaluate", key=shop.tenant.key, json=body
    )

    assert reply.status == 200, reply.json
    documented(reply, "/staff/api/reservations/evaluate")
    assert (reply.json["can_request"], reply.json["offers_waitlist"]) == (False, False)
    reasons = {reason["code"]: reason for reason in reply.json["reasons"]}
    assert set(reasons) == {"evaluation_missing", "drop_off_outside_hours", "add_on_not_allowed"}
    missing = reasons["evaluation_missing"]
    assert (missing["category"], missing["animal_id"]) == ("evaluation", shop.tenant.rex.id)
    assert missing["override_permission"] == "override.evaluations"
    assert missing["fix"] == {
        "target": "book_evaluation",
        "animal_id": shop.tenant.rex.id,
        "agreement_id": None,
    }
    assert reasons["add_on_not_allowed"]["override_permission"] is None
    assert reply.json["estimate"]["total"] == "40.00"
    records = services.reservations_between(shop.tenant.fid, OPERATOR, shop.first, shop.last)
    assert records.unwrap().reservations == ()


async def test_every_shape_problem_of_a_booking_is_reported_at_once(
    api: Any, services: Any, shop: Catalog
) -> None:
    reply = await api.call(
        "POST",
        "/staff/api/reservations",
        key=shop.tenant.key,
        json={
            "owner_id": "12",
            "location_id": shop.location,
            "start": "tomorrow",
            "end": "2030-02-30T10:00",
            "pets": [{"animal_id": 0}, {"add_on_ids": [shop.bath.id]}],
            "overrides": [{"reason": "capacity_full"}],
            "confirm": "yes",
            "colour": "red",
        },
    )

    assert reply.status == 422
    assert reply.json["code"] == "invalid_request"
    assert {reason["field"] for reason in reply.json["reasons"]} == {
        "colour",
        "owner_id",
        "type_id",
        "start",
        "end",
        "pets[0].animal_id",
        "pets[1].animal_id",
        "overrides[0].note",
        "confirm",
    }
    too_long = await api.call(
        "POST",
        "/staff/api/reservations/evaluate",
        key=shop.tenant.key,
        json=shop.stay(end=f"{shop.first + timedelta(days=367)}T09:00"),
    )
    assert too_long.status == 422
    assert [reason["field"] for reason in too_long.json["reasons"]] == ["end"]
    assert "366 days" in too_long.json["message"]
    records = services.reservations_between(shop.tenant.fid, OPERATOR, shop.first, shop.last)
    assert records.unwrap().reservations == ()


async def test_booking_rules_refuse_with_every_reason_and_write_nothing(
    api: Any, services: Any, shop: Catalog, beta: Any
) -> None:
    foreign = await api.call(
        "POST",
        "/staff/api/reservations",
        key=shop.tenant.key,
        json=shop.stay(owner_id=beta.pat.id, location_id=beta.locations[0].id, pets=[]),
    )
    ruled = await api.call(
        "POST",
        "/staff/api/reservations",
        key=shop.tenant.key,
        json=shop.stay(
            type_id=shop.daycare.id,
            pets=[{"animal_id": shop.tenant.misty.id, "add_on_ids": []}],
        ),
    )

    assert foreign.status == 422
    assert {reason["field"] for reason in foreign.json["reasons"]} == {
        "owner_id",
        "location_id",
        "pets",
    }
    assert ruled.status == 422
    assert ruled.json["code"] == "rejected"
    assert {reason["code"] for reason in ruled.json["reasons"]} == {"pet_not_found"}
    records = services.reservations_between(shop.tenant.fid, OPERATOR, shop.first, shop.last)
    assert records.unwrap().reservations == ()


async def test_an_override_needs_its_permission_and_is_recorded(
    api: Any, services: Any, shop: Catalog, key_with: Any
) -> None:
    clerk = key_with(
        services,
        shop.tenant,
        {Permission.API_ACCESS, Permission.RESERVATIONS_MANAGE, Permission.RESERVATIONS_READ},
        "clerk",
    )
    waiver = {
        "reason": "evaluation_missing",
        "animal_id": shop.tenant.rex.id,
        "note": "Known dog, evaluated at the old site",
    }
    body = shop.stay(
        type_id=shop.daycare.id,
        start=f"{shop.first}T08:00",
        end=f"{shop.first}T17:00",
        pets=[{"animal_id": shop.tenant.rex.id}],
        overrides=[waiver],
    )

    refused = await api.call("POST", "/staff/api/reservations", key=clerk, json=body)
    accepted = await api.call("POST", "/staff/api/reservations", key=shop.tenant.key, json=body)

    assert refused.status == 422
    reasons = {reason["code"]: reason for reason in refused.json["reasons"]}
    assert set(reasons) == {"evaluation_missing", "override_not_permitted"}
    assert "'override.evaluations'" in reasons["override_not_permitted"]["message"]
    assert accepted.status == 201, accepted.json
    [override] = accepted.json["overrides"]
    assert override["reason"] == "evaluation_missing"
    assert override["animal_id"] == shop.tenant.rex.id
    assert override["permission"] == "override.evaluations"
    assert override["staff_user_id"] == shop.tenant.manager.id
    assert override["note"] == waiver["note"]
    detail = await api.call(
        "GET", f"/staff/api/reservations/{accepted.json['reservation']['id']}", key=clerk
    )
    assert detail.json["overrides"] == [override]
    records = services.reservations_between(shop.tenant.fid, OPERATOR, shop.first, shop.first)
    assert len(records.unwrap().reservations) == 1


async def test_a_full_pool_refuses_unless_capacity_is_overridden(
    api: Any, shop: Catalog, services: Any
) -> None:
    await _book(api, shop)
    juno = [_second_dog(services, shop)]

    full = await api.call(
        "POST", "/staff/api/reservations", key=shop.tenant.key, json=shop.stay(pets=juno)
    )
    overbooked = await api.call(
        "POST",
        "/staff/api/reservations",
        key=shop.tenant.key,
        json=shop.stay(
            pets=juno,
            overrides=[{"reason": "capacity_full", "animal_id": None, "note": "Owner's friend"}],
        ),
    )

    assert full.status == 422
    assert {reason["code"] for reason in full.json["reasons"]} == {"capacity_full"}
    assert overbooked.status == 201, overbooked.json
    assert overbooked.json["reservation"]["status"] == "confirmed"
    assert [item["reason"] for item in overbooked.json["overrides"]] == ["capacity_full"]


async def test_a_request_is_waitlisted_requeued_approved_lodged_checked_in_and_out(
    api: Any, shop: Catalog
) -> None:
    requested = await _book(api, shop, confirm=False)
    assert requested["status"] == "requested"

    steps = [
        ("waitlist", {}, "waitlisted"),
        ("requeue", {}, "requested"),
        ("approve", {}, "confirmed"),
        ("lodging", {"animal_id": shop.tenant.rex.id, "lodging_id": shop.runs[1].id}, "confirmed"),
        ("check-in", {}, "checked_in"),
        ("check-out", {}, "checked_out"),
    ]
    for action, body, status in steps:
        reply = await _act(api, shop, requested, action, **body)
        assert reply.status == 200, (action, reply.json)
        documented(reply, f"/staff/api/reservations/{{id}}/{action}")
        assert reply.json["reservation"]["status"] == status
    detail = await api.call(
        "GET", f"/staff/api/reservations/{requested['id']}", key=shop.tenant.key
    )
    assert [change["status"] for change in detail.json["history"]] == [
        "requested",
        "waitlisted",
        "requested",
        "confirmed",
        "checked_in",
        "checked_out",
    ]
    assert detail.json["pets"][0]["lodging_name"] == "Run 2"


async def test_approving_may_ask_the_parent_to_confirm(api: Any, shop: Catalog) -> None:
    requested = await _book(api, shop, confirm=False)

    asked = await _act(api, shop, requested, "approve", ask_parent=True)
    again = await _act(api, shop, requested, "approve")

    assert asked.status == 200, asked.json
    documented(asked, "/staff/api/reservations/{id}/approve")
    assert asked.json["reservation"]["status"] == "unconfirmed"
    assert asked.json["estimate"]["total"] == "145.00"
    assert again.status == 422
    assert again.json["reasons"][0]["code"] == "awaiting_parent"


async def test_deny_cancel_and_no_show_and_their_illegal_transitions(
    api: Any, shop: Catalog
) -> None:
    requested = await _book(api, shop, confirm=False)
    denied = await _act(api, shop, requested, "deny", reason="Full that week")
    again = await _act(api, shop, requested, "deny", reason="Still full")
    unreasoned = await _act(api, shop, requested, "deny", reason="  ")

    assert denied.status == 200
    assert denied.json["reservation"]["denial_reason"] == "Full that week"
    assert again.status == 422
    [reason] = again.json["reasons"]
    assert reason["code"] == "transition_not_allowed"
    assert reason["message"] == "a denied reservation cannot become denied"
    assert unreasoned.status == 422
    assert {r["field"] for r in unreasoned.json["reasons"]} >= {"reason"}

    confirmed = await _book(api, shop)
    cancelled = await _act(api, shop, confirmed, "cancel", reason="Owner ill")
    assert cancelled.status == 200, cancelled.json
    documented(cancelled, "/staff/api/reservations/{id}/cancel")
    assert cancelled.json["reservation"]["cancellation"] == {
        "reason": "Owner ill",
        "by": {"kind": "staff", "id": shop.tenant.manager.id},
        "late": False,
    }
    checked_in = await _act(api, shop, confirmed, "check-in")
    assert checked_in.status == 422
    assert checked_in.json["reasons"][0]["code"] == "transition_not_allowed"

    late = await _book(api, shop)
    marked = await _act(api, shop, late, "cancel", reason="Owner ill", late=True)
    assert marked.json["reservation"]["cancellation"]["late"] is True
    absent = await _book(api, shop)
    no_show = await _act(api, shop, absent, "no-show")
    assert (no_show.status, no_show.json["reservation"]["status"]) == (200, "no_show")


async def test_an_appointment_gets_its_groomer(
    api: Any, services: Any, shop: Catalog, key_with: Any
) -> None:
    key_with(services, shop.tenant, {Permission.API_ACCESS}, "groomer")
    groomer = services.find_staff_user(shop.tenant.fid, "groomer")
    booked = await _book(
        api,
        shop,
        type_id=shop.grooming.id,
        start=f"{shop.first}T10:00",
        end=f"{shop.first}T11:00",
        pets=[{"animal_id": shop.tenant.rex.id}],
        staff_id=shop.tenant.manager.id,
    )

    reply = await _act(api, shop, booked, "staff", staff_id=groomer.id)
    wrong = await _act(api, shop, booked, "staff", staff_id=999999)

    assert booked["staff_id"] == shop.tenant.manager.id
    assert reply.status == 200, reply.json
    documented(reply, "/staff/api/reservations/{id}/staff")
    assert reply.json["reservation"]["staff_id"] == groomer.id
    assert wrong.status == 422
    assert wrong.json["reasons"][0]["field"] == "staff_id"
    detail = await api.call("GET", f"/staff/api/reservations/{booked['id']}", key=shop.tenant.key)
    assert detail.json["staff_name"] == "Sam Staff"


async def test_reschedule_and_book_again(api: Any, shop: Catalog) -> None:
    booked = await _book(api, shop)
    later = shop.first + timedelta(days=20)

    moved = await _act(
        api, shop, booked, "reschedule", start=f"{later}T09:00", end=f"{later}T18:00"
    )
    again = await _act(
        api, shop, booked, "book-again", start=f"{shop.first}T09:00", end=f"{shop.last}T11:00"
    )
    same = await _act(api, shop, booked, "reschedule", start=f"{later}T09:00", end=f"{later}T08:00")

    assert moved.status == 200, moved.json
    documented(moved, "/staff/api/reservations/{id}/reschedule")
    assert moved.json["reservation"]["start"].startswith(f"{later}T09:00")
    assert moved.json["estimate"]["total"] == "55.00"
    assert again.status == 201, again.json
    documented(again, "/staff/api/reservations/{id}/book-again")
    copy = again.json["reservation"]
    assert copy["id"] != booked["id"]
    assert (copy["status"], copy["pets"]) == ("confirmed", booked["pets"])
    assert same.status == 422
    assert same.json["reasons"][0]["field"] == "end"


async def test_each_change_needs_its_permission(
    api: Any, services: Any, shop: Catalog, key_with: Any
) -> None:
    booked = await _book(api, shop, confirm=False)
    reader = key_with(
        services, shop.tenant, {Permission.API_ACCESS, Permission.RESERVATIONS_READ}, "reader"
    )
    nobody = key_with(services, shop.tenant, {Permission.API_ACCESS}, "nobody")
    rid = booked["id"]

    calls: list[tuple[str, str, Any, str, str]] = [
        ("POST", "reservations", shop.stay(), reader, "reservations.manage"),
        ("POST", f"reservations/{rid}/approve", {}, reader, "reservations.approve"),
        ("POST", f"reservations/{rid}/deny", {"reason": "No"}, reader, "reservations.approve"),
        ("POST", f"reservations/{rid}/waitlist", {}, reader, "reservations.approve"),
        ("POST", f"reservations/{rid}/check-in", {}, reader, "reservations.manage"),
        ("POST", f"reservations/{rid}/cancel", {"reason": "No"}, reader, "reservations.manage"),
        ("POST", "reservations/evaluate", shop.stay(), nobody, "reservations.read"),
        ("GET", f"reservations/{rid}", None, nobody, "reservations.read"),
        (
            "GET",
            f"reservations?start={shop.first}&end={shop.last}",
            None,
            nobody,
            "reservations.read",
        ),
        ("GET", f"locations/{shop.location}/day-sheet", None, nobody, "reservations.read"),
        ("GET", f"reservations/{rid}/estimate", None, nobody, "reservations.read"),
    ]
    for method, path, body, key, permission in calls:
        reply = await api.call(method, f"/staff/api/{path}", key=key, json=body)
        assert reply.status == 403, (path, reply.json)
        assert f"'{permission}'" in reply.json["message"]
    detail = await api.call("GET", f"/staff/api/reservations/{rid}", key=reader)
    assert detail.json["status"] == "requested"


async def test_another_facilitys_reservations_are_not_found(
    api: Any, services: Any, shop: Catalog, beta: Any
) -> None:
    theirs = make_catalog(services, beta)
    booked = await _book(api, theirs)
    rid = booked["id"]

    calls = [
        ("GET", f"reservations/{rid}", None),
        ("GET", f"reservations/{rid}/estimate", None),
        ("GET", f"locations/{beta.locations[0].id}/day-sheet", None),
        ("POST", f"reservations/{rid}/cancel", {"reason": "Mine now"}),
        ("POST", f"reservations/{rid}/check-in", {}),
        (
            "POST",
            f"reservations/{rid}/reschedule",
            {"start": "2030-01-01T09:00", "end": "2030-01-02T09:00"},
        ),
        (
            "POST",
            f"reservations/{rid}/book-again",
            {"start": "2030-01-01T09:00", "end": "2030-01-02T09:00"},
        ),
        ("POST", f"reservations/{rid}/lodging", {"animal_id": beta.rex.id, "lodging_id": None}),
    ]
    for method, path, body in calls:
        reply = await api.call(method, f"/staff/api/{path}", key=shop.tenant.key, json=body)
        assert reply.status == 404, (path, reply.json)
    mine = await api.call(
        "GET", f"/staff/api/reservations?start={shop.first}&end={shop.last}", key=shop.tenant.key
    )
    assert mine.json == {"total": 0, "reservations": []}
    detail = await api.call("GET", f"/staff/api/reservations/{rid}", key=beta.key)
    assert detail.json["status"] == "confirmed"


async def test_a_phoned_in_request_for_a_full_day_joins_the_waitlist(
    api: Any, shop: Catalog, services: Any
) -> None:
    await _book(api, shop)
    juno = [_second_dog(services, shop)]

    waiting = await _book(api, shop, pets=juno, confirm=False, join_waitlist=True)
    mixed = await api.call(
        "POST",
        "/staff/api/reservations",
        key=shop.tenant.key,
        json=shop.stay(pets=juno, join_waitlist=True),
    )

    assert waiting["status"] == "waitlisted"
    assert mixed.status == 422
    assert [reason["field"] for reason in mixed.json["reasons"]] == ["join_waitlist"]
