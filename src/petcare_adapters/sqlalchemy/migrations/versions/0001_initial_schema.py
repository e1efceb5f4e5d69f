"""Initial schema: facilities, staff, owners, animals, catalog, forms, accounts, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Self-contained on purpose: types and constraint names are spelled out here rather than imported
from ``tables.py``, so that later changes to the tables never rewrite history. On SQLite,
instants are fixed-width UTC ISO text, dates ISO text and decimals their exact text (see
``column_types.py``); PostgreSQL uses its native types.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_INSTANT = sa.DateTime(timezone=True).with_variant(sa.String(32), "sqlite")
_DATE = sa.Date().with_variant(sa.String(10), "sqlite")
_DECIMAL = sa.Numeric().with_variant(sa.String(64), "sqlite")


def _key() -> sa.Column[int]:
    return sa.Column("id", _ID, autoincrement=False, nullable=False)


def _facility() -> sa.Column[int]:
    return sa.Column("facility_id", _ID, nullable=False)


def _texts(*names: str) -> list[sa.Column[str]]:
    return [sa.Column(name, sa.Text(), nullable=False) for name in names]


def _flag(name: str, *, nullable: bool = False) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=nullable)


def _instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, _INSTANT, nullable=nullable)


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), nullable=False)


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


def _index(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def upgrade() -> None:
    """Create every table and index, and on PostgreSQL the id sequence."""
    if op.get_bind().dialect.name == "postgresql":
        # SQLite keeps its id counter beside the database file instead (see ids.py).
        op.execute(sa.schema.CreateSequence(sa.Sequence("petcare_ids")))

    op.create_table(
        "facilities",
        _key(),
        *_texts("slug", "name", "timezone", "currency", "invite_code", "settings"),
        _instant("created_at"),
        _version(),
        sa.PrimaryKeyConstraint("id", name="pk_facilities"),
        sa.UniqueConstraint("slug", name="uq_facilities_slug"),
        sa.UniqueConstraint("invite_code", name="uq_facilities_invite_code"),
    )
    op.create_table(
        "locations",
        _key(),
        _facility(),
        *_texts("name", "address_1", "address_2", "city", "region", "postal_code", "country"),
        *_texts("phone", "email"),
        sa.Column("tax_rate", _DECIMAL, nullable=False),
        _flag("active"),
        _version(),
        *_scoped("locations"),
    )
    op.create_table(
        "staff_users",
        _key(),
        _facility(),
        *_texts("username", "username_key", "email", "first_name", "last_name", "role"),
        *_texts("permissions"),
        _instant("created_at"),
        _flag("active"),
        _version(),
        *_scoped("staff_users"),
        sa.UniqueConstraint(
            "facility_id", "username_key", name="uq_staff_users_facility_id_username_key"
        ),
    )
    op.create_table(
        "api_keys",
        _key(),
        _facility(),
        sa.Column("staff_user_id", _ID, nullable=False),
        *_texts("prefix", "key_hash", "label"),
        _instant("created_at"),
        _instant("revoked_at", nullable=True),
        _version(),
        *_scoped("api_keys"),
        sa.UniqueConstraint("prefix", name="uq_api_keys_prefix"),
        _reference("api_keys", "staff_user_id", "staff_users"),
    )
    _index("api_keys", "facility_id", "staff_user_id")
    for table in ("species", "temperaments"):
        op.create_table(table, _key(), _facility(), *_texts("name"), _version(), *_scoped(table))
    op.create_table(
        "breeds",
        _key(),
        _facility(),
        sa.Column("species_id", _ID, nullable=False),
        *_texts("name"),
        _version(),
        *_scoped("breeds"),
        _reference("breeds", "species_id", "species"),
    )
    _index("breeds", "facility_id", "species_id")
    op.create_table(
        "vets",
        _key(),
        _facility(),
        *_texts("name", "phone", "fax", "email", "address_1", "address_2", "city", "region"),
        *_texts("postal_code", "notes"),
        _flag("active"),
        _version(),
        *_scoped("vets"),
    )
    op.create_table(
        "immunization_types",
        _key(),
        _facility(),
        sa.Column("species_id", _ID, nullable=False),
        *_texts("name"),
        _flag("required"),
        _flag("active"),
        _version(),
        *_scoped("immunization_types"),
        _reference("immunization_types", "species_id", "species"),
    )
    _index("immunization_types", "facility_id", "species_id")
    op.create_table(
        "owners",
        _key(),
        _facility(),
        *_texts("first_name", "last_name", "email", "email_key", "cell_phone", "home_phone"),
        *_texts("address_1", "address_2", "city", "region", "postal_code", "country"),
        *_texts("emergency_contact_name", "emergency_contact_phone"),
        sa.Column("home_location_id", _ID, nullable=True),
        _flag("email_transactional"),
        _flag("email_reminders"),
        _flag("email_marketing"),
        _flag("sms_transactional"),
        _flag("sms_reminders"),
        _flag("sms_marketing"),
        *_texts("custom_fields", "employee_notes", "custom_icons"),
        _flag("active"),
        _instant("created_at"),
        _instant("modified_at"),
        _version(),
        *_scoped("owners"),
        _reference("owners", "home_location_id", "locations"),
    )
    for column in ("email_key", "cell_phone", "home_phone", "created_at", "modified_at"):
        _index("owners", "facility_id", column)
    op.create_table(
        "animals",
        _key(),
        _facility(),
        sa.Column("owner_id", _ID, nullable=False),
        *_texts("name"),
        sa.Column("species_id", _ID, nullable=False),
        sa.Column("breed_id", _ID, nullable=True),
        *_texts("sex"),
        sa.Column("birthday", _DATE, nullable=True),
        sa.Column("weight", _DECIMAL, nullable=True),
        *_texts("colour"),
        _flag("altered", nullable=True),
        sa.Column("vet_id", _ID, nullable=True),
        sa.Column("temperament_id", _ID, nullable=True),
        *_texts("feeding_notes", "medication_notes", "allergies"),
        sa.Column("photo", sa.Text(), nullable=True),
        *_texts("status", "custom_fields", "employee_notes", "incident_reports", "custom_icons"),
        _instant("created_at"),
        _instant("modified_at"),
        _version(),
        *_scoped("animals"),
        _reference("animals", "owner_id", "owners"),
        _reference("animals", "species_id", "species"),
        _reference("animals", "breed_id", "breeds"),
        _reference("animals", "vet_id", "vets"),
        _reference("animals", "temperament_id", "temperaments"),
    )
    for column in ("owner_id", "created_at", "modified_at"):
        _index("animals", "facility_id", column)
    op.create_table(
        "immunization_records",
        _key(),
        _facility(),
        sa.Column("animal_id", _ID, nullable=False),
        sa.Column("type_id", _ID, nullable=False),
        sa.Column("expires_on", _DATE, nullable=False),
        *_texts("source", "status"),
        _instant("created_at"),
        sa.Column("administered_on", _DATE, nullable=True),
        sa.Column("document", sa.Text(), nullable=True),
        *_texts("note"),
        sa.Column("reviewed_by", _ID, nullable=True),
        _instant("reviewed_at", nullable=True),
        *_texts("rejection_reason"),
        _version(),
        *_scoped("immunization_records"),
        _reference("immunization_records", "animal_id", "animals"),
        _reference("immunization_records", "type_id", "immunization_types"),
        _reference("immunization_records", "reviewed_by", "staff_users"),
    )
    _index("immunization_records", "facility_id", "animal_id")
    _index("immunization_records", "facility_id", "status")
    op.create_table(
        "forms",
        _facility(),
        *_texts("kind", "fields"),
        _version(),
        sa.PrimaryKeyConstraint("facility_id", "kind", name="pk_forms"),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facilities.id"], name="fk_forms_facility_id_facilities"
        ),
    )
    op.create_table(
        "portal_accounts",
        _key(),
        *_texts("email", "email_key", "phone", "password_hash"),
        _instant("created_at"),
        _version(),
        sa.PrimaryKeyConstraint("id", name="pk_portal_accounts"),
    )
    for column in ("email_key", "phone"):
        op.create_index(
            f"uq_portal_accounts_{column}",
            "portal_accounts",
            [column],
            unique=True,
            sqlite_where=sa.text(f"{column} <> ''"),
            postgresql_where=sa.text(f"{column} <> ''"),
        )
    op.create_table(
        "account_owner_links",
        sa.Column("account_id", _ID, nullable=False),
        _facility(),
        sa.Column("owner_id", _ID, nullable=False),
        sa.PrimaryKeyConstraint(
            "account_id", "facility_id", "owner_id", name="pk_account_owner_links"
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["portal_accounts.id"],
            name="fk_account_owner_links_account_id_portal_accounts",
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facilities.id"], name="fk_account_owner_links_facility_id_facilities"
        ),
        _reference("account_owner_links", "owner_id", "owners"),
    )
    _index("account_owner_links", "facility_id", "owner_id")
    op.create_table(
        "outbox",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(),
            nullable=False,
        ),
        _facility(),
        *_texts("name", "payload"),
        _instant("occurred_at"),
        sa.PrimaryKeyConstraint("position", name="pk_outbox"),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facilities.id"], name="fk_outbox_facility_id_facilities"
        ),
        sqlite_autoincrement=True,
    )
    _index("outbox", "facility_id", "position")


def downgrade() -> None:
    """Drop everything ``upgrade`` created, dependents first."""
    for table in (
        "outbox",
        "account_owner_links",
        "portal_accounts",
        "forms",
        "immunization_records",
        "animals",
        "owners",
        "immunization_types",
        "vets",
        "breeds",
        "temperaments",
        "species",
        "api_keys",
        "staff_users",
        "locations",
        "facilities",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.schema.DropSequence(sa.Sequence("petcare_ids")))
