"""Reading reservations: staff lists, the day sheet, estimates and a parent's own reservations.

The reservations are stored directly (the booking use cases are tested elsewhere), each with
the history the status machine gives it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from query_counting import count_queries

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.cancellation import CancellationOutcome
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import InvalidValue, PermissionMissing, UnknownReference
from petcare_core.domain.reservation import (
    Cancellation,
    Reservation,
    ReservationLine,
    ReservationStatus,
)
from petcare_core.domain.staff import StaffRole
from petcare_core.ports.errors import NotFound
from petcare_core.services import (
    AdditionalServiceDetails,
    CapacityPoolDetails,
    LocationDetails,
    NewOwner,
    NewStaffUser,
    ReservationTypeDetails,
    reservation_queries,
)

ZONE = ZoneInfo("America/New_York")
S = ReservationStatus


def usd(amount: str) -> Money:
    return Money.from_decimal(Decimal(amount), "USD")


def local(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(date(2024, month, day), time(hour, minute), tzinfo=ZONE)


def store(
    kit: Any,
    *,
    type_id: ReservationTypeId,
    location_id: LocationId,
    lines: tuple[ReservationLine, ...],
    start: datetime,
    end: datetime,
    steps: tuple[str, ...] = (),
    owner_id: OwnerId | None = None,
    staff_id: StaffUserId | None = None,
) -> Reservation:
    """A reservation requested (or booked, when ``steps`` starts with ``book``) a day ago and
    taken through ``steps`` now."""
    staff = HistoryActor.staff(kit.world.admin.id)
    now = kit.clock.now()
    with kit.services.uow_factory.for_facility(kit.world.fid) as uow:
        common = {
            "id": ReservationId(uow.new_id()),
            "facility_id": kit.world.fid,
            "location_id": location_id,
            "owner_id": owner_id or kit.world.owner.id,
            "type_id": type_id,
            "start": start,
            "end": end,
            "lines": lines,
            "at": now - timedelta(days=1),
            "by": staff,
            "staff_id": staff_id,
        }
        if steps[:1] == ("book",):
            reservation, _ = Reservation.book(**common)
            steps = steps[1:]
        else:
            reservation, _ = Reservation.request(**common)
        for step in steps:
            if step == "cancel":
                reservation, _ = reservation.cancel(
                    Cancellation("change of plans", staff, late=False), at=now
                )
            elif step == "deny":
                reservation, _ = reservation.deny(reason="full", at=now, by=staff)
            else:
                reservation, _ = getattr(reservation, step)(at=now, by=staff)
        uow.reservations.add(reservation)
        uow.commit()
    return reservation


@attrs.frozen
class Booked:
    """The world's catalog and reservations."""

    here: LocationId
    there: LocationId
    boarding: ReservationTypeId
    grooming: ReservationTypeId
    bath: AdditionalServiceId
    suite: LodgingId
    groomer: StaffUserId
    rex: AnimalId
    ace: AnimalId
    bo: AnimalId
    other_owner: OwnerId
    r: dict[str, Reservation]


