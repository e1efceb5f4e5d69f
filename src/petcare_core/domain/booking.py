"""The booking evaluation: every reason a draft booking cannot be requested yet, all at once.

``evaluate_booking`` reads a ``BookingDraft`` (what the pet parent, or staff, filled in) and the
``BookingFacts`` a use case loaded (the facility, the pets and their files, the reservation type,
the capacity ledgers, the current time). It returns a ``BookingEvaluation``: the reasons grouped
in a fixed order of categories, each tagged with its pet, a fix hint for the portal and the
permission that lets staff override it; the estimate; the deposit due. It stores nothing and
reads no clock, so the portal can call it on every change of the booking form. Staff overrides
are in ``booking_overrides``. See docs/booking-rules.md, "Booking evaluation".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs

from petcare_core.domain.add_ons import AdditionalService, add_on_reasons
from petcare_core.domain.agreements import Agreement, AgreementSignature, unsigned_agreements
from petcare_core.domain.animal import Animal, AnimalStatus
from petcare_core.domain.booking_reasons import (
    AccountNotApproved,
    AppointmentLengthMismatch,
    BookingReason,
    LocationNotBookable,
    PetNotActive,
    PetNotFound,
    ReasonCategory,
    ReasonKey,
    ServiceNotOffered,
    StaffNotChosen,
    StaffNotOffered,
)
from petcare_core.domain.booking_window import date_rule_reasons
from petcare_core.domain.capacity import (
    CapacityLedger,
    CapacityPool,
    capacity_reasons,
    demand,
    occupied_days,
    pool_for,
)
from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.compliance import immunization_compliance
from petcare_core.domain.deposits import DepositDue, deposit_due
from petcare_core.domain.double_booking import double_bookings
from petcare_core.domain.estimate import Estimate, PeakRange, estimate
from petcare_core.domain.evaluations import Evaluation, evaluation_reasons
from petcare_core.domain.facility import Facility, Location
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    BookingOverrideId,
    CapacityPoolId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import Reason
from petcare_core.domain.reservation import Reservation, ReservationLine
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission


def _check_aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must be timezone-aware")


def _required_text(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be blank")


def _check_lines(_: object, __: object, lines: tuple[ReservationLine, ...]) -> None:
    if not lines:
        raise ValueError("a booking needs at least one pet")
    pets = [line.animal_id for line in lines]
    if len(set(pets)) != len(pets):
        raise ValueError("a pet appears on two lines of the same booking")


@attrs.frozen
class BookingDraft:
    """What was filled in: where, what, when, which pets with which add-ons, and with whom.

    ``staff_id`` is the groomer or trainer chosen for an appointment, not the person booking.
    A draft has the shape of a reservation (aware times, end after start, each pet once);
    anything else raises ``ValueError``, so the web layer checks the form's shape first.
    """

    facility_id: FacilityId
    location_id: LocationId
    owner_id: OwnerId
    type_id: ReservationTypeId
    start: datetime = attrs.field(validator=_check_aware)
    end: datetime = attrs.field(validator=_check_aware)
    lines: tuple[ReservationLine, ...] = attrs.field(validator=_check_lines)
    staff_id: StaffUserId | None = None

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a booking must end after it starts")

    @property
    def animal_ids(self) -> tuple[AnimalId, ...]:
        """The draft's pets, in line order."""
        return tuple(line.animal_id for line in self.lines)


# Peaks, the multi-pet discount and the evaluation's validity are facility settings; a use case
# may pass other values (a quote at next season's prices), else the facility's count.
def _settings_peaks(facts: BookingFacts) -> tuple[PeakRange, ...]:
    return facts.facility.settings.peak_ranges


def _settings_discount(facts: BookingFacts) -> Decimal:
    return facts.facility.settings.multi_pet_discount


def _settings_evaluation_days(facts: BookingFacts) -> int | None:
    return facts.facility.settings.evaluation_valid_days


