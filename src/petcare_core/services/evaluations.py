"""Evaluations (temperament tests, meet-and-greets): a pass or fail staff record for a pet.

Recording needs ``animals.write``, reading ``animals.read``. Evaluations are facts: a later
evaluation corrects an earlier one, nothing is changed in place. Whether a pass still holds for
a stay (the facility's ``evaluation_valid_days``) is the booking evaluation's job. The domain
has no event for an evaluation, so none is recorded.
"""

from __future__ import annotations

from returns.result import Failure, Result, Success

from petcare_core.domain.evaluations import Evaluation, EvaluationResult
from petcare_core.domain.ids import AnimalId, EvaluationId, FacilityId, StaffUserId
from petcare_core.domain.reasons import InvalidValue, Rejection, RequiredValueMissing
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.services._access import Actor, authorize
from petcare_core.services._checks import LONG_TEXT_MAX_LENGTH, Checks
from petcare_core.services.context import ServiceContext


def _result(checks: Checks, raw: EvaluationResult | str) -> EvaluationResult:
    try:
        return EvaluationResult(raw.strip().lower() if isinstance(raw, str) else raw)
    except ValueError:
        checks.add(InvalidValue("result", f"{str(raw)[:30]!r} is not a result; use pass or fail"))
        return EvaluationResult.FAIL


def record_evaluation(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    animal_id: AnimalId,
    result: EvaluationResult | str,
    *,
    notes: str = "",
    recorded_by: StaffUserId | None = None,
) -> Result[Evaluation, Rejection]:
    """Record a pet's evaluation, timed now. Needs ``animals.write``.

    ``recorded_by`` is the member of staff who evaluated the pet: by default the acting staff
    user; the operator (who is nobody) must name one. ``NotFound`` for a pet that is not this
    facility's. Rejections: a result other than ``pass`` or ``fail``; notes over 5000
    characters or with control characters; ``recorded_by`` missing for the operator, or not a
    staff user of this facility.
    """
    checks = Checks()
    outcome = _result(checks, result)
    clean_notes = checks.text(
        "notes", notes, required=False, max_length=LONG_TEXT_MAX_LENGTH, multiline=True
    )
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_WRITE)) is not None:
            return Failure(denied)
        animal = uow.animals.get(animal_id)
        evaluator = recorded_by
        if evaluator is None and isinstance(actor, StaffUser):
            evaluator = actor.id
        if evaluator is None:
            checks.add(RequiredValueMissing("recorded_by"))
        else:
            checks.reference("recorded_by", evaluator, uow.staff.get)
        if checks.failed or evaluator is None:
            return checks.failure()
        evaluation = Evaluation(
            id=EvaluationId(uow.new_id()),
            facility_id=facility_id,
            animal_id=animal.id,
            result=outcome,
            recorded_at=ctx.clock.now(),
            recorded_by=evaluator,
            notes=clean_notes,
        )
        uow.evaluations.add(evaluation)
        uow.commit()
    return Success(evaluation)


def animal_evaluations(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
) -> Result[list[Evaluation], Rejection]:
    """A pet's evaluations, oldest first (the last one decides). Needs ``animals.read``;
    ``NotFound`` for a pet that is not this facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_READ)) is not None:
            return Failure(denied)
        animal = uow.animals.get(animal_id)
        return Success(uow.evaluations.list_for_animal(animal.id))
