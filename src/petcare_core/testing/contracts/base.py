"""The behaviour every facility-scoped repository shares, checked once for each aggregate.

A contract class is abstract: a test module subclasses it once per adapter (``class
TestMemoryOwners(OwnerRepositoryContract)``) and provides a ``uow_factory`` fixture returning the
adapter's ``UnitOfWorkFactory``. Tests never assume an empty storage: each one makes its own
tenants, so one database can serve a whole test session.
"""

from __future__ import annotations

import abc
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import ConcurrencyConflict, NotFound, TenantViolation
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing.contracts.samples import create_facility


class ContractBase:
    """Fixtures every contract uses; subclasses must provide ``uow_factory``.

    ``max_examples`` bounds each Hypothesis-driven test; adapters backed by a database keep it
    small, the memory adapter may raise it.
    """

    max_examples: ClassVar[int] = 25

    def examples(self) -> settings:
        """Hypothesis settings for one property test against this adapter."""
        return settings(
            max_examples=self.max_examples,
            deadline=None,
            # The storage behind ``uow_factory`` is deliberately shared by every example.
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )

    @pytest.fixture
    def facility_id(self, uow_factory: UnitOfWorkFactory) -> FacilityId:
        """A new tenant for this test."""
        return create_facility(uow_factory).id

    @pytest.fixture
    def other_facility_id(self, uow_factory: UnitOfWorkFactory) -> FacilityId:
        """A second tenant, whose rows the first must never see."""
        return create_facility(uow_factory).id


class Aggregate(Protocol):
    """What the generic contract needs from an aggregate."""

    @property
    def id(self) -> int: ...

    @property
    def facility_id(self) -> FacilityId: ...

    @property
    def version(self) -> int: ...


A = TypeVar("A", bound=Aggregate)


def evolve(record: A, **changes: Any) -> A:
    """``attrs.evolve`` for a record known only by its protocol."""
    return cast(A, attrs.evolve(cast(Any, record), **changes))


