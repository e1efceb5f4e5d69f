"""Explicit example records of the booking engine for the contract suites.

Like ``samples``: each builder takes the unit of work that allocates the id and returns a
record that is not yet added, keyword arguments replace fields, and values are awkward for a
storage (accents, emoji, right-to-left text, microseconds, times shared by two records).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import attrs

from petcare_core.domain.actors import Actor
from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement, AgreementSignature
from petcare_core.domain.booking_window import BookingPolicy, DailyHours, WeeklyHours
from petcare_core.domain.cancellation import CancellationPolicy
from petcare_core.domain.capacity import CapacityPool, Lodging, PoolKind
from petcare_core.domain.deposits import PercentageDeposit
from petcare_core.domain.estimate import AddOnCharge, PricingUnit
from petcare_core.domain.evaluations import Evaluation, EvaluationResult
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AgreementSignatureId,
    AnimalId,
    CapacityPoolId,
    EvaluationId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import (
    Cancellation,
    Reservation,
    ReservationLine,
    ReservationStatus,
)
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.testing.contracts.samples import T0, TEXT, at


def make_reservation_type(uow: FacilityUnitOfWork, **changes: Any) -> ReservationType:
    """A boarding type with every policy away from its default (requirements in ``changes``)."""
    weekdays = DailyHours(time(6, 30), time(20, 15))
    reservation_type = ReservationType(
        id=ReservationTypeId(uow.new_id()),
        facility_id=uow.facility_id,
        name=f"Pension « nuit » {TEXT}",
        unit=PricingUnit.NIGHT,
        base_price=Money(4_250, "CHF"),
        requires_evaluation=True,
        policy=BookingPolicy(
            horizon_days=540,
            same_day_allowed=False,
            next_day_cutoff=time(17, 45),
            drop_off_hours=WeeklyHours((weekdays,) * 5 + (DailyHours(time(9), time(12)), None)),
            pick_up_hours=WeeklyHours.every_day(time(0), time(23, 59)),
            closed_dates=frozenset({date(2024, 12, 25), date(2025, 1, 1)}),
        ),
        cancellation=CancellationPolicy(72),
        deposit=PercentageDeposit(Decimal("0.3333")),
    )
    return attrs.evolve(reservation_type, **changes)


def make_additional_service(
    uow: FacilityUnitOfWork, type_ids: Iterable[ReservationTypeId], **changes: Any
) -> AdditionalService:
    """A per-night add-on allowed for ``type_ids``."""
    service = AdditionalService(
        id=AdditionalServiceId(uow.new_id()),
        facility_id=uow.facility_id,
        name=f"Balade en forêt 🌲 {TEXT}",
        price=Money(1_275, "CHF"),
        charge=AddOnCharge.PER_UNIT,
        type_ids=frozenset(type_ids),
    )
    return attrs.evolve(service, **changes)


def make_capacity_pool(
    uow: FacilityUnitOfWork,
    location_id: LocationId,
    type_ids: Iterable[ReservationTypeId] = (),
    **changes: Any,
) -> CapacityPool:
    """A room pool of 3 places at ``location_id`` shared by ``type_ids``."""
    pool = CapacityPool(
        id=CapacityPoolId(uow.new_id()),
        facility_id=uow.facility_id,
        location_id=location_id,
        name=f"Suites {TEXT}",
        kind=PoolKind.ROOM,
        capacity=3,
        type_ids=frozenset(type_ids),
    )
    return attrs.evolve(pool, **changes)


def make_lodging(uow: FacilityUnitOfWork, pool_id: CapacityPoolId, **changes: Any) -> Lodging:
    """A suite of ``pool_id``."""
    lodging = Lodging(LodgingId(uow.new_id()), uow.facility_id, pool_id, f"Suite n° 7 {TEXT}")
    return attrs.evolve(lodging, **changes)


def make_agreement(uow: FacilityUnitOfWork, versions: int = 3, **changes: Any) -> Agreement:
    """An agreement with ``versions`` multi-line versions, two published at the same moment."""
    agreement = Agreement.create(
        id=AgreementId(uow.new_id()),
        facility_id=uow.facility_id,
        title=f"Décharge de responsabilité {TEXT}",
        text=f"Article 1 — «{TEXT}»\n\tJe soussigné(e)…",
        at=T0,
    )
    for number in range(2, versions + 1):
        # Later versions share one time: their order must come from their numbers.
        agreement = agreement.publish(f"Version {number}\n{TEXT}", at(86_400.5))
    return attrs.evolve(agreement, **changes)


def make_agreement_signature(
    uow: FacilityUnitOfWork, agreement: Agreement, owner_id: OwnerId, **changes: Any
) -> AgreementSignature:
    """A signature by ``owner_id`` of ``agreement``'s current version from an IPv6 address."""
    signature = AgreementSignature(
        id=AgreementSignatureId(uow.new_id()),
        facility_id=uow.facility_id,
        agreement_id=agreement.id,
        version_number=agreement.current.number,
        owner_id=owner_id,
        signer_name="Zoë Ñúñez-Ødegård 🐶",
        signed_at=at(172_800.000001),
        ip_address="2001:db8::8a2e:370:7334",
    )
    return attrs.evolve(signature, **changes)


