"""Capacity: pools and demand, the days a stay occupies, the ledger, the waitlist order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from petcare_core.domain.actors import Actor, ActorKind
from petcare_core.domain.capacity import (
    CapacityFull,
    CapacityLedger,
    CapacityPool,
    PoolKind,
    capacity_reasons,
    demand,
    occupied_days,
    pool_for,
)
from petcare_core.domain.estimate import PricingUnit, unit_dates
from petcare_core.domain.events import ReservationConfirmationRequested, ReservationConfirmed
from petcare_core.domain.ids import (
    AnimalId,
    CapacityPoolId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
)
from petcare_core.domain.reservation import Reservation, ReservationLine, ReservationStatus
from petcare_core.domain.waitlist import (
    WaitlistCandidate,
    WaitlistPlaceFreed,
    WaitlistPolicy,
    fill_from_waitlist,
    oldest_fitting_waitlisted,
)
from petcare_core.testing.strategies import TIMEZONES, aware_datetimes, reservations
from petcare_core.testing.strategies.capacity import (
    capacity_ledgers,
    capacity_pools,
    stay_days,
    waitlist_candidates,
)

FACILITY, HERE, ELSEWHERE = FacilityId(1), LocationId(1), LocationId(2)
BOARDING, DAYCARE = ReservationTypeId(10), ReservationTypeId(11)
NEW_YORK = ZoneInfo("America/New_York")
JUNE = [date(2026, 6, day) for day in range(1, 31)]
AREA = CapacityPool(
    CapacityPoolId(1), FACILITY, HERE, "Big dog area", PoolKind.AREA, 3, frozenset({DAYCARE})
)
SUITES = CapacityPool(
    CapacityPoolId(2), FACILITY, HERE, "Suites", PoolKind.ROOM, 2, frozenset({BOARDING})
)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=NEW_YORK)


def waitlisted(
    number: int, pets: int, first: int, last: int, *, requested: int = 1, pool: CapacityPool = AREA
) -> Reservation:
    reservation, _ = Reservation.request(
        id=ReservationId(number),
        facility_id=FACILITY,
        location_id=pool.location_id,
        owner_id=OwnerId(100 + number),
        type_id=min(pool.type_ids),
        start=at(first, 8),
        end=at(last, 18),
        lines=tuple(ReservationLine(AnimalId(number * 10 + pet)) for pet in range(pets)),
        at=datetime(2026, 5, requested, 12, tzinfo=UTC),
        by=Actor.owner(100 + number),
    )
    return reservation.waitlist(at=datetime(2026, 5, 20, tzinfo=UTC), by=Actor.staff(7))[0]


def candidate(reservation: Reservation, pool: CapacityPool = AREA) -> WaitlistCandidate:
    return WaitlistCandidate.of(reservation, pool, PricingUnit.DAY, NEW_YORK)


# -- pools and demand ----------------------------------------------------------------------------


def test_an_area_counts_pets_and_a_room_counts_one_family() -> None:
    family = waitlisted(1, 3, 1, 2)
    assert demand(AREA, family) == 3
    assert demand(SUITES, family) == 1


@given(reservations(), capacity_pools())
def test_room_demand_is_one_and_area_demand_is_the_pets(
    reservation: Reservation, pool: CapacityPool
) -> None:
    area = attrs.evolve(pool, kind=PoolKind.AREA)
    room = attrs.evolve(pool, kind=PoolKind.ROOM)
    assert demand(area, reservation) == len(reservation.animal_ids)
    assert demand(room, reservation) == 1 <= demand(area, reservation)


def test_a_type_draws_on_the_active_pool_of_its_location() -> None:
    old = attrs.evolve(AREA, id=CapacityPoolId(3), active=False)
    other = attrs.evolve(AREA, id=CapacityPoolId(4), location_id=ELSEWHERE)
    pools = [old, other, AREA, SUITES]
    assert pool_for(pools, HERE, DAYCARE) == AREA
    assert pool_for(pools, ELSEWHERE, DAYCARE) == other
    assert pool_for(pools, ELSEWHERE, BOARDING) is None  # no pool: no capacity limit
    twice = attrs.evolve(SUITES, type_ids=frozenset({BOARDING, DAYCARE}))
    with pytest.raises(ValueError, match="several pools"):
        pool_for([AREA, twice], HERE, DAYCARE)


def test_pools_refuse_a_negative_capacity_and_a_blank_name() -> None:
    with pytest.raises(ValueError, match="capacity"):
        attrs.evolve(AREA, capacity=-1)
    with pytest.raises(ValueError, match="blank"):
        attrs.evolve(AREA, name="  ")


# -- the days a stay occupies --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "start", "end", "expected"),
    [
        (PricingUnit.NIGHT, at(1, 15), at(4, 10), JUNE[0:3]),  # nights of the 1st, 2nd, 3rd
        (PricingUnit.NIGHT, at(1, 8), at(1, 18), JUNE[0:1]),  # a same-day stay holds its day
        (PricingUnit.DAY, at(1, 8), at(3, 18), JUNE[0:3]),
        (PricingUnit.APPOINTMENT, at(5, 10), at(5, 11), JUNE[4:5]),
        # 02:00 UTC on the 2nd is 22:00 on the 1st in New York: the local day counts.
        (
            PricingUnit.DAY,
            datetime(2026, 6, 2, 2, tzinfo=UTC),
            datetime(2026, 6, 2, 3, tzinfo=UTC),
            JUNE[0:1],
        ),
    ],
)
def test_occupied_days(
    unit: PricingUnit, start: datetime, end: datetime, expected: list[date]
) -> None:
    assert occupied_days(unit, start, end, NEW_YORK) == tuple(expected)


def test_occupied_days_refuse_naive_and_backward_stays() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        occupied_days(PricingUnit.DAY, at(1).replace(tzinfo=None), at(2), NEW_YORK)
    with pytest.raises(ValueError, match="end after"):
        occupied_days(PricingUnit.DAY, at(2), at(2), NEW_YORK)


@given(
    st.sampled_from(PricingUnit),
    aware_datetimes().filter(lambda moment: moment.year < 2090),
    st.integers(1, 60 * 24 * 40),
    st.sampled_from(TIMEZONES),
)
def test_occupied_days_are_the_estimates_units(
    unit: PricingUnit, start: datetime, minutes: int, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    end = start + timedelta(minutes=minutes)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    days = occupied_days(unit, start, end, zone)
    assert days == unit_dates(unit, first, last)
    assert days == tuple(sorted(set(days)))
    if unit is PricingUnit.NIGHT:
        assert len(days) == max((last - first).days, 1)
    elif unit is PricingUnit.DAY:
        assert len(days) == (last - first).days + 1
    else:
        assert days == (first,)


# -- the ledger ----------------------------------------------------------------------------------


def test_taking_and_releasing_places() -> None:
    ledger = CapacityLedger.of(AREA).take(JUNE[0:3], 2)
    assert (ledger.used_on(JUNE[0]), ledger.available_on(JUNE[0])) == (2, 1)
    assert ledger.fits(JUNE[2:5], 1)
    assert not ledger.fits(JUNE[2:5], 2)
    assert ledger.full_days(JUNE[1:5], 2) == (JUNE[1], JUNE[2])
    with pytest.raises(ValueError, match="no room for 2 on 2026-06-02, 2026-06-03"):
        ledger.take(JUNE[1:5], 2)
    assert ledger.release(JUNE[0:3], 2) == CapacityLedger.of(AREA)
    with pytest.raises(ValueError, match="cannot release 3"):
        ledger.release(JUNE[0:1], 3)


def test_a_day_listed_twice_is_taken_once() -> None:
    ledger = CapacityLedger.of(AREA).take([JUNE[0], JUNE[0]], 1)
    assert dict(ledger.used) == {JUNE[0]: 1}


def test_a_ledger_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError, match=r"-1 places used"):
        CapacityLedger.of(AREA, {JUNE[0]: -1})
    with pytest.raises(ValueError, match="must be dates"):
        CapacityLedger.of(AREA, {datetime(2026, 6, 1, tzinfo=UTC): 1})
    with pytest.raises(ValueError, match="at least one place"):
        CapacityLedger.of(AREA).fits(JUNE[0:1], 0)


def test_a_ledger_is_immutable_and_ignores_empty_days() -> None:
    ledger = CapacityLedger.of(AREA, {JUNE[0]: 0, JUNE[1]: 1})
    assert ledger == CapacityLedger.of(AREA, {JUNE[1]: 1})
    assert hash(ledger) == hash(CapacityLedger.of(AREA, {JUNE[1]: 1}))
    with pytest.raises(TypeError):
        ledger.used[JUNE[1]] = 3  # type: ignore[index]


_operations = st.lists(
    st.tuples(st.booleans(), stay_days(), st.integers(1, 5)), min_size=1, max_size=25
)


@given(capacity_ledgers(), _operations)
def test_any_sequence_of_takes_and_releases_stays_within_capacity(
    ledger: CapacityLedger, operations: list[tuple[bool, tuple[date, ...], int]]
) -> None:
    model = dict(ledger.used)
    for taking, days, count in operations:
        allowed = (
            all(model.get(day, 0) + count <= ledger.capacity for day in days)
            if taking
            else all(model.get(day, 0) >= count for day in days)
        )
        step = ledger.take if taking else ledger.release
        if not allowed:
            with pytest.raises(ValueError, match=r"no room|cannot release"):
                step(days, count)
            continue
        ledger = step(days, count)
        for day in days:
            model[day] = model.get(day, 0) + (count if taking else -count)
        assert all(0 <= used <= ledger.capacity for used in ledger.used.values())
        assert {day: used for day, used in model.items() if used} == dict(ledger.used)


@given(capacity_ledgers(), stay_days(), st.integers(1, 5))
def test_take_then_release_gives_back_the_same_ledger(
    ledger: CapacityLedger, days: tuple[date, ...], count: int
) -> None:
    assume(ledger.fits(days, count))
    assert ledger.take(days, count).release(days, count) == ledger


@given(capacity_ledgers(), stay_days(), st.integers(1, 5))
def test_full_days_are_exactly_the_days_without_room(
    ledger: CapacityLedger, days: tuple[date, ...], count: int
) -> None:
    full = ledger.full_days(days, count)
    assert full == tuple(day for day in days if ledger.used_on(day) + count > ledger.capacity)
    assert ledger.fits(days, count) is (not full)


# -- the capacity reason -------------------------------------------------------------------------


def test_a_full_pool_names_its_dates_and_offers_the_waitlist() -> None:
    ledger = CapacityLedger.of(AREA, {JUNE[0]: 3, JUNE[1]: 3, JUNE[2]: 3, JUNE[4]: 2})
    [reason] = capacity_reasons(AREA, ledger, JUNE[0:6], 2)
    assert reason == CapacityFull(AREA.id, "Big dog area", (JUNE[0], JUNE[1], JUNE[2], JUNE[4]))
    assert reason.code == "capacity_full"
    assert reason.offers_waitlist
    assert reason.message == (
        "Big dog area is full on 1 June 2026 to 3 June 2026 and 5 June 2026; choose other "
        "dates, or join the waitlist and the facility will offer you a place if one frees up"
    )
    assert capacity_reasons(AREA, ledger, JUNE[5:8], 3) == ()


def test_capacity_reasons_refuse_another_pools_ledger() -> None:
    with pytest.raises(ValueError, match="does not match"):
        capacity_reasons(SUITES, CapacityLedger.of(AREA), JUNE[0:1], 1)


@given(capacity_pools(), st.data())
def test_capacity_reasons_agree_with_the_ledger(pool: CapacityPool, data: st.DataObject) -> None:
    ledger = data.draw(capacity_ledgers(pool))
    days, count = data.draw(stay_days()), data.draw(st.integers(1, 5))
    reasons = capacity_reasons(pool, ledger, days, count)
    assert (reasons == ()) is ledger.fits(days, count)
    assert all(reason.dates == ledger.full_days(days, count) for reason in reasons)


# -- the waitlist --------------------------------------------------------------------------------


def test_an_older_request_that_does_not_fit_does_not_block_a_smaller_one() -> None:
    ledger = CapacityLedger.of(AREA, {JUNE[0]: 2})
    family = candidate(waitlisted(1, 3, 1, 1, requested=1))
    single = candidate(waitlisted(2, 1, 1, 1, requested=2))
    later = candidate(waitlisted(3, 1, 1, 1, requested=3))
    assert oldest_fitting_waitlisted(ledger, [later, single, family]) == single
    assert oldest_fitting_waitlisted(CapacityLedger.of(AREA), [later, single, family]) == family
    assert oldest_fitting_waitlisted(CapacityLedger.of(AREA, {JUNE[0]: 3}), [single]) is None


def test_requests_made_at_the_same_moment_go_by_reservation_id() -> None:
    first, second = candidate(waitlisted(5, 1, 1, 1)), candidate(waitlisted(4, 1, 1, 1))
    assert oldest_fitting_waitlisted(CapacityLedger.of(AREA), [first, second]) == second


@given(capacity_ledgers(), st.lists(waitlist_candidates(), max_size=8))
def test_the_waitlist_pick_is_the_oldest_candidate_that_fits(
    ledger: CapacityLedger, candidates: list[WaitlistCandidate]
) -> None:
    chosen = oldest_fitting_waitlisted(ledger, candidates)
    fitting = [c for c in candidates if ledger.fits(c.days, c.demand)]
    if chosen is None:
        assert fitting == []
        return
    assert chosen in fitting
    key = (chosen.waitlisted_at, chosen.reservation_id)
    assert all(key <= (c.waitlisted_at, c.reservation_id) for c in fitting)


@pytest.mark.parametrize(
    ("policy", "status", "event"),
    [
        (WaitlistPolicy.OFFER, ReservationStatus.UNCONFIRMED, ReservationConfirmationRequested),
        (WaitlistPolicy.PROMOTE, ReservationStatus.CONFIRMED, ReservationConfirmed),
    ],
)
def test_a_freed_place_goes_to_the_oldest_fitting_request(
    policy: WaitlistPolicy, status: ReservationStatus, event: type
) -> None:
    # A family of two cancelled the 1st-2nd: two places free on each day.
    ledger = CapacityLedger.of(AREA, {JUNE[0]: 1, JUNE[1]: 1, JUNE[2]: 3})
    family = waitlisted(1, 3, 1, 2, requested=1)  # needs three: does not fit
    spills = waitlisted(2, 1, 2, 3, requested=2)  # the 3rd is still full
    single = waitlisted(3, 1, 1, 2, requested=3)
    elsewhere = waitlisted(4, 1, 10, 10, requested=1)  # wants no freed day
    last = waitlisted(5, 1, 1, 1, requested=4)
    now = datetime(2026, 5, 25, tzinfo=UTC)
    queue = [(r, candidate(r)) for r in (last, single, family, spills, elsewhere)]
    result = fill_from_waitlist(AREA, ledger, JUNE[0:2], queue, policy, at=now)
    assert [r.id for r in result.reservations] == [single.id, last.id]
    assert all(r.status is status for r in result.reservations)
    assert dict(result.ledger.used) == {JUNE[0]: 3, JUNE[1]: 2, JUNE[2]: 3}
    freed, moved = result.events[0], result.events[1]
    assert freed == WaitlistPlaceFreed(
        facility_id=FACILITY,
        occurred_at=now,
        reservation_id=single.id,
        owner_id=single.owner_id,
        actor_kind=ActorKind.SYSTEM,
        actor_id=None,
        pool_id=AREA.id,
        policy=policy,
    )
    assert isinstance(moved, event)
    assert moved.reservation_id == single.id
    assert len(result.events) == 4


def test_filling_refuses_reservations_that_cannot_take_the_place() -> None:
    ledger = CapacityLedger.of(AREA)
    booked = waitlisted(1, 1, 1, 1).requeue(at=datetime(2026, 5, 21, tzinfo=UTC), by=Actor.system())
    other_pool = waitlisted(2, 1, 1, 1, pool=SUITES)
    mismatched = waitlisted(3, 1, 1, 1)
    now = datetime(2026, 5, 25, tzinfo=UTC)
    for pair, problem in [
        ((booked[0], candidate(booked[0])), "not waitlisted"),
        ((other_pool, candidate(other_pool)), "does not draw on pool"),
        ((mismatched, candidate(waitlisted(9, 1, 1, 1))), "names another"),
    ]:
        with pytest.raises(ValueError, match=problem):
            fill_from_waitlist(AREA, ledger, JUNE[0:1], [pair], WaitlistPolicy.OFFER, at=now)
    twice = (mismatched, candidate(mismatched))
    with pytest.raises(ValueError, match="listed twice"):
        fill_from_waitlist(AREA, ledger, JUNE[0:1], [twice, twice], WaitlistPolicy.OFFER, at=now)
    with pytest.raises(ValueError, match="does not match"):
        fill_from_waitlist(AREA, CapacityLedger.of(SUITES), [], [], WaitlistPolicy.OFFER, at=now)


@st.composite
def _waitlists(
    draw: st.DrawFn,
) -> tuple[CapacityPool, CapacityLedger, list[tuple[Reservation, WaitlistCandidate]]]:
    pool = draw(capacity_pools(FACILITY, HERE, max_capacity=6).filter(lambda p: p.type_ids))
    ledger = draw(capacity_ledgers(pool))
    pairs: list[tuple[Reservation, WaitlistCandidate]] = []
    for reservation in draw(
        st.lists(reservations(status=ReservationStatus.WAITLISTED), max_size=6)
    ):
        placed = attrs.evolve(reservation, location_id=HERE, type_id=min(pool.type_ids))
        if any(placed.id == other.id for other, _ in pairs):
            continue
        days = draw(stay_days())
        pairs.append(
            (
                placed,
                WaitlistCandidate(placed.history[0].at, placed.id, days, demand(pool, placed)),
            )
        )
    return pool, ledger, pairs


@given(_waitlists(), stay_days(), st.sampled_from(WaitlistPolicy))
def test_filling_the_waitlist_never_overbooks_and_leaves_no_fitting_request_waiting(
    case: tuple[CapacityPool, CapacityLedger, list[tuple[Reservation, WaitlistCandidate]]],
    freed: tuple[date, ...],
    policy: WaitlistPolicy,
) -> None:
    pool, ledger, pairs = case
    now = max([r.history[-1].at for r, _ in pairs], default=datetime(2026, 1, 1, tzinfo=UTC))
    result = fill_from_waitlist(pool, ledger, freed, pairs, policy, at=now)
    given_ids = {r.id for r in result.reservations}
    expected = ledger
    for reservation, waiting in sorted(
        pairs, key=lambda p: (p[1].waitlisted_at, p[1].reservation_id)
    ):
        if reservation.id in given_ids:
            assert set(waiting.days) & set(freed)
            expected = expected.take(waiting.days, waiting.demand)
        elif set(waiting.days) & set(freed):
            assert not result.ledger.fits(waiting.days, waiting.demand)
    assert result.ledger == expected
    assert len(result.events) == 2 * len(result.reservations)


def test_a_day_over_capacity_after_a_cut_has_no_room_but_loads() -> None:
    # The facility lowered the pool from 5 to 3 places with 4 already booked.
    ledger = CapacityLedger.of(AREA, {JUNE[0]: 4})
    assert ledger.available_on(JUNE[0]) == 0
    assert ledger.full_days(JUNE[0:1], 1) == (JUNE[0],)
    assert ledger.release(JUNE[0:1], 1).available_on(JUNE[0]) == 0


def test_only_an_override_takes_a_place_beyond_capacity() -> None:
    full = CapacityLedger.of(AREA, {JUNE[0]: 3})
    with pytest.raises(ValueError, match="no room"):
        full.take(JUNE[0:1], 1)
    assert full.take(JUNE[0:1], 2, overbook=True).used_on(JUNE[0]) == 5
