"""Booking drafts with consistent facts, for the booking evaluation and staff overrides.

A :class:`BookingCase` is a draft and the facts a use case would load for it: one facility,
location and reservation type, the household's pets with their vaccines, evaluations and
signatures, add-ons, perhaps a capacity pool and its ledger. Each case breaks a chosen set of
:class:`Fault`s and meets every other rule, so that passing drafts, drafts that only lack room,
and drafts that break a few rules at once are all common. Stays start in the three weeks from
``capacity.WINDOW_START`` (June 2026: none of :data:`TIMEZONES` changes its clocks then) and
are booked in May 2026, so ledgers fill up.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TypeVar
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from petcare_core.domain.agreements import Agreement, AgreementSignature
from petcare_core.domain.animal import Animal, AnimalStatus
from petcare_core.domain.booking import BookingDraft, BookingFacts
from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.capacity import CapacityLedger, CapacityPool, PoolKind
from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.estimate import PeakRange, PricingUnit
from petcare_core.domain.evaluations import Evaluation, EvaluationResult
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AgreementSignatureId,
    AnimalId,
    CapacityPoolId,
    EvaluationId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    LocationId,
    OwnerId,
    ReservationTypeId,
    SpeciesId,
    StaffUserId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import ReservationLine
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.testing.strategies.booking_policies import (
    additional_services,
    booking_policies,
    deposit_rules,
)
from petcare_core.testing.strategies.capacity import (
    WINDOW_DAYS,
    window_days,
)
from petcare_core.testing.strategies.reservations import rates
from petcare_core.testing.strategies.values import TIMEZONES, currencies, ids, names

#: Bookings are made during May 2026, before the stays' window.
BOOKED_FROM = date(2026, 5, 1)
_CREATED = datetime(2025, 1, 1, tzinfo=UTC)
SPECIES = (SpeciesId(1), SpeciesId(2))
_T = TypeVar("_T")


class Fault(enum.StrEnum):
    """A rule a generated case may break on purpose (capacity is always left to chance)."""

    ACCOUNT = "account"  # not approved
    PETS = "pets"  # a pet inactive, of another household, or not loaded
    SERVICE = "service"  # type or location withdrawn, type elsewhere, no groomer chosen
    EVALUATION = "evaluation"  # none, failed or expired
    VACCINES = "vaccines"  # records of any status and expiry
    AGREEMENTS = "agreements"  # unsigned or an old version signed
    DATES = "dates"  # any policy, time of day, appointment length; booked late
    ADD_ONS = "add_ons"  # unknown, withdrawn or not allowed


@attrs.frozen
class BookingCase:
    """A draft, the facts loaded for it, and the faults it was built to have."""

    draft: BookingDraft
    facts: BookingFacts
    faults: frozenset[Fault]


def _local(day: date, minutes: int, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(*divmod(minutes, 60)), tzinfo=zone)


def _facility(draw: st.DrawFn, facility_id: FacilityId, evaluation_fault: bool) -> Facility:
    currency = draw(currencies())
    peaks = tuple(
        PeakRange(
            draw(names()),
            first,
            first + timedelta(days=draw(st.integers(0, 6))),
            Money(draw(st.integers(0, 5000)), currency),
        )
        for first in draw(st.lists(window_days(), max_size=2))
    )
    # A pass at most 30 days before booking stays valid through the window with 120+ days.
    valid = st.integers(1, 120) if evaluation_fault else st.none() | st.integers(120, 800)
    settings = FacilitySettings(
        immunization_grace_days=draw(st.integers(0, 7)),
        expiring_soon_days=draw(st.integers(0, 60)),
        multi_pet_discount=draw(rates("0.5")),
        peak_ranges=peaks,
        evaluation_valid_days=draw(valid),
    )
    return Facility(
        id=facility_id,
        slug="happy-paws",
        name="Happy Paws",
        timezone=draw(st.sampled_from(TIMEZONES)),
        currency=currency,
        invite_code="HAPPY-PAWS",
        settings=settings,
        created_at=_CREATED,
    )


def _policy(draw: st.DrawFn, fault: bool) -> BookingPolicy:
    if not fault:
        return BookingPolicy()
    closed = draw(st.frozensets(window_days(), max_size=5))
    return draw(st.just(BookingPolicy(closed_dates=closed)) | booking_policies())


def _stay(
    draw: st.DrawFn, kind: ReservationType, zone: tzinfo, fault: bool
) -> tuple[datetime, datetime]:
    """A start and end: inside the default 07:00-19:00 hours unless the dates are at fault."""
    day = draw(window_days())
    length = kind.appointment_minutes
    if fault:
        start = _local(day, draw(st.integers(0, 24 * 60 - 1)), zone)
    else:
        latest = 19 * 60 - length if length is not None else 12 * 60
        start = _local(day, draw(st.integers(7 * 60, latest)), zone)
    if length is not None:
        if fault and draw(st.booleans()):
            length += draw(st.integers(1 - length, 60).filter(bool))
        return start, start + timedelta(minutes=length)
    last = day + timedelta(days=draw(st.integers(0, 6)))
    if not fault:
        return start, _local(last, draw(st.integers(12 * 60 + 1, 19 * 60)), zone)
    end = _local(last, draw(st.integers(0, 24 * 60 - 1)), zone)
    return (start, end) if end > start else (start, start + timedelta(hours=1))


def _record(
    draw: st.DrawFn, pet: Animal, vaccine: ImmunizationType, status: RecordStatus, expires: date
) -> ImmunizationRecord:
    # Built directly rather than with ``immunization_records``: only the status and expiry
    # matter to the booking rules, and many are drawn per case.
    return ImmunizationRecord(
        id=ImmunizationRecordId(draw(ids())),
        facility_id=pet.facility_id,
        animal_id=pet.id,
        type_id=vaccine.id,
        expires_on=expires,
        source=RecordSource.STAFF
        if status is RecordStatus.VERIFIED
        else RecordSource.PARENT_UPLOAD,
        status=status,
        created_at=_CREATED,
        rejection_reason="illegible" if status is RecordStatus.REJECTED else "",
    )


def _records(
    draw: st.DrawFn, pet: Animal, vaccines: Sequence[ImmunizationType], last: date, fault: bool
) -> tuple[ImmunizationRecord, ...]:
    own = [vaccine for vaccine in vaccines if vaccine.species_id == pet.species_id]
    if not fault:
        return tuple(
            _record(
                draw,
                pet,
                vaccine,
                RecordStatus.VERIFIED,
                last + timedelta(days=draw(st.integers(0, 400))),
            )
            for vaccine in own
        )
    return tuple(
        _record(
            draw,
            pet,
            draw(st.sampled_from(own)),
            draw(st.sampled_from(RecordStatus)),
            last + timedelta(days=draw(st.integers(-60, 60))),
        )
        for _ in range(draw(st.integers(0, 3)) if own else 0)
    )


def _evaluations(
    draw: st.DrawFn, pet: Animal, now: datetime, fault: bool
) -> tuple[Evaluation, ...]:
    results = (
        draw(st.lists(st.sampled_from(EvaluationResult), max_size=2))
        if fault
        else [EvaluationResult.PASS]
    )
    return tuple(
        Evaluation(
            id=EvaluationId(draw(ids())),
            facility_id=pet.facility_id,
            animal_id=pet.id,
            result=result,
            recorded_at=now - timedelta(days=draw(st.integers(0, 400 if fault else 30))),
            recorded_by=StaffUserId(draw(ids())),
        )
        for result in results
    )


def _agreement(draw: st.DrawFn, agreement_id: AgreementId, facility_id: FacilityId) -> Agreement:
    agreement = Agreement.create(
        id=agreement_id,
        facility_id=facility_id,
        title=draw(names()),
        text="I agree.",
        at=_CREATED,
        location_ids=draw(st.frozensets(ids().map(LocationId), max_size=2)),
    )
    for _ in range(draw(st.integers(0, 2))):
        agreement = agreement.publish("I agree, again.", _CREATED)
    return agreement


def _signatures(
    draw: st.DrawFn, required: Collection[Agreement], owner_id: OwnerId, fault: bool
) -> tuple[AgreementSignature, ...]:
    signed: list[AgreementSignature] = []
    for agreement in required:
        number = agreement.current.number
        if fault:
            if not draw(st.booleans()):
                continue
            number = draw(st.integers(1, number))
        signed.append(
            AgreementSignature(
                id=AgreementSignatureId(draw(ids())),
                facility_id=agreement.facility_id,
                agreement_id=agreement.id,
                version_number=number,
                owner_id=owner_id,
                signer_name="Ann Smith",
                signed_at=_CREATED,
                ip_address="192.0.2.1",
            )
        )
    return tuple(signed)


def _pools(
    draw: st.DrawFn, facility_id: FacilityId, location_id: LocationId, type_id: ReservationTypeId
) -> tuple[tuple[CapacityPool, ...], dict[CapacityPoolId, CapacityLedger]]:
    if not draw(st.booleans()):
        return (), {}  # no pool: no limit
    pool = CapacityPool(
        id=CapacityPoolId(draw(ids())),
        facility_id=facility_id,
        location_id=location_id,
        name=draw(names()),
        kind=draw(st.sampled_from(PoolKind)),
        capacity=draw(st.integers(0, 6)),
        type_ids=frozenset({type_id}),
    )
    days = draw(st.lists(window_days(), max_size=WINDOW_DAYS, unique=True))
    # Up to two over capacity: a day overbooked by an override, or after a capacity cut.
    used = {day: draw(st.integers(0, pool.capacity + 2)) for day in days}
    return (pool,), {pool.id: CapacityLedger.of(pool, used)}


def _subset(draw: st.DrawFn, candidates: Iterable[_T]) -> frozenset[_T]:
    return frozenset(candidate for candidate in candidates if draw(st.booleans()))


def _reservation_type(
    draw: st.DrawFn,
    facility: Facility,
    type_id: ReservationTypeId,
    unit: PricingUnit | None,
    location_ids: Sequence[LocationId],
    vaccines: Sequence[ImmunizationType],
    documents: Sequence[Agreement],
) -> ReservationType:
    """A type of any unit requiring some of the vaccines and agreements (default policy).

    Built directly rather than with ``reservation_types``: drawing its week of hours for every
    case is slow, and the case sets the policy itself.
    """
    charged_by = draw(st.sampled_from(PricingUnit)) if unit is None else unit
    appointment = charged_by is PricingUnit.APPOINTMENT
    return ReservationType(
        id=type_id,
        facility_id=facility.id,
        name=draw(names()),
        unit=charged_by,
        base_price=Money(draw(st.integers(0, 10**6)), facility.currency),
        appointment_minutes=draw(st.integers(5, 8 * 60)) if appointment else None,
        assigns_staff=appointment and draw(st.booleans()),
        location_ids=_subset(draw, location_ids),
        required_immunization_type_ids=_subset(draw, (vaccine.id for vaccine in vaccines)),
        required_agreement_ids=_subset(draw, (document.id for document in documents)),
        requires_evaluation=draw(st.booleans()),
        deposit=draw(st.none() | deposit_rules(facility.currency)),
        active=draw(st.booleans()),
    )


def _broken_pet(draw: st.DrawFn, pet: Animal, stranger: OwnerId) -> Animal | None:
    """The pet made unbookable: inactive, another household's, or not loaded (None)."""
    how = draw(st.sampled_from(("status", "stranger", "unloaded")))
    if how == "status":
        inactive = [status for status in AnimalStatus if status is not AnimalStatus.ACTIVE]
        return attrs.evolve(pet, status=draw(st.sampled_from(inactive)))
    return attrs.evolve(pet, owner_id=stranger) if how == "stranger" else None


