"""Importing reservations with their histories (``import_reservations``): stored as they stand,
counted in the ledger as the lifecycle use cases would have left them, no events, and every
problem of every record refused with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from booking_shop import ZONE, S, Shop, codes, local
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Success

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.reservation import (
    TRANSITIONS,
    Reservation,
    ReservationStatus,
    StatusChange,
)
from petcare_core.domain.reservation_history import FIRST_STATUSES, held_days, history_problems
from petcare_core.domain.staff import Permission
from petcare_core.services import ImportedReservation, NewOwner

JUNE = [date(2024, 6, 1) + timedelta(days=n) for n in range(30)]


def ledger(shop: Shop) -> dict[date, int]:
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        used = uow.capacity_ledger.load(shop.suites, JUNE).used
    return {day: count for day, count in used.items() if count}


def steps(*changes: tuple[ReservationStatus, datetime], by: HistoryActor) -> tuple[Any, ...]:
    return tuple(StatusChange(status, at, by) for status, at in changes)


def past_stay(shop: Shop, **fields: Any) -> ImportedReservation:
    """A June stay that went as planned: requested, confirmed, in and out."""
    staff = HistoryActor.staff(shop.admin.id)
    history = steps(
        (S.CONFIRMED, local(5, 20, 10)),
        (S.CHECKED_IN, local(6, 3, 15)),
        (S.CHECKED_OUT, local(6, 6, 10)),
        by=staff,
    )
    values: dict[str, Any] = {
        "stay": shop.stay(start=local(6, 3, 15), end=local(6, 6, 10)),
        "history": history,
    }
    values.update(fields)
    return ImportedReservation(**values)


def test_an_import_stores_the_histories_counts_the_places_and_records_no_event(
    shop: Shop,
) -> None:
    owner = HistoryActor.owner(shop.owner_id)
    staff = HistoryActor.staff(shop.admin.id)
    upcoming = ImportedReservation(
        stay=shop.stay(shop.rex, shop.ace),
        history=(
            StatusChange(S.REQUESTED, local(6, 1, 9), owner),
            StatusChange(S.CONFIRMED, local(6, 1, 11), staff),
        ),
    )
    cancelled = ImportedReservation(
        stay=shop.stay(start=local(6, 10, 15), end=local(6, 12, 10)),
        history=(
            StatusChange(S.CONFIRMED, local(6, 1, 9), staff),
            StatusChange(S.CANCELLED, local(6, 9, 9), owner),
        ),
        cancellation_reason="Plans changed",
        cancelled_late=True,
    )
    events_before = shop.events()

    result = shop.services.import_reservations(
        shop.fid, shop.admin, [past_stay(shop), upcoming, cancelled]
    )

    assert isinstance(result, Success), result
    stored = result.unwrap()
    assert [r.status for r in stored] == [S.CHECKED_OUT, S.CONFIRMED, S.CANCELLED]
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        assert [uow.reservations.get(r.id) for r in stored] == list(stored)
    assert stored[1].history == upcoming.history
    assert stored[2].cancellation is not None
    assert (stored[2].cancellation.by, stored[2].cancellation.late) == (owner, True)
    # The past stay holds its three nights (June 3-5); the cancelled one nothing; the
    # upcoming one its three July nights, one room for two dogs.
    assert ledger(shop) == {date(2024, 6, 3): 1, date(2024, 6, 4): 1, date(2024, 6, 5): 1}
    assert shop.ledger() == {date(2024, 7, 1): 1, date(2024, 7, 2): 1, date(2024, 7, 3): 1}
    assert shop.events() == events_before


def test_imported_places_are_taken_like_booked_ones(shop: Shop) -> None:
    staff = HistoryActor.staff(shop.admin.id)
    confirmed = ImportedReservation(
        stay=shop.stay(), history=(StatusChange(S.CONFIRMED, local(6, 1, 9), staff),)
    )
    shop.services.import_reservations(shop.fid, shop.admin, [confirmed]).unwrap()
    shop.services.book_reservation(shop.fid, shop.admin, shop.stay(shop.ace)).unwrap()
    owner_id, dog = shop.neighbour_dog()

    refused = shop.services.book_reservation(
        shop.fid, shop.admin, shop.stay(dog, owner_id=owner_id)
    )

    assert codes(refused) == ("capacity_full",)


def test_one_record_over_capacity_refuses_the_whole_import(shop: Shop) -> None:
    staff = HistoryActor.staff(shop.admin.id)

    def confirmed(*pets: Any) -> ImportedReservation:
        history = (StatusChange(S.CONFIRMED, local(6, 1, 9), staff),)
        return ImportedReservation(stay=shop.stay(*pets), history=history)

    records = [confirmed(shop.rex), confirmed(shop.ace), confirmed(shop.rex, shop.ace)]

    def run() -> Any:
        return shop.services.import_reservations(shop.fid, shop.admin, records)

    assert shop.unchanged(run) == ("invalid_value",)
    (message,) = run().failure().messages
    assert message.startswith("reservations[2]: Suites has no room for 1 more on 2024-07-01")


def test_every_problem_of_every_record_is_named_and_nothing_is_written(shop: Shop) -> None:
    staff = HistoryActor.staff(shop.admin.id)
    stranger = shop.services.create_owner(
        shop.fid,
        shop.admin,
        NewOwner(first_name="Sam", last_name="Stranger", email="sam@example.com"),
    ).unwrap()
    records = [
        past_stay(shop),
        # Checked in straight from requested; a history out of order.
        ImportedReservation(
            stay=shop.stay(),
            history=(
                StatusChange(S.REQUESTED, local(6, 2, 9), staff),
                StatusChange(S.CHECKED_IN, local(6, 1, 9), staff),
            ),
        ),
        # Cancelled without a reason, and a status change still to come.
        ImportedReservation(
            stay=shop.stay(),
            history=(StatusChange(S.CANCELLED, local(6, 20, 9), staff),),
        ),
        # Another household's pets; a groomer on boarding; an add-on boarding does not offer.
        ImportedReservation(
            stay=shop.stay(owner_id=stranger.id, staff_id=shop.admin.id),
            history=(StatusChange(S.CONFIRMED, local(6, 1, 9), staff),),
        ),
        ImportedReservation(
            stay=shop.stay(type_id=shop.grooming.id, pets=[(shop.rex, (shop.bath.id,))]),
            history=(StatusChange(S.CONFIRMED, local(6, 1, 9), staff),),
            denial_reason="Full",
        ),
    ]

    refused = shop.services.import_reservations(shop.fid, shop.admin, records)

    messages = refused.failure().messages
    assert all(not message.startswith("reservations[0]") for message in messages)
    joined = "\n".join(messages)
    assert "reservations[1].history: goes from requested to checked_in" in joined
    assert "reservations[1].history: is out of order" in joined
    assert "reservations[2].history: starts with cancelled" in joined
    assert "reservations[2].history: has cancelled at 2024-06-20" in joined
    assert "reservations[2].cancellation_reason: is required" in joined
    assert f"reservations[3].pets: pet #{shop.rex} is not one of the household's" in joined
    assert "reservations[3].staff_id: this reservation type assigns no staff" in joined
    assert f"reservations[4].pets: add-on #{shop.bath.id} is not offered" in joined
    assert "reservations[4].denial_reason: only for denied ones" in joined
    assert shop.unchanged(lambda: shop.services.import_reservations(shop.fid, shop.admin, records))


def test_importing_needs_its_own_permission_and_at_least_one_record(shop: Shop) -> None:
    assert Permission.RESERVATIONS_IMPORT not in shop.desk.permissions

    assert codes(shop.services.import_reservations(shop.fid, shop.desk, [past_stay(shop)])) == (
        "permission_missing",
    )
    assert codes(shop.services.import_reservations(shop.fid, shop.admin, [])) == (
        "required_value_missing",
    )


# held_days mirrors what the lifecycle use cases leave in the ledger.


def _lived(shop: Shop, kit: Any, live: Callable[[Reservation], None]) -> Reservation:
    """A July stay booked by staff on June 15, then lived by ``live``; as stored after."""
    reservation = (
        shop.services.book_reservation(shop.fid, shop.admin, shop.stay()).unwrap().reservation
    )
    live(reservation)
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        return uow.reservations.get(reservation.id)


@pytest.mark.parametrize("ending", ["confirmed", "on_time", "early", "no_show", "cancelled"])
def test_held_days_are_the_days_the_lifecycle_leaves_counted(
    shop: Shop, kit: Any, ending: str
) -> None:
    services, fid, admin = shop.services, shop.fid, shop.admin

    def live(reservation: Reservation) -> None:
        at = {"on_time": local(7, 4, 10), "early": local(7, 2, 18), "no_show": local(7, 1, 19)}
        if ending == "cancelled":
            services.cancel_reservation(fid, admin, reservation.id, "Plans changed").unwrap()
        if ending in at:
            kit.clock.current = local(7, 1, 16)
        if ending == "no_show":
            kit.clock.current = at[ending]
            services.mark_no_show(fid, admin, reservation.id).unwrap()
        elif ending in at:
            services.check_in(fid, admin, reservation.id).unwrap()
            kit.clock.current = at[ending]
            services.check_out(fid, admin, reservation.id).unwrap()

    stored = _lived(shop, kit, live)

    expected = held_days(shop.boarding.unit, stored.start, stored.end, stored.history, ZONE)
    assert shop.ledger() == dict.fromkeys(expected, 1)


# The history rules on their own.

_MOMENT = datetime(2024, 6, 1, 12, tzinfo=ZONE)


@st.composite
def legal_histories(draw: st.DrawFn) -> list[ReservationStatus]:
    statuses = [draw(st.sampled_from(sorted(FIRST_STATUSES)))]
    while TRANSITIONS[statuses[-1]] and draw(st.booleans()):
        statuses.append(draw(st.sampled_from(sorted(TRANSITIONS[statuses[-1]]))))
    return statuses


@given(legal_histories(), st.lists(st.integers(0, 600), min_size=8, max_size=8))
def test_a_walk_of_the_status_machine_in_time_order_is_a_possible_history(
    statuses: list[ReservationStatus], gaps: list[int]
) -> None:
    at, history = _MOMENT, []
    for status, gap in zip(statuses, gaps, strict=False):
        at += timedelta(minutes=gap)
        history.append(StatusChange(status, at, HistoryActor.system()))

    assert history_problems(history, now=at) == []
    assert history_problems(history, now=at - timedelta(seconds=1))


@given(legal_histories(), st.sampled_from(sorted(ReservationStatus)))
def test_a_step_the_status_machine_forbids_is_refused(
    statuses: list[ReservationStatus], illegal: ReservationStatus
) -> None:
    if illegal in TRANSITIONS[statuses[-1]]:
        return
    history = [
        StatusChange(status, _MOMENT, HistoryActor.system()) for status in [*statuses, illegal]
    ]

    problems = history_problems(history, now=_MOMENT)

    assert any(f"goes from {statuses[-1]} to {illegal}" in problem for problem in problems)
