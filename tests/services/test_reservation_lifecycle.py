"""The reservation lifecycle through ``PetcareServices`` on the memory adapter: approval (with
re-evaluation and overrides), denial, the waitlist, the parent's confirmation, check-in and
check-out, no-show, cancellation under the policy, assignments and reschedule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from booking_shop import S, Shop, codes, local, open_shop
from returns.result import Failure, Result

from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.events import (
    AnimalCheckedIn,
    ReservationCancelled,
    ReservationConfirmationRequested,
    ReservationConfirmed,
    ReservationDenied,
    ReservationRequeued,
    ReservationWaitlisted,
)
from petcare_core.domain.ids import AnimalId
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import Reservation, ReservationStatus, can_become
from petcare_core.ports.errors import NotFound
from petcare_core.services import (
    OPERATOR,
    CapacityPoolDetails,
    LateCancellationRequested,
    LodgingAssigned,
    NewStaffUser,
    RescheduleRequested,
    ReservationRescheduled,
    StaffAssigned,
)


def booked(shop: Shop, *pets: AnimalId, **fields: Any) -> Reservation:
    return (
        shop.services.book_reservation(shop.fid, shop.admin, shop.stay(*pets, **fields))
        .unwrap()
        .reservation
    )


def requested(shop: Shop, *pets: AnimalId, **fields: Any) -> Reservation:
    return (
        shop.services.request_reservation(shop.fid, shop.account.id, shop.stay(*pets, **fields))
        .unwrap()
        .reservation
    )


def status_of(shop: Shop, reservation: Reservation) -> ReservationStatus:
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        return uow.reservations.get(reservation.id).status


JULY_1_TO_3 = {date(2024, 7, 1): 1, date(2024, 7, 2): 1, date(2024, 7, 3): 1}


# Approval


def test_approving_a_request_confirms_it_and_takes_its_place(shop: Shop) -> None:
    request = requested(shop)

    result = shop.services.approve_reservation(shop.fid, shop.desk, request.id).unwrap()

    assert result.reservation.status is S.CONFIRMED
    assert result.reservation.history[-1].by.id == shop.desk.id
    assert shop.ledger() == JULY_1_TO_3
    assert isinstance(shop.events()[-1], ReservationConfirmed)


def test_asking_the_parent_holds_the_place_until_they_confirm(shop: Shop) -> None:
    services = shop.services
    request = requested(shop)

    asked = services.approve_reservation(shop.fid, shop.desk, request.id, ask_parent=True)

    assert asked.unwrap().reservation.status is S.UNCONFIRMED
    assert isinstance(shop.events()[-1], ReservationConfirmationRequested)
    assert shop.ledger() == JULY_1_TO_3
    assert shop.unchanged(
        lambda: services.approve_reservation(shop.fid, shop.desk, request.id)
    ) == ("awaiting_parent",)
    confirmed = services.confirm_reservation_as_parent(shop.fid, shop.account.id, request.id)
    assert confirmed.unwrap().status is S.CONFIRMED
    assert confirmed.unwrap().history[-1].by.kind == "owner"
    assert shop.ledger() == JULY_1_TO_3
    assert shop.unchanged(
        lambda: services.confirm_reservation_as_parent(shop.fid, shop.account.id, request.id)
    ) == ("transition_not_allowed",)


def test_a_parent_cannot_confirm_their_own_request(shop: Shop) -> None:
    request = requested(shop)

    assert shop.unchanged(
        lambda: shop.services.confirm_reservation_as_parent(shop.fid, shop.account.id, request.id)
    ) == ("transition_not_allowed",)


def test_approval_evaluates_the_booking_again(shop: Shop, kit: Any) -> None:
    services = shop.services
    request = requested(shop)
    # Since the request, the facility requires Bordetella for every stay.
    services.set_immunization_type_required(
        shop.fid, shop.admin, kit.world.bordetella.id, True
    ).unwrap()

    assert shop.unchanged(
        lambda: services.approve_reservation(shop.fid, shop.desk, request.id)
    ) == ("missing",)
    assert shop.unchanged(
        lambda: services.approve_reservation(
            shop.fid, shop.desk, request.id, overrides={("missing", shop.rex): "seen it"}
        )
    ) == ("missing", "override_not_permitted")
    result = services.approve_reservation(
        shop.fid, shop.admin, request.id, overrides={("missing", shop.rex): "seen it"}
    ).unwrap()

    assert result.reservation.status is S.CONFIRMED
    assert [(o.reason_code, o.animal_id) for o in result.overrides] == [("missing", shop.rex)]


def test_overrides_stored_with_a_request_keep_waiving_at_approval(shop: Shop, kit: Any) -> None:
    services = shop.services
    new_dog = kit.add_dog("Bo").id
    request = services.book_reservation(
        shop.fid,
        shop.admin,
        shop.stay(new_dog),
        overrides={("missing", new_dog): "papers at the desk"},
        confirm=False,
    ).unwrap()

    approved = services.approve_reservation(shop.fid, shop.desk, request.reservation.id).unwrap()

    assert approved.reservation.status is S.CONFIRMED
    assert approved.overrides == ()


def test_the_lead_time_is_judged_when_the_parent_asked(kit: Any) -> None:
    shop = open_shop(kit, policy=BookingPolicy(same_day_allowed=False))
    request = requested(shop, start=local(6, 16, 15), end=local(6, 17, 10))
    kit.clock.advance(days=1)  # staff decide on the day of the stay

    result = shop.services.approve_reservation(shop.fid, shop.desk, request.id)

    assert result.unwrap().reservation.status is S.CONFIRMED


def test_approval_in_a_full_pool_suggests_the_waitlist_unless_overridden(shop: Shop) -> None:
    services = shop.services
    third_dog = shop.household_dog("Max")
    first, second, third = (requested(shop, pet) for pet in (shop.rex, shop.ace, third_dog))
    for request in (first, second):
        services.approve_reservation(shop.fid, shop.desk, request.id).unwrap()

    rejected = services.approve_reservation(shop.fid, shop.desk, third.id)
    assert codes(rejected) == ("capacity_full",)
    assert rejected.failure().reasons[0].reason.offers_waitlist
    services.approve_reservation(
        shop.fid, shop.admin, third.id, overrides={"capacity_full": "we open a spare room"}
    ).unwrap()
    assert set(shop.ledger().values()) == {3}


# Deciding requests


def test_a_denial_needs_a_reason_and_an_undecided_reservation(shop: Shop) -> None:
    services = shop.services
    confirmed = booked(shop)
    request = requested(shop, shop.ace)

    assert shop.unchanged(
        lambda: services.deny_reservation(shop.fid, shop.desk, confirmed.id, " ")
    ) == ("required_value_missing", "transition_not_allowed")
    denied = services.deny_reservation(shop.fid, shop.desk, request.id, "Fully booked").unwrap()

    assert denied.status is S.DENIED
    assert denied.denial_reason == "Fully booked"
    assert isinstance(shop.events()[-1], ReservationDenied)


def test_staff_put_a_request_on_the_waitlist_and_back(shop: Shop) -> None:
    services = shop.services
    request = requested(shop)

    assert services.waitlist_reservation(shop.fid, shop.desk, request.id).unwrap().status is (
        S.WAITLISTED
    )
    assert isinstance(shop.events()[-1], ReservationWaitlisted)
    assert services.requeue_reservation(shop.fid, shop.desk, request.id).unwrap().status is (
        S.REQUESTED
    )
    assert isinstance(shop.events()[-1], ReservationRequeued)
    assert shop.ledger() == {}


def test_deciding_needs_reservations_approve(shop: Shop, kit: Any) -> None:
    request = requested(shop)
    for call in (
        lambda: shop.services.approve_reservation(shop.fid, kit.world.employee, request.id),
        lambda: shop.services.deny_reservation(shop.fid, kit.world.employee, request.id, "no"),
        lambda: shop.services.waitlist_reservation(shop.fid, kit.world.employee, request.id),
    ):
        assert shop.unchanged(call) == ("permission_missing",)


# Every forbidden transition is a rejection


def in_status(shop: Shop, status: ReservationStatus) -> Reservation:
    """A reservation of the household taken to ``status`` through the use cases."""
    services, fid, admin = shop.services, shop.fid, shop.admin
    stay = {"start": local(6, 15, 16), "end": local(6, 18, 10)}  # starts today
    if status in {S.REQUESTED, S.WAITLISTED, S.DENIED}:
        reservation = requested(shop, **stay)
        if status is S.WAITLISTED:
            services.waitlist_reservation(fid, admin, reservation.id).unwrap()
        if status is S.DENIED:
            services.deny_reservation(fid, admin, reservation.id, "no room").unwrap()
        return reservation
    if status is S.UNCONFIRMED:
        reservation = requested(shop, **stay)
        services.approve_reservation(fid, admin, reservation.id, ask_parent=True).unwrap()
        return reservation
    reservation = booked(shop, **stay)
    if status in {S.CHECKED_IN, S.CHECKED_OUT}:
        services.check_in(fid, admin, reservation.id).unwrap()
    if status is S.CHECKED_OUT:
        services.check_out(fid, admin, reservation.id).unwrap()
    if status is S.CANCELLED:
        services.cancel_reservation(fid, admin, reservation.id, "plans changed").unwrap()
    if status is S.NO_SHOW:
        services.mark_no_show(fid, admin, reservation.id).unwrap()
    return reservation


STAFF_CHANGES: dict[ReservationStatus, Callable[[Shop, Reservation], Result[Any, Rejection]]] = {
    S.CONFIRMED: lambda shop, r: shop.services.approve_reservation(shop.fid, shop.admin, r.id),
    S.DENIED: lambda shop, r: shop.services.deny_reservation(shop.fid, shop.admin, r.id, "no"),
    S.WAITLISTED: lambda shop, r: shop.services.waitlist_reservation(shop.fid, shop.admin, r.id),
    S.REQUESTED: lambda shop, r: shop.services.requeue_reservation(shop.fid, shop.admin, r.id),
    S.CHECKED_IN: lambda shop, r: shop.services.check_in(shop.fid, shop.admin, r.id),
    S.CHECKED_OUT: lambda shop, r: shop.services.check_out(shop.fid, shop.admin, r.id),
    S.NO_SHOW: lambda shop, r: shop.services.mark_no_show(shop.fid, shop.admin, r.id),
    S.CANCELLED: lambda shop, r: shop.services.cancel_reservation(shop.fid, shop.admin, r.id, "x"),
}


@pytest.mark.parametrize("current", list(ReservationStatus), ids=str)
def test_every_forbidden_change_is_refused_as_transition_not_allowed(
    kit: Any, current: ReservationStatus
) -> None:
    shop = open_shop(kit, rooms=20)
    reservation = in_status(shop, current)
    assert status_of(shop, reservation) is current
    for target, change in STAFF_CHANGES.items():
        if can_become(current, target) or (current, target) == (S.UNCONFIRMED, S.CONFIRMED):
            continue
        found = shop.unchanged(lambda change=change: change(shop, reservation))
        assert found == ("transition_not_allowed",), (current, target)
        result = change(shop, reservation)
        assert isinstance(result, Failure)
        [reason] = result.failure().reasons
        assert (reason.current, reason.target) == (current, target)  # type: ignore[attr-defined]


# Arrivals and departures


def test_check_in_and_out_keep_the_days_that_are_over(shop: Shop, kit: Any) -> None:
    services = shop.services
    reservation = booked(shop)
    kit.clock.current = local(7, 1, 16)

    checked_in = services.check_in(shop.fid, shop.desk, reservation.id).unwrap()
    assert checked_in.status is S.CHECKED_IN
    assert isinstance(shop.events()[-1], AnimalCheckedIn)
    kit.clock.current = local(7, 4, 9)
    out = services.check_out(shop.fid, shop.desk, reservation.id).unwrap()

    assert out.reservation.status is S.CHECKED_OUT
    assert shop.ledger() == JULY_1_TO_3


def test_leaving_early_frees_the_nights_left(shop: Shop, kit: Any) -> None:
    services = shop.services
    reservation = booked(shop)
    kit.clock.current = local(7, 1, 16)
    services.check_in(shop.fid, shop.desk, reservation.id).unwrap()
    kit.clock.current = local(7, 2, 9)

    services.check_out(shop.fid, shop.desk, reservation.id).unwrap()

    assert shop.ledger() == {date(2024, 7, 1): 1}


def test_a_no_show_frees_the_places_from_today_on(shop: Shop, kit: Any) -> None:
    reservation = booked(shop)
    kit.clock.current = local(7, 2, 10)

    result = shop.services.mark_no_show(shop.fid, shop.desk, reservation.id).unwrap()

    assert result.reservation.status is S.NO_SHOW
    assert shop.ledger() == {date(2024, 7, 1): 1}


# Cancellation


def test_a_parent_cancels_for_free_inside_the_window(shop: Shop) -> None:
    reservation = booked(shop)

    result = shop.services.cancel_reservation_as_parent(
        shop.fid, shop.account.id, reservation.id, "trip cancelled"
    ).unwrap()

    assert not result.sent_for_review
    assert result.reservation.status is S.CANCELLED
    assert result.reservation.cancellation is not None
    assert result.reservation.cancellation.late is False
    assert result.reservation.cancellation.reason == "trip cancelled"
    assert shop.ledger() == {}
    assert isinstance(shop.events()[-1], ReservationCancelled)


def test_a_late_cancellation_is_sent_to_staff_who_cancel_it_late(shop: Shop, kit: Any) -> None:
    services = shop.services
    reservation = booked(shop)
    kit.clock.current = local(6, 30, 12)  # 27 hours before the start; the window is 48 hours

    result = services.cancel_reservation_as_parent(shop.fid, shop.account.id, reservation.id)

    outcome = result.unwrap()
    assert outcome.sent_for_review
    assert outcome.reservation.status is S.CONFIRMED
    assert status_of(shop, reservation) is S.CONFIRMED
    assert shop.ledger() == JULY_1_TO_3
    event = shop.events()[-1]
    assert isinstance(event, LateCancellationRequested)
    assert event.reason == "cancelled by the pet parent"
    assert event.free_until == local(6, 29, 15)
    (notice,) = services.staff_notifications(shop.fid, OPERATOR).unwrap()
    assert notice.title == "Late cancellation request"
    assert notice.subjects == {"reservation_id": reservation.id, "owner_id": reservation.owner_id}
    assert "1 July" in notice.body
    cancelled = services.cancel_reservation(
        shop.fid, shop.desk, reservation.id, "late, per the parent"
    ).unwrap()
    assert cancelled.reservation.cancellation is not None
    assert cancelled.reservation.cancellation.late is True
    assert shop.ledger() == {}


def test_a_pending_request_is_free_to_cancel_until_it_starts(shop: Shop, kit: Any) -> None:
    request = requested(shop)
    kit.clock.current = local(7, 1, 14)

    result = shop.services.cancel_reservation_as_parent(shop.fid, shop.account.id, request.id)

    assert result.unwrap().reservation.status is S.CANCELLED


def test_a_started_or_checked_in_stay_cannot_be_cancelled_by_the_parent(
    shop: Shop, kit: Any
) -> None:
    services = shop.services
    started, arrived = booked(shop), booked(shop, shop.ace)
    kit.clock.current = local(7, 1, 16)
    services.check_in(shop.fid, shop.desk, arrived.id).unwrap()

    assert shop.unchanged(
        lambda: services.cancel_reservation_as_parent(shop.fid, shop.account.id, started.id)
    ) == ("cancellation_closed",)
    assert shop.unchanged(
        lambda: services.cancel_reservation_as_parent(shop.fid, shop.account.id, arrived.id)
    ) == ("transition_not_allowed",)


def test_staff_cancellation_needs_a_reason_and_the_permission(shop: Shop, kit: Any) -> None:
    services = shop.services
    reservation = booked(shop)

    assert shop.unchanged(
        lambda: services.cancel_reservation(shop.fid, kit.world.employee, reservation.id, "x")
    ) == ("permission_missing",)
    assert shop.unchanged(
        lambda: services.cancel_reservation(shop.fid, shop.desk, reservation.id, "")
    ) == ("required_value_missing",)
    kit.clock.current = local(6, 30, 12)
    result = services.cancel_reservation(
        shop.fid, shop.desk, reservation.id, "waived fee", late=False
    ).unwrap()
    assert result.reservation.cancellation is not None
    assert result.reservation.cancellation.late is False


def test_another_households_reservation_is_not_found(shop: Shop, kit: Any) -> None:
    other = kit.new_world("elsewhere")
    reservation = booked(shop)
    services = shop.services
    for call in (
        lambda: services.cancel_reservation_as_parent(shop.fid, other.account.id, reservation.id),
        lambda: services.confirm_reservation_as_parent(shop.fid, other.account.id, reservation.id),
        lambda: services.reschedule_reservation_as_parent(
            shop.fid, other.account.id, reservation.id, local(8, 1, 15), local(8, 2, 10)
        ),
    ):
        with pytest.raises(NotFound):
            call()


# Assignments


def test_a_lodging_of_the_reservations_pool_is_assigned_to_a_pet(shop: Shop) -> None:
    services = shop.services
    suite = services.add_lodging(shop.fid, shop.admin, shop.suites.id, "Suite 1").unwrap()
    reservation = booked(shop, shop.rex, shop.ace)

    changed = services.assign_lodging(shop.fid, shop.desk, reservation.id, shop.ace, suite.id)

    assert [line.lodging_id for line in changed.unwrap().lines] == [None, suite.id]
    event = shop.events()[-1]
    assert isinstance(event, LodgingAssigned)
    assert (event.animal_id, event.lodging_id) == (shop.ace, suite.id)
    before = shop.events()
    services.assign_lodging(shop.fid, shop.desk, reservation.id, shop.ace, suite.id).unwrap()
    assert shop.events() == before  # nothing changed, nothing written


def test_a_lodging_is_refused_with_every_reason(shop: Shop) -> None:
    services = shop.services
    other_pool = services.define_capacity_pool(
        shop.fid,
        shop.admin,
        CapacityPoolDetails(location_id=shop.here, name="Play", kind="area", capacity=5),
    ).unwrap()
    yard = services.add_lodging(shop.fid, shop.admin, other_pool.id, "Yard").unwrap()
    request = requested(shop)

    assert shop.unchanged(
        lambda: services.assign_lodging(shop.fid, shop.desk, request.id, AnimalId(9999), yard.id)
    ) == ("reservation_not_changeable", "invalid_value", "invalid_value")


def test_a_room_is_not_given_to_two_reservations_on_the_same_night(shop: Shop) -> None:
    services = shop.services
    suite = services.add_lodging(shop.fid, shop.admin, shop.suites.id, "Suite 1").unwrap()
    first = booked(shop)
    second = booked(shop, shop.ace, start=local(7, 3, 15), end=local(7, 5, 10))
    max_ = shop.household_dog("Max")
    later = booked(shop, max_, start=local(7, 4, 15), end=local(7, 5, 10))
    services.assign_lodging(shop.fid, shop.desk, first.id, shop.rex, suite.id).unwrap()

    assert shop.unchanged(
        lambda: services.assign_lodging(shop.fid, shop.desk, second.id, shop.ace, suite.id)
    ) == ("lodging_taken",)
    services.assign_lodging(shop.fid, shop.desk, later.id, max_, suite.id).unwrap()


def test_the_groomer_of_an_appointment_is_changed(shop: Shop) -> None:
    services = shop.services
    gail, gus = (
        services.create_staff_user(
            shop.fid, shop.admin, NewStaffUser(name, name.title(), "Groomer", "employee")
        ).unwrap()
        for name in ("gail", "gus")
    )
    appointment = (
        shop.services.book_reservation(
            shop.fid,
            shop.admin,
            shop.stay(
                type_id=shop.grooming.id,
                start=local(7, 2, 10),
                end=local(7, 2, 11),
                staff_id=gail.id,
            ),
        )
        .unwrap()
        .reservation
    )
    stay = booked(shop)

    assert services.assign_staff(shop.fid, shop.desk, appointment.id, gus.id).unwrap().staff_id == (
        gus.id
    )
    assert isinstance(shop.events()[-1], StaffAssigned)
    assert shop.unchanged(lambda: services.assign_staff(shop.fid, shop.desk, stay.id, gus.id)) == (
        "invalid_value",
    )


# Reschedule


def test_a_parent_moves_a_confirmed_stay_inside_the_window(shop: Shop) -> None:
    reservation = booked(shop)

    result = shop.services.reschedule_reservation_as_parent(
        shop.fid, shop.account.id, reservation.id, local(7, 10, 15), local(7, 12, 10)
    ).unwrap()

    assert not result.sent_for_review
    assert (result.reservation.start, result.reservation.end) == (
        local(7, 10, 15),
        local(7, 12, 10),
    )
    assert shop.ledger() == {date(2024, 7, 10): 1, date(2024, 7, 11): 1}
    event = shop.events()[-1]
    assert isinstance(event, ReservationRescheduled)
    assert event.previous_start == local(7, 1, 15)


def test_a_late_move_is_sent_to_staff(shop: Shop, kit: Any) -> None:
    reservation = booked(shop)
    kit.clock.current = local(6, 30, 12)

    result = shop.services.reschedule_reservation_as_parent(
        shop.fid, shop.account.id, reservation.id, local(7, 10, 15), local(7, 12, 10)
    ).unwrap()

    assert result.sent_for_review
    assert result.reservation.start == local(7, 1, 15)
    assert isinstance(shop.events()[-1], RescheduleRequested)
    assert shop.ledger() == JULY_1_TO_3
    (notice,) = shop.services.staff_notifications(shop.fid, OPERATOR).unwrap()
    assert notice.title == "Reschedule request"
    assert "10 July" in notice.body


def test_a_parent_moves_a_request_and_the_new_dates_are_checked(shop: Shop) -> None:
    services = shop.services
    request = requested(shop)

    assert shop.unchanged(
        lambda: services.reschedule_reservation_as_parent(
            shop.fid, shop.account.id, request.id, local(6, 10, 15), local(6, 12, 10)
        )
    ) == ("starts_in_the_past",)
    assert shop.unchanged(
        lambda: services.reschedule_reservation_as_parent(
            shop.fid, shop.account.id, request.id, request.start, request.end
        )
    ) == ("invalid_value",)
    moved = services.reschedule_reservation_as_parent(
        shop.fid, shop.account.id, request.id, local(7, 20, 15), local(7, 22, 10)
    ).unwrap()
    assert moved.reservation.status is S.REQUESTED
    assert shop.ledger() == {}


def test_staff_reschedule_rechecks_capacity(kit: Any) -> None:
    shop = open_shop(kit, rooms=1)
    services = shop.services
    booked(shop)
    later = booked(shop, shop.ace, start=local(7, 5, 15), end=local(7, 7, 10))

    assert shop.unchanged(
        lambda: services.reschedule_reservation(
            shop.fid, shop.desk, later.id, local(7, 3, 15), local(7, 6, 10)
        )
    ) == ("capacity_full",)
    result = services.reschedule_reservation(
        shop.fid, shop.desk, later.id, local(7, 4, 15), local(7, 6, 10)
    ).unwrap()

    assert result.reservation.start == local(7, 4, 15)
    assert shop.ledger() == {
        date(2024, 7, 1): 1,
        date(2024, 7, 2): 1,
        date(2024, 7, 3): 1,
        date(2024, 7, 4): 1,
        date(2024, 7, 5): 1,
    }


def test_a_checked_in_stay_is_not_rescheduled(shop: Shop, kit: Any) -> None:
    reservation = booked(shop)
    kit.clock.current = local(7, 1, 16)
    shop.services.check_in(shop.fid, shop.desk, reservation.id).unwrap()

    assert shop.unchanged(
        lambda: shop.services.reschedule_reservation(
            shop.fid, shop.desk, reservation.id, local(7, 1, 15), local(7, 6, 10)
        )
    ) == ("reservation_not_changeable",)
