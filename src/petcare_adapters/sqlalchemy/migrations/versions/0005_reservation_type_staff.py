"""Who does an appointment type's work: ``reservation_types.staff_ids``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

A JSON array of staff user ids, sorted, as the table's other id lists; empty (the default, and
every existing type's value) means any active staff member, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column, empty for every existing type."""
    op.add_column(
        "reservation_types",
        sa.Column("staff_ids", sa.Text(), nullable=False, server_default="[]"),
    )


def downgrade() -> None:
    """Drop it (SQLite rebuilds the table)."""
    with op.batch_alter_table("reservation_types") as batch:
        batch.drop_column("staff_ids")
