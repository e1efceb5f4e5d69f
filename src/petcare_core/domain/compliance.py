"""Immunization compliance: is an animal's vaccination file good for a whole stay?

A verified record is valid through ``expires_on + grace_days`` inclusive, so a stay that ends on
that day is covered and one that ends a day later is not. Each required type has exactly one
outcome, chosen in this order: valid through the end of the stay (compliant, perhaps with an
"expiring soon" warning); awaiting review; verified but expiring before the end; rejected;
missing. See docs/domain-rules.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.ids import ImmunizationRecordId, ImmunizationTypeId
from petcare_core.domain.immunization import ImmunizationRecord, RecordStatus
from petcare_core.domain.reasons import Reason


@attrs.frozen
class Missing(Reason):
    """No usable record of a required vaccine is on file."""

    type_id: ImmunizationTypeId
    type_name: str

    @property
    def message(self) -> str:
        return (
            f"{self.type_name}: no vaccination record is on file; upload the vet's record "
            "so the facility can verify it"
        )


@attrs.frozen
class ExpiresDuringStay(Reason):
    """The latest verified record of a required vaccine expires before the stay ends."""

    type_id: ImmunizationTypeId
    type_name: str
    expires_on: date

    @property
    def message(self) -> str:
        return (
            f"{self.type_name}: the vaccination on file expires on {self.expires_on.isoformat()}, "
            "before the end of the stay; upload the record of the booster"
        )


@attrs.frozen
class PendingReview(Reason):
    """A record was uploaded but the facility has not verified it yet."""

    type_id: ImmunizationTypeId
    type_name: str

    @property
    def message(self) -> str:
        return (
            f"{self.type_name}: the uploaded record is waiting for the facility to review it; "
            "it counts once they verify it, or call them to speed this up"
        )


@attrs.frozen
class Rejected(Reason):
    """The facility refused the uploaded record and no usable one remains."""

    type_id: ImmunizationTypeId
    type_name: str
    rejection_reason: str

    @property
    def message(self) -> str:
        why = f" ({self.rejection_reason})" if self.rejection_reason else ""
        return (
            f"{self.type_name}: the facility could not accept the uploaded record{why}; "
            "upload a new record from the vet"
        )


@attrs.frozen
class ExpiringSoon(Reason):
    """A warning, not a refusal: the vaccine is valid for the stay but expires soon after."""

    type_id: ImmunizationTypeId
    type_name: str
    expires_on: date

    @property
    def message(self) -> str:
        return (
            f"{self.type_name}: expires on {self.expires_on.isoformat()}; upload the booster "
            "record soon to keep booking"
        )


@attrs.frozen
class ComplianceReport:
    """The reasons an animal may not stay (one per failing type) and the warnings."""

    reasons: tuple[Reason, ...]
    warnings: tuple[ExpiringSoon, ...]

    @property
    def compliant(self) -> bool:
        """True when no required vaccine stands in the way."""
        return not self.reasons


class ImmunizationState(enum.StrEnum):
    """One vaccine's state as the notification center shows it."""

    VERIFIED = "verified"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"
    PENDING_REVIEW = "pending_review"
    REJECTED = "rejected"
    MISSING = "missing"


@attrs.frozen
class ImmunizationStatusLine:
    """One vaccine of one animal: its state and the record the state comes from."""

    type_id: ImmunizationTypeId
    type_name: str
    required: bool
    state: ImmunizationState
    expires_on: date | None
    record_id: ImmunizationRecordId | None


@attrs.frozen
class _Outcome:
    state: ImmunizationState
    record: ImmunizationRecord | None
    reason: Reason | None
    warning: ExpiringSoon | None


def _check_policy(grace_days: int, expiring_soon_days: int) -> None:
    if grace_days < 0:
        raise ValueError(f"grace_days must be 0 or more, got {grace_days}")
    if expiring_soon_days < 0:
        raise ValueError(f"expiring_soon_days must be 0 or more, got {expiring_soon_days}")


def _latest_expiry(records: list[ImmunizationRecord]) -> ImmunizationRecord | None:
    return max(records, key=lambda record: (record.expires_on, record.id), default=None)


def _latest_review(records: list[ImmunizationRecord]) -> ImmunizationRecord | None:
    return max(
        records,
        key=lambda record: (record.reviewed_at or record.created_at, record.id),
        default=None,
    )


