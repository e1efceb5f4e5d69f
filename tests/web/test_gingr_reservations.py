"""The Gingr reservation endpoints: ``reservations``, ``reservations_by_animal``,
``reservations_by_owner``, ``reservation_types``, ``get_services_by_type``,
``recently_cancelled_reservations``, ``existing_reservation_estimate``, ``back_of_house``, and
the owner row's reservation columns: shapes, filters, limits, errors, permissions, tenants,
and the same answers over memory, SQLite and PostgreSQL.

Reservations are stored directly through a unit of work, each with the history the status
machine gives it (the booking use cases are tested elsewhere).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from multidict import MultiDict

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.ids import ReservationId
from petcare_core.domain.reservation import Cancellation, Reservation, ReservationLine
from petcare_core.domain.staff import Permission, StaffRole
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    CapacityPoolDetails,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
)
from petcare_web.app import create_app
from petcare_web.config import WebConfig

pytestmark = pytest.mark.asyncio

DENVER = ZoneInfo("America/Denver")
NESTED_FIELDS = {
    "reservation_id", "standing_reservation", "start_date", "end_date", "cancelled_date",
    "confirmed_date", "check_in_date", "check_out_date", "created_date", "wait_list_date",
    "reservation_type", "notes", "warnings", "animal", "owner", "services", "deposit",
    "transaction",
}  # fmt: skip
FLAT_FIELDS = {
    "a_id", "animal_id", "animal_name", "gender", "fixed", "vip", "medicines", "image",
    "species_id", "a_notes", "grooming_notes", "birthday", "weight", "pricing_rules_apply",
    "next_immunization_expiration", "o_id", "o_first", "o_last", "address_1", "address_2",
    "city", "state", "zip", "email", "home_phone", "cell_phone", "emergency_contact_name",
    "emergency_contact_phone", "o_notes", "current_balance", "default_payment_method_fk",
    "stripe_customer_id", "vet_id", "vet_name", "vet_phone", "barcode", "r_id", "start_date",
    "end_date", "r_notes", "confirmed_stamp", "cancel_stamp", "check_in_stamp",
    "check_out_stamp", "wait_list_stamp", "wait_list_accepted_stamp", "location_id",
    "last_email_sent", "last_sms_sent", "class_id", "type_id", "self_made", "answer_1",
    "answer_2", "answer_3", "created_at", "base_rate", "final_rate", "units_of_time", "void_id",
    "created_by", "breed_id", "breed_name", "feeding_method", "feeding_type", "feeding_notes",
    "temperment_type", "default_payment_method", "payment_amount", "type", "question_1",
    "question_2", "question_3", "charge_by_hour", "single_day", "only_appointment",
    "show_on_feeding_report", "show_on_medication_report", "account_code_id", "location_name",
    "location_city", "location_timezone", "cancellation_reason", "cancellation_reason_id",
    "cancelled_by_username", "services_string", "feeding_time", "feeding_amount",
    "check_in_stamp_formatted", "check_out_stamp_formatted", "start_date_formatted",
    "end_date_formatted",
}  # fmt: skip
TYPE_FIELDS = {
    "id", "type", "description", "quick_add", "only_appointment", "late_checkout_time",
    "late_checkout_fee", "color", "ask_questions", "auto_print_labels", "auto_print_run_card",
    "question_1", "question_2", "question_3", "board_together", "charge_by_hour",
    "charge_by_24_hours", "charge_by_midnights_crossed", "charge_once", "increment_by",
    "status", "allow_new_reservations", "is_taxed", "convert_to", "convert_at",
    "convert_after_minutes", "email_minutes_before_start", "sms_minutes_before_start",
    "email_survey_minutes_after_checkout", "email_survey_every_number_reservations",
    "compound_pricing_rules", "show_customer_rates", "customer_cancel_before_minutes",
    "number_days_max_start", "is_deleted", "interval", "email_custom_text", "single_day",
    "dropoff_times", "show_on_feeding_report", "show_on_medication_report",
    "require_reservation_of_type", "capacity_by_lodging", "show_availability_calendar_employees",
    "show_availability_calendar_customers", "account_code_id", "booking_category_id",
    "reservation_type", "name",
}  # fmt: skip
RESERVATION_ENDPOINTS: dict[str, dict[str, str]] = {
    "reservations": {"checked_in": "true"},
    "reservations_by_animal": {"id": "{rex}"},
    "reservations_by_owner": {"id": "{pat}"},
    "recently_cancelled_reservations": {},
    "existing_reservation_estimate": {"id": "{confirmed}"},
    "back_of_house": {},
}


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=DENVER)


def today() -> date:
    return datetime.now(DENVER).date()


@attrs.frozen
class Booked:
    """The tenant's catalog and reservations (``r`` by name)."""

    tenant: Any
    boarding: Any
    grooming: Any
    retired: Any
    bath: Any
    walk: Any
    suite: Any
    groomer: Any
    r: dict[str, Reservation]

    def rid(self, name: str) -> str:
        return str(self.r[name].id)


def store(
    services: PetcareServices,
    tenant: Any,
    *,
    type_id: Any,
    lines: tuple[ReservationLine, ...],
    start: datetime,
    end: datetime,
    steps: tuple[str, ...] = (),
    owner_id: Any = None,
    location_id: Any = None,
    staff_id: Any = None,
    by_owner: bool = False,
) -> Reservation:
    """A reservation requested (or booked, when ``steps`` starts with ``book``) two days ago
    and taken through ``steps`` a day ago, stored as is."""
    staff = HistoryActor.staff(tenant.manager.id)
    owner = owner_id or tenant.pat.id
    creator = HistoryActor.owner(owner) if by_owner else staff
    now = datetime.now(DENVER)
    with services.uow_factory.for_facility(tenant.fid) as uow:
        common = {
            "id": ReservationId(uow.new_id()),
            "facility_id": tenant.fid,
            "location_id": location_id or tenant.locations[0].id,
            "owner_id": owner,
            "type_id": type_id,
            "start": start,
            "end": end,
            "lines": lines,
            "at": now - timedelta(days=2),
            "by": creator,
            "staff_id": staff_id,
        }
        if steps[:1] == ("book",):
            reservation, _ = Reservation.book(**common)
            steps = steps[1:]
        else:
            reservation, _ = Reservation.request(**common)
        at = now - timedelta(days=1)
        for step in steps:
            if step == "cancel":
                reservation, _ = reservation.cancel(
                    Cancellation("change of plans", staff, late=False), at=now
                )
            elif step == "deny":
                reservation, _ = reservation.deny(reason="no room", at=at, by=staff)
            else:
                reservation, _ = getattr(reservation, step)(at=at, by=staff)
        uow.reservations.add(reservation)
        uow.commit()
    return reservation


