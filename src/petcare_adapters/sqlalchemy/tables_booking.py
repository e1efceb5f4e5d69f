"""The booking engine's tables, on the same ``metadata`` and conventions as ``tables.py``.

Reservation types, add-ons, capacity pools and lodgings, agreements and their signatures,
evaluations, reservations (with their lines, status history and staff overrides) and the
per-day capacity ledger. As in ``tables.py``, every table carries ``facility_id`` and every
reference is a composite ``(facility_id, x_id)`` foreign key, so no record can point into
another facility. Sets of ids and structured policies that are read with their record and
never searched are JSON text (see ``serialization.py``); money is an integer of minor units
plus its currency.

``migrations/env.py`` and ``ids.py`` import this module so that Alembic and the id allocator
see these tables.
"""

from __future__ import annotations

import sqlalchemy as sa

from petcare_adapters.sqlalchemy.column_types import Flag, Id, IsoDate, UtcDateTime
from petcare_adapters.sqlalchemy.tables import (
    _facility,
    _key,
    _reference,
    _tenant_key,
    _text,
    _version,
    metadata,
)


def _flag(name: str, *, nullable: bool = False) -> sa.Column[bool]:
    return sa.Column(name, Flag, nullable=nullable)


def _instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UtcDateTime, nullable=nullable)


reservation_types = sa.Table(
    "reservation_types",
    metadata,
    _key(),
    _facility(),
    _text("name"),
    _text("unit"),
    sa.Column("base_price", sa.BigInteger, nullable=False),  # minor units of `currency`
    _text("currency"),
    sa.Column("appointment_minutes", sa.Integer, nullable=True),
    _flag("assigns_staff"),
    # JSON array of staff user ids, sorted; empty: any active staff member (migration 0005)
    sa.Column("staff_ids", sa.Text, nullable=False, server_default="[]"),
    _text("location_ids"),  # JSON array of ids, sorted; empty: offered at every location
    _text("required_immunization_type_ids"),  # JSON array of ids, sorted
    _text("required_agreement_ids"),  # JSON array of ids, sorted
    _flag("requires_evaluation"),
    _text("booking_policy"),  # JSON object
    _text("cancellation_policy"),  # JSON object
    sa.Column("deposit", sa.Text, nullable=True),  # JSON object tagged by kind; NULL: none
    _flag("active"),
    _version(),
    _tenant_key("reservation_types"),
)

additional_services = sa.Table(
    "additional_services",
    metadata,
    _key(),
    _facility(),
    _text("name"),
    sa.Column("price", sa.BigInteger, nullable=False),  # minor units of `currency`
    _text("currency"),
    _text("charge"),
    _text("type_ids"),  # JSON array of reservation type ids, sorted
    _flag("active"),
    _version(),
    _tenant_key("additional_services"),
)

capacity_pools = sa.Table(
    "capacity_pools",
    metadata,
    _key(),
    _facility(),
    sa.Column("location_id", Id, nullable=False),
    _text("name"),
    _text("kind"),
    sa.Column("capacity", sa.Integer, nullable=False),
    _text("type_ids"),  # JSON array of reservation type ids, sorted
    _flag("active"),
    _version(),
    _tenant_key("capacity_pools"),
    _reference("location_id", "locations"),
    sa.Index(None, "facility_id", "location_id"),
)

lodgings = sa.Table(
    "lodgings",
    metadata,
    _key(),
    _facility(),
    sa.Column("pool_id", Id, nullable=False),
    _text("name"),
    _flag("active"),
    _version(),
    _tenant_key("lodgings"),
    _reference("pool_id", "capacity_pools"),
    sa.Index(None, "facility_id", "pool_id"),
)

agreements = sa.Table(
    "agreements",
    metadata,
    _key(),
    _facility(),
    _text("title"),
    _text("versions"),  # JSON array of {number, text, published_at}, oldest first
    _text("location_ids"),  # JSON array of ids, sorted; empty: every location
    _flag("active"),
    _version(),
    _tenant_key("agreements"),
)

agreement_signatures = sa.Table(
    "agreement_signatures",
    metadata,
    _key(),
    _facility(),
    sa.Column("agreement_id", Id, nullable=False),
    sa.Column("version_number", sa.Integer, nullable=False),
    sa.Column("owner_id", Id, nullable=False),
    _text("signer_name"),
    _instant("signed_at"),
    _text("ip_address"),
    sa.Column("location_id", Id, nullable=True),
    _tenant_key("agreement_signatures"),
    _reference("agreement_id", "agreements"),
    _reference("owner_id", "owners"),
    _reference("location_id", "locations"),
    sa.Index(None, "facility_id", "owner_id", "signed_at"),
)

