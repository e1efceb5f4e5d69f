"""Replaying the demo's plan through the use cases, in time order, as if it were happening.

Each step runs with the services' clock set to its time, as the member of staff (the demo
manager) or the pet parent (through their portal login) who would take it, so every history
line, event and rule check reads as it would have: a request is checked against the vaccines,
the signatures and the pool on the day it is made. A replay may resume: reservations already
stored are found by their natural key (type, location, household, start, pets) and the steps
whose status the reservation has already reached are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

import attrs
from returns.result import Failure, Result

from petcare_core.domain.ids import (
    AnimalId,
    LocationId,
    OwnerId,
    PortalAccountId,
    ReservationId,
    ReservationTypeId,
)
from petcare_core.domain.reasons import Reason, Rejection
from petcare_core.domain.reservation import Reservation, ReservationStatus, can_become
from petcare_core.domain.staff import StaffUser
from petcare_core.services import BookingRequest, PetcareServices
from petcare_web.demo_booking_catalog import DemoCatalog, SettableClock
from petcare_web.demo_booking_plan import Fate, PlannedReservation, PlannedStep, Step

_S = ReservationStatus
#: The status each step leads to.
TARGET = {
    Step.BOOK: _S.CONFIRMED,
    Step.REQUEST: _S.REQUESTED,
    Step.JOIN_WAITLIST: _S.WAITLISTED,
    Step.APPROVE: _S.CONFIRMED,
    Step.ASK_PARENT: _S.UNCONFIRMED,
    Step.PARENT_CONFIRMS: _S.CONFIRMED,
    Step.WAITLIST: _S.WAITLISTED,
    Step.DENY: _S.DENIED,
    Step.CANCEL: _S.CANCELLED,
    Step.CHECK_IN: _S.CHECKED_IN,
    Step.CHECK_OUT: _S.CHECKED_OUT,
    Step.NO_SHOW: _S.NO_SHOW,
}
_CREATES = frozenset({Step.BOOK, Step.REQUEST, Step.JOIN_WAITLIST})
CANCEL_REASONS = (
    "Our travel plans changed.",
    "Our dog is unwell; we will book again when she is better.",
    "A family member can look after him after all.",
    "Booked the wrong dates by mistake.",
)
DENIAL = "We are fully booked on those dates; we are sorry."
_NO_PLACE = "No place freed up for these dates; we hope to see you another time."

Key = tuple[ReservationTypeId, LocationId, OwnerId, datetime, tuple[AnimalId, ...]]
Progress = Callable[[str], None]


def key_of(reservation: Reservation) -> Key:
    """A stored reservation's natural key."""
    return (
        reservation.type_id,
        reservation.location_id,
        reservation.owner_id,
        reservation.start,
        reservation.animal_ids,
    )


def planned_key(planned: PlannedReservation, catalog: DemoCatalog) -> Key:
    """A planned reservation's natural key, as ``key_of`` gives it once stored."""
    return (
        catalog.types[planned.kind].id,
        catalog.locations[planned.location].id,
        planned.owner_id,
        planned.start,
        planned.pets,
    )


