"""The nested Gingr reservation rows (``rows_nested``) as text: written straight to JSON, they
must be exactly the compact encoding of the documented row (gingr-api-v1.md §3.1), whatever the
reservation: requested, confirmed (off the waitlist), checked out, cancelled, denied or a no-show,
with several pets, add-ons by the stay and by the unit, an appointment with its groomer, a rate
deposit, a fixed one or none, and text JSON must escape.

``expected_row`` below spells the row out as a dict (the shape docs/gingr-api.md documents); the
endpoint tests (test_gingr_reservations.py) check its values over HTTP.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from facility_clock import facility_today

from petcare_core.domain.actors import Actor
from petcare_core.domain.estimate import AddOnCharge, PricingUnit
from petcare_core.domain.ids import ReservationId
from petcare_core.domain.reservation import Cancellation, Reservation, ReservationLine
from petcare_core.domain.staff import StaffRole
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
)
from petcare_core.services.reservation_views import ReservationRecords
from petcare_web.gingr.rows_nested import NestedRows, nested_answer
from petcare_web.gingr.rows_reservations import money, stamps, units

DENVER = ZoneInfo("America/Denver")
# Text JSON escapes: quotes, a backslash, a control character, and text it keeps as is.
AWKWARD = 'Zoë "Z" \\ Ñúñez\t🐶'


def _iso(moment: datetime | None, zone: tzinfo) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat(timespec="seconds")


def expected_row(records: ReservationRecords, reservation: Reservation) -> dict[str, Any]:
    """The documented nested row of ``reservation``, field by field."""
    zone = records.zone
    owner = records.owners[reservation.owner_id]
    kind = records.types[reservation.type_id]
    pets = [records.animals[line.animal_id] for line in reservation.lines]
    when = stamps(reservation)

    def pet(animal: Any) -> dict[str, Any]:
        breed = records.breeds.get(animal.breed_id) if animal.breed_id is not None else None
        return {
            "id": str(animal.id),
            "name": f"{animal.name} {owner.last_name}".strip(),
            "breed": breed.name if breed is not None else "",
        }

    count = units(reservation, kind.unit, zone)
    staff = records.staff.get(reservation.staff_id) if reservation.staff_id else None
    appointment = kind.unit is PricingUnit.APPOINTMENT
    services = [
        {
            "id": str(service_id),
            "name": records.add_ons[service_id].name,
            "animal_id": str(line.animal_id),
            "scheduled_at": _iso(reservation.start, zone) if appointment else None,
            "scheduled_until": _iso(reservation.end, zone) if appointment else None,
            "cost": float(
                records.add_ons[service_id].price.to_decimal()
                * (count if records.add_ons[service_id].charge is AddOnCharge.PER_UNIT else 1)
            ),
            "assigned_to": None if staff is None else f"{staff.first_name} {staff.last_name}",
            "completed_by": None,
            "completed_at": None,
        }
        for line in reservation.lines
        for service_id in line.services
    ]
    due = records.deposit_due(reservation)
    deposit: Any = []
    if due.amount > 0:
        deposit = {
            "amount": money(due),
            "paid_amount": "0.00",
            "last_payment": None,
            "consumed_at": None,
            "forfeited_at": None,
            "refunded_at": None,
            "last_email_sent": None,
        }
    address = owner.address
    return {
        "reservation_id": str(reservation.id),
        "standing_reservation": False,
        "start_date": _iso(reservation.start, zone),
        "end_date": _iso(reservation.end, zone),
        "cancelled_date": _iso(when.withdrawn, zone),
        "confirmed_date": _iso(when.confirmed, zone),
        "check_in_date": _iso(when.checked_in, zone),
        "check_out_date": _iso(when.checked_out, zone),
        "created_date": _iso(when.created, zone),
        "wait_list_date": _iso(when.waitlisted, zone),
        "status": reservation.status.value,
        "location_id": str(reservation.location_id),
        "reservation_type": {"id": str(kind.id), "type": kind.name},
        "notes": {
            "reservation_notes": "",
            "animal_notes": pets[0].employee_notes or None,
            "owner_notes": owner.employee_notes or None,
        },
        "warnings": {"medicines": pets[0].medication_notes, "allergies": pets[0].allergies},
        "animal": pet(pets[0]),
        "animals": [pet(animal) for animal in pets],
        "owner": {
            "id": str(owner.id),
            "first_name": owner.first_name,
            "last_name": owner.last_name,
            "address_1": address.address_1,
            "address_2": address.address_2,
            "city": address.city,
            "region": address.region,
            "email": owner.email,
            "cell_phone": owner.cell_phone,
        },
        "services": services,
        "deposit": deposit,
        "transaction": [],
    }


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@attrs.frozen
class Shop:
    """The alpha tenant with a catalog and a reservation of each kind."""

    services: PetcareServices
    tenant: Any
    reservations: tuple[Reservation, ...]

    def records(self) -> ReservationRecords:
        """Every reservation of the tenant with its records, as the ``reservations`` list
        reads them."""
        today = facility_today()
        return self.services.reservations_between(
            self.tenant.fid,
            self.tenant.manager,
            today - timedelta(days=60),
            today + timedelta(days=60),
        ).unwrap()


def _store(services: PetcareServices, tenant: Any, steps: tuple[str, ...], **fields: Any) -> Any:
    """A reservation created two days ago (booked when ``steps`` starts with ``book``) and
    taken through ``steps``, stored as is."""
    staff = Actor.staff(tenant.manager.id)
    now = datetime.now(DENVER)
    with services.uow_factory.for_facility(tenant.fid) as uow:
        common = {
            "id": ReservationId(uow.new_id()),
            "facility_id": tenant.fid,
            "location_id": tenant.locations[0].id,
            "owner_id": tenant.pat.id,
            "at": now - timedelta(days=2),
            "by": staff,
            **fields,
        }
        if steps[:1] == ("book",):
            reservation, _ = Reservation.book(**common)
            steps = steps[1:]
        else:
            reservation, _ = Reservation.request(**common)
        for number, step in enumerate(steps):
            at = now - timedelta(days=1, hours=-number, minutes=-7 * number)
            if step == "cancel":
                reservation, _ = reservation.cancel(Cancellation(AWKWARD, staff, late=False), at=at)
            elif step == "deny":
                reservation, _ = reservation.deny(reason="no room", at=at, by=staff)
            else:
                reservation, _ = getattr(reservation, step)(at=at, by=staff)
        uow.reservations.add(reservation)
        uow.commit()
    return reservation


@pytest.fixture
def shop(services: PetcareServices, alpha: Any) -> Shop:
    fid, ok = alpha.fid, OPERATOR
    # Text JSON escapes where the rows show it, stored past the services' checks (which refuse
    # control characters) so that the rows meet every kind of escape.
    with services.uow_factory.for_facility(fid) as uow:
        pat, rex = uow.owners.get(alpha.pat.id), uow.animals.get(alpha.rex.id)
        address = attrs.evolve(pat.address, address_2='Apt "B"\n2')
        uow.owners.update(attrs.evolve(pat, first_name=AWKWARD, address=address))
        uow.animals.update(attrs.evolve(rex, allergies="Chicken\u2028& beef", employee_notes=""))
        uow.commit()

    def kind(name: str, unit: str, price: int, **details: Any) -> Any:
        command = ReservationTypeDetails(name=name, unit=unit, base_price=price, **details)
        return services.define_reservation_type(fid, ok, command).unwrap()

    boarding = kind("Boarding «suite»", "night", 45, deposit_rate=Decimal("0.25"))
    daycare = kind("Daycare", "day", 30, deposit_amount=50)
    grooming = kind("Grooming", "appointment", 60, appointment_minutes=60, assigns_staff=True)
    types = {boarding.id, daycare.id, grooming.id}
    bath = services.define_additional_service(
        fid, ok, AdditionalServiceDetails(name="Bath \\ brush", price=15, type_ids=types)
    ).unwrap()
    walk = services.define_additional_service(
        fid,
        ok,
        AdditionalServiceDetails(
            name="Walk", price=Decimal("5.50"), charge="per_unit", type_ids=types
        ),
    ).unwrap()
    groomer = services.create_staff_user(
        fid, ok, NewStaffUser(f"gail-{fid}", "Gail", "Gröomer", StaffRole.EMPLOYEE)
    ).unwrap()
    rex, bolt, misty = alpha.rex.id, alpha.bolt.id, alpha.misty.id
    day = facility_today()

    def local(offset: int, hour: int) -> datetime:
        return datetime.combine(day + timedelta(days=offset), time(hour), tzinfo=DENVER)

    def store(*steps: str, **fields: Any) -> Any:
        return _store(services, alpha, steps, **fields)

    stays = (
        store(
            "book",
            type_id=boarding.id,
            lines=(ReservationLine(rex, (bath.id, walk.id)), ReservationLine(bolt, (walk.id,))),
            start=local(10, 15),
            end=local(13, 10),
        ),
        store(
            "book",
            "check_in",
            "check_out",
            type_id=boarding.id,
            lines=(ReservationLine(rex),),
            start=local(-20, 9),
            end=local(-18, 9),
        ),
        store(
            "book",
            "cancel",
            type_id=daycare.id,
            lines=(ReservationLine(rex),),
            start=local(3, 8),
            end=local(3, 17),
        ),
        store(
            "deny",
            type_id=daycare.id,
            lines=(ReservationLine(bolt), ReservationLine(rex)),
            start=local(4, 8),
            end=local(5, 17),
        ),
        store(
            "waitlist",
            "request_confirmation",
            "confirm",
            type_id=daycare.id,
            lines=(ReservationLine(rex, (walk.id,)),),
            start=local(6, 8),
            end=local(8, 17),
        ),
        store(
            type_id=grooming.id,
            lines=(ReservationLine(rex, (bath.id,)),),
            start=local(11, 10),
            end=local(11, 11),
            staff_id=groomer.id,
        ),
        store(
            "book",
            "mark_no_show",
            type_id=daycare.id,
            lines=(ReservationLine(misty),),
            owner_id=alpha.kim.id,
            start=local(-3, 8),
            end=local(-3, 17),
        ),
    )
    return Shop(services, alpha, stays)


def test_each_row_is_the_compact_encoding_of_the_documented_row(shop: Shop) -> None:
    records = shop.records()
    assert {r.id for r in records.reservations} == {r.id for r in shop.reservations}
    rows = NestedRows(records, records.zone)
    for reservation in records.reservations:
        expected = expected_row(records, reservation)
        text = rows.encoded(reservation)
        assert json.loads(text) == expected
        assert text == _compact(expected)
    statuses = {r.status.value for r in records.reservations}
    assert statuses == {"confirmed", "checked_out", "cancelled", "denied", "requested", "no_show"}


def test_the_answer_is_the_envelope_of_the_rows_keyed_by_id_in_order(shop: Shop) -> None:
    records = shop.records()
    expected = {
        str(reservation.id): expected_row(records, reservation)
        for reservation in records.reservations
    }
    body = nested_answer(records)
    assert body == _compact({"success": True, "error": False, "data": expected}).encode()
    data = json.loads(body)["data"]
    assert list(data) == [str(r.id) for r in records.reservations]
    # Rate deposits (25 % of 318.00 and of 90.00), fixed ones (50.00, or the whole price of a
    # 30.00 day) and none (grooming).
    amounts = sorted(str(row["deposit"] and row["deposit"]["amount"]) for row in data.values())
    assert amounts == ["22.50", "30.00", "30.00", "50.00", "50.00", "79.50", "[]"]
    empty = attrs.evolve(records, reservations=())
    assert nested_answer(empty) == b'{"success":true,"error":false,"data":{}}'


def test_text_utf8_cannot_carry_falls_back_to_ascii_escapes(shop: Shop) -> None:
    records = shop.records()
    pat = records.owners[shop.tenant.pat.id]
    broken = attrs.evolve(pat, last_name="Parker\ud800")  # a lone surrogate
    records = attrs.evolve(records, owners={**records.owners, pat.id: broken})
    body = nested_answer(records)
    assert body.isascii()
    assert "\\ud800" in body.decode()
    data = json.loads(body)["data"]
    assert data == {str(r.id): expected_row(records, r) for r in records.reservations}
