"""Immunization compliance over a stay, and the per-animal status lines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.compliance import (
    ExpiresDuringStay,
    ExpiringSoon,
    ImmunizationState,
    Missing,
    PendingReview,
    Rejected,
    immunization_compliance,
    immunization_status,
)
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    SpeciesId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.testing.strategies import immunization_records

FACILITY = FacilityId(1)
ANIMAL = AnimalId(7)
RABIES = ImmunizationType(ImmunizationTypeId(1), FACILITY, SpeciesId(1), "Rabies", required=True)
DHPP = ImmunizationType(ImmunizationTypeId(2), FACILITY, SpeciesId(1), "DHPP", required=True)
BORDETELLA = ImmunizationType(ImmunizationTypeId(3), FACILITY, SpeciesId(1), "Bordetella")
TYPES = (RABIES, DHPP, BORDETELLA)
START = date(2024, 6, 10)
END = date(2024, 6, 14)
CREATED = datetime(2024, 1, 1, 12, tzinfo=UTC)

_next_id = iter(range(1000, 10**6))


def record(
    kind: ImmunizationType,
    expires_on: date,
    status: RecordStatus = RecordStatus.VERIFIED,
    *,
    reviewed_at: datetime | None = None,
    rejection_reason: str = "",
) -> ImmunizationRecord:
    return ImmunizationRecord(
        id=ImmunizationRecordId(next(_next_id)),
        facility_id=FACILITY,
        animal_id=ANIMAL,
        type_id=kind.id,
        expires_on=expires_on,
        source=RecordSource.PARENT_UPLOAD,
        status=status,
        created_at=CREATED,
        reviewed_at=reviewed_at,
        rejection_reason=rejection_reason,
    )


def reasons_for(*records: ImmunizationRecord, grace_days: int = 0) -> tuple[object, ...]:
    return immunization_compliance(records, [RABIES], START, END, grace_days=grace_days).reasons


def test_no_records_means_every_required_type_is_missing_in_the_given_order() -> None:
    report = immunization_compliance([], [DHPP, RABIES], START, END)

    assert report.reasons == (Missing(DHPP.id, "DHPP"), Missing(RABIES.id, "Rabies"))
    assert not report.compliant
    assert report.warnings == ()


def test_a_verified_record_valid_through_the_end_is_compliant() -> None:
    report = immunization_compliance([record(RABIES, date(2025, 6, 1))], [RABIES], START, END)

    assert report.compliant
    assert report.reasons == ()
    assert report.warnings == ()


def test_records_of_types_not_required_are_ignored() -> None:
    report = immunization_compliance([record(DHPP, date(2025, 1, 1))], [RABIES], START, END)

    assert report.reasons == (Missing(RABIES.id, "Rabies"),)


def test_nothing_required_is_compliant() -> None:
    assert immunization_compliance([record(RABIES, date(2000, 1, 1))], [], START, END).compliant


@pytest.mark.parametrize(
    ("grace_days", "expires_on", "compliant"),
    [
        (0, END, True),
        (0, END - timedelta(days=1), False),
        (3, END - timedelta(days=3), True),
        (3, END - timedelta(days=4), False),
    ],
)
def test_a_record_is_valid_through_expiry_plus_grace_inclusive(
    grace_days: int, expires_on: date, compliant: bool
) -> None:
    reasons = reasons_for(record(RABIES, expires_on), grace_days=grace_days)

    assert reasons == (() if compliant else (ExpiresDuringStay(RABIES.id, "Rabies", expires_on),))


def test_a_stay_ending_one_day_after_expiry_is_refused_even_if_it_starts_before() -> None:
    expiry = date(2024, 6, 13)
    assert immunization_compliance([record(RABIES, expiry)], [RABIES], START, expiry).compliant
    report = immunization_compliance(
        [record(RABIES, expiry)], [RABIES], START, expiry + timedelta(days=1)
    )
    assert report.reasons == (ExpiresDuringStay(RABIES.id, "Rabies", expiry),)


def test_expires_during_stay_names_the_latest_verified_expiry() -> None:
    reasons = reasons_for(record(RABIES, date(2023, 1, 1)), record(RABIES, date(2024, 6, 12)))

    assert reasons == (ExpiresDuringStay(RABIES.id, "Rabies", date(2024, 6, 12)),)


def test_a_record_that_expired_before_the_stay_also_expires_during_it() -> None:
    assert reasons_for(record(RABIES, date(2020, 1, 1))) == (
        ExpiresDuringStay(RABIES.id, "Rabies", date(2020, 1, 1)),
    )


def test_only_verified_records_count() -> None:
    far = date(2030, 1, 1)
    assert reasons_for(record(RABIES, far, RecordStatus.PENDING_REVIEW)) == (
        PendingReview(RABIES.id, "Rabies"),
    )
    assert reasons_for(record(RABIES, far, RecordStatus.REJECTED)) == (
        Rejected(RABIES.id, "Rabies", ""),
    )


def test_pending_review_takes_precedence_over_an_expired_verified_record() -> None:
    reasons = reasons_for(
        record(RABIES, date(2024, 6, 1)),
        record(RABIES, date(2025, 6, 1), RecordStatus.PENDING_REVIEW),
        record(RABIES, date(2025, 6, 1), RecordStatus.REJECTED),
    )

    assert reasons == (PendingReview(RABIES.id, "Rabies"),)


def test_a_valid_verified_record_wins_over_pending_and_rejected_ones() -> None:
    reasons = reasons_for(
        record(RABIES, date(2025, 6, 1), RecordStatus.PENDING_REVIEW),
        record(RABIES, date(2025, 6, 1), RecordStatus.REJECTED),
        record(RABIES, date(2025, 6, 1)),
    )

    assert reasons == ()


def test_an_expired_verified_record_takes_precedence_over_a_rejection() -> None:
    reasons = reasons_for(
        record(RABIES, date(2024, 6, 1)),
        record(RABIES, date(2025, 6, 1), RecordStatus.REJECTED, rejection_reason="blurry"),
    )

    assert reasons == (ExpiresDuringStay(RABIES.id, "Rabies", date(2024, 6, 1)),)


def test_rejected_carries_the_latest_rejections_reason() -> None:
    later = CREATED + timedelta(days=30)
    reasons = reasons_for(
        record(
            RABIES,
            date(2025, 1, 1),
            RecordStatus.REJECTED,
            reviewed_at=later,
            rejection_reason="wrong pet",
        ),
        record(
            RABIES,
            date(2026, 1, 1),
            RecordStatus.REJECTED,
            reviewed_at=CREATED,
            rejection_reason="blurry",
        ),
    )

    assert reasons == (Rejected(RABIES.id, "Rabies", "wrong pet"),)


@pytest.mark.parametrize(
    ("days_after_end", "window", "warned"),
    [(30, 30, True), (31, 30, False), (0, 30, True), (7, 7, True), (8, 7, False), (0, 0, True)],
)
def test_expiring_soon_warns_when_expiry_is_within_the_window_after_the_end(
    days_after_end: int, window: int, warned: bool
) -> None:
    expiry = END + timedelta(days=days_after_end)
    report = immunization_compliance(
        [record(RABIES, expiry)], [RABIES], START, END, expiring_soon_days=window
    )

    assert report.compliant
    assert report.warnings == ((ExpiringSoon(RABIES.id, "Rabies", expiry),) if warned else ())


def test_a_record_valid_only_thanks_to_grace_warns() -> None:
    expiry = END - timedelta(days=2)
    report = immunization_compliance([record(RABIES, expiry)], [RABIES], START, END, grace_days=2)

    assert report.compliant
    assert report.warnings == (ExpiringSoon(RABIES.id, "Rabies", expiry),)


def test_the_latest_valid_record_decides_the_warning() -> None:
    records = [record(RABIES, END + timedelta(days=5)), record(RABIES, END + timedelta(days=365))]

    assert immunization_compliance(records, [RABIES], START, END).warnings == ()


def test_a_type_listed_twice_is_judged_once() -> None:
    assert immunization_compliance([], [RABIES, RABIES], START, END).reasons == (
        Missing(RABIES.id, "Rabies"),
    )


@pytest.mark.parametrize(
    "kwargs", [{"grace_days": -1}, {"expiring_soon_days": -1}], ids=["grace", "window"]
)
def test_negative_policies_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="0 or more"):
        immunization_compliance([], [RABIES], START, END, **kwargs)


def test_a_stay_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        immunization_compliance([], [RABIES], END, START)


def test_reasons_have_codes_and_actionable_messages() -> None:
    expiry = date(2024, 6, 12)
    assert Missing(RABIES.id, "Rabies").code == "missing"
    assert ExpiresDuringStay(RABIES.id, "Rabies", expiry).code == "expires_during_stay"
    assert "2024-06-12" in ExpiresDuringStay(RABIES.id, "Rabies", expiry).message
    assert "upload" in Missing(RABIES.id, "Rabies").message
    assert "review" in PendingReview(RABIES.id, "Rabies").message
    assert "(blurry)" in Rejected(RABIES.id, "Rabies", "blurry").message
    assert "()" not in Rejected(RABIES.id, "Rabies", "").message
    assert ExpiringSoon(RABIES.id, "Rabies", expiry).message.startswith(
        "Rabies: expires on 2024-06-12"
    )


# Properties. Dates cluster around the stay so that boundaries are hit often.
NEAR = st.dates(date(2024, 5, 20), date(2024, 7, 20))
STAYS = st.tuples(NEAR, st.integers(0, 14)).map(lambda s: (s[0], s[0] + timedelta(days=s[1])))


def near_records() -> st.SearchStrategy[ImmunizationRecord]:
    return st.tuples(
        st.sampled_from(TYPES).flatmap(
            lambda kind: immunization_records(FACILITY, ANIMAL, kind.id)
        ),
        NEAR,
    ).map(lambda pair: attrs.evolve(pair[0], expires_on=pair[1]))


RECORD_LISTS = st.lists(near_records(), max_size=8)
REQUIRED = st.lists(st.sampled_from(TYPES), unique=True).map(tuple)


@given(RECORD_LISTS, REQUIRED, STAYS, st.integers(0, 5), st.sampled_from(TYPES), st.data())
def test_adding_a_verified_record_valid_through_the_end_never_adds_a_reason(
    records: list[ImmunizationRecord],
    required: tuple[ImmunizationType, ...],
    stay: tuple[date, date],
    grace: int,
    kind: ImmunizationType,
    data: st.DataObject,
) -> None:
    start, end = stay
    expiry = data.draw(st.dates(end - timedelta(days=grace), date(2025, 12, 31)))
    added = data.draw(
        immunization_records(
            FACILITY, ANIMAL, kind.id, status=RecordStatus.VERIFIED, expires_on=expiry
        )
    )

    before = immunization_compliance(records, required, start, end, grace_days=grace)
    after = immunization_compliance([*records, added], required, start, end, grace_days=grace)

    assert set(after.reasons) <= set(before.reasons)
    assert all(getattr(reason, "type_id", None) != kind.id for reason in after.reasons)


@given(RECORD_LISTS, REQUIRED, STAYS, st.integers(0, 5))
def test_compliant_exactly_when_each_required_type_has_a_verified_record_valid_through_the_end(
    records: list[ImmunizationRecord],
    required: tuple[ImmunizationType, ...],
    stay: tuple[date, date],
    grace: int,
) -> None:
    start, end = stay
    report = immunization_compliance(records, required, start, end, grace_days=grace)

    def covered(kind: ImmunizationType) -> bool:
        return any(
            r.type_id == kind.id
            and r.status is RecordStatus.VERIFIED
            and r.expires_on + timedelta(days=grace) >= end
            for r in records
        )

    failing = [kind.id for kind in required if not covered(kind)]
    assert [getattr(reason, "type_id", None) for reason in report.reasons] == failing
    assert report.compliant == (not failing)
    assert {w.type_id for w in report.warnings} <= {kind.id for kind in required if covered(kind)}


# Status lines.


def states(*records: ImmunizationRecord, today: date = START) -> list[ImmunizationState]:
    return [line.state for line in immunization_status(records, [RABIES], today)]


def test_status_has_one_line_per_type_in_order_with_the_required_flag() -> None:
    lines = immunization_status([], [BORDETELLA, RABIES], START)

    assert [(line.type_id, line.type_name, line.required) for line in lines] == [
        (BORDETELLA.id, "Bordetella", False),
        (RABIES.id, "Rabies", True),
    ]
    assert all(line.state is ImmunizationState.MISSING for line in lines)
    assert all(line.expires_on is None and line.record_id is None for line in lines)


def test_status_states() -> None:
    far, soon, past = date(2030, 1, 1), START + timedelta(days=10), START - timedelta(days=1)
    pending = RecordStatus.PENDING_REVIEW
    assert states(record(RABIES, far)) == [ImmunizationState.VERIFIED]
    assert states(record(RABIES, soon)) == [ImmunizationState.EXPIRING_SOON]
    assert states(record(RABIES, START)) == [ImmunizationState.EXPIRING_SOON]
    assert states(record(RABIES, past)) == [ImmunizationState.EXPIRED]
    assert states(record(RABIES, past), record(RABIES, far, pending)) == [
        ImmunizationState.PENDING_REVIEW
    ]
    assert states(record(RABIES, far, RecordStatus.REJECTED)) == [ImmunizationState.REJECTED]


def test_status_line_points_at_the_deciding_record() -> None:
    old, new = record(RABIES, date(2025, 1, 1)), record(RABIES, date(2026, 1, 1))
    (line,) = immunization_status([old, new], [RABIES], START)

    assert (line.record_id, line.expires_on) == (new.id, date(2026, 1, 1))


def test_status_honours_grace_and_window() -> None:
    (line,) = immunization_status(
        [record(RABIES, START - timedelta(days=1))], [RABIES], START, grace_days=1
    )
    assert line.state is ImmunizationState.EXPIRING_SOON
    (line,) = immunization_status(
        [record(RABIES, START + timedelta(days=10))], [RABIES], START, expiring_soon_days=5
    )
    assert line.state is ImmunizationState.VERIFIED


EXPECTED_REASON = {
    ImmunizationState.EXPIRED: ExpiresDuringStay,
    ImmunizationState.PENDING_REVIEW: PendingReview,
    ImmunizationState.REJECTED: Rejected,
    ImmunizationState.MISSING: Missing,
}


@given(RECORD_LISTS, NEAR, st.integers(0, 3))
def test_status_agrees_with_compliance_for_a_one_day_stay(
    records: list[ImmunizationRecord], today: date, grace: int
) -> None:
    lines = immunization_status(records, TYPES, today, grace_days=grace)
    report = immunization_compliance(records, TYPES, today, today, grace_days=grace)
    reasons = {getattr(reason, "type_id", None): reason for reason in report.reasons}
    warned = {warning.type_id for warning in report.warnings}

    assert [line.type_id for line in lines] == [kind.id for kind in TYPES]
    for line in lines:
        expected = EXPECTED_REASON.get(line.state)
        if expected is None:
            assert line.type_id not in reasons
            assert (line.type_id in warned) == (line.state is ImmunizationState.EXPIRING_SOON)
        else:
            assert isinstance(reasons[line.type_id], expected)
        assert (line.record_id is None) == (line.state is ImmunizationState.MISSING)