@attrs.frozen(kw_only=True)
class BookingFacts:
    """Everything the booking rules read, loaded by the use case from its repositories.

    ``animals`` holds (at least) the draft's pets that exist in the facility; a pet missing
    from it, or of another household, is refused as not the owner's. The per-pet mappings
    (``immunization_records``, ``evaluations``, ``last_visits``) may leave out pets with
    nothing on file. ``agreements`` must hold every agreement the reservation type requires;
    ``signatures`` are the household's. ``ledgers`` hold, per pool id, the stored counts of the
    stay's days, **without** this draft. ``booked`` holds (at least) the other reservations
    that keep the draft's pets or staff member busy at an overlapping time
    (``double_booking``), never the reservation being evaluated itself; ``types`` their
    reservation types. ``peaks``, ``multi_pet_discount`` and
    ``evaluation_valid_days`` default to the facility's settings when the facts are built
    (``attrs.evolve`` with another facility keeps the values already there).
    """

    facility: Facility
    location: Location
    reservation_type: ReservationType
    account_approved: bool
    animals: Mapping[AnimalId, Animal] = attrs.field(hash=False)
    immunization_types: tuple[ImmunizationType, ...] = ()
    immunization_records: Mapping[AnimalId, tuple[ImmunizationRecord, ...]] = attrs.field(
        factory=dict, hash=False
    )
    evaluations: Mapping[AnimalId, tuple[Evaluation, ...]] = attrs.field(factory=dict, hash=False)
    last_visits: Mapping[AnimalId, date] = attrs.field(factory=dict, hash=False)
    agreements: tuple[Agreement, ...] = ()
    signatures: tuple[AgreementSignature, ...] = ()
    add_ons: Mapping[AdditionalServiceId, AdditionalService] = attrs.field(factory=dict, hash=False)
    pools: tuple[CapacityPool, ...] = ()
    ledgers: Mapping[CapacityPoolId, CapacityLedger] = attrs.field(factory=dict, hash=False)
    booked: tuple[Reservation, ...] = ()
    types: Mapping[ReservationTypeId, ReservationType] = attrs.field(factory=dict, hash=False)
    peaks: tuple[PeakRange, ...] = attrs.field(
        default=attrs.Factory(_settings_peaks, takes_self=True)
    )
    multi_pet_discount: Decimal = attrs.field(
        default=attrs.Factory(_settings_discount, takes_self=True)
    )
    evaluation_valid_days: int | None = attrs.field(
        default=attrs.Factory(_settings_evaluation_days, takes_self=True)
    )
    now: datetime = attrs.field(validator=_check_aware)

    def __attrs_post_init__(self) -> None:
        facility_id = self.facility.id
        if self.location.facility_id != facility_id:
            raise ValueError("the location belongs to another facility")
        if self.reservation_type.facility_id != facility_id:
            raise ValueError("the reservation type belongs to another facility")

    @property
    def zone(self) -> tzinfo:
        """The facility's timezone, in which every date of the booking is read."""
        return ZoneInfo(self.facility.timezone)


@attrs.frozen
class BookingEvaluation:
    """The outcome of ``evaluate_booking``.

    ``reasons`` are grouped by category in ``ReasonCategory`` order; ``warnings`` are vaccines
    that expire soon after the stay (they stop nothing). ``estimate`` is None when the draft
    cannot be priced (an add-on the facility does not have); ``deposit`` is then zero.
    """

    reasons: tuple[BookingReason, ...]
    warnings: tuple[BookingReason, ...]
    estimate: Estimate | None
    deposit: Money

    @property
    def blocking(self) -> tuple[BookingReason, ...]:
        """The reasons that stop the request: all but the deposit due."""
        return tuple(reason for reason in self.reasons if reason.blocking)

    @property
    def offers_waitlist(self) -> bool:
        """True exactly when full capacity is all that stops the request."""
        blocking = self.blocking
        return bool(blocking) and all(r.category is ReasonCategory.CAPACITY for r in blocking)

    @property
    def can_request(self) -> bool:
        """True when nothing stops the request."""
        return not self.blocking


@attrs.frozen
class BookingOverride:
    """A reason staff waived on a reservation: who, under which permission, when and why."""

    id: BookingOverrideId
    facility_id: FacilityId
    reservation_id: ReservationId
    reason_code: str = attrs.field(validator=_required_text)
    animal_id: AnimalId | None
    permission: Permission
    staff_user_id: StaffUserId
    note: str = attrs.field(validator=_required_text)
    at: datetime = attrs.field(validator=_check_aware)

    @property
    def key(self) -> ReasonKey:
        """The reason this override waives."""
        return ReasonKey(self.reason_code, self.animal_id)


def _tagged(
    reasons: Iterable[Reason], animal_id: AnimalId, animal: Animal | None
) -> list[BookingReason]:
    name = "" if animal is None else animal.name
    return [BookingReason(reason, animal_id, name) for reason in reasons]


def _owned(draft: BookingDraft, facts: BookingFacts) -> list[Animal | None]:
    """The draft's pets in line order; None for one that is not the household's."""
    found = [facts.animals.get(pet) for pet in draft.animal_ids]
    return [a if a is not None and a.owner_id == draft.owner_id else None for a in found]


