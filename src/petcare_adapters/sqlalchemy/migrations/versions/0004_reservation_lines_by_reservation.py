"""Index a reservation's lines by its tenant-scoped key (facility, reservation).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Every write of a reservation deletes and rewrites its lines by ``(facility_id,
reservation_id)``. SQLite keeps no statistics, and given ``facility_id = ?`` it chose the
``(facility_id, animal_id)`` index over the primary key, reading every line of the facility:
6 ms per status change with 18,000 reservations, growing with the history. With this index both
equalities are covered, so it is the one SQLite picks; PostgreSQL gains an index on the foreign
key ``(facility_id, reservation_id) -> reservations``.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = "ix_reservation_lines_facility_id_reservation_id"


def upgrade() -> None:
    """Create the index."""
    op.create_index(_NAME, "reservation_lines", ["facility_id", "reservation_id"])


def downgrade() -> None:
    """Drop it."""
    op.drop_index(_NAME, table_name="reservation_lines")