class Replay:
    """Runs planned steps up to a moment; ``created``, ``steps`` and ``refused`` count them."""

    def __init__(
        self,
        services: PetcareServices,
        clock: SettableClock,
        catalog: DemoCatalog,
        *,
        manager: StaffUser,
        accounts: Mapping[OwnerId, PortalAccountId],
        existing: Sequence[Reservation],
    ) -> None:
        self.services = services
        self.clock = clock
        self.catalog = catalog
        self.manager = manager
        self.accounts = accounts
        self.fid = manager.facility_id
        self.stored = {key_of(reservation): reservation for reservation in existing}
        self.reservations: dict[int, Reservation] = {}
        self.numbers: dict[ReservationId, int] = {}
        self.done: set[tuple[int, int]] = set()
        self.created = 0
        self.steps = 0
        self.refused: list[str] = []

    def key(self, planned: PlannedReservation) -> Key:
        return planned_key(planned, self.catalog)

    def run(
        self,
        planned: Sequence[PlannedReservation],
        *,
        before: datetime,
        progress: Progress,
        label: str,
    ) -> None:
        """Run every step not yet run that happens before ``before``, oldest first."""
        due = sorted(
            (step.at, reservation.number, position, reservation, step)
            for reservation in planned
            for position, step in enumerate(reservation.steps)
            if step.at < before and (reservation.number, position) not in self.done
        )
        for count, (_, number, position, reservation, step) in enumerate(due, start=1):
            self.done.add((number, position))
            self._step(reservation, step)
            if count % 100 == 0 or count == len(due):
                progress(f"{label} {count}/{len(due)}")

    def _step(self, planned: PlannedReservation, step: PlannedStep) -> None:
        current = self.reservations.get(planned.number)
        if current is None:
            current = self.stored.get(self.key(planned))
            if current is not None:
                self.reservations[planned.number] = current
                self.numbers[current.id] = planned.number
        target = TARGET[step.step]
        if step.step in _CREATES:
            if current is not None:
                return
        elif current is None or any(change.status is target for change in current.history):
            return  # never created (refused), or this step already ran
        elif not can_become(current.status, target):
            self.refused.append(
                f"reservation {current.id}: {step.step} skipped, it is {current.status}"
            )
            return
        self.clock.moment = step.at
        self.steps += 1
        outcome = self._run(planned, step.step, current)
        if isinstance(outcome, Failure):
            messages = "; ".join(outcome.failure().messages)
            self.refused.append(f"{planned.kind} #{planned.number} {step.step}: {messages}")
            return
        reservation = outcome.unwrap()
        if current is None:
            self.created += 1
            self.numbers[reservation.id] = planned.number
        self.reservations[planned.number] = reservation

    def _request(self, planned: PlannedReservation) -> BookingRequest:
        add_ons = self.catalog.add_ons
        groomer = planned.groomer
        return BookingRequest(
            location_id=self.catalog.locations[planned.location].id,
            type_id=self.catalog.types[planned.kind].id,
            start=planned.start,
            end=planned.end,
            pets=tuple(
                (pet, tuple(add_ons[name].id for name in names))
                for pet, names in zip(planned.pets, planned.add_ons, strict=True)
            ),
            staff_id=None if groomer is None else self.catalog.groomers[groomer].id,
            owner_id=planned.owner_id,
        )

    def _run(
        self, planned: PlannedReservation, step: Step, current: Reservation | None
    ) -> Result[Reservation, Rejection]:
        services, fid, staff = self.services, self.fid, self.manager
        account = self.accounts.get(planned.owner_id) if planned.by_parent else None
        if step in _CREATES:
            request = self._request(planned)
            if account is not None and step is not Step.BOOK:
                joins = step is Step.JOIN_WAITLIST
                asked = services.request_reservation(fid, account, request, join_waitlist=joins)
                return asked.map(self._filled)
            confirm = step is Step.BOOK
            return services.book_reservation(fid, staff, request, confirm=confirm).map(self._filled)
        assert current is not None
        rid = current.id
        return self._transition(planned, step, rid, account)

    def _transition(
        self,
        planned: PlannedReservation,
        step: Step,
        rid: ReservationId,
        account: PortalAccountId | None,
    ) -> Result[Reservation, Rejection]:
        services, fid, staff = self.services, self.fid, self.manager
        if step in (Step.APPROVE, Step.ASK_PARENT):
            ask = step is Step.ASK_PARENT
            approved = services.approve_reservation(fid, staff, rid, ask_parent=ask)
            return approved.map(self._filled)
        if step is Step.PARENT_CONFIRMS:
            if account is None:
                return Failure(Rejection((AwaitingParentLogin(),)))
            return services.confirm_reservation_as_parent(fid, account, rid)
        if step is Step.WAITLIST:
            return services.waitlist_reservation(fid, staff, rid)
        if step is Step.DENY:
            waitlisted = self.reservations[planned.number].status is _S.WAITLISTED
            return services.deny_reservation(fid, staff, rid, _NO_PLACE if waitlisted else DENIAL)
        if step is Step.CHECK_IN:
            return services.check_in(fid, staff, rid)
        if step is Step.CHECK_OUT:
            return services.check_out(fid, staff, rid).map(self._filled)
        if step is Step.NO_SHOW:
            return services.mark_no_show(fid, staff, rid).map(self._filled)
        reason = CANCEL_REASONS[planned.number % len(CANCEL_REASONS)]
        if account is not None and planned.fate is Fate.CANCELLED:
            # Inside the free window the parent cancels in the portal; later, staff do.
            cancelled = services.cancel_reservation_as_parent(fid, account, rid, reason)
            return cancelled.map(self._filled)
        return services.cancel_reservation(fid, staff, rid, reason).map(self._filled)

    def _filled(self, outcome: _Outcome) -> Reservation:
        """The changed reservation; the waitlisted ones that got its places are noted too."""
        for reservation in outcome.filled:
            number = self.numbers.get(reservation.id)
            if number is not None:
                self.reservations[number] = reservation
        return outcome.reservation


class _Outcome(Protocol):
    @property
    def reservation(self) -> Reservation: ...

    @property
    def filled(self) -> tuple[Reservation, ...]: ...


@attrs.frozen
class AwaitingParentLogin(Reason):
    """Only the parent confirms a reservation awaiting their confirmation, in the portal."""

    @property
    def message(self) -> str:
        return "the household has no portal login to confirm with"
