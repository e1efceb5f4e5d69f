"""Every Gingr endpoint over each storage: memory, SQLite and PostgreSQL give the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from petcare_core.services import PetcareServices
from petcare_web.app import create_app
from petcare_web.config import WebConfig

pytestmark = pytest.mark.asyncio


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stored(
    request: pytest.FixtureRequest, tmp_path: Path, build_services: Any, seed_tenant: Any
) -> Iterator[tuple[PetcareServices, Any, Any]]:
    """Services over one storage, with two seeded tenants (alpha first)."""
    url = {
        "memory": lambda: "memory://",
        "sqlite": lambda: f"sqlite:///{tmp_path / 'web.db'}",
        "postgres": lambda: request.getfixturevalue("postgres_url"),
    }[request.param]()
    services, close = build_services(url)
    try:
        yield services, seed_tenant(services, "alpha"), seed_tenant(services, "beta")
    finally:
        close()


async def test_every_endpoint_answers_over_each_storage(
    aiohttp_client: Any, call: Any, stored: tuple[PetcareServices, Any, Any]
) -> None:
    services, alpha, beta = stored
    client = await aiohttp_client(create_app(services, WebConfig(executor_threads=2)))
    tour: list[tuple[str, dict[str, str], Any]] = [
        ("owners", {}, [alpha.pat.id, alpha.kim.id, alpha.lee.id]),
        ("owners", {"params[zip]": "80302"}, [alpha.pat.id, alpha.lee.id]),
        ("animals", {}, [alpha.rex.id, alpha.misty.id, alpha.bolt.id]),
        ("animals", {"params[month(from_unixtime(birthday))]": "11"},
         [alpha.rex.id, alpha.bolt.id]),
        ("new_modified_owners", {"start_date": "2000-01-01", "end_date": "2100-01-01"},
         [alpha.pat.id, alpha.kim.id, alpha.lee.id]),
        ("get_locations", {}, [location.id for location in alpha.locations]),
        ("get_species", {}, [alpha.dog.id, alpha.cat.id]),
        ("get_breeds", {"species_id": str(alpha.dog.id)}, [alpha.labrador.id]),
        ("get_temperaments", {}, [alpha.shy.id]),
        ("get_vets", {"vetFlag": "true"}, [alpha.vet.id]),
        ("get_immunization_types", {"species_id": str(alpha.dog.id)},
         [alpha.rabies.id, alpha.bordetella.id]),
    ]  # fmt: skip
    for endpoint, params, expected in tour:
        for method in ("GET", "POST"):
            status, body = await call(client, endpoint, alpha.key, method=method, **params)
            assert (status, body["success"]) == (200, True), (endpoint, body)
            ids = [row.get("id", row.get("value")) for row in body["data"]]
            assert ids == [str(item) for item in expected], endpoint

    _, owner = await call(client, "owner", alpha.key, phone=alpha.kim.cell_phone)
    assert owner["data"]["id"] == str(alpha.kim.id)
    _, other = await call(client, "owner", alpha.key, id=str(beta.kim.id))
    assert other["success"] is False
    _, shots = await call(
        client, "get_animal_immunizations", alpha.key, animal_id=str(alpha.rex.id)
    )
    assert [row["type"] for row in shots["data"]] == ["Rabies", "Rabies", "Bordetella"]
    _, login = await call(
        client, "authorize_owner", alpha.key, method="POST",
        email=alpha.parent_email, password="a-long-enough-parent-password",
    )  # fmt: skip
    assert login["data"]["id"] == str(alpha.pat.id)
    _, form = await call(client, "/forms/get_form", alpha.key, form="owner_form")
    assert [field["name"] for field in form["data"]["fields"]] == ["referral", "credit_note"]
    _, theirs = await call(client, "owners", beta.key)
    assert [row["id"] for row in theirs["data"]] == [
        str(beta.pat.id),
        str(beta.kim.id),
        str(beta.lee.id),
    ]