@st.composite
def booking_cases(
    draw: st.DrawFn,
    *,
    compliant: bool = False,
    faults: Collection[Fault] | None = None,
    unit: PricingUnit | None = None,
) -> BookingCase:
    """A draft of one to three pets with the facts a use case would load for it.

    The case breaks the rules of ``faults`` (drawn at random, up to three, unless given) and
    meets all the others; ``compliant`` is ``faults=()``. Capacity is never arranged: the pool,
    if any, may be full on some of the stay's days.
    """
    chosen = (
        frozenset(() if compliant else draw(st.sets(st.sampled_from(Fault), max_size=3)))
        if faults is None
        else frozenset(faults)
    )
    fresh = iter(draw(st.lists(ids(), min_size=30, max_size=30, unique=True)))
    facility = _facility(draw, FacilityId(next(fresh)), Fault.EVALUATION in chosen)
    zone = ZoneInfo(facility.timezone)
    location = Location(
        LocationId(next(fresh)),
        facility.id,
        draw(names()),
        tax_rate=draw(rates("0.25")),
        active=draw(st.booleans()),
    )
    vaccines = [
        ImmunizationType(
            ImmunizationTypeId(next(fresh)),
            facility.id,
            draw(st.sampled_from(SPECIES)),
            draw(names()),
            required=draw(st.booleans()),
            active=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    documents = [
        _agreement(draw, AgreementId(next(fresh)), facility.id)
        for _ in range(draw(st.integers(0, 2)))
    ]
    kind = _reservation_type(
        draw,
        facility,
        ReservationTypeId(next(fresh)),
        unit,
        (location.id, LocationId(next(fresh))),
        vaccines,
        documents,
    )
    kind = attrs.evolve(kind, policy=_policy(draw, Fault.DATES in chosen))
    if Fault.SERVICE not in chosen:
        location = attrs.evolve(location, active=True)
        kind = attrs.evolve(kind, active=True, location_ids=frozenset())
    if Fault.AGREEMENTS not in chosen:
        documents = [attrs.evolve(document, location_ids=frozenset()) for document in documents]
    start, end = _stay(draw, kind, zone, Fault.DATES in chosen)
    now = _local(BOOKED_FROM, 0, zone) + timedelta(minutes=draw(st.integers(0, 24 * 60 * 31)))
    if Fault.DATES in chosen and draw(st.booleans()):
        now = start + timedelta(minutes=draw(st.integers(-3 * 24 * 60, 60)))
    owner_id = OwnerId(next(fresh))
    pets = [
        Animal(
            id=AnimalId(next(fresh)),
            facility_id=facility.id,
            owner_id=owner_id,
            name=draw(names()),
            species_id=species,
            created_at=_CREATED,
            modified_at=_CREATED,
        )
        for species in draw(st.lists(st.sampled_from(SPECIES), min_size=1, max_size=3))
    ]
    loaded: list[Animal | None] = list(pets)
    if Fault.PETS in chosen:
        index = draw(st.integers(0, len(pets) - 1))
        loaded[index] = _broken_pet(draw, pets[index], OwnerId(next(fresh)))
    services = [
        draw(
            additional_services(
                facility_id=facility.id,
                service_id=AdditionalServiceId(next(fresh)),
                currency=facility.currency,
                type_ids=[kind.id, ReservationTypeId(next(fresh))],
            )
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    offered = [service.id for service in services]
    if Fault.ADD_ONS in chosen:
        offered.append(AdditionalServiceId(next(fresh)))  # not one of the facility's
    else:
        services = [
            attrs.evolve(service, active=True, type_ids=service.type_ids | {kind.id})
            for service in services
        ]
    lines = tuple(
        ReservationLine(
            pet.id,
            tuple(draw(st.lists(st.sampled_from(offered), unique=True, max_size=2)))
            if offered
            else (),
        )
        for pet in pets
    )
    staff_id = StaffUserId(next(fresh))
    no_staff = Fault.SERVICE in chosen and draw(st.booleans())
    draft = BookingDraft(
        facility_id=facility.id,
        location_id=location.id,
        owner_id=owner_id,
        type_id=kind.id,
        start=start,
        end=end,
        lines=lines,
        staff_id=None if no_staff or not kind.assigns_staff else staff_id,
    )
    last = end.astimezone(zone).date()
    required = [document for document in documents if document.id in kind.required_agreement_ids]
    pools, ledgers = _pools(draw, facility.id, location.id, kind.id)
    facts = BookingFacts(
        facility=facility,
        location=location,
        reservation_type=kind,
        account_approved=Fault.ACCOUNT not in chosen,
        animals={pet.id: pet for pet in loaded if pet is not None},
        immunization_types=tuple(vaccines),
        immunization_records={
            pet.id: _records(draw, pet, vaccines, last, Fault.VACCINES in chosen) for pet in pets
        },
        evaluations={
            pet.id: _evaluations(draw, pet, now, Fault.EVALUATION in chosen) for pet in pets
        },
        last_visits={
            pet.id: BOOKED_FROM - timedelta(days=draw(st.integers(0, 200)))
            for pet in pets
            if draw(st.booleans())
        },
        agreements=tuple(documents),
        signatures=_signatures(draw, required, owner_id, Fault.AGREEMENTS in chosen),
        add_ons={service.id: service for service in services},
        pools=pools,
        ledgers=ledgers,
        now=now,
    )
    return BookingCase(draft, facts, chosen)
