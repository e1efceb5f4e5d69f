"""Real-browser fixtures: the real application served on a loopback port from a background
thread, and Debian's Chromium driven by Playwright (which never downloads a browser here).

Without /usr/bin/chromium the tests skip, saying how to install it; with
PETCARE_REQUIRE_BROWSER=1 (CI) a missing browser fails the run instead.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_core.domain.facility import Facility, FacilitySettings
from petcare_core.domain.staff import StaffRole
from petcare_core.services import (
    OPERATOR,
    LocationDetails,
    NewFacility,
    NewStaffUser,
    PetcareServices,
)
from petcare_web.app import create_app
from petcare_web.config import WebConfig

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def _browser_missing(message: str) -> None:
    if os.environ.get("PETCARE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (PETCARE_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(message)


@attrs.define
class LiveSite:
    """The application listening on 127.0.0.1, its services and its seeded facility."""

    url: str
    services: PetcareServices
    facility: Facility
    staff_key: str

    @property
    def portal(self) -> str:
        """The facility's portal address."""
        return f"{self.url}/f/{self.facility.slug}"

    def staff(self, method: str, path: str) -> Any:
        """Call the staff API with the manager's key; the decoded JSON answer."""
        request = urllib.request.Request(
            f"{self.url}/staff/api{path}",
            method=method,
            headers={"Authorization": f"Bearer {self.staff_key}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


def _seed(services: PetcareServices) -> tuple[Facility, str]:
    facility = services.create_facility(
        NewFacility(
            slug=f"happy-tails-{uuid.uuid4().hex[:6]}",
            name="Happy Tails Pet Resort",
            timezone="America/Denver",
            currency="USD",
            settings=FacilitySettings(phone_region="US"),
            first_location=LocationDetails(
                name="Downtown",
                address_1="1 Pearl St",
                city="Boulder",
                region="CO",
                postal_code="80302",
                phone="303-555-0100",
                email="hello@happytails.example",
            ),
        )
    ).unwrap()
    fid = facility.id
    services.add_location(fid, OPERATOR, LocationDetails(name="Riverside", city="Longmont"))
    dog = services.add_species(fid, OPERATOR, "Dog").unwrap()
    services.add_species(fid, OPERATOR, "Cat").unwrap()
    services.add_breed(fid, OPERATOR, dog.id, "Labrador").unwrap()
    services.add_temperament(fid, OPERATOR, "Calm").unwrap()
    services.add_immunization_type(fid, OPERATOR, dog.id, "Rabies", required=True).unwrap()
    manager = services.create_staff_user(
        fid, OPERATOR, NewStaffUser("manager", "Morgan", "Lee", StaffRole.MANAGER)
    ).unwrap()
    key = services.create_api_key(fid, manager.id, "browser tests", actor=OPERATOR).unwrap()
    return facility, key.plain_key


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """The real ``create_app`` over memory services, served from a background thread."""
    settings = Settings(
        database_url="memory://",
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
        files_dir=str(tmp_path_factory.mktemp("files")),
    )
    services, close = build(settings)
    facility, key = _seed(services)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(create_app(services, WebConfig()), access_log=None)
    thread = threading.Thread(target=loop.run_forever, name="live-site", daemon=True)
    thread.start()

    async def start() -> int:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        port: int = runner.addresses[0][1]
        return port

    port = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    try:
        yield LiveSite(f"http://127.0.0.1:{port}", services, facility, key)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()
        close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (skipped, or failed in CI, when it is missing)."""
    if not CHROMIUM.exists():
        _browser_missing(
            "Chromium is not installed at /usr/bin/chromium; install it with "
            "`apt-get install -y chromium` to run the browser tests"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("Playwright is not installed; run pip install -e '.[dev]'")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    """A page in a phone-sized window (375 x 812)."""
    context = chromium.new_context(viewport=PHONE)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def desktop(chromium: Any) -> Iterator[Any]:
    """A page in a desktop-sized window (1280 x 800)."""
    context = chromium.new_context(viewport=DESKTOP)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def screenshot() -> Any:
    """``screenshot(page, name)``: save the whole page under artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
