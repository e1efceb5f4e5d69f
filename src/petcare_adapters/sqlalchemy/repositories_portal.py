"""SQL repositories behind the customer portal: leads and staff notifications (facility scope)
and password reset tokens (platform scope)."""

from __future__ import annotations

from typing import Any

import attrs
import sqlalchemy as sa

from petcare_adapters.sqlalchemy import rows_portal as rows
from petcare_adapters.sqlalchemy import tables
from petcare_adapters.sqlalchemy.codecs import fetch_all, fetch_one, readers
from petcare_adapters.sqlalchemy.errors import translated
from petcare_adapters.sqlalchemy.repositories import (
    ScopedRepository,
    ScopedTable,
    Transaction,
    insert_new,
    insert_or_conflict,
)
from petcare_core.domain.ids import OwnerId, PasswordResetTokenId, PortalAccountId
from petcare_core.domain.leads import LeadKind, LeadStatus, LeadSubmission
from petcare_core.domain.password_reset import PasswordResetToken
from petcare_core.domain.staff_notifications import StaffNotification
from petcare_core.ports.errors import ConcurrencyConflict, NotFound

LEADS = ScopedTable(
    "lead submission",
    tables.lead_submissions,
    rows.LEAD_COLUMNS,
    rows.lead_reader,
    rows.lead_to_row,
)
STAFF_NOTIFICATIONS = ScopedTable(
    "staff notification",
    tables.staff_notifications,
    rows.NOTIFICATION_COLUMNS,
    rows.notification_reader,
    rows.notification_to_row,
)


def _newest_first(table: ScopedTable[Any], moment: sa.Column[Any], *conditions: Any) -> Any:
    return (
        sa.select(*table.columns)
        .where(table.scope, *conditions)
        .order_by(moment.desc(), table.table.c.id.desc())
    )


_l = tables.lead_submissions.c
_n = tables.staff_notifications.c


class SqlLeadRepository(ScopedRepository[LeadSubmission]):
    """The facility's lead submissions."""

    _all_newest = _newest_first(LEADS, _l.submitted_at)
    _kind_newest = _newest_first(LEADS, _l.submitted_at, _l.kind == sa.bindparam("kind"))
    _open_deletion = LEADS.select_where(
        _l.owner_id == sa.bindparam("owner_id"),
        _l.kind == LeadKind.DELETE_OWNER_ACCOUNT.value,
        _l.status == LeadStatus.NEW.value,
    )

    def newest_first(self, kind: LeadKind | None = None) -> list[LeadSubmission]:
        """Submissions (of one kind when given), newest first, then by id descending."""
        if kind is None:
            return self._select(self._all_newest, {})
        return self._select(self._kind_newest, {"kind": LeadKind(kind).value})

    def open_deletion_request(self, owner_id: OwnerId) -> LeadSubmission | None:
        """The owner's deletion request that staff have not processed yet, if any."""
        found = self._select(self._open_deletion, {"owner_id": owner_id})
        return found[0] if found else None


class SqlStaffNotificationRepository(ScopedRepository[StaffNotification]):
    """The facility's staff notifications."""

    _all_newest = _newest_first(STAFF_NOTIFICATIONS, _n.created_at)
    _unread_newest = _newest_first(STAFF_NOTIFICATIONS, _n.created_at, _n.read_at.is_(None))

    def newest_first(self, *, unread_only: bool = False) -> list[StaffNotification]:
        """Notifications (only unread ones when asked), newest first, then by id descending."""
        return self._select(self._unread_newest if unread_only else self._all_newest, {})


_t = tables.password_reset_tokens.c
_RESET_KIND = "password reset token"
_TOKENS = sa.select(*rows.RESET_TOKEN_COLUMNS).order_by(_t.id)
_TOKEN_BY_ID = sa.select(*rows.RESET_TOKEN_COLUMNS).where(_t.id == sa.bindparam("w_id"))
_TOKEN_BY_HASH = sa.select(*rows.RESET_TOKEN_COLUMNS).where(
    _t.token_hash == sa.bindparam("token_hash")
)
_TOKENS_OF_ACCOUNT = (
    sa.select(*rows.RESET_TOKEN_COLUMNS)
    .where(_t.account_id == sa.bindparam("account_id"))
    .order_by(_t.id)
)
_TOKEN_EXISTS = sa.select(_t.id).where(_t.id == sa.bindparam("w_id"))
_INSERT_TOKEN = insert_new(tables.password_reset_tokens)
_UPDATE_TOKEN = (
    tables.password_reset_tokens.update()
    .where(_t.id == sa.bindparam("w_id"), _t.version == sa.bindparam("w_version"))
    .values(version=_t.version + 1)
)
_READ_TOKEN = readers(rows.reset_token_reader)


class SqlPasswordResetTokenRepository:
    """Every password reset token (platform scope)."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    def add(self, item: PasswordResetToken) -> None:
        """Insert a token; a taken id or token hash raises ``ConcurrencyConflict``."""
        with translated(_RESET_KIND, item.id):
            insert_or_conflict(
                self._transaction.get(),
                _INSERT_TOKEN,
                rows.reset_token_to_row(item),
                _RESET_KIND,
                item.id,
            )

    def get(self, item_id: PasswordResetTokenId) -> PasswordResetToken:
        """The token or ``NotFound``."""
        with translated(_RESET_KIND, item_id):
            found = fetch_one(self._transaction.get(), _TOKEN_BY_ID, {"w_id": item_id}, _READ_TOKEN)
        if found is None:
            raise NotFound(_RESET_KIND, item_id)
        return found

    def update(self, item: PasswordResetToken) -> PasswordResetToken:
        """Store a changed token if its version is the stored one (optimistic check)."""
        row = rows.reset_token_to_row(item)
        parameters = {key: value for key, value in row.items() if key not in ("id", "version")}
        parameters.update(w_id=item.id, w_version=item.version)
        connection = self._transaction.get()
        with translated(_RESET_KIND, item.id):
            if connection.execute(_UPDATE_TOKEN, parameters).rowcount == 1:
                return attrs.evolve(item, version=item.version + 1)
            missing = connection.execute(_TOKEN_EXISTS, {"w_id": item.id}).first() is None
        if missing:
            raise NotFound(_RESET_KIND, item.id)
        raise ConcurrencyConflict(_RESET_KIND, item.id)

    def find_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        """The token stored under this hash."""
        with translated(_RESET_KIND):
            return fetch_one(
                self._transaction.get(), _TOKEN_BY_HASH, {"token_hash": token_hash}, _READ_TOKEN
            )

    def list_for_account(self, account_id: PortalAccountId) -> list[PasswordResetToken]:
        """One account's tokens, ordered by id."""
        with translated(_RESET_KIND):
            return fetch_all(
                self._transaction.get(),
                _TOKENS_OF_ACCOUNT,
                {"account_id": account_id},
                _READ_TOKEN,
            )

    def list(self) -> list[PasswordResetToken]:
        """Every token, ordered by id."""
        with translated(_RESET_KIND):
            return fetch_all(self._transaction.get(), _TOKENS, {}, _READ_TOKEN)
