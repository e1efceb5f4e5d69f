"""The demo's calendar: the demo parent's household, the full days, then every day's boarding
arrivals, grooming appointments and daycare dogs, planned with ``demo_booking_plan.Planner``.

The demo parent's household (the login ``--demo`` prints) is planned by hand so that their
portal shows every kind of reservation: past stays, upcoming ones, a request awaiting the
facility, a waitlisted request on a full day and an appointment awaiting their confirmation.
The full days come next, so that nothing else takes their places first: two daycare days and a
long boarding weekend at the first location, filled to the last place weeks ahead, with later
requests on the waitlist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from petcare_web.demo_booking_catalog import BOARDING, DAYCARE, GROOMING, GROOMING_MINUTES
from petcare_web.demo_booking_plan import (
    FUTURE_DAYS,
    GROOMING_HOURS,
    PAST_DAYS,
    Eligibility,
    Fate,
    PlanFrame,
    PlannedReservation,
    PlannedStep,
    Planner,
    PlanPet,
    Signed,
    Step,
    days_between,
)

DEMO_HOUSEHOLD = 0
#: Boarding arrivals a day at each location: at least, at most.
BOARDING_ARRIVALS = ((4, 8), (2, 5))
#: The first three arrivals on the day of the first load (hour, minute).
TODAYS_ARRIVALS = ((9, 0), (18, 0), (18, 30))
#: Grooming every three weeks at most.
GROOMING_EVERY = timedelta(days=21)


def plan_reservations(
    frame: PlanFrame, pets: Sequence[PlanPet], eligible: Eligibility, signed: Signed
) -> list[PlannedReservation]:
    """Every reservation of the demo, numbered in the order planned."""
    planner = Planner(frame, pets, eligible, signed)
    daycare_full = _daycare_full_days(frame)
    boarding_full = _boarding_full_weekend(frame)
    _demo_household(planner, avoid=(*daycare_full, *boarding_full))
    for day in daycare_full:
        _fill_daycare(planner, day)
    _fill_boarding(planner, boarding_full)
    anchor = frame.anchor
    for day in days_between(
        anchor - timedelta(days=PAST_DAYS), anchor + timedelta(days=FUTURE_DAYS)
    ):
        for location in range(len(frame.runs)):
            _boarding(planner, location, day)
        _grooming(planner, day)
        for location in range(len(frame.yard)):
            _daycare(planner, location, day)
    return planner.planned


def _next_open(frame: PlanFrame, kind: str, day: date, keep: Callable[[date], bool]) -> date:
    while not (frame.open_on(kind, day) and keep(day)):
        day += timedelta(days=1)
    return day


def _daycare_full_days(frame: PlanFrame) -> tuple[date, date]:
    first = _next_open(frame, DAYCARE, frame.anchor + timedelta(days=7), lambda _: True)
    second = _next_open(frame, DAYCARE, first + timedelta(days=2), lambda _: True)
    return first, second


def _boarding_full_weekend(frame: PlanFrame) -> tuple[date, ...]:
    """Three nights from the first Friday two weeks ahead."""
    friday = _next_open(
        frame, BOARDING, frame.anchor + timedelta(days=14), lambda day: day.weekday() == 4
    )
    return tuple(friday + timedelta(days=night) for night in range(3))


def _households(planner: Planner, location: int | None = None) -> list[list[PlanPet]]:
    """The households' dogs (of one location when given), the demo parent's left out."""
    by_household: dict[int, list[PlanPet]] = {}
    for pet in planner.pets:
        mine = location is None or pet.location == location
        if pet.dog and pet.household != DEMO_HOUSEHOLD and mine:
            by_household.setdefault(pet.household, []).append(pet)
    households = list(by_household.values())
    planner.random.shuffle(households)
    return households


def _booked_weeks_ahead(planner: Planner, weeks_before_anchor: int) -> datetime:
    frame = planner.frame
    days = 7 * weeks_before_anchor + planner.random.randint(0, 6)
    return frame.at(frame.anchor - timedelta(days=days), planner.random.randint(9, 15))


def _waitlist(
    planner: Planner, kind: str, pets: Sequence[PlanPet], start: datetime, end: datetime
) -> None:
    """A parent asks for a full day in the portal and joins the waitlist; if no place frees,
    staff decline it the day before."""
    frame = planner.frame
    at = frame.at(frame.anchor - timedelta(days=2), planner.random.randint(9, 14))
    declined = PlannedStep(frame.at(start.date() - timedelta(days=1), 10), Step.DENY)
    steps = [PlannedStep(at, Step.JOIN_WAITLIST), declined]
    planner.add(kind, 0, pets, start, end, fate=Fate.WAITLISTED, at=at, steps=steps)


def _fill_daycare(planner: Planner, day: date) -> None:
    frame = planner.frame
    waiting: list[PlanPet] = []
    for household in _households(planner, 0) + _households(planner, 1):
        dogs = [dog for dog in household if planner.free(dog, DAYCARE, day, day)]
        if not dogs:
            continue
        if planner.full(DAYCARE, 0, day):
            if len(waiting) < 3 and dogs[0].has_login:
                waiting.append(dogs[0])
            continue
        at = _booked_weeks_ahead(planner, 3)
        start, end = frame.at(day, 8), frame.at(day, 17, 30)
        planner.add(DAYCARE, 0, dogs, start, end, fate=Fate.CONFIRMED, at=at)
    if planner.full(DAYCARE, 0, day):
        for dog in waiting:
            _waitlist(planner, DAYCARE, [dog], frame.at(day, 8), frame.at(day, 17, 30))


def _fill_boarding(planner: Planner, nights: Sequence[date]) -> None:
    frame = planner.frame
    first, last = nights[0], nights[-1] + timedelta(days=1)
    waiting: list[list[PlanPet]] = []
    for household in _households(planner):
        arrive = first - timedelta(days=planner.random.randint(0, 2))
        leave = last + timedelta(days=planner.random.randint(0, 2))
        dogs = [dog for dog in household if planner.free(dog, BOARDING, arrive, leave)]
        if not dogs:
            continue
        start, end = frame.at(arrive, 10), frame.at(leave, 16)
        if planner.full(BOARDING, 0, first) or planner.full(BOARDING, 0, nights[-1]):
            if len(waiting) < 2 and dogs[0].has_login:
                waiting.append(dogs)
            continue
        at = _booked_weeks_ahead(planner, 4)
        planner.add(BOARDING, 0, dogs, start, end, fate=Fate.CONFIRMED, at=at)
    if all(planner.full(BOARDING, 0, night) for night in nights):
        for dogs in waiting:
            _waitlist(planner, BOARDING, dogs, frame.at(first, 10), frame.at(last, 16))


def _boarding(planner: Planner, location: int, day: date) -> None:
    frame = planner.frame
    low, high = BOARDING_ARRIVALS[location]
    arrivals = planner.random.randint(low, high)
    today = day == frame.anchor
    planned = 0
    for household in _households(planner, location):
        if planned >= arrivals:
            return
        nights = planner.random.choice((1, 2, 2, 3, 3, 3, 4, 5, 7, 10))
        leave = day + timedelta(days=nights)
        dogs = [dog for dog in household if planner.free(dog, BOARDING, day, leave)]
        if not dogs or not planner.signed(dogs[0].household, BOARDING, frame.midnight):
            continue
        if len(dogs) > 1 and planner.random.random() < 0.3:
            dogs = dogs[:1]
        start = frame.at(day, planner.random.randint(8, 17), planner.random.choice((0, 30)))
        if today and planned < len(TODAYS_ARRIVALS):
            # One in the morning, two in the evening: some in already, some still to come.
            start = frame.at(day, *TODAYS_ARRIVALS[planned])
        end = frame.at(leave, planner.random.randint(10, 17))
        if planner.add(BOARDING, location, dogs, start, end) is not None:
            planned += 1


def _daycare(planner: Planner, location: int, day: date) -> None:
    frame = planner.frame
    if not frame.open_on(DAYCARE, day):
        return
    for household in _households(planner, location):
        dogs = [
            dog
            for dog in household
            if planner.random.random() < planner.keenness[dog.animal_id]
            and planner.free(dog, DAYCARE, day, day)
        ]
        if dogs:
            start = frame.at(day, planner.random.randint(7, 8), planner.random.choice((0, 30)))
            end = frame.at(day, planner.random.randint(16, 17), planner.random.choice((0, 30)))
            planner.add(DAYCARE, location, dogs, start, end)


def _grooming(planner: Planner, day: date) -> None:
    frame = planner.frame
    if not frame.open_on(GROOMING, day):
        return
    pets = [pet for pet in planner.pets if pet.household != DEMO_HOUSEHOLD]
    for groomer in range(frame.groomers):
        for hour in GROOMING_HOURS:
            if planner.random.random() < 0.5:
                continue
            planner.random.shuffle(pets)
            for pet in pets:
                last = planner.groomed.get(pet.animal_id)
                if last is not None and day - last < GROOMING_EVERY:
                    continue
                if not planner.free(pet, GROOMING, day, day):
                    continue
                start = frame.at(day, hour)
                end = start + timedelta(minutes=GROOMING_MINUTES)
                if planner.add(GROOMING, 0, [pet], start, end, groomer=groomer) is not None:
                    planner.groomed[pet.animal_id] = day
                    break


def _demo_household(planner: Planner, avoid: Sequence[date]) -> None:
    """The demo parent's reservations, planned by hand (see the module's docstring)."""
    frame = planner.frame
    anchor = frame.anchor
    dogs = [pet for pet in planner.pets if pet.household == DEMO_HOUSEHOLD and pet.dog]
    if not dogs:
        return
    buddy = dogs[0]

    def days_ago(days: int, hour: int = 10) -> datetime:
        return frame.at(anchor - timedelta(days=days), hour)

    def stay(
        kind: str,
        pets: Sequence[PlanPet],
        start: datetime,
        end: datetime,
        *,
        fate: Fate,
        at: datetime,
        groomer: int | None = None,
        steps: list[PlannedStep] | None = None,
    ) -> None:
        if not all(planner.free(pet, kind, start.date(), end.date()) for pet in pets):
            return
        if steps is None:
            fate, steps = planner.steps(kind, fate, start, end, at, login=True, by_request=True)
        planner.add(kind, 0, pets, start, end, fate=fate, at=at, groomer=groomer, steps=steps)

    # A past two-pet stay (one pet when the other's vaccines did not hold), and a grooming.
    arrive, leave = anchor - timedelta(days=45), anchor - timedelta(days=41)
    both = [dog for dog in dogs if planner.eligible(dog, BOARDING, arrive, leave)]
    if both:
        start, end = frame.at(arrive, 9), frame.at(leave, 17)
        stay(BOARDING, both, start, end, fate=Fate.CHECKED_OUT, at=days_ago(60))
    groomed = _next_open(frame, GROOMING, anchor - timedelta(days=30), lambda _: True)
    start = frame.at(groomed, 10)
    end = start + timedelta(minutes=GROOMING_MINUTES)
    stay(GROOMING, dogs[-1:], start, end, fate=Fate.CHECKED_OUT, at=days_ago(40), groomer=0)
    # Daycare on Tuesdays and Thursdays until the boarding stay below, one cancelled in time.
    cancelled = anchor - timedelta(days=20)
    for day in days_between(anchor - timedelta(days=50), anchor + timedelta(days=17)):
        if day.weekday() not in (1, 3) or day in avoid or not frame.open_on(DAYCARE, day):
            continue
        start, end = frame.at(day, 8), frame.at(day, 17)
        booked = frame.at(min(day - timedelta(days=7), anchor - timedelta(days=15)), 10)
        fate = Fate.CONFIRMED if day >= anchor else Fate.CHECKED_OUT
        if day >= cancelled and fate is Fate.CHECKED_OUT:
            fate, cancelled = Fate.CANCELLED, anchor  # only the first one on or after
        stay(DAYCARE, [buddy], start, end, fate=fate, at=booked)
    # Upcoming: a boarding stay booked before the agreement changed.
    arrive = anchor + timedelta(days=20)
    start, end = frame.at(arrive, 9), frame.at(arrive + timedelta(days=4), 17)
    stay(BOARDING, [buddy], start, end, fate=Fate.CONFIRMED, at=days_ago(25))
    # Pending: a daycare request the facility has not answered yet.
    day = _next_open(
        frame,
        DAYCARE,
        anchor + timedelta(days=9),
        lambda d: d not in avoid and planner.free(buddy, DAYCARE, d, d),
    )
    start, end = frame.at(day, 8), frame.at(day, 17)
    at = days_ago(12, 11)
    stay(
        DAYCARE,
        [buddy],
        start,
        end,
        fate=Fate.REQUESTED,
        at=at,
        steps=[PlannedStep(at, Step.REQUEST)],
    )
    # Waitlisted: the first full daycare day.
    full = avoid[0]
    start, end = frame.at(full, 8), frame.at(full, 17)
    at = days_ago(11, 11)
    steps = [PlannedStep(at, Step.JOIN_WAITLIST)]
    planner.add(DAYCARE, 0, [buddy], start, end, fate=Fate.WAITLISTED, at=at, steps=steps)
    # Awaiting the parent's confirmation: a grooming appointment the salon accepted.
    day = _next_open(
        frame,
        GROOMING,
        anchor + timedelta(days=5),
        lambda d: planner.free(buddy, GROOMING, d, d),
    )
    start = frame.at(day, 11)
    stay(
        GROOMING,
        [buddy],
        start,
        start + timedelta(minutes=GROOMING_MINUTES),
        fate=Fate.UNCONFIRMED,
        at=days_ago(3),
        groomer=1,
    )