@pytest.fixture
def booked(kit) -> Booked:
    world, services = kit.world, kit.services
    fid, admin = world.fid, world.admin
    here = services.list_locations(fid)[0].id
    there = services.add_location(fid, admin, LocationDetails(name="Uptown")).unwrap().id
    boarding = services.define_reservation_type(
        fid,
        admin,
        ReservationTypeDetails(
            name="Boarding",
            unit="night",
            base_price=Decimal(45),
            cancellation_hours=48,
            deposit_rate=Decimal("0.25"),
        ),
    ).unwrap()
    grooming = services.define_reservation_type(
        fid,
        admin,
        ReservationTypeDetails(
            name="Grooming",
            unit="appointment",
            base_price=Decimal(60),
            appointment_minutes=60,
            assigns_staff=True,
            deposit_amount=Decimal(20),
        ),
    ).unwrap()
    bath = services.define_additional_service(
        fid,
        admin,
        AdditionalServiceDetails(name="Bath", price=15, type_ids={boarding.id, grooming.id}),
    ).unwrap()
    suites = services.define_capacity_pool(
        fid,
        admin,
        CapacityPoolDetails(
            location_id=here, name="Suites", kind="room", capacity=5, type_ids={boarding.id}
        ),
    ).unwrap()
    suite = services.add_lodging(fid, admin, suites.id, "Suite 1").unwrap()
    groomer = services.create_staff_user(
        fid, admin, NewStaffUser("gail", "Gail", "Groomer", StaffRole.EMPLOYEE)
    ).unwrap()
    rex, ace = kit.add_dog("Rex").id, kit.add_dog("Ace").id
    other = kit.other_owner()
    bo = services.add_animal_as_staff(
        fid, admin, other.id, {"name": "Bo", "species_id": str(world.dog.id)}
    ).unwrap()

    def stay(*lines: ReservationLine, **fields: Any) -> Reservation:
        fields.setdefault("type_id", boarding.id)
        fields.setdefault("location_id", here)
        return store(kit, lines=lines, **fields)

    r = {
        "confirmed": stay(
            ReservationLine(rex, (bath.id,), suite.id),
            ReservationLine(ace),
            start=local(7, 1, 15),
            end=local(7, 4, 10),
            steps=("book",),
        ),
        "requested": stay(
            ReservationLine(rex),
            type_id=grooming.id,
            start=local(6, 20, 10),
            end=local(6, 20, 11),
            staff_id=groomer.id,
        ),
        "unconfirmed": stay(
            ReservationLine(ace),
            start=local(6, 25, 9),
            end=local(6, 27, 9),
            steps=("request_confirmation",),
        ),
        "waitlisted": stay(
            ReservationLine(rex),
            location_id=there,
            start=local(8, 1, 9),
            end=local(8, 3, 9),
            steps=("waitlist",),
        ),
        "checked_in": stay(
            ReservationLine(rex, (), suite.id),
            start=local(6, 14, 15),
            end=local(6, 16, 10),
            steps=("book", "check_in"),
        ),
        "checked_out": stay(
            ReservationLine(ace),
            start=local(6, 1, 9),
            end=local(6, 3, 9),
            steps=("book", "check_in", "check_out"),
        ),
        "cancelled": stay(
            ReservationLine(rex),
            start=local(7, 10, 9),
            end=local(7, 12, 9),
            steps=("book", "cancel"),
        ),
        "midnight": stay(
            ReservationLine(ace),
            start=local(7, 4, 15),
            end=local(7, 5, 0),
            steps=("book",),
        ),
        "other": stay(
            ReservationLine(bo.id),
            owner_id=other.id,
            start=local(7, 2, 9),
            end=local(7, 3, 9),
            steps=("book",),
        ),
    }
    return Booked(
        here=here,
        there=there,
        boarding=boarding.id,
        grooming=grooming.id,
        bath=bath.id,
        suite=suite.id,
        groomer=groomer.id,
        rex=rex,
        ace=ace,
        bo=bo.id,
        other_owner=other.id,
        r=r,
    )


def ids(reservations: Any) -> list[ReservationId]:
    return [item.id for item in reservations]


def names(booked: Booked, *keys: str) -> list[ReservationId]:
    return [booked.r[key].id for key in keys]


# Staff lists


def test_a_period_given_as_dates_is_whole_local_days_with_the_end_included(kit, booked) -> None:
    world, services = kit.world, kit.services

    one_day = services.reservations_between(
        world.fid, world.admin, date(2024, 7, 4), date(2024, 7, 4)
    )
    summer = services.reservations_between(
        world.fid, world.admin, date(2024, 6, 1), date(2024, 8, 31)
    )

    assert ids(one_day.unwrap().reservations) == names(booked, "confirmed", "midnight")
    assert ids(summer.unwrap().reservations) == names(
        booked,
        "checked_out",
        "checked_in",
        "requested",
        "unconfirmed",
        "confirmed",
        "other",
        "midnight",
        "cancelled",
        "waitlisted",
    )


def test_a_period_can_be_narrowed_to_a_location_and_statuses(kit, booked) -> None:
    world, services = kit.world, kit.services
    start, end = datetime(2024, 6, 1, tzinfo=UTC), datetime(2024, 9, 1, tzinfo=UTC)

    def between(**narrowing: Any) -> list[ReservationId]:
        found = services.reservations_between(world.fid, world.employee, start, end, **narrowing)
        return ids(found.unwrap().reservations)

    assert between(location_id=booked.there) == names(booked, "waitlisted")
    assert between(statuses=("Requested", S.UNCONFIRMED)) == names(
        booked, "requested", "unconfirmed"
    )
    assert between(statuses=()) == []
    # A naive datetime is the facility's local time: 09:00 in New York.
    assert ids(
        services.reservations_between(
            world.fid, world.admin, datetime(2024, 6, 27, 8), datetime(2024, 6, 27, 8, 30)
        )
        .unwrap()
        .reservations
    ) == names(booked, "unconfirmed")


