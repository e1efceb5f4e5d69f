"""The reservation aggregate and its status machine.

A reservation is pure data: every transition method returns a new ``Reservation`` and the domain
event that records it, and refuses a transition the table below does not allow by raising
``IllegalTransition``. Use cases check ``can_become`` first and turn a refused transition into a
``TransitionNotAllowed`` reason of a rejection (DESIGN §1 decision 5): a transition that reaches
the aggregate although the table forbids it is a broken invariant, hence an exception. See
docs/domain-rules.md, "Reservation lifecycle".
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import attrs

from petcare_core.domain.actors import Actor
from petcare_core.domain.events import (
    AnimalCheckedIn,
    AnimalCheckedOut,
    ReservationBooked,
    ReservationCancelled,
    ReservationConfirmationRequested,
    ReservationConfirmed,
    ReservationDenied,
    ReservationEvent,
    ReservationNoShow,
    ReservationRequested,
    ReservationRequeued,
    ReservationWaitlisted,
)
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    FacilityId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reasons import Reason


class ReservationStatus(enum.StrEnum):
    """Where a reservation is in its life (DESIGN §2)."""

    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"  # accepted by the facility, awaiting the parent's confirmation
    WAITLISTED = "waitlisted"
    DENIED = "denied"
    CHECKED_IN = "checked_in"
    CHECKED_OUT = "checked_out"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


_S = ReservationStatus
_E = TypeVar("_E", bound=ReservationEvent)

#: The legal transitions; a status missing from the right-hand sets is never reached from the
#: left. Terminal statuses map to the empty set. Why each edge exists or not is in
#: docs/domain-rules.md.
TRANSITIONS: dict[ReservationStatus, frozenset[ReservationStatus]] = {
    _S.REQUESTED: frozenset({_S.CONFIRMED, _S.UNCONFIRMED, _S.WAITLISTED, _S.DENIED, _S.CANCELLED}),
    # Once the facility has accepted, withdrawing is a cancellation with a reason, not a denial.
    _S.UNCONFIRMED: frozenset({_S.CONFIRMED, _S.CANCELLED}),
    # A freed place is either offered (unconfirmed), promoted (confirmed) or handed back to staff.
    _S.WAITLISTED: frozenset({_S.REQUESTED, _S.UNCONFIRMED, _S.CONFIRMED, _S.DENIED, _S.CANCELLED}),
    _S.CONFIRMED: frozenset({_S.CHECKED_IN, _S.CANCELLED, _S.NO_SHOW}),
    # A stay that has started cannot be cancelled (research §4.7), only ended.
    _S.CHECKED_IN: frozenset({_S.CHECKED_OUT}),
    _S.CHECKED_OUT: frozenset(),
    _S.DENIED: frozenset(),
    _S.CANCELLED: frozenset(),
    _S.NO_SHOW: frozenset(),
}

#: Statuses that hold a place in a capacity pool.
HOLDS_CAPACITY = frozenset({_S.CONFIRMED, _S.UNCONFIRMED, _S.CHECKED_IN})

#: Statuses that count as a visit booked with the facility (an owner's or a pet's number of
#: reservations, last and next visit): accepted, whether or not it has happened yet.
BOOKED_VISITS = frozenset({_S.CONFIRMED, _S.UNCONFIRMED, _S.CHECKED_IN, _S.CHECKED_OUT})


def can_become(current: ReservationStatus, target: ReservationStatus) -> bool:
    """True when the status machine allows ``current -> target``."""
    return target in TRANSITIONS[current]


@attrs.frozen
class TransitionNotAllowed(Reason):
    """The reservation's status does not allow the requested change."""

    current: ReservationStatus
    target: ReservationStatus

    @property
    def message(self) -> str:
        return f"a {self.current} reservation cannot become {self.target}"


class IllegalTransition(ValueError):
    """A transition the status machine forbids reached the aggregate (a broken invariant)."""

    def __init__(self, current: ReservationStatus, target: ReservationStatus) -> None:
        self.reason = TransitionNotAllowed(current, target)
        super().__init__(self.reason.message)


