"""The booking form: what step 2 offers (one location and service), the values typed (from a
query string or a post), and their parsing into the booking the core evaluates, with a message
per input for each mistake."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import attrs
from multidict import MultiMapping

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.estimate import PricingUnit
from petcare_core.domain.facility import Location
from petcare_core.domain.form_values import parse_iso_date
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    LocationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.projection import PortalAnimalView
from petcare_core.domain.reservation_types import ReservationType
from petcare_web.portal.forms import ErrorLink, FormErrors

_TIME = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?")


@attrs.frozen
class Groomer:
    """A staff member a parent may choose for an appointment (first name only)."""

    id: StaffUserId
    first_name: str


@attrs.frozen
class BookingSetting:
    """What step 2 offers for one location and service."""

    location: Location
    kind: ReservationType
    pets: tuple[PortalAnimalView, ...]
    add_ons: tuple[AdditionalService, ...]
    groomers: tuple[Groomer, ...]

    @property
    def appointment(self) -> bool:
        """True for an appointment (a date and a time) rather than a stay."""
        return self.kind.unit is PricingUnit.APPOINTMENT

    def pet_names(self) -> dict[AnimalId, str]:
        """The pets' names by id."""
        return {pet.id: pet.name for pet in self.pets}


# The form


@attrs.frozen
class BookingValues:
    """The form as typed (strings), to show again or to carry in a link."""

    pets: tuple[str, ...] = ()
    add_ons: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    start_date: str = ""
    start_time: str = ""
    end_date: str = ""
    end_time: str = ""
    staff_id: str = ""
    join_waitlist: bool = False

    @classmethod
    def read(cls, source: MultiMapping[Any]) -> BookingValues:
        """The values of a query string or a posted form (other fields are ignored)."""

        def text(name: str) -> str:
            value = source.get(name, "")
            return value[:100] if isinstance(value, str) else ""

        pets = tuple(dict.fromkeys(v for v in source.getall("animal_id", []) if isinstance(v, str)))
        add_ons = {
            pet: tuple(v for v in source.getall(f"add_on.{pet}", []) if isinstance(v, str))
            for pet in pets[:20]
        }
        return cls(
            pets=pets[:20],
            add_ons=add_ons,
            start_date=text("start_date"),
            start_time=text("start_time"),
            end_date=text("end_date"),
            end_time=text("end_time"),
            staff_id=text("staff_id"),
            join_waitlist=text("join_waitlist") == "true",
        )

    @property
    def started(self) -> bool:
        """True once a pet or a date is filled in (an empty form is not checked)."""
        return bool(self.pets or self.start_date)

    def only(self, setting: BookingSetting) -> BookingValues:
        """These values without the pets, add-ons and groomer ``setting`` does not offer (a
        link may name a pet since retired, say)."""
        pets = {str(pet.id) for pet in setting.pets}
        services = {str(service.id) for service in setting.add_ons}
        groomers = {str(groomer.id) for groomer in setting.groomers}
        kept = tuple(pet for pet in self.pets if pet in pets)
        return attrs.evolve(
            self,
            pets=kept,
            add_ons={
                pet: tuple(s for s in self.add_ons.get(pet, ()) if s in services) for pet in kept
            },
            staff_id=self.staff_id if self.staff_id in groomers else "",
        )

    def has_add_on(self, pet: int, service: int) -> bool:
        """True when ``service`` is ticked for ``pet``."""
        return str(service) in self.add_ons.get(str(pet), ())

    def query(self, setting: BookingSetting) -> str:
        """The step-2 address's query carrying these values."""
        pairs: list[tuple[str, str]] = [
            ("location_id", str(setting.location.id)),
            ("type_id", str(setting.kind.id)),
        ]
        pairs += [("animal_id", pet) for pet in self.pets]
        for pet in self.pets:
            pairs += [(f"add_on.{pet}", service) for service in self.add_ons.get(pet, ())]
        for name in ("start_date", "start_time", "end_date", "end_time", "staff_id"):
            if value := getattr(self, name):
                pairs.append((name, value))
        return urlencode(pairs)


@attrs.frozen
class ParsedBooking:
    """A well-formed booking form: what the core evaluates."""

    location_id: LocationId
    type_id: ReservationTypeId
    start: datetime
    end: datetime
    pets: tuple[tuple[AnimalId, tuple[AdditionalServiceId, ...]], ...]
    staff_id: StaffUserId | None


