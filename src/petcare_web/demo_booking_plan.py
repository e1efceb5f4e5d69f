"""The demo's reservations as a plan: which household books what, when, and what happens next.

The plan is pure and deterministic (a random generator seeded with the first load's date): the
same anchor gives the same plan, so a later run replays it instead of adding another. Every
reservation gets its steps with their times: how it was created (booked by staff, or requested
and then approved, asked to confirm, denied or put on the waitlist), then check-in, check-out,
cancellation or no-show. ``demo_booking_replay`` runs the steps through the use cases in time
order, up to the present.

The plan keeps what the booking rules would refuse out of it: a pet is on one reservation a day
at most, its vaccines (and, for daycare, its evaluation) hold for the whole stay, the household
has signed the agreement when it books, the dates fit each type's hours and closed dates, and
no pool is ever over capacity — requests count against it as if already accepted, so approving
them later still fits. A few days are filled to the last place first, so that the waitlist has
real requests on them.
"""

from __future__ import annotations

import enum
import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo

import attrs

from petcare_core.domain.ids import AnimalId, OwnerId
from petcare_web.demo_booking_catalog import BATH, BOARDING, DAYCARE, GROOMING, NAILS, WALK

#: The plan covers the days from ``PAST_DAYS`` before the first load to ``FUTURE_DAYS`` after.
PAST_DAYS = 60
FUTURE_DAYS = 60
GROOMING_HOURS = (9, 10, 11, 13, 14, 15, 16)
#: The share of weekdays a regular's dog comes to daycare, drawn for each dog.
REGULAR_KEENNESS = (0.5, 0.7, 0.85, 0.95)


class Step(enum.StrEnum):
    """One thing that happens to a reservation."""

    BOOK = "book"  # staff book it, confirmed at once
    REQUEST = "request"  # the parent asks in the portal (or staff take the request by phone)
    JOIN_WAITLIST = "join_waitlist"  # the parent asks for a full day and joins the waitlist
    APPROVE = "approve"
    ASK_PARENT = "ask_parent"  # accepted, awaiting the parent's confirmation
    PARENT_CONFIRMS = "parent_confirms"
    WAITLIST = "waitlist"  # staff put a request on the waitlist
    DENY = "deny"
    CANCEL = "cancel"  # by the parent in the portal inside the free window, or by staff
    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    NO_SHOW = "no_show"


class Fate(enum.StrEnum):
    """Where a reservation ends up by the time of the first load."""

    CHECKED_OUT = "checked_out"
    CANCELLED = "cancelled"
    LATE_CANCELLED = "late_cancelled"
    NO_SHOW = "no_show"
    DENIED = "denied"
    CHECKED_IN = "checked_in"  # or arriving later today: the replay stops at the present
    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"
    REQUESTED = "requested"
    WAITLISTED = "waitlisted"


#: Fates whose reservation holds (or, once approved, would hold) a place in its pool: a request
#: is checked against the pool when it is made, so even a denied one needs the room then.
_HOLDS = frozenset(Fate) - {Fate.WAITLISTED}


@attrs.frozen
class PlanPet:
    """A pet as the plan sees it: whose, where the household lives, whether it has a login,
    and whether it is one of the regulars (``demo_regulars``), whose reservations are imported
    with their histories up to the first load instead of replayed step by step."""

    number: int
    animal_id: AnimalId
    owner_id: OwnerId
    household: int
    dog: bool
    location: int
    has_login: bool
    regular: bool = False


@attrs.frozen
class PlannedStep:
    """A step and when it happens."""

    at: datetime
    step: Step


@attrs.frozen
class PlannedReservation:
    """A reservation of the plan: ``add_ons`` holds the add-on names of each pet;
    ``imported``: a regulars' reservation, imported with its history up to the first load."""

    number: int
    kind: str
    location: int
    owner_id: OwnerId
    household: int
    by_parent: bool
    pets: tuple[AnimalId, ...]
    add_ons: tuple[tuple[str, ...], ...]
    start: datetime
    end: datetime
    groomer: int | None
    fate: Fate
    steps: tuple[PlannedStep, ...]
    imported: bool = False


