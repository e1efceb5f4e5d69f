"""The booking evaluation: every reason at once, in category order, with fixes and overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.actors import Actor
from petcare_core.domain.add_ons import AdditionalService, AddOnNotAllowed, UnknownAddOn
from petcare_core.domain.agreements import Agreement, AgreementSignature, AgreementUnsigned
from petcare_core.domain.animal import Animal, AnimalStatus
from petcare_core.domain.booking import (
    BookingDraft,
    BookingEvaluation,
    BookingFacts,
    evaluate_booking,
    existing_reservation_estimate,
)
from petcare_core.domain.booking_reasons import (
    AccountNotApproved,
    AppointmentLengthMismatch,
    BookingReason,
    Fix,
    FixTarget,
    LocationNotBookable,
    PetNotActive,
    PetNotFound,
    ReasonCategory,
    ServiceNotOffered,
    StaffNotChosen,
    category_of,
)
from petcare_core.domain.booking_window import (
    BeyondBookingHorizon,
    BookingPolicy,
    EndsOnClosedDate,
    StartsInThePast,
    StartsOnClosedDate,
)
from petcare_core.domain.capacity import CapacityFull, CapacityLedger, CapacityPool, PoolKind
from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.compliance import (
    ExpiresDuringStay,
    ExpiringSoon,
    Missing,
    PendingReview,
    Rejected,
)
from petcare_core.domain.deposits import DepositDue, PercentageDeposit
from petcare_core.domain.estimate import AddOnCharge, LineKind, PeakRange, PricingUnit
from petcare_core.domain.evaluations import (
    Evaluation,
    EvaluationExpired,
    EvaluationFailed,
    EvaluationMissing,
    EvaluationResult,
)
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AgreementSignatureId,
    AnimalId,
    CapacityPoolId,
    EvaluationId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    SpeciesId,
    StaffUserId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import Reason, Rejection
from petcare_core.domain.reservation import Reservation, ReservationLine
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission
from petcare_core.testing.strategies.booking import BookingCase, Fault, booking_cases

NEW_YORK = ZoneInfo("America/New_York")
F, HERE, ELSEWHERE = FacilityId(1), LocationId(1), LocationId(2)
DOG, CAT = SpeciesId(1), SpeciesId(2)
OWNER, NEIGHBOUR = OwnerId(7), OwnerId(8)
REX, MAX, TOM = AnimalId(10), AnimalId(11), AnimalId(12)
BATH, WALK = AdditionalServiceId(1), AdditionalServiceId(2)
CREATED = datetime(2025, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 5, 20, 12, tzinfo=NEW_YORK)


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def june(day: int, hour: int) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=NEW_YORK)


HAPPY_PAWS = Facility(
    id=F,
    slug="happy-paws",
    name="Happy Paws",
    timezone="America/New_York",
    currency="USD",
    invite_code="HAPPY-PAWS",
    settings=FacilitySettings(),
    created_at=CREATED,
)
DOWNTOWN = Location(HERE, F, "Downtown", tax_rate=Decimal("0.10"))
RABIES = ImmunizationType(ImmunizationTypeId(1), F, DOG, "Rabies", required=True)
BORDETELLA = ImmunizationType(ImmunizationTypeId(2), F, DOG, "Bordetella")
FVRCP = ImmunizationType(ImmunizationTypeId(3), F, CAT, "FVRCP", required=True)
RETIRED = ImmunizationType(ImmunizationTypeId(4), F, DOG, "Old lepto", required=True, active=False)
WAIVER = Agreement.create(
    id=AgreementId(1), facility_id=F, title="Boarding waiver", text="I agree.", at=CREATED
)
BOARDING = ReservationType(
    id=ReservationTypeId(20),
    facility_id=F,
    name="Boarding",
    unit=PricingUnit.NIGHT,
    base_price=usd(5_000),
    required_immunization_type_ids={BORDETELLA.id},
    required_agreement_ids={WAIVER.id},
    requires_evaluation=True,
    deposit=PercentageDeposit(Decimal("0.25")),
)
GROOMING = ReservationType(
    id=ReservationTypeId(21),
    facility_id=F,
    name="Grooming",
    unit=PricingUnit.APPOINTMENT,
    base_price=usd(4_000),
    appointment_minutes=60,
    assigns_staff=True,
)
BATH_ADD_ON = AdditionalService(BATH, F, "Bath", usd(2_500), AddOnCharge.PER_STAY, {BOARDING.id})
WALK_ADD_ON = AdditionalService(WALK, F, "Walk", usd(1_000), AddOnCharge.PER_UNIT, {GROOMING.id})
SUITES = CapacityPool(
    CapacityPoolId(1), F, HERE, "Suites", PoolKind.ROOM, 2, frozenset({BOARDING.id})
)


def pet(animal_id: AnimalId, name: str, species: SpeciesId = DOG) -> Animal:
    return Animal(
        id=animal_id,
        facility_id=F,
        owner_id=OWNER,
        name=name,
        species_id=species,
        created_at=CREATED,
        modified_at=CREATED,
    )


def record(
    number: int, animal: AnimalId, vaccine: ImmunizationType, expires_on: date
) -> ImmunizationRecord:
    return ImmunizationRecord(
        id=ImmunizationRecordId(number),
        facility_id=F,
        animal_id=animal,
        type_id=vaccine.id,
        expires_on=expires_on,
        source=RecordSource.STAFF,
        status=RecordStatus.VERIFIED,
        created_at=CREATED,
    )


def passed(number: int, animal: AnimalId) -> Evaluation:
    return Evaluation(
        EvaluationId(number), F, animal, EvaluationResult.PASS, CREATED, StaffUserId(3)
    )


NEXT_YEAR = date(2027, 5, 1)
PETS = {REX: pet(REX, "Rex"), MAX: pet(MAX, "Max"), TOM: pet(TOM, "Tom", CAT)}
FACTS = BookingFacts(
    facility=HAPPY_PAWS,
    location=DOWNTOWN,
    reservation_type=BOARDING,
    account_approved=True,
    animals=PETS,
    immunization_types=(RABIES, BORDETELLA, FVRCP, RETIRED),
    immunization_records={
        REX: (record(1, REX, RABIES, NEXT_YEAR), record(2, REX, BORDETELLA, NEXT_YEAR)),
        MAX: (record(3, MAX, RABIES, NEXT_YEAR), record(4, MAX, BORDETELLA, NEXT_YEAR)),
        TOM: (record(5, TOM, FVRCP, NEXT_YEAR),),
    },
    evaluations={REX: (passed(1, REX),), MAX: (passed(2, MAX),), TOM: (passed(3, TOM),)},
    agreements=(WAIVER,),
    signatures=(
        AgreementSignature(
            AgreementSignatureId(1), F, WAIVER.id, 1, OWNER, "Ann Smith", CREATED, "192.0.2.1"
        ),
    ),
    add_ons={BATH: BATH_ADD_ON, WALK: WALK_ADD_ON},
    pools=(SUITES,),
    ledgers={SUITES.id: CapacityLedger.of(SUITES)},
    now=NOW,
)
# Three nights (1, 2 and 3 June) for Rex, with a bath, and Max.
DRAFT = BookingDraft(
    facility_id=F,
    location_id=HERE,
    owner_id=OWNER,
    type_id=BOARDING.id,
    start=june(1, 15),
    end=june(4, 10),
    lines=(ReservationLine(REX, (BATH,)), ReservationLine(MAX)),
)


def evaluate(draft: BookingDraft = DRAFT, **changes: Any) -> BookingEvaluation:
    return evaluate_booking(draft, attrs.evolve(FACTS, **changes))


def rules(evaluation: BookingEvaluation) -> list[tuple[Reason, AnimalId | None]]:
    return [(reason.reason, reason.animal_id) for reason in evaluation.reasons]


def grooming(start: datetime, end: datetime, staff: StaffUserId | None) -> BookingDraft:
    return attrs.evolve(
        DRAFT,
        type_id=GROOMING.id,
        start=start,
        end=end,
        lines=(ReservationLine(REX),),
        staff_id=staff,
    )


def test_a_draft_that_meets_every_rule_can_be_requested_and_is_told_its_deposit() -> None:
    evaluation = evaluate()
    # Per pet 3 nights x 50.00; Rex's bath 25.00; tax 10%. 175.00 + 17.50 + 150.00 + 15.00.
    assert evaluation.estimate is not None
    assert evaluation.estimate.total == usd(35_750)
    assert evaluation.deposit == usd(8_938)  # 25% of 357.50 = 89.375, half-up
    assert rules(evaluation) == [(DepositDue(usd(8_938)), None)]
    assert evaluation.blocking == ()
    assert evaluation.can_request
    assert not evaluation.offers_waitlist
    [deposit] = evaluation.reasons
    assert deposit.category is ReasonCategory.DEPOSIT
    assert deposit.overridable_by() is Permission.OVERRIDE_DEPOSITS
    assert deposit.fix == Fix(FixTarget.PAY_DEPOSIT)
    assert deposit.message == "a deposit of 89.38 USD is due when you send this request"


def test_an_account_not_yet_approved_is_the_first_reason() -> None:
    evaluation = evaluate(account_approved=False)
    first = evaluation.reasons[0]
    assert first.reason == AccountNotApproved()
    assert first.category is ReasonCategory.ACCOUNT
    assert first.overridable_by() is None
    assert first.fix == Fix(FixTarget.CONTACT_FACILITY)
    assert not evaluation.can_request


def test_a_pet_of_another_household_or_not_on_file_is_not_the_owners() -> None:
    strangers = {**PETS, MAX: attrs.evolve(PETS[MAX], owner_id=NEIGHBOUR)}
    evaluation = evaluate(animals=strangers)
    assert rules(evaluation)[0] == (PetNotFound(MAX), MAX)
    # Nothing else is said about a pet that is not the household's: no vaccines, no evaluation.
    assert [r.animal_id for r in evaluation.blocking] == [MAX]
    assert evaluation.blocking[0].fix == Fix(FixTarget.CHOOSE_PETS, MAX)
    assert evaluation.blocking[0].overridable_by() is None
    assert rules(evaluate(animals={REX: PETS[REX]}))[0] == (PetNotFound(MAX), MAX)


@pytest.mark.parametrize("status", [AnimalStatus.INACTIVE, AnimalStatus.DECEASED])
def test_an_inactive_pet_cannot_be_booked(status: AnimalStatus) -> None:
    evaluation = evaluate(animals={**PETS, REX: attrs.evolve(PETS[REX], status=status)})
    [reason] = evaluation.blocking
    assert (reason.reason, reason.animal_id) == (PetNotActive(status), REX)
    assert reason.message == (
        f"Rex: this pet's profile is marked {status}; remove the pet from the booking, or ask "
        "the facility to reactivate its profile"
    )
    assert reason.fix == Fix(FixTarget.CONTACT_FACILITY, REX)


def test_a_banned_pet_is_sent_to_the_facility() -> None:
    evaluation = evaluate(
        animals={**PETS, REX: attrs.evolve(PETS[REX], status=AnimalStatus.BANNED)}
    )
    assert evaluation.blocking[0].message == (
        "Rex: this pet cannot be booked here; contact the facility to talk about it"
    )


def test_a_withdrawn_type_or_location_is_a_service_reason() -> None:
    withdrawn = evaluate(reservation_type=attrs.evolve(BOARDING, active=False))
    assert rules(withdrawn) == [
        (ServiceNotOffered("Boarding", "Downtown"), None),
        (DepositDue(usd(8_938)), None),
    ]
    assert withdrawn.blocking[0].fix == Fix(FixTarget.CHOOSE_SERVICE)
    elsewhere = evaluate(reservation_type=attrs.evolve(BOARDING, location_ids={ELSEWHERE}))
    assert rules(elsewhere)[0] == (ServiceNotOffered("Boarding", "Downtown"), None)
    closed = evaluate(location=attrs.evolve(DOWNTOWN, active=False))
    assert rules(closed)[0] == (LocationNotBookable("Downtown"), None)
    assert closed.blocking[0].fix == Fix(FixTarget.CHOOSE_LOCATION)
    assert all(reason.overridable_by() is None for reason in closed.blocking)


def test_an_appointment_needs_its_length_and_a_groomer() -> None:
    right = evaluate(grooming(june(2, 10), june(2, 11), StaffUserId(3)), reservation_type=GROOMING)
    assert right.can_request
    wrong = evaluate(grooming(june(2, 10), june(2, 12), None), reservation_type=GROOMING)
    assert rules(wrong) == [
        (StaffNotChosen("Grooming"), None),
        (AppointmentLengthMismatch("Grooming", 60), None),
    ]
    assert [r.category for r in wrong.reasons] == [ReasonCategory.SERVICE, ReasonCategory.DATES]
    assert [r.fix.target for r in wrong.reasons] == [FixTarget.CHOOSE_STAFF, FixTarget.CHOOSE_DATES]
    assert [r.overridable_by() for r in wrong.reasons] == [None, None]
    assert wrong.reasons[1].message == (
        "a Grooming appointment lasts 60 minutes; choose an end 60 minutes after the start"
    )


def test_a_pet_that_was_never_evaluated_is_told_to_book_an_evaluation() -> None:
    evaluation = evaluate(evaluations={REX: (passed(1, REX),)})
    [reason] = evaluation.blocking
    assert (reason.reason, reason.animal_id, reason.pet_name) == (EvaluationMissing(), MAX, "Max")
    assert reason.message.startswith("Max: this pet has not been evaluated yet")
    assert reason.fix == Fix(FixTarget.BOOK_EVALUATION, MAX)
    assert reason.overridable_by() is Permission.OVERRIDE_EVALUATIONS
    # Daycare without an evaluation requirement does not ask for one.
    daycare = attrs.evolve(BOARDING, requires_evaluation=False)
    assert evaluate(evaluations={}, reservation_type=daycare).can_request


def test_an_evaluation_expires_after_the_facilitys_days_without_a_visit() -> None:
    lapsed = evaluate(evaluation_valid_days=30, last_visits={REX: date(2026, 5, 10)})
    # Rex came on 10 May: his pass holds through 9 June. Max has not come since his pass.
    assert [(r.code, r.animal_id) for r in lapsed.blocking] == [("evaluation_expired", MAX)]
    assert lapsed.blocking[0].fix == Fix(FixTarget.BOOK_EVALUATION, MAX)


def test_vaccines_required_by_the_facility_or_by_the_type_must_last_the_whole_stay() -> None:
    records = {
        REX: (record(1, REX, RABIES, date(2026, 6, 3)), record(2, REX, BORDETELLA, NEXT_YEAR)),
        MAX: (record(3, MAX, RABIES, NEXT_YEAR),),
    }
    evaluation = evaluate(immunization_records=records)
    assert rules(evaluation)[:2] == [
        (ExpiresDuringStay(RABIES.id, "Rabies", date(2026, 6, 3)), REX),
        (Missing(BORDETELLA.id, "Bordetella"), MAX),
    ]
    assert evaluation.blocking[0].message == (
        "Rex: Rabies: the vaccination on file expires on 2026-06-03, before the end of the "
        "stay; upload the record of the booster"
    )
    assert evaluation.blocking[0].fix == Fix(FixTarget.UPLOAD_VACCINE, REX)
    assert evaluation.blocking[0].overridable_by() is Permission.OVERRIDE_IMMUNIZATIONS
    # A type that does not list Bordetella only needs the facility's required Rabies; a cat's
    # vaccine and a withdrawn one are never asked of a dog.
    daycare = attrs.evolve(BOARDING, required_immunization_type_ids=frozenset())
    relaxed = evaluate(immunization_records=records, reservation_type=daycare)
    assert [r.code for r in relaxed.blocking] == ["expires_during_stay"]


def test_a_vaccine_expiring_soon_after_the_stay_is_a_warning_not_a_reason() -> None:
    records = {
        **FACTS.immunization_records,
        REX: (record(1, REX, RABIES, date(2026, 6, 20)), record(2, REX, BORDETELLA, NEXT_YEAR)),
    }
    evaluation = evaluate(immunization_records=records)
    assert evaluation.can_request
    [warning] = evaluation.warnings
    assert (warning.reason, warning.animal_id) == (
        ExpiringSoon(RABIES.id, "Rabies", date(2026, 6, 20)),
        REX,
    )
    assert not warning.blocking
    assert warning.overridable_by() is None
    assert warning.fix == Fix(FixTarget.UPLOAD_VACCINE, REX)


def test_an_unsigned_agreement_links_to_it() -> None:
    evaluation = evaluate(signatures=())
    [reason] = evaluation.blocking
    assert reason.reason == AgreementUnsigned(WAIVER.id, "Boarding waiver", 1)
    assert reason.animal_id is None
    assert reason.fix == Fix(FixTarget.SIGN_AGREEMENT, agreement_id=WAIVER.id)
    assert reason.overridable_by() is Permission.OVERRIDE_AGREEMENTS
    changed = evaluate(agreements=(WAIVER.publish("I agree, again.", CREATED),))
    assert changed.blocking[0].reason == AgreementUnsigned(WAIVER.id, "Boarding waiver", 2, 1)


def test_closed_dates_cannot_be_overridden_but_the_other_date_rules_can() -> None:
    closed = attrs.evolve(BOARDING, policy=BookingPolicy(closed_dates={date(2026, 6, 1)}))
    evaluation = evaluate(reservation_type=closed, now=june(1, 16))
    assert rules(evaluation)[:2] == [
        (StartsOnClosedDate(date(2026, 6, 1)), None),
        (StartsInThePast(june(1, 15)), None),
    ]
    assert [r.overridable_by() for r in evaluation.blocking] == [
        None,
        Permission.OVERRIDE_BOOKING_RULES,
    ]
    assert {r.fix for r in evaluation.blocking} == {Fix(FixTarget.CHOOSE_DATES)}


def test_an_unknown_add_on_cannot_be_priced() -> None:
    draft = attrs.evolve(DRAFT, lines=(ReservationLine(REX, (AdditionalServiceId(99),)),))
    evaluation = evaluate(draft)
    assert rules(evaluation) == [(UnknownAddOn(AdditionalServiceId(99)), REX)]
    assert (evaluation.estimate, evaluation.deposit) == (None, usd(0))
    assert evaluation.blocking[0].fix == Fix(FixTarget.CHOOSE_ADD_ONS, REX)
    assert evaluation.blocking[0].overridable_by() is None


def test_an_add_on_of_another_type_is_refused_but_still_priced() -> None:
    draft = attrs.evolve(DRAFT, lines=(ReservationLine(REX, (WALK,)),))
    evaluation = evaluate(draft)
    assert rules(evaluation)[0] == (AddOnNotAllowed(WALK, "Walk"), REX)
    assert evaluation.estimate is not None
    assert [line.kind for line in evaluation.estimate.lines] == [
        LineKind.BASE,
        LineKind.ADD_ON,
        LineKind.TAX,
    ]


def test_a_full_pool_offers_the_waitlist_only_when_nothing_else_blocks() -> None:
    full = {SUITES.id: CapacityLedger.of(SUITES, {date(2026, 6, 2): 2})}
    evaluation = evaluate(ledgers=full)
    [reason] = evaluation.blocking
    assert reason.reason == CapacityFull(SUITES.id, "Suites", (date(2026, 6, 2),))
    assert reason.fix == Fix(FixTarget.JOIN_WAITLIST)
    assert reason.overridable_by() is Permission.OVERRIDE_CAPACITY
    assert evaluation.offers_waitlist
    assert not evaluation.can_request
    also_unsigned = evaluate(ledgers=full, signatures=())
    assert not also_unsigned.offers_waitlist
    # A room pool counts one room for the family; one room free is enough for both dogs.
    assert evaluate(
        ledgers={SUITES.id: CapacityLedger.of(SUITES, {date(2026, 6, 2): 1})}
    ).can_request


def test_every_rule_broken_at_once_comes_in_category_order() -> None:
    facts = attrs.evolve(
        FACTS,
        account_approved=False,
        animals={**PETS, MAX: attrs.evolve(PETS[MAX], status=AnimalStatus.INACTIVE)},
        location=attrs.evolve(DOWNTOWN, active=False),
        evaluations={},
        immunization_records={},
        signatures=(),
        reservation_type=attrs.evolve(
            BOARDING, policy=BookingPolicy(closed_dates={date(2026, 6, 4)})
        ),
        ledgers={SUITES.id: CapacityLedger.of(SUITES, {date(2026, 6, 1): 2})},
    )
    draft = attrs.evolve(DRAFT, lines=(ReservationLine(REX, (WALK,)), ReservationLine(MAX)))
    evaluation = evaluate_booking(draft, facts)
    assert [(r.code, r.animal_id) for r in evaluation.reasons] == [
        ("account_not_approved", None),
        ("pet_not_active", MAX),
        ("location_not_bookable", None),
        ("evaluation_missing", REX),
        ("evaluation_missing", MAX),
        ("missing", REX),
        ("missing", REX),
        ("missing", MAX),
        ("missing", MAX),
        ("agreement_unsigned", None),
        ("ends_on_closed_date", None),
        ("add_on_not_allowed", REX),
        ("capacity_full", None),
        ("deposit_due", None),
    ]
    assert [r.category for r in evaluation.reasons] == sorted(
        (r.category for r in evaluation.reasons), key=list(ReasonCategory).index
    )
    # A rejection can carry them as they are: every one is a Reason with a message.
    assert Rejection(evaluation.blocking).messages[0].startswith("your account is waiting")


def test_peaks_discount_and_evaluation_days_come_from_the_facility_unless_given() -> None:
    peak = PeakRange("Summer", date(2026, 6, 1), date(2026, 6, 30), usd(1_000))
    settings = attrs.evolve(
        HAPPY_PAWS.settings,
        peak_ranges=(peak,),
        multi_pet_discount=Decimal("0.20"),
        evaluation_valid_days=90,
    )
    facts = BookingFacts(
        facility=attrs.evolve(HAPPY_PAWS, settings=settings),
        location=DOWNTOWN,
        reservation_type=BOARDING,
        account_approved=True,
        animals=PETS,
        now=NOW,
    )
    assert (facts.peaks, facts.multi_pet_discount, facts.evaluation_valid_days) == (
        (peak,),
        Decimal("0.20"),
        90,
    )
    # 20% of one pet's 150.00 is 30.00 off, 15.00 each; three peak nights of 10.00 each.
    assert FACTS.peaks == ()
    estimate = evaluate(peaks=(peak,), multi_pet_discount=Decimal("0.20")).estimate
    assert estimate is not None
    kinds = [(line.animal_id, line.kind, line.amount.amount) for line in estimate.lines]
    assert (MAX, LineKind.PEAK, 3_000) in kinds
    assert (MAX, LineKind.DISCOUNT, -1_500) in kinds


def test_facts_for_another_facility_location_or_type_are_refused() -> None:
    with pytest.raises(ValueError, match="another facility, location or type"):
        evaluate(attrs.evolve(DRAFT, type_id=GROOMING.id))
    with pytest.raises(ValueError, match="location belongs to another facility"):
        attrs.evolve(FACTS, location=attrs.evolve(DOWNTOWN, facility_id=FacilityId(2)))
    with pytest.raises(ValueError, match="reservation type belongs to another facility"):
        attrs.evolve(FACTS, reservation_type=attrs.evolve(BOARDING, facility_id=FacilityId(2)))
    with pytest.raises(ValueError, match="lack required agreements 1"):
        evaluate(agreements=())
    with pytest.raises(ValueError, match="ledger of pool 1"):
        evaluate(ledgers={})
    with pytest.raises(ValueError, match="timezone-aware"):
        attrs.evolve(FACTS, now=datetime(2026, 5, 20, 12))


def test_a_draft_has_the_shape_of_a_reservation() -> None:
    with pytest.raises(ValueError, match="end after it starts"):
        attrs.evolve(DRAFT, end=DRAFT.start)
    with pytest.raises(ValueError, match="at least one pet"):
        attrs.evolve(DRAFT, lines=())
    with pytest.raises(ValueError, match="two lines"):
        attrs.evolve(DRAFT, lines=(ReservationLine(REX), ReservationLine(REX)))
    with pytest.raises(ValueError, match="timezone-aware"):
        attrs.evolve(DRAFT, start=datetime(2026, 6, 1, 15))
    assert DRAFT.animal_ids == (REX, MAX)


def test_only_booking_rules_are_booking_reasons() -> None:
    with pytest.raises(ValueError, match="not a reason of the booking rules"):
        BookingReason(Reason())
    assert category_of(DepositDue(usd(1))) is ReasonCategory.DEPOSIT


_P = Permission
_T = FixTarget
DAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("reason", "category", "permission", "target"),
    [
        (AccountNotApproved(), ReasonCategory.ACCOUNT, None, _T.CONTACT_FACILITY),
        (PetNotFound(REX), ReasonCategory.PET, None, _T.CHOOSE_PETS),
        (PetNotActive(AnimalStatus.INACTIVE), ReasonCategory.PET, None, _T.CONTACT_FACILITY),
        (
            ServiceNotOffered("Boarding", "Downtown"),
            ReasonCategory.SERVICE,
            None,
            _T.CHOOSE_SERVICE,
        ),
        (LocationNotBookable("Downtown"), ReasonCategory.SERVICE, None, _T.CHOOSE_LOCATION),
        (StaffNotChosen("Grooming"), ReasonCategory.SERVICE, None, _T.CHOOSE_STAFF),
        (
            EvaluationMissing(),
            ReasonCategory.EVALUATION,
            _P.OVERRIDE_EVALUATIONS,
            _T.BOOK_EVALUATION,
        ),
        (
            EvaluationFailed(DAY),
            ReasonCategory.EVALUATION,
            _P.OVERRIDE_EVALUATIONS,
            _T.CONTACT_FACILITY,
        ),
        (
            EvaluationExpired(DAY, DAY, DAY),
            ReasonCategory.EVALUATION,
            _P.OVERRIDE_EVALUATIONS,
            _T.BOOK_EVALUATION,
        ),
        (
            Missing(RABIES.id, "Rabies"),
            ReasonCategory.IMMUNIZATIONS,
            _P.OVERRIDE_IMMUNIZATIONS,
            _T.UPLOAD_VACCINE,
        ),
        (
            PendingReview(RABIES.id, "Rabies"),
            ReasonCategory.IMMUNIZATIONS,
            _P.OVERRIDE_IMMUNIZATIONS,
            _T.CONTACT_FACILITY,
        ),
        (
            Rejected(RABIES.id, "Rabies", "blurry"),
            ReasonCategory.IMMUNIZATIONS,
            _P.OVERRIDE_IMMUNIZATIONS,
            _T.UPLOAD_VACCINE,
        ),
        (
            ExpiresDuringStay(RABIES.id, "Rabies", DAY),
            ReasonCategory.IMMUNIZATIONS,
            _P.OVERRIDE_IMMUNIZATIONS,
            _T.UPLOAD_VACCINE,
        ),
        (
            AgreementUnsigned(WAIVER.id, "Boarding waiver", 1),
            ReasonCategory.AGREEMENTS,
            _P.OVERRIDE_AGREEMENTS,
            _T.SIGN_AGREEMENT,
        ),
        (StartsOnClosedDate(DAY), ReasonCategory.DATES, None, _T.CHOOSE_DATES),
        (EndsOnClosedDate(DAY), ReasonCategory.DATES, None, _T.CHOOSE_DATES),
        (
            BeyondBookingHorizon(DAY, DAY, 0),
            ReasonCategory.DATES,
            _P.OVERRIDE_BOOKING_RULES,
            _T.CHOOSE_DATES,
        ),
        (AppointmentLengthMismatch("Grooming", 60), ReasonCategory.DATES, None, _T.CHOOSE_DATES),
        (UnknownAddOn(BATH), ReasonCategory.ADD_ONS, None, _T.CHOOSE_ADD_ONS),
        (
            CapacityFull(SUITES.id, "Suites", (DAY,)),
            ReasonCategory.CAPACITY,
            _P.OVERRIDE_CAPACITY,
            _T.JOIN_WAITLIST,
        ),
        (DepositDue(usd(100)), ReasonCategory.DEPOSIT, _P.OVERRIDE_DEPOSITS, _T.PAY_DEPOSIT),
    ],
)
def test_each_rule_has_its_category_override_and_fix(
    reason: Reason, category: ReasonCategory, permission: Permission | None, target: FixTarget
) -> None:
    tagged = BookingReason(reason, REX, "Rex")
    assert (tagged.category, tagged.overridable_by(), tagged.fix.target) == (
        category,
        permission,
        target,
    )
    assert tagged.fix.animal_id == REX
    assert tagged.code == reason.code
    assert tagged.field == reason.field
    assert tagged.message == f"Rex: {reason.message}"
    assert tagged.blocking == (category is not ReasonCategory.DEPOSIT)


def reservation_of(draft: BookingDraft) -> Reservation:
    reservation, _ = Reservation.request(
        id=ReservationId(1),
        facility_id=draft.facility_id,
        location_id=draft.location_id,
        owner_id=draft.owner_id,
        type_id=draft.type_id,
        start=draft.start,
        end=draft.end,
        lines=draft.lines,
        at=NOW,
        by=Actor.owner(draft.owner_id),
        staff_id=draft.staff_id,
    )
    return reservation


def test_a_stored_reservation_is_priced_as_its_draft_was() -> None:
    stored = existing_reservation_estimate(
        reservation_of(DRAFT),
        BOARDING,
        DOWNTOWN,
        FACTS.add_ons,
        peaks=(),
        multi_pet_discount=Decimal(0),
        zone=NEW_YORK,
    )
    assert stored == evaluate().estimate
    with pytest.raises(ValueError, match="not the reservation's"):
        existing_reservation_estimate(
            reservation_of(DRAFT),
            GROOMING,
            DOWNTOWN,
            FACTS.add_ons,
            peaks=(),
            multi_pet_discount=Decimal(0),
            zone=NEW_YORK,
        )
    with pytest.raises(ValueError, match="missing from add_ons"):
        existing_reservation_estimate(
            reservation_of(DRAFT),
            BOARDING,
            DOWNTOWN,
            {},
            peaks=(),
            multi_pet_discount=Decimal(0),
            zone=NEW_YORK,
        )


# Properties ------------------------------------------------------------------------------------


def _rank(reason: BookingReason) -> int:
    return list(ReasonCategory).index(reason.category)


@given(booking_cases())
def test_the_evaluation_is_deterministic(case: BookingCase) -> None:
    assert evaluate_booking(case.draft, case.facts) == evaluate_booking(case.draft, case.facts)


@given(booking_cases())
def test_reasons_come_grouped_in_category_order_and_name_the_drafts_pets(
    case: BookingCase,
) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    ranks = [_rank(reason) for reason in evaluation.reasons]
    assert ranks == sorted(ranks)
    for reason in (*evaluation.reasons, *evaluation.warnings):
        assert reason.animal_id is None or reason.animal_id in case.draft.animal_ids
        assert reason.fix.animal_id == reason.animal_id
        assert reason.message.strip()


@given(booking_cases())
def test_the_waitlist_is_offered_exactly_when_only_capacity_blocks(case: BookingCase) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    categories = {reason.category for reason in evaluation.blocking}
    assert evaluation.offers_waitlist == (categories == {ReasonCategory.CAPACITY})
    assert evaluation.can_request == (not evaluation.blocking)
    assert all(
        reason.blocking == (reason.category is not ReasonCategory.DEPOSIT)
        for reason in evaluation.reasons
    )


@given(booking_cases(compliant=True))
def test_a_compliant_draft_is_stopped_by_capacity_alone(case: BookingCase) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    assert evaluation.can_request or evaluation.offers_waitlist


@given(booking_cases(faults={Fault.ACCOUNT}))
def test_a_single_fault_is_reported_in_its_category(case: BookingCase) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    assert evaluation.blocking[0].category is ReasonCategory.ACCOUNT
    assert {r.category for r in evaluation.blocking} <= {
        ReasonCategory.ACCOUNT,
        ReasonCategory.CAPACITY,
    }


def _with_more_room(case: BookingCase, extra: int) -> BookingFacts:
    pools = tuple(attrs.evolve(pool, capacity=pool.capacity + extra) for pool in case.facts.pools)
    ledgers = {pool.id: CapacityLedger.of(pool, case.facts.ledgers[pool.id].used) for pool in pools}
    return attrs.evolve(case.facts, pools=pools, ledgers=ledgers)


def _without_capacity(evaluation: BookingEvaluation) -> list[BookingReason]:
    return [r for r in evaluation.reasons if r.category is not ReasonCategory.CAPACITY]


def _full_days(evaluation: BookingEvaluation) -> set[date]:
    return {
        day
        for reason in evaluation.reasons
        if isinstance(reason.reason, CapacityFull)
        for day in reason.reason.dates
    }


@given(booking_cases(), st.integers(1, 5))
def test_more_capacity_never_adds_a_reason(case: BookingCase, extra: int) -> None:
    before = evaluate_booking(case.draft, case.facts)
    after = evaluate_booking(case.draft, _with_more_room(case, extra))
    assert _without_capacity(after) == _without_capacity(before)
    assert _full_days(after) <= _full_days(before)
    assert len(after.reasons) <= len(before.reasons)


@given(booking_cases(compliant=True), st.data())
def test_a_passing_draft_keeps_passing_with_emptier_ledgers(
    case: BookingCase, data: st.DataObject
) -> None:
    if not evaluate_booking(case.draft, case.facts).can_request:
        return
    emptier = {
        pool_id: CapacityLedger(
            ledger.pool_id,
            ledger.capacity,
            {day: data.draw(st.integers(0, used)) for day, used in ledger.used.items()},
        )
        for pool_id, ledger in case.facts.ledgers.items()
    }
    assert evaluate_booking(case.draft, attrs.evolve(case.facts, ledgers=emptier)).can_request


@given(booking_cases())
def test_the_estimate_is_the_sum_of_its_lines_and_prices_the_stored_reservation_alike(
    case: BookingCase,
) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    estimate = evaluation.estimate
    if estimate is None:
        assert evaluation.deposit.amount == 0
        return
    assert estimate.total.amount == sum(line.amount.amount for line in estimate.lines)
    assert 0 <= evaluation.deposit.amount <= max(estimate.total.amount, 0)
    deposits = [r.reason for r in evaluation.reasons if isinstance(r.reason, DepositDue)]
    assert deposits == ([DepositDue(evaluation.deposit)] if evaluation.deposit.amount else [])
    facts = case.facts
    stored = existing_reservation_estimate(
        reservation_of(case.draft),
        facts.reservation_type,
        facts.location,
        facts.add_ons,
        peaks=facts.peaks,
        multi_pet_discount=facts.multi_pet_discount,
        zone=facts.zone,
    )
    assert stored == estimate


@given(booking_cases(faults={Fault.DATES}))
def test_date_reasons_are_overridable_unless_they_are_closed_dates(case: BookingCase) -> None:
    for reason in evaluate_booking(case.draft, case.facts).reasons:
        if reason.category is ReasonCategory.DATES:
            closed = reason.code in {"starts_on_closed_date", "ends_on_closed_date"}
            length = reason.code == "appointment_length_mismatch"
            expected = None if closed or length else Permission.OVERRIDE_BOOKING_RULES
            assert reason.overridable_by() is expected


def test_the_local_dates_of_the_stay_decide_the_nights() -> None:
    # 23:30 in New York on 31 May is 03:30 UTC on 1 June: the stay starts on 31 May.
    late = attrs.evolve(
        DRAFT, start=datetime(2026, 5, 31, 23, 30, tzinfo=NEW_YORK), end=june(2, 10)
    )
    evaluation = evaluate(late)
    assert evaluation.estimate is not None
    assert evaluation.estimate.lines[0].quantity == 2  # the nights of 31 May and 1 June
    assert late.start.astimezone(UTC).date() == date(2026, 6, 1)
    assert [r.code for r in evaluation.blocking] == ["drop_off_outside_hours"]
