"""How Gingr clients send requests (gingr-api-v1.md §2) and how refusals look (§3.13)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
import attrs
import pytest
from facility_clock import facility_today
from returns.result import Success

from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.staff import Permission
from petcare_core.services import OPERATOR, PetcareServices

pytestmark = pytest.mark.asyncio


def _ids(body: dict[str, Any]) -> list[str]:
    return [row["id"] for row in body["data"]]


async def test_get_with_the_key_in_the_query(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    status, body = await call(client, "owners", alpha.key)
    assert status == 200
    assert body["success"] is True
    assert body["error"] is False
    assert _ids(body) == [str(alpha.pat.id), str(alpha.kim.id), str(alpha.lee.id)]


async def test_post_urlencoded_with_only_the_key(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    response = await client.post("/api/v1/animals", data={"key": alpha.key})
    body = await response.json()
    assert body["success"] is True
    assert len(body["data"]) == 3


async def test_post_multipart_with_the_key_in_the_query(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    form = aiohttp.FormData()
    form.add_field("params[zip]", "80302")
    # A text part with a filename-less content type, as form-data libraries send it.
    form.add_field("params[limit]", "1", content_type="text/plain")
    response = await client.post(f"/api/v1/owners?key={alpha.key}", data=form())
    body = await response.json()
    assert body["success"] is True, body
    assert _ids(body) == [str(alpha.pat.id)]


async def test_the_key_and_fields_in_both_query_and_body(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    response = await client.post(
        f"/api/v1/owner?key={alpha.key}&id={alpha.kim.id}",
        data={"key": alpha.key, "id": str(alpha.kim.id)},
    )
    body = await response.json()
    assert body["data"]["id"] == str(alpha.kim.id)


async def test_the_body_wins_over_the_query_for_the_same_name(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    response = await client.post(
        f"/api/v1/owner?key=not-a-key&id={alpha.pat.id}",
        data={"key": alpha.key, "id": str(alpha.kim.id)},
    )
    assert (await response.json())["data"]["id"] == str(alpha.kim.id)


async def test_a_body_without_content_type_is_read_as_a_form(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    response = await client.post(
        "/api/v1/owner",
        data=f"key={alpha.key}&email={alpha.kim.email}".encode(),
        skip_auto_headers=["Content-Type"],
    )
    assert (await response.json())["data"]["id"] == str(alpha.kim.id)


async def test_bracket_lists_and_string_booleans(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    query = (
        f"key={alpha.key}&params[id][]={alpha.pat.id}&params[id][]={alpha.lee.id}"
        "&params[opt_out_marketing_email]=true"
    )
    body = await (await client.get(f"/api/v1/owners?{query}")).json()
    assert _ids(body) == [str(alpha.pat.id)]
    _, vets = await call(client, "get_vets", alpha.key, vetFlag="TRUE")
    assert vets["data"][0]["phone_number"] == "+13035550199"
    _, plain = await call(client, "get_vets", alpha.key, vetFlag="false")
    assert "phone_number" not in plain["data"][0]
    _, refused = await call(client, "get_vets", alpha.key, vetFlag="maybe")
    assert refused["success"] is False
    assert "vetFlag must be true or false" in refused["error"]


async def test_both_date_forms_are_accepted(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    today = facility_today()
    plain = {
        "start_date": (today - timedelta(days=1)).isoformat(),
        "end_date": (today + timedelta(days=1)).isoformat(),
    }
    iso = {
        "start_date": f"{(today - timedelta(days=2)).isoformat()}T00:00:00+00:00",
        "end_date": f"{(today + timedelta(days=2)).isoformat()}T00:00:00+00:00",
    }
    for dates in (plain, iso):
        status, body = await call(client, "new_modified_owners", alpha.key, method="POST", **dates)
        assert (status, body["success"]) == (200, True), body
        assert len(body["data"]) == 3
    status, body = await call(
        client, "new_modified_owners", alpha.key, start_date="06/04/2015", end_date="2015-06-05"
    )
    assert body["success"] is False
    assert "start_date must be a date such as" in body["error"]


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_missing_key_gets_the_error_envelope(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any, method: str
) -> None:
    client = await make_client()
    status, body = await call(client, "owners", None, method=method)
    assert status == 200
    assert body["success"] is False
    assert body["status"] == "error"
    assert isinstance(body["error"], str)
    assert body["error"] == body["message"]
    assert "key parameter" in body["error"]


async def test_bad_revoked_and_deactivated_keys_are_refused(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    for bad in ("nonsense", "0" * 40, alpha.key[:-1] + ("0" if alpha.key[-1] != "0" else "1")):
        _, body = await call(client, "owners", bad)
        assert (body["success"], body["error"]) == (False, "the API key is not valid")

    spare = (
        services.create_api_key(alpha.fid, alpha.manager.id, "spare", actor=OPERATOR)
        .unwrap()
        .plain_key
    )
    [record] = [
        k for k in services.list_api_keys(alpha.fid, alpha.manager.id) if k.prefix == spare[:8]
    ]
    services.revoke_api_key(alpha.fid, record.id, actor=OPERATOR).unwrap()
    _, body = await call(client, "owners", spare)
    assert body["success"] is False
    assert "revoked" in body["error"]
    _, still = await call(client, "owners", alpha.key)
    assert still["success"] is True


async def test_permissions_are_checked_per_endpoint(
    make_client: Any, call: Any, make_key: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    catalog_only = make_key(alpha, {Permission.API_ACCESS})
    for endpoint in ("owners", "animals", "new_modified_owners", "authorize_owner"):
        _, body = await call(client, endpoint, catalog_only, start_date="2024-01-01",
                              end_date="2024-01-02", email="a@b.example", password="x")  # fmt: skip
        assert body["success"] is False, endpoint
        assert "permission" in body["error"], endpoint
    _, body = await call(client, "owner", catalog_only, id=str(alpha.pat.id))
    assert "'owners.read'" in body["error"]
    _, body = await call(
        client, "get_animal_immunizations", catalog_only, animal_id=str(alpha.rex.id)
    )
    assert "'animals.read'" in body["error"]
    for endpoint in ("get_species", "get_breeds", "get_locations", "get_vets", "get_temperaments",
                     "get_immunization_types"):  # fmt: skip
        _, body = await call(client, endpoint, catalog_only)
        assert body["success"] is True, endpoint
    _, form = await call(client, "/forms/get_form", catalog_only, form="owner_form")
    assert form["success"] is True


async def test_a_user_without_api_access_is_refused_even_with_a_key(
    make_client: Any, call: Any, make_key: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    key = make_key(alpha, {Permission.API_ACCESS, Permission.OWNERS_READ}, "reader")
    # Taking api.access away later makes the key useless at once.
    with services.uow_factory.for_facility(alpha.fid) as uow:
        user = uow.staff.find_by_username("reader")
        assert user is not None
        uow.staff.update(attrs.evolve(user, permissions=frozenset({Permission.OWNERS_READ})))
        uow.commit()
    _, body = await call(client, "owners", key)
    assert body["success"] is False
    assert "api.access" in body["error"]


async def test_error_statuses_follow_the_configuration(
    make_client: Any, call: Any, make_key: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client(gingr_auth_error_status=401, gingr_input_error_status=400)
    status, body = await call(client, "owners", "bad")
    assert (status, body["success"]) == (401, False)
    catalog_only = make_key(alpha, {Permission.API_ACCESS})
    status, _ = await call(client, "owners", catalog_only)
    assert status == 403
    status, body = await call(client, "owner", alpha.key, id="abc")
    assert (status, body["success"]) == (400, False)


async def test_malformed_requests_get_clear_errors_not_500s(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    as_json = await client.post("/api/v1/owners", json={"key": alpha.key})
    body = await as_json.json()
    assert (as_json.status, body["success"]) == (200, False)
    assert "application/x-www-form-urlencoded" in body["error"]

    form = aiohttp.FormData()
    form.add_field("key", alpha.key)
    form.add_field("doc", b"%PDF-1.4", filename="x.pdf", content_type="application/pdf")
    upload = await (await client.post("/api/v1/owners", data=form)).json()
    assert "doc: this API takes no file uploads" in upload["error"]

    too_many = "&".join(f"p{n}=1" for n in range(1001))
    body = await (await client.get(f"/api/v1/owners?key={alpha.key}&{too_many}")).json()
    assert "too many parameters" in body["error"]

    deep = "params" + "[a]" * 9
    body = await (await client.get(f"/api/v1/owners?key={alpha.key}&{deep}=1")).json()
    assert "levels deep" in body["error"]

    _, body = await call(client, "owners", alpha.key, params="zip=80302")
    assert "params must be given with brackets" in body["error"]

    body = await (await client.get(f"/api/v1/owner?key={alpha.key}&id[]=1")).json()
    assert body["error"] == "id must be a single value, not a list"

    broken = await client.post(
        "/api/v1/owners",
        data=b"--xyz\r\nContent-Disposition: form-data; name=key\r\n\r\n" + alpha.key.encode(),
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert broken.status in (200, 400)
    assert (await broken.json())["success"] is False


async def test_reference_list_envelope_follows_the_facility_setting(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    _, enveloped = await call(client, "get_species", alpha.key)
    assert enveloped == {
        "success": True,
        "error": False,
        "data": [{"value": str(alpha.dog.id), "label": "Dog"},
                 {"value": str(alpha.cat.id), "label": "Cat"}],
    }  # fmt: skip
    result = services.update_facility_settings(
        alpha.fid, OPERATOR, FacilitySettings(phone_region="US", reference_lists_enveloped=False)
    )
    assert isinstance(result, Success)
    for endpoint in ("get_species", "get_breeds", "get_locations", "get_temperaments", "get_vets"):
        _, bare = await call(client, endpoint, alpha.key)
        assert isinstance(bare, list), endpoint
        assert all(set(item) >= {"value", "label"} for item in bare)
    # Only the reference lists change shape.
    _, types = await call(client, "get_immunization_types", alpha.key)
    assert types["success"] is True
