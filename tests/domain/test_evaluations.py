"""Evaluations: the latest one decides, and a pass expires after days without a visit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.evaluations import (
    Evaluation,
    EvaluationExpired,
    EvaluationFailed,
    EvaluationMissing,
    EvaluationResult,
    evaluation_reasons,
)
from petcare_core.domain.ids import AnimalId, EvaluationId, FacilityId, StaffUserId
from petcare_core.domain.reasons import Reason
from petcare_core.testing.strategies import dates
from petcare_core.testing.strategies.capacity import evaluations

REX = AnimalId(10)
NEW_YORK = ZoneInfo("America/New_York")
PASS, FAIL = EvaluationResult.PASS, EvaluationResult.FAIL


def evaluated(
    result: EvaluationResult, day: date, *, number: int = 1, animal: AnimalId = REX
) -> Evaluation:
    moment = datetime(day.year, day.month, day.day, 10, tzinfo=NEW_YORK)
    return Evaluation(EvaluationId(number), FacilityId(1), animal, result, moment, StaffUserId(3))


JUNE_1 = date(2026, 6, 1)
PASSED = evaluated(PASS, JUNE_1)


def reasons(
    found: list[Evaluation], start: date, days: int | None = 180, last_visit: date | None = None
) -> tuple[Reason, ...]:
    return evaluation_reasons(found, last_visit, start, days, zone=NEW_YORK)


def test_a_pet_never_evaluated_must_book_an_evaluation() -> None:
    [reason] = reasons([], JUNE_1)
    assert reason == EvaluationMissing()
    assert "book an evaluation" in reason.message
    assert reason.code == "evaluation_missing"


def test_the_latest_evaluation_decides() -> None:
    failed = evaluated(FAIL, date(2026, 7, 1), number=2)
    assert reasons([PASSED, failed], date(2026, 7, 2)) == (EvaluationFailed(date(2026, 7, 1)),)
    passed_again = evaluated(PASS, date(2026, 8, 1), number=3)
    assert reasons([passed_again, PASSED, failed], date(2026, 8, 2)) == ()
    # Recorded at the same moment: the later record (higher id) is the correction.
    same_time = attrs.evolve(failed, id=EvaluationId(4), recorded_at=PASSED.recorded_at)
    assert reasons([same_time, PASSED], JUNE_1) == (EvaluationFailed(JUNE_1),)


def test_a_failed_evaluation_says_to_contact_the_facility() -> None:
    [reason] = reasons([evaluated(FAIL, JUNE_1)], JUNE_1)
    assert reason.message == (
        "this pet did not pass its evaluation on 1 June 2026; contact the facility to talk "
        "about what comes next"
    )


@pytest.mark.parametrize(
    ("start", "last_visit", "expired"),
    [
        (date(2026, 11, 28), None, False),  # 180 days after the pass: still valid
        (date(2026, 11, 29), None, True),  # 181 days
        (date(2026, 11, 29), date(2026, 9, 1), False),  # a visit restarts the count
        (date(2027, 2, 28), date(2026, 9, 1), False),  # 180 days after the visit
        (date(2027, 3, 1), date(2026, 9, 1), True),
        (date(2026, 11, 29), date(2026, 5, 1), True),  # a visit before the pass changes nothing
        (date(2026, 5, 1), None, False),  # a stay before the pass date
    ],
)
def test_a_pass_expires_after_the_days_without_a_visit(
    start: date, last_visit: date | None, expired: bool
) -> None:
    found = reasons([PASSED], start, 180, last_visit)
    assert bool(found) is expired
    if expired:
        seen = max(JUNE_1, last_visit or JUNE_1)
        assert found == (EvaluationExpired(JUNE_1, seen, seen + timedelta(days=180)),)


def test_the_expiry_message_dates_the_pass_and_the_expiry() -> None:
    [reason] = reasons([PASSED], date(2027, 1, 1), 180)
    assert reason.message == (
        "this pet's evaluation (passed on 1 June 2026) expired on 29 November 2026 after too "
        "long without a visit; book a new evaluation before this stay"
    )


def test_a_pass_without_an_expiry_never_expires() -> None:
    assert reasons([PASSED], date(2090, 1, 1), None) == ()


def test_the_pass_date_is_the_facilitys_local_date() -> None:
    # 02:00 UTC on 2 June is 22:00 on 1 June in New York.
    late = attrs.evolve(PASSED, recorded_at=datetime(2026, 6, 2, 2, tzinfo=UTC))
    assert reasons([late], date(2026, 6, 2), 0) == (EvaluationExpired(JUNE_1, JUNE_1, JUNE_1),)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="several pets"):
        reasons([PASSED, evaluated(PASS, JUNE_1, number=2, animal=AnimalId(11))], JUNE_1)
    with pytest.raises(ValueError, match="0 or more"):
        reasons([PASSED], JUNE_1, -1)
    with pytest.raises(ValueError, match="timezone-aware"):
        attrs.evolve(PASSED, recorded_at=datetime(2026, 6, 1))


@given(
    evaluations(animal_id=REX, result=PASS),
    st.none() | dates(),
    dates(),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_expiry_is_monotone_in_the_days_of_absence(
    passed: Evaluation, last_visit: date | None, start: date, days: int, more_days: int
) -> None:
    # Once expired for a stay, a pass stays expired for every later stay; and a longer expiry
    # setting never expires a pass that a shorter one accepts.
    expired = bool(evaluation_reasons([passed], last_visit, start, days, zone=NEW_YORK))
    later = start + timedelta(days=more_days)
    assert not expired or evaluation_reasons([passed], last_visit, later, days, zone=NEW_YORK)
    longer = evaluation_reasons([passed], last_visit, start, days + more_days, zone=NEW_YORK)
    assert expired or not longer


@given(evaluations(animal_id=REX, result=PASS), st.none() | dates(), dates(), st.integers(0, 400))
def test_a_pass_expires_exactly_after_the_given_days(
    passed: Evaluation, last_visit: date | None, start: date, days: int
) -> None:
    passed_on = passed.recorded_at.astimezone(NEW_YORK).date()
    seen = passed_on if last_visit is None else max(passed_on, last_visit)
    expired = bool(evaluation_reasons([passed], last_visit, start, days, zone=NEW_YORK))
    assert expired is ((start - seen).days > days)


@given(st.lists(evaluations(animal_id=REX), min_size=1, max_size=6), dates())
def test_only_the_latest_evaluation_matters(found: list[Evaluation], start: date) -> None:
    latest = max(found, key=lambda evaluation: (evaluation.recorded_at, evaluation.id))
    assert evaluation_reasons(found, None, start, 30, zone=NEW_YORK) == evaluation_reasons(
        [latest], None, start, 30, zone=NEW_YORK
    )
    outcome = evaluation_reasons(found, None, start, None, zone=NEW_YORK)
    assert (outcome == ()) is (latest.result is PASS)
