"""Fixtures for the portal JSON API and staff API tests: memory services built as production
builds them, the real ``create_app``, two seeded facilities, and a small client helper.

Test modules cannot import this conftest (importlib mode), so helpers come as fixtures.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web
from facility_clock import facility_today

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.forms import FieldType, FormField, FormKind, Visibility
from petcare_core.domain.ids import ImmunizationRecordId, PortalAccountId
from petcare_core.domain.owner import Owner
from petcare_core.domain.staff import Permission, StaffRole, StaffUser
from petcare_core.services import (
    OPERATOR,
    LocationDetails,
    NewFacility,
    NewOwner,
    NewStaffUser,
    PetcareServices,
    SignUp,
    VetDetails,
)
from petcare_web.app import create_app
from petcare_web.config import WebConfig
from petcare_web.portal.sessions import PortalSession
from petcare_web.portal_api.auth import token_codec

PASSWORD = "a-long-enough-parent-password"
SECRET = b"s" * 32
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[PetcareServices]:
    """Services over a fresh memory storage, uploads kept under ``tmp_path``."""
    settings = Settings(
        database_url="memory://",
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
        files_dir=str(tmp_path / "files"),
    )
    services, close = build(settings)
    yield services
    close()


@attrs.frozen
class Tenant:
    """One seeded facility; ``markers`` are strings planted in business-only data."""

    facility: Facility
    locations: tuple[Location, ...]
    manager: StaffUser
    key: str
    dog: Species
    cat: Species
    labrador: Breed
    vet: Vet
    shy: Temperament
    rabies: ImmunizationType
    bordetella: ImmunizationType
    pat: Owner
    account_id: PortalAccountId
    email: str
    phone: str
    kim: Owner
    rex: Animal
    misty: Animal
    upload_id: ImmunizationRecordId
    markers: tuple[str, ...]

    @property
    def fid(self) -> Any:
        return self.facility.id

    @property
    def slug(self) -> str:
        return self.facility.slug


def new_key(
    services: PetcareServices, fid: Any, username: str, permissions: set[Permission]
) -> str:
    """An API key of a new staff user holding ``permissions``."""
    user = services.create_staff_user(
        fid,
        OPERATOR,
        NewStaffUser(username, "Sam", "Staff", StaffRole.EMPLOYEE, permissions=permissions),
    ).unwrap()
    return services.create_api_key(fid, user.id, "test", actor=OPERATOR).unwrap().plain_key


def make_tenant(services: PetcareServices, label: str) -> Tenant:
    """A facility with a catalog, forms, two households (Pat logs in; Kim does not), their
    pets, vaccination records, and marker strings in every kind of business-only data."""
    ok = OPERATOR
    slug = f"{label}-{uuid.uuid4().hex[:8]}"
    mark = f"MARKER{uuid.uuid4().hex[:6]}{label}"
    markers = tuple(f"{mark}-{what}" for what in ("on", "oi", "ocf", "an", "ai", "ir", "acf", "rn"))
    facility = services.create_facility(
        NewFacility(
            slug=slug,
            name=f"{label.title()} Pets",
            timezone="America/Denver",
            currency="USD",
            settings=FacilitySettings(phone_region="US"),
            first_location=LocationDetails(name=f"{label} Downtown", city="Boulder"),
        )
    ).unwrap()
    fid = facility.id
    locations = tuple(services.list_locations(fid))
    manager = services.create_staff_user(
        fid, ok, NewStaffUser(f"{label}.manager", "Morgan", "Lee", StaffRole.MANAGER)
    ).unwrap()
    dog = services.add_species(fid, ok, "Dog").unwrap()
    cat = services.add_species(fid, ok, "Cat").unwrap()
    labrador = services.add_breed(fid, ok, dog.id, "Labrador").unwrap()
    vet = services.add_vet(fid, ok, VetDetails(f"{label} Vets", phone="303-555-0199")).unwrap()
    shy = services.add_temperament(fid, ok, "Shy").unwrap()
    rabies = services.add_immunization_type(fid, ok, dog.id, "Rabies", required=True).unwrap()
    bordetella = services.add_immunization_type(fid, ok, dog.id, "Bordetella").unwrap()
    services.define_form(
        fid,
        ok,
        FormKind.OWNER_FORM,
        [
            FormField(
                "referral",
                "How did you hear of us?",
                FieldType.CHOICE,
                options=("Friend", "Web"),
                visibility=Visibility.PORTAL_EDITABLE,
            ),
            FormField(
                "member_since", "Member since", FieldType.TEXT, visibility=Visibility.PORTAL_VISIBLE
            ),
            FormField("credit_note", "Credit note", FieldType.TEXT),
        ],
    ).unwrap()
    services.define_form(
        fid,
        ok,
        FormKind.ANIMAL_FORM,
        [
            FormField(
                "toy", "Favourite toy", FieldType.TEXT, visibility=Visibility.PORTAL_EDITABLE
            ),
            FormField("bite_risk", "Bite risk", FieldType.TEXT),
        ],
    ).unwrap()
    email = f"pat@{slug}.example"
    phone = f"+1303555{2000 + int(slug[-8:], 16) % 7000:04d}"
    linked = services.sign_up(
        SignUp(
            first_name="Pat",
            last_name="Parker",
            password=PASSWORD,
            email=email,
            phone=phone,
            facility_slug=slug,
        )
    ).unwrap()
    pat = services.update_owner_as_staff(
        fid,
        ok,
        linked.owner_id,
        {
            "city": "Boulder",
            "home_location_id": str(locations[0].id),
            "employee_notes": markers[0],
            "custom_icons": markers[1],
            "custom.credit_note": markers[2],
            "custom.member_since": "2020",
        },
    ).unwrap()
    kim = services.create_owner(
        fid, ok, NewOwner("Kim", "Kowalski", email=f"kim@{slug}.example", cell_phone="720-555-0111")
    ).unwrap()
    rex = services.add_animal_as_staff(
        fid,
        ok,
        pat.id,
        {
            "name": "Rex",
            "species_id": str(dog.id),
            "breed_id": str(labrador.id),
            "sex": "male",
            "birthday": "2019-11-05",
            "weight": "42.5",
            "vet_id": str(vet.id),
            "temperament_id": str(shy.id),
            "employee_notes": markers[3],
            "custom_icons": markers[4],
            "custom.bite_risk": markers[6],
            "custom.toy": "Ball",
        },
    ).unwrap()
    rex = services.add_incident_report(
        fid, ok, rex.id, facility_today() - timedelta(days=3), markers[5]
    ).unwrap()
    misty = services.add_animal_as_staff(
        fid, ok, kim.id, {"name": "Misty", "species_id": str(cat.id)}
    ).unwrap()
    today = facility_today()
    services.record_immunization(
        fid, ok, rex.id, type_id=rabies.id, expires_on=today + timedelta(days=700), note=markers[7]
    ).unwrap()
    upload = services.record_immunization_upload(
        fid,
        linked.account.id,
        rex.id,
        type_id=bordetella.id,
        expires_on=today + timedelta(days=365),
        document_key="uploads/none.pdf",
    ).unwrap()
    return Tenant(
        facility=facility,
        locations=locations,
        manager=manager,
        key=services.create_api_key(fid, manager.id, "tests", actor=ok).unwrap().plain_key,
        dog=dog,
        cat=cat,
        labrador=labrador,
        vet=vet,
        shy=shy,
        rabies=rabies,
        bordetella=bordetella,
        pat=pat,
        account_id=linked.account.id,
        email=email,
        phone=phone,
        kim=kim,
        rex=rex,
        misty=misty,
        upload_id=upload.id,
        markers=markers,
    )


@pytest.fixture
def alpha(services: PetcareServices) -> Tenant:
    """The facility most tests call."""
    return make_tenant(services, "alpha")


@pytest.fixture
def beta(services: PetcareServices, alpha: Tenant) -> Tenant:
    """A second facility on the same storage."""
    return make_tenant(services, "beta")


@attrs.frozen
class Reply:
    """A response: status, decoded JSON (``None`` for other bodies), headers, raw body."""

    status: int
    json: Any
    headers: Any
    body: bytes


class Api:
    """Calls the application under test."""

    def __init__(self, client: Any, services: PetcareServices) -> None:
        self.client = client
        self.services = services

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        key: str | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Reply:
        """One request; ``token`` and ``key`` go in ``Authorization: Bearer``."""
        sent = dict(headers or {})
        credential = token if token is not None else key
        if credential is not None:
            sent["Authorization"] = f"Bearer {credential}"
        if json is not None:
            kwargs["json"] = json
        response = await self.client.request(method, path, headers=sent, **kwargs)
        body = await response.read()
        decoded = await response.json() if response.content_type == "application/json" else None
        return Reply(response.status, decoded, response.headers, body)

    async def login(self, tenant: Tenant, password: str = PASSWORD) -> str:
        """A bearer token of the tenant's parent."""
        reply = await self.call(
            "POST",
            "/portal/api/login",
            json={"login": tenant.email, "password": password, "facility": tenant.slug},
        )
        assert reply.status == 200, reply.json
        token: str = reply.json["token"]
        return token