def test_every_bad_input_of_a_period_is_reported_together(kit, booked) -> None:
    world, services = kit.world, kit.services
    clerk = services.create_staff_user(
        world.fid, world.admin, NewStaffUser("clerk", "Cy", "Clerk", "employee", permissions=())
    ).unwrap()

    reasons = kit.reasons(
        lambda: services.reservations_between(
            world.fid,
            world.admin,
            date(2024, 7, 2),
            date(2024, 7, 1),
            location_id=LocationId(987_654),
            statuses=("booked",),
        )
    )
    denied = kit.reasons(
        lambda: services.reservations_between(
            world.fid, clerk, date(2024, 7, 2), date(2024, 7, 1), statuses=("booked",)
        )
    )

    assert [reason.field for reason in reasons] == ["statuses", "end", "location_id"]
    assert UnknownReference("location_id", "987654") in reasons
    assert denied == (PermissionMissing("reservations.read"),)


def test_records_name_everything_a_row_shows_and_price_each_reservation(kit, booked) -> None:
    world = kit.world
    confirmed = booked.r["confirmed"]

    records = kit.services.reservations_between(
        world.fid, world.admin, date(2024, 7, 1), date(2024, 7, 2)
    ).unwrap()

    assert ids(records.reservations) == names(booked, "confirmed", "other")
    assert records.owners.keys() == {world.owner.id, booked.other_owner}
    assert [pet.name for pet in records.pets(confirmed)] == ["Rex", "Ace"]
    assert records.types[confirmed.type_id].name == "Boarding"
    assert records.lodgings[booked.suite].name == "Suite 1"
    assert records.breeds[world.labrador.id] == world.labrador
    # Three nights for two pets and one bath: 2 x 135.00 + 15.00; a quarter is the deposit.
    assert records.estimate(confirmed).total == usd("285.00")
    assert records.deposit_due(confirmed) == usd("71.25")


def test_checked_in_reservations_are_listed_whatever_their_dates(kit, booked) -> None:
    world, services = kit.world, kit.services

    everywhere = services.checked_in_reservations(world.fid, world.admin).unwrap()
    uptown = services.checked_in_reservations(world.fid, world.admin, location_id=booked.there)

    assert ids(everywhere.reservations) == names(booked, "checked_in")
    assert uptown.unwrap().reservations == ()


def test_reservations_of_a_household_or_a_pet(kit, booked) -> None:
    world, services = kit.world, kit.services
    elsewhere = kit.new_world("other-place")

    mine = services.reservations_for_owner(world.fid, world.admin, world.owner.id).unwrap()
    bos = services.reservations_for_animal(world.fid, world.admin, booked.bo).unwrap()

    assert booked.r["other"].id not in ids(mine.reservations)
    assert len(mine.reservations) == 8
    assert ids(bos.reservations) == names(booked, "other")
    with pytest.raises(NotFound):
        services.reservations_for_owner(world.fid, world.admin, elsewhere.owner.id)
    with pytest.raises(NotFound):
        services.reservations_for_animal(world.fid, world.admin, AnimalId(987_654))


def test_recently_cancelled_reads_the_time_of_the_cancellation(kit, booked) -> None:
    world, services = kit.world, kit.services

    today = services.recently_cancelled(world.fid, world.admin, date(2024, 6, 15)).unwrap()
    tomorrow = services.recently_cancelled(
        world.fid, world.admin, date(2024, 6, 16), date(2024, 6, 20)
    ).unwrap()
    uptown = services.recently_cancelled(
        world.fid, world.admin, date(2024, 6, 1), location_id=booked.there
    ).unwrap()

    assert ids(today.reservations) == names(booked, "cancelled")
    assert tomorrow.reservations == ()
    assert uptown.reservations == ()
    assert kit.reasons(
        lambda: services.recently_cancelled(
            world.fid, world.admin, date(2024, 6, 16), date(2024, 6, 15)
        )
    ) == (InvalidValue("end", "is before start"),)


def test_one_reservation_with_its_records(kit, booked) -> None:
    world, services = kit.world, kit.services
    requested = booked.r["requested"]

    detail = services.get_reservation(world.fid, world.employee, requested.id).unwrap()

    assert detail.reservation == requested
    assert detail.overrides == ()
    assert detail.records.staff[booked.groomer].first_name == "Gail"
    with pytest.raises(NotFound):
        services.get_reservation(world.fid, world.admin, ReservationId(987_654))


