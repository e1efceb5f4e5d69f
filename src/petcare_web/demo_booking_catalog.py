"""What Happy Tails sells, built through the use cases: boarding, daycare and grooming, their
add-ons, two capacity pools per location with their runs and yards, two groomers, the boarding
& daycare agreement, and the facility's booking settings (peak dates, multi-pet discount,
waitlist policy, how long an evaluation stays valid).

Every record is looked up by a natural key (a name, a username, a title) and only created when
missing. The agreement carries the time of each version: it is written through services whose
clock the demo sets in the past (``services_with_clock``), the day the facility started taking
bookings, 75 days before the first load, and that date anchors every later run to the first
one's. What the households have on file (signatures, evaluations) is in ``demo_booking_files``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

import attrs
from returns.result import Failure, Result

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement
from petcare_core.domain.booking_window import BookingPolicy, DailyHours, WeeklyHours
from petcare_core.domain.capacity import CapacityPool, PoolKind
from petcare_core.domain.estimate import AddOnCharge, PeakRange, PricingUnit
from petcare_core.domain.facility import Facility, Location
from petcare_core.domain.ids import (
    ImmunizationTypeId,
    LocationId,
)
from petcare_core.domain.messages import Message
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import StaffRole, StaffUser
from petcare_core.domain.waitlist import WaitlistPolicy
from petcare_core.ports.notifications import Notifier
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    CapacityPoolDetails,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
)

T = TypeVar("T")

BOARDING = "Boarding"
DAYCARE = "Daycare"
GROOMING = "Grooming"
AGREEMENT_TITLE = "Boarding & daycare agreement"
RUNS_POOL = "Dog boarding runs"
YARD_POOL = "Daycare yard"
#: Runs (rooms) and yard places (pets), per location in the order of the demo's locations.
RUNS = (40, 24)
YARD = (180, 100)
#: The groomers (username, first and last name); grooming is offered at the first location.
GROOMERS = (("groomer.sam", "Sam", "Okoye"), ("groomer.ines", "Inés", "Castillo"))
GROOMING_MINUTES = 60
#: Cancellation is free until this many hours before the start.
CANCELLATION_HOURS = {BOARDING: 48, DAYCARE: 12, GROOMING: 24}
BATH, WALK, NAILS = "Bath", "Extra walk", "Nail trim"
#: Add-ons: name, price, charge, the types that offer it.
ADD_ONS = (
    (BATH, Decimal("25.00"), AddOnCharge.PER_STAY, (BOARDING, DAYCARE)),
    (WALK, Decimal("8.00"), AddOnCharge.PER_UNIT, (BOARDING,)),
    (NAILS, Decimal("15.00"), AddOnCharge.PER_STAY, (BOARDING, DAYCARE, GROOMING)),
)
MULTI_PET_DISCOUNT = Decimal("0.10")
EVALUATION_VALID_DAYS = 180
#: How many days before the first load the facility started taking bookings (the agreement's
#: first version is dated then; it also anchors every later run to the first one's dates).
HISTORY_DAYS = 75
#: The second version of the agreement is published this many days before the first load.
NEW_VERSION_DAYS = 10

_AGREEMENT_V1 = """\
Happy Tails Pet Resort - boarding and daycare agreement

1. Your pet's vaccinations must be current for the whole stay: rabies, DHPP and Bordetella,
   and canine influenza for daycare.
2. Daycare dogs play in groups, after a temperament evaluation.
3. In an emergency we take your pet to your veterinarian, or to the nearest emergency clinic,
   at your expense.
4. A pet not picked up by the end of the reservation stays overnight at the boarding rate.
"""
_AGREEMENT_V2 = (
    _AGREEMENT_V1
    + """5. Boarding dogs may join supervised group play unless you tell us otherwise when you
   book.
"""
)


class DemoBookingError(Exception):
    """A step of the booking demo was refused; the message carries the reasons."""


def ok(step: str, result: Result[T, Rejection]) -> T:
    """The value of a successful use case, or ``DemoBookingError`` naming every reason."""
    if isinstance(result, Failure):
        raise DemoBookingError(f"{step}: " + "; ".join(result.failure().messages))
    return result.unwrap()


class SettableClock:
    """A clock the demo sets: the use cases run as if at ``moment``."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


class Unsent:
    """A notifier that sends nothing: the demo's replayed past tells nobody anything."""

    def send(self, message: Message) -> None:
        """Drop ``message``."""


def services_with_clock(
    services: PetcareServices, clock: SettableClock, *, notifier: Notifier | None = None
) -> PetcareServices:
    """The same storage and ports as ``services``, reading the time from ``clock`` (and
    sending messages through ``notifier`` when given)."""
    return services.with_clock(clock, notifier=notifier)


