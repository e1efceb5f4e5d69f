"""The regulars' reservations, imported with their histories up to the present.

Replaying every step of about 18,000 reservations through the use cases would take minutes; the
regulars' reservations (``PlannedReservation.imported``) are instead brought in as a facility
moving from another system brings its history: ``import_reservations`` stores each with the
steps of its plan that have happened (requested or booked, approved, checked in and out,
cancelled, denied), checks that every history is one the status machine allows, and counts
their places in the pools' ledgers exactly as the use cases would have. Their steps still to
come (a check-out this evening, an arrival next week) are left to ``demo_booking_replay``,
which runs them through the use cases when a later load finds them due.

The regulars have no portal login: the front desk took their requests by phone and cancelled
for them, so every step is the demo manager's.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.cancellation import cancellation_outcome
from petcare_core.domain.reservation import ReservationStatus, StatusChange
from petcare_core.domain.staff import StaffUser
from petcare_core.services import BookingRequest, ImportedReservation, PetcareServices
from petcare_core.services.reservation_import import MAX_IMPORT
from petcare_web.demo_booking_catalog import DemoCatalog, ok
from petcare_web.demo_booking_plan import PlannedReservation
from petcare_web.demo_booking_replay import (
    CANCEL_REASONS,
    DENIAL,
    TARGET,
    Key,
    Progress,
    planned_key,
)


def imported_record(
    planned: PlannedReservation,
    catalog: DemoCatalog,
    staff: StaffUser,
    *,
    before: datetime,
) -> ImportedReservation | None:
    """``planned`` with the steps of its plan before ``before`` as its history; None when it
    has not been made yet by then."""
    by = HistoryActor.staff(staff.id)
    history = tuple(
        StatusChange(TARGET[step.step], step.at, by) for step in planned.steps if step.at < before
    )
    if not history:
        return None
    status = history[-1].status
    cancellation_reason = None
    late = False
    if status is ReservationStatus.CANCELLED:
        cancellation_reason = CANCEL_REASONS[planned.number % len(CANCEL_REASONS)]
        policy = catalog.types[planned.kind].cancellation
        late = cancellation_outcome(policy, planned.start, history[-1].at).late
    add_ons = catalog.add_ons
    groomer = planned.groomer
    stay = BookingRequest(
        location_id=catalog.locations[planned.location].id,
        type_id=catalog.types[planned.kind].id,
        start=planned.start,
        end=planned.end,
        pets=tuple(
            (pet, tuple(add_ons[name].id for name in names))
            for pet, names in zip(planned.pets, planned.add_ons, strict=True)
        ),
        staff_id=None if groomer is None else catalog.groomers[groomer].id,
        owner_id=planned.owner_id,
    )
    return ImportedReservation(
        stay=stay,
        history=history,
        cancellation_reason=cancellation_reason,
        cancelled_late=late,
        denial_reason=DENIAL if status is ReservationStatus.DENIED else None,
    )


def import_regulars(
    services: PetcareServices,
    catalog: DemoCatalog,
    staff: StaffUser,
    planned: Sequence[PlannedReservation],
    *,
    stored: Collection[Key],
    before: datetime,
    progress: Progress,
) -> int:
    """Import the imported reservations of ``planned`` not yet ``stored`` (by natural key),
    with their histories before ``before``; how many were imported."""
    records = []
    for reservation in planned:
        if not reservation.imported or planned_key(reservation, catalog) in stored:
            continue
        record = imported_record(reservation, catalog, staff, before=before)
        if record is not None:
            records.append(record)
    fid = staff.facility_id
    for first in range(0, len(records), MAX_IMPORT):
        part = records[first : first + MAX_IMPORT]
        ok("reservation import", services.import_reservations(fid, staff, part))
        progress(f"imported reservations {first + len(part)}/{len(records)}")
    return len(records)
