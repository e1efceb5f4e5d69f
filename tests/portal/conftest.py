"""Fixtures for the portal page tests: the real ``create_app`` over memory services built as
production builds them, a seeded facility, and a driver that fills in forms like a browser."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from facility_clock import facility_today

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Facility, FacilitySettings
from petcare_core.domain.forms import FieldType, FormField, FormKind, Visibility
from petcare_core.services import (
    OPERATOR,
    LocationDetails,
    NewFacility,
    PetcareServices,
    VetDetails,
)
from petcare_web.app import create_app
from petcare_web.config import WebConfig
from petcare_web.portal.sessions import SessionCodec

SECRET = b"portal-test-secret-of-32-bytes!!"
PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

Client = TestClient[Any, Any]


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    """Where uploaded documents are stored (empty at the start)."""
    return tmp_path / "files"


@pytest.fixture
def services(files_dir: Path) -> Iterator[PetcareServices]:
    """Memory services with fast password hashing, as ``bootstrap.build`` makes them."""
    settings = Settings(
        database_url="memory://",
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
        files_dir=str(files_dir),
    )
    services, close = build(settings)
    yield services
    close()


@attrs.frozen
class Shop:
    """A seeded facility and the catalog entries tests name."""

    facility: Facility
    dog: Species
    cat: Species
    labrador: Breed
    vet: Vet
    calm: Temperament
    rabies: ImmunizationType
    bordetella: ImmunizationType

    @property
    def fid(self) -> Any:
        return self.facility.id

    @property
    def slug(self) -> str:
        return self.facility.slug

    @property
    def base(self) -> str:
        return f"/f/{self.facility.slug}"


def make_shop(services: PetcareServices, name: str = "Happy Tails") -> Shop:
    """A facility with two locations, a catalog, and owner and animal forms."""
    slug = f"{name.lower().replace(' ', '-')}-{uuid.uuid4().hex[:6]}"
    ok = OPERATOR
    facility = services.create_facility(
        NewFacility(
            slug=slug,
            name=name,
            timezone="America/Denver",
            currency="USD",
            settings=FacilitySettings(phone_region="US"),
            first_location=LocationDetails(
                name="Downtown", address_1="1 Pearl St", city="Boulder", phone="303-555-0100"
            ),
        )
    ).unwrap()
    fid = facility.id
    services.add_location(fid, ok, LocationDetails(name="Riverside", city="Longmont")).unwrap()
    dog = services.add_species(fid, ok, "Dog").unwrap()
    cat = services.add_species(fid, ok, "Cat").unwrap()
    labrador = services.add_breed(fid, ok, dog.id, "Labrador").unwrap()
    services.add_breed(fid, ok, cat.id, "Siamese").unwrap()
    vet = services.add_vet(fid, ok, VetDetails("Boulder Vets", city="Boulder")).unwrap()
    calm = services.add_temperament(fid, ok, "Calm").unwrap()
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
                "member_since", "Member since", FieldType.DATE, visibility=Visibility.PORTAL_VISIBLE
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
            FormField(
                "crate_trained",
                "Crate trained",
                FieldType.BOOLEAN,
                visibility=Visibility.PORTAL_EDITABLE,
            ),
            FormField(
                "notes_long", "About", FieldType.LONG_TEXT, visibility=Visibility.PORTAL_EDITABLE
            ),
            FormField("bite_history", "Bite history", FieldType.TEXT),
        ],
    ).unwrap()
    return Shop(facility, dog, cat, labrador, vet, calm, rabies, bordetella)


@pytest.fixture
def shop(services: PetcareServices) -> Shop:
    """The facility most tests use."""
    return make_shop(services)


@pytest.fixture
def other_shop(services: PetcareServices, shop: Shop) -> Shop:
    """A second facility on the same storage."""
    return make_shop(services, "Bark Avenue")


class Browser:
    """Drives the portal like a browser: GETs a form's page for its CSRF token, then posts."""

    def __init__(self, client: Client, services: PetcareServices, shop: Shop) -> None:
        self.client = client
        self.services = services
        self.shop = shop

    async def get(self, path: str) -> tuple[int, str]:
        """GET without following redirects: the status and the body."""
        response = await self.client.get(path, allow_redirects=False)
        return response.status, await response.text()

    async def token(self, path: str) -> str:
        """The CSRF token on the page at ``path``."""
        status, body = await self.get(path)
        found = CSRF.search(body)
        assert found, f"no form on {path} ({status})"
        return found.group(1)

    async def post(
        self, path: str, data: dict[str, Any], *, form_page: str | None = None
    ) -> ClientResponse:
        """Submit ``data`` to ``path`` with the token of ``form_page`` (default: ``path``)."""
        token = await self.token(form_page or path)
        return await self.client.post(
            path, data={"csrf_token": token, **data}, allow_redirects=False
        )

    async def sign_up(
        self,
        email: str = "ana@example.com",
        *,
        phone: str = "",
        first_name: str = "Ana",
        last_name: str = "Lopez",
        password: str = PASSWORD,
    ) -> ClientResponse:
        """Sign up at the shop's portal."""
        return await self.post(
            f"{self.shop.base}/signup",
            {
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "phone": phone,
                "password": password,
            },
        )

    async def log_in(self, login: str, password: str = PASSWORD) -> ClientResponse:
        """Log in at the shop's portal."""
        return await self.post(f"{self.shop.base}/login", {"login": login, "password": password})

    async def log_out(self) -> ClientResponse:
        """Log out (the button is on every page of a logged-in parent)."""
        return await self.post(f"{self.shop.base}/logout", {}, form_page=f"{self.shop.base}/")

    async def add_pet(self, name: str = "Rex", **fields: str) -> int:
        """Add a dog through the form; its id."""
        data = {"name": name, "species_id": str(self.shop.dog.id), **fields}
        response = await self.post(f"{self.shop.base}/pets/new", data)
        assert response.status == 303, await response.text()
        location = response.headers["Location"]
        return int(location.split("/pets/")[1].split("?")[0])

    def forget_cookies(self) -> None:
        """Become a new visitor (another person on another device)."""
        self.client.session.cookie_jar.clear()

    def set_cookie(self, value: str, name: str = "petcare_portal") -> None:
        """Replace the session cookie (a copied or forged one)."""
        jar = self.client.session.cookie_jar
        jar.clear()
        jar.update_cookies({name: value}, response_url=self.client.make_url("/"))

    def account_id(self) -> Any:
        """The account the session cookie is logged in as (``None`` for a visitor)."""
        session = SessionCodec(SECRET).decode(self.cookie(), datetime.now(UTC))
        assert session is not None
        return session.account_id

    def cookie(self, name: str = "petcare_portal") -> str:
        """The session cookie's current value."""
        for cookie in self.client.session.cookie_jar:
            if cookie.key == name:
                return cookie.value
        return ""