@pytest.fixture
async def api(aiohttp_client: Any, services: PetcareServices) -> Api:
    """A client of ``create_app`` over ``services``."""
    client = await aiohttp_client(create_app(services, WebConfig(session_secret=SECRET)))
    return Api(client, services)


@pytest.fixture
def seed() -> Any:
    """``seed(services, label)``: another seeded facility."""
    return make_tenant


@pytest.fixture
def key_with() -> Any:
    """``key_with(services, tenant, permissions, username)``: an API key of a new staff user."""

    def make(
        services: PetcareServices, tenant: Tenant, permissions: set[Permission], username: str
    ) -> str:
        return new_key(services, tenant.fid, username, permissions)

    return make


@pytest.fixture
def pdf() -> bytes:
    """A small file that is a PDF by its content."""
    return PDF


@attrs.frozen
class Live:
    """A server of ``create_app`` on a loopback port, with one seeded facility."""

    url: str
    services: PetcareServices
    tenant: Tenant
    token: str


def _serve(app: Any, started: threading.Event, box: dict[str, Any]) -> None:
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    box["port"] = runner.addresses[0][1]
    box["loop"] = loop
    started.set()
    loop.run_forever()
    loop.run_until_complete(runner.cleanup())
    loop.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A live server (in a thread of its own) over memory services with one facility."""
    settings = Settings(
        database_url="memory://",
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
        files_dir=str(tmp_path_factory.mktemp("files")),
    )
    services, close = build(settings)
    tenant = make_tenant(services, "live")
    account = services.authenticate_portal_account(tenant.email, PASSWORD).unwrap()
    now = datetime.now(UTC)
    token = token_codec(SECRET).encode(
        PortalSession.anonymous(now).logged_in(account.id, account.password_hash, now)
    )
    started, box = threading.Event(), {}
    app = create_app(services, WebConfig(session_secret=SECRET))
    thread = threading.Thread(target=_serve, args=(app, started, box), daemon=True)
    thread.start()
    assert started.wait(30), "the live server did not start"
    yield Live(f"http://127.0.0.1:{box['port']}", services, tenant, token)
    box["loop"].call_soon_threadsafe(box["loop"].stop)
    thread.join(30)
    close()
