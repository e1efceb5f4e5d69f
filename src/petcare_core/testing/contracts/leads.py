"""Contracts of the lead and staff notification repositories."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

from petcare_core.domain.ids import FacilityId, LeadSubmissionId, StaffNotificationId
from petcare_core.domain.leads import LeadKind, LeadStatus, LeadSubmission
from petcare_core.domain.staff_notifications import StaffNotification
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract
from petcare_core.testing.contracts.samples import (
    T0,
    at,
    make_lead,
    make_location,
    make_owner,
    make_staff_notification,
    make_staff_user,
)

DELETE = LeadKind.DELETE_OWNER_ACCOUNT


def deletion_request(uow: FacilityUnitOfWork, **changes: Any) -> LeadSubmission:
    """An open deletion request of a new owner (added in ``uow``) from a new location."""
    owner, location = make_owner(uow), make_location(uow)
    uow.owners.add(owner)
    uow.locations.add(location)
    fields: dict[str, Any] = {"kind": DELETE, "owner_id": owner.id, "location_id": location.id}
    return make_lead(uow, **{**fields, **changes})


class LeadRepositoryContract(AggregateRepositoryContract[LeadSubmission]):
    """What every ``LeadRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[LeadSubmission, Any]:
        return uow.leads

    def make(self, uow: FacilityUnitOfWork) -> LeadSubmission:
        return deletion_request(uow)

    def changed(self, record: LeadSubmission) -> LeadSubmission:
        return attrs.evolve(
            record.processed(None, at(3600)),
            name="Zoe Nunez",
            email="",
            phone="",
            message="",
            location_id=None,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[LeadSubmission]:
        owner, location, staff = make_owner(uow), make_location(uow), make_staff_user(uow)
        uow.owners.add(owner)
        uow.locations.add(location)
        uow.staff.add(staff)
        return strategies.lead_submissions(
            uow.facility_id,
            LeadSubmissionId(uow.new_id()),
            owner_ids=[owner.id],
            location_ids=[location.id],
            staff_user_ids=[staff.id],
        )

    def test_newest_first_orders_by_time_then_id_and_filters_by_kind(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            old = make_lead(uow, submitted_at=T0)
            twin = make_lead(uow, submitted_at=T0)  # same time: the higher id comes first
            new = deletion_request(uow, submitted_at=T0 + timedelta(microseconds=1))
            for lead in (twin, new, old):
                uow.leads.add(lead)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.leads.newest_first() == [new, twin, old]
            assert uow.leads.newest_first(LeadKind.CONTACT_US) == [twin, old]
            assert uow.leads.newest_first(DELETE) == [new]
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.leads.newest_first() == []

    def test_open_deletion_request_is_the_owners_unprocessed_one(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            request = deletion_request(uow)
            done = make_lead(uow, kind=DELETE, owner_id=request.owner_id).processed(None, at(60))
            other = deletion_request(uow)
            for lead in (done, request, make_lead(uow), other.processed(None, at(1))):
                uow.leads.add(lead)
            uow.commit()
        assert request.owner_id is not None and other.owner_id is not None
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.leads.open_deletion_request(request.owner_id) == request
            assert uow.leads.open_deletion_request(other.owner_id) is None
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.leads.open_deletion_request(request.owner_id) is None

    def test_an_owner_has_at_most_one_open_deletion_request(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            first = deletion_request(uow)
            uow.leads.add(first)
            uow.commit()
        second = attrs.evolve(first, id=LeadSubmissionId(first.id + 10**9))
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.leads.add(second)
            uow.commit()
        # Once processed, the owner may ask again; reopening the old one then conflicts.
        with uow_factory.for_facility(facility_id) as uow:
            processed = uow.leads.update(first.processed(None, at(60)))
            uow.leads.add(second)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.leads.update(attrs.evolve(processed, status=LeadStatus.NEW, processed_at=None))
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert first.owner_id is not None
            assert uow.leads.open_deletion_request(first.owner_id) == second
            assert uow.leads.get(first.id) == processed

    def test_two_simultaneous_deletion_requests_keep_one(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            first = deletion_request(uow)
            uow.commit()
        second = attrs.evolve(first, id=LeadSubmissionId(first.id + 10**9))
        assert first.owner_id is not None
        winner, loser = uow_factory.for_facility(facility_id), uow_factory.for_facility(facility_id)
        with winner, loser:
            # Both checked before either wrote, and both saw no open request.
            assert winner.leads.open_deletion_request(first.owner_id) is None
            assert loser.leads.open_deletion_request(first.owner_id) is None
            winner.leads.add(first)
            winner.commit()
            with pytest.raises(ConcurrencyConflict):
                loser.leads.add(second)
                loser.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.leads.newest_first(DELETE).count(first) == 1
            assert second not in uow.leads.list()


class StaffNotificationRepositoryContract(AggregateRepositoryContract[StaffNotification]):
    """What every ``StaffNotificationRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[StaffNotification, Any]:
        return uow.staff_notifications

    def make(self, uow: FacilityUnitOfWork) -> StaffNotification:
        return make_staff_notification(uow)

    def changed(self, record: StaffNotification) -> StaffNotification:
        return attrs.evolve(
            record.marked_read(at(86_400.5)), title="Nouvelle demande 📬", body="", subjects={}
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[StaffNotification]:
        return strategies.staff_notifications(uow.facility_id, StaffNotificationId(uow.new_id()))

    def test_newest_first_orders_by_time_then_id_and_can_skip_read_ones(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            old = make_staff_notification(uow, created_at=T0)
            twin = make_staff_notification(uow, created_at=T0, read_at=at(1))
            new = make_staff_notification(uow, created_at=T0 + timedelta(microseconds=1))
            for notification in (twin, new, old):
                uow.staff_notifications.add(notification)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.staff_notifications.newest_first() == [new, twin, old]
            assert uow.staff_notifications.newest_first(unread_only=True) == [new, old]
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.staff_notifications.newest_first() == []
