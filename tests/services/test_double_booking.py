"""A pet, or a groomer, in two places at once, through the booking use cases: refused for
parents and staff alike, never counted against the reservation being judged again, freed by a
cancellation, and a boarding dog may still be groomed during its stay."""

from __future__ import annotations

from typing import Any

from booking_shop import S, Shop, codes, local

from petcare_core.domain.reservation import Reservation


def request(shop: Shop, *pets: Any, **fields: Any) -> Any:
    return shop.services.request_reservation(shop.fid, shop.account.id, shop.stay(*pets, **fields))


def booked(shop: Shop, *pets: Any, **fields: Any) -> Reservation:
    result = shop.services.book_reservation(shop.fid, shop.admin, shop.stay(*pets, **fields))
    return result.unwrap().reservation


def grooming(shop: Shop, pet: Any, hour: int, groomer: Any) -> Any:
    return shop.stay(
        pet,
        type_id=shop.grooming.id,
        start=local(7, 2, hour),
        end=local(7, 2, hour + 1),
        staff_id=groomer,
    )


def test_a_pet_already_booked_then_is_refused_with_the_other_stay_named(shop: Shop) -> None:
    first = request(shop, shop.rex).unwrap().reservation

    refused = shop.unchanged(
        lambda: request(shop, shop.rex, start=local(7, 3, 15), end=local(7, 6, 10))
    )
    evaluation = shop.services.evaluate_booking_as_parent(
        shop.fid, shop.account.id, shop.stay(shop.rex, shop.ace)
    ).unwrap()

    assert refused == ("pet_already_booked",)
    [reason] = evaluation.blocking
    assert (reason.animal_id, reason.field, reason.overridable_by()) == (shop.rex, "pets", None)
    assert reason.fix.target == "choose_dates"
    assert reason.message == (
        f"Rex: already booked for Boarding on 1 July 2024 to 4 July 2024 (reservation "
        f"#{first.id}); choose other dates, or change or cancel that reservation first"
    )
    assert request(shop, shop.ace).unwrap().reservation.status is S.REQUESTED


def test_staff_cannot_override_it(shop: Shop) -> None:
    booked(shop, shop.rex)

    assert shop.unchanged(
        lambda: shop.services.book_reservation(
            shop.fid,
            shop.admin,
            shop.stay(shop.rex),
            overrides={("pet_already_booked", shop.rex): "twice"},
        )
    ) == ("pet_already_booked", "override_not_permitted")


def test_a_reservation_judged_again_does_not_count_against_itself(shop: Shop) -> None:
    requested = request(shop, shop.rex).unwrap().reservation

    approved = shop.services.approve_reservation(shop.fid, shop.desk, requested.id).unwrap()
    moved = shop.services.reschedule_reservation(
        shop.fid, shop.admin, requested.id, local(7, 2, 15), local(7, 5, 10)
    ).unwrap()

    assert approved.reservation.status is S.CONFIRMED
    assert moved.reservation.start == local(7, 2, 15)


def test_new_dates_on_another_stay_of_the_pet_are_refused(shop: Shop) -> None:
    july = booked(shop, shop.rex)
    august = booked(shop, shop.rex, start=local(8, 1, 15), end=local(8, 3, 10))

    assert shop.unchanged(
        lambda: shop.services.reschedule_reservation(
            shop.fid, shop.admin, august.id, local(7, 3, 15), local(7, 5, 10)
        )
    ) == ("pet_already_booked",)
    assert july.status is S.CONFIRMED


def test_a_cancelled_stay_frees_the_pet_and_a_waitlisted_one_keeps_it_busy(shop: Shop) -> None:
    stay = booked(shop, shop.rex)
    shop.services.cancel_reservation(shop.fid, shop.desk, stay.id, "plans changed").unwrap()
    shop.fill(2)

    waiting = shop.services.request_reservation(
        shop.fid, shop.account.id, shop.stay(shop.rex), join_waitlist=True
    ).unwrap()

    assert waiting.reservation.status is S.WAITLISTED
    assert codes(request(shop, shop.rex, start=local(7, 2, 15))) == (
        "pet_already_booked",
        "capacity_full",
    )


def test_a_boarder_is_groomed_during_its_stay_but_a_groomer_has_one_appointment_at_a_time(
    shop: Shop,
) -> None:
    booked(shop, shop.rex)
    groomer = shop.desk.id
    book = shop.services.book_reservation

    groomed = book(shop.fid, shop.admin, grooming(shop, shop.rex, 10, groomer)).unwrap()
    clash = shop.unchanged(
        lambda: book(shop.fid, shop.admin, grooming(shop, shop.ace, 10, groomer))
    )
    other_groomer = book(shop.fid, shop.admin, grooming(shop, shop.ace, 10, shop.admin.id))

    assert groomed.reservation.status is S.CONFIRMED
    assert clash == ("staff_already_booked",)
    assert other_groomer.unwrap().reservation.status is S.CONFIRMED
