"""The booking part of the demo data: Happy Tails' services and about four months of
reservations, built through the use cases (or imported, as a facility moving from another system
imports its own) like real data.

``load_demo_bookings`` runs after the households, pets and vaccination records exist. It
creates the booking catalog (``demo_booking_catalog``), has the households sign the agreement
and the dogs evaluated, plans the reservations of the 60 days before and after the first load
(``demo_booking_schedule``), imports the regulars' reservations with their histories up to
now (``demo_booking_import``, about 18,000 of them) and replays the rest of the plan through
the use cases with the services' clock set to each step's time (``demo_booking_replay``): past
stays were requested, approved, checked in and out on their days; today's guests are checked
in or on their way; the coming weeks hold confirmed stays, requests awaiting the facility, stays
awaiting the parent's confirmation and a waitlist on the full days.

Every date is relative to the day of the first load (kept as the date of the agreement's first
version), so running the loader again replays the same plan: it adds nothing the same day,
and on a later day it only moves the existing reservations on (the check-ins, check-outs and
answers that have come due).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.compliance import immunization_compliance
from petcare_core.domain.evaluations import evaluation_reasons
from petcare_core.domain.facility import Facility, Location
from petcare_core.domain.ids import AnimalId, OwnerId, PortalAccountId
from petcare_core.domain.owner import Owner
from petcare_core.domain.reservation import ReservationStatus
from petcare_core.domain.staff import StaffUser
from petcare_core.services import PetcareServices
from petcare_web.demo_booking_catalog import (
    CANCELLATION_HOURS,
    GROOMING,
    RUNS,
    YARD,
    CatalogBuilder,
    DemoBookingError,
    DemoCatalog,
)
from petcare_web.demo_booking_files import (
    evaluate_dogs,
    never_signs,
    sign_agreement,
    skips_new_version,
)
from petcare_web.demo_booking_import import import_regulars
from petcare_web.demo_booking_plan import (
    FUTURE_DAYS,
    PAST_DAYS,
    Eligibility,
    PlanFrame,
    PlanPet,
    Signed,
)
from petcare_web.demo_booking_replay import Replay, key_of
from petcare_web.demo_booking_schedule import plan_reservations

__all__ = ["BookingSummary", "DemoBookingError", "load_demo_bookings"]

Progress = Callable[[str], None]
#: The households sign the agreement the day after the facility opened, a minute apart.
SIGNED_AFTER_OPENING = timedelta(days=1, hours=5)
Household = tuple[Owner, PortalAccountId | None]
Pet = tuple[Animal, PortalAccountId | None, list[ImmunizationType]]


@attrs.frozen
class BookingSummary:
    """The reservations the demo holds after loading, and what the load did.

    ``per_day`` is the average number of reservations starting on each day of the plan;
    ``refused`` lists the planned steps the use cases refused (none, normally).
    """

    reservation_types: tuple[str, ...]
    reservations: int
    by_status: dict[str, int]
    first_day: date
    last_day: date
    per_day: float
    created: int
    steps: int
    refused: tuple[str, ...]

    def summary_lines(self) -> list[str]:
        """The lines ``petcare demo-data`` prints about the reservations."""
        counts = ", ".join(f"{count} {name}" for name, count in self.by_status.items())
        lines = [
            f"  reservations: {self.reservations} ({', '.join(self.reservation_types)}; about "
            f"{self.per_day:.0f} a day from {self.first_day} to {self.last_day}): {counts}"
        ]
        if self.refused:
            lines.append(f"  booking steps refused: {len(self.refused)}; first: {self.refused[0]}")
        return lines


def home_location(household: int) -> int:
    """Every third household lives near the second location; the others near the first."""
    return 1 if household % 3 == 1 else 0


def _signed(catalog: DemoCatalog) -> Signed:
    """Whether a household's signatures let it book ``kind`` at a moment (see
    ``sign_agreement``): signed the day after opening, again when the version changed, each
    time within the hour."""
    signed_by = catalog.opened + SIGNED_AFTER_OPENING + timedelta(hours=1)
    new_version = catalog.new_version_at

    def signed(household: int, kind: str, at: datetime) -> bool:
        if kind == GROOMING:
            return True  # grooming needs no agreement
        if never_signs(household) or at < signed_by:
            return False
        if at < new_version:
            return True
        return not skips_new_version(household) and at > new_version + timedelta(hours=1)

    return signed


def _eligibility(
    services: PetcareServices, facility: Facility, catalog: DemoCatalog, pets: Sequence[Pet]
) -> Eligibility:
    """The rules of the vaccines and the evaluation, as the booking evaluation applies them."""
    with services.uow_factory.for_facility(facility.id) as uow:
        animals = {animal.id: animal for animal, _, _ in pets}
        records = {pet: tuple(uow.immunizations.list_for_animal(pet)) for pet in animals}
        evaluations = {pet: tuple(uow.evaluations.list_for_animal(pet)) for pet in animals}
    vaccines = {vaccine.id: vaccine for _, _, listed in pets for vaccine in listed}
    settings = facility.settings
    zone = ZoneInfo(facility.timezone)
    known: dict[tuple[AnimalId, str, date, date], bool] = {}

    def eligible(pet: PlanPet, kind: str, first: date, last: date) -> bool:
        key = (pet.animal_id, kind, first, last)
        if key not in known:
            animal = animals[pet.animal_id]
            rules = catalog.types[kind]
            required = [
                vaccine
                for vaccine in vaccines.values()
                if vaccine.species_id == animal.species_id
                and vaccine.active
                and (vaccine.required or vaccine.id in rules.required_immunization_type_ids)
            ]
            report = immunization_compliance(
                records[pet.animal_id],
                required,
                first,
                last,
                grace_days=settings.immunization_grace_days,
                expiring_soon_days=settings.expiring_soon_days,
            )
            passed = not report.reasons
            if passed and rules.requires_evaluation:
                passed = not evaluation_reasons(
                    evaluations[pet.animal_id],
                    None,
                    first,
                    settings.evaluation_valid_days,
                    zone=zone,
                )
            known[key] = passed
        return known[key]

    return eligible


def load_demo_bookings(
    services: PetcareServices,
    facility: Facility,
    locations: tuple[Location, ...],
    *,
    manager: StaffUser,
    households: Sequence[Household],
    pets: Sequence[Pet],
    regulars: Collection[OwnerId] = frozenset(),
    progress: Progress = lambda _: None,
) -> BookingSummary:
    """Create (or complete) the demo's booking catalog and reservations; see the module's
    docstring. The reservations of the ``regulars`` households are imported with their
    histories (``demo_booking_import``). Raises ``DemoBookingError`` when a step is refused."""
    builder = CatalogBuilder(services, facility)
    catalog = builder.build(locations)
    facility = services.get_facility(facility.id)

    def home(household: int) -> Location:
        return locations[home_location(household)]

    signed = catalog.opened + SIGNED_AFTER_OPENING
    sign_agreement(builder, catalog, households, home, at=signed, version=1)
    owners = {owner.id: number for number, (owner, _) in enumerate(households)}
    species = {kind.name: kind.id for kind in services.list_species(facility.id)}
    dogs = [
        (number, animal)
        for number, (animal, _, _) in enumerate(pets)
        if animal.species_id == species.get("Dog")
    ]
    evaluate_dogs(builder, catalog, dogs, manager)
    plan_pets = [
        PlanPet(
            number=number,
            animal_id=animal.id,
            owner_id=animal.owner_id,
            household=owners[animal.owner_id],
            dog=animal.species_id == species.get("Dog"),
            location=home_location(owners[animal.owner_id]),
            has_login=account is not None,
            regular=animal.owner_id in regulars,
        )
        for number, (animal, account, _) in enumerate(pets)
    ]
    opened = catalog.opened.astimezone(catalog.zone).date()
    frame = PlanFrame(
        anchor=catalog.anchor,
        zone=catalog.zone,
        first_booking=catalog.local(opened + timedelta(days=2), time(9)),
        runs=RUNS[: len(locations)],
        yard=YARD[: len(locations)],
        closed={kind: rules.policy.closed_dates for kind, rules in catalog.types.items()},
        cancellation_hours=CANCELLATION_HOURS,
        groomers=len(catalog.groomers),
    )
    planned = plan_reservations(
        frame, plan_pets, _eligibility(services, facility, catalog, pets), _signed(catalog)
    )
    accounts = {owner.id: account for owner, account in households if account is not None}
    with services.uow_factory.for_facility(facility.id) as uow:
        stored = {key_of(reservation) for reservation in uow.reservations.list()}
    now = services.clock.now()
    imported = import_regulars(
        services, catalog, manager, planned, stored=stored, before=now, progress=progress
    )
    with services.uow_factory.for_facility(facility.id) as uow:
        existing = uow.reservations.list()
    replay = Replay(
        builder.past, builder.clock, catalog, manager=manager, accounts=accounts, existing=existing
    )
    replay.run(planned, before=catalog.new_version_at, progress=progress, label="bookings")
    catalog = builder.publish_new_version(catalog)
    sign_agreement(builder, catalog, households, home, at=catalog.new_version_at, version=2)
    replay.run(planned, before=now, progress=progress, label="recent bookings")
    created = builder.created + imported + replay.created
    return _summary(services, facility, catalog, created, replay)


def _summary(
    services: PetcareServices,
    facility: Facility,
    catalog: DemoCatalog,
    created: int,
    replay: Replay,
) -> BookingSummary:
    with services.uow_factory.for_facility(facility.id) as uow:
        reservations = uow.reservations.list()
    by_status = {status.value: 0 for status in ReservationStatus}
    for reservation in reservations:
        by_status[reservation.status.value] += 1
    first = catalog.anchor - timedelta(days=PAST_DAYS)
    last = catalog.anchor + timedelta(days=FUTURE_DAYS)
    starts = Counter(
        reservation.start.astimezone(catalog.zone).date() for reservation in reservations
    )
    inside = sum(count for day, count in starts.items() if first <= day <= last)
    return BookingSummary(
        reservation_types=tuple(catalog.types),
        reservations=len(reservations),
        by_status=by_status,
        first_day=first,
        last_day=last,
        per_day=inside / ((last - first).days + 1),
        created=created,
        steps=replay.steps,
        refused=tuple(replay.refused),
    )
