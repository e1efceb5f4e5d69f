"""Row <-> domain translation for facilities, staff users, API keys and portal accounts.

Each ``*_COLUMNS`` tuple lists the selected columns in the order its reader unpacks them; a
``*_reader(codec)`` builds the reader for one dialect (see ``codecs.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy.codecs import Codec
from petcare_adapters.sqlalchemy.rows_people import dump_json
from petcare_adapters.sqlalchemy.serialization import dump_settings, load_settings
from petcare_adapters.sqlalchemy.tables import api_keys, facilities, portal_accounts, staff_users
from petcare_core.domain.account import PortalAccount
from petcare_core.domain.facility import Facility
from petcare_core.domain.staff import ApiKey, Permission, StaffRole, StaffUser

_ROLE = {member.value: member for member in StaffRole}
_PERMISSION = {member.value: member for member in Permission}


def _columns(table: sa.Table, names: str) -> tuple[sa.ColumnElement[Any], ...]:
    return tuple(table.c[name] for name in names.split())


FACILITY_COLUMNS = _columns(
    facilities, "id slug name timezone currency invite_code settings created_at version"
)


def facility_reader(codec: Codec) -> Callable[[Any], Facility]:
    """Reads a ``Facility`` from a driver row of ``FACILITY_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> Facility:
        id_, slug, name, timezone, currency, invite_code, settings, created_at, version = row
        return Facility(
            id_,
            slug,
            name,
            timezone,
            currency,
            invite_code,
            load_settings(settings),
            instant(created_at),
            version,
        )

    return read


def facility_to_row(facility: Facility) -> dict[str, Any]:
    """The column values of ``facility``."""
    return {
        "id": facility.id,
        "slug": facility.slug,
        "name": facility.name,
        "timezone": facility.timezone,
        "currency": facility.currency,
        "invite_code": facility.invite_code,
        "settings": dump_settings(facility.settings),
        "created_at": facility.created_at,
        "version": facility.version,
    }


STAFF_USER_COLUMNS = _columns(
    staff_users,
    "id facility_id username email first_name last_name role permissions created_at active version",
)


def staff_user_reader(codec: Codec) -> Callable[[Any], StaffUser]:
    """Reads a ``StaffUser`` from a driver row of ``STAFF_USER_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> StaffUser:
        (
            id_, facility_id, username, email, first_name, last_name, role, permissions,
            created_at, active, version,
        ) = row  # fmt: skip
        return StaffUser(
            id_,
            facility_id,
            username,
            email,
            first_name,
            last_name,
            _ROLE[role],
            frozenset(_PERMISSION[value] for value in json.loads(permissions)),
            instant(created_at),
            bool(active),
            version,
        )

    return read


def staff_user_to_row(user: StaffUser) -> dict[str, Any]:
    """The column values of ``user``."""
    return {
        "id": user.id,
        "facility_id": user.facility_id,
        "username": user.username,
        "username_key": user.username.casefold(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role.value,
        # Sorted so that equal sets store equal text.
        "permissions": dump_json(sorted(permission.value for permission in user.permissions)),
        "created_at": user.created_at,
        "active": user.active,
        "version": user.version,
    }


API_KEY_COLUMNS = _columns(
    api_keys,
    "id facility_id staff_user_id prefix key_hash label created_at revoked_at version",
)


def api_key_reader(codec: Codec) -> Callable[[Any], ApiKey]:
    """Reads an ``ApiKey`` from a driver row of ``API_KEY_COLUMNS``."""
    instant, optional_instant = codec.instant, codec.optional_instant

    def read(row: Any) -> ApiKey:
        (
            id_, facility_id, staff_user_id, prefix, key_hash, label, created_at, revoked_at,
            version,
        ) = row  # fmt: skip
        return ApiKey(
            id_,
            facility_id,
            staff_user_id,
            prefix,
            key_hash,
            label,
            instant(created_at),
            optional_instant(revoked_at),
            version,
        )

    return read


def api_key_to_row(key: ApiKey) -> dict[str, Any]:
    """The column values of ``key``."""
    return {
        "id": key.id,
        "facility_id": key.facility_id,
        "staff_user_id": key.staff_user_id,
        "prefix": key.prefix,
        "key_hash": key.key_hash,
        "label": key.label,
        "created_at": key.created_at,
        "revoked_at": key.revoked_at,
        "version": key.version,
    }


ACCOUNT_COLUMNS = _columns(portal_accounts, "id email phone password_hash created_at version")


def account_reader(codec: Codec) -> Callable[[Any], PortalAccount]:
    """Reads a ``PortalAccount`` without its links from a driver row of ``ACCOUNT_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> PortalAccount:
        id_, email, phone, password_hash, created_at, version = row
        return PortalAccount(id_, email, phone, password_hash, instant(created_at), (), version)

    return read


def account_to_row(account: PortalAccount) -> dict[str, Any]:
    """The column values of ``account`` (its links are rows of their own)."""
    return {
        "id": account.id,
        "email": account.email,
        "email_key": account.email.casefold(),
        "phone": account.phone,
        "password_hash": account.password_hash,
        "created_at": account.created_at,
        "version": account.version,
    }


def link_rows(account: PortalAccount) -> list[dict[str, Any]]:
    """The ``account_owner_links`` rows of ``account``."""
    return [
        {"account_id": account.id, "facility_id": link.facility_id, "owner_id": link.owner_id}
        for link in account.links
    ]
