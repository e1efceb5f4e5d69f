"""Every storage contract against SQLite, opened through the composition root."""

from __future__ import annotations

import pytest

from petcare_core.domain.capacity import CapacityPool
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts import (
    STORAGE_CONTRACTS,
    AdditionalServiceRepositoryContract,
    AgreementRepositoryContract,
    AgreementSignatureRepositoryContract,
    AnimalRepositoryContract,
    ApiKeyIndexContract,
    ApiKeyRepositoryContract,
    BookingOverrideRepositoryContract,
    BreedRepositoryContract,
    CapacityLedgerContract,
    CapacityPoolRepositoryContract,
    EvaluationRepositoryContract,
    FacilityRepositoryContract,
    FormRepositoryContract,
    ImmunizationRecordRepositoryContract,
    ImmunizationTypeRepositoryContract,
    LeadRepositoryContract,
    LocationRepositoryContract,
    LodgingRepositoryContract,
    OutboxContract,
    OwnerRepositoryContract,
    PasswordResetTokenRepositoryContract,
    PortalAccountRepositoryContract,
    ReservationRepositoryContract,
    ReservationTypeRepositoryContract,
    SpeciesRepositoryContract,
    StaffNotificationRepositoryContract,
    StaffUserRepositoryContract,
    TemperamentRepositoryContract,
    UnitOfWorkContract,
    VetRepositoryContract,
)
from petcare_core.testing.contracts.capacity_ledger import D1, D2, D3


@pytest.fixture
def uow_factory(sqlite_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """The SQLite storage every contract below runs against."""
    return sqlite_uow_factory


def test_every_storage_contract_is_subclassed_here() -> None:
    tested = {
        base for value in globals().values() if isinstance(value, type) for base in value.__mro__
    }
    assert set(STORAGE_CONTRACTS) <= tested


class TestSQLiteAnimalRepository(AnimalRepositoryContract):
    """``AnimalRepositoryContract`` on SQLite."""


class TestSQLiteApiKeyIndex(ApiKeyIndexContract):
    """``ApiKeyIndexContract`` on SQLite."""


class TestSQLiteApiKeyRepository(ApiKeyRepositoryContract):
    """``ApiKeyRepositoryContract`` on SQLite."""


class TestSQLiteBreedRepository(BreedRepositoryContract):
    """``BreedRepositoryContract`` on SQLite."""


class TestSQLiteFacilityRepository(FacilityRepositoryContract):
    """``FacilityRepositoryContract`` on SQLite."""


class TestSQLiteFormRepository(FormRepositoryContract):
    """``FormRepositoryContract`` on SQLite."""


class TestSQLiteImmunizationRecordRepository(ImmunizationRecordRepositoryContract):
    """``ImmunizationRecordRepositoryContract`` on SQLite."""


class TestSQLiteImmunizationTypeRepository(ImmunizationTypeRepositoryContract):
    """``ImmunizationTypeRepositoryContract`` on SQLite."""


class TestSQLiteLocationRepository(LocationRepositoryContract):
    """``LocationRepositoryContract`` on SQLite."""


class TestSQLiteOutbox(OutboxContract):
    """``OutboxContract`` on SQLite."""


class TestSQLiteOwnerRepository(OwnerRepositoryContract):
    """``OwnerRepositoryContract`` on SQLite."""


class TestSQLitePortalAccountRepository(PortalAccountRepositoryContract):
    """``PortalAccountRepositoryContract`` on SQLite."""


class TestSQLiteSpeciesRepository(SpeciesRepositoryContract):
    """``SpeciesRepositoryContract`` on SQLite."""


class TestSQLiteStaffUserRepository(StaffUserRepositoryContract):
    """``StaffUserRepositoryContract`` on SQLite."""


class TestSQLiteTemperamentRepository(TemperamentRepositoryContract):
    """``TemperamentRepositoryContract`` on SQLite."""


class TestSQLiteUnitOfWork(UnitOfWorkContract):
    """``UnitOfWorkContract`` on SQLite."""


class TestSQLiteVetRepository(VetRepositoryContract):
    """``VetRepositoryContract`` on SQLite."""


class TestSQLiteLeadRepository(LeadRepositoryContract):
    """``LeadRepositoryContract`` on SQLite."""


class TestSQLiteStaffNotificationRepository(StaffNotificationRepositoryContract):
    """``StaffNotificationRepositoryContract`` on SQLite."""


class TestSQLitePasswordResetTokenRepository(PasswordResetTokenRepositoryContract):
    """``PasswordResetTokenRepositoryContract`` on SQLite."""


class TestSQLiteAdditionalServiceRepository(AdditionalServiceRepositoryContract):
    """``AdditionalServiceRepositoryContract`` on SQLite."""


class TestSQLiteAgreementRepository(AgreementRepositoryContract):
    """``AgreementRepositoryContract`` on SQLite."""


class TestSQLiteAgreementSignatureRepository(AgreementSignatureRepositoryContract):
    """``AgreementSignatureRepositoryContract`` on SQLite."""


class TestSQLiteCapacityLedger(CapacityLedgerContract):
    """``CapacityLedgerContract`` on SQLite."""

    def test_units_of_work_on_other_days_do_not_conflict(
        self, uow_factory: UnitOfWorkFactory, pool: CapacityPool
    ) -> None:
        # Replaces the contract's test: SQLite has one writer per file, so a unit of work that
        # read before another committed cannot write at all, whatever rows either touched
        # (engine.py, ADR 0009). The second conflicts; run again, it succeeds.
        first = uow_factory.for_facility(pool.facility_id)
        second = uow_factory.for_facility(pool.facility_id)
        with first, second:
            mine = first.capacity_ledger.load(pool, [D1])
            theirs = second.capacity_ledger.load(pool, [D3])
            first.capacity_ledger.save(mine.take([D1], 1))
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                second.capacity_ledger.save(theirs.take([D3], 1))
        with uow_factory.for_facility(pool.facility_id) as retry:
            retry.capacity_ledger.save(retry.capacity_ledger.load(pool, [D3]).take([D3], 1))
            retry.commit()
        with uow_factory.for_facility(pool.facility_id) as uow:
            assert uow.capacity_ledger.load(pool, [D1, D2, D3]).used == {D1: 1, D3: 1}


class TestSQLiteCapacityPoolRepository(CapacityPoolRepositoryContract):
    """``CapacityPoolRepositoryContract`` on SQLite."""


class TestSQLiteBookingOverrideRepository(BookingOverrideRepositoryContract):
    """``BookingOverrideRepositoryContract`` on SQLite."""


class TestSQLiteEvaluationRepository(EvaluationRepositoryContract):
    """``EvaluationRepositoryContract`` on SQLite."""


class TestSQLiteLodgingRepository(LodgingRepositoryContract):
    """``LodgingRepositoryContract`` on SQLite."""


class TestSQLiteReservationRepository(ReservationRepositoryContract):
    """``ReservationRepositoryContract`` on SQLite."""


class TestSQLiteReservationTypeRepository(ReservationTypeRepositoryContract):
    """``ReservationTypeRepositoryContract`` on SQLite."""
