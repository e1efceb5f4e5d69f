"""The reservation repository: reservations with their lines and status history.

Any set of reservations is read with three statements whatever its size: their rows, then the
lines of the same rows, then their history (each child statement joins ``reservations`` under
the same conditions rather than listing ids, so a list of 100,000 needs no giant ``IN``). An
update rewrites the row (version-checked), then the lines and the history.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy import rows_reservations as rows
from petcare_adapters.sqlalchemy import tables_booking as tables
from petcare_adapters.sqlalchemy.codecs import Codec, fetch_all, fetch_one, readers
from petcare_adapters.sqlalchemy.errors import translated
from petcare_adapters.sqlalchemy.repositories import (
    Transaction,
    insert_new,
    insert_or_conflict,
    next_version,
    update_parameters,
)
from petcare_core.domain.ids import AnimalId, LocationId, OwnerId, ReservationId, StaffUserId
from petcare_core.domain.reservation import Reservation, ReservationStatus
from petcare_core.ports.booking_repositories import VisitTally
from petcare_core.ports.errors import ConcurrencyConflict, NotFound, TenantViolation

_KIND = "reservation"
# A read torn by a concurrent commit is read again; more than this many in a row is a storm
# of writes to the same reservations, reported as a conflict for the caller to retry.
_READ_ATTEMPTS = 5

_r = tables.reservations.c
_l = tables.reservation_lines.c
_h = tables.reservation_history.c
_FACILITY: sa.BindParameter[int] = sa.bindparam("w_facility_id")
_S = ReservationStatus


class _Page:
    """The three statements reading the reservations that meet ``conditions``, in ``order``."""

    def __init__(
        self, *conditions: sa.ColumnElement[bool], order: tuple[sa.ColumnElement[Any], ...]
    ) -> None:
        where = (_r.facility_id == _FACILITY, *conditions)
        self.heads = sa.select(*rows.RESERVATION_COLUMNS).where(*where).order_by(*order)
        self.lines = (
            sa.select(*rows.LINE_COLUMNS)
            .join_from(tables.reservation_lines, tables.reservations, _r.id == _l.reservation_id)
            .where(*where)
            .order_by(_l.reservation_id, _l.position)
        )
        self.history = (
            sa.select(*rows.HISTORY_COLUMNS)
            .join_from(tables.reservation_history, tables.reservations, _r.id == _h.reservation_id)
            .where(*where)
            .order_by(_h.reservation_id, _h.position)
        )


_BY_START = (_r.start_at, _r.id)
_OVERLAPS = (_r.start_at < sa.bindparam("end"), _r.end_at > sa.bindparam("start"))
_AT_LOCATION = _r.location_id == sa.bindparam("location_id")
_IN_STATUSES = _r.status.in_(sa.bindparam("statuses", expanding=True))
_OVERLAPPING = {
    (False, False): _Page(*_OVERLAPS, order=_BY_START),
    (True, False): _Page(*_OVERLAPS, _AT_LOCATION, order=_BY_START),
    (False, True): _Page(*_OVERLAPS, _IN_STATUSES, order=_BY_START),
    (True, True): _Page(*_OVERLAPS, _AT_LOCATION, _IN_STATUSES, order=_BY_START),
}
_BY_ID = _Page(_r.id == sa.bindparam("w_id"), order=(_r.id,))
_ALL = _Page(order=(_r.id,))
_OF_OWNER = _Page(_r.owner_id == sa.bindparam("owner_id"), order=_BY_START)
_OF_ANIMAL = _Page(
    _r.id.in_(
        sa.select(_l.reservation_id).where(
            _l.facility_id == _FACILITY, _l.animal_id == sa.bindparam("animal_id")
        )
    ),
    order=_BY_START,
)
# What keeps pets busy, driven from their lines (the animal index), each line's reservation
# checked by its key: SQLite, without statistics, would otherwise walk every reservation
# ending after the start (all the coming ones) to find a pet's two or three.
_PETS_BUSY = sa.select(_l.reservation_id).where(
    _l.facility_id == _FACILITY,
    _l.animal_id.in_(sa.bindparam("animal_ids", expanding=True)),
    sa.exists().where(
        _r.id == _l.reservation_id, _r.facility_id == _FACILITY, *_OVERLAPS, _IN_STATUSES
    ),
)
_STAFF_BUSY = sa.select(_r.id).where(
    _r.facility_id == _FACILITY, _r.staff_id == sa.bindparam("staff_id"), *_OVERLAPS, _IN_STATUSES
)
_BY_IDS = _Page(_r.id.in_(sa.bindparam("ids", expanding=True)), order=_BY_START)
_WAITLISTED = _Page(_AT_LOCATION, _r.status == _S.WAITLISTED.value, order=(_r.waitlisted_at, _r.id))
_CANCELLED_BETWEEN = _Page(
    _r.cancelled_at >= sa.bindparam("start"),
    _r.cancelled_at < sa.bindparam("end"),
    order=(_r.cancelled_at, _r.id),
)
# Driven from the pet's lines (an index on animal id), each line's reservation read by its key:
# a join let SQLite walk the reservations by start instead, slower with every past stay.
_VISIT_START = (
    sa.select(_r.start_at)
    .where(
        _r.id == _l.reservation_id,
        _r.facility_id == _FACILITY,
        _r.status.in_([_S.CHECKED_IN.value, _S.CHECKED_OUT.value]),
        _r.start_at < sa.bindparam("before"),
    )
    .scalar_subquery()
)
_LAST_VISIT = sa.select(sa.func.max(_VISIT_START)).where(
    _l.facility_id == _FACILITY, _l.animal_id == sa.bindparam("animal_id")
)

_NOW = sa.bindparam("now", type_=tables.reservations.c.start_at.type)
_STATUSES: sa.BindParameter[Any] = sa.bindparam("statuses", expanding=True)


def _tally_columns(key: sa.ColumnElement[Any]) -> list[sa.ColumnElement[Any]]:
    return [
        key,
        sa.func.count(),
        sa.func.max(sa.case((_r.start_at <= _NOW, _r.start_at))),
        sa.func.min(sa.case((_r.start_at > _NOW, _r.start_at))),
    ]


_OWNER_TALLIES = (
    sa.select(*_tally_columns(_r.owner_id))
    .where(_r.facility_id == _FACILITY, _r.status.in_(_STATUSES))
    .group_by(_r.owner_id)
)
_PET_TALLIES = (
    sa.select(*_tally_columns(_l.animal_id))
    .join_from(tables.reservation_lines, tables.reservations, _r.id == _l.reservation_id)
    .where(_l.facility_id == _FACILITY, _r.facility_id == _FACILITY, _r.status.in_(_STATUSES))
    .group_by(_l.animal_id)
)


def _tally_reader(codec: Codec) -> Callable[[Any], tuple[int, VisitTally]]:
    instant = codec.optional_instant
    return lambda row: (row[0], VisitTally(int(row[1]), instant(row[2]), instant(row[3])))


_READ_TALLY = readers(_tally_reader)

_INSERT = insert_new(tables.reservations)
_INSERT_LINES = tables.reservation_lines.insert()
_INSERT_HISTORY = tables.reservation_history.insert()
_UPDATE = (
    tables.reservations.update()
    .where(
        _r.id == sa.bindparam("w_id"),
        _r.facility_id == _FACILITY,
        _r.version == sa.bindparam("w_version"),
    )
    .values(version=_r.version + 1)
)
_EXISTS = sa.select(_r.id).where(_r.id == sa.bindparam("w_id"), _r.facility_id == _FACILITY)
_DELETE_LINES = tables.reservation_lines.delete().where(
    _l.reservation_id == sa.bindparam("w_id"), _l.facility_id == _FACILITY
)
_DELETE_HISTORY = tables.reservation_history.delete().where(
    _h.reservation_id == sa.bindparam("w_id"), _h.facility_id == _FACILITY
)

_READ_HEAD = readers(rows.head_reader)
_READ_LINE = readers(rows.line_reader)
_READ_HISTORY = readers(rows.history_reader)


def _instant_reader(codec: Codec) -> Callable[[Any], datetime | None]:
    optional_instant = codec.optional_instant
    return lambda row: optional_instant(row[0])


_READ_INSTANT = readers(_instant_reader)


class SqlReservationRepository:
    """The facility's reservations, with their lines, history and cancellation."""

    def __init__(self, transaction: Transaction, facility_id: int) -> None:
        self._transaction = transaction
        self._facility_id = facility_id
        self._scope = {"w_facility_id": facility_id}

    def _check_tenant(self, item: Reservation) -> None:
        if item.facility_id != self._facility_id:
            raise TenantViolation(
                f"reservation {item.id} belongs to facility {item.facility_id}, not to this "
                f"unit of work's facility {self._facility_id}"
            )

    def _load(self, page: _Page, parameters: dict[str, Any]) -> list[Reservation]:
        connection = self._transaction.get()
        parameters = {**parameters, **self._scope}
        with translated(_KIND):
            for _ in range(_READ_ATTEMPTS):
                heads = fetch_all(connection, page.heads, parameters, _READ_HEAD)
                if not heads:
                    return []
                lines = fetch_all(connection, page.lines, parameters, _READ_LINE)
                history = fetch_all(connection, page.history, parameters, _READ_HISTORY)
                found = rows.assemble(heads, lines, history)
                if found is not None:
                    return found
        raise ConcurrencyConflict(_KIND, parameters.get("w_id"))

    def _write_children(self, item: Reservation) -> None:
        connection = self._transaction.get()
        connection.execute(_INSERT_LINES, rows.line_rows(item))
        connection.execute(_INSERT_HISTORY, rows.history_rows(item))

    def add(self, item: Reservation) -> None:
        """Insert a new reservation with its lines and history."""
        self._check_tenant(item)
        with translated(_KIND, item.id):
            insert_or_conflict(
                self._transaction.get(), _INSERT, rows.reservation_to_row(item), _KIND, item.id
            )
            self._write_children(item)

    def get(self, item_id: ReservationId) -> Reservation:
        """The reservation or ``NotFound``."""
        found = self._load(_BY_ID, {"w_id": item_id})
        if not found:
            raise NotFound(_KIND, item_id)
        return found[0]

    def update(self, item: Reservation) -> Reservation:
        """Store ``item`` if its version is the stored one; returns it with ``version + 1``."""
        self._check_tenant(item)
        connection = self._transaction.get()
        key = {"w_id": item.id, **self._scope}
        with translated(_KIND, item.id):
            parameters = update_parameters(rows.reservation_to_row(item))
            if connection.execute(_UPDATE, parameters).rowcount != 1:
                if connection.execute(_EXISTS, key).first() is None:
                    raise NotFound(_KIND, item.id)
                raise ConcurrencyConflict(_KIND, item.id)
            # The row is now locked by this transaction: no other writer can interleave here.
            connection.execute(_DELETE_LINES, key)
            connection.execute(_DELETE_HISTORY, key)
            self._write_children(item)
        return next_version(item)

    def overlapping(
        self,
        start: datetime,
        end: datetime,
        *,
        location_id: LocationId | None = None,
        statuses: Collection[ReservationStatus] | None = None,
    ) -> list[Reservation]:
        """Reservations with ``start < end`` and ``end > start`` (of one location and in the
        given statuses when given), ordered by start, then id."""
        parameters: dict[str, Any] = {"start": start, "end": end}
        if location_id is not None:
            parameters["location_id"] = location_id
        if statuses is not None:
            if not statuses:
                return []
            parameters["statuses"] = sorted(ReservationStatus(status).value for status in statuses)
        page = _OVERLAPPING[location_id is not None, statuses is not None]
        return self._load(page, parameters)

    def overlapping_for(
        self,
        animal_ids: Collection[AnimalId],
        staff_id: StaffUserId | None,
        start: datetime,
        end: datetime,
        statuses: Collection[ReservationStatus],
    ) -> list[Reservation]:
        """Reservations in ``statuses`` overlapping ``start``-``end`` with a line for one of
        ``animal_ids`` or assigned ``staff_id``, ordered by start, then id: their ids first
        (from the pets' lines, and the staff member's), then the reservations by key."""
        if not statuses or not (animal_ids or staff_id is not None):
            return []
        parameters: dict[str, Any] = {
            "start": start,
            "end": end,
            "statuses": sorted(ReservationStatus(status).value for status in statuses),
            **self._scope,
        }
        connection = self._transaction.get()
        ids: set[int] = set()
        with translated(_KIND):
            if animal_ids:
                pets = {"animal_ids": sorted(animal_ids), **parameters}
                ids.update(connection.execute(_PETS_BUSY, pets).scalars())
            if staff_id is not None:
                staff = {"staff_id": staff_id, **parameters}
                ids.update(connection.execute(_STAFF_BUSY, staff).scalars())
        if not ids:
            return []
        return self._load(_BY_IDS, {"ids": sorted(ids)})

    def list_for_owner(self, owner_id: OwnerId) -> list[Reservation]:
        """One owner's reservations, ordered by start, then id."""
        return self._load(_OF_OWNER, {"owner_id": owner_id})

    def list_for_animal(self, animal_id: AnimalId) -> list[Reservation]:
        """Reservations with a line for this animal, ordered by start, then id."""
        return self._load(_OF_ANIMAL, {"animal_id": animal_id})

    def waitlisted(self, location_id: LocationId) -> list[Reservation]:
        """One location's waitlisted reservations, by the time each was last waitlisted."""
        return self._load(_WAITLISTED, {"location_id": location_id})

    def cancelled_between(self, start: datetime, end: datetime) -> list[Reservation]:
        """Reservations cancelled at ``start <= t < end``, ordered by that time, then id."""
        return self._load(_CANCELLED_BETWEEN, {"start": start, "end": end})

    def visit_tallies(
        self, statuses: Collection[ReservationStatus], now: datetime
    ) -> tuple[dict[OwnerId, VisitTally], dict[AnimalId, VisitTally]]:
        """Per owner and per pet with reservations in ``statuses``: two aggregate statements."""
        parameters = {"statuses": [s.value for s in statuses], "now": now, **self._scope}
        connection = self._transaction.get()
        with translated(_KIND):
            owners = fetch_all(connection, _OWNER_TALLIES, parameters, _READ_TALLY)
            pets = fetch_all(connection, _PET_TALLIES, parameters, _READ_TALLY)
        return (
            {OwnerId(key): tally for key, tally in owners},
            {AnimalId(key): tally for key, tally in pets},
        )

    def last_visit(self, animal_id: AnimalId, before: datetime) -> datetime | None:
        """The start of the animal's latest checked-in or checked-out reservation that
        started before ``before``; None if it never came."""
        parameters = {"animal_id": animal_id, "before": before, **self._scope}
        with translated(_KIND):
            return fetch_one(self._transaction.get(), _LAST_VISIT, parameters, _READ_INSTANT)

    # Last, so that the method does not shadow the builtin in the annotations above.
    def list(self) -> list[Reservation]:
        """Every reservation of this facility, ordered by id."""
        return self._load(_ALL, {})
