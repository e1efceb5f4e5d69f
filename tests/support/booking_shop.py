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
    )
