"""The portal API's household: the owner record, pets, the catalog, lead forms."""

from __future__ import annotations

from typing import Any

import pytest

from petcare_core.domain.leads import LeadKind
from petcare_core.services import OPERATOR


@pytest.fixture
async def token(api: Any, alpha: Any) -> str:
    token: str = await api.login(alpha)
    return token


async def test_me_shows_the_household_and_only_portal_visible_fields(
    api: Any, alpha: Any, token: str
) -> None:
    reply = await api.call("GET", f"/portal/api/f/{alpha.slug}/me", token=token)

    assert reply.status == 200
    me = reply.json
    assert (me["id"], me["first_name"], me["email"], me["city"]) == (
        alpha.pat.id,
        "Pat",
        alpha.email,
        "Boulder",
    )
    assert me["home_location_id"] == alpha.locations[0].id
    assert me["email_marketing"] is True
    assert [(f["key"], f["editable"], f["value"]) for f in me["fields"]] == [
        ("referral", True, ""),
        ("member_since", False, "2020"),
    ]
    assert "employee_notes" not in me
    assert "custom_icons" not in me
    assert "active" not in me


async def test_patch_me_changes_editable_fields_and_answers_the_new_view(
    api: Any, services: Any, alpha: Any, token: str
) -> None:
    reply = await api.call(
        "PATCH",
        f"/portal/api/f/{alpha.slug}/me",
        token=token,
        json={
            "city": "Denver",
            "cell_phone": "303 555 0142",
            "email_marketing": False,
            "fields": {"referral": "Web"},
        },
    )

    assert reply.status == 200
    assert reply.json["city"] == "Denver"
    assert reply.json["cell_phone"] == "+13035550142"
    assert reply.json["email_marketing"] is False
    assert reply.json["fields"][0]["value"] == "Web"
    owner = services.get_owner(alpha.fid, OPERATOR, alpha.pat.id).unwrap()
    assert owner.address.city == "Denver"
    assert owner.employee_notes == alpha.pat.employee_notes


async def test_patch_me_reports_every_refusal_by_field_and_writes_nothing(
    api: Any, services: Any, alpha: Any, token: str
) -> None:
    reply = await api.call(
        "PATCH",
        f"/portal/api/f/{alpha.slug}/me",
        token=token,
        json={
            "city": "Denver",
            "email": "not-an-email",
            "first_name": "",
            "employee_notes": "please ignore",
            "home_location_id": alpha.locations[0].id,
            "fields": {"member_since": "1999", "credit_note": "mine", "referral": "TV"},
        },
    )

    assert reply.status == 422
    assert reply.json["code"] == "rejected"
    by_field = {reason["field"]: reason["code"] for reason in reply.json["reasons"]}
    assert by_field == {
        "email": "invalid_value",
        "first_name": "required_value_missing",
        "employee_notes": "field_not_editable",
        "home_location_id": "field_not_editable",
        "fields.member_since": "field_not_editable",
        "fields.credit_note": "unknown_field",
        "fields.referral": "invalid_value",
    }
    assert all(reason["message"].startswith(reason["field"]) for reason in reply.json["reasons"])
    owner = services.get_owner(alpha.fid, OPERATOR, alpha.pat.id).unwrap()
    assert owner == alpha.pat


async def test_patch_me_type_errors_are_named_before_anything_runs(
    api: Any, services: Any, alpha: Any, token: str
) -> None:
    reply = await api.call(
        "PATCH",
        f"/portal/api/f/{alpha.slug}/me",
        token=token,
        json={
            "city": 12,
            "email_marketing": "no",
            "home_location_id": "1",
            "fields": ["referral"],
            "nickname": "P",
        },
    )

    assert reply.status == 422
    assert reply.json["code"] == "invalid_request"
    by_field = {reason["field"]: reason["code"] for reason in reply.json["reasons"]}
    assert by_field == {
        "city": "invalid_value",
        "email_marketing": "invalid_value",
        "home_location_id": "invalid_value",
        "fields": "invalid_value",
        "nickname": "unknown_field",
    }
    assert services.get_owner(alpha.fid, OPERATOR, alpha.pat.id).unwrap() == alpha.pat


