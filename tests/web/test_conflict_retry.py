"""Use cases that lose a race are run again; parents saving at once on SQLite all succeed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from petcare_adapters.bootstrap import build, open_sql_storage
from petcare_adapters.settings import Settings
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.services import NewFacility, PetcareServices, SignUp
from petcare_web.app import create_app
from petcare_web.config import WebConfig
from petcare_web.executor import CONFLICT_ATTEMPTS, run_use_case

pytestmark = pytest.mark.asyncio
PASSWORD = "a-long-enough-parent-password"


def _app_losing(services: PetcareServices, losses: int, calls: list[int]) -> web.Application:
    app = create_app(services, WebConfig())

    def use_case() -> str:
        calls.append(1)
        if len(calls) <= losses:
            raise ConcurrencyConflict("Owner", 7)
        return "saved"

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=await run_use_case(request, use_case))

    app.router.add_post("/api/test/save", handler)
    return app


async def test_a_use_case_that_loses_a_race_is_run_again(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    calls: list[int] = []
    client = await aiohttp_client(_app_losing(services, CONFLICT_ATTEMPTS - 1, calls))

    response = await client.post("/api/test/save")

    assert (response.status, await response.text()) == (200, "saved")
    assert len(calls) == CONFLICT_ATTEMPTS


async def test_a_conflict_that_persists_is_answered_409_after_the_last_attempt(
    aiohttp_client: Any, services: PetcareServices
) -> None:
    calls: list[int] = []
    client = await aiohttp_client(_app_losing(services, 100, calls))

    response = await client.post("/api/test/save")

    assert response.status == 409
    assert (await response.json())["code"] == "conflict"
    assert len(calls) == CONFLICT_ATTEMPTS


@pytest.fixture
def sqlite_services(tmp_path: Path) -> Iterator[PetcareServices]:
    """Services over a migrated SQLite file: one writer at a time, as `petcare serve` runs."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'race.db'}",
        files_dir=str(tmp_path / "files"),
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
    )
    storage = open_sql_storage(settings)
    storage.upgrade()
    storage.close()
    services, close = build(settings)
    yield services
    close()


async def test_parents_saving_at_the_same_moment_on_sqlite_all_succeed(
    aiohttp_client: Any, sqlite_services: PetcareServices
) -> None:
    services = sqlite_services
    facility = services.create_facility(
        NewFacility(slug="racing-paws", name="Racing Paws", timezone="UTC", currency="USD")
    ).unwrap()
    emails = [f"parent{number}@example.com" for number in range(8)]
    for email in emails:
        services.sign_up(
            SignUp(
                first_name="Pat",
                last_name="Lee",
                email=email,
                password=PASSWORD,
                facility_slug=facility.slug,
            )
        ).unwrap()
    client = await aiohttp_client(create_app(services, WebConfig(executor_threads=5)))
    tokens = []
    for email in emails:
        login = await client.post(
            "/portal/api/login",
            json={"login": email, "password": PASSWORD, "facility": facility.slug},
        )
        assert login.status == 200, await login.text()
        tokens.append((await login.json())["token"])

    async def save(token: str, number: int) -> int:
        response = await client.patch(
            f"/portal/api/f/{facility.slug}/me",
            json={"city": f"Boulder {number}"},
            headers={"Authorization": f"Bearer {token}"},
        )
        return response.status

    for _ in range(3):
        statuses = await asyncio.gather(*(save(t, n) for n, t in enumerate(tokens)))
        assert statuses == [200] * len(tokens)
    with services.uow_factory.for_facility(facility.id) as uow:
        cities = sorted(owner.address.city for owner in uow.owners.list())
    assert cities == sorted(f"Boulder {number}" for number in range(len(emails)))
