"""Leads, staff notifications and password reset tokens."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from petcare_core.domain.ids import (
    FacilityId,
    LeadSubmissionId,
    LocationId,
    OwnerId,
    PasswordResetTokenId,
    PortalAccountId,
    StaffNotificationId,
    StaffUserId,
)
from petcare_core.domain.leads import LeadKind, LeadStatus, LeadSubmission
from petcare_core.domain.password_reset import RESET_TOKEN_LIFETIME, PasswordResetToken
from petcare_core.domain.staff_notifications import StaffNotification, StaffNotificationKind
from petcare_core.testing.strategies.values import (
    _given_or,
    _later_than,
    _one_of_or_none,
    aware_datetimes,
    emails,
    ids,
    names,
    phones,
    slugs,
    text,
)


@st.composite
def lead_submissions(
    draw: st.DrawFn,
    facility_id: FacilityId | None = None,
    lead_id: LeadSubmissionId | None = None,
    *,
    owner_ids: Sequence[OwnerId] = (),
    location_ids: Sequence[LocationId] = (),
    staff_user_ids: Sequence[StaffUserId] = (),
) -> LeadSubmission:
    """Contact Us submissions, and deletion requests of one of ``owner_ids`` when any are
    given; new or processed (by one of ``staff_user_ids``, or the operator)."""
    kinds = [LeadKind.CONTACT_US, *([LeadKind.DELETE_OWNER_ACCOUNT] if owner_ids else [])]
    kind = draw(st.sampled_from(kinds))
    submitted_at = draw(aware_datetimes())
    processed = draw(st.booleans())
    owner = draw(st.sampled_from(owner_ids)) if kind is LeadKind.DELETE_OWNER_ACCOUNT else None
    return LeadSubmission(
        id=draw(_given_or(lead_id, ids().map(LeadSubmissionId))),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        kind=kind,
        name=draw(names()),
        email=draw(st.just("") | emails()),
        phone=draw(st.just("") | phones()),
        message=draw(text(max_size=200, multiline=True)),
        submitted_at=submitted_at,
        owner_id=owner,
        location_id=draw(_one_of_or_none(location_ids)),
        status=LeadStatus.PROCESSED if processed else LeadStatus.NEW,
        processed_at=draw(_later_than(submitted_at)) if processed else None,
        processed_by=draw(_one_of_or_none(staff_user_ids)) if processed else None,
    )


@st.composite
def staff_notifications(
    draw: st.DrawFn,
    facility_id: FacilityId | None = None,
    notification_id: StaffNotificationId | None = None,
) -> StaffNotification:
    """Notifications about a few subjects, read (after creation) or not."""
    created_at = draw(aware_datetimes())
    return StaffNotification(
        id=draw(_given_or(notification_id, ids().map(StaffNotificationId))),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        kind=draw(st.sampled_from(StaffNotificationKind)),
        title=draw(names()),
        body=draw(text(max_size=200, multiline=True)),
        created_at=created_at,
        subjects=draw(st.dictionaries(slugs(max_size=12), ids(), max_size=3)),
        read_at=draw(st.none() | _later_than(created_at)),
    )


@st.composite
def password_reset_tokens(
    draw: st.DrawFn,
    account_id: PortalAccountId | None = None,
    token_id: PasswordResetTokenId | None = None,
) -> PasswordResetToken:
    """Tokens valid for one hour, live, used or revoked; only a SHA-256 hex hash is kept."""
    issued_at = draw(aware_datetimes())
    ended = draw(st.sampled_from(("live", "used", "revoked")))
    end = draw(_later_than(issued_at))
    return PasswordResetToken(
        id=draw(_given_or(token_id, ids().map(PasswordResetTokenId))),
        account_id=draw(_given_or(account_id, ids().map(PortalAccountId))),
        token_hash=draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
        issued_at=issued_at,
        expires_at=issued_at + RESET_TOKEN_LIFETIME,
        used_at=end if ended == "used" else None,
        revoked_at=end if ended == "revoked" else None,
    )