def seed(services: PetcareServices, tenant: Any) -> Booked:
    """Boarding (25% deposit), grooming (appointments with a groomer), a retired type, two
    add-ons, a suite, and reservations in every status around today."""
    fid, ok = tenant.fid, OPERATOR
    boarding = services.define_reservation_type(
        fid,
        ok,
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
        ok,
        ReservationTypeDetails(
            name="Grooming",
            unit="appointment",
            base_price=Decimal(60),
            appointment_minutes=60,
            assigns_staff=True,
            location_ids=frozenset({tenant.locations[0].id}),
        ),
    ).unwrap()
    retired = services.define_reservation_type(
        fid,
        ok,
        ReservationTypeDetails(name="Training", unit="day", base_price=Decimal(30), active=False),
    ).unwrap()
    bath = services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(name="Bath", price=15, type_ids={boarding.id, grooming.id}),
    ).unwrap()
    walk = services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(
            name="Extra walk", price=Decimal("5.50"), charge="per_unit", type_ids={boarding.id}
        ),
    ).unwrap()
    services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(name="Old bow", price=3, type_ids={boarding.id}, active=False),
    ).unwrap()
    suites = services.define_capacity_pool(
        fid,
        ok,
        CapacityPoolDetails(
            location_id=tenant.locations[0].id,
            name="Suites",
            kind="room",
            capacity=5,
            type_ids={boarding.id},
        ),
    ).unwrap()
    suite = services.add_lodging(fid, ok, suites.id, "Suite 1").unwrap()
    groomer = services.create_staff_user(
        fid, ok, NewStaffUser(f"gail-{fid}", "Gail", "Groomer", StaffRole.EMPLOYEE)
    ).unwrap()
    d = today()
    rex, bolt, misty = tenant.rex.id, tenant.bolt.id, tenant.misty.id

    def stay(*lines: ReservationLine, **fields: Any) -> Reservation:
        fields.setdefault("type_id", boarding.id)
        return store(services, tenant, lines=lines, **fields)

    r = {
        "confirmed": stay(
            ReservationLine(rex, (bath.id, walk.id), suite.id),
            ReservationLine(bolt),
            start=local(d + timedelta(days=10), 15),
            end=local(d + timedelta(days=13), 10),
            steps=("book",),
        ),
        "requested": stay(
            ReservationLine(rex, (bath.id,)),
            type_id=grooming.id,
            start=local(d + timedelta(days=11), 10),
            end=local(d + timedelta(days=11), 11),
            staff_id=groomer.id,
            by_owner=True,
        ),
        "waitlisted": stay(
            ReservationLine(rex),
            location_id=tenant.locations[1].id,
            start=local(d + timedelta(days=15), 9),
            end=local(d + timedelta(days=17), 9),
            steps=("waitlist",),
        ),
        "offered": stay(
            ReservationLine(rex),
            start=local(d + timedelta(days=25), 9),
            end=local(d + timedelta(days=26), 9),
            steps=("waitlist", "request_confirmation"),
        ),
        "checked_in": stay(
            ReservationLine(rex, (), suite.id),
            start=local(d - timedelta(days=1), 15),
            end=local(d + timedelta(days=1), 10),
            steps=("book", "check_in"),
        ),
        "checked_out": stay(
            ReservationLine(rex),
            start=local(d - timedelta(days=20), 9),
            end=local(d - timedelta(days=18), 9),
            steps=("book", "check_in", "check_out"),
        ),
        "older": stay(
            ReservationLine(rex),
            start=local(d - timedelta(days=40), 9),
            end=local(d - timedelta(days=39), 9),
            steps=("book", "check_in", "check_out"),
        ),
        "cancelled": stay(
            ReservationLine(rex),
            start=local(d + timedelta(days=20), 9),
            end=local(d + timedelta(days=22), 9),
            steps=("book", "cancel"),
        ),
        "denied": stay(
            ReservationLine(rex),
            start=local(d + timedelta(days=12), 9),
            end=local(d + timedelta(days=14), 9),
            steps=("deny",),
        ),
        "kim": stay(
            ReservationLine(misty),
            owner_id=tenant.kim.id,
            start=local(d + timedelta(days=10), 8),
            end=local(d + timedelta(days=11), 17),
            steps=("book",),
        ),
    }
    return Booked(tenant, boarding, grooming, retired, bath, walk, suite, groomer, r)


@pytest.fixture
def booked(services: PetcareServices, alpha: Any) -> Booked:
    return seed(services, alpha)


@pytest.fixture
def other(services: PetcareServices, beta: Any, booked: Booked) -> Booked:
    """The second facility's catalog and reservations, on the same dates."""
    return seed(services, beta)


def _day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def _scalars(row: dict[str, Any]) -> bool:
    return all(value is None or isinstance(value, str) for value in row.values())


def _is_error(body: Any, code: str = "invalid_request") -> bool:
    return (
        body["success"] is False
        and body["status"] == "error"
        and isinstance(body["error"], str)
        and body["code"] == code
    )


# reservations