def test_the_estimate_of_a_stored_reservation(kit, booked) -> None:
    world, services = kit.world, kit.services

    priced = services.reservation_estimate(world.fid, world.admin, booked.r["requested"].id)
    with_bath = services.reservation_estimate(world.fid, world.admin, booked.r["confirmed"].id)

    assert priced.unwrap().estimate.total == usd("60")
    assert priced.unwrap().deposit_due == usd("20")
    assert priced.unwrap().add_ons == {}
    assert with_bath.unwrap().add_ons.keys() == {booked.bath}
    assert with_bath.unwrap().location.id == booked.here
    with pytest.raises(NotFound):
        services.reservation_estimate(world.fid, world.admin, ReservationId(987_654))


# The day sheet


def test_the_day_sheet_lists_arrivals_departures_and_pets_checked_in(kit, booked) -> None:
    world, services = kit.world, kit.services

    sheet = services.day_sheet(world.fid, world.employee, booked.here, date(2024, 7, 4)).unwrap()
    today = services.day_sheet(world.fid, world.employee, booked.here, date(2024, 6, 16)).unwrap()
    after_midnight = services.day_sheet(
        world.fid, world.employee, booked.here, date(2024, 7, 5)
    ).unwrap()

    assert ids(entry.reservation for entry in sheet.arrivals) == names(booked, "midnight")
    assert ids(entry.reservation for entry in sheet.departures) == names(booked, "confirmed")
    [leaving] = sheet.departures
    assert leaving.owner_name == "Pat Parent"
    assert leaving.type_name == "Boarding"
    assert [(pet.name, pet.add_ons, pet.lodging) for pet in leaving.pets] == [
        ("Rex", ("Bath",), "Suite 1"),
        ("Ace", (), None),
    ]
    assert ids(entry.reservation for entry in today.departures) == names(booked, "checked_in")
    assert ids(entry.reservation for entry in today.checked_in) == names(booked, "checked_in")
    assert today.arrivals == ()
    assert ids(entry.reservation for entry in after_midnight.departures) == names(
        booked, "midnight"
    )


def test_the_day_sheet_names_the_groomer_and_needs_a_known_location(kit, booked) -> None:
    world, services = kit.world, kit.services
    store(
        kit,
        type_id=booked.grooming,
        location_id=booked.here,
        lines=(ReservationLine(booked.rex),),
        start=local(6, 21, 10),
        end=local(6, 21, 11),
        steps=("book",),
        staff_id=booked.groomer,
    )

    sheet = services.day_sheet(world.fid, world.admin, booked.here, date(2024, 6, 21)).unwrap()

    assert [entry.staff_name for entry in sheet.arrivals] == ["Gail Groomer"]
    assert kit.reasons(
        lambda: services.day_sheet(world.fid, world.admin, LocationId(987_654), date(2024, 6, 21))
    ) == (UnknownReference("location_id", "987654"),)


# The parent's reservations


def test_a_parent_sees_their_reservations_sorted_for_the_portal(kit, booked) -> None:
    world = kit.world

    mine = kit.services.my_reservations(world.fid, world.account.id)

    assert ids(view.reservation for view in mine.upcoming) == names(
        booked, "checked_in", "confirmed", "midnight"
    )
    assert ids(view.reservation for view in mine.pending) == names(
        booked, "requested", "unconfirmed"
    )
    assert ids(view.reservation for view in mine.waitlisted) == names(booked, "waitlisted")
    assert ids(view.reservation for view in mine.past) == names(booked, "cancelled", "checked_out")


def test_a_reservation_view_names_what_the_parent_booked(kit, booked) -> None:
    world, services = kit.world, kit.services

    stay = services.my_reservation(world.fid, world.account.id, booked.r["confirmed"].id)
    groom = services.my_reservation(world.fid, world.account.id, booked.r["requested"].id)
    asked = services.my_reservation(world.fid, world.account.id, booked.r["unconfirmed"].id)
    inside = services.my_reservation(world.fid, world.account.id, booked.r["checked_in"].id)

    assert (stay.type_name, stay.location_name) == ("Boarding", "Happy Paws")
    assert stay.pet_names == ("Rex", "Ace")
    assert stay.add_on_names == ("Bath",)
    assert stay.pets[0].lodging == "Suite 1"
    assert stay.staff_first_name is None
    assert stay.estimate_total == usd("285")
    assert stay.deposit_due == usd("71.25")
    assert stay.cancellation.outcome is CancellationOutcome.FREE
    assert stay.cancellation.free_until == local(6, 29, 15)
    assert groom.staff_first_name == "Gail"
    assert asked.awaiting_confirmation
    assert inside.cancellation.outcome is CancellationOutcome.NOT_ALLOWED


