"""Fixtures for the web tests: services built as production builds them, two seeded tenants."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import attrs
import pytest
from aiohttp.test_utils import TestClient
from facility_clock import facility_today

from petcare_adapters.bootstrap import build, open_sql_storage
from petcare_adapters.settings import Settings
from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.forms import FieldType, FormField, FormKind, Visibility
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

FAST_HASHING = {"password_hash_time_cost": 1, "password_hash_memory_kib": 64}
PARENT_PASSWORD = "a-long-enough-parent-password"


def make_services(url: str) -> tuple[PetcareServices, Any]:
    """Services over ``url`` (migrated first when it is an SQL database), and their closer."""
    settings = Settings(database_url=url, **FAST_HASHING)
    if not settings.uses_memory_storage:
        storage = open_sql_storage(settings)
        try:
            storage.upgrade()
        finally:
            storage.close()
    return build(settings)


@pytest.fixture
def services() -> Iterator[PetcareServices]:
    """Services over a fresh memory storage."""
    services, close = make_services("memory://")
    yield services
    close()


@attrs.frozen
class Tenant:
    """One seeded facility and everything a test needs to name in it."""

    facility: Facility
    locations: tuple[Location, ...]
    manager: StaffUser
    key: str
    dog: Species
    cat: Species
    labrador: Breed
    siamese: Breed
    vet: Vet
    shy: Temperament
    rabies: ImmunizationType
    bordetella: ImmunizationType
    pat: Owner
    kim: Owner
    lee: Owner
    rex: Animal
    misty: Animal
    bolt: Animal
    parent_email: str

    @property
    def fid(self) -> Any:
        return self.facility.id


def issue_key(services: PetcareServices, tenant_fid: Any, user: StaffUser) -> str:
    """A fresh API key acting for ``user``."""
    return services.create_api_key(tenant_fid, user.id, "test", actor=OPERATOR).unwrap().plain_key


def add_staff(
    services: PetcareServices, fid: Any, username: str, permissions: set[Permission]
) -> StaffUser:
    command = NewStaffUser(username, "Sam", "Staff", StaffRole.EMPLOYEE, permissions=permissions)
    return services.create_staff_user(fid, OPERATOR, command).unwrap()


def make_tenant(services: PetcareServices, label: str) -> Tenant:
    """A facility with two locations, a catalog, forms, three households and their pets."""
    slug = f"{label}-{uuid.uuid4().hex[:8]}"
    ok = OPERATOR
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
    services.add_location(fid, ok, LocationDetails(name=f"{label} Riverside")).unwrap()
    locations = tuple(services.list_locations(fid))
    manager = services.create_staff_user(
        fid, ok, NewStaffUser(f"{label}.manager", "Morgan", "Lee", StaffRole.MANAGER)
    ).unwrap()
    dog = services.add_species(fid, ok, "Dog").unwrap()
    cat = services.add_species(fid, ok, "Cat").unwrap()
    labrador = services.add_breed(fid, ok, dog.id, "Labrador").unwrap()
    siamese = services.add_breed(fid, ok, cat.id, "Siamese").unwrap()
    vet = services.add_vet(
        fid, ok, VetDetails(f"{label} Vets", phone="303-555-0199", city="Boulder", notes="Open 24h")
    ).unwrap()
    shy = services.add_temperament(fid, ok, "Shy").unwrap()
    rabies = services.add_immunization_type(fid, ok, dog.id, "Rabies", required=True).unwrap()
    bordetella = services.add_immunization_type(fid, ok, dog.id, "Bordetella").unwrap()
    services.add_immunization_type(fid, ok, cat.id, "FVRCP", required=True).unwrap()
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
            FormField("credit_note", "Credit note", FieldType.TEXT),
        ],
    ).unwrap()
    services.define_form(
        fid, ok, FormKind.ANIMAL_FORM, [FormField("toy", "Favourite toy", FieldType.TEXT)]
    ).unwrap()

    parent_email = f"pat@{slug}.example"
    linked = services.sign_up(
        SignUp(
            first_name="Pat",
            last_name="Parker",
            password=PARENT_PASSWORD,
            email=parent_email,
            # Logins are unique across facilities: each tenant's parent has their own phone.
            phone=f"+1303555{2000 + int(slug[-8:], 16) % 7000:04d}",
            facility_slug=slug,
        )
    ).unwrap()
    pat = services.update_owner_as_staff(
        fid,
        ok,
        linked.owner_id,
        {
            "address_1": "1 Pearl St",
            "city": "Boulder",
            "region": "CO",
            "postal_code": "80302",
            "home_location_id": str(locations[0].id),
            "employee_notes": f"{label} pays late",
            "email_marketing": "false",
        },
    ).unwrap()
    kim = services.create_owner(
        fid,
        ok,
        NewOwner(
            "Kim",
            "Kowalski",
            email=f"kim@{slug}.example",
            cell_phone="720-555-0111",
            details={"postal_code": "80301", "city": "Longmont"},
        ),
    ).unwrap()
    lee = services.create_owner(
        fid, ok, NewOwner("Lee", "Ng", home_phone="303 555 0177", details={"postal_code": "80302"})
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
            "altered": "true",
            "vet_id": str(vet.id),
            "temperament_id": str(shy.id),
            "medication_notes": "Half a pill at dinner",
            "employee_notes": f"{label} escape artist",
        },
    ).unwrap()
    misty = services.add_animal_as_staff(
        fid,
        ok,
        kim.id,
        {"name": "Misty", "species_id": str(cat.id), "breed_id": str(siamese.id),
         "sex": "female", "birthday": "2021-03-14"},
    ).unwrap()  # fmt: skip
    bolt = services.add_animal_as_staff(
        fid,
        ok,
        pat.id,
        {"name": "Bolt", "species_id": str(dog.id), "status": "banned", "birthday": "2020-11-20"},
    ).unwrap()
    today = facility_today()
    # An old Rabies record renewed by a newer one, a Bordetella record expiring sooner.
    services.record_immunization(
        fid, ok, rex.id, type_id=rabies.id, expires_on=today - timedelta(days=30)
    ).unwrap()
    services.record_immunization(
        fid, ok, rex.id, type_id=rabies.id, expires_on=today + timedelta(days=700), note="3-year"
    ).unwrap()
    services.record_immunization(
        fid, ok, rex.id, type_id=bordetella.id, expires_on=today + timedelta(days=200)
    ).unwrap()
    upload = services.record_immunization_upload(
        fid,
        linked.account.id,
        rex.id,
        type_id=bordetella.id,
        expires_on=today + timedelta(days=365),
        document_key="uploads/rex.pdf",
    ).unwrap()
    assert upload.status.value == "pending_review"
    return Tenant(
        facility=facility,
        locations=locations,
        manager=manager,
        key=issue_key(services, fid, manager),
        dog=dog,
        cat=cat,
        labrador=labrador,
        siamese=siamese,
        vet=vet,
        shy=shy,
        rabies=rabies,
        bordetella=bordetella,
        pat=pat,
        kim=kim,
        lee=lee,
        rex=rex,
        misty=misty,
        bolt=bolt,
        parent_email=parent_email,
    )


@pytest.fixture
def alpha(services: PetcareServices) -> Tenant:
    """The facility most tests call."""
    return make_tenant(services, "alpha")


@pytest.fixture
def beta(services: PetcareServices, alpha: Tenant) -> Tenant:
    """A second facility on the same storage, seeded after ``alpha``."""
    return make_tenant(services, "beta")


async def gingr(
    client: TestClient[Any, Any],
    endpoint: str,
    key: str | None,
    *,
    method: str = "GET",
    **params: str,
) -> tuple[int, Any]:
    """Call a Gingr endpoint with ``key`` in the query string (GET) or the form body (POST);
    the HTTP status and the decoded JSON."""
    path = endpoint if endpoint.startswith("/") else f"/api/v1/{endpoint}"
    fields = dict(params)
    if key is not None:
        fields["key"] = key
    if method == "GET":
        response = await client.get(path, params=fields)
    else:
        response = await client.post(path, data=fields)
    assert response.content_type == "application/json"
    return response.status, await response.json()


Client = TestClient[Any, Any]


@pytest.fixture
def make_client(aiohttp_client: Any, services: PetcareServices) -> Any:
    """``await make_client(**web_config)``: a test client of ``create_app`` over ``services``."""

    async def make(**config: Any) -> Client:
        client: Client = await aiohttp_client(create_app(services, WebConfig(**config)))
        return client

    return make


@pytest.fixture
def call() -> Any:
    """``await call(client, endpoint, key, method=..., **params)`` (test modules cannot import
    this conftest)."""
    return gingr


@pytest.fixture
def make_key(services: PetcareServices) -> Any:
    """``make_key(tenant, permissions, username)``: an API key of a new staff user."""

    def make(tenant: Tenant, permissions: set[Permission], username: str = "integrator") -> str:
        return issue_key(
            services, tenant.fid, add_staff(services, tenant.fid, username, permissions)
        )

    return make


@pytest.fixture
def build_services() -> Any:
    """``build_services(url)``: services over ``url`` (migrated) and their closer."""
    return make_services


@pytest.fixture
def seed_tenant() -> Any:
    """``seed_tenant(services, label)``: a seeded facility (see ``make_tenant``)."""
    return make_tenant
