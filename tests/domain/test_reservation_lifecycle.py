"""The reservation status machine: only legal transitions succeed, and every one leaves a trace."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.actors import Actor, ActorKind
from petcare_core.domain.events import (
    AnimalCheckedIn,
    ReservationBooked,
    ReservationCancelled,
    ReservationDenied,
    ReservationRequested,
)
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
)
from petcare_core.domain.reservation import (
    HOLDS_CAPACITY,
    TRANSITIONS,
    Cancellation,
    IllegalTransition,
    Reservation,
    ReservationLine,
    ReservationStatus,
    TransitionNotAllowed,
    can_become,
)
from petcare_core.testing.strategies import actors, cancellations, reservations
from petcare_core.testing.strategies.reservations import move

S = ReservationStatus
STAFF = Actor.staff(3)
PARENT = Actor.owner(9)
CREATED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
TERMINAL = {S.DENIED, S.CHECKED_OUT, S.CANCELLED, S.NO_SHOW}

#: The table of docs/domain-rules.md, written out again so that a change to the code's table
#: must be a deliberate change here too.
EXPECTED = {
    S.REQUESTED: {S.CONFIRMED, S.UNCONFIRMED, S.WAITLISTED, S.DENIED, S.CANCELLED},
    S.UNCONFIRMED: {S.CONFIRMED, S.CANCELLED},
    S.WAITLISTED: {S.REQUESTED, S.UNCONFIRMED, S.CONFIRMED, S.DENIED, S.CANCELLED},
    S.CONFIRMED: {S.CHECKED_IN, S.CANCELLED, S.NO_SHOW},
    S.CHECKED_IN: {S.CHECKED_OUT},
}


def _requested(**changes: object) -> Reservation:
    fields: dict[str, object] = {
        "id": ReservationId(1),
        "facility_id": FacilityId(2),
        "location_id": LocationId(3),
        "owner_id": OwnerId(9),
        "type_id": ReservationTypeId(4),
        "start": CREATED + timedelta(days=5),
        "end": CREATED + timedelta(days=8),
        "lines": (ReservationLine(AnimalId(10)), ReservationLine(AnimalId(11))),
        "at": CREATED,
        "by": PARENT,
    } | changes
    reservation, _ = Reservation.request(**fields)  # type: ignore[arg-type]
    return reservation


def test_the_table_is_the_documented_one() -> None:
    assert {status: set(targets) for status, targets in TRANSITIONS.items() if targets} == EXPECTED
    assert {status for status, targets in TRANSITIONS.items() if not targets} == TERMINAL
    assert {S.CONFIRMED, S.UNCONFIRMED, S.CHECKED_IN} == HOLDS_CAPACITY


@given(reservations(), st.sampled_from(ReservationStatus), actors())
def test_a_transition_succeeds_exactly_when_the_table_allows_it(
    reservation: Reservation, target: ReservationStatus, by: Actor
) -> None:
    at = reservation.history[-1].at + timedelta(minutes=1)
    if can_become(reservation.status, target):
        moved = move(reservation, target, at, by)
        assert moved.status is target
        assert moved.history == (*reservation.history, moved.history[-1])
        assert (moved.history[-1].at, moved.history[-1].by) == (at, by)
    else:
        with pytest.raises(IllegalTransition) as raised:
            move(reservation, target, at, by)
        assert raised.value.reason == TransitionNotAllowed(reservation.status, target)
        assert str(raised.value) == f"a {reservation.status} reservation cannot become {target}"


@given(st.data())
def test_a_random_walk_only_visits_legal_states(data: st.DataObject) -> None:
    reservation = data.draw(reservations(status=S.REQUESTED))
    for _ in range(data.draw(st.integers(0, 8))):
        targets = sorted(TRANSITIONS[reservation.status])
        if not targets:
            break
        target = data.draw(st.sampled_from(targets))
        before = reservation
        at = before.history[-1].at + timedelta(hours=data.draw(st.integers(0, 48)))
        reservation = move(before, target, at, data.draw(actors()))
        assert reservation.status is target
        # The invariants the constructor checks hold at every step, and nothing but the
        # status, the history and the status's own detail changes.
        assert attrs.evolve(reservation) == reservation
        keep = {"status", "history", "cancellation", "denial_reason"}
        for field in attrs.fields(Reservation):
            if field.name not in keep:
                assert getattr(reservation, field.name) == getattr(before, field.name)
    statuses = [change.status for change in reservation.history]
    assert statuses[0] is S.REQUESTED
    assert all(can_become(a, b) for a, b in itertools.pairwise(statuses))
    assert [change.at for change in reservation.history] == sorted(
        change.at for change in reservation.history
    )


@given(reservations(status=S.CONFIRMED), cancellations())
def test_a_cancellation_is_recorded_and_announced(
    reservation: Reservation, cancellation: Cancellation
) -> None:
    at = reservation.history[-1].at
    cancelled, event = reservation.cancel(cancellation, at=at)
    assert cancelled.cancellation == cancellation
    assert cancelled.history[-1].by == cancellation.by
    assert event == ReservationCancelled(
        facility_id=reservation.facility_id,
        occurred_at=at,
        reservation_id=reservation.id,
        owner_id=reservation.owner_id,
        actor_kind=cancellation.by.kind,
        actor_id=cancellation.by.id,
        reason=cancellation.reason,
        late=cancellation.late,
    )


def test_request_book_deny_and_check_in_emit_their_events() -> None:
    fields = {
        "id": ReservationId(1),
        "facility_id": FacilityId(2),
        "location_id": LocationId(3),
        "owner_id": OwnerId(9),
        "type_id": ReservationTypeId(4),
        "start": CREATED + timedelta(days=1),
        "end": CREATED + timedelta(days=2),
        "lines": (ReservationLine(AnimalId(10)), ReservationLine(AnimalId(11))),
        "at": CREATED,
    }
    requested, event = Reservation.request(**fields, by=PARENT)  # type: ignore[arg-type]
    assert isinstance(event, ReservationRequested)
    assert (event.actor_kind, event.actor_id) == (ActorKind.OWNER, 9)
    booked, booked_event = Reservation.book(**fields, by=STAFF)  # type: ignore[arg-type]
    assert booked.status is S.CONFIRMED
    assert isinstance(booked_event, ReservationBooked)
    denied, denied_event = requested.deny(reason="full", at=CREATED, by=STAFF)
    assert (denied.denial_reason, denied_event) == (
        "full",
        ReservationDenied(
            FacilityId(2), CREATED, ReservationId(1), OwnerId(9), ActorKind.STAFF, 3, "full"
        ),
    )
    arrived, arrived_event = booked.check_in(at=CREATED + timedelta(days=1), by=STAFF)
    assert isinstance(arrived_event, AnimalCheckedIn)
    assert arrived_event.animal_ids == (AnimalId(10), AnimalId(11)) == arrived.animal_ids


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"lines": ()}, "at least one pet"),
        ({"lines": (ReservationLine(AnimalId(1)), ReservationLine(AnimalId(1)))}, "two lines"),
        ({"end": CREATED + timedelta(days=5)}, "end after it starts"),
        ({"start": datetime(2025, 3, 6, 9, 0)}, "timezone-aware"),
    ],
)
def test_malformed_reservations_are_refused(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        _requested(**changes)


def test_status_details_and_history_must_agree() -> None:
    requested = _requested()
    with pytest.raises(ValueError, match="history must end"):
        attrs.evolve(requested, status=S.CONFIRMED)
    with pytest.raises(ValueError, match="exactly when the status is cancelled"):
        attrs.evolve(requested, cancellation=Cancellation("x", PARENT, late=False))
    with pytest.raises(ValueError, match="exactly when the status is denied"):
        attrs.evolve(requested, denial_reason="x")


def test_blank_reasons_and_time_travel_are_refused() -> None:
    requested = _requested()
    with pytest.raises(ValueError, match="must not be blank"):
        Cancellation("  ", PARENT, late=False)
    with pytest.raises(ValueError, match="needs a reason"):
        requested.deny(reason=" ", at=CREATED, by=STAFF)
    with pytest.raises(ValueError, match="cannot precede"):
        requested.confirm(at=CREATED - timedelta(seconds=1), by=STAFF)


@pytest.mark.parametrize(
    ("kind", "actor_id", "ok"),
    [
        (ActorKind.STAFF, 1, True),
        (ActorKind.OWNER, 1, True),
        (ActorKind.SYSTEM, None, True),
        (ActorKind.SYSTEM, 1, False),
        (ActorKind.STAFF, None, False),
        (ActorKind.OWNER, 0, False),
    ],
)
def test_actors_name_who_acted(kind: ActorKind, actor_id: int | None, ok: bool) -> None:
    if ok:
        assert Actor(kind, actor_id).id == actor_id
    else:
        with pytest.raises(ValueError, match="id"):
            Actor(kind, actor_id)


@pytest.mark.parametrize("status", list(ReservationStatus))
@given(data=st.data())
def test_the_strategy_reaches_every_status(status: ReservationStatus, data: st.DataObject) -> None:
    reservation = data.draw(reservations(status=status))
    assert reservation.status is status
    assert reservation.history[0].status is S.REQUESTED
