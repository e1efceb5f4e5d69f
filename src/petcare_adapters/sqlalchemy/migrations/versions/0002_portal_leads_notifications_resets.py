"""Customer portal: lead submissions, staff notifications, password reset tokens.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05

Self-contained like 0001: types and constraint names are spelled out here, not imported from
``tables.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_INSTANT = sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")
_OPEN_DELETION_REQUEST = "kind = 'delete_owner_account' AND status = 'new'"


def _texts(*names: str) -> list[sa.Column[str]]:
    return [sa.Column(name, sa.Text(), nullable=False) for name in names]


def _instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, _INSTANT, nullable=nullable)


def _scoped(table: str) -> list[sa.Constraint]:
    """Primary key, the tenant key (facility_id, id) and the facility foreign key."""
    return [
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.UniqueConstraint("facility_id", "id", name=f"uq_{table}_facility_id_id"),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facilities.id"], name=f"fk_{table}_facility_id_facilities"
        ),
    ]


def _reference(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["facility_id", column],
        [f"{target}.facility_id", f"{target}.id"],
        name=f"fk_{table}_facility_id_{column}_{target}",
    )


def upgrade() -> None:
    """Create the three tables and their indexes."""
    op.create_table(
        "lead_submissions",
        sa.Column("id", _ID, autoincrement=False, nullable=False),
        sa.Column("facility_id", _ID, nullable=False),
        *_texts("kind", "name", "email", "phone", "message"),
        sa.Column("owner_id", _ID, nullable=True),
        sa.Column("location_id", _ID, nullable=True),
        *_texts("status"),
        _instant("submitted_at"),
        _instant("processed_at", nullable=True),
        sa.Column("processed_by", _ID, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_scoped("lead_submissions"),
        _reference("lead_submissions", "owner_id", "owners"),
        _reference("lead_submissions", "location_id", "locations"),
        _reference("lead_submissions", "processed_by", "staff_users"),
    )
    op.create_index(
        "ix_lead_submissions_facility_id_submitted_at",
        "lead_submissions",
        ["facility_id", "submitted_at"],
    )
    op.create_index(
        "uq_lead_submissions_open_deletion_request",
        "lead_submissions",
        ["facility_id", "owner_id"],
        unique=True,
        sqlite_where=sa.text(_OPEN_DELETION_REQUEST),
        postgresql_where=sa.text(_OPEN_DELETION_REQUEST),
    )
    op.create_table(
        "staff_notifications",
        sa.Column("id", _ID, autoincrement=False, nullable=False),
        sa.Column("facility_id", _ID, nullable=False),
        *_texts("kind", "title", "body", "subjects"),
        _instant("created_at"),
        _instant("read_at", nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *_scoped("staff_notifications"),
    )
    op.create_index(
        "ix_staff_notifications_facility_id_created_at",
        "staff_notifications",
        ["facility_id", "created_at"],
    )
    op.create_table(
        "password_reset_tokens",
        sa.Column("id", _ID, autoincrement=False, nullable=False),
        sa.Column("account_id", _ID, nullable=False),
        *_texts("token_hash"),
        _instant("issued_at"),
        _instant("expires_at"),
        _instant("used_at", nullable=True),
        _instant("revoked_at", nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_password_reset_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_password_reset_tokens_token_hash"),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["portal_accounts.id"],
            name="fk_password_reset_tokens_account_id_portal_accounts",
        ),
    )
    op.create_index("ix_password_reset_tokens_account_id", "password_reset_tokens", ["account_id"])


def downgrade() -> None:
    """Drop the three tables (their indexes go with them)."""
    for table in ("password_reset_tokens", "staff_notifications", "lead_submissions"):
        op.drop_table(table)
