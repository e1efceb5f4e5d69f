"""Leads, staff notifications and password reset tokens: their invariants and rules."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given

from petcare_core.domain.ids import (
    FacilityId,
    LeadSubmissionId,
    OwnerId,
    PasswordResetTokenId,
    PortalAccountId,
    StaffNotificationId,
    StaffUserId,
)
from petcare_core.domain.leads import (
    LeadKind,
    LeadStatus,
    LeadSubmission,
    newest_first,
    open_deletion_request,
)
from petcare_core.domain.password_reset import (
    MAX_LIVE_RESET_TOKENS,
    PasswordResetToken,
    ResetLinkExpired,
    ResetLinkInvalid,
    ResetLinkReplaced,
    ResetLinkUsed,
    hash_reset_token,
    issue_reset_token,
    may_issue_another,
    reset_token_problem,
)
from petcare_core.domain.staff_notifications import (
    StaffNotification,
    StaffNotificationKind,
    new_lead_notification,
)
from petcare_core.testing.strategies import (
    lead_submissions,
    password_reset_tokens,
    staff_notifications,
)

NOW = datetime(2024, 6, 15, 14, 0, tzinfo=UTC)
OWNER = OwnerId(7)


def lead(lead_id: int = 1, **changes: object) -> LeadSubmission:
    base = LeadSubmission(
        LeadSubmissionId(lead_id),
        FacilityId(1),
        LeadKind.CONTACT_US,
        "Val Visitor",
        "val@example.com",
        "",
        "Hello",
        NOW,
    )
    return attrs.evolve(base, **changes)


def deletion(lead_id: int = 1, **changes: object) -> LeadSubmission:
    fields: dict[str, object] = {"kind": LeadKind.DELETE_OWNER_ACCOUNT, "owner_id": OWNER}
    return lead(lead_id, **{**fields, **changes})


def test_lead_kinds_have_their_form_names() -> None:
    assert LeadKind.CONTACT_US.label == "Contact Us"
    assert LeadKind.DELETE_OWNER_ACCOUNT.label == "Delete Owner Account"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"kind": LeadKind.DELETE_OWNER_ACCOUNT}, "must name the owner"),
        ({"owner_id": OWNER}, "anonymous"),
        ({"status": LeadStatus.PROCESSED}, "processed_at"),
        ({"processed_at": NOW}, "processed_at"),
        ({"processed_by": StaffUserId(3)}, "processed_by"),
    ],
)
def test_a_lead_keeps_its_shape(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        lead(**changes)


def test_processing_closes_a_lead() -> None:
    later = NOW + timedelta(hours=1)

    processed = deletion().processed(StaffUserId(3), later)

    assert (processed.status, processed.processed_at, processed.processed_by) == (
        LeadStatus.PROCESSED,
        later,
        StaffUserId(3),
    )
    assert deletion().is_open
    assert not processed.is_open


def test_the_open_deletion_request_is_the_owners_unprocessed_one() -> None:
    closed = deletion(1).processed(None, NOW)
    request = deletion(2)
    others = [lead(3), deletion(4, owner_id=OwnerId(8))]

    assert open_deletion_request([closed, *others, request], OWNER) == request
    assert open_deletion_request([closed, *others], OWNER) is None


def test_newest_first_breaks_ties_by_id() -> None:
    old, twin, new = lead(1), lead(2), lead(3, submitted_at=NOW + timedelta(microseconds=1))

    assert newest_first([old, new, twin]) == [new, twin, old]


def test_a_lead_raises_a_new_lead_notification_naming_it() -> None:
    notification = new_lead_notification(StaffNotificationId(9), deletion(5))

    assert notification == StaffNotification(
        StaffNotificationId(9),
        FacilityId(1),
        StaffNotificationKind.NEW_LEAD_RECEIVED,
        "New Lead Received",
        "Delete Owner Account from Val Visitor",
        NOW,
        {"lead_id": 5, "owner_id": 7},
    )
    assert dict(new_lead_notification(StaffNotificationId(9), lead(6)).subjects) == {"lead_id": 6}


def test_a_notification_is_read_once() -> None:
    notification = new_lead_notification(StaffNotificationId(9), lead())
    first, second = NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)

    read = notification.marked_read(first)

    assert (read.is_read, read.read_at) == (True, first)
    assert read.marked_read(second) is read
    with pytest.raises(TypeError):
        read.subjects["lead_id"] = 2  # type: ignore[index]


def test_reset_tokens_are_stored_as_their_sha256_and_live_one_hour() -> None:
    token = issue_reset_token(PasswordResetTokenId(1), PortalAccountId(2), "s3cr3t", NOW)

    assert token.token_hash == hashlib.sha256(b"s3cr3t").hexdigest() == hash_reset_token("s3cr3t")
    assert token.expires_at == NOW + timedelta(hours=1)
    assert token.is_live(NOW + timedelta(minutes=59, seconds=59))
    assert not token.is_live(NOW + timedelta(hours=1))


def test_why_a_reset_token_cannot_be_used() -> None:
    token = issue_reset_token(PasswordResetTokenId(1), PortalAccountId(2), "s3cr3t", NOW)
    hour = NOW + timedelta(hours=1)

    assert reset_token_problem(token, NOW) is None
    assert reset_token_problem(None, NOW) == ResetLinkInvalid()
    assert reset_token_problem(token, hour) == ResetLinkExpired()
    assert reset_token_problem(token.used(NOW), NOW) == ResetLinkUsed()
    assert reset_token_problem(token.revoked(NOW), NOW) == ResetLinkReplaced()
    # Used beats expired: the person learns the link did its job.
    assert reset_token_problem(token.used(NOW), hour) == ResetLinkUsed()
    for reason in (ResetLinkInvalid(), ResetLinkExpired(), ResetLinkUsed(), ResetLinkReplaced()):
        assert reason.field == "token"
        assert "new" in reason.message


def test_an_account_has_at_most_three_live_links() -> None:
    tokens = [
        issue_reset_token(PasswordResetTokenId(n), PortalAccountId(2), f"t{n}", NOW)
        for n in range(MAX_LIVE_RESET_TOKENS)
    ]
    ended = [tokens[0].used(NOW), *tokens[1:]]

    assert not may_issue_another(tokens, NOW)
    assert may_issue_another(ended, NOW)
    assert may_issue_another(tokens, NOW + timedelta(hours=1))


@given(lead_submissions(owner_ids=[OWNER]), staff_notifications(), password_reset_tokens())
def test_the_strategies_build_valid_values(
    lead: LeadSubmission, notification: StaffNotification, token: PasswordResetToken
) -> None:
    # Construction checked the lead's shape; the rest must be consistent in time.
    if lead.processed_at is not None:
        assert lead.processed_at >= lead.submitted_at
    if notification.read_at is not None:
        assert notification.read_at >= notification.created_at
    assert token.expires_at - token.issued_at == timedelta(hours=1)
    assert token.used_at is None or token.revoked_at is None
