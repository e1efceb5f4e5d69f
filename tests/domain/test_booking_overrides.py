"""Staff overrides: only with the matching permission, always recorded with who, why and when."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.agreements import AgreementUnsigned
from petcare_core.domain.booking import BookingEvaluation, BookingOverride, evaluate_booking
from petcare_core.domain.booking_overrides import (
    OverrideIds,
    OverrideNoteMissing,
    OverrideNotPermitted,
    OverrideOutcome,
    apply_overrides,
    still_blocking,
)
from petcare_core.domain.booking_reasons import BookingReason, ReasonKey
from petcare_core.domain.booking_window import StartsInThePast, StartsOnClosedDate
from petcare_core.domain.capacity import CapacityFull
from petcare_core.domain.compliance import Missing
from petcare_core.domain.deposits import DepositDue
from petcare_core.domain.ids import (
    AgreementId,
    AnimalId,
    BookingOverrideId,
    CapacityPoolId,
    FacilityId,
    ImmunizationTypeId,
    ReservationId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import Reason
from petcare_core.domain.staff import ROLE_PERMISSIONS, Permission, StaffRole
from petcare_core.testing.strategies.booking import BookingCase, Fault, booking_cases

MANAGER = ROLE_PERMISSIONS[StaffRole.MANAGER]
EMPLOYEE = ROLE_PERMISSIONS[StaffRole.EMPLOYEE]
ADMIN = ROLE_PERMISSIONS[StaffRole.ADMIN]
AT = datetime(2026, 5, 21, 9, tzinfo=UTC)
SUE = StaffUserId(3)
REX, MAX = AnimalId(10), AnimalId(11)
RABIES, BORDETELLA = ImmunizationTypeId(1), ImmunizationTypeId(2)
DEPOSIT = Money(8_938, "USD")
NOTHING = Money(0, "USD")


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def evaluation_of(*reasons: BookingReason, deposit: Money = NOTHING) -> BookingEvaluation:
    return BookingEvaluation(reasons, (), None, deposit)


def pets(reason: Reason, *animals: AnimalId) -> list[BookingReason]:
    return [BookingReason(reason, animal, f"pet {animal}") for animal in animals]


REX_RABIES, MAX_RABIES = pets(Missing(RABIES, "Rabies"), REX, MAX)
REX_BORDETELLA, MAX_BORDETELLA = pets(Missing(BORDETELLA, "Bordetella"), REX, MAX)
FULL = BookingReason(CapacityFull(CapacityPoolId(1), "Suites", (date(2026, 6, 2),)))
UNSIGNED = BookingReason(AgreementUnsigned(AgreementId(1), "Boarding waiver", 1))
CLOSED = BookingReason(StartsOnClosedDate(date(2026, 6, 1)))
PAST = BookingReason(StartsInThePast(datetime(2026, 6, 1, 15, tzinfo=UTC)))
DUE = BookingReason(DepositDue(DEPOSIT))
NO_VACCINES = evaluation_of(
    REX_RABIES, REX_BORDETELLA, MAX_RABIES, MAX_BORDETELLA, FULL, DUE, deposit=DEPOSIT
)


def override(
    evaluation: BookingEvaluation,
    requests: list[tuple[BookingReason | ReasonKey, str]],
    permissions: frozenset[Permission] = MANAGER,
    ids: OverrideIds | None = None,
) -> OverrideOutcome:
    return apply_overrides(
        evaluation,
        requests,
        permissions=permissions,
        staff_user_id=SUE,
        facility_id=FacilityId(1),
        reservation_id=ReservationId(50),
        at=AT,
        ids=ids if ids is not None else map(BookingOverrideId, itertools.count(100)),
    )


def test_a_manager_overrides_a_missing_vaccine_and_the_override_is_recorded() -> None:
    outcome = apply_overrides(
        NO_VACCINES,
        [(REX_RABIES, "  Vet confirmed by phone  ")],
        permissions=MANAGER,
        staff_user_id=SUE,
        facility_id=FacilityId(1),
        reservation_id=ReservationId(50),
        at=AT,
        ids=[BookingOverrideId(7)],
    )
    assert outcome.overrides == (
        BookingOverride(
            id=BookingOverrideId(7),
            facility_id=FacilityId(1),
            reservation_id=ReservationId(50),
            reason_code="missing",
            animal_id=REX,
            permission=Permission.OVERRIDE_IMMUNIZATIONS,
            staff_user_id=SUE,
            note="Vet confirmed by phone",
            at=AT,
        ),
    )
    # One key is a code and a pet: both of Rex's missing vaccines are waived, Max's are not.
    assert outcome.remaining == (MAX_RABIES, MAX_BORDETELLA, FULL)
    assert outcome.refused == ()
    assert outcome.deposit == DEPOSIT
    assert not outcome.accepted
    assert not outcome.offers_waitlist


def test_an_employee_without_the_permission_is_refused_and_the_reason_stays() -> None:
    outcome = override(NO_VACCINES, [(REX_RABIES, "vet said so")], EMPLOYEE)
    assert outcome.refused == (
        OverrideNotPermitted("missing", Permission.OVERRIDE_IMMUNIZATIONS, REX),
    )
    assert outcome.remaining == NO_VACCINES.blocking
    assert outcome.overrides == ()
    assert outcome.refused[0].message == (
        "overriding missing needs the 'override.immunizations' permission; ask someone who has it"
    )


def test_once_the_vaccines_are_waived_only_capacity_stands_and_the_waitlist_is_offered() -> None:
    requests: list[tuple[BookingReason | ReasonKey, str]] = [
        (ReasonKey("missing", REX), "vet called"),
        (ReasonKey("missing", MAX), "vet called"),
    ]
    outcome = override(NO_VACCINES, requests)
    assert outcome.remaining == (FULL,)
    assert outcome.offers_waitlist


def test_closed_dates_cannot_be_overridden_even_by_an_admin() -> None:
    evaluation = evaluation_of(CLOSED, PAST)
    outcome = apply_overrides(
        evaluation,
        [(CLOSED, "the owner is a friend"), (PAST, "entered late")],
        permissions=ADMIN,
        staff_user_id=SUE,
        facility_id=FacilityId(1),
        reservation_id=ReservationId(50),
        at=AT,
        ids=lambda: BookingOverrideId(1),
    )
    assert outcome.refused == (OverrideNotPermitted("starts_on_closed_date", None),)
    assert outcome.remaining == (CLOSED,)
    assert [o.permission for o in outcome.overrides] == [Permission.OVERRIDE_BOOKING_RULES]
    assert outcome.refused[0].message == (
        "starts on closed date cannot be overridden by anyone; change the booking instead"
    )


def test_a_blank_note_is_refused() -> None:
    outcome = override(evaluation_of(FULL), [(ReasonKey("capacity_full"), "   ")])
    assert outcome.refused == (OverrideNoteMissing("capacity_full"),)
    assert outcome.refused[0].field == "note"
    assert outcome.remaining == (FULL,)
    assert outcome.offers_waitlist
    done = override(evaluation_of(FULL), [(FULL, "an extra suite is ready")])
    assert done.accepted
    assert [o.permission for o in done.overrides] == [Permission.OVERRIDE_CAPACITY]


def test_a_waived_deposit_is_due_no_more() -> None:
    evaluation = evaluation_of(DUE, deposit=DEPOSIT)
    assert evaluation.can_request
    outcome = override(evaluation, [(ReasonKey("deposit_due"), "regular customer")])
    assert outcome.deposit == usd(0)
    assert [o.permission for o in outcome.overrides] == [Permission.OVERRIDE_DEPOSITS]
    assert override(evaluation, []).deposit == DEPOSIT
    assert override(evaluation, [(DUE, "please")], EMPLOYEE).deposit == DEPOSIT


def test_repeated_and_unknown_requests_record_nothing_more() -> None:
    outcome = override(
        evaluation_of(UNSIGNED),
        [
            (UNSIGNED, "signed on paper"),
            (UNSIGNED, "again"),
            (ReasonKey("missing", AnimalId(999)), "no such reason"),
        ],
    )
    assert [(o.reason_code, o.note, o.id) for o in outcome.overrides] == [
        ("agreement_unsigned", "signed on paper", BookingOverrideId(100))
    ]
    assert outcome.accepted


def test_override_ids_come_from_a_sequence_or_a_callable_and_must_suffice() -> None:
    requests: list[tuple[BookingReason | ReasonKey, str]] = [(UNSIGNED, "ok"), (FULL, "ok")]
    evaluation = evaluation_of(UNSIGNED, FULL)
    with pytest.raises(ValueError, match="not enough override ids"):
        override(evaluation, requests, ids=[BookingOverrideId(1)])
    counter = itertools.count(1)
    outcome = override(evaluation, requests, ids=lambda: BookingOverrideId(next(counter)))
    assert [o.id for o in outcome.overrides] == [1, 2]


def test_stored_overrides_keep_waiving_the_same_reasons_later() -> None:
    outcome = override(NO_VACCINES, [(REX_RABIES, "vet called"), (FULL, "extra suite")])
    # Evaluated again when staff accept: Rex's Bordetella is now on file, a waiver is new.
    later = evaluation_of(REX_RABIES, MAX_RABIES, MAX_BORDETELLA, UNSIGNED, FULL)
    assert still_blocking(later, outcome.overrides) == (MAX_RABIES, MAX_BORDETELLA, UNSIGNED)


def test_an_override_record_needs_a_reason_a_note_and_an_aware_time() -> None:
    record = BookingOverride(
        id=BookingOverrideId(1),
        facility_id=FacilityId(1),
        reservation_id=ReservationId(1),
        reason_code="missing",
        animal_id=REX,
        permission=Permission.OVERRIDE_IMMUNIZATIONS,
        staff_user_id=SUE,
        note="vet called",
        at=AT,
    )
    assert record.key == ReasonKey("missing", REX)
    with pytest.raises(ValueError, match="note must not be blank"):
        attrs.evolve(record, note=" ")
    with pytest.raises(ValueError, match="reason_code must not be blank"):
        attrs.evolve(record, reason_code="")
    with pytest.raises(ValueError, match="timezone-aware"):
        attrs.evolve(record, at=datetime(2026, 5, 1))


# Properties ------------------------------------------------------------------------------------

PERMISSION_SETS = st.frozensets(st.sampled_from(Permission))


def _everything(evaluation: BookingEvaluation) -> list[tuple[BookingReason | ReasonKey, str]]:
    return [(reason, "because") for reason in evaluation.reasons]


@given(booking_cases(), PERMISSION_SETS, st.data())
def test_overrides_never_remove_a_reason_the_actor_may_not_waive(
    case: BookingCase, permissions: frozenset[Permission], data: st.DataObject
) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    asked = data.draw(st.lists(st.sampled_from(evaluation.reasons))) if evaluation.reasons else []
    outcome = override(evaluation, [(r, "because") for r in asked], permissions)
    for reason in evaluation.blocking:
        if reason.overridable_by() not in permissions:
            assert reason in outcome.remaining
    for record in outcome.overrides:
        assert record.permission in permissions
        assert record.staff_user_id == SUE
        assert record.at == AT
    ids = [record.id for record in outcome.overrides]
    assert ids == list(range(100, 100 + len(ids)))


@given(booking_cases(), PERMISSION_SETS)
def test_with_every_request_what_remains_is_what_nobody_or_this_actor_cannot_waive(
    case: BookingCase, permissions: frozenset[Permission]
) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    outcome = override(evaluation, _everything(evaluation), permissions)
    assert outcome.remaining == tuple(
        r for r in evaluation.blocking if r.overridable_by() not in permissions
    )
    refused = {(r.reason_code, r.animal_id) for r in outcome.refused}
    assert refused == {
        (r.code, r.animal_id) for r in evaluation.reasons if r.overridable_by() not in permissions
    }
    assert still_blocking(evaluation, outcome.overrides) == outcome.remaining


@given(booking_cases(faults={Fault.DATES}))
def test_closed_dates_are_never_overridable(case: BookingCase) -> None:
    evaluation = evaluate_booking(case.draft, case.facts)
    outcome = override(evaluation, _everything(evaluation), frozenset(Permission))
    closed = {"starts_on_closed_date", "ends_on_closed_date"}
    for reason in evaluation.reasons:
        if reason.code in closed:
            assert reason.overridable_by() is None
            assert reason in outcome.remaining
    assert not {o.reason_code for o in outcome.overrides} & closed