def test_another_households_reservation_is_not_found(kit, booked) -> None:
    world, services = kit.world, kit.services
    elsewhere = kit.new_world("other-place")

    with pytest.raises(NotFound):
        services.my_reservation(world.fid, world.account.id, booked.r["other"].id)
    with pytest.raises(NotFound):
        services.my_reservation(world.fid, world.account.id, ReservationId(987_654))
    with pytest.raises(NotFound):
        services.my_reservations(world.fid, elsewhere.account.id)
    assert services.my_reservations(elsewhere.fid, elsewhere.account.id).upcoming == ()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=-60 * 24 * 30, max_value=60 * 24 * 90))
def test_every_reservation_is_in_exactly_one_list_whenever_the_parent_looks(
    kit, booked, offset: int
) -> None:
    world = kit.world
    kit.clock.current = datetime(2024, 6, 15, 14, tzinfo=UTC) + timedelta(minutes=offset)
    now = kit.clock.current

    mine = kit.services.my_reservations(world.fid, world.account.id)

    lists = {
        "upcoming": mine.upcoming,
        "pending": mine.pending,
        "waitlisted": mine.waitlisted,
        "past": mine.past,
    }
    seen = [view.reservation for views in lists.values() for view in views]
    assert sorted(ids(seen)) == sorted(r.id for key, r in booked.r.items() if key != "other")
    for name, views in lists.items():
        starts = [view.reservation.start for view in views]
        assert starts == sorted(starts, reverse=name == "past")
        for view in views:
            reservation = view.reservation
            if reservation.status is S.CHECKED_IN:
                assert name == "upcoming"
            elif name != "past":
                assert reservation.end > now
            if reservation.status in {S.CANCELLED, S.CHECKED_OUT, S.DENIED, S.NO_SHOW}:
                assert name == "past"


# Bounded queries


def test_views_are_built_in_a_fixed_number_ofcount_queries(kit, booked) -> None:
    world, services = kit.world, kit.services

    def mine(ctx: Any) -> object:
        return reservation_queries.my_reservations(ctx, world.fid, world.account.id)

    def july(ctx: Any) -> object:
        start, end = date(2024, 7, 1), date(2024, 7, 31)
        return reservation_queries.reservations_between(ctx, world.fid, world.admin, start, end)

    few_mine, few_july = count_queries(services, mine), count_queries(services, july)
    for index in range(12):
        store(
            kit,
            type_id=booked.boarding,
            location_id=booked.here,
            lines=(ReservationLine(booked.rex), ReservationLine(booked.ace)),
            start=local(7, 1 + index, 9),
            end=local(7, 2 + index, 9),
            steps=("book",),
        )

    assert count_queries(services, mine) == few_mine
    assert count_queries(services, july) == few_july


def test_many_households_are_read_in_one_query_each_for_owners_and_pets(kit, booked) -> None:
    world, services = kit.world, kit.services

    def july(ctx: Any) -> object:
        start, end = date(2024, 7, 1), date(2024, 7, 31)
        return reservation_queries.reservations_between(ctx, world.fid, world.admin, start, end)

    counts = []
    for batch in range(2):
        for index in range(25):
            owner = services.create_owner(
                world.fid, world.admin, NewOwner("Fam", f"{batch}-{index}")
            ).unwrap()
            pet = services.add_animal_as_staff(
                world.fid, world.admin, owner.id, {"name": "Pup", "species_id": str(world.dog.id)}
            ).unwrap()
            store(
                kit,
                type_id=booked.boarding,
                location_id=booked.here,
                lines=(ReservationLine(pet.id),),
                owner_id=owner.id,
                start=local(7, 10, 9),
                end=local(7, 11, 9),
                steps=("book",),
            )
        records = july(services._ctx)
        assert len(records.unwrap().owners) == 2 + 25 * (batch + 1)
        counts.append(count_queries(services, july))

    assert counts[0] == counts[1]
