"""Reservation events the booking use cases record beyond the status machine's own.

The status machine's events (``ReservationRequested``, ``ReservationConfirmed``, ...) live in
``petcare_core.domain.events``; a change of dates, an assignment and a request for staff
review are not status changes, so the domain has no event for them yet. They are defined here,
as ``ReservationEvent`` subclasses, so the outbox and webhooks carry them like every other
event (the SQL outbox finds an event class among ``DomainEvent``'s subclasses once its module
is imported, which the facade does).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from petcare_core.domain.events import ReservationEvent
from petcare_core.domain.ids import AnimalId, LodgingId, StaffUserId


@attrs.frozen
class ReservationRescheduled(ReservationEvent):
    """The reservation moved from ``previous_start``-``previous_end`` to ``start``-``end``."""

    previous_start: datetime
    previous_end: datetime
    start: datetime
    end: datetime


@attrs.frozen
class LateCancellationRequested(ReservationEvent):
    """The pet parent asked to cancel after the free window: staff decide (the reservation is
    unchanged until they do)."""

    reason: str
    free_until: datetime


@attrs.frozen
class RescheduleRequested(ReservationEvent):
    """The pet parent asked to move a confirmed reservation after the free window: staff
    decide (the reservation is unchanged until they do)."""

    start: datetime
    end: datetime
    free_until: datetime


@attrs.frozen
class LodgingAssigned(ReservationEvent):
    """A pet of the reservation was given a lodging (``None``: its lodging was taken away)."""

    animal_id: AnimalId
    lodging_id: LodgingId | None


@attrs.frozen
class StaffAssigned(ReservationEvent):
    """The groomer or trainer of an appointment changed."""

    staff_id: StaffUserId
