"""Booking engine: reservation types, add-ons, capacity pools, lodgings, agreements, signatures,
evaluations, reservations (lines, history, staff overrides) and the per-day capacity ledger.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-12

Self-contained like 0001: types and constraint names are spelled out here, not imported from
``tables_booking.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_INSTANT = sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")
_DATE = sa.Date().with_variant(sa.String(10), "sqlite")
_TABLES = (
    "reservation_types",
    "additional_services",
    "capacity_pools",
    "lodgings",
    "agreements",
    "agreement_signatures",
    "evaluations",
    "reservations",
    "reservation_lines",
    "reservation_history",
    "booking_overrides",
    "capacity_ledger",
)


def _key() -> sa.Column[int]:
    return sa.Column("id", _ID, autoincrement=False, nullable=False)


def _id(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, _ID, nullable=nullable)


def _texts(*names: str) -> list[sa.Column[str]]:
    return [sa.Column(name, sa.Text(), nullable=False) for name in names]


def _optional_text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=True)


def _flag(name: str, *, nullable: bool = False) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=nullable)


def _integer(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, _INSTANT, nullable=nullable)


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), nullable=False)


def _facility_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["facility_id"], ["facilities.id"], name=f"fk_{table}_facility_id_facilities"
    )


def _scoped(table: str) -> list[sa.Constraint]:
    """Primary key, the tenant key (facility_id, id) and the facility foreign key."""
    return [
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.UniqueConstraint("facility_id", "id", name=f"uq_{table}_facility_id_id"),
        _facility_key(table),
    ]


def _reference(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["facility_id", column],
        [f"{target}.facility_id", f"{target}.id"],
        name=f"fk_{table}_facility_id_{column}_{target}",
    )


def _index(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def _catalog() -> None:
    op.create_table(
        "reservation_types",
        _key(),
        _id("facility_id"),
        *_texts("name", "unit"),
        sa.Column("base_price", sa.BigInteger(), nullable=False),
        *_texts("currency"),
        _integer("appointment_minutes", nullable=True),
        _flag("assigns_staff"),
        *_texts("location_ids", "required_immunization_type_ids", "required_agreement_ids"),
        _flag("requires_evaluation"),
        *_texts("booking_policy", "cancellation_policy"),
        _optional_text("deposit"),
        _flag("active"),
        _version(),
        *_scoped("reservation_types"),
    )
    op.create_table(
        "additional_services",
        _key(),
        _id("facility_id"),
        *_texts("name"),
        sa.Column("price", sa.BigInteger(), nullable=False),
        *_texts("currency", "charge", "type_ids"),
        _flag("active"),
        _version(),
        *_scoped("additional_services"),
    )
    op.create_table(
        "capacity_pools",
        _key(),
        _id("facility_id"),
        _id("location_id"),
        *_texts("name", "kind"),
        _integer("capacity"),
        *_texts("type_ids"),
        _flag("active"),
        _version(),
        *_scoped("capacity_pools"),
        _reference("capacity_pools", "location_id", "locations"),
    )
    _index("capacity_pools", "facility_id", "location_id")
    op.create_table(
        "lodgings",
        _key(),
        _id("facility_id"),
        _id("pool_id"),
        *_texts("name"),
        _flag("active"),
        _version(),
        *_scoped("lodgings"),
        _reference("lodgings", "pool_id", "capacity_pools"),
    )
    _index("lodgings", "facility_id", "pool_id")


def _agreements_and_evaluations() -> None:
    op.create_table(
        "agreements",
        _key(),
        _id("facility_id"),
        *_texts("title", "versions", "location_ids"),
        _flag("active"),
        _version(),
        *_scoped("agreements"),
    )
    op.create_table(
        "agreement_signatures",
        _key(),
        _id("facility_id"),
        _id("agreement_id"),
        _integer("version_number"),
        _id("owner_id"),
        *_texts("signer_name"),
        _instant("signed_at"),
        *_texts("ip_address"),
        _id("location_id", nullable=True),
        *_scoped("agreement_signatures"),
        _reference("agreement_signatures", "agreement_id", "agreements"),
        _reference("agreement_signatures", "owner_id", "owners"),
        _reference("agreement_signatures", "location_id", "locations"),
    )
    _index("agreement_signatures", "facility_id", "owner_id", "signed_at")
    op.create_table(
        "evaluations",
        _key(),
        _id("facility_id"),
        _id("animal_id"),
        *_texts("result"),
        _instant("recorded_at"),
        _id("recorded_by"),
        *_texts("notes"),
        _version(),
        *_scoped("evaluations"),
        _reference("evaluations", "animal_id", "animals"),
        _reference("evaluations", "recorded_by", "staff_users"),
    )
    _index("evaluations", "facility_id", "animal_id", "recorded_at")


def _reservations() -> None:
    op.create_table(
        "reservations",
        _key(),
        _id("facility_id"),
        _id("location_id"),
        _id("owner_id"),
        _id("type_id"),
        _instant("start_at"),
        _instant("end_at"),
        *_texts("status"),
        _id("staff_id", nullable=True),
        _optional_text("cancellation_reason"),
        _optional_text("cancelled_by_kind"),
        _id("cancelled_by_id", nullable=True),
        _flag("cancelled_late", nullable=True),
        _optional_text("denial_reason"),
        _instant("cancelled_at", nullable=True),
        _instant("waitlisted_at", nullable=True),
        _version(),
        *_scoped("reservations"),
        _reference("reservations", "location_id", "locations"),
        _reference("reservations", "owner_id", "owners"),
        _reference("reservations", "type_id", "reservation_types"),
        _reference("reservations", "staff_id", "staff_users"),
    )
    for column in ("start_at", "end_at", "status", "owner_id", "cancelled_at"):
        _index("reservations", "facility_id", column)
    op.create_table(
        "reservation_lines",
        _id("reservation_id"),
        _integer("position"),
        _id("facility_id"),
        _id("animal_id"),
        _id("lodging_id", nullable=True),
        *_texts("services"),
        sa.PrimaryKeyConstraint("reservation_id", "position", name="pk_reservation_lines"),
        _facility_key("reservation_lines"),
        _reference("reservation_lines", "reservation_id", "reservations"),
        _reference("reservation_lines", "animal_id", "animals"),
        _reference("reservation_lines", "lodging_id", "lodgings"),
    )
    _index("reservation_lines", "facility_id", "animal_id")
    op.create_table(
        "reservation_history",
        _id("reservation_id"),
        _integer("position"),
        _id("facility_id"),
        *_texts("status"),
        _instant("at"),
        *_texts("actor_kind"),
        _id("actor_id", nullable=True),
        sa.PrimaryKeyConstraint("reservation_id", "position", name="pk_reservation_history"),
        _facility_key("reservation_history"),
        _reference("reservation_history", "reservation_id", "reservations"),
    )
    op.create_table(
        "booking_overrides",
        _key(),
        _id("facility_id"),
        _id("reservation_id"),
        *_texts("reason_code"),
        _id("animal_id", nullable=True),
        *_texts("permission"),
        _id("staff_user_id"),
        *_texts("note"),
        _instant("at"),
        *_scoped("booking_overrides"),
        _reference("booking_overrides", "reservation_id", "reservations"),
        _reference("booking_overrides", "animal_id", "animals"),
        _reference("booking_overrides", "staff_user_id", "staff_users"),
    )
    _index("booking_overrides", "facility_id", "reservation_id")
    op.create_table(
        "capacity_ledger",
        _id("pool_id"),
        sa.Column("day", _DATE, nullable=False),
        _id("facility_id"),
        _integer("used"),
        sa.PrimaryKeyConstraint("pool_id", "day", name="pk_capacity_ledger"),
        sa.CheckConstraint("used >= 0", name="ck_capacity_ledger_used_not_negative"),
        _facility_key("capacity_ledger"),
        _reference("capacity_ledger", "pool_id", "capacity_pools"),
    )


def upgrade() -> None:
    """Create the booking engine's tables and their indexes."""
    _catalog()
    _agreements_and_evaluations()
    _reservations()


def downgrade() -> None:
    """Drop the booking engine's tables (their indexes go with them), dependents first."""
    for table in reversed(_TABLES):
        op.drop_table(table)