evaluations = sa.Table(
    "evaluations",
    metadata,
    _key(),
    _facility(),
    sa.Column("animal_id", Id, nullable=False),
    _text("result"),
    _instant("recorded_at"),
    sa.Column("recorded_by", Id, nullable=False),
    _text("notes"),
    _version(),
    _tenant_key("evaluations"),
    _reference("animal_id", "animals"),
    _reference("recorded_by", "staff_users"),
    sa.Index(None, "facility_id", "animal_id", "recorded_at"),
)

reservations = sa.Table(
    "reservations",
    metadata,
    _key(),
    _facility(),
    sa.Column("location_id", Id, nullable=False),
    sa.Column("owner_id", Id, nullable=False),
    sa.Column("type_id", Id, nullable=False),
    _instant("start_at"),
    _instant("end_at"),
    _text("status"),
    sa.Column("staff_id", Id, nullable=True),
    # Set exactly when the status is cancelled; the actor's id names a staff user or an owner.
    sa.Column("cancellation_reason", sa.Text, nullable=True),
    sa.Column("cancelled_by_kind", sa.Text, nullable=True),
    sa.Column("cancelled_by_id", Id, nullable=True),
    _flag("cancelled_late", nullable=True),
    sa.Column("denial_reason", sa.Text, nullable=True),
    # Copied from the history for the queries that need them (never read back): when the
    # cancellation was recorded, and when the reservation was last put on the waitlist.
    _instant("cancelled_at", nullable=True),
    _instant("waitlisted_at", nullable=True),
    _version(),
    _tenant_key("reservations"),
    _reference("location_id", "locations"),
    _reference("owner_id", "owners"),
    _reference("type_id", "reservation_types"),
    _reference("staff_id", "staff_users"),
    sa.Index(None, "facility_id", "start_at"),
    sa.Index(None, "facility_id", "end_at"),
    sa.Index(None, "facility_id", "status"),
    sa.Index(None, "facility_id", "owner_id"),
    sa.Index(None, "facility_id", "cancelled_at"),
)

reservation_lines = sa.Table(
    "reservation_lines",
    metadata,
    sa.Column("reservation_id", Id, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # 0, 1, ...: the line order
    _facility(),
    sa.Column("animal_id", Id, nullable=False),
    sa.Column("lodging_id", Id, nullable=True),
    _text("services"),  # JSON array of additional service ids, in the order requested
    sa.PrimaryKeyConstraint("reservation_id", "position"),
    _reference("reservation_id", "reservations"),
    _reference("animal_id", "animals"),
    _reference("lodging_id", "lodgings"),
    sa.Index(None, "facility_id", "animal_id"),
    # A reservation's lines by its tenant-scoped key (migration 0004): without it SQLite, which
    # keeps no statistics, reads them through the animal index, every line of the facility.
    sa.Index(None, "facility_id", "reservation_id"),
)

reservation_history = sa.Table(
    "reservation_history",
    metadata,
    sa.Column("reservation_id", Id, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # 0 for the first status, then 1, ...
    _facility(),
    _text("status"),
    _instant("at"),
    _text("actor_kind"),
    sa.Column("actor_id", Id, nullable=True),  # a staff user or an owner; NULL: the system
    sa.PrimaryKeyConstraint("reservation_id", "position"),
    _reference("reservation_id", "reservations"),
)

booking_overrides = sa.Table(
    "booking_overrides",
    metadata,
    _key(),
    _facility(),
    sa.Column("reservation_id", Id, nullable=False),
    _text("reason_code"),
    sa.Column("animal_id", Id, nullable=True),  # NULL: the reason is not about one pet
    _text("permission"),
    sa.Column("staff_user_id", Id, nullable=False),
    _text("note"),
    _instant("at"),
    _tenant_key("booking_overrides"),
    _reference("reservation_id", "reservations"),
    _reference("animal_id", "animals"),
    _reference("staff_user_id", "staff_users"),
    sa.Index(None, "facility_id", "reservation_id"),
)

capacity_ledger = sa.Table(
    "capacity_ledger",
    metadata,
    sa.Column("pool_id", Id, nullable=False),
    sa.Column("day", IsoDate, nullable=False),  # a local day of the pool's location
    _facility(),
    sa.Column("used", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("pool_id", "day"),
    sa.CheckConstraint("used >= 0", name="used_not_negative"),
    _reference("pool_id", "capacity_pools"),
)