class AggregateRepositoryContract(ContractBase, abc.ABC, Generic[A]):
    """add/get/update/list, transactions, versions and tenancy of one facility repository."""

    @abc.abstractmethod
    def repository(self, uow: FacilityUnitOfWork) -> Repository[A, Any]:
        """The repository under test, e.g. ``uow.owners``."""

    @abc.abstractmethod
    def make(self, uow: FacilityUnitOfWork) -> A:
        """A new record of ``uow.facility_id``; records it refers to are added in ``uow``."""

    @abc.abstractmethod
    def changed(self, record: A) -> A:
        """``record`` with its changeable fields given other values."""

    @abc.abstractmethod
    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[A]:
        """Arbitrary new records of ``uow.facility_id`` with a fresh id (``petcare_core.testing.
        strategies``); records they refer to are added in ``uow``."""

    def _add(self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId) -> A:
        with uow_factory.for_facility(facility_id) as uow:
            record = self.make(uow)
            self.repository(uow).add(record)
            uow.commit()
        return record

    def test_added_record_reads_back_equal_in_its_transaction_and_after_commit(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            record = self.make(uow)
            self.repository(uow).add(record)
            assert self.repository(uow).get(record.id) == record
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert self.repository(uow).get(record.id) == record
            assert record in self.repository(uow).list()

    def test_generated_records_read_back_equal(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            with uow_factory.for_facility(facility_id) as uow:
                record = data.draw(self.generated(uow), label="record")
                self.repository(uow).add(record)
                uow.commit()
            with uow_factory.for_facility(facility_id) as uow:
                assert self.repository(uow).get(record.id) == record

        round_trip()

    def test_get_of_a_missing_id_raises_not_found(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            missing = uow.new_id()
            with pytest.raises(NotFound):
                self.repository(uow).get(missing)

    def test_update_stores_the_next_version_and_returns_it(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        record = self._add(uow_factory, facility_id)
        with uow_factory.for_facility(facility_id) as uow:
            change = self.changed(self.repository(uow).get(record.id))
            stored = self.repository(uow).update(change)
            assert stored == evolve(change, version=record.version + 1)
            assert self.repository(uow).get(record.id) == stored
            again = self.repository(uow).update(stored)
            assert again.version == record.version + 2
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert self.repository(uow).get(record.id) == again

    def test_update_of_a_stale_version_raises_conflict(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        record = self._add(uow_factory, facility_id)
        with uow_factory.for_facility(facility_id) as uow:
            self.repository(uow).update(self.changed(record))
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            self.repository(uow).update(record)
            uow.commit()

    def test_update_of_a_missing_record_raises_not_found(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            record = self.make(uow)
            with pytest.raises(NotFound):
                self.repository(uow).update(record)

    def test_adding_an_existing_id_raises_conflict(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        record = self._add(uow_factory, facility_id)
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            self.repository(uow).add(self.changed(record))
            uow.commit()

    def test_list_is_ordered_by_id(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            records = [self.make(uow) for _ in range(3)]
            # Inserted newest first, so insertion order and id order differ.
            for record in sorted(records, key=lambda r: r.id, reverse=True):
                self.repository(uow).add(record)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            listed = self.repository(uow).list()
        assert [r.id for r in listed] == sorted(r.id for r in listed)
        assert {r.id for r in records} <= {r.id for r in listed}

    def test_changes_are_invisible_to_other_units_of_work_until_commit(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        writer = uow_factory.for_facility(facility_id)
        with writer:
            record = self.make(writer)
            self.repository(writer).add(record)
            with uow_factory.for_facility(facility_id) as reader:
                with pytest.raises(NotFound):
                    self.repository(reader).get(record.id)
                assert record.id not in {r.id for r in self.repository(reader).list()}
            writer.commit()
        with uow_factory.for_facility(facility_id) as reader:
            assert self.repository(reader).get(record.id) == record

    def test_leaving_without_commit_discards_adds_and_updates(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        record = self._add(uow_factory, facility_id)
        with uow_factory.for_facility(facility_id) as uow:
            fresh = self.make(uow)
            self.repository(uow).add(fresh)
            self.repository(uow).update(self.changed(record))
        with uow_factory.for_facility(facility_id) as uow:
            assert self.repository(uow).get(record.id) == record
            with pytest.raises(NotFound):
                self.repository(uow).get(fresh.id)

    def test_an_exception_discards_the_changes(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        record = self._add(uow_factory, facility_id)
        with pytest.raises(ZeroDivisionError), uow_factory.for_facility(facility_id) as uow:
            self.repository(uow).update(self.changed(record))
            _ = 1 / 0
        with uow_factory.for_facility(facility_id) as uow:
            assert self.repository(uow).get(record.id) == record

    def test_two_units_of_work_updating_the_same_record_conflict(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        record = self._add(uow_factory, facility_id)
        first = uow_factory.for_facility(facility_id)
        second = uow_factory.for_facility(facility_id)
        with first, second:
            mine = self.repository(first).get(record.id)
            theirs = self.repository(second).get(record.id)
            self.repository(first).update(self.changed(mine))
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                self.repository(second).update(self.changed(theirs))
                second.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert self.repository(uow).get(record.id).version == record.version + 1

    def test_another_facilitys_record_is_invisible(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        theirs = self._add(uow_factory, other_facility_id)
        with uow_factory.for_facility(facility_id) as uow:
            with pytest.raises(NotFound):
                self.repository(uow).get(theirs.id)
            assert theirs.id not in {r.id for r in self.repository(uow).list()}

    def test_writing_another_facilitys_record_is_a_tenant_violation(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        theirs = self._add(uow_factory, other_facility_id)
        with uow_factory.for_facility(other_facility_id) as uow:
            unsaved = self.make(uow)
            uow.commit()  # what ``unsaved`` refers to exists; ``unsaved`` itself does not
        with uow_factory.for_facility(facility_id) as uow:
            with pytest.raises(TenantViolation):
                self.repository(uow).add(unsaved)
            with pytest.raises(TenantViolation):
                self.repository(uow).update(self.changed(theirs))
        with uow_factory.for_facility(other_facility_id) as uow:
            assert self.repository(uow).get(theirs.id) == theirs
            with pytest.raises(NotFound):
                self.repository(uow).get(unsaved.id)

    def test_a_record_relabelled_with_this_facility_cannot_reach_another_facilitys_row(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        theirs = self._add(uow_factory, other_facility_id)
        forged = evolve(self.changed(theirs), facility_id=facility_id)
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(NotFound):
            self.repository(uow).update(forged)
            uow.commit()
        with uow_factory.for_facility(other_facility_id) as uow:
            assert self.repository(uow).get(theirs.id) == theirs
