"""Fixtures for the use-case tests: memory storage, a set clock, cheap argon2, a small world."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from returns.result import Failure, Result

from petcare_adapters.memory import MemoryFileStore, MemoryNotifier, MemoryUnitOfWorkFactory
from petcare_adapters.system import (
    Argon2PasswordHasher,
    LibPhoneNumberNormalizer,
    SecureSecretGenerator,
)
from petcare_core.domain.account import PortalAccount
from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Facility, FacilitySettings
from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind, Visibility
from petcare_core.domain.ids import FacilityId
from petcare_core.domain.owner import Owner
from petcare_core.domain.reasons import Reason, Rejection
from petcare_core.domain.staff import StaffRole, StaffUser
from petcare_core.services import (
    OPERATOR,
    NewFacility,
    NewOwner,
    NewStaffUser,
    PetcareServices,
    SignUp,
    VetDetails,
)

# 2024-06-15 14:00 UTC is 10:00 in New York: the same calendar day in both.
START = datetime(2024, 6, 15, 14, 0, tzinfo=UTC)
TODAY = date(2024, 6, 15)
PASSWORD = "correct horse battery staple"


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = START) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class CountingHasher:
    """argon2id with the cheapest parameters, counting calls (to check timing equalisation)."""

    def __init__(self) -> None:
        self._inner = Argon2PasswordHasher(time_cost=1, memory_kib=8, parallelism=1)
        self.hashes = 0
        self.verifies = 0

    def hash(self, password: str) -> str:
        self.hashes += 1
        return self._inner.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.verifies += 1
        return self._inner.verify(password_hash, password)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def notifier() -> MemoryNotifier:
    return MemoryNotifier()


@pytest.fixture
def files() -> MemoryFileStore:
    return MemoryFileStore()


@pytest.fixture
def services(
    clock: FixedClock, hasher: CountingHasher, notifier: MemoryNotifier, files: MemoryFileStore
) -> PetcareServices:
    return PetcareServices(
        MemoryUnitOfWorkFactory(),
        clock,
        hasher,
        SecureSecretGenerator(),
        LibPhoneNumberNormalizer(),
        notifier=notifier,
        files=files,
    )


OWNER_FORM_FIELDS = (
    FormField(
        "referral", "How did you hear of us?", FieldType.TEXT, visibility=Visibility.PORTAL_EDITABLE
    ),
    FormField("vip", "VIP", FieldType.BOOLEAN, visibility=Visibility.PORTAL_VISIBLE),
    FormField("credit_note", "Credit note", FieldType.TEXT),
)
ANIMAL_FORM_FIELDS = (
    FormField(
        "favourite_toy", "Favourite toy", FieldType.TEXT, visibility=Visibility.PORTAL_EDITABLE
    ),
    FormField("bite_history", "Bite history", FieldType.TEXT),
)


@attrs.frozen
class World:
    """One facility set up as a business would, with a pet parent signed up."""

    facility: Facility
    admin: StaffUser
    employee: StaffUser
    dog: Species
    cat: Species
    labrador: Breed
    siamese: Breed
    vet: Vet
    friendly: Temperament
    rabies: ImmunizationType
    bordetella: ImmunizationType
    feline_rabies: ImmunizationType
    owner: Owner
    account: PortalAccount

    @property
    def fid(self) -> FacilityId:
        return self.facility.id


def make_facility(services: PetcareServices, slug: str = "happy-paws") -> Facility:
    command = NewFacility(
        slug=slug,
        name="Happy Paws",
        timezone="America/New_York",
        currency="USD",
        settings=FacilitySettings(phone_region="US", immunization_grace_days=0),
    )
    return services.create_facility(command).unwrap()


def save_forms(services: PetcareServices, facility_id: FacilityId) -> None:
    with services.uow_factory.for_facility(facility_id) as uow:
        uow.forms.save(
            FormDefinition(facility_id, FormKind.OWNER_FORM, OWNER_FORM_FIELDS, version=0)
        )
        uow.forms.save(
            FormDefinition(facility_id, FormKind.ANIMAL_FORM, ANIMAL_FORM_FIELDS, version=0)
        )
        uow.commit()


def build_world(
    services: PetcareServices,
    slug: str = "happy-paws",
    email: str = "Pat@Example.com",
    phone: str = "(202) 555-0143",
) -> World:
    facility = make_facility(services, slug)
    fid = facility.id
    save_forms(services, fid)
    admin = services.create_staff_user(
        fid, OPERATOR, NewStaffUser("Admin", "Ada", "Admin", StaffRole.ADMIN)
    ).unwrap()
    employee = services.create_staff_user(
        fid, admin, NewStaffUser("emp", "Eve", "Employee", "employee")
    ).unwrap()
    dog = services.add_species(fid, admin, "Dog").unwrap()
    cat = services.add_species(fid, admin, "Cat").unwrap()
    account_link = services.sign_up(
        SignUp(
            facility_slug=slug,
            first_name="Pat",
            last_name="Parent",
            email=email,
            phone=phone,
            password=PASSWORD,
        )
    ).unwrap()
    with services.uow_factory.for_facility(fid) as uow:
        owner = uow.owners.get(account_link.owner_id)
    return World(
        facility=facility,
        admin=admin,
        employee=employee,
        dog=dog,
        cat=cat,
        labrador=services.add_breed(fid, admin, dog.id, "Labrador").unwrap(),
        siamese=services.add_breed(fid, admin, cat.id, "Siamese").unwrap(),
        vet=services.add_vet(fid, admin, VetDetails("Town Vets", phone="202-555-0199")).unwrap(),
        friendly=services.add_temperament(fid, admin, "Friendly").unwrap(),
        rabies=services.add_immunization_type(fid, admin, dog.id, "Rabies", required=True).unwrap(),
        bordetella=services.add_immunization_type(fid, admin, dog.id, "Bordetella").unwrap(),
        feline_rabies=services.add_immunization_type(
            fid, admin, cat.id, "Rabies", required=True
        ).unwrap(),
        owner=owner,
        account=account_link.account,
    )


@pytest.fixture
def world(services: PetcareServices) -> World:
    return build_world(services)


def snapshot(services: PetcareServices) -> dict[str, Any]:
    """Every record of every facility and every login, every facility's outbox, the stored
    files and the messages sent."""
    state: dict[str, Any] = {}
    with services.uow_factory.platform() as platform:
        facilities = platform.facilities.list()
        state["facilities"] = facilities
        state["accounts"] = platform.accounts.list()
        state["reset_tokens"] = platform.reset_tokens.list()
    assert isinstance(services.files, MemoryFileStore)
    assert isinstance(services.notifier, MemoryNotifier)
    state["files"] = services.files.keys()
    state["sent"] = services.notifier.sent
    for facility in facilities:
        with services.uow_factory.for_facility(facility.id) as uow:
            state[f"{facility.id}"] = {
                "locations": uow.locations.list(),
                "staff": uow.staff.list(),
                "api_keys": uow.api_keys.list(),
                "owners": uow.owners.list(),
                "animals": uow.animals.list(),
                "species": uow.species.list(),
                "breeds": uow.breeds.list(),
                "vets": uow.vets.list(),
                "temperaments": uow.temperaments.list(),
                "immunization_types": uow.immunization_types.list(),
                "immunizations": uow.immunizations.list(),
                "forms": [uow.forms.get(kind) for kind in FormKind],
                "leads": uow.leads.list(),
                "staff_notifications": uow.staff_notifications.list(),
                "outbox": uow.outbox.list(),
            }
    return state


class Kit:
    """Helpers over one storage, handed to tests as a fixture (test modules cannot import
    this conftest)."""

    password = PASSWORD
    today = TODAY

    def __init__(self, services: PetcareServices, clock: FixedClock, world: World) -> None:
        self.services = services
        self.clock = clock
        self.world = world

    def unchanged(self, call: Callable[[], Result[Any, Rejection]]) -> tuple[str, ...]:
        """Run a call that must be rejected without writing anything; its reasons' codes."""
        before = snapshot(self.services)
        result = call()
        assert snapshot(self.services) == before
        assert isinstance(result, Failure), result
        return tuple(reason.code for reason in result.failure().reasons)

    def reasons(self, call: Callable[[], Result[Any, Rejection]]) -> tuple[Reason, ...]:
        """The reasons of a call that must be rejected without writing anything."""
        before = snapshot(self.services)
        result = call()
        assert snapshot(self.services) == before
        assert isinstance(result, Failure), result
        return result.failure().reasons

    def writes_nothing(self, call: Callable[[], Any]) -> Any:
        """Run a call that must change no record, file or message; its result."""
        before = snapshot(self.services)
        result = call()
        assert snapshot(self.services) == before
        return result

    def events(self, facility_id: FacilityId | None = None) -> list[Any]:
        """The facility's outbox events, oldest first."""
        with self.services.uow_factory.for_facility(facility_id or self.world.fid) as uow:
            return [entry.event for entry in uow.outbox.list()]

    def add_dog(self, name: str = "Rex") -> Animal:
        """A dog of the world's pet parent, added from the portal."""
        patch = {"name": name, "species_id": str(self.world.dog.id)}
        return self.services.add_animal_from_portal(
            self.world.fid, self.world.account.id, patch
        ).unwrap()

    def other_owner(self) -> Owner:
        """Another household of the world's facility, with no portal login."""
        command = NewOwner("Olive", "Other", email="olive@example.com")
        return self.services.create_owner(self.world.fid, self.world.admin, command).unwrap()

    def new_world(self, slug: str) -> World:
        """Another facility, set up like the first, on the same storage, with another parent."""
        return build_world(self.services, slug, f"sam@{slug}.example", "(202) 555-0177")


@pytest.fixture
def kit(services: PetcareServices, clock: FixedClock, world: World) -> Kit:
    return Kit(services, clock, world)


@pytest.fixture
def shop(kit: Any) -> Any:
    """The booking tests' shop (``booking_shop.open_shop``) with two rooms."""
    from booking_shop import open_shop

    return open_shop(kit)