def make_evaluation(
    uow: FacilityUnitOfWork, animal_id: AnimalId, recorded_by: StaffUserId, **changes: Any
) -> Evaluation:
    """A passed evaluation of ``animal_id`` with multi-line notes."""
    evaluation = Evaluation(
        id=EvaluationId(uow.new_id()),
        facility_id=uow.facility_id,
        animal_id=animal_id,
        result=EvaluationResult.PASS,
        recorded_at=at(3_600.5),
        recorded_by=recorded_by,
        notes=f"Joue bien avec les grands chiens\n{TEXT}",
    )
    return attrs.evolve(evaluation, **changes)


def make_reservation(
    uow: FacilityUnitOfWork,
    *,
    location_id: LocationId,
    owner_id: OwnerId,
    type_id: ReservationTypeId,
    lines: Iterable[ReservationLine],
    **changes: Any,
) -> Reservation:
    """A week-long request of the pets of ``lines``, requested by their owner at ``T0``."""
    reservation, _ = Reservation.request(
        id=ReservationId(uow.new_id()),
        facility_id=uow.facility_id,
        location_id=location_id,
        owner_id=owner_id,
        type_id=type_id,
        start=at(86_400 * 30 + 0.25),
        end=at(86_400 * 37 + 0.75),
        lines=tuple(lines),
        at=T0,
        by=Actor.owner(owner_id),
    )
    return attrs.evolve(reservation, **changes)


def moved(
    reservation: Reservation, *statuses: ReservationStatus, by: Actor | None = None
) -> Reservation:
    """``reservation`` moved through ``statuses``, one hour and a few microseconds apart, by
    ``by`` (staff #1 by default); a denial and a cancellation carry awkward reasons."""
    actor = by or Actor.staff(1)
    for status in statuses:
        when = reservation.history[-1].at + timedelta(hours=1, microseconds=7)
        if status is ReservationStatus.CANCELLED:
            cancellation = Cancellation(f"Changement de plans — {TEXT}", actor, late=True)
            reservation = reservation.cancel(cancellation, at=when)[0]
        elif status is ReservationStatus.DENIED:
            reservation = reservation.deny(reason=f"Complet 🙁 {TEXT}", at=when, by=actor)[0]
        else:
            method = {
                ReservationStatus.REQUESTED: reservation.requeue,
                ReservationStatus.CONFIRMED: reservation.confirm,
                ReservationStatus.UNCONFIRMED: reservation.request_confirmation,
                ReservationStatus.WAITLISTED: reservation.waitlist,
                ReservationStatus.CHECKED_IN: reservation.check_in,
                ReservationStatus.CHECKED_OUT: reservation.check_out,
                ReservationStatus.NO_SHOW: reservation.mark_no_show,
            }[status]
            reservation = method(at=when, by=actor)[0]
    return reservation
