"""Staff overrides: waiving a booking evaluation's reasons, with the matching permission only.

``apply_overrides`` takes the reasons a member of staff asks to waive, each with a note saying
why, and the staff member's permissions. A reason is waived only if its ``overridable_by()``
permission is one the staff member holds; otherwise an ``OverrideNotPermitted`` reason says so
and the reason stays. Every waived reason gives a ``BookingOverride`` record (who, under which
permission, when, why) for the use case to store. Ids and the time are passed in: the rule
allocates nothing and reads no clock. See docs/booking-rules.md, "Overrides".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

import attrs

from petcare_core.domain.booking import BookingEvaluation, BookingOverride
from petcare_core.domain.booking_reasons import BookingReason, ReasonCategory, ReasonKey
from petcare_core.domain.deposits import DepositDue
from petcare_core.domain.ids import (
    AnimalId,
    BookingOverrideId,
    FacilityId,
    ReservationId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import Reason
from petcare_core.domain.staff import Permission


def _spoken(code: str) -> str:
    return code.replace("_", " ")


@attrs.frozen
class OverrideNotPermitted(Reason):
    """Staff asked to waive a reason they may not: nobody may (``permission`` None), or they
    lack ``permission``."""

    reason_code: str
    permission: Permission | None
    animal_id: AnimalId | None = None

    @property
    def message(self) -> str:
        if self.permission is None:
            return (
                f"{_spoken(self.reason_code)} cannot be overridden by anyone; change the "
                "booking instead"
            )
        return (
            f"overriding {_spoken(self.reason_code)} needs the '{self.permission.value}' "
            "permission; ask someone who has it"
        )


@attrs.frozen
class OverrideNoteMissing(Reason):
    """Staff asked to waive a reason without saying why."""

    reason_code: str
    animal_id: AnimalId | None = None

    @property
    def message(self) -> str:
        return (
            f"say why you override {_spoken(self.reason_code)}: the note is kept with the "
            "booking for later review"
        )

    @property
    def field(self) -> str | None:
        return "note"


@attrs.frozen
class OverrideOutcome:
    """What ``apply_overrides`` decided.

    ``overrides`` are the records to store, one per waived reason key; ``refused`` says which
    requests were refused; ``remaining`` are the evaluation's blocking reasons still standing
    (refused ones included); ``deposit`` is what is due once a waived deposit counts as zero.
    """

    overrides: tuple[BookingOverride, ...]
    refused: tuple[OverrideNotPermitted | OverrideNoteMissing, ...]
    remaining: tuple[BookingReason, ...]
    deposit: Money

    @property
    def accepted(self) -> bool:
        """True when every request was allowed and nothing blocks any more."""
        return not self.refused and not self.remaining

    @property
    def offers_waitlist(self) -> bool:
        """True when full capacity is all that still stops the booking."""
        return bool(self.remaining) and all(
            reason.category is ReasonCategory.CAPACITY for reason in self.remaining
        )


OverrideIds = Callable[[], BookingOverrideId] | Iterable[BookingOverrideId]


def _id_source(ids: OverrideIds) -> Callable[[], BookingOverrideId]:
    if callable(ids):
        return ids
    iterator: Iterator[BookingOverrideId] = iter(ids)

    def take() -> BookingOverrideId:
        taken = next(iterator, None)
        if taken is None:
            raise ValueError("not enough override ids were given")
        return taken

    return take


def apply_overrides(
    evaluation: BookingEvaluation,
    requests: Iterable[tuple[BookingReason | ReasonKey, str]],
    *,
    permissions: frozenset[Permission],
    staff_user_id: StaffUserId,
    facility_id: FacilityId,
    reservation_id: ReservationId,
    at: datetime,
    ids: OverrideIds,
) -> OverrideOutcome:
    """Waive the requested reasons of ``evaluation`` that staff holding ``permissions`` may.

    A request names a reason (or its ``ReasonKey``: code and pet) and a note saying why. It
    waives every reason of the evaluation with that key. It is refused with
    ``OverrideNotPermitted`` when nobody may waive that reason (closed dates, account, pet,
    service and add-on problems) or ``permissions`` lack the one it needs, and with
    ``OverrideNoteMissing`` when the note is blank; a refused reason stays. A request naming no
    reason of the evaluation waives nothing and is not recorded; a key requested twice counts
    once (the first note). ``ids`` (a callable or a sequence) gives each record's id, in
    request order.
    """
    next_id = _id_source(ids)
    by_key: dict[ReasonKey, list[BookingReason]] = {}
    for reason in evaluation.reasons:
        by_key.setdefault(reason.key, []).append(reason)
    waived: set[ReasonKey] = set()
    seen: set[ReasonKey] = set()
    records: list[BookingOverride] = []
    refused: list[OverrideNotPermitted | OverrideNoteMissing] = []
    for requested, note in requests:
        key = requested.key if isinstance(requested, BookingReason) else requested
        if key in seen or key not in by_key:
            continue
        seen.add(key)
        permission = by_key[key][0].overridable_by()
        if permission is None or permission not in permissions:
            refused.append(OverrideNotPermitted(key.code, permission, key.animal_id))
        elif not note.strip():
            refused.append(OverrideNoteMissing(key.code, key.animal_id))
        else:
            waived.add(key)
            records.append(
                BookingOverride(
                    id=next_id(),
                    facility_id=facility_id,
                    reservation_id=reservation_id,
                    reason_code=key.code,
                    animal_id=key.animal_id,
                    permission=permission,
                    staff_user_id=staff_user_id,
                    note=note.strip(),
                    at=at,
                )
            )
    return OverrideOutcome(
        overrides=tuple(records),
        refused=tuple(refused),
        remaining=tuple(r for r in evaluation.blocking if r.key not in waived),
        deposit=_deposit_after(evaluation, waived),
    )


def _deposit_after(evaluation: BookingEvaluation, waived: set[ReasonKey]) -> Money:
    deposit = evaluation.deposit
    waived_deposit = any(
        isinstance(reason.reason, DepositDue) and reason.key in waived
        for reason in evaluation.reasons
    )
    return Money.zero(deposit.currency) if waived_deposit else deposit


def still_blocking(
    evaluation: BookingEvaluation, overrides: Iterable[BookingOverride]
) -> tuple[BookingReason, ...]:
    """The blocking reasons of ``evaluation`` that no stored override waives.

    For a reservation evaluated again later (staff accepting a request): the overrides recorded
    earlier keep waiving the same reasons; a new reason needs a new override.
    """
    waived = {override.key for override in overrides}
    return tuple(reason for reason in evaluation.blocking if reason.key not in waived)
