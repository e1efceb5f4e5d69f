"""The schema as SQLAlchemy Core tables: Alembic's ``target_metadata``.

Tenancy is enforced by the schema as well as by the repositories: every facility-scoped table
has ``facility_id`` (foreign key to ``facilities``) and a unique ``(facility_id, id)`` key, and
references between records are composite foreign keys ``(facility_id, x_id) -> x(facility_id,
id)``, so a record can never point at another facility's record. The ``(facility_id, id)`` index
also serves every "all of this facility's records, ordered by id" query.

Changing anything here needs a new Alembic migration; ``SqlStorage.check_migrations`` (run in
the tests) fails while the two disagree.
"""

from __future__ import annotations

import sqlalchemy as sa

from petcare_adapters.sqlalchemy.column_types import ExactDecimal, Flag, Id, IsoDate, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

# Ids for every record (new_id) on PostgreSQL; SQLite has no sequences (see ids.py).
id_sequence = sa.Sequence("petcare_ids", metadata=metadata)


def _key() -> sa.Column[int]:
    return sa.Column("id", Id, primary_key=True, autoincrement=False)


def _facility() -> sa.Column[int]:
    return sa.Column("facility_id", Id, sa.ForeignKey("facilities.id"), nullable=False)


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text, nullable=False)


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer, nullable=False)


