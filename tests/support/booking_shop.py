"""The shop the booking use-case tests share: a facility selling boarding (a room pool) and
grooming, a pet parent with two vaccinated dogs, and staff with and without override
permissions; plus the helpers the tests read it with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from returns.result import Failure, Result

from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.capacity import CapacityPool
from petcare_core.domain.ids import AnimalId, LocationId
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission, StaffRole, StaffUser
from petcare_core.services import (
    AdditionalServiceDetails,
    BookingRequest,
    CapacityPoolDetails,
    NewOwner,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
)

ZONE = ZoneInfo("America/New_York")
S = ReservationStatus


def local(month: int, day: int, hour: int = 0) -> datetime:
    return datetime.combine(date(2024, month, day), time(hour), tzinfo=ZONE)


def codes(result: Result[Any, Rejection]) -> tuple[str, ...]:
    assert isinstance(result, Failure), result
    return tuple(reason.code for reason in result.failure().reasons)


@attrs.frozen
class Shop:
    """A facility selling boarding (a room pool of ``rooms``) and grooming, with a pet
    parent's two vaccinated dogs, and staff with and without override permissions."""

    services: PetcareServices
    fid: Any
    account: Any
    owner_id: Any
    here: LocationId
    boarding: ReservationType
    grooming: ReservationType
    suites: CapacityPool
    bath: Any
    rex: AnimalId
    ace: AnimalId
    admin: StaffUser
    desk: StaffUser  # reservations.manage and .approve, no override
    rabies: Any  # the required vaccine, on file for every dog of the shop

    def stay(self, *pets: AnimalId, **fields: Any) -> BookingRequest:
        values: dict[str, Any] = {
            "location_id": self.here,
            "type_id": self.boarding.id,
            "start": local(7, 1, 15),
            "end": local(7, 4, 10),
            "pets": [(pet, ()) for pet in pets or (self.rex,)],
            "owner_id": self.owner_id,
        }
        values.update(fields)
        return BookingRequest(**values)

    def neighbour_dog(self, name: str = "Bo") -> tuple[Any, AnimalId]:
        """A vaccinated dog of a new household (its owner's id and its id): another family's
        pet, which may be booked on the same dates as the household's own."""
        with self.services.uow_factory.for_facility(self.fid) as uow:
            number = len(uow.owners.list())
        owner = self.services.create_owner(
            self.fid,
            self.admin,
            NewOwner(first_name="Nia", last_name=f"Neighbour {number}", email=f"n{number}@e.com"),
        ).unwrap()
        patch = {"name": name, "species_id": str(self.rabies.species_id)}
        dog = self.services.add_animal_as_staff(self.fid, self.admin, owner.id, patch).unwrap()
        self.services.record_immunization(
            self.fid, self.admin, dog.id, type_id=self.rabies.id, expires_on=date(2026, 1, 1)
        ).unwrap()
        return owner.id, dog.id

    def household_dog(self, name: str) -> AnimalId:
        """Another vaccinated dog of the pet parent's household."""
        patch = {"name": name, "species_id": str(self.rabies.species_id)}
        dog = self.services.add_animal_from_portal(self.fid, self.account.id, patch).unwrap()
        self.services.record_immunization(
            self.fid, self.admin, dog.id, type_id=self.rabies.id, expires_on=date(2026, 1, 1)
        ).unwrap()
        return AnimalId(dog.id)

    def fill(self, count: int, **fields: Any) -> list[Any]:
        """``count`` stays (``stay``'s dates unless given) booked confirmed by staff for
        neighbours' dogs: places taken without keeping the household's own dogs busy."""
        booked = []
        for number in range(count):
            owner_id, dog = self.neighbour_dog(f"Bo {number}")
            request = self.stay(dog, owner_id=owner_id, **fields)
            result = self.services.book_reservation(self.fid, self.admin, request).unwrap()
            booked.append(result.reservation)
        return booked

    def ledger(self) -> dict[date, int]:
        """The stored places used in the suites in July."""
        with self.services.uow_factory.for_facility(self.fid) as uow:
            days = [date(2024, 7, 1) + timedelta(days=n) for n in range(31)]
            return dict(uow.capacity_ledger.load(self.suites, days).used)

    def state(self) -> Any:
        """Everything the booking use cases write."""
        with self.services.uow_factory.for_facility(self.fid) as uow:
            reservations = uow.reservations.list()
            overrides = [uow.booking_overrides.list_for_reservation(r.id) for r in reservations]
            outbox = uow.outbox.list()
        return reservations, overrides, outbox, self.ledger()

    def unchanged(self, call: Callable[[], Result[Any, Rejection]]) -> tuple[str, ...]:
        before = self.state()
        result = call()
        assert self.state() == before
        return codes(result)

    def events(self) -> list[Any]:
        with self.services.uow_factory.for_facility(self.fid) as uow:
            return [entry.event for entry in uow.outbox.list()]


def open_shop(kit: Any, *, rooms: int = 2, policy: BookingPolicy | None = None) -> Shop:
    services, world = kit.services, kit.world
    fid, admin = world.fid, world.admin
    here = services.list_locations(fid)[0].id
    boarding = services.define_reservation_type(
        fid,
        admin,
        ReservationTypeDetails(
            name="Boarding",
            unit="night",
            base_price=Decimal(45),
            cancellation_hours=48,
            deposit_rate=Decimal("0.25"),
            policy=policy or BookingPolicy(),
        ),
    ).unwrap()
    grooming = services.define_reservation_type(
        fid,
        admin,
        ReservationTypeDetails(
            name="Grooming",
            unit="appointment",
            base_price=Decimal(60),
            appointment_minutes=60,
            assigns_staff=True,
        ),
    ).unwrap()
    suites = services.define_capacity_pool(
        fid,
        admin,
        CapacityPoolDetails(
            location_id=here, name="Suites", kind="room", capacity=rooms, type_ids={boarding.id}
        ),
    ).unwrap()
    bath = services.define_additional_service(
        fid, admin, AdditionalServiceDetails(name="Bath", price=15, type_ids={boarding.id})
    ).unwrap()
    desk = services.create_staff_user(
        fid,
        admin,
        NewStaffUser(
            "desk",
            "Dee",
            "Desk",
            StaffRole.EMPLOYEE,
            permissions=[
                Permission.RESERVATIONS_READ,
                Permission.RESERVATIONS_MANAGE,
                Permission.RESERVATIONS_APPROVE,
            ],
        ),
    ).unwrap()
    dogs = []
    for name in ("Rex", "Ace"):
        dog = kit.add_dog(name)
        services.record_immunization(
            fid, admin, dog.id, type_id=world.rabies.id, expires_on=date(2026, 1, 1)
        ).unwrap()
        dogs.append(dog.id)
    return Shop(
        services=services,
        fid=fid,
        account=world.account,
        owner_id=world.owner.id,
        here=here,
        boarding=boarding,
        grooming=grooming,
        suites=suites,
        bath=bath,
        rex=dogs[0],
        ace=dogs[1],
        admin=admin,
        desk=desk,
        rabies=world.rabies,
    )
