"""Row <-> domain translation for reservations: one ``reservations`` row, its lines and its
status history.

A page of reservations is read with three statements (see ``repositories_reservations``): the
reservation rows, then all their lines, then all their history, each child row carrying its
reservation's ``version`` as read by the same statement. ``assemble`` joins the three and
reports a page torn by a concurrent commit between the statements (possible under PostgreSQL's
READ COMMITTED), so that the caller reads it again rather than building a reservation from two
different versions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy.codecs import Codec
from petcare_adapters.sqlalchemy.rows_people import dump_json
from petcare_adapters.sqlalchemy.tables_booking import (
    reservation_history,
    reservation_lines,
    reservations,
)
from petcare_core.domain.actors import Actor, ActorKind
from petcare_core.domain.reservation import (
    Cancellation,
    Reservation,
    ReservationLine,
    ReservationStatus,
    StatusChange,
)

_STATUS = {member.value: member for member in ReservationStatus}
_ACTOR_KIND = {member.value: member for member in ActorKind}
_NO_SERVICES = "[]"

# id, facility_id, location_id, owner_id, type_id, start, end, status, staff_id, cancellation,
# denial_reason, version: a reservation without its lines and history.
Head = tuple[Any, ...]
Child = tuple[int, int, Any]  # reservation id, its version as read, the line or status change

_HEAD_NAMES = (
    "id facility_id location_id owner_id type_id start_at end_at status staff_id "
    "cancellation_reason cancelled_by_kind cancelled_by_id cancelled_late denial_reason version"
)
RESERVATION_COLUMNS: tuple[sa.ColumnElement[Any], ...] = tuple(
    reservations.c[name] for name in _HEAD_NAMES.split()
)
_l, _h, _r = reservation_lines.c, reservation_history.c, reservations.c
LINE_COLUMNS = (_l.reservation_id, _r.version, _l.animal_id, _l.services, _l.lodging_id)
HISTORY_COLUMNS = (_h.reservation_id, _r.version, _h.status, _h.at, _h.actor_kind, _h.actor_id)


@lru_cache(maxsize=4096)
def _actor(kind: str, actor_id: int | None) -> Actor:
    # Actors repeat across a page (the same staff, the same owners); they are immutable, so
    # a bounded cache saves validating each again.
    return Actor(_ACTOR_KIND[kind], actor_id)


def head_reader(codec: Codec) -> Callable[[Any], Head]:
    """Reads a ``Head`` from a driver row of ``RESERVATION_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> Head:
        (
            id_, facility_id, location_id, owner_id, type_id, start_at, end_at, status,
            staff_id, cancellation_reason, cancelled_by_kind, cancelled_by_id, cancelled_late,
            denial_reason, version,
        ) = row  # fmt: skip
        cancellation = (
            None
            if cancellation_reason is None
            else Cancellation(
                cancellation_reason,
                _actor(cancelled_by_kind, cancelled_by_id),
                bool(cancelled_late),
            )
        )
        return (
            id_,
            facility_id,
            location_id,
            owner_id,
            type_id,
            instant(start_at),
            instant(end_at),
            _STATUS[status],
            staff_id,
            cancellation,
            denial_reason,
            version,
        )

    return read


def line_reader(codec: Codec) -> Callable[[Any], Child]:
    """Reads a line ``Child`` from a driver row of ``LINE_COLUMNS`` (nothing to convert)."""
    return _line


def _line(row: Any) -> Child:
    reservation_id, version, animal_id, services, lodging_id = row
    service_ids = () if services == _NO_SERVICES else tuple(json.loads(services))
    return reservation_id, version, ReservationLine(animal_id, service_ids, lodging_id)


def history_reader(codec: Codec) -> Callable[[Any], Child]:
    """Reads a history ``Child`` from a driver row of ``HISTORY_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> Child:
        reservation_id, version, status, at, actor_kind, actor_id = row
        return (
            reservation_id,
            version,
            StatusChange(_STATUS[status], instant(at), _actor(actor_kind, actor_id)),
        )

    return read


def _group(children: Sequence[Child]) -> dict[int, tuple[int, list[Any]]]:
    # One statement reads one snapshot, so every child of a reservation has the same version.
    grouped: dict[int, tuple[int, list[Any]]] = {}
    for reservation_id, version, child in children:
        entry = grouped.get(reservation_id)
        if entry is None:
            grouped[reservation_id] = (version, [child])
        else:
            entry[1].append(child)
    return grouped


def assemble(
    heads: Sequence[Head], lines: Sequence[Child], history: Sequence[Child]
) -> list[Reservation] | None:
    """The reservations of ``heads`` (in their order) with their lines and history.

    ``None`` when a concurrent commit landed between the statements: a reservation's lines or
    history are missing or belong to another version than its row.
    """
    lines_of, history_of = _group(lines), _group(history)
    found: list[Reservation] = []
    for head in heads:
        (
            id_, facility_id, location_id, owner_id, type_id, start, end, status, staff_id,
            cancellation, denial_reason, version,
        ) = head  # fmt: skip
        its_lines, its_history = lines_of.get(id_), history_of.get(id_)
        if its_lines is None or its_history is None:
            return None
        if its_lines[0] != version or its_history[0] != version:
            return None
        found.append(
            Reservation(
                id_,
                facility_id,
                location_id,
                owner_id,
                type_id,
                start,
                end,
                tuple(its_lines[1]),
                status,
                tuple(its_history[1]),
                staff_id,
                cancellation,
                denial_reason,
                version,
            )
        )
    return found


def _last_at(reservation: Reservation, status: ReservationStatus) -> datetime | None:
    for change in reversed(reservation.history):
        if change.status is status:
            return change.at
    return None


def reservation_to_row(item: Reservation) -> dict[str, Any]:
    """The column values of a reservation's own row."""
    cancellation = item.cancellation
    by = None if cancellation is None else cancellation.by
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "location_id": item.location_id,
        "owner_id": item.owner_id,
        "type_id": item.type_id,
        "start_at": item.start,
        "end_at": item.end,
        "status": ReservationStatus(item.status).value,
        "staff_id": item.staff_id,
        "cancellation_reason": None if cancellation is None else cancellation.reason,
        "cancelled_by_kind": None if by is None else ActorKind(by.kind).value,
        "cancelled_by_id": None if by is None else by.id,
        "cancelled_late": None if cancellation is None else cancellation.late,
        "denial_reason": item.denial_reason,
        "cancelled_at": _last_at(item, ReservationStatus.CANCELLED) if cancellation else None,
        "waitlisted_at": _last_at(item, ReservationStatus.WAITLISTED),
        "version": item.version,
    }


def line_rows(item: Reservation) -> list[dict[str, Any]]:
    """The ``reservation_lines`` rows of a reservation, in line order."""
    return [
        {
            "reservation_id": item.id,
            "position": position,
            "facility_id": item.facility_id,
            "animal_id": line.animal_id,
            "lodging_id": line.lodging_id,
            "services": dump_json(list(line.services)) if line.services else _NO_SERVICES,
        }
        for position, line in enumerate(item.lines)
    ]


def history_rows(item: Reservation) -> list[dict[str, Any]]:
    """The ``reservation_history`` rows of a reservation, oldest first."""
    return [
        {
            "reservation_id": item.id,
            "position": position,
            "facility_id": item.facility_id,
            "status": ReservationStatus(change.status).value,
            "at": change.at,
            "actor_kind": ActorKind(change.by.kind).value,
            "actor_id": change.by.id,
        }
        for position, change in enumerate(item.history)
    ]
