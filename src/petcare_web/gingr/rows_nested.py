"""The nested rows of ``reservations`` and ``recently_cancelled_reservations`` (gingr-api-v1.md
§3.1), encoded straight to JSON text.

A row is ISO 8601 instants in the facility's time zone and ``animal``/``animals``/``owner``/
``reservation_type`` objects; the answer is an object of rows keyed by reservation id.

A month of a busy facility is thousands of rows (5 MB of JSON for 4,750 reservations) that
repeat the same households, types, deposits and instants. Building each row as a dict and
encoding it cost more than the reservations' own reading; so the rows are written as JSON text
instead: the shared parts (a household's objects with a reservation's pets, a deposit, an
instant's local time) encoded once per answer, joined with what differs per reservation (ids,
statuses, ISO instants: text JSON never escapes), strings escaped by the ``json`` encoder's own
function. The text is exactly the compact ``ensure_ascii=False`` encoding of the documented row
dict (``tests/web/test_gingr_reservation_rows.py`` checks it against that dict); see
docs/performance.md, "Where the SQLite list's time goes".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from petcare_core.domain.deposits import fixed_deposit_without_estimate
from petcare_core.domain.estimate import AddOnCharge, PricingUnit, unit_dates
from petcare_core.domain.ids import AnimalId, OwnerId, ReservationTypeId
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import Reservation, ReservationStatus
from petcare_core.services.reservation_views import ReservationRecords
from petcare_web.gingr.rows_reservations import money, stamps

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_ASCII_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))
_encode = _ENCODER.encode
# The encoder's own string escaping (without ensure_ascii): a str as a JSON string literal.
_string: Callable[[str], str] = json.encoder.encode_basestring
_STATUS = {status: _encode(status.value) for status in ReservationStatus}
_NO_DEPOSIT = "[]"  # PHP's empty array


def _number(value: float) -> str:
    """A finite float as the JSON encoder writes it."""
    return float.__repr__(value)


def _or_null(text: str) -> str:
    """A text as a JSON string, ``null`` when empty."""
    return _string(text) if text else "null"


class NestedRows:
    """Writes the nested rows of one answer as JSON text.

    What many rows share (a household with the pets of a reservation, a type, a deposit: a
    deposit depends only on the type, the location, the stay's local dates and each pet's
    add-ons) is encoded once per answer.
    """

    def __init__(self, records: ReservationRecords, zone: tzinfo) -> None:
        self._records = records
        self._zone = zone
        self._parties: dict[tuple[object, ...], str] = {}
        self._pets: dict[tuple[AnimalId, OwnerId], str] = {}
        self._owners: dict[OwnerId, str] = {}
        self._types: dict[ReservationTypeId, str] = {}
        self._units: dict[tuple[PricingUnit, date, date], int] = {}
        self._deposits: dict[tuple[object, ...], str] = {}
        self._deposit_texts: dict[Money, str] = {}
        self._instants: dict[datetime, str] = {}

    def encoded(self, reservation: Reservation) -> str:
        """The row of ``reservation`` as compact JSON: ``animal`` is its first pet, ``animals``
        all of them."""
        when = stamps(reservation)
        instant, optional = self._instant, self._optional_instant
        services = (
            self._services(reservation)
            if any(line.services for line in reservation.lines)
            else "[]"
        )
        return (
            f'{{"reservation_id":"{reservation.id}","standing_reservation":false,'
            f'"start_date":{instant(reservation.start)},"end_date":{instant(reservation.end)},'
            f'"cancelled_date":{optional(when.withdrawn)},'
            f'"confirmed_date":{optional(when.confirmed)},'
            f'"check_in_date":{optional(when.checked_in)},'
            f'"check_out_date":{optional(when.checked_out)},'
            f'"created_date":{instant(when.created)},'
            f'"wait_list_date":{optional(when.waitlisted)},'
            f'"status":{_STATUS[reservation.status]},'
            f'"location_id":"{reservation.location_id}",'
            f"{self._party(reservation)},"
            f'"services":{services},'
            f'"deposit":{self._deposit(reservation)},"transaction":[]}}'
        )

    def _instant(self, moment: datetime) -> str:
        """An instant as a JSON string of its local time with the offset. Check-ins repeat
        starts, check-outs ends: a month's instants are a third distinct (the benchmark's)."""
        text = self._instants.get(moment)
        if text is None:
            local = moment.astimezone(self._zone).isoformat(timespec="seconds")
            text = self._instants[moment] = f'"{local}"'
        return text

    def _optional_instant(self, moment: datetime | None) -> str:
        return "null" if moment is None else self._instant(moment)

    def _days(self, reservation: Reservation) -> tuple[date, date]:
        """The local dates the stay starts and ends on."""
        zone = self._zone
        return reservation.start.astimezone(zone).date(), reservation.end.astimezone(zone).date()

    def _party(self, reservation: Reservation) -> str:
        """The ``reservation_type`` to ``owner`` members: the type, the notes and warnings of
        the household and first pet, the pets and the household."""
        pets = reservation.animal_ids
        key = (reservation.type_id, reservation.owner_id, pets)
        text = self._parties.get(key)
        if text is None:
            records = self._records
            owner = records.owners[reservation.owner_id]
            first = records.animals[pets[0]]
            listed = ",".join(self._pet(animal_id, owner.id) for animal_id in pets)
            text = self._parties[key] = (
                f'"reservation_type":{self._type(reservation)},'
                f'"notes":{{"reservation_notes":"","animal_notes":{_or_null(first.employee_notes)},'
                f'"owner_notes":{_or_null(owner.employee_notes)}}},'
                f'"warnings":{{"medicines":{_string(first.medication_notes)},'
                f'"allergies":{_string(first.allergies)}}},'
                f'"animal":{self._pet(pets[0], owner.id)},"animals":[{listed}],'
                f'"owner":{self._owner(owner.id)}'
            )
        return text

    def _type(self, reservation: Reservation) -> str:
        text = self._types.get(reservation.type_id)
        if text is None:
            kind = self._records.types[reservation.type_id]
            text = self._types[kind.id] = f'{{"id":"{kind.id}","type":{_string(kind.name)}}}'
        return text

    def _pet(self, animal_id: AnimalId, owner_id: OwnerId) -> str:
        key = (animal_id, owner_id)
        text = self._pets.get(key)
        if text is None:
            records = self._records
            animal = records.animals[animal_id]
            # Gingr names a pet with its household's surname ("Howard Phillips").
            name = f"{animal.name} {records.owners[owner_id].last_name}".strip()
            breed = None if animal.breed_id is None else records.breeds.get(animal.breed_id)
            text = self._pets[key] = (
                f'{{"id":"{animal.id}","name":{_string(name)},'
                f'"breed":{_string(breed.name if breed is not None else "")}}}'
            )
        return text

    def _owner(self, owner_id: OwnerId) -> str:
        text = self._owners.get(owner_id)
        if text is None:
            owner = self._records.owners[owner_id]
            address = owner.address
            text = self._owners[owner_id] = (
                f'{{"id":"{owner.id}","first_name":{_string(owner.first_name)},'
                f'"last_name":{_string(owner.last_name)},'
                f'"address_1":{_string(address.address_1)},'
                f'"address_2":{_string(address.address_2)},"city":{_string(address.city)},'
                f'"region":{_string(address.region)},"email":{_string(owner.email)},'
                f'"cell_phone":{_string(owner.cell_phone)}}}'
            )
        return text

    def _count(self, unit: PricingUnit, first: date, last: date) -> int:
        key = (unit, first, last)
        count = self._units.get(key)
        if count is None:
            count = self._units[key] = len(unit_dates(unit, first, last))
        return count

    def _services(self, reservation: Reservation) -> str:
        """The ``services`` list: each pet's add-ons, costed for the stay."""
        records = self._records
        kind = records.types[reservation.type_id]
        count = self._count(kind.unit, *self._days(reservation))
        if kind.unit is PricingUnit.APPOINTMENT:
            scheduled = (self._instant(reservation.start), self._instant(reservation.end))
        else:
            scheduled = ("null", "null")
        staff = None if reservation.staff_id is None else records.staff.get(reservation.staff_id)
        assigned = (
            "null" if staff is None else _string(f"{staff.first_name} {staff.last_name}".strip())
        )
        items: list[str] = []
        for line in reservation.lines:
            for service_id in line.services:
                add_on = records.add_ons[service_id]
                quantity = count if add_on.charge is AddOnCharge.PER_UNIT else 1
                # A JSON number, as Gingr sends it (the only number in the row).
                cost = float(add_on.price.to_decimal() * quantity)
                items.append(
                    f'{{"id":"{add_on.id}","name":{_string(add_on.name)},'
                    f'"animal_id":"{line.animal_id}","scheduled_at":{scheduled[0]},'
                    f'"scheduled_until":{scheduled[1]},"cost":{_number(cost)},'
                    f'"assigned_to":{assigned},"completed_by":null,"completed_at":null}}'
                )
        return f"[{','.join(items)}]"

    def _deposit(self, reservation: Reservation) -> str:
        """The ``deposit`` object, or ``[]`` when none is due."""
        kind = self._records.types[reservation.type_id]
        if kind.deposit is None:
            return _NO_DEPOSIT
        days = self._days(reservation)
        services = tuple([line.services for line in reservation.lines])
        key = (reservation.type_id, reservation.location_id, days, services)
        text = self._deposits.get(key)
        if text is None:
            due = fixed_deposit_without_estimate(
                kind.deposit,
                kind.base_price,
                self._count(kind.unit, *days),
                len(services),
                self._records.facility.settings.multi_pet_discount,
            )
            if due is None:
                due = self._records.deposit_due(reservation)
            text = self._deposits[key] = self._deposit_texts.get(due) or self._deposit_text(due)
        return text

    def _deposit_text(self, due: Money) -> str:
        """The ``deposit`` object of an amount due (``[]`` for none), kept for the answer."""
        text = _NO_DEPOSIT
        if due.amount > 0:
            zero = money(Money.zero(due.currency))
            text = (
                f'{{"amount":{_string(money(due))},"paid_amount":{_string(zero)},'
                '"last_payment":null,"consumed_at":null,"forfeited_at":null,'
                '"refunded_at":null,"last_email_sent":null}'
            )
        self._deposit_texts[due] = text
        return text


def nested_answer(records: ReservationRecords) -> bytes:
    """The success envelope around the rows of the records' reservations keyed by reservation
    id, in their order (the same bytes as ``envelope({id: row, ...})``)."""
    rows = NestedRows(records, records.zone)
    data = ",".join([f'"{item.id}":{rows.encoded(item)}' for item in records.reservations])
    text = "".join(('{"success":true,"error":false,"data":{', data, "}}"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in stored text: fall back to escapes
        return _ASCII_ENCODER.encode(json.loads(text)).encode("ascii")