async def test_reservations_answer_an_object_keyed_by_id_with_nested_rows(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    status, body = await call(
        client, "reservations", booked.tenant.key, start_date=_day(9), end_date=_day(14)
    )
    assert status == 200
    assert (body["success"], body["error"]) == (True, False)
    data = body["data"]
    assert isinstance(data, dict)
    assert set(data) == {booked.rid(name) for name in ("confirmed", "requested", "denied", "kim")}
    for key, row in data.items():
        assert row["reservation_id"] == key
        assert set(row) >= NESTED_FIELDS
    row = data[booked.rid("confirmed")]
    stay = booked.r["confirmed"]
    assert row["standing_reservation"] is False
    assert datetime.fromisoformat(row["start_date"]) == stay.start
    assert row["start_date"].endswith(("-06:00", "-07:00"))
    assert datetime.fromisoformat(row["end_date"]) == stay.end
    assert row["confirmed_date"] is not None
    assert (row["cancelled_date"], row["check_in_date"], row["check_out_date"]) == (None,) * 3
    assert row["wait_list_date"] is None
    assert row["status"] == "confirmed"
    assert row["reservation_type"] == {"id": str(booked.boarding.id), "type": "Boarding"}
    assert row["animal"] == {"id": str(booked.tenant.rex.id), "name": "Rex Parker",
                             "breed": "Labrador"}  # fmt: skip
    assert [pet["name"] for pet in row["animals"]] == ["Rex Parker", "Bolt Parker"]
    assert row["owner"]["id"] == str(booked.tenant.pat.id)
    assert row["owner"]["region"] == "CO"
    assert row["notes"] == {
        "reservation_notes": "",
        "animal_notes": "alpha escape artist",
        "owner_notes": "alpha pays late",
    }
    assert row["warnings"] == {"medicines": "Half a pill at dinner", "allergies": ""}
    services = {service["name"]: service for service in row["services"]}
    assert services["Bath"]["cost"] == 15.0
    assert services["Extra walk"]["cost"] == 16.5  # 3 nights at 5.50
    assert all(_scalars({k: v for k, v in s.items() if k != "cost"}) for s in row["services"])
    # 2 pets x 3 nights x 45 + 15 + 16.50 = 301.50; 25% deposit, half-up.
    assert row["deposit"]["amount"] == "75.38"
    assert row["deposit"]["paid_amount"] == "0.00"
    assert row["transaction"] == []
    denied = data[booked.rid("denied")]
    assert denied["status"] == "denied"
    assert denied["cancelled_date"] is not None
    assert denied["confirmed_date"] is None
    kim = data[booked.rid("kim")]
    assert kim["deposit"]["amount"] == "11.25"
    assert kim["services"] == []
    assert kim["animal"]["breed"] == "Siamese"
    grooming = data[booked.rid("requested")]
    assert grooming["deposit"] == []
    assert grooming["services"][0]["assigned_to"] == "Gail Groomer"
    assert grooming["services"][0]["scheduled_at"] == grooming["start_date"]


async def test_thirty_days_are_accepted_and_thirty_one_refused(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    key = booked.tenant.key
    _, body = await call(client, "reservations", key, start_date=_day(-5), end_date=_day(25))
    assert body["success"] is True
    assert booked.rid("offered") in body["data"]
    assert booked.rid("checked_in") in body["data"]
    status, body = await call(
        client, "reservations", key, method="POST", start_date=_day(-5), end_date=_day(26)
    )
    assert status == 200
    assert _is_error(body)
    assert "31 days apart" in body["error"]
    assert "30" in body["error"]


async def test_checked_in_ignores_dates_and_filters_by_location(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    key, here, there = booked.tenant.key, booked.tenant.locations[0], booked.tenant.locations[1]
    _, body = await call(
        client, "reservations", key, checked_in="true", start_date=_day(30), end_date=_day(31)
    )
    assert list(body["data"]) == [booked.rid("checked_in")]
    row = body["data"][booked.rid("checked_in")]
    assert row["check_in_date"] is not None
    assert row["deposit"]["amount"] == "22.50"
    _, body = await call(client, "reservations", key, checked_in="true", location_id=str(there.id))
    assert body["data"] == {}
    _, body = await call(
        client, "reservations", key, method="POST", checked_in="1", location_id=str(here.id)
    )
    assert list(body["data"]) == [booked.rid("checked_in")]
    _, body = await call(
        client,
        "reservations",
        key,
        checked_in="false",
        start_date=_day(15),
        end_date=_day(16),
        location_id=str(there.id),
    )
    assert list(body["data"]) == [booked.rid("waitlisted")]


async def test_reservations_empty_and_refused_inputs(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    key = booked.tenant.key
    _, body = await call(client, "reservations", key, start_date=_day(100), end_date=_day(101))
    assert body == {"success": True, "error": False, "data": {}}
    cases = {
        "start_date and end_date": {},
        "checked_in=true": {"start_date": _day(1)},
        "end_date is before start_date": {"start_date": _day(3), "end_date": _day(1)},
        "start_date must be a date": {"start_date": "tomorrow", "end_date": _day(1)},
        "from 1970-01-01 to 2999-12-31": {"start_date": "9999-12-30", "end_date": "9999-12-31"},
        "checked_in must be true or false": {"checked_in": "maybe"},
        "location_id must be a positive whole number": {"checked_in": "true", "location_id": "x"},
        "no record with id '999999999'": {"checked_in": "true", "location_id": "999999999"},
    }
    for expected, params in cases.items():
        status, body = await call(client, "reservations", key, **params)
        assert status == 200
        assert _is_error(body), params
        assert expected in body["error"], (expected, body["error"])


async def test_reservations_datetimes_are_accepted(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    start = local(today() + timedelta(days=10), 16).isoformat()
    end = local(today() + timedelta(days=10), 17).isoformat()
    _, body = await call(client, "reservations", booked.tenant.key, start_date=start, end_date=end)
    assert set(body["data"]) == {booked.rid("confirmed"), booked.rid("kim")}


# reservations_by_animal / reservations_by_owner


async def test_reservations_by_animal_answer_flat_rows(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    tenant = booked.tenant
    status, body = await call(client, "reservations_by_animal", tenant.key, id=str(tenant.rex.id))
    assert status == 200
    rows = body["data"]
    assert isinstance(rows, list)
    assert all(_scalars(row) for row in rows)
    assert all(set(row) >= FLAT_FIELDS for row in rows)
    assert {row["a_id"] for row in rows} == {str(tenant.rex.id)}
    ids = [row["r_id"] for row in rows]
    expected = [booked.r[n] for n in booked.r if tenant.rex.id in booked.r[n].animal_ids]
    expected.sort(key=lambda r: (r.start, r.id))
    assert ids == [str(r.id) for r in expected]
    row = next(row for row in rows if row["r_id"] == booked.rid("confirmed"))
    stay = booked.r["confirmed"]
    assert row["start_date"] == str(int(stay.start.timestamp()))
    assert row["end_date"] == str(int(stay.end.timestamp()))
    assert row["o_id"] == str(tenant.pat.id)
    assert (row["o_first"], row["o_last"], row["state"], row["zip"]) == (
        "Pat",
        "Parker",
        "CO",
        "80302",
    )
    assert (row["animal_name"], row["gender"], row["fixed"]) == ("Rex", "Male", "1")
    assert (row["breed_name"], row["temperment_type"], row["vet_name"]) == (
        "Labrador",
        "Shy",
        "alpha Vets",
    )
    assert row["type"] == "Boarding"
    assert (row["base_rate"], row["units_of_time"]) == ("45.00", "3")
    assert row["services_string"] == "Bath, Extra walk"
    assert row["lodging_name"] == "Suite 1"
    assert (row["single_day"], row["only_appointment"]) == ("0", "0")
    assert row["location_name"] == "alpha Downtown"
    assert row["location_timezone"] == "America/Denver"
    assert row["self_made"] == "0"
    assert row["created_by"] == str(tenant.manager.id)
    local_start = stay.start.astimezone(DENVER)
    assert row["start_date_formatted"] == (
        f"{local_start:%m/%d/%Y} {local_start.hour % 12 or 12}:00 "
        f"{'AM' if local_start.hour < 12 else 'PM'}"
    )
    assert row["check_in_stamp_formatted"] is None
    assert row["confirmed_stamp"] is not None
    assert row["cancel_stamp"] is None
    requested = next(row for row in rows if row["r_id"] == booked.rid("requested"))
    assert (requested["self_made"], requested["only_appointment"]) == ("1", "1")
    assert requested["created_by"] is None
    assert requested["confirmed_stamp"] is None
    cancelled = next(row for row in rows if row["r_id"] == booked.rid("cancelled"))
    assert cancelled["cancel_stamp"] is not None
    assert cancelled["cancellation_reason"] == "change of plans"
    assert cancelled["cancelled_by_username"] == tenant.manager.username
    checked_out = next(row for row in rows if row["r_id"] == booked.rid("checked_out"))
    assert checked_out["check_in_stamp"] is not None
    assert checked_out["check_out_stamp"] is not None
    assert checked_out["check_out_stamp_formatted"] is not None
    offered = next(row for row in rows if row["r_id"] == booked.rid("offered"))
    assert offered["wait_list_stamp"] is not None
    assert offered["wait_list_accepted_stamp"] is not None
    # GET and POST give the same answer.
    _, posted = await call(
        client, "reservations_by_animal", tenant.key, method="POST", id=str(tenant.rex.id)
    )
    assert posted == body


async def test_reservations_by_owner_answer_one_row_per_pet(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    tenant = booked.tenant
    _, body = await call(
        client, "reservations_by_owner", tenant.key, method="POST", id=str(tenant.pat.id)
    )
    rows = body["data"]
    confirmed = [row for row in rows if row["r_id"] == booked.rid("confirmed")]
    assert [row["animal_name"] for row in confirmed] == ["Rex", "Bolt"]
    assert [row["services_string"] for row in confirmed] == ["Bath, Extra walk", ""]
    # Each pet's share of the estimate: Rex pays his add-ons, both pay 3 nights.
    assert [row["final_rate"] for row in confirmed] == ["166.50", "135.00"]
    assert booked.rid("kim") not in {row["r_id"] for row in rows}
    _, body = await call(client, "reservations_by_owner", tenant.key, id=str(tenant.kim.id))
    assert [row["r_id"] for row in body["data"]] == [booked.rid("kim")]
    _, body = await call(client, "reservations_by_owner", tenant.key, id=str(tenant.lee.id))
    assert body["data"] == []


async def _rows(client: Any, endpoint: str, pairs: list[tuple[str, str]], method: str) -> Any:
    if method == "GET":
        response = await client.get(f"/api/v1/{endpoint}", params=MultiDict(pairs))
    else:
        response = await client.post(f"/api/v1/{endpoint}", data=MultiDict(pairs))
    return await response.json()


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_restrict_to_and_every_filter(make_client: Any, booked: Booked, method: str) -> None:
    client = await make_client()
    tenant = booked.tenant
    base = [("key", tenant.key), ("id", str(tenant.pat.id))]

    async def ids(endpoint: str, *extra: tuple[str, str], base_pairs: Any = base) -> list[str]:
        body = await _rows(client, endpoint, [*base_pairs, *extra], method)
        assert body["success"] is True, body
        return [row["r_id"] for row in body["data"]]

    r = booked.rid
    by = "reservations_by_owner"
    assert await ids(by, ("restrict_to", "pending_requests")) == [r("requested")]
    assert await ids(by, ("restrict_to", "currently_checked_in")) == [r("checked_in")]
    assert await ids(by, ("restrict_to", "wait_listed")) == [r("waitlisted")]
    future = await ids(by, ("restrict_to", "future"))
    assert future == [
        r("confirmed"), r("confirmed"), r("requested"), r("denied"), r("waitlisted"),
        r("cancelled"), r("offered"),
    ]  # fmt: skip
    # The past comes latest first, so that a limit keeps the most recent stays.
    assert await ids(by, ("restrict_to", "past")) == [r("checked_out"), r("older")]
    assert await ids(by, ("restrict_to", "past"), ("params[limit]", "1")) == [r("checked_out")]
    assert await ids(by, ("params[cancelledOnly]", "true")) == [r("denied"), r("cancelled")]
    assert await ids(by, ("params[completedOnly]", "true")) == [r("older"), r("checked_out")]
    confirmed_only = await ids(by, ("params[confirmedOnly]", "1"))
    assert confirmed_only == [r("older"), r("checked_out"), r("checked_in"), r("confirmed"),
                              r("confirmed")]  # fmt: skip
    assert await ids(by, ("params[confirmedOnly]", "true"), ("params[completedOnly]", "true")) == [
        r("older"),
        r("checked_out"),
    ]
    assert await ids(by, ("restrict_to", "future"), ("params[cancelledOnly]", "true")) == [
        r("denied"),
        r("cancelled"),
    ]
    assert await ids(by, ("params[fromDate]", _day(11)), ("params[toDate]", _day(12))) == [
        r("confirmed"), r("confirmed"), r("requested"), r("denied"),
    ]  # fmt: skip
    assert await ids(by, ("params[fromDate]", _day(21))) == [r("cancelled"), r("offered")]
    assert await ids(by, ("params[toDate]", _day(-19))) == [r("older"), r("checked_out")]
    assert await ids(
        by,
        ("params[reservationTypeIds][]", str(booked.grooming.id)),
        ("params[reservationTypeIds][]", str(booked.retired.id)),
    ) == [r("requested")]
    assert await ids(by, ("params[animalIds][]", str(tenant.bolt.id))) == [r("confirmed")]
    assert await ids(by, ("params[limit]", "2")) == [r("older"), r("checked_out")]
    assert await ids(by, ("params[limit]", "0")) == []
    # By animal: only that pet's line, and params[animalIds] can only narrow it.
    animal = [("key", tenant.key), ("id", str(tenant.bolt.id))]
    by_animal = "reservations_by_animal"
    assert await ids(by_animal, base_pairs=animal) == [r("confirmed")]
    body = await _rows(client, by_animal, animal, method)
    assert [row["a_id"] for row in body["data"]] == [str(tenant.bolt.id)]
    assert (
        await ids(by_animal, ("params[animalIds][]", str(tenant.rex.id)), base_pairs=animal) == []
    )
    assert await ids(by_animal, ("restrict_to", "past"), base_pairs=animal) == []


async def test_filters_are_validated_by_name(make_client: Any, booked: Booked) -> None:
    client = await make_client()
    tenant = booked.tenant
    base = [("key", tenant.key), ("id", str(tenant.rex.id))]
    cases = {
        "restrict_to must be one of pending_requests": [("restrict_to", "someday")],
        "params[sort] is not a filter": [("params[sort]", "start")],
        "params[cancelledOnly] must be true or false": [("params[cancelledOnly]", "sure")],
        "params[fromDate] must be a date": [("params[fromDate]", "June")],
        "params[toDate] is before params[fromDate]": [
            ("params[fromDate]", _day(3)),
            ("params[toDate]", _day(1)),
        ],
        "params[reservationTypeIds] must list positive whole numbers": [
            ("params[reservationTypeIds][]", "boarding")
        ],
        "params[limit] must be a whole number": [("params[limit]", "-1")],
        "params must be given with brackets": [("params", "x")],
    }
    for expected, extra in cases.items():
        body = await _rows(client, "reservations_by_animal", [*base, *extra], "GET")
        assert _is_error(body), extra
        assert expected in body["error"], (expected, body["error"])
    body = await _rows(client, "reservations_by_owner", [("key", tenant.key)], "POST")
    assert _is_error(body)
    assert body["error"] == "id is required"


# unknown ids, permissions, tenants


async def test_unknown_and_foreign_ids_get_the_error_envelope(
    make_client: Any, call: Any, booked: Booked, other: Booked
) -> None:
    client = await make_client()
    key = booked.tenant.key
    foreign = other.tenant
    cases = [
        ("reservations_by_animal", {"id": "999999999"}, "animal 999999999 does not exist"),
        ("reservations_by_animal", {"id": str(foreign.rex.id)}, "does not exist"),
        ("reservations_by_owner", {"id": str(foreign.pat.id)}, "does not exist"),
        ("existing_reservation_estimate", {"id": other.rid("confirmed")}, "does not exist"),
        ("existing_reservation_estimate", {"id": "999999999"}, "reservation 999999999"),
        ("reservation_types", {"id": str(other.boarding.id)}, "no reservation type with id"),
        ("get_services_by_type", {"type_id": str(other.boarding.id)}, "no reservation type"),
        ("get_services_by_type", {}, "type_id is required"),
        ("back_of_house", {"location_id": str(foreign.locations[0].id)}, "no record with id"),
        ("owner", {"reservation_id": other.rid("confirmed")}, "no reservation with id"),
    ]
    for endpoint, params, expected in cases:
        status, body = await call(client, endpoint, key, **params)
        assert status == 200
        assert _is_error(body), (endpoint, body)
        assert expected in body["error"], (endpoint, body["error"])


async def test_tenants_never_see_each_others_reservations(
    make_client: Any, call: Any, booked: Booked, other: Booked
) -> None:
    client = await make_client()
    mine = {name: booked.rid(name) for name in booked.r}
    theirs = {name: other.rid(name) for name in other.r}
    _, body = await call(
        client, "reservations", booked.tenant.key, start_date=_day(-25), end_date=_day(5)
    )
    assert set(body["data"]).isdisjoint(theirs.values())
    _, body = await call(
        client, "reservations", other.tenant.key, start_date=_day(-25), end_date=_day(5)
    )
    assert set(body["data"]) <= set(theirs.values())
    assert set(body["data"]).isdisjoint(mine.values())
    _, body = await call(client, "reservations", other.tenant.key, checked_in="true")
    assert list(body["data"]) == [theirs["checked_in"]]
    _, body = await call(client, "recently_cancelled_reservations", other.tenant.key)
    assert list(body["data"]) == [theirs["cancelled"]]
    _, body = await call(client, "back_of_house", other.tenant.key, date=_day(10))
    arrivals = {row["reservation_id"] for row in body["data"]["arrivals"]}
    assert arrivals == {theirs["confirmed"], theirs["kim"]}
    _, body = await call(client, "reservation_types", other.tenant.key)
    assert {row["id"] for row in body["data"]} == {
        str(other.boarding.id), str(other.grooming.id), str(other.retired.id)
    }  # fmt: skip


async def test_a_key_without_reservations_read_gets_the_permission_error(
    make_client: Any, call: Any, make_key: Any, booked: Booked
) -> None:
    client = await make_client()
    tenant = booked.tenant
    key = make_key(tenant, {Permission.API_ACCESS, Permission.OWNERS_READ})
    names = {
        "rex": str(tenant.rex.id),
        "pat": str(tenant.pat.id),
        "confirmed": booked.rid("confirmed"),
    }
    for endpoint, params in RESERVATION_ENDPOINTS.items():
        filled = {name: value.format(**names) for name, value in params.items()}
        for method in ("GET", "POST"):
            status, body = await call(client, endpoint, key, method=method, **filled)
            assert status == 200
            assert _is_error(body, "permission_missing"), (endpoint, body)
            assert "reservations.read" in body["error"]
    # The catalog needs only api.access, as the reference lists do.
    _, body = await call(client, "reservation_types", key)
    assert body["success"] is True
    _, body = await call(client, "get_services_by_type", key, type_id=str(booked.boarding.id))
    assert body["success"] is True
    # The owner lookup by reservation reads the reservation.
    _, body = await call(client, "owner", key, reservation_id=booked.rid("confirmed"))
    assert _is_error(body, "permission_missing")
    # An owner row without reservations.read keeps the columns of an owner without any.
    _, body = await call(client, "owner", key, id=str(tenant.pat.id))
    assert (body["data"]["number_reservations"], body["data"]["next_reservation"]) == ("0", None)


async def test_permission_errors_can_be_403(
    make_client: Any, call: Any, make_key: Any, booked: Booked
) -> None:
    client = await make_client(gingr_auth_error_status=401, gingr_input_error_status=400)
    key = make_key(booked.tenant, {Permission.API_ACCESS})
    status, body = await call(client, "reservations", key, checked_in="true")
    assert status == 403
    assert _is_error(body, "permission_missing")
    status, body = await call(
        client, "reservations", booked.tenant.key, start_date=_day(0), end_date=_day(31)
    )
    assert status == 400
    assert _is_error(body)


# reservation_types, get_services_by_type


async def test_reservation_types(make_client: Any, call: Any, booked: Booked) -> None:
    client = await make_client()
    key = booked.tenant.key
    _, body = await call(client, "reservation_types", key)
    rows = {row["id"]: row for row in body["data"]}
    assert set(rows) == {str(booked.boarding.id), str(booked.grooming.id), str(booked.retired.id)}
    assert all(_scalars(row) and set(row) >= TYPE_FIELDS for row in rows.values())
    boarding = rows[str(booked.boarding.id)]
    assert (boarding["type"], boarding["name"], boarding["reservation_type"]) == ("Boarding",) * 3
    assert (boarding["status"], boarding["single_day"], boarding["only_appointment"]) == (
        "1",
        "0",
        "0",
    )
    assert boarding["customer_cancel_before_minutes"] == "2880"
    assert boarding["number_days_max_start"] == "365"
    assert (boarding["unit"], boarding["base_price"]) == ("night", "45.00")
    grooming = rows[str(booked.grooming.id)]
    assert (grooming["only_appointment"], grooming["interval"]) == ("1", "60")
    assert rows[str(booked.retired.id)]["status"] == "0"
    _, body = await call(client, "reservation_types", key, method="POST", active_only="true")
    assert {row["id"] for row in body["data"]} == {str(booked.boarding.id),
                                                   str(booked.grooming.id)}  # fmt: skip
    _, body = await call(client, "reservation_types", key, id=str(booked.grooming.id))
    assert [row["id"] for row in body["data"]] == [str(booked.grooming.id)]
    _, body = await call(
        client, "reservation_types", key, id=str(booked.retired.id), active_only="true"
    )
    assert body["data"] == []


async def test_get_services_by_type(make_client: Any, call: Any, booked: Booked) -> None:
    client = await make_client()
    key = booked.tenant.key
    here, there = booked.tenant.locations
    _, body = await call(client, "get_services_by_type", key, type_id=str(booked.boarding.id))
    assert body["data"] == [
        {"id": str(booked.bath.id), "name": "Bath", "price": "15.00", "charge": "per_stay",
         "active": "1"},
        {"id": str(booked.walk.id), "name": "Extra walk", "price": "5.50", "charge": "per_unit",
         "active": "1"},
    ]  # fmt: skip
    _, body = await call(
        client, "get_services_by_type", key, method="POST", type_id=str(booked.grooming.id),
        location_id=str(here.id),
    )  # fmt: skip
    assert [row["name"] for row in body["data"]] == ["Bath"]
    # Grooming is offered only downtown.
    _, body = await call(
        client, "get_services_by_type", key, type_id=str(booked.grooming.id),
        location_id=str(there.id),
    )  # fmt: skip
    assert body["data"] == []
    _, body = await call(
        client, "get_services_by_type", key, type_id=str(booked.grooming.id), location_id="999999"
    )
    assert _is_error(body)
    assert "location_id" in body["error"]


# recently_cancelled_reservations


async def test_recently_cancelled_reservations(make_client: Any, call: Any, booked: Booked) -> None:
    client = await make_client()
    key = booked.tenant.key
    cancelled = booked.rid("cancelled")
    _, body = await call(client, "recently_cancelled_reservations", key)
    assert list(body["data"]) == [cancelled]
    row = body["data"][cancelled]
    assert set(row) >= NESTED_FIELDS
    assert row["cancelled_date"] is not None
    assert row["status"] == "cancelled"
    _, body = await call(
        client, "recently_cancelled_reservations", key, method="POST", start_date=_day(-1),
        end_date=_day(0),
    )  # fmt: skip
    assert list(body["data"]) == [cancelled]
    _, body = await call(
        client, "recently_cancelled_reservations", key, start_date=_day(-10), end_date=_day(-1)
    )
    assert body["data"] == {}
    _, body = await call(
        client, "recently_cancelled_reservations", key, start_date=_day(-1),
        location_id=str(booked.tenant.locations[1].id),
    )  # fmt: skip
    assert body["data"] == {}
    _, body = await call(client, "recently_cancelled_reservations", key, start_date=_day(-30))
    assert list(body["data"]) == [cancelled]
    _, body = await call(client, "recently_cancelled_reservations", key, start_date=_day(-31))
    assert _is_error(body)
    assert "at most 30 days" in body["error"]
    _, body = await call(
        client, "recently_cancelled_reservations", key, start_date=_day(0), end_date=_day(-2)
    )
    assert _is_error(body)
    assert "end_date is before start_date" in body["error"]


# existing_reservation_estimate


async def test_existing_reservation_estimate(make_client: Any, call: Any, booked: Booked) -> None:
    client = await make_client()
    key = booked.tenant.key
    _, body = await call(client, "existing_reservation_estimate", key, id=booked.rid("confirmed"))
    data = body["data"]
    assert data["reservation_id"] == booked.rid("confirmed")
    assert (data["currency"], data["subtotal"], data["tax_amount"], data["total"]) == (
        "USD",
        "301.50",
        "0.00",
        "301.50",
    )
    assert data["deposit_due"] == "75.38"
    rex, bolt = data["reservations"]
    assert (rex["animal_id"], bolt["animal_id"]) == (
        str(booked.tenant.rex.id),
        str(booked.tenant.bolt.id),
    )
    assert (rex["base_rate"], rex["units"], rex["base_amount"]) == ("45.00", "3", "135.00")
    assert rex["reservation_services"] == [
        {"s_id": str(booked.bath.id), "name": "Bath", "price": "15.00", "quantity": "1",
         "total": "15.00"},
        {"s_id": str(booked.walk.id), "name": "Extra walk", "price": "5.50", "quantity": "3",
         "total": "16.50"},
    ]  # fmt: skip
    assert (rex["total"], bolt["total"], bolt["reservation_services"]) == ("166.50", "135.00", [])
    assert rex["modifiers"] == []
    assert data["deposits"] == [
        {
            "id": None,
            "amount": "75.38",
            "paid_amount": "0.00",
            "payment_method": None,
            "payment_method_id": None,
            "last_payment": None,
            "refunded_at": None,
            "forfeited_at": None,
            "consumed_at": None,
        }
    ]
    assert data["location"]["id"] == str(booked.tenant.locations[0].id)
    assert data["location"]["name"] == "alpha Downtown"
    _, body = await call(client, "existing_reservation_estimate", key, id=booked.rid("requested"))
    assert body["data"]["deposits"] == []
    assert body["data"]["total"] == "75.00"
    _, body = await call(client, "existing_reservation_estimate", key)
    assert _is_error(body)
    assert body["error"] == "id is required"


# back_of_house


async def test_back_of_house_lists_a_days_arrivals_and_departures(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    key = booked.tenant.key
    here, there = booked.tenant.locations
    _, body = await call(client, "back_of_house", key, date=_day(10))
    data = body["data"]
    assert data["date"] == _day(10)
    assert data["location_id"] is None
    assert [row["reservation_id"] for row in data["arrivals"]] == [
        booked.rid("kim"),
        booked.rid("confirmed"),
    ]
    arrival = data["arrivals"][1]
    assert arrival["owner"]["first_name"] == "Pat"
    assert arrival["reservation_type"] == {"id": str(booked.boarding.id), "type": "Boarding"}
    assert arrival["animals"][0] == {
        "id": str(booked.tenant.rex.id),
        "name": "Rex",
        "services": ["Bath", "Extra walk"],
        "services_string": "Bath, Extra walk",
        "lodging": "Suite 1",
    }
    assert data["departures"] == []
    assert data["checked_in"] == []
    # Today (the default date): the checked-in pet is staying; tomorrow it leaves.
    _, body = await call(client, "back_of_house", key, method="POST", location_id=str(here.id))
    assert body["data"]["date"] == _day(0)
    assert body["data"]["location_id"] == str(here.id)
    assert [row["reservation_id"] for row in body["data"]["checked_in"]] == [
        booked.rid("checked_in")
    ]
    _, body = await call(client, "back_of_house", key, date=_day(1), location_id=str(here.id))
    assert [row["reservation_id"] for row in body["data"]["departures"]] == [
        booked.rid("checked_in")
    ]
    _, body = await call(client, "back_of_house", key, date=_day(1), location_id=str(there.id))
    assert (body["data"]["arrivals"], body["data"]["departures"]) == ([], [])
    _, body = await call(client, "back_of_house", key, date="soon")
    assert _is_error(body)
    assert "date must be a date" in body["error"]


# the owner row


async def test_owner_row_has_reservation_columns_and_reservation_lookup(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    key = booked.tenant.key
    _, body = await call(client, "owner", key, reservation_id=booked.rid("kim"))
    assert body["data"]["id"] == str(booked.tenant.kim.id)
    _, body = await call(client, "owner", key, reservation_id=booked.rid("confirmed"))
    row = body["data"]
    assert row["id"] == str(booked.tenant.pat.id)
    # Booked: confirmed, offered (unconfirmed), checked in, checked out twice.
    assert row["number_reservations"] == "5"
    assert row["last_reservation"] == (
        booked.r["checked_in"].start.astimezone(DENVER).strftime("%Y-%m-%d %H:%M:%S")
    )
    assert row["next_reservation"] == (
        booked.r["confirmed"].start.astimezone(DENVER).strftime("%Y-%m-%d %H:%M:%S")
    )
    _, body = await call(client, "owner", key, id=str(booked.tenant.lee.id))
    assert (
        body["data"]["number_reservations"],
        body["data"]["last_reservation"],
        body["data"]["next_reservation"],
    ) == ("0", None, None)
    _, body = await call(client, "owner", key, reservation_id="999999999")
    assert _is_error(body)
    assert "reservation_id: no reservation with id 999999999" in body["error"]


async def test_owner_and_animal_lists_carry_the_same_reservation_columns(
    make_client: Any, call: Any, booked: Booked
) -> None:
    client = await make_client()
    key = booked.tenant.key
    columns = ("number_reservations", "last_reservation", "next_reservation")
    _, single = await call(client, "owner", key, id=str(booked.tenant.pat.id))
    expected = tuple(single["data"][name] for name in columns)
    assert expected[0] == "5"
    for endpoint, extra in (
        ("owners", {}),
        ("new_modified_owners", {"start_date": "2000-01-01", "end_date": "2100-01-01"}),
    ):
        _, body = await call(client, endpoint, key, **extra)
        rows = {row["id"]: row for row in body["data"]}
        pat, lee = rows[str(booked.tenant.pat.id)], rows[str(booked.tenant.lee.id)]
        assert tuple(pat[name] for name in columns) == expected, endpoint
        assert tuple(lee[name] for name in columns) == ("0", None, None), endpoint
    _, body = await call(client, "animals", key)
    pets = {row["id"]: row for row in body["data"]}
    rex = pets[str(booked.tenant.rex.id)]
    # Rex is on every one of Pat's booked reservations.
    assert tuple(rex[name] for name in columns) == expected


# the answer cache


async def test_answers_are_fresh_when_the_cache_is_off(
    make_client: Any, call: Any, services: PetcareServices, booked: Booked
) -> None:
    client = await make_client()
    key = booked.tenant.key
    params = {"start_date": _day(40), "end_date": _day(45)}
    _, body = await call(client, "reservations", key, **params)
    assert body["data"] == {}
    added = store(
        services,
        booked.tenant,
        type_id=booked.boarding.id,
        lines=(ReservationLine(booked.tenant.rex.id),),
        start=local(today() + timedelta(days=41), 9),
        end=local(today() + timedelta(days=42), 9),
        steps=("book",),
    )
    _, body = await call(client, "reservations", key, **params)
    assert list(body["data"]) == [str(added.id)]


async def test_answers_are_reused_when_the_cache_is_on(
    make_client: Any, call: Any, services: PetcareServices, booked: Booked
) -> None:
    client = await make_client(gingr_cache_seconds=60)
    key = booked.tenant.key
    params = {"start_date": _day(40), "end_date": _day(45)}
    _, first = await call(client, "reservations", key, **params)
    store(
        services,
        booked.tenant,
        type_id=booked.boarding.id,
        lines=(ReservationLine(booked.tenant.rex.id),),
        start=local(today() + timedelta(days=41), 9),
        end=local(today() + timedelta(days=42), 9),
        steps=("book",),
    )
    _, second = await call(client, "reservations", key, **params)
    assert second == first


# every storage


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stored(
    request: pytest.FixtureRequest, tmp_path: Any, build_services: Any, seed_tenant: Any
) -> Any:
    """Services over one storage, with two seeded tenants and their reservations."""
    url = {
        "memory": lambda: "memory://",
        "sqlite": lambda: f"sqlite:///{tmp_path / 'web.db'}",
        "postgres": lambda: request.getfixturevalue("postgres_url"),
    }[request.param]()
    services, close = build_services(url)
    try:
        mine = seed(services, seed_tenant(services, "alpha"))
        yield services, mine, seed(services, seed_tenant(services, "beta"))
    finally:
        close()


async def test_every_reservation_endpoint_answers_over_each_storage(
    aiohttp_client: Any, call: Any, stored: Any
) -> None:
    services, booked, other = stored
    client = await aiohttp_client(create_app(services, WebConfig(executor_threads=2)))
    tenant, r = booked.tenant, booked.rid
    key = tenant.key
    for method in ("GET", "POST"):
        _, body = await call(
            client, "reservations", key, method=method, start_date=_day(9), end_date=_day(14)
        )
        assert list(body["data"]) == [r("kim"), r("confirmed"), r("requested"), r("denied")]
        assert body["data"][r("confirmed")]["deposit"]["amount"] == "75.38"
        _, body = await call(client, "reservations", key, method=method, checked_in="true")
        assert list(body["data"]) == [r("checked_in")]
        _, body = await call(client, "recently_cancelled_reservations", key, method=method)
        assert list(body["data"]) == [r("cancelled")]
        _, body = await call(
            client, "reservations_by_owner", key, method=method, id=str(tenant.pat.id),
            restrict_to="past",
        )  # fmt: skip
        assert [row["r_id"] for row in body["data"]] == [r("checked_out"), r("older")]
        _, body = await call(
            client, "reservations_by_animal", key, method=method, id=str(tenant.bolt.id)
        )
        assert [row["final_rate"] for row in body["data"]] == ["135.00"]
        _, body = await call(
            client, "existing_reservation_estimate", key, method=method, id=r("confirmed")
        )
        assert body["data"]["total"] == "301.50"
        _, body = await call(client, "back_of_house", key, method=method, date=_day(10))
        assert [row["reservation_id"] for row in body["data"]["arrivals"]] == [
            r("kim"),
            r("confirmed"),
        ]
        _, body = await call(client, "reservation_types", key, method=method, active_only="true")
        assert [row["name"] for row in body["data"]] == ["Boarding", "Grooming"]
        _, body = await call(
            client, "get_services_by_type", key, method=method, type_id=str(booked.boarding.id)
        )
        assert [row["name"] for row in body["data"]] == ["Bath", "Extra walk"]
        _, body = await call(client, "owner", key, method=method, reservation_id=r("confirmed"))
        assert body["data"]["number_reservations"] == "5"
    _, body = await call(client, "reservations", other.tenant.key, checked_in="true")
    assert list(body["data"]) == [other.rid("checked_in")]