def _service_reasons(draft: BookingDraft, facts: BookingFacts) -> list[BookingReason]:
    kind, location = facts.reservation_type, facts.location
    reasons: list[Reason] = []
    if not location.active:
        reasons.append(LocationNotBookable(location.name))
    if not kind.offered_at(location.id):
        reasons.append(ServiceNotOffered(kind.name, location.name))
    if kind.assigns_staff and draft.staff_id is None:
        reasons.append(StaffNotChosen(kind.name))
    elif draft.staff_id is not None and not kind.done_by(draft.staff_id):
        reasons.append(StaffNotOffered(kind.name))
    return [BookingReason(reason) for reason in reasons]


def _required_vaccines(facts: BookingFacts, animal: Animal) -> list[ImmunizationType]:
    # Required for every stay when the facility marks the vaccine required, or for this type
    # when the type lists it; always only the pet's species' active vaccines.
    listed = facts.reservation_type.required_immunization_type_ids
    return [
        kind
        for kind in facts.immunization_types
        if kind.species_id == animal.species_id
        and kind.active
        and (kind.required or kind.id in listed)
    ]


def _required_agreements(facts: BookingFacts) -> list[Agreement]:
    wanted = facts.reservation_type.required_agreement_ids
    given = {agreement.id for agreement in facts.agreements}
    if not wanted <= given:
        missing = ", ".join(str(i) for i in sorted(wanted - given))
        raise ValueError(f"the facts lack required agreements {missing}")
    return [agreement for agreement in facts.agreements if agreement.id in wanted]


def _date_reasons(draft: BookingDraft, facts: BookingFacts) -> list[BookingReason]:
    kind = facts.reservation_type
    reasons: list[Reason] = list(
        date_rule_reasons(kind.policy, draft.start, draft.end, facts.now, facts.zone)
    )
    length = kind.appointment_length
    if kind.appointment_minutes is not None and draft.end - draft.start != length:
        reasons.append(AppointmentLengthMismatch(kind.name, kind.appointment_minutes))
    return [BookingReason(reason) for reason in reasons]


def _capacity_reasons(draft: BookingDraft, facts: BookingFacts) -> list[BookingReason]:
    kind = facts.reservation_type
    pool = pool_for(facts.pools, draft.location_id, kind.id)
    if pool is None:
        return []  # no pool: the type has no capacity limit at this location
    ledger = facts.ledgers.get(pool.id)
    if ledger is None:
        raise ValueError(f"the facts lack the ledger of pool {pool.id}")
    days = occupied_days(kind.unit, draft.start, draft.end, facts.zone)
    return [BookingReason(r) for r in capacity_reasons(pool, ledger, days, demand(pool, draft))]


def _local_days(start: datetime, end: datetime, zone: tzinfo) -> tuple[date, date]:
    return start.astimezone(zone).date(), end.astimezone(zone).date()


def _used_add_ons(
    lines: tuple[ReservationLine, ...], add_ons: Mapping[AdditionalServiceId, AdditionalService]
) -> list[AdditionalService] | None:
    """The add-ons the lines name (None when one is unknown): only those go on the price list."""
    named = dict.fromkeys(service for line in lines for service in line.services)
    if any(service not in add_ons for service in named):
        return None
    return [add_ons[service] for service in named]


def _price(
    kind: ReservationType,
    location: Location,
    add_ons: list[AdditionalService],
    lines: tuple[ReservationLine, ...],
    days: tuple[date, date],
    *,
    peaks: tuple[PeakRange, ...],
    multi_pet_discount: Decimal,
) -> Estimate:
    """The one way a booking is priced: the type's price list with the location's tax rate."""
    prices = kind.price_list(
        add_ons, peaks=peaks, multi_pet_discount=multi_pet_discount, tax_rate=location.tax_rate
    )
    return estimate(prices, days[0], days[1], lines)


def _household_reasons(
    pets: list[tuple[ReservationLine, Animal | None]],
    facts: BookingFacts,
    busy: list[tuple[AnimalId | None, Reason]],
) -> list[BookingReason]:
    reasons: list[BookingReason] = []
    if not facts.account_approved:
        reasons.append(BookingReason(AccountNotApproved()))
    for line, animal in pets:
        if animal is None:
            reasons.append(BookingReason(PetNotFound(line.animal_id), line.animal_id))
            continue
        if animal.status is not AnimalStatus.ACTIVE:
            reasons.extend(_tagged([PetNotActive(animal.status)], animal.id, animal))
        booked = [reason for pet, reason in busy if pet == animal.id]
        reasons.extend(_tagged(booked, animal.id, animal))
    return reasons


def _double_bookings(
    draft: BookingDraft, facts: BookingFacts
) -> list[tuple[AnimalId | None, Reason]]:
    kinds = {**facts.types, facts.reservation_type.id: facts.reservation_type}
    return double_bookings(
        unit=facts.reservation_type.unit,
        start=draft.start,
        end=draft.end,
        animal_ids=draft.animal_ids,
        staff_id=draft.staff_id,
        others=facts.booked,
        types=kinds,
        zone=facts.zone,
    )


