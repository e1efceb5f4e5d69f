"""Contracts of the booking facts: agreement signatures and evaluations, added and never
changed."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.agreements import Agreement
from petcare_core.domain.evaluations import EvaluationResult
from petcare_core.domain.ids import (
    AgreementSignatureId,
    AnimalId,
    EvaluationId,
    FacilityId,
    OwnerId,
    StaffUserId,
)
from petcare_core.ports.errors import ConcurrencyConflict, NotFound, TenantViolation
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.booking_catalog import add_location
from petcare_core.testing.contracts.samples import (
    T0,
    make_animal,
    make_owner,
    make_species,
    make_staff_user,
)
from petcare_core.testing.contracts.samples_booking import (
    make_agreement,
    make_agreement_signature,
    make_evaluation,
)


def add_owner_and_agreement(uow: FacilityUnitOfWork) -> tuple[OwnerId, Agreement]:
    """Add an owner and a three-version agreement."""
    owner, agreement = make_owner(uow), make_agreement(uow)
    uow.owners.add(owner)
    uow.agreements.add(agreement)
    return owner.id, agreement


def add_animal_and_staff(uow: FacilityUnitOfWork) -> tuple[AnimalId, StaffUserId]:
    """Add an owner, a species, an animal and a member of staff."""
    owner, species, staff = make_owner(uow), make_species(uow), make_staff_user(uow)
    uow.owners.add(owner)
    uow.species.add(species)
    uow.staff.add(staff)
    animal = make_animal(uow, owner.id, species.id)
    uow.animals.add(animal)
    return animal.id, staff.id


class AgreementSignatureRepositoryContract(ContractBase):
    """What every ``AgreementSignatureRepository`` must do."""

    def test_signatures_read_back_by_owner_oldest_first_then_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            owner_id, agreement = add_owner_and_agreement(uow)
            other_owner_id, _ = add_owner_and_agreement(uow)
            location_id = add_location(uow)
            # Same moment as ``late``: the lower id comes first.
            twin, late = (
                make_agreement_signature(uow, agreement, owner_id, location_id=location_id)
                for _ in range(2)
            )
            # The highest id, but signed first: the time orders, not the id.
            old = make_agreement_signature(
                uow, agreement, owner_id, version_number=1, signed_at=T0, ip_address="10.0.0.1"
            )
            elsewhere = make_agreement_signature(uow, agreement, other_owner_id)
            for signature in (late, elsewhere, twin, old):
                uow.agreement_signatures.add(signature)
            assert uow.agreement_signatures.list_for_owner(owner_id) == [old, twin, late]
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.agreement_signatures.list_for_owner(owner_id) == [old, twin, late]
            assert uow.agreement_signatures.list_for_owner(other_owner_id) == [elsewhere]
            assert uow.agreement_signatures.list_for_owner(OwnerId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.agreement_signatures.list_for_owner(owner_id) == []

    def test_generated_signatures_read_back_equal(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            with uow_factory.for_facility(facility_id) as uow:
                owner_id, agreement = add_owner_and_agreement(uow)
                location_id = add_location(uow)
                drawn = data.draw(strategies.agreement_signatures(agreement, owner_id))
                signature = attrs.evolve(
                    drawn,
                    id=AgreementSignatureId(uow.new_id()),
                    location_id=location_id if drawn.location_id is not None else None,
                )
                uow.agreement_signatures.add(signature)
                uow.commit()
            with uow_factory.for_facility(facility_id) as uow:
                assert uow.agreement_signatures.list_for_owner(owner_id) == [signature]

        round_trip()

    def test_adding_a_taken_id_raises_conflict(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            owner_id, agreement = add_owner_and_agreement(uow)
            signature = make_agreement_signature(uow, agreement, owner_id)
            uow.agreement_signatures.add(signature)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.agreement_signatures.add(attrs.evolve(signature, signer_name="Quelqu'un"))
            uow.commit()

    def test_signatures_are_invisible_until_commit_and_gone_after_rollback(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            owner_id, agreement = add_owner_and_agreement(uow)
            uow.commit()
        with uow_factory.for_facility(facility_id) as writer:
            signature = make_agreement_signature(writer, agreement, owner_id)
            writer.agreement_signatures.add(signature)
            with uow_factory.for_facility(facility_id) as reader:
                assert reader.agreement_signatures.list_for_owner(owner_id) == []
            writer.rollback()
            assert writer.agreement_signatures.list_for_owner(owner_id) == []
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.agreement_signatures.list_for_owner(owner_id) == []

    def test_adding_another_facilitys_signature_is_a_tenant_violation(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(other_facility_id) as uow:
            owner_id, agreement = add_owner_and_agreement(uow)
            theirs = make_agreement_signature(uow, agreement, owner_id)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            with pytest.raises(TenantViolation):
                uow.agreement_signatures.add(theirs)
            uow.commit()
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.agreement_signatures.list_for_owner(owner_id) == []


class EvaluationRepositoryContract(ContractBase):
    """What every ``EvaluationRepository`` must do."""

    def test_evaluations_read_back_by_id_and_by_animal_oldest_first_then_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            animal_id, staff_id = add_animal_and_staff(uow)
            other_animal_id, _ = add_animal_and_staff(uow)
            # Same moment: the lower id comes first (the higher one is the correction).
            twin, passed = (make_evaluation(uow, animal_id, staff_id) for _ in range(2))
            # The highest id, but recorded first: the time orders, not the id.
            failed = make_evaluation(
                uow,
                animal_id,
                staff_id,
                result=EvaluationResult.FAIL,
                recorded_at=twin.recorded_at - timedelta(microseconds=1),
                notes="",
            )
            other = make_evaluation(uow, other_animal_id, staff_id)
            for evaluation in (passed, other, twin, failed):
                uow.evaluations.add(evaluation)
            assert uow.evaluations.get(failed.id) == failed
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.evaluations.get(passed.id) == passed
            assert uow.evaluations.list_for_animal(animal_id) == [failed, twin, passed]
            assert uow.evaluations.list_for_animal(other_animal_id) == [other]
            assert uow.evaluations.list_for_animal(AnimalId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            with pytest.raises(NotFound):
                uow.evaluations.get(passed.id)
            assert uow.evaluations.list_for_animal(animal_id) == []

    def test_generated_evaluations_read_back_equal(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        @self.examples()
        @given(data=st.data())
        def round_trip(data: st.DataObject) -> None:
            with uow_factory.for_facility(facility_id) as uow:
                animal_id, staff_id = add_animal_and_staff(uow)
                drawn = data.draw(strategies.evaluations(uow.facility_id, animal_id))
                evaluation = attrs.evolve(
                    drawn, id=EvaluationId(uow.new_id()), recorded_by=staff_id
                )
                uow.evaluations.add(evaluation)
                uow.commit()
            with uow_factory.for_facility(facility_id) as uow:
                assert uow.evaluations.get(evaluation.id) == evaluation
                assert uow.evaluations.list_for_animal(animal_id) == [evaluation]

        round_trip()

    def test_get_of_a_missing_id_raises_not_found(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(NotFound):
            uow.evaluations.get(EvaluationId(uow.new_id()))

    def test_adding_a_taken_id_raises_conflict(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            animal_id, staff_id = add_animal_and_staff(uow)
            evaluation = make_evaluation(uow, animal_id, staff_id)
            uow.evaluations.add(evaluation)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow, pytest.raises(ConcurrencyConflict):
            uow.evaluations.add(attrs.evolve(evaluation, result=EvaluationResult.FAIL))
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.evaluations.get(evaluation.id) == evaluation

    def test_evaluations_are_invisible_until_commit_and_gone_after_rollback(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            animal_id, staff_id = add_animal_and_staff(uow)
            uow.commit()
        with uow_factory.for_facility(facility_id) as writer:
            evaluation = make_evaluation(writer, animal_id, staff_id)
            writer.evaluations.add(evaluation)
            with uow_factory.for_facility(facility_id) as reader:
                with pytest.raises(NotFound):
                    reader.evaluations.get(evaluation.id)
                assert reader.evaluations.list_for_animal(animal_id) == []
        with uow_factory.for_facility(facility_id) as uow:
            with pytest.raises(NotFound):
                uow.evaluations.get(evaluation.id)
            assert uow.evaluations.list_for_animal(animal_id) == []

    def test_adding_another_facilitys_evaluation_is_a_tenant_violation(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(other_facility_id) as uow:
            animal_id, staff_id = add_animal_and_staff(uow)
            theirs = make_evaluation(uow, animal_id, staff_id)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            with pytest.raises(TenantViolation):
                uow.evaluations.add(theirs)
            uow.commit()
        with uow_factory.for_facility(other_facility_id) as uow, pytest.raises(NotFound):
            uow.evaluations.get(theirs.id)
