"""Reservations: actors, lines, cancellations, reservations in any reachable status, prices.

A reservation in a given status is built the only way the domain allows: requested (or booked
confirmed by staff), then moved along legal transitions, so its history is one a real
reservation could have.
"""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from petcare_core.domain.actors import Actor, ActorKind
from petcare_core.domain.cancellation import CancellationPolicy
from petcare_core.domain.estimate import AddOnCharge, AddOnPrice, PeakRange, PriceList, PricingUnit
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import (
    TRANSITIONS,
    Cancellation,
    Reservation,
    ReservationLine,
    ReservationStatus,
)
from petcare_core.testing.strategies.values import (
    _given_or,
    aware_datetimes,
    currencies,
    dates,
    ids,
    names,
    text,
)

_LATEST = datetime(2080, 1, 1)  # leaves room after the start for the stay and its history


def actors() -> st.SearchStrategy[Actor]:
    """Staff, pet parents (owners) and the system."""
    return st.one_of(
        ids().map(Actor.staff), ids().map(Actor.owner), st.just(Actor(ActorKind.SYSTEM))
    )


def reservation_lines(
    animal_id: AnimalId | None = None,
) -> st.SearchStrategy[ReservationLine]:
    """One pet's line with up to three distinct add-on services and no lodging yet."""
    return st.builds(
        ReservationLine,
        _given_or(animal_id, ids().map(AnimalId)),
        st.lists(ids().map(AdditionalServiceId), max_size=3, unique=True).map(tuple),
    )


def cancellations(*, late: bool | None = None) -> st.SearchStrategy[Cancellation]:
    """Cancellations with a non-blank reason, by any actor."""
    return st.builds(
        Cancellation,
        text(min_size=1, max_size=60),
        actors(),
        _given_or(late, st.booleans()),
    )


def _path(start: ReservationStatus, goal: ReservationStatus) -> list[ReservationStatus] | None:
    # Breadth-first, so a reservation in ``goal`` is reached by the shortest legal history.
    previous: dict[ReservationStatus, ReservationStatus | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current is goal:
            path = [current]
            while (before := previous[path[-1]]) is not None:
                path.append(before)
            return path[::-1][1:]
        for target in sorted(TRANSITIONS[current]):
            if target not in previous:
                previous[target] = current
                queue.append(target)
    return None


def move(
    reservation: Reservation, target: ReservationStatus, at: datetime, by: Actor
) -> Reservation:
    """``reservation`` moved to ``target`` through the matching domain method."""
    if target is ReservationStatus.CANCELLED:
        return reservation.cancel(Cancellation("changed plans", by, late=False), at=at)[0]
    if target is ReservationStatus.DENIED:
        return reservation.deny(reason="no place for these dates", at=at, by=by)[0]
    method = {
        ReservationStatus.REQUESTED: reservation.requeue,
        ReservationStatus.CONFIRMED: reservation.confirm,
        ReservationStatus.UNCONFIRMED: reservation.request_confirmation,
        ReservationStatus.WAITLISTED: reservation.waitlist,
        ReservationStatus.CHECKED_IN: reservation.check_in,
        ReservationStatus.CHECKED_OUT: reservation.check_out,
        ReservationStatus.NO_SHOW: reservation.mark_no_show,
    }[target]
    return method(at=at, by=by)[0]


@st.composite
def reservations(
    draw: st.DrawFn,
    *,
    facility_id: FacilityId | None = None,
    owner_id: OwnerId | None = None,
    status: ReservationStatus | None = None,
) -> Reservation:
    """A reservation of one to three pets, in ``status`` or any status reachable by a request."""
    created = draw(aware_datetimes().filter(lambda moment: moment.replace(tzinfo=None) < _LATEST))
    start = created + timedelta(hours=draw(st.integers(0, 24 * 400)))
    end = start + timedelta(hours=draw(st.integers(1, 24 * 30)))
    animals = draw(st.lists(ids().map(AnimalId), min_size=1, max_size=3, unique=True))
    reservation, _ = Reservation.request(
        id=ReservationId(draw(ids())),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        location_id=LocationId(draw(ids())),
        owner_id=draw(_given_or(owner_id, ids().map(OwnerId))),
        type_id=ReservationTypeId(draw(ids())),
        start=start,
        end=end,
        lines=tuple(draw(reservation_lines(animal)) for animal in animals),
        at=created,
        by=draw(actors()),
        staff_id=draw(st.none() | ids().map(StaffUserId)),
    )
    goal = draw(st.sampled_from(ReservationStatus)) if status is None else status
    path = _path(ReservationStatus.REQUESTED, goal)
    if path is None:
        raise ValueError(f"no reservation request can reach {goal}")
    at = created
    for target in path:
        at += timedelta(minutes=draw(st.integers(0, 60 * 24)))
        reservation = move(reservation, target, at, draw(actors()))
    return reservation


def rates(max_value: str = "1") -> st.SearchStrategy[Decimal]:
    """Rates between 0 and ``max_value`` with up to four decimal places (0.0825 for 8.25%)."""
    return st.decimals(min_value=0, max_value=Decimal(max_value), places=4)


@st.composite
def price_lists(
    draw: st.DrawFn, *, currency: str | None = None, unit: PricingUnit | None = None
) -> PriceList:
    """Price lists in one currency with up to four add-ons and three (perhaps overlapping) peaks."""
    code = draw(_given_or(currency, currencies()))

    def price() -> st.SearchStrategy[Money]:
        return st.integers(0, 10**7).map(lambda amount: Money(amount, code))

    services = draw(st.lists(ids().map(AdditionalServiceId), max_size=4, unique=True))
    add_ons = tuple(
        AddOnPrice(service, draw(names()), draw(price()), draw(st.sampled_from(AddOnCharge)))
        for service in services
    )
    peaks = []
    for _ in range(draw(st.integers(0, 3))):
        first = draw(dates())
        last = first + timedelta(days=draw(st.integers(0, 20)))
        peaks.append(PeakRange(draw(names()), first, last, draw(price())))
    return PriceList(
        unit=draw(_given_or(unit, st.sampled_from(PricingUnit))),
        base_rate=draw(price()),
        add_ons=add_ons,
        peaks=tuple(peaks),
        multi_pet_discount=draw(rates()),
        tax_rate=draw(rates("0.3")),
    )


def stays(max_days: int = 40) -> st.SearchStrategy[tuple[date, date]]:
    """A first and last day of a stay, the last at most ``max_days`` after the first."""
    return st.tuples(dates(), st.integers(0, max_days)).map(
        lambda pair: (pair[0], pair[0] + timedelta(days=pair[1]))
    )


def cancellation_policies() -> st.SearchStrategy[CancellationPolicy]:
    """Policies with a free window from none to two weeks before the start."""
    return st.builds(CancellationPolicy, st.integers(0, 24 * 14))