@attrs.frozen
class DemoCatalog:
    """The booking catalog as the planner and the replay read it.

    ``anchor`` is the local date of the first load: every date of the demo is relative to it,
    so a later run replays the same plan instead of adding a second one.
    """

    anchor: date
    zone: tzinfo
    locations: tuple[Location, ...]
    types: Mapping[str, ReservationType]
    add_ons: Mapping[str, AdditionalService]
    pools: Mapping[tuple[LocationId, str], CapacityPool]
    groomers: tuple[StaffUser, ...]
    agreement: Agreement

    @property
    def opened(self) -> datetime:
        """When the facility started taking bookings (the agreement's first version)."""
        return self.agreement.versions[0].published_at

    @property
    def new_version_at(self) -> datetime:
        """When the agreement's second version was (or is to be) published."""
        return self.local(self.anchor - timedelta(days=NEW_VERSION_DAYS), time(7))

    def local(self, day: date, at: time) -> datetime:
        """``day`` at ``at`` in the facility's time zone."""
        return datetime.combine(day, at, tzinfo=self.zone)


def _weekdays(opens: time, closes: time, days: Iterable[int]) -> WeeklyHours:
    open_on = set(days)
    return WeeklyHours(
        tuple(DailyHours(opens, closes) if day in open_on else None for day in range(7))
    )


def _holidays(anchor: date) -> frozenset[date]:
    years = range(anchor.year - 1, anchor.year + 2)
    return frozenset(date(year, month, day) for year in years for month, day in ((12, 25), (1, 1)))


def peak_ranges(anchor: date, currency: str) -> tuple[PeakRange, ...]:
    """Christmas and New Year, and the summer holidays, around ``anchor``."""
    ranges: list[PeakRange] = []
    for year in range(anchor.year - 1, anchor.year + 2):
        ranges.append(
            PeakRange("Summer holidays", date(year, 7, 1), date(year, 8, 31), Money(500, currency))
        )
        ranges.append(
            PeakRange(
                "Christmas & New Year",
                date(year, 12, 20),
                date(year + 1, 1, 3),
                Money(1000, currency),
            )
        )
    return tuple(ranges)


def _type_details(
    name: str,
    anchor: date,
    agreement: Agreement,
    daycare_vaccines: frozenset[ImmunizationTypeId],
    grooming_at: LocationId,
) -> ReservationTypeDetails:
    holidays = _holidays(anchor)
    agreements = frozenset({agreement.id})
    if name == BOARDING:
        return ReservationTypeDetails(
            name=BOARDING,
            unit=PricingUnit.NIGHT,
            base_price=Decimal("55.00"),
            required_agreement_ids=agreements,
            cancellation_hours=CANCELLATION_HOURS[BOARDING],
            deposit_amount=Decimal("50.00"),
        )
    if name == DAYCARE:
        weekdays = _weekdays(time(7), time(18, 30), range(5))
        return ReservationTypeDetails(
            name=DAYCARE,
            unit=PricingUnit.DAY,
            base_price=Decimal("38.00"),
            required_agreement_ids=agreements,
            required_immunization_type_ids=daycare_vaccines,
            requires_evaluation=True,
            policy=BookingPolicy(
                drop_off_hours=weekdays, pick_up_hours=weekdays, closed_dates=holidays
            ),
            cancellation_hours=CANCELLATION_HOURS[DAYCARE],
        )
    salon = _weekdays(time(9), time(17), range(1, 6))
    return ReservationTypeDetails(
        name=GROOMING,
        unit=PricingUnit.APPOINTMENT,
        base_price=Decimal("65.00"),
        appointment_minutes=GROOMING_MINUTES,
        assigns_staff=True,
        location_ids=frozenset({grooming_at}),
        policy=BookingPolicy(
            same_day_allowed=False, drop_off_hours=salon, pick_up_hours=salon, closed_dates=holidays
        ),
        cancellation_hours=CANCELLATION_HOURS[GROOMING],
    )


