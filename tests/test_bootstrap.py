"""The composition root: memory and SQLite builds, and refusing an unmigrated database."""

from __future__ import annotations

import uuid

import pytest

from petcare_adapters.bootstrap import build, open_sql_storage
from petcare_adapters.memory import MemoryUnitOfWorkFactory
from petcare_adapters.settings import Settings
from petcare_core.ports.errors import InvalidConfiguration, PersistenceUnavailable
from petcare_core.services import NewFacility, PetcareServices, SignUp

PASSWORD = "correct horse battery staple"
# Cheap argon2 so that the tests spend their time on what they test.
CHEAP = {"password_hash_time_cost": 1, "password_hash_memory_kib": 64}


def sign_up_and_log_in(services: PetcareServices, slug: str = "happy-paws") -> None:
    facility = services.create_facility(
        NewFacility(slug, "Happy Paws", "America/Chicago", "USD")
    ).unwrap()
    email = f"pat@{slug}.example"
    services.sign_up(
        SignUp(
            facility_slug=facility.slug,
            first_name="Pat",
            last_name="Parent",
            email=email,
            password=PASSWORD,
        )
    ).unwrap()
    services.authenticate_portal_account(email, PASSWORD).unwrap()


def test_memory_build() -> None:
    services, close = build(Settings(database_url="memory://", **CHEAP))
    try:
        assert isinstance(services.uow_factory, MemoryUnitOfWorkFactory)
        sign_up_and_log_in(services)
        with services.uow_factory.platform() as platform:
            [account] = platform.accounts.list()
        # The settings' argon2 parameters are the ones used.
        assert account.password_hash.startswith("$argon2id$v=19$m=64,t=1,p=1$")
    finally:
        close()


def test_sqlite_build_over_a_migrated_database_keeps_data_across_builds(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, **CHEAP)
    storage = open_sql_storage(settings)
    storage.upgrade()
    storage.close()

    services, close = build(settings)
    try:
        sign_up_and_log_in(services)
    finally:
        close()
    again, close_again = build(settings)
    try:
        assert again.facility_by_slug("happy-paws").timezone == "America/Chicago"
        again.authenticate_portal_account("PAT@happy-paws.example", PASSWORD).unwrap()
    finally:
        close_again()


@pytest.mark.postgres
def test_postgresql_build(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url, database_pool_size=2, **CHEAP)
    storage = open_sql_storage(settings)
    storage.upgrade()
    storage.close()

    services, close = build(settings)
    try:
        sign_up_and_log_in(services, slug=f"pg-{uuid.uuid4().hex[:12]}")
    finally:
        close()


def test_an_unmigrated_sqlite_database_tells_to_run_db_upgrade(sqlite_url: str) -> None:
    with pytest.raises(InvalidConfiguration, match="run `petcare db upgrade`"):
        build(Settings(database_url=sqlite_url))


def test_the_memory_adapter_has_no_sql_storage() -> None:
    with pytest.raises(InvalidConfiguration, match="memory://"):
        open_sql_storage(Settings(database_url="memory://"))


def test_build_from_the_environment() -> None:
    settings = Settings.from_env(
        {"PETCARE_DATABASE_URL": "memory://", "PETCARE_DEFAULT_PHONE_REGION": "GB"}
    )
    services, close = build(settings)
    try:
        facility = services.create_facility(
            NewFacility("london", "London", "Europe/London", "GBP")
        ).unwrap()
        services.sign_up(
            SignUp(
                invite_code=facility.invite_code,
                first_name="Ann",
                last_name="Brit",
                phone="+44 20 7946 0958",
                password=PASSWORD,
            )
        ).unwrap()
        # Without a + the login is read in the deployment's default region, here GB.
        services.authenticate_portal_account("020 7946 0958", PASSWORD).unwrap()
    finally:
        close()


def test_an_unreachable_database_fails_at_build(tmp_path) -> None:
    missing_directory = tmp_path / "no" / "such" / "dir" / "petcare.db"

    with pytest.raises(PersistenceUnavailable):
        build(Settings(database_url=f"sqlite:///{missing_directory}"))
