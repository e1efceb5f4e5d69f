"""Evaluations (temperament tests): a pass or fail recorded by staff, and whether it still holds.

The latest evaluation of a pet decides. A pass may expire after a facility-set number of days
without a visit (research §4.4: "expires after X days of inactivity"). See
docs/capacity-and-requirements.md, "Evaluations".
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

import attrs

from petcare_core.domain.dates import long_date
from petcare_core.domain.ids import AnimalId, EvaluationId, FacilityId, StaffUserId
from petcare_core.domain.reasons import Reason


class EvaluationResult(enum.StrEnum):
    """The outcome staff recorded."""

    PASS = "pass"  # noqa: S105 (a result, not a password)
    FAIL = "fail"


def _check_aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must be timezone-aware")


@attrs.frozen
class Evaluation:
    """One evaluation of one pet, recorded by a member of staff."""

    id: EvaluationId
    facility_id: FacilityId
    animal_id: AnimalId
    result: EvaluationResult
    recorded_at: datetime = attrs.field(validator=_check_aware)
    recorded_by: StaffUserId
    notes: str = ""
    version: int = 1


@attrs.frozen
class EvaluationMissing(Reason):
    """The pet has never been evaluated."""

    @property
    def message(self) -> str:
        return (
            "this pet has not been evaluated yet; book an evaluation (a meet-and-greet) and "
            "book this stay once the pet has passed"
        )


@attrs.frozen
class EvaluationFailed(Reason):
    """The pet's latest evaluation was a fail."""

    evaluated_on: date

    @property
    def message(self) -> str:
        return (
            f"this pet did not pass its evaluation on {long_date(self.evaluated_on)}; contact the "
            "facility to talk about what comes next"
        )


@attrs.frozen
class EvaluationExpired(Reason):
    """The pet passed, but too many days went by without a visit before the stay."""

    passed_on: date
    last_seen: date
    valid_through: date

    @property
    def message(self) -> str:
        return (
            f"this pet's evaluation (passed on {long_date(self.passed_on)}) expired on "
            f"{long_date(self.valid_through + timedelta(days=1))} after too long without a visit; "
            "book a new evaluation before this stay"
        )


def _latest(evaluations: Iterable[Evaluation]) -> Evaluation | None:
    chosen = list(evaluations)
    if len({evaluation.animal_id for evaluation in chosen}) > 1:
        raise ValueError("evaluations of several pets were given; pass one pet's evaluations")
    # Two evaluations at the same moment: the later record (higher id) is the correction.
    return max(chosen, key=lambda evaluation: (evaluation.recorded_at, evaluation.id), default=None)


def evaluation_reasons(
    evaluations: Iterable[Evaluation],
    last_visit: date | None,
    stay_start: date,
    expires_after_days: int | None,
    *,
    zone: tzinfo,
) -> tuple[Reason, ...]:
    """Why the pet's evaluations do not let it stay from ``stay_start``; empty when they do.

    The latest evaluation decides: none gives ``EvaluationMissing``, a fail
    ``EvaluationFailed``. A pass expires (``EvaluationExpired``) when more than
    ``expires_after_days`` days lie between the later of the pass date and ``last_visit`` and
    ``stay_start`` (None: never expires). Dates of evaluations are local dates in ``zone``,
    the facility's timezone.
    """
    if expires_after_days is not None and expires_after_days < 0:
        raise ValueError(f"expires_after_days must be 0 or more, got {expires_after_days}")
    latest = _latest(evaluations)
    if latest is None:
        return (EvaluationMissing(),)
    evaluated_on = latest.recorded_at.astimezone(zone).date()
    if latest.result is EvaluationResult.FAIL:
        return (EvaluationFailed(evaluated_on),)
    if expires_after_days is None:
        return ()
    last_seen = evaluated_on if last_visit is None else max(evaluated_on, last_visit)
    valid_through = last_seen + timedelta(days=expires_after_days)
    if stay_start > valid_through:
        return (EvaluationExpired(evaluated_on, last_seen, valid_through),)
    return ()
