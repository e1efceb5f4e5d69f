"""Booking-date rules: closed dates, lead time, booking horizon, drop-off and pick-up hours.

``date_rule_reasons`` is a pure function of a reservation type's ``BookingPolicy``, the stay's
start and end, the current time and the facility's timezone; it returns every rule the dates
break, in a stable order. Every comparison is made in the facility's local time. Closed dates
are the one rule nobody may override (research §4.6); the override of the others is granted
elsewhere. See docs/booking-rules.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from typing import ClassVar

import attrs

from petcare_core.domain.dates import clock, long_date
from petcare_core.domain.reasons import Reason

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _check_local(name: str, value: time | None) -> None:
    # Opening hours are local wall-clock times; an offset would contradict the facility's zone.
    if value is not None and value.tzinfo is not None:
        raise ValueError(f"{name} must be a local time without a timezone")


def _naive_time(_: object, attribute: attrs.Attribute[time], value: time) -> None:
    _check_local(attribute.name, value)


@attrs.frozen
class DailyHours:
    """The hours of one day: from ``opens`` to ``closes``, both included."""

    opens: time = attrs.field(validator=_naive_time)
    closes: time = attrs.field(validator=_naive_time)

    def __attrs_post_init__(self) -> None:
        if self.opens >= self.closes:
            raise ValueError(
                f"opening hours must open before they close, got {clock(self.opens)}"
                f"-{clock(self.closes)}"
            )

    def contains(self, moment: time) -> bool:
        """True when the local time ``moment`` falls inside the hours (ends included)."""
        return self.opens <= moment.replace(tzinfo=None) <= self.closes

    def __str__(self) -> str:
        return f"{clock(self.opens)}-{clock(self.closes)}"


def _to_days(
    value: Iterable[DailyHours | tuple[time, time] | None],
) -> tuple[DailyHours | None, ...]:
    # Accept plain (opens, closes) pairs so a week reads naturally where it is configured.
    return tuple(
        day if day is None or isinstance(day, DailyHours) else DailyHours(*day) for day in value
    )


def _seven_days(_: object, __: object, value: tuple[DailyHours | None, ...]) -> None:
    if len(value) != len(WEEKDAYS):
        raise ValueError(f"a week has 7 days of hours (Monday to Sunday), got {len(value)}")


@attrs.frozen
class WeeklyHours:
    """Hours for each weekday, Monday first; ``None`` means none that weekday."""

    days: tuple[DailyHours | None, ...] = attrs.field(converter=_to_days, validator=_seven_days)

    @classmethod
    def every_day(cls, opens: time, closes: time) -> WeeklyHours:
        """The same hours on all seven days."""
        return cls((DailyHours(opens, closes),) * len(WEEKDAYS))

    def on(self, day: date) -> DailyHours | None:
        """The hours of ``day``'s weekday, or ``None`` when there are none."""
        return self.days[day.weekday()]


def _default_hours() -> WeeklyHours:
    return WeeklyHours.every_day(time(7), time(19))


def _naive_time_or_none(
    _: object, attribute: attrs.Attribute[time | None], value: time | None
) -> None:
    _check_local(attribute.name, value)


