"""Row <-> domain translation for leads, staff notifications and password reset tokens.

As in ``rows_platform``: each ``*_COLUMNS`` tuple lists the selected columns in the order its
reader unpacks them, and a ``*_reader(codec)`` builds the reader for one dialect.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy.codecs import Codec
from petcare_adapters.sqlalchemy.rows_people import dump_json
from petcare_adapters.sqlalchemy.tables import (
    lead_submissions,
    password_reset_tokens,
    staff_notifications,
)
from petcare_core.domain.leads import LeadKind, LeadStatus, LeadSubmission
from petcare_core.domain.password_reset import PasswordResetToken
from petcare_core.domain.staff_notifications import StaffNotification, StaffNotificationKind

_LEAD_KIND = {member.value: member for member in LeadKind}
_LEAD_STATUS = {member.value: member for member in LeadStatus}
_NOTIFICATION_KIND = {member.value: member for member in StaffNotificationKind}


def _columns(table: sa.Table, names: str) -> tuple[sa.ColumnElement[Any], ...]:
    return tuple(table.c[name] for name in names.split())


LEAD_COLUMNS = _columns(
    lead_submissions,
    "id facility_id kind name email phone message submitted_at owner_id location_id status "
    "processed_at processed_by version",
)


def lead_reader(codec: Codec) -> Callable[[Any], LeadSubmission]:
    """Reads a ``LeadSubmission`` from a driver row of ``LEAD_COLUMNS``."""
    instant, optional_instant = codec.instant, codec.optional_instant

    def read(row: Any) -> LeadSubmission:
        (
            id_, facility_id, kind, name, email, phone, message, submitted_at, owner_id,
            location_id, status, processed_at, processed_by, version,
        ) = row  # fmt: skip
        return LeadSubmission(
            id_,
            facility_id,
            _LEAD_KIND[kind],
            name,
            email,
            phone,
            message,
            instant(submitted_at),
            owner_id,
            location_id,
            _LEAD_STATUS[status],
            optional_instant(processed_at),
            processed_by,
            version,
        )

    return read


def lead_to_row(lead: LeadSubmission) -> dict[str, Any]:
    """The column values of ``lead``."""
    return {
        "id": lead.id,
        "facility_id": lead.facility_id,
        "kind": LeadKind(lead.kind).value,
        "name": lead.name,
        "email": lead.email,
        "phone": lead.phone,
        "message": lead.message,
        "submitted_at": lead.submitted_at,
        "owner_id": lead.owner_id,
        "location_id": lead.location_id,
        "status": LeadStatus(lead.status).value,
        "processed_at": lead.processed_at,
        "processed_by": lead.processed_by,
        "version": lead.version,
    }


NOTIFICATION_COLUMNS = _columns(
    staff_notifications, "id facility_id kind title body created_at subjects read_at version"
)


def notification_reader(codec: Codec) -> Callable[[Any], StaffNotification]:
    """Reads a ``StaffNotification`` from a driver row of ``NOTIFICATION_COLUMNS``."""
    instant, optional_instant = codec.instant, codec.optional_instant

    def read(row: Any) -> StaffNotification:
        id_, facility_id, kind, title, body, created_at, subjects, read_at, version = row
        return StaffNotification(
            id_,
            facility_id,
            _NOTIFICATION_KIND[kind],
            title,
            body,
            instant(created_at),
            json.loads(subjects),
            optional_instant(read_at),
            version,
        )

    return read


def notification_to_row(notification: StaffNotification) -> dict[str, Any]:
    """The column values of ``notification``."""
    return {
        "id": notification.id,
        "facility_id": notification.facility_id,
        "kind": StaffNotificationKind(notification.kind).value,
        "title": notification.title,
        "body": notification.body,
        "created_at": notification.created_at,
        # Sorted so that equal mappings store equal text.
        "subjects": dump_json(dict(sorted(notification.subjects.items()))),
        "read_at": notification.read_at,
        "version": notification.version,
    }


RESET_TOKEN_COLUMNS = _columns(
    password_reset_tokens,
    "id account_id token_hash issued_at expires_at used_at revoked_at version",
)


def reset_token_reader(codec: Codec) -> Callable[[Any], PasswordResetToken]:
    """Reads a ``PasswordResetToken`` from a driver row of ``RESET_TOKEN_COLUMNS``."""
    instant, optional_instant = codec.instant, codec.optional_instant

    def read(row: Any) -> PasswordResetToken:
        id_, account_id, token_hash, issued_at, expires_at, used_at, revoked_at, version = row
        return PasswordResetToken(
            id_,
            account_id,
            token_hash,
            instant(issued_at),
            instant(expires_at),
            optional_instant(used_at),
            optional_instant(revoked_at),
            version,
        )

    return read


def reset_token_to_row(token: PasswordResetToken) -> dict[str, Any]:
    """The column values of ``token``."""
    return {
        "id": token.id,
        "account_id": token.account_id,
        "token_hash": token.token_hash,
        "issued_at": token.issued_at,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
        "revoked_at": token.revoked_at,
        "version": token.version,
    }