@pytest.fixture
def make_browser(aiohttp_client: Any, services: PetcareServices, shop: Shop) -> Any:
    """``await make_browser(**web_config)``: a browser on a fresh ``create_app``."""

    async def make(**config: Any) -> Browser:
        config.setdefault("session_secret", SECRET)
        client: Client = await aiohttp_client(create_app(services, WebConfig(**config)))
        return Browser(client, services, shop)

    return make


@pytest.fixture
async def browser(make_browser: Any) -> Browser:
    """A browser on the default application."""
    made: Browser = await make_browser()
    return made


@pytest.fixture
async def parent(browser: Browser) -> Browser:
    """A browser where Ana has signed up (and so is logged in)."""
    response = await browser.sign_up()
    assert response.status == 303, await response.text()
    return browser


@pytest.fixture
def stored(files_dir: Path) -> Any:
    """``stored()``: every file the file store holds now."""

    def files() -> list[Path]:
        if not files_dir.exists():
            return []
        return [path for path in files_dir.rglob("*") if path.is_file()]

    return files


# Booking (issue 4): a catalog to book from, shared by test_booking_pages and
# test_reservation_pages.


@attrs.frozen
class BookingCatalog:
    """The shop's booking catalog: boarding (by night, a waiver, a 25 % deposit, free
    cancellation until 48 hours before), daycare (by day, one place a day at Downtown), grooming
    (a 60-minute appointment with a groomer), two add-ons, and a manager to approve."""

    services: PetcareServices
    shop: Shop
    downtown: Any
    boarding: Any
    daycare: Any
    grooming: Any
    bath: Any
    walk: Any
    waiver: Any
    groomer: Any
    manager: Any

    def vaccinate(self, animal_id: int, days: int = 400) -> None:
        """Give the pet a verified rabies record valid ``days`` from today (negative: expired)."""
        from datetime import timedelta

        self.services.record_immunization(
            self.shop.fid,
            OPERATOR,
            animal_id,
            type_id=self.shop.rabies.id,
            expires_on=facility_today() + timedelta(days=days),
        ).unwrap()

    def sign_waiver(self, account_id: Any) -> None:
        """The account's household signs the boarding waiver."""
        self.services.sign_agreement(
            self.shop.fid, account_id, self.waiver.id, signer_name="Ana Lopez", ip_address="::1"
        ).unwrap()

    def owner_id(self, account_id: Any) -> Any:
        """The household the account acts as at the shop."""
        return self.services.get_portal_account(account_id).owner_in(self.shop.fid)

    def book(
        self,
        account_id: Any,
        pets: list[int],
        start: datetime,
        end: datetime,
        *,
        kind: Any = None,
        confirm: bool = True,
        add_ons: tuple[int, ...] = (),
    ) -> Any:
        """A reservation staff book for the account's household (confirmed by default)."""
        from petcare_core.services import BookingRequest

        kind = kind or self.boarding
        request = BookingRequest(
            location_id=self.downtown.id,
            type_id=kind.id,
            start=start,
            end=end,
            pets=tuple((pet, add_ons) for pet in pets),
            owner_id=self.owner_id(account_id),
        )
        result = self.services.book_reservation(
            self.shop.fid, self.manager, request, confirm=confirm
        )
        return result.unwrap().reservation