def _not_negative(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative")


def _dates(days: Iterable[date]) -> frozenset[date]:
    return frozenset(days)


@attrs.frozen
class BookingPolicy:
    """When a reservation type may be booked.

    ``horizon_days``: how many local calendar days ahead a stay may start (365 by default).
    ``same_day_allowed``: whether a stay may start on the day it is booked.
    ``next_day_cutoff``: the local time on the day before after which a stay starting the next
    day can no longer be booked (``None``: no cut-off).
    ``drop_off_hours`` and ``pick_up_hours``: per weekday, when the stay may start and end
    (07:00-19:00 every day by default). ``closed_dates``: local dates on which no stay may start
    or end; a stay may span them.
    """

    horizon_days: int = attrs.field(default=365, validator=_not_negative)
    same_day_allowed: bool = True
    next_day_cutoff: time | None = attrs.field(default=None, validator=_naive_time_or_none)
    drop_off_hours: WeeklyHours = attrs.field(factory=_default_hours)
    pick_up_hours: WeeklyHours = attrs.field(factory=_default_hours)
    closed_dates: frozenset[date] = attrs.field(default=frozenset(), converter=_dates)

    def last_bookable_day(self, today: date) -> date:
        """The latest local date a stay booked on ``today`` may start on."""
        return today + timedelta(days=self.horizon_days)


@attrs.frozen
class DateRuleReason(Reason):
    """A booking-date rule the stay breaks; ``overridable`` says whether staff may waive it."""

    overridable: ClassVar[bool] = True


@attrs.frozen
class StartsOnClosedDate(DateRuleReason):
    """The stay starts on a date the facility is closed. Nobody may override this."""

    overridable: ClassVar[bool] = False
    day: date

    @property
    def message(self) -> str:
        return (
            f"the facility is closed on {long_date(self.day)}; choose another start date "
            "(a stay may span a closed day but not start or end on one)"
        )

    @property
    def field(self) -> str | None:
        return "start"


@attrs.frozen
class EndsOnClosedDate(DateRuleReason):
    """The stay ends on a date the facility is closed. Nobody may override this."""

    overridable: ClassVar[bool] = False
    day: date

    @property
    def message(self) -> str:
        return (
            f"the facility is closed on {long_date(self.day)}; choose another end date "
            "(a stay may span a closed day but not start or end on one)"
        )

    @property
    def field(self) -> str | None:
        return "end"


@attrs.frozen
class StartsInThePast(DateRuleReason):
    """The stay's start has already passed."""

    start: datetime  # local to the facility

    @property
    def message(self) -> str:
        return (
            f"the start, {long_date(self.start.date())} at {clock(self.start.time())}, has "
            "already passed; choose a later start"
        )

    @property
    def field(self) -> str | None:
        return "start"


@attrs.frozen
class SameDayNotAllowed(DateRuleReason):
    """The stay starts today and this reservation type cannot be booked for the same day."""

    day: date

    @property
    def message(self) -> str:
        return (
            f"this service cannot be booked for the same day ({long_date(self.day)}); choose "
            f"a start on {long_date(self.day + timedelta(days=1))} or later, or call the facility"
        )

    @property
    def field(self) -> str | None:
        return "start"


@attrs.frozen
class PastNextDayCutoff(DateRuleReason):
    """The stay starts tomorrow and today's cut-off time for next-day bookings has passed."""

    day: date
    cutoff: time

    @property
    def message(self) -> str:
        return (
            f"bookings starting on {long_date(self.day)} closed at {clock(self.cutoff)} the day "
            f"before; choose a start on {long_date(self.day + timedelta(days=1))} or later, or "
            "call the facility"
        )

    @property
    def field(self) -> str | None:
        return "start"


@attrs.frozen
class BeyondBookingHorizon(DateRuleReason):
    """The stay starts further ahead than the reservation type may be booked."""

    day: date
    last_bookable_day: date
    horizon_days: int

    @property
    def message(self) -> str:
        return (
            f"this service can be booked at most {self.horizon_days} days ahead, so "
            f"{long_date(self.day)} is too far; choose a start on or before "
            f"{long_date(self.last_bookable_day)}"
        )

    @property
    def field(self) -> str | None:
        return "start"


def _hours_message(what: str, day: date, at: time, hours: DailyHours | None) -> str:
    weekday = WEEKDAYS[day.weekday()]
    if hours is None:
        return (
            f"there is no {what} on {weekday}s ({long_date(day)}); choose another day for the "
            f"{what}"
        )
    return (
        f"{what} on {weekday}s is between {clock(hours.opens)} and {clock(hours.closes)}, so "
        f"{clock(at)} on {long_date(day)} is outside it; choose a {what} time in those hours"
    )


@attrs.frozen
class DropOffOutsideHours(DateRuleReason):
    """The stay starts outside the drop-off hours of its weekday (``hours`` None: no drop-off)."""

    day: date
    at: time
    hours: DailyHours | None

    @property
    def message(self) -> str:
        return _hours_message("drop-off", self.day, self.at, self.hours)

    @property
    def field(self) -> str | None:
        return "start"


@attrs.frozen
class PickUpOutsideHours(DateRuleReason):
    """The stay ends outside the pick-up hours of its weekday (``hours`` None: no pick-up)."""

    day: date
    at: time
    hours: DailyHours | None

    @property
    def message(self) -> str:
        return _hours_message("pick-up", self.day, self.at, self.hours)

    @property
    def field(self) -> str | None:
        return "end"


def _lead_time_reason(
    policy: BookingPolicy, start: datetime, now: datetime
) -> DateRuleReason | None:
    # At most one: a start in the past is also "today" or "tomorrow", and one fix cures all three.
    if start < now:
        return StartsInThePast(start)
    day, today = start.date(), now.date()
    if day == today and not policy.same_day_allowed:
        return SameDayNotAllowed(day)
    cutoff = policy.next_day_cutoff
    if cutoff is not None and day == today + timedelta(days=1) and now.time() > cutoff:
        return PastNextDayCutoff(day, cutoff)
    return None


def date_rule_reasons(
    policy: BookingPolicy, start: datetime, end: datetime, now: datetime, zone: tzinfo
) -> tuple[DateRuleReason, ...]:
    """Every booking-date rule a stay from ``start`` to ``end`` breaks when booked at ``now``.

    The times must be timezone-aware; each is read in the facility's ``zone``. The reasons come
    in this order: closed start date, closed end date, lead time (in the past, same day, or past
    the next-day cut-off: at most one), beyond the horizon, drop-off hours, pick-up hours. A stay
    that starts and ends on the same closed date gets only the start's reason.
    """
    if any(moment.utcoffset() is None for moment in (start, end, now)):
        raise ValueError("the start, the end and the current time must be timezone-aware")
    if end <= start:
        raise ValueError("a stay must end after it starts")
    start, end, now = start.astimezone(zone), end.astimezone(zone), now.astimezone(zone)
    reasons: list[DateRuleReason] = []
    first, last = start.date(), end.date()
    if first in policy.closed_dates:
        reasons.append(StartsOnClosedDate(first))
    if last in policy.closed_dates and last != first:
        reasons.append(EndsOnClosedDate(last))
    lead = _lead_time_reason(policy, start, now)
    if lead is not None:
        reasons.append(lead)
    horizon = policy.last_bookable_day(now.date())
    if first > horizon:
        reasons.append(BeyondBookingHorizon(first, horizon, policy.horizon_days))
    drop_off = policy.drop_off_hours.on(first)
    if drop_off is None or not drop_off.contains(start.time()):
        reasons.append(DropOffOutsideHours(first, start.time(), drop_off))
    pick_up = policy.pick_up_hours.on(last)
    if pick_up is None or not pick_up.contains(end.time()):
        reasons.append(PickUpOutsideHours(last, end.time(), pick_up))
    return tuple(reasons)
