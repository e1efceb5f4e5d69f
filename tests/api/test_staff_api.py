"""The staff API: API keys and permissions, owners and animals, leads, notifications, settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from petcare_core.domain.staff import Permission
from petcare_core.services import OPERATOR


async def test_a_key_works_as_bearer_or_in_x_api_key(api: Any, alpha: Any) -> None:
    bearer = await api.call("GET", "/staff/api/facility", key=alpha.key)
    header = await api.call("GET", "/staff/api/facility", headers={"X-Api-Key": alpha.key.upper()})

    assert bearer.status == header.status == 200
    assert bearer.json == header.json
    assert bearer.json["slug"] == alpha.slug
    assert bearer.json["invite_code"] == alpha.facility.invite_code


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer 0123456789abcdef0123456789abcdef01234567"},
        {"X-Api-Key": "not-a-key"},
    ],
)
async def test_missing_or_bad_keys_are_401(api: Any, alpha: Any, headers: dict[str, str]) -> None:
    reply = await api.call("GET", "/staff/api/owners", headers=headers)

    assert reply.status == 401
    assert reply.json["code"] == "unauthorized"
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")


async def test_a_revoked_key_is_401(api: Any, services: Any, alpha: Any) -> None:
    [key] = [k for k in services.list_api_keys(alpha.fid, alpha.manager.id) if k.active]
    services.revoke_api_key(alpha.fid, key.id, actor=OPERATOR).unwrap()

    reply = await api.call("GET", "/staff/api/owners", key=alpha.key)

    assert reply.status == 401
    assert "revoked" in reply.json["message"]


async def test_missing_permissions_are_403_naming_them(
    api: Any, services: Any, alpha: Any, key_with: Any
) -> None:
    reader = key_with(services, alpha, {Permission.API_ACCESS, Permission.OWNERS_READ}, "reader")

    write = await api.call(
        "PATCH", f"/staff/api/owners/{alpha.pat.id}", key=reader, json={"city": "Lyons"}
    )
    queue = await api.call("GET", "/staff/api/immunizations/queue", key=reader)
    settings = await api.call(
        "PATCH", "/staff/api/facility/settings", key=alpha.key, json={"expiring_soon_days": 10}
    )

    assert write.status == queue.status == settings.status == 403
    assert write.json["code"] == "permission_missing"
    assert "'owners.write'" in write.json["message"]
    assert "'immunizations.review'" in queue.json["message"]
    assert "'facility.settings'" in settings.json["message"]
    owner = services.get_owner(alpha.fid, OPERATOR, alpha.pat.id).unwrap()
    assert owner.address.city == "Boulder"


async def test_a_key_whose_user_lost_api_access_is_403(
    api: Any, services: Any, alpha: Any, key_with: Any
) -> None:
    key = key_with(services, alpha, {Permission.API_ACCESS, Permission.OWNERS_READ}, "leaver")
    with services.uow_factory.for_facility(alpha.fid) as uow:
        user = next(u for u in uow.staff.list() if u.username == "leaver")
        uow.staff.update(attrs.evolve(user, permissions=frozenset({Permission.OWNERS_READ})))
        uow.commit()

    reply = await api.call("GET", "/staff/api/owners", key=key)

    assert reply.status == 403
    assert "'api.access'" in reply.json["message"]


async def test_owners_list_get_create_and_patch_with_business_only_data(
    api: Any, alpha: Any
) -> None:
    listed = await api.call("GET", "/staff/api/owners?limit=1&offset=0", key=alpha.key)
    assert listed.status == 200
    assert listed.json["total"] == 2
    [pat] = listed.json["owners"]
    assert pat["employee_notes"] == alpha.markers[0]
    assert pat["animal_ids"] == [alpha.rex.id]

    one = await api.call("GET", f"/staff/api/owners/{alpha.pat.id}", key=alpha.key)
    assert one.status == 200
    assert one.json["custom_icons"] == [alpha.markers[1]]
    assert one.json["fields"]["credit_note"] == alpha.markers[2]
    assert [pet["incident_reports"][0]["description"] for pet in one.json["animals"]] == [
        alpha.markers[5]
    ]

    created = await api.call(
        "POST",
        "/staff/api/owners",
        key=alpha.key,
        json={
            "first_name": "Rae",
            "last_name": "Ruiz",
            "email": "rae@example.com",
            "city": "Louisville",
            "employee_notes": "VIP",
            "custom_icons": ["star", "vip"],
            "fields": {"credit_note": "10 USD"},
        },
    )
    assert created.status == 201, created.json
    assert created.json["custom_icons"] == ["star", "vip"]
    assert created.json["fields"] == {"credit_note": "10 USD"}

    patched = await api.call(
        "PATCH",
        f"/staff/api/owners/{created.json['id']}",
        key=alpha.key,
        json={"active": False, "home_location_id": alpha.locations[0].id, "custom_icons": []},
    )
    assert patched.status == 200
    assert (
        patched.json["active"],
        patched.json["home_location_id"],
        patched.json["custom_icons"],
    ) == (
        False,
        alpha.locations[0].id,
        [],
    )


async def test_owner_refusals_are_named_and_nothing_is_written(
    api: Any, services: Any, alpha: Any
) -> None:
    created = await api.call(
        "POST",
        "/staff/api/owners",
        key=alpha.key,
        json={"first_name": "", "email": alpha.email, "home_location_id": 999999},
    )
    typed = await api.call(
        "PATCH",
        f"/staff/api/owners/{alpha.pat.id}",
        key=alpha.key,
        json={"active": "no", "custom_icons": "a,b"},
    )
    missing = await api.call("GET", "/staff/api/owners/999999", key=alpha.key)
    bad_query = await api.call("GET", "/staff/api/owners?limit=0&page=2", key=alpha.key)

    assert created.status == 422
    assert {r["field"] for r in created.json["reasons"]} >= {
        "first_name",
        "last_name",
        "email",
        "home_location_id",
    }
    assert typed.status == 422
    assert {r["field"] for r in typed.json["reasons"]} == {"active", "custom_icons"}
    assert missing.status == 404
    assert bad_query.status == 400
    assert {r["field"] for r in bad_query.json["reasons"]} == {"page"}
    households = services.list_households(alpha.fid, OPERATOR).unwrap().households
    assert len(households) == 2


async def test_animals_list_get_create_patch_and_incidents(api: Any, alpha: Any) -> None:
    listed = await api.call("GET", "/staff/api/animals", key=alpha.key)
    assert listed.status == 200
    assert [pet["name"] for pet in listed.json["animals"]] == ["Rex", "Misty"]
    assert listed.json["animals"][0]["next_immunization_expiration"] is not None

    created = await api.call(
        "POST",
        "/staff/api/animals",
        key=alpha.key,
        json={
            "owner_id": alpha.kim.id,
            "name": "Tom",
            "species_id": alpha.cat.id,
            "status": "inactive",
        },
    )
    assert created.status == 201, created.json
    assert (created.json["owner_id"], created.json["status"]) == (alpha.kim.id, "inactive")

    patched = await api.call(
        "PATCH",
        f"/staff/api/animals/{created.json['id']}",
        key=alpha.key,
        json={"employee_notes": "Hisses", "fields": {"bite_risk": "high"}},
    )
    assert patched.status == 200
    assert patched.json["employee_notes"] == "Hisses"
    assert patched.json["fields"] == {"bite_risk": "high"}

    incident = await api.call(
        "POST",
        f"/staff/api/animals/{created.json['id']}/incidents",
        key=alpha.key,
        json={"occurred_on": "2024-05-01", "description": "Scratched a groomer"},
    )
    assert incident.status == 201
    assert incident.json["incident_reports"] == [
        {
            "occurred_on": "2024-05-01",
            "description": "Scratched a groomer",
            "reported_by": alpha.manager.id,
        }
    ]
    fetched = await api.call("GET", f"/staff/api/animals/{created.json['id']}", key=alpha.key)
    assert fetched.json == incident.json


async def test_animal_refusals_are_named(api: Any, alpha: Any) -> None:
    no_owner = await api.call("POST", "/staff/api/animals", key=alpha.key, json={"name": "Tom"})
    unknown_owner = await api.call(
        "POST",
        "/staff/api/animals",
        key=alpha.key,
        json={"owner_id": 999999, "name": "Tom", "species_id": alpha.cat.id},
    )
    incident = await api.call(
        "POST",
        f"/staff/api/animals/{alpha.rex.id}/incidents",
        key=alpha.key,
        json={"occurred_on": "yesterday", "description": ""},
    )
    future = await api.call(
        "POST",
        f"/staff/api/animals/{alpha.rex.id}/incidents",
        key=alpha.key,
        json={"occurred_on": "2999-01-01", "description": "Later"},
    )

    assert no_owner.status == 422
    assert {r["field"] for r in no_owner.json["reasons"]} == {"owner_id"}
    assert unknown_owner.status == 404
    assert incident.status == 422
    assert {r["field"] for r in incident.json["reasons"]} == {"occurred_on", "description"}
    assert future.status == 422
    assert future.json["reasons"][0]["field"] == "occurred_on"


async def test_leads_report_filters_by_form_and_leads_get_processed(api: Any, alpha: Any) -> None:
    token = await api.login(alpha)
    await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/contact",
        json={"name": "Visitor", "phone": "303-555-0100", "message": "Hello"},
    )
    await api.call("POST", f"/portal/api/f/{alpha.slug}/delete-account", token=token)

    every = await api.call("GET", "/staff/api/leads", key=alpha.key)
    contacts = await api.call("GET", "/staff/api/leads?kind=contact_us", key=alpha.key)
    deletions = await api.call("GET", "/staff/api/leads?kind=delete_owner_account", key=alpha.key)
    wrong = await api.call("GET", "/staff/api/leads?kind=spam", key=alpha.key)

    assert [lead["kind"] for lead in every.json["leads"]] == ["delete_owner_account", "contact_us"]
    assert [lead["name"] for lead in contacts.json["leads"]] == ["Visitor"]
    [deletion] = deletions.json["leads"]
    assert (deletion["owner_id"], deletion["form"], deletion["status"]) == (
        alpha.pat.id,
        "Delete Owner Account",
        "new",
    )
    assert wrong.status == 400
    assert wrong.json["reasons"][0]["field"] == "kind"

    done = await api.call("POST", f"/staff/api/leads/{deletion['id']}/processed", key=alpha.key)
    again = await api.call("POST", f"/staff/api/leads/{deletion['id']}/processed", key=alpha.key)
    assert done.status == 200
    assert (done.json["status"], done.json["processed_by"]) == ("processed", alpha.manager.id)
    assert again.status == 409


async def test_new_leads_raise_staff_notifications(api: Any, alpha: Any) -> None:
    await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/contact",
        json={"name": "Visitor", "email": "v@example.com", "message": "Hello"},
    )

    unread = await api.call("GET", "/staff/api/notifications?unread=true", key=alpha.key)
    [item] = unread.json["notifications"]
    assert (item["title"], item["read"]) == ("New Lead Received", False)
    assert item["body"] == "Contact Us from Visitor"
    read = await api.call("POST", f"/staff/api/notifications/{item['id']}/read", key=alpha.key)
    assert (read.status, read.json["read"]) == (200, True)
    unread = await api.call("GET", "/staff/api/notifications?unread=true", key=alpha.key)
    assert unread.json["notifications"] == []
    every = await api.call("GET", "/staff/api/notifications", key=alpha.key)
    assert len(every.json["notifications"]) == 1
    bad = await api.call("GET", "/staff/api/notifications?unread=maybe", key=alpha.key)
    assert bad.status == 400


async def test_facility_settings_get_and_patch(
    api: Any, services: Any, alpha: Any, key_with: Any
) -> None:
    admin = key_with(services, alpha, {Permission.API_ACCESS, Permission.FACILITY_SETTINGS}, "boss")

    before = await api.call("GET", "/staff/api/facility/settings", key=alpha.key)
    patched = await api.call(
        "PATCH",
        "/staff/api/facility/settings",
        key=admin,
        json={"expiring_soon_days": 14, "reference_lists_enveloped": False},
    )
    refused = await api.call(
        "PATCH",
        "/staff/api/facility/settings",
        key=admin,
        json={"immunization_grace_days": 4000, "phone_region": "USA"},
    )
    typed = await api.call(
        "PATCH",
        "/staff/api/facility/settings",
        key=admin,
        json={"expiring_soon_days": "14", "phone_region": None, "timezone": "UTC"},
    )

    assert before.json == {
        "phone_region": "US",
        "immunization_grace_days": 0,
        "expiring_soon_days": 30,
        "reference_lists_enveloped": True,
        "multi_pet_discount": "0",
        "peak_ranges": [],
        "waitlist_policy": "offer",
        "evaluation_valid_days": None,
    }
    assert patched.status == 200
    assert patched.json == {
        **before.json,
        "expiring_soon_days": 14,
        "reference_lists_enveloped": False,
    }
    assert refused.status == 422
    assert {r["field"] for r in refused.json["reasons"]} == {
        "immunization_grace_days",
        "phone_region",
    }
    assert all(r["message"].startswith(r["field"]) for r in refused.json["reasons"])
    assert typed.status == 422
    assert {r["field"] for r in typed.json["reasons"]} == {
        "expiring_soon_days",
        "phone_region",
        "timezone",
    }
    assert services.get_facility(alpha.fid).settings.expiring_soon_days == 14


async def test_the_booking_policies_are_set_and_kept_by_other_changes(
    api: Any, services: Any, alpha: Any, key_with: Any
) -> None:
    admin = key_with(services, alpha, {Permission.API_ACCESS, Permission.FACILITY_SETTINGS}, "boss")
    policies = {
        "multi_pet_discount": "0.10",
        "peak_ranges": [
            {"name": "Christmas", "first": "2026-12-20", "last": "2027-01-02", "surcharge": "12.50"}
        ],
        "waitlist_policy": "promote",
        "evaluation_valid_days": 180,
    }

    patched = await api.call("PATCH", "/staff/api/facility/settings", key=admin, json=policies)
    other = await api.call(
        "PATCH", "/staff/api/facility/settings", key=admin, json={"expiring_soon_days": 21}
    )
    refused = await api.call(
        "PATCH",
        "/staff/api/facility/settings",
        key=admin,
        json={
            "multi_pet_discount": "1.5",
            "peak_ranges": [
                {"name": " ", "first": "2026-12-20", "last": "2026-12-01", "surcharge": "1.005"}
            ],
            "waitlist_policy": "lottery",
            "evaluation_valid_days": 0,
        },
    )
    cents = await api.call(
        "PATCH",
        "/staff/api/facility/settings",
        key=admin,
        json={"peak_ranges": [{**policies["peak_ranges"][0], "surcharge": "1.005"}]},
    )

    assert patched.status == 200, patched.json
    assert {name: patched.json[name] for name in policies} == policies
    assert other.json == {**patched.json, "expiring_soon_days": 21}
    settings = services.get_facility(alpha.fid).settings
    assert (settings.multi_pet_discount, settings.waitlist_policy.value) == (
        Decimal("0.10"),
        "promote",
    )
    assert settings.peak_ranges[0].surcharge.amount == 1250
    assert refused.status == 422
    assert {r["field"] for r in refused.json["reasons"]} == {
        "multi_pet_discount",
        "peak_ranges[0].name",
        "peak_ranges[0].last",
        "waitlist_policy",
        "evaluation_valid_days",
    }
    assert cents.status == 422
    assert [r["field"] for r in cents.json["reasons"]] == ["peak_ranges[0].surcharge"]
    assert services.get_facility(alpha.fid).settings == settings
