"""Memory repositories behind the customer portal: leads, staff notifications, reset tokens."""

from __future__ import annotations

import attrs

from petcare_adapters.memory import tables
from petcare_adapters.memory.repositories import ScopedRepository
from petcare_adapters.memory.transaction import Transaction
from petcare_core.domain.ids import (
    LeadSubmissionId,
    OwnerId,
    PasswordResetTokenId,
    PortalAccountId,
    StaffNotificationId,
)
from petcare_core.domain.leads import LeadKind, LeadSubmission, open_deletion_request
from petcare_core.domain.password_reset import PasswordResetToken
from petcare_core.domain.staff_notifications import StaffNotification
from petcare_core.ports.errors import NotFound


class MemoryLeadRepository(ScopedRepository[LeadSubmission, LeadSubmissionId]):
    """The facility's lead submissions."""

    def newest_first(self, kind: LeadKind | None = None) -> list[LeadSubmission]:
        """Submissions (of one kind when given), newest first, then by id descending."""
        rows = self._where(lambda row: kind is None or row.kind == kind)
        return sorted(rows, key=lambda row: (row.submitted_at, row.id), reverse=True)

    def open_deletion_request(self, owner_id: OwnerId) -> LeadSubmission | None:
        """The owner's deletion request that staff have not processed yet, if any."""
        return open_deletion_request(self._where(lambda row: row.owner_id == owner_id), owner_id)


class MemoryStaffNotificationRepository(ScopedRepository[StaffNotification, StaffNotificationId]):
    """The facility's staff notifications."""

    def newest_first(self, *, unread_only: bool = False) -> list[StaffNotification]:
        """Notifications (only unread ones when asked), newest first, then by id descending."""
        rows = self._where(lambda row: not (unread_only and row.is_read))
        return sorted(rows, key=lambda row: (row.created_at, row.id), reverse=True)


class MemoryPasswordResetTokenRepository:
    """Every password reset token; reachable only from platform units of work."""

    def __init__(self, txn: Transaction) -> None:
        """The tokens as ``txn`` sees them."""
        self._txn = txn

    def add(self, item: PasswordResetToken) -> None:
        """Insert a token; a taken id or token hash raises ``ConcurrencyConflict``."""
        self._txn.insert(tables.RESET_TOKENS, item)

    def get(self, item_id: PasswordResetTokenId) -> PasswordResetToken:
        """The token or ``NotFound``."""
        row = self._txn.get(tables.RESET_TOKENS, None, item_id)
        if row is None:
            raise NotFound(tables.RESET_TOKENS.kind, item_id)
        return row

    def update(self, item: PasswordResetToken) -> PasswordResetToken:
        """Store a changed token (optimistic version check)."""
        stored = attrs.evolve(item, version=item.version + 1)
        return self._txn.replace(tables.RESET_TOKENS, None, item, stored)

    def find_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        """The token stored under this hash."""
        return self._txn.find_unique(tables.RESET_TOKENS, ("token_hash", token_hash))

    def list_for_account(self, account_id: PortalAccountId) -> list[PasswordResetToken]:
        """One account's tokens, ordered by id."""
        return self._txn.select(tables.RESET_TOKENS, None, lambda row: row.account_id == account_id)

    def list(self) -> list[PasswordResetToken]:
        """Every token, ordered by id."""
        return self._txn.select(tables.RESET_TOKENS, None, lambda _: True)
