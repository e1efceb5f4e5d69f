"""Cancellation windows: free until N hours before the start, then staff review, then never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.cancellation import (
    PENDING,
    CancellationDecision,
    CancellationOutcome,
    CancellationPolicy,
    cancellation_outcome,
    reservation_cancellation,
)
from petcare_core.domain.reservation import Reservation, ReservationStatus, can_become
from petcare_core.testing.strategies import aware_datetimes, cancellation_policies, reservations

Out = CancellationOutcome
START = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
DAY_AHEAD = CancellationPolicy(free_until_hours=24)


@pytest.mark.parametrize(
    ("now", "pending", "expected"),
    [
        (START - timedelta(days=3), False, Out.FREE),
        (START - timedelta(hours=24), False, Out.FREE),  # the last free moment
        (START - timedelta(hours=24) + timedelta(microseconds=1), False, Out.STAFF_REVIEW),
        (START - timedelta(minutes=1), False, Out.STAFF_REVIEW),
        (START, False, Out.NOT_ALLOWED),
        (START + timedelta(days=1), False, Out.NOT_ALLOWED),
        (START - timedelta(hours=2), True, Out.FREE),  # nothing was promised yet
        (START, True, Out.NOT_ALLOWED),
    ],
)
def test_the_windows_of_a_day_ahead_policy(now: datetime, pending: bool, expected: Out) -> None:
    decision = cancellation_outcome(DAY_AHEAD, START, now, pending=pending)
    assert decision == CancellationDecision(expected, START - timedelta(hours=24))
    assert decision.late is (expected is Out.STAFF_REVIEW)


@given(cancellation_policies(), aware_datetimes(), st.integers(-(10**7), 10**7), st.booleans())
def test_the_outcome_follows_the_windows(
    policy: CancellationPolicy, start: datetime, seconds: int, pending: bool
) -> None:
    now = start + timedelta(seconds=seconds)
    outcome = cancellation_outcome(policy, start, now, pending=pending).outcome
    if now >= start:
        assert outcome is Out.NOT_ALLOWED
    elif pending or now <= start - timedelta(hours=policy.free_until_hours):
        assert outcome is Out.FREE
    else:
        assert outcome is Out.STAFF_REVIEW


@given(cancellation_policies(), aware_datetimes(), st.lists(st.integers(-(10**7), 10**7)))
def test_waiting_never_makes_a_cancellation_easier(
    policy: CancellationPolicy, start: datetime, offsets: list[int]
) -> None:
    # FREE, then STAFF_REVIEW, then NOT_ALLOWED: the outcome only ever gets stricter with time.
    order = [Out.FREE, Out.STAFF_REVIEW, Out.NOT_ALLOWED]
    outcomes = [
        order.index(cancellation_outcome(policy, start, start + timedelta(seconds=s)).outcome)
        for s in sorted(offsets)
    ]
    assert outcomes == sorted(outcomes)


@given(reservations(), cancellation_policies(), st.integers(-(10**7), 10**7))
def test_a_reservation_is_cancellable_only_where_the_status_machine_allows(
    reservation: Reservation, policy: CancellationPolicy, seconds: int
) -> None:
    now = reservation.start + timedelta(seconds=seconds)
    decision = reservation_cancellation(policy, reservation, now)
    if not can_become(reservation.status, ReservationStatus.CANCELLED):
        assert decision.outcome is Out.NOT_ALLOWED
    else:
        pending = reservation.status in PENDING
        assert decision == cancellation_outcome(policy, reservation.start, now, pending=pending)


def test_messages_explain_the_consequence() -> None:
    free = cancellation_outcome(DAY_AHEAD, START, START - timedelta(days=2))
    late = cancellation_outcome(DAY_AHEAD, START, START - timedelta(hours=1))
    gone = cancellation_outcome(DAY_AHEAD, START, START)
    assert "no charge" in free.message
    assert "2025-06-09T08:00+00:00" in late.message
    assert "review" in late.message
    assert "call the facility" in gone.message


def test_naive_times_and_negative_windows_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        cancellation_outcome(DAY_AHEAD, START.replace(tzinfo=None), START)
    with pytest.raises(ValueError, match="must not be negative"):
        CancellationPolicy(free_until_hours=-1)
