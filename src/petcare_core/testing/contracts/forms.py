"""Contract of ``FormRepository``: version 0 until saved, then optimistic versions per kind."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind
from petcare_core.domain.ids import FacilityId
from petcare_core.ports.errors import ConcurrencyConflict, TenantViolation
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.samples import make_form


class FormRepositoryContract(ContractBase):
    """What every ``FormRepository`` must do."""

    @pytest.mark.parametrize("kind", list(FormKind))
    def test_a_form_never_saved_is_empty_at_version_0(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId, kind: FormKind
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.forms.get(kind) == FormDefinition(facility_id, kind, (), version=0)

    @pytest.mark.parametrize("kind", list(FormKind))
    def test_saves_round_trip_and_count_versions(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId, kind: FormKind
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            first = uow.forms.save(make_form(facility_id, kind, version=0))
            assert first == make_form(facility_id, kind, version=1)
            assert uow.forms.get(kind) == first
            uow.commit()
        shorter = attrs.evolve(first, fields=first.fields[::-2])
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.forms.get(kind) == first
            second = uow.forms.save(shorter)
            assert second == attrs.evolve(shorter, version=2)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.forms.get(kind) == second
            other_kind = next(other for other in FormKind if other is not kind)
            assert uow.forms.get(other_kind).version == 0

    def test_generated_forms_read_back_equal(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            kind = data.draw(st.sampled_from(FormKind))
            form = data.draw(strategies.form_definitions(facility_id, kind))
            with uow_factory.for_facility(facility_id) as uow:
                current = uow.forms.get(kind).version
                saved = uow.forms.save(attrs.evolve(form, version=current))
                uow.commit()
            assert saved == attrs.evolve(form, version=current + 1)
            with uow_factory.for_facility(facility_id) as uow:
                assert uow.forms.get(kind) == saved

        round_trip()

    def test_a_stale_save_conflicts(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        kind = FormKind.OWNER_FORM
        with uow_factory.for_facility(facility_id) as uow:
            with pytest.raises(ConcurrencyConflict):
                uow.forms.save(make_form(facility_id, kind, version=1))
            saved = uow.forms.save(make_form(facility_id, kind, version=0))
            uow.commit()
        for stale_version in (saved.version - 1, saved.version + 1):
            with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
                uow.forms.save(attrs.evolve(saved, version=stale_version, fields=()))
                uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.forms.get(kind) == saved

    def test_two_first_saves_conflict(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        kind = FormKind.ANIMAL_FORM
        first = uow_factory.for_facility(facility_id)
        second = uow_factory.for_facility(facility_id)
        with first, second:
            mine, theirs = first.forms.get(kind), second.forms.get(kind)
            field = FormField("coat", "Pelage", FieldType.TEXT)
            saved = first.forms.save(attrs.evolve(mine, fields=(field,)))
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                second.forms.save(attrs.evolve(theirs, fields=()))
                second.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.forms.get(kind) == saved

    def test_an_uncommitted_save_is_discarded(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            uow.forms.save(make_form(facility_id, FormKind.OWNER_FORM, version=0))
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.forms.get(FormKind.OWNER_FORM).version == 0

    def test_forms_belong_to_their_facility(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        kind = FormKind.OWNER_FORM
        with uow_factory.for_facility(other_facility_id) as uow:
            uow.forms.save(make_form(other_facility_id, kind, version=0))
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.forms.get(kind) == FormDefinition(facility_id, kind, (), version=0)
            with pytest.raises(TenantViolation):
                uow.forms.save(make_form(other_facility_id, kind, version=1))
            with pytest.raises(TenantViolation):
                uow.forms.save(make_form(other_facility_id, FormKind.ANIMAL_FORM, version=0))
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.forms.get(kind) == make_form(other_facility_id, kind, version=1)