#: ``eligible(pet, kind, first day, last day)``: the pet's vaccines (and evaluation) allow it.
Eligibility = Callable[[PlanPet, str, date, date], bool]
#: ``signed(household, kind, at)``: the household's signatures allow booking ``kind`` at ``at``.
Signed = Callable[[int, str, datetime], bool]


@attrs.frozen
class PlanFrame:
    """What the plan is built within: the dates, the rules it respects, the places."""

    anchor: date
    zone: tzinfo
    first_booking: datetime
    runs: tuple[int, ...]
    yard: tuple[int, ...]
    closed: Mapping[str, frozenset[date]]
    cancellation_hours: Mapping[str, int]
    groomers: int

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """``day`` at ``hour``:``minute`` in the facility's time zone."""
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone)

    @property
    def midnight(self) -> datetime:
        """The start of the first load's day: everything is created before it."""
        return self.at(self.anchor, 0)

    def open_on(self, kind: str, day: date) -> bool:
        """True when a stay of ``kind`` may start and end on ``day``."""
        if day in self.closed[kind]:
            return False
        if kind == DAYCARE:
            return day.weekday() < 5
        if kind == GROOMING:
            return 1 <= day.weekday() <= 5
        return True


def days_between(first: date, last: date) -> Iterator[date]:
    """Every day from ``first`` to ``last``, both included."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class Planner:
    """Builds the plan day by day; see the module's docstring."""

    def __init__(
        self,
        frame: PlanFrame,
        pets: Sequence[PlanPet],
        eligible: Eligibility,
        signed: Signed,
    ) -> None:
        self.frame = frame
        self.pets = pets
        self.eligible = eligible
        self.signed = signed
        self.random = random.Random(f"happy-tails-{frame.anchor.isoformat()}")  # noqa: S311
        self.busy: dict[AnimalId, set[date]] = {pet.animal_id: set() for pet in pets}
        self.groomed: dict[AnimalId, date] = {}
        self.used: Counter[tuple[str, int, date]] = Counter()
        self.slots: set[tuple[int, datetime]] = set()
        self.planned: list[PlannedReservation] = []
        # How keen each dog is on daycare: a share of the weekdays it comes (most regulars
        # come nearly every day: their people work).
        self.keenness = {
            pet.animal_id: self.random.choice(
                REGULAR_KEENNESS if pet.regular else (0.1, 0.25, 0.4, 0.6)
            )
            for pet in pets
        }

    # Places and pets

    def _pool_days(self, kind: str, first: date, last: date) -> list[date]:
        return list(days_between(first, last - timedelta(days=1))) if kind == BOARDING else [first]

    def _fits(self, kind: str, location: int, first: date, last: date, places: int) -> bool:
        if kind == GROOMING:
            return True
        capacity = (self.frame.runs if kind == BOARDING else self.frame.yard)[location]
        return all(
            self.used[kind, location, day] + places <= capacity
            for day in self._pool_days(kind, first, last)
        )

    def free(self, pet: PlanPet, kind: str, first: date, last: date) -> bool:
        """True when the pet is on no other reservation those days and may come."""
        days = set(days_between(first, last))
        return not days & self.busy[pet.animal_id] and self.eligible(pet, kind, first, last)

    def full(self, kind: str, location: int, day: date) -> bool:
        """True when the plan has no place left on ``day``."""
        return not self._fits(kind, location, day, day + timedelta(days=1), 1)

    # Steps

    def _booked_at(self, kind: str, start: datetime, lead_days: int) -> datetime:
        """When a stay was booked: ``lead_days`` ahead, and before the first load's day
        (a stay further ahead was booked in the last weeks)."""
        frame = self.frame
        day = start.date() - timedelta(days=lead_days)
        if day >= frame.anchor:
            day = frame.anchor - timedelta(days=self.random.randint(1, 21))
        at = frame.at(day, self.random.randint(9, 15), self.random.choice((0, 15, 30, 45)))
        at = max(at, frame.first_booking)
        if kind == GROOMING and at.date() >= start.date():
            return frame.at(start.date() - timedelta(days=1), 10)
        return min(at, start - timedelta(hours=4))

    def _created(self, fate: Fate, at: datetime, by_request: bool) -> list[PlannedStep]:
        if fate is Fate.DENIED:
            return [PlannedStep(at, Step.REQUEST), PlannedStep(at + timedelta(hours=2), Step.DENY)]
        if fate is Fate.UNCONFIRMED:
            return [
                PlannedStep(at, Step.REQUEST),
                PlannedStep(at + timedelta(hours=2), Step.ASK_PARENT),
            ]
        if fate is Fate.REQUESTED:
            return [PlannedStep(at, Step.REQUEST)]
        if by_request:
            return [
                PlannedStep(at, Step.REQUEST),
                PlannedStep(at + timedelta(hours=2), Step.APPROVE),
            ]
        return [PlannedStep(at, Step.BOOK)]

    def steps(
        self,
        kind: str,
        fate: Fate,
        start: datetime,
        end: datetime,
        at: datetime,
        *,
        login: bool,
        by_request: bool | None = None,
    ) -> tuple[Fate, list[PlannedStep]]:
        """The steps of a fate; a fate the times do not allow falls back to an ordinary stay."""
        window = timedelta(hours=self.frame.cancellation_hours[kind])
        if by_request is None:
            by_request = self.random.random() < 0.25
        if fate in (Fate.CANCELLED, Fate.LATE_CANCELLED):
            steps = self._created(Fate.CONFIRMED, at, by_request and fate is Fate.CANCELLED)
            after = steps[-1].at + timedelta(hours=1)
            latest = start - window - timedelta(hours=1)
            if fate is Fate.CANCELLED and latest > after:
                moment = after + (latest - after) * self.random.uniform(0.1, 0.9)
                moment = moment.replace(second=0, microsecond=0)
                return fate, [*steps, PlannedStep(moment, Step.CANCEL)]
            moment = start - window / 2
            if fate is Fate.LATE_CANCELLED and moment > after:
                return fate, [*steps, PlannedStep(moment, Step.CANCEL)]
            fate = Fate.CHECKED_OUT
        if fate is Fate.NO_SHOW:
            steps = self._created(Fate.CONFIRMED, at, by_request=False)
            return fate, [*steps, PlannedStep(min(start + timedelta(hours=3), end), Step.NO_SHOW)]
        if fate is Fate.UNCONFIRMED and login:
            confirmed = self.frame.at(start.date() - timedelta(days=1), 20)
            steps = self._created(fate, at, by_request)
            return fate, [*steps, *self._stay(start, end, confirmed)]
        if fate is Fate.UNCONFIRMED:
            fate = Fate.CONFIRMED
        steps = self._created(fate, at, by_request)
        if fate is Fate.DENIED:
            return fate, steps
        if fate is Fate.REQUESTED:
            approved = max(self.frame.at(start.date() - timedelta(days=1), 10), self.frame.midnight)
            return fate, [*steps, PlannedStep(approved, Step.APPROVE), *self._stay(start, end)]
        return fate, [*steps, *self._stay(start, end)]

    @staticmethod
    def _stay(
        start: datetime, end: datetime, confirmed: datetime | None = None
    ) -> list[PlannedStep]:
        steps = [PlannedStep(confirmed, Step.PARENT_CONFIRMS)] if confirmed is not None else []
        return [*steps, PlannedStep(start, Step.CHECK_IN), PlannedStep(end, Step.CHECK_OUT)]

    def _fate(self, kind: str, start: datetime, end: datetime, login: bool) -> Fate:
        anchor = self.frame.anchor
        roll = self.random.random()
        if end.date() < anchor:
            # 5 % cancelled in time, 3 % late, 4 % no-shows (a boarding guest always comes),
            # 3 % requests denied; the others came and went home.
            if roll < 0.05:
                return Fate.CANCELLED
            if roll < 0.08:
                return Fate.LATE_CANCELLED
            if roll < 0.12:
                return Fate.CHECKED_OUT if kind == BOARDING else Fate.NO_SHOW
            return Fate.DENIED if roll < 0.15 else Fate.CHECKED_OUT
        if start.date() <= anchor:
            return Fate.CHECKED_IN
        if roll < 0.04:
            return Fate.DENIED
        if roll < 0.14 and login and start.date() >= anchor + timedelta(days=2):
            return Fate.UNCONFIRMED
        if roll < 0.26 and start.date() > anchor:
            return Fate.REQUESTED
        return Fate.CONFIRMED

    def add(
        self,
        kind: str,
        location: int,
        pets: Sequence[PlanPet],
        start: datetime,
        end: datetime,
        *,
        fate: Fate | None = None,
        at: datetime | None = None,
        groomer: int | None = None,
        steps: Sequence[PlannedStep] | None = None,
    ) -> PlannedReservation | None:
        """Plan one reservation, with the steps of ``fate`` (drawn when not given) unless
        ``steps`` are given; None when it cannot be planned: no booking time before it, the
        household not signed, the groomer or a place taken."""
        household = pets[0].household
        login = pets[0].has_login
        lead = {BOARDING: (3, 30), DAYCARE: (1, 14), GROOMING: (2, 21)}[kind]
        if fate is None:
            fate = self._fate(kind, start, end, login)
        if at is None:
            at = self._booked_at(kind, start, self.random.randint(*lead))
            if fate is Fate.REQUESTED:  # awaiting an answer: asked in the last few days
                asked = self.frame.anchor - timedelta(days=self.random.randint(1, 3))
                at = self.frame.at(asked, self.random.randint(9, 16))
        if not self.frame.first_booking <= at < start or not self.signed(household, kind, at):
            return None
        if steps is None:
            fate, planned = self.steps(kind, fate, start, end, at, login=login)
        else:
            planned = list(steps)
        if any(not self.signed(household, kind, step.at) for step in planned if step.at < start):
            return None
        if groomer is not None and (groomer, start) in self.slots:
            return None  # the groomer has another appointment then
        places = 1 if kind == BOARDING else len(pets)
        first, last = start.date(), end.date()
        if fate in _HOLDS:
            if not self._fits(kind, location, first, last, places):
                return None
            for day in self._pool_days(kind, first, last):
                self.used[kind, location, day] += places
        if groomer is not None and fate is not Fate.WAITLISTED:
            self.slots.add((groomer, start))
        # A waitlisted pet is busy too: a pet waits for one stay at a time (double_booking).
        for pet in pets:
            self.busy[pet.animal_id].update(days_between(first, last))
        reservation = PlannedReservation(
            number=len(self.planned),
            kind=kind,
            location=location,
            owner_id=pets[0].owner_id,
            household=household,
            by_parent=login,
            pets=tuple(pet.animal_id for pet in pets),
            add_ons=tuple(self._add_ons(kind) for _ in pets),
            start=start,
            end=end,
            groomer=groomer,
            fate=fate,
            steps=tuple(planned),
            imported=all(pet.regular for pet in pets),
        )
        self.planned.append(reservation)
        return reservation

    def _add_ons(self, kind: str) -> tuple[str, ...]:
        roll = self.random.random()
        if kind == BOARDING:
            return ((BATH,), (WALK,), (BATH, NAILS), (), (), ())[int(roll * 6)]
        if kind == DAYCARE:
            return (BATH,) if roll < 0.08 else ()
        return (NAILS,) if roll < 0.3 else ()
