"""The portal API's booking: options, evaluating a form, requesting, the household's
reservations, cancel / confirm / reschedule / book again, agreements, and the notification
center's booking items.

The catalog is set up through the services: a waiver that boarding requires, boarding by the
night (free cancellation until 48 hours before, a 25 % deposit) in a pool of one place,
grooming by appointment with a groomer, a bath add-on. Times are the facility's (Denver).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from petcare_core.domain.actors import Actor
from petcare_core.domain.ids import ReservationId
from petcare_core.domain.reservation import Reservation, ReservationLine
from petcare_core.domain.staff import StaffRole
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    BookingRequest,
    CapacityPoolDetails,
    NewStaffUser,
    ReservationTypeDetails,
)
from petcare_web.openapi import openapi_document

ZONE = ZoneInfo("America/Denver")
PASSWORD = "a-long-enough-parent-password"  # the seeded parent's (tests/api/conftest.py)


@attrs.frozen
class Booking:
    """The alpha facility's catalog and the parent's token."""

    tenant: Any
    token: str
    waiver: Any
    boarding: Any
    grooming: Any
    bath: Any
    groomer: Any
    ace: Any

    @property
    def base(self) -> str:
        return f"/portal/api/f/{self.tenant.slug}"

    @property
    def here(self) -> int:
        return int(self.tenant.locations[0].id)


def day(days: int) -> date:
    return datetime.now(ZONE).date() + timedelta(days=days)


def when(days: int, hour: int = 9, minute: int = 0) -> str:
    """A local time ``days`` from today, as a form writes it (no offset)."""
    return datetime.combine(day(days), time(hour, minute)).isoformat(timespec="minutes")


def aware(days: int, hour: int = 9) -> datetime:
    return datetime.combine(day(days), time(hour), tzinfo=ZONE)


@pytest.fixture
async def booking(api: Any, services: Any, alpha: Any) -> Booking:
    fid, ok = alpha.fid, OPERATOR
    here = alpha.locations[0].id
    waiver = services.create_agreement(
        fid, ok, "Boarding waiver", "Pets must be vaccinated.\nWe walk them twice a day."
    ).unwrap()
    boarding = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(
            name="Boarding",
            unit="night",
            base_price=Decimal(45),
            required_agreement_ids={waiver.id},
            cancellation_hours=48,
            deposit_rate=Decimal("0.25"),
        ),
    ).unwrap()
    grooming = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(
            name="Grooming",
            unit="appointment",
            base_price=Decimal(60),
            appointment_minutes=60,
            assigns_staff=True,
        ),
    ).unwrap()
    bath = services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(name="Bath", price=15, type_ids={boarding.id, grooming.id}),
    ).unwrap()
    services.define_capacity_pool(
        fid,
        ok,
        CapacityPoolDetails(
            location_id=here, name="Runs", kind="area", capacity=1, type_ids={boarding.id}
        ),
    ).unwrap()
    groomer = services.create_staff_user(
        fid, ok, NewStaffUser("gail", "Gail", "Groomer", StaffRole.EMPLOYEE)
    ).unwrap()
    ace = services.add_animal_from_portal(
        fid, alpha.account_id, {"name": "Ace", "species_id": str(alpha.dog.id)}
    ).unwrap()
    services.record_immunization(
        fid, ok, ace.id, type_id=alpha.rabies.id, expires_on=day(700)
    ).unwrap()
    token = await api.login(alpha)
    return Booking(alpha, token, waiver, boarding, grooming, bath, groomer, ace)


def form(b: Booking, **changes: Any) -> dict[str, Any]:
    """Boarding for Rex (with a bath) from ten days on, three nights."""
    return {
        "location_id": b.here,
        "type_id": b.boarding.id,
        "start": when(10),
        "end": when(13, 17),
        "pets": [{"animal_id": b.tenant.rex.id, "add_on_ids": [b.bath.id]}],
        **changes,
    }


async def sign(api: Any, b: Booking) -> Any:
    return await api.call(
        "POST",
        f"{b.base}/agreements/{b.waiver.id}/sign",
        token=b.token,
        json={"signer_name": "Pat Parker"},
    )


def staff_book(services: Any, b: Booking, start: datetime, end: datetime, pet: Any) -> Any:
    """A confirmed boarding booked by the manager (the place is taken)."""
    request = BookingRequest(
        location_id=b.here,
        type_id=b.boarding.id,
        start=start,
        end=end,
        pets=((pet.id, ()),),
        owner_id=b.tenant.pat.id,
    )
    return services.book_reservation(b.tenant.fid, b.tenant.manager, request).unwrap().reservation


async def evaluate(api: Any, b: Booking, body: Any) -> Any:
    return await api.call("POST", f"{b.base}/booking/evaluate", token=b.token, json=body)


async def get(api: Any, b: Booking, path: str, **kwargs: Any) -> Any:
    return await api.call("GET", f"{b.base}{path}", token=b.token, **kwargs)


async def request(api: Any, b: Booking, **changes: Any) -> Any:
    return await api.call("POST", f"{b.base}/reservations", token=b.token, json=form(b, **changes))


def codes(reply: Any) -> list[tuple[str, str | None]]:
    return [(reason["code"], reason["field"]) for reason in reply.json["reasons"]]


# Options


async def test_options_offer_what_the_household_may_book(api: Any, booking: Booking) -> None:
    reply = await get(api, booking, "/booking/options")

    assert reply.status == 200
    options = reply.json
    assert (options["currency"], options["timezone"]) == ("USD", "America/Denver")
    [location] = options["locations"]
    assert location["type_ids"] == [booking.boarding.id, booking.grooming.id]
    boarding, grooming = options["reservation_types"]
    assert (boarding["name"], boarding["unit"], boarding["base_price"]) == (
        "Boarding",
        "night",
        "45.00",
    )
    assert boarding["add_ons"] == [
        {"id": booking.bath.id, "name": "Bath", "price": "15.00", "charge": "per_stay"}
    ]
    assert boarding["staff"] == []
    assert boarding["deposit"] == {"kind": "percentage", "amount": None, "rate": "0.25"}
    assert boarding["free_cancellation_hours"] == 48
    assert grooming["appointment_minutes"] == 60
    assert {"id": booking.groomer.id, "first_name": "Gail"} in grooming["staff"]
    assert all(set(person) == {"id", "first_name"} for person in grooming["staff"])
    assert [pet["name"] for pet in options["pets"]] == ["Rex", "Ace"]


# Evaluating


async def test_evaluation_lists_every_reason_with_its_fix_estimate_and_deposit(
    api: Any, booking: Booking
) -> None:
    reply = await evaluate(api, booking, form(booking))

    assert reply.status == 200
    evaluation = reply.json
    assert not evaluation["can_request"]
    assert not evaluation["offers_waitlist"]
    unsigned, deposit = evaluation["reasons"]
    assert unsigned["category"] == "agreements"
    assert unsigned["blocking"]
    assert unsigned["fix"] == {
        "target": "sign_agreement",
        "animal_id": None,
        "agreement_id": booking.waiver.id,
    }
    assert "Boarding waiver" in unsigned["message"]
    assert (deposit["category"], deposit["blocking"]) == ("deposit", False)
    estimate = evaluation["estimate"]
    assert [(line["kind"], line["quantity"], line["amount"]) for line in estimate["lines"]] == [
        ("base", 3, "135.00"),
        ("add_on", 1, "15.00"),
    ]
    assert estimate["total"] == "150.00"
    assert (evaluation["deposit"], evaluation["currency"]) == ("37.50", "USD")

    await sign(api, booking)
    signed = await evaluate(api, booking, form(booking))
    assert signed.json["can_request"]
    assert [reason["code"] for reason in signed.json["reasons"]] == ["deposit_due"]


async def test_evaluation_tags_each_pet_and_reports_another_households_pet(
    api: Any, booking: Booking
) -> None:
    await sign(api, booking)
    misty = booking.tenant.misty
    body = form(booking, pets=[{"animal_id": booking.tenant.rex.id}, {"animal_id": misty.id}])

    reply = await evaluate(api, booking, body)

    assert reply.status == 200
    [pet] = [reason for reason in reply.json["reasons"] if reason["category"] == "pet"]
    assert (pet["animal_id"], pet["field"], pet["fix"]["target"]) == (
        misty.id,
        "pets",
        "choose_pets",
    )


async def test_an_add_on_the_facility_lacks_is_a_reason_and_leaves_no_estimate(
    api: Any, booking: Booking
) -> None:
    await sign(api, booking)
    body = form(booking, pets=[{"animal_id": booking.tenant.rex.id, "add_on_ids": [999_999]}])

    reply = await evaluate(api, booking, body)

    assert reply.status == 200
    [unknown] = reply.json["reasons"]
    assert (unknown["code"], unknown["category"], unknown["field"]) == (
        "unknown_add_on",
        "add_ons",
        "add_on_ids",
    )
    assert unknown["fix"] == {
        "target": "choose_add_ons",
        "animal_id": booking.tenant.rex.id,
        "agreement_id": None,
    }
    assert (reply.json["estimate"], reply.json["deposit"]) == (None, "0.00")


async def test_evaluation_needs_a_groomer_for_grooming(api: Any, booking: Booking) -> None:
    await sign(api, booking)
    body = form(booking, type_id=booking.grooming.id, start=when(5, 10), end=when(5, 11))

    without = await evaluate(api, booking, body)
    body["staff_id"] = booking.groomer.id
    chosen = await evaluate(api, booking, body)

    assert [r["code"] for r in without.json["reasons"]] == ["staff_not_chosen"]
    assert without.json["reasons"][0]["fix"]["target"] == "choose_staff"
    assert chosen.json["can_request"]


async def test_every_form_problem_is_named_at_once(api: Any, booking: Booking) -> None:
    body = {
        "location_id": "1",
        "start": "tomorrow",
        "end": "2024-02-30T10:00",
        "pets": [{"add_on_ids": [0, "x"]}, 14, {"animal_id": True, "collar": "red"}],
        "staff_id": -3,
        "join_waitlist": True,
    }

    reply = await evaluate(api, booking, body)

    assert reply.status == 422
    assert reply.json["code"] == "invalid_request"
    assert sorted(codes(reply)) == sorted(
        [
            ("invalid_value", "location_id"),
            ("required_value_missing", "type_id"),
            ("unknown_field", "join_waitlist"),
            ("invalid_value", "staff_id"),
            ("invalid_value", "start"),
            ("invalid_value", "end"),
            ("required_value_missing", "pets[0].animal_id"),
            ("invalid_value", "pets[0].add_on_ids[0]"),
            ("invalid_value", "pets[0].add_on_ids[1]"),
            ("invalid_value", "pets[1]"),
            ("unknown_field", "pets[2].collar"),
            ("invalid_value", "pets[2].animal_id"),
        ]
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"pets": []}, [("required_value_missing", "pets")]),
        ({"pets": {"animal_id": 1}}, [("invalid_value", "pets")]),
        ({"start": "0001-01-01T00:00Z"}, [("invalid_value", "start")]),
        ({"end": "9999-12-31T23:59"}, [("invalid_value", "end")]),
        ({"end": when(400)}, [("invalid_value", "end")]),
    ],
)
async def test_forms_out_of_bounds_are_refused_before_the_rules(
    api: Any, booking: Booking, changes: dict[str, Any], expected: list[Any]
) -> None:
    reply = await api.call(
        "POST",
        f"{booking.base}/booking/evaluate",
        token=booking.token,
        json=form(booking, **changes),
    )

    assert reply.status == 422
    assert codes(reply) == expected


async def test_the_use_case_names_unknown_records_with_the_clients_field_names(
    api: Any, booking: Booking
) -> None:
    body = form(booking, location_id=999_999, start=when(13), end=when(10))

    reply = await evaluate(api, booking, body)

    assert reply.status == 422
    assert reply.json["code"] == "rejected"
    assert {field for _, field in codes(reply)} == {"location_id", "end"}


async def test_times_with_an_offset_are_that_instant(api: Any, booking: Booking) -> None:
    await sign(api, booking)
    start = aware(10).astimezone(UTC).isoformat()
    end = aware(13, 17).astimezone(UTC).isoformat().replace("+00:00", "Z")

    reply = await api.call(
        "POST",
        f"{booking.base}/booking/evaluate",
        token=booking.token,
        json=form(booking, start=start, end=end),
    )

    assert reply.status == 200
    assert reply.json["estimate"]["total"] == "150.00"


# Requesting and reading


async def test_a_request_is_pending_and_readable(api: Any, booking: Booking) -> None:
    await sign(api, booking)

    reply = await request(api, booking)

    assert reply.status == 201
    made = reply.json
    assert (made["status"], made["type_name"], made["location_name"]) == (
        "requested",
        "Boarding",
        booking.tenant.locations[0].name,
    )
    assert made["start"] == aware(10).isoformat()
    assert made["pets"] == [
        {
            "animal_id": booking.tenant.rex.id,
            "name": "Rex",
            "add_on_ids": [booking.bath.id],
            "add_ons": ["Bath"],
            "lodging": None,
        }
    ]
    assert (made["estimate"]["total"], made["deposit_due"]) == ("150.00", "37.50")
    assert made["cancellation"]["outcome"] == "free"
    assert made["cancelled"] is None
    mine = await get(api, booking, "/reservations")
    assert [r["id"] for r in mine.json["pending"]] == [made["id"]]
    assert mine.json["upcoming"] == mine.json["waitlisted"] == mine.json["past"] == []
    only = await api.call(
        "GET", f"{booking.base}/reservations", token=booking.token, params={"list": "pending"}
    )
    assert list(only.json) == ["pending"]
    one = await get(api, booking, f"/reservations/{made['id']}")
    assert one.json == made


async def test_a_refused_request_names_every_reason_and_stores_nothing(
    api: Any, booking: Booking
) -> None:
    reply = await request(api, booking, start=when(10, 3))

    assert reply.status == 422
    assert reply.json["code"] == "rejected"
    assert {code for code, _ in codes(reply)} >= {"agreement_unsigned", "drop_off_outside_hours"}
    mine = await get(api, booking, "/reservations")
    assert all(not mine.json[name] for name in ("upcoming", "pending", "waitlisted", "past"))


async def test_a_full_pool_is_offered_the_waitlist(
    api: Any, services: Any, booking: Booking
) -> None:
    await sign(api, booking)
    staff_book(services, booking, aware(10), aware(13, 17), booking.ace)
    check = await evaluate(api, booking, form(booking))
    assert check.json["offers_waitlist"]
    [full] = [r for r in check.json["reasons"] if r["category"] == "capacity"]
    assert full["fix"]["target"] == "join_waitlist"

    refused = await request(api, booking)
    joined = await request(api, booking, join_waitlist=True)

    assert refused.status == 422
    assert ("capacity_full", None) in [(code, None) for code, _ in codes(refused)]
    assert joined.status == 201
    assert joined.json["status"] == "waitlisted"
    mine = await get(api, booking, "/reservations")
    assert [r["id"] for r in mine.json["waitlisted"]] == [joined.json["id"]]


async def test_another_households_or_facilitys_reservation_is_not_found(
    api: Any, services: Any, booking: Booking, beta: Any
) -> None:
    kim = booking.tenant.kim
    with services.uow_factory.for_facility(booking.tenant.fid) as uow:
        theirs, _ = Reservation.request(
            id=ReservationId(uow.new_id()),
            facility_id=booking.tenant.fid,
            location_id=booking.tenant.locations[0].id,
            owner_id=kim.id,
            type_id=booking.boarding.id,
            start=aware(10),
            end=aware(12),
            lines=(ReservationLine(booking.tenant.misty.id),),
            at=datetime.now(UTC),
            by=Actor.staff(booking.tenant.manager.id),
        )
        uow.reservations.add(theirs)
        uow.commit()
    path = f"{booking.base}/reservations/{theirs.id}"
    dates = {"start": when(20), "end": when(22)}

    answers = [
        await api.call("GET", path, token=booking.token),
        await api.call("POST", f"{path}/cancel", token=booking.token),
        await api.call("POST", f"{path}/confirm", token=booking.token),
        await api.call("POST", f"{path}/reschedule", token=booking.token, json=dates),
        await api.call("POST", f"{path}/book-again", token=booking.token, json=dates),
        await get(api, booking, "/reservations/999999999"),
        await api.call(
            "GET", f"/portal/api/f/{beta.slug}/reservations/{theirs.id}", token=booking.token
        ),
    ]

    assert [reply.status for reply in answers] == [404] * 7
    bad = await get(api, booking, "/reservations/abc")
    assert (bad.status, bad.json["code"]) == (400, "invalid_path")
    anonymous = await api.call("GET", f"{booking.base}/reservations")
    assert anonymous.status == 401


# Confirming, cancelling, rescheduling, booking again


async def test_a_reservation_awaiting_confirmation_is_in_the_notifications_until_confirmed(
    api: Any, services: Any, booking: Booking
) -> None:
    await sign(api, booking)
    made = (await request(api, booking)).json
    services.approve_reservation(
        booking.tenant.fid, booking.tenant.manager, ReservationId(made["id"]), ask_parent=True
    ).unwrap()

    notices = await get(api, booking, "/notifications")
    [notice] = [
        n for n in notices.json["notifications"] if n["kind"] == "reservation_awaiting_confirmation"
    ]
    assert notice["reservation_id"] == made["id"]
    assert notice["target"] == {
        "page": "reservation",
        "animal_id": None,
        "type_id": None,
        "reservation_id": made["id"],
    }
    assert notice["needs_action"]
    assert notice["due_on"] == day(10).isoformat()
    pending = await api.call(
        "GET", f"{booking.base}/reservations/{made['id']}", token=booking.token
    )
    assert pending.json["awaiting_confirmation"]

    confirmed = await api.call(
        "POST", f"{booking.base}/reservations/{made['id']}/confirm", token=booking.token
    )
    again = await api.call(
        "POST", f"{booking.base}/reservations/{made['id']}/confirm", token=booking.token
    )

    assert confirmed.status == 200
    assert (confirmed.json["status"], confirmed.json["awaiting_confirmation"]) == (
        "confirmed",
        False,
    )
    assert again.status == 422
    assert codes(again)[0][0] == "transition_not_allowed"
    after = await get(api, booking, "/notifications")
    assert "reservation_awaiting_confirmation" not in {
        n["kind"] for n in after.json["notifications"]
    }


async def test_an_agreement_to_sign_is_in_the_notifications_until_signed(
    api: Any, booking: Booking
) -> None:
    before = await get(api, booking, "/notifications")
    [notice] = [n for n in before.json["notifications"] if n["kind"] == "agreement_to_sign"]
    assert notice["agreement_id"] == booking.waiver.id
    assert notice["target"]["page"] == "agreement"
    assert notice["target"]["agreement_id"] == booking.waiver.id

    await sign(api, booking)

    after = await get(api, booking, "/notifications")
    assert "agreement_to_sign" not in {n["kind"] for n in after.json["notifications"]}


async def test_cancelling_follows_the_policy(api: Any, services: Any, booking: Booking) -> None:
    await sign(api, booking)
    pending = (await request(api, booking)).json
    early = staff_book(services, booking, aware(20), aware(22), booking.tenant.rex)
    late = staff_book(services, booking, aware(1, 10), aware(2, 10), booking.tenant.rex)

    free_pending = await api.call(
        "POST",
        f"{booking.base}/reservations/{pending['id']}/cancel",
        token=booking.token,
        json={"reason": "Change of plans"},
    )
    free_confirmed = await api.call(
        "POST", f"{booking.base}/reservations/{early.id}/cancel", token=booking.token
    )
    reviewed = await api.call(
        "POST", f"{booking.base}/reservations/{late.id}/cancel", token=booking.token
    )

    assert free_pending.status == 200
    assert free_pending.json["outcome"] == "cancelled"
    assert free_pending.json["reservation"]["status"] == "cancelled"
    assert free_pending.json["reservation"]["cancelled"]["reason"] == "Change of plans"
    assert free_pending.json["reservation"]["cancelled"]["late"] is False
    assert free_confirmed.json["outcome"] == "cancelled"
    assert free_confirmed.json["reservation"]["cancelled"]["reason"] == (
        "cancelled by the pet parent"
    )
    assert reviewed.status == 200
    assert reviewed.json["outcome"] == "staff_review_requested"
    assert "sent to the facility" in reviewed.json["message"]
    assert reviewed.json["reservation"]["status"] == "confirmed"
    assert reviewed.json["reservation"]["cancellation"]["outcome"] == "staff_review"
    mine = await get(api, booking, "/reservations")
    assert sorted(r["id"] for r in mine.json["past"]) == sorted([pending["id"], early.id])


async def test_a_stay_that_has_started_cannot_be_cancelled(
    api: Any, services: Any, booking: Booking
) -> None:
    staff = Actor.staff(booking.tenant.manager.id)
    with services.uow_factory.for_facility(booking.tenant.fid) as uow:
        started, _ = Reservation.book(
            id=ReservationId(uow.new_id()),
            facility_id=booking.tenant.fid,
            location_id=booking.tenant.locations[0].id,
            owner_id=booking.tenant.pat.id,
            type_id=booking.grooming.id,
            start=datetime.now(UTC) - timedelta(minutes=30),
            end=datetime.now(UTC) + timedelta(minutes=30),
            lines=(ReservationLine(booking.tenant.rex.id),),
            at=datetime.now(UTC) - timedelta(days=2),
            by=staff,
            staff_id=booking.groomer.id,
        )
        uow.reservations.add(started)
        uow.commit()

    reply = await api.call(
        "POST", f"{booking.base}/reservations/{started.id}/cancel", token=booking.token
    )

    assert reply.status == 422
    assert codes(reply) == [("cancellation_closed", None)]
    seen = await get(api, booking, f"/reservations/{started.id}")
    assert seen.json["status"] == "confirmed"
    assert seen.json["staff_first_name"] == "Gail"


async def test_a_cancellation_reason_must_be_text(api: Any, booking: Booking) -> None:
    await sign(api, booking)
    made = (await request(api, booking)).json

    reply = await api.call(
        "POST",
        f"{booking.base}/reservations/{made['id']}/cancel",
        token=booking.token,
        json={"reason": 5, "why": "x"},
    )

    assert reply.status == 422
    assert sorted(codes(reply)) == [("invalid_value", "reason"), ("unknown_field", "why")]


async def test_rescheduling_moves_a_request_or_asks_staff_late(
    api: Any, services: Any, booking: Booking
) -> None:
    await sign(api, booking)
    made = (await request(api, booking)).json
    late = staff_book(services, booking, aware(1, 10), aware(2, 10), booking.tenant.rex)

    moved = await api.call(
        "POST",
        f"{booking.base}/reservations/{made['id']}/reschedule",
        token=booking.token,
        json={"start": when(30), "end": when(32, 17)},
    )
    asked = await api.call(
        "POST",
        f"{booking.base}/reservations/{late.id}/reschedule",
        token=booking.token,
        json={"start": when(40), "end": when(41)},
    )
    same = await api.call(
        "POST",
        f"{booking.base}/reservations/{made['id']}/reschedule",
        token=booking.token,
        json={"start": when(30), "end": when(32, 17)},
    )
    closed = await api.call(
        "POST",
        f"{booking.base}/reservations/{made['id']}/reschedule",
        token=booking.token,
        json={"start": when(30, 3), "end": when(32, 17)},
    )

    assert moved.status == 200
    assert moved.json["outcome"] == "rescheduled"
    assert moved.json["reservation"]["start"] == aware(30).isoformat()
    assert moved.json["reservation"]["estimate"]["lines"][0]["quantity"] == 2
    assert asked.json["outcome"] == "staff_review_requested"
    assert asked.json["reservation"]["start"] == late.start.astimezone(ZONE).isoformat()
    assert same.status == 422
    assert codes(same) == [("invalid_value", "start")]
    assert closed.status == 422
    assert "drop_off_outside_hours" in {code for code, _ in codes(closed)}


async def test_booking_again_requests_the_same_on_new_dates(
    api: Any, services: Any, booking: Booking
) -> None:
    await sign(api, booking)
    first = staff_book(services, booking, aware(3), aware(5), booking.tenant.rex)

    again = await api.call(
        "POST",
        f"{booking.base}/reservations/{first.id}/book-again",
        token=booking.token,
        json={"start": when(50), "end": when(53, 17)},
    )
    missing = await api.call(
        "POST", f"{booking.base}/reservations/{first.id}/book-again", token=booking.token, json={}
    )

    assert again.status == 201
    assert again.json["id"] != first.id
    assert (again.json["status"], again.json["type_id"]) == ("requested", booking.boarding.id)
    assert [pet["animal_id"] for pet in again.json["pets"]] == [booking.tenant.rex.id]
    assert missing.status == 422
    assert sorted(codes(missing)) == [
        ("required_value_missing", "end"),
        ("required_value_missing", "start"),
    ]


# Agreements


async def test_agreements_to_sign_reading_and_signing(api: Any, booking: Booking) -> None:
    listed = await get(api, booking, "/agreements")
    assert listed.json == {
        "to_sign": [
            {
                "agreement_id": booking.waiver.id,
                "title": "Boarding waiver",
                "version": 1,
                "signed_version": None,
                "new_version": False,
            }
        ],
        "signed": [],
    }
    read = await api.call(
        "GET", f"{booking.base}/agreements/{booking.waiver.id}", token=booking.token
    )
    assert read.json["text"] == "Pets must be vaccinated.\nWe walk them twice a day."
    assert (read.json["signed"], read.json["signed_version"]) == (False, None)

    signed = await sign(api, booking)
    repeated = await sign(api, booking)

    assert signed.status == 201
    assert (signed.json["signer_name"], signed.json["version"], signed.json["current"]) == (
        "Pat Parker",
        1,
        True,
    )
    assert repeated.status == 200
    assert repeated.json["id"] == signed.json["id"]
    after = await get(api, booking, "/agreements")
    assert after.json["to_sign"] == []
    assert [s["id"] for s in after.json["signed"]] == [signed.json["id"]]
    read = await api.call(
        "GET", f"{booking.base}/agreements/{booking.waiver.id}", token=booking.token
    )
    assert read.json["signed"]


async def test_a_new_version_must_be_signed_again(
    api: Any, services: Any, booking: Booking
) -> None:
    await sign(api, booking)
    services.publish_agreement_version(
        booking.tenant.fid, OPERATOR, booking.waiver.id, "New rules."
    ).unwrap()

    listed = await get(api, booking, "/agreements")

    [to_sign] = listed.json["to_sign"]
    assert (to_sign["version"], to_sign["signed_version"], to_sign["new_version"]) == (2, 1, True)
    assert listed.json["signed"][0]["current"] is False


async def test_signing_checks_its_input_and_the_agreement(
    api: Any, services: Any, booking: Booking, beta: Any
) -> None:
    path = f"{booking.base}/agreements/{booking.waiver.id}/sign"
    missing = await api.call("POST", path, token=booking.token, json={"location_id": "x"})
    elsewhere = await api.call(
        "POST",
        path,
        token=booking.token,
        json={"signer_name": "Pat", "location_id": beta.locations[0].id},
    )
    services.update_agreement(
        booking.tenant.fid,
        OPERATOR,
        booking.waiver.id,
        title="Boarding waiver",
        location_ids=(),
        active=False,
    ).unwrap()
    withdrawn = await api.call("POST", path, token=booking.token, json={"signer_name": "Pat"})
    unknown = await get(api, booking, "/agreements/999999999")

    assert missing.status == 422
    assert sorted(codes(missing)) == [
        ("invalid_value", "location_id"),
        ("required_value_missing", "signer_name"),
    ]
    assert elsewhere.status == 422
    assert codes(elsewhere)[0][1] == "location_id"
    assert withdrawn.status == 404
    assert unknown.status == 404


async def test_nothing_business_only_reaches_the_parent(
    api: Any, services: Any, booking: Booking
) -> None:
    await sign(api, booking)
    made = (await request(api, booking)).json
    paths = [
        "/booking/options",
        "/reservations",
        f"/reservations/{made['id']}",
        "/agreements",
        f"/agreements/{booking.waiver.id}",
    ]
    for path in paths:
        reply = await api.call("GET", f"{booking.base}{path}", token=booking.token)
        assert reply.status == 200
        for marker in booking.tenant.markers:
            assert marker not in reply.body.decode()
        assert "203.0.113" not in reply.body.decode()
        assert "127.0.0.1" not in reply.body.decode()


# The portal's notifications page (its template renders the booking items)


async def test_the_notifications_page_links_to_the_reservation_and_the_agreement(
    api: Any, services: Any, booking: Booking
) -> None:
    await sign(api, booking)
    made = (await request(api, booking)).json
    services.approve_reservation(
        booking.tenant.fid, booking.tenant.manager, ReservationId(made["id"]), ask_parent=True
    ).unwrap()
    services.publish_agreement_version(
        booking.tenant.fid, OPERATOR, booking.waiver.id, "New rules."
    ).unwrap()
    site = f"/f/{booking.tenant.slug}"
    page = await (await api.client.get(f"{site}/login")).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    login = {"csrf_token": token.group(1), "login": booking.tenant.email, "password": PASSWORD}
    await api.client.post(f"{site}/login", data=login, allow_redirects=False)

    response = await api.client.get(f"{site}/notifications")
    body = await response.text()

    assert response.status == 200
    assert f'href="{site}/reservations/{made["id"]}"' in body
    assert "Review and confirm your Boarding reservation" in body
    assert f'href="{site}/agreements/{booking.waiver.id}"' in body
    assert "Read and sign Boarding waiver" in body
    assert "has changed since you signed version 1" in body


# Every success answer is what the OpenAPI document says (the live schemathesis run has no
# catalog to book from, so it mostly sees refusals)


def conforms(reply: Any, path: str, method: str) -> None:
    operation = openapi_document()["paths"][f"/portal/api/f/{{slug}}{path}"][method]
    schema = operation["responses"][str(reply.status)]["content"]["application/json"]["schema"]
    document = {**schema, "components": openapi_document()["components"]}
    Draft202012Validator(document, format_checker=FormatChecker()).validate(reply.json)


async def test_every_booking_answer_conforms_to_the_document(
    api: Any, services: Any, booking: Booking
) -> None:
    b, token = booking, booking.token
    signed = await sign(api, b)
    conforms(signed, "/agreements/{id}/sign", "post")
    conforms(await sign(api, b), "/agreements/{id}/sign", "post")
    conforms(await get(api, b, "/agreements"), "/agreements", "get")
    conforms(await get(api, b, f"/agreements/{b.waiver.id}"), "/agreements/{id}", "get")
    conforms(await get(api, b, "/booking/options"), "/booking/options", "get")
    conforms(await evaluate(api, b, form(b)), "/booking/evaluate", "post")
    lacking = form(b, pets=[{"animal_id": b.tenant.rex.id, "add_on_ids": [999_999]}])
    conforms(await evaluate(api, b, lacking), "/booking/evaluate", "post")
    made = await request(api, b)
    conforms(made, "/reservations", "post")
    rid = made.json["id"]
    services.approve_reservation(
        b.tenant.fid, b.tenant.manager, ReservationId(rid), ask_parent=True
    ).unwrap()
    conforms(await get(api, b, "/notifications"), "/notifications", "get")
    confirmed = await api.call("POST", f"{b.base}/reservations/{rid}/confirm", token=token)
    conforms(confirmed, "/reservations/{id}/confirm", "post")
    dates = {"start": when(30), "end": when(32)}
    moved = await api.call(
        "POST", f"{b.base}/reservations/{rid}/reschedule", token=token, json=dates
    )
    conforms(moved, "/reservations/{id}/reschedule", "post")
    later = {"start": when(60), "end": when(62)}
    again = await api.call(
        "POST", f"{b.base}/reservations/{rid}/book-again", token=token, json=later
    )
    conforms(again, "/reservations/{id}/book-again", "post")
    late = staff_book(services, b, aware(1, 10), aware(2, 10), b.tenant.rex)
    reviewed = await api.call("POST", f"{b.base}/reservations/{late.id}/cancel", token=token)
    conforms(reviewed, "/reservations/{id}/cancel", "post")
    cancelled = await api.call("POST", f"{b.base}/reservations/{rid}/cancel", token=token)
    conforms(cancelled, "/reservations/{id}/cancel", "post")
    conforms(await get(api, b, f"/reservations/{rid}"), "/reservations/{id}", "get")
    conforms(await get(api, b, "/reservations"), "/reservations", "get")
    assert [r.status for r in (signed, made, confirmed, moved, again, reviewed, cancelled)] == [
        201,
        201,
        200,
        200,
        201,
        200,
        200,
    ]
