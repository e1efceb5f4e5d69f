"""Reference lists, immunization types and records, and ``/forms/get_form``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from facility_clock import facility_today

pytestmark = pytest.mark.asyncio

DENVER = ZoneInfo("America/Denver")


async def test_reference_lists_are_value_label_rows(
    make_client: Any, call: Any, alpha: Any
) -> None:
    client = await make_client()
    expected = {
        "get_locations": [(alpha.locations[0].id, "alpha Downtown"),
                          (alpha.locations[1].id, "alpha Riverside")],
        "get_species": [(alpha.dog.id, "Dog"), (alpha.cat.id, "Cat")],
        "get_breeds": [(alpha.labrador.id, "Labrador"), (alpha.siamese.id, "Siamese")],
        "get_temperaments": [(alpha.shy.id, "Shy")],
        "get_vets": [(alpha.vet.id, "alpha Vets")],
    }  # fmt: skip
    for endpoint, items in expected.items():
        for method in ("GET", "POST"):
            _, body = await call(client, endpoint, alpha.key, method=method)
            assert body["success"] is True
            assert body["data"] == [
                {"value": str(item_id), "label": label} for item_id, label in items
            ], endpoint


async def test_breeds_of_one_species(make_client: Any, call: Any, alpha: Any) -> None:
    client = await make_client()
    _, body = await call(client, "get_breeds", alpha.key, species_id=str(alpha.cat.id))
    assert body["data"] == [{"value": str(alpha.siamese.id), "label": "Siamese"}]
    _, body = await call(client, "get_breeds", alpha.key, species_id="999999")
    assert body["data"] == []
    _, body = await call(client, "get_breeds", alpha.key, species_id="dog")
    assert body["success"] is False
    assert "species_id must be a positive whole number" in body["error"]


async def test_vets_with_details(make_client: Any, call: Any, alpha: Any) -> None:
    client = await make_client()
    _, body = await call(client, "get_vets", alpha.key, vetFlag="true")
    assert body["data"] == [
        {
            "value": str(alpha.vet.id), "label": "alpha Vets", "id": str(alpha.vet.id),
            "location_id": None, "name": "alpha Vets", "phone_number": "+13035550199",
            "fax_number": "", "email": "", "address_1": "", "address_2": "", "city": "Boulder",
            "state": "", "zip": "", "notes": "Open 24h", "status": "1",
        }
    ]  # fmt: skip


async def test_immunization_types(make_client: Any, call: Any, alpha: Any) -> None:
    client = await make_client()
    _, dogs = await call(client, "get_immunization_types", alpha.key, species_id=str(alpha.dog.id))
    assert dogs == {
        "success": True,
        "error": False,
        "data": [
            {"id": str(alpha.rabies.id), "type": "Rabies", "required": "1",
             "species_id": str(alpha.dog.id)},
            {"id": str(alpha.bordetella.id), "type": "Bordetella", "required": "0",
             "species_id": str(alpha.dog.id)},
        ],
    }  # fmt: skip
    _, every = await call(client, "get_immunization_types", alpha.key)
    assert [row["type"] for row in every["data"]] == ["Rabies", "Bordetella", "FVRCP"]


async def test_animal_immunizations_verified_by_default(
    make_client: Any, call: Any, alpha: Any
) -> None:
    client = await make_client()
    _, body = await call(client, "get_animal_immunizations", alpha.key, animal_id=str(alpha.rex.id))
    assert body["success"] is True
    rows = body["data"]
    assert [row["type"] for row in rows] == ["Rabies", "Rabies", "Bordetella"]
    assert {row["status"] for row in rows} == {"verified"}
    latest = rows[1]
    expires = facility_today() + timedelta(days=700)
    assert latest["formated_expiry_date"] == expires.isoformat()
    moment = datetime.fromtimestamp(int(latest["expiration_date"]), DENVER)
    assert (moment.date(), moment.hour, moment.minute) == (expires, 0, 0)
    assert latest["note"] == "3-year"

    _, everything = await call(
        client, "get_animal_immunizations", alpha.key,
        animal_id=str(alpha.rex.id), include_unverified="1",
    )  # fmt: skip
    assert [row["status"] for row in everything["data"]] == [
        "verified",
        "verified",
        "verified",
        "pending_review",
    ]
    assert everything["data"][-1]["source"] == "parent_upload"


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "animal_id is required"),
        ({"animal_id": "999999"}, "animal 999999 does not exist"),
        ({"animal_id": "-3"}, "animal_id must be a positive whole number"),
    ],
)
async def test_animal_immunizations_refusals(
    make_client: Any, call: Any, alpha: Any, params: dict[str, str], fragment: str
) -> None:
    client = await make_client()
    _, body = await call(client, "get_animal_immunizations", alpha.key, **params)
    assert body["success"] is False
    assert fragment in body["error"]


async def test_get_form_at_the_app_root(make_client: Any, call: Any, alpha: Any) -> None:
    client = await make_client()
    _, owner_form = await call(client, "/forms/get_form", alpha.key, form="owner_form")
    data = owner_form["data"]
    assert (data["form"], data["version"]) == ("owner_form", "1")
    assert data["fields"][0] == {
        "name": "referral",
        "label": "How did you hear of us?",
        "type": "choice",
        "required": "0",
        "options": [{"value": "Friend", "label": "Friend"}, {"value": "Web", "label": "Web"}],
        "visibility": "portal_editable",
        "portal_visible": "1",
        "portal_editable": "1",
    }
    assert data["fields"][1]["visibility"] == "business_only"
    _, animal_form = await call(
        client, "/forms/get_form", alpha.key, method="POST", form="animal_form"
    )
    assert [field["name"] for field in animal_form["data"]["fields"]] == ["toy"]
    for bad in ({}, {"form": "reservation_form"}):
        _, body = await call(client, "/forms/get_form", alpha.key, **bad)
        assert body["success"] is False
        assert "form" in body["error"]
    _, unauthenticated = await call(client, "/forms/get_form", None, form="owner_form")
    assert unauthenticated["success"] is False
