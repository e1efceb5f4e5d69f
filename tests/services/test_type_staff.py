"""Who does an appointment type's work (``ReservationType.staff_ids``): the parent chooses among
them, a booking with anyone else is refused, and an unknown or misplaced list is refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from booking_shop import Shop, codes, local

from petcare_core.services import NewStaffUser, ReservationTypeDetails


def groomer(shop: Shop, username: str) -> Any:
    details = NewStaffUser(username, username.title(), "Groomer", "employee")
    return shop.services.create_staff_user(shop.fid, shop.admin, details).unwrap()


def salon(shop: Shop, *staff: Any, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "name": "Salon",
        "unit": "appointment",
        "base_price": Decimal(60),
        "appointment_minutes": 60,
        "assigns_staff": True,
        "staff_ids": frozenset(member.id for member in staff),
    }
    values.update(changes)
    return shop.services.define_reservation_type(
        shop.fid, shop.admin, ReservationTypeDetails(**values)
    )


def appointment(shop: Shop, kind: Any, staff_id: Any) -> Any:
    return shop.stay(
        shop.rex, type_id=kind.id, start=local(7, 2, 10), end=local(7, 2, 11), staff_id=staff_id
    )


def test_parents_choose_among_the_types_staff_and_nobody_else_is_booked(shop: Shop) -> None:
    gail, gus = groomer(shop, "gail"), groomer(shop, "gus")
    kind = salon(shop, gail).unwrap()

    offered = shop.services.bookable_staff(shop.fid, shop.account.id, kind.id)
    everyone = shop.services.bookable_staff(shop.fid, shop.account.id, shop.grooming.id)
    refused = shop.unchanged(
        lambda: shop.services.request_reservation(
            shop.fid, shop.account.id, appointment(shop, kind, gus.id)
        )
    )
    booked = shop.services.request_reservation(
        shop.fid, shop.account.id, appointment(shop, kind, gail.id)
    )

    assert [member.id for member in offered] == [gail.id]
    assert {member.id for member in everyone} >= {gail.id, gus.id, shop.desk.id}
    assert refused == ("staff_not_offered",)
    assert booked.unwrap().reservation.staff_id == gail.id


def test_the_staff_list_names_existing_staff_and_only_for_a_type_that_assigns_staff(
    shop: Shop,
) -> None:
    gail = groomer(shop, "gail")

    unknown = salon(shop, gail, staff_ids=frozenset({gail.id, 999_999}))
    stays = salon(
        shop,
        gail,
        name="Boarding plus",
        unit="night",
        appointment_minutes=None,
        assigns_staff=False,
    )

    assert codes(unknown) == ("unknown_reference",)
    assert unknown.failure().reasons[0].field == "staff_ids"
    assert "invalid_value" in codes(stays)
    assert any(reason.field == "staff_ids" for reason in stays.failure().reasons)


def test_staff_assign_only_someone_who_does_the_work_and_is_free_then(shop: Shop) -> None:
    gail, gus, ida = groomer(shop, "gail"), groomer(shop, "gus"), groomer(shop, "ida")
    kind = salon(shop, gail, ida).unwrap()
    book = shop.services.book_reservation
    mine = book(shop.fid, shop.admin, appointment(shop, kind, gail.id)).unwrap().reservation
    other = shop.stay(
        shop.ace, type_id=kind.id, start=local(7, 2, 10), end=local(7, 2, 11), staff_id=ida.id
    )
    book(shop.fid, shop.admin, other).unwrap()

    def assign(member: Any) -> Any:
        return shop.services.assign_staff(shop.fid, shop.desk, mine.id, member.id)

    assert shop.unchanged(lambda: assign(gus)) == ("staff_not_offered",)
    assert shop.unchanged(lambda: assign(ida)) == ("staff_already_booked",)
    assert assign(gail).unwrap().staff_id == gail.id
