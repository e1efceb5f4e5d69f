"""Evaluating a booking form, a pet parent's request, staff booking with overrides, booking
again, through ``PetcareServices`` on the memory adapter."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import ModuleType
from typing import Any

import attrs
import pytest
from booking_shop import S, Shop, codes, local, open_shop
from returns.result import Success

from petcare_core.domain.actors import ActorKind
from petcare_core.domain.booking_reasons import ReasonKey
from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.events import (
    ReservationBooked,
    ReservationRequested,
    ReservationWaitlisted,
)
from petcare_core.domain.ids import LocationId
from petcare_core.domain.staff import Permission, StaffRole
from petcare_core.ports.errors import NotFound
from petcare_core.services import (
    OPERATOR,
    BookingRequest,
    NewOwner,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
    booking,
    cancellations,
    reservation_assignments,
    reservation_changes,
    reservation_lifecycle,
)

# The facade


@pytest.mark.parametrize(
    "module",
    [booking, reservation_lifecycle, cancellations, reservation_assignments, reservation_changes],
    ids=lambda module: module.__name__,
)
def test_every_booking_use_case_is_a_facade_method_with_the_same_parameters(
    module: ModuleType,
) -> None:
    use_cases = [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and list(inspect.signature(function).parameters)[:1] == ["ctx"]
    ]
    assert use_cases
    for name in use_cases:
        method = getattr(PetcareServices, name)
        assert (
            list(inspect.signature(method).parameters)[1:]
            == list(inspect.signature(getattr(module, name)).parameters)[1:]
        ), name


# Evaluating


def test_the_parent_sees_every_reason_at_once_and_nothing_is_written(shop: Shop, kit: Any) -> None:
    fid = shop.fid
    services = shop.services
    waiver = services.create_agreement(fid, shop.admin, "Waiver", "Be nice.").unwrap()
    services.update_reservation_type(
        fid,
        shop.admin,
        shop.boarding.id,
        ReservationTypeDetails(
            name="Boarding",
            unit="night",
            base_price=Decimal(45),
            deposit_rate=Decimal("0.25"),
            required_agreement_ids={waiver.id},
            policy=BookingPolicy(closed_dates={date(2024, 7, 4)}),
        ),
    ).unwrap()
    new_dog = kit.add_dog("Bo").id  # no vaccine
    request = shop.stay(shop.rex, new_dog, end=local(7, 4, 21))

    evaluation = kit.writes_nothing(
        lambda: shop.services.evaluate_booking_as_parent(fid, shop.account.id, request)
    ).unwrap()

    assert [reason.code for reason in evaluation.reasons] == [
        "missing",
        "agreement_unsigned",
        "ends_on_closed_date",
        "pick_up_outside_hours",
        "deposit_due",
    ]
    assert evaluation.reasons[0].animal_id == new_dog
    assert evaluation.estimate is not None
    assert not evaluation.can_request


def test_a_malformed_form_is_refused_with_every_problem(shop: Shop, kit: Any) -> None:
    request = BookingRequest(
        location_id=LocationId(9999),
        type_id=shop.boarding.id,
        start=datetime(2024, 7, 1, 15),  # naive
        end=local(7, 4),
        pets=[(shop.rex, (0,)), (shop.rex, ()), (-1, ())],
    )

    found = kit.writes_nothing(
        lambda: shop.services.evaluate_booking_as_parent(shop.fid, shop.account.id, request)
    )

    assert codes(found) == (
        "unknown_reference",
        "invalid_value",  # start naive
        "invalid_value",  # add-on id 0
        "invalid_value",  # Rex twice
        "invalid_value",  # pet id -1
    )
    no_pets = shop.stay(pets=[], start=local(7, 4), end=local(7, 1))
    assert codes(shop.services.evaluate_booking_as_parent(shop.fid, shop.account.id, no_pets)) == (
        "invalid_value",
        "required_value_missing",
    )


def test_a_stay_must_be_of_this_millennium_and_at_most_a_year_long(shop: Shop) -> None:
    services = shop.services
    too_long = shop.stay(start=local(7, 1), end=local(7, 1) + timedelta(days=367))
    far = shop.stay(start=local(7, 1), end=datetime(9999, 12, 31, 23, tzinfo=UTC))
    year_long = shop.stay(start=local(7, 1), end=local(7, 1) + timedelta(days=366))

    found = services.evaluate_booking_as_parent(shop.fid, shop.account.id, too_long)
    assert [r.message for r in found.failure().reasons] == [
        "end: a stay lasts at most 366 days; book a longer one in parts"
    ]
    assert codes(services.evaluate_booking_as_parent(shop.fid, shop.account.id, far)) == (
        "invalid_value",
    )
    assert isinstance(
        services.evaluate_booking_as_parent(shop.fid, shop.account.id, year_long), Success
    )


def test_staff_evaluate_for_a_named_household_with_reservations_read(shop: Shop, kit: Any) -> None:
    services = shop.services
    missing_owner = attrs.evolve(shop.stay(), owner_id=None)

    assert codes(services.evaluate_booking_as_staff(shop.fid, shop.desk, missing_owner)) == (
        "required_value_missing",
    )
    outsider = services.create_staff_user(
        shop.fid, shop.admin, NewStaffUser("out", "Oz", "Out", StaffRole.EMPLOYEE, permissions=[])
    ).unwrap()
    assert codes(services.evaluate_booking_as_staff(shop.fid, outsider, shop.stay())) == (
        "permission_missing",
    )
    assert services.evaluate_booking_as_staff(shop.fid, kit.world.employee, shop.stay()).unwrap()


def test_another_households_pet_is_only_not_found(shop: Shop, kit: Any) -> None:
    other = kit.other_owner()
    bo = shop.services.add_animal_as_staff(
        shop.fid, shop.admin, other.id, {"name": "Bo", "species_id": str(kit.world.dog.id)}
    ).unwrap()

    evaluation = shop.services.evaluate_booking_as_parent(
        shop.fid, shop.account.id, shop.stay(bo.id)
    ).unwrap()

    assert [reason.code for reason in evaluation.blocking] == ["pet_not_found"]


# A pet parent's request


def test_a_request_is_stored_requested_and_holds_no_place(shop: Shop) -> None:
    result = shop.services.request_reservation(
        shop.fid, shop.account.id, shop.stay(shop.rex, shop.ace)
    ).unwrap()

    reservation = result.reservation
    assert reservation.status is S.REQUESTED
    assert reservation.animal_ids == (shop.rex, shop.ace)
    assert reservation.history[0].by.kind is ActorKind.OWNER
    assert result.deposit.amount > 0
    assert shop.ledger() == {}
    [event] = shop.events()[-1:]
    assert isinstance(event, ReservationRequested)
    assert event.reservation_id == reservation.id


def test_a_blocked_request_is_refused_with_every_blocking_reason(shop: Shop, kit: Any) -> None:
    new_dog = kit.add_dog("Bo").id
    request = shop.stay(
        new_dog, pets=[(new_dog, (9999,))], start=local(6, 14, 15), end=local(6, 16, 10)
    )

    assert shop.unchanged(
        lambda: shop.services.request_reservation(shop.fid, shop.account.id, request)
    ) == ("missing", "starts_in_the_past", "unknown_add_on")


def test_a_full_pool_offers_the_waitlist_which_the_parent_may_join(shop: Shop) -> None:
    services = shop.services
    shop.fill(2)

    assert shop.unchanged(
        lambda: services.request_reservation(shop.fid, shop.account.id, shop.stay(shop.ace))
    ) == ("capacity_full",)
    joined = services.request_reservation(
        shop.fid, shop.account.id, shop.stay(shop.ace), join_waitlist=True
    ).unwrap()

    assert joined.reservation.status is S.WAITLISTED
    assert [type(event) for event in shop.events()[-2:]] == [
        ReservationRequested,
        ReservationWaitlisted,
    ]


def test_joining_the_waitlist_does_not_excuse_other_reasons(shop: Shop) -> None:
    services = shop.services
    shop.fill(2)
    past = shop.stay(shop.ace, start=local(6, 14, 15))

    assert shop.unchanged(
        lambda: services.request_reservation(shop.fid, shop.account.id, past, join_waitlist=True)
    ) == ("starts_in_the_past", "capacity_full")


def test_an_account_not_linked_here_is_not_found(shop: Shop, kit: Any) -> None:
    other = kit.new_world("elsewhere")
    with pytest.raises(NotFound):
        shop.services.request_reservation(shop.fid, other.account.id, shop.stay())


# Staff booking


def test_staff_book_confirmed_and_take_the_place(shop: Shop) -> None:
    result = shop.services.book_reservation(
        shop.fid, shop.desk, shop.stay(shop.rex, shop.ace)
    ).unwrap()

    assert result.reservation.status is S.CONFIRMED
    assert result.reservation.history[0].by.id == shop.desk.id
    # A room pool: the family's two dogs share one room.
    assert shop.ledger() == {date(2024, 7, 1): 1, date(2024, 7, 2): 1, date(2024, 7, 3): 1}
    assert isinstance(shop.events()[-1], ReservationBooked)


def test_staff_may_book_a_request_that_takes_no_place(shop: Shop) -> None:
    result = shop.services.book_reservation(
        shop.fid, shop.desk, shop.stay(), confirm=False
    ).unwrap()

    assert result.reservation.status is S.REQUESTED
    assert shop.ledger() == {}


def test_staff_booking_needs_reservations_manage_and_a_household(shop: Shop, kit: Any) -> None:
    services = shop.services
    assert shop.unchanged(
        lambda: services.book_reservation(shop.fid, kit.world.employee, shop.stay())
    ) == ("permission_missing",)
    assert shop.unchanged(
        lambda: services.book_reservation(
            shop.fid, shop.desk, attrs.evolve(shop.stay(), owner_id=9999)
        )
    ) == ("unknown_reference",)


def test_an_override_without_its_permission_is_refused_and_nothing_is_written(
    shop: Shop, kit: Any
) -> None:
    new_dog = kit.add_dog("Bo").id
    request = shop.stay(new_dog)

    found = shop.unchanged(
        lambda: shop.services.book_reservation(
            shop.fid, shop.desk, request, overrides={("missing", new_dog): "seen the papers"}
        )
    )

    assert found == ("missing", "override_not_permitted")


def test_an_override_is_recorded_with_its_actor_reason_note_and_time(shop: Shop, kit: Any) -> None:
    new_dog = kit.add_dog("Bo").id
    kit.clock.advance(minutes=5)

    result = shop.services.book_reservation(
        shop.fid,
        shop.admin,
        shop.stay(new_dog),
        overrides={ReasonKey("missing", new_dog): "  vet called: vaccinated  "},
    ).unwrap()

    [override] = result.overrides
    assert override.reason_code == "missing"
    assert override.animal_id == new_dog
    assert override.permission is Permission.OVERRIDE_IMMUNIZATIONS
    assert override.staff_user_id == shop.admin.id
    assert override.note == "vet called: vaccinated"
    assert override.at == kit.clock.now()
    assert override.reservation_id == result.reservation.id
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        assert uow.booking_overrides.list_for_reservation(result.reservation.id) == [override]


def test_a_blank_override_note_or_an_operator_override_is_refused(shop: Shop, kit: Any) -> None:
    new_dog = kit.add_dog("Bo").id
    request = shop.stay(new_dog)

    assert shop.unchanged(
        lambda: shop.services.book_reservation(
            shop.fid, shop.admin, request, overrides={("missing", new_dog): "  "}
        )
    ) == ("missing", "override_note_missing")
    assert shop.unchanged(
        lambda: shop.services.book_reservation(
            shop.fid, OPERATOR, request, overrides={("missing", new_dog): "ok"}
        )
    ) == ("missing", "override_needs_staff_user")


def test_a_capacity_override_books_over_capacity(shop: Shop) -> None:
    services = shop.services
    shop.fill(2)

    assert shop.unchanged(
        lambda: services.book_reservation(shop.fid, shop.desk, shop.stay(shop.ace))
    ) == ("capacity_full",)
    services.book_reservation(
        shop.fid, shop.admin, shop.stay(shop.ace), overrides={"capacity_full": "VIP"}
    ).unwrap()

    assert set(shop.ledger().values()) == {3}


def test_closed_dates_cannot_be_overridden_even_by_an_admin(kit: Any) -> None:
    shop = open_shop(kit, policy=BookingPolicy(closed_dates={date(2024, 7, 1)}))

    assert shop.unchanged(
        lambda: shop.services.book_reservation(
            shop.fid,
            shop.admin,
            shop.stay(),
            overrides={"starts_on_closed_date": "the owner insists"},
        )
    ) == ("starts_on_closed_date", "override_not_permitted")


def test_a_deposit_waiver_brings_the_deposit_to_zero(shop: Shop) -> None:
    result = shop.services.book_reservation(
        shop.fid, shop.admin, shop.stay(), overrides={"deposit_due": "regular customer"}
    ).unwrap()

    assert result.evaluation.deposit.amount > 0
    assert result.deposit.amount == 0


def test_an_appointment_needs_its_groomer(shop: Shop) -> None:
    services = shop.services
    groomer = services.create_staff_user(
        shop.fid, shop.admin, NewStaffUser("gail", "Gail", "Groomer", StaffRole.EMPLOYEE)
    ).unwrap()
    appointment = shop.stay(
        type_id=shop.grooming.id, start=local(7, 2, 10), end=local(7, 2, 11), staff_id=None
    )

    assert codes(services.request_reservation(shop.fid, shop.account.id, appointment)) == (
        "staff_not_chosen",
    )
    assert codes(
        services.request_reservation(
            shop.fid, shop.account.id, attrs.evolve(appointment, staff_id=9999)
        )
    ) == ("unknown_reference",)
    booked = services.request_reservation(
        shop.fid, shop.account.id, attrs.evolve(appointment, staff_id=groomer.id)
    ).unwrap()
    assert booked.reservation.staff_id == groomer.id
    staff = services.bookable_staff(shop.fid, shop.account.id)
    assert [(member.id, member.first_name) for member in staff if member.id == groomer.id] == [
        (groomer.id, "Gail")
    ]


# Booking again


def test_booking_again_copies_the_pets_add_ons_and_type_on_new_dates(shop: Shop) -> None:
    services = shop.services
    first = services.book_reservation(
        shop.fid,
        shop.admin,
        shop.stay(pets=[(shop.rex, (shop.bath.id,)), (shop.ace, ())]),
    ).unwrap()

    again = services.book_again_as_parent(
        shop.fid, shop.account.id, first.reservation.id, local(8, 1, 15), local(8, 3, 10)
    ).unwrap()
    staff_again = services.book_again(
        shop.fid, shop.desk, first.reservation.id, local(9, 1, 15), local(9, 3, 10)
    ).unwrap()

    assert again.reservation.status is S.REQUESTED
    assert staff_again.reservation.status is S.CONFIRMED
    for copy in (again.reservation, staff_again.reservation):
        assert copy.id != first.reservation.id
        assert copy.lines == first.reservation.lines
        assert (copy.type_id, copy.location_id, copy.owner_id) == (
            shop.boarding.id,
            shop.here,
            shop.owner_id,
        )


def test_booking_again_another_households_reservation_is_not_found(shop: Shop, kit: Any) -> None:
    other = kit.other_owner()
    bo = shop.services.add_animal_as_staff(
        shop.fid, shop.admin, other.id, {"name": "Bo", "species_id": str(kit.world.dog.id)}
    ).unwrap()
    shop.services.record_immunization(
        shop.fid, shop.admin, bo.id, type_id=kit.world.rabies.id, expires_on=date(2026, 1, 1)
    ).unwrap()
    theirs = shop.services.book_reservation(
        shop.fid, shop.admin, attrs.evolve(shop.stay(bo.id), owner_id=other.id)
    ).unwrap()

    with pytest.raises(NotFound):
        shop.services.book_again_as_parent(
            shop.fid, shop.account.id, theirs.reservation.id, local(8, 1, 15), local(8, 3, 10)
        )


def test_the_times_are_read_in_the_facilitys_zone(shop: Shop) -> None:
    # 1 July 03:00 UTC is 30 June 23:00 in New York: outside the drop-off hours there.
    request = shop.stay(start=datetime(2024, 7, 1, 3, tzinfo=UTC))

    evaluation = shop.services.evaluate_booking_as_parent(
        shop.fid, shop.account.id, request
    ).unwrap()

    assert "drop_off_outside_hours" in [reason.code for reason in evaluation.reasons]


def test_new_owner_accounts_not_active_cannot_book(shop: Shop, kit: Any) -> None:
    services = shop.services
    owner = services.create_owner(
        shop.fid, shop.admin, NewOwner("Ina", "Active", email="ina@example.com")
    ).unwrap()
    services.update_owner_as_staff(shop.fid, shop.admin, owner.id, {"active": "false"}).unwrap()
    dog = services.add_animal_as_staff(
        shop.fid, shop.admin, owner.id, {"name": "Kip", "species_id": str(kit.world.dog.id)}
    ).unwrap()

    result = services.evaluate_booking_as_staff(
        shop.fid, shop.admin, attrs.evolve(shop.stay(dog.id), owner_id=owner.id)
    ).unwrap()

    assert result.blocking[0].code == "account_not_approved"


def test_results_are_success_values(shop: Shop) -> None:
    assert isinstance(
        shop.services.request_reservation(shop.fid, shop.account.id, shop.stay()), Success
    )


def test_staff_put_a_phoned_in_request_for_a_full_day_on_the_waitlist(shop: Shop) -> None:
    services = shop.services
    shop.fill(2)
    request = shop.stay(shop.rex)

    assert shop.unchanged(
        lambda: services.book_reservation(shop.fid, shop.desk, request, confirm=False)
    ) == ("capacity_full",)
    assert shop.unchanged(
        lambda: services.book_reservation(shop.fid, shop.desk, request, join_waitlist=True)
    ) == ("invalid_value",)
    past = shop.stay(shop.rex, start=local(6, 14, 15))
    assert shop.unchanged(
        lambda: services.book_reservation(
            shop.fid, shop.desk, past, confirm=False, join_waitlist=True
        )
    ) == ("starts_in_the_past", "capacity_full")
    waiting = services.book_reservation(
        shop.fid, shop.desk, request, confirm=False, join_waitlist=True
    ).unwrap()

    assert waiting.reservation.status is S.WAITLISTED
    assert [change.by.id for change in waiting.reservation.history] == [shop.desk.id] * 2
    assert [type(event) for event in shop.events()[-2:]] == [
        ReservationRequested,
        ReservationWaitlisted,
    ]
    assert set(shop.ledger().values()) == {2}
    # With room left, the same request is an ordinary one.
    later = shop.stay(shop.ace, start=local(8, 1, 15), end=local(8, 3, 10))
    asked = services.book_reservation(
        shop.fid, shop.desk, later, confirm=False, join_waitlist=True
    ).unwrap()
    assert asked.reservation.status is S.REQUESTED