def _requirement_reasons(
    known: list[Animal], facts: BookingFacts, days: tuple[date, date]
) -> tuple[list[BookingReason], list[BookingReason]]:
    """Evaluation, then vaccine reasons of the known pets; and the vaccines expiring soon."""
    reasons: list[BookingReason] = []
    if facts.reservation_type.requires_evaluation:
        for animal in known:
            found = evaluation_reasons(
                facts.evaluations.get(animal.id, ()),
                facts.last_visits.get(animal.id),
                days[0],
                facts.evaluation_valid_days,
                zone=facts.zone,
            )
            reasons.extend(_tagged(found, animal.id, animal))
    warnings: list[BookingReason] = []
    settings = facts.facility.settings
    for animal in known:
        report = immunization_compliance(
            facts.immunization_records.get(animal.id, ()),
            _required_vaccines(facts, animal),
            days[0],
            days[1],
            grace_days=settings.immunization_grace_days,
            expiring_soon_days=settings.expiring_soon_days,
        )
        reasons.extend(_tagged(report.reasons, animal.id, animal))
        warnings.extend(_tagged(report.warnings, animal.id, animal))
    return reasons, warnings


def evaluate_booking(draft: BookingDraft, facts: BookingFacts) -> BookingEvaluation:
    """Every reason ``draft`` cannot be requested yet, its estimate and its deposit.

    The reasons come in ``ReasonCategory`` order, and in line order of the pets within a
    category: account, pet, service, evaluation, immunizations, agreements, dates, add-ons,
    capacity, deposit (information only). Raises ``ValueError`` when ``facts`` were loaded for
    another facility, location or type, or lack a required agreement or a pool's ledger.
    """
    kind = facts.reservation_type
    if (draft.facility_id, draft.location_id, draft.type_id) != (
        facts.facility.id,
        facts.location.id,
        kind.id,
    ):
        raise ValueError("the facts were loaded for another facility, location or type")
    days = _local_days(draft.start, draft.end, facts.zone)
    pets = list(zip(draft.lines, _owned(draft, facts), strict=True))
    busy = _double_bookings(draft, facts)
    reasons = _household_reasons(pets, facts, busy)
    reasons.extend(_service_reasons(draft, facts))
    reasons.extend(BookingReason(reason) for pet, reason in busy if pet is None)
    known = [animal for _, animal in pets if animal is not None]
    requirements, warnings = _requirement_reasons(known, facts, days)
    reasons.extend(requirements)
    unsigned = unsigned_agreements(
        _required_agreements(facts), facts.signatures, location_id=draft.location_id
    )
    reasons.extend(BookingReason(reason) for reason in unsigned)
    reasons.extend(_date_reasons(draft, facts))
    for line, animal in pets:
        found = add_on_reasons(kind.id, line.services, facts.add_ons)
        reasons.extend(_tagged(found, line.animal_id, animal))
    reasons.extend(_capacity_reasons(draft, facts))
    used = _used_add_ons(draft.lines, facts.add_ons)
    priced = None
    deposit = Money.zero(kind.base_price.currency)
    if used is not None:
        priced = _price(
            kind,
            facts.location,
            used,
            draft.lines,
            days,
            peaks=facts.peaks,
            multi_pet_discount=facts.multi_pet_discount,
        )
        deposit = deposit_due(kind.deposit, priced)
    if deposit.amount > 0:
        reasons.append(BookingReason(DepositDue(deposit)))
    return BookingEvaluation(tuple(reasons), tuple(warnings), priced, deposit)


def existing_reservation_estimate(
    reservation: Reservation,
    reservation_type: ReservationType,
    location: Location,
    add_ons: Mapping[AdditionalServiceId, AdditionalService],
    *,
    peaks: tuple[PeakRange, ...],
    multi_pet_discount: Decimal,
    zone: tzinfo,
) -> Estimate:
    """The estimate of a stored reservation, priced as ``evaluate_booking`` prices a draft.

    ``zone`` is the facility's timezone (the stay's dates are local dates). Raises
    ``ValueError`` for a type or location that is not the reservation's, or an add-on on the
    reservation that ``add_ons`` does not hold.
    """
    if (reservation.type_id, reservation.location_id) != (reservation_type.id, location.id):
        raise ValueError("the reservation type or location is not the reservation's")
    used = _used_add_ons(reservation.lines, add_ons)
    if used is None:
        raise ValueError(f"an add-on of reservation {reservation.id} is missing from add_ons")
    days = _local_days(reservation.start, reservation.end, zone)
    return _price(
        reservation_type,
        location,
        used,
        reservation.lines,
        days,
        peaks=peaks,
        multi_pet_discount=multi_pet_discount,
    )