def _required_text(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be blank")


@attrs.frozen
class Cancellation:
    """Why a reservation was cancelled, by whom, and whether inside the late window."""

    reason: str = attrs.field(validator=_required_text)
    by: Actor
    late: bool


@attrs.frozen
class ReservationLine:
    """One pet of a reservation with its add-on services and, once assigned, its lodging."""

    animal_id: AnimalId
    services: tuple[AdditionalServiceId, ...] = ()
    lodging_id: LodgingId | None = None


@attrs.frozen
class StatusChange:
    """One entry of a reservation's history."""

    status: ReservationStatus
    at: datetime
    by: Actor


def _check_lines(_: object, __: object, lines: tuple[ReservationLine, ...]) -> None:
    if not lines:
        raise ValueError("a reservation needs at least one pet")
    animals = [line.animal_id for line in lines]
    if len(set(animals)) != len(animals):
        raise ValueError("a pet appears on two lines of the same reservation")


def _check_aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    # Naive times would make "hours before start" depend on the server's zone.
    if value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must be timezone-aware")


@attrs.frozen
class Reservation:
    """A stay or appointment for one or more pets of one household.

    ``history`` lists every status the reservation has had, the current one last; ``cancellation``
    is set exactly when the status is cancelled and ``denial_reason`` exactly when it is denied.
    """

    id: ReservationId
    facility_id: FacilityId
    location_id: LocationId
    owner_id: OwnerId
    type_id: ReservationTypeId
    start: datetime = attrs.field(validator=_check_aware)
    end: datetime = attrs.field(validator=_check_aware)
    lines: tuple[ReservationLine, ...] = attrs.field(validator=_check_lines)
    status: ReservationStatus
    history: tuple[StatusChange, ...]
    staff_id: StaffUserId | None = None
    cancellation: Cancellation | None = None
    denial_reason: str | None = None
    version: int = 1

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a reservation must end after it starts")
        if not self.history or self.history[-1].status is not self.status:
            raise ValueError("the history must end with the current status")
        if (self.cancellation is not None) != (self.status is _S.CANCELLED):
            raise ValueError("a cancellation is recorded exactly when the status is cancelled")
        if (self.denial_reason is not None) != (self.status is _S.DENIED):
            raise ValueError("a denial reason is recorded exactly when the status is denied")

    @property
    def animal_ids(self) -> tuple[AnimalId, ...]:
        """The reservation's pets, in line order."""
        return tuple(line.animal_id for line in self.lines)

    @classmethod
    def request(
        cls,
        *,
        id: ReservationId,
        facility_id: FacilityId,
        location_id: LocationId,
        owner_id: OwnerId,
        type_id: ReservationTypeId,
        start: datetime,
        end: datetime,
        lines: tuple[ReservationLine, ...],
        at: datetime,
        by: Actor,
        staff_id: StaffUserId | None = None,
    ) -> tuple[Reservation, ReservationRequested]:
        """A new request awaiting the facility's decision (how the portal books)."""
        reservation = cls._new(
            _S.REQUESTED, id, facility_id, location_id, owner_id, type_id, start, end, lines,
            at, by, staff_id,
        )  # fmt: skip
        return reservation, reservation._event(ReservationRequested, at, by)

    @classmethod
    def book(
        cls,
        *,
        id: ReservationId,
        facility_id: FacilityId,
        location_id: LocationId,
        owner_id: OwnerId,
        type_id: ReservationTypeId,
        start: datetime,
        end: datetime,
        lines: tuple[ReservationLine, ...],
        at: datetime,
        by: Actor,
        staff_id: StaffUserId | None = None,
    ) -> tuple[Reservation, ReservationBooked]:
        """A reservation staff book as confirmed from the start (DESIGN §2)."""
        reservation = cls._new(
            _S.CONFIRMED, id, facility_id, location_id, owner_id, type_id, start, end, lines,
            at, by, staff_id,
        )  # fmt: skip
        return reservation, reservation._event(ReservationBooked, at, by)

    @classmethod
    def _new(  # noqa: PLR0917 - the fields of a new reservation, in order
        cls,
        status: ReservationStatus,
        id: ReservationId,
        facility_id: FacilityId,
        location_id: LocationId,
        owner_id: OwnerId,
        type_id: ReservationTypeId,
        start: datetime,
        end: datetime,
        lines: tuple[ReservationLine, ...],
        at: datetime,
        by: Actor,
        staff_id: StaffUserId | None,
    ) -> Reservation:
        return cls(
            id=id,
            facility_id=facility_id,
            location_id=location_id,
            owner_id=owner_id,
            type_id=type_id,
            start=start,
            end=end,
            lines=lines,
            status=status,
            history=(StatusChange(status, at, by),),
            staff_id=staff_id,
        )

    def confirm(self, *, at: datetime, by: Actor) -> tuple[Reservation, ReservationConfirmed]:
        """Confirmed: by staff, by the parent when asked, or promoted from the waitlist."""
        changed = self._become(_S.CONFIRMED, at, by)
        return changed, changed._event(ReservationConfirmed, at, by)

    def request_confirmation(
        self, *, at: datetime, by: Actor
    ) -> tuple[Reservation, ReservationConfirmationRequested]:
        """Accepted by the facility, now awaiting the parent's confirmation (or a place offered)."""
        changed = self._become(_S.UNCONFIRMED, at, by)
        return changed, changed._event(ReservationConfirmationRequested, at, by)

    def waitlist(self, *, at: datetime, by: Actor) -> tuple[Reservation, ReservationWaitlisted]:
        """Put on the waitlist until a place frees."""
        changed = self._become(_S.WAITLISTED, at, by)
        return changed, changed._event(ReservationWaitlisted, at, by)

    def requeue(self, *, at: datetime, by: Actor) -> tuple[Reservation, ReservationRequeued]:
        """Move a waitlisted reservation back to the requests awaiting a decision."""
        changed = self._become(_S.REQUESTED, at, by)
        return changed, changed._event(ReservationRequeued, at, by)

    def deny(
        self, *, reason: str, at: datetime, by: Actor
    ) -> tuple[Reservation, ReservationDenied]:
        """Refused by the facility, with a reason the parent will read."""
        if not reason.strip():
            raise ValueError("a denial needs a reason")
        changed = self._become(_S.DENIED, at, by, denial_reason=reason)
        return changed, changed._event(ReservationDenied, at, by, reason=reason)

    def cancel(
        self, cancellation: Cancellation, *, at: datetime
    ) -> tuple[Reservation, ReservationCancelled]:
        """Cancelled; the caller decides ``late`` from the cancellation policy."""
        by = cancellation.by
        changed = self._become(_S.CANCELLED, at, by, cancellation=cancellation)
        event = changed._event(
            ReservationCancelled, at, by, reason=cancellation.reason, late=cancellation.late
        )
        return changed, event

    def check_in(self, *, at: datetime, by: Actor) -> tuple[Reservation, AnimalCheckedIn]:
        """The pets arrived."""
        changed = self._become(_S.CHECKED_IN, at, by)
        return changed, changed._event(AnimalCheckedIn, at, by, animal_ids=self.animal_ids)

    def check_out(self, *, at: datetime, by: Actor) -> tuple[Reservation, AnimalCheckedOut]:
        """The pets went home."""
        changed = self._become(_S.CHECKED_OUT, at, by)
        return changed, changed._event(AnimalCheckedOut, at, by, animal_ids=self.animal_ids)

    def mark_no_show(self, *, at: datetime, by: Actor) -> tuple[Reservation, ReservationNoShow]:
        """The pets did not arrive."""
        changed = self._become(_S.NO_SHOW, at, by)
        return changed, changed._event(ReservationNoShow, at, by)

    def _become(
        self,
        target: ReservationStatus,
        at: datetime,
        by: Actor,
        *,
        cancellation: Cancellation | None = None,
        denial_reason: str | None = None,
    ) -> Reservation:
        if not can_become(self.status, target):
            raise IllegalTransition(self.status, target)
        if at < self.history[-1].at:
            # Out-of-order history would make "who did what last" unanswerable in an audit.
            raise ValueError("a status change cannot precede the previous one")
        return attrs.evolve(
            self,
            status=target,
            history=(*self.history, StatusChange(target, at, by)),
            cancellation=cancellation,
            denial_reason=denial_reason,
        )

    def _event(self, kind: Callable[..., _E], at: datetime, by: Actor, **fields: object) -> _E:
        return kind(
            facility_id=self.facility_id,
            occurred_at=at,
            reservation_id=self.id,
            owner_id=self.owner_id,
            actor_kind=by.kind,
            actor_id=by.id,
            **fields,
        )
