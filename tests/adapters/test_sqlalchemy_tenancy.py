"""Tenancy at the SQL level: a facility's unit of work cannot reach another facility's rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from petcare_adapters.sqlalchemy import SqlStorage, open_storage
from petcare_core.domain.events import OwnerCreated
from petcare_core.domain.forms import FormKind
from petcare_core.domain.ids import FacilityId
from petcare_core.domain.immunization import RecordStatus
from petcare_core.domain.owner import Owner
from petcare_core.ports.errors import NotFound, TenantViolation
from petcare_core.testing.contracts.samples import (
    T0,
    create_facility,
    make_animal,
    make_form,
    make_owner,
    make_species,
)

# Tables whose rows belong to one facility (the others are platform-wide).
_SCOPED = re.compile(
    r"\b(FROM|UPDATE|INTO)\s+(locations|staff_users|api_keys|owners|animals|species|breeds|vets|"
    r"temperaments|immunization_types|immunization_records|forms|outbox)\b"
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def storage(request: pytest.FixtureRequest) -> Iterator[SqlStorage]:
    """Migrated storage: a SQLite file of this test, or the session's PostgreSQL database."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    storage = open_storage(str(request.getfixturevalue(name)))
    storage.upgrade()
    yield storage
    storage.close()


@attrs.frozen
class Tenants:
    """Facility A with an owner (and its animal and form), and an empty facility B."""

    a: FacilityId
    b: FacilityId
    owner: Owner


@pytest.fixture
def tenants(storage: SqlStorage) -> Tenants:
    """Two facilities; only A has records."""
    factory = storage.uow_factory
    a, b = create_facility(factory).id, create_facility(factory).id
    with factory.for_facility(a) as uow:
        owner = make_owner(uow)
        uow.owners.add(owner)
        species = make_species(uow)
        uow.species.add(species)
        uow.animals.add(make_animal(uow, owner.id, species.id))
        uow.forms.save(make_form(a, FormKind.OWNER_FORM, 0))
        uow.record(OwnerCreated(a, T0, owner.id))
        uow.commit()
    return Tenants(a, b, owner)


def test_another_facilitys_owner_cannot_be_read(storage: SqlStorage, tenants: Tenants) -> None:
    owner = tenants.owner
    with storage.uow_factory.for_facility(tenants.b) as uow:
        with pytest.raises(NotFound):
            uow.owners.get(owner.id)
        assert uow.owners.list() == []
        assert uow.owners.find_by_email(owner.email) == []
        assert uow.owners.find_by_phone(owner.cell_phone) == []
        window = (owner.created_at, owner.modified_at + timedelta(seconds=1))
        assert uow.owners.modified_between(*window) == []
        assert uow.animals.list() == []
        assert uow.animals.list_for_owner(owner.id) == []
        assert uow.forms.get(FormKind.OWNER_FORM).version == 0
        assert uow.outbox.list() == []


def test_another_facilitys_owner_cannot_be_changed(storage: SqlStorage, tenants: Tenants) -> None:
    owner = tenants.owner
    with storage.uow_factory.for_facility(tenants.b) as uow:
        with pytest.raises(TenantViolation):
            uow.owners.update(attrs.evolve(owner, first_name="Hijacked"))
        with pytest.raises(TenantViolation):
            uow.owners.add(attrs.evolve(owner, first_name="Copied"))
        with pytest.raises(TenantViolation):
            uow.record(OwnerCreated(tenants.a, T0, owner.id))
        # Relabelled with B's id, the UPDATE's WHERE facility_id = B matches no row.
        with pytest.raises(NotFound):
            uow.owners.update(attrs.evolve(owner, facility_id=tenants.b, first_name="Hijacked"))
        uow.commit()
    with storage.uow_factory.for_facility(tenants.a) as uow:
        assert uow.owners.get(owner.id) == owner


def test_a_record_cannot_reference_another_facilitys_record(
    storage: SqlStorage, tenants: Tenants
) -> None:
    with storage.uow_factory.for_facility(tenants.b) as uow:
        species = make_species(uow)
        uow.species.add(species)
        with pytest.raises(NotFound, match="referenced by animal"):
            uow.animals.add(make_animal(uow, tenants.owner.id, species.id))


def test_the_schema_refuses_cross_facility_references(
    storage: SqlStorage, tenants: Tenants
) -> None:
    # Even SQL written by hand cannot attach B's animal to A's owner: the foreign key is
    # (facility_id, owner_id) -> owners (facility_id, id).
    with storage.uow_factory.for_facility(tenants.a) as uow:
        animal = uow.animals.list()[0]
    with pytest.raises(sa.exc.IntegrityError), storage.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE animals SET facility_id = :b WHERE id = :id"),
            {"b": tenants.b, "id": animal.id},
        )


def test_every_scoped_statement_names_the_facility(storage: SqlStorage, tenants: Tenants) -> None:
    statements: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        _connection, _cursor, statement, parameters, _context, _many = args
        statements.append((statement, parameters))

    sa.event.listen(storage.engine, "before_cursor_execute", capture)
    try:
        with storage.uow_factory.for_facility(tenants.b) as uow:
            for repository in (
                uow.locations, uow.staff, uow.api_keys, uow.owners, uow.animals, uow.species,
                uow.breeds, uow.vets, uow.temperaments, uow.immunization_types, uow.immunizations,
            ):  # fmt: skip
                repository.list()
                with pytest.raises(NotFound):
                    repository.get(tenants.owner.id)
            uow.staff.find_by_username("someone")
            uow.api_keys.list_for_staff_user(tenants.owner.id)  # type: ignore[arg-type]
            uow.breeds.list_for_species(tenants.owner.id)  # type: ignore[arg-type]
            uow.immunization_types.list_for_species(tenants.owner.id)  # type: ignore[arg-type]
            uow.immunizations.list_by_status(RecordStatus.PENDING_REVIEW)
            uow.immunizations.list_for_animal(tenants.owner.id)  # type: ignore[arg-type]
            uow.forms.get(FormKind.ANIMAL_FORM)
            uow.outbox.list()
            with pytest.raises(NotFound):
                uow.owners.update(attrs.evolve(tenants.owner, facility_id=tenants.b))
    finally:
        sa.event.remove(storage.engine, "before_cursor_execute", capture)
    scoped = [(sql, parameters) for sql, parameters in statements if _SCOPED.search(sql)]
    assert len(scoped) >= 30
    for sql, parameters in scoped:
        assert "facility_id" in sql.split("WHERE", 1)[1], sql
        values = parameters.values() if isinstance(parameters, dict) else parameters
        assert tenants.b in values, (sql, parameters)