def seed_booking_catalog(services: PetcareServices, shop: Shop) -> BookingCatalog:
    """Add the booking catalog to ``shop``; open all day so tests never depend on the hour."""
    from datetime import time
    from decimal import Decimal

    from petcare_core.domain.booking_window import BookingPolicy, WeeklyHours
    from petcare_core.domain.staff import StaffRole
    from petcare_core.services import (
        AdditionalServiceDetails,
        CapacityPoolDetails,
        NewStaffUser,
        ReservationTypeDetails,
    )

    fid, ok = shop.fid, OPERATOR
    all_day = WeeklyHours.every_day(time(0, 0), time(23, 59))
    policy = BookingPolicy(drop_off_hours=all_day, pick_up_hours=all_day)
    downtown = services.list_locations(fid)[0]
    waiver = services.create_agreement(
        fid, ok, "Boarding waiver", "I agree to the boarding rules.\nPets must be healthy."
    ).unwrap()
    boarding = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(
            name="Boarding",
            unit="night",
            base_price=Decimal("45.00"),
            required_agreement_ids=frozenset({waiver.id}),
            policy=policy,
            cancellation_hours=48,
            deposit_rate=Decimal("0.25"),
        ),
    ).unwrap()
    daycare = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(name="Daycare", unit="day", base_price=Decimal("30"), policy=policy),
    ).unwrap()
    grooming = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(
            name="Grooming",
            unit="appointment",
            base_price=Decimal("60"),
            appointment_minutes=60,
            assigns_staff=True,
            policy=policy,
        ),
    ).unwrap()
    bath = services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(
            name="Bath", price=Decimal("15"), type_ids=frozenset({boarding.id})
        ),
    ).unwrap()
    walk = services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(
            name="Extra walk",
            price=Decimal("5"),
            charge="per_unit",
            type_ids=frozenset({boarding.id, daycare.id}),
        ),
    ).unwrap()
    services.define_capacity_pool(
        fid,
        ok,
        CapacityPoolDetails(
            location_id=downtown.id,
            name="Play yard",
            kind="area",
            capacity=1,
            type_ids=frozenset({daycare.id}),
        ),
    ).unwrap()
    groomer = services.create_staff_user(
        fid, ok, NewStaffUser("gina", "Gina", "Groom", StaffRole.EMPLOYEE)
    ).unwrap()
    manager = services.create_staff_user(
        fid, ok, NewStaffUser("morgan", "Morgan", "Lee", StaffRole.MANAGER)
    ).unwrap()
    return BookingCatalog(
        services, shop, downtown, boarding, daycare, grooming, bath, walk, waiver, groomer, manager
    )


@pytest.fixture
def catalog(services: PetcareServices, shop: Shop) -> BookingCatalog:
    """The shop with its booking catalog."""
    return seed_booking_catalog(services, shop)
