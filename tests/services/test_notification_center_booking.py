"""The notification center's booking items, from stored reservations and agreements: a
reservation the facility asks the parent to confirm, and an agreement to sign.

Reservations are stored directly through a unit of work (the booking use cases are tested
elsewhere), each with the history the status machine gives it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from query_counting import count_queries

from petcare_core.domain.actors import Actor
from petcare_core.domain.ids import OwnerId, ReservationId, ReservationTypeId
from petcare_core.domain.notification_center import ActionTarget, NoticeKind, TargetPage
from petcare_core.domain.reservation import Reservation, ReservationLine
from petcare_core.ports.errors import NotFound
from petcare_core.services import ReservationTypeDetails, documents

BOOKING_KINDS = {NoticeKind.RESERVATION_AWAITING_CONFIRMATION, NoticeKind.AGREEMENT_TO_SIGN}


@attrs.frozen
class Setup:
    boarding: ReservationTypeId
    agreement_id: Any
    here: Any


@pytest.fixture
def setup(kit) -> Setup:
    world, services = kit.world, kit.services
    waiver = services.create_agreement(
        world.fid, world.admin, "Boarding waiver", "I accept the rules."
    ).unwrap()
    # Not required by any type: never asked for.
    services.create_agreement(world.fid, world.admin, "Newsletter terms", "Optional.").unwrap()
    boarding = services.define_reservation_type(
        world.fid,
        world.admin,
        ReservationTypeDetails(
            name="Boarding",
            unit="night",
            base_price=Decimal(45),
            required_agreement_ids={waiver.id},
        ),
    ).unwrap()
    return Setup(boarding.id, waiver.id, services.list_locations(world.fid)[0].id)


def store(
    kit: Any,
    setup: Setup,
    pets: tuple[Any, ...],
    start: datetime,
    *,
    steps: tuple[str, ...] = ("request_confirmation",),
    owner_id: OwnerId | None = None,
) -> Reservation:
    """A reservation requested a day ago, taken through ``steps`` an hour ago."""
    staff = Actor.staff(kit.world.admin.id)
    now = kit.clock.now()
    with kit.services.uow_factory.for_facility(kit.world.fid) as uow:
        reservation, _ = Reservation.request(
            id=ReservationId(uow.new_id()),
            facility_id=kit.world.fid,
            location_id=setup.here,
            owner_id=owner_id or kit.world.owner.id,
            type_id=setup.boarding,
            start=start,
            end=start + timedelta(days=3),
            lines=tuple(ReservationLine(pet.id) for pet in pets),
            at=now - timedelta(days=1),
            by=staff,
        )
        for step in steps:
            reservation, _ = getattr(reservation, step)(at=now - timedelta(hours=1), by=staff)
        uow.reservations.add(reservation)
        uow.commit()
    return reservation


def advance(kit: Any, reservation: Reservation, step: str) -> None:
    """Take a stored reservation one step further, now."""
    staff = Actor.staff(kit.world.admin.id)
    with kit.services.uow_factory.for_facility(kit.world.fid) as uow:
        stored = uow.reservations.get(reservation.id)
        changed, _ = getattr(stored, step)(at=kit.clock.now(), by=staff)
        uow.reservations.update(changed)
        uow.commit()


def booking_notices(kit: Any) -> list[Any]:
    notices = kit.services.portal_notifications(kit.world.fid, kit.world.account.id)
    return [notice for notice in notices if notice.kind in BOOKING_KINDS]


def sign(kit: Any, agreement_id: Any) -> None:
    kit.services.sign_agreement(
        kit.world.fid,
        kit.world.account.id,
        agreement_id,
        signer_name="Pat Parent",
        ip_address="203.0.113.9",
    ).unwrap()


# Agreements


def test_an_agreement_a_service_requires_is_to_sign_until_signed(kit, setup) -> None:
    [notice] = booking_notices(kit)

    assert notice.kind is NoticeKind.AGREEMENT_TO_SIGN
    assert (notice.agreement_id, notice.subject) == (setup.agreement_id, "Boarding waiver")
    assert notice.target == ActionTarget(TargetPage.AGREEMENT, agreement_id=setup.agreement_id)
    assert notice.message == "Read and sign Boarding waiver before your next booking."
    assert notice.needs_action

    sign(kit, setup.agreement_id)
    assert booking_notices(kit) == []


def test_a_new_version_must_be_signed_again(kit, setup) -> None:
    world = kit.world
    sign(kit, setup.agreement_id)
    kit.services.publish_agreement_version(
        world.fid, world.admin, setup.agreement_id, "New rules."
    ).unwrap()

    [notice] = booking_notices(kit)

    assert notice.kind is NoticeKind.AGREEMENT_TO_SIGN
    assert "has changed since you signed version 1" in notice.message


def test_an_agreement_no_longer_in_use_is_not_asked_for(kit, setup) -> None:
    world = kit.world
    kit.services.update_agreement(
        world.fid,
        world.admin,
        setup.agreement_id,
        title="Boarding waiver",
        location_ids=(),
        active=False,
    ).unwrap()

    assert booking_notices(kit) == []


# Reservations


def test_a_reservation_awaiting_confirmation_names_its_type_pets_and_local_first_day(
    kit, setup
) -> None:
    sign(kit, setup.agreement_id)
    rex, ace = kit.add_dog("Rex"), kit.add_dog("Ace")
    # 02:00 UTC on 1 July is still 30 June in New York, the facility's time zone.
    stay = store(kit, setup, (rex, ace), datetime(2024, 7, 1, 2, 0, tzinfo=UTC))

    [notice] = booking_notices(kit)

    assert notice.kind is NoticeKind.RESERVATION_AWAITING_CONFIRMATION
    assert notice.reservation_id == stay.id
    assert notice.target == ActionTarget(TargetPage.RESERVATION, reservation_id=stay.id)
    assert notice.subject == "Boarding"
    assert notice.due_on == datetime(2024, 6, 30).date()
    assert notice.message == (
        "The facility has accepted your Boarding reservation for Rex and Ace starting "
        "30 June 2024; confirm it to keep your place."
    )
    assert notice.needs_action


def test_it_goes_once_confirmed_or_over(kit, setup) -> None:
    sign(kit, setup.agreement_id)
    rex = kit.add_dog("Rex")
    start = kit.clock.now() + timedelta(days=2)
    confirmed = store(kit, setup, (rex,), start)
    lapsing = store(kit, setup, (rex,), start + timedelta(days=10))
    assert {notice.reservation_id for notice in booking_notices(kit)} == {
        confirmed.id,
        lapsing.id,
    }

    advance(kit, confirmed, "confirm")
    assert [notice.reservation_id for notice in booking_notices(kit)] == [lapsing.id]

    kit.clock.advance(days=16)
    assert booking_notices(kit) == []


def test_other_statuses_and_other_households_are_not_listed(kit, setup) -> None:
    sign(kit, setup.agreement_id)
    rex = kit.add_dog("Rex")
    other = kit.other_owner()
    start = kit.clock.now() + timedelta(days=5)
    for steps in ((), ("confirm",), ("waitlist",), ("confirm", "check_in")):
        store(kit, setup, (rex,), start, steps=steps)
    store(kit, setup, (rex,), start, owner_id=other.id)

    assert booking_notices(kit) == []


def test_the_most_urgent_comes_first(kit, setup) -> None:
    rex = kit.add_dog("Rex")  # no rabies on file: a missing vaccine
    stay = store(kit, setup, (rex,), kit.clock.now() + timedelta(days=3))

    notices = kit.services.portal_notifications(kit.world.fid, kit.world.account.id)

    assert [(notice.kind, notice.reservation_id) for notice in notices] == [
        (NoticeKind.RESERVATION_AWAITING_CONFIRMATION, stay.id),
        (NoticeKind.VACCINE_MISSING, None),
        (NoticeKind.AGREEMENT_TO_SIGN, None),
    ]


def test_an_account_not_linked_here_is_not_found(kit, setup) -> None:
    elsewhere = kit.new_world("elsewhere")

    with pytest.raises(NotFound):
        kit.services.portal_notifications(kit.world.fid, elsewhere.account.id)


# Bounded queries


def test_reservations_and_agreements_add_no_query_per_record(kit, setup) -> None:
    world, services = kit.world, kit.services
    rex = kit.add_dog("Rex")

    def center(ctx: Any) -> object:
        return documents.portal_notifications(ctx, world.fid, world.account.id)

    few = count_queries(services, center)
    for index in range(10):
        store(kit, setup, (rex,), kit.clock.now() + timedelta(days=3 + index))
        services.create_agreement(world.fid, world.admin, f"Rule {index}", "Text.").unwrap()
    services.define_reservation_type(
        world.fid,
        world.admin,
        ReservationTypeDetails(
            name="Daycare",
            unit="day",
            base_price=Decimal(30),
            required_agreement_ids={a.id for a in services.list_agreements(world.fid)},
        ),
    ).unwrap()

    assert len(booking_notices(kit)) == 10 + 12
    assert count_queries(services, center) == few
