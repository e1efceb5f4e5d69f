"""A facility's forms (one row per kind) and its outbox of recorded events."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from petcare_adapters.sqlalchemy.codecs import Codec, fetch_all, readers
from petcare_adapters.sqlalchemy.errors import translated
from petcare_adapters.sqlalchemy.repositories import Transaction, insert_new, insert_or_conflict
from petcare_adapters.sqlalchemy.serialization import (
    decode_event,
    dump_form_fields,
    encode_event,
    load_form_fields,
)
from petcare_adapters.sqlalchemy.tables import forms, outbox
from petcare_core.domain.events import DomainEvent, OutboxEntry
from petcare_core.domain.forms import FormDefinition, FormKind
from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import ConcurrencyConflict, TenantViolation

_FORM_KEY = (
    forms.c.facility_id == sa.bindparam("w_facility_id"),
    forms.c.kind == sa.bindparam("w_kind"),
)
_SELECT_FORM = sa.select(forms.c.fields, forms.c.version).where(*_FORM_KEY)
_UPDATE_FORM = (
    forms.update()
    .where(*_FORM_KEY, forms.c.version == sa.bindparam("w_version"))
    .values(version=forms.c.version + 1)
)
_INSERT_FORM = insert_new(forms)


class SqlFormRepository:
    """The facility's owner and animal forms (one of each)."""

    def __init__(self, transaction: Transaction, facility_id: FacilityId) -> None:
        self._transaction = transaction
        self._facility_id = facility_id

    def get(self, kind: FormKind) -> FormDefinition:
        """The form; a form never saved is empty with version 0."""
        kind = FormKind(kind)
        with translated("form", kind.value):
            row = (
                self._transaction.get()
                .execute(_SELECT_FORM, {"w_facility_id": self._facility_id, "w_kind": kind.value})
                .first()
            )
        if row is None:
            return FormDefinition(self._facility_id, kind, (), version=0)
        return FormDefinition(self._facility_id, kind, load_form_fields(row[0]), row[1])

    def save(self, form: FormDefinition) -> FormDefinition:
        """Store the form if its version is the stored one (0 for a first save)."""
        if form.facility_id != self._facility_id:
            raise TenantViolation(
                f"a form of facility {form.facility_id} cannot be saved in facility "
                f"{self._facility_id}"
            )
        kind = FormKind(form.kind).value
        fields = dump_form_fields(form.fields)
        connection = self._transaction.get()
        with translated("form", kind):
            if form.version == 0:
                # Someone else saved it first if the (facility, kind) key is taken.
                row = {
                    "facility_id": self._facility_id,
                    "kind": kind,
                    "fields": fields,
                    "version": 1,
                }
                insert_or_conflict(connection, _INSERT_FORM, row, "form", kind)
            else:
                result = connection.execute(
                    _UPDATE_FORM,
                    {
                        "fields": fields,
                        "w_facility_id": self._facility_id,
                        "w_kind": kind,
                        "w_version": form.version,
                    },
                )
                if result.rowcount != 1:
                    raise ConcurrencyConflict("form", kind)
        return attrs.evolve(form, version=form.version + 1)


_c = outbox.c
_SELECT_EVENTS = (
    sa.select(_c.position, _c.name, _c.payload, _c.facility_id, _c.occurred_at)
    .where(_c.facility_id == sa.bindparam("w_facility_id"), _c.position > sa.bindparam("after"))
    .order_by(_c.position)
    .limit(sa.bindparam("limit"))
)
_INSERT_EVENT = outbox.insert()


def _entry_reader(codec: Codec) -> Callable[[Any], OutboxEntry]:
    instant = codec.instant

    def read(row: Any) -> OutboxEntry:
        position, name, payload, facility_id, occurred_at = row
        return OutboxEntry(position, decode_event(name, payload, facility_id, instant(occurred_at)))

    return read


_READ_ENTRY = readers(_entry_reader)


class SqlOutbox:
    """The facility's recorded events."""

    def __init__(self, transaction: Transaction, facility_id: FacilityId) -> None:
        self._transaction = transaction
        self._facility_id = facility_id

    def list(self, after: int = 0, limit: int = 1000) -> list[OutboxEntry]:
        """This facility's events with position greater than ``after``, oldest first."""
        parameters = {"w_facility_id": self._facility_id, "after": after, "limit": limit}
        with translated("outbox"):
            return fetch_all(self._transaction.get(), _SELECT_EVENTS, parameters, _READ_ENTRY)


def append_events(connection: sa.Connection, events: Sequence[DomainEvent]) -> None:
    """Insert ``events`` into the outbox, in order (positions follow insertion order)."""
    rows = []
    for event in events:
        name, payload = encode_event(event)
        rows.append(
            {
                "facility_id": event.facility_id,
                "name": name,
                "payload": payload,
                "occurred_at": event.occurred_at,
            }
        )
    connection.execute(_INSERT_EVENT, rows)
