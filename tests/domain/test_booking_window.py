"""Booking-date rules: closed dates, lead time, horizon, drop-off and pick-up hours, local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.booking_window import (
    BeyondBookingHorizon,
    BookingPolicy,
    DailyHours,
    DateRuleReason,
    DropOffOutsideHours,
    EndsOnClosedDate,
    PastNextDayCutoff,
    PickUpOutsideHours,
    SameDayNotAllowed,
    StartsInThePast,
    StartsOnClosedDate,
    WeeklyHours,
    date_rule_reasons,
)
from petcare_core.testing.strategies.booking_policies import (
    booking_policies,
    daily_hours,
    weekly_hours,
    zones,
)
from petcare_core.testing.strategies.values import aware_datetimes

NEW_YORK = ZoneInfo("America/New_York")
ORDER: list[type[DateRuleReason]] = [
    StartsOnClosedDate,
    EndsOnClosedDate,
    StartsInThePast,
    SameDayNotAllowed,
    PastNextDayCutoff,
    BeyondBookingHorizon,
    DropOffOutsideHours,
    PickUpOutsideHours,
]
LEAD_TIME = (StartsInThePast, SameDayNotAllowed, PastNextDayCutoff)
CLOSED = (StartsOnClosedDate, EndsOnClosedDate)
ALL_DAY = WeeklyHours.every_day(time(0), time(23, 59, 59, 999999))


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A New York wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK)


# Monday 1 June 2026, booked on Friday 15 May 2026 at noon.
NOW = local(2026, 5, 15, 12)
START, END = local(2026, 6, 1, 8), local(2026, 6, 4, 17)


def reasons(
    policy: BookingPolicy, start: datetime = START, end: datetime = END, now: datetime = NOW
) -> tuple[DateRuleReason, ...]:
    return date_rule_reasons(policy, start, end, now, NEW_YORK)


def kinds(found: tuple[DateRuleReason, ...]) -> list[type[DateRuleReason]]:
    return [type(reason) for reason in found]


def test_an_ordinary_stay_breaks_no_rule() -> None:
    assert reasons(BookingPolicy()) == ()


def test_a_stay_may_span_a_closed_date_but_not_start_or_end_on_one() -> None:
    closed = BookingPolicy(closed_dates={date(2026, 6, 2), date(2026, 6, 3)})
    assert reasons(closed) == ()
    assert reasons(closed, start=local(2026, 6, 2, 8)) == (StartsOnClosedDate(date(2026, 6, 2)),)
    assert reasons(closed, start=local(2026, 5, 30, 8), end=local(2026, 6, 3, 17)) == (
        EndsOnClosedDate(date(2026, 6, 3)),
    )
    assert kinds(reasons(closed, end=local(2026, 6, 3, 17), start=local(2026, 6, 2, 8))) == [
        StartsOnClosedDate,
        EndsOnClosedDate,
    ]


def test_a_day_on_a_closed_date_gets_one_reason() -> None:
    closed = BookingPolicy(closed_dates={date(2026, 6, 1)})
    assert reasons(closed, end=local(2026, 6, 1, 17)) == (StartsOnClosedDate(date(2026, 6, 1)),)


def test_closed_dates_are_the_only_rule_nobody_may_override() -> None:
    assert [kind.overridable for kind in ORDER] == [False, False] + [True] * 6


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START - timedelta(minutes=1), []),
        (START, []),  # starting right now is not in the past
        (START + timedelta(minutes=1), [StartsInThePast]),
    ],
)
def test_a_start_in_the_past(now: datetime, expected: list[type[DateRuleReason]]) -> None:
    assert kinds(reasons(BookingPolicy(), now=now)) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 6, 1, 0, 0), [SameDayNotAllowed]),
        (local(2026, 6, 1, 7, 0), [SameDayNotAllowed]),
        (local(2026, 5, 31, 23, 59), []),
    ],
)
def test_same_day_starts_can_be_refused(
    now: datetime, expected: list[type[DateRuleReason]]
) -> None:
    assert kinds(reasons(BookingPolicy(same_day_allowed=False), now=now)) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 5, 31, 16, 59), []),
        (local(2026, 5, 31, 17, 0), []),  # at the cut-off itself: still in time
        (local(2026, 5, 31, 17, 1), [PastNextDayCutoff]),
        (local(2026, 5, 30, 23, 0), []),  # two days ahead: the cut-off does not apply
        (local(2026, 6, 1, 7, 0), []),  # same day, allowed by this policy
    ],
)
def test_the_next_day_cut_off(now: datetime, expected: list[type[DateRuleReason]]) -> None:
    policy = BookingPolicy(next_day_cutoff=time(17))
    assert kinds(reasons(policy, now=now)) == expected


def test_the_horizon_counts_local_calendar_days_from_today() -> None:
    policy = BookingPolicy(horizon_days=17)  # from 15 May: up to 1 June
    assert reasons(policy) == ()
    later = local(2026, 6, 2, 8)
    assert reasons(policy, start=later) == (
        BeyondBookingHorizon(date(2026, 6, 2), date(2026, 6, 1), 17),
    )
    today_only = BookingPolicy(horizon_days=0)
    assert reasons(today_only, now=local(2026, 6, 1, 6)) == ()


def test_drop_off_and_pick_up_hours_per_weekday_ends_included() -> None:
    weekdays_only = WeeklyHours([(time(7), time(10))] * 5 + [None, None])
    policy = BookingPolicy(drop_off_hours=weekdays_only, pick_up_hours=weekdays_only)
    assert reasons(policy, start=local(2026, 6, 1, 7), end=local(2026, 6, 4, 10)) == ()
    assert reasons(policy, start=local(2026, 6, 1, 6, 59), end=local(2026, 6, 4, 10, 1)) == (
        DropOffOutsideHours(date(2026, 6, 1), time(6, 59), DailyHours(time(7), time(10))),
        PickUpOutsideHours(date(2026, 6, 4), time(10, 1), DailyHours(time(7), time(10))),
    )
    sunday = reasons(policy, end=local(2026, 6, 7, 9))
    assert sunday == (PickUpOutsideHours(date(2026, 6, 7), time(9), None),)


def test_every_broken_rule_is_reported_in_order() -> None:
    policy = BookingPolicy(
        horizon_days=0,
        closed_dates={date(2026, 6, 1), date(2026, 6, 4)},
        drop_off_hours=WeeklyHours([None] * 7),
        pick_up_hours=WeeklyHours([None] * 7),
    )
    found = reasons(policy, now=local(2026, 6, 2))
    assert kinds(found) == [
        StartsOnClosedDate,
        EndsOnClosedDate,
        StartsInThePast,
        DropOffOutsideHours,
        PickUpOutsideHours,
    ]
    found = reasons(policy)
    assert kinds(found) == [
        StartsOnClosedDate,
        EndsOnClosedDate,
        BeyondBookingHorizon,
        DropOffOutsideHours,
        PickUpOutsideHours,
    ]


def test_messages_say_what_to_change_with_readable_dates_and_times() -> None:
    one_june, four_june = date(2026, 6, 1), date(2026, 6, 4)
    hours = DailyHours(time(7), time(19))
    messages = [
        StartsOnClosedDate(one_june).message,
        EndsOnClosedDate(four_june).message,
        StartsInThePast(local(2026, 6, 1, 8)).message,
        SameDayNotAllowed(one_june).message,
        PastNextDayCutoff(one_june, time(17)).message,
        BeyondBookingHorizon(one_june, date(2026, 5, 31), 16).message,
        DropOffOutsideHours(one_june, time(6, 30), hours).message,
        DropOffOutsideHours(one_june, time(6, 30), None).message,
        PickUpOutsideHours(four_june, time(19, 30), hours).message,
    ]
    assert messages == [
        "the facility is closed on 1 June 2026; choose another start date (a stay may span a "
        "closed day but not start or end on one)",
        "the facility is closed on 4 June 2026; choose another end date (a stay may span a "
        "closed day but not start or end on one)",
        "the start, 1 June 2026 at 08:00, has already passed; choose a later start",
        "this service cannot be booked for the same day (1 June 2026); choose a start on "
        "2 June 2026 or later, or call the facility",
        "bookings starting on 1 June 2026 closed at 17:00 the day before; choose a start on "
        "2 June 2026 or later, or call the facility",
        "this service can be booked at most 16 days ahead, so 1 June 2026 is too far; choose a "
        "start on or before 31 May 2026",
        "drop-off on Mondays is between 07:00 and 19:00, so 06:30 on 1 June 2026 is outside "
        "it; choose a drop-off time in those hours",
        "there is no drop-off on Mondays (1 June 2026); choose another day for the drop-off",
        "pick-up on Thursdays is between 07:00 and 19:00, so 19:30 on 4 June 2026 is outside "
        "it; choose a pick-up time in those hours",
    ]
    assert [StartsOnClosedDate(one_june).field, EndsOnClosedDate(four_june).field] == [
        "start",
        "end",
    ]
    assert StartsOnClosedDate(one_june).code == "starts_on_closed_date"


def test_everything_is_read_in_the_facilitys_zone() -> None:
    # 1 June 2026 01:00 UTC is 31 May 21:00 in New York: a closed 31 May refuses it, and 21:00
    # is after drop-off hours although 01:00 UTC is on 1 June.
    start, end = datetime(2026, 6, 1, 1, tzinfo=UTC), datetime(2026, 6, 4, 15, tzinfo=UTC)
    policy = BookingPolicy(closed_dates={date(2026, 5, 31)})
    assert reasons(policy, start=start, end=end) == (
        StartsOnClosedDate(date(2026, 5, 31)),
        DropOffOutsideHours(date(2026, 5, 31), time(21), DailyHours(time(7), time(19))),
    )
    assert date_rule_reasons(policy, start, end, NOW, UTC) == (
        DropOffOutsideHours(date(2026, 6, 1), time(1), DailyHours(time(7), time(19))),
    )


def test_drop_off_hours_hold_on_the_days_the_clocks_change() -> None:
    # 8 March 2026 (spring forward) and 1 November 2026 (fall back) in New York: 07:00 local is
    # 11:00 and 12:00 UTC; a fixed offset would misplace one of them by an hour.
    for day in (date(2026, 3, 8), date(2026, 11, 1)):
        seven = datetime(day.year, day.month, day.day, 7, tzinfo=NEW_YORK).astimezone(UTC)
        end = seven + timedelta(hours=8)
        assert reasons(BookingPolicy(), seven, end, now=local(2026, 1, 1)) == ()
        early = seven - timedelta(minutes=1)
        found = reasons(BookingPolicy(), early, end, now=local(2026, 1, 1))
        assert found == (DropOffOutsideHours(day, time(6, 59), DailyHours(time(7), time(19))),)


def test_the_horizon_and_the_cut_off_count_calendar_days_across_a_clock_change() -> None:
    now = local(2026, 3, 7, 23, 30)  # the next day has only 23 hours
    policy = BookingPolicy(
        horizon_days=1, next_day_cutoff=time(23), drop_off_hours=ALL_DAY, pick_up_hours=ALL_DAY
    )
    tomorrow = local(2026, 3, 8, 23, 45)
    hour = timedelta(hours=1)
    assert kinds(reasons(policy, tomorrow, tomorrow + hour, now)) == [PastNextDayCutoff]
    relaxed = attrs.evolve(policy, next_day_cutoff=None)
    assert reasons(relaxed, tomorrow, tomorrow + hour, now) == ()
    # Only 24 hours away, but two calendar days ahead: beyond a one-day horizon.
    day_after = local(2026, 3, 9, 0, 30)
    assert day_after.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=24)
    assert kinds(reasons(relaxed, day_after, day_after + hour, now)) == [BeyondBookingHorizon]


def test_naive_times_and_a_stay_that_does_not_end_after_it_starts_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        date_rule_reasons(BookingPolicy(), START.replace(tzinfo=None), END, NOW, NEW_YORK)
    with pytest.raises(ValueError, match="end after"):
        reasons(BookingPolicy(), end=START)


def test_broken_hours_and_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="7 days"):
        WeeklyHours([None] * 6)
    with pytest.raises(ValueError, match="open before"):
        DailyHours(time(19), time(7))
    with pytest.raises(ValueError, match="open before"):
        DailyHours(time(7), time(7))
    with pytest.raises(ValueError, match="without a timezone"):
        DailyHours(time(7, tzinfo=UTC), time(19))
    with pytest.raises(ValueError, match="horizon_days"):
        BookingPolicy(horizon_days=-1)
    with pytest.raises(ValueError, match="without a timezone"):
        BookingPolicy(next_day_cutoff=time(17, tzinfo=UTC))


def test_weekly_hours_accept_pairs_and_answer_per_weekday() -> None:
    hours = WeeklyHours([(time(8), time(18))] * 6 + [None])
    assert hours.on(date(2026, 6, 1)) == DailyHours(time(8), time(18))  # a Monday
    assert hours.on(date(2026, 6, 7)) is None  # a Sunday
    assert hours == WeeklyHours((DailyHours(time(8), time(18)),) * 6 + (None,))


# --- properties ---------------------------------------------------------------------------


@st.composite
def bookings(draw: st.DrawFn) -> tuple[BookingPolicy, datetime, datetime, datetime, tzinfo]:
    """A policy, a stay of up to three weeks, a booking time up to two years either side."""
    zone = draw(zones())
    now = draw(aware_datetimes())
    start = now + timedelta(minutes=draw(st.integers(-60 * 24 * 30, 60 * 24 * 800)))
    end = start + timedelta(minutes=draw(st.integers(1, 60 * 24 * 21)))
    policy = draw(booking_policies())
    # Make closed dates likely to touch the stay.
    near = [start.astimezone(zone).date() + timedelta(days=d) for d in range(-1, 23)]
    extra = draw(st.frozensets(st.sampled_from(near), max_size=5))
    policy = attrs.evolve(policy, closed_dates=policy.closed_dates | extra)
    return policy, start, end, now, zone


Booking = tuple[BookingPolicy, datetime, datetime, datetime, tzinfo]


@given(bookings())
def test_reasons_come_in_the_stable_order_with_at_most_one_lead_time_reason(
    booking: Booking,
) -> None:
    found = date_rule_reasons(*booking)
    positions = [ORDER.index(type(reason)) for reason in found]
    assert positions == sorted(set(positions))  # ordered, each rule at most once
    assert sum(isinstance(reason, LEAD_TIME) for reason in found) <= 1
    assert all(reason.overridable is not isinstance(reason, CLOSED) for reason in found)


@given(bookings())
def test_a_closed_date_refuses_a_stay_exactly_when_it_starts_or_ends_on_it(
    booking: Booking,
) -> None:
    policy, start, end, now, zone = booking
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    found = kinds(date_rule_reasons(policy, start, end, now, zone))
    assert (StartsOnClosedDate in found) == (first in policy.closed_dates)
    assert (EndsOnClosedDate in found) == (last in policy.closed_dates and last != first)


@given(bookings())
def test_spanning_closed_dates_never_refuses_a_stay(booking: Booking) -> None:
    policy, start, end, now, zone = booking
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    inside = {first + timedelta(days=d) for d in range(1, (last - first).days)}
    spanning = attrs.evolve(policy, closed_dates=inside)
    found = date_rule_reasons(spanning, start, end, now, zone)
    assert not any(isinstance(reason, CLOSED) for reason in found)
    # and the closed dates change nothing else
    open_policy = attrs.evolve(policy, closed_dates=frozenset())
    assert found == date_rule_reasons(open_policy, start, end, now, zone)


@given(bookings(), st.integers(0, 60 * 24 * 400))
def test_moving_the_start_later_never_cures_a_horizon_violation(
    booking: Booking, minutes: int
) -> None:
    policy, start, end, now, zone = booking
    later = start + timedelta(minutes=minutes)
    before = BeyondBookingHorizon in kinds(date_rule_reasons(policy, start, end, now, zone))
    after = BeyondBookingHorizon in kinds(
        date_rule_reasons(policy, later, end + timedelta(minutes=minutes), now, zone)
    )
    assert after or not before


@given(bookings())
def test_the_horizon_is_a_count_of_local_calendar_days(booking: Booking) -> None:
    policy, start, end, now, zone = booking
    ahead = (start.astimezone(zone).date() - now.astimezone(zone).date()).days
    found = kinds(date_rule_reasons(policy, start, end, now, zone))
    assert (BeyondBookingHorizon in found) == (ahead > policy.horizon_days)


@given(bookings())
def test_only_a_start_before_now_is_in_the_past(booking: Booking) -> None:
    found = kinds(date_rule_reasons(*booking))
    _, start, _, now, _ = booking
    assert (StartsInThePast in found) == (start < now)


@given(bookings())
def test_the_rules_read_instants_not_the_zone_they_are_written_in(booking: Booking) -> None:
    policy, start, end, now, zone = booking
    other = ZoneInfo("Australia/Sydney")
    assert date_rule_reasons(policy, start, end, now, zone) == date_rule_reasons(
        policy, start.astimezone(other), end.astimezone(other), now.astimezone(other), zone
    )


@given(bookings(), daily_hours())
def test_hours_reasons_follow_the_local_clock(booking: Booking, hours: DailyHours) -> None:
    policy, start, end, now, zone = booking
    policy = attrs.evolve(policy, drop_off_hours=WeeklyHours.every_day(hours.opens, hours.closes))
    found = kinds(date_rule_reasons(policy, start, end, now, zone))
    local_start = start.astimezone(zone).time()
    assert (DropOffOutsideHours in found) == (not hours.opens <= local_start <= hours.closes)


@given(bookings(), weekly_hours())
def test_a_weekday_without_hours_always_refuses_and_all_day_hours_never_do(
    booking: Booking, week: WeeklyHours
) -> None:
    policy, start, end, now, zone = booking
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    found = kinds(
        date_rule_reasons(
            attrs.evolve(policy, drop_off_hours=week, pick_up_hours=week), start, end, now, zone
        )
    )
    if week.on(first) is None:
        assert DropOffOutsideHours in found
    if week.on(last) is None:
        assert PickUpOutsideHours in found
    around_the_clock = attrs.evolve(policy, drop_off_hours=ALL_DAY, pick_up_hours=ALL_DAY)
    found = kinds(date_rule_reasons(around_the_clock, start, end, now, zone))
    assert DropOffOutsideHours not in found
    assert PickUpOutsideHours not in found
