"""Every storage contract against SQLite, opened through the composition root."""

from __future__ import annotations

import pytest

from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts import (
    STORAGE_CONTRACTS,
    AnimalRepositoryContract,
    ApiKeyIndexContract,
    ApiKeyRepositoryContract,
    BreedRepositoryContract,
    FacilityRepositoryContract,
    FormRepositoryContract,
    ImmunizationRecordRepositoryContract,
    ImmunizationTypeRepositoryContract,
    LeadRepositoryContract,
    LocationRepositoryContract,
    OutboxContract,
    OwnerRepositoryContract,
    PasswordResetTokenRepositoryContract,
    PortalAccountRepositoryContract,
    SpeciesRepositoryContract,
    StaffNotificationRepositoryContract,
    StaffUserRepositoryContract,
    TemperamentRepositoryContract,
    UnitOfWorkContract,
    VetRepositoryContract,
)


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