class CatalogBuilder:
    """Creates (or finds) the booking catalog; ``created`` counts what it added."""

    def __init__(self, services: PetcareServices, facility: Facility) -> None:
        self.services = services
        self.facility = facility
        self.zone = ZoneInfo(facility.timezone)
        self.clock = SettableClock(services.clock.now())
        self.past = services_with_clock(services, self.clock, notifier=Unsent())
        self.created = 0

    def build(self, locations: tuple[Location, ...]) -> DemoCatalog:
        fid = self.facility.id
        agreement, anchor = self._agreement()
        self._settings(anchor)
        dogs = next(kind for kind in self.services.list_species(fid) if kind.name == "Dog")
        influenza = frozenset(
            kind.id
            for kind in self.services.list_immunization_types(fid, dogs.id)
            if kind.name == "Canine Influenza"
        )
        groomers = self._groomers()
        types = {kind.name: kind for kind in self.services.list_reservation_types(fid)}
        for name in (BOARDING, DAYCARE, GROOMING):
            if name not in types:
                self.created += 1
                details = _type_details(name, anchor, agreement, influenza, locations[0].id)
                if name == GROOMING:  # the groomers groom; the manager does not
                    staff = frozenset(groomer.id for groomer in groomers)
                    details = attrs.evolve(details, staff_ids=staff)
                types[name] = ok(
                    "reservation type",
                    self.services.define_reservation_type(fid, OPERATOR, details),
                )
        add_ons = {item.name: item for item in self.services.list_additional_services(fid)}
        for name, price, charge, offered_with in ADD_ONS:
            if name not in add_ons:
                self.created += 1
                command = AdditionalServiceDetails(
                    name=name,
                    price=price,
                    charge=charge,
                    type_ids=frozenset(types[kind].id for kind in offered_with),
                )
                add_ons[name] = ok(
                    "add-on", self.services.define_additional_service(fid, OPERATOR, command)
                )
        pools: dict[tuple[LocationId, str], CapacityPool] = {}
        for number, location in enumerate(locations):
            pools.update(self._pools(number, location, types))
        return DemoCatalog(
            anchor=anchor,
            zone=self.zone,
            locations=locations,
            types=types,
            add_ons=add_ons,
            pools=pools,
            groomers=groomers,
            agreement=agreement,
        )

    def _agreement(self) -> tuple[Agreement, date]:
        fid = self.facility.id
        for agreement in self.services.list_agreements(fid):
            if agreement.title == AGREEMENT_TITLE:
                opened = agreement.versions[0].published_at.astimezone(self.zone).date()
                return agreement, opened + timedelta(days=HISTORY_DAYS)
        anchor = self.services.clock.now().astimezone(self.zone).date()
        self.clock.moment = datetime.combine(
            anchor - timedelta(days=HISTORY_DAYS), time(8), tzinfo=self.zone
        )
        self.created += 1
        created = self.past.create_agreement(fid, OPERATOR, AGREEMENT_TITLE, _AGREEMENT_V1)
        return ok("agreement", created), anchor

    def _settings(self, anchor: date) -> None:
        settings = self.facility.settings
        if settings.peak_ranges:
            return  # set by an earlier run, or by the facility since: left as they are
        self.created += 1
        wanted = attrs.evolve(
            settings,
            multi_pet_discount=MULTI_PET_DISCOUNT,
            peak_ranges=peak_ranges(anchor, self.facility.currency),
            waitlist_policy=WaitlistPolicy.OFFER,
            evaluation_valid_days=EVALUATION_VALID_DAYS,
        )
        ok(
            "booking settings",
            self.services.update_facility_settings(self.facility.id, OPERATOR, wanted),
        )

    def _pools(
        self, number: int, location: Location, types: Mapping[str, ReservationType]
    ) -> dict[tuple[LocationId, str], CapacityPool]:
        fid = self.facility.id
        found = {pool.name: pool for pool in self.services.list_capacity_pools(fid, location.id)}
        wanted = (
            (RUNS_POOL, PoolKind.ROOM, RUNS[number], BOARDING),
            (YARD_POOL, PoolKind.AREA, YARD[number], DAYCARE),
        )
        pools: dict[tuple[LocationId, str], CapacityPool] = {}
        for name, kind, capacity, type_name in wanted:
            pool = found.get(name)
            if pool is None:
                self.created += 1
                details = CapacityPoolDetails(
                    location_id=location.id,
                    name=name,
                    kind=kind,
                    capacity=capacity,
                    type_ids=frozenset({types[type_name].id}),
                )
                pool = ok("pool", self.services.define_capacity_pool(fid, OPERATOR, details))
            pools[location.id, name] = pool
            lodgings = (
                [f"Run {run}" for run in range(1, capacity + 1)]
                if kind is PoolKind.ROOM
                else ["Big dog yard", "Small dog yard"]
            )
            have = {lodging.name for lodging in self.services.list_lodgings(fid, pool.id)}
            for lodging in lodgings:
                if lodging not in have:
                    self.created += 1
                    ok("lodging", self.services.add_lodging(fid, OPERATOR, pool.id, lodging))
        return pools

    def _groomers(self) -> tuple[StaffUser, ...]:
        fid = self.facility.id
        groomers: list[StaffUser] = []
        for username, first, last in GROOMERS:
            user = self.services.find_staff_user(fid, username)
            if user is None:
                self.created += 1
                command = NewStaffUser(
                    username=username,
                    first_name=first,
                    last_name=last,
                    role=StaffRole.EMPLOYEE,
                    email=f"{username}@happytails.example",
                )
                user = ok("groomer", self.services.create_staff_user(fid, OPERATOR, command))
            groomers.append(user)
        return tuple(groomers)

    def publish_new_version(self, catalog: DemoCatalog) -> DemoCatalog:
        """The agreement's second version, published ``NEW_VERSION_DAYS`` before the first load
        (once)."""
        if len(catalog.agreement.versions) > 1:
            return catalog
        self.clock.moment = catalog.new_version_at
        self.created += 1
        published = self.past.publish_agreement_version(
            self.facility.id, OPERATOR, catalog.agreement.id, _AGREEMENT_V2
        )
        return attrs.evolve(catalog, agreement=ok("agreement version", published))