def _outcome(
    kind: ImmunizationType,
    records: list[ImmunizationRecord],
    end: date,
    grace: timedelta,
    window: timedelta,
) -> _Outcome:
    by_status: dict[RecordStatus, list[ImmunizationRecord]] = {
        status: [] for status in RecordStatus
    }
    for record in records:
        by_status[record.status].append(record)
    verified = by_status[RecordStatus.VERIFIED]
    valid = [record for record in verified if record.expires_on + grace >= end]
    best = _latest_expiry(valid)
    if best is not None:
        if best.expires_on - end <= window:
            warning = ExpiringSoon(kind.id, kind.name, best.expires_on)
            return _Outcome(ImmunizationState.EXPIRING_SOON, best, None, warning)
        return _Outcome(ImmunizationState.VERIFIED, best, None, None)
    pending = max(by_status[RecordStatus.PENDING_REVIEW], key=lambda r: r.id, default=None)
    if pending is not None:
        reason: Reason = PendingReview(kind.id, kind.name)
        return _Outcome(ImmunizationState.PENDING_REVIEW, pending, reason, None)
    expired = _latest_expiry(verified)
    if expired is not None:
        reason = ExpiresDuringStay(kind.id, kind.name, expired.expires_on)
        return _Outcome(ImmunizationState.EXPIRED, expired, reason, None)
    rejected = _latest_review(by_status[RecordStatus.REJECTED])
    if rejected is not None:
        reason = Rejected(kind.id, kind.name, rejected.rejection_reason)
        return _Outcome(ImmunizationState.REJECTED, rejected, reason, None)
    return _Outcome(ImmunizationState.MISSING, None, Missing(kind.id, kind.name), None)


def _outcomes(
    records: Iterable[ImmunizationRecord],
    types: Iterable[ImmunizationType],
    end: date,
    grace_days: int,
    expiring_soon_days: int,
) -> list[tuple[ImmunizationType, _Outcome]]:
    _check_policy(grace_days, expiring_soon_days)
    unique: dict[ImmunizationTypeId, ImmunizationType] = {}
    for kind in types:
        unique.setdefault(kind.id, kind)
    by_type: dict[ImmunizationTypeId, list[ImmunizationRecord]] = {key: [] for key in unique}
    for record in records:
        if record.type_id in by_type:
            by_type[record.type_id].append(record)
    grace = timedelta(days=grace_days)
    window = timedelta(days=expiring_soon_days)
    return [
        (kind, _outcome(kind, by_type[kind.id], end, grace, window)) for kind in unique.values()
    ]


def immunization_compliance(
    records: Iterable[ImmunizationRecord],
    required: Iterable[ImmunizationType],
    start: date,
    end: date,
    *,
    grace_days: int = 0,
    expiring_soon_days: int = 30,
) -> ComplianceReport:
    """Whether the animal's ``records`` satisfy every ``required`` vaccine for the stay.

    The stay runs from ``start`` to ``end`` inclusive. Records of other types are ignored and a
    type listed twice is judged once. Reasons come in the order of ``required``.
    """
    if end < start:
        raise ValueError(f"the stay ends ({end}) before it starts ({start})")
    outcomes = _outcomes(records, required, end, grace_days, expiring_soon_days)
    return ComplianceReport(
        reasons=tuple(o.reason for _, o in outcomes if o.reason is not None),
        warnings=tuple(o.warning for _, o in outcomes if o.warning is not None),
    )


def immunization_status(
    records: Iterable[ImmunizationRecord],
    types: Iterable[ImmunizationType],
    today: date,
    *,
    grace_days: int = 0,
    expiring_soon_days: int = 30,
) -> tuple[ImmunizationStatusLine, ...]:
    """One line per type in ``types``: its state today, as a one-day stay today would see it.

    The line names the record that decided the state (none when the vaccine is missing).
    """
    return tuple(
        ImmunizationStatusLine(
            type_id=kind.id,
            type_name=kind.name,
            required=kind.required,
            state=outcome.state,
            expires_on=None if outcome.record is None else outcome.record.expires_on,
            record_id=None if outcome.record is None else outcome.record.id,
        )
        for kind, outcome in _outcomes(records, types, today, grace_days, expiring_soon_days)
    )
