"""The facade's methods for the booking catalog (reservation types, add-ons, capacity pools,
lodgings), agreements, evaluations and every read of reservations.

Each delegates to the function of the same name in ``booking_catalog``, ``capacity_pools``,
``agreements``, ``evaluations`` or ``reservation_queries``, whose docstring lists its
rejections and the permission it needs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime

from returns.result import Result

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement, AgreementSignature, AgreementUnsigned
from petcare_core.domain.capacity import CapacityPool, Lodging
from petcare_core.domain.evaluations import Evaluation, EvaluationResult
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AnimalId,
    CapacityPoolId,
    FacilityId,
    LocationId,
    LodgingId,
    OwnerId,
    PortalAccountId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.services import (
    agreements,
    booking_catalog,
    capacity_pools,
    evaluations,
    reservation_queries,
)
from petcare_core.services._access import Actor
from petcare_core.services.agreements import SignedAgreement
from petcare_core.services.booking_catalog import AdditionalServiceDetails, ReservationTypeDetails
from petcare_core.services.capacity_pools import CapacityPoolDetails
from petcare_core.services.context import ServiceContext
from petcare_core.services.reservation_views import (
    DaySheet,
    MyReservations,
    ReservationDetail,
    ReservationEstimate,
    ReservationRecords,
    ReservationView,
)


class BookingCatalogMethods:
    """Reservation types, add-ons, capacity pools, lodgings, agreements, evaluations and
    reservation reads (part of the facade)."""

    _ctx: ServiceContext

    # Reservation types and add-ons

    def define_reservation_type(
        self, facility_id: FacilityId, actor: Actor, details: ReservationTypeDetails
    ) -> Result[ReservationType, Rejection]:
        """Add a reservation type (``catalog.manage``)."""
        return booking_catalog.define_reservation_type(self._ctx, facility_id, actor, details)

    def update_reservation_type(
        self,
        facility_id: FacilityId,
        actor: Actor,
        type_id: ReservationTypeId,
        details: ReservationTypeDetails,
        *,
        expected_version: int | None = None,
    ) -> Result[ReservationType, Rejection]:
        """Replace every field of a reservation type (``catalog.manage``); ``ConcurrencyConflict``
        when it is no longer at ``expected_version``."""
        return booking_catalog.update_reservation_type(
            self._ctx, facility_id, actor, type_id, details, expected_version=expected_version
        )

    def get_reservation_type(
        self, facility_id: FacilityId, type_id: ReservationTypeId
    ) -> ReservationType:
        """One reservation type, or ``NotFound``."""
        return booking_catalog.get_reservation_type(self._ctx, facility_id, type_id)

    def list_reservation_types(
        self, facility_id: FacilityId, *, active_only: bool = False
    ) -> list[ReservationType]:
        """The facility's reservation types, ordered by id."""
        return booking_catalog.list_reservation_types(
            self._ctx, facility_id, active_only=active_only
        )

    def define_additional_service(
        self, facility_id: FacilityId, actor: Actor, details: AdditionalServiceDetails
    ) -> Result[AdditionalService, Rejection]:
        """Add an add-on service (``catalog.manage``)."""
        return booking_catalog.define_additional_service(self._ctx, facility_id, actor, details)

    def update_additional_service(
        self,
        facility_id: FacilityId,
        actor: Actor,
        service_id: AdditionalServiceId,
        details: AdditionalServiceDetails,
        *,
        expected_version: int | None = None,
    ) -> Result[AdditionalService, Rejection]:
        """Replace every field of an add-on (``catalog.manage``); ``ConcurrencyConflict`` when
        it is no longer at ``expected_version``."""
        return booking_catalog.update_additional_service(
            self._ctx, facility_id, actor, service_id, details, expected_version=expected_version
        )

    def list_additional_services(
        self,
        facility_id: FacilityId,
        type_id: ReservationTypeId | None = None,
        *,
        active_only: bool = False,
    ) -> list[AdditionalService]:
        """The facility's add-ons (offered with one type when given), ordered by id."""
        return booking_catalog.list_additional_services(
            self._ctx, facility_id, type_id, active_only=active_only
        )

    # Capacity pools and lodgings

    def define_capacity_pool(
        self, facility_id: FacilityId, actor: Actor, details: CapacityPoolDetails
    ) -> Result[CapacityPool, Rejection]:
        """Add a capacity pool to a location (``catalog.manage``)."""
        return capacity_pools.define_capacity_pool(self._ctx, facility_id, actor, details)

    def update_capacity_pool(
        self,
        facility_id: FacilityId,
        actor: Actor,
        pool_id: CapacityPoolId,
        details: CapacityPoolDetails,
        *,
        expected_version: int | None = None,
    ) -> Result[CapacityPool, Rejection]:
        """Replace every field of a capacity pool (``catalog.manage``); ``ConcurrencyConflict``
        when it is no longer at ``expected_version``."""
        return capacity_pools.update_capacity_pool(
            self._ctx, facility_id, actor, pool_id, details, expected_version=expected_version
        )

    def list_capacity_pools(
        self, facility_id: FacilityId, location_id: LocationId | None = None
    ) -> list[CapacityPool]:
        """The facility's pools (of one location when given), ordered by id."""
        return capacity_pools.list_capacity_pools(self._ctx, facility_id, location_id)

    def add_lodging(
        self, facility_id: FacilityId, actor: Actor, pool_id: CapacityPoolId, name: str
    ) -> Result[Lodging, Rejection]:
        """Add a run, kennel or suite to a pool (``catalog.manage``)."""
        return capacity_pools.add_lodging(self._ctx, facility_id, actor, pool_id, name)

    def update_lodging(
        self,
        facility_id: FacilityId,
        actor: Actor,
        lodging_id: LodgingId,
        name: str,
        *,
        active: bool = True,
        expected_version: int | None = None,
    ) -> Result[Lodging, Rejection]:
        """Rename a lodging or take it out of use (``catalog.manage``); ``ConcurrencyConflict``
        when it is no longer at ``expected_version``."""
        return capacity_pools.update_lodging(
            self._ctx,
            facility_id,
            actor,
            lodging_id,
            name,
            active=active,
            expected_version=expected_version,
        )

    def list_lodgings(
        self, facility_id: FacilityId, pool_id: CapacityPoolId | None = None
    ) -> list[Lodging]:
        """The facility's lodgings (of one pool when given), ordered by id."""
        return capacity_pools.list_lodgings(self._ctx, facility_id, pool_id)

    # Agreements

    def create_agreement(
        self,
        facility_id: FacilityId,
        actor: Actor,
        title: str,
        text: str,
        *,
        location_ids: Iterable[LocationId] = (),
    ) -> Result[Agreement, Rejection]:
        """Write an agreement; its text is version 1 (``catalog.manage``)."""
        return agreements.create_agreement(
            self._ctx, facility_id, actor, title, text, location_ids=location_ids
        )

    def publish_agreement_version(
        self, facility_id: FacilityId, actor: Actor, agreement_id: AgreementId, text: str
    ) -> Result[Agreement, Rejection]:
        """Publish the next version; everyone signs again (``catalog.manage``)."""
        return agreements.publish_agreement_version(
            self._ctx, facility_id, actor, agreement_id, text
        )

    def update_agreement(
        self,
        facility_id: FacilityId,
        actor: Actor,
        agreement_id: AgreementId,
        *,
        title: str,
        location_ids: Iterable[LocationId],
        active: bool,
        expected_version: int | None = None,
    ) -> Result[Agreement, Rejection]:
        """Change an agreement's title, locations or whether it is in use
        (``catalog.manage``)."""
        return agreements.update_agreement(
            self._ctx,
            facility_id,
            actor,
            agreement_id,
            title=title,
            location_ids=location_ids,
            active=active,
            expected_version=expected_version,
        )

    def list_agreements(
        self, facility_id: FacilityId, *, active_only: bool = False
    ) -> list[Agreement]:
        """The facility's agreements with every version, ordered by id."""
        return agreements.list_agreements(self._ctx, facility_id, active_only=active_only)

    def agreements_to_sign(
        self, facility_id: FacilityId, account_id: PortalAccountId
    ) -> tuple[AgreementUnsigned, ...]:
        """What the parent's household still has to sign."""
        return agreements.agreements_to_sign(self._ctx, facility_id, account_id)

    def portal_agreement(
        self, facility_id: FacilityId, account_id: PortalAccountId, agreement_id: AgreementId
    ) -> Agreement:
        """An agreement in use, for the parent to read before signing."""
        return agreements.portal_agreement(self._ctx, facility_id, account_id, agreement_id)

    def sign_agreement(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        agreement_id: AgreementId,
        *,
        signer_name: str,
        ip_address: str,
        location_id: LocationId | None = None,
    ) -> Result[AgreementSignature, Rejection]:
        """The parent signs the current version for their household."""
        return agreements.sign_agreement(
            self._ctx,
            facility_id,
            account_id,
            agreement_id,
            signer_name=signer_name,
            ip_address=ip_address,
            location_id=location_id,
        )

    def sign_agreement_at_front_desk(
        self,
        facility_id: FacilityId,
        actor: Actor,
        owner_id: OwnerId,
        agreement_id: AgreementId,
        *,
        signer_name: str,
        ip_address: str,
        location_id: LocationId | None = None,
    ) -> Result[AgreementSignature, Rejection]:
        """A household signs on the facility's own device; staff record it (``owners.write``)."""
        return agreements.sign_agreement_at_front_desk(
            self._ctx,
            facility_id,
            actor,
            owner_id,
            agreement_id,
            signer_name=signer_name,
            ip_address=ip_address,
            location_id=location_id,
        )

    def signed_agreements(
        self, facility_id: FacilityId, account_id: PortalAccountId
    ) -> tuple[SignedAgreement, ...]:
        """Every signature of the parent's household with the text signed."""
        return agreements.signed_agreements(self._ctx, facility_id, account_id)

    # Evaluations

    def record_evaluation(
        self,
        facility_id: FacilityId,
        actor: Actor,
        animal_id: AnimalId,
        result: EvaluationResult | str,
        *,
        notes: str = "",
        recorded_by: StaffUserId | None = None,
    ) -> Result[Evaluation, Rejection]:
        """Record a pet's pass or fail (``animals.write``)."""
        return evaluations.record_evaluation(
            self._ctx, facility_id, actor, animal_id, result, notes=notes, recorded_by=recorded_by
        )

    def animal_evaluations(
        self, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
    ) -> Result[list[Evaluation], Rejection]:
        """A pet's evaluations, oldest first (``animals.read``)."""
        return evaluations.animal_evaluations(self._ctx, facility_id, actor, animal_id)

    # Reservation reads

    def get_reservation(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
    ) -> Result[ReservationDetail, Rejection]:
        """One reservation with its records and overrides (``reservations.read``)."""
        return reservation_queries.get_reservation(self._ctx, facility_id, actor, reservation_id)

    def reservations_between(
        self,
        facility_id: FacilityId,
        actor: Actor,
        start: date | datetime,
        end: date | datetime,
        *,
        location_id: LocationId | None = None,
        statuses: Collection[ReservationStatus | str] | None = None,
    ) -> Result[ReservationRecords, Rejection]:
        """Reservations overlapping a period (``reservations.read``)."""
        return reservation_queries.reservations_between(
            self._ctx, facility_id, actor, start, end, location_id=location_id, statuses=statuses
        )

    def checked_in_reservations(
        self, facility_id: FacilityId, actor: Actor, *, location_id: LocationId | None = None
    ) -> Result[ReservationRecords, Rejection]:
        """Every checked-in reservation (``reservations.read``)."""
        return reservation_queries.checked_in_reservations(
            self._ctx, facility_id, actor, location_id=location_id
        )

    def reservations_for_owner(
        self, facility_id: FacilityId, actor: Actor, owner_id: OwnerId
    ) -> Result[ReservationRecords, Rejection]:
        """A household's reservations (``reservations.read``)."""
        return reservation_queries.reservations_for_owner(self._ctx, facility_id, actor, owner_id)

    def reservations_for_animal(
        self, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
    ) -> Result[ReservationRecords, Rejection]:
        """A pet's reservations (``reservations.read``)."""
        return reservation_queries.reservations_for_animal(self._ctx, facility_id, actor, animal_id)

    def visit_tallies(
        self, facility_id: FacilityId, actor: Actor
    ) -> Result[reservation_queries.VisitTallies, Rejection]:
        """Every owner's and pet's booked visits around now (``reservations.read``)."""
        return reservation_queries.visit_tallies(self._ctx, facility_id, actor)

    def recently_cancelled(
        self,
        facility_id: FacilityId,
        actor: Actor,
        since: date | datetime,
        until: date | datetime | None = None,
        *,
        location_id: LocationId | None = None,
    ) -> Result[ReservationRecords, Rejection]:
        """Reservations cancelled in a period (``reservations.read``)."""
        return reservation_queries.recently_cancelled(
            self._ctx, facility_id, actor, since, until, location_id=location_id
        )

    def day_sheet(
        self, facility_id: FacilityId, actor: Actor, location_id: LocationId, day: date
    ) -> Result[DaySheet, Rejection]:
        """A location's arrivals, departures and checked-in pets on a day
        (``reservations.read``)."""
        return reservation_queries.day_sheet(self._ctx, facility_id, actor, location_id, day)

    def reservation_estimate(
        self, facility_id: FacilityId, actor: Actor, reservation_id: ReservationId
    ) -> Result[ReservationEstimate, Rejection]:
        """A stored reservation's estimate and deposit (``reservations.read``)."""
        return reservation_queries.reservation_estimate(
            self._ctx, facility_id, actor, reservation_id
        )

    def my_reservations(
        self, facility_id: FacilityId, account_id: PortalAccountId
    ) -> MyReservations:
        """The parent's reservations: upcoming, pending, waitlisted and past."""
        return reservation_queries.my_reservations(self._ctx, facility_id, account_id)

    def my_reservation(
        self, facility_id: FacilityId, account_id: PortalAccountId, reservation_id: ReservationId
    ) -> ReservationView:
        """One of the parent's reservations."""
        return reservation_queries.my_reservation(
            self._ctx, facility_id, account_id, reservation_id
        )