def _tenant_key(table: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint("facility_id", "id", name=f"uq_{table}_facility_id_id")


def _reference(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["facility_id", column], [f"{target}.facility_id", f"{target}.id"]
    )


facilities = sa.Table(
    "facilities",
    metadata,
    _key(),
    sa.Column("slug", sa.Text, nullable=False, unique=True),
    _text("name"),
    _text("timezone"),
    _text("currency"),
    sa.Column("invite_code", sa.Text, nullable=False, unique=True),
    # JSON object; new settings with defaults need no migration.
    _text("settings"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    _version(),
)

locations = sa.Table(
    "locations",
    metadata,
    _key(),
    _facility(),
    _text("name"),
    _text("address_1"),
    _text("address_2"),
    _text("city"),
    _text("region"),
    _text("postal_code"),
    _text("country"),
    _text("phone"),
    _text("email"),
    sa.Column("tax_rate", ExactDecimal, nullable=False),
    sa.Column("active", Flag, nullable=False),
    _version(),
    _tenant_key("locations"),
)

staff_users = sa.Table(
    "staff_users",
    metadata,
    _key(),
    _facility(),
    _text("username"),
    _text("username_key"),  # casefold(username): usernames are unique and found in any case
    _text("email"),
    _text("first_name"),
    _text("last_name"),
    _text("role"),
    _text("permissions"),  # JSON array of permission values, sorted
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("active", Flag, nullable=False),
    _version(),
    _tenant_key("staff_users"),
    sa.UniqueConstraint("facility_id", "username_key"),
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    _key(),
    _facility(),
    sa.Column("staff_user_id", Id, nullable=False),
    sa.Column("prefix", sa.Text, nullable=False, unique=True),
    _text("key_hash"),
    _text("label"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
    _version(),
    _tenant_key("api_keys"),
    _reference("staff_user_id", "staff_users"),
    sa.Index(None, "facility_id", "staff_user_id"),
)

species = sa.Table(
    "species",
    metadata,
    _key(),
    _facility(),
    _text("name"),
    _version(),
    _tenant_key("species"),
)

breeds = sa.Table(
    "breeds",
    metadata,
    _key(),
    _facility(),
    sa.Column("species_id", Id, nullable=False),
    _text("name"),
    _version(),
    _tenant_key("breeds"),
    _reference("species_id", "species"),
    sa.Index(None, "facility_id", "species_id"),
)

vets = sa.Table(
    "vets",
    metadata,
    _key(),
    _facility(),
    _text("name"),
    _text("phone"),
    _text("fax"),
    _text("email"),
    _text("address_1"),
    _text("address_2"),
    _text("city"),
    _text("region"),
    _text("postal_code"),
    _text("notes"),
    sa.Column("active", Flag, nullable=False),
    _version(),
    _tenant_key("vets"),
)

temperaments = sa.Table(
    "temperaments",
    metadata,
    _key(),
    _facility(),
    _text("name"),
    _version(),
    _tenant_key("temperaments"),
)

immunization_types = sa.Table(
    "immunization_types",
    metadata,
    _key(),
    _facility(),
    sa.Column("species_id", Id, nullable=False),
    _text("name"),
    sa.Column("required", Flag, nullable=False),
    sa.Column("active", Flag, nullable=False),
    _version(),
    _tenant_key("immunization_types"),
    _reference("species_id", "species"),
    sa.Index(None, "facility_id", "species_id"),
)

owners = sa.Table(
    "owners",
    metadata,
    _key(),
    _facility(),
    _text("first_name"),
    _text("last_name"),
    _text("email"),
    _text("email_key"),  # casefold(email): owners are found by email in any case
    _text("cell_phone"),
    _text("home_phone"),
    _text("address_1"),
    _text("address_2"),
    _text("city"),
    _text("region"),
    _text("postal_code"),
    _text("country"),
    _text("emergency_contact_name"),
    _text("emergency_contact_phone"),
    sa.Column("home_location_id", Id, nullable=True),
    # One column per (channel, category) so that "who may receive SMS reminders" is a plain query.
    sa.Column("email_transactional", Flag, nullable=False),
    sa.Column("email_reminders", Flag, nullable=False),
    sa.Column("email_marketing", Flag, nullable=False),
    sa.Column("sms_transactional", Flag, nullable=False),
    sa.Column("sms_reminders", Flag, nullable=False),
    sa.Column("sms_marketing", Flag, nullable=False),
    _text("custom_fields"),  # JSON object: form field key -> canonical string
    _text("employee_notes"),
    _text("custom_icons"),  # JSON array of strings
    sa.Column("active", Flag, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("modified_at", UtcDateTime, nullable=False),
    _version(),
    _tenant_key("owners"),
    _reference("home_location_id", "locations"),
    sa.Index(None, "facility_id", "email_key"),
    sa.Index(None, "facility_id", "cell_phone"),
    sa.Index(None, "facility_id", "home_phone"),
    sa.Index(None, "facility_id", "created_at"),
    sa.Index(None, "facility_id", "modified_at"),
)

animals = sa.Table(
    "animals",
    metadata,
    _key(),
    _facility(),
    sa.Column("owner_id", Id, nullable=False),
    _text("name"),
    sa.Column("species_id", Id, nullable=False),
    sa.Column("breed_id", Id, nullable=True),
    _text("sex"),
    sa.Column("birthday", IsoDate, nullable=True),
    sa.Column("weight", ExactDecimal, nullable=True),
    _text("colour"),
    sa.Column("altered", Flag, nullable=True),
    sa.Column("vet_id", Id, nullable=True),
    sa.Column("temperament_id", Id, nullable=True),
    _text("feeding_notes"),
    _text("medication_notes"),
    _text("allergies"),
    sa.Column("photo", sa.Text, nullable=True),
    _text("status"),
    _text("custom_fields"),  # JSON object
    _text("employee_notes"),
    _text("incident_reports"),  # JSON array of objects
    _text("custom_icons"),  # JSON array of strings
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("modified_at", UtcDateTime, nullable=False),
    _version(),
    _tenant_key("animals"),
    _reference("owner_id", "owners"),
    _reference("species_id", "species"),
    _reference("breed_id", "breeds"),
    _reference("vet_id", "vets"),
    _reference("temperament_id", "temperaments"),
    sa.Index(None, "facility_id", "owner_id"),
    sa.Index(None, "facility_id", "created_at"),
    sa.Index(None, "facility_id", "modified_at"),
)

immunization_records = sa.Table(
    "immunization_records",
    metadata,
    _key(),
    _facility(),
    sa.Column("animal_id", Id, nullable=False),
    sa.Column("type_id", Id, nullable=False),
    sa.Column("expires_on", IsoDate, nullable=False),
    _text("source"),
    _text("status"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("administered_on", IsoDate, nullable=True),
    sa.Column("document", sa.Text, nullable=True),
    _text("note"),
    sa.Column("reviewed_by", Id, nullable=True),
    sa.Column("reviewed_at", UtcDateTime, nullable=True),
    _text("rejection_reason"),
    _version(),
    _tenant_key("immunization_records"),
    _reference("animal_id", "animals"),
    _reference("type_id", "immunization_types"),
    _reference("reviewed_by", "staff_users"),
    sa.Index(None, "facility_id", "animal_id"),
    sa.Index(None, "facility_id", "status"),
)

forms = sa.Table(
    "forms",
    metadata,
    _facility(),
    _text("kind"),
    _text("fields"),  # JSON array of field objects, in form order
    _version(),
    sa.PrimaryKeyConstraint("facility_id", "kind"),
)

portal_accounts = sa.Table(
    "portal_accounts",
    metadata,
    _key(),
    _text("email"),  # empty means none
    _text("email_key"),  # casefold(email): unique, and how accounts are found
    _text("phone"),  # E.164; empty means none
    _text("password_hash"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    _version(),
    # Unique only when present: many accounts have no email, or no phone.
    sa.Index(
        "uq_portal_accounts_email_key",
        "email_key",
        unique=True,
        sqlite_where=sa.text("email_key <> ''"),
        postgresql_where=sa.text("email_key <> ''"),
    ),
    sa.Index(
        "uq_portal_accounts_phone",
        "phone",
        unique=True,
        sqlite_where=sa.text("phone <> ''"),
        postgresql_where=sa.text("phone <> ''"),
    ),
)

account_owner_links = sa.Table(
    "account_owner_links",
    metadata,
    sa.Column("account_id", Id, sa.ForeignKey("portal_accounts.id"), nullable=False),
    _facility(),
    sa.Column("owner_id", Id, nullable=False),
    sa.PrimaryKeyConstraint("account_id", "facility_id", "owner_id"),
    _reference("owner_id", "owners"),
    sa.Index(None, "facility_id", "owner_id"),
)

outbox = sa.Table(
    "outbox",
    metadata,
    # Increasing in commit order: see SqlFacilityUnitOfWork.commit for how PostgreSQL keeps it so.
    sa.Column(
        "position",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        sa.Identity(),
        primary_key=True,
    ),
    _facility(),
    _text("name"),
    _text("payload"),  # JSON object: the event's fields other than facility_id and occurred_at
    sa.Column("occurred_at", UtcDateTime, nullable=False),
    sa.Index(None, "facility_id", "position"),
    sqlite_autoincrement=True,
)

lead_submissions = sa.Table(
    "lead_submissions",
    metadata,
    _key(),
    _facility(),
    _text("kind"),
    _text("name"),
    _text("email"),  # case-folded; empty means none
    _text("phone"),  # E.164; empty means none
    _text("message"),
    sa.Column("owner_id", Id, nullable=True),  # set exactly for deletion requests
    sa.Column("location_id", Id, nullable=True),
    _text("status"),
    sa.Column("submitted_at", UtcDateTime, nullable=False),
    sa.Column("processed_at", UtcDateTime, nullable=True),
    sa.Column("processed_by", Id, nullable=True),
    _version(),
    _tenant_key("lead_submissions"),
    _reference("owner_id", "owners"),
    _reference("location_id", "locations"),
    _reference("processed_by", "staff_users"),
    sa.Index(None, "facility_id", "submitted_at"),
    # At most one open deletion request per owner, even when two arrive at the same moment.
    sa.Index(
        "uq_lead_submissions_open_deletion_request",
        "facility_id",
        "owner_id",
        unique=True,
        sqlite_where=sa.text("kind = 'delete_owner_account' AND status = 'new'"),
        postgresql_where=sa.text("kind = 'delete_owner_account' AND status = 'new'"),
    ),
)

staff_notifications = sa.Table(
    "staff_notifications",
    metadata,
    _key(),
    _facility(),
    _text("kind"),
    _text("title"),
    _text("body"),
    _text("subjects"),  # JSON object: role ("lead_id") -> record id
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("read_at", UtcDateTime, nullable=True),
    _version(),
    _tenant_key("staff_notifications"),
    sa.Index(None, "facility_id", "created_at"),
)

password_reset_tokens = sa.Table(
    "password_reset_tokens",
    metadata,
    _key(),
    sa.Column("account_id", Id, sa.ForeignKey("portal_accounts.id"), nullable=False),
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),  # SHA-256 hex of the token
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("used_at", UtcDateTime, nullable=True),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
    _version(),
    sa.Index(None, "account_id"),
)
