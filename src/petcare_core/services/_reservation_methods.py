"""The facade's methods that book and change reservations: evaluating a booking form, requests
and staff bookings, approval, the status changes, cancellation, assignments, reschedule,
booking again and importing reservations from another system.

Each delegates to the function of the same name in ``booking``, ``reservation_lifecycle``,
``cancellations``, ``reservation_assignments``, ``reservation_changes`` or
``reservation_import``, whose docstring lists its rejections, its events and the permission it
needs. Reads of reservations are in
``_booking_catalog_methods``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from returns.result import Result

from petcare_core.domain.booking import BookingEvaluation
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    LodgingId,
    PortalAccountId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import Reservation
from petcare_core.services import (
    booking,
    cancellations,
    reservation_assignments,
    reservation_changes,
    reservation_import,
    reservation_lifecycle,
)
from petcare_core.services._access import Actor
from petcare_core.services._booking_facts import BookingRequest
from petcare_core.services._reservation_steps import ReservationUpdate
from petcare_core.services.booking import NO_OVERRIDES, BookableStaff, BookingResult, Overrides
from petcare_core.services.cancellations import CancellationResult
from petcare_core.services.context import ServiceContext
from petcare_core.services.reservation_changes import RescheduleResult
from petcare_core.services.reservation_import import ImportedReservation


class ReservationMethods:
    """Booking and the reservation lifecycle (part of the facade)."""

    _ctx: ServiceContext

    # Evaluating and booking

    def bookable_staff(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        type_id: ReservationTypeId | None = None,
    ) -> tuple[BookableStaff, ...]:
        """The staff a pet parent may choose as groomer or trainer (id and first name): those
        who do ``type_id``'s work."""
        return booking.bookable_staff(self._ctx, facility_id, account_id, type_id)

    def evaluate_booking_as_parent(
        self, facility_id: FacilityId, account_id: PortalAccountId, request: BookingRequest
    ) -> Result[BookingEvaluation, Rejection]:
        """Every reason the parent's booking form cannot be sent yet; writes nothing."""
        return booking.evaluate_booking_as_parent(self._ctx, facility_id, account_id, request)

    def evaluate_booking_as_staff(
        self, facility_id: FacilityId, actor: Actor, request: BookingRequest
    ) -> Result[BookingEvaluation, Rejection]:
        """Every reason a staff booking cannot be made yet (``reservations.read``)."""
        return booking.evaluate_booking_as_staff(self._ctx, facility_id, actor, request)

    def request_reservation(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        request: BookingRequest,
        *,
        join_waitlist: bool = False,
    ) -> Result[BookingResult, Rejection]:
        """A pet parent's request (``requested``, or ``waitlisted`` when only capacity
        stops it and ``join_waitlist``); it holds no place until approved."""
        return booking.request_reservation(
            self._ctx, facility_id, account_id, request, join_waitlist=join_waitlist
        )

    def book_reservation(
        self,
        facility_id: FacilityId,
        actor: Actor,
        request: BookingRequest,
        *,
        overrides: Overrides = NO_OVERRIDES,
        confirm: bool = True,
        join_waitlist: bool = False,
    ) -> Result[BookingResult, Rejection]:
        """Staff book for a household, confirmed (place taken) or as a request (which may
        join the waitlist of a full day), with recorded overrides (``reservations.manage``)."""
        return booking.book_reservation(
            self._ctx,
            facility_id,
            actor,
            request,
            overrides=overrides,
            confirm=confirm,
            join_waitlist=join_waitlist,
        )

    # Deciding requests

    def approve_reservation(
        self,
        facility_id: FacilityId,
        actor: Actor,
        reservation_id: ReservationId,
        *,
        ask_parent: bool = False,
        overrides: Overrides = NO_OVERRIDES,
    ) -> Result[BookingResult, Rejection]:
        """Accept a request or a waitlisted reservation: confirmed, or awaiting the parent's
        confirmation; re-evaluated, place taken (``reservations.approve``)."""
        return reservation_lifecycle.approve_reservation(
            self._ctx,
            facility_id,
            actor,
            reservation_id,
            ask_parent=ask_parent,
            overrides=overrides,
        )

    def deny_reservation(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId, reason: str
    ) -> Result[Reservation, Rejection]:
        """Refuse a request or a waitlisted reservation (``reservations.approve``)."""
        return reservation_lifecycle.deny_reservation(
            self._ctx, facility_id, actor, reservation_id, reason
        )

    def waitlist_reservation(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
    ) -> Result[Reservation, Rejection]:
        """Put a request on the waitlist (``reservations.approve``)."""
        return reservation_lifecycle.waitlist_reservation(
            self._ctx, facility_id, actor, reservation_id
        )

    def requeue_reservation(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
    ) -> Result[Reservation, Rejection]:
        """Move a waitlisted reservation back to the requests (``reservations.approve``)."""
        return reservation_lifecycle.requeue_reservation(
            self._ctx, facility_id, actor, reservation_id
        )

    def confirm_reservation_as_parent(
        self, facility_id: FacilityId, account_id: PortalAccountId, reservation_id: ReservationId
    ) -> Result[Reservation, Rejection]:
        """The pet parent confirms a reservation awaiting their confirmation."""
        return reservation_lifecycle.confirm_reservation_as_parent(
            self._ctx, facility_id, account_id, reservation_id
        )

    # Arrivals and departures

    def check_in(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
    ) -> Result[Reservation, Rejection]:
        """The pets of a confirmed reservation arrived (``reservations.manage``)."""
        return reservation_lifecycle.check_in(self._ctx, facility_id, actor, reservation_id)

    def check_out(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
    ) -> Result[ReservationUpdate, Rejection]:
        """The pets went home; an early departure frees the days left
        (``reservations.manage``)."""
        return reservation_lifecycle.check_out(self._ctx, facility_id, actor, reservation_id)

    def mark_no_show(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
    ) -> Result[ReservationUpdate, Rejection]:
        """The pets did not come; places from today on are freed (``reservations.manage``)."""
        return reservation_lifecycle.mark_no_show(self._ctx, facility_id, actor, reservation_id)

    # Cancelling

    def cancel_reservation(
        self,
        facility_id: FacilityId,
        actor: Actor,
        reservation_id: ReservationId,
        reason: str,
        *,
        late: bool | None = None,
    ) -> Result[ReservationUpdate, Rejection]:
        """Staff cancel with a reason; ``late`` from the policy unless given
        (``reservations.manage``)."""
        return cancellations.cancel_reservation(
            self._ctx, facility_id, actor, reservation_id, reason, late=late
        )

    def cancel_reservation_as_parent(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        reservation_id: ReservationId,
        reason: str = "",
    ) -> Result[CancellationResult, Rejection]:
        """The pet parent cancels: free inside the window, else sent for staff review."""
        return cancellations.cancel_reservation_as_parent(
            self._ctx, facility_id, account_id, reservation_id, reason
        )

    # Assignments

    def assign_lodging(
        self,
        facility_id: FacilityId,
        actor: Actor,
        reservation_id: ReservationId,
        animal_id: AnimalId,
        lodging_id: LodgingId | None,
    ) -> Result[Reservation, Rejection]:
        """Give a pet of the reservation a lodging of its pool, or none
        (``reservations.manage``)."""
        return reservation_assignments.assign_lodging(
            self._ctx, facility_id, actor, reservation_id, animal_id, lodging_id
        )

    def assign_staff(
        self,
        facility_id: FacilityId,
        actor: Actor,
        reservation_id: ReservationId,
        staff_id: StaffUserId,
    ) -> Result[Reservation, Rejection]:
        """Choose the groomer or trainer of an appointment (``reservations.manage``)."""
        return reservation_assignments.assign_staff(
            self._ctx, facility_id, actor, reservation_id, staff_id
        )

    # New dates

    def reschedule_reservation(
        self,
        facility_id: FacilityId,
        actor: Actor,
        reservation_id: ReservationId,
        start: datetime,
        end: datetime,
        *,
        overrides: Overrides = NO_OVERRIDES,
    ) -> Result[BookingResult, Rejection]:
        """Staff move a reservation to new dates, capacity re-checked
        (``reservations.manage``)."""
        return reservation_changes.reschedule_reservation(
            self._ctx, facility_id, actor, reservation_id, start, end, overrides=overrides
        )

    def reschedule_reservation_as_parent(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        reservation_id: ReservationId,
        start: datetime,
        end: datetime,
    ) -> Result[RescheduleResult, Rejection]:
        """The pet parent moves a reservation: free inside the window, else sent for staff
        review."""
        return reservation_changes.reschedule_reservation_as_parent(
            self._ctx, facility_id, account_id, reservation_id, start, end
        )

    def book_again_as_parent(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        reservation_id: ReservationId,
        start: datetime,
        end: datetime,
        *,
        join_waitlist: bool = False,
    ) -> Result[BookingResult, Rejection]:
        """A new request like one of the household's reservations, on new dates."""
        return reservation_changes.book_again_as_parent(
            self._ctx,
            facility_id,
            account_id,
            reservation_id,
            start,
            end,
            join_waitlist=join_waitlist,
        )

    def book_again(
        self,
        facility_id: FacilityId,
        actor: Actor,
        reservation_id: ReservationId,
        start: datetime,
        end: datetime,
        *,
        overrides: Overrides = NO_OVERRIDES,
        confirm: bool = True,
    ) -> Result[BookingResult, Rejection]:
        """Staff book a reservation again on new dates (``reservations.manage``)."""
        return reservation_changes.book_again(
            self._ctx,
            facility_id,
            actor,
            reservation_id,
            start,
            end,
            overrides=overrides,
            confirm=confirm,
        )

    # Bringing reservations over

    def import_reservations(
        self,
        facility_id: FacilityId,
        actor: Actor,
        records: Sequence[ImportedReservation],
    ) -> Result[tuple[Reservation, ...], Rejection]:
        """Store reservations brought over from another system, with their histories, in one
        unit of work (``reservations.import``); see ``reservation_import``."""
        return reservation_import.import_reservations(self._ctx, facility_id, actor, records)