async def test_pets_list_and_get_show_the_parents_pets_only(
    api: Any, alpha: Any, token: str
) -> None:
    listed = await api.call("GET", f"/portal/api/f/{alpha.slug}/pets", token=token)
    one = await api.call("GET", f"/portal/api/f/{alpha.slug}/pets/{alpha.rex.id}", token=token)
    others = await api.call("GET", f"/portal/api/f/{alpha.slug}/pets/{alpha.misty.id}", token=token)
    missing = await api.call("GET", f"/portal/api/f/{alpha.slug}/pets/999999999", token=token)
    malformed = await api.call("GET", f"/portal/api/f/{alpha.slug}/pets/rex", token=token)

    assert listed.status == 200
    assert [pet["name"] for pet in listed.json["pets"]] == ["Rex"]
    assert one.status == 200
    rex = one.json
    assert (rex["name"], rex["species_id"], rex["breed_id"], rex["weight"]) == (
        "Rex",
        alpha.dog.id,
        alpha.labrador.id,
        42.5,
    )
    assert rex["birthday"] == "2019-11-05"
    assert [(f["key"], f["value"]) for f in rex["fields"]] == [("toy", "Ball")]
    assert "employee_notes" not in rex
    assert "incident_reports" not in rex
    assert others.status == missing.status == 404
    assert others.json == {**missing.json, "request_id": others.json["request_id"]}
    assert malformed.status == 400
    assert malformed.json["reasons"][0]["field"] == "animal_id"


async def test_add_a_pet_then_change_it(api: Any, services: Any, alpha: Any, token: str) -> None:
    added = await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/pets",
        token=token,
        json={
            "name": "Luna",
            "species_id": alpha.dog.id,
            "sex": "female",
            "weight": 20,
            "altered": True,
            "birthday": "2022-02-02",
            "fields": {"toy": "Rope"},
        },
    )
    assert added.status == 201, added.json
    luna = added.json
    assert (luna["name"], luna["sex"], luna["weight"], luna["altered"]) == (
        "Luna",
        "female",
        20,
        True,
    )

    changed = await api.call(
        "PATCH",
        f"/portal/api/f/{alpha.slug}/pets/{luna['id']}",
        token=token,
        json={"weight": 21.25, "breed_id": alpha.labrador.id, "altered": None},
    )

    assert changed.status == 200
    assert (changed.json["weight"], changed.json["breed_id"], changed.json["altered"]) == (
        21.25,
        alpha.labrador.id,
        None,
    )
    listed = await api.call("GET", f"/portal/api/f/{alpha.slug}/pets", token=token)
    assert {pet["name"] for pet in listed.json["pets"]} == {"Rex", "Luna"}


async def test_pet_refusals_name_every_field_and_write_nothing(
    api: Any, services: Any, alpha: Any, token: str
) -> None:
    before = services.portal_animals(alpha.fid, alpha.account_id)

    added = await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/pets",
        token=token,
        json={"species_id": 999999, "status": "active", "birthday": "2999-01-01"},
    )
    patched = await api.call(
        "PATCH",
        f"/portal/api/f/{alpha.slug}/pets/{alpha.rex.id}",
        token=token,
        json={"employee_notes": "x", "custom_icons": ["star"], "fields": {"bite_risk": "low"}},
    )
    others = await api.call(
        "PATCH",
        f"/portal/api/f/{alpha.slug}/pets/{alpha.misty.id}",
        token=token,
        json={"name": "Mine now"},
    )

    assert added.status == 422
    assert {r["field"] for r in added.json["reasons"]} >= {
        "name",
        "species_id",
        "status",
        "birthday",
    }
    assert patched.status == 422
    assert {r["field"]: r["code"] for r in patched.json["reasons"]} == {
        "employee_notes": "field_not_editable",
        "custom_icons": "field_not_editable",
        "fields.bite_risk": "unknown_field",
    }
    assert others.status == 404
    assert services.portal_animals(alpha.fid, alpha.account_id) == before
    assert services.get_animal(alpha.fid, OPERATOR, alpha.misty.id).unwrap().name == "Misty"