def date_labels(appointment: bool) -> dict[str, str]:
    """The labels of the date inputs, by input name."""
    if appointment:
        return {"start_date": "Date", "start_time": "Time"}
    return {
        "start_date": "Drop-off date",
        "start_time": "Drop-off time",
        "end_date": "Pick-up date",
        "end_time": "Pick-up time",
    }


def labels(setting: BookingSetting) -> dict[str, str]:
    """The booking form's labels, by input name."""
    return {
        "animal_id": "Pets",
        **date_labels(setting.appointment),
        "staff_id": "Groomer or trainer",
    }


def _day(problems: dict[str, str], name: str, raw: str) -> date | None:
    if not raw.strip():
        problems[name] = "Choose a date"
        return None
    day = parse_iso_date(raw)
    if day is None:
        problems[name] = "This is not a date; write it as YYYY-MM-DD, e.g. 2027-04-30"
    return day


def _clock(problems: dict[str, str], name: str, raw: str) -> time | None:
    text = raw.strip()
    if not text:
        problems[name] = "Choose a time"
        return None
    if not _TIME.fullmatch(text):
        problems[name] = "This is not a time; write it as HH:MM on the 24-hour clock, e.g. 09:30"
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        problems[name] = "This is not a time of day; write it as HH:MM, e.g. 09:30"
        return None


def _moment(day: date | None, at: time | None, zone: ZoneInfo) -> datetime | None:
    return None if day is None or at is None else datetime.combine(day, at, tzinfo=zone)


def _pets(
    problems: dict[str, str], values: BookingValues, setting: BookingSetting
) -> list[tuple[AnimalId, tuple[AdditionalServiceId, ...]]]:
    known = {str(pet.id): pet for pet in setting.pets}
    offered = {str(service.id): service for service in setting.add_ons}
    if not values.pets:
        problems["animal_id"] = "Choose at least one pet"
        return []
    if any(pet not in known for pet in values.pets):
        problems["animal_id"] = "Choose among the pets listed"
        return []
    chosen: list[tuple[AnimalId, tuple[AdditionalServiceId, ...]]] = []
    for pet in values.pets:
        ticked = values.add_ons.get(pet, ())
        if any(service not in offered for service in ticked):
            problems["add_ons"] = "Choose among the add-ons listed"
        services = tuple(dict.fromkeys(offered[s].id for s in ticked if s in offered))
        chosen.append((known[pet].id, services))
    return chosen


def parse_when(
    problems: dict[str, str], values: BookingValues, minutes: int | None, timezone: str
) -> tuple[datetime | None, datetime | None]:
    """The start and end the date inputs describe in the facility's time zone: drop-off and
    pick-up for a stay, or a date and a time plus ``minutes`` for an appointment."""
    zone = ZoneInfo(timezone)
    start = _moment(
        _day(problems, "start_date", values.start_date),
        _clock(problems, "start_time", values.start_time),
        zone,
    )
    if minutes is not None:
        return start, None if start is None else start + timedelta(minutes=minutes)
    end = _moment(
        _day(problems, "end_date", values.end_date),
        _clock(problems, "end_time", values.end_time),
        zone,
    )
    if start is not None and end is not None and end <= start:
        problems["end_date"] = "Pick-up must come after drop-off; change a date or a time"
    return start, end


def parse_booking(
    values: BookingValues, setting: BookingSetting, timezone: str
) -> tuple[ParsedBooking | None, FormErrors]:
    """The booking the form describes, or what is wrong with each of its inputs."""
    problems: dict[str, str] = {}
    pets = _pets(problems, values, setting)
    minutes = setting.kind.appointment_minutes if setting.appointment else None
    start, end = parse_when(problems, values, minutes, timezone)
    staff_id = None
    if setting.kind.assigns_staff:
        groomer = next((g for g in setting.groomers if str(g.id) == values.staff_id), None)
        if groomer is None:
            problems["staff_id"] = "Choose who will look after your pet"
        else:
            staff_id = groomer.id
    if problems or start is None or end is None:
        return None, errors_of(problems, labels(setting))
    parsed = ParsedBooking(setting.location.id, setting.kind.id, start, end, tuple(pets), staff_id)
    return parsed, FormErrors()


def errors_of(problems: Mapping[str, str], names: Mapping[str, str]) -> FormErrors:
    """The form errors of ``problems`` (by input name), in the form's order."""
    order = [*names, "add_ons"]
    summary = tuple(
        ErrorLink(f"#f-{name}", f"{names.get(name, 'Add-ons')}: {problems[name]}")
        for name in order
        if name in problems
    )
    return FormErrors(dict(problems), summary)
