"""Repositories behind the customer portal: leads, staff notifications, password reset tokens.

They follow the conventions of ``repositories.py`` (``add``/``get``/``update``/``list``, versions,
tenancy). Leads and staff notifications are facility-scoped; reset tokens belong to portal
accounts, which span facilities, so they live in the platform unit of work.
"""

from __future__ import annotations

from typing import Protocol

from petcare_core.domain.ids import (
    LeadSubmissionId,
    OwnerId,
    PasswordResetTokenId,
    PortalAccountId,
    StaffNotificationId,
)
from petcare_core.domain.leads import LeadKind, LeadSubmission
from petcare_core.domain.password_reset import PasswordResetToken
from petcare_core.domain.staff_notifications import StaffNotification
from petcare_core.ports.repositories import Repository


class LeadRepository(Repository[LeadSubmission, LeadSubmissionId], Protocol):
    """The facility's lead submissions.

    An owner has at most one open (``new``) deletion request: adding or updating a second one
    raises ``ConcurrencyConflict``, so that two simultaneous requests cannot both be stored.
    """

    def newest_first(self, kind: LeadKind | None = None) -> list[LeadSubmission]:
        """Submissions (of one kind when given), newest ``submitted_at`` first, then by id
        descending."""
        ...

    def open_deletion_request(self, owner_id: OwnerId) -> LeadSubmission | None:
        """The owner's deletion request that staff have not processed yet, if any."""
        ...


class StaffNotificationRepository(Repository[StaffNotification, StaffNotificationId], Protocol):
    """The facility's staff notifications."""

    def newest_first(self, *, unread_only: bool = False) -> list[StaffNotification]:
        """Notifications (only unread ones when asked), newest ``created_at`` first, then by id
        descending."""
        ...


class PasswordResetTokenRepository(Repository[PasswordResetToken, PasswordResetTokenId], Protocol):
    """Every password reset token (platform scope). Token hashes are unique."""

    def find_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        """The token stored under this SHA-256 hex digest."""
        ...

    def list_for_account(self, account_id: PortalAccountId) -> list[PasswordResetToken]:
        """One account's tokens, ordered by id."""
        ...