async def test_catalog_lists_what_a_pet_form_needs(api: Any, alpha: Any, token: str) -> None:
    reply = await api.call("GET", f"/portal/api/f/{alpha.slug}/catalog", token=token)

    assert reply.status == 200
    assert [item["name"] for item in reply.json["species"]] == ["Dog", "Cat"]
    assert reply.json["breeds"] == [
        {"id": alpha.labrador.id, "species_id": alpha.dog.id, "name": "Labrador"}
    ]
    assert reply.json["vets"][0]["name"] == "alpha Vets"
    assert {item["name"] for item in reply.json["immunization_types"]} == {"Rabies", "Bordetella"}
    assert [field["key"] for field in reply.json["animal_form"]] == ["toy"]


async def test_public_facility_details_need_no_login(api: Any, alpha: Any) -> None:
    reply = await api.call("GET", f"/portal/api/f/{alpha.slug}")
    missing = await api.call("GET", "/portal/api/f/no-such-place")

    assert reply.status == 200
    assert reply.json["name"] == "Alpha Pets"
    assert [item["name"] for item in reply.json["locations"]] == ["alpha Downtown"]
    assert alpha.facility.invite_code not in reply.body.decode()
    assert missing.status == 404


async def test_contact_us_needs_no_login_and_reaches_the_leads_report(
    api: Any, services: Any, alpha: Any
) -> None:
    sent = await api.call(
        "POST",
        f"/portal/api/f/{alpha.slug}/contact",
        json={
            "name": "Visitor",
            "email": "visitor@example.com",
            "message": "Do you board cats?",
            "location_id": alpha.locations[0].id,
        },
    )
    refused = await api.call(
        "POST", f"/portal/api/f/{alpha.slug}/contact", json={"name": "Nobody", "message": "hi"}
    )

    assert sent.status == 201
    assert sent.json["message"] == "Thank you! Your message has been sent to the facility."
    assert refused.status == 422
    assert refused.json["reasons"][0]["field"] == "email"
    leads = services.leads_report(alpha.fid, OPERATOR, LeadKind.CONTACT_US).unwrap()
    assert [(lead.name, lead.message) for lead in leads] == [("Visitor", "Do you board cats?")]


async def test_delete_account_request_is_sent_once(
    api: Any, services: Any, alpha: Any, token: str
) -> None:
    path = f"/portal/api/f/{alpha.slug}/delete-account"
    first = await api.call("POST", path, token=token, json={"note": "Moving away"})
    again = await api.call("POST", path, token=token)
    anonymous = await api.call("POST", path)

    assert first.status == 201
    assert first.json["message"] == (
        "Request sent for review! Your request has been sent to the facility"
    )
    assert again.status == 409
    assert anonymous.status == 401
    leads = services.leads_report(alpha.fid, OPERATOR, LeadKind.DELETE_OWNER_ACCOUNT).unwrap()
    assert [(lead.owner_id, lead.message) for lead in leads] == [(alpha.pat.id, "Moving away")]


async def test_a_facility_the_parent_is_not_linked_to_is_404(
    api: Any, alpha: Any, beta: Any, token: str
) -> None:
    for path in ("me", "pets", "catalog", "notifications", f"pets/{beta.rex.id}"):
        reply = await api.call("GET", f"/portal/api/f/{beta.slug}/{path}", token=token)
        assert reply.status == 404, path
    unknown = await api.call("GET", "/portal/api/f/nowhere/me", token=token)
    assert unknown.status == 404
